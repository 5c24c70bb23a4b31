package fsrs

import (
	"math"
	"time"
)

// Interval fuzz (off by default and in the conformance tests).
//
// The fuzz ranges and how an interval is drawn from them follow the
// reference (ts-fsrs get_fuzz_range / apply_fuzz). The random factor does
// not: the reference seeds an Alea PRNG from a string of the review time,
// reps and D·S, which FSRS6.md leaves unspecified. Here the factor is a
// SplitMix64 hash of the same three inputs (review time in Unix
// milliseconds, reps after the review, and the bits of D·S before it), so a
// given card reviewed at a given instant always gets the same interval, and
// Preview agrees with Review. As in the reference, one factor serves all
// four grades of a review.

type fuzzRange struct{ start, end, factor float64 }

var fuzzRanges = [...]fuzzRange{
	{2.5, 7, 0.15},
	{7, 20, 0.1},
	{20, math.Inf(1), 0.05},
}

// fuzzFactor returns a deterministic number in [0, 1) for this review.
func (s *Scheduler) fuzzFactor(c Card, reps int, now time.Time) float64 {
	if !s.p.EnableFuzz {
		return 0
	}
	h := splitmix(uint64(now.UnixMilli()))
	h = splitmix(h ^ uint64(reps))
	h = splitmix(h ^ math.Float64bits(c.Difficulty*c.Stability))
	return float64(h>>11) / (1 << 53)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// fuzzRangeFor is the reference's get_fuzz_range.
func fuzzRangeFor(ivl float64, elapsed, maxIvl int) (lo, hi int) {
	delta := 1.0
	for _, r := range fuzzRanges {
		delta += r.factor * math.Max(math.Min(ivl, r.end)-r.start, 0)
	}
	ivl = math.Min(ivl, float64(maxIvl))
	lo = int(math.Max(2, jsround(ivl-delta)))
	hi = int(math.Min(jsround(ivl+delta), float64(maxIvl)))
	if ivl > float64(elapsed) {
		lo = max(lo, elapsed+1)
	}
	lo = min(lo, hi)
	return lo, hi
}

// nextInterval is I(S) (§4) with the optional fuzz applied; elapsed is this
// review's t and fz its fuzz factor.
func (s *Scheduler) nextInterval(stability float64, elapsed int, fz float64) int {
	ivl := s.interval(stability)
	if !s.p.EnableFuzz || ivl < 3 {
		return ivl
	}
	lo, hi := fuzzRangeFor(float64(ivl), elapsed, s.p.MaximumInterval)
	return int(math.Floor(fz*float64(hi-lo+1) + float64(lo)))
}
