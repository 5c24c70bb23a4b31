package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// createDB makes an empty database at path, as the TUI's first run does.
func createDB(t *testing.T, path string) {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReadersBesideWriter runs every reading command while a writer (as a
// running TUI does) holds the database open, with an answer recorded: each
// succeeds and sees it, within the lock timeout.
func TestReadersBesideWriter(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "busy.db")
	w, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	q := embedded(t)[0].Questions[0]
	wrong := false
	answer := store.Answer{Key: q.Key(), Type: q.Type, Section: q.Section, Mode: "practice", Given: "Z", Correct: &wrong, Rating: fsrs.Again, At: time.Now()}
	if _, err := w.RecordAnswer(answer, store.Position{}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, out, errs := runArgs("--db", db, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats --json beside a writer: exit %d: %s", code, errs)
	}
	var s store.Stats
	if err := json.Unmarshal([]byte(out), &s); err != nil || s.Reviews != 1 || s.MistakesOpen != 1 {
		t.Errorf("stats --json beside a writer: %v, %+v; want 1 review, 1 open mistake", err, s)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if code, _, errs := runArgs("--db", db, "backup", copyPath); code != 0 {
		t.Fatalf("backup beside a writer: exit %d: %s", code, errs)
	}
	if code, out, errs := runArgs("--db", copyPath, "stats", "--json"); code != 0 || !strings.Contains(out, `"reviews": 1,`) {
		t.Errorf("the backup taken beside a writer: exit %d, %s %s", code, out, errs)
	}
	if code, out, errs := runArgs("--db", db, "mistakes", "--json"); code != 0 || !strings.Contains(out, q.Key()[strings.Index(q.Key(), "/")+1:]) {
		t.Errorf("mistakes --json beside a writer: exit %d, %q, %s", code, out, errs)
	}
	for _, args := range [][]string{{"mistakes", "--md"}, {"bank", "list"}, {"bank", "export", "--format", "md"},
		{"fsrs", "evaluate"}, {"fsrs", "evaluate", "--json"}, {"fsrs", "optimize", "--json"}} {
		if code, _, errs := runArgs(append([]string{"--db", db}, args...)...); code != 0 {
			t.Errorf("%q beside a writer: exit %d: %s", args, code, errs)
		}
	}
	// Storing the weights is a write: a second writer is refused.
	if code, _, errs := runArgs("--db", db, "fsrs", "optimize", "--apply"); code != 1 || !strings.Contains(errs, "in use") {
		t.Errorf("fsrs optimize --apply beside a writer: exit %d: %s", code, errs)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the reading commands took %v beside a writer", d)
	}
	// The writer goes on writing after them.
	answer.At = time.Now()
	if _, err := w.RecordAnswer(answer, store.Position{}); err != nil {
		t.Errorf("the writer after the readers: %v", err)
	}
}

// TestReadersNeverCreate: with no database, the reading commands print
// what an empty one holds and leave no file behind.
func TestReadersNeverCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "none.db")
	for _, args := range [][]string{{"stats", "--json"}, {"stats"}, {"mistakes", "--json"}, {"mistakes", "--md"}, {"bank", "list"}, {"bank", "export"},
		{"fsrs", "evaluate"}, {"fsrs", "optimize", "--json"}} {
		if code, _, errs := runArgs(append([]string{"--db", db}, args...)...); code != 0 {
			t.Errorf("%q with no database: exit %d: %s", args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
		t.Errorf("a reading command created the database folder: %v", err)
	}
}

// TestReadOldLayout: a reading command on a database of an older layout
// has it upgraded once, then reads it.
func TestReadOldLayout(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", "v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(db, src, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runArgs("--db", db, "stats", "--json")
	var s store.Stats
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil || s.Reviews == 0 {
		t.Fatalf("stats --json on a schema-1 database: exit %d, %q, %s", code, out, errs)
	}
	if st, err := store.OpenReadOnly(db); err != nil {
		t.Errorf("after stats the database is not upgraded: %v", err)
	} else {
		st.Close()
	}
}

// TestStatsWordsAsTheTUI: plain `stats` names the questions never answered
// as the stats screen does (未学, unseen): 新题 there is today's new cards,
// a different figure (issue 11, defect 11).
func TestStatsWordsAsTheTUI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	createDB(t, db)
	for lang, want := range map[string]string{"zh": "未学", "en": "unseen"} {
		code, out, errs := runArgs("--db", db, "--lang", lang, "stats")
		if code != 0 {
			t.Fatalf("stats --lang %s: exit %d: %s", lang, code, errs)
		}
		var row string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, want+" ") {
				row = l
			}
			if strings.HasPrefix(l, "新题") || strings.HasPrefix(l, "new ") {
				t.Errorf("stats --lang %s: a row says new for the unseen: %q", lang, l)
			}
		}
		if row == "" {
			t.Errorf("stats --lang %s lacks the %s row:\n%s", lang, want, out)
		}
	}
}
