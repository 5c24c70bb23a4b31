package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

// Aggregate counters, kept up to date by every recorded answer (and Undo, which
// restores their bytes) so that Stats never scans the log.

var (
	kAggAll   = []byte("all")
	aggDayPfx = "day/"
)

// aggAll is the "all" key of the agg bucket.
type aggAll struct {
	Reviews   int                  `json:"reviews"`
	Correct   int                  `json:"correct"`
	New       int                  `json:"new"`      // first answers of new cards
	Rev       int                  `json:"rev"`      // answers given to cards in Review state
	RevPass   int                  `json:"rev_pass"` // of those, not rated Again
	ByType    map[string]TypeStats `json:"by_type"`
	BySection map[string]TypeStats `json:"by_section"`
}

// aggDay is one local day: "day/2006-01-02".
type aggDay struct {
	Reviews int `json:"reviews"`
	Correct int `json:"correct"`
	New     int `json:"new"`
	Rev     int `json:"rev"`
	RevPass int `json:"rev_pass"`
}

func (a *aggAll) add(e *LogEntry) {
	right := !e.wrong()
	a.Reviews++
	if right {
		a.Correct++
	}
	if e.StateBefore == fsrs.StateNew {
		a.New++
	}
	if e.StateBefore == fsrs.StateReview {
		a.Rev++
		if e.Rating != fsrs.Again {
			a.RevPass++
		}
	}
	if a.ByType == nil {
		a.ByType = map[string]TypeStats{}
	}
	if a.BySection == nil {
		a.BySection = map[string]TypeStats{}
	}
	tally(a.ByType, string(e.Type), right)
	tally(a.BySection, SectionKey(e.Key, e.Section), right)
}

// SectionKey is the key of Stats.BySection for a question's section:
// "bank/section", so that sections of the same name in different banks
// are counted apart.
func SectionKey(questionKey, section string) string {
	bank, _, _ := strings.Cut(questionKey, "/")
	return bank + "/" + section
}

func tally(m map[string]TypeStats, k string, right bool) {
	t := m[k]
	t.Answered++
	if right {
		t.Correct++
	}
	m[k] = t
}

func (d *aggDay) add(e *LogEntry) {
	d.Reviews++
	if !e.wrong() {
		d.Correct++
	}
	if e.StateBefore == fsrs.StateNew {
		d.New++
	}
	if e.StateBefore == fsrs.StateReview {
		d.Rev++
		if e.Rating != fsrs.Again {
			d.RevPass++
		}
	}
}

func (s *Store) dayName(t time.Time) string { return t.In(s.loc).Format(time.DateOnly) }

func dayKey(day string) []byte { return []byte(aggDayPfx + day) }

// addAggregates counts e into the "all" and per-day counters.
func (s *Store) addAggregates(w *writer, e *LogEntry) error {
	if w.agg != nil {
		s.aggAdd(w.agg, e)
		return nil
	}
	var all aggAll
	if v := w.get(bAgg, kAggAll); v != nil {
		if err := json.Unmarshal(v, &all); err != nil {
			return fmt.Errorf("aggregates: %w", err)
		}
	}
	all.add(e)
	dk := dayKey(s.dayName(e.At))
	var day aggDay
	if v := w.get(bAgg, dk); v != nil {
		if err := json.Unmarshal(v, &day); err != nil {
			return fmt.Errorf("aggregates %s: %w", dk, err)
		}
	}
	day.add(e)
	ab, err := json.Marshal(all)
	if err != nil {
		return err
	}
	db, err := json.Marshal(day)
	if err != nil {
		return err
	}
	if err := w.put(bAgg, kAggAll, ab); err != nil {
		return err
	}
	return w.put(bAgg, dk, db)
}

// aggregator collects the counters in memory (migration, test data) and
// writes them at the end.
type aggregator struct {
	all  aggAll
	days map[string]*aggDay
}

func (s *Store) newAggregator() *aggregator { return &aggregator{days: map[string]*aggDay{}} }

func (s *Store) aggAdd(a *aggregator, e *LogEntry) {
	a.all.add(e)
	name := s.dayName(e.At)
	d := a.days[name]
	if d == nil {
		d = &aggDay{}
		a.days[name] = d
	}
	d.add(e)
}

func (a *aggregator) write(w *writer) error {
	if a.all.Reviews == 0 {
		return nil
	}
	ab, err := json.Marshal(a.all)
	if err != nil {
		return err
	}
	if err := w.put(bAgg, kAggAll, ab); err != nil {
		return err
	}
	for name, d := range a.days {
		db, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if err := w.put(bAgg, dayKey(name), db); err != nil {
			return err
		}
	}
	return nil
}
