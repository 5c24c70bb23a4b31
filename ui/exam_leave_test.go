package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/store"
)

// Issue 11: ctrl+c and esc on the exam paper ask (going on by default)
// instead of handing in; the paper is kept as it is answered and can be
// resumed from home and from the exam set-up; partial credit and
// auto-advance are settings; the report retries the wrong ones.

func examOn(t *testing.T, d *driver) *examScreen {
	t.Helper()
	ex, ok := d.m.active().(*examScreen)
	if !ok {
		t.Fatalf("active screen is %T, not the paper:\n%s", d.m.active(), d.view())
	}
	return ex
}

// TestExamCtrlCAsks (defect 12): ctrl+c during an exam hands nothing in:
// it asks, going on by default; n and esc go on; l (or ctrl+c again)
// quits keeping the paper with its answers.
func TestExamCtrlCAsks(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "n", "a", "ctrl+c") // single right, multiple A
	if d.quit {
		t.Fatal("ctrl+c quit without asking")
	}
	if ex, _ := st.Exams(); len(ex) != 0 {
		t.Fatalf("ctrl+c handed the exam in: %+v", ex)
	}
	d.expect("退出 shuati？试卷还没有交")
	d.expect(glyphCursor + " n 继续作答")
	d.expect("l 退出，保留试卷下次继续")
	d.keys("enter") // the default: go on
	ex := examOn(t, d)
	if ex.cur != 1 || ex.ask != askNone {
		t.Fatalf("after enter: question %d, asking %v", ex.cur+1, ex.ask)
	}
	d.expect("2/6")
	d.keys("ctrl+c", "esc") // esc goes on too
	examOn(t, d)
	d.keys("ctrl+c", "l")
	if !d.quit {
		t.Fatalf("l did not quit:\n%s", d.view())
	}
	if ex, _ := st.Exams(); len(ex) != 0 {
		t.Fatalf("leaving handed the exam in: %+v", ex)
	}
	p := st.savedPaper()
	if p == nil || p.Current != 1 || p.Questions[0].Given != "D" || p.Questions[1].Given != "A" || p.Answered() != 2 {
		t.Fatalf("paper kept %+v", p)
	}
}

// TestExamCtrlCTwiceQuitsKeeping: ctrl+c twice leaves keeping the paper,
// also while an answer is typed.
func TestExamCtrlCTwiceQuitsKeeping(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "n", "n", "n") // to the fill-in, typing at once
	d.typeText("CRM")
	d.keys("ctrl+c", "ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c twice did not quit")
	}
	p := st.savedPaper()
	if p == nil || p.Current != 3 || !strings.HasPrefix(p.Questions[3].Given, "CRM") {
		t.Fatalf("paper kept %+v", p)
	}
	if ex, _ := st.Exams(); len(ex) != 0 {
		t.Fatalf("handed in: %+v", ex)
	}
}

// TestExamEscGoesOnByDefault: esc on the paper is no longer one enter
// away from handing in: enter goes on; l leaves keeping the paper.
func TestExamEscGoesOnByDefault(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "esc", "enter")
	examOn(t, d)
	if ex, _ := st.Exams(); len(ex) != 0 {
		t.Fatalf("esc, enter handed the exam in: %+v", ex)
	}
	d.keys("esc")
	d.expect("离开考试？")
	d.keys("down", "enter") // l, by the cursor
	if _, ok := d.m.active().(*examSetup); !ok {
		t.Fatalf("leaving leads to %T", d.m.active())
	}
	if p := st.savedPaper(); p == nil || p.Questions[0].Given != "D" {
		t.Fatalf("paper kept %+v", p)
	}
	// the set-up offers it, the cursor on it
	d.expect(glyphCursor + " 继续未交的试卷")
	d.expect("已答 1/6 · 剩余 30:00 · 开始新的考试会替换它")
	d.m.active().(*examSetup).tick = func() tea.Cmd { return nil }
	d.keys("enter")
	ex := examOn(t, d)
	d.expect("(x) D.")
	d.expect("已答 1/6")
	d.keys("S")
	d.expect(glyphCursor + " y 交卷") // S asks with the cursor on handing in
	d.keys("enter")
	rep, ok := d.m.active().(*examReport)
	if !ok || rep.rec.ID != ex.id || rep.rec.Score != 2 {
		t.Fatalf("handed in: %T %+v", d.m.active(), rep)
	}
	if p := st.savedPaper(); p != nil {
		t.Fatalf("the paper is still kept after handing in: %+v", p)
	}
}

// TestExamResumeFromHome: a kept paper (as a killed program leaves it) is
// offered on home with its answers and time left; r resumes it on the
// question it was on, with the clock where it stopped; handed in, the
// record has the time on the clock, not the time away.
func TestExamResumeFromHome(t *testing.T) {
	st := newFakeStore()
	clock := &testClock{t: testNow}
	d := newDriver(t, examCfg(st, "zh", clock), 80, 30)
	startExam(t, d)
	d.keys("d", "n")
	clock.add(5 * time.Minute)
	d.keys("a", "b") // kept on each answer; nobody leaves: the program is killed
	first := st.savedPaper()
	if first == nil || first.Questions[1].Given != "AB" {
		t.Fatalf("paper kept as answered: %+v", first)
	}

	clock.add(2 * time.Hour) // away
	home := newDriver(t, func() Config { c := testConfig(st, "zh"); c.Now = clock.now; return c }(), 80, 30)
	home.expect("未交的试卷：已答 2/6 · 剩余 25:00 · r 继续")
	home.expect("r 继续未交的试卷") // in the help bar
	home.m.active().(*homeScreen).resume.tick = func() tea.Cmd { return nil }
	home.keys("r")
	ex := examOn(t, home)
	home.expect("2/6")
	home.expect("[x] A.")
	home.expect("[x] B.")
	home.expect("剩余 25:00")
	home.keys("left")
	home.expect("(x) D.")
	clock.add(3 * time.Minute)
	home.keys("S", "y")
	rep, ok := home.m.active().(*examReport)
	if !ok {
		t.Fatalf("%T\n%s", home.m.active(), home.view())
	}
	if rep.rec.ID != first.ID || !rep.rec.Started.Equal(first.Started) || rep.rec.Used != 8*time.Minute || ex.dropped != 0 {
		t.Fatalf("record %+v", rep.rec)
	}
	home.expect("用时 8:00 / 限时 30 分钟")
	if ex, _ := st.Exams(); len(ex) != 1 || ex[0].Score != 2 {
		t.Fatalf("exams %+v", ex)
	}
	if st.savedPaper() != nil {
		t.Fatal("the paper is still kept after handing in")
	}
	home.keys("esc")
	if v := home.view(); strings.Contains(v, "未交的试卷") {
		t.Fatalf("home still offers the paper:\n%s", v)
	}
}

// TestExamPaperKeptCheaply: the paper is kept at the start and on each
// answer, flag or move, not on each letter typed.
func TestExamPaperKeptCheaply(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	if st.paperSaves != 1 {
		t.Fatalf("%d saves at the start, want 1", st.paperSaves)
	}
	d.keys("d") // answer
	d.keys("m") // flag
	d.keys("n") // move
	d.keys("up", "down")
	if st.paperSaves != 4 {
		t.Fatalf("%d saves after an answer, a flag and a move (and cursor keys), want 4", st.paperSaves)
	}
	d.keys("n", "n") // to the fill-in, typing
	saves := st.paperSaves
	for _, r := range "Customer" {
		d.typeText(string(r))
	}
	if st.paperSaves != saves {
		t.Fatalf("%d saves while typing", st.paperSaves-saves)
	}
	d.keys("esc") // typing stops: kept
	if p := st.savedPaper(); st.paperSaves != saves+1 || p.Questions[3].Given != "Customer；" {
		t.Fatalf("after typing: %d saves, paper %+v", st.paperSaves-saves, p)
	}
}

// TestExamPaperSavedOnTheClock: while nothing changes, the time left is
// kept every paperSaveEvery.
func TestExamPaperSavedOnTheClock(t *testing.T) {
	st := newFakeStore()
	clock := &testClock{t: testNow}
	d := newDriver(t, examCfg(st, "zh", clock), 80, 30)
	startExam(t, d)
	clock.add(10 * time.Second)
	d.send(examTickMsg{})
	if st.paperSaves != 1 {
		t.Fatalf("saved after 10s: %d", st.paperSaves)
	}
	clock.add(paperSaveEvery)
	d.send(examTickMsg{})
	if p := st.savedPaper(); st.paperSaves != 2 || p.Left != 30*time.Minute-10*time.Second-paperSaveEvery {
		t.Fatalf("%d saves, left %v", st.paperSaves, p.Left)
	}
}

// TestExamPaperSaveFailure: a failed save is said once; leaving when the
// paper cannot be kept stays on the paper.
func TestExamPaperSaveFailure(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	st.failPaper = errFake
	d.keys("d")
	d.expect("keep the exam paper: disk on fire")
	d.keys("x") // dismiss
	st.failPaper = errFake
	d.keys("m")
	if v := d.view(); strings.Contains(v, "disk on fire") {
		t.Fatalf("a second failure in a row is said again:\n%s", v)
	}
	st.failPaper = errFake
	d.keys("esc", "l")
	d.expect("disk on fire")
	d.keys("x")
	ex := examOn(t, d) // still on the paper, the clock running
	if !ex.ticking || ex.leaving != nil {
		t.Fatalf("after a failed leave: ticking %v, leaving %v", ex.ticking, ex.leaving != nil)
	}
	d.keys("esc", "l")
	if _, ok := d.m.active().(*examSetup); !ok {
		t.Fatalf("after the store recovered, leaving leads to %T", d.m.active())
	}
}

// TestExamDiscardDropsPaper: Q gives the exam up and drops the kept paper.
func TestExamDiscardDropsPaper(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d")
	if st.savedPaper() == nil {
		t.Fatal("no paper kept")
	}
	d.keys("esc", "Q")
	if st.savedPaper() != nil {
		t.Fatal("a discarded paper is still kept")
	}
	if v := d.view(); strings.Contains(v, "继续未交的试卷") {
		t.Fatalf("the set-up offers a discarded paper:\n%s", v)
	}
}

// TestPaperWriterKeepsTheLatest: writes made in one order and run in
// another leave the latest in the store.
func TestPaperWriterKeepsTheLatest(t *testing.T) {
	st := newFakeStore()
	w := &paperWriter{st: st}
	p := func(cur int) store.ExamPaper {
		return store.ExamPaper{ID: "x", Started: testNow, Minutes: 30, Current: cur,
			Questions: []store.PaperQuestion{{Key: "test/s1"}, {Key: "test/m1"}}}
	}
	older := w.write(func(s Store) error { return s.SavePaper(p(0)) })
	newer := w.write(func(s Store) error { return s.SavePaper(p(1)) })
	discard := w.write(func(s Store) error { return s.DiscardPaper("x") })
	if err := newer(); err != nil {
		t.Fatal(err)
	}
	if err := older(); err != nil {
		t.Fatal(err)
	}
	if got := st.savedPaper(); got == nil || got.Current != 1 {
		t.Fatalf("kept %+v, want the newer", got)
	}
	if err := discard(); err != nil {
		t.Fatal(err)
	}
	if err := older(); err != nil {
		t.Fatal(err)
	}
	if got := st.savedPaper(); got != nil {
		t.Fatalf("a save made before the discard brought the paper back: %+v", got)
	}
}

// TestExamResumeDropsMissingQuestions: questions no longer in the banks
// are left out of a resumed paper; a paper with none left is dropped and
// said so.
func TestExamResumeDropsMissingQuestions(t *testing.T) {
	st := newFakeStore()
	st.paper = &store.ExamPaper{ID: "x", Started: testNow, Minutes: 30, Left: 10 * time.Minute, Current: 2,
		Questions: []store.PaperQuestion{{Key: "test/s1", Points: 2, Given: "B"}, {Key: "gone/1", Points: 2}, {Key: "test/t1", Points: 2, Flagged: true}}}
	d := newDriver(t, testConfig(st, "zh"), 80, 30)
	d.m.active().(*homeScreen).resume.tick = func() tea.Cmd { return nil }
	d.keys("r")
	ex := examOn(t, d)
	if len(ex.items) != 2 || ex.dropped != 1 || ex.cur != 1 || !ex.items[1].flagged {
		t.Fatalf("resumed %d questions, %d dropped, on %d", len(ex.items), ex.dropped, ex.cur+1)
	}
	d.expect("1 题已不在题库中，已略去")
	d.keys("left")
	d.expect("(x) B.")

	st.paper = &store.ExamPaper{ID: "y", Started: testNow, Minutes: 30, Questions: []store.PaperQuestion{{Key: "gone/1"}}}
	d = newDriver(t, testConfig(st, "zh"), 80, 30)
	d.keys("r")
	d.expect("未交试卷的题目都已不在题库中，试卷已丢弃")
	if st.savedPaper() != nil {
		t.Fatal("a paper with no question left is still kept")
	}
}

// TestExamAutoAdvance: with the setting on, a single choice, a true/false
// and a multiple choice confirmed with enter go on to the next question;
// off (TestExamFlow), they stay.
func TestExamAutoAdvance(t *testing.T) {
	st := newFakeStore()
	st.settings.ExamAutoAdvance = true
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	ex := startExam(t, d)
	d.keys("d")
	if ex.cur != 1 {
		t.Fatalf("single answered: on question %d", ex.cur+1)
	}
	d.keys("a", "b")
	if ex.cur != 1 {
		t.Fatal("a multiple choice moved on before it was confirmed")
	}
	d.keys("enter")
	if ex.cur != 2 {
		t.Fatalf("multiple confirmed: on question %d", ex.cur+1)
	}
	d.keys("f")
	if ex.cur != 3 || ex.items[2].qv.given() != "false" {
		t.Fatalf("true/false answered: on question %d, given %q", ex.cur+1, ex.items[2].qv.given())
	}
}

// TestExamSettingsRows: partial credit and auto-advance are set in the
// settings screen, saved, and used by the next exam.
func TestExamSettingsRows(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, settingsCfg(st, "zh"), 80, 30)
	d.expect("多选题少选得分  ‹ 不得分 ›")
	d.expect("考试自动下一题  ‹ 关 ›")
	d.keys("up", "up", "right") // partial credit: half
	if st.settings.ExamPartialCredit != 0.5 {
		t.Fatalf("saved partial credit %v", st.settings.ExamPartialCredit)
	}
	d.expect("‹ 得一半分 ›")
	d.keys("right") // round to none
	if st.settings.ExamPartialCredit != 0 {
		t.Fatalf("saved partial credit %v", st.settings.ExamPartialCredit)
	}
	d.keys("enter", "down", "enter")
	if st.settings.ExamPartialCredit != 0.5 || !st.settings.ExamAutoAdvance {
		t.Fatalf("saved %+v", st.settings)
	}
	// the next exam: half the points for A of ABD
	d.keys("esc", menuKey("exam"))
	d.expect("多选题少选：得一半分（在设置中更改）")
	startExam(t, d)
	d.keys("d", "a", "enter", "S", "y")
	ex, _ := st.Exams()
	if len(ex) != 1 || ex[0].Score != 3.5 || ex[0].Answers[1].Points != 1.5 {
		t.Fatalf("exams %+v", ex)
	}
	d.expect("~ 2. 多选题")
}

// TestExamRetryWrongOnes: r on the report practises the questions answered
// wrong or not answered, in paper order.
func TestExamRetryWrongOnes(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "n", "a", "n", "t", "S", "y") // single right; multiple, true/false wrong; the rest not answered
	d.expect("r 重做答错和未答的 5 题")
	d.keys("r")
	s := d.session()
	want := []string{"test/m1", "test/t1", "test/f1", "test/e1", "test/c1"}
	if !slices.Equal(s.list, want) || s.src.mode != store.ModePractice {
		t.Fatalf("retry session %v (%s), want %v", s.list, s.src.mode, want)
	}
	d.expect("重做错题")
	d.keys("a", "b", "d", "enter", "enter") // the multiple, right this time: recorded as practice
	log := st.logged()
	if last := log[len(log)-1]; last.Key != "test/m1" || last.Mode != store.ModePractice || !*last.Correct {
		t.Fatalf("recorded %+v", last)
	}
}

// TestExamCtrlCTooSmallKeepsPaper: on a terminal too small to show the
// question, ctrl+c quits at once, keeping the paper (nothing handed in).
func TestExamCtrlCTooSmallKeepsPaper(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "n")
	d.send(tea.WindowSizeMsg{Width: 30, Height: 8})
	d.keys("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c on the too-small screen did not quit")
	}
	if ex, _ := st.Exams(); len(ex) != 0 {
		t.Fatalf("handed in: %+v", ex)
	}
	if p := st.savedPaper(); p == nil || p.Current != 1 || p.Questions[0].Given != "D" {
		t.Fatalf("paper kept %+v", p)
	}
}

// TestExamHelpOverlay: the new keys are in the help: esc pauses or leaves
// on the paper, the question's keys while it is asked, r retries on the
// report.
func TestExamHelpOverlay(t *testing.T) {
	d := newDriver(t, examCfg(newFakeStore(), "zh", nil), 100, 30)
	startExam(t, d)
	inHelp := func(keys ...string) {
		t.Helper()
		v := d.view()
		words := strings.Join(strings.Fields(v), " ")
		for _, k := range keys {
			if !strings.Contains(words, k) {
				t.Errorf("the help lacks %q:\n%s", k, v)
			}
		}
	}
	d.keys("?")
	inHelp("esc 暂停或离开", "S 交卷")
	d.keys("esc", "esc") // close the help; ask
	d.keys("?")
	inHelp("y 交卷", "n 继续作答", "l 离开并保留试卷", "Q 放弃考试", "enter 选择")
	d.keys("esc", "y")
	inHelp("r 重做错题")
}

// TestSettingsShortTerminalShowsEveryRow: with the exam rows the settings
// are taller than a short terminal with their descriptions: they are
// dropped, so every row and the saved status show.
func TestSettingsShortTerminalShowsEveryRow(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, settingsCfg(st, "zh"), 80, 16)
	d.keys("up", "enter")
	d.expect(glyphCursor + " 考试自动下一题  ‹ 开 ›")
	d.expect("已保存")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 40})
	d.expect("模拟考试中，单选、判断题答完") // tall enough: the descriptions are back
}
