package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

// Receipt is what RecordAnswer hands back: the card the answer left and
// every key the answer changed with its value before and after, so Undo
// can restore the database exactly.
type Receipt struct {
	Key  string    // the question answered
	At   time.Time // when, as recorded (UTC)
	Card fsrs.Card // the question's card after the answer
	// NewMistake: the answer put the question among the open mistakes
	// (it was not in the book, or mastered), so a session counts the
	// mistakes it added as home counts open ones.
	NewMistake bool
	// MasteredMistake: the answer mastered an open entry of the book.
	MasteredMistake bool
	changes         []change
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
// before 1970 are stored as 0 and times past 2262 (where nanoseconds
// overflow) as the largest key, so keys never go backwards in time.
func putTime(dst []byte, t time.Time) {
	var n int64
	switch {
	case t.Before(time.Unix(0, 0)):
	case t.After(time.Unix(0, math.MaxInt64)):
		n = math.MaxInt64
	default:
		n = t.UnixNano()
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

// Position is where a sequential practice resumes after an answer: the
// practice's scope and the index of its next question. The zero Position
// saves nothing (review, mistakes, a re-shown learning card).
type Position struct {
	Scope string
	Next  int
}

// logEntry checks an answer and makes the log line it becomes.
func logEntry(a Answer) (LogEntry, error) {
	if a.Key == "" || a.At.IsZero() || !a.Rating.Valid() || !validMode(a.Mode) {
		return LogEntry{}, fmt.Errorf("%w: key %q, mode %q, rating %d, at %v", ErrBadAnswer, a.Key, a.Mode, a.Rating, a.At)
	}
	e := LogEntry{
		Key: a.Key, At: a.At.UTC().Round(0), Mode: a.Mode, Given: a.Given, Correct: a.Correct,
		Rating: a.Rating, Took: clampTook(a.Took), Type: a.Type, Section: a.Section,
	}
	if e.Correct != nil {
		c := *e.Correct
		e.Correct = &c
	}
	return e, nil
}

// current is the scheduler and mastery count answers are recorded with.
func (s *Store) current() (*fsrs.Scheduler, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sched, s.settings.MasteryCount
}

// RecordAnswer is the learner answering one question, in one write
// transaction: the card's new FSRS state, a review-log line, the mistake
// book, the aggregate counters and, when p has a scope, the practice
// position. All of it is committed (fsynced) before RecordAnswer returns,
// or none of it, so an answer retried after an error is recorded once.
// The receipt holds the new card and lets Undo revert every change.
func (s *Store) RecordAnswer(a Answer, p Position) (Receipt, error) {
	e, err := logEntry(a)
	if err != nil {
		return Receipt{}, err
	}
	if p.Scope != "" && strings.TrimSpace(p.Scope) == "" {
		return Receipt{}, fmt.Errorf("recording answer to %s: blank practice scope", a.Key)
	}
	sched, mastery := s.current()
	var r Receipt
	err = s.db.Update(func(tx *bolt.Tx) error {
		w := &writer{tx: tx, track: true}
		wasOpen, err := openMistake(w.get(bMistakes, []byte(e.Key)))
		if err != nil {
			return fmt.Errorf("mistake %s: %w", e.Key, err)
		}
		card, err := s.apply(w, &e, nil, sched, mastery)
		if err != nil {
			return err
		}
		if p.Scope != "" {
			if err := w.put(bProgress, []byte(p.Scope), []byte(strconv.Itoa(p.Next))); err != nil {
				return err
			}
			if err := s.hook("progress"); err != nil {
				return err
			}
		}
		nowOpen, err := openMistake(w.get(bMistakes, []byte(e.Key)))
		if err != nil {
			return fmt.Errorf("mistake %s: %w", e.Key, err)
		}
		r = Receipt{Key: e.Key, At: e.At, Card: card, NewMistake: e.wrong() && !wasOpen,
			MasteredMistake: wasOpen && !nowOpen, changes: w.changes}
		return nil
	})
	if err != nil {
		return Receipt{}, fmt.Errorf("recording answer to %s: %w", a.Key, err)
	}
	return r, nil
}

// HandInExam stores an exam as it now stands and, in the same write
// transaction, records the answers it newly gives a verdict to: at
// hand-in every answered objective question, later a self-graded one. An
// answer whose question already had a verdict in the stored exam is not
// recorded again, so handing the same exam in twice (a retry after an
// error) records each answer once. Every answer must be of Mode exam and
// name a question of the exam, once.
func (s *Store) HandInExam(rec ExamRecord, answers []Answer) error {
	if rec.Started.IsZero() {
		return errors.New("hand in exam: no start time")
	}
	if rec.ID == "" {
		rec.ID = strconv.FormatInt(rec.Started.UnixNano(), 36)
	}
	inExam := map[string]bool{}
	for _, a := range rec.Answers {
		inExam[a.Key] = true
	}
	entries := make([]LogEntry, len(answers))
	given := map[string]bool{}
	for i, a := range answers {
		e, err := logEntry(a)
		if err != nil {
			return fmt.Errorf("hand in exam %s: %w", rec.ID, err)
		}
		if a.Mode != ModeExam || !inExam[a.Key] || given[a.Key] {
			return fmt.Errorf("hand in exam %s: %w: %s (mode %q) is not an answer of this exam, or is given twice", rec.ID, ErrBadAnswer, a.Key, a.Mode)
		}
		given[a.Key] = true
		entries[i] = e
	}
	k := examKey(rec)
	v, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("hand in exam %s: %w", rec.ID, err)
	}
	sched, mastery := s.current()
	err = s.db.Update(func(tx *bolt.Tx) error {
		w := &writer{tx: tx}
		judged := map[string]bool{}
		if old := w.get(bExams, k); old != nil {
			var prev ExamRecord
			if err := json.Unmarshal(old, &prev); err != nil {
				return fmt.Errorf("stored exam: %w", err)
			}
			for _, a := range prev.Answers {
				judged[a.Key] = a.Correct != nil
			}
		}
		if err := w.put(bExams, k, v); err != nil {
			return err
		}
		if err := dropPaper(tx, rec.ID); err != nil { // the paper in progress is handed in
			return err
		}
		if err := s.hook("exam"); err != nil {
			return err
		}
		for i := range entries {
			if judged[entries[i].Key] {
				continue // recorded when the exam was first handed in
			}
			if _, err := s.apply(w, &entries[i], nil, sched, mastery); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("hand in exam %s: %w", rec.ID, err)
	}
	return nil
}

// examKey is an exam's key: its start time, then its ID.
func examKey(rec ExamRecord) []byte {
	k := make([]byte, 8, 8+len(rec.ID))
	putTime(k, rec.Started)
	return append(k, rec.ID...)
}

// hook is a named point inside a write transaction where a test can make
// the transaction fail: "card", "log", "mistake", "agg" for each answer,
// "progress", "exam", "undo" for each key restored, "star", "settings".
func (s *Store) hook(stage string) error {
	if s.failAt != nil {
		return s.failAt(stage)
	}
	return nil
}

// apply makes every change one answer causes and returns the new card.
// logKey is nil for a new answer (the log line is appended) and the
// existing key when the log is replayed (Rebuild). e.StateBefore is filled
// in.
func (s *Store) apply(w *writer, e *LogEntry, logKey []byte, sched *fsrs.Scheduler, mastery int) (fsrs.Card, error) {
	// Card state.
	kb := []byte(e.Key)
	var card fsrs.Card
	old := w.get(bCards, kb)
	if old == nil {
		card = fsrs.NewCard(e.At)
	} else if err := json.Unmarshal(old, &card); err != nil {
		return fsrs.Card{}, fmt.Errorf("card %s: %w", e.Key, err)
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
		return fsrs.Card{}, err
	}
	if old != nil {
		if err := w.del(bDue, dueKey(card.Due, e.Key)); err != nil {
			return fsrs.Card{}, err
		}
	}
	if err := w.put(bDue, dueKey(next.Due, e.Key), []byte{byte(next.State)}); err != nil {
		return fsrs.Card{}, err
	}
	if err := w.put(bCards, kb, cb); err != nil {
		return fsrs.Card{}, err
	}
	if err := s.hook("card"); err != nil {
		return fsrs.Card{}, err
	}

	// Review log and its per-question index.
	if logKey == nil {
		logKey = nextLogKey(w.tx, e.At)
		lb, err := json.Marshal(e)
		if err != nil {
			return fsrs.Card{}, err
		}
		if err := w.put(bLog, logKey, lb); err != nil {
			return fsrs.Card{}, err
		}
	}
	if err := w.put(bLogIdx, logIdxKey(e.Key, logKey), nil); err != nil {
		return fsrs.Card{}, err
	}
	if err := s.hook("log"); err != nil {
		return fsrs.Card{}, err
	}

	// Mistake book.
	if err := updateMistake(w, e, mastery); err != nil {
		return fsrs.Card{}, err
	}
	if err := s.hook("mistake"); err != nil {
		return fsrs.Card{}, err
	}

	// Aggregates.
	if err := s.addAggregates(w, e); err != nil {
		return fsrs.Card{}, err
	}
	return next, s.hook("agg")
}

// openMistake reports whether a stored mistake-book entry (nil: none) is
// open, that is not mastered.
func openMistake(v []byte) (bool, error) {
	if v == nil {
		return false, nil
	}
	var m Mistake
	if err := json.Unmarshal(v, &m); err != nil {
		return false, err
	}
	return !m.Mastered, nil
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
			if err := s.hook("undo"); err != nil {
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
