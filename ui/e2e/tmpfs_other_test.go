//go:build !linux

package e2e

import "testing"

// The tmpfs tests mount file systems with Linux calls; elsewhere
// mountTmpfs finds no tmpfs (the callers skip or fall back) and the
// remounts skip.

func mountTmpfs(tb testing.TB, size int) string {
	tb.Helper()
	tb.Log("mount tmpfs: needs Linux")
	return ""
}

func remountRO(tb testing.TB, dir string) {
	tb.Helper()
	tb.Skip("remounting a tmpfs needs Linux")
}

func remountRW(tb testing.TB, dir string) {
	tb.Helper()
	tb.Skip("remounting a tmpfs needs Linux")
}
