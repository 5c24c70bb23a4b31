// Package fsrs is a pure FSRS-6 spaced-repetition scheduler.
//
// It reproduces the reference scheduler described in the project's FSRS6.md
// (ts-fsrs 5.4.2, "FSRS-6.0") exactly: the conformance test replays the
// reference vectors in testdata/ and compares every field.
//
// The package is pure: every function takes the current time as an argument,
// nothing here reads the clock, touches storage or draws on screen.
package fsrs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Rating is the learner's grade for one review.
type Rating int

// The four grades.
const (
	Again Rating = 1
	Hard  Rating = 2
	Good  Rating = 3
	Easy  Rating = 4
)

// String returns "Again", "Hard", "Good" or "Easy".
func (r Rating) String() string {
	switch r {
	case Again:
		return "Again"
	case Hard:
		return "Hard"
	case Good:
		return "Good"
	case Easy:
		return "Easy"
	}
	return "Rating(" + strconv.Itoa(int(r)) + ")"
}

// Valid reports whether r is one of the four grades.
func (r Rating) Valid() bool { return r >= Again && r <= Easy }

// State is a card's learning state. The numeric values are the reference's.
type State int

// The four card states.
const (
	StateNew        State = 0
	StateLearning   State = 1
	StateReview     State = 2
	StateRelearning State = 3
)

// String returns "New", "Learning", "Review" or "Relearning".
func (s State) String() string {
	switch s {
	case StateNew:
		return "New"
	case StateLearning:
		return "Learning"
	case StateReview:
		return "Review"
	case StateRelearning:
		return "Relearning"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// ParseState is the inverse of State.String.
func ParseState(s string) (State, error) {
	for st := StateNew; st <= StateRelearning; st++ {
		if st.String() == s {
			return st, nil
		}
	}
	return 0, fmt.Errorf("fsrs: unknown state %q", s)
}

// Card is the scheduling state of one question. The zero LastReview means
// the card was never reviewed.
type Card struct {
	Due           time.Time `json:"due"`
	Stability     float64   `json:"stability"`
	Difficulty    float64   `json:"difficulty"`
	ElapsedDays   int       `json:"elapsed_days"`
	ScheduledDays int       `json:"scheduled_days"`
	Reps          int       `json:"reps"`
	Lapses        int       `json:"lapses"`
	Step          int       `json:"step"` // index into the learning or relearning steps
	State         State     `json:"state"`
	LastReview    time.Time `json:"last_review"`
}

// NewCard returns a card that has never been reviewed, due at now.
func NewCard(now time.Time) Card {
	return Card{Due: now, State: StateNew}
}

// ReviewLog records one review. State, Due, Stability and Difficulty are the
// card's values before the review. As in the reference, ElapsedDays is the
// whole-day gap this review used (§8 of FSRS6.md) and ScheduledDays is the
// interval the card had been given before this review.
type ReviewLog struct {
	Rating        Rating    `json:"rating"`
	State         State     `json:"state"`
	Due           time.Time `json:"due"`
	Stability     float64   `json:"stability"`
	Difficulty    float64   `json:"difficulty"`
	ElapsedDays   int       `json:"elapsed_days"`
	ScheduledDays int       `json:"scheduled_days"`
	Review        time.Time `json:"review"`
	// RetrievabilityBefore is the R the scheduler used; nil on a card's first review.
	RetrievabilityBefore *float64 `json:"retrievability_before"`
}

// Params are the scheduler options.
type Params struct {
	W                [21]float64
	RequestRetention float64 // desired retention, in (0, 1)
	MaximumInterval  int     // days, 1..MaxMaximumInterval
	EnableShortTerm  bool
	LearningSteps    []time.Duration // whole minutes, each > 0
	RelearningSteps  []time.Duration
	EnableFuzz       bool
}

// DefaultWeights are the FSRS-6 default weights.
var DefaultWeights = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722,
	0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
	0.0912, 0.0658, 0.1542,
}

// MaxMaximumInterval bounds Params.MaximumInterval so that due dates stay
// representable as a time.Duration offset.
const MaxMaximumInterval = 100000

// DefaultParams returns the reference defaults: retention 0.9, maximum
// interval 36500 days, short-term on, learning steps 1m 10m, relearning
// step 10m, fuzz off.
func DefaultParams() Params {
	return Params{
		W:                DefaultWeights,
		RequestRetention: 0.9,
		MaximumInterval:  36500,
		EnableShortTerm:  true,
		LearningSteps:    []time.Duration{time.Minute, 10 * time.Minute},
		RelearningSteps:  []time.Duration{10 * time.Minute},
		EnableFuzz:       false,
	}
}

// ParseStep parses a learning step: a positive whole number followed by
// m (minutes), h (hours) or d (days), e.g. "1m", "10m", "1h", "1d".
func ParseStep(s string) (time.Duration, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("fsrs: bad step %q: want a whole number then m, h or d", s)
	}
	var unit time.Duration
	switch s[len(s)-1] {
	case 'm':
		unit = time.Minute
	case 'h':
		unit = time.Hour
	case 'd':
		unit = 24 * time.Hour
	default:
		return 0, fmt.Errorf("fsrs: bad step %q: unit must be m, h or d", s)
	}
	digits := s[:len(s)-1]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("fsrs: bad step %q: want a whole number then m, h or d", s)
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > int64(maxStepMinutes*time.Minute/unit) {
		return 0, fmt.Errorf("fsrs: bad step %q: too large", s)
	}
	if n == 0 {
		return 0, fmt.Errorf("fsrs: bad step %q: must be positive", s)
	}
	return time.Duration(n) * unit, nil
}

// FormatStep is the inverse of ParseStep: it uses the largest unit that
// divides d exactly ("1d", "2h", "90m").
func FormatStep(d time.Duration) string {
	switch {
	case d > 0 && d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
}

// ParseSteps parses a list of steps such as "1m 10m" or "1m,10m".
func ParseSteps(s string) ([]time.Duration, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	out := make([]time.Duration, 0, len(fields))
	for _, f := range fields {
		d, err := ParseStep(f)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// maxStepMinutes bounds a single step (10 years), far beyond any sensible use.
const maxStepMinutes = 3650 * 1440

// Scheduler schedules reviews with one fixed, validated parameter set.
// It is immutable and safe for concurrent use.
type Scheduler struct {
	p         Params // effective parameters, weights clipped
	w         [21]float64
	decay     float64
	factor    float64
	im        float64 // interval modifier
	d0Easy    float64 // unclamped D0raw(Easy), the mean-reversion target
	learn     []int   // learning steps in minutes
	relearn   []int   // relearning steps in minutes
	stCap     float64 // r8(exp(w17*w18)) divisor, see §7(b)
	expW8     float64
	shortTerm bool
}

// Errors returned by New.
var (
	ErrRetention   = errors.New("fsrs: request retention must be in (0, 1)")
	ErrMaxInterval = fmt.Errorf("fsrs: maximum interval must be between 1 and %d days", MaxMaximumInterval)
	ErrWeights     = errors.New("fsrs: weights must be finite numbers")
	ErrStep        = errors.New("fsrs: steps must be whole minutes, more than 0 and at most 3650 days")
)

// weightRanges are the reference's clipping ranges (FSRS6.md §2); w17/w18's
// upper bound and w19's lower bound depend on the options.
var weightRanges = [21][2]float64{
	{0.001, 100}, {0.001, 100}, {0.001, 100}, {0.001, 100},
	{1, 10}, {0.001, 4}, {0.001, 4}, {0.001, 0.75},
	{0, 4.5}, {0, 0.8}, {0.001, 3.5}, {0.001, 5},
	{0.001, 0.25}, {0.001, 0.9}, {0, 4}, {0, 1},
	{1, 6}, {0, 2}, {0, 2}, {0.01, 0.8},
	{0.1, 0.8},
}

// ClipWeights clamps every weight into the reference's range (FSRS6.md §2),
// given the number of relearning steps and whether short-term is enabled.
func ClipWeights(w [21]float64, relearningSteps int, shortTerm bool) [21]float64 {
	ceiling := 2.0
	if relearningSteps > 1 {
		v := -(math.Log(w[11]) + math.Log(math.Pow(2, w[13])-1) + float64(w[14]*0.3)) / float64(relearningSteps)
		ceiling = clamp(r8(math.Sqrt(math.Max(0, v))), 0.01, 2)
	}
	var out [21]float64
	for i, x := range w {
		lo, hi := weightRanges[i][0], weightRanges[i][1]
		switch i {
		case 17, 18:
			hi = ceiling
		case 19:
			if !shortTerm {
				lo = 0
			}
		}
		out[i] = clamp(x, lo, hi)
	}
	return out
}

// New validates p and returns a scheduler. Weights outside the reference's
// ranges are clipped into them as the reference does; Params() reports the
// effective values.
func New(p Params) (*Scheduler, error) {
	if !(p.RequestRetention > 0 && p.RequestRetention < 1) {
		return nil, ErrRetention
	}
	if p.MaximumInterval < 1 || p.MaximumInterval > MaxMaximumInterval {
		return nil, ErrMaxInterval
	}
	for _, x := range p.W {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, ErrWeights
		}
	}
	learn, err := stepMinutes(p.LearningSteps)
	if err != nil {
		return nil, fmt.Errorf("learning steps: %w", err)
	}
	relearn, err := stepMinutes(p.RelearningSteps)
	if err != nil {
		return nil, fmt.Errorf("relearning steps: %w", err)
	}
	s := &Scheduler{learn: learn, relearn: relearn, shortTerm: p.EnableShortTerm}
	s.w = ClipWeights(p.W, len(relearn), p.EnableShortTerm)
	s.p = p
	s.p.W = s.w
	s.p.LearningSteps = append([]time.Duration(nil), p.LearningSteps...)
	s.p.RelearningSteps = append([]time.Duration(nil), p.RelearningSteps...)

	s.decay = -s.w[20]
	s.factor = r8(math.Exp(math.Pow(s.decay, -1)*math.Log(0.9)) - 1)
	s.im = r8((math.Pow(p.RequestRetention, 1/s.decay) - 1) / s.factor)
	if !(s.im > 0) || math.IsInf(s.im, 0) {
		return nil, ErrRetention
	}
	s.d0Easy = s.initDifficultyRaw(Easy)
	s.expW8 = math.Exp(s.w[8])
	if p.EnableShortTerm {
		s.stCap = math.Exp(float64(s.w[17] * s.w[18]))
	} else {
		s.stCap = 1 // w17 and w18 are treated as 0: exp(0) = 1
	}
	return s, nil
}

func stepMinutes(steps []time.Duration) ([]int, error) {
	out := make([]int, len(steps))
	for i, d := range steps {
		if d <= 0 || d%time.Minute != 0 || d > maxStepMinutes*time.Minute {
			return nil, fmt.Errorf("%w (got %v)", ErrStep, d)
		}
		out[i] = int(d / time.Minute)
	}
	return out, nil
}

// Params returns the effective parameters (weights after clipping).
func (s *Scheduler) Params() Params {
	p := s.p
	p.LearningSteps = append([]time.Duration(nil), s.p.LearningSteps...)
	p.RelearningSteps = append([]time.Duration(nil), s.p.RelearningSteps...)
	return p
}
