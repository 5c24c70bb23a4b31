package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTooSmallSwallowsKeys (issue 11, defect 2): while the "terminal too
// small" screen shows, answer keys and enter do nothing; after the resize
// the question is still unanswered, and ctrl+c leaves nothing recorded.
func TestTooSmallSwallowsKeys(t *testing.T) {
	needTmux(t)
	qs := ofType(bankQuestions(t, "crm-2025"), "single")
	db := filepath.Join(t.TempDir(), "small.db")
	tm := startTerm(t, 80, 24, nil, "--db", db, "practice", "--bank", "crm-2025", "--type", "single")
	tm.waitFor(stemProbe(qs[0]))
	tm.resize(30, 10)
	tm.waitFor("终端太小")
	tm.keys(strings.ToLower(qs[0].choices(t)))
	tm.keys("Enter")
	tm.keys("u", "s", "Escape")
	tm.waitFor("终端太小")
	tm.resize(80, 24)
	s := tm.waitFor(stemProbe(qs[0]))
	if strings.Contains(s, "回答正确") || strings.Contains(s, "回答错误") || strings.Contains(s, "本次小结") {
		t.Fatalf("a key acted while the terminal was too small:\n%s", s)
	}
	tm.resize(30, 10)
	tm.waitFor("终端太小")
	tm.keys("C-c")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit %d after ctrl+c on the too-small screen", code)
	}
	if st := stats(t, db); st.Reviews != 0 {
		t.Fatalf("%d answers recorded, want 0", st.Reviews)
	}
}
