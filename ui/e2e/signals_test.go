package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// exitLimit is how soon the program must end once told to stop.
const exitLimit = 500 * time.Millisecond

// answerOnScreen answers the first single choice (saved by Enter) and the
// second, whose feedback then shows, not yet confirmed: the answer on
// screen. It returns the pid of the program.
func answerOnScreen(t *testing.T, tm *term, qs []question) int {
	t.Helper()
	answerSingles(t, tm, qs, 0, 1, func(int) bool { return false })
	tm.keys(strings.ToLower(qs[1].wrongChoice(t)))
	tm.waitFor(tm.msg("wrong"))
	return tm.pid()
}

// running reports whether the process pid runs: it exists and is not a
// zombie (a program whose shell died with the terminal is reaped by
// whoever adopts it, in its own time).
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || !strings.HasPrefix(s[i+1:], " Z")
}

// gone waits until the process pid has ended and returns how long it took.
func gone(t *testing.T, pid int, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for running(pid) {
		if time.Since(start) > limit {
			t.Fatalf("process %d still runs %v after the signal", pid, limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// TestSignalsKeepTheAnswer (issue 14.8): SIGTERM, SIGHUP and SIGINT sent to
// the real binary, and the terminal closed under it, end it within
// exitLimit, cleanly (exit 0 when a shell is left to see it), with the
// answer on screen saved as ctrl+c saves it.
func TestSignalsKeepTheAnswer(t *testing.T) {
	needTmux(t)
	qs := ofType(bankQuestions(t, "crm-2025"), "single")
	for _, tc := range []struct {
		name string
		stop func(tm *term, pid int) error
	}{
		{"SIGTERM", func(_ *term, pid int) error { return syscall.Kill(pid, syscall.SIGTERM) }},
		{"SIGHUP", func(_ *term, pid int) error { return syscall.Kill(pid, syscall.SIGHUP) }},
		{"SIGINT", func(_ *term, pid int) error { return syscall.Kill(pid, syscall.SIGINT) }},
		{"terminal closed", func(tm *term, _ int) error { tm.kill(); return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "sig.db")
			tm := startTerm(t, 80, 24, nil, "--db", db, "practice", "--bank", "crm-2025", "--type", "single")
			pid := answerOnScreen(t, tm, qs)
			if err := tc.stop(tm, pid); err != nil {
				t.Fatal(err)
			}
			took := gone(t, pid, 5*time.Second)
			t.Logf("%s: the program ended %v after it", tc.name, took.Round(time.Millisecond))
			if took > exitLimit {
				t.Errorf("%s: the program took %v to end, want under %v", tc.name, took, exitLimit)
			}
			if tc.name != "terminal closed" {
				if code := tm.exitCode(); code != 0 {
					t.Errorf("%s: exit %d, want 0", tc.name, code)
				}
			}
			checkBolt(t, db)
			if s := stats(t, db); s.Reviews != 2 || s.MistakesOpen != 1 {
				t.Errorf("%s: %d reviews, %d open mistakes; want 2 and 1 (the answer on screen kept)", tc.name, s.Reviews, s.MistakesOpen)
			}
		})
	}
}
