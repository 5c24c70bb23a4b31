//go:build !linux

package e2e

import (
	"os"
	"testing"
)

// openPTY: the pty benchmarks open /dev/ptmx with Linux ioctls; elsewhere
// they skip (the tmux benchmarks still run).
func openPTY(tb testing.TB, w, h int) (master, slave *os.File) {
	tb.Helper()
	tb.Skip("the pseudo-terminal benchmarks need Linux")
	return nil, nil
}
