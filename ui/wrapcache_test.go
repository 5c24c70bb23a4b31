package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
)

// longStem is a 1 MB stem on one line, as in the e2e hostile bank.
var longStem = strings.Repeat("很长的一行", 1<<20/15)

// longBanks is a bank whose questions have a 1 MB stem: a single choice,
// then an essay with a 1 MB explanation.
func longBanks() []*bank.Bank {
	qs := []*bank.Question{
		{ID: "l1", Type: bank.Single, Stem: longStem,
			Options: []bank.Option{{Key: "A", Text: "甲"}, {Key: "B", Text: "乙"}, {Key: "C", Text: "丙"}},
			Answer:  &bank.Answer{Choices: "B"}, Explanation: "解析"},
		{ID: "l2", Type: bank.Essay, Stem: "简述" + longStem,
			Answer:      &bank.Answer{Text: "1. 要点一：内容。\n2. 要点二：内容。"},
			Explanation: longStem},
	}
	b := &bank.Bank{Name: "long", Title: "长题库", Questions: qs}
	for i, q := range qs {
		q.Bank, q.Line = "long", i+1
	}
	return []*bank.Bank{b}
}

func longCfg() Config {
	cfg := testConfig(newFakeStore(), "zh")
	cfg.Banks = longBanks()
	cfg.Start = "practice"
	cfg.Practice = PracticeOptions{Bank: "long"}
	return cfg
}

// BenchmarkKeyToFrameLongStem moves the option cursor of a question with a
// 1 MB stem and draws the frame, after the first frame (which wraps the
// stem once). The target is under 1 ms per key at 40x10 and 80x24; before
// the body cache every key re-wrapped the stem (0.3-0.5 s).
func BenchmarkKeyToFrameLongStem(b *testing.B) {
	for _, size := range [][2]int{{40, 10}, {80, 24}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			d := newDriver(b, longCfg(), size[0], size[1])
			if v := d.view(); !strings.Contains(v, "很长的一行") {
				b.Fatalf("the long question is not shown:\n%s", v)
			}
			keys := []tea.KeyMsg{keyMsg("down"), keyMsg("up")}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				_, cmd := d.m.Update(keys[i%2])
				if cmd != nil {
					b.Fatal("a cursor move returned a command")
				}
				_ = d.m.View()
			}
		})
	}
}

// BenchmarkScrollLongExplanation scrolls the revealed essay whose stem and
// explanation are 1 MB each, a line per key.
func BenchmarkScrollLongExplanation(b *testing.B) {
	d := newDriver(b, longCfg(), 80, 24)
	d.keys("1", "enter") // the single choice: answer it, go on
	d.keys(" ")          // reveal the essay
	if v := d.view(); !strings.Contains(v, "1 ") || d.session().cur.phase != phaseRevealed {
		b.Fatalf("the essay is not revealed:\n%s", v)
	}
	keys := []tea.KeyMsg{keyMsg("pgdown"), keyMsg("pgup")}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d.m.Update(keys[i%2])
		_ = d.m.View()
	}
}

// freshBody is the body a new question in the same state would draw: what
// the cached body must equal.
func freshBody(qv *question, w int) []string {
	f := *qv
	f.cache = bodyCache{}
	return f.bodyLines(w)
}

// TestBodyCacheReusedAndResized: a cursor move reuses the wrapped stem; a
// resize re-wraps it to the new width.
func TestBodyCacheReusedAndResized(t *testing.T) {
	d := newDriver(t, longCfg(), 40, 10)
	s := d.session()
	qv := s.cur
	w := s.w
	head := qv.cache.head
	if len(head) < 1000 || qv.cache.w != w {
		t.Fatalf("the stem was not cached at width %d: %d lines, width %d", w, len(head), qv.cache.w)
	}
	d.keys("down")
	if qv.cursor != 1 {
		t.Fatalf("cursor %d after down", qv.cursor)
	}
	if &qv.cache.head[0] != &head[0] {
		t.Error("a cursor move wrapped the stem again")
	}
	if !slices.ContainsFunc(qv.bodyLines(w), func(l string) bool { return strings.HasPrefix(l, glyphCursor+" B.") }) {
		t.Error("the cursor is not drawn on B after the move")
	}

	d.send(tea.WindowSizeMsg{Width: 60, Height: 12})
	w2 := s.w
	if w2 == w || qv.cache.w != w2 {
		t.Fatalf("cache width %d after resizing from %d to %d", qv.cache.w, w, w2)
	}
	got := qv.bodyLines(w2)
	if want := freshBody(qv, w2); !slices.Equal(got, want) {
		t.Fatalf("the body after the resize differs from a fresh one: %d lines, want %d", len(got), len(want))
	}
	for i, l := range got {
		if lw := ansi.StringWidth(l); lw > w2 {
			t.Fatalf("line %d is %d wide after resizing to %d", i, lw, w2)
		}
	}
	if len(got) >= len(head) {
		t.Errorf("%d lines at width %d, %d at %d: not re-wrapped", len(got), w2, len(head), w)
	}
	checkWidth(t, d.view(), 60, 12)
}

// TestBodyCacheAnswerAndReveal: answering draws the verdict and the
// explanation; revealing an essay draws its reference answer; both equal
// what a question drawn afresh shows.
func TestBodyCacheAnswerAndReveal(t *testing.T) {
	d := newDriver(t, longCfg(), 80, 24)
	qv := d.session().cur
	before := qv.bodyLines(80)
	if slices.Contains(before, "解析") {
		t.Fatal("the explanation is shown before the answer")
	}
	d.keys("2") // B, right
	if qv.phase != phaseAnswered {
		t.Fatalf("phase %d after answering", qv.phase)
	}
	got := qv.bodyLines(80)
	if !slices.Contains(got, "解析") || !slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, "正确答案") }) {
		t.Errorf("no verdict or explanation after answering: %q", got[max(len(got)-6, 0):])
	}
	if want := freshBody(qv, 80); !slices.Equal(got, want) {
		t.Errorf("the answered body differs from a fresh one:\n%q\nwant\n%q", got[len(before)-4:], want[len(before)-4:])
	}

	d.keys("enter") // go on to the essay
	ev := d.session().cur
	if ev == qv || ev.kind != drill.SelfGraded {
		t.Fatalf("not on the essay: %v", ev.q.ID)
	}
	asking := ev.bodyLines(80)
	if slices.ContainsFunc(asking, func(l string) bool { return strings.Contains(l, "要点一") }) {
		t.Fatal("the reference answer is shown before the reveal")
	}
	d.keys(" ")
	if ev.phase != phaseRevealed {
		t.Fatalf("phase %d after space", ev.phase)
	}
	got = ev.bodyLines(80)
	if !slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, "要点一") }) {
		t.Error("the reference answer is not shown after the reveal")
	}
	if want := freshBody(ev, 80); !slices.Equal(got, want) {
		t.Error("the revealed body differs from a fresh one")
	}
	if !strings.Contains(d.view(), "很长的一行") {
		t.Error("the frame lost the stem after the reveal")
	}
}

// TestBodyCacheLanguage: the true/false options follow a language change.
func TestBodyCacheLanguage(t *testing.T) {
	c := testCommon()
	var tf *bank.Question
	for _, q := range c.all {
		if q.Type == bank.TrueFalse {
			tf = q
		}
	}
	qv := newQuestion(c, tf, false, false)
	zh := strings.Join(qv.bodyLines(60), "\n")
	c.lang = ParseLang("en")
	en := strings.Join(qv.bodyLines(60), "\n")
	if zh == en || !strings.Contains(en, "True") {
		t.Errorf("the body did not follow the language:\n%s\n--\n%s", zh, en)
	}
}

// TestPagerDrawsLikeViewport: the pager, given the content in runs, draws
// what the bubbles viewport draws for the same content, offset and size,
// scrolled the same ways.
func TestPagerDrawsLikeViewport(t *testing.T) {
	st := testCommon().st
	var lines []string
	for i := range 40 {
		l := strings.Repeat("字", i%7) + fmt.Sprint(i)
		if i%5 == 0 {
			l = st.Selected.Render(l)
		}
		if i == 33 {
			l = strings.Repeat("宽", 30) // wider than the view: every shown line is cut
		}
		lines = append(lines, l)
	}
	for _, size := range [][2]int{{20, 6}, {12, 10}, {40, 50}} {
		for _, cut := range [][]int{{}, {5}, {0, 17, 17, 39}} {
			var runs [][]string
			prev := 0
			for _, c := range cut {
				runs = append(runs, lines[prev:c])
				prev = c
			}
			runs = append(runs, lines[prev:])
			vp := viewport.New(size[0], size[1])
			vp.SetContent(strings.Join(lines, "\n"))
			p := pager{Width: size[0], Height: size[1]}
			p.SetLines(runs...)
			steps := []func(){
				func() {}, func() { vp.ScrollDown(3); p.ScrollDown(3) }, func() { vp.HalfPageDown(); p.HalfPageDown() },
				func() { vp.SetYOffset(30); p.SetYOffset(30) }, func() { vp.ScrollUp(1); p.ScrollUp(1) },
				func() { vp.SetYOffset(99); p.SetYOffset(99) }, func() { vp.HalfPageUp(); p.HalfPageUp() },
				func() { vp.GotoTop(); p.GotoTop() },
			}
			for i, step := range steps {
				step()
				if vp.View() != p.View() || vp.YOffset != p.YOffset || vp.ScrollPercent() != p.ScrollPercent() || vp.TotalLineCount() != p.TotalLineCount() {
					t.Fatalf("%v runs %v step %d: offset %d/%d\nviewport:\n%s\npager:\n%s", size, cut, i, vp.YOffset, p.YOffset, vp.View(), p.View())
				}
			}
		}
	}
}

// benchListKeys opens a screen listing the long questions and moves its
// cursor down and up, drawing each frame.
func benchListKeys(b *testing.B, start string, keys ...string) {
	st := newFakeStore()
	for _, q := range longBanks()[0].Questions {
		wrong := false
		if _, err := st.RecordAnswer(store.Answer{Key: q.Key(), Type: q.Type, Given: "A", Correct: &wrong, Rating: 1, At: testNow}, store.Position{}); err != nil {
			b.Fatal(err)
		}
	}
	cfg := longCfg()
	cfg.Store, cfg.Start, cfg.Practice = st, start, PracticeOptions{}
	d := newDriver(b, cfg, 80, 24)
	d.keys(keys...)
	if v := d.view(); !strings.Contains(v, "很长的一行") {
		b.Fatalf("the long question is not listed:\n%s", v)
	}
	moves := []tea.KeyMsg{keyMsg("down"), keyMsg("up")}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d.m.Update(moves[i%2])
		_ = d.m.View()
	}
}

// BenchmarkMistakesListLongStem: the wrong-answer book lists two questions
// with 1 MB stems.
func BenchmarkMistakesListLongStem(b *testing.B) { benchListKeys(b, "mistakes") }

// BenchmarkBrowseListLongStem: the question list shows two 1 MB stems.
func BenchmarkBrowseListLongStem(b *testing.B) { benchListKeys(b, "browse") }

// TestLineHeadTruncatesLikeWhole: a listing row built from lineHead is the
// row built from the whole text, for both ways the listings fold
// whitespace.
func TestLineHeadTruncatesLikeWhole(t *testing.T) {
	texts := []string{
		"", "短题干", longStem[:3000], longStem,
		strings.Repeat("word ", 5000),
		strings.Repeat(" ", 4000) + "late text after many spaces " + strings.Repeat("x", 500),
		strings.Repeat("\x1b[31m红\x1b[0m\n", 3000),
		strings.Repeat("e\u0301\u0301\u0301", 2000), // combining marks: many bytes per cell
		strings.Repeat("👩‍👩‍👧", 1000),
		strings.Repeat("a", 600) + "\xff\xfe" + strings.Repeat("甲", 300),
	}
	folds := map[string]func(string) string{
		"fields":  func(s string) string { return strings.Join(strings.Fields(s), " ") },
		"newline": func(s string) string { return strings.ReplaceAll(s, "\n", " ") },
	}
	for ti, s := range texts {
		for _, w := range []int{1, 10, 40, 80, 200} {
			for name, fold := range folds {
				row := func(stem string) string { return ansi.Truncate("▸ ✗ "+fold(bank.Sanitize(stem)), w, "…") }
				h := lineHead(s, w)
				if !strings.HasPrefix(s, h) {
					t.Fatalf("text %d width %d: not a prefix", ti, w)
				}
				if got, want := row(h), row(s); got != want {
					t.Errorf("text %d width %d %s: %q, want %q", ti, w, name, got, want)
				}
				if len(s) > 100000 && len(h) > 10000 {
					t.Errorf("text %d width %d: %d bytes kept of %d", ti, w, len(h), len(s))
				}
			}
		}
	}
}

// BenchmarkExamKeyLongStem moves the option cursor on the exam paper's
// question with a 1 MB stem.
func BenchmarkExamKeyLongStem(b *testing.B) {
	cfg := longCfg()
	cfg.Start, cfg.Practice = "exam", PracticeOptions{}
	d := newDriver(b, cfg, 80, 24)
	setup, ok := d.m.active().(*examSetup)
	if !ok {
		b.Fatalf("active screen is %T", d.m.active())
	}
	setup.tick = func() tea.Cmd { return nil }
	d.keys("enter")
	ex, ok := d.m.active().(*examScreen)
	if !ok {
		b.Fatalf("after enter the active screen is %T", d.m.active())
	}
	if ex.item().qv.kind != drill.Single {
		b.Fatalf("the first exam question is %v", ex.item().qv.q.Type)
	}
	moves := []tea.KeyMsg{keyMsg("down"), keyMsg("up")}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d.m.Update(moves[i%2])
		_ = d.m.View()
	}
	if ex.item().qv.cache.w == 0 {
		b.Fatal("the exam question was never drawn")
	}
}
