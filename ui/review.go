package ui

import (
	"fmt"

	"github.com/shuati/shuati/store"
)

// openReview starts a review session over the FSRS queue of every bank.
func openReview(c *common, _ bool) Screen {
	st, now, keys, limit := c.store, c.now(), c.keys(), c.settings.NewPerDay
	return newSession(c, sessionSource{
		mode:  store.ModeReview,
		title: "mode.review",
		load: func() ([]string, int, error) {
			q, err := st.DueQueue(now, keys, limit)
			if err != nil {
				return nil, 0, fmt.Errorf("due queue: %w", err)
			}
			return reviewOrder(q), 0, nil
		},
	})
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
