package fsrs

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// BenchmarkReview measures one review of a card in Review state.
func BenchmarkReview(b *testing.B) {
	s := mustNew(b, DefaultParams())
	c, _ := s.Review(NewCard(t0), t0, Good)
	c, _ = s.Review(c, c.Due, Good)
	c, _ = s.Review(c, c.Due, Good)
	now := c.Due.Add(2 * day)
	b.ReportAllocs()
	for b.Loop() {
		c2, _ := s.Review(c, now, Good)
		if c2.Reps != c.Reps+1 {
			b.Fatal("bad review")
		}
	}
}

// BenchmarkPreview measures the four-rating preview the UI shows.
func BenchmarkPreview(b *testing.B) {
	s := mustNew(b, DefaultParams())
	c, _ := s.Review(NewCard(t0), t0, Easy)
	now := c.Due
	b.ReportAllocs()
	for b.Loop() {
		p := s.Preview(c, now)
		if p[0].Lapses != 1 {
			b.Fatal("bad preview")
		}
	}
}

// queueCards returns n cards in a realistic mix of states: a fifth new, the
// rest reviewed 1 to 12 times at random times over the preceding year.
func queueCards(b *testing.B, s *Scheduler, n int, now time.Time) []Card {
	rng := rand.New(rand.NewPCG(42, 42))
	cards := make([]Card, n)
	for i := range cards {
		start := now.Add(-time.Duration(rng.IntN(365*86400)) * time.Second)
		c := NewCard(start)
		if rng.IntN(5) > 0 {
			at := start
			for k := 1 + rng.IntN(12); k > 0; k-- {
				c, _ = s.Review(c, at, Rating(1+rng.IntN(4)))
				at = c.Due.Add(time.Duration(rng.IntN(3*86400)) * time.Second)
				if at.After(now) {
					break
				}
			}
		}
		cards[i] = c
	}
	return cards
}

// queueItem is a card's place in the queue: its due time in Unix
// milliseconds (so sorting compares integers) and its index.
type queueItem struct {
	due int64
	idx int32
}

func compareItems(x, y queueItem) int {
	if c := cmp.Compare(x.due, y.due); c != 0 {
		return c
	}
	return cmp.Compare(x.idx, y.idx)
}

// BenchmarkScheduleQueue builds a review queue over 100,000 cards: it
// computes each card's retrievability at now, and sorts all cards by due
// (ties by index), then counts how many are due.
func BenchmarkScheduleQueue(b *testing.B) {
	const n = 100000
	s := mustNew(b, DefaultParams())
	now := t0.Add(400 * day)
	cards := queueCards(b, s, n, now)
	items := make([]queueItem, n)
	rs := make([]float64, n)
	b.ReportAllocs()
	b.ResetTimer()
	due := 0
	for b.Loop() {
		due = 0
		for i := range cards {
			c := &cards[i]
			items[i] = queueItem{due: c.Due.UnixMilli(), idx: int32(i)}
			rs[i] = s.Retrievability(*c, now)
			if !c.Due.After(now) {
				due++
			}
		}
		slices.SortFunc(items, compareItems)
	}
	b.StopTimer()
	if due == 0 || due == n {
		b.Fatalf("degenerate queue: %d of %d due", due, n)
	}
	for i := 1; i < n; i++ {
		if cards[items[i].idx].Due.Before(cards[items[i-1].idx].Due) {
			b.Fatal("queue not sorted")
		}
	}
	for i, r := range rs {
		if r < 0 || r > 1 || (r == 0) != (cards[i].State == StateNew) {
			b.Fatalf("card %d: retrievability %v", i, r)
		}
	}
	b.ReportMetric(float64(due), "due_cards")
}
