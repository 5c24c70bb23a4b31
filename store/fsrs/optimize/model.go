package optimize

// The FSRS-6 memory model as fsrs-rs trains it (src/analytic.rs, v6.5.0):
// the forward pass in float32, operation for operation as fsrs-rs writes it,
// and the gradient in float64, derived analytically and accumulated in the
// same order. Keeping fsrs-rs's precision and order makes a fit follow
// fsrs-rs's to the last few bits instead of drifting apart step by step.

const (
	sMin    float32 = 0.001
	sMax    float32 = 36500
	dMin    float32 = 1
	dMax    float32 = 10
	minProb float32 = 1e-7
	maxProb float32 = 1 - 1e-7
)

// weights are the 21 FSRS-6 weights in the model's precision.
type weights = [21]float32

func clampf(x, lo, hi float32) float32 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// maxf is Rust's f32::max: the larger, or the one that is not NaN.
func maxf(x, y float32) float32 {
	if x != x || y > x {
		return y
	}
	return x
}

// clampGrad is 1 inside [lo, hi] (boundaries included) and 0 outside, as
// Burn and PyTorch treat a clamp.
func clampGrad(x, lo, hi float32) float64 {
	if x >= lo && x <= hi {
		return 1
	}
	return 0
}

// pow64 is x**y for the positive, finite bases the model uses. exp(y·ln x)
// in float64 is accurate far beyond float32 and much faster than math.Pow.
func pow64(x, y float64) float64 { return exp64(y * log64(x)) }

func powf(x, y float32) float32 { return float32(pow64(float64(x), float64(y))) }
func expf(x float32) float32    { return float32(exp64(float64(x))) }
func lnf(x float32) float32     { return float32(log64(float64(x))) }

// model holds the weights and the values derived from them once per step.
type model struct {
	w               weights
	decay, factor   float32 // forgetting curve: R = (1 + factor·t/S)^decay
	dFactorDDecay   float64
	expW8           float32
	expW8f64        float64
	failureFloorDiv float32 // exp(w17·w18): the post-lapse stability is at most S divided by this
	easyD           float32 // D0(Easy) unclamped: the mean-reversion target
	easyDf64        float64
	exp3w5          float64
	shortGrowth     [5]float32 // exp(w17·(G−3+w18)) for each rating G
}

func newModel(w *weights) *model {
	m := &model{w: *w}
	m.decay = -w[20]
	m.factor = expf(lnf(0.9)/m.decay) - 1
	c := log64(0.9)
	d := float64(m.decay)
	m.dFactorDDecay = exp64(c/d) * (-c / (d * d))
	m.expW8 = expf(w[8])
	m.expW8f64 = exp64(float64(w[8]))
	m.failureFloorDiv = expf(w[17] * w[18])
	m.easyD = initDifficulty(w, 4)
	m.easyDf64 = float64(m.easyD)
	m.exp3w5 = exp64(3 * float64(w[5]))
	for g := 1; g <= 4; g++ {
		m.shortGrowth[g] = expf(w[17] * (float32(g) - 3 + w[18]))
	}
	return m
}

func initDifficulty(w *weights, rating int) float32 {
	return w[4] - expf(w[5]*float32(rating-1)) + 1
}

// retrievability is the forgetting curve R(t, S).
func (m *model) retrievability(t, s float32) float32 {
	r, _ := m.curve(t, s)
	return r
}

// curve is R(t, S) and the logarithm of its base, which the gradient needs.
func (m *model) curve(t, s float32) (float32, float64) {
	logBase := log64(float64(t/s*m.factor + 1))
	return float32(exp64(float64(m.decay) * logBase)), logBase
}

// stepCache keeps what the backward pass needs of one review step.
type stepCache struct {
	lastS, lastD   float32 // the state before the review (clamped)
	deltaT, rating float32
	r              float32 // retrievability at the review (long-term steps)
	logBase        float64 // ln of the forgetting curve's base at the review
	logS           float64 // ln lastS (short-term and success steps)
	sPow           float64 // lastS^-w9 (success steps)
	logD, dPow     float64 // ln lastD and lastD^-w12 (failure steps)
	raw            float32 // failure: the raw post-lapse stability; short: the raw multiplier
	value          float32 // short: the multiplier used; failure: the floor
	preClampS      float32
	meanPreClampD  float32
	kind           stepKind
	active         bool // failure: the floor was used; short: the raw multiplier was used
}

type stepKind uint8

const (
	stepInit stepKind = iota
	stepShort
	stepFailure
	stepSuccess
)

// step applies one review to the state (s, d); nth is its index in the
// card's history (the first review sets the initial state).
func (m *model) step(s, d float32, deltaT float32, rating float32, nth int, c *stepCache) (float32, float32) {
	w := &m.w
	lastS := clampf(s, sMin, sMax)
	lastD := clampf(d, dMin, dMax)
	c.lastS, c.lastD, c.deltaT, c.rating = lastS, lastD, deltaT, rating
	if nth == 0 && s == 0 {
		g := int(clampf(rating, 1, 4))
		newS := w[g-1]
		rawD := initDifficulty(w, g)
		c.kind = stepInit
		c.preClampS = newS
		c.meanPreClampD = rawD
		return clampf(newS, sMin, sMax), clampf(rawD, dMin, dMax)
	}

	var newS float32
	switch {
	case deltaT == 0:
		c.logS = log64(float64(lastS))
		raw := m.shortGrowth[int(rating)] * float32(exp64(float64(-w[19])*c.logS))
		value := raw
		if rating >= 2 {
			value = maxf(raw, 1)
		}
		c.kind, c.raw, c.value = stepShort, raw, value
		c.active = !(rating >= 2 && raw < 1)
		newS = lastS * value
	case rating == 1:
		r, logBase := m.curve(max(deltaT, 0), lastS)
		c.logBase = logBase
		c.logD = log64(float64(lastD))
		c.dPow = exp64(float64(-w[12]) * c.logD)
		raw := w[11] * float32(c.dPow) * (powf(lastS+1, w[13]) - 1) * expf((1-r)*w[14])
		floor := lastS / m.failureFloorDiv
		c.kind, c.r, c.raw, c.value = stepFailure, r, raw, floor
		c.active = floor < raw
		newS = raw
		if c.active {
			newS = floor
		}
	default:
		r, logBase := m.curve(max(deltaT, 0), lastS)
		c.logBase = logBase
		c.logS = log64(float64(lastS))
		c.sPow = exp64(float64(-w[9]) * c.logS)
		hp, eb := float32(1), float32(1)
		if rating == 2 {
			hp = w[15]
		}
		if rating == 4 {
			eb = w[16]
		}
		inc := m.expW8 * (11 - lastD) * float32(c.sPow) * (expf((1-r)*w[10]) - 1) * hp * eb
		c.kind, c.r = stepSuccess, r
		newS = lastS * (inc + 1)
	}
	deltaD := -w[6] * (rating - 3)
	nextD := lastD + (10-lastD)*deltaD/9
	meanD := w[7]*(m.easyD-nextD) + nextD
	c.preClampS = newS
	c.meanPreClampD = meanD
	return clampf(newS, sMin, sMax), clampf(meanD, dMin, dMax)
}

// curveBackward adds dL/dw20 of R(t, s) for an upstream dL/dR and returns
// dL/ds; logBase is the logarithm curve returned with r.
func (m *model) curveBackward(t, s, r float32, logBase float64, gR float64, gw *[21]float64) float64 {
	if gR == 0 {
		return 0
	}
	t = max(t, 0)
	base := float64(t/s*m.factor + 1)
	rr, decay, tt, ss, factor := float64(r), float64(m.decay), float64(t), float64(s), float64(m.factor)
	dbDs := -tt * factor / (ss * ss)
	gS := gR * rr * decay / base * dbDs
	dbDdecay := tt / ss * m.dFactorDDecay
	drDdecay := rr * (logBase + decay/base*dbDdecay)
	gw[20] += -gR * drDdecay
	return gS
}

// stepBackward takes dL/d(new s) and dL/d(new d) of one step, adds the
// weights' gradients and returns dL/d(s) and dL/d(d) of the state before it.
func (m *model) stepBackward(c *stepCache, gOutS, gOutD float64, gw *[21]float64) (float64, float64) {
	w := &m.w
	gPreS := gOutS * clampGrad(c.preClampS, sMin, sMax)
	gPreD := gOutD
	if c.kind == stepInit {
		g := int(clampf(c.rating, 1, 4))
		gw[g-1] += gPreS
		gRawD := gPreD * clampGrad(initDifficulty(w, g), dMin, dMax)
		if gRawD != 0 {
			offset := float64(g - 1)
			gw[4] += gRawD
			gw[5] += gRawD * -offset * exp64(offset*float64(w[5]))
		}
		return 0, 0 // the state before the first review is no state
	}

	var gLastS, gLastD, gR float64
	s, d := float64(c.lastS), float64(c.lastD)
	switch c.kind {
	case stepShort:
		if gPreS != 0 {
			gS := gPreS * float64(c.value)
			if c.active {
				gRaw := gPreS * s
				raw := float64(c.raw)
				q := float64(c.rating - 3 + w[18])
				gw[17] += gRaw * raw * q
				gw[18] += gRaw * raw * float64(w[17])
				gw[19] += gRaw * raw * -c.logS
				gS += gRaw * raw * (-float64(w[19]) / s)
			}
			gLastS += gS
		}
	case stepFailure:
		if gPreS != 0 {
			r := float64(c.r)
			if c.active {
				floor := float64(c.value)
				gw[17] += gPreS * floor * -float64(w[18])
				gw[18] += gPreS * floor * -float64(w[17])
				gLastS += gPreS * (floor / s)
			} else {
				raw := float64(c.raw)
				base := s + 1
				p := pow64(base, float64(w[13]))
				lastDPow := c.dPow
				er := exp64((1 - r) * float64(w[14]))
				gw[11] += gPreS * raw / float64(w[11])
				gw[12] += gPreS * raw * -c.logD
				gw[13] += gPreS * float64(w[11]) * lastDPow * er * p * log64(base)
				gw[14] += gPreS * raw * (1 - r)
				gLastS += gPreS * float64(w[11]) * lastDPow * er * float64(w[13]) * p / base
				gLastD += gPreS * raw * (-float64(w[12]) / d)
				gR += gPreS * raw * -float64(w[14])
			}
		}
	case stepSuccess:
		if gPreS != 0 {
			r := float64(c.r)
			a := m.expW8f64
			b := 11 - d
			cs := c.sPow
			expE := exp64((1 - r) * float64(w[10]))
			e := expE - 1
			expE = e + 1
			hp, eb := 1.0, 1.0
			if c.rating == 2 {
				hp = float64(w[15])
			}
			if c.rating == 4 {
				eb = float64(w[16])
			}
			inc := a * b * cs * e * hp * eb
			gInc := gPreS * s
			gS := gPreS * (inc + 1)
			gS += gInc * inc * (-float64(w[9]) / s)
			gLastS += gS
			gLastD += -(gInc * a * cs * e * hp * eb)
			gR += gInc * a * b * cs * hp * eb * (-float64(w[10]) * expE)
			gw[8] += gInc * inc
			gw[9] += gInc * inc * -c.logS
			gw[10] += gInc * a * b * cs * hp * eb * ((1 - r) * expE)
			if c.rating == 2 {
				gw[15] += gInc * a * b * cs * e * eb
			}
			if c.rating == 4 {
				gw[16] += gInc * a * b * cs * e * hp
			}
		}
	}
	gLastD += m.difficultyBackward(c, gPreD, gw)
	if c.kind != stepShort {
		gLastS += m.curveBackward(c.deltaT, c.lastS, c.r, c.logBase, gR, gw)
	}
	// The state before was already clamped by the step that made it, so
	// its clamp passes the gradient through.
	return gLastS, gLastD
}

func (m *model) difficultyBackward(c *stepCache, gOut float64, gw *[21]float64) float64 {
	if gOut == 0 {
		return 0
	}
	w := &m.w
	gMean := gOut * clampGrad(c.meanPreClampD, dMin, dMax)
	if gMean == 0 {
		return 0
	}
	rm3 := float64(c.rating - 3)
	lastD := float64(c.lastD)
	deltaD := -float64(w[6]) * rm3
	nextD := lastD + (10-lastD)*deltaD/9
	gw[7] += gMean * (m.easyDf64 - nextD)
	gw[4] += gMean * float64(w[7])
	gw[5] += gMean * float64(w[7]) * -3 * m.exp3w5
	gNext := gMean * (1 - float64(w[7]))
	gw[6] += gNext * (10 - lastD) * -rm3 / 9
	return gNext * (1 - deltaD/9)
}

// bce is the weighted binary cross-entropy of predicting r for a review
// that was recalled (label 1) or forgotten (0), and its derivative by r.
// r is clamped into [1e-7, 1-1e-7]; outside that the derivative is 0.
func bce(rRaw, label, weight float32) (float64, float64) {
	if weight == 0 {
		return 0, 0
	}
	r := clampf(rRaw, minProb, maxProb)
	loss := -((label * lnf(r)) + ((1 - label) * lnf(1-r))) * weight
	grad := -weight * (label/r - (1-label)/(1-r))
	if rRaw > minProb && rRaw < maxProb {
		return float64(loss), float64(grad)
	}
	return float64(loss), 0
}

// itemLoss is the loss of one item: replay its history, predict its last
// review. With gw non-nil it also adds the gradient, using caches as scratch.
func (m *model) itemLoss(it Item, weight float32, gw *[21]float64, caches []stepCache) (float64, []stepCache) {
	hist := it.history()
	if cap(caches) < len(hist) {
		caches = make([]stepCache, len(hist))
	}
	caches = caches[:len(hist)]
	var s, d float32
	for t, rv := range hist {
		s, d = m.step(s, d, float32(rv.DeltaT), float32(rv.Rating), t, &caches[t])
	}
	cur := it.current()
	dt := max(float32(cur.DeltaT), 0)
	r, logBase := m.curve(dt, s)
	label := float32(0)
	if cur.Rating > 1 {
		label = 1
	}
	loss, gR := bce(r, label, weight)
	if gw != nil {
		gS := m.curveBackward(dt, s, r, logBase, gR, gw)
		gD := 0.0
		for t := len(caches) - 1; t >= 0; t-- {
			gS, gD = m.stepBackward(&caches[t], gS, gD, gw)
		}
	}
	return loss, caches
}

// replayPlan groups items that are prefixes of one card's reviews (they
// share a backing array, as BuildItems makes them), so that each card's
// history is replayed once for all its items. Each prediction comes out
// exactly as if its item were replayed alone.
type replayPlan struct {
	groups []replayGroup
	s      []float32 // scratch: the stability after each step of a history
}

type replayGroup struct {
	longest Item
	members []int // indices into the items
}

func newReplayPlan(items []Item) *replayPlan {
	p := &replayPlan{}
	index := map[*Rated]int{}
	for i, it := range items {
		gi, ok := index[&it[0]]
		if !ok {
			gi = len(p.groups)
			index[&it[0]] = gi
			p.groups = append(p.groups, replayGroup{})
		}
		g := &p.groups[gi]
		if len(it) > len(g.longest) {
			g.longest = it
		}
		g.members = append(g.members, i)
	}
	return p
}

// predict sets out[i] to the retrievability the model gives the last review
// of items[i] (the items the plan was made for).
func (p *replayPlan) predict(m *model, items []Item, out []float32) {
	var c stepCache
	for _, g := range p.groups {
		p.s = p.s[:0]
		var s, d float32
		for t, rv := range g.longest.history() {
			s, d = m.step(s, d, float32(rv.DeltaT), float32(rv.Rating), t, &c)
			p.s = append(p.s, s)
		}
		for _, i := range g.members {
			it := items[i]
			out[i] = m.retrievability(max(float32(it.current().DeltaT), 0), p.s[len(it)-2])
		}
	}
}
