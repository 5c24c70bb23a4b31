package importer

import (
	"strings"
	"unsafe"

	"github.com/shuati/shuati/bank"
)

// Import reads UTF-8 input in place (decode's shared text) instead of
// copying a file of many megabytes first; the strings it keeps are mostly
// built anew, but some are slices of the input. detach gives each string
// of the result that still points into the input a copy of its own, so
// the caller's buffer may change after Import returns.
// TestImportDetaches walks every string of the results to check this.

func detach(b *bank.Bank, rep *Report, data []byte) {
	if len(data) == 0 {
		return
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	end := base + uintptr(len(data))
	// Short strings are copied into shared blocks (one allocation for
	// many; a block's bytes never change once written).
	var block []byte
	own := func(s *string) {
		n := len(*s)
		if n == 0 {
			return
		}
		if p := uintptr(unsafe.Pointer(unsafe.StringData(*s))); p < base || p >= end {
			return
		}
		if n > 1024 {
			*s = strings.Clone(*s)
			return
		}
		if cap(block)-len(block) < n {
			block = make([]byte, 0, 64<<10)
		}
		at := len(block)
		block = append(block, *s...)
		*s = unsafe.String(&block[at], n)
	}
	ownType := func(t *bank.Type) {
		s := string(*t)
		own(&s)
		*t = bank.Type(s)
	}
	ownAnswer := func(a *bank.Answer) {
		if a == nil {
			return
		}
		own(&a.Choices)
		own(&a.Text)
		for _, alts := range a.Blanks {
			for i := range alts {
				own(&alts[i])
			}
		}
	}
	ownNotes := func(ns []Note) {
		for i := range ns {
			for j, a := range ns[i].Args {
				if s, ok := a.(string); ok {
					own(&s)
					ns[i].Args[j] = s
				}
			}
		}
	}
	if b != nil {
		for _, s := range []*string{&b.Name, &b.Title, &b.Source, &b.File} {
			own(s)
		}
		for _, q := range b.Questions {
			for _, s := range []*string{&q.Bank, &q.ID, &q.Section, &q.Source, &q.Stem, &q.Explanation} {
				own(s)
			}
			ownType(&q.Type)
			for i := range q.Options {
				own(&q.Options[i].Key)
				own(&q.Options[i].Text)
			}
			ownAnswer(q.Answer)
			for i := range q.Tags {
				own(&q.Tags[i])
			}
			for i := range q.Parts {
				own(&q.Parts[i].Stem)
				ownAnswer(q.Parts[i].Answer)
			}
		}
	}
	if rep == nil {
		return
	}
	for _, s := range []*string{&rep.File, &rep.Encoding, &rep.Bank} {
		own(s)
	}
	k := string(rep.Kind)
	own(&k)
	rep.Kind = Kind(k)
	if len(rep.ByType) > 0 {
		byType := make(map[bank.Type]int, len(rep.ByType))
		for t, n := range rep.ByType {
			ownType(&t)
			byType[t] = n
		}
		rep.ByType = byType
	}
	for i := range rep.Unplaced {
		own(&rep.Unplaced[i].Text)
	}
	for _, items := range [][]Item{rep.NoAnswer, rep.Skipped, rep.Noted} {
		for i := range items {
			own(&items[i].ID)
			ownType(&items[i].Type)
			own(&items[i].Text)
			ownNotes(items[i].Reasons)
		}
	}
	ownNotes(rep.Notes)
}
