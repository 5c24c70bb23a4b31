package cli

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the fixture's time zone, whatever the machine has

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// revlogFew is store/fsrs/optimize/testdata/logs/few.csv.gz unpacked: a
// simulated learner's 521 reviews, days starting at 4:00 in Europe/Berlin.
var revlogFew = filepath.Join("testdata", "revlog-few.csv")

// berlinEnv is testEnv in the fixture's time zone.
var berlinEnv = func() map[string]string {
	env := maps.Clone(testEnv)
	env["TZ"] = "Europe/Berlin"
	return env
}()

// fsrsRsWeights are the weights fsrs-rs fitted to the whole of revlogFew,
// as store/fsrs/optimize's reference fixture records them.
func fsrsRsWeights(t *testing.T) []float64 {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "store", "fsrs", "optimize", "testdata", "reference", "few.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Reviews int `json:"reviews"`
		FsrsRs  struct {
			All struct{ Weights []float64 } `json:"all"`
		} `json:"fsrs_rs"`
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if ref.Reviews != 521 || len(ref.FsrsRs.All.Weights) != 21 {
		t.Fatalf("reference: %d reviews, %d weights", ref.Reviews, len(ref.FsrsRs.All.Weights))
	}
	return ref.FsrsRs.All.Weights
}

// TestFsrsOptimizeRevlogJSON: --json prints exactly the promised keys, and
// the weights are fsrs-rs's for the same log.
func TestFsrsOptimizeRevlogJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	code, out, errs := runEnv(berlinEnv, "--db", db, "fsrs", "optimize", "--revlog", revlogFew, "--json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	keys := regexp.MustCompile(`"([a-z_]+)":`).FindAllStringSubmatch(out, -1)
	var names []string
	for _, k := range keys {
		names = append(names, k[1])
	}
	if got := strings.Join(names, ","); got != "weights,reviews,items,log_loss_default,log_loss_fitted,rmse_bins_default,rmse_bins_fitted,seconds" ||
		strings.Count(out, "\n") != 1 {
		t.Fatalf("keys %s in %q", got, out)
	}
	var res fitJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Reviews != 521 || res.Items != 235 || res.LogLossFitted == nil || res.LogLossDefault == nil ||
		!(*res.LogLossFitted < *res.LogLossDefault) || !(*res.RMSEBinsFitted < *res.RMSEBinsDefault) || res.Seconds <= 0 {
		t.Fatalf("result %s", out)
	}
	want := fsrsRsWeights(t)
	for i, w := range res.Weights {
		if float32(w) != float32(want[i]) {
			t.Errorf("w%d = %v, fsrs-rs %v", i, w, want[i])
		}
	}
	// Without --apply nothing is stored.
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Weights().Fitted() {
		t.Fatal("optimize without --apply changed the weights")
	}
}

// goodInterval is how long after now kefu-2025-001 would be due if
// answered Good now.
func goodInterval(t *testing.T, db string, now time.Time) time.Duration {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.Preview("kefu-2025/kefu-2025-001", now)
	if err != nil {
		t.Fatal(err)
	}
	return p[fsrs.Good-1].Due.Sub(now)
}

// TestFsrsApplyChangesSchedule: --apply makes the scheduler use the fitted
// weights (a card's next interval changes) and reset puts the defaults
// back (the interval is as before).
func TestFsrsApplyChangesSchedule(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	now := time.Now()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, ago := range []time.Duration{30 * 24 * time.Hour, 30*24*time.Hour - 10*time.Minute, 20 * 24 * time.Hour} {
		right := true
		if _, err := st.RecordAnswer(store.Answer{Key: "kefu-2025/kefu-2025-001", Type: bank.Single, Section: "一、单项选择题",
			Mode: store.ModeReview, Given: "D", Correct: &right, Rating: fsrs.Good, Took: 3 * time.Second, At: now.Add(-ago)}, store.Position{}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	before := goodInterval(t, db, now)

	code, out, errs := runEnv(berlinEnv, "--db", db, "fsrs", "optimize", "--revlog", revlogFew, "--apply")
	if code != 0 || errs != "" || !strings.Contains(out, "Applied: scheduling uses these weights") {
		t.Fatalf("optimize --apply: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	applied := goodInterval(t, db, now)
	if applied == before {
		t.Fatalf("the interval is %v before and after --apply", before)
	}
	code, out, _ = runEnv(berlinEnv, "--db", db, "fsrs", "evaluate", "--revlog", revlogFew)
	if code != 0 || !strings.Contains(out, "The weights in use (fitted ") || !strings.Contains(out, "log loss 0.16") {
		t.Fatalf("evaluate after apply: exit %d, %q", code, out)
	}

	t.Logf("Good interval: %v with the defaults, %v with the fitted weights", before, applied)
	code, out, errs = runArgs("--db", db, "fsrs", "reset")
	if code != 0 || errs != "" || !strings.Contains(out, "default weights again") {
		t.Fatalf("reset: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := goodInterval(t, db, now); got != before {
		t.Fatalf("interval after reset %v, want %v as before the fit (applied: %v)", got, before, applied)
	}
	code, out, _ = runEnv(berlinEnv, "--db", db, "fsrs", "evaluate", "--revlog", revlogFew, "--json")
	var ev evalJSON
	if err := json.Unmarshal([]byte(out), &ev); code != 0 || err != nil || ev.LogLoss == nil || *ev.LogLoss < 0.2 || ev.Weights[0] != fsrs.DefaultWeights[0] {
		t.Fatalf("evaluate --json after reset: exit %d, %q, %v", code, out, err)
	}
}

// TestFsrsSmallLog: the database's own log, too small to fit, says why in
// either language, and --json gives null figures.
func TestFsrsSmallLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	answerKefu001(t, db, "D", true)
	code, out, errs := runArgs("--db", db, "fsrs", "optimize")
	if code != 0 || errs != "" || !strings.Contains(out, "Fitted FSRS-6 to the database's review log: 1 review, 0 items") ||
		!strings.Contains(out, "Too few reviews to fit; the weights are the defaults: 0 usable reviews") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = runArgs("--db", db, "--lang", "zh", "fsrs", "optimize")
	if code != 0 || !strings.Contains(out, "数据太少，使用默认参数") {
		t.Fatalf("zh: exit %d, %q", code, out)
	}
	code, out, _ = runArgs("--db", db, "fsrs", "optimize", "--json")
	if code != 0 || !strings.Contains(out, `"reviews":1,"items":0,"log_loss_default":null,"log_loss_fitted":null`) {
		t.Fatalf("--json: exit %d, %q", code, out)
	}
	code, out, _ = runArgs("--db", db, "fsrs", "evaluate")
	if code != 0 || !strings.Contains(out, "cannot be scored") {
		t.Fatalf("evaluate: exit %d, %q", code, out)
	}
}

// TestFsrsErrors: a bad review log is named with its line; usage mistakes
// exit 2.
func TestFsrsErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("card_id,review_time,review_rating,review_state\n1,1687330020000,3,0\n1,1687430020000,7,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"optimize"}, {"evaluate"}} {
		args = append([]string{"--db", db, "fsrs"}, append(args, "--revlog", bad)...)
		code, out, errs := runArgs(args...)
		want := "shuati: fsrs " + args[3] + ": " + bad + `: line 3: review_rating "7" is not 1 (Again)`
		if code != 1 || out != "" || !strings.HasPrefix(errs, want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %q", args, code, out, errs, want)
		}
	}
	code, _, errs := runArgs("--db", db, "fsrs", "optimize", "--revlog", filepath.Join(dir, "none.csv"))
	if code != 1 || !strings.Contains(errs, "none.csv: no such file") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"fsrs"}, "shuati: fsrs: missing subcommand"},
		{[]string{"fsrs", "fit"}, `shuati: fsrs: unknown subcommand "fit"`},
		{[]string{"fsrs", "reset", "now"}, `shuati: fsrs reset: unexpected argument "now"`},
		{[]string{"fsrs", "optimize", "--revlog"}, "shuati: fsrs optimize: flag --revlog needs a value"},
	} {
		code, out, errs := runArgs(tt.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, tt.msg) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %q", tt.args, code, out, errs, tt.msg)
		}
	}
}
