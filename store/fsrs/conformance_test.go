package fsrs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// manifestEntry is one line of testdata/manifest.json. Unknown option names
// make the test fail rather than being silently ignored.
type manifestEntry struct {
	File    string          `json:"file"`
	Options json.RawMessage `json:"options"`
}

type manifestOptions struct {
	W                *[]float64 `json:"w"`
	RequestRetention *float64   `json:"request_retention"`
	MaximumInterval  *int       `json:"maximum_interval"`
	EnableShortTerm  *bool      `json:"enable_short_term"`
	EnableFuzz       *bool      `json:"enable_fuzz"`
	LearningSteps    *[]string  `json:"learning_steps"`
	RelearningSteps  *[]string  `json:"relearning_steps"`
}

// vector is one review line of a .jsonl file.
type vector struct {
	Card                 string   `json:"card"`
	Now                  string   `json:"now"`
	Rating               int      `json:"rating"`
	Due                  string   `json:"due"`
	Stability            float64  `json:"stability"`
	Difficulty           float64  `json:"difficulty"`
	ElapsedDays          int      `json:"elapsed_days"`
	ScheduledDays        int      `json:"scheduled_days"`
	Reps                 int      `json:"reps"`
	Lapses               int      `json:"lapses"`
	State                string   `json:"state"`
	RetrievabilityBefore *float64 `json:"retrievability_before"`
}

func paramsFromOptions(raw json.RawMessage) (Params, error) {
	p := DefaultParams()
	var o manifestOptions
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&o); err != nil {
			return p, fmt.Errorf("options: %w", err)
		}
	}
	if o.W != nil {
		if len(*o.W) != len(p.W) {
			return p, fmt.Errorf("options: w has %d weights, want %d", len(*o.W), len(p.W))
		}
		copy(p.W[:], *o.W)
	}
	if o.RequestRetention != nil {
		p.RequestRetention = *o.RequestRetention
	}
	if o.MaximumInterval != nil {
		p.MaximumInterval = *o.MaximumInterval
	}
	if o.EnableShortTerm != nil {
		p.EnableShortTerm = *o.EnableShortTerm
	}
	if o.EnableFuzz != nil {
		p.EnableFuzz = *o.EnableFuzz
	}
	for _, f := range []struct {
		in  *[]string
		out *[]time.Duration
	}{{o.LearningSteps, &p.LearningSteps}, {o.RelearningSteps, &p.RelearningSteps}} {
		if f.in == nil {
			continue
		}
		steps := []time.Duration{}
		for _, s := range *f.in {
			d, err := ParseStep(s)
			if err != nil {
				return p, err
			}
			steps = append(steps, d)
		}
		*f.out = steps
	}
	return p, nil
}

// loadManifest reads dir/manifest.json; a missing or empty manifest is an error.
func loadManifest(dir string) ([]manifestEntry, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	var entries []manifestEntry
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("manifest in %s lists no vector files", dir)
	}
	for _, e := range entries {
		if e.File == "" {
			return nil, fmt.Errorf("manifest in %s: entry without a file", dir)
		}
	}
	return entries, nil
}

func TestManifestMissing(t *testing.T) {
	if _, err := loadManifest(t.TempDir()); err == nil {
		t.Fatal("a missing manifest must be an error")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadManifest(dir); err == nil {
		t.Fatal("an empty manifest must be an error")
	}
	if _, err := paramsFromOptions(json.RawMessage(`{"request_retention":0.9,"bogus":1}`)); err == nil {
		t.Fatal("an unknown option must be an error")
	}
	p, err := paramsFromOptions(json.RawMessage(`{"w":[` + strings.Repeat("0.5,", 20) + `0.5],"learning_steps":[],"relearning_steps":["1h","2d"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.W[20] != 0.5 || len(p.LearningSteps) != 0 || p.RelearningSteps[1] != 48*time.Hour || p.RequestRetention != 0.9 {
		t.Fatalf("options not applied: %+v", p)
	}
}

func TestConformance(t *testing.T) {
	entries, err := loadManifest("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Run(e.File, func(t *testing.T) {
			p, err := paramsFromOptions(e.Options)
			if err != nil {
				t.Fatal(err)
			}
			s, err := New(p)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			n := replay(t, s, filepath.Join("testdata", e.File))
			if n == 0 {
				t.Fatalf("%s holds no reviews", e.File)
			}
			t.Logf("%s: %d reviews match", e.File, n)
		})
	}
}

// replay checks every line of one vector file and returns the number of
// lines. It stops at the first mismatching line and reports all its fields.
func replay(t *testing.T, s *Scheduler, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cards := map[string]Card{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var v vector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		now, err := time.Parse(time.RFC3339, v.Now)
		if err != nil {
			t.Fatalf("%s:%d: now: %v", path, line, err)
		}
		wantDue, err := time.Parse(time.RFC3339, v.Due)
		if err != nil {
			t.Fatalf("%s:%d: due: %v", path, line, err)
		}
		wantState, err := ParseState(v.State)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		c, seen := cards[v.Card]
		if !seen {
			c = NewCard(now)
		}
		r := Rating(v.Rating)
		got, log := s.Review(c, now, r)
		if prev := s.Preview(c, now); prev[r-1] != got {
			t.Fatalf("%s:%d: Preview %+v differs from Review %+v", path, line, prev[r-1], got)
		}

		var bad []string
		check := func(ok bool, field string, got, want any) {
			if !ok {
				bad = append(bad, fmt.Sprintf("%s got %v want %v", field, got, want))
			}
		}
		closeTo := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9 }
		check(got.Due.Equal(wantDue), "due", got.Due.UTC().Format(time.RFC3339), v.Due)
		check(closeTo(got.Stability, v.Stability), "stability", got.Stability, v.Stability)
		check(closeTo(got.Difficulty, v.Difficulty), "difficulty", got.Difficulty, v.Difficulty)
		check(got.ElapsedDays == v.ElapsedDays, "elapsed_days", got.ElapsedDays, v.ElapsedDays)
		check(got.ScheduledDays == v.ScheduledDays, "scheduled_days", got.ScheduledDays, v.ScheduledDays)
		check(got.Reps == v.Reps, "reps", got.Reps, v.Reps)
		check(got.Lapses == v.Lapses, "lapses", got.Lapses, v.Lapses)
		check(got.State == wantState, "state", got.State, wantState)
		check(got.LastReview.Equal(now), "last_review", got.LastReview, now)
		check(log.ElapsedDays == v.ElapsedDays, "log.elapsed_days", log.ElapsedDays, v.ElapsedDays)
		switch {
		case v.RetrievabilityBefore == nil:
			check(log.RetrievabilityBefore == nil, "retrievability_before", fmtR(log.RetrievabilityBefore), "null")
		case log.RetrievabilityBefore == nil:
			check(false, "retrievability_before", "null", *v.RetrievabilityBefore)
		default:
			check(closeTo(*log.RetrievabilityBefore, *v.RetrievabilityBefore), "retrievability_before",
				*log.RetrievabilityBefore, *v.RetrievabilityBefore)
		}
		if seen {
			// The R recorded in the log is the one Retrievability reports.
			check(closeTo(s.Retrievability(c, now), *log.RetrievabilityBefore), "Retrievability()",
				s.Retrievability(c, now), *log.RetrievabilityBefore)
		}
		if len(bad) > 0 {
			t.Fatalf("%s:%d: card %s (before: %+v) rated %d at %s:\n  %v\n  line: %s",
				path, line, v.Card, c, v.Rating, v.Now, bad, sc.Text())
		}
		cards[v.Card] = got
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return line
}

func fmtR(r *float64) string {
	if r == nil {
		return "null"
	}
	return fmt.Sprint(*r)
}
