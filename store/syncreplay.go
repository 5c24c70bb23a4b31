package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

// After a sync merged other devices' answers, card states, the due index,
// the mistake book and the aggregates are the replay of the merged log,
// exactly what Rebuild computes. replayLog is that replay done in memory:
// each log line is decoded once without allocating, each card is kept as a
// value rather than JSON between its answers, and every bucket is written
// once in key order at the end (Rebuild takes minutes on a million answers;
// this takes seconds). A sync that brings a few answers keeps the log index
// up to date line by line as it puts lines in and takes them out (see
// indexLine), and the replay leaves it alone; one that brings many (the
// index's keys would land all over it, chunk after chunk) has the replay
// write the index anew, in key order.

// replaySettings are the settings a replay depends on: the scheduler's and
// the mastery count. Card states are the replay under these; when they
// change (here, or on another device whose settings win), the next sync
// replays again so that every device agrees.
func replaySettings(set Settings) []byte {
	b, _ := json.Marshal(struct {
		R  float64  `json:"r"`
		L  []string `json:"l"`
		RL []string `json:"rl"`
		M  int      `json:"m"`
	}{set.DesiredRetention, set.LearningSteps, set.RelearningSteps, set.MasteryCount})
	return b
}

type replayCard struct {
	key     string
	card    fsrs.Card
	mistake Mistake
	inBook  bool
	edits   []editAt // the mistake-book edits by hand not yet replayed, in time order
	logKeys []uint64 // when the index is written anew
}

// dayNamer names the local day of a time, remembering the last day's
// bounds (a log in time order stays within one day for many lines).
type dayNamer struct {
	loc    *time.Location
	lo, hi int64
	name   string
}

func (d *dayNamer) of(t time.Time) string {
	n := t.UnixNano()
	if d.name != "" && n >= d.lo && n < d.hi {
		return d.name
	}
	lt := t.In(d.loc)
	start := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, d.loc)
	d.lo, d.hi = start.UnixNano(), start.AddDate(0, 0, 1).UnixNano()
	d.name = lt.Format(time.DateOnly)
	return d.name
}

// replayer replays log lines one at a time into cards.
type replayer struct {
	sched   *fsrs.Scheduler
	mastery int
	in      interner
	days    dayNamer
	yes, no bool
	e       replayEntry // the line to step with, decoded by the caller
	key     int64       // its log key (the log's order, which edits by hand follow)
	le      LogEntry
}

func (s *Store) newReplayer(sched *fsrs.Scheduler, mastery int) *replayer {
	return &replayer{sched: sched, mastery: mastery, in: interner{}, days: dayNamer{loc: s.loc}, yes: true}
}

// step counts the line in r.e into rc (seen: rc has had a line before) as
// apply does, and into agg.
func (r *replayer) step(rc *replayCard, seen bool, agg *aggregator) {
	e, le := &r.e, &r.le
	if !seen {
		rc.card = fsrs.NewCard(e.at)
	}
	rc.editsBefore(r.key)
	e.logEntry(le, rc.key, &r.in, &r.yes, &r.no)
	le.StateBefore = rc.card.State
	// As apply: a clock that went backwards schedules from the last review.
	now := e.at
	if seen && now.Before(rc.card.LastReview) {
		now = rc.card.LastReview
	}
	rc.card, _ = r.sched.Review(rc.card, now, e.rating)
	if le.wrong() {
		le.Given = string(e.given)
	}
	rc.inBook = nextMistake(&rc.mistake, rc.inBook, le, r.mastery)
	agg.all.add(le)
	name := r.days.of(le.At)
	d := agg.days[name]
	if d == nil {
		d = &aggDay{}
		agg.days[name] = d
	}
	d.add(le)
}

// replayLog recomputes the cards, the due index, the mistake book and the
// aggregates from the log in tx under sched and mastery, and the log index
// too if index is set. progress, if set, is called with the lines replayed
// so far.
func (s *Store) replayLog(tx *bolt.Tx, sched *fsrs.Scheduler, mastery int, index bool, progress func(done int)) error {
	cards := map[string]*replayCard{}
	edits, err := loadEdits(tx)
	if err != nil {
		return err
	}
	r := s.newReplayer(sched, mastery)
	agg := s.newAggregator()
	done := 0
	c := tx.Bucket(bLog).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return fmt.Errorf("log entry %x: key is not 8 bytes", k)
		}
		if err := decodeReplayEntry(v, &r.e); err != nil {
			return fmt.Errorf("log entry %x: %w", k, err)
		}
		rc := cards[string(r.e.key)]
		seen := rc != nil
		if !seen {
			rc = &replayCard{key: string(r.e.key)}
			rc.edits = edits[rc.key]
			cards[rc.key] = rc
		}
		r.key = int64(binary.BigEndian.Uint64(k))
		r.step(rc, seen, agg)
		if index {
			rc.logKeys = append(rc.logKeys, binary.BigEndian.Uint64(k))
		}
		if done++; progress != nil && done%65536 == 0 {
			progress(done)
		}
	}
	if progress != nil {
		progress(done)
	}

	if err := recreate(tx, bCards, bMistakes, bDue, bAgg); err != nil {
		return err
	}
	if index {
		if err := recreate(tx, bLogIdx); err != nil {
			return err
		}
		tx.Bucket(bLogIdx).FillPercent = 0.9
	}
	keys := make([]string, 0, len(cards))
	for k := range cards {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	cb, mb, db := tx.Bucket(bCards), tx.Bucket(bMistakes), tx.Bucket(bDue)
	for _, b := range []*bolt.Bucket{cb, mb, db} {
		b.FillPercent = 0.9 // written in key order
	}
	dues := make([][]byte, 0, len(cards))
	empty := []byte{}
	var idx []byte
	for _, k := range keys {
		rc := cards[k]
		rc.editsBefore(math.MaxInt64)
		cv, err := json.Marshal(rc.card)
		if err != nil {
			return err
		}
		if err := cb.Put([]byte(k), cv); err != nil {
			return err
		}
		if rc.inBook {
			mv, err := json.Marshal(rc.mistake)
			if err != nil {
				return err
			}
			if err := mb.Put([]byte(k), mv); err != nil {
				return err
			}
		}
		for _, lk := range rc.logKeys {
			idx = append(append(append(idx[:0], k...), 0), 0, 0, 0, 0, 0, 0, 0, 0)
			binary.BigEndian.PutUint64(idx[len(idx)-8:], lk)
			if err := tx.Bucket(bLogIdx).Put(idx, empty); err != nil { // Put copies the key
				return err
			}
		}
		dues = append(dues, append(dueKey(rc.card.Due, k), byte(rc.card.State)))
	}
	sort.Slice(dues, func(i, j int) bool { return bytes.Compare(dues[i][:len(dues[i])-1], dues[j][:len(dues[j])-1]) < 0 })
	for _, d := range dues {
		if err := db.Put(d[:len(d)-1], d[len(d)-1:]); err != nil {
			return err
		}
	}
	return agg.write(&writer{tx: tx})
}

// indexLine puts (on) or takes out the log index key of the log line v
// under logKey, and returns the line's question.
func indexLine(tx *bolt.Tx, logKey, v []byte, on bool) (string, error) {
	var e replayEntry
	if err := decodeReplayEntry(v, &e); err != nil {
		return "", fmt.Errorf("log entry %x: %w", logKey, err)
	}
	q := string(e.key)
	k := logIdxKey(q, logKey)
	if on {
		return q, tx.Bucket(bLogIdx).Put(k, []byte{})
	}
	return q, tx.Bucket(bLogIdx).Delete(k)
}
