package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
}

func testCommon() *common { return New(testConfig(newFakeStore(), "zh")).c }

// driver runs the model synchronously: Update, then every command it
// returns, feeding the messages back, as the Bubble Tea loop would.
type driver struct {
	t     testing.TB
	m     *Model
	quit  bool
	steps int
}

func newDriver(t testing.TB, cfg Config, w, h int) *driver {
	t.Helper()
	d := &driver{t: t, m: New(cfg)}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.m.Init())
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	d.steps++
	if d.steps > 10000 {
		d.t.Fatal("message loop does not settle")
	}
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	if cmd == nil {
		return
	}
	msg := cmd()
	if msg == nil {
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		d.quit = true
		return
	}
	// tea.BatchMsg and tea's unexported sequenceMsg are both []tea.Cmd
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := 0; i < v.Len(); i++ {
			d.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	d.send(msg)
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case " ", "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "delete":
		return tea.KeyMsg{Type: tea.KeyDelete}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func (d *driver) keys(ks ...string) {
	d.t.Helper()
	for _, k := range ks {
		d.send(keyMsg(k))
	}
}

func (d *driver) typeText(s string) {
	d.t.Helper()
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (d *driver) view() string { return d.m.View() }

func (d *driver) session() *session {
	d.t.Helper()
	s, ok := d.m.active().(*session)
	if !ok {
		d.t.Fatalf("active screen is %T, not a session", d.m.active())
	}
	return s
}

func (d *driver) expect(sub string) {
	d.t.Helper()
	if v := d.view(); !strings.Contains(v, sub) {
		d.t.Fatalf("view lacks %q:\n%s", sub, v)
	}
}

// practiceCfg starts straight into a sequential practice of one type.
func practiceCfg(st Store, types ...bank.Type) Config {
	cfg := testConfig(st, "zh")
	cfg.Start = "practice"
	cfg.Practice = PracticeOptions{Bank: "test", Types: types}
	return cfg
}

func checkWidth(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d wide (> %d): %q", i, lw, w, l)
		}
	}
}

func TestHomeShowsCountsAndModes(t *testing.T) {
	d := newDriver(t, testConfig(newFakeStore(), "zh"), 80, 24)
	d.expect("测试题库")
	d.expect("6 题")
	d.expect("新题 6")
	d.expect("› 1. 复习")
	d.keys("down")
	d.expect("› 2. 练习")
	d.keys("q")
	if !d.quit {
		t.Error("q on home did not quit")
	}
}

// TestHomeNumberKeysFollowMenu: the help bar gives the number keys the
// menu has (1-7 for seven modes, not 1-9), and a number past them does
// nothing.
func TestHomeNumberKeysFollowMenu(t *testing.T) {
	d := newDriver(t, testConfig(newFakeStore(), "zh"), 120, 24)
	want := fmt.Sprintf("1-%d 选择模式", len(menu()))
	d.expect(want)
	if v := d.view(); strings.Contains(v, "1-9") {
		t.Fatalf("help bar offers 1-9 for %d modes:\n%s", len(menu()), v)
	}
	d.keys(fmt.Sprint(len(menu()) + 1))
	if len(d.m.stack) != 1 {
		t.Fatalf("key %d opened %T", len(menu())+1, d.m.active())
	}
	d.keys(fmt.Sprint(len(menu())))
	if len(d.m.stack) != 2 {
		t.Fatalf("key %d did not open the last mode", len(menu()))
	}
}

func TestSingleWrongAnswerRecordsAgain(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Single), 80, 30)
	d.expect("客户服务管理的核心是")
	d.keys("a")
	d.expect(glyphWrong + " A. 客户投诉处理")
	d.expect(glyphRight + " D. 客户价值最大化")
	d.expect("解析")
	if n := len(st.logged()); n != 0 {
		t.Fatalf("recorded %d answers before going on", n)
	}
	d.keys("enter")
	log := st.logged()
	if len(log) != 1 || log[0].Rating != fsrs.Again || *log[0].Correct || log[0].Given != "A" || log[0].Mode != store.ModePractice {
		t.Fatalf("log %+v", log)
	}
	// the session had one question: the summary follows
	d.expect("本次小结")
	d.expect("作答 1 题")
	d.expect("新增错题 1")
}

func TestRightAnswerHardEasy(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Single), 80, 30)
	d.keys("4") // 4 = D, right
	d.expect("回答正确")
	d.keys("4") // Easy
	log := st.logged()
	if len(log) != 1 || log[0].Rating != fsrs.Easy || !*log[0].Correct {
		t.Fatalf("log %+v", log)
	}
}

func TestMultipleFeedback(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Multiple), 80, 30)
	d.keys("a", "c", "c", "b", "e")
	d.expect("[x] A. 电话")
	d.expect("[ ] C. 社交媒体")
	d.keys("enter")
	d.expect("漏选：D")
	d.expect("多选：E")
	d.expect(glyphMissed + " D. 在线聊天")
	d.expect(glyphWrong + " E. 以上都不是")
	d.keys("space")
	if log := st.logged(); len(log) != 1 || log[0].Given != "ABE" || *log[0].Correct {
		t.Fatalf("log %+v", log)
	}
}

func TestTrueFalse(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.TrueFalse), 80, 30)
	d.keys("f")
	d.expect("回答正确")
	d.keys("enter")
	if log := st.logged(); len(log) != 1 || log[0].Given != "false" || !*log[0].Correct || log[0].Rating != fsrs.Good {
		t.Fatalf("log %+v", log)
	}
}

func TestFillTypedAndCompared(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Fill), 80, 30)
	// q, s, u and ? are letters here, not commands
	d.typeText("customer relationship management")
	d.keys("enter")
	d.typeText("顾客关系管理？")
	d.keys("enter")
	d.expect("回答正确")
	d.keys("enter")
	log := st.logged()
	if len(log) != 1 || !*log[0].Correct || log[0].Given != "customer relationship management；顾客关系管理？" {
		t.Fatalf("log %+v", log)
	}
}

func TestFillWrongShowsAnswer(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Fill), 80, 30)
	d.typeText("CRM")
	d.keys("tab")
	d.typeText("客户关系管理")
	d.keys("enter")
	d.expect("回答错误")
	d.expect("正确答案：Customer Relationship Management")
}

func TestEssayRevealAndGrade(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Essay), 100, 30)
	d.keys("i")
	d.typeText("质量和服务")
	d.keys("tab") // done typing: reveal
	d.expect("参考答案")
	d.expect("你的答案")
	d.expect("质量和服务")
	d.expect("1 忘记")
	d.keys("2")
	log := st.logged()
	if len(log) != 1 || log[0].Rating != fsrs.Hard || log[0].Correct != nil || log[0].Given != "质量和服务" {
		t.Fatalf("log %+v", log)
	}
}

func TestCaseShowsParts(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Case), 80, 30)
	d.expect("（1）分析投诉上升的原因。")
	d.keys("space")
	d.expect("（1）产品质量、服务响应慢。")
	d.expect("（2）（题库未给出答案")
	d.keys("3")
	if len(st.logged()) != 1 {
		t.Fatal("case not recorded")
	}
}

func TestUndoReturnsToQuestion(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a", "enter") // s1 wrong
	if len(st.logged()) != 1 {
		t.Fatal("not recorded")
	}
	d.expect("客户服务的渠道包括")
	d.keys("u")
	if len(st.logged()) != 0 {
		t.Fatal("undo did not reach the store")
	}
	if _, ok, _ := st.Card("test/s1"); ok {
		t.Fatal("card state not restored")
	}
	if ms, _ := st.Mistakes(store.MistakeFilter{}); len(ms) != 0 {
		t.Fatal("mistake not removed")
	}
	d.expect("客户服务管理的核心是")
	d.expect("已撤销")
	if p, _ := st.Progress(practiceFilter{Banks: []string{"test"}}.scope()); p != 0 {
		t.Errorf("progress after undo = %d, want 0", p)
	}
	d.keys("d", "enter")
	d.expect("客户服务的渠道包括")
	if log := st.logged(); len(log) != 1 || !*log[0].Correct {
		t.Fatalf("log after re-answer %+v", log)
	}
	d.keys("u", "u") // only one answer to undo; the second says so
	d.expect("没有可撤销的答案")
}

func TestStarToggles(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Single), 80, 30)
	d.expect(glyphNoStar)
	d.keys("s")
	if !st.stars["test/s1"] {
		t.Fatal("not starred in the store")
	}
	d.expect(glyphStar)
	d.expect("已收藏")
	d.keys("s")
	if st.stars["test/s1"] {
		t.Fatal("not unstarred")
	}
}

func TestEscSavesPendingAnswerAndShowsSummary(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("d", "enter") // s1 right, recorded
	d.keys("a", "enter") // m1 submitted, feedback shown, not yet recorded
	d.keys("esc")
	if n := len(st.logged()); n != 2 {
		t.Fatalf("%d answers saved, want 2", n)
	}
	d.expect("本次小结")
	d.expect("作答 2 题")
	d.expect("正确率 50%")
	d.keys("enter")
	d.expect("› 1. 复习") // back home (the practice was started from the command line on top of home)
}

// TestTerminateFlushes: a stop from outside (SIGTERM, SIGHUP) saves the
// answer on screen as ctrl+c does.
func TestTerminateFlushes(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a")
	d.send(TerminateMsg{})
	if !d.quit || len(st.logged()) != 1 {
		t.Fatalf("quit=%v saved=%d", d.quit, len(st.logged()))
	}
}

func TestEscWithoutAnswersShowsSummary(t *testing.T) {
	d := newDriver(t, practiceCfg(newFakeStore()), 80, 30)
	d.keys("esc")
	d.expect("本次小结")
	d.expect("作答 0 题")
	d.expect("下次复习：无")
	d.keys("esc")
	d.expect("1. 复习")
}

func TestCtrlCFlushes(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a", "ctrl+c")
	if !d.quit || len(st.logged()) != 1 {
		t.Fatalf("quit=%v saved=%d", d.quit, len(st.logged()))
	}
}

func TestRecordErrorShownAndKept(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a")
	st.failNext = errFake
	d.keys("enter")
	d.expect("disk on fire")
	d.keys("x") // dismiss
	d.expect("客户服务管理的核心是")
	d.keys("enter") // retry
	if len(st.logged()) != 1 {
		t.Fatal("retry not recorded")
	}
	d.expect("客户服务的渠道包括")
}

func TestReciteRecordsNothing(t *testing.T) {
	st := newFakeStore()
	cfg := practiceCfg(st, bank.Single, bank.Multiple)
	cfg.Practice.Recite = true
	d := newDriver(t, cfg, 80, 30)
	d.expect(glyphRight + " D. 客户价值最大化")
	d.keys("enter")
	d.expect("客户服务的渠道包括")
	d.keys("enter")
	if len(st.logged()) != 0 {
		t.Fatal("recite recorded answers")
	}
	d.expect("背题 2 题")
}

// TestReciteSavesPosition: a sequential 背题 left with esc resumes at the
// question that was on screen; gone through to the end, from the start.
func TestReciteSavesPosition(t *testing.T) {
	st := newFakeStore()
	cfg := practiceCfg(st, bank.Single, bank.Multiple, bank.TrueFalse)
	cfg.Practice.Recite = true
	d := newDriver(t, cfg, 80, 30)
	d.keys("enter") // s1 recited, m1 on screen: both seen
	d.expect("客户服务的渠道包括")
	d.keys("esc")
	d.expect("背题 2 题")
	d2 := newDriver(t, cfg, 80, 30)
	d2.expect("客户服务的渠道包括")
	if len(st.logged()) != 0 {
		t.Fatal("recite recorded answers")
	}
	d2.keys("enter", "enter") // m1, t1: the end
	d2.expect("背题 2 题")
	d3 := newDriver(t, cfg, 80, 30)
	d3.expect(glyphRight + " D. 客户价值最大化")
}

// TestSessionFullHelpListsEachKeyOnce: the full help of a session names
// each key once.
func TestSessionFullHelpListsEachKeyOnce(t *testing.T) {
	d := newDriver(t, practiceCfg(newFakeStore()), 100, 30)
	d.keys("?")
	for _, w := range []string{"撤销", "收藏", "结束", "移动"} {
		if n := strings.Count(d.view(), w); n != 1 {
			t.Errorf("%q %d times in the full help:\n%s", w, n, d.view())
		}
	}
}

func TestReviewQueueAndLearningRequeue(t *testing.T) {
	st := newFakeStore()
	st.settings.NewPerDay = 2
	d := newDriver(t, testConfig(st, "zh"), 80, 30)
	d.keys(menuKey("review"))
	s := d.session()
	if len(s.list) != 2 {
		t.Fatalf("review list %v, want the 2 new of the daily limit", s.list)
	}
	d.keys("a", "enter") // s1 wrong: Again → learning, due in a minute
	if len(s.pending) != 1 {
		t.Fatalf("pending %v", s.pending)
	}
	d.keys("a", "b", "d", "enter", "enter") // m1 right
	// nothing left but s1 in learning, within learn-ahead: shown again
	d.expect("客户服务管理的核心是")
	d.keys("d", "enter")
	log := st.logged()
	if len(log) != 3 || log[0].Mode != store.ModeReview {
		t.Fatalf("log %+v", log)
	}
}

func TestMistakesScreenAndDrill(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Single), 80, 30)
	d.keys("b", "enter", "enter") // wrong, summary, back home
	d.keys(menuKey("mistakes"))   // 错题本
	d.expect("未掌握 1 · 共 1")
	d.expect("错 1 次")
	d.expect("上次：B")
	d.keys("enter") // the entry in full
	d.expect("作答记录（1）")
	d.keys("esc", "d") // drill
	d.expect("客户服务管理的核心是")
	d.keys("d", "enter")
	log := st.logged()
	if len(log) != 2 || log[1].Mode != store.ModeMistakes {
		t.Fatalf("log %+v", log)
	}
	d.keys("enter") // summary → mistakes list, reloaded
	d.expect("错 1 次")
}

func TestPracticeSetupStartsFiltered(t *testing.T) {
	d := newDriver(t, testConfig(newFakeStore(), "zh"), 80, 40)
	d.keys(menuKey("practice"))
	d.expect("练习设置")
	d.expect("开始练习（6 题）")
	// go to the type rows and pick true/false
	for i := 0; i < 40 && !strings.Contains(d.view(), "› [ ] 判断题"); i++ {
		d.keys("down")
	}
	d.keys("space")
	d.expect("开始练习（1 题）")
	d.keys("enter")
	d.expect("客户服务只是售后服务")
}

func TestSequentialPracticeResumes(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("d", "enter", "esc")
	d2 := newDriver(t, practiceCfg(st), 80, 30)
	d2.expect("客户服务的渠道包括")
	d2.expect("2/6")
}

func TestTooSmall(t *testing.T) {
	d := newDriver(t, testConfig(newFakeStore(), "en"), 30, 8)
	d.expect("terminal too small")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.expect("Review")
}

func TestEnglish(t *testing.T) {
	d := newDriver(t, practiceCfg(newFakeStore(), bank.Single), 80, 30)
	_ = d
	cfg := practiceCfg(newFakeStore(), bank.Single)
	cfg.Lang = "en_US.UTF-8"
	e := newDriver(t, cfg, 80, 30)
	e.keys("a")
	e.expect("Wrong")
	e.expect("Explanation")
}

func TestHelpToggle(t *testing.T) {
	d := newDriver(t, testConfig(newFakeStore(), "en"), 80, 24)
	short := d.view()
	d.keys("?")
	if d.view() == short || !strings.Contains(d.view(), "ctrl+c") {
		t.Fatalf("full help not shown:\n%s", d.view())
	}
	d.keys("?")
	if d.view() != short {
		t.Fatal("help did not close")
	}
}

func TestEveryWidthFits(t *testing.T) {
	for _, w := range []int{40, 41, 55, 60, 79, 80, 120, 200} {
		for _, h := range []int{10, 24, 50} {
			st := newFakeStore()
			d := newDriver(t, practiceCfg(st), w, h)
			checkWidth(t, d.view(), w, h)
			for _, k := range []string{"a", "enter", "a", "b", "enter", "enter", "t", "enter"} {
				d.keys(k)
				checkWidth(t, d.view(), w, h)
			}
			d.typeText("Customer Relationship Management 这是一段很长很长的中文答案用来测试输入框的宽度是否会超出终端")
			checkWidth(t, d.view(), w, h)
			d.keys("enter", "enter", "enter", "i")
			d.typeText(strings.Repeat("论述题的答案，", 30))
			checkWidth(t, d.view(), w, h)
			d.keys("tab")
			checkWidth(t, d.view(), w, h)
		}
	}
}

func TestLanguageFromSettings(t *testing.T) {
	st := newFakeStore()
	st.settings.Lang = "en"
	cfg := testConfig(st, "")
	d := newDriver(t, cfg, 80, 24)
	d.expect("1. Review")
	s := st.settings
	s.Lang = "zh"
	d.send(SettingsChangedMsg{Settings: s})
	d.expect("1. 复习")
	// --lang wins over the setting
	cfg.Lang = "en"
	d2 := newDriver(t, cfg, 80, 24)
	d2.send(SettingsChangedMsg{Settings: s})
	d2.expect("1. Review")
}

func TestSmallTerminalScrollsToCursorAndFeedback(t *testing.T) {
	long := strings.Repeat("很长的选项文字，", 6)
	q := &bank.Question{Bank: "x", ID: "long", Type: bank.Single, Section: "一",
		Stem:    strings.Repeat("题干很长，", 12),
		Options: []bank.Option{{Key: "A", Text: long}, {Key: "B", Text: long}, {Key: "C", Text: long}, {Key: "D", Text: "最后一个选项"}},
		Answer:  &bank.Answer{Choices: "D"}, Explanation: "解析文字"}
	cfg := testConfig(newFakeStore(), "zh")
	cfg.Banks = []*bank.Bank{{Name: "x", Questions: []*bank.Question{q}}}
	cfg.Start = "practice"
	cfg.Practice = PracticeOptions{Bank: "x"}
	d := newDriver(t, cfg, 40, 12)
	d.expect("↕0%")
	d.keys("up") // wraps to D
	d.expect("› D. 最后一个选项")
	checkWidth(t, d.view(), 40, 12)
	d.keys("k", "k", "k") // back to A: scrolled up again
	d.expect("› A. 很长")
	d.keys("b")
	d.expect("回答错误")
	checkWidth(t, d.view(), 40, 12)
	d.keys("pgdown", "pgdown", "pgdown")
	d.expect("解析文字")
}

func TestUndoBeforeRecording(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Single), 80, 30)
	d.keys("a")
	d.expect("回答错误")
	d.keys("u")
	d.expect("› A. 客户投诉处理")
	d.keys("d", "enter")
	if log := st.logged(); len(log) != 1 || !*log[0].Correct {
		t.Fatalf("log %+v", log)
	}
}

// menuKey is the number key of a mode on the home screen.
func menuKey(id string) string {
	for i, it := range menu() {
		if it.ID == id {
			return fmt.Sprint(i + 1)
		}
	}
	panic("no mode " + id)
}

func TestHomeShortTerminalKeepsModes(t *testing.T) {
	cfg := testConfig(newFakeStore(), "zh")
	for i := 0; i < 6; i++ {
		cfg.Banks = append(cfg.Banks, &bank.Bank{Name: fmt.Sprintf("b%d", i), Title: "另一个很长很长的题库名称用来测试截断"})
	}
	for _, h := range []int{10, 12, 16, 30} {
		d := newDriver(t, cfg, 40, h)
		v := d.view()
		checkWidth(t, v, 40, h)
		for _, it := range menu() {
			if h >= 12 && !strings.Contains(v, c(d).T(it.Title)) {
				t.Errorf("height %d: mode %s not shown:\n%s", h, it.ID, v)
			}
		}
		if !strings.Contains(v, "› 1.") {
			t.Errorf("height %d: cursor row not shown:\n%s", h, v)
		}
	}
}

func c(d *driver) *common { return d.m.c }

// BenchmarkAnswerAndDraw is one single-choice answer, its feedback drawn,
// recorded (fake store) and the next question drawn, at 80x24.
func BenchmarkAnswerAndDraw(b *testing.B) {
	st := newFakeStore()
	cfg := practiceCfg(st, bank.Single, bank.Multiple)
	d := newDriver(b, cfg, 80, 24)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.steps = 0
		d.keys("a")
		_ = d.view()
		d.keys("u")
		_ = d.view()
	}
}

// BenchmarkResize re-lays out an essay with its reference answer shown.
func BenchmarkResize(b *testing.B) {
	d := newDriver(b, practiceCfg(newFakeStore(), bank.Essay), 80, 24)
	d.keys("space")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.steps = 0
		d.send(tea.WindowSizeMsg{Width: 60 + i%100, Height: 24})
		_ = d.view()
	}
}

func TestTypedControlCharactersDropped(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Fill), 80, 24)
	d.typeText("CR\x1b[31mM\x07\u202e")
	d.keys("enter", "enter")
	log := st.logged()
	if len(log) != 0 {
		t.Fatalf("recorded before going on: %+v", log)
	}
	if v := d.view(); strings.ContainsAny(v, "\x1b\x07\u202e") {
		t.Fatalf("control characters drawn: %q", v)
	}
	d.keys("enter")
	if log := st.logged(); len(log) != 1 || log[0].Given != "CRM；" {
		t.Fatalf("log %+v", st.logged())
	}
}

func TestPracticeSetupShowsResume(t *testing.T) {
	st := newFakeStore()
	st.progress[practiceFilter{}.scope()] = 2
	d := newDriver(t, testConfig(st, "zh"), 80, 40)
	d.keys(menuKey("practice"))
	d.expect("顺序（从第 3 题继续）")
	for i := 0; i < 40 && !strings.Contains(d.view(), "› 开始练习"); i++ {
		d.keys("down")
	}
	d.keys("enter")
	d.expect("3/6")
}

func TestMistakesFilter(t *testing.T) {
	st := newFakeStore()
	st.mistakes["test/s1"] = store.Mistake{Key: "test/s1", Type: bank.Single, TimesWrong: 2, Mastered: true}
	st.mistakes["test/t1"] = store.Mistake{Key: "test/t1", Type: bank.TrueFalse, TimesWrong: 1, LastWrong: "true"}
	cfg := testConfig(st, "zh")
	cfg.Start = "mistakes"
	d := newDriver(t, cfg, 80, 24)
	d.expect("未掌握 1 · 共 2")
	d.expect("已掌握")
	d.expect("上次：正确")
	d.keys("tab")
	if strings.Contains(d.view(), "已掌握 ·") {
		t.Fatalf("mastered entry shown under the open filter:\n%s", d.view())
	}
	d.keys("d")
	d.expect("客户服务只是售后服务")
	d.expect("1/1")
}

func TestFillAllBlanksInFirstField(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Fill), 80, 24)
	d.typeText("Customer Relationship Management；客户关系管理")
	d.keys("enter", "enter")
	d.expect("回答正确")
}

func TestTrueFalseWrongMarks(t *testing.T) {
	d := newDriver(t, practiceCfg(newFakeStore(), bank.TrueFalse), 80, 24)
	d.keys("t")
	d.expect(glyphWrong + " A. 正确")
	d.expect(glyphRight + " B. 错误")
}

type failingSettings struct{ *fakeStore }

func (failingSettings) Settings() (store.Settings, error) { return store.Settings{}, errFake }

func TestSettingsErrorShownAndQuit(t *testing.T) {
	d := newDriver(t, testConfig(failingSettings{newFakeStore()}, "zh"), 80, 24)
	d.expect("disk on fire")
	d.keys("x") // dismiss
	d.keys("q")
	if !d.quit {
		t.Fatal("q did not quit")
	}
}

func TestEscClosesHelpBeforeLeaving(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("?")
	d.expect("ctrl+c")
	d.keys("esc")
	d.expect("客户服务管理的核心是")
	d.keys("esc")
	d.expect("本次小结")
}

func TestOtherScreensFit(t *testing.T) {
	for _, w := range []int{40, 47, 61, 80, 133, 200} {
		for _, h := range []int{10, 17, 40} {
			st := newFakeStore()
			d := newDriver(t, practiceCfg(st), w, h)
			d.keys("a", "enter", "a", "enter", "esc") // summary
			checkWidth(t, d.view(), w, h)
			d.keys("enter", menuKey("mistakes"))
			d.expect("错")
			checkWidth(t, d.view(), w, h)
			d.keys("esc", menuKey("practice"))
			checkWidth(t, d.view(), w, h)
			for i := 0; i < 30; i++ {
				d.keys("down")
				checkWidth(t, d.view(), w, h)
			}
			d.keys("?")
			checkWidth(t, d.view(), w, h)
		}
	}
}

// TestHomeColumnsAligned: the modes' descriptions start in one column and
// the banks' counts end in one, whatever the CJK widths of the names.
func TestHomeColumnsAligned(t *testing.T) {
	cfg := testConfig(newFakeStore(), "zh")
	long := &bank.Bank{Name: "long", Title: "一个名字长得多的题库", Questions: cfg.Banks[0].Questions[:2]}
	cfg.Banks = append(cfg.Banks, long)
	d := newDriver(t, cfg, 120, 30)
	v := ansi.Strip(d.view())
	col := func(line, sub string) int {
		i := strings.Index(line, sub)
		return ansi.StringWidth(line[:i])
	}
	var descCols, countEnds []int
	for _, l := range strings.Split(v, "\n") {
		for _, it := range menu() {
			if desc := d.m.c.T(it.Desc); strings.Contains(l, " "+d.m.c.T(it.Title)+" ") && strings.Contains(l, desc) {
				descCols = append(descCols, col(l, desc))
			}
		}
		if strings.HasSuffix(l, " 题") && (strings.Contains(l, "测试题库") || strings.Contains(l, "一个名字")) {
			countEnds = append(countEnds, ansi.StringWidth(l))
		}
	}
	if len(descCols) != len(menu()) || slices.Min(descCols) != slices.Max(descCols) {
		t.Errorf("descriptions start at columns %v:\n%s", descCols, v)
	}
	if len(countEnds) != 2 || countEnds[0] != countEnds[1] {
		t.Errorf("bank counts end at columns %v:\n%s", countEnds, v)
	}
}

// TestSetupBankCountsStay: a bank title too long for the set-up screens is
// cut, not its question count.
func TestSetupBankCountsStay(t *testing.T) {
	cfg := testConfig(newFakeStore(), "zh")
	long := &bank.Bank{Name: "long", Title: "汽车服务企业管理 任务工单及答案 009-客户关系管理 第二版 修订稿", Questions: cfg.Banks[0].Questions[:2]}
	cfg.Banks = append(cfg.Banks, long)
	for _, start := range []string{"practice", "exam"} {
		for _, w := range []int{40, 60} {
			cfg.Start = start
			d := newDriver(t, cfg, w, 40)
			v := d.view()
			checkWidth(t, v, w, 40)
			found := false
			for _, l := range strings.Split(v, "\n") {
				if strings.Contains(l, "汽车服务") {
					found = true
					if !strings.HasSuffix(l, "… (2)") {
						t.Errorf("%s at %d: bank row %q", start, w, l)
					}
				}
			}
			if !found {
				t.Errorf("%s at %d: no bank row:\n%s", start, w, v)
			}
		}
	}
}
