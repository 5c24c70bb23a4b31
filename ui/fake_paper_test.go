package ui

import (
	"slices"

	"github.com/shuati/shuati/store"
)

// The fake store's exam paper in progress: one at most, dropped when its
// exam is handed in (HandInExam) and never saved again after.

func (f *fakeStore) SavePaper(p store.ExamPaper) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failPaper; err != nil {
		f.failPaper = nil
		return err
	}
	for _, e := range f.exams {
		if e.ID == p.ID && e.Started.Equal(p.Started) {
			return store.ErrHandedIn
		}
	}
	p.Questions = slices.Clone(p.Questions)
	f.paper = &p
	f.paperSaves++
	return nil
}

func (f *fakeStore) Paper() (store.ExamPaper, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.paper == nil {
		return store.ExamPaper{}, false, nil
	}
	p := *f.paper
	p.Questions = slices.Clone(p.Questions)
	return p, true, nil
}

func (f *fakeStore) DiscardPaper(id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.paper != nil && f.paper.ID == id {
		f.paper = nil
	}
	return nil
}

// savedPaper is the paper kept, or nil.
func (f *fakeStore) savedPaper() *store.ExamPaper {
	p, ok, _ := f.Paper()
	if !ok {
		return nil
	}
	return &p
}
