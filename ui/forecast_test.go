package ui

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

// answerAt records an answer to key rated r at at.
func answerAt(t testing.TB, st *fakeStore, key string, at time.Time, r fsrs.Rating) {
	t.Helper()
	right := r != fsrs.Again
	if _, err := st.RecordAnswer(store.Answer{Key: key, Type: bank.Single, Section: "一、单项选择题", Mode: store.ModeReview,
		Correct: &right, Rating: r, At: at}, store.Position{}); err != nil {
		t.Fatal(err)
	}
}

// learned answers the test bank's single, multiple and true/false
// questions: s1 well learned, m1 and t1 once, weeks ago; f1, e1 and c1
// stay unseen.
func learned(t testing.TB, st *fakeStore) {
	t.Helper()
	day := 24 * time.Hour
	start := testNow.Add(-40 * day)
	answerAt(t, st, "test/s1", start, fsrs.Good)
	answerAt(t, st, "test/s1", start.Add(10*time.Minute), fsrs.Good)
	answerAt(t, st, "test/s1", start.Add(5*day), fsrs.Good)
	answerAt(t, st, "test/s1", start.Add(20*day), fsrs.Easy)
	answerAt(t, st, "test/m1", start, fsrs.Hard)
	answerAt(t, st, "test/t1", start.Add(day), fsrs.Again)
}

// examDay is the test clock's day plus days, as the settings write it.
func examDay(days int) string {
	return testNow.AddDate(0, 0, days).Format(forecast.DateLayout)
}

// wantRecall is the mean recall of keys at at, computed from the fake's
// cards with the scheduler's forgetting curve.
func wantRecall(st *fakeStore, at time.Time, keys ...string) float64 {
	sum := 0.0
	for _, k := range keys {
		sum += st.sched.Retrievability(st.cards[k], at)
	}
	return sum / float64(len(keys))
}

func TestHomeShowsExamForecast(t *testing.T) {
	st := newFakeStore()
	learned(t, st)
	st.settings.ExamDate = examDay(30)
	d := newDriver(t, testConfig(st, "en"), 80, 40)
	at, _ := forecast.ExamTime(examDay(30), time.UTC)
	want := wantRecall(st, at, "test/s1", "test/m1", "test/t1")
	d.expect("Exam")
	d.expect("exam on " + examDay(30) + " · 30 days left")
	d.expect(fmt.Sprintf("predicted recall %.0f%% (of 3 seen)", 100*want))
	d.expect("3 unseen")
	// sections where there is room, each with its own recall
	for _, sec := range []struct{ name, key string }{{"一、单项选择题", "test/s1"}, {"二、多项选择题", "test/m1"}, {"三、判断题", "test/t1"}} {
		line := lineWith(d.view(), sec.name)
		if !strings.HasSuffix(line, fmt.Sprintf(" %.0f%%", 100*wantRecall(st, at, sec.key))) {
			t.Errorf("section line %q, want recall %.0f%%", line, 100*wantRecall(st, at, sec.key))
		}
	}
	if line := lineWith(d.view(), "四、填空题"); !strings.HasSuffix(line, "— · 1 unseen") {
		t.Errorf("the unseen fill-in section: %q", line)
	}
	// the seen questions below 90% on the day, and what reviewing them
	// before it takes
	below := 0
	for _, k := range []string{"test/s1", "test/m1", "test/t1"} {
		if st.sched.Retrievability(st.cards[k], at) < 0.9 {
			below++
		}
	}
	d.expect(fmt.Sprintf("%d questions below 90%% on the day: about 1 review a day", below))

	// in Chinese, and folded on a short terminal: still one line
	st.settings.Lang = "zh"
	d = newDriver(t, testConfig(st, "zh"), 60, 14)
	d.expect("考试日 " + examDay(30))
	d.expect("还有 30 天")
}

func TestHomeWithoutExamDateUnchanged(t *testing.T) {
	st := newFakeStore()
	learned(t, st)
	d := newDriver(t, testConfig(st, "en"), 80, 40)
	if strings.Contains(d.view(), "predicted recall") {
		t.Fatalf("a forecast without an exam date:\n%s", d.view())
	}
	st.settings.ExamDate = examDay(-3) // past
	d = newDriver(t, testConfig(st, "en"), 80, 40)
	d.expect("The exam date has passed")
}

// settingsRow moves the settings cursor to the row of kind k.
func settingsRow(t *testing.T, d *driver, k setKind) {
	t.Helper()
	s, ok := d.m.active().(*settingsScreen)
	if !ok {
		t.Fatalf("active screen %T", d.m.active())
	}
	for range len(s.rows()) {
		if s.row().kind == k {
			return
		}
		d.keys("down")
	}
	t.Fatalf("no settings row %d", k)
}

func TestSettingsExamDate(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, settingsCfg(st, "en"), 80, 30)
	settingsRow(t, d, setExamDate)
	d.expect("‹ none ›")
	d.keys("right") // four weeks ahead
	if st.settings.ExamDate != examDay(28) {
		t.Fatalf("exam date %q, want %q", st.settings.ExamDate, examDay(28))
	}
	d.keys("right", "right", "left")
	if st.settings.ExamDate != examDay(29) {
		t.Fatalf("exam date %q after → → ←", st.settings.ExamDate)
	}
	// typed: a bad date is refused and said so, a good one saved
	d.keys("enter")
	for range 10 {
		d.keys("backspace")
	}
	d.typeText("2027-02-30")
	d.keys("enter")
	d.expect(`"2027-02-30" is not a date`)
	if st.settings.ExamDate != examDay(29) {
		t.Fatal("a bad date was saved")
	}
	for range 10 {
		d.keys("backspace")
	}
	d.typeText("2027-01-15")
	d.keys("enter")
	if st.settings.ExamDate != "2027-01-15" || d.m.c.settings.ExamDate != "2027-01-15" {
		t.Fatalf("typed date not saved: %q", st.settings.ExamDate)
	}
	d.expect("‹ 2027-01-15 ›")
	d.keys("x")
	if st.settings.ExamDate != "" {
		t.Fatalf("cleared date is %q", st.settings.ExamDate)
	}
	// esc while typing keeps the date and stays on the screen
	d.keys("enter")
	d.typeText("2027")
	d.keys("esc")
	if st.settings.ExamDate != "" {
		t.Fatal("esc saved the typed date")
	}
	d.expect("Exam date")

	settingsRow(t, d, setTargetExam)
	d.keys("enter")
	if !st.settings.TargetExam {
		t.Fatal("target the exam date not saved")
	}
}

// TestSettingsBankDates: with several banks each has its own date row,
// "as above" until set.
func TestSettingsBankDates(t *testing.T) {
	st := newFakeStore()
	cfg := settingsCfg(st, "en")
	other := &bank.Bank{Name: "other", Title: "Other bank", Questions: []*bank.Question{{ID: "o1", Bank: "other", Type: bank.Single, Stem: "?"}}}
	cfg.Banks = append(cfg.Banks, other)
	d := newDriver(t, cfg, 80, 40)
	d.expect("Other bank")
	d.expect("‹ as above ›")
	settingsRow(t, d, setBankDate) // the first bank
	d.keys("down", "right")        // the other bank: four weeks ahead
	if st.settings.ExamDates["other"] != examDay(28) || st.settings.ExamDateOf("test") != "" {
		t.Fatalf("bank dates %v", st.settings.ExamDates)
	}
	d.keys("x")
	if len(st.settings.ExamDates) != 0 {
		t.Fatalf("bank date not cleared: %v", st.settings.ExamDates)
	}
}

// simulateLearner answers n questions of a fake store over days days as
// it schedules them, forgetting as a learner who recalls with the
// defaults' retrievability squared would.
func simulateLearner(t testing.TB, st *fakeStore, n, days int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 5))
	start := testNow.Add(-time.Duration(days) * 24 * time.Hour)
	for d := range days {
		now := start.Add(time.Duration(d) * 24 * time.Hour)
		for i := range n {
			k := fmt.Sprintf("sim/%d", i)
			c, seen := st.cards[k]
			switch {
			case !seen && i/5 != d:
				continue // five new ones a day
			case seen && c.Due.After(now.Add(time.Hour)):
				continue
			}
			r := fsrs.Good
			switch {
			case !seen:
				r = []fsrs.Rating{fsrs.Again, fsrs.Good, fsrs.Good, fsrs.Good, fsrs.Easy}[rng.IntN(5)]
			case rng.Float64() > math.Pow(st.sched.Retrievability(c, now), 2):
				r = fsrs.Again
			}
			answerAt(t, st, k, now, r)
		}
	}
}

func TestFitScreen(t *testing.T) {
	st := newFakeStore()
	simulateLearner(t, st, 200, 60)
	d := newDriver(t, settingsCfg(st, "en"), 80, 34) // tall enough for every row's description
	settingsRow(t, d, setWeights)
	d.expect("‹ defaults ›")
	d.keys("enter") // the fit runs (synchronously in the test driver)
	fs, ok := d.m.active().(*fitScreen)
	if !ok || fs.phase != fitDone {
		t.Fatalf("fit screen %T in phase %v:\n%s", d.m.active(), fs.phase, d.view())
	}
	if fs.res.Scope.String() != "all" || !(fs.fit.LogLossFitted < fs.fit.LogLossDefault) {
		t.Fatalf("fit %+v (%s)", fs.fit, fs.res.Reason)
	}
	d.expect(fmt.Sprintf("Fitted to %d reviews", len(st.log)))
	if line := lineWith(d.view(), "log loss"); !strings.HasSuffix(line, fmt.Sprintf("%.4f  %.4f", fs.fit.LogLossDefault, fs.fit.LogLossFitted)) {
		t.Errorf("log loss line %q", line)
	}
	d.expect("enter schedules with the fitted weights")
	before := st.sched
	d.keys("enter")
	d.expect("Applied: scheduling uses the fitted weights")
	if st.Weights().Current != fs.fit.Weights || st.sched == before {
		t.Fatal("the fitted weights are not in use")
	}
	d.keys("esc")
	d.expect("‹ fitted " + testNow.Format("2006-01-02") + " ›")
	d.expect(fmt.Sprintf("log loss %.4f", fs.fit.LogLossFitted))

	// d goes back to the defaults
	d.keys("enter")
	d.keys("d")
	d.expect("default weights again")
	if st.Weights().Fitted() {
		t.Fatal("d left the fitted weights in use")
	}
}

func TestFitScreenSmallLog(t *testing.T) {
	st := newFakeStore()
	learned(t, st)
	d := newDriver(t, settingsCfg(st, "zh"), 80, 30)
	settingsRow(t, d, setWeights)
	d.keys("enter")
	d.expect("数据太少，使用默认参数")
	d.expect("异常值过滤后没有可评估的作答")
}

func TestStatsModelAndCalibration(t *testing.T) {
	st := newFakeStore()
	hi, lo := 0.95, 0.35
	right, wrong := true, false
	st.exams = []store.ExamRecord{{ID: "e", Started: testNow.Add(-time.Hour), Answers: []store.ExamAnswer{
		{Key: "test/s1", Correct: &right, Points: 2, Recall: &hi, Worth: 2},
		{Key: "test/m1", Correct: &wrong, Recall: &lo, Worth: 3},
		{Key: "test/t1", Correct: &right, Points: 2, Recall: &lo, Worth: 2},
		{Key: "test/f1", Correct: &wrong}, // unseen then: not predicted
	}}}
	fit := store.Fit{At: testNow.Add(-24 * time.Hour), Weights: fsrs.DefaultWeights, Reviews: 1234, Evaluated: true,
		LogLossDefault: 0.41, LogLossFitted: 0.3921, RMSEBinsDefault: 0.08, RMSEBinsFitted: 0.031}
	fit.Weights[0] = 0.5
	if err := st.ApplyWeights(fit); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(st, "en")
	cfg.Start = "stats"
	d := newDriver(t, cfg, 80, 200)
	d.expect("Memory model")
	d.expect("FSRS weights: fitted 2026-11-24 · from 1234 reviews · log loss 0.3921")
	d.expect("RMSE (bins) 3.10% · last fit 2026-11-24 10:00")
	d.expect("Calibration of exam predictions")
	d.expect("3 predicted answers · predicted 55% right · actually 67% right")
	d.expect("30–40%            2   35%    50%")
	d.expect("90–100%           1   95%   100%")
}

func TestExamSetupPredictsAndReportCompares(t *testing.T) {
	st := newFakeStore()
	learned(t, st)
	d := newDriver(t, examCfg(st, "en", nil), 80, 30)
	setup := d.m.active().(*examSetup)
	p := setup.pred
	if p == nil || p.Seen != 3 || p.Unseen != 3 {
		t.Fatalf("prediction %+v", p)
	}
	now := testNow
	want := 2*st.sched.Retrievability(st.cards["test/s1"], now) + 3*st.sched.Retrievability(st.cards["test/m1"], now) +
		2*st.sched.Retrievability(st.cards["test/t1"], now)
	if math.Abs(p.Expected-want) > 1e-9 || p.SeenPoints != 7 || p.UnseenPoints != 22 {
		t.Fatalf("prediction %+v, want expected %v of 7", p, want)
	}
	d.expect(fmt.Sprintf("predicted %s of 7 points seen · 3 unseen (22 pts) not predicted", fmtPoints(roundPoints(want))))

	ex := startExam(t, d)
	if ex.pred != p {
		t.Fatal("the paper is not the one predicted")
	}
	d.keys("d", "S", "y") // s1 right (D), the rest unanswered
	rep, ok := d.m.active().(*examReport)
	if !ok {
		t.Fatalf("active %T:\n%s", d.m.active(), d.view())
	}
	rec := rep.rec
	if rec.Forecast == nil || rec.Forecast.Seen != 3 {
		t.Fatalf("forecast not kept: %+v", rec.Forecast)
	}
	predicted := 0
	for _, a := range rec.Answers {
		if a.Recall != nil {
			predicted++
		}
	}
	if predicted != 3 {
		t.Fatalf("%d answers carry a prediction", predicted)
	}
	pred, actual, worth, n := rec.Predicted()
	if n != 3 || worth != 7 || actual != 2 || math.Abs(pred-want) > 1e-9 {
		t.Fatalf("predicted %v, actual %v of %v on %d", pred, actual, worth, n)
	}
	d.expect(fmt.Sprintf("predicted %s, scored 2 (of 7, on the 3 questions seen before)", fmtPoints(roundPoints(want))))
	d.expect("3 were new then (not predicted)")
	if saved := st.exams[len(st.exams)-1]; saved.Forecast == nil {
		t.Fatal("the saved exam lost its forecast")
	}
}

// TestResumedExamKeepsPrediction: a paper kept before it is handed in
// keeps the set-up's prediction; resumed (as after a killed program) and
// handed in, the record carries it as if it had never been left.
func TestResumedExamKeepsPrediction(t *testing.T) {
	st := newFakeStore()
	learned(t, st)
	d := newDriver(t, examCfg(st, "en", nil), 80, 30)
	p := d.m.active().(*examSetup).pred
	startExam(t, d)
	d.keys("d") // s1 right; kept on the answer
	kept := st.savedPaper()
	if kept == nil || !kept.Predicted {
		t.Fatalf("paper kept without its prediction: %+v", kept)
	}
	for i, q := range kept.Questions {
		if seen := !math.IsNaN(p.Recall[i]); seen != (q.Recall != nil) || seen && *q.Recall != p.Recall[i] {
			t.Fatalf("question %d (%s) kept with recall %v, predicted %v", i+1, q.Key, q.Recall, p.Recall[i])
		}
	}

	home := newDriver(t, testConfig(st, "en"), 80, 30)
	home.m.active().(*homeScreen).resume.tick = func() tea.Cmd { return nil }
	home.keys("r")
	ex := examOn(t, home)
	if ex.pred == nil || ex.pred.Expected != p.Expected || ex.pred.Seen != p.Seen || ex.pred.UnseenPoints != p.UnseenPoints {
		t.Fatalf("resumed prediction %+v, drawn %+v", ex.pred, p)
	}
	home.keys("S", "y")
	rep, ok := home.m.active().(*examReport)
	if !ok {
		t.Fatalf("active %T:\n%s", home.m.active(), home.view())
	}
	if rec := rep.rec; rec.Forecast == nil || rec.Forecast.Seen != 3 || rec.Forecast.Unseen != 3 {
		t.Fatalf("forecast after resuming: %+v", rec.Forecast)
	}
	home.expect("(of 7, on the 3 questions seen before)")
	home.expect("3 were new then (not predicted)")
}

// TestReviewTargetsExamDate: with the exam date targeted, a review puts
// first the question weakest on the exam day though it is not due, and
// answering it is an ordinary review.
func TestReviewTargetsExamDate(t *testing.T) {
	st := newFakeStore()
	learned(t, st)
	st.settings.ExamDate = examDay(10)
	st.settings.NewPerDay = 0
	// none of the three is weak enough to be due now? t1 (Again, then
	// relearning) and m1 (Hard once) are due; s1 is not.
	order := func() []string {
		t.Helper()
		s := newReview(testCommonWith(st), reviewDue)
		keys, _, err := s.src.load()
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	plain := order()
	st.settings.TargetExam = true
	targeted := order()
	at, _ := forecast.ExamTime(examDay(10), time.UTC)
	weak := forecast.Weakest(st.sched, []forecast.Bank{{Name: "test", ExamAt: at, Questions: []forecast.Question{
		{Key: "test/s1", Card: st.cards["test/s1"], Seen: true},
		{Key: "test/m1", Card: st.cards["test/m1"], Seen: true},
		{Key: "test/t1", Card: st.cards["test/t1"], Seen: true},
	}}}, st.settings.DesiredRetention)
	if len(weak) == 0 || len(targeted) < len(plain) {
		t.Fatalf("weak %v; plain %v, targeted %v", weak, plain, targeted)
	}
	for i, w := range weak[:min(len(weak), len(targeted))] {
		if targeted[i] != w.Key {
			t.Fatalf("targeted order %v, want the weakest first: %v", targeted, weak)
		}
	}
	for _, k := range plain {
		if !strings.Contains(strings.Join(targeted, " "), k) {
			t.Fatalf("targeted review dropped the due %s: %v", k, targeted)
		}
	}
}

// TestForecastScreensFitEveryWidth: home with a forecast, the settings,
// the fit result and the exam set-up stay inside 40–120 columns.
func TestForecastScreensFitEveryWidth(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, w := range []int{40, 60, 80, 120} {
			for _, h := range []int{10, 24} {
				st := newFakeStore()
				learned(t, st)
				st.settings.ExamDate = examDay(30)
				st.settings.Lang = lang
				check := func(d *driver, what string) {
					t.Helper()
					lines := strings.Split(d.view(), "\n")
					if len(lines) > h {
						t.Errorf("%s %s at %dx%d: %d lines", lang, what, w, h, len(lines))
					}
					for i, l := range lines {
						if lw := ansi.StringWidth(l); lw > w {
							t.Errorf("%s %s at %dx%d: line %d is %d wide: %q", lang, what, w, h, i, lw, l)
						}
					}
				}
				d := newDriver(t, testConfig(st, lang), w, h)
				check(d, "home")
				d.keys(menuKey("settings"))
				settingsRow(t, d, setWeights)
				check(d, "settings")
				d.keys("enter")
				check(d, "fit")
				d = newDriver(t, examCfg(st, lang, nil), w, h)
				check(d, "exam set-up")
			}
		}
	}
}

// testCommonWith is the screens' common state over st, its settings loaded.
func testCommonWith(st *fakeStore) *common {
	c := New(testConfig(st, "zh")).c
	c.settings = st.settings
	return c
}

// lineWith is the first line of view holding sub, without trailing blanks.
func lineWith(view, sub string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimRight(l, " ")
		}
	}
	return ""
}

// TestFitProgressBar: while the optimizer runs, its progress is drawn as
// a bar; esc stops it and goes back.
func TestFitProgressBar(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, settingsCfg(st, "en"), 80, 24)
	fs := newFitScreen(d.m.c)
	fs.SetSize(60, 10)
	run := &fitRun{progress: make(chan [2]int, 1), done: make(chan fitDoneMsg, 1), cancel: func() {}}
	fs.run, fs.phase = run, fitReading
	if v := fs.View(); !strings.Contains(v, "Reading the review log") {
		t.Fatalf("reading view %q", v)
	}
	_, cmd := fs.Update(fitProgressMsg{run: run, done: 30, total: 120})
	if cmd == nil || fs.phase != fitFitting {
		t.Fatal("progress does not wait for more")
	}
	v := fs.View()
	if !strings.Contains(v, strings.Repeat("█", 14)+"░") || !strings.Contains(v, " 25%") {
		t.Fatalf("progress view:\n%s", v)
	}
	if w := ansi.StringWidth(lineWith(v, "25%")); w > 60 {
		t.Fatalf("bar %d wide", w)
	}
	// a message of an earlier run is ignored
	fs.Update(fitProgressMsg{run: &fitRun{}, done: 120, total: 120})
	if fs.done != 30 {
		t.Fatal("a stale run's progress was taken")
	}
	cancelled := false
	run.cancel = func() { cancelled = true }
	if !fs.OwnsKey(keyMsg("esc")) {
		t.Fatal("esc is not the fit screen's while it runs")
	}
	if _, cmd := fs.Update(keyMsg("esc")); cmd == nil || !cancelled {
		t.Fatal("esc did not stop the fit")
	}
}
