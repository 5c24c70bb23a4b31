package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// mountTmpfs mounts a tmpfs of size bytes on a new folder, or returns ""
// when mounting is not permitted here.
func mountTmpfs(tb testing.TB, size int) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0755", size)); err != nil {
		tb.Logf("mount tmpfs: %v", err)
		return ""
	}
	tb.Cleanup(func() {
		for range 50 {
			if err := syscall.Unmount(dir, 0); err == nil || err == syscall.EINVAL {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		_ = syscall.Unmount(dir, syscall.MNT_DETACH)
	})
	return dir
}

func remountRO(tb testing.TB, dir string) {
	tb.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		tb.Fatalf("remount read-only: %v", err)
	}
}

func remountRW(tb testing.TB, dir string) {
	tb.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, ""); err != nil {
		tb.Fatalf("remount writable: %v", err)
	}
}
