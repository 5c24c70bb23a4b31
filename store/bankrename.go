package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// What a bank's name keys besides its questions: its own exam date and
// the practice set-up's last selection in the settings, and the positions
// of sequential practices over it. A rename moves them with the rest.

// PracticeScope is the progress key of a sequential practice: the banks,
// the exact sections, the section substring (--section), the types and
// whether only starred questions are drawn. Lists are sorted, so one
// selection has one key whatever its order.
func PracticeScope(banks, sections []string, section string, types []string, starred bool) string {
	b, s, t := slices.Clone(banks), slices.Clone(sections), slices.Clone(types)
	slices.Sort(b)
	slices.Sort(s)
	slices.Sort(t)
	star := ""
	if starred {
		star = "starred"
	}
	return "practice|" + strings.Join(b, ",") + "|" + strings.Join(s, ",") + "|" + section + "|" + strings.Join(t, ",") + "|" + star
}

// renamed is names with every old replaced by newName (nil stays nil).
func renamed(names []string, old, newName string) []string {
	if names == nil {
		return nil
	}
	out := slices.Clone(names)
	for i, n := range out {
		if n == old {
			out[i] = newName
		}
	}
	return out
}

// scope is a progress key with the bank renamed; scopes of another form
// are left as they are.
func (r rekeyer) scope(scope string) string {
	f := strings.Split(scope, "|")
	if len(f) != 6 || f[0] != "practice" || f[1] == "" {
		return scope
	}
	oldName, newName := r.names()
	banks := renamed(strings.Split(f[1], ","), oldName, newName)
	sections := []string(nil)
	if f[2] != "" {
		sections = strings.Split(f[2], ",")
	}
	types := []string(nil)
	if f[4] != "" {
		types = strings.Split(f[4], ",")
	}
	return PracticeScope(banks, sections, f[3], types, f[5] == "starred")
}

// names are the bank's old and new names.
func (r rekeyer) names() (string, string) {
	return string(r.old[:len(r.old)-1]), string(r.new[:len(r.new)-1])
}

// progress moves the positions of the practices over the bank.
func (r rekeyer) progress(tx *bolt.Tx) error {
	b := tx.Bucket(bProgress)
	var moves []move
	if err := b.ForEach(func(k, v []byte) error {
		if ns := r.scope(string(k)); ns != string(k) {
			moves = append(moves, move{from: clone(k), to: []byte(ns), v: clone(v)})
		}
		return nil
	}); err != nil {
		return err
	}
	return apply(b, moves)
}

// settings moves the bank's own exam date (a date left under the new name
// by a bank of that name removed before goes: the renamed bank keeps its
// own) and the bank in the practice set-up's last selection. It gives the
// settings as stored, or nil when they did not change.
func (r rekeyer) settings(tx *bolt.Tx) (*Settings, error) {
	b := tx.Bucket(bSettings)
	raw := b.Get(kSettings)
	if raw == nil {
		return nil, nil
	}
	set := DefaultSettings()
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	oldName, newName := r.names()
	changed := false
	if d, ok := set.ExamDates[oldName]; ok || set.ExamDates[newName] != "" {
		delete(set.ExamDates, oldName)
		delete(set.ExamDates, newName)
		if d != "" {
			set.ExamDates[newName] = d
		}
		if len(set.ExamDates) == 0 {
			set.ExamDates = nil
		}
		changed = true
	}
	if p := set.LastPractice; p != nil && slices.Contains(p.Banks, oldName) {
		np := *p
		np.Banks = renamed(p.Banks, oldName, newName)
		set.LastPractice, changed = &np, true
	}
	if !changed {
		return nil, nil
	}
	v, err := json.Marshal(set)
	if err != nil {
		return nil, err
	}
	return &set, b.Put(kSettings, v)
}
