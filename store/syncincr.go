package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

// A sync that brings a few answers into a long history replays only the
// questions those answers are about: a question's card and mistake-book
// entry depend on its own lines alone, and the aggregates are sums over
// lines, so replacing the touched questions' part of them is the same as
// replaying everything. Every touched question's stored state is first
// checked against the replay of its lines before the sync; if one differs
// (the state was not the replay, whatever the reason), the caller replays
// everything instead.

// touchedLines records what a sync changed in the log, by question.
type touchedLines struct {
	questions map[string]bool
	inserted  map[string]bool        // log keys put in
	removed   map[string]removedLine // log key → the line taken out
	edits     map[string]bool        // mistake-book edits put in, by key
}

type removedLine struct {
	question string
	line     []byte
}

func (t *touchedLines) insert(question string, logKey []byte) {
	t.questions[question] = true
	t.inserted[string(logKey)] = true
}

func (t *touchedLines) remove(question string, logKey, line []byte) {
	t.questions[question] = true
	if t.inserted[string(logKey)] {
		delete(t.inserted, string(logKey)) // in and out in one sync
		return
	}
	t.removed[string(logKey)] = removedLine{question, clone(line)}
}

// replayTouched replays the questions in t (see above). ok is false, with
// nothing written, when a touched question's stored state is not the
// replay of its lines before the sync.
func (s *Store) replayTouched(tx *bolt.Tx, sched *fsrs.Scheduler, mastery int, t *touchedLines) (ok bool, err error) {
	r := s.newReplayer(sched, mastery)
	oldAgg, newAgg := s.newAggregator(), s.newAggregator()
	logb, idx := tx.Bucket(bLog), tx.Bucket(bLogIdx)
	cards, mistakes, due := tx.Bucket(bCards), tx.Bucket(bMistakes), tx.Bucket(bDue)
	questions := make([]string, 0, len(t.questions))
	for q := range t.questions {
		questions = append(questions, q)
	}
	sort.Strings(questions)
	type result struct {
		key      string
		old, new *replayCard
	}
	var results []result
	for _, q := range questions {
		// The lines now, from the log index; the lines before: without the
		// ones put in, with the ones taken out.
		var now, before []string
		pfx := append([]byte(q), 0)
		c := idx.Cursor()
		for k, _ := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = c.Next() {
			lk := string(k[len(pfx):])
			now = append(now, lk)
			if !t.inserted[lk] {
				before = append(before, lk)
			}
		}
		for lk, rl := range t.removed {
			if rl.question == q {
				before = append(before, lk)
			}
		}
		sort.Strings(before)
		edits, err := editsOf(tx, q)
		if err != nil {
			return false, err
		}
		var editsBefore []editAt
		for _, ed := range edits {
			if !t.edits[string(ed.key)] {
				editsBefore = append(editsBefore, ed)
			}
		}
		// A key can have lost its line and got another (undone, and a new
		// answer recorded under the same time): before, its line is the one
		// taken out.
		replay := func(keys []string, agg *aggregator, before bool) (*replayCard, error) {
			if len(keys) == 0 {
				return nil, nil
			}
			rc := &replayCard{key: q, edits: edits}
			if before {
				rc.edits = editsBefore
			}
			for i, lk := range keys {
				v := logb.Get([]byte(lk))
				if rl, gone := t.removed[lk]; gone && before {
					v = rl.line
				}
				if v == nil {
					return nil, fmt.Errorf("log index points at missing entry %x", lk)
				}
				if err := decodeReplayEntry(v, &r.e); err != nil {
					return nil, fmt.Errorf("log entry %x: %w", lk, err)
				}
				r.key = int64(binary.BigEndian.Uint64([]byte(lk)))
				r.step(rc, i > 0, agg)
			}
			rc.editsBefore(math.MaxInt64)
			return rc, nil
		}
		old, err := replay(before, oldAgg, true)
		if err != nil {
			return false, err
		}
		if same, err := storedIs(cards, mistakes, q, old); err != nil || !same {
			return false, err
		}
		nw, err := replay(now, newAgg, false)
		if err != nil {
			return false, err
		}
		results = append(results, result{q, old, nw})
	}

	for _, res := range results {
		k := []byte(res.key)
		if res.old != nil {
			if err := due.Delete(dueKey(res.old.card.Due, res.key)); err != nil {
				return false, err
			}
		}
		if res.new == nil {
			if err := cards.Delete(k); err != nil {
				return false, err
			}
			if err := mistakes.Delete(k); err != nil {
				return false, err
			}
			continue
		}
		cv, err := json.Marshal(res.new.card)
		if err != nil {
			return false, err
		}
		if err := cards.Put(k, cv); err != nil {
			return false, err
		}
		if err := due.Put(dueKey(res.new.card.Due, res.key), []byte{byte(res.new.card.State)}); err != nil {
			return false, err
		}
		if !res.new.inBook {
			if err := mistakes.Delete(k); err != nil {
				return false, err
			}
			continue
		}
		mv, err := json.Marshal(res.new.mistake)
		if err != nil {
			return false, err
		}
		if err := mistakes.Put(k, mv); err != nil {
			return false, err
		}
	}
	return true, updateAggregates(tx, oldAgg, newAgg)
}

// storedIs reports whether the stored card and mistake-book entry of q are
// what rc (nil: no lines) says.
func storedIs(cards, mistakes *bolt.Bucket, q string, rc *replayCard) (bool, error) {
	cv, mv := cards.Get([]byte(q)), mistakes.Get([]byte(q))
	if rc == nil {
		return cv == nil && mv == nil, nil
	}
	want, err := json.Marshal(rc.card)
	if err != nil || !bytes.Equal(cv, want) {
		return false, err
	}
	if !rc.inBook {
		return mv == nil, nil
	}
	want, err = json.Marshal(rc.mistake)
	return err == nil && bytes.Equal(mv, want), err
}

// updateAggregates takes old's counts out of the stored aggregates and
// puts new's in, leaving out what falls to zero as a replay would.
func updateAggregates(tx *bolt.Tx, old, new *aggregator) error {
	b := tx.Bucket(bAgg)
	var all aggAll
	if v := b.Get(kAggAll); v != nil {
		if err := json.Unmarshal(v, &all); err != nil {
			return fmt.Errorf("aggregates: %w", err)
		}
	}
	all.merge(&old.all, -1)
	all.merge(&new.all, 1)
	if all.Reviews == 0 {
		if err := b.Delete(kAggAll); err != nil {
			return err
		}
	} else if v, err := json.Marshal(all); err != nil {
		return err
	} else if err := b.Put(kAggAll, v); err != nil {
		return err
	}
	names := map[string]bool{}
	for n := range old.days {
		names[n] = true
	}
	for n := range new.days {
		names[n] = true
	}
	for n := range names {
		k := dayKey(n)
		var d aggDay
		if v := b.Get(k); v != nil {
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("aggregates %s: %w", k, err)
			}
		}
		if o := old.days[n]; o != nil {
			d.merge(o, -1)
		}
		if x := new.days[n]; x != nil {
			d.merge(x, 1)
		}
		var err error
		if d.Reviews == 0 {
			err = b.Delete(k)
		} else {
			var v []byte
			if v, err = json.Marshal(d); err == nil {
				err = b.Put(k, v)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// merge adds sign times o's counts to a.
func (a *aggAll) merge(o *aggAll, sign int) {
	a.Reviews += sign * o.Reviews
	a.Correct += sign * o.Correct
	a.New += sign * o.New
	a.Rev += sign * o.Rev
	a.RevPass += sign * o.RevPass
	a.ByType = mergeTally(a.ByType, o.ByType, sign)
	a.BySection = mergeTally(a.BySection, o.BySection, sign)
}

func mergeTally(a, o map[string]TypeStats, sign int) map[string]TypeStats {
	if a == nil {
		a = map[string]TypeStats{}
	}
	for k, t := range o {
		x := a[k]
		x.Answered += sign * t.Answered
		x.Correct += sign * t.Correct
		if x.Answered == 0 && x.Correct == 0 {
			delete(a, k)
		} else {
			a[k] = x
		}
	}
	return a
}

func (d *aggDay) merge(o *aggDay, sign int) {
	d.Reviews += sign * o.Reviews
	d.Correct += sign * o.Correct
	d.New += sign * o.New
	d.Rev += sign * o.Rev
	d.RevPass += sign * o.RevPass
}
