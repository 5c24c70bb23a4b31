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
