package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// buildShuati builds the program once for the tests that run it in a
// pseudo-terminal.
var buildShuati = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "shuati-cli-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "shuati")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/shuati/shuati").CombinedOutput(); err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

// inScript starts `shuati args…` in a pseudo-terminal that answers no
// query, as `script` gives one, with TERM set to a terminal that termenv
// would ask, and kills it after timeout. It returns the command, its output
// so far and its input, and cancel, which ends the timeout.
func inScript(t *testing.T, timeout time.Duration, args ...string) (cmd *exec.Cmd, out *syncBuffer, stdin io.WriteCloser, ctx context.Context, cancel func()) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script (util-linux) is not installed")
	}
	bin, err := buildShuati()
	if err != nil {
		t.Fatalf("building shuati: %v", err)
	}
	line := shellQuote(bin)
	for _, a := range args {
		line += " " + shellQuote(a)
	}
	ctx, cancel = context.WithTimeout(context.Background(), timeout)
	cmd = exec.CommandContext(ctx, script, "-qec", line, "/dev/null")
	cmd.Env = []string{"TERM=xterm-256color", "LANG=en_US.UTF-8", "PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	out = &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	stdin, err = cmd.StdinPipe() // kept open: script stops when its input ends
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out, stdin, ctx, cancel
}

// TestCommandsDoNotQueryTheTerminal: a command that draws no TUI asks the
// terminal nothing, so it neither prints the background-colour query nor
// waits for an answer that never comes (issue 14.9: 5 s each, before).
func TestCommandsDoNotQueryTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for _, args := range [][]string{
		{"--version"},
		{"--help"},
		{"--db", db, "bank", "list"},
		{"stats", "--json", "--db", db},
	} {
		cmd, out, stdin, ctx, cancel := inScript(t, 4*time.Second, args...)
		err := cmd.Wait()
		stdin.Close()
		timedOut := ctx.Err() != nil
		cancel()
		if timedOut {
			t.Errorf("%q: still running after 4 s (waiting for the terminal?)", args)
		} else if err != nil {
			t.Errorf("%q: %v\n%q", args, err, out.String())
		}
		if s := out.String(); strings.Contains(s, "\x1b]11;") || strings.Contains(s, "\x1b[6n") {
			t.Errorf("%q: queried the terminal: %q", args, s[:min(len(s), 40)])
		}
	}
}

// TestTUIDoesNotWaitForTheTerminal: the TUI asks for the background colour
// once and, when no answer comes, draws after a fraction of a second
// instead of termenv's 5 s.
func TestTUIDoesNotWaitForTheTerminal(t *testing.T) {
	cmd, out, stdin, _, cancel := inScript(t, 10*time.Second, "--db", filepath.Join(t.TempDir(), "t.db"), "browse")
	start := time.Now()
	defer cancel()
	defer func() {
		stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	const altScreen = "\x1b[?1049h"
	for !strings.Contains(out.String(), altScreen) {
		if time.Since(start) > 4*time.Second {
			t.Fatalf("no screen 4 s after the start: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	took := time.Since(start)
	s := out.String()
	if n := strings.Count(s, "\x1b]11;?"); n != 1 {
		t.Errorf("the background was asked %d times, want once: %q", n, s)
	}
	if before, _, _ := strings.Cut(s, altScreen); !strings.Contains(before, "\x1b]11;?") {
		t.Errorf("the background was asked after the program took the terminal: %q", s)
	}
	t.Logf("the TUI took the screen %v after the start (the wait for the terminal is %v)", took, backgroundWait)
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// syncBuffer is a bytes.Buffer written by a command and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
