package store

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// mountTmpfs mounts a tmpfs with the options opts (e.g. "size=8k") on a new
// folder and unmounts it after the test; it skips the test when mounting is
// not permitted here.
func mountTmpfs(tb testing.TB, opts string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, opts); err != nil {
		tb.Skipf("cannot mount a tmpfs: %v", err)
	}
	tb.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// remountTmpfs mounts the tmpfs at dir again, read-only or writable, with
// the options opts.
func remountTmpfs(tb testing.TB, dir string, readOnly bool, opts string) {
	tb.Helper()
	flags := uintptr(syscall.MS_REMOUNT)
	if readOnly {
		flags |= syscall.MS_RDONLY
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", flags, opts); err != nil {
		tb.Fatalf("remount %s: %v", dir, err)
	}
}
