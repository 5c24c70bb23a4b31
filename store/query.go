package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

// Card returns the question's FSRS state; ok is false if it was never answered.
func (s *Store) Card(key string) (card fsrs.Card, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bCards).Get([]byte(key))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &card)
	})
	if err != nil {
		return fsrs.Card{}, false, fmt.Errorf("card %s: %w", key, err)
	}
	return card, ok, nil
}

// Preview returns the card the question would have after each rating
// (index 0 = Again … 3 = Easy) if answered at now: the grading hints.
func (s *Store) Preview(key string, now time.Time) ([4]fsrs.Card, error) {
	card, ok, err := s.Card(key)
	if err != nil {
		return [4]fsrs.Card{}, err
	}
	now = now.UTC().Round(0)
	if !ok {
		card = fsrs.NewCard(now)
	} else if now.Before(card.LastReview) {
		now = card.LastReview
	}
	return s.scheduler().Preview(card, now), nil
}

// Retrievability is the probability that the question is recalled at now
// (0 for a question never answered).
func (s *Store) Retrievability(key string, now time.Time) (float64, error) {
	card, ok, err := s.Card(key)
	if err != nil || !ok {
		return 0, err
	}
	return s.scheduler().Retrievability(card, now), nil
}

// Scheduler is the scheduler answers are recorded with now: the settings'
// and the weights'. It is immutable; a change of either makes a new one.
func (s *Store) Scheduler() *fsrs.Scheduler { return s.scheduler() }

// CardStates returns the FSRS state of every question of keys that was
// ever answered, in one read of the cards bucket.
func (s *Store) CardStates(keys []string) (map[string]fsrs.Card, error) {
	scope := make(map[string]bool, len(keys))
	for _, k := range keys {
		scope[k] = true
	}
	out := make(map[string]fsrs.Card)
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bCards).ForEach(func(k, v []byte) error {
			if !scope[string(k)] {
				return nil
			}
			var c fsrs.Card
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("card %s: %w", k, err)
			}
			out[string(k)] = c
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("card states: %w", err)
	}
	return out, nil
}

func (s *Store) scheduler() *fsrs.Scheduler {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sched
}

// DueQueue builds a review queue over keys (every question in scope, in
// bank order): review cards due by now, learning cards due by now, and
// unseen questions up to newLimit minus the new questions already
// introduced today (local day). It reads the due index and the keys of the
// cards bucket only; no card state is decoded.
func (s *Store) DueQueue(now time.Time, keys []string, newLimit int) (Queue, error) {
	var q Queue
	scope := make(map[string]int, len(keys))
	for i, k := range keys {
		if _, dup := scope[k]; !dup {
			scope[k] = i
		}
	}
	seen := make([]bool, len(keys))
	var end [8]byte
	putTime(end[:], now)
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bDue).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) < 8 || len(v) < 1 {
				continue
			}
			if _, in := scope[string(k[8:])]; !in {
				continue
			}
			st := fsrs.State(v[0])
			if bytes.Compare(k[:8], end[:]) > 0 {
				if st == fsrs.StateLearning || st == fsrs.StateRelearning {
					q.NextLearning = time.Unix(0, int64(binary.BigEndian.Uint64(k[:8])))
					break
				}
				continue
			}
			switch st {
			case fsrs.StateLearning, fsrs.StateRelearning:
				q.Learning = append(q.Learning, string(k[8:]))
			default:
				q.Due = append(q.Due, string(k[8:]))
			}
		}
		c = tx.Bucket(bCards).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if i, in := scope[string(k)]; in {
				seen[i] = true
			}
		}
		left := newLimit
		if v := tx.Bucket(bAgg).Get(dayKey(s.dayName(now))); v != nil {
			var d aggDay
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			left -= d.New
		}
		q.NewLeft = max(left, 0)
		for i, k := range keys {
			if len(q.New) >= left {
				break
			}
			if !seen[i] && scope[k] == i {
				q.New = append(q.New, k)
			}
		}
		return nil
	})
	if err != nil {
		return Queue{}, fmt.Errorf("due queue: %w", err)
	}
	return q, nil
}

// Mistakes lists the mistake book, most recently wrong first.
func (s *Store) Mistakes(f MistakeFilter) ([]Mistake, error) {
	var out []Mistake
	var scope map[string]bool
	if f.Keys != nil {
		scope = make(map[string]bool, len(f.Keys))
		for _, k := range f.Keys {
			scope[k] = true
		}
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bMistakes).Cursor()
		var pfx []byte
		if f.Bank != "" {
			pfx = []byte(f.Bank + "/")
		}
		for k, v := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, v = c.Next() {
			if scope != nil && scope[string(k)] == f.Gone {
				continue
			}
			var m Mistake
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("mistake %s: %w", k, err)
			}
			if (f.Open && m.Mastered) || (f.Type != "" && m.Type != f.Type) || (f.Section != "" && m.Section != f.Section) {
				continue
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mistakes: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LastWrongAt.After(out[j].LastWrongAt) })
	return out, nil
}

// History lists every answer recorded for the question, oldest first.
func (s *Store) History(key string) ([]LogEntry, error) {
	var out []LogEntry
	pfx := append([]byte(key), 0)
	err := s.db.View(func(tx *bolt.Tx) error {
		logb := tx.Bucket(bLog)
		c := tx.Bucket(bLogIdx).Cursor()
		for k, _ := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, _ = c.Next() {
			v := logb.Get(k[len(pfx):])
			if v == nil {
				return fmt.Errorf("log index points at missing entry %x", k[len(pfx):])
			}
			var e LogEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", key, err)
	}
	return out, nil
}

// Stars returns the set of starred question keys.
func (s *Store) Stars() (map[string]bool, error) {
	out := map[string]bool{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bStars).ForEach(func(k, _ []byte) error {
			out[string(k)] = true
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("stars: %w", err)
	}
	return out, nil
}

// SetStar stars or unstars a question.
func (s *Store) SetStar(key string, on bool) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bStars)
		var err error
		if on {
			err = b.Put([]byte(key), []byte{})
		} else {
			err = b.Delete([]byte(key))
		}
		if err != nil {
			return err
		}
		return s.hook("star")
	})
	if err != nil {
		return fmt.Errorf("star %s: %w", key, err)
	}
	return nil
}

// Exams lists the exam history, oldest first.
func (s *Store) Exams() ([]ExamRecord, error) {
	var out []ExamRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bExams).ForEach(func(k, v []byte) error {
			var e ExamRecord
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("exam %x: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("exams: %w", err)
	}
	return out, nil
}

// Settings returns the current settings (defaults if never saved).
func (s *Store) Settings() (Settings, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	set := s.settings
	set.LearningSteps = append([]string(nil), set.LearningSteps...)
	set.RelearningSteps = append([]string(nil), set.RelearningSteps...)
	set.ExamDates = maps.Clone(set.ExamDates)
	if p := set.LastPractice; p != nil {
		c := *p
		c.Banks, c.Sections, c.Types = slices.Clone(p.Banks), slices.Clone(p.Sections), slices.Clone(p.Types)
		set.LastPractice = &c
	}
	return set, nil
}

// SaveSettings validates and stores the settings and rebuilds the
// scheduler from them. Existing card states are kept; Rebuild replays the
// log under the new settings if wanted.
func (s *Store) SaveSettings(set Settings) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sched, err := set.scheduler(s.weights.Current)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	set.LearningSteps = append([]string{}, set.LearningSteps...)
	set.RelearningSteps = append([]string{}, set.RelearningSteps...)
	set.ExamDates = maps.Clone(set.ExamDates)
	for b, d := range set.ExamDates {
		if d == "" {
			delete(set.ExamDates, b) // no date of its own
		}
	}
	if len(set.ExamDates) == 0 {
		set.ExamDates = nil
	}
	v, err := json.Marshal(set)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bSettings).Put(kSettings, v); err != nil {
			return err
		}
		return s.hook("settings")
	})
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	s.settings, s.sched = set, sched
	return nil
}

// Progress returns the saved position of a sequential practice scope (0 if none).
func (s *Store) Progress(scope string) (int, error) {
	var pos int
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bProgress).Get([]byte(scope)); v != nil {
			return json.Unmarshal(v, &pos)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("progress %q: %w", scope, err)
	}
	return pos, nil
}

// SetProgress saves the position of a sequential practice scope without an
// answer (where a 背题 stopped); RecordAnswer saves it with one.
func (s *Store) SetProgress(scope string, pos int) error {
	if strings.TrimSpace(scope) == "" {
		return fmt.Errorf("progress: empty scope")
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bProgress).Put([]byte(scope), []byte(strconv.Itoa(pos))); err != nil {
			return err
		}
		return s.hook("progress")
	})
	if err != nil {
		return fmt.Errorf("progress %q: %w", scope, err)
	}
	return nil
}
