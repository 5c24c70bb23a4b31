package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/shuati/shuati/store/fsrs"
)

// RebuildOptions control Rebuild.
type RebuildOptions struct {
	// Force replaces the derived data even when the log gives fewer
	// reviews, cards or mistakes than the database counted.
	Force bool
	// Now names the backup (zero: the current time).
	Now time.Time
}

// Counts are the figures Rebuild compares before and after: answers
// counted by the aggregates, cards, mistake-book entries. -1 is a figure
// that could not be read (a missing or damaged bucket).
type Counts struct {
	Reviews  int `json:"reviews"`
	Cards    int `json:"cards"`
	Mistakes int `json:"mistakes"`
}

// RebuildReport says what Rebuild did.
type RebuildReport struct {
	Backup string // the database as it was, copied beside it before it was replaced
	Before Counts
	After  Counts
}

// Rebuild is RebuildWith with the default options: no force.
func (s *Store) Rebuild() error {
	_, err := s.RebuildWith(RebuildOptions{})
	return err
}

// RebuildFile opens the database at path for a repair (the buckets Rebuild
// computes may be missing or damaged; the review log and the learner's own
// data must be intact), rebuilds it and closes it.
func RebuildFile(path string, opts RebuildOptions) (RebuildReport, error) {
	s, err := openWriter(path, lockTimeout, time.Local, modeRepair)
	if err != nil {
		return RebuildReport{}, err
	}
	r, err := s.RebuildWith(opts)
	if cerr := s.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("rebuilding %s: %w", path, cerr)
	}
	return r, err
}

// RebuildWith recomputes everything derived from the review log: card
// states (by replaying every answer through the scheduler built from the
// current settings), the due index, the per-question log index, the
// mistake book and the aggregate counters. Every other bucket (the log,
// stars, exams, settings, progress, imported banks) is copied as it is.
//
// The result is built in a new file beside the database, so damaged pages
// of the old derived data are never touched. Unless opts.Force, it refuses
// (ErrWouldLose, nothing changed) when the result has fewer reviews, cards
// or mistakes than the database counted. Before the new file replaces the
// database, the database is copied to RebuildReport.Backup. It works on a
// store that saw damage: the damaged file is not written to, it becomes
// the backup. Calls of other goroutines wait while the file is replaced.
func (s *Store) RebuildWith(opts RebuildOptions) (RebuildReport, error) {
	r, err := s.rebuild(opts, true)
	if err != nil {
		return r, fmt.Errorf("rebuilding %s: %w", s.path, err)
	}
	return r, nil
}

func (s *Store) rebuild(opts RebuildOptions, backup bool) (RebuildReport, error) {
	h := s.db
	if h.readOnly {
		return RebuildReport{}, &openError{msg: fmt.Sprintf("database %s was opened for reading only", s.path), sentinel: ErrReadOnly}
	}
	// The settings before the write lock: SaveSettings takes them in the
	// other order.
	s.mu.RLock()
	set, sched := s.settings, s.sched
	s.mu.RUnlock()
	h.wmu.Lock()
	defer h.wmu.Unlock()
	if h.closed {
		return RebuildReport{}, berrors.ErrDatabaseNotOpen
	}
	// Walk the pages first: bbolt may loop or overflow its stack on
	// damaged ones. What the rebuild keeps must be sound; the buckets it
	// replaces are never read unless sound.
	walk, err := walkPages(s.path)
	if err != nil {
		return RebuildReport{}, damagedErr(s.path, err)
	}
	if walk.root != "" {
		return RebuildReport{}, damagedErr(s.path, fmt.Errorf("the list of buckets: %s", walk.root))
	}
	for name, b := range walk.buckets {
		if b.damage != "" && !containsName(replayedBuckets, name) {
			return RebuildReport{}, damagedErr(s.path, fmt.Errorf("bucket %s, which is not derived from the log: %s", name, b.damage))
		}
	}
	r := RebuildReport{Before: s.counts(walk)}

	tmp, err := s.buildReplayed(set, sched)
	if err != nil {
		return r, err
	}
	defer os.Remove(tmp) // a no-op once renamed
	fresh, err := openBolt(tmp, false, false, lockTimeout)
	if err != nil {
		return r, err
	}
	r.After = (&Store{db: fresh, path: s.path, abs: s.abs, loc: s.loc}).counts(nil)
	if err := fresh.Close(); err != nil {
		return r, err
	}
	if lost := lessThan(r.After, r.Before); lost != "" && !opts.Force {
		return r, &openError{msg: fmt.Sprintf("the review log gives %s; nothing was changed. If the log is what you want to keep, run `shuati rebuild --force`; otherwise restore your last backup", lost), sentinel: ErrWouldLose}
	}
	if backup {
		now := opts.Now
		if now.IsZero() {
			now = time.Now()
		}
		if r.Backup, err = s.backupBeside(now); err != nil {
			return r, err
		}
	}
	if err := s.replaceWith(tmp); err != nil {
		return r, err
	}
	return r, nil
}

// lessThan says what after lacks compared with before, or "".
func lessThan(after, before Counts) string {
	var lost []string
	for _, c := range []struct {
		what          string
		after, before int
	}{{"reviews", after.Reviews, before.Reviews}, {"cards", after.Cards, before.Cards}, {"mistakes", after.Mistakes, before.Mistakes}} {
		if c.before >= 0 && c.after < c.before {
			lost = append(lost, fmt.Sprintf("%d %s where the database counts %d", c.after, c.what, c.before))
		}
	}
	return strings.Join(lost, ", ")
}

// counts reads Counts, each figure on its own so that damage in one bucket
// leaves the others readable. With a walk, buckets it found damaged are not
// read (-1) and the sound ones are counted from it.
func (s *Store) counts(walk *pageWalk) Counts {
	c := Counts{Reviews: -1, Cards: -1, Mistakes: -1}
	sound := func(name []byte) bool { return walk == nil || walk.sound(name) }
	if sound(bAgg) {
		_ = s.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bAgg)
			if b == nil {
				return nil
			}
			var all aggAll
			if v := b.Get(kAggAll); v != nil {
				if err := json.Unmarshal(v, &all); err != nil {
					return err
				}
			}
			c.Reviews = all.Reviews
			return nil
		})
	}
	for _, x := range []struct {
		name []byte
		n    *int
	}{{bCards, &c.Cards}, {bMistakes, &c.Mistakes}} {
		switch {
		case walk != nil && sound(x.name):
			*x.n = walk.buckets[string(x.name)].keys
		case walk == nil:
			_ = s.db.View(func(tx *bolt.Tx) error {
				if b := tx.Bucket(x.name); b != nil {
					*x.n = b.Stats().KeyN
				}
				return nil
			})
		}
	}
	return c
}

// buildReplayed writes a new database file beside the store's: every
// bucket but the replayed ones copied, then the log replayed into them.
// It returns the new file's path.
func (s *Store) buildReplayed(set Settings, sched *fsrs.Scheduler) (path string, err error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".rebuild-*")
	if err != nil {
		return "", err
	}
	path = f.Name()
	f.Close()
	defer func() {
		if err != nil {
			_ = os.Remove(path)
		}
	}()
	if err := os.Remove(path); err != nil { // bbolt creates it afresh
		return "", err
	}
	fresh, err := openBolt(path, false, false, lockTimeout)
	if err != nil {
		return "", err
	}
	defer func() {
		if cerr := fresh.Close(); err == nil {
			err = cerr
		}
	}()
	err = s.db.View(func(old *bolt.Tx) error {
		return fresh.Update(func(tx *bolt.Tx) error {
			return old.ForEach(func(name []byte, b *bolt.Bucket) error {
				if containsName(replayedBuckets, string(name)) {
					return nil
				}
				nb, err := tx.CreateBucket(name)
				if err != nil {
					return err
				}
				return copyBucket(nb, b)
			})
		})
	})
	if err != nil {
		return "", fmt.Errorf("copying what the rebuild keeps (restore your last backup: this is not derived data): %w", err)
	}
	ns := &Store{db: fresh, path: s.path, abs: s.abs, loc: s.loc, settings: set, sched: sched}
	err = fresh.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := ns.rebuildDerived(tx, true); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte(fmt.Sprint(SchemaVersion)))
	})
	return path, err
}

// copyBucket copies every key, nested bucket and sequence of src into dst.
func copyBucket(dst, src *bolt.Bucket) error {
	dst.FillPercent = 1 // keys come in order: fill pages
	if err := dst.SetSequence(src.Sequence()); err != nil {
		return err
	}
	c := src.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v != nil {
			if err := dst.Put(k, v); err != nil {
				return err
			}
			continue
		}
		sub, err := dst.CreateBucket(k)
		if err != nil {
			return err
		}
		if err := copyBucket(sub, src.Bucket(k)); err != nil {
			return err
		}
	}
	return nil
}

// backupBeside copies the database to a new file beside it named after
// now ("shuati.db.20250310-090000.bak") and returns its path.
func (s *Store) backupBeside(now time.Time) (string, error) {
	base := s.path + "." + now.Format("20060102-150405")
	name := base + ".bak"
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, os.ErrNotExist) {
			break
		}
		name = fmt.Sprintf("%s-%d.bak", base, i)
	}
	if err := s.Backup(name); err != nil {
		return "", err
	}
	return name, nil
}

// replaceWith puts the file at tmp in place of the database and opens it;
// the caller holds the write lock of the handle.
func (s *Store) replaceWith(tmp string) error {
	h := s.db
	h.dbMu.Lock()
	defer h.dbMu.Unlock()
	if err := h.db.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	syncDir(filepath.Dir(s.path))
	clearDamageMark(s.path) // the damaged file is the backup now
	fresh, err := openBolt(s.path, false, false, lockTimeout)
	if err != nil {
		return err
	}
	if h.share {
		if err := shareLock(fresh.file); err != nil {
			_ = fresh.db.Close()
			return err
		}
	}
	h.db, h.file = fresh.db, fresh.file
	h.damageMu.Lock()
	h.damage = nil // that was the old file
	h.damageMu.Unlock()
	return nil
}

// syncDir makes a rename in dir durable; failure only weakens durability.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

func recreate(tx *bolt.Tx, names ...[]byte) error {
	for _, n := range names {
		if err := tx.DeleteBucket(n); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return err
		}
		if _, err := tx.CreateBucket(n); err != nil {
			return err
		}
	}
	return nil
}

// rebuildDerived rebuilds the derived buckets. With replay it also replays
// the log into cards and mistakes (Rebuild); without, it keeps the stored
// cards and mistakes and only derives the due index, the log index and the
// aggregates from them and the log (the schema 1 → 2 migration).
func (s *Store) rebuildDerived(tx *bolt.Tx, replay bool) error {
	w := &writer{tx: tx, agg: s.newAggregator()}
	w.stage()
	if err := s.replayInto(w, replay); err != nil {
		return err
	}
	if replay {
		agg := w.agg
		w.agg = nil
		if err := agg.write(w); err != nil {
			return err
		}
	}
	return w.flush()
}

func (s *Store) replayInto(w *writer, replay bool) error {
	tx := w.tx
	if replay {
		s.mu.RLock()
		sched, mastery := s.sched, s.settings.MasteryCount
		s.mu.RUnlock()
		if err := recreate(tx, bCards, bMistakes, bDue, bLogIdx, bAgg); err != nil {
			return err
		}
		// The answers and the mistake book's edits by hand, in time order.
		edits, err := loadEdits(tx)
		if err != nil {
			return err
		}
		editsBefore := func(q string, at int64) error {
			eds := edits[q]
			for len(eds) > 0 && eds[0].at < at {
				if err := applyEditW(w, eds[0]); err != nil {
					return err
				}
				eds = eds[1:]
			}
			edits[q] = eds
			return nil
		}
		c := tx.Bucket(bLog).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			e, err := decodeLogEntry(k, v)
			if err != nil {
				return err
			}
			if err := editsBefore(e.Key, int64(binary.BigEndian.Uint64(k))); err != nil {
				return err
			}
			if _, err := s.apply(w, &e, clone(k), sched, mastery); err != nil {
				return fmt.Errorf("log entry %x: %w", k, err)
			}
		}
		for q := range edits {
			if err := editsBefore(q, math.MaxInt64); err != nil {
				return err
			}
		}
		return nil
	}

	if err := recreate(tx, bDue, bLogIdx, bAgg); err != nil {
		return err
	}
	c := tx.Bucket(bCards).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var card fsrs.Card
		if err := json.Unmarshal(v, &card); err != nil {
			return fmt.Errorf("card %s: %w", k, err)
		}
		if err := w.put(bDue, dueKey(card.Due, string(k)), []byte{byte(card.State)}); err != nil {
			return err
		}
	}
	agg := s.newAggregator()
	c = tx.Bucket(bLog).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var e LogEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("log entry %x: %w", k, err)
		}
		if err := w.put(bLogIdx, logIdxKey(e.Key, k), nil); err != nil {
			return err
		}
		s.aggAdd(agg, &e)
	}
	return agg.write(w)
}

// decodeLogEntry reads one log entry and checks what replaying it relies
// on; a bad one is damage.
func decodeLogEntry(k, v []byte) (LogEntry, error) {
	var e LogEntry
	if len(k) != 8 {
		return e, corrupt("log key %x is not 8 bytes long", k)
	}
	if err := json.Unmarshal(v, &e); err != nil {
		return e, corrupt("log entry %x: %v", k, err)
	}
	switch {
	case e.Key == "":
		return e, corrupt("log entry %x: no question key", k)
	case !e.Rating.Valid():
		return e, corrupt("log entry %x: rating %d is not 1 to 4", k, e.Rating)
	case e.At.IsZero():
		return e, corrupt("log entry %x: no time", k)
	case !validMode(e.Mode):
		return e, corrupt("log entry %x: unknown mode %q", k, e.Mode)
	}
	return e, nil
}

// recountAggregates counts the aggregate counters again from the log,
// leaving everything else as it is.
func (s *Store) recountAggregates(tx *bolt.Tx) error {
	if err := recreate(tx, bAgg); err != nil {
		return err
	}
	agg := s.newAggregator()
	c := tx.Bucket(bLog).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var e LogEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("log entry %x: %w", k, err)
		}
		s.aggAdd(agg, &e)
	}
	return agg.write(&writer{tx: tx})
}

// Backup writes a consistent copy of the database to path (mode 0600),
// taken in one read transaction while the store stays usable. The copy is
// written to a temporary file beside path and renamed into place.
func (s *Store) Backup(path string) error {
	if st, err := os.Stat(path); err == nil {
		if me, err2 := os.Stat(s.path); err2 == nil && os.SameFile(st, me) {
			return fmt.Errorf("backup %s: that is the database itself", path)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := s.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(tmp)
		return err
	}); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	done = true
	return nil
}
