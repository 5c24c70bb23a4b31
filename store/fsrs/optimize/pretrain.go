package optimize

import (
	"errors"
	"math"
	"slices"
)

// Pre-training of the initial stabilities w0–w3 (fsrs-rs
// src/parameter_initialization.rs). Items whose only long-term review is
// their last are grouped by first rating and gap; for each first rating a
// ternary search finds the S0 whose forgetting curve best fits the recall
// of the groups, pulled towards the default S0. Ratings without data are
// filled from the others.

// errNotEnoughData is fsrs-rs's NotEnoughData: no first rating has data.
var errNotEnoughData = errors.New("not enough data")

const initSMax float32 = 100

// ratingStability holds a stability for each first rating 1–4 that has one.
type ratingStability struct {
	s   [5]float32
	has [5]bool
}

func (rs *ratingStability) set(rating int, s float32) { rs.s[rating], rs.has[rating] = s, true }

func (rs *ratingStability) len() int {
	n := 0
	for _, h := range rs.has {
		if h {
			n++
		}
	}
	return n
}

// recallPoint is the recall of one (first rating, gap) group.
type recallPoint struct {
	deltaT, recall, count float64
}

// initialStability returns w0–w3 from the pre-training items and the number
// of pre-training items per first rating (0: none).
func initialStability(initial []Item, averageRecall float32) ([4]float32, [5]int, error) {
	type key struct{ rating, deltaT int }
	labels := map[key][2]int{} // [recalled, total]
	for _, it := range initial {
		if it.longTermCount() != 1 {
			continue
		}
		lt := it.firstLongTerm()
		k := key{int(it[0].Rating), lt.DeltaT}
		v := labels[k]
		if lt.Rating > 1 {
			v[0]++
		}
		v[1]++
		labels[k] = v
	}
	var data [5][]recallPoint
	var counts [5]int
	for k, v := range labels {
		data[k.rating] = append(data[k.rating], recallPoint{
			deltaT: float64(k.deltaT),
			recall: float64(v[0]) / float64(v[1]),
			count:  float64(v[1]),
		})
		counts[k.rating] += v[1]
	}
	var found ratingStability
	for rating := 1; rating <= 4; rating++ {
		if len(data[rating]) == 0 {
			continue
		}
		slices.SortFunc(data[rating], func(a, b recallPoint) int { return int(a.deltaT - b.deltaT) })
		found.set(rating, searchStability(data[rating], averageRecall, float64(defaultWeights[rating-1])))
	}
	s0, err := smoothAndFill(found, counts)
	return s0, counts, err
}

// The forgetting curve of pre-training: the default decay, in float64.
var (
	pretrainDecay  = -float64(defaultWeights[20])
	pretrainFactor = math.Pow(0.9, 1/pretrainDecay) - 1
)

func pretrainCurve(t, s float64) float64 {
	return math.Pow(t/s*pretrainFactor+1, pretrainDecay)
}

// searchStability is fsrs-rs's search_parameters for one first rating.
func searchStability(data []recallPoint, averageRecall float32, defaultS0 float64) float32 {
	recall := make([]float64, len(data))
	for i, p := range data {
		// Laplace smoothing towards the average recall.
		recall[i] = (p.recall*p.count + float64(averageRecall)) / (p.count + 1)
	}
	terms := make([]float64, len(data))
	loss := func(s float64) float64 {
		for i, p := range data {
			y := pretrainCurve(p.deltaT, s)
			terms[i] = -(recall[i]*math.Log(y) + (1-recall[i])*math.Log(1-y)) * p.count
		}
		return unrolledSum(terms) + math.Abs(s-defaultS0)/16
	}
	low, high := float64(sMin), float64(initSMax)
	optimal := defaultS0
	for iter := 0; high-low > 0x1p-52 && iter < 1000; iter++ {
		mid1 := low + (high-low)/3
		mid2 := high - (high-low)/3
		if loss(mid1) < loss(mid2) {
			high = mid2
		} else {
			low = mid1
		}
		optimal = (high + low) / 2
	}
	return float32(optimal)
}

// unrolledSum adds like ndarray's sum: eight running sums, then the rest.
func unrolledSum(xs []float64) float64 {
	var p [8]float64
	for len(xs) >= 8 {
		for j := range p {
			p[j] += xs[j]
		}
		xs = xs[8:]
	}
	acc := 0.0
	acc += p[0] + p[4]
	acc += p[1] + p[5]
	acc += p[2] + p[6]
	acc += p[3] + p[7]
	for _, x := range xs {
		acc += x
	}
	return acc
}

// smoothAndFill makes the stabilities increase with the rating (the rating
// with more items wins a conflict), fills missing ratings from the present
// ones and clamps to [0.001, 100] (fsrs-rs smooth_and_fill). Ratings
// without items (count 0) are dropped first.
func smoothAndFill(rs ratingStability, count [5]int) ([4]float32, error) {
	for r := 1; r <= 4; r++ {
		if count[r] == 0 {
			rs.has[r] = false
		}
	}
	for _, p := range [][2]int{{1, 2}, {2, 3}, {3, 4}, {1, 3}, {2, 4}, {1, 4}} {
		small, big := p[0], p[1]
		if rs.has[small] && rs.has[big] && rs.s[small] > rs.s[big] {
			if count[small] > count[big] {
				rs.s[big] = rs.s[small]
			} else {
				rs.s[small] = rs.s[big]
			}
		}
	}
	// Variables, not constants: the expressions below must round in float32
	// at every step, as fsrs-rs's do.
	w1, w2 := float32(0.41), float32(0.54)
	s := &rs.s
	h := rs.has
	var out [4]float32
	switch rs.len() {
	case 0:
		return out, errNotEnoughData
	case 1:
		for r := 1; r <= 4; r++ {
			if h[r] {
				factor := s[r] / defaultWeights[r-1]
				for i := range out {
					out[i] = defaultWeights[i] * factor
				}
			}
		}
		slices.Sort(out[:])
	case 2:
		switch {
		case !h[1] && !h[2] && h[3] && h[4]:
			r3, r4 := s[3], s[4]
			r2 := powf(r3, 1/(1-w2)) * powf(r4, 1-1/(1-w2))
			rs.set(2, r2)
			rs.set(1, powf(r2, 1/w1)*powf(r3, 1-1/w1))
		case !h[1] && h[2] && !h[3] && h[4]:
			r2, r4 := s[2], s[4]
			r3 := powf(r2, 1-w2) * powf(r4, w2)
			rs.set(3, r3)
			rs.set(1, powf(r2, 1/w1)*powf(r3, 1-1/w1))
		case !h[1] && h[2] && h[3] && !h[4]:
			r2, r3 := s[2], s[3]
			rs.set(4, powf(r2, 1-1/w2)*powf(r3, 1/w2))
			rs.set(1, powf(r2, 1/w1)*powf(r3, 1-1/w1))
		case h[1] && !h[2] && !h[3] && h[4]:
			r1, r4 := s[1], s[4]
			den := float32(math.FMA(float64(w1), float64(-w2), float64(w1+w2)))
			rs.set(2, powf(r1, w1/den)*powf(r4, 1-w1/den))
			rs.set(3, powf(r1, 1-w2/den)*powf(r4, w2/den))
		case h[1] && !h[2] && h[3] && !h[4]:
			r1, r3 := s[1], s[3]
			r2 := powf(r1, w1) * powf(r3, 1-w1)
			rs.set(2, r2)
			rs.set(4, powf(r2, 1-1/w2)*powf(r3, 1/w2))
		case h[1] && h[2] && !h[3] && !h[4]:
			r1, r2 := s[1], s[2]
			r3 := powf(r1, 1-1/(1-w1)) * powf(r2, 1/(1-w1))
			rs.set(3, r3)
			rs.set(4, powf(r2, 1-1/w2)*powf(r3, 1/w2))
		}
		copy(out[:], s[1:])
	case 3:
		switch {
		case !h[1] && h[2] && h[3]:
			rs.set(1, powf(s[2], 1/w1)*powf(s[3], 1-1/w1))
		case h[1] && !h[2] && h[3]:
			rs.set(2, powf(s[1], w1)*powf(s[3], 1-w1))
		case h[2] && !h[3] && h[4]:
			rs.set(3, powf(s[2], 1-w2)*powf(s[4], w2))
		case h[2] && h[3] && !h[4]:
			rs.set(4, powf(s[2], 1-1/w2)*powf(s[3], 1/w2))
		}
		copy(out[:], s[1:])
	case 4:
		copy(out[:], s[1:])
	}
	for i := range out {
		out[i] = clampf(out[i], sMin, initSMax)
	}
	return out, nil
}
