package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// Issue 14, items 3 to 6, through the real binary: damage behind intact
// meta pages is an error (exit 1, the file named, what to do), never a
// panic (exit 2 and a stack trace); a stub of a database never completely
// created is created again; four processes opening a new path at once
// never call each other's half-made file damaged.

// createDB makes an empty database at path, as the TUI's first run does
// (the reading commands never create one).
func createDB(tb testing.TB, path string) {
	tb.Helper()
	s, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
}

// historyDB writes a database with 300 answers through the store.
func historyDB(tb testing.TB) []byte {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "h.db")
	s, err := store.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	at := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	for i := range 300 {
		at = at.Add(47 * time.Minute)
		right := i%3 != 0
		r := fsrs.Good
		if !right {
			r = fsrs.Again
		}
		if _, err := s.RecordAnswer(store.Answer{Key: fmt.Sprintf("crm-2025/%03d", (i*7)%40), Type: bank.Single, Section: "一",
			Mode: store.ModeReview, Given: "A", Correct: &right, Rating: r, Took: time.Second, At: at}, store.Position{}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestDamageIsNoPanic zeroes each data page of a real database in turn and
// runs the commands that read everything (stats, mistakes, rebuild): each
// ends with exit 0 or 1, never a panic; an error names the file; a command
// that calls the file damaged leaves it as it was.
func TestDamageIsNoPanic(t *testing.T) {
	valid := historyDB(t)
	dir := t.TempDir()
	tries, damaged := 0, 0
	for p := 2; p*4096 < len(valid); p++ {
		content := bytes.Clone(valid)
		clear(content[p*4096 : (p+1)*4096])
		for _, cmd := range [][]string{{"stats", "--json"}, {"mistakes", "--json"}, {"rebuild"}} {
			path := filepath.Join(dir, fmt.Sprintf("p%d-%s.db", p, cmd[0]))
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			tries++
			_, errOut, code, _ := run(t, 20*time.Second, "", append([]string{"--db", path}, cmd...)...)
			where := fmt.Sprintf("page %d zeroed, %s", p, strings.Join(cmd, " "))
			if code != 0 && code != 1 || strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
				t.Fatalf("%s: exit %d:\n%s", where, code, errOut)
			}
			if code == 1 && !strings.Contains(errOut, path) {
				t.Errorf("%s: the error does not name the file: %s", where, errOut)
			}
			if strings.Contains(errOut, "damaged") {
				damaged++
				if !strings.Contains(errOut, "restore your last backup") {
					t.Errorf("%s: no word on what to do: %s", where, errOut)
				}
				after, _ := os.ReadFile(path)
				if !bytes.Equal(after, content) {
					t.Errorf("%s: the damaged file was changed", where)
				}
			}
		}
	}
	t.Logf("%d runs on damaged copies, %d reported damage, none panicked", tries, damaged)
}

// TestRebuildBadLogEntry: a log entry with an invalid rating makes rebuild
// report damage (it used to panic) and leaves the file alone.
func TestRebuildBadLogEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(path, historyDB(t), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("log"))
		k, v := b.Cursor().First()
		return b.Put(bytes.Clone(k), bytes.Replace(bytes.Clone(v), []byte(`"rating":`), []byte(`"rating":7,"x":`), 1))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before := sha(t, path)
	_, errOut, code, _ := run(t, 20*time.Second, "", "--db", path, "rebuild")
	if code != 1 || !strings.Contains(errOut, path) || !strings.Contains(errOut, "rating 7") || strings.Contains(errOut, "panic") {
		t.Fatalf("rebuild: exit %d: %s", code, errOut)
	}
	if sha(t, path) != before {
		t.Fatal("the file was changed")
	}
}

const tinyBank = "# 题库\nbank: tiny\n\n## 单选 {single}\n\n[tiny-1] 题目\nA. 甲\nB. 乙\n答案：A\n"

// TestStubCreatedAgain: what a full disk leaves on the first run (the first
// 8 KiB of a new database, or an empty file) is created again by the next
// command that writes.
func TestStubCreatedAgain(t *testing.T) {
	dir := t.TempDir()
	bankFile := filepath.Join(dir, "tiny.md")
	if err := os.WriteFile(bankFile, []byte(tinyBank), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh.db")
	db, err := bolt.Open(fresh, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	img, _ := os.ReadFile(fresh)
	for name, content := range map[string][]byte{"empty": {}, "8 KiB": img[:8192], "bbolt's first pages": img} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".db")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		_, errOut, code, _ := run(t, 20*time.Second, "", "--db", path, "import", bankFile, "--name", "tiny")
		if code != 0 {
			t.Errorf("%s: import into the stub: exit %d: %s", name, code, errOut)
		}
	}
}

// TestFirstOpensAtOnceCLI: four imports into a new path at once, 25 times:
// they go through in turn (or say the file is in use), none says "damaged".
func TestFirstOpensAtOnceCLI(t *testing.T) {
	dir := t.TempDir()
	bankFile := filepath.Join(dir, "tiny.md")
	if err := os.WriteFile(bankFile, []byte(tinyBank), 0o600); err != nil {
		t.Fatal(err)
	}
	rounds := 25
	if testing.Short() {
		rounds = 5
	}
	for round := range rounds {
		path := filepath.Join(dir, fmt.Sprintf("r%d", round), "shuati.db")
		type result struct {
			code   int
			stderr string
		}
		res := make(chan result, 4)
		for range 4 {
			go func() {
				_, errOut, code, _ := run(t, 30*time.Second, "", "--db", path, "import", bankFile, "--name", "tiny")
				res <- result{code, errOut}
			}()
		}
		// Each import either succeeds or, when another one held the file
		// for longer than the lock wait (a loaded machine), says the file
		// is in use; never "damaged", and at least one goes through.
		succeeded := 0
		for range 4 {
			r := <-res
			switch {
			case strings.Contains(r.stderr, "damaged"):
				t.Errorf("round %d: exit %d: %s", round, r.code, r.stderr)
			case r.code == 0:
				succeeded++
			case !strings.Contains(r.stderr, "in use by another shuati"):
				t.Errorf("round %d: exit %d: %s", round, r.code, r.stderr)
			}
		}
		if succeeded == 0 {
			t.Errorf("round %d: no import went through", round)
		}
	}
}
