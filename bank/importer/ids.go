package importer

import (
	"crypto/sha1"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	"github.com/shuati/shuati/bank"
)

// Similar is the similarity (Dice coefficient of the character bigrams of
// the normalised stems) at or above which a re-imported question counts as a
// light edit of a previous one and keeps its ID.
const Similar = 0.8

// maxPairs bounds the fuzzy matching work of one import (unmatched new
// questions × unmatched previous ones).
const maxPairs = 4_000_000

// baseIDBuf is the content-derived ID of a question new to the bank: "q"
// and ten hex digits of the SHA-1 of its normalised section and stem (the
// option texts stand in for an empty stem). section comes normalised; buf
// is scratch space (returned for reuse); the ID's bytes come from blk (if
// not nil).
func baseIDBuf(q *bank.Question, section string, buf []byte, blk *idBlock) (string, []byte) {
	buf = append(buf[:0], section...)
	buf = append(buf, 0)
	n := len(buf)
	buf = bank.AppendNormalized(buf, q.Stem)
	if len(buf) == n {
		for _, o := range q.Options {
			buf = bank.AppendNormalized(buf, o.Text)
		}
	}
	h := sha1.Sum(buf)
	var id [11]byte
	id[0] = 'q'
	hex.Encode(id[1:], h[:5])
	if blk != nil {
		return blk.string(id[:]), buf
	}
	return string(id[:]), buf
}

// idBlock hands out the bytes of many short IDs from shared blocks (one
// allocation for many; a block's bytes never change once written).
// A strings.Builder never changes bytes it has handed out in String, so an
// ID is a slice of the block's String.
type idBlock struct{ b strings.Builder }

func (blk *idBlock) string(s []byte) string {
	if len(s) == 0 || len(s) > 256 {
		return string(s)
	}
	if blk.b.Cap()-blk.b.Len() < len(s) {
		blk.b = strings.Builder{}
		blk.b.Grow(16 << 10)
	}
	at := blk.b.Len()
	blk.b.Write(s)
	return blk.b.String()[at:]
}

// AssignIDs gives every question of b its ID and returns how many kept the
// ID of a question of prev (nil on a first import). The rule:
//
//  0. A question that comes with an ID (the 编号 column of a table) keeps it.
//  1. A question whose normalised stem equals that of a previous question
//     of the same type keeps that question's ID (then: of any type); among
//     several, the first in order.
//  2. Of the rest, a question whose normalised stem is similar to that of a
//     still unclaimed previous question (Similar or more, both stems at
//     least 6 characters, same type) keeps its ID; best pairs first.
//  3. Every other question gets baseID, with "-2", "-3", … appended while it
//     would clash with an ID already in b or with any ID of prev (a
//     question that was removed and comes back new must not inherit some
//     other question's history).
//
// Because baseID depends only on the normalised section and stem, a
// question also keeps its ID when the previous import is gone, as long as
// its text and section did not change.
func AssignIDs(b *bank.Bank, prev *bank.Bank) int {
	n := len(b.Questions)
	ids := make([]string, n)
	taken := make(map[string]bool, n)
	reserved := map[string]bool{}
	kept := 0
	for i, q := range b.Questions {
		if q.ID != "" { // given by the input (a table's 编号 column)
			ids[i] = q.ID
			taken[q.ID] = true
		}
	}
	if prev != nil && len(prev.Questions) > 0 {
		type pq struct {
			q    *bank.Question
			norm string
			used bool
		}
		pqs := make([]*pq, len(prev.Questions))
		byNorm := map[string][]*pq{}
		for i, q := range prev.Questions {
			p := &pq{q: q, norm: bank.Normalize(q.Stem), used: taken[q.ID]}
			pqs[i] = p
			byNorm[p.norm] = append(byNorm[p.norm], p)
			reserved[q.ID] = true
		}
		norms := make([]string, n)
		for i, q := range b.Questions {
			norms[i] = bank.Normalize(q.Stem)
		}
		claim := func(i int, p *pq) {
			p.used = true
			ids[i] = p.q.ID
			taken[p.q.ID] = true
			kept++
		}
		// 1. exact, same type first, then any type.
		for _, sameType := range []bool{true, false} {
			for i, q := range b.Questions {
				if ids[i] != "" || norms[i] == "" {
					continue
				}
				for _, p := range byNorm[norms[i]] {
					if !p.used && (!sameType || p.q.Type == q.Type) {
						claim(i, p)
						break
					}
				}
			}
		}
		// 2. similar.
		var newIdx []int
		var oldIdx []*pq
		for i := range b.Questions {
			if ids[i] == "" && len([]rune(norms[i])) >= 6 {
				newIdx = append(newIdx, i)
			}
		}
		for _, p := range pqs {
			if !p.used && len([]rune(p.norm)) >= 6 {
				oldIdx = append(oldIdx, p)
			}
		}
		if len(newIdx) > 0 && len(oldIdx) > 0 && len(newIdx)*len(oldIdx) <= maxPairs {
			type pair struct {
				i     int
				p     *pq
				score float64
			}
			var pairs []pair
			oldGrams := make([]map[string]int, len(oldIdx))
			for k, p := range oldIdx {
				oldGrams[k] = bigrams(p.norm)
			}
			for _, i := range newIdx {
				g := bigrams(norms[i])
				for k, p := range oldIdx {
					if p.q.Type != b.Questions[i].Type {
						continue
					}
					if s := dice(g, oldGrams[k]); s >= Similar {
						pairs = append(pairs, pair{i, p, s})
					}
				}
			}
			sort.SliceStable(pairs, func(a, c int) bool { return pairs[a].score > pairs[c].score })
			for _, pr := range pairs {
				if ids[pr.i] == "" && !pr.p.used {
					claim(pr.i, pr.p)
				}
			}
		}
	}
	// 3. content-derived IDs for the rest.
	secName, secNorm := "", ""
	var buf []byte
	var blk idBlock
	suffix := map[string]int{} // the next suffix to try for a repeated base ID
	for i, q := range b.Questions {
		if ids[i] != "" {
			continue
		}
		if q.Section != secName || secNorm == "" {
			secName, secNorm = q.Section, bank.Normalize(q.Section)
		}
		var base string
		base, buf = baseIDBuf(q, secNorm, buf, &blk)
		id := base
		if taken[id] || reserved[id] {
			// the same stem again: base-2, base-3 … (counting on from the
			// last one given, not from 2 each time)
			k := max(suffix[base], 2)
			for id = base + "-" + strconv.Itoa(k); taken[id] || reserved[id]; id = base + "-" + strconv.Itoa(k) {
				k++
			}
			suffix[base] = k + 1
		}
		ids[i] = id
		taken[id] = true
	}
	for i, q := range b.Questions {
		q.ID = ids[i]
	}
	return kept
}

func bigrams(s string) map[string]int {
	r := []rune(s)
	m := make(map[string]int, len(r))
	if len(r) == 1 {
		m[s]++
	}
	for i := 0; i+1 < len(r); i++ {
		m[string(r[i:i+2])]++
	}
	return m
}

// dice is the Dice coefficient of two bigram multisets.
func dice(a, b map[string]int) float64 {
	na, nb, common := 0, 0, 0
	for k, v := range a {
		na += v
		if w := b[k]; w > 0 {
			common += min(v, w)
		}
	}
	for _, v := range b {
		nb += v
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}
