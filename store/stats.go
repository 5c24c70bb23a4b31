package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

var masteredTrue = []byte(`"mastered":true`)

// Stats computes the statistics figures at now. keys is every question in
// scope (for New, and to restrict Due, Learning, Forecast and the mistake
// counts); nil means every question the database knows. The answer counts
// (reviews, by type, by section, per day, true retention, streak) cover the
// whole database. Stats reads the aggregate counters, the due index and the
// mistake book; it never scans the review log.
func (s *Store) Stats(now time.Time, keys []string) (Stats, error) {
	st := Stats{ByType: map[string]TypeStats{}, BySection: map[string]TypeStats{}, PerDay: map[string]int{}}
	var scope map[string]int
	var seen []bool
	if keys != nil {
		scope = make(map[string]int, len(keys))
		for i, k := range keys {
			if _, dup := scope[k]; !dup {
				scope[k] = i
			}
		}
		seen = make([]bool, len(keys))
	}
	in := func(k []byte) bool {
		if scope == nil {
			return true
		}
		_, ok := scope[string(k)]
		return ok
	}
	today := s.dayName(now)
	lt := now.In(s.loc)
	midnight := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, s.loc)
	// Day boundaries for the forecast: ends[i] is the start of local day i+1.
	var ends [30][8]byte
	for i := range ends {
		putTime(ends[i][:], time.Date(midnight.Year(), midnight.Month(), midnight.Day()+i+1, 0, 0, 0, 0, s.loc))
	}
	var nowKey [8]byte
	putTime(nowKey[:], now)

	err := s.db.View(func(tx *bolt.Tx) error {
		agg := tx.Bucket(bAgg)
		if v := agg.Get(kAggAll); v != nil {
			var all aggAll
			if err := json.Unmarshal(v, &all); err != nil {
				return fmt.Errorf("aggregates: %w", err)
			}
			st.Reviews = all.Reviews
			for k, t := range all.ByType {
				st.ByType[k] = t
			}
			for k, t := range all.BySection {
				st.BySection[k] = t
			}
			st.RetentionReviews = all.Rev
			if all.Rev > 0 {
				st.TrueRetention = float64(all.RevPass) / float64(all.Rev)
			}
		}
		pfx := []byte(aggDayPfx)
		c := agg.Cursor()
		for k, v := c.Seek(pfx); k != nil && bytes.HasPrefix(k, pfx); k, v = c.Next() {
			var d aggDay
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("aggregates %s: %w", k, err)
			}
			name := string(k[len(pfx):])
			st.PerDay[name] = d.Reviews
			if name == today {
				st.ReviewsToday = d.Reviews
				st.NewToday = d.New
			}
		}
		st.Streak = streak(st.PerDay, midnight)

		day := 0
		c = tx.Bucket(bDue).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) < 8 || len(v) < 1 || !in(k[8:]) {
				continue
			}
			state := fsrs.State(v[0])
			learning := state == fsrs.StateLearning || state == fsrs.StateRelearning
			if learning {
				st.Learning++
			} else if bytes.Compare(k[:8], nowKey[:]) <= 0 {
				st.Due++
			}
			for day < len(ends) && bytes.Compare(k[:8], ends[day][:]) >= 0 {
				day++
			}
			if day < len(ends) {
				st.Forecast[day]++
			}
		}

		if scope != nil {
			c = tx.Bucket(bCards).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if i, ok := scope[string(k)]; ok {
					seen[i] = true
				}
			}
			for i, k := range keys {
				if !seen[i] && scope[k] == i {
					st.New++
				}
			}
		}

		c = tx.Bucket(bMistakes).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if !in(k) {
				continue
			}
			st.MistakesTotal++
			// Our own encoding: a given answer containing this text would be escaped.
			if !bytes.Contains(v, masteredTrue) {
				st.MistakesOpen++
			}
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// streak counts consecutive local days with answers ending today, or ending
// yesterday when nothing was answered yet today.
func streak(perDay map[string]int, midnight time.Time) int {
	d := midnight
	if perDay[d.Format(time.DateOnly)] == 0 {
		d = d.AddDate(0, 0, -1)
	}
	n := 0
	for perDay[d.Format(time.DateOnly)] > 0 {
		n++
		d = d.AddDate(0, 0, -1)
	}
	return n
}
