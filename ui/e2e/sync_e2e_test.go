package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Two databases sync through a folder from the TUI (issue 13): each
// remembers the folder (sync --save); TUI A answers and quits, and its
// final sync says on the terminal what it sent; TUI B starts, merges A's
// answers in the background, says so on home, and both databases hold
// them. A folder that cannot be reached is said, and the TUI still exits 0.
func TestSyncThroughFolderFromTUI(t *testing.T) {
	needTmux(t)
	qs := ofType(bankQuestions(t, "crm-2025"), "single")
	root := t.TempDir()
	folder, a, b := filepath.Join(root, "folder"), filepath.Join(root, "a.db"), filepath.Join(root, "b.db")
	for _, db := range []string{a, b} {
		if _, errOut, code, _ := run(t, 20*time.Second, "", "--db", db, "sync", folder, "--save"); code != 0 || !strings.Contains(errOut, "saved") {
			t.Fatalf("sync --save: exit %d: %s", code, errOut)
		}
	}

	ta := startTerm(t, 100, 24, nil, "--db", a, "practice", "--bank", "crm-2025", "--type", "single")
	right := answerSingles(t, ta, qs, 0, 2, func(i int) bool { return i == 1 })
	ta.keys("C-c")
	if code := ta.exitCode(); code != 0 {
		t.Fatalf("TUI A: exit %d\n%s", code, ta.text())
	}
	ta.waitFor("已同步 " + folder + "：发出 2 个事件，收到 0 个")

	tb := startTerm(t, 100, 24, nil, "--db", b)
	tb.waitUntil(30*time.Second, func(s string) bool { return strings.Contains(s, "已同步：合并 2 条") }, "the merge on home")
	tb.waitFor("错题 1") // A's wrong answer is in B's book
	tb.keys("q")
	if code := tb.exitCode(); code != 0 {
		t.Fatalf("TUI B: exit %d\n%s", code, tb.text())
	}
	tb.waitFor("已同步 " + folder + "：发出 0 个事件，收到 0 个")
	for _, db := range []string{a, b} {
		s := stats(t, db)
		if s.Reviews != 2 || s.ByType["single"].Correct != right || s.MistakesOpen != 1 {
			t.Errorf("%s: %+v, want A's 2 answers (%d right, 1 mistake)", filepath.Base(db), s, right)
		}
	}

	// The folder gone (a file in its place): home says so, the answers
	// stay in the database, the TUI exits 0 saying it did not sync.
	if err := os.RemoveAll(folder); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(folder, []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	tc := startTerm(t, 100, 24, []string{"LANG=en_US.UTF-8"}, "--db", a)
	tc.waitFor("not synced (sync folder unusable:")
	tc.keys("q")
	if code := tc.exitCode(); code != 0 {
		t.Fatalf("TUI with the folder gone: exit %d\n%s", code, tc.text())
	}
	tc.waitFor("not synced (", "everything is kept in this database")
	if s := stats(t, a); s.Reviews != 2 {
		t.Errorf("after a sync that could not reach the folder: %+v", s)
	}
}
