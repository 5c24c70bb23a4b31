// Package store keeps everything shuati remembers in one bbolt file: the
// FSRS card state of every question, the append-only review log, the
// wrong-answer book (错题本), stars, exam history, settings and practice
// positions.
//
// Every user action is one write transaction: an answer (card state, log,
// mistake book, aggregate counters and practice position change together
// or not at all, and can be undone exactly), an exam handed in with all
// its answers, an undo, a star, the settings. Derived data (the due index, the per-question log
// index, the aggregate counters, card states and the mistake book) can always
// be recomputed from the review log with Rebuild.
//
// Layout (all values JSON unless noted; keys big-endian where they sort):
//
//	meta      "schema" → schema version (JSON number)
//	cards     question key ("bank/id") → fsrs.Card
//	due       due unix-nanos (8 bytes BE) + question key → 1 byte: fsrs.State
//	log       unix-nanos (8 bytes BE, made strictly increasing) → LogEntry
//	logidx    question key + 0x00 + log key → empty
//	mistakes  question key → Mistake
//	stars     question key → empty
//	exams     started unix-nanos (8 bytes BE) + exam ID → ExamRecord
//	settings  "settings" → Settings; "weights" → Weights
//	progress  scope → position (JSON number)
//	agg       "all" → totals by type and section; "day/2006-01-02" → one local day
//	notes, mistakeedits: the learner's own edits (learner.go)
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/shuati/shuati/store/fsrs"
)

// SchemaVersion is the layout version this package writes. Version 1 had no
// due index, log index or aggregate buckets; version 2 counted sections by
// name alone. Open builds the derived buckets anew from the log.
const SchemaVersion = 3

// Sentinel errors. Errors returned by Open wrap one of these and name the file.
var (
	ErrLocked    = errors.New("database is in use")
	ErrDamaged   = errors.New("database is damaged or not a shuati database")
	ErrReadOnly  = errors.New("database cannot be written")
	ErrNewer     = errors.New("database was written by a newer shuati")
	ErrStale     = errors.New("undo: the database changed after this answer was recorded")
	ErrBadAnswer = errors.New("invalid answer")
)

// Bucket names.
var (
	bMeta     = []byte("meta")
	bCards    = []byte("cards")
	bDue      = []byte("due")
	bLog      = []byte("log")
	bLogIdx   = []byte("logidx")
	bMistakes = []byte("mistakes")
	bStars    = []byte("stars")
	bExams    = []byte("exams")
	bSettings = []byte("settings")
	bProgress = []byte("progress")
	bAgg      = []byte("agg")

	// v1Buckets existed in schema 1; derivedBuckets were added in schema 2
	// and are rebuilt from the log.
	v1Buckets      = [][]byte{bMeta, bCards, bLog, bMistakes, bStars, bExams, bSettings, bProgress}
	derivedBuckets = [][]byte{bDue, bLogIdx, bAgg}
	allBuckets     = append(append([][]byte{}, v1Buckets...), derivedBuckets...)

	kSchema   = []byte("schema")
	kSettings = []byte("settings")
	kWeights  = []byte("weights")
)

// lockTimeout is how long Open waits for another shuati to let go of the file.
const lockTimeout = time.Second

// Store is an open shuati database. Its methods are safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	loc  *time.Location // local days (daily new limit, per-day counters)

	mu       sync.RWMutex
	settings Settings
	weights  Weights
	sched    *fsrs.Scheduler

	// failAt, when set (tests only), is called at named points inside the
	// write transaction of every user action (see hook); an error aborts
	// the transaction.
	failAt func(stage string) error
}

// openError is what Open returns: a message naming the file, wrapping a
// sentinel and the underlying cause.
type openError struct {
	msg      string
	sentinel error
	cause    error
}

func (e *openError) Error() string {
	if e.cause != nil {
		return e.msg + ": " + e.cause.Error()
	}
	return e.msg
}
func (e *openError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.sentinel, e.cause}
	}
	return []error{e.sentinel}
}

func lockedErr(path string) error {
	return &openError{msg: fmt.Sprintf("database %s is in use by another shuati", path), sentinel: ErrLocked}
}

func damagedErr(path string, cause error) error {
	return &openError{msg: fmt.Sprintf("database %s is damaged or not a shuati database", path), sentinel: ErrDamaged, cause: cause}
}

// DefaultPath is $XDG_DATA_HOME/shuati/shuati.db, or
// ~/.local/share/shuati/shuati.db when XDG_DATA_HOME is unset or relative.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "shuati", "shuati.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the database folder: %w", err)
	}
	return filepath.Join(home, ".local", "share", "shuati", "shuati.db"), nil
}

// ResolvePath picks the database path: flag (--db) if set, else $SHUATI_DB,
// else DefaultPath.
func ResolvePath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv("SHUATI_DB"); env != "" {
		return env, nil
	}
	return DefaultPath()
}

// Open opens the database at path, creating it (folder 0700, file 0600) if
// it does not exist. It fails within about a second with an error wrapping
// ErrLocked if another shuati has the file open, and with an error wrapping
// ErrDamaged if the file is not an intact shuati database; such a file is
// never written to. An older schema is migrated.
func Open(path string) (*Store, error) {
	return open(path, lockTimeout, time.Local)
}

func open(path string, timeout time.Duration, loc *time.Location) (*Store, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, &openError{msg: fmt.Sprintf("cannot create database folder %s", dir), sentinel: ErrReadOnly, cause: err}
		}
	case err != nil:
		return nil, &openError{msg: fmt.Sprintf("cannot open database %s", path), sentinel: ErrReadOnly, cause: err}
	case st.IsDir():
		return nil, &openError{msg: fmt.Sprintf("database %s is a folder, not a file", path), sentinel: ErrDamaged}
	case !st.Mode().IsRegular():
		return nil, &openError{msg: fmt.Sprintf("database %s is not a regular file", path), sentinel: ErrDamaged}
	default:
		if err := checkHeader(path, st.Size()); err != nil {
			return nil, damagedErr(path, err)
		}
	}

	db, err := boltOpen(path, timeout)
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, lockedErr(path)
		case errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS):
			return nil, &openError{msg: fmt.Sprintf("database %s is read-only", path), sentinel: ErrReadOnly, cause: err}
		case errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) || errors.Is(err, berrors.ErrVersionMismatch):
			return nil, damagedErr(path, err)
		}
		return nil, &openError{msg: fmt.Sprintf("cannot open database %s", path), sentinel: ErrDamaged, cause: err}
	}
	s := &Store{db: db, path: path, loc: loc}
	if err := s.initSafe(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// boltOpen is bolt.Open with its panics on damaged pages (a freelist or
// branch page that is not one) turned into an error wrapping ErrDamaged.
func boltOpen(path string, timeout time.Duration) (db *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damagedErr(path, fmt.Errorf("%v", r))
		}
	}()
	return bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
}

// initSafe is init with bbolt's panics on damaged pages turned into an
// error wrapping ErrDamaged.
func (s *Store) initSafe() (err error) {
	// Damage behind intact meta pages can make bbolt read past the end of
	// the mapped file: a memory fault, which recover only sees as a panic
	// with SetPanicOnFault.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damagedErr(s.path, fmt.Errorf("%v", r))
		}
	}()
	return s.init()
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Close closes the database file.
func (s *Store) Close() error { return s.db.Close() }

// init checks the layout, creates the buckets of a fresh file, migrates an
// older schema and loads the settings. It writes only when something is
// missing, so an intact current database is opened without a write.
func (s *Store) init() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = damagedErr(s.path, fmt.Errorf("%v", r))
		}
	}()
	var version, nbuckets int
	var missing bool
	var raw, rawWeights []byte
	err = s.db.View(func(tx *bolt.Tx) error {
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error { nbuckets++; return nil }); err != nil {
			return err
		}
		if m := tx.Bucket(bMeta); m != nil {
			v := m.Get(kSchema)
			if v == nil {
				return errors.New("no schema version")
			}
			if err := json.Unmarshal(v, &version); err != nil {
				return fmt.Errorf("schema version %q: %w", v, err)
			}
		}
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				missing = true
			}
		}
		if b := tx.Bucket(bSettings); b != nil {
			if v := b.Get(kSettings); v != nil {
				raw = append([]byte(nil), v...)
			}
			if v := b.Get(kWeights); v != nil {
				rawWeights = append([]byte(nil), v...)
			}
		}
		return nil
	})
	if err != nil {
		return damagedErr(s.path, err)
	}
	switch {
	case version == 0 && nbuckets > 0:
		return damagedErr(s.path, errors.New("a bbolt file without shuati's meta bucket"))
	case version > SchemaVersion:
		return &openError{msg: fmt.Sprintf("database %s has schema version %d; this shuati knows up to %d", s.path, version, SchemaVersion), sentinel: ErrNewer}
	case version < 0:
		return damagedErr(s.path, fmt.Errorf("schema version %d", version))
	}

	set := DefaultSettings()
	if raw != nil {
		if err := json.Unmarshal(raw, &set); err != nil {
			return damagedErr(s.path, fmt.Errorf("settings: %w", err))
		}
	}
	weights := DefaultWeights()
	if rawWeights != nil {
		if err := json.Unmarshal(rawWeights, &weights); err != nil {
			return damagedErr(s.path, fmt.Errorf("weights: %w", err))
		}
	}
	sched, err := set.scheduler(weights.Current)
	if err != nil {
		return damagedErr(s.path, fmt.Errorf("settings: %w", err))
	}
	s.settings, s.weights, s.sched = set, weights, sched

	if version == SchemaVersion && !missing {
		return nil
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range v1Buckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		var migrate func(*bolt.Tx) error
		switch version {
		case 1: // build the derived buckets (due index, log index, aggregates) from the log and the cards
			migrate = func(tx *bolt.Tx) error { return s.rebuildDerived(tx, false) }
		case 2: // sections counted by bank: count the aggregates again from the log
			migrate = s.recountAggregates
		}
		if migrate != nil {
			if err := migrate(tx); err != nil {
				return fmt.Errorf("migrating schema %d to %d: %w", version, SchemaVersion, err)
			}
		}
		for _, b := range derivedBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte(fmt.Sprint(SchemaVersion)))
	})
	if err != nil {
		if errors.Is(err, berrors.ErrDatabaseReadOnly) || errors.Is(err, os.ErrPermission) {
			return &openError{msg: fmt.Sprintf("database %s is read-only", s.path), sentinel: ErrReadOnly, cause: err}
		}
		return &openError{msg: fmt.Sprintf("cannot set up database %s", s.path), sentinel: ErrDamaged, cause: err}
	}
	return nil
}
