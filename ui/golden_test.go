package ui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/shuati/shuati/bank"
)

// step is a key press (or typed text) and a piece of output to wait for
// before the next step.
type step struct {
	keys []string
	text string
	wait string
}

// runGolden runs the model in a teatest program at w×h, plays the steps
// and compares the final view with testdata/<test name>.golden (update
// with go test ./ui -update).
func runGolden(t *testing.T, cfg Config, w, h int, steps ...step) {
	t.Helper()
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(w, h))
	for _, s := range steps {
		for _, k := range s.keys {
			tm.Send(keyMsg(k))
		}
		if s.text != "" {
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s.text)})
		}
		if s.wait != "" {
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s.wait)) },
				teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
		}
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	v := m.View()
	checkWidth(t, v, w, h)
	golden.RequireEqual(t, []byte(v))
}

var goldenWidths = []int{60, 80, 120}

func TestGoldenHome(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, testConfig(newFakeStore(), "zh"), w, 20, step{wait: "新题 6"})
		})
	}
	t.Run("en80", func(t *testing.T) {
		runGolden(t, testConfig(newFakeStore(), "en"), 80, 20, step{wait: "new today 6"})
	})
}

func TestGoldenSingleWrong(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, practiceCfg(newFakeStore(), bank.Single), w, 24,
				step{wait: "1/1 · 新题"},
				step{keys: []string{"b"}, wait: "解析"})
		})
	}
}

func TestGoldenMultipleFeedback(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, practiceCfg(newFakeStore(), bank.Multiple), w, 24,
				step{wait: "1/1 · 新题"},
				step{keys: []string{"a", "c"}, wait: "[x]"},
				step{keys: []string{"enter"}, wait: "ABD"})
		})
	}
}

func TestGoldenMultipleAsking(t *testing.T) {
	runGolden(t, practiceCfg(newFakeStore(), bank.Multiple), 80, 24,
		step{wait: "1/1 · 新题"},
		step{keys: []string{"a", "d", "down"}, wait: "[x]"})
}

func TestGoldenFill(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, practiceCfg(newFakeStore(), bank.Fill), w, 24,
				step{wait: "1/1 · 新题"},
				step{text: "CRM", wait: "CRM"},
				step{keys: []string{"enter"}, text: "客户关系管理", wait: "客户关系管理"},
				step{keys: []string{"enter"}, wait: "Customer Relationship Management"})
		})
	}
}

func TestGoldenEssayReveal(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, practiceCfg(newFakeStore(), bank.Essay), w, 24,
				step{wait: "1/1 · 新题"},
				step{keys: []string{"i"}, text: "提高质量，做好服务。", wait: "做好服务"},
				step{keys: []string{"tab"}, wait: "简单"}) // the grades with their intervals
		})
	}
}

func TestGoldenTooSmall(t *testing.T) {
	runGolden(t, testConfig(newFakeStore(), "zh"), 39, 9, step{wait: "39"})
}

func TestGoldenPracticeSetup(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			cfg := testConfig(newFakeStore(), "zh")
			runGolden(t, cfg, w, 30, step{wait: "新题 6"}, step{keys: []string{menuKey("practice")}, wait: "开始练习"})
		})
	}
}

func TestGoldenSummary(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, practiceCfg(newFakeStore()), w, 20,
				step{wait: "1/6"},
				step{keys: []string{"d", "enter"}, wait: "2/6"},
				step{keys: []string{"a", "enter", "esc"}, wait: "下次复习"})
		})
	}
}

func TestGoldenMistakes(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			st := newFakeStore()
			d := newDriver(t, practiceCfg(st), 80, 24)
			d.keys("b", "enter", "a", "enter", "enter", "t", "enter", "esc", "enter")
			cfg := testConfig(st, "zh")
			cfg.Start = "mistakes"
			runGolden(t, cfg, w, 20, step{wait: "错 1 次"})
		})
	}
}

func TestGoldenCaseReveal(t *testing.T) {
	runGolden(t, practiceCfg(newFakeStore(), bank.Case), 80, 24,
		step{wait: "1/1 · 新题"},
		step{keys: []string{"space"}, wait: "简单"})
}

func TestGoldenEmptyReview(t *testing.T) {
	st := newFakeStore()
	st.settings.NewPerDay = 0
	cfg := testConfig(st, "zh")
	cfg.Start = "review"
	runGolden(t, cfg, 60, 12, step{wait: "没有题目"})
}

func TestGoldenFillTyping(t *testing.T) {
	runGolden(t, practiceCfg(newFakeStore(), bank.Fill), 60, 16,
		step{wait: "1/1 · 新题"},
		step{text: "CRM", wait: "CRM"},
		step{keys: []string{"tab"}, text: "客户", wait: "客户"})
}

func TestGoldenRecite(t *testing.T) {
	cfg := practiceCfg(newFakeStore(), bank.Multiple)
	cfg.Practice.Recite = true
	runGolden(t, cfg, 80, 20, step{wait: "背题模式"})
}
