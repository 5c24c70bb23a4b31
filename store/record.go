package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

// Receipt is what Record hands back: every key the answer changed with its
// value before and after, so Undo can restore the database exactly.
type Receipt struct {
	Key     string    // the question answered
	At      time.Time // when, as recorded (UTC)
	changes []change
}

type change struct {
	bucket   []byte
	key      []byte
	old, new []byte
	hadOld   bool
	hasNew   bool
}

// writer makes the puts and deletes of one transaction and, when track is
// set, remembers each key's previous value for a Receipt.
type writer struct {
	tx      *bolt.Tx
	track   bool
	changes []change
	// staged, when set, holds the writes instead of the transaction until
	// flush: replaying a long log (Rebuild, migration) then touches each
	// key once, in key order, which bbolt does far faster than millions of
	// random puts in one transaction.
	staged map[string]map[string]*[]byte // bucket → key → value (nil: deleted)
	// agg, when set, collects the aggregate counters in memory (written
	// once at the end) instead of rewriting them for every answer.
	agg *aggregator
}

// stage makes w hold its writes until flush.
func (w *writer) stage() { w.staged = map[string]map[string]*[]byte{} }

// get reads a key as this writer's writes so far have left it.
func (w *writer) get(b, k []byte) []byte {
	if w.staged != nil {
		if v, ok := w.staged[string(b)][string(k)]; ok {
			if v == nil {
				return nil
			}
			return *v
		}
	}
	return w.tx.Bucket(b).Get(k)
}

func (w *writer) stageWrite(b, k []byte, v *[]byte) {
	m := w.staged[string(b)]
	if m == nil {
		m = map[string]*[]byte{}
		w.staged[string(b)] = m
	}
	m[string(k)] = v
}

// flush writes the staged keys, bucket by bucket in key order.
func (w *writer) flush() error {
	for name, m := range w.staged {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b := w.tx.Bucket([]byte(name))
		for _, k := range keys {
			var err error
			if v := m[k]; v == nil {
				err = b.Delete([]byte(k))
			} else {
				err = b.Put([]byte(k), *v)
			}
			if err != nil {
				return err
			}
		}
	}
	w.staged = nil
	return nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}

func (w *writer) note(b, k []byte, v []byte, hasNew bool) {
	if !w.track {
		return
	}
	old := w.tx.Bucket(b).Get(k)
	w.changes = append(w.changes, change{bucket: b, key: clone(k), old: clone(old), hadOld: old != nil, new: v, hasNew: hasNew})
}

func (w *writer) put(b, k, v []byte) error {
	if v == nil {
		v = []byte{}
	}
	if w.staged != nil {
		w.stageWrite(b, k, &v)
		return nil
	}
	w.note(b, k, v, true)
	return w.tx.Bucket(b).Put(k, v)
}

func (w *writer) del(b, k []byte) error {
	if w.staged != nil {
		w.stageWrite(b, k, nil)
		return nil
	}
	w.note(b, k, nil, false)
	return w.tx.Bucket(b).Delete(k)
}

// Time keys: unix nanoseconds, big-endian, so they sort by time. Times
// before 1970 are stored as 0.
func putTime(dst []byte, t time.Time) {
	n := t.UnixNano()
	if n < 0 {
		n = 0
	}
	binary.BigEndian.PutUint64(dst, uint64(n))
}

func dueKey(due time.Time, key string) []byte {
	k := make([]byte, 8+len(key))
	putTime(k, due)
	copy(k[8:], key)
	return k
}

func logIdxKey(key string, logKey []byte) []byte {
	k := make([]byte, 0, len(key)+1+len(logKey))
	k = append(k, key...)
	k = append(k, 0)
	return append(k, logKey...)
}

// nextLogKey is the log key for an answer at t: its unix nanoseconds, or one
// more than the last key if the clock went backwards, so that the log's key
// order is always the order answers were recorded in.
func nextLogKey(tx *bolt.Tx, t time.Time) []byte {
	k := make([]byte, 8)
	putTime(k, t)
	if last, _ := tx.Bucket(bLog).Cursor().Last(); len(last) == 8 && bytes.Compare(k, last) <= 0 {
		binary.BigEndian.PutUint64(k, binary.BigEndian.Uint64(last)+1)
	}
	return k
}

// Record stores one answer in one write transaction: the card's new FSRS
// state, a review-log line, the mistake book and the aggregate counters.
// The transaction is committed (fsynced) before Record returns.
func (s *Store) Record(a Answer) (Receipt, error) {
	if a.Key == "" || a.At.IsZero() || !a.Rating.Valid() || !validMode(a.Mode) {
		return Receipt{}, fmt.Errorf("%w: key %q, mode %q, rating %d, at %v", ErrBadAnswer, a.Key, a.Mode, a.Rating, a.At)
	}
	e := LogEntry{
		Key: a.Key, At: a.At.UTC().Round(0), Mode: a.Mode, Given: a.Given, Correct: a.Correct,
		Rating: a.Rating, Took: a.Took, Type: a.Type, Section: a.Section,
	}
	if e.Correct != nil {
		c := *e.Correct
		e.Correct = &c
	}
	s.mu.RLock()
	sched, mastery := s.sched, s.settings.MasteryCount
	s.mu.RUnlock()
	var r Receipt
	err := s.db.Update(func(tx *bolt.Tx) error {
		w := &writer{tx: tx, track: true}
		if err := s.apply(w, &e, nil, sched, mastery); err != nil {
			return err
		}
		r = Receipt{Key: e.Key, At: e.At, changes: w.changes}
		return nil
	})
	if err != nil {
		return Receipt{}, fmt.Errorf("recording answer to %s: %w", a.Key, err)
	}
	return r, nil
}

func (s *Store) hook(stage string) error {
	if s.failAt != nil {
		return s.failAt(stage)
	}
	return nil
}

// apply makes every change one answer causes. logKey is nil for a new
// answer (the log line is appended) and the existing key when the log is
// replayed (Rebuild). e.StateBefore is filled in.
func (s *Store) apply(w *writer, e *LogEntry, logKey []byte, sched *fsrs.Scheduler, mastery int) error {
	// Card state.
	kb := []byte(e.Key)
	var card fsrs.Card
	old := w.get(bCards, kb)
	if old == nil {
		card = fsrs.NewCard(e.At)
	} else if err := json.Unmarshal(old, &card); err != nil {
		return fmt.Errorf("card %s: %w", e.Key, err)
	}
	e.StateBefore = card.State
	now := e.At
	if old != nil && now.Before(card.LastReview) {
		// The clock went backwards: schedule as if answered at the last
		// review (FSRS rejects negative elapsed days); the log keeps e.At.
		now = card.LastReview
	}
	next, _ := sched.Review(card, now, e.Rating)
	cb, err := json.Marshal(next)
	if err != nil {
		return err
	}
	if old != nil {
		if err := w.del(bDue, dueKey(card.Due, e.Key)); err != nil {
			return err
		}
	}
	if err := w.put(bDue, dueKey(next.Due, e.Key), []byte{byte(next.State)}); err != nil {
		return err
	}
	if err := w.put(bCards, kb, cb); err != nil {
		return err
	}
	if err := s.hook("card"); err != nil {
		return err
	}

	// Review log and its per-question index.
	if logKey == nil {
		logKey = nextLogKey(w.tx, e.At)
		lb, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if err := w.put(bLog, logKey, lb); err != nil {
			return err
		}
	}
	if err := w.put(bLogIdx, logIdxKey(e.Key, logKey), nil); err != nil {
		return err
	}
	if err := s.hook("log"); err != nil {
		return err
	}

	// Mistake book.
	if err := updateMistake(w, e, mastery); err != nil {
		return err
	}
	if err := s.hook("mistake"); err != nil {
		return err
	}

	// Aggregates.
	if err := s.addAggregates(w, e); err != nil {
		return err
	}
	return s.hook("agg")
}

func updateMistake(w *writer, e *LogEntry, mastery int) error {
	kb := []byte(e.Key)
	var m Mistake
	old := w.get(bMistakes, kb)
	if old != nil {
		if err := json.Unmarshal(old, &m); err != nil {
			return fmt.Errorf("mistake %s: %w", e.Key, err)
		}
	}
	if !nextMistake(&m, old != nil, e, mastery) {
		return nil // right, and never wrong before: not in the book
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return w.put(bMistakes, kb, b)
}

// nextMistake counts answer e into m, the question's entry of the mistake
// book (inBook: it has one). It reports whether the question has an entry
// afterwards. Replaying the log (sync) uses it too.
func nextMistake(m *Mistake, inBook bool, e *LogEntry, mastery int) bool {
	switch {
	case e.wrong():
		m.Key, m.Type, m.Section = e.Key, e.Type, e.Section
		m.TimesWrong++
		m.LastWrong, m.LastWrongAt = e.Given, e.At
		m.Consecutive = 0
		if m.Mastered {
			m.Mastered, m.MasteredAt = false, time.Time{}
			m.Reopened++
		}
	case inBook:
		m.Consecutive++
		if !m.Mastered && m.Consecutive >= mastery {
			m.Mastered, m.MasteredAt = true, e.At
		}
	default:
		return false
	}
	return true
}

// Undo reverts the answer r was given for, in one transaction, restoring
// every key it changed to its exact previous value. It fails with ErrStale
// (and changes nothing) if any of those keys changed since; receipts of
// several answers are undone newest first.
func (s *Store) Undo(r Receipt) error {
	if len(r.changes) == 0 {
		return errors.New("undo: empty receipt")
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for i := len(r.changes) - 1; i >= 0; i-- {
			c := r.changes[i]
			b := tx.Bucket(c.bucket)
			cur := b.Get(c.key)
			if c.hasNew != (cur != nil) || (c.hasNew && !bytes.Equal(cur, c.new)) {
				return fmt.Errorf("%w (%s %q)", ErrStale, c.bucket, c.key)
			}
			var err error
			if c.hadOld {
				err = b.Put(c.key, c.old)
			} else {
				err = b.Delete(c.key)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("undoing answer to %s: %w", r.Key, err)
	}
	return nil
}
