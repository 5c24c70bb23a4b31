//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import (
	"os"
	"time"
)

// Elsewhere a writer keeps bbolt's exclusive lock for its whole life:
// readers cannot open the file while a writer has it, and bbolt's lock is
// the writer lock.

const canShare = false

func lockFile(*os.File, bool, time.Duration, <-chan struct{}) error { return nil }

func shareLock(*os.File) error { return nil }

func lockWriter(string, time.Duration) (*os.File, error) { return nil, nil }
