package ui

import (
	"errors"
	"maps"
	"strings"
	"time"
)

// The fake store's notes and hand edits of the mistake book.

func (f *fakeStore) SetNote(key, note string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.notes == nil {
		f.notes = map[string]string{}
	}
	if strings.TrimSpace(note) == "" {
		delete(f.notes, key)
	} else {
		f.notes[key] = note
	}
	return nil
}

func (f *fakeStore) Notes() (map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := maps.Clone(f.notes)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}

func (f *fakeStore) MasterMistake(key string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.mistakes[key]
	if !ok {
		return errors.New("not in the mistake book")
	}
	if !m.Mastered {
		m.Mastered, m.MasteredAt = true, at
		f.mistakes[key] = m
	}
	return nil
}

func (f *fakeStore) RemoveMistakes(keys []string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range keys {
		delete(f.mistakes, k)
	}
	return nil
}
