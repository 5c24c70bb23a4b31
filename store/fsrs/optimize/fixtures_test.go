package optimize

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the fixtures' time zones, whatever the machine has
)

// reference is one testdata/reference/<name>.json, written by testdata/gen.mjs.
type reference struct {
	Name         string      `json:"name"`
	Log          string      `json:"log"`
	TimeZone     string      `json:"time_zone"`
	DayStartHour int         `json:"day_start_hour"`
	HeldOutMod   int64       `json:"held_out_mod"`
	TrueWeights  [21]float64 `json:"true_weights"`
	Reviews      int         `json:"reviews"`
	TrainReviews int         `json:"train_reviews"`
	TestReviews  int         `json:"test_reviews"`
	Items        int         `json:"items"`
	ItemsSHA256  string      `json:"items_sha256"`
	TrainItems   int         `json:"train_items"`
	TestItems    int         `json:"test_items"`
	FsrsRs       struct {
		Train struct {
			Weights         []float64 `json:"weights"`
			Error           *string   `json:"error"`
			PretrainWeights []float64 `json:"pretrain_weights"`
			OneEpochWeights []float64 `json:"one_epoch_weights"`
			LongTermWeights []float64 `json:"long_term_weights"`
			Relearning3     []float64 `json:"relearning3_weights"`
			Seconds         *float64  `json:"seconds"`
		} `json:"train"`
		All struct {
			Weights []float64 `json:"weights"`
			Error   *string   `json:"error"`
			Seconds *float64  `json:"seconds"`
		} `json:"all"`
		ConvertSeconds float64 `json:"convert_seconds"`
	} `json:"fsrs_rs"`
	EvaluateTest  map[string]evalFigures `json:"evaluate_test"`
	EvaluateTrain map[string]evalFigures `json:"evaluate_train"`
}

type evalFigures struct {
	LogLoss  *float64 `json:"log_loss"`
	RMSEBins *float64 `json:"rmse_bins"`
	Error    *string  `json:"error"`
}

// referenceNames are the simulated logs, smallest first.
var referenceNames = []string{"tiny", "few", "small-a", "small-b", "large-b", "large-a"}

func isLarge(name string) bool { return strings.HasPrefix(name, "large") }

func loadReference(t testing.TB, name string) *reference {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reference", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	return &ref
}

func (ref *reference) loc(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(ref.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func readGzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

var logCache sync.Map // path → []Review

// reviews reads the reference's review log.
func (ref *reference) reviews(t testing.TB) []Review {
	t.Helper()
	path := filepath.Join("testdata", ref.Log)
	if v, ok := logCache.Load(path); ok {
		return v.([]Review)
	}
	log, err := ReadAnkiCSV(bytes.NewReader(readGzip(t, path)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(log) != ref.Reviews {
		t.Fatalf("%s: %d reviews, the reference says %d", path, len(log), ref.Reviews)
	}
	logCache.Store(path, log)
	return log
}

// split returns the training cards' and the held-out cards' reviews.
func (ref *reference) split(t testing.TB) (train, test []Review) {
	t.Helper()
	for _, r := range ref.reviews(t) {
		id, err := strconv.ParseInt(r.CardID, 10, 64)
		if err != nil {
			t.Fatalf("card id %q: %v", r.CardID, err)
		}
		if id%ref.HeldOutMod == 0 {
			test = append(test, r)
		} else {
			train = append(train, r)
		}
	}
	return train, test
}

// items builds the items of a part of the reference's log.
func (ref *reference) items(t testing.TB, log []Review) []Item {
	t.Helper()
	return BuildItems(log, ref.DayStartHour, ref.loc(t))
}

// itemText is gen.mjs's canonical text of items: one per line,
// "rating,delta_t" pairs separated by spaces.
func itemText(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		for i, r := range it {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%d,%d", r.Rating, r.DeltaT)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func toWeights32(t testing.TB, w []float64) weights {
	t.Helper()
	if len(w) != 21 {
		t.Fatalf("%d weights, want 21", len(w))
	}
	var out weights
	for i, x := range w {
		out[i] = float32(x)
	}
	return out
}

func to64(w weights) [21]float64 {
	var out [21]float64
	for i, x := range w {
		out[i] = float64(x)
	}
	return out
}
