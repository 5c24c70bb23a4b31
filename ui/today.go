package ui

import (
	"fmt"
	"time"

	"github.com/shuati/shuati/store"
)

// today holds the review figures home and stats both show, each defined
// once, with the statistics they were read with:
//
//	due       review cards due by now (Queue.Due, Stats.Due)
//	learning  cards in learning or relearning (Stats.Learning); of them
//	          learningNow are due by now (Queue.Learning), and the next
//	          of the others comes back at nextLearning (Queue.NextLearning)
//	newToday  unseen questions today's new limit still lets in (Queue.New)
//	unseen    questions never answered (Stats.New)
//	mistakes  open mistakes (Stats.MistakesOpen, see store.Mistake)
type today struct {
	stats        store.Stats
	due          int
	learning     int
	learningNow  int
	nextLearning time.Time
	newToday     int
	unseen       int
	now          time.Time
}

// loadToday reads the figures; it runs in a Cmd.
func loadToday(st Store, now time.Time, keys []string, newLimit int) (today, error) {
	q, err := st.DueQueue(now, keys, newLimit)
	if err != nil {
		return today{}, fmt.Errorf("due queue: %w", err)
	}
	x, err := st.Stats(now, keys)
	if err != nil {
		return today{}, fmt.Errorf("stats: %w", err)
	}
	return today{stats: x, due: len(q.Due), learning: x.Learning, learningNow: len(q.Learning),
		nextLearning: q.NextLearning, newToday: len(q.New), unseen: x.New, now: now}, nil
}

// learningText is "学习中 33（3 张已到期）", or when none is due yet when
// the next one comes back.
func (t today) learningText(c *common) string {
	s := c.T("home.learning", t.learning)
	switch {
	case t.learningNow > 0:
		s += c.T("today.learning_due", t.learningNow)
	case t.learning > 0 && !t.nextLearning.IsZero():
		s += c.T("today.learning_next", formatWait(c.lang, t.nextLearning.Sub(t.now)))
	}
	return s
}

// parts are the figures in the order both screens show them: due,
// learning, new today, then (stats) the unseen.
func (t today) parts(c *common, unseen bool) []string {
	p := []string{c.T("home.due", t.due), t.learningText(c), c.T("today.new", t.newToday)}
	if unseen {
		p = append(p, c.T("today.unseen", t.unseen))
	}
	return p
}

// formatWait is how long until something comes back: formatInterval, but
// never "now" for a time still ahead (a card due in 30 seconds is not
// due now).
func formatWait(l Lang, d time.Duration) string {
	if d > 0 && d < time.Minute {
		d = time.Minute
	}
	return formatInterval(l, d)
}
