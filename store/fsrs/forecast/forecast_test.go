package forecast

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

var (
	shanghai = time.FixedZone("CST", 8*3600)
	t0       = time.Date(2025, 3, 10, 20, 0, 0, 0, shanghai)
)

func scheduler(t testing.TB) *fsrs.Scheduler {
	t.Helper()
	s, err := fsrs.New(fsrs.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// reviewed is a card answered Good at t0 (and again ten minutes later, so
// it graduates to Review) and then at the given days after t0.
func reviewed(t testing.TB, s *fsrs.Scheduler, days ...int) fsrs.Card {
	t.Helper()
	c, _ := s.Review(fsrs.NewCard(t0), t0, fsrs.Good)
	c, _ = s.Review(c, t0.Add(10*time.Minute), fsrs.Good)
	for _, d := range days {
		c, _ = s.Review(c, t0.Add(time.Duration(d)*24*time.Hour), fsrs.Good)
	}
	return c
}

// recallAt is FSRS-6's forgetting curve written out from FSRS6.md §3 with
// the default weights: R = (1 + factor·t/S)^decay, t in whole UTC days.
func recallAt(c fsrs.Card, at time.Time) float64 {
	decay := -fsrs.DefaultWeights[20]
	factor := math.Pow(0.9, 1/decay) - 1
	t := float64(int(at.UTC().Truncate(24*time.Hour).Sub(c.LastReview.UTC().Truncate(24*time.Hour)).Hours() / 24))
	return math.Pow(1+factor*t/c.Stability, decay)
}

func TestExamTimeAndDaysLeft(t *testing.T) {
	at, err := ExamTime("2025-06-14", shanghai)
	if err != nil || !at.Equal(time.Date(2025, 6, 14, ExamHour, 0, 0, 0, shanghai)) {
		t.Fatalf("ExamTime = %v, %v", at, err)
	}
	for _, bad := range []string{"", "2025-6-14", "14.06.2025", "2025-02-30", "tomorrow"} {
		if _, err := ExamTime(bad, shanghai); err == nil {
			t.Errorf("ExamTime(%q) accepted", bad)
		}
	}
	for _, c := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2025, 6, 14, 0, 5, 0, 0, shanghai), 0},
		{time.Date(2025, 6, 13, 23, 59, 0, 0, shanghai), 1},
		// 2025-06-13 17:00 UTC is already the 14th in Shanghai.
		{time.Date(2025, 6, 13, 17, 0, 0, 0, time.UTC), 0},
		{time.Date(2025, 3, 10, 8, 0, 0, 0, shanghai), 96},
		{time.Date(2025, 6, 20, 8, 0, 0, 0, shanghai), -6},
	} {
		if got := DaysLeft(c.now, at, shanghai); got != c.want {
			t.Errorf("DaysLeft(%v) = %d, want %d", c.now, got, c.want)
		}
	}
	// Across a change to summer time the days are calendar days.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err == nil {
		exam, _ := ExamTime("2025-04-01", berlin)
		if got := DaysLeft(time.Date(2025, 3, 29, 23, 30, 0, 0, berlin), exam, berlin); got != 3 {
			t.Errorf("DaysLeft across DST = %d, want 3", got)
		}
	}
}

func TestPredict(t *testing.T) {
	s := scheduler(t)
	strong, weak := reviewed(t, s, 1, 4, 12, 30), reviewed(t, s)
	early := time.Date(2025, 5, 1, ExamHour, 0, 0, 0, shanghai)
	late := time.Date(2025, 9, 1, ExamHour, 0, 0, 0, shanghai)
	banks := []Bank{
		{Name: "a", ExamAt: early, Questions: []Question{
			{Key: "a/1", Section: "一", Card: strong, Seen: true},
			{Key: "a/2", Section: "二", Card: weak, Seen: true},
			{Key: "a/3", Section: "一"},
			{Key: "a/4", Section: "一", Card: weak, Seen: true},
		}},
		{Name: "b", ExamAt: late, Questions: []Question{
			{Key: "b/1", Section: "一", Card: strong, Seen: true},
			{Key: "b/2", Section: "一"},
		}},
		{Name: "empty", ExamAt: late},
	}
	f := Predict(s, banks)
	rs, rw, rsLate := recallAt(strong, early), recallAt(weak, early), recallAt(strong, late)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	if len(f.Banks) != 3 || f.Seen != 4 || f.Unseen != 2 || !near(f.Expected, rs+2*rw+rsLate) {
		t.Fatalf("overall %+v, want 4 seen, 2 unseen, expected %v", f.Recall, rs+2*rw+rsLate)
	}
	a := f.Banks[0]
	if a.Seen != 3 || a.Unseen != 1 || !near(a.Mean(), (rs+2*rw)/3) || !a.ExamAt.Equal(early) {
		t.Fatalf("bank a %+v", a)
	}
	if len(a.Sections) != 2 || a.Sections[0].Name != "一" || a.Sections[0].Seen != 2 || a.Sections[0].Unseen != 1 ||
		!near(a.Sections[0].Expected, rs+rw) || a.Sections[1].Name != "二" || !near(a.Sections[1].Mean(), rw) {
		t.Fatalf("sections of a %+v", a.Sections)
	}
	// The same card is forecast lower for a later exam.
	b := f.Banks[1]
	if !near(b.Mean(), rsLate) || !(rsLate < rs) || b.Unseen != 1 {
		t.Fatalf("bank b %+v (recall %v early, %v late)", b, rs, rsLate)
	}
	if e := f.Banks[2]; e.Seen != 0 || e.Unseen != 0 || e.Mean() != 0 || len(e.Sections) != 0 {
		t.Fatalf("empty bank %+v", e)
	}
	if !(rw < rs && rs < 1 && rw > 0) {
		t.Fatalf("recall strong %v, weak %v", rs, rw)
	}
}

func TestPredictPaper(t *testing.T) {
	s := scheduler(t)
	c := reviewed(t, s, 1, 4)
	at := t0.Add(20 * 24 * time.Hour)
	p := PredictPaper(s, []PaperQuestion{{Card: c, Seen: true, Points: 2}, {Points: 5}, {Card: c, Seen: true, Points: 1}}, at)
	r := recallAt(c, at)
	if p.Seen != 2 || p.Unseen != 1 || p.SeenPoints != 3 || p.UnseenPoints != 5 || math.Abs(p.Expected-3*r) > 1e-6 {
		t.Fatalf("paper %+v, want expected %v", p, 3*r)
	}
	if len(p.Recall) != 3 || !math.IsNaN(p.Recall[1]) || math.Abs(p.Recall[0]-r) > 1e-6 {
		t.Fatalf("recall %v", p.Recall)
	}
}

func TestWeakestAndPerDay(t *testing.T) {
	s := scheduler(t)
	exam := t0.Add(60 * 24 * time.Hour)
	strong, mid, weak := reviewed(t, s, 1, 4, 12, 30), reviewed(t, s, 1), reviewed(t, s)
	banks := []Bank{{Name: "a", ExamAt: exam, Questions: []Question{
		{Key: "a/1", Card: mid, Seen: true}, {Key: "a/2"}, {Key: "a/3", Card: strong, Seen: true},
		{Key: "a/4", Card: weak, Seen: true}, {Key: "a/5", Card: weak, Seen: true},
	}}}
	target := recallAt(strong, exam) - 1e-9 // strong is just above it
	got := Weakest(s, banks, target)
	if len(got) != 3 || got[0].Key != "a/4" || got[1].Key != "a/5" || got[2].Key != "a/1" || !(got[0].Recall <= got[2].Recall) {
		t.Fatalf("weakest %+v", got)
	}
	if len(Weakest(s, banks, 0)) != 0 {
		t.Fatal("questions below a target of 0")
	}
	for _, c := range []struct{ n, days, want int }{{10, 3, 4}, {9, 3, 3}, {0, 5, 0}, {7, 0, 7}, {7, -2, 7}, {1, 30, 1}} {
		if got := PerDay(c.n, c.days); got != c.want {
			t.Errorf("PerDay(%d, %d) = %d, want %d", c.n, c.days, got, c.want)
		}
	}
}

func TestCalibrate(t *testing.T) {
	bins := Calibrate([]Outcome{
		{0.95, true}, {0.91, true}, {0.92, false}, {1, true}, // the top band, 1 included
		{0.05, false}, {0, false},
		{0.55, true},
		{math.NaN(), true}, // unseen: no prediction
	}, 10)
	if len(bins) != 10 || bins[0].Lo != 0 || bins[9].Hi != 1 {
		t.Fatalf("bands %+v", bins)
	}
	top := bins[9]
	if top.Count != 4 || math.Abs(top.Predicted-0.945) > 1e-9 || top.Actual != 0.75 {
		t.Errorf("top band %+v", top)
	}
	if bins[0].Count != 2 || bins[0].Actual != 0 || bins[5].Count != 1 || bins[5].Actual != 1 || bins[3].Count != 0 {
		t.Errorf("bands %+v", bins)
	}
}

// benchBanks is 100,000 questions in 10 banks of 20 sections, a fifth
// never answered, the rest reviewed up to a year before now.
func benchBanks(b *testing.B, s *fsrs.Scheduler, now time.Time) []Bank {
	rng := rand.New(rand.NewPCG(42, 42))
	banks := make([]Bank, 10)
	for i := range banks {
		banks[i] = Bank{Name: fmt.Sprintf("bank%d", i), ExamAt: now.Add(time.Duration(30+i) * 24 * time.Hour)}
		for j := range 10000 {
			q := Question{Key: fmt.Sprintf("bank%d/%d", i, j), Section: fmt.Sprintf("section %d", j/500)}
			if rng.IntN(5) > 0 {
				at := now.Add(-time.Duration(rng.IntN(365*86400)) * time.Second)
				c := fsrs.NewCard(at)
				for k := 1 + rng.IntN(8); k > 0 && at.Before(now); k-- {
					c, _ = s.Review(c, at, fsrs.Rating(1+rng.IntN(4)))
					at = c.Due
				}
				q.Card, q.Seen = c, true
			}
			banks[i].Questions = append(banks[i].Questions, q)
		}
	}
	return banks
}

// BenchmarkPredict100k forecasts 100,000 questions (target: under 50 ms).
func BenchmarkPredict100k(b *testing.B) {
	s := scheduler(b)
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, shanghai)
	banks := benchBanks(b, s, now)
	b.ReportAllocs()
	var f Forecast
	for b.Loop() {
		f = Predict(s, banks)
	}
	if f.Seen+f.Unseen != 100000 || f.Seen < 70000 || !(f.Mean() > 0 && f.Mean() < 1) {
		b.Fatalf("forecast %+v", f.Recall)
	}
}

// BenchmarkWeakest100k ranks 100,000 questions for the exam date.
func BenchmarkWeakest100k(b *testing.B) {
	s := scheduler(b)
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, shanghai)
	banks := benchBanks(b, s, now)
	b.ReportAllocs()
	var w []Weak
	for b.Loop() {
		w = Weakest(s, banks, 0.9)
	}
	if len(w) == 0 {
		b.Fatal("nothing below 0.9")
	}
}
