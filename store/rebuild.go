package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/shuati/shuati/store/fsrs"
)

// Rebuild recomputes everything derived from the review log, in one
// transaction: card states (by replaying every answer through the
// scheduler built from the current settings), the due index, the
// per-question log index, the mistake book and the aggregate counters. The
// log itself is not touched.
func (s *Store) Rebuild() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return s.rebuildDerived(tx, true)
	})
	if err != nil {
		return fmt.Errorf("rebuilding %s: %w", s.path, err)
	}
	return nil
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
		if err := replayMistakeEdits(w); err != nil {
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
		c := tx.Bucket(bLog).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var e LogEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("log entry %x: %w", k, err)
			}
			if _, err := s.apply(w, &e, clone(k), sched, mastery); err != nil {
				return fmt.Errorf("log entry %x: %w", k, err)
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
	done = true
	return nil
}
