// Package store keeps everything shuati remembers in one bbolt file: the
// FSRS card state of every question, the append-only review log, the
// wrong-answer book (错题本), stars, exam history, settings and practice
// positions.
//
// Opening: Open is for commands that write (the TUI, import, rebuild) and
// keeps every other writer out for as long as the Store is open (a second
// one fails within about a second with ErrLocked); OpenReadOnly is for
// commands that only read, never writes, and works beside a running writer
// (on unix): a writer holds the file exclusively only while it commits,
// and keeps other writers out with a lock on "<file>.lock" beside it.
// Damage is reported as an error wrapping ErrDamaged that names the file,
// never as a panic, and a Store that saw damage writes nothing more.
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
	"strings"
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
	ErrLocked     = errors.New("database is in use")
	ErrDamaged    = errors.New("database is damaged or not a shuati database")
	ErrReadOnly   = errors.New("database cannot be written")
	ErrPermission = errors.New("permission denied")
	ErrNewer      = errors.New("database was written by a newer shuati")
	// ErrNoDatabase: OpenReadOnly or Check found no database at the path
	// (no file, or one that was never completely created). Wraps
	// os.ErrNotExist too.
	ErrNoDatabase = errors.New("no database yet")
	// ErrOldSchema: OpenReadOnly found the layout of an older shuati, which
	// only a writing Open upgrades.
	ErrOldSchema = errors.New("database has an older layout")
	// ErrWouldLose: Rebuild would leave fewer reviews, cards or mistakes
	// than the database had; nothing was changed.
	ErrWouldLose = errors.New("rebuild would lose data")
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
	// replayedBuckets are everything Rebuild computes from the log (and may
	// be missing or damaged when it runs); every other bucket is kept as is.
	replayedBuckets = [][]byte{bCards, bMistakes, bDue, bLogIdx, bAgg}

	kSchema   = []byte("schema")
	kSettings = []byte("settings")
	kWeights  = []byte("weights")
)

// lockTimeout is how long Open waits for another shuati to let go of the file.
const lockTimeout = time.Second

// writeWait is how long a write of a running Store waits for reading
// commands to let go of the file.
const writeWait = 5 * time.Second

// Store is an open shuati database. Its methods are safe for concurrent use.
type Store struct {
	db   *handle
	path string         // as given, for messages
	abs  string         // absolute, taken at open (the working directory may change later)
	loc  *time.Location // local days (daily new limit, per-day counters)

	mu       sync.RWMutex
	settings Settings
	weights  Weights
	sched    *fsrs.Scheduler

	syncMu sync.Mutex // one Sync at a time (sync.go)

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
	advice   bool // say what the user can do about a damaged file
	quiet    bool // the message says all the cause would
}

// damageAdvice is what a user can do about a damaged database.
const damageAdvice = "restore your last backup, or run `shuati rebuild` if only derived data (due dates, counters, the mistake book) is hurt; `shuati check` shows what is wrong"

func (e *openError) Error() string {
	msg := e.msg
	if e.cause != nil && !e.quiet {
		msg += ": " + e.cause.Error()
	}
	if e.advice {
		msg += " (" + damageAdvice + ")"
	}
	return msg
}

func (e *openError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.sentinel, e.cause}
	}
	return []error{e.sentinel}
}

// absPath is path made absolute against the working directory now, or path
// itself if that fails.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

func lockedErr(path string) error {
	return &openError{msg: fmt.Sprintf("database %s is in use by another shuati", path), sentinel: ErrLocked}
}

func damagedErr(path string, cause error) error {
	var oe *openError
	if errors.As(cause, &oe) && errors.Is(cause, ErrDamaged) && strings.Contains(oe.msg, path) {
		return cause // already says so
	}
	return &openError{msg: fmt.Sprintf("database %s is damaged or not a shuati database", path), sentinel: ErrDamaged, cause: cause, advice: true}
}

func noDatabaseErr(path string, cause error) error {
	return &openError{msg: fmt.Sprintf("there is no database at %s yet", path), sentinel: ErrNoDatabase, cause: errors.Join(os.ErrNotExist, cause), quiet: cause == nil}
}

// fileErr explains an error of the file system about the database file
// (or its lock file): permission, a read-only file system, a lock held.
func fileErr(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return lockedErr(path)
	case errors.Is(err, os.ErrPermission):
		return &openError{msg: fmt.Sprintf("database %s: permission denied", path), sentinel: ErrPermission, cause: err, quiet: true}
	case errors.Is(err, syscall.EROFS):
		return &openError{msg: fmt.Sprintf("database %s is read-only", path), sentinel: ErrReadOnly, cause: err}
	case errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) || errors.Is(err, berrors.ErrVersionMismatch):
		return damagedErr(path, err)
	}
	return &openError{msg: fmt.Sprintf("cannot open database %s", path), sentinel: ErrReadOnly, cause: err}
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

// Open opens the database at path for reading and writing, creating it
// (folder 0700, file 0600) if it does not exist or was never completely
// created (see inspectFile), and migrating an older layout. It fails within
// about a second with an error wrapping ErrLocked while another writer has
// the file open, with ErrDamaged if the file is not an intact shuati
// database (such a file is never written to), and with ErrPermission or
// ErrReadOnly if it cannot be written.
func Open(path string) (*Store, error) {
	return open(path, lockTimeout, time.Local)
}

// OpenReadOnly opens the database at path for commands that only read: it
// never writes (a missing bucket is damage, an older layout is
// ErrOldSchema, no database is ErrNoDatabase), works on a file the user
// may only read, and works while a writer (a running TUI) has the file
// open. Its Store's writing methods fail with ErrReadOnly.
func OpenReadOnly(path string) (*Store, error) {
	return openReadOnly(path, lockTimeout, time.Local)
}

// openMode is what an open allows: reading only, writing, or repairing
// (writing, with the buckets Rebuild computes allowed to be missing).
type openMode int

const (
	modeRead openMode = iota
	modeWrite
	modeRepair
	modeCheck // reading, with the layout left for Check to judge
)

func open(path string, timeout time.Duration, loc *time.Location) (*Store, error) {
	return openWriter(path, timeout, loc, modeWrite)
}

// openWriter opens for writing. It takes the writer lock before looking at
// the file, so two shuatis opening a new path at once never see each
// other's half-made file; a file that is damaged is refused before the
// lock file is made.
func openWriter(path string, timeout time.Duration, loc *time.Location, mode openMode) (*Store, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			if errors.Is(err, os.ErrPermission) {
				return nil, &openError{msg: fmt.Sprintf("cannot create database folder %s: permission denied", dir), sentinel: ErrReadOnly, cause: err}
			}
			return nil, &openError{msg: fmt.Sprintf("cannot create database folder %s", dir), sentinel: ErrReadOnly, cause: err}
		}
	case err != nil:
		return nil, fileErr(path, err)
	default:
		if err := checkExisting(path, st); err != nil {
			return nil, err
		}
	}

	writer, err := lockWriter(path, timeout)
	share := canShare && err == nil
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, lockedErr(path)
		}
		// No lock file beside the database (a folder the user may not
		// write): bbolt's exclusive lock alone keeps other writers out.
		writer = nil
	}
	ok := false
	defer func() {
		if !ok && writer != nil {
			writer.Close()
		}
	}()
	// A file another shuati found damaged is not written; a rebuild
	// writes a new file instead.
	if mode != modeRepair {
		if err := markedDamaged(path, true); err != nil {
			return nil, err
		}
		if err := checkPagesIfChanged(path, writer); err != nil {
			return nil, err
		}
	}
	if err := prepareFile(path, timeout); err != nil {
		return nil, err
	}
	h, err := openBolt(path, false, false, timeout)
	if err != nil {
		return nil, err
	}
	h.writer, h.writeWait, h.share = writer, writeWait, share
	s := &Store{db: h, path: path, abs: absPath(path), loc: loc}
	if err := s.initSafe(mode); err != nil {
		_ = h.Close()
		return nil, err
	}
	if share {
		if err := shareLock(h.file); err != nil {
			_ = h.Close()
			return nil, fileErr(path, err)
		}
	}
	ok = true
	return s, nil
}

// checkExisting refuses a path that is not a regular file, or a file that
// is damaged (read without writing, and without any lock: a file being
// created is never taken for damaged, see inspectFile).
func checkExisting(path string, st os.FileInfo) error {
	switch {
	case st.IsDir():
		return &openError{msg: fmt.Sprintf("database %s is a folder, not a file", path), sentinel: ErrDamaged}
	case !st.Mode().IsRegular():
		return &openError{msg: fmt.Sprintf("database %s is not a regular file", path), sentinel: ErrDamaged}
	}
	f, err := os.Open(path)
	if err != nil {
		return fileErr(path, err)
	}
	defer f.Close()
	if kind, cause := inspectFile(f); kind == fileDamaged {
		return damagedErr(path, cause)
	}
	return nil
}

// prepareFile creates the database file if needed and, with the writer
// lock held, looks at it again: a file that was never completely created
// is emptied (under bbolt's exclusive lock, so no reader is looking), for
// bbolt to create afresh; a damaged one is refused.
func prepareFile(path string, timeout time.Duration) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, os.ErrPermission) {
		if r, rerr := os.Open(path); rerr == nil {
			r.Close()
			return &openError{msg: fmt.Sprintf("database %s: permission denied to write it (commands that only read it still work)", path), sentinel: ErrPermission, cause: err, quiet: true}
		}
	}
	if err != nil {
		return fileErr(path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fileErr(path, err)
	}
	if !st.Mode().IsRegular() {
		return &openError{msg: fmt.Sprintf("database %s is not a regular file", path), sentinel: ErrDamaged}
	}
	kind, cause := inspectFile(f)
	switch {
	case kind == fileDamaged:
		return damagedErr(path, cause)
	case kind == fileUnfinished && st.Size() > 0:
		if err := lockFile(f, true, timeout, nil); err != nil {
			return fileErr(path, err)
		}
		if err := f.Truncate(0); err != nil {
			return fileErr(path, err)
		}
	}
	return nil
}

// openReadOnly opens for reading: bbolt read-only, under a shared lock.
func openReadOnly(path string, timeout time.Duration, loc *time.Location) (*Store, error) {
	return openReader(path, timeout, loc, modeRead)
}

func openReader(path string, timeout time.Duration, loc *time.Location, mode openMode) (*Store, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil, noDatabaseErr(path, nil)
		}
		return nil, fileErr(path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileErr(path, err)
	}
	if st.IsDir() {
		return nil, &openError{msg: fmt.Sprintf("database %s is a folder, not a file", path), sentinel: ErrDamaged}
	}
	if !st.Mode().IsRegular() {
		return nil, &openError{msg: fmt.Sprintf("database %s is not a regular file", path), sentinel: ErrDamaged}
	}
	// Look at the file under a shared lock (a writer has it exclusively
	// while it creates it or commits), at its size under that lock.
	if err := lockFile(f, false, timeout, nil); err != nil {
		return nil, fileErr(path, err)
	}
	switch kind, cause := inspectFile(f); kind {
	case fileUnfinished:
		return nil, noDatabaseErr(path, fmt.Errorf("the file was never completely created: %w", cause))
	case fileDamaged:
		return nil, damagedErr(path, cause)
	}
	h, err := openBolt(path, true, mode == modeCheck, timeout)
	if err != nil {
		return nil, err
	}
	s := &Store{db: h, path: path, abs: absPath(path), loc: loc}
	if err := s.initSafe(mode); err != nil {
		_ = h.Close()
		return nil, err
	}
	return s, nil
}

// openBolt opens the file with bbolt, its panics on damaged pages (a
// freelist or branch page that is not one) turned into errors wrapping
// ErrDamaged.
// preload reads the freelist at open (bbolt does for a writer), in this
// goroutine, where a damaged one is recovered from.
func openBolt(path string, readOnly, preload bool, timeout time.Duration) (h *handle, err error) {
	h = &handle{path: path, readOnly: readOnly, closing: make(chan struct{})}
	opts := &bolt.Options{Timeout: timeout, ReadOnly: readOnly, PreLoadFreelist: preload,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			h.file = f
			return f, err
		}}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			h, err = nil, damagedErr(path, fmt.Errorf("%v", r))
		}
	}()
	db, err := bolt.Open(path, 0o600, opts)
	if err != nil {
		return nil, fileErr(path, err)
	}
	h.db = db
	return h, nil
}

// initSafe is init with bbolt's panics on damaged pages turned into an
// error wrapping ErrDamaged.
func (s *Store) initSafe(mode openMode) error {
	return s.db.guard(func() error { return s.init(mode) })
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Close waits for a write in progress to be committed, then closes the
// database file. Closing twice is harmless.
func (s *Store) Close() error {
	// A sync running in the background (the TUI's) finishes first.
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	return s.db.Close()
}

// layout is what init learns about the buckets of an open file.
type layout struct {
	version  int
	nbuckets int
	missing  []string // required buckets that are not there
	settings []byte
	weights  []byte
}

// required is the buckets a file of that schema version must have to be
// opened in that mode: every bucket of the version, except for a repair,
// which computes the replayed buckets anew.
func required(version int, mode openMode) [][]byte {
	need := v1Buckets
	if version >= 2 {
		need = allBuckets
	}
	if mode != modeRepair {
		return need
	}
	var out [][]byte
	for _, b := range need {
		if !containsName(replayedBuckets, string(b)) {
			out = append(out, b)
		}
	}
	return out
}

func containsName(list [][]byte, n string) bool {
	for _, x := range list {
		if string(x) == n {
			return true
		}
	}
	return false
}

func (s *Store) readLayout(mode openMode) (layout, error) {
	var l layout
	err := s.db.db.View(func(tx *bolt.Tx) error {
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error { l.nbuckets++; return nil }); err != nil {
			return err
		}
		if m := tx.Bucket(bMeta); m != nil {
			v := m.Get(kSchema)
			if v == nil {
				return errors.New("no schema version")
			}
			if err := json.Unmarshal(v, &l.version); err != nil {
				return fmt.Errorf("schema version %q: %w", v, err)
			}
		}
		for _, b := range required(l.version, mode) {
			if tx.Bucket(b) == nil {
				l.missing = append(l.missing, string(b))
			}
		}
		if b := tx.Bucket(bSettings); b != nil {
			if v := b.Get(kSettings); v != nil {
				l.settings = append([]byte(nil), v...)
			}
			if v := b.Get(kWeights); v != nil {
				l.weights = append([]byte(nil), v...)
			}
		}
		return nil
	})
	return l, err
}

// init checks the layout, creates the buckets of a fresh file, migrates an
// older schema and loads the settings. It writes only when the file is
// fresh or of an older schema, never in modeRead, and never to make up for
// a missing bucket (that is damage: `shuati rebuild` recomputes what can be
// recomputed).
func (s *Store) init(mode openMode) error {
	if mode == modeCheck {
		return nil
	}
	l, err := s.readLayout(mode)
	if err != nil {
		return damagedErr(s.path, err)
	}
	fresh := l.version == 0 && l.nbuckets == 0
	switch {
	case fresh && mode == modeRead:
		return noDatabaseErr(s.path, errors.New("the file holds no data"))
	case l.version == 0 && l.nbuckets > 0:
		return damagedErr(s.path, errors.New("a bbolt file without shuati's meta bucket"))
	case l.version > SchemaVersion:
		return &openError{msg: fmt.Sprintf("database %s has schema version %d; this shuati knows up to %d", s.path, l.version, SchemaVersion), sentinel: ErrNewer}
	case l.version < 0:
		return damagedErr(s.path, fmt.Errorf("schema version %d", l.version))
	case !fresh && len(l.missing) > 0:
		return damagedErr(s.path, fmt.Errorf("missing bucket %s", strings.Join(l.missing, ", ")))
	case !fresh && l.version < SchemaVersion && mode == modeRead:
		return &openError{msg: fmt.Sprintf("database %s has the layout of an older shuati (schema %d); open it once with shuati (the TUI, or any command that writes) to upgrade it", s.path, l.version), sentinel: ErrOldSchema}
	}

	set := DefaultSettings()
	if l.settings != nil {
		if err := json.Unmarshal(l.settings, &set); err != nil {
			return damagedErr(s.path, fmt.Errorf("settings: %w", err))
		}
	}
	weights := DefaultWeights()
	if l.weights != nil {
		if err := json.Unmarshal(l.weights, &weights); err != nil {
			return damagedErr(s.path, fmt.Errorf("weights: %w", err))
		}
	}
	sched, err := set.scheduler(weights.Current)
	if err != nil {
		return damagedErr(s.path, fmt.Errorf("settings: %w", err))
	}
	s.settings, s.weights, s.sched = set, weights, sched

	// A repair leaves an older layout to Rebuild, which writes the current one.
	if l.version == SchemaVersion || mode != modeWrite {
		return nil
	}
	err = s.db.db.Update(func(tx *bolt.Tx) error {
		for _, b := range v1Buckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		var migrate func(*bolt.Tx) error
		switch l.version {
		case 1: // build the derived buckets (due index, log index, aggregates) from the log and the cards
			migrate = func(tx *bolt.Tx) error { return s.rebuildDerived(tx, false) }
		case 2: // sections counted by bank: count the aggregates again from the log
			migrate = s.recountAggregates
		}
		if migrate != nil {
			if err := migrate(tx); err != nil {
				return fmt.Errorf("migrating schema %d to %d: %w", l.version, SchemaVersion, err)
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
		if errors.Is(err, ErrDamaged) {
			return err
		}
		if errors.Is(err, berrors.ErrDatabaseReadOnly) || errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return &openError{msg: fmt.Sprintf("database %s is read-only", s.path), sentinel: ErrReadOnly, cause: err}
		}
		return &openError{msg: fmt.Sprintf("cannot set up database %s", s.path), sentinel: ErrReadOnly, cause: err}
	}
	return nil
}
