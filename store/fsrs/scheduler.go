package fsrs

import (
	"math"
	"time"
)

const (
	minutesPerDay = 1440
	day           = 24 * time.Hour
)

// utcDay is the number of the UTC calendar date holding t (days since 1970-01-01).
func utcDay(t time.Time) int64 {
	u := t.Unix()
	d := u / 86400
	if u%86400 < 0 {
		d--
	}
	return d
}

// ElapsedDays is t of FSRS6.md §8: the number of UTC calendar dates between
// the card's last review and now. It is 0 for a card never reviewed and, when
// the clock went backwards across midnight (where the reference throws),
// clamped to 0.
func ElapsedDays(c Card, now time.Time) int {
	if c.State == StateNew || c.LastReview.IsZero() {
		return 0
	}
	t := utcDay(now) - utcDay(c.LastReview)
	if t < 0 {
		return 0
	}
	if t > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(t)
}

// Retrievability is the probability of recall at now, R(t, S) with t from
// ElapsedDays: the same value a review at now would use (and record as
// ReviewLog.RetrievabilityBefore). It is 0 for a card never reviewed.
func (s *Scheduler) Retrievability(c Card, now time.Time) float64 {
	if c.State == StateNew || c.LastReview.IsZero() || !(c.Stability > 0) {
		return 0
	}
	return s.forgettingCurve(ElapsedDays(c, now), c.Stability)
}

// Review applies rating r to card c at time now and returns the new card and
// the log of the review. A now earlier than the card's last review is
// accepted: the elapsed days are clamped to 0 and intervals stay positive.
// r must be Again, Hard, Good or Easy; anything else is a programming error
// and panics.
func (s *Scheduler) Review(c Card, now time.Time, r Rating) (Card, ReviewLog) {
	if !r.Valid() {
		panic("fsrs: invalid rating " + r.String())
	}
	var next [4]Card
	t, rb := s.schedule(c, now, &next)
	log := ReviewLog{
		Rating:               r,
		State:                c.State,
		Due:                  c.Due,
		Stability:            c.Stability,
		Difficulty:           c.Difficulty,
		ElapsedDays:          t,
		ScheduledDays:        c.ScheduledDays,
		Review:               now,
		RetrievabilityBefore: rb,
	}
	return next[r-1], log
}

// Preview returns the card that each rating would produce at now, indexed by
// rating-1 (Again, Hard, Good, Easy). Preview(c, now)[r-1] equals the card
// Review(c, now, r) returns.
func (s *Scheduler) Preview(c Card, now time.Time) [4]Card {
	var next [4]Card
	s.schedule(c, now, &next)
	return next
}

// schedule fills next with the outcome of each grade and returns t and the
// retrievability used (nil on a first review).
func (s *Scheduler) schedule(c Card, now time.Time, next *[4]Card) (int, *float64) {
	t := ElapsedDays(c, now)
	cur := c
	cur.Reps++
	cur.LastReview = now
	cur.ElapsedDays = t
	fz := s.fuzzFactor(c, cur.Reps, now)

	if c.State == StateNew {
		cur.ElapsedDays = 0
		for g := Again; g <= Easy; g++ {
			n := cur
			n.Difficulty = s.initDifficulty(g)
			n.Stability = s.initStability(g)
			next[g-1] = n
		}
		if s.shortTerm {
			for g := Again; g <= Easy; g++ {
				s.applySteps(&next[g-1], g, s.learn, c.Step, StateLearning, now, t, fz)
			}
		} else {
			s.longTermIntervals(next, now, t, fz)
		}
		return t, nil
	}

	r := s.forgettingCurve(t, c.Stability)
	for g := Again; g <= Easy; g++ {
		n := cur
		n.Difficulty = s.nextDifficulty(c.Difficulty, g)
		n.Stability = s.nextStability(c.Difficulty, c.Stability, t, r, g)
		next[g-1] = n
	}

	switch {
	case !s.shortTerm:
		s.longTermIntervals(next, now, t, fz)
		next[Again-1].Lapses++
	case c.State == StateLearning || c.State == StateRelearning:
		steps, to := s.learn, StateLearning
		if c.State == StateRelearning {
			steps, to = s.relearn, StateRelearning
		}
		for g := Again; g <= Easy; g++ {
			s.applySteps(&next[g-1], g, steps, c.Step, to, now, t, fz)
		}
	default: // Review, short-term mode
		h := s.nextInterval(next[Hard-1].Stability, t, fz)
		gd := s.nextInterval(next[Good-1].Stability, t, fz)
		e := s.nextInterval(next[Easy-1].Stability, t, fz)
		h = min(h, gd)
		gd = max(gd, h+1)
		e = max(e, gd+1)
		setDays(&next[Hard-1], now, h)
		setDays(&next[Good-1], now, gd)
		setDays(&next[Easy-1], now, e)

		a := &next[Again-1]
		a.Lapses++
		i := max(c.Step, 0)
		if i < len(s.relearn) {
			s.applyMinutes(a, s.relearn[i], 0, StateRelearning, now)
		} else {
			setDays(a, now, s.nextInterval(a.Stability, t, fz))
		}
	}
	return t, &r
}

// longTermIntervals gives every outcome a whole number of days, ordered
// Again < Hard < Good < Easy (§10).
func (s *Scheduler) longTermIntervals(next *[4]Card, now time.Time, t int, fz float64) {
	a := s.nextInterval(next[Again-1].Stability, t, fz)
	h := s.nextInterval(next[Hard-1].Stability, t, fz)
	g := s.nextInterval(next[Good-1].Stability, t, fz)
	e := s.nextInterval(next[Easy-1].Stability, t, fz)
	a = min(a, h)
	h = max(h, a+1)
	g = max(g, h+1)
	e = max(e, g+1)
	setDays(&next[Again-1], now, a)
	setDays(&next[Hard-1], now, h)
	setDays(&next[Good-1], now, g)
	setDays(&next[Easy-1], now, e)
}

// setDays graduates (or keeps) a card in Review, due in days whole days.
func setDays(c *Card, now time.Time, days int) {
	c.State = StateReview
	c.Step = 0
	c.ScheduledDays = days
	c.Due = now.Add(time.Duration(days) * day)
}

// stepFor looks up the learning step for grade g at step index i (§9).
func stepFor(steps []int, i int, g Rating) (minutes, nextIdx int, ok bool) {
	n := len(steps)
	i = max(i, 0)
	if n == 0 || i >= n {
		return 0, 0, false
	}
	switch g {
	case Again:
		return steps[0], 0, true
	case Hard:
		if n == 1 {
			return int(jsround(1.5 * float64(steps[0]))), i, true
		}
		return int(jsround(float64(steps[0]+steps[1]) / 2)), i, true
	case Good:
		if i+1 < n && steps[i+1] > 0 {
			return steps[i+1], i + 1, true
		}
	}
	return 0, 0, false
}

// applySteps routes a New, Learning or Relearning card (§9).
func (s *Scheduler) applySteps(c *Card, g Rating, steps []int, i int, to State, now time.Time, t int, fz float64) {
	m, idx, ok := stepFor(steps, i, g)
	if !ok {
		setDays(c, now, s.nextInterval(c.Stability, t, fz))
		return
	}
	s.applyMinutes(c, m, idx, to, now)
}

// applyMinutes schedules a card m minutes ahead: a short step keeps it in
// state to, a step of a day or more moves it to Review.
func (s *Scheduler) applyMinutes(c *Card, m, idx int, to State, now time.Time) {
	c.Step = idx
	c.Due = now.Add(time.Duration(m) * time.Minute)
	if m < minutesPerDay {
		c.State = to
		c.ScheduledDays = 0
		return
	}
	c.State = StateReview
	c.ScheduledDays = m / minutesPerDay
}
