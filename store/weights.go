package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/optimize"
)

// Weights are the FSRS-6 weights the scheduler uses, the ones they
// replaced and the last fit applied. They are kept beside the settings
// (key "weights" of the settings bucket), not in Settings, so that saving
// the settings screen can never undo a fit.
type Weights struct {
	Current  [21]float64 `json:"current"`
	Previous [21]float64 `json:"previous"`          // before the last apply or reset
	Changed  time.Time   `json:"changed,omitzero"`  // when Current was last set; zero: never
	LastFit  *Fit        `json:"last_fit,omitzero"` // the last fit applied; nil: none
}

// DefaultWeights are the weights of a new database: the FSRS-6 defaults.
func DefaultWeights() Weights {
	return Weights{Current: fsrs.DefaultWeights, Previous: fsrs.DefaultWeights}
}

// Fitted reports whether the scheduler uses weights other than the defaults.
func (w Weights) Fitted() bool { return w.Current != fsrs.DefaultWeights }

// CurrentMetrics are the log loss and RMSE-bins of the current weights, as
// the last fit measured them on its log: its fitted figures while its
// weights are in use, its default ones after a reset. ok is false when no
// fit measured the current weights.
func (w Weights) CurrentMetrics() (logLoss, rmseBins float64, ok bool) {
	f := w.LastFit
	switch {
	case f == nil || !f.Evaluated:
		return 0, 0, false
	case w.Current == f.Weights:
		return f.LogLossFitted, f.RMSEBinsFitted, true
	case !w.Fitted():
		return f.LogLossDefault, f.RMSEBinsDefault, true
	}
	return 0, 0, false
}

// Fit is one fit of the weights to a review log and how the default and the
// fitted weights score on that log (optimize.Evaluate).
type Fit struct {
	At        time.Time          `json:"at"`
	Source    string             `json:"source,omitempty"` // the review-log file fitted; "": the database's own log
	Weights   [21]float64        `json:"weights"`
	Scope     optimize.Scope     `json:"scope"`
	Shortfall optimize.Shortfall `json:"shortfall"`
	Reviews   int                `json:"reviews"`
	Items     int                `json:"items"`
	// Evaluated is false when the log left nothing to score; the four
	// figures are 0 then.
	Evaluated       bool    `json:"evaluated"`
	LogLossDefault  float64 `json:"log_loss_default"`
	LogLossFitted   float64 `json:"log_loss_fitted"`
	RMSEBinsDefault float64 `json:"rmse_bins_default"`
	RMSEBinsFitted  float64 `json:"rmse_bins_fitted"`
	Seconds         float64 `json:"seconds"` // how long the fit took
}

// NewFit records a fit's result: made at at from source ("" for the
// database's log), taking took.
func NewFit(res optimize.Result, at time.Time, took time.Duration, source string) Fit {
	return Fit{
		At: at.UTC().Round(0), Source: source, Weights: res.Weights,
		Scope: res.Scope, Shortfall: res.Shortfall, Reviews: res.Reviews, Items: res.Items,
		Evaluated:      res.Evaluated,
		LogLossDefault: res.Default.LogLoss, LogLossFitted: res.Fitted.LogLoss,
		RMSEBinsDefault: res.Default.RMSEBins, RMSEBinsFitted: res.Fitted.RMSEBins,
		Seconds: took.Seconds(),
	}
}

// Weights returns the weights the scheduler uses and their history.
func (s *Store) Weights() Weights {
	s.mu.RLock()
	defer s.mu.RUnlock()
	w := s.weights
	if w.LastFit != nil {
		f := *w.LastFit
		w.LastFit = &f
	}
	return w
}

// ApplyWeights makes the fit's weights the ones the scheduler uses from now
// on, keeping the weights they replace as Previous and the fit as LastFit.
// Card states are left as they are: `shuati rebuild` replays the log under
// the new weights if wanted.
func (s *Store) ApplyWeights(f Fit) error {
	f.At = f.At.UTC().Round(0)
	return s.setWeights(func(w *Weights) {
		w.Previous, w.Current, w.Changed = w.Current, f.Weights, f.At
		w.LastFit = &f
	})
}

// ResetWeights makes the scheduler use the FSRS-6 defaults again at at,
// keeping the weights they replace as Previous and the last fit.
func (s *Store) ResetWeights(at time.Time) error {
	return s.setWeights(func(w *Weights) {
		w.Previous, w.Current, w.Changed = w.Current, fsrs.DefaultWeights, at.UTC().Round(0)
	})
}

// setWeights changes the stored weights in one transaction and, once it is
// committed, the scheduler.
func (s *Store) setWeights(change func(*Weights)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.weights
	change(&w)
	sched, err := s.settings.scheduler(w.Current)
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	v, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bSettings).Put(kWeights, v); err != nil {
			return err
		}
		return s.hook("weights")
	})
	if err != nil {
		return fmt.Errorf("weights: %w", err)
	}
	s.weights, s.sched = w, sched
	return nil
}

// ReviewLog is the whole review log as the optimizer reads it, in the order
// it was recorded: every answer in every mode, since each one moved its
// card's FSRS state.
func (s *Store) ReviewLog() ([]optimize.Review, error) {
	var out []optimize.Review
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bLog).ForEach(func(k, v []byte) error {
			var e struct {
				Key         string        `json:"key"`
				At          time.Time     `json:"at"`
				Rating      fsrs.Rating   `json:"rating"`
				Took        time.Duration `json:"took"`
				StateBefore fsrs.State    `json:"state_before"`
			}
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("log entry %x: %w", k, err)
			}
			out = append(out, optimize.Review{CardID: e.Key, At: e.At, Rating: e.Rating, State: e.StateBefore, Duration: e.Took})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("review log: %w", err)
	}
	return out, nil
}

// FitOptions are the options that fit the database's log for this
// scheduler: days counted as the scheduler counts them (UTC calendar dates,
// FSRS6.md §8, so a day starts at 0:00 UTC) and the relearning steps of the
// settings.
func (s *Store) FitOptions() optimize.Options {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fitOptions(s.settings)
}

// DefaultFitOptions are FitOptions of a new database (default settings).
func DefaultFitOptions() optimize.Options { return fitOptions(DefaultSettings()) }

func fitOptions(set Settings) optimize.Options {
	o := optimize.DefaultOptions(time.UTC)
	o.DayStartHour = 0
	o.RelearningSteps = len(set.RelearningSteps)
	return o
}
