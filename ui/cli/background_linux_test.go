package cli

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the program's side (the terminal it
// draws on) and the terminal's side (what a terminal emulator reads and
// answers).
func openPTY(t *testing.T) (program, terminal *os.File) {
	t.Helper()
	terminal, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { terminal.Close() })
	if err := unix.IoctlSetPointerInt(int(terminal.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(terminal.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	program, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { program.Close() })
	return program, terminal
}

// answer plays the terminal: once the cursor-position request has come, it
// writes reply.
func answer(terminal *os.File, reply string) {
	go func() {
		var got []byte
		buf := make([]byte, 64)
		for !bytes.Contains(got, []byte("\x1b[6n")) {
			n, err := terminal.Read(buf)
			if err != nil {
				return
			}
			got = append(got, buf[:n]...)
		}
		terminal.WriteString(reply)
	}()
}

func TestQueryBackground(t *testing.T) {
	tests := []struct {
		name     string
		reply    string // "" for a terminal that says nothing
		dark, ok bool
	}{
		{"light terminal", "\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[24;80R", false, true},
		{"dark terminal", "\x1b]11;rgb:0000/0000/0000\x07\x1b[24;80R", true, true},
		{"no OSC 11", "\x1b[24;80R", false, false},
		{"silent", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			program, terminal := openPTY(t)
			if tt.reply != "" {
				answer(terminal, tt.reply)
			}
			// An answer ends the wait at once: a long wait must not be spent.
			// Silence costs the wait, and no more.
			wait := 10 * time.Second
			if tt.reply == "" {
				wait = 200 * time.Millisecond
			}
			start := time.Now()
			dark, ok := queryBackground(program, program, wait)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v with a wait of %v", took, wait)
			}
			if dark != tt.dark || ok != tt.ok {
				t.Errorf("dark %v ok %v, want %v %v", dark, ok, tt.dark, tt.ok)
			}
		})
	}
}
