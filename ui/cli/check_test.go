package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// answeredDB makes a database with n answers to the first questions of the
// first built-in bank, every third one wrong.
func answeredDB(t *testing.T, path string, n int) {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Duration(n) * time.Hour)
	for i, q := range embedded(t)[0].Questions[:n] {
		right := i%3 != 0
		r := fsrs.Good
		if !right {
			r = fsrs.Again
		}
		a := store.Answer{Key: q.Key(), Type: q.Type, Section: q.Section, Mode: "review", Given: "A", Correct: &right, Rating: r, At: at.Add(time.Duration(i) * time.Hour)}
		if _, err := st.RecordAnswer(a, store.Position{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// deleteFirst deletes the first key of a bucket with bbolt itself.
func deleteFirst(t *testing.T, path, bucket string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte(bucket)).Cursor()
		if k, _ := c.First(); k == nil {
			t.Fatalf("bucket %s is empty", bucket)
		}
		return c.Delete()
	}); err != nil {
		t.Fatal(err)
	}
}

func checkReport(t *testing.T, db string) (store.Report, int, string) {
	t.Helper()
	code, out, errs := runArgs("--db", db, "check", "--json")
	var r store.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("check --json: %v: %q %q", err, out, errs)
	}
	return r, code, errs
}

// TestCheckRebuildRepairs: an index entry deleted behind shuati's back is
// found by check, which says rebuild repairs it; rebuild does, with a backup
// beside the database; check is then clean.
func TestCheckRebuildRepairs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	answeredDB(t, db, 6)
	code, out, errs := runArgs("--db", db, "check")
	if code != 0 || !strings.Contains(out, "no problems (6 reviews, 6 cards, 2 mistakes)") || errs != "" {
		t.Fatalf("check of a sound database: exit %d, %q, %q", code, out, errs)
	}

	deleteFirst(t, db, "logidx")
	before, _ := os.ReadFile(db)
	code, out, errs = runArgs("--db", db, "check")
	if code != 1 || !strings.Contains(out, "logidx: ") || !strings.Contains(errs, "`shuati rebuild` repairs this") || !strings.Contains(errs, db) {
		t.Fatalf("check of a damaged index: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	r, code, _ := checkReport(t, db)
	if code != 1 || r.OK() || !r.RebuildRepairs() || r.Reviews != 6 {
		t.Errorf("check --json: exit %d, %+v", code, r)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("check wrote to the database")
	}

	code, out, errs = runArgs("--db", db, "rebuild")
	if code != 0 || !strings.Contains(out, "before: reviews 6, cards 6, mistakes 2") || !strings.Contains(out, "after:  reviews 6, cards 6, mistakes 2") {
		t.Fatalf("rebuild: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	backups, _ := filepath.Glob(db + ".*.bak")
	if len(backups) != 1 || !strings.Contains(out, backups[0]) {
		t.Fatalf("rebuild's backup: %v; stdout %q", backups, out)
	}
	if r, _, _ := checkReport(t, backups[0]); !r.RebuildRepairs() || r.Reviews != 6 {
		t.Errorf("the backup is not the database as it was: %+v", r)
	}
	if r, code, errs := checkReport(t, db); code != 0 || !r.OK() {
		t.Errorf("check after rebuild: exit %d, %+v, %s", code, r, errs)
	}
}

// TestRebuildWouldLose: with a log entry gone, the log gives fewer reviews
// than the counters: check says so, rebuild refuses and changes nothing,
// rebuild --force rebuilds from the log.
func TestRebuildWouldLose(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	answeredDB(t, db, 6)
	deleteFirst(t, db, "log")
	if code, out, errs := runArgs("--db", db, "check"); code != 1 || out == "" || !strings.Contains(errs, db) {
		t.Errorf("check with a log entry gone: exit %d, %q, %q", code, out, errs)
	}
	before, _ := os.ReadFile(db)
	code, out, errs := runArgs("--db", db, "rebuild")
	if code != 1 || !strings.Contains(errs, "--force") || out != "" {
		t.Fatalf("rebuild losing a review: exit %d, stdout %q, stderr %q; want 1 and the word on --force", code, out, errs)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("a refused rebuild changed the database")
	}
	if b, _ := filepath.Glob(db + ".*.bak"); len(b) != 0 {
		t.Errorf("a refused rebuild made a backup: %v", b)
	}
	code, out, errs = runArgs("--db", db, "rebuild", "--force")
	if code != 0 || !strings.Contains(out, "before: reviews 6,") || !strings.Contains(out, "after:  reviews 5,") {
		t.Fatalf("rebuild --force: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if r, code, errs := checkReport(t, db); code != 0 || !r.OK() || r.Reviews != 5 {
		t.Errorf("check after rebuild --force: exit %d, %+v, %s", code, r, errs)
	}
}

// TestCheckNoDatabase: nothing to check is an error naming the file, and
// check creates nothing.
func TestCheckNoDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	if code, _, errs := runArgs("--db", db, "check"); code != 1 || !strings.Contains(errs, db) {
		t.Errorf("check with no database: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("check created the database: %v", err)
	}
}
