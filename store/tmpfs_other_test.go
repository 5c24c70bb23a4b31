//go:build !linux

package store

import "testing"

// The tmpfs tests mount file systems with Linux calls; elsewhere they skip.

func mountTmpfs(tb testing.TB, opts string) string {
	tb.Helper()
	tb.Skip("mounting a tmpfs needs Linux")
	return ""
}

func remountTmpfs(tb testing.TB, dir string, readOnly bool, opts string) {
	tb.Helper()
	tb.Skip("mounting a tmpfs needs Linux")
}
