package optimize

import (
	"slices"

	"github.com/shuati/shuati/store/fsrs"
)

// The outlier filter of fsrs-rs (src/dataset.rs). Items with a single
// long-term review are grouped by their first rating and the gap before that
// review. In each rating, the smallest groups are dropped until 5% of the
// rating's items (at least 20) are gone; of the rest, groups of fewer than 6
// items and gaps over 100 days (365 for Easy) are dropped too. Every item
// whose first long-term review falls in a dropped (rating, gap) pair goes.

type pairKey struct {
	rating fsrs.Rating
	deltaT int
}

// outliers returns the dropped (first rating, gap) pairs and, of the
// single-long-term-review items, the indices of those kept, in fsrs-rs's
// order: by rating, then by group size and gap ascending.
func outliers(items []Item, gap func(Item) int) (map[pairKey]bool, []int) {
	groups := map[pairKey][]int{}
	for i, it := range items {
		if it.longTermCount() == 1 {
			k := pairKey{it[0].Rating, gap(it)}
			groups[k] = append(groups[k], i)
		}
	}
	keys := make([]pairKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	// Rating ascending; within a rating, group size ascending, then gap ascending.
	slices.SortFunc(keys, func(a, b pairKey) int {
		if a.rating != b.rating {
			return int(a.rating - b.rating)
		}
		if na, nb := len(groups[a]), len(groups[b]); na != nb {
			return na - nb
		}
		return a.deltaT - b.deltaT
	})
	removed := map[pairKey]bool{}
	var kept []int
	for start := 0; start < len(keys); {
		end := start
		total := 0
		for end < len(keys) && keys[end].rating == keys[start].rating {
			total += len(groups[keys[end]])
			end++
		}
		removedCount := 0
		for _, k := range keys[start:end] {
			n := len(groups[k])
			maxGap := 100
			if k.rating == fsrs.Easy {
				maxGap = 365
			}
			switch {
			case removedCount+n < max(20, total/20):
				removedCount += n
				removed[k] = true
			case n >= 6 && k.deltaT <= maxGap:
				kept = append(kept, groups[k]...)
			default:
				removed[k] = true
			}
		}
		start = end
	}
	return removed, kept
}

// survives reports whether an item is outside every dropped pair.
func survives(it Item, removed map[pairKey]bool) bool {
	return !removed[pairKey{it[0].Rating, it.firstLongTerm().DeltaT}]
}

// prepareTraining is fsrs-rs's prepare_training_data: the items pre-training
// uses (single long-term review, kept groups) and the items training uses
// (every item that survives, in the given order).
func prepareTraining(items []Item) (initial, train []Item) {
	removed, kept := outliers(items, func(it Item) int { return it.current().DeltaT })
	initial = make([]Item, len(kept))
	for i, k := range kept {
		initial[i] = items[k]
	}
	for _, it := range items {
		if survives(it, removed) {
			train = append(train, it)
		}
	}
	return initial, train
}

// prepareEvaluation is the filter the reference's evaluate applies first
// (binding prepare_items, fsrs-rs filter_outlier): the kept
// single-long-term-review items in group order, then the surviving others
// in the given order.
func prepareEvaluation(items []Item) []Item {
	var single, others []Item
	for _, it := range items {
		if it.longTermCount() == 1 {
			single = append(single, it)
		} else {
			others = append(others, it)
		}
	}
	removed, kept := outliers(single, func(it Item) int { return it.current().DeltaT })
	out := make([]Item, 0, len(kept)+len(others))
	for _, k := range kept {
		out = append(out, single[k])
	}
	for _, it := range others {
		if survives(it, removed) {
			out = append(out, it)
		}
	}
	return out
}

// recencyWeights weights the i-th of n items (in time order) by
// 0.25 + 0.75·(i/(n−1))³, so recent reviews count up to four times as much.
func recencyWeights(n int) []float32 {
	length := max(float32(n)-1, 1)
	out := make([]float32, n)
	for i := range out {
		x := float32(i) / length
		out[i] = 0.25 + 0.75*(x*(x*x))
	}
	return out
}
