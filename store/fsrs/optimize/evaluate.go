package optimize

import (
	"cmp"
	"errors"
	"math"
	"slices"
)

// ErrNotEnoughData is returned by Evaluate when no item is left to score
// after the outlier filter (fsrs-rs's NotEnoughData).
var ErrNotEnoughData = errors.New("optimize: not enough reviews to evaluate (none left after the outlier filter)")

// Metrics are how well weights predict a set of reviews.
type Metrics struct {
	// LogLoss is the recency-weighted binary cross-entropy of the predicted
	// recall: lower is better.
	LogLoss float64
	// RMSEBins is the root mean square gap between predicted and actual
	// recall over bins of similar reviews (by gap, review count and lapses),
	// weighted by the recency weights in each bin: lower is better.
	RMSEBins float64
	// Items is the number of items scored.
	Items int
}

// Evaluate scores weights on items the way fsrs-rs's evaluate does (the
// reference's FSRSBinding.evaluate): the outlier filter first, then the
// recency-weighted log loss and RMSE over bins, in fsrs-rs's float32
// arithmetic. Weights are clipped into fsrs-rs's ranges first, as it does.
// Items must be in time order, as BuildItems returns them.
func Evaluate(w [21]float64, items []Item) (Metrics, error) {
	if err := checkItems(items); err != nil {
		return Metrics{}, err
	}
	items = prepareEvaluation(items)
	if len(items) == 0 {
		return Metrics{}, ErrNotEnoughData
	}
	var w32 weights
	for i, x := range w {
		w32[i] = float32(x)
	}
	clipWeights(&w32, 1, false)
	preds := make([]float32, len(items))
	newReplayPlan(items).predict(newModel(&w32), items, preds)
	rw := recencyWeights(len(items))
	type binValue struct{ predicted, actual, count, weight float32 }
	bins := map[binKey]*binValue{}
	var loss, weightSum float32
	for i, it := range items {
		p := preds[i]
		y := float32(0)
		if it.current().Rating > 1 {
			y = 1
		}
		k := rMatrixIndex(it)
		v := bins[k]
		if v == nil {
			v = &binValue{}
			bins[k] = v
		}
		v.predicted += p
		v.actual += y
		v.count++
		v.weight += rw[i]
		loss += (y*lnf(p) + (1-y)*lnf(1-p)) * rw[i]
		weightSum += rw[i]
	}
	// fsrs-rs adds the bins in hash-map order; here they are added in key
	// order, so the last digits of RMSEBins can differ from a given run of
	// fsrs-rs.
	keys := make([]binKey, 0, len(bins))
	for k := range bins {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b binKey) int {
		return cmp.Or(cmp.Compare(a.deltaT, b.deltaT), cmp.Compare(a.length, b.length), cmp.Compare(a.lapses, b.lapses))
	})
	var sq, binWeights float32
	for _, k := range keys {
		v := bins[k]
		diff := v.predicted/v.count - v.actual/v.count
		sq += diff * diff * v.weight
		binWeights += v.weight
	}
	metrics := Metrics{
		LogLoss:  float64(-loss / weightSum),
		RMSEBins: float64(float32(math.Sqrt(float64(sq / binWeights)))),
		Items:    len(items),
	}
	if math.IsNaN(metrics.LogLoss) || math.IsInf(metrics.LogLoss, 0) || math.IsNaN(metrics.RMSEBins) {
		return Metrics{}, errors.New("optimize: the weights predict a recall of exactly 0 or 1")
	}
	return metrics, nil
}

type binKey struct{ deltaT, length, lapses uint32 }

// rMatrixIndex is fsrs-rs's r_matrix_index: log-spaced bins of the gap,
// the number of long-term reviews and the number of lapses.
func rMatrixIndex(it Item) binKey {
	dt := float64(it.current().DeltaT)
	k := binKey{
		deltaT: uint32(math.Round(2.48 * math.Pow(3.62, math.Floor(math.Log(dt)/math.Log(3.62))) * 100)),
		length: uint32(math.Round(1.99 * math.Pow(1.89, math.Floor(math.Log(float64(it.longTermCount())+1)/math.Log(1.89))))),
	}
	lapses := 0
	for _, r := range it.history() {
		if r.Rating == 1 && r.DeltaT > 0 {
			lapses++
		}
	}
	if lapses > 0 {
		k.lapses = uint32(math.Round(1.65 * math.Pow(1.73, math.Floor(math.Log(float64(lapses))/math.Log(1.73)))))
	}
	return k
}
