package ui

import (
	"time"

	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/optimize"
)

// The fake store's memory model: the scheduler, its weights and the log as
// the optimizer reads it.

func (f *fakeStore) Scheduler() *fsrs.Scheduler {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sched
}

func (f *fakeStore) CardStates(keys []string) (map[string]fsrs.Card, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]fsrs.Card{}
	for _, k := range keys {
		if c, ok := f.cards[k]; ok {
			out[k] = c
		}
	}
	return out, nil
}

func (f *fakeStore) Weights() store.Weights {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.weights == nil {
		return store.DefaultWeights()
	}
	return *f.weights
}

// ReviewLog replays the log to give each answer the state its card was in.
func (f *fakeStore) ReviewLog() ([]optimize.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cards := map[string]fsrs.Card{}
	var out []optimize.Review
	for _, a := range f.log {
		c, ok := cards[a.Key]
		if !ok {
			c = fsrs.NewCard(a.At)
		}
		out = append(out, optimize.Review{CardID: a.Key, At: a.At, Rating: a.Rating, State: c.State, Duration: a.Took})
		cards[a.Key], _ = f.sched.Review(c, a.At, a.Rating)
	}
	return out, nil
}

func (f *fakeStore) FitOptions() optimize.Options {
	o := optimize.DefaultOptions(time.UTC)
	o.DayStartHour = 0
	return o
}

func (f *fakeStore) ApplyWeights(fit store.Fit) error {
	return f.setWeights(func(w *store.Weights) {
		w.Previous, w.Current, w.Changed = w.Current, fit.Weights, fit.At
		w.LastFit = &fit
	})
}

func (f *fakeStore) ResetWeights(at time.Time) error {
	return f.setWeights(func(w *store.Weights) {
		w.Previous, w.Current, w.Changed = w.Current, fsrs.DefaultWeights, at
	})
}

func (f *fakeStore) setWeights(change func(*store.Weights)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failSave; err != nil {
		f.failSave = nil
		return err
	}
	w := store.DefaultWeights()
	if f.weights != nil {
		w = *f.weights
	}
	change(&w)
	p := fsrs.DefaultParams()
	p.W = w.Current
	s, err := fsrs.New(p)
	if err != nil {
		return err
	}
	f.weights, f.sched = &w, s
	return nil
}
