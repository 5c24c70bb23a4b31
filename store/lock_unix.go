//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package store

import (
	"errors"
	"os"
	"syscall"
	"time"

	berrors "go.etcd.io/bbolt/errors"
)

// Locks on unix. bbolt flocks the database file: exclusively for a writer,
// shared for a reader. A shuati writer keeps its bbolt handle open but
// holds that lock shared between write transactions, so readers can open
// the file; to keep a second writer out in the meantime it also holds the
// writer lock, an exclusive flock on a file beside the database
// ("shuati.db.lock") that readers never touch. The lock file is left in
// place: removing it would let two writers hold locks on two different
// files of the same name.

// canShare reports that a writer lets readers in between its writes.
const canShare = true

// lockPoll is how often a lock that is held elsewhere is tried again.
const lockPoll = 10 * time.Millisecond

// lockFile takes an flock on f, exclusive or shared, trying again until
// timeout (then bbolt's ErrTimeout) or until stop is closed (then
// errStopped). Converting a held lock is not atomic: a failed attempt may
// have dropped the lock held before.
func lockFile(f *os.File, exclusive bool, timeout time.Duration, stop <-chan struct{}) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return err
		}
		if time.Now().After(deadline) {
			return berrors.ErrTimeout
		}
		select {
		case <-stop:
			return errStopped
		case <-time.After(lockPoll):
		}
	}
}

// shareLock turns the writer's exclusive lock on the database back into a
// shared one once a write transaction is committed (or takes the shared
// lock again after a failed attempt at the exclusive one dropped it).
// Readers hold shared locks only and other writers are kept out by the
// writer lock, so this does not wait.
func shareLock(f *os.File) error {
	return lockFile(f, false, time.Second, nil)
}

// lockWriter takes the writer lock of the database at path, creating the
// lock file if needed. It gives bbolt's ErrTimeout if another writer keeps
// it past timeout.
func lockWriter(path string, timeout time.Duration) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f, true, timeout, nil); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
