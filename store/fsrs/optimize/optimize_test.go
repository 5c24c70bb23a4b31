package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

// item builds an item from rating, delta_t pairs.
func item(pairs ...int) Item {
	var it Item
	for i := 0; i < len(pairs); i += 2 {
		it = append(it, Rated{Rating: fsrs.Rating(pairs[i]), DeltaT: pairs[i+1]})
	}
	return it
}

// gradientItems covers every branch of the model: first ratings 1–4,
// same-day steps with each rating, lapses, Hard and Easy recalls, long
// histories.
var gradientItems = []Item{
	item(1, 0, 3, 0, 3, 1, 3, 3),
	item(2, 0, 3, 0, 2, 2),
	item(3, 0, 3, 4, 3, 9, 1, 20),
	item(4, 0, 4, 8, 3, 21, 2, 40),
	item(1, 0, 1, 0, 2, 0, 3, 0, 3, 1, 1, 3, 3, 0, 3, 2),
	item(3, 0, 3, 0, 3, 2, 1, 6, 2, 0, 3, 1, 4, 3, 3, 10),
	item(3, 0, 1, 3, 1, 0, 3, 2),
	item(2, 0, 2, 1, 2, 2, 4, 3, 1, 7),
	item(4, 0, 1, 12, 4, 0, 3, 5),
	item(3, 0, 3, 1, 3, 3, 3, 8, 3, 20, 3, 50, 1, 120),
}

func sumLoss(w weights, items []Item, grad *[21]float64) float64 {
	m := newModel(&w)
	total := 0.0
	var caches []stepCache
	for i, it := range items {
		var l float64
		l, caches = m.itemLoss(it, itemWeight(i), grad, caches)
		total += l
	}
	return total
}

func itemWeight(i int) float32 { return 0.5 + float32(i%3)*0.25 }

// lossF64 is the same loss written out plainly in float64, the model as
// FSRS-6 defines it: an independent check of the formulas and, through
// finite differences, of the gradient.
func lossF64(w [21]float64, items []Item) float64 {
	clamp := func(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }
	decay := -w[20]
	factor := math.Exp(math.Log(0.9)/decay) - 1
	curve := func(t, s float64) float64 { return math.Pow(t/s*factor+1, decay) }
	d0 := func(g float64) float64 { return w[4] - math.Exp(w[5]*(g-1)) + 1 }
	total := 0.0
	for i, it := range items {
		var s, d float64
		for k, rv := range it.history() {
			g, t := float64(rv.Rating), float64(rv.DeltaT)
			if k == 0 {
				s, d = clamp(w[int(g)-1], 0.001, 36500), clamp(d0(g), 1, 10)
				continue
			}
			r := curve(t, s)
			var ns float64
			switch {
			case t == 0:
				sinc := math.Exp(w[17]*(g-3+w[18])) * math.Pow(s, -w[19])
				if g >= 2 {
					sinc = math.Max(sinc, 1)
				}
				ns = s * sinc
			case g == 1:
				ns = math.Min(w[11]*math.Pow(d, -w[12])*(math.Pow(s+1, w[13])-1)*math.Exp((1-r)*w[14]), s/math.Exp(w[17]*w[18]))
			default:
				hp, eb := 1.0, 1.0
				if g == 2 {
					hp = w[15]
				}
				if g == 4 {
					eb = w[16]
				}
				ns = s * (1 + math.Exp(w[8])*(11-d)*math.Pow(s, -w[9])*(math.Exp((1-r)*w[10])-1)*hp*eb)
			}
			nd := d + (10-d)*(-w[6]*(g-3))/9
			s, d = clamp(ns, 0.001, 36500), clamp(w[7]*(d0(4)-nd)+nd, 1, 10)
		}
		cur := it.current()
		r := curve(float64(cur.DeltaT), s)
		y := 0.0
		if cur.Rating > 1 {
			y = 1
		}
		total += -(y*math.Log(r) + (1-y)*math.Log(1-r)) * float64(itemWeight(i))
	}
	return total
}

// TestGradientMatchesFiniteDifferences checks the analytic gradient
// against central differences of the float64 loss, for the default
// weights, weights far from them and fitted weights on a real log.
func TestGradientMatchesFiniteDifferences(t *testing.T) {
	ref := loadReference(t, "small-b")
	logItems := ref.items(t, ref.reviews(t))
	far := weights{0.5, 2, 5, 15, 5.5, 1.1, 2, 0.05, 1.5, 0.3, 1.2, 1.8, 0.12, 0.4, 2, 0.4, 2.5, 0.3, 0.25, 0.15, 0.45}
	for _, c := range []struct {
		name  string
		w     weights
		items []Item
	}{
		{"defaults", defaultWeights, gradientItems},
		{"far", far, gradientItems},
		{"fitted, log", toWeights32(t, ref.FsrsRs.Train.Weights), logItems},
	} {
		var grad [21]float64
		loss := sumLoss(c.w, c.items, &grad)
		w64 := to64(c.w)
		if l := lossF64(w64, c.items); relDiff(loss, l) > 1e-5 {
			t.Errorf("%s: loss %v, in float64 %v", c.name, loss, l)
		}
		norm := 0.0
		for _, g := range grad {
			norm = max(norm, math.Abs(g))
		}
		for i := range w64 {
			h := 1e-6 * max(1, math.Abs(w64[i]))
			plus, minus := w64, w64
			plus[i] += h
			minus[i] -= h
			num := (lossF64(plus, c.items) - lossF64(minus, c.items)) / (2 * h)
			// The analytic gradient starts from float32 values: agreement to
			// about float32 precision.
			if diff := math.Abs(num - grad[i]); diff > 1e-4*math.Abs(num)+1e-5*norm {
				t.Errorf("%s: dL/dw%d analytic %.8g, numeric %.8g", c.name, i, grad[i], num)
			}
		}
	}
}

// TestStdRngMatchesRand checks ChaCha12 against rand's own test vectors
// (rand 0.10.1 src/rngs/std.rs).
func TestStdRngMatchesRand(t *testing.T) {
	seed := [32]byte{1, 0, 0, 0, 23, 0, 0, 0, 200, 1, 0, 0, 210, 30, 0, 0}
	c := newChaCha12(seed)
	lo, hi := uint64(c.nextU32()), uint64(c.nextU32())
	if got := hi<<32 | lo; got != 10719222850664546238 {
		t.Errorf("next_u64 = %d, want 10719222850664546238", got)
	}
	// All-zero key and IV, 12 rounds (Strombergson's test vectors), as
	// little-endian u128s.
	c = newChaCha12([32]byte{})
	want := []uint32{0x6a9af49b, 0x53f95507, 0x12ce1f81, 0xd583265f, 0xbbc32904, 0x1474e049, 0xa589007e, 0x5f15ae2e}
	for i, w := range want {
		if got := c.nextU32(); got != w {
			t.Errorf("word %d = %#x, want %#x", i, got, w)
		}
	}
	// Past the first buffer of four blocks.
	for range 60 {
		c.nextU32()
	}
	if c.index != 4 || c.ctr != 8 {
		t.Errorf("after 68 words: index %d, counter %d; want 4, 8", c.index, c.ctr)
	}
}

func TestShuffleIsAPermutation(t *testing.T) {
	rng := newStdRng(2023)
	for n := range 100 {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		shuffle(rng, s)
		sorted := slices.Sorted(slices.Values(s))
		for i, x := range sorted {
			if x != i {
				t.Fatalf("n=%d: %v is not a permutation", n, s)
			}
		}
	}
	for _, m := range []uint32{2, 3, 10, 1000, 65535, 1 << 20} {
		bound, k := boundFor(m)
		p := uint64(1)
		for i := range uint32(k) {
			p *= uint64(m + i)
		}
		if uint64(bound) != p || p*uint64(m+uint32(k)) < 1<<32 {
			t.Errorf("boundFor(%d) = %d, %d", m, bound, k)
		}
	}
}

// TestClipWeights uses fsrs-rs's own cases (src/parameter_clipper.rs).
func TestClipWeights(t *testing.T) {
	w := defaultWeights
	copy(w[:9], []float32{0, -1000, 1000, 0, 1000, -1000, 1, 0.25, -0.1})
	clipWeights(&w, 1, true)
	if want := []float32{0.001, 0.001, 100, 0.001, 10, 0.001, 1, 0.25, 0}; !slices.Equal(w[:9], want) {
		t.Errorf("got %v, want %v", w[:9], want)
	}
	w = defaultWeights
	clipWeights(&w, 2, true)
	if w != defaultWeights {
		t.Errorf("defaults with 2 relearning steps: got %v", w)
	}
	// More relearning steps cap w17 and w18 at
	// sqrt(−(ln w11 + ln(2^w13 − 1) + 0.3·w14) / n).
	for _, n := range []int{3, 4, 10} {
		w = defaultWeights
		w[17], w[18] = 2, 2
		clipWeights(&w, n, true)
		d := defaultWeights
		ceiling := math.Sqrt(max(-(math.Log(float64(d[11]))+math.Log(math.Pow(2, float64(d[13]))-1)+0.3*float64(d[14]))/float64(n), 0.01))
		if math.Abs(float64(w[17])-ceiling) > 1e-6 || w[17] != w[18] {
			t.Errorf("%d relearning steps: w17, w18 = %v, %v; want %v", n, w[17], w[18], ceiling)
		}
	}
	w = defaultWeights
	w[19] = 0
	clipWeights(&w, 1, true)
	if w[19] != 0.01 {
		t.Errorf("short-term on: w19 = %v, want 0.01", w[19])
	}
	w[19] = 0
	clipWeights(&w, 1, false)
	if w[19] != 0 {
		t.Errorf("short-term off: w19 = %v, want 0", w[19])
	}
}

// TestFitStaysInRanges: every fit's weights are within fsrs-rs's ranges,
// even from a log that pulls them to the bounds.
func TestFitStaysInRanges(t *testing.T) {
	check := func(name string, w [21]float64) {
		t.Helper()
		w32 := toWeights32(t, w[:])
		clipped := w32
		clipWeights(&clipped, 1, true)
		if clipped != w32 {
			t.Errorf("%s: weights outside the ranges: %v", name, w)
		}
	}
	for _, name := range []string{"small-a", "small-b"} {
		ref := loadReference(t, name)
		res, err := Fit(context.Background(), ref.reviews(t), DefaultOptions(ref.loc(t)))
		if err != nil {
			t.Fatal(err)
		}
		check(name, res.Weights)
	}
	// Always recalled, at ever longer gaps: stabilities run to their caps.
	var log []Review
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	for card := range 200 {
		at := start.Add(time.Duration(card) * time.Minute)
		gap := 1
		for range 6 {
			log = append(log, Review{CardID: fmt.Sprint(card), At: at, Rating: fsrs.Easy, State: fsrs.StateNew})
			at = at.AddDate(0, 0, gap)
			gap *= 5
		}
	}
	res, err := Fit(context.Background(), log, DefaultOptions(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	check("always easy", res.Weights)
}

func TestFitIsDeterministic(t *testing.T) {
	ref := loadReference(t, "small-b")
	log := ref.reviews(t)
	opt := DefaultOptions(ref.loc(t))
	first, err := Fit(context.Background(), log, opt)
	if err != nil {
		t.Fatal(err)
	}
	// The same log in another order gives the same weights, bit for bit.
	shuffled := slices.Clone(log)
	rand.New(rand.NewPCG(7, 8)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for range 2 {
		again, err := Fit(context.Background(), shuffled, opt)
		if err != nil {
			t.Fatal(err)
		}
		for i := range first.Weights {
			if math.Float64bits(first.Weights[i]) != math.Float64bits(again.Weights[i]) {
				t.Fatalf("w%d: %v then %v", i, first.Weights[i], again.Weights[i])
			}
		}
		if first != again {
			t.Fatalf("results differ:\n%+v\n%+v", first, again)
		}
	}
}

// synthetic makes a log of n cards, each learned on day 0 with the first
// rating and then reviewed after the gaps (all recalled except every
// seventh review).
func synthetic(n int, first fsrs.Rating, gaps ...int) []Review {
	var log []Review
	start := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	k := 0
	for card := range n {
		at := start.Add(time.Duration(card) * time.Minute)
		log = append(log, Review{CardID: fmt.Sprint(card), At: at, Rating: first, State: fsrs.StateNew})
		state := fsrs.StateReview
		for _, g := range gaps {
			at = at.AddDate(0, 0, g)
			k++
			rating := fsrs.Good
			if k%7 == 0 {
				rating = fsrs.Again
			}
			log = append(log, Review{CardID: fmt.Sprint(card), At: at, Rating: rating, State: state})
		}
	}
	return log
}

func TestFitSmallLogs(t *testing.T) {
	ctx := context.Background()
	opt := DefaultOptions(time.UTC)
	for _, c := range []struct {
		name  string
		log   []Review
		scope Scope
		why   Shortfall
	}{
		{"empty", nil, ScopeDefaults, FewItems},
		{"one review", synthetic(1, fsrs.Good), ScopeDefaults, FewItems},
		{"7 items", synthetic(7, fsrs.Good, 2), ScopeDefaults, FewItems},
		// 40 cards with one later review each: only their first gaps.
		{"only first gaps", synthetic(40, fsrs.Good, 3), ScopeInitial, NoSecondGap},
		// 50 items in all: too few for all weights.
		{"50 items", synthetic(25, fsrs.Good, 2, 4), ScopeInitial, FewItemsForAll},
		{"300 items", synthetic(100, fsrs.Hard, 1, 3, 7), ScopeAll, Enough},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Fit(ctx, c.log, opt)
			if err != nil {
				t.Fatal(err)
			}
			if res.Scope != c.scope {
				t.Fatalf("scope %v (%s), want %v", res.Scope, res.Reason, c.scope)
			}
			if res.Shortfall != c.why {
				t.Errorf("shortfall %v, want %v", res.Shortfall, c.why)
			}
			if (res.Reason == "") != (c.scope == ScopeAll) {
				t.Errorf("scope %v with reason %q", res.Scope, res.Reason)
			}
			if res.Reviews != len(c.log) {
				t.Errorf("reviews %d, want %d", res.Reviews, len(c.log))
			}
			switch c.scope {
			case ScopeDefaults:
				if res.Weights != defaultWeights64() {
					t.Errorf("weights %v, want the defaults", res.Weights)
				}
			case ScopeInitial:
				def := defaultWeights64()
				if !slices.Equal(res.Weights[4:], def[4:]) || res.Weights == def {
					t.Errorf("weights %v: want the defaults but w0–w3", res.Weights)
				}
			}
			t.Logf("%+v", res)
		})
	}
}

// TestFitSmallLogsMatchFsrsRs: the two smallest logs give what fsrs-rs
// gave (the defaults or only w0–w3 fitted).
func TestFitSmallLogsMatchFsrsRs(t *testing.T) {
	for _, name := range []string{"tiny", "few"} {
		ref := loadReference(t, name)
		for _, part := range []struct {
			log  []Review
			want []float64
		}{{ref.trainPart(t), ref.FsrsRs.Train.Weights}, {ref.reviews(t), ref.FsrsRs.All.Weights}} {
			res, err := Fit(context.Background(), part.log, DefaultOptions(ref.loc(t)))
			if err != nil {
				t.Fatal(err)
			}
			if got := toWeights32(t, res.Weights[:]); got != toWeights32(t, part.want) {
				t.Errorf("%s: got %v (%v: %s), want %v", name, got, res.Scope, res.Reason, part.want)
			}
		}
	}
}

func (ref *reference) trainPart(t testing.TB) []Review {
	train, _ := ref.split(t)
	return train
}

func TestFitProgressAndCancel(t *testing.T) {
	ref := loadReference(t, "small-a")
	log := ref.reviews(t)
	opt := DefaultOptions(ref.loc(t))
	var calls, last, total int
	opt.Progress = func(done, tot int) {
		if done < last || (total != 0 && tot != total) {
			t.Errorf("progress went %d/%d after %d/%d", done, tot, last, total)
		}
		calls++
		last, total = done, tot
	}
	res, err := Fit(context.Background(), log, opt)
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != total || total != 5*res.TrainItems {
		t.Errorf("%d calls, last %d/%d, %d training items", calls, last, total, res.TrainItems)
	}

	ctx, cancel := context.WithCancel(context.Background())
	opt.Progress = func(done, total int) {
		if done > total/2 {
			cancel()
		}
	}
	if _, err := Fit(ctx, log, opt); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fit: err %v", err)
	}
}

func TestFitRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	log := synthetic(2, fsrs.Good, 1)
	log[1].Rating = 0
	if _, err := Fit(ctx, log, DefaultOptions(nil)); err == nil {
		t.Error("rating 0 accepted")
	}
	opt := DefaultOptions(nil)
	opt.DayStartHour = 24
	if _, err := Fit(ctx, nil, opt); err == nil {
		t.Error("day start 24 accepted")
	}
	for _, bad := range []Item{item(3, 0), item(3, 0, 5, 1), item(3, 0, 3, -1)} {
		if _, err := FitItems(ctx, []Item{bad}, DefaultOptions(nil)); err == nil {
			t.Errorf("item %v accepted", bad)
		}
		if _, err := Evaluate(defaultWeights64(), []Item{bad}); err == nil {
			t.Errorf("Evaluate: item %v accepted", bad)
		}
	}
	if _, err := Evaluate(defaultWeights64(), nil); !errors.Is(err, ErrNotEnoughData) {
		t.Errorf("Evaluate of nothing: %v", err)
	}
}

// TestFitResultEvaluates: the result's figures are Evaluate's on the log's
// items, and the fit beats the defaults on the data it was fitted to.
func TestFitResultEvaluates(t *testing.T) {
	ref := loadReference(t, "small-a")
	log := ref.reviews(t)
	res, err := Fit(context.Background(), log, DefaultOptions(ref.loc(t)))
	if err != nil {
		t.Fatal(err)
	}
	items := ref.items(t, log)
	def, _ := Evaluate(defaultWeights64(), items)
	fit, _ := Evaluate(res.Weights, items)
	if !res.Evaluated || res.Default != def || res.Fitted != fit {
		t.Errorf("result %+v; Evaluate gives %+v and %+v", res, def, fit)
	}
	if res.Items != ref.Items || res.Reviews != ref.Reviews || res.Scope != ScopeAll {
		t.Errorf("result %+v", res)
	}
	if !(fit.LogLoss < def.LogLoss && fit.RMSEBins < def.RMSEBins) {
		t.Errorf("fitted %+v not better than defaults %+v", fit, def)
	}
}
