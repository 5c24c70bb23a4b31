package fsrs

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)

func mustNew(t testing.TB, p Params) *Scheduler {
	t.Helper()
	s, err := New(p)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9 }

func TestParseStep(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1m", time.Minute, true},
		{"10m", 10 * time.Minute, true},
		{"90m", 90 * time.Minute, true},
		{"1h", time.Hour, true},
		{"12h", 12 * time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"3650d", 3650 * 24 * time.Hour, true},
		{"007m", 7 * time.Minute, true},
		{"", 0, false},
		{"m", 0, false},
		{"10", 0, false},
		{"0m", 0, false},
		{"-1m", 0, false},
		{"+1m", 0, false},
		{"1.5m", 0, false},
		{"1s", 0, false},
		{"1M", 0, false},
		{" 1m", 0, false},
		{"1m ", 0, false},
		{"1 m", 0, false},
		{"3651d", 0, false},
		{"99999999999999999999999m", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseStep(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseStep(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok {
			back, err := ParseStep(FormatStep(got))
			if err != nil || back != got {
				t.Errorf("FormatStep(%v) = %q does not parse back", got, FormatStep(got))
			}
		}
	}
	if s := FormatStep(90 * time.Minute); s != "90m" {
		t.Errorf("FormatStep(90m) = %q", s)
	}
	if s := FormatStep(48 * time.Hour); s != "2d" {
		t.Errorf("FormatStep(48h) = %q", s)
	}
	steps, err := ParseSteps("1m, 10m 1h")
	if err != nil || len(steps) != 3 || steps[2] != time.Hour {
		t.Errorf("ParseSteps = %v, %v", steps, err)
	}
	if _, err := ParseSteps("1m 5x"); err == nil {
		t.Error("ParseSteps accepted a bad step")
	}
}

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Params)
		ok   bool
	}{
		{"defaults", func(*Params) {}, true},
		{"retention 0.5", func(p *Params) { p.RequestRetention = 0.5 }, true},
		{"retention 0.99", func(p *Params) { p.RequestRetention = 0.99 }, true},
		{"retention 0", func(p *Params) { p.RequestRetention = 0 }, false},
		{"retention 1", func(p *Params) { p.RequestRetention = 1 }, false},
		{"retention negative", func(p *Params) { p.RequestRetention = -0.1 }, false},
		{"retention above 1", func(p *Params) { p.RequestRetention = 1.5 }, false},
		{"retention NaN", func(p *Params) { p.RequestRetention = math.NaN() }, false},
		{"max interval 1", func(p *Params) { p.MaximumInterval = 1 }, true},
		{"max interval 0", func(p *Params) { p.MaximumInterval = 0 }, false},
		{"max interval negative", func(p *Params) { p.MaximumInterval = -5 }, false},
		{"max interval too large", func(p *Params) { p.MaximumInterval = MaxMaximumInterval + 1 }, false},
		{"weight NaN", func(p *Params) { p.W[3] = math.NaN() }, false},
		{"weight +Inf", func(p *Params) { p.W[20] = math.Inf(1) }, false},
		{"weight -Inf", func(p *Params) { p.W[0] = math.Inf(-1) }, false},
		{"weight out of range is clipped", func(p *Params) { p.W[4] = 50 }, true},
		{"no steps", func(p *Params) { p.LearningSteps, p.RelearningSteps = nil, nil }, true},
		{"day steps", func(p *Params) { p.LearningSteps = []time.Duration{time.Hour, 48 * time.Hour} }, true},
		{"zero step", func(p *Params) { p.LearningSteps = []time.Duration{0} }, false},
		{"negative step", func(p *Params) { p.RelearningSteps = []time.Duration{-time.Minute} }, false},
		{"fractional minute step", func(p *Params) { p.LearningSteps = []time.Duration{90 * time.Second} }, false},
		{"huge step", func(p *Params) { p.LearningSteps = []time.Duration{4000 * 24 * time.Hour} }, false},
	}
	for _, tt := range tests {
		p := DefaultParams()
		tt.edit(&p)
		_, err := New(p)
		if (err == nil) != tt.ok {
			t.Errorf("%s: New error = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestWeightClipping(t *testing.T) {
	p := DefaultParams()
	p.W[4] = 50
	p.W[16] = 0.5
	s := mustNew(t, p)
	if w := s.Params().W; w[4] != 10 || w[16] != 1 || w[0] != DefaultWeights[0] {
		t.Errorf("clipped weights = %v", w)
	}
	// FSRS6.md §2: relearning step count caps w17 and w18.
	for _, tt := range []struct {
		n   int
		w17 float64
	}{{1, 0.5425}, {2, 0.5425}, {3, 0.49027301}, {4, 0.42458888}} {
		p := DefaultParams()
		p.RelearningSteps = make([]time.Duration, tt.n)
		for i := range p.RelearningSteps {
			p.RelearningSteps[i] = time.Duration(i+1) * 10 * time.Minute
		}
		p.W[18] = 1.5
		w := mustNew(t, p).Params().W
		if !near(w[17], tt.w17) {
			t.Errorf("n=%d: w17 = %v, want %v", tt.n, w[17], tt.w17)
		}
		if tt.n > 2 && w[18] != w[17] {
			t.Errorf("n=%d: w18 = %v, want capped at %v", tt.n, w[18], w[17])
		}
	}
	// w19's lower bound is 0.01 with short-term on, 0 with it off.
	p = DefaultParams()
	p.W[19] = 0
	if w := mustNew(t, p).Params().W[19]; w != 0.01 {
		t.Errorf("short-term on: w19 = %v, want 0.01", w)
	}
	p.EnableShortTerm = false
	if w := mustNew(t, p).Params().W[19]; w != 0 {
		t.Errorf("short-term off: w19 = %v, want 0", w)
	}
	// Params returns copies: changing them does not change the scheduler.
	s = mustNew(t, DefaultParams())
	s.Params().LearningSteps[0] = time.Hour
	if s.Params().LearningSteps[0] != time.Minute {
		t.Error("Params exposes the scheduler's step slice")
	}
}

// TestSpecFormulas checks the worked numbers of FSRS6.md §3–§7.
func TestSpecFormulas(t *testing.T) {
	s := mustNew(t, DefaultParams())
	if s.decay != -0.1542 || s.factor != 0.98034649 {
		t.Errorf("decay, factor = %v, %v", s.decay, s.factor)
	}
	for _, c := range []struct {
		t    int
		s, r float64
	}{{1, 1, 0.9}, {10, 10, 0.9}, {0, 5, 1}, {0, 0.3, 1}} {
		if got := s.forgettingCurve(c.t, c.s); got != c.r {
			t.Errorf("R(%d, %v) = %v, want %v", c.t, c.s, got, c.r)
		}
	}
	for rr, im := range map[float64]float64{0.7: 9.28791122, 0.8: 3.3159598, 0.85: 1.90642614, 0.9: 1, 0.95: 0.40255869, 0.97: 0.22276844} {
		p := DefaultParams()
		p.RequestRetention = rr
		if got := mustNew(t, p).im; got != im {
			t.Errorf("IM(%v) = %v, want %v", rr, got, im)
		}
	}
	for _, c := range []struct {
		s    float64
		days int
	}{{0.212, 1}, {1.49, 1}, {1.5, 2}, {2.3065, 2}, {8.2956, 8}, {36500, 36500}} {
		if got := s.interval(c.s); got != c.days {
			t.Errorf("I(%v) = %d, want %d", c.s, got, c.days)
		}
	}
	wantS0 := [4]float64{0.212, 1.2931, 2.3065, 8.2956}
	wantD0raw := [4]float64{6.4133, 5.11217071, 2.11810397, -4.7716307}
	wantD5 := [4]float64{8.34176237, 6.66599536, 4.99022837, 3.31446137}
	wantST := [4]float64{0.35504029, 1, 1.05072037, 1.80755662}
	for g := Again; g <= Easy; g++ {
		if got := s.initStability(g); got != wantS0[g-1] {
			t.Errorf("S0(%v) = %v", g, got)
		}
		if got := s.initDifficultyRaw(g); got != wantD0raw[g-1] {
			t.Errorf("D0raw(%v) = %v", g, got)
		}
		if got := s.nextDifficulty(5, g); got != wantD5[g-1] {
			t.Errorf("D'(5, %v) = %v, want %v", g, got, wantD5[g-1])
		}
		if got := s.shortTermStability(1, g); got != wantST[g-1] {
			t.Errorf("short-term S'(1, %v) = %v, want %v", g, got, wantST[g-1])
		}
	}
	if got := s.initDifficulty(Easy); got != 1 {
		t.Errorf("D0(Easy) = %v, want 1 after the clamp", got)
	}
	// Same-day Hard never changes S; Good leaves a large S unchanged.
	for _, st := range []float64{0.5, 3, 100} {
		if got := s.shortTermStability(st, Hard); got != st {
			t.Errorf("same-day Hard changed S %v to %v", st, got)
		}
	}
	if got := s.shortTermStability(3, Good); got != 3 {
		t.Errorf("same-day Good changed S 3 to %v", got)
	}
	// jsround ties go toward +Inf.
	for x, want := range map[float64]float64{0.5: 1, 1.5: 2, 2.5: 3, -0.5: 0, -1.5: -1, -2.5: -2, 0.49999999999999994: 0} {
		if got := jsround(x); got != want {
			t.Errorf("jsround(%v) = %v, want %v", x, got, want)
		}
	}
}

// TestFlows checks the flow table of FSRS6.md §9 with the defaults.
func TestFlows(t *testing.T) {
	s := mustNew(t, DefaultParams())
	type want struct {
		state State
		due   time.Duration
		step  int
	}
	check := func(name string, c Card, now time.Time, ws [4]want) {
		t.Helper()
		for g := Again; g <= Easy; g++ {
			got, _ := s.Review(c, now, g)
			w := ws[g-1]
			if got.State != w.state || got.Due.Sub(now) != w.due || got.Step != w.step {
				t.Errorf("%s, %v: got %v +%v step %d; want %v +%v step %d",
					name, g, got.State, got.Due.Sub(now), got.Step, w.state, w.due, w.step)
			}
		}
	}
	m := time.Minute
	newCard := NewCard(t0)
	check("New", newCard, t0, [4]want{
		{StateLearning, m, 0}, {StateLearning, 6 * m, 0}, {StateLearning, 10 * m, 1}, {StateReview, 8 * day, 0}})

	l0, _ := s.Review(newCard, t0, Again)
	now := t0.Add(m)
	check("Learning i=0", l0, now, [4]want{
		{StateLearning, m, 0}, {StateLearning, 6 * m, 0}, {StateLearning, 10 * m, 1}, {StateReview, day * time.Duration(s.interval(s.nextStability(l0.Difficulty, l0.Stability, 0, 1, Easy))), 0}})

	l1, _ := s.Review(newCard, t0, Good)
	now = t0.Add(10 * m)
	got, _ := s.Review(l1, now, Good)
	if got.State != StateReview || got.Stability != 2.3065 || got.ScheduledDays != 2 || got.Due.Sub(now) != 2*day {
		t.Errorf("Learning i=1, Good: %+v; want Review, S 2.3065, 2 days", got)
	}
	check("Learning i=1", l1, now, [4]want{
		{StateLearning, m, 0}, {StateLearning, 6 * m, 1}, {StateReview, 2 * day, 0}, {StateReview, day * time.Duration(s.interval(s.shortTermStability(2.3065, Easy))), 0}})

	rev, _ := s.Review(newCard, t0, Easy)
	now = rev.Due
	lapse, _ := s.Review(rev, now, Again)
	if lapse.State != StateRelearning || lapse.Due.Sub(now) != 10*m || lapse.Lapses != 1 || lapse.ScheduledDays != 0 {
		t.Errorf("Review, Again: %+v; want Relearning +10m, 1 lapse", lapse)
	}
	now = lapse.Due
	p := s.Preview(lapse, now)
	check("Relearning i=0", lapse, now, [4]want{
		{StateRelearning, 10 * m, 0}, {StateRelearning, 15 * m, 0}, {StateReview, p[Good-1].Due.Sub(now), 0}, {StateReview, p[Easy-1].Due.Sub(now), 0}})
	if p[Good-1].ScheduledDays < 1 || p[Hard-1].Lapses != 1 {
		t.Errorf("Relearning graduation: %+v", p)
	}

	// Review: ordered Hard < Good < Easy.
	rp := s.Preview(rev, rev.Due)
	if !(rp[Hard-1].ScheduledDays < rp[Good-1].ScheduledDays && rp[Good-1].ScheduledDays < rp[Easy-1].ScheduledDays) {
		t.Errorf("Review intervals not ordered: %d %d %d", rp[Hard-1].ScheduledDays, rp[Good-1].ScheduledDays, rp[Easy-1].ScheduledDays)
	}
}

func TestNoSteps(t *testing.T) {
	p := DefaultParams()
	p.LearningSteps, p.RelearningSteps = nil, nil
	s := mustNew(t, p)
	for g := Again; g <= Easy; g++ {
		c, _ := s.Review(NewCard(t0), t0, g)
		if c.State != StateReview || c.ScheduledDays < 1 {
			t.Errorf("no steps, New %v: %+v", g, c)
		}
		c2, _ := s.Review(c, c.Due, Again)
		if c2.State != StateReview || c2.ScheduledDays < 1 || c2.Lapses != 1 {
			t.Errorf("no relearning steps, Review Again: %+v", c2)
		}
	}
	// A step of a day or more moves the card to Review with whole days.
	p = DefaultParams()
	p.LearningSteps = []time.Duration{time.Hour, 2 * day}
	s = mustNew(t, p)
	c, _ := s.Review(NewCard(t0), t0, Good)
	if c.State != StateReview || c.ScheduledDays != 2 || c.Step != 1 || c.Due.Sub(t0) != 2*day {
		t.Errorf("2d step: %+v", c)
	}
}

func TestLongTermNewCard(t *testing.T) {
	p := DefaultParams()
	p.EnableShortTerm = false
	s := mustNew(t, p)
	want := [4]int{1, 2, 3, 8}
	wantS := [4]float64{0.212, 1.2931, 2.3065, 8.2956}
	for g, c := range s.Preview(NewCard(t0), t0) {
		if c.State != StateReview || c.ScheduledDays != want[g] || c.Stability != wantS[g] || c.Lapses != 0 {
			t.Errorf("long-term New, %v: %+v", Rating(g+1), c)
		}
	}
}

// walk reviews random cards at random times and calls f before each review.
func walk(t *testing.T, s *Scheduler, seed uint64, f func(c Card, now time.Time, r Rating)) {
	rng := rand.New(rand.NewPCG(seed, 1))
	for card := 0; card < 60; card++ {
		now := t0.Add(time.Duration(rng.IntN(86400)) * time.Second)
		c := NewCard(now)
		for i := 0; i < 15; i++ {
			r := Rating(1 + rng.IntN(4))
			f(c, now, r)
			c, _ = s.Review(c, now, r)
			switch rng.IntN(4) {
			case 0: // early, same day or next
				now = now.Add(time.Duration(rng.IntN(30*60)) * time.Second)
			case 1: // on time
				now = c.Due
			default: // late
				now = c.Due.Add(time.Duration(rng.IntN(10*86400)) * time.Second)
			}
		}
	}
}

func schedulerVariants(t *testing.T) map[string]*Scheduler {
	long := DefaultParams()
	long.EnableShortTerm = false
	fuzz := DefaultParams()
	fuzz.EnableFuzz = true
	fuzzLong := long
	fuzzLong.EnableFuzz = true
	steps := DefaultParams()
	steps.LearningSteps = []time.Duration{time.Minute, 10 * time.Minute, time.Hour, 2 * day}
	steps.RelearningSteps = []time.Duration{5 * time.Minute, 30 * time.Minute, time.Hour}
	steps.RequestRetention = 0.8
	steps.MaximumInterval = 200
	return map[string]*Scheduler{
		"default":    mustNew(t, DefaultParams()),
		"long-term":  mustNew(t, long),
		"fuzz":       mustNew(t, fuzz),
		"fuzz-long":  mustNew(t, fuzzLong),
		"many-steps": mustNew(t, steps),
	}
}

func TestPreviewEqualsReview(t *testing.T) {
	for name, s := range schedulerVariants(t) {
		n := 0
		walk(t, s, 7, func(c Card, now time.Time, _ Rating) {
			p := s.Preview(c, now)
			for r := Again; r <= Easy; r++ {
				got, log := s.Review(c, now, r)
				if p[r-1] != got {
					t.Fatalf("%s: Preview[%v] = %+v, Review = %+v", name, r, p[r-1], got)
				}
				if log.Rating != r || log.State != c.State || !log.Due.Equal(c.Due) || log.Stability != c.Stability ||
					log.Difficulty != c.Difficulty || log.ScheduledDays != c.ScheduledDays || !log.Review.Equal(now) ||
					log.ElapsedDays != got.ElapsedDays || (log.RetrievabilityBefore == nil) != (c.State == StateNew) {
					t.Fatalf("%s: log %+v does not describe card %+v before %v", name, log, c, r)
				}
				if got.Reps != c.Reps+1 || !got.LastReview.Equal(now) || !got.Due.After(now) {
					t.Fatalf("%s: %v gave %+v", name, r, got)
				}
				if got.Difficulty < 1 || got.Difficulty > 10 || got.Stability < SMin || got.Stability > SMax {
					t.Fatalf("%s: out of range: %+v", name, got)
				}
				n++
			}
		})
		if n == 0 {
			t.Fatalf("%s: no reviews", name)
		}
	}
}

func TestClockBackwards(t *testing.T) {
	for name, s := range schedulerVariants(t) {
		for _, first := range []Rating{Again, Good, Easy} {
			// A card first reviewed at t0 and then well established.
			c, _ := s.Review(NewCard(t0), t0, first)
			c, _ = s.Review(c, c.Due, Good)
			c, _ = s.Review(c, c.Due, Good)
			last := c.LastReview
			for _, back := range []time.Duration{time.Second, 5 * time.Hour, 10 * time.Hour, day, 3 * day, 400 * day} {
				now := last.Add(-back)
				if r := s.Retrievability(c, now); r != 1 {
					t.Errorf("%s: Retrievability %v before the last review = %v, want 1", name, back, r)
				}
				for r := Again; r <= Easy; r++ {
					got, log := s.Review(c, now, r)
					if got.ElapsedDays != 0 || log.ElapsedDays != 0 {
						t.Errorf("%s: %v back, %v: elapsed %d/%d", name, back, r, got.ElapsedDays, log.ElapsedDays)
					}
					if got.ScheduledDays < 0 || got.Due.Before(now) || !got.Due.After(now) {
						t.Errorf("%s: %v back, %v: scheduled %d, due %v (now %v)", name, back, r, got.ScheduledDays, got.Due, now)
					}
					if math.IsNaN(got.Stability) || got.Stability < SMin || got.Difficulty < 1 || got.Difficulty > 10 {
						t.Errorf("%s: %v back, %v: %+v", name, back, r, got)
					}
					if log.RetrievabilityBefore == nil || *log.RetrievabilityBefore != 1 {
						t.Errorf("%s: %v back, %v: R before = %v", name, back, r, fmtR(log.RetrievabilityBefore))
					}
					// Reviewing again after the rewind keeps working.
					next, _ := s.Review(got, got.Due, Good)
					if next.ElapsedDays < 0 || next.ScheduledDays < 0 || !next.Due.After(got.Due) {
						t.Errorf("%s: after rewind: %+v", name, next)
					}
				}
			}
		}
	}
}

func TestElapsedDays(t *testing.T) {
	mk := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	shanghai := time.FixedZone("CST", 8*3600)
	tests := []struct {
		last, now string
		want      int
	}{
		{"2024-01-01T23:59:00Z", "2024-01-02T00:01:00Z", 1},
		{"2024-01-01T00:01:00Z", "2024-01-01T23:59:00Z", 0},
		{"2024-01-01T12:00:00Z", "2024-01-11T11:00:00Z", 10},
		{"2024-02-28T12:00:00Z", "2024-03-01T01:00:00Z", 2},
		{"1969-12-31T23:00:00Z", "1970-01-01T01:00:00Z", 1},
		{"2024-01-02T00:01:00Z", "2024-01-01T23:59:00Z", 0}, // backwards: clamped
		{"2024-01-01T10:00:00Z", "2024-01-01T09:00:00Z", 0}, // backwards, same date
		// UTC dates count, whatever the zone of the values.
		{"2024-01-01T07:00:00+08:00", "2024-01-01T09:00:00+08:00", 1},
	}
	for _, tt := range tests {
		c := Card{State: StateReview, LastReview: mk(tt.last).In(shanghai)}
		if got := ElapsedDays(c, mk(tt.now)); got != tt.want {
			t.Errorf("ElapsedDays(%s -> %s) = %d, want %d", tt.last, tt.now, got, tt.want)
		}
	}
	if got := ElapsedDays(NewCard(t0), t0.Add(50*day)); got != 0 {
		t.Errorf("new card elapsed = %d", got)
	}
}

func TestRetrievability(t *testing.T) {
	s := mustNew(t, DefaultParams())
	if r := s.Retrievability(NewCard(t0), t0.Add(3*day)); r != 0 {
		t.Errorf("new card R = %v, want 0", r)
	}
	c := Card{State: StateReview, Stability: 10, Difficulty: 5, LastReview: t0}
	if r := s.Retrievability(c, t0.Add(10*day)); r != 0.9 {
		t.Errorf("R after S days = %v, want 0.9", r)
	}
	prev := 1.0
	for d := 0; d < 400; d += 7 {
		r := s.Retrievability(c, t0.Add(time.Duration(d)*day))
		if r > prev || r <= 0 {
			t.Fatalf("R not decreasing at day %d: %v after %v", d, r, prev)
		}
		prev = r
	}
}

func TestFuzz(t *testing.T) {
	for _, tt := range []struct {
		ivl     float64
		elapsed int
		lo, hi  int
	}{
		{3, 0, 2, 4},      // delta 1.075
		{10, 0, 8, 12},    // delta 1.975
		{10, 15, 8, 12},   // elapsed beyond the interval: no floor
		{10, 9, 10, 12},   // lo raised to elapsed+1
		{100, 0, 93, 107}, // delta 1+0.675+1.3+4 = 6.975
	} {
		lo, hi := fuzzRangeFor(tt.ivl, tt.elapsed, 36500)
		if lo != tt.lo || hi != tt.hi {
			t.Errorf("fuzz range(%v, %d) = %d..%d, want %d..%d", tt.ivl, tt.elapsed, lo, hi, tt.lo, tt.hi)
		}
	}
	if lo, hi := fuzzRangeFor(100, 0, 50); lo != 43 || hi != 50 {
		t.Errorf("fuzz range capped = %d..%d", lo, hi)
	}

	p := DefaultParams()
	p.EnableFuzz = true
	fs := mustNew(t, p)
	plain := mustNew(t, DefaultParams())
	c := Card{State: StateReview, Stability: 40, Difficulty: 5, Reps: 5, LastReview: t0, Due: t0.Add(40 * day), ScheduledDays: 40}
	seen := map[int]bool{}
	for i := 0; i < 200; i++ {
		now := c.Due.Add(time.Duration(i) * time.Minute)
		a, _ := fs.Review(c, now, Good)
		b, _ := fs.Review(c, now, Good)
		if a != b {
			t.Fatalf("fuzz not deterministic: %+v vs %+v", a, b)
		}
		base, _ := plain.Review(c, now, Good)
		lo, hi := fuzzRangeFor(float64(base.ScheduledDays), base.ElapsedDays, 36500)
		if a.ScheduledDays < lo || a.ScheduledDays > hi || a.Stability != base.Stability {
			t.Fatalf("fuzzed %d outside %d..%d (base %d)", a.ScheduledDays, lo, hi, base.ScheduledDays)
		}
		pv := fs.Preview(c, now)
		if !(pv[Hard-1].ScheduledDays < pv[Good-1].ScheduledDays && pv[Good-1].ScheduledDays < pv[Easy-1].ScheduledDays) {
			t.Fatalf("fuzzed intervals not ordered: %+v", pv)
		}
		seen[a.ScheduledDays] = true
	}
	if len(seen) < 3 {
		t.Errorf("fuzz produced only %v", seen)
	}
	// Short intervals are never fuzzed.
	nc, _ := fs.Review(NewCard(t0), t0, Good)
	g, _ := fs.Review(nc, nc.Due, Good)
	if g.ScheduledDays != 2 {
		t.Errorf("fuzzed a 2-day interval to %d", g.ScheduledDays)
	}
}

func TestCardJSON(t *testing.T) {
	s := mustNew(t, DefaultParams())
	c, _ := s.Review(NewCard(t0), t0, Hard)
	c, _ = s.Review(c, c.Due, Good)
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"due"`, `"stability"`, `"difficulty"`, `"elapsed_days"`, `"scheduled_days"`,
		`"reps"`, `"lapses"`, `"step"`, `"state"`, `"last_review"`} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("card JSON %s lacks %s", raw, key)
		}
	}
	var back Card
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back != c {
		t.Errorf("JSON round trip: %+v != %+v", back, c)
	}
	var nc Card
	raw, _ = json.Marshal(NewCard(t0))
	if err := json.Unmarshal(raw, &nc); err != nil || !nc.LastReview.IsZero() || nc.State != StateNew {
		t.Errorf("new card round trip: %+v %v", nc, err)
	}
	_, log := s.Review(NewCard(t0), t0, Good)
	raw, _ = json.Marshal(log)
	if !strings.Contains(string(raw), `"retrievability_before":null`) {
		t.Errorf("first-review log JSON: %s", raw)
	}
}

func TestStrings(t *testing.T) {
	for st, name := range map[State]string{StateNew: "New", StateLearning: "Learning", StateReview: "Review", StateRelearning: "Relearning"} {
		if st.String() != name {
			t.Errorf("%d.String() = %q", st, st.String())
		}
		if back, err := ParseState(name); err != nil || back != st {
			t.Errorf("ParseState(%q) = %v, %v", name, back, err)
		}
	}
	if _, err := ParseState("Graduated"); err == nil {
		t.Error("ParseState accepted an unknown name")
	}
	if State(9).String() != "State(9)" || Rating(0).String() != "Rating(0)" || Easy.String() != "Easy" {
		t.Error("String of out-of-range values")
	}
}

func TestInvalidRatingPanics(t *testing.T) {
	s := mustNew(t, DefaultParams())
	for _, r := range []Rating{0, 5, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Review with rating %d did not panic", r)
				}
			}()
			s.Review(NewCard(t0), t0, r)
		}()
	}
}
