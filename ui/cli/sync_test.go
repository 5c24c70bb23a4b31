package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two databases that studied apart end with the same figures after each
// syncs through one folder; --status names both devices; a damaged file in
// the folder is named and skipped, not fatal.
func TestSyncTwoDatabases(t *testing.T) {
	dir := t.TempDir()
	a, b, folder := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "folder")
	answerKefu001(t, a, "A", false) // wrong on a
	answerKefu001(t, b, "D", true)  // right on b
	for _, db := range []string{a, b, a} {
		if code, out, errs := runArgs("--db", db, "--lang", "en", "sync", folder); code != 0 || !strings.Contains(out, "synced") {
			t.Fatalf("sync %s: exit %d, stdout %q, stderr %q", db, code, out, errs)
		}
	}
	stats := func(db string) map[string]any {
		code, out, errs := runArgs("--db", db, "stats", "--json")
		if code != 0 {
			t.Fatalf("stats: exit %d: %s", code, errs)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "reviews_today") // both are today; kept for clarity
		return m
	}
	sa, sb := stats(a), stats(b)
	if sa["reviews"] != float64(2) || sb["reviews"] != float64(2) {
		t.Fatalf("after sync each should hold both answers: a %v, b %v", sa["reviews"], sb["reviews"])
	}
	ja, _ := json.Marshal(sa)
	jb, _ := json.Marshal(sb)
	if string(ja) != string(jb) {
		t.Errorf("the two databases disagree after syncing:\na %s\nb %s", ja, jb)
	}
	code, out, errs := runArgs("--db", a, "sync", "--status", "--json", folder)
	if code != 0 {
		t.Fatalf("sync --status: exit %d: %s", code, errs)
	}
	var st struct {
		Devices []struct{ ID string } `json:"devices"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || len(st.Devices) != 2 {
		t.Fatalf("sync --status --json: %v, %s", err, out)
	}
	bad := filepath.Join(folder, st.Devices[0].ID, "junk.seg")
	if err := os.WriteFile(bad, []byte("not a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runArgs("--db", b, "--lang", "en", "sync", folder)
	if code != 0 || !strings.Contains(errs, "junk.seg") {
		t.Errorf("a damaged file should be named and skipped: exit %d, stderr %q", code, errs)
	}
	if code, _, _ := runArgs("--db", a, "sync"); code != 2 {
		t.Errorf("sync without DIR: exit %d, want 2", code)
	}
}

// sync without DIR uses the folder saved with --save; --forget clears it;
// with none saved, sync without DIR is a usage error naming what to do.
func TestSyncSavedFolder(t *testing.T) {
	dir := t.TempDir()
	a, b, folder := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "folder")
	answerKefu001(t, a, "A", false)
	answerKefu001(t, b, "D", true)
	code, _, errs := runArgs("--db", a, "--lang", "en", "sync")
	if code != 2 || !strings.Contains(errs, "no sync folder saved") || !strings.Contains(errs, "--save") {
		t.Fatalf("sync without DIR, none saved: exit %d, stderr %q", code, errs)
	}
	for _, bad := range [][]string{{"sync", "--save"}, {"sync", folder, "--forget"}, {"sync", "--forget", "--save"}, {"sync", folder, "--save", "--status"}, {"sync", folder, "x"}} {
		if code, _, errs := runArgs(append([]string{"--db", a, "--lang", "en"}, bad...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", bad, code, errs)
		}
	}
	for _, db := range []string{a, b} {
		code, out, errs := runArgs("--db", db, "--lang", "en", "sync", folder, "--save")
		if code != 0 || !strings.Contains(out, "synced") || !strings.Contains(errs, "sync folder "+folder+" saved") {
			t.Fatalf("sync --save: exit %d, stdout %q, stderr %q", code, out, errs)
		}
	}
	code, out, errs := runArgs("--db", a, "--lang", "en", "sync")
	if code != 0 || !strings.Contains(out, "synced "+folder) || !strings.Contains(out, "received 1") {
		t.Fatalf("sync with the saved folder: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = runArgs("--db", a, "--lang", "zh", "sync", "--status", "--json")
	if code != 0 || !strings.Contains(out, `"devices"`) {
		t.Fatalf("sync --status with the saved folder: exit %d, %q", code, out)
	}
	code, out, errs = runArgs("--db", a, "--lang", "en", "sync", "--forget")
	if code != 0 || !strings.Contains(out, "forgot the sync folder "+folder) {
		t.Fatalf("sync --forget: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, out, _ := runArgs("--db", a, "--lang", "en", "sync", "--forget"); code != 0 || !strings.Contains(out, "no sync folder was saved") {
		t.Fatalf("sync --forget again: exit %d, %q", code, out)
	}
	if code, _, errs := runArgs("--db", a, "--lang", "zh", "sync"); code != 2 || !strings.Contains(errs, "没有记住的同步文件夹") {
		t.Fatalf("sync without DIR after --forget: exit %d, %q", code, errs)
	}
	// A folder that holds the database is refused, by name, and not saved.
	inside := filepath.Join(dir, "has-db")
	if err := os.MkdirAll(inside, 0o700); err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(inside, "c.db")
	if code, _, errs := runArgs("--db", c, "--lang", "en", "sync", inside, "--save"); code != 1 || !strings.Contains(errs, "inside the sync folder") {
		t.Fatalf("sync --save with the database inside: exit %d, %q", code, errs)
	}
	if code, _, _ := runArgs("--db", c, "sync"); code != 2 {
		t.Fatalf("a refused folder was saved: exit %d", code)
	}
}
