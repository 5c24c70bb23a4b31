package ui

import (
	"time"

	"github.com/shuati/shuati/store"
)

// The fake store's methods used by the exam, browse, stats and settings
// screens.

func (f *fakeStore) History(key string) ([]store.LogEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []store.LogEntry
	for _, a := range f.log {
		if a.Key == key {
			out = append(out, store.LogEntry{Key: a.Key, At: a.At, Mode: a.Mode, Given: a.Given, Correct: a.Correct,
				Rating: a.Rating, Took: a.Took, Type: a.Type, Section: a.Section})
		}
	}
	return out, nil
}

func (f *fakeStore) Retrievability(key string, now time.Time) (float64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cards[key]
	if !ok {
		return 0, nil
	}
	return f.sched.Retrievability(c, now), nil
}

func (f *fakeStore) Exams() ([]store.ExamRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.ExamRecord(nil), f.exams...), nil
}

// HandInExam stores the exam (replacing one with the same ID and start)
// and records the answers whose question had no verdict in the stored
// exam, all or nothing, as the store does.
func (f *fakeStore) HandInExam(e store.ExamRecord, answers []store.Answer) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failSave; err != nil {
		f.failSave = nil
		return err
	}
	if err := f.failNext; err != nil && len(answers) > 0 {
		f.failNext = nil
		return err
	}
	judged := map[string]bool{}
	stored := -1
	for i, old := range f.exams {
		if old.ID == e.ID && old.Started.Equal(e.Started) {
			stored = i
			for _, a := range old.Answers {
				judged[a.Key] = a.Correct != nil
			}
		}
	}
	for _, a := range answers {
		if !a.Rating.Valid() {
			return store.ErrBadAnswer
		}
	}
	if stored >= 0 {
		f.exams[stored] = e
	} else {
		f.exams = append(f.exams, e)
	}
	for _, a := range answers {
		if !judged[a.Key] {
			f.record(a)
		}
	}
	if f.paper != nil && f.paper.ID == e.ID {
		f.paper = nil // handed in
	}
	return nil
}

func (f *fakeStore) SaveSettings(s store.Settings) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settings = s
	return nil
}
