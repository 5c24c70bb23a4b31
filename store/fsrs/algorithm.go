package fsrs

import "math"

// The FSRS-6 model formulas, written in the order and with the rounding of
// FSRS6.md §3–§7. Products are wrapped in float64(...) where a fused
// multiply-add could otherwise change the last bit (Go spec, "Arithmetic
// operators"); the reference evaluates each operation separately.

// Stability bounds in days.
const (
	SMin = 0.001
	SMax = 36500.0
)

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }

// jsround is JavaScript's Math.round: nearest integer, ties toward +Inf.
func jsround(x float64) float64 {
	f := math.Floor(x)
	if x-f >= 0.5 {
		f++
	}
	return f
}

// r8 rounds to 8 decimals as the reference does.
func r8(x float64) float64 { return jsround(float64(x*1e8)) / 1e8 }

// forgettingCurve is R(t, S) (§3).
func (s *Scheduler) forgettingCurve(t int, stability float64) float64 {
	return r8(math.Pow(1+float64(s.factor*float64(t))/stability, s.decay))
}

// interval is I(S) (§4) before fuzz: whole days, at least 1, at most the maximum.
func (s *Scheduler) interval(stability float64) int {
	i := math.Max(1, jsround(float64(stability*s.im)))
	return int(math.Min(i, float64(s.p.MaximumInterval)))
}

// initStability is S0(G) (§5).
func (s *Scheduler) initStability(g Rating) float64 { return math.Max(s.w[g-1], 0.1) }

// initDifficultyRaw is D0raw(G) (§5), not clamped.
func (s *Scheduler) initDifficultyRaw(g Rating) float64 {
	return r8(s.w[4] - math.Exp(float64(float64(g-1)*s.w[5])) + 1)
}

// initDifficulty is D0(G) (§5).
func (s *Scheduler) initDifficulty(g Rating) float64 { return clamp(s.initDifficultyRaw(g), 1, 10) }

// nextDifficulty is D' (§6).
func (s *Scheduler) nextDifficulty(d float64, g Rating) float64 {
	dD := float64(-s.w[6] * float64(g-3))
	d1 := d + r8(float64(dD*(10-d))/9)
	d2 := r8(float64(s.w[7]*s.d0Easy) + float64((1-s.w[7])*d1))
	return clamp(d2, 1, 10)
}

// shortTermStability is §7(a).
func (s *Scheduler) shortTermStability(stability float64, g Rating) float64 {
	sinc := float64(math.Pow(stability, -s.w[19]) * math.Exp(float64(s.w[17]*(float64(g-3)+s.w[18]))))
	if g >= Hard {
		sinc = math.Max(sinc, 1)
	}
	return r8(clamp(float64(stability*sinc), SMin, SMax))
}

// forgetStability is Sf in §7(b).
func (s *Scheduler) forgetStability(d, stability, r float64) float64 {
	x := float64(s.w[11] * math.Pow(d, -s.w[12]))
	x = float64(x * (math.Pow(stability+1, s.w[13]) - 1))
	x = float64(x * math.Exp(float64((1-r)*s.w[14])))
	return r8(clamp(x, SMin, SMax))
}

// lapseStability is §7(b): the post-lapse stability, capped.
func (s *Scheduler) lapseStability(d, stability, r float64) float64 {
	sf := s.forgetStability(d, stability, r)
	limit := stability
	if s.shortTerm {
		limit = r8(stability / s.stCap)
	}
	return math.Min(math.Max(limit, SMin), sf)
}

// recallStability is §7(c).
func (s *Scheduler) recallStability(d, stability, r float64, g Rating) float64 {
	hp, eb := 1.0, 1.0
	if g == Hard {
		hp = s.w[15]
	}
	if g == Easy {
		eb = s.w[16]
	}
	x := float64(s.expW8 * (11 - d))
	x = float64(x * math.Pow(stability, -s.w[9]))
	x = float64(x * (math.Exp(float64((1-r)*s.w[10])) - 1))
	x = float64(x * hp)
	x = float64(x * eb)
	return r8(clamp(float64(stability*(1+x)), SMin, SMax))
}

// nextStability is §7 for a card that has been reviewed before: t is the
// elapsed whole days and r = R(t, S).
func (s *Scheduler) nextStability(d, stability float64, t int, r float64, g Rating) float64 {
	switch {
	case t == 0 && s.shortTerm:
		return s.shortTermStability(stability, g)
	case g == Again:
		return s.lapseStability(d, stability, r)
	default:
		return s.recallStability(d, stability, r, g)
	}
}
