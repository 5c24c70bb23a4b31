package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

// What a review offers when nothing is due ("study more").
const (
	moreNew    = 10                 // n: this many new cards beyond today's limit
	aheadSpan  = 7 * 24 * time.Hour // a: cards due within this span, soonest first
	aheadLimit = 20                 // a: at most this many
)

// reviewKind is which queue a review drills.
type reviewKind int

const (
	reviewDue   reviewKind = iota // due cards, learning cards, today's new ones
	reviewNew                     // moreNew new cards beyond the limit
	reviewAhead                   // cards due soon, answered early
)

// openReview starts a review session over the FSRS queue of every bank.
func openReview(c *common, _ bool) Screen { return newReview(c, reviewDue) }

// reviewInfo is what a review's load learned that its empty screen says;
// load writes it before the session hears of the keys.
type reviewInfo struct {
	nextLearning time.Time
	now          time.Time
}

func newReview(c *common, kind reviewKind) *session {
	st, now, keys, limit := c.store, c.now(), c.interleaved(), c.settings.NewPerDay
	info := &reviewInfo{now: now}
	banks, set := c.banks, c.settings
	src := sessionSource{
		mode:  store.ModeReview,
		title: "mode.review",
		load: func() ([]string, int, error) {
			order, next, err := reviewKeys(st, kind, now, keys, limit)
			if err == nil && kind == reviewDue && set.TargetExam {
				order, err = targetExam(st, banks, set, now, order)
			}
			info.nextLearning = next
			return order, 0, err
		},
		empty: func(c *common) (string, string) { return c.T("session.empty"), info.emptyText(c, kind) },
	}
	src.more = []moreOption{
		{keys: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", c.T("key.more_new"))), open: func(c *common) Screen { return newReview(c, reviewNew) }},
		{keys: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", c.T("key.ahead"))), open: func(c *common) Screen { return newReview(c, reviewAhead) }},
	}
	return newSession(c, src)
}

// reviewKeys loads what a review of the kind shows, and when the next
// learning card not in it comes back (zero: none). A review with nothing
// due takes the learning cards due within learnAhead at once, as a
// session does at its end.
func reviewKeys(st Store, kind reviewKind, now time.Time, keys []string, limit int) ([]string, time.Time, error) {
	switch kind {
	case reviewNew:
		q, err := st.DueQueue(now, keys, 1<<30)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("due queue: %w", err)
		}
		return q.New[:min(moreNew, len(q.New))], q.NextLearning, nil
	case reviewAhead:
		q, err := st.DueQueue(now.Add(aheadSpan), keys, 0)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("due queue: %w", err)
		}
		order := reviewOrder(q)
		return order[:min(aheadLimit, len(order))], time.Time{}, nil
	}
	q, err := st.DueQueue(now, keys, limit)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("due queue: %w", err)
	}
	order := reviewOrder(q)
	if len(order) == 0 && !q.NextLearning.IsZero() && q.NextLearning.Sub(now) <= learnAhead {
		ahead, err := st.DueQueue(now.Add(learnAhead), keys, 0)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("due queue: %w", err)
		}
		return ahead.Learning, ahead.NextLearning, nil
	}
	return order, q.NextLearning, nil
}

// emptyText says why a review has nothing, when the learning cards come
// back, and what else there is to do.
func (r *reviewInfo) emptyText(c *common, kind reviewKind) string {
	lines := []string{c.T("session.empty_d")}
	switch kind {
	case reviewNew:
		lines[0] = c.T("review.no_new")
	case reviewAhead:
		lines[0] = c.T("review.none_ahead", int(aheadSpan/(24*time.Hour)))
	}
	if !r.nextLearning.IsZero() {
		lines = append(lines, c.T("review.learning_back", formatWait(c.lang, r.nextLearning.Sub(r.now))))
	}
	lines = append(lines, "", c.T("review.more", moreNew), c.T("review.ahead", int(aheadSpan/(24*time.Hour)), aheadLimit))
	return strings.Join(lines, "\n")
}

// reviewOrder puts the due cards first with the learning cards that are
// due interleaved (one after every two due cards), then the new ones.
func reviewOrder(q store.Queue) []string {
	out := make([]string, 0, len(q.Due)+len(q.Learning)+len(q.New))
	li := 0
	for i, k := range q.Due {
		out = append(out, k)
		if i%2 == 1 && li < len(q.Learning) {
			out = append(out, q.Learning[li])
			li++
		}
	}
	out = append(out, q.Learning[li:]...)
	return append(out, q.New...)
}

// targetExam reorders a review for the exam date (Settings.TargetExam):
// first today's share of the questions whose recall on their bank's exam
// date falls below the desired retention (each bank's weak questions
// spread evenly over the days left), with the due ones among them, the
// lowest predicted recall first; then the rest of the review as it was.
// The answers are ordinary reviews: FSRS takes the early ones as they
// come, nothing else of its state is touched.
func targetExam(st Store, banks []*bank.Bank, set store.Settings, now time.Time, order []string) ([]string, error) {
	ebs, _ := examBanks(banks, set, now)
	if len(ebs) == 0 {
		return order, nil
	}
	cards, err := st.CardStates(examBankKeys(ebs))
	if err != nil {
		return nil, fmt.Errorf("card states: %w", err)
	}
	sched := st.Scheduler()
	fbs := forecastBanks(ebs, cards)
	inOrder := make(map[string]bool, len(order))
	for _, k := range order {
		inOrder[k] = true
	}
	var first []forecast.Weak
	for i, eb := range ebs {
		weak := forecast.Weakest(sched, fbs[i:i+1], set.DesiredRetention)
		quota := forecast.PerDay(len(weak), eb.days)
		for j, w := range weak {
			if j < quota || inOrder[w.Key] {
				first = append(first, w)
			}
		}
	}
	slices.SortStableFunc(first, func(a, b forecast.Weak) int { return cmp.Compare(a.Recall, b.Recall) })
	out := make([]string, 0, len(first)+len(order))
	taken := make(map[string]bool, len(first))
	for _, w := range first {
		if c, ok := cards[w.Key]; ok && c.State != fsrs.StateReview && !inOrder[w.Key] {
			continue // a learning card not due yet comes back by its step
		}
		out = append(out, w.Key)
		taken[w.Key] = true
	}
	for _, k := range order {
		if !taken[k] {
			out = append(out, k)
		}
	}
	return out, nil
}
