package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuati/shuati/store"
)

// zeroPage writes zeroes over page p (4096 bytes) of the file at path.
func zeroPage(t *testing.T, path string, p int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(make([]byte, 4096), int64(p)*4096); err != nil {
		t.Fatal(err)
	}
}

// damageFixture is the bytes of a database with 20 answers and an
// imported bank "mine", written in dir.
func damageFixture(t *testing.T, dir string) []byte {
	t.Helper()
	valid := filepath.Join(dir, "valid.db")
	answeredDB(t, valid, 20)
	if code, _, errs := runArgs("--db", valid, "import", "--name", "mine", filepath.Join("testdata", "import-notations.txt")); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	data, err := os.ReadFile(valid)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// writingCommands are every command that writes the database, but rebuild.
func writingCommands(dir string) [][]string {
	return [][]string{
		{"import", "--name", "later", filepath.Join("testdata", "noted.txt")},
		{"bank", "remove", "mine", "--yes"},
		{"bank", "rename", "mine", "yours"},
		{"sync", filepath.Join(dir, "sync")},
		{"fsrs", "reset"},
	}
}

// TestWritersRefuseAFileFoundDamaged (issue 14.3): once one shuati found
// the file damaged — `stats` over a zeroed data page exits 1 naming the
// damage — every later writer in another run (import, bank remove and
// rename, sync, fsrs reset) exits 1 saying so and what to do, and the file
// stays byte for byte as it was. `check` keeps refusing it; `rebuild`
// (which writes a new file, the damaged one kept as a backup) lets writing
// resume when only derived data was hurt.
func TestWritersRefuseAFileFoundDamaged(t *testing.T) {
	dir := t.TempDir()
	data := damageFixture(t, dir)
	found := 0
	for p := 2; p*4096 < len(data); p++ {
		db := filepath.Join(dir, fmt.Sprintf("p%d.db", p))
		if err := os.WriteFile(db, data, 0o600); err != nil {
			t.Fatal(err)
		}
		zeroPage(t, db, p)
		if code, _, _ := runArgs("--db", db, "stats", "--json"); code != 1 {
			continue // a free page, or one stats does not read
		}
		found++
		damaged, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(store.DamageMarkPath(db)); err != nil {
			t.Fatalf("page %d: stats found damage and left no mark: %v", p, err)
		}
		for _, args := range writingCommands(dir) {
			code, out, errs := runArgs(append([]string{"--db", db}, args...)...)
			if code != 1 || !strings.Contains(errs, db) || !strings.Contains(errs, "damaged") || !strings.Contains(errs, "restore your last backup") {
				t.Errorf("page %d: %s after stats found damage: exit %d, stdout %q, stderr %q; want exit 1 naming the file, the damage and what to do", p, args[0], code, out, errs)
			}
			if got, _ := os.ReadFile(db); !bytes.Equal(got, damaged) {
				t.Fatalf("page %d: %s wrote to a file found damaged", p, strings.Join(args, " "))
			}
		}
		if code, _, _ := runArgs("--db", db, "check"); code != 1 {
			t.Errorf("page %d: check of the damaged file: exit %d", p, code)
		}
		if _, err := os.Stat(store.DamageMarkPath(db)); err != nil {
			t.Errorf("page %d: check of a damaged file dropped the mark: %v", p, err)
		}
		// A restored backup is another file: the mark does not hold it.
		if err := os.WriteFile(db, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, errs := runArgs("--db", db, "import", "--name", "later", filepath.Join("testdata", "noted.txt")); code != 0 {
			t.Errorf("page %d: import into the restored backup: exit %d: %s", p, code, errs)
		}
		if _, err := os.Stat(store.DamageMarkPath(db)); !os.IsNotExist(err) {
			t.Errorf("page %d: the mark of the damaged file outlived its restore: %v", p, err)
		}
	}
	if found == 0 {
		t.Fatal("no zeroed page made stats find damage: the test proves nothing")
	}
	t.Logf("%d zeroed pages found damaged by stats; every writer refused each", found)
}

// TestCheckClearsTheMarkOfASoundFile: a mark left beside a file that check
// finds sound (a false alarm, a file repaired by hand) is dropped by check,
// and writing resumes; check of a damaged file writes the mark itself.
func TestCheckClearsTheMarkOfASoundFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	answeredDB(t, db, 6)
	deleteFirst(t, db, "logidx") // derived data hurt behind shuati's back
	if code, _, _ := runArgs("--db", db, "check"); code != 1 {
		t.Fatalf("check of a file missing a log index entry: exit %d", code)
	}
	if _, err := os.Stat(store.DamageMarkPath(db)); err != nil {
		t.Fatalf("check found damage and left no mark: %v", err)
	}
	if code, _, errs := runArgs("--db", db, "fsrs", "reset"); code != 1 || !strings.Contains(errs, "shuati rebuild") {
		t.Errorf("fsrs reset on a file check found damaged: exit %d, %q", code, errs)
	}
	if code, out, errs := runArgs("--db", db, "rebuild"); code != 0 {
		t.Fatalf("rebuild: exit %d, %q, %q", code, out, errs)
	}
	if _, err := os.Stat(store.DamageMarkPath(db)); !os.IsNotExist(err) {
		t.Errorf("rebuild left the mark: %v", err)
	}
	if code, _, errs := runArgs("--db", db, "fsrs", "reset"); code != 0 {
		t.Errorf("fsrs reset after rebuild: exit %d, %q", code, errs)
	}

	// A mark beside a sound file: check drops it.
	if err := os.WriteFile(store.DamageMarkPath(db), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runArgs("--db", db, "fsrs", "reset"); code != 1 || !strings.Contains(errs, "shuati check") {
		t.Errorf("fsrs reset beside an unreadable mark: exit %d, %q; want a refusal pointing to check", code, errs)
	}
	if code, out, _ := runArgs("--db", db, "check"); code != 0 {
		t.Fatalf("check of a sound file: exit %d, %q", code, out)
	}
	if _, err := os.Stat(store.DamageMarkPath(db)); !os.IsNotExist(err) {
		t.Errorf("check of a sound file kept the mark: %v", err)
	}
	if code, _, errs := runArgs("--db", db, "fsrs", "reset"); code != 0 {
		t.Errorf("fsrs reset after check cleared the mark: exit %d, %q", code, errs)
	}
}

// TestImportRefusesAPageZeroedFromOutside (issue 14.3): a page zeroed by
// another program while no shuati ran is found by the next writer's open
// before anyone read it: `import` exits 1 naming the damage and leaves the
// file byte for byte as it was. Where it goes ahead (the page was free),
// check finds the result sound.
func TestImportRefusesAPageZeroedFromOutside(t *testing.T) {
	dir := t.TempDir()
	data := damageFixture(t, dir)
	refused, went := 0, 0
	for p := 2; p*4096 < len(data); p++ {
		db := filepath.Join(dir, fmt.Sprintf("z%d.db", p))
		if err := os.WriteFile(db, data, 0o600); err != nil {
			t.Fatal(err)
		}
		// A writer closes it cleanly (the lock file vouches for it), then
		// another program zeroes the page.
		if code, _, errs := runArgs("--db", db, "fsrs", "reset"); code != 0 {
			t.Fatalf("page %d: fsrs reset of the intact copy: %s", p, errs)
		}
		zeroPage(t, db, p)
		damaged, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		code, _, errs := runArgs("--db", db, "import", "--name", "later", filepath.Join("testdata", "noted.txt"))
		if code == 1 {
			refused++
			if !strings.Contains(errs, "damaged") || !strings.Contains(errs, "restore your last backup") {
				t.Errorf("page %d: import refused with %q; want the damage and what to do", p, errs)
			}
			if got, _ := os.ReadFile(db); !bytes.Equal(got, damaged) {
				t.Errorf("page %d: a refused import changed the file", p)
			}
			continue
		}
		went++
		if code != 0 {
			t.Errorf("page %d: import: exit %d: %s", p, code, errs)
		}
		if code, out, _ := runArgs("--db", db, "check"); code != 0 {
			t.Errorf("page %d: import went ahead over a zeroed page and check finds: %s", p, out)
		}
	}
	if refused == 0 {
		t.Fatal("no zeroed page was refused: the test proves nothing")
	}
	t.Logf("%d zeroed pages refused at import's open, %d free pages written over", refused, went)
}
