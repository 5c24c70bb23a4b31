package ui

import (
	"fmt"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/store"
)

// TestProgressFailureRecordsOnce: the practice position cannot be saved
// once; the learner dismisses the error and presses enter again. The
// answer is logged once and the card reviewed once (the UI used to record
// the answer, then save the position in a second write: the retry recorded
// the answer a second time).
func TestProgressFailureRecordsOnce(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a")
	st.failProgress = errFake
	d.keys("enter")
	d.expect("disk on fire")
	d.keys("x") // dismiss
	d.expect("客户服务管理的核心是")
	d.keys("enter") // retry
	d.expect("客户服务的渠道包括")
	if n := len(st.logged()); n != 1 {
		t.Errorf("the answer was logged %d times, want once", n)
	}
	if c, _, _ := st.Card("test/s1"); c.Reps != 1 {
		t.Errorf("the card was reviewed %d times, want once", c.Reps)
	}
	if p, _ := st.Progress(practiceFilter{Banks: []string{"test"}}.scope()); p != 1 {
		t.Errorf("practice position %d, want 1", p)
	}
}

// answerAs answers the question on screen right or wrong and goes on.
func answerAs(d *driver, key string, right bool) {
	switch key {
	case "test/s1":
		d.keys(map[bool]string{true: "d", false: "a"}[right], "enter")
	case "test/m1":
		if right {
			d.keys("a", "b", "d", "enter", "enter")
		} else {
			d.keys("a", "enter", "enter")
		}
	case "test/t1":
		d.keys(map[bool]string{true: "f", false: "t"}[right], "enter")
	case "test/f1":
		if right {
			d.typeText("Customer Relationship Management")
			d.keys("enter")
			d.typeText("客户关系管理")
			d.keys("enter", "enter")
		} else {
			d.keys("x", "enter", "x", "enter", "enter")
		}
	default: // self-graded
		d.keys("space", map[bool]string{true: "3", false: "1"}[right])
	}
}

// TestSummaryNewMistakesAgreeWithHome (issue 11, item 5): on an empty
// database, a review with an answer undone and questions answered wrong
// twice ends with a summary whose new mistakes are home's open mistakes.
func TestSummaryNewMistakesAgreeWithHome(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "shuati.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := testConfig(st, "zh")
	cfg.Start = "review"
	d := newDriver(t, cfg, 80, 30)
	d.keys("a", "enter") // s1 wrong
	d.keys("u")          // undone
	d.expect("客户服务管理的核心是")
	answerAs(d, "test/s1", true)
	// the rest of the list: m1 and t1 wrong, the others right; then the
	// learning cards as they come back: s1, m1 and t1 wrong once more
	wrongAgain := map[string]bool{"test/s1": true, "test/m1": true, "test/t1": true}
	wrongFirst := map[string]bool{"test/m1": true, "test/t1": true}
	seen := map[string]bool{"test/s1": true}
	for step := 0; len(wrongAgain) > 0; step++ {
		s := d.session()
		if s == nil || s.cur == nil || step > 40 {
			t.Fatalf("the session ended before every question came back:\n%s", d.view())
		}
		k := s.curKey
		right := true
		switch {
		case !seen[k]:
			seen[k] = true
			right = !wrongFirst[k]
		case wrongAgain[k]:
			delete(wrongAgain, k)
			right = false
		}
		answerAs(d, k, right)
	}
	d.keys("esc")
	stats, err := st.Stats(testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.MistakesOpen != 3 {
		t.Fatalf("%d open mistakes, want 3 (s1, m1, t1)", stats.MistakesOpen)
	}
	d.expect(fmt.Sprintf("新增错题 %d", stats.MistakesOpen))
	d.keys("esc")
	d.expect(fmt.Sprintf("错题 %d", stats.MistakesOpen))
}

// TestExamHandInRealStore hands an exam in on a real store and grades its
// essay: the exam is saved once with every answered objective question
// recorded once, and the grade recorded once.
func TestExamHandInRealStore(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "shuati.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := newDriver(t, examCfg(st, "zh", nil), 80, 30)
	startExam(t, d)
	d.keys("d", "n", "a", "b", "d", "n") // single right, multiple right
	d.keys("S", "y")
	if _, ok := d.m.active().(*examReport); !ok {
		t.Fatalf("after handing in: %T\n%s", d.m.active(), d.view())
	}
	d.keys("down", "down", "down", "down", "enter") // the essay
	if _, ok := d.m.active().(*examReview); !ok {
		t.Fatalf("review: %T\n%s", d.m.active(), d.view())
	}
	d.keys("3", "3")
	d.expect("已自评：得 10 分")
	exams, err := st.Exams()
	if err != nil || len(exams) != 1 || exams[0].Score != 15 {
		t.Fatalf("exams %+v (%v), want one scoring 15", exams, err)
	}
	for k, want := range map[string]int{"test/s1": 1, "test/m1": 1, "test/e1": 1, "test/t1": 0} {
		h, err := st.History(k)
		if err != nil || len(h) != want {
			t.Errorf("%s: %d answers recorded (%v), want %d", k, len(h), err, want)
		}
		for _, e := range h {
			if e.Mode != store.ModeExam {
				t.Errorf("%s recorded in mode %q", k, e.Mode)
			}
		}
	}
}

// Keys pressed while an answer is being written act once it is, in order:
// enter (go on) and esc at once end the session after the answer instead
// of losing the esc (found in tmux).
func TestKeysWhileSavingAreKept(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a")
	_, saving := d.m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // writes the answer
	_, none := d.m.Update(tea.KeyMsg{Type: tea.KeyEsc})     // pressed before it is written
	if none != nil {
		t.Fatalf("esc acted while the answer was being written")
	}
	d.run(saving)
	d.expect("本次小结")
	if n := len(st.logged()); n != 1 {
		t.Errorf("the answer was logged %d times, want once", n)
	}
}
