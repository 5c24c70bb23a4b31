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

// SaveExam replaces a record with the same ID and start, as the store does.
func (f *fakeStore) SaveExam(e store.ExamRecord) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failSave != nil {
		err := f.failSave
		f.failSave = nil
		return err
	}
	for i, old := range f.exams {
		if old.ID == e.ID && old.Started.Equal(e.Started) {
			f.exams[i] = e
			return nil
		}
	}
	f.exams = append(f.exams, e)
	return nil
}

func (f *fakeStore) SaveSettings(s store.Settings) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settings = s
	return nil
}
