package optimize

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The tests in this file hold the package to what fsrs-rs (the npm package
// @open-spaced-repetition/binding 0.5.0) made of the same logs; see
// testdata/gen.mjs.

func TestBuildItemsEdgeCases(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "reference", "edge.json"))
	if err != nil {
		t.Fatal(err)
	}
	var edge struct {
		CSV   string `json:"csv"`
		Cases []struct {
			DayStartHour int      `json:"day_start_hour"`
			TimeZone     string   `json:"time_zone"`
			Items        []string `json:"items"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &edge); err != nil {
		t.Fatal(err)
	}
	log, err := ReadAnkiCSV(strings.NewReader(edge.CSV))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range edge.Cases {
		loc, err := time.LoadLocation(c.TimeZone)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSuffix(itemText(BuildItems(log, c.DayStartHour, loc)), "\n"), "\n")
		if strings.Join(got, "|") != strings.Join(c.Items, "|") {
			t.Errorf("day start %d:00 %s:\n got %q\nwant %q", c.DayStartHour, c.TimeZone, got, c.Items)
		}
	}
}

func TestBuildItemsMatchesFsrsRs(t *testing.T) {
	for _, name := range referenceNames {
		t.Run(name, func(t *testing.T) {
			ref := loadReference(t, name)
			items := ref.items(t, ref.reviews(t))
			text := itemText(items)
			if path := filepath.Join("testdata", "items", name+".txt.gz"); fileExists(path) {
				want := strings.Split(string(readGzip(t, path)), "\n")
				got := strings.Split(text, "\n")
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("item %d: got %q, want %q", i+1, got[i], want[i])
					}
				}
			}
			if len(items) != ref.Items {
				t.Fatalf("%d items, want %d", len(items), ref.Items)
			}
			sum := sha256.Sum256([]byte(text))
			if got := hex.EncodeToString(sum[:]); got != ref.ItemsSHA256 {
				t.Fatalf("items differ from fsrs-rs's (sha256 %s, want %s)", got, ref.ItemsSHA256)
			}
			train, test := ref.split(t)
			if n := len(ref.items(t, train)); n != ref.TrainItems {
				t.Errorf("%d training items, want %d", n, ref.TrainItems)
			}
			if n := len(ref.items(t, test)); n != ref.TestItems {
				t.Errorf("%d held-out items, want %d", n, ref.TestItems)
			}
		})
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestEvaluateMatchesFsrsRs checks the replica of fsrs-rs's evaluate on the
// figures fsrs-rs gave for the default, the true and its fitted weights.
func TestEvaluateMatchesFsrsRs(t *testing.T) {
	for _, name := range referenceNames {
		t.Run(name, func(t *testing.T) {
			ref := loadReference(t, name)
			train, test := ref.split(t)
			sets := map[string][21]float64{"default": defaultWeights64(), "true": ref.TrueWeights}
			if ref.FsrsRs.Train.Weights != nil {
				sets["fitted"] = to64(toWeights32(t, ref.FsrsRs.Train.Weights))
			}
			for part, figs := range map[string]map[string]evalFigures{"train": ref.EvaluateTrain, "test": ref.EvaluateTest} {
				log := train
				if part == "test" {
					log = test
				}
				items := ref.items(t, log)
				for set, want := range figs {
					got, err := Evaluate(sets[set], items)
					if want.Error != nil {
						if err == nil {
							t.Errorf("%s %s: got %+v, fsrs-rs said %s", part, set, got, *want.Error)
						}
						continue
					}
					if err != nil {
						t.Errorf("%s %s: %v", part, set, err)
						continue
					}
					// The log loss is summed in fsrs-rs's order: it may differ
					// only where a float32 logarithm rounds differently.
					if d := relDiff(got.LogLoss, *want.LogLoss); d > 1e-6 {
						t.Errorf("%s %s: log loss %.9g, fsrs-rs %.9g (rel. diff %.2g)", part, set, got.LogLoss, *want.LogLoss, d)
					}
					// fsrs-rs adds the bins in hash-map order.
					if d := relDiff(got.RMSEBins, *want.RMSEBins); d > 1e-5 {
						t.Errorf("%s %s: RMSE bins %.9g, fsrs-rs %.9g (rel. diff %.2g)", part, set, got.RMSEBins, *want.RMSEBins, d)
					}
				}
			}
		})
	}
}

func defaultWeights64() [21]float64 { return to64(defaultWeights) }

func relDiff(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(math.Abs(b), 1e-12)
}

// TestPretrainMatchesFsrsRs compares w0–w3 after pre-training alone
// (fsrs-rs with 0 epochs).
func TestPretrainMatchesFsrsRs(t *testing.T) {
	for _, name := range referenceNames {
		t.Run(name, func(t *testing.T) {
			ref := loadReference(t, name)
			want := ref.FsrsRs.Train.PretrainWeights
			if want == nil {
				t.Skip("fsrs-rs fitted nothing")
			}
			train, _ := ref.split(t)
			cfg := defaultTraining
			cfg.epochs = 0
			var res Result
			got, err := fitWeights(context.Background(), ref.items(t, train), DefaultOptions(nil), cfg, &res)
			if err != nil {
				t.Fatal(err)
			}
			// The ternary search compares float64 losses whose last bits
			// depend on the libm; the result can differ in its last float32 bit.
			compareWeights(t, got, toWeights32(t, want), 1e-6)
		})
	}
}

// TestOneEpochMatchesFsrsRs compares the weights after one epoch: same
// batches, same order, same arithmetic.
func TestOneEpochMatchesFsrsRs(t *testing.T) {
	for _, name := range referenceNames {
		t.Run(name, func(t *testing.T) {
			ref := loadReference(t, name)
			want := ref.FsrsRs.Train.OneEpochWeights
			if want == nil {
				t.Skip("fsrs-rs fitted nothing")
			}
			train, _ := ref.split(t)
			cfg := defaultTraining
			cfg.epochs = 1
			var res Result
			got, err := fitWeights(context.Background(), ref.items(t, train), DefaultOptions(nil), cfg, &res)
			if err != nil {
				t.Fatal(err)
			}
			compareWeights(t, got, toWeights32(t, want), 1e-5)
		})
	}
}

// TestFitOptionsMatchFsrsRs compares fits with short-term off
// (enableShortTerm false) and with three relearning steps.
func TestFitOptionsMatchFsrsRs(t *testing.T) {
	for _, name := range referenceNames {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && isLarge(name) {
				t.Skip("large log")
			}
			ref := loadReference(t, name)
			train, _ := ref.split(t)
			for _, c := range []struct {
				what string
				opt  func(*Options)
				want []float64
			}{
				{"short-term off", func(o *Options) { o.DisableShortTerm = true }, ref.FsrsRs.Train.LongTermWeights},
				{"3 relearning steps", func(o *Options) { o.RelearningSteps = 3 }, ref.FsrsRs.Train.Relearning3},
			} {
				if c.want == nil {
					continue
				}
				opt := DefaultOptions(ref.loc(t))
				c.opt(&opt)
				res, err := Fit(context.Background(), train, opt)
				if err != nil {
					t.Fatal(err)
				}
				t.Log(c.what)
				compareWeights(t, toWeights32(t, res.Weights[:]), toWeights32(t, c.want), 1e-4)
			}
		})
	}
}

// compareWeights fails if a weight differs by more than tol, relative to the
// larger of its value and 1.
func compareWeights(t *testing.T, got, want weights, tol float64) {
	t.Helper()
	worst, at := 0.0, 0
	for i := range got {
		d := math.Abs(float64(got[i]-want[i])) / math.Max(1, math.Abs(float64(want[i])))
		if d > worst {
			worst, at = d, i
		}
	}
	if worst > tol {
		t.Errorf("w%d differs by %.3g (tolerance %.3g)\n got  %v\n want %v", at, worst, tol, got, want)
	} else {
		t.Logf("largest difference %.3g at w%d", worst, at)
	}
}

// TestFitMatchesFsrsRs fits the training cards and scores the fit on the
// held-out cards as fsrs-rs's evaluate does: within 1% of fsrs-rs's log
// loss on the large logs and 5% on the small ones, and better than the
// defaults.
func TestFitMatchesFsrsRs(t *testing.T) {
	for _, name := range referenceNames {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && isLarge(name) {
				t.Skip("large log")
			}
			ref := loadReference(t, name)
			train, test := ref.split(t)
			res, err := Fit(context.Background(), train, DefaultOptions(ref.loc(t)))
			if err != nil {
				t.Fatal(err)
			}
			if res.Reviews != ref.TrainReviews || res.Items != ref.TrainItems {
				t.Errorf("reviews/items %d/%d, want %d/%d", res.Reviews, res.Items, ref.TrainReviews, ref.TrainItems)
			}
			compareWeights(t, toWeights32(t, res.Weights[:]), toWeights32(t, ref.FsrsRs.Train.Weights), 1e-4)
			want := ref.EvaluateTest["fitted"]
			held := ref.items(t, test)
			got, err := Evaluate(res.Weights, held)
			if want.Error != nil {
				if err == nil {
					t.Errorf("held-out evaluation: got %+v, fsrs-rs said %s", got, *want.Error)
				}
				// Too few held-out items to score: the fit must at least
				// beat the defaults on the items it was fitted to.
				if res.Scope != ScopeDefaults && !(res.Evaluated && res.Fitted.LogLoss < res.Default.LogLoss) {
					t.Errorf("in-sample: fitted %+v, defaults %+v", res.Fitted, res.Default)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			def, err := Evaluate(defaultWeights64(), held)
			if err != nil {
				t.Fatal(err)
			}
			tol := 0.05
			if isLarge(name) {
				tol = 0.01
			}
			t.Logf("held-out log loss: defaults %.5f, fsrs-rs %.5f, here %.5f; RMSE bins %.5f / %.5f / %.5f",
				def.LogLoss, *want.LogLoss, got.LogLoss, def.RMSEBins, *want.RMSEBins, got.RMSEBins)
			if got.LogLoss > *want.LogLoss*(1+tol) {
				t.Errorf("held-out log loss %.5f, more than %.0f%% above fsrs-rs's %.5f", got.LogLoss, tol*100, *want.LogLoss)
			}
			if got.LogLoss >= def.LogLoss {
				t.Errorf("held-out log loss %.5f, not better than the defaults' %.5f", got.LogLoss, def.LogLoss)
			}
		})
	}
}
