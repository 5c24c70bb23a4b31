//go:build unix

package cli

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"golang.org/x/sys/unix"
)

// queryBackground asks the terminal for its background colour (OSC 11),
// then for the cursor position, which every terminal answers, so a terminal
// that ignores the first question is known as soon as it answers the
// second. It waits at most wait; ok is false when the terminal said nothing
// about its background in that time.
func queryBackground(in, out *os.File, wait time.Duration) (dark, ok bool) {
	fd := int(in.Fd())
	state, err := term.MakeRaw(in.Fd())
	if err != nil {
		return false, false
	}
	defer term.Restore(in.Fd(), state)
	if _, err := io.WriteString(out, "\x1b]11;?\x1b\\\x1b[6n"); err != nil {
		return false, false
	}
	deadline := time.Now().Add(wait)
	var answer []byte
	buf := make([]byte, 256)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return false, false
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n == 0 {
			return false, false
		}
		k, err := unix.Read(fd, buf)
		if err != nil || k == 0 {
			return false, false
		}
		answer = append(answer, buf[:k]...)
		if d, found, done := parseBackground(answer); done {
			return d, found
		}
		if len(answer) > 1024 { // not an answer: someone typing
			return false, false
		}
	}
}
