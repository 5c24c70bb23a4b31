package ui

import (
	"github.com/shuati/shuati/bank"
)

// interleave orders keys (keys[i] is qs[i].Key(), in bank order) so that
// the banks and question types take turns: one question from each
// bank-and-type group in the order the groups first appear, then the next
// of each, and so on. Within a group the bank order stays. A review takes
// its new cards from the front of this order, so the first day's cards
// mix every bank and type instead of one bank's single choices in file
// order.
func interleave(qs []*bank.Question, keys []string) []string {
	type group struct{ bank, typ string }
	index := map[group]int{}
	var groups [][]string
	for i, q := range qs {
		g := group{q.Bank, string(q.Type)}
		gi, ok := index[g]
		if !ok {
			gi = len(groups)
			index[g] = gi
			groups = append(groups, nil)
		}
		groups[gi] = append(groups[gi], keys[i])
	}
	out := make([]string, 0, len(keys))
	for round := 0; len(out) < len(keys); round++ {
		for _, g := range groups {
			if round < len(g) {
				out = append(out, g[round])
			}
		}
	}
	return out
}

// interleaved is every key in the order a review brings new cards in:
// mixed (the Interleave setting) or in bank order.
func (c *common) interleaved() []string {
	if !c.settings.Interleave {
		return c.keys()
	}
	return interleave(c.all, c.allKeys)
}
