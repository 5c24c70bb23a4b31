package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// handle is the open bbolt file behind a Store. Every transaction goes
// through View or Update, which
//   - turn bbolt's panics on damaged pages (and memory faults past the end
//     of the mapping) into errors wrapping ErrDamaged, as do undecodable
//     stored values;
//   - remember the first damage seen and refuse every write after it, so a
//     file known to be damaged is never written again;
//   - for a writer, hold bbolt's file lock exclusively only while a write
//     transaction runs and shared in between, so that reading commands
//     (OpenReadOnly) work beside a long-running TUI. The writer lock (see
//     lockWriter) keeps every other writer out for the writer's whole life.
type handle struct {
	path     string
	db       *bolt.DB
	readOnly bool

	// file is bbolt's own file (its flock is the one readers see); writer
	// is the writer lock, nil for a read-only handle.
	file   *os.File
	writer *os.File
	// share is set when the writer holds bbolt's lock shared between
	// writes (it then holds the writer lock); otherwise it keeps it
	// exclusively, and readers wait for it to close.
	share bool
	// writeWait is how long a write waits for readers to let go.
	writeWait time.Duration

	wmu    sync.Mutex // one write window at a time; held by Close and Rebuild
	closed bool
	// closing is closed when Close begins: a write still waiting for
	// readers to let go gives up (its answer was never shown as saved).
	closing   chan struct{}
	closeOnce sync.Once
	// dbMu guards db and file against Rebuild putting a new file in place.
	dbMu sync.RWMutex

	damageMu sync.Mutex
	damage   error // the first damage seen, wrapping ErrDamaged
}

// View runs fn in a read transaction.
func (h *handle) View(fn func(*bolt.Tx) error) error {
	h.dbMu.RLock()
	defer h.dbMu.RUnlock()
	return h.guard(func() error { return h.db.View(fn) })
}

// Update runs fn in a write transaction, committed (fsynced) before it
// returns. It refuses to run on a read-only handle and once damage was seen.
func (h *handle) Update(fn func(*bolt.Tx) error) error {
	if h.readOnly {
		return &openError{msg: fmt.Sprintf("database %s was opened for reading only", h.path), sentinel: ErrReadOnly}
	}
	h.wmu.Lock()
	defer h.wmu.Unlock()
	if err := h.seenDamage(); err != nil {
		return err
	}
	if h.closed {
		return fmt.Errorf("database %s: %w", h.path, berrors.ErrDatabaseNotOpen)
	}
	if h.share {
		if err := lockFile(h.file, true, h.writeWait, h.closing); err != nil {
			_ = shareLock(h.file)
			if errors.Is(err, errStopped) {
				return fmt.Errorf("database %s: %w", h.path, berrors.ErrDatabaseNotOpen)
			}
			if errors.Is(err, berrors.ErrTimeout) {
				return &openError{msg: fmt.Sprintf("database %s is being read by another program; try again", h.path), sentinel: ErrLocked}
			}
			return fmt.Errorf("locking %s: %w", h.path, err)
		}
		defer func() { _ = shareLock(h.file) }()
	}
	// Another shuati may have found the file damaged since it was opened.
	if err := markedDamaged(h.path, false); err != nil {
		h.noteDamage(err)
		return err
	}
	return h.guard(func() error { return h.db.Update(fn) })
}

// guard runs fn, turning panics and undecodable stored values into errors
// wrapping ErrDamaged, and remembers them.
func (h *handle) guard(fn func() error) (err error) {
	// Damage behind intact meta pages can make bbolt read past the end of
	// the mapped file: a memory fault, which recover only sees as a panic
	// with SetPanicOnFault.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = h.damaged(fmt.Errorf("%v", r))
		}
	}()
	err = fn()
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var corrupt *corruptError
	if err != nil && !errors.Is(err, ErrDamaged) && (errors.As(err, &syntax) || errors.As(err, &typ) || errors.As(err, &corrupt)) {
		err = h.damaged(err)
	}
	if errors.Is(err, ErrDamaged) {
		if !strings.Contains(err.Error(), h.path) {
			// A reader's own damage error ("user bank x: database is
			// damaged…: record ends early"): name the file, say it once.
			err = damagedErr(h.path, &restated{strings.Replace(err.Error(), ErrDamaged.Error()+": ", "", 1), err})
		}
		h.noteDamage(err)
	}
	return err
}

// restated is an error told in other words.
type restated struct {
	msg string
	err error
}

func (e *restated) Error() string { return e.msg }
func (e *restated) Unwrap() error { return e.err }

// damaged is the error for damage found while using the file.
func (h *handle) damaged(cause error) error {
	err := damagedErr(h.path, cause)
	h.noteDamage(err)
	return err
}

// noteDamage remembers the first damage seen and marks the file damaged
// for every other shuati (see markDamaged).
func (h *handle) noteDamage(err error) {
	h.damageMu.Lock()
	first := h.damage == nil
	if first {
		h.damage = err
	}
	h.damageMu.Unlock()
	if first {
		markDamaged(h.path, err)
	}
}

// seenDamage is the error every write gets once damage was seen.
func (h *handle) seenDamage() error {
	h.damageMu.Lock()
	defer h.damageMu.Unlock()
	if h.damage == nil {
		return nil
	}
	return &openError{msg: fmt.Sprintf("database %s is damaged; nothing more is written to it", h.path), sentinel: ErrDamaged, cause: h.damage, advice: true}
}

// Close waits for a write in progress to be committed (an answer whose
// feedback shows is on disk), then closes the file and lets go of the
// locks. A second Close does nothing.
func (h *handle) Close() error {
	h.closeOnce.Do(func() { close(h.closing) })
	h.wmu.Lock()
	defer h.wmu.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	err := h.db.Close()
	if err == nil && h.writer != nil && h.seenDamage() == nil {
		recordVerified(h.writer, h.path)
	}
	if h.writer != nil {
		if cerr := h.writer.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// errStopped: a wait for a lock was given up because the store is closing.
var errStopped = errors.New("stopped waiting for the lock")

// corruptError marks a stored value shuati cannot read (a key of the wrong
// length, a rating out of range): guard turns it into damage.
type corruptError struct{ what string }

func (e *corruptError) Error() string { return e.what }

func corrupt(format string, args ...any) error {
	return &corruptError{what: fmt.Sprintf(format, args...)}
}
