// Package optimize fits the 21 FSRS-6 weights to a learner's review log, the
// way fsrs-rs (the optimizer Anki uses) does, and scores weights on a log
// the way fsrs-rs's evaluate does.
//
// It reproduces fsrs-rs v6.5.0 (as shipped in the npm package
// @open-spaced-repetition/binding 0.5.0) step by step: the review log
// becomes items as convertCsvToFsrsItems builds them (BuildItems), outliers
// are filtered, the initial stabilities w0–w3 are pre-trained by a ternary
// search, and then the weights are trained for 5 epochs of Adam on the
// recency-weighted cross-entropy with an L2 pull towards the initial
// weights, in fsrs-rs's float32 arithmetic with its analytic gradient and
// its batch order (Rust's StdRng and shuffle, reproduced). On the simulated
// logs in testdata the weights agree with fsrs-rs's to the last bit on the
// small logs and to within 1e-6 on the large ones; testdata/gen.mjs
// records what fsrs-rs makes of them.
//
// Where fsrs-rs's source differs from the notes in shared/fsrs/OPTIMIZER.md,
// this package follows the source:
//   - With short-term on, w0–w3 are trained with the rest after
//     pre-training (frozen only with short-term off), and then made
//     increasing and filled in again as after pre-training.
//   - The lower bound of S0 (pre-training search and clipping) is 0.001.
//   - A batch's loss is the sum, not the mean, of its items' weighted
//     losses; the weights of the epoch with the lowest loss over the whole
//     training set are returned, not the last ones.
//   - Items longer than 256 reviews are left out of training.
//   - Evaluate's recency weights follow the order the outlier filter leaves
//     (single-gap items first), and its weights are clipped as with
//     short-term off (w19 may go down to 0).
//
// The package is pure: no clock, no storage, no output. The day-start hour
// and the time zone are parameters. A fit is deterministic: the same log and
// options give bit-identical weights.
package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

// defaultWeights are fsrs.DefaultWeights in the model's precision.
var defaultWeights = func() weights {
	var w weights
	for i, x := range fsrs.DefaultWeights {
		w[i] = float32(x)
	}
	return w
}()

// Options control how a log becomes items and how the weights are fitted.
// The zero value is not ready to use: start from DefaultOptions.
type Options struct {
	// DayStartHour is the local hour (0–23) at which a new day starts:
	// reviews on the same side of it on one date are the same day.
	DayStartHour int
	// Loc is the time zone of the day start; nil means UTC.
	Loc *time.Location
	// DisableShortTerm fits the model without same-day (short-term)
	// stability changes: w17–w19 stay 0 and w0–w3 keep their pre-trained
	// values, as fsrs-rs does with enable_short_term off.
	DisableShortTerm bool
	// RelearningSteps is the number of relearning steps the scheduler
	// uses; with more than one it caps w17 and w18. 0 means 1.
	RelearningSteps int
	// Progress, if not nil, is called after each batch with the number of
	// item passes done and the total (epochs × training items).
	Progress func(done, total int)
}

// DefaultOptions are fsrs-rs's and Anki's defaults: a day starts at 4:00 in
// loc, short-term on, one relearning step.
func DefaultOptions(loc *time.Location) Options {
	return Options{DayStartHour: 4, Loc: loc}
}

// Scope says which weights a fit changed.
type Scope int

const (
	// ScopeDefaults: too little data; the weights are the defaults.
	ScopeDefaults Scope = iota
	// ScopeInitial: only the initial stabilities w0–w3 were fitted.
	ScopeInitial
	// ScopeAll: all weights were fitted.
	ScopeAll
)

func (s Scope) String() string {
	switch s {
	case ScopeDefaults:
		return "defaults"
	case ScopeInitial:
		return "initial stabilities"
	case ScopeAll:
		return "all"
	}
	return fmt.Sprintf("Scope(%d)", int(s))
}

// Shortfall says why a fit did not fit all weights, so that a caller can
// word it in its own language (Result.Reason words it in English).
type Shortfall int

const (
	// Enough: all weights were fitted.
	Enough Shortfall = iota
	// FewItems: fewer than MinItems usable reviews; the defaults.
	FewItems
	// NoInitialCurve: no first review is followed by a review on a later
	// day often enough to fit w0–w3; the defaults.
	NoInitialCurve
	// NoSecondGap: no card has two reviews on later days; only w0–w3.
	NoSecondGap
	// FewItemsForAll: fewer than MinItemsAll usable reviews; only w0–w3.
	FewItemsForAll
)

// Result is the outcome of a fit.
type Result struct {
	// Weights are the fitted weights (the defaults, or the defaults with
	// fitted w0–w3, when the log is too small; see Scope and Reason).
	Weights [21]float64
	// Scope says which weights were fitted, Reason why not all ("" if all)
	// and Shortfall the same as a value.
	Scope     Scope
	Reason    string
	Shortfall Shortfall
	// Reviews is the number of reviews in the log, Items the number of
	// items made of them, TrainItems how many the outlier filter kept.
	Reviews, Items, TrainItems int
	// Default and Fitted score the default and the fitted weights on the
	// log's items, as Evaluate does. Evaluated is false when the outlier
	// filter leaves nothing to score; the scores are zero then.
	Default, Fitted Metrics
	Evaluated       bool
}

// The minimum amounts of data fsrs-rs fits anything with: usable reviews
// (items left after the outlier filter, Result.TrainItems).
const (
	MinItems    = 8  // fewer: the defaults
	MinItemsAll = 64 // fewer: only w0–w3
)

// Fit fits the weights to a review log. The log may be in any order.
// Reviews need valid ratings (1–4); the error says which is not.
func Fit(ctx context.Context, log []Review, opt Options) (Result, error) {
	if opt.DayStartHour < 0 || opt.DayStartHour > 23 {
		return Result{}, fmt.Errorf("optimize: day start hour %d is not 0–23", opt.DayStartHour)
	}
	for i, r := range log {
		if !r.Rating.Valid() {
			return Result{}, fmt.Errorf("optimize: review %d (card %q): rating %d is not 1–4", i+1, r.CardID, int(r.Rating))
		}
	}
	res, err := FitItems(ctx, BuildItems(log, opt.DayStartHour, opt.Loc), opt)
	res.Reviews = len(log)
	return res, err
}

// FitItems fits the weights to items as BuildItems makes them, in time
// order (the order sets the recency weights). Options.DayStartHour and Loc
// are not used; Result.Reviews stays 0.
func FitItems(ctx context.Context, items []Item, opt Options) (Result, error) {
	if err := checkItems(items); err != nil {
		return Result{}, err
	}
	res := Result{Items: len(items)}
	w, err := fitWeights(ctx, items, opt, defaultTraining, &res)
	if err != nil {
		return Result{}, err
	}
	for i, x := range w {
		res.Weights[i] = float64(x)
	}
	def, errDef := Evaluate(fsrs.DefaultWeights, items)
	fit, errFit := Evaluate(res.Weights, items)
	if errDef == nil && errFit == nil {
		res.Default, res.Fitted, res.Evaluated = def, fit, true
	}
	return res, nil
}

// fitWeights is fsrs-rs's compute_parameters.
func fitWeights(ctx context.Context, items []Item, opt Options, cfg trainingConfig, res *Result) (weights, error) {
	initial, trainSet := prepareTraining(items)
	res.TrainItems = len(trainSet)
	if len(trainSet) < MinItems {
		res.Scope, res.Shortfall = ScopeDefaults, FewItems
		res.Reason = fmt.Sprintf("%d usable reviews (reviews on a later day than the card's previous one, left after the outlier filter); fitting needs at least %d", len(trainSet), MinItems)
		return defaultWeights, nil
	}
	s0, counts, err := initialStability(initial, averageRecall(trainSet))
	if errors.Is(err, errNotEnoughData) {
		res.Scope, res.Shortfall = ScopeDefaults, NoInitialCurve
		res.Reason = "no card's first review is followed by a review on a later day often enough to fit the initial stabilities"
		return defaultWeights, nil
	}
	w := defaultWeights
	copy(w[:4], s0[:])
	if len(trainSet) == len(initial) || len(trainSet) < MinItemsAll {
		res.Scope = ScopeInitial
		if len(trainSet) == len(initial) {
			res.Shortfall = NoSecondGap
			res.Reason = "no card has two reviews on later days; only the initial stabilities w0–w3 can be fitted"
		} else {
			res.Shortfall = FewItemsForAll
			res.Reason = fmt.Sprintf("%d usable reviews (reviews on a later day than the card's previous one, left after the outlier filter); fitting all weights needs at least %d, so only w0–w3 were fitted", len(trainSet), MinItemsAll)
		}
		return w, nil
	}
	mc := modelConfig{
		freezeInitialStability:   opt.DisableShortTerm,
		freezeShortTermStability: opt.DisableShortTerm,
		relearningSteps:          max(opt.RelearningSteps, 1),
	}
	if mc.freezeShortTermStability {
		w[17], w[18], w[19] = 0, 0, 0
	}
	w, err = train(ctx, trainSet, w, cfg, mc, opt.Progress)
	if err != nil {
		return weights{}, err
	}
	for _, x := range w {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return weights{}, errors.New("optimize: the fit diverged (a weight is not a finite number)")
		}
	}
	var fitted ratingStability
	for r := 1; r <= 4; r++ {
		fitted.set(r, w[r-1])
	}
	s0, err = smoothAndFill(fitted, counts)
	if err != nil {
		return weights{}, err
	}
	copy(w[:4], s0[:])
	res.Scope = ScopeAll
	return w, nil
}

// averageRecall is the share of items whose last review was recalled.
func averageRecall(items []Item) float32 {
	recalled := 0
	for _, it := range items {
		if it.current().Rating > 1 {
			recalled++
		}
	}
	if len(items) == 0 {
		return 0
	}
	return float32(recalled) / float32(len(items))
}

// checkItems rejects items the model cannot replay.
func checkItems(items []Item) error {
	for i, it := range items {
		if len(it) < 2 {
			return fmt.Errorf("optimize: item %d has %d reviews; an item needs a history and a review to predict", i+1, len(it))
		}
		for _, r := range it {
			if !r.Rating.Valid() || r.DeltaT < 0 {
				return fmt.Errorf("optimize: item %d has a review rated %d after %d days; want a rating 1–4 and days ≥ 0", i+1, int(r.Rating), r.DeltaT)
			}
		}
	}
	return nil
}
