package store

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/optimize"
)

// fitOf is a fit whose weights differ from the defaults in the way a real
// fit's do (slower initial forgetting, a different decay).
func fitOf(at time.Time) Fit {
	w := fsrs.DefaultWeights
	w[0], w[1], w[2], w[3], w[20] = 0.9, 2.5, 6, 20, 0.3
	return Fit{At: at, Weights: w, Scope: optimize.ScopeAll, Reviews: 500, Items: 300, Evaluated: true,
		LogLossDefault: 0.41, LogLossFitted: 0.37, RMSEBinsDefault: 0.08, RMSEBinsFitted: 0.03, Seconds: 0.5}
}

// interval is the days until the question is due after a Good answer at now.
func interval(t *testing.T, s *Store, key string, now time.Time) time.Duration {
	t.Helper()
	p, err := s.Preview(key, now)
	if err != nil {
		t.Fatal(err)
	}
	return p[fsrs.Good-1].Due.Sub(now)
}

func TestApplyAndResetWeights(t *testing.T) {
	s := newTestStore(t)
	if w := s.Weights(); w.Fitted() || w != DefaultWeights() {
		t.Fatalf("weights of a new database = %+v", w)
	}
	if _, _, ok := s.Weights().CurrentMetrics(); ok {
		t.Fatal("figures without a fit")
	}
	mustRecord(t, s, rated("b/1", t0, fsrs.Good))
	mustRecord(t, s, rated("b/1", t0.Add(10*time.Minute), fsrs.Good))
	later := t0.Add(4 * 24 * time.Hour)
	before := interval(t, s, "b/1", later)

	fit := fitOf(t0.Add(time.Hour))
	if err := s.ApplyWeights(fit); err != nil {
		t.Fatal(err)
	}
	w := s.Weights()
	if w.Current != fit.Weights || w.Previous != fsrs.DefaultWeights || !w.Changed.Equal(fit.At) || !w.Fitted() {
		t.Fatalf("after apply: %+v", w)
	}
	if ll, rmse, ok := w.CurrentMetrics(); !ok || ll != 0.37 || rmse != 0.03 {
		t.Fatalf("current figures after apply = %v %v %v", ll, rmse, ok)
	}
	applied := interval(t, s, "b/1", later)
	if applied == before {
		t.Fatalf("the applied weights left the interval at %v", applied)
	}
	if s.scheduler().Params().W != fit.Weights {
		t.Fatalf("scheduler weights %v", s.scheduler().Params().W)
	}

	// Saving the settings keeps the weights, and both survive reopening.
	set, _ := s.Settings()
	set.NewPerDay = 7
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	s = openTest(t, path)
	defer s.Close()
	if got := s.Weights(); !reflect.DeepEqual(got, w) {
		t.Fatalf("weights after reopen = %+v, want %+v", got, w)
	}
	if got := interval(t, s, "b/1", later); got != applied {
		t.Fatalf("interval after reopen %v, want %v", got, applied)
	}

	// Reset: the defaults again, the fitted weights kept as the previous
	// ones, the fit's default figures describe the weights in use.
	if err := s.ResetWeights(t0.Add(2 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	w = s.Weights()
	if w.Fitted() || w.Previous != fit.Weights || w.LastFit == nil || w.LastFit.Weights != fit.Weights {
		t.Fatalf("after reset: %+v", w)
	}
	if ll, rmse, ok := w.CurrentMetrics(); !ok || ll != 0.41 || rmse != 0.08 {
		t.Fatalf("current figures after reset = %v %v %v", ll, rmse, ok)
	}
	if got := interval(t, s, "b/1", later); got != before {
		t.Fatalf("interval after reset %v, want %v as before the fit", got, before)
	}
}

func TestApplyWeightsRejectsNaN(t *testing.T) {
	s := newTestStore(t)
	fit := fitOf(t0)
	fit.Weights[5] = fsrsNaN()
	if err := s.ApplyWeights(fit); err == nil {
		t.Fatal("NaN weights applied")
	}
	if s.Weights() != DefaultWeights() {
		t.Fatal("a rejected fit changed the weights")
	}
}

func fsrsNaN() float64 {
	zero := 0.0
	return zero / zero
}

func TestDamagedWeights(t *testing.T) {
	s := newTestStore(t)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bSettings).Put(kWeights, []byte(`{"current":"x"}`))
	}); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	if _, err := open(path, 200*time.Millisecond, testZone); err == nil {
		t.Fatal("damaged weights opened")
	}
}

// TestReviewLog: every answer, in the order recorded, with the state the
// card was in before it.
func TestReviewLog(t *testing.T) {
	s := newTestStore(t)
	if log, err := s.ReviewLog(); err != nil || len(log) != 0 {
		t.Fatalf("empty log = %v, %v", log, err)
	}
	smallHistory(t, s)
	log, err := s.ReviewLog()
	if err != nil {
		t.Fatal(err)
	}
	hist := map[string][]LogEntry{}
	for _, k := range scopeKeys {
		h, err := s.History(k)
		if err != nil {
			t.Fatal(err)
		}
		hist[k] = h
	}
	if len(log) != 9 {
		t.Fatalf("%d reviews, want 9", len(log))
	}
	for i, r := range log {
		if i > 0 && r.At.Before(log[i-1].At) {
			t.Errorf("review %d out of order", i)
		}
		e := hist[r.CardID][0]
		hist[r.CardID] = hist[r.CardID][1:]
		if !r.At.Equal(e.At) || r.Rating != e.Rating || r.State != e.StateBefore || r.Duration != e.Took {
			t.Errorf("review %d = %+v, logged %+v", i, r, e)
		}
	}
	// b/4: Easy when new, then Again in review.
	if log[0].State != fsrs.StateNew || log[5].CardID != "b/4" || log[5].State != fsrs.StateReview {
		t.Errorf("states before: %+v, %+v", log[0], log[5])
	}
}

// TestFitDatabaseLog: a learner who forgets faster than the defaults
// expect, simulated answer by answer, gives a log the optimizer fits all
// weights to, better than the defaults, and the fit applied changes the
// schedule.
func TestFitDatabaseLog(t *testing.T) {
	s := newTestStore(t)
	s.db.db.NoSync = true // thousands of answers; durability is not what is tested
	simulateLearner(t, s, 300, 90)
	log, err := s.ReviewLog()
	if err != nil {
		t.Fatal(err)
	}
	opt := s.FitOptions()
	if opt.DayStartHour != 0 || opt.Loc != time.UTC || opt.RelearningSteps != 1 {
		t.Fatalf("fit options %+v", opt)
	}
	res, err := optimize.Fit(context.Background(), log, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.Scope != optimize.ScopeAll || !res.Evaluated || res.Fitted.LogLoss >= res.Default.LogLoss {
		t.Fatalf("fit: scope %v (%s), log loss %v vs defaults %v", res.Scope, res.Reason, res.Fitted.LogLoss, res.Default.LogLoss)
	}
	t.Logf("%d reviews, %d items: log loss %.4f → %.4f, RMSE-bins %.4f → %.4f", res.Reviews, res.Items,
		res.Default.LogLoss, res.Fitted.LogLoss, res.Default.RMSEBins, res.Fitted.RMSEBins)
	if err := s.ApplyWeights(NewFit(res, t0, time.Second, "")); err != nil {
		t.Fatal(err)
	}
	if s.scheduler().Params().W == fsrs.DefaultWeights {
		t.Fatal("the fit left the defaults in use")
	}
}

// simulateLearner answers cards questions each day for days days from t0,
// as the store schedules them (due reviews, then new ones), recalling each
// with the probability a forgetful learner has: the defaults' recall
// squared.
func simulateLearner(t *testing.T, s *Store, cards, days int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	var keys []string
	for i := range cards {
		keys = append(keys, "sim/"+string(rune('A'+i/26))+string(rune('a'+i%26)))
	}
	for d := range days {
		now := t0.Add(time.Duration(d) * 24 * time.Hour)
		for range 3 { // learning steps come due within the day
			q, err := s.DueQueue(now, keys, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range append(append(q.Due, q.Learning...), q.New...) {
				r, err := s.Retrievability(k, now)
				if err != nil {
					t.Fatal(err)
				}
				c, seen, _ := s.Card(k)
				rating := fsrs.Good
				switch {
				case !seen || c.State == fsrs.StateNew:
					rating = []fsrs.Rating{fsrs.Again, fsrs.Hard, fsrs.Good, fsrs.Good, fsrs.Good, fsrs.Good, fsrs.Easy}[rng.IntN(7)]
				case rng.Float64() > r*r:
					rating = fsrs.Again
				case rng.IntN(5) == 0:
					rating = fsrs.Hard
				}
				mustRecord(t, s, rated(k, now, rating))
				now = now.Add(time.Minute)
			}
			now = now.Add(15 * time.Minute)
		}
	}
}
