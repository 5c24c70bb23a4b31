package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

// Problem is one thing Check found wrong.
type Problem struct {
	// Area is where: "file", "pages", "layout", "settings", "log",
	// "logidx", "cards", "due", "mistakes", "agg", "exams", "progress",
	// "userbanks".
	Area   string `json:"area"`
	Detail string `json:"detail"`
	// Derived is set when only data computed from the review log is hurt:
	// `shuati rebuild` repairs it.
	Derived bool `json:"derived"`
}

func (p Problem) String() string { return p.Area + ": " + p.Detail }

// Report is what Check found.
type Report struct {
	Path     string    `json:"path"`
	Problems []Problem `json:"problems"`
	// Figures of the file as read: answers in the review log, cards,
	// mistake-book entries (-1: not readable).
	Reviews  int `json:"reviews"`
	Cards    int `json:"cards"`
	Mistakes int `json:"mistakes"`
}

// OK reports that nothing is wrong.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// RebuildRepairs reports that something is wrong and all of it is derived
// data, which `shuati rebuild` computes again from the review log.
func (r Report) RebuildRepairs() bool {
	for _, p := range r.Problems {
		if !p.Derived {
			return false
		}
	}
	return len(r.Problems) > 0
}

// maxPerArea is how many problems of one area a Report lists.
const maxPerArea = 10

// Check examines the database at path without writing to it, while a
// writer may have it open: bbolt's own check of every page, then shuati's
// invariants — the buckets its schema needs are there, every stored value
// can be read, the log index, the due index, the cards, the mistake book
// and the aggregate counters agree with the review log. It returns an
// error only when it cannot look at the file (no database, permission
// denied, a writer holding it exclusively past the timeout); damage is in
// the Report.
func Check(path string) (Report, error) {
	return check(path, lockTimeout)
}

// check is checkFile, then the damage mark (damagemark.go) made to agree
// with what it found: dropped when the file is sound, written when not.
func check(path string, timeout time.Duration) (Report, error) {
	r, err := checkFile(path, timeout)
	switch {
	case err != nil:
	case r.OK():
		clearDamageMark(path)
	default:
		markDamaged(path, errors.New(r.Problems[0].String()))
	}
	return r, err
}

func checkFile(path string, timeout time.Duration) (Report, error) {
	r := Report{Path: path, Reviews: -1, Cards: -1, Mistakes: -1}
	s, err := openReader(path, timeout, time.Local, modeCheck)
	if err != nil {
		if errors.Is(err, ErrDamaged) {
			r.Problems = append(r.Problems, Problem{Area: "file", Detail: rootCause(err)})
			return r, nil
		}
		return r, err
	}
	defer s.Close()
	c := &checker{s: s, r: &r, perArea: map[string]int{}}
	c.pages()
	if !c.layout() {
		return r, nil
	}
	c.settings()
	c.log()
	c.logIndex()
	c.cards()
	c.dueIndex()
	c.mistakes()
	c.aggregates()
	c.kept()
	return r, nil
}

// rootCause is the message of a damage error without the file name and
// the advice, which the Report says otherwise.
func rootCause(err error) string {
	var oe *openError
	if errors.As(err, &oe) {
		if oe.cause != nil {
			return oe.cause.Error()
		}
		return oe.msg
	}
	return err.Error()
}

type checker struct {
	s       *Store
	r       *Report
	perArea map[string]int
	version int
	walk    *pageWalk // nil when the page tree could not be walked

	// From the log: answers by question key, wrong answers by key.
	answered map[string]int
	wrong    map[string]int
	agg      *aggregator
	logOK    bool // the log was read to the end
}

func (c *checker) add(area string, derived bool, format string, args ...any) {
	c.perArea[area]++
	switch n := c.perArea[area]; {
	case n <= maxPerArea:
		c.r.Problems = append(c.r.Problems, Problem{Area: area, Detail: fmt.Sprintf(format, args...), Derived: derived})
	case n == maxPerArea+1:
		c.r.Problems = append(c.r.Problems, Problem{Area: area, Detail: "more problems of this kind left out", Derived: derived})
	}
}

// view runs fn in a read transaction; a panic or an unreadable value is a
// problem of area.
func (c *checker) view(area string, derived bool, fn func(tx *bolt.Tx) error) bool {
	if err := c.s.db.View(fn); err != nil {
		c.add(area, derived, "%s", rootCause(err))
		return false
	}
	return true
}

// pages walks the page tree without bbolt (see walkPages); only when it is
// sound does bbolt's own page check run (in a goroutine of its own, where
// a fault would end the program), and only sound buckets are read after.
func (c *checker) pages() {
	w, err := walkPages(c.s.path)
	if err != nil {
		c.add("pages", false, "%v", err)
		return
	}
	c.walk = w
	found := w.problems()
	for _, p := range found {
		c.add(p.Area, p.Derived, "%s", p.Detail)
	}
	if len(found) > 0 {
		return
	}
	c.view("pages", false, func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			c.add("pages", false, "%v", err)
		}
		return nil
	})
}

// bucket is the named top-level bucket if its pages are sound, else nil
// (damaged pages are reported by pages, a missing bucket by layout).
func (c *checker) bucket(tx *bolt.Tx, name []byte) *bolt.Bucket {
	if c.walk == nil || !c.walk.sound(name) {
		return nil
	}
	return tx.Bucket(name)
}

// keyCount is the number of values in a sound top-level bucket.
func (c *checker) keyCount(name []byte) int { return c.walk.buckets[string(name)].keys }

// layout checks the schema version and the buckets it needs; false when
// the file is not a shuati database at all.
func (c *checker) layout() bool {
	if c.walk == nil || c.walk.root != "" {
		return false
	}
	ok := true
	c.view("layout", false, func(tx *bolt.Tx) error {
		if b := c.walk.buckets[string(bMeta)]; b == nil {
			c.add("layout", false, "no meta bucket: not a shuati database")
			ok = false
			return nil
		}
		m := c.bucket(tx, bMeta)
		if m == nil {
			ok = false // damaged: reported with the pages
			return nil
		}
		v := m.Get(kSchema)
		if err := json.Unmarshal(v, &c.version); err != nil || c.version < 1 {
			c.add("layout", false, "schema version %q is not a version", v)
			ok = false
			return nil
		}
		if c.version > SchemaVersion {
			c.add("layout", false, "schema version %d is newer than this shuati (%d)", c.version, SchemaVersion)
			ok = false
			return nil
		}
		for _, b := range required(c.version, modeWrite) {
			if c.walk.buckets[string(b)] == nil {
				c.add("layout", containsName(replayedBuckets, string(b)), "bucket %s is missing", b)
			}
		}
		return nil
	})
	return ok
}

func (c *checker) settings() {
	c.view("settings", false, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bSettings)
		if b == nil {
			return nil
		}
		set, w := DefaultSettings(), DefaultWeights()
		if v := b.Get(kSettings); v != nil {
			if err := json.Unmarshal(v, &set); err != nil {
				c.add("settings", false, "%v", err)
				return nil
			}
		}
		if v := b.Get(kWeights); v != nil {
			if err := json.Unmarshal(v, &w); err != nil {
				c.add("settings", false, "weights: %v", err)
				return nil
			}
		}
		if _, err := set.scheduler(w.Current); err != nil {
			c.add("settings", false, "%v", err)
		}
		return nil
	})
}

// log reads every entry of the review log and counts what the derived
// buckets must agree with.
func (c *checker) log() {
	c.answered, c.wrong, c.agg = map[string]int{}, map[string]int{}, c.s.newAggregator()
	n, present := 0, false
	c.logOK = c.view("log", false, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bLog)
		if b == nil {
			return nil
		}
		present = true
		// An entry removed by hand counts the wrong answers after that.
		removed, err := lastRemoved(tx)
		if err != nil {
			c.add("mistakes", false, "%v", err)
		}
		cur := b.Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			n++
			e, err := decodeLogEntry(k, v)
			if err != nil {
				c.add("log", false, "%v", err)
				continue
			}
			c.answered[e.Key]++
			if e.wrong() && int64(binary.BigEndian.Uint64(k)) > removed[e.Key] {
				c.wrong[e.Key]++
			}
			c.s.aggAdd(c.agg, &e)
		}
		return nil
	})
	if present {
		c.r.Reviews = n
	}
	c.logOK = c.logOK && present && c.perArea["log"] == 0
}

// logIndex: one entry per log entry, each naming its entry's question.
func (c *checker) logIndex() {
	c.view("logidx", true, func(tx *bolt.Tx) error {
		idx, logb := c.bucket(tx, bLogIdx), c.bucket(tx, bLog)
		if idx == nil || logb == nil {
			return nil
		}
		n := 0
		cur := idx.Cursor()
		for k, _ := cur.First(); k != nil; k, _ = cur.Next() {
			n++
			i := bytes.IndexByte(k, 0)
			if i < 0 || len(k)-i-1 != 8 {
				c.add("logidx", true, "key %q is not question key + 0 + log key", k)
				continue
			}
			v := logb.Get(k[i+1:])
			if v == nil {
				c.add("logidx", true, "%s points at log entry %x, which is not there", k[:i], k[i+1:])
				continue
			}
			var e LogEntry
			if json.Unmarshal(v, &e) == nil && e.Key != string(k[:i]) {
				c.add("logidx", true, "%s points at log entry %x, which answers %s", k[:i], k[i+1:], e.Key)
			}
		}
		if logN := c.keyCount(bLog); n != logN {
			c.add("logidx", true, "%d entries for %d log entries", n, logN)
		}
		return nil
	})
}

// cards: one readable card for every question the log answers, and none
// for any other.
func (c *checker) cards() {
	c.view("cards", true, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bCards)
		if b == nil {
			return nil
		}
		n := 0
		cur := b.Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			n++
			var card fsrs.Card
			if err := json.Unmarshal(v, &card); err != nil {
				c.add("cards", true, "card %s: %v", k, err)
				continue
			}
			if c.logOK && c.answered[string(k)] == 0 {
				c.add("cards", true, "card %s has no answer in the log", k)
			}
		}
		c.r.Cards = n
		if c.logOK {
			for key := range c.answered {
				if b.Get([]byte(key)) == nil {
					c.add("cards", true, "no card for %s, answered in the log", key)
				}
			}
		}
		return nil
	})
}

// dueIndex: exactly one entry per card, at the card's due time, with its state.
func (c *checker) dueIndex() {
	c.view("due", true, func(tx *bolt.Tx) error {
		due, cards := c.bucket(tx, bDue), c.bucket(tx, bCards)
		if due == nil || cards == nil {
			return nil
		}
		n := 0
		cur := due.Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			n++
			if len(k) <= 8 || len(v) != 1 {
				c.add("due", true, "entry %q is malformed", k)
				continue
			}
			key := k[8:]
			var card fsrs.Card
			cv := cards.Get(key)
			if cv == nil {
				c.add("due", true, "%s is due but has no card", key)
				continue
			}
			if json.Unmarshal(cv, &card) != nil {
				continue // reported with the cards
			}
			if !bytes.Equal(k, dueKey(card.Due, string(key))) || fsrs.State(v[0]) != card.State {
				c.add("due", true, "%s is indexed as due at %s (state %d), its card says %s (state %d)", key,
					time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))).UTC().Format(time.RFC3339), v[0], card.Due.UTC().Format(time.RFC3339), card.State)
			}
		}
		if cardN := c.keyCount(bCards); n != cardN {
			c.add("due", true, "%d entries for %d cards", n, cardN)
		}
		return nil
	})
}

// mistakes: every entry readable, under its own key, for a question the
// log has wrong answers to, as many as the log has (since its last removal
// by hand). (Entries may be
// missing: a learner can clear them.)
func (c *checker) mistakes() {
	c.view("mistakes", true, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bMistakes)
		if b == nil {
			return nil
		}
		n := 0
		cur := b.Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			n++
			var m Mistake
			if err := json.Unmarshal(v, &m); err != nil {
				c.add("mistakes", true, "%s: %v", k, err)
				continue
			}
			if m.Key != string(k) {
				c.add("mistakes", true, "entry %s is about %s", k, m.Key)
			}
			if c.logOK && m.TimesWrong != c.wrong[string(k)] {
				c.add("mistakes", true, "%s: wrong %d times, the log says %d", k, m.TimesWrong, c.wrong[string(k)])
			}
		}
		c.r.Mistakes = n
		return nil
	})
}

// aggregates: the totals agree with the log, and the days add up to them.
// (Which local day an answer counts on depends on the time zone it was
// given in, so the days are not compared one by one.)
func (c *checker) aggregates() {
	c.view("agg", true, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bAgg)
		if b == nil {
			return nil
		}
		var all aggAll
		if v := b.Get(kAggAll); v != nil {
			if err := json.Unmarshal(v, &all); err != nil {
				c.add("agg", true, "totals: %v", err)
				return nil
			}
		}
		days := 0
		pfx := []byte(aggDayPfx)
		cur := b.Cursor()
		for k, v := cur.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, v = cur.Next() {
			var d aggDay
			if err := json.Unmarshal(v, &d); err != nil {
				c.add("agg", true, "%s: %v", k, err)
				continue
			}
			days += d.Reviews
		}
		if days != all.Reviews {
			c.add("agg", true, "the days add up to %d answers, the totals say %d", days, all.Reviews)
		}
		if !c.logOK {
			return nil
		}
		// The figures that depend on the card states at the time (answers
		// to cards in review) change with a rebuild under new settings;
		// these do not.
		want := c.agg.all
		if all.Reviews != want.Reviews || all.Correct != want.Correct || !maps.Equal(all.ByType, want.ByType) || !maps.Equal(all.BySection, want.BySection) {
			c.add("agg", true, "the totals (%d answers, %d correct) disagree with the log (%d answers, %d correct)", all.Reviews, all.Correct, want.Reviews, want.Correct)
		}
		// Every question's first answer in the log was to a new card.
		if all.New != len(c.answered) {
			c.add("agg", true, "%d first answers to new questions counted, the log answers %d questions", all.New, len(c.answered))
		}
		return nil
	})
}

// kept: the learner's own data besides the log can be read.
func (c *checker) kept() {
	c.view("exams", false, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bExams)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var e ExamRecord
			if err := json.Unmarshal(v, &e); err != nil {
				c.add("exams", false, "exam %x: %v", k, err)
			}
			return nil
		})
	})
	c.view("progress", false, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bProgress)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if _, err := strconv.Atoi(string(v)); err != nil {
				c.add("progress", false, "%q: position %q", k, v)
			}
			return nil
		})
	})
	c.view("userbanks", false, func(tx *bolt.Tx) error {
		b := c.bucket(tx, bUserBanks)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if _, err := decodeUserBank(v); err != nil {
				c.add("userbanks", false, "%s: %v", k, err)
			}
			return nil
		})
	})
}
