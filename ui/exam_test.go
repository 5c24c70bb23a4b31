package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func examCfg(st Store, lang string, clock *testClock) Config {
	cfg := testConfig(st, lang)
	cfg.Start = "exam"
	if clock != nil {
		cfg.Now = clock.now
	}
	return cfg
}

// startExam opens the set-up with the countdown stopped (the test sends
// examTickMsg itself) and starts the exam.
func startExam(t *testing.T, d *driver) *examScreen {
	t.Helper()
	setup, ok := d.m.active().(*examSetup)
	if !ok {
		t.Fatalf("active screen is %T", d.m.active())
	}
	setup.tick = func() tea.Cmd { return nil }
	d.keys("enter")
	ex, ok := d.m.active().(*examScreen)
	if !ok {
		t.Fatalf("after enter the active screen is %T:\n%s", d.m.active(), d.view())
	}
	return ex
}

func TestExamConfigDefaultsClamped(t *testing.T) {
	c := testCommon()
	cfg := newExamConfig(c.all, ExamOptions{})
	n, pts := cfg.total()
	// one question of each of single, multiple, truefalse, fill, essay, case
	if n != 6 || pts != 2+3+2+2+10+10 {
		t.Fatalf("default exam: %d questions, %g points", n, pts)
	}
	if cfg.Minutes != defaultExamMinutes {
		t.Fatalf("minutes %d", cfg.Minutes)
	}
	cfg = newExamConfig(c.all, ExamOptions{Bank: "test", Count: 3, Minutes: 45})
	if n, _ := cfg.total(); n != 3 || cfg.Minutes != 45 || len(cfg.Banks) != 1 {
		t.Fatalf("prefilled: %d questions, %d minutes, banks %v", n, cfg.Minutes, cfg.Banks)
	}
	cfg = newExamConfig(c.all, ExamOptions{Count: 100})
	if n, _ := cfg.total(); n != 6 {
		t.Fatalf("count above the bank: %d", n)
	}
	cfg = newExamConfig(c.all, ExamOptions{Bank: "nope"})
	if n, _ := cfg.total(); n != 0 {
		t.Fatalf("unknown bank draws %d", n)
	}
}

func TestExamSpread(t *testing.T) {
	avail := map[bank.Type]int{bank.Single: 50, bank.Multiple: 50, bank.TrueFalse: 50, bank.Short: 50}
	cfg := examConfig{Specs: map[bank.Type]examSpec{}}
	for _, ty := range bank.Types {
		cfg.Specs[ty] = defaultExamSpec(ty)
	}
	cfg.clamp(avail)
	cfg.spread(44, avail)
	if n, _ := cfg.total(); n != 44 {
		t.Fatalf("spread to %d", n)
	}
	// in proportion to 10:5:5:2
	if s := cfg.Specs[bank.Single].Count; s != 20 {
		t.Errorf("single %d, want 20", s)
	}
	if s := cfg.Specs[bank.Short].Count; s != 4 {
		t.Errorf("short %d, want 4", s)
	}
}

func TestDrawExam(t *testing.T) {
	c := testCommon()
	cfg := newExamConfig(c.all, ExamOptions{})
	sp := cfg.Specs[bank.Essay]
	sp.Count = 0
	cfg.Specs[bank.Essay] = sp
	qs := drawExam(c.all, cfg, 7)
	var types []bank.Type
	for _, q := range qs {
		types = append(types, q.Type)
	}
	want := []bank.Type{bank.Single, bank.Multiple, bank.TrueFalse, bank.Fill, bank.Case}
	if fmt.Sprint(types) != fmt.Sprint(want) {
		t.Fatalf("drawn %v, want %v", types, want)
	}
}

func TestExamSetupKeys(t *testing.T) {
	d := newDriver(t, examCfg(newFakeStore(), "zh", nil), 80, 30)
	d.expect("开始考试（6 题 · 满分 29 · 30 分钟）")
	d.keys("up", "right", "right") // minutes 30 → 40
	d.expect("时间限制 ‹ 40 › 分钟")
	d.keys("up", "up", "up", "up", "up", "up") // the single-choice row
	d.keys("left", "+", "+")                   // count 0, points 4
	d.expect("‹ 0 ›/1 题 · 每题 4 分")
	d.expect("开始考试（5 题 · 满分 27 · 40 分钟）")
}

func TestExamFlow(t *testing.T) {
	st := newFakeStore()
	clock := &testClock{t: testNow}
	d := newDriver(t, examCfg(st, "zh", clock), 80, 30)
	ex := startExam(t, d)
	if len(ex.items) != 6 {
		t.Fatalf("%d questions", len(ex.items))
	}
	d.expect("1/6")
	d.expect("剩余 30:00")
	// 1 single: D is right; no feedback is shown
	d.keys("d")
	if strings.Contains(d.view(), "回答正确") || strings.Contains(d.view(), "正确答案") {
		t.Fatalf("feedback shown during the exam:\n%s", d.view())
	}
	d.expect("(x) D.")
	clock.add(time.Minute)
	d.keys("n")
	// 2 multiple: A and B chosen (right is ABD), flagged
	d.keys("a", "b", "m")
	d.expect("[x] A.")
	d.expect("? 已标记")
	d.keys("n")
	// 3 true/false: false is right
	d.keys("f", "n")
	// 4 fill: typing starts at once
	d.expect("4/6")
	d.typeText("Customer Relationship Management")
	d.keys("enter")
	d.typeText("客户关系管理")
	d.keys("enter")
	// 5 essay: type an answer
	d.expect("5/6")
	d.keys("i")
	d.typeText("提高质量")
	d.keys("esc")
	if ex.typing {
		t.Fatal("still typing after esc")
	}
	// the answer sheet: 5 answered, 1 flagged; jump to 2
	d.keys("tab")
	d.expect("答题卡")
	d.expect("已答 5/6 · 标记 1")
	if v := d.view(); !strings.Contains(v, "2?") || !strings.Contains(v, "1●") || !strings.Contains(v, "6·") || !strings.Contains(v, "›5●") {
		t.Fatalf("sheet cells wrong:\n%s", v)
	}
	d.keys("left", "left", "left", "enter")
	if ex.cur != 1 {
		t.Fatalf("jumped to %d, want 1", ex.cur)
	}
	d.keys("m") // unflag
	// change the answer to the right one: A B D
	d.keys("d")
	d.expect("[x] D.")
	// esc asks first, going on by default
	d.keys("esc")
	d.expect("离开考试？")
	d.expect("已答 5 题，未答 1 题，标记 0 题")
	d.expect(glyphCursor + " n 继续作答")
	d.keys("n")
	d.expect("2/6")
	clock.add(4 * time.Minute)
	d.keys("S", "y")
	rep, ok := d.m.active().(*examReport)
	if !ok {
		t.Fatalf("after handing in: %T\n%s", d.m.active(), d.view())
	}
	rec := rep.rec
	// single 2 + multiple 3 + true/false 2 + fill 2; essay and case not yet
	if rec.Score != 9 || rec.Total != 29 {
		t.Fatalf("score %g/%g", rec.Score, rec.Total)
	}
	if ts := rec.ByType[bank.Multiple]; ts.Count != 1 || ts.Correct != 1 || ts.Score != 3 || ts.Total != 3 {
		t.Fatalf("multiple %+v", ts)
	}
	if ts := rec.ByType[bank.Case]; ts.Count != 1 || ts.Correct != 0 || ts.Score != 0 || ts.Total != 10 {
		t.Fatalf("case %+v", ts)
	}
	if got := rec.Finished.Sub(rec.Started); got != 5*time.Minute {
		t.Fatalf("time used %v", got)
	}
	d.expect("9/29 分")
	d.expect("用时 5:00 / 限时 30 分钟")
	// saved, and the four objective answers recorded in exam mode
	exams, _ := st.Exams()
	if len(exams) != 1 || exams[0].Score != 9 {
		t.Fatalf("saved exams %+v", exams)
	}
	log := st.logged()
	if len(log) != 4 {
		t.Fatalf("%d answers recorded, want 4: %+v", len(log), log)
	}
	for _, a := range log {
		if a.Mode != store.ModeExam || a.Correct == nil || !*a.Correct {
			t.Errorf("recorded %+v", a)
		}
	}
	if log[3].Given != "Customer Relationship Management；客户关系管理" {
		t.Errorf("fill given %q", log[3].Given)
	}
	// review the essay (5th) and grade it Good: 10 points, recorded
	d.keys("down", "down", "down", "down", "enter")
	rv, ok := d.m.active().(*examReview)
	if !ok {
		t.Fatalf("review: %T", d.m.active())
	}
	d.expect("参考答案")
	d.expect("提高质量")
	st.failSave = errFake // the first try cannot save: nothing recorded
	d.keys("3")
	d.expect("disk on fire")
	d.keys("x") // dismiss the error
	if n := len(st.logged()); n != 4 {
		t.Fatalf("%d answers recorded after a failed save", n)
	}
	d.keys("3")
	if rv.rec.Score != 19 || rv.rec.ByType[bank.Essay].Score != 10 {
		t.Fatalf("after grading: %g, essay %+v", rv.rec.Score, rv.rec.ByType[bank.Essay])
	}
	d.expect("已自评：得 10 分")
	if n := len(st.logged()); n != 5 {
		t.Fatalf("%d answers recorded after grading", n)
	}
	d.keys("3") // graded once only
	if n := len(st.logged()); n != 5 {
		t.Fatalf("graded twice")
	}
	exams, _ = st.Exams()
	if len(exams) != 1 || exams[0].Score != 19 {
		t.Fatalf("exam not updated: %+v", exams)
	}
	// the next one: the case, unanswered
	d.keys("right")
	d.expect("6/6")
	d.keys("esc")
	d.expect("19/29 分")
	// back to the set-up: the history has it
	d.keys("esc")
	d.expect("考试记录（1）")
	d.keys("down", "enter")
	d.expect("19/29 分")
	d.keys("enter")
	if _, ok := d.m.active().(*examReport); !ok {
		t.Fatalf("history entry opens %T", d.m.active())
	}
}

func TestExamAutoSubmitAtZero(t *testing.T) {
	st := newFakeStore()
	clock := &testClock{t: testNow}
	d := newDriver(t, examCfg(st, "en", clock), 80, 30)
	setup := d.m.active().(*examSetup)
	setup.cfg.Minutes = 10
	ex := startExam(t, d)
	d.keys("b") // single, wrong
	clock.add(9*time.Minute + 58*time.Second)
	d.send(examTickMsg{})
	d.expect("left 0:02")
	if ex.handedIn {
		t.Fatal("handed in early")
	}
	clock.add(3 * time.Second)
	d.send(examTickMsg{})
	rep, ok := d.m.active().(*examReport)
	if !ok {
		t.Fatalf("not handed in at zero: %T\n%s", d.m.active(), d.view())
	}
	if got := rep.rec.Finished.Sub(rep.rec.Started); got != 10*time.Minute {
		t.Fatalf("finished after %v, want the limit", got)
	}
	if rep.rec.Score != 0 {
		t.Fatalf("score %g", rep.rec.Score)
	}
	log := st.logged()
	if len(log) != 1 || *log[0].Correct || log[0].Mode != store.ModeExam {
		t.Fatalf("recorded %+v", log)
	}
	d.expect("0/29 points")
}

func TestExamSaveErrorRetries(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "n", "a", "b", "d", "n")
	st.failNext = errFake // handing in fails: nothing is kept
	d.keys("S", "y")
	if _, ok := d.m.active().(*examScreen); !ok {
		t.Fatalf("left the exam after a failed save: %T", d.m.active())
	}
	d.expect("disk on fire")
	d.keys("x") // dismiss the error
	d.keys("S")
	if _, ok := d.m.active().(*examReport); !ok {
		t.Fatalf("retry: %T\n%s", d.m.active(), d.view())
	}
	if n := len(st.logged()); n != 2 {
		t.Fatalf("%d answers recorded, want 2", n)
	}
}

func TestRestoreQ(t *testing.T) {
	c := testCommon()
	for _, tc := range []struct {
		key, given string
		want       *bool
	}{
		{"test/s1", "D", ptr(true)},
		{"test/s1", "B", ptr(false)},
		{"test/s1", "", ptr(false)},
		{"test/m1", "ABD", ptr(true)},
		{"test/m1", "AB", ptr(false)},
		{"test/t1", "false", ptr(true)},
		{"test/t1", "true", ptr(false)},
		{"test/f1", "customer relationship management；顾客关系管理", ptr(true)},
		{"test/f1", "CRM；客户关系管理", ptr(false)},
		{"test/e1", "whatever", nil},
	} {
		q, _ := c.question(tc.key)
		qv := restoreQ(c, q, tc.given)
		got := qv.correct
		if qv.kind == drill.SelfGraded {
			got = nil
		}
		if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
			t.Errorf("%s %q: %v, want %v", tc.key, tc.given, got, tc.want)
		}
		if tc.given != "" && qv.given() != tc.given && qv.kind != drill.Fill {
			t.Errorf("%s: given %q back as %q", tc.key, tc.given, qv.given())
		}
	}
}

func ptr(b bool) *bool { return &b }

func TestGoldenExamSetup(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, examCfg(newFakeStore(), "zh", nil), w, 24, step{wait: "开始考试"})
		})
	}
}

func TestGoldenExamQuestion(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, examCfg(newFakeStore(), "zh", nil), w, 24,
				step{wait: "开始考试"}, step{keys: []string{"enter"}, wait: "1/6"},
				step{keys: []string{"b", "m"}, wait: "已标记"})
		})
	}
}

func TestGoldenExamSheet(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, examCfg(newFakeStore(), "zh", nil), w, 24,
				step{wait: "开始考试"}, step{keys: []string{"enter"}, wait: "1/6"},
				step{keys: []string{"d", "n", "m", "n", "t", "tab"}, wait: "答题卡"})
		})
	}
}

func TestGoldenExamReport(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, examCfg(newFakeStore(), "zh", nil), w, 24,
				step{wait: "开始考试"}, step{keys: []string{"enter"}, wait: "1/6"},
				step{keys: []string{"d", "n", "a", "n", "t", "S"}, wait: "确定交卷"},
				step{keys: []string{"y"}, wait: "逐题回顾"})
		})
	}
	t.Run("en80", func(t *testing.T) {
		runGolden(t, examCfg(newFakeStore(), "en", nil), 80, 24,
			step{wait: "Start"}, step{keys: []string{"enter"}, wait: "1/6"},
			step{keys: []string{"d", "S"}, wait: "Hand in?"},
			step{keys: []string{"y"}, wait: "Answers"})
	})
}

func TestGoldenExamReview(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, examCfg(newFakeStore(), "zh", nil), w, 24,
				step{wait: "开始考试"}, step{keys: []string{"enter"}, wait: "1/6"},
				step{keys: []string{"n", "a", "c", "S"}, wait: "确定交卷"},
				step{keys: []string{"y"}, wait: "逐题回顾"},
				step{keys: []string{"down", "enter"}, wait: "漏选"})
		})
	}
}

// TestExamPartialCredit: with partial credit for 少选 set, a multiple
// choice answered with right options only earns that share of its points
// and still counts as wrong; by default it earns nothing
// (TestExamPartialCreditSetting).
func TestExamPartialCredit(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	d.m.active().(*examSetup).cfg.Scoring.PartialCredit = 0.5
	startExam(t, d)
	d.keys("d", "n", "a", "S", "y") // single right, multiple A of ABD
	ex, _ := st.Exams()
	if len(ex) != 1 || ex[0].Score != 3.5 || ex[0].Answers[1].Points != 1.5 {
		t.Fatalf("exams %+v", ex)
	}
	if ts := ex[0].ByType[bank.Multiple]; ts.Correct != 0 || ts.Score != 1.5 || *ex[0].Answers[1].Correct {
		t.Fatalf("multiple %+v, answer %+v", ts, ex[0].Answers[1])
	}
}

// TestExamCursorStaysInView: on a short terminal the option under the
// cursor is scrolled into view, as in a session.
func TestExamCursorStaysInView(t *testing.T) {
	d := newDriver(t, examCfg(newFakeStore(), "zh", nil), 40, 11)
	startExam(t, d)
	d.keys("down", "down", "down")
	d.expect(glyphCursor + " ( ) D.")
	d.keys("up", "up", "up")
	d.expect(glyphCursor + " ( ) A.")
}

func TestExamDiscard(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "esc")
	d.expect("放弃考试")
	d.keys("Q")
	if _, ok := d.m.active().(*examSetup); !ok {
		t.Fatalf("Q leads to %T", d.m.active())
	}
	if ex, _ := st.Exams(); len(ex) != 0 || len(st.logged()) != 0 {
		t.Fatalf("a discarded exam saved something: %v %v", ex, st.logged())
	}
}

// TestExamRealStore hands an exam in against a real store: the record is
// saved, the objective answers are in the log in exam mode and counted by
// the stats, the wrong one is in the mistake book.
func TestExamRealStore(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "shuati.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "n")        // single, right
	d.keys("a", "n")        // multiple, wrong
	d.keys("f", "n")        // true/false, right
	d.keys("esc", "S", "y") // fill left empty
	rep, ok := d.m.active().(*examReport)
	if !ok {
		t.Fatalf("%T\n%s", d.m.active(), d.view())
	}
	if rep.rec.Score != 4 {
		t.Fatalf("score %g", rep.rec.Score)
	}
	exams, err := st.Exams()
	if err != nil || len(exams) != 1 || exams[0].Score != 4 || exams[0].Total != 29 || len(exams[0].Answers) != 6 {
		t.Fatalf("exams %+v, %v", exams, err)
	}
	stats, err := st.Stats(testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Reviews != 3 || stats.ByType["single"].Correct != 1 || stats.ByType["multiple"].Answered != 1 || stats.MistakesOpen != 1 {
		t.Fatalf("stats %+v", stats)
	}
	h, err := st.History("test/m1")
	if err != nil || len(h) != 1 || h[0].Mode != store.ModeExam || h[0].Given != "A" {
		t.Fatalf("history %+v %v", h, err)
	}
	if h, _ := st.History("test/f1"); len(h) != 0 {
		t.Fatalf("unanswered fill recorded: %+v", h)
	}
}

// TestScreensFitEveryWidth draws every state of the four screens at widths
// from 40 to 200 columns: no line is wider than the terminal, no view
// taller.
func TestScreensFitEveryWidth(t *testing.T) {
	widths := []int{40, 41, 47, 59, 60, 73, 80, 99, 120, 157, 200}
	for _, w := range widths {
		for _, h := range []int{10, 24} {
			check := func(d *driver, what string) {
				t.Helper()
				v := d.view()
				if strings.Contains(v, "终端太小") {
					t.Fatalf("%s at %dx%d: too small", what, w, h)
				}
				lines := strings.Split(v, "\n")
				if len(lines) > h {
					t.Errorf("%s at %dx%d: %d lines", what, w, h, len(lines))
				}
				for i, l := range lines {
					if lw := ansi.StringWidth(l); lw > w {
						t.Errorf("%s at %dx%d: line %d is %d wide: %q", what, w, h, i, lw, l)
					}
				}
				// the screen itself keeps inside its body area (the root
				// would cut what does not fit, hiding text)
				bw, bh := d.m.bodySize()
				sv := d.m.active().View()
				slines := strings.Split(sv, "\n")
				if len(slines) > bh {
					t.Errorf("%s at %dx%d: screen draws %d lines in %d", what, w, h, len(slines), bh)
				}
				for i, l := range slines {
					if lw := ansi.StringWidth(l); lw > bw {
						t.Errorf("%s at %dx%d: screen line %d is %d wide (body %d): %q", what, w, h, i, lw, bw, l)
					}
				}
			}
			// exam: set-up, each question, the sheet, the question, report, review
			d := newDriver(t, examCfg(newFakeStore(), "zh", nil), w, h)
			check(d, "exam setup")
			startExam(t, d)
			for i := 0; i < 6; i++ {
				check(d, fmt.Sprintf("exam question %d", i+1))
				switch i {
				case 0:
					d.keys("d")
				case 1:
					d.keys("a", "b", "m")
				case 3:
					d.typeText("Customer Relationship Management")
					d.keys("enter")
					d.typeText("客户关系管理客户关系管理客户关系管理")
					check(d, "exam fill typed")
					d.keys("esc")
				case 4:
					d.keys("i")
					d.typeText(strings.Repeat("提高产品质量，做好服务。", 8))
					check(d, "exam essay typed")
					d.keys("esc")
				}
				d.keys("n")
			}
			check(d, "exam sheet")
			d.keys("tab", "S")
			check(d, "exam confirm")
			d.keys("y")
			check(d, "exam report")
			for i := 0; i < 6; i++ {
				d.keys("enter")
				check(d, fmt.Sprintf("exam review %d", i+1))
				d.keys("esc", "down")
			}
			// browse
			d = newDriver(t, browseCfg(answeredStore(t), "en"), w, h)
			check(d, "browse")
			d.keys("/")
			d.typeText("relationship")
			check(d, "browse search")
			d.keys("esc", "t", "c", "f", "w")
			check(d, "browse filtered")
			d.keys("f", "w", "t", "t", "t", "t", "t", "t", "t", "t", "c", "c", "c", "c", "c", "c", "c")
			for i := 0; i < 6; i++ {
				d.keys("enter")
				check(d, fmt.Sprintf("browse detail %d", i+1))
				d.keys("esc", "down")
			}
			// stats and settings
			d = newDriver(t, statsCfg(knownStats(), "zh"), w, h)
			check(d, "stats")
			d = newDriver(t, settingsCfg(newFakeStore(), "zh"), w, h)
			check(d, "settings")
		}
	}
}

// TestExamEnterOnMultipleThenNextMovesOnce: letters, enter, then n (or a
// second enter) on a multiple choice moves one question on, as in a
// session; enter used to go on at once, so the n skipped the next question
// (at the last but one it opened the answer sheet, which swallowed the
// true/false key typed next).
func TestExamEnterOnMultipleThenNextMovesOnce(t *testing.T) {
	for _, next := range []string{"n", "enter"} {
		t.Run(next, func(t *testing.T) {
			d := newDriver(t, examCfg(newFakeStore(), "zh", nil), 80, 30)
			ex := startExam(t, d)
			d.keys("d", "n", "a", "b", "enter")
			if ex.cur != 1 {
				t.Fatalf("enter on a chosen multiple moved to %d:\n%s", ex.cur+1, d.view())
			}
			d.expect("已确认")
			d.keys(next, "f")
			if ex.cur != 2 || ex.sheet || ex.items[2].qv.given() != "false" {
				t.Fatalf("at %d (sheet %v), true/false given %q:\n%s", ex.cur+1, ex.sheet, ex.items[2].qv.given(), d.view())
			}
			if got := ex.items[1].qv.given(); got != "AB" {
				t.Fatalf("multiple given %q", got)
			}
		})
	}
	// with nothing chosen enter still goes on
	d := newDriver(t, examCfg(newFakeStore(), "zh", nil), 80, 30)
	ex := startExam(t, d)
	d.keys("n", "enter")
	if ex.cur != 2 {
		t.Fatalf("enter on an unanswered multiple: at %d", ex.cur+1)
	}
}

// TestExamReportRowsAligned: the answer rows of a report line their
// number, type and points up in columns (10. used to push its row right of
// 9., and 案例分析 of 单选题).
func TestExamReportRowsAligned(t *testing.T) {
	c := testCommon()
	rec := &store.ExamRecord{Started: testNow, Finished: testNow.Add(time.Minute), ByType: map[bank.Type]store.ExamTypeScore{}}
	no := false
	for i := range 11 {
		q := c.all[[]int{0, 5}[i%2]] // a single and a case
		pts := 2.0
		if i == 9 {
			pts = 10
		}
		rec.Answers = append(rec.Answers, store.ExamAnswer{Key: q.Key(), Given: "A", Correct: &no, Points: pts})
	}
	s := newExamReport(c, rec, 30)
	s.SetSize(100, 60)
	var cols []int
	for _, l := range strings.Split(ansi.Strip(s.View()), "\n") {
		if i := strings.Index(l, "  客户服务管理的核心"); i >= 0 {
			cols = append(cols, ansi.StringWidth(l[:i]))
		} else if i := strings.Index(l, "  某家电企业"); i >= 0 {
			cols = append(cols, ansi.StringWidth(l[:i]))
		}
	}
	if len(cols) != 11 {
		t.Fatalf("%d answer rows:\n%s", len(cols), s.View())
	}
	for _, x := range cols {
		if x != cols[0] {
			t.Fatalf("stems start at columns %v:\n%s", cols, ansi.Strip(s.View()))
		}
	}
}

// TestExamReviewGradeHintBreaksBetweenGrades: the self-grade hint wraps
// between the grades ("3 良好 ·" / "4 简单（满分）" was cut after the dot).
func TestExamReviewGradeHintBreaksBetweenGrades(t *testing.T) {
	c := testCommon()
	essay := c.all[4]
	rec := &store.ExamRecord{Started: testNow, Finished: testNow, ByType: map[bank.Type]store.ExamTypeScore{},
		Answers: []store.ExamAnswer{{Key: essay.Key(), Given: "提高质量"}}}
	for _, w := range []int{38, 58, 78} {
		s := newExamReview(c, rec, 0)
		s.SetSize(w, 60)
		v := ansi.Strip(s.View())
		if !strings.Contains(v, "4 简单（满分）") || !strings.Contains(v, "2 困难（一半）") {
			t.Fatalf("width %d: a grade is split:\n%s", w, v)
		}
		for _, l := range strings.Split(v, "\n") {
			if strings.HasSuffix(strings.TrimSpace(l), "·") {
				t.Fatalf("width %d: line ends in a separator %q", w, l)
			}
		}
	}
}

// TestExamSetupTypeRowsAligned: the counts of the type rows start in one
// column in English too (the names were padded to a fixed 10 cells).
func TestExamSetupTypeRowsAligned(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		d := newDriver(t, examCfg(newFakeStore(), lang, nil), 80, 30)
		var cols []int
		for _, l := range strings.Split(ansi.Strip(d.view()), "\n") {
			if i := strings.Index(l, "‹"); i >= 0 && !strings.Contains(l[:i], ":") && strings.Count(l, "‹") == 1 && strings.Contains(l, "/") {
				cols = append(cols, ansi.StringWidth(l[:i]))
			}
		}
		if len(cols) != 6 || slices.Min(cols) != slices.Max(cols) {
			t.Errorf("%s: type rows' counts at columns %v:\n%s", lang, cols, d.view())
		}
	}
}

// The full help (?) of an exam lists the keys that answer the question on
// screen: a-d for a four-option single choice, not a-j, typing or
// stopping to type (found in tmux at 40 columns).
func TestExamFullHelpFollowsTheQuestion(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", &testClock{t: testNow}), 80, 30)
	ex := startExam(t, d)
	var keys []string
	for _, col := range ex.FullHelp() {
		for _, b := range col {
			keys = append(keys, b.Help().Key)
		}
	}
	got := strings.Join(keys, " ")
	if !strings.Contains(got, "a-d") || strings.Contains(got, "a-j") {
		t.Errorf("full help of a four-option single choice: %s", got)
	}
	var descs []string
	for _, col := range ex.FullHelp() {
		for _, b := range col {
			descs = append(descs, b.Help().Desc)
		}
	}
	for _, b := range []key.Binding{ex.keys.Type, ex.keys.StopType, ex.keys.TF} {
		if slices.Contains(descs, b.Help().Desc) {
			t.Errorf("full help of a single choice offers %q: %s", b.Help().Desc, strings.Join(descs, ", "))
		}
	}
	ex.sheet = true
	for _, col := range ex.FullHelp() {
		for _, b := range col {
			if b.Help().Key == "a-d" {
				t.Errorf("the answer sheet's full help offers the answer keys")
			}
		}
	}
}
