package optimize

import (
	"context"
	"math"
	"slices"
)

// Training as fsrs-rs v6.5.0 does it (src/training.rs): mini-batches of
// items of similar length, visited in a shuffled order each epoch; the loss
// of a batch is the recency-weighted cross-entropy summed over its items
// plus an L2 pull towards the initial weights; Adam with a cosine-annealed
// learning rate; weights clipped after every step; the weights of the epoch
// with the lowest loss over the whole training set win.

// trainingConfig is fsrs-rs's TrainingConfig.
type trainingConfig struct {
	epochs       int
	batchSize    int
	seed         uint64
	learningRate float64
	maxSeqLen    int
	gamma        float64
}

var defaultTraining = trainingConfig{
	epochs:       5,
	batchSize:    512,
	seed:         2023,
	learningRate: 4e-2,
	maxSeqLen:    256,
	gamma:        1,
}

// paramsStddev scales the L2 pull of each weight (fsrs-rs PARAMS_STDDEV).
var paramsStddev = [21]float32{
	6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25,
	1.03, 0.31, 0.32, 0.14, 0.27,
}

// modelConfig is fsrs-rs's ModelConfig.
type modelConfig struct {
	freezeInitialStability   bool
	freezeShortTermStability bool
	relearningSteps          int
}

// clipWeights is fsrs-rs's clip_parameters_in_place.
func clipWeights(w *weights, relearningSteps int, shortTerm bool) {
	ceiling := float32(2)
	if relearningSteps > 1 {
		v := -(lnf(w[11]) + lnf(powf(2, w[13])-1) + w[14]*0.3) / float32(relearningSteps)
		ceiling = min(float32(math.Sqrt(float64(maxf(v, 0.01)))), 2)
	}
	floor19 := float32(0)
	if shortTerm {
		floor19 = 0.01
	}
	ranges := [21][2]float32{
		{sMin, initSMax}, {sMin, initSMax}, {sMin, initSMax}, {sMin, initSMax},
		{dMin, dMax}, {0.001, 4}, {0.001, 4}, {0.001, 0.75},
		{0, 4.5}, {0, 0.8}, {0.001, 3.5}, {0.001, 5},
		{0.001, 0.25}, {0.001, 0.9}, {0, 4}, {0, 1},
		{1, 6}, {0, ceiling}, {0, ceiling}, {floor19, 0.8},
		{0.1, 0.8},
	}
	for i := range w {
		w[i] = clampf(w[i], ranges[i][0], ranges[i][1])
	}
}

// batch is a run of items of similar length with their recency weights.
type batch struct {
	items   []Item
	weights []float32
}

// adam is Adam (β1 0.9, β2 0.999, ε 1e-8) in float64 on float32 weights.
type adam struct {
	m, v [21]float64
	t    int
}

func (a *adam) step(w *weights, grad *[21]float64, lr float64) {
	// Variables, not constants: 1−β must be rounded as fsrs-rs rounds it.
	beta1, beta2, eps := 0.9, 0.999, 1e-8
	a.t++
	bias1 := 1 - powi(beta1, a.t)
	bias2 := 1 - powi(beta2, a.t)
	for i := range w {
		a.m[i] = beta1*a.m[i] + (1-beta1)*grad[i]
		a.v[i] = beta2*a.v[i] + (1-beta2)*grad[i]*grad[i]
		mHat := a.m[i] / bias1
		vHat := a.v[i] / bias2
		w[i] -= float32(lr * mHat / (math.Sqrt(vHat) + eps))
	}
}

// powi is x**n by repeated squaring, as Rust's f64::powi computes it.
func powi(x float64, n int) float64 {
	r := 1.0
	for {
		if n&1 != 0 {
			r *= x
		}
		n /= 2
		if n == 0 {
			return r
		}
		x *= x
	}
}

// cosineLR is fsrs-rs's CosineAnnealingLR (minimum 0), stepped once per batch.
type cosineLR struct {
	tMax, initLR, step, lr float64
}

func newCosineLR(tMax, initLR float64) *cosineLR {
	return &cosineLR{tMax: tMax, initLR: initLR, step: -1, lr: initLR}
}

func (c *cosineLR) next() float64 {
	c.step++
	switch {
	case c.step == 0:
		c.lr = c.initLR
	case math.Mod(c.step-1-c.tMax, 2*c.tMax) == 0:
		c.lr = c.initLR * (1 - math.Cos(math.Pi/c.tMax)) / 2
	default:
		c.lr *= (1 + math.Cos(math.Pi*c.step/c.tMax)) / (1 + math.Cos(math.Pi*(c.step-1)/c.tMax))
	}
	return c.lr
}

// l2Penalty is the regularisation of a batch of n items out of total.
func l2Penalty(w, init *weights, n, total int, gamma float64) float64 {
	sum := 0.0
	for i := range w {
		delta := float64(w[i] - init[i])
		sum += delta * delta / float64(paramsStddev[i]*paramsStddev[i])
	}
	return sum * gamma * float64(n) / float64(total)
}

func addL2Gradient(w, init *weights, n, total int, gamma float64, grad *[21]float64) {
	scale := gamma * float64(n) / float64(total)
	for i := range w {
		delta := float64(w[i] - init[i])
		grad[i] += 2 * delta / float64(paramsStddev[i]*paramsStddev[i]) * scale
	}
}

// train fits the weights to the items (in time order, already filtered)
// from the initial weights. progress, if not nil, is told how many item
// steps of how many are done.
func train(ctx context.Context, items []Item, init weights, cfg trainingConfig, mc modelConfig, progress func(done, total int)) (weights, error) {
	type weighted struct {
		item   Item
		weight float32
	}
	rw := recencyWeights(len(items))
	var set []weighted
	for i, it := range items {
		if len(it) <= cfg.maxSeqLen {
			set = append(set, weighted{it, rw[i]})
		}
	}
	total := len(set)
	iterations := (total/cfg.batchSize + 1) * cfg.epochs
	slices.SortStableFunc(set, func(a, b weighted) int { return len(a.item) - len(b.item) })
	var batches []batch
	for start := 0; start < total; start += cfg.batchSize {
		end := min(start+cfg.batchSize, total)
		b := batch{items: make([]Item, 0, end-start), weights: make([]float32, 0, end-start)}
		for _, x := range set[start:end] {
			b.items = append(b.items, x.item)
			b.weights = append(b.weights, x.weight)
		}
		batches = append(batches, b)
	}

	lr := newCosineLR(float64(iterations), cfg.learningRate)
	w := init
	var opt adam
	bestLoss := math.Inf(1)
	best := w
	rng := newStdRng(cfg.seed)
	var flat []Item
	for _, b := range batches {
		flat = append(flat, b.items...)
	}
	plan := newReplayPlan(flat)
	preds := make([]float32, len(flat))
	order := make([]int, len(batches))
	var caches []stepCache
	for epoch := 1; epoch <= cfg.epochs; epoch++ {
		for i := range order {
			order[i] = i
		}
		shuffle(rng, order)
		done := 0
		for _, bi := range order {
			if err := ctx.Err(); err != nil {
				return w, err
			}
			b := &batches[bi]
			rate := lr.next()
			var grad [21]float64
			m := newModel(&w)
			for j, it := range b.items {
				_, caches = m.itemLoss(it, b.weights[j], &grad, caches)
			}
			addL2Gradient(&w, &init, len(b.items), total, cfg.gamma, &grad)
			if mc.freezeInitialStability {
				clear(grad[:4])
			}
			if mc.freezeShortTermStability {
				clear(grad[17:20])
			}
			opt.step(&w, &grad, rate)
			clipWeights(&w, mc.relearningSteps, !mc.freezeShortTermStability)
			done += len(b.items)
			if progress != nil {
				progress((epoch-1)*total+min(done, total), cfg.epochs*total)
			}
		}

		// The loss over the whole training set, added per batch in batch
		// order as fsrs-rs adds it.
		loss := 0.0
		plan.predict(newModel(&w), flat, preds)
		k := 0
		for i := range batches {
			b := &batches[i]
			bl := 0.0
			for j, it := range b.items {
				label := float32(0)
				if it.current().Rating > 1 {
					label = 1
				}
				l, _ := bce(preds[k], label, b.weights[j])
				bl += l
				k++
			}
			loss += bl + l2Penalty(&w, &init, len(b.items), total, cfg.gamma)
		}
		loss /= float64(total)
		if loss < bestLoss {
			bestLoss = loss
			best = w
		}
	}
	return best, nil
}
