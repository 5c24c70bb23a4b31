package ui

// Screens at narrow widths and the help bar: what a learner saw cut or
// offered wrongly while using the app at 40 to 120 columns.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/shuati/shuati/bank"
)

// The full help (?) lists every key of the screen and the global ones at
// 40 and 60 columns too: the columns that do not fit beside each other go
// below, none is dropped behind an ellipsis.
func TestFullHelpKeepsEveryKeyWhenNarrow(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, w := range []int{40, 60, 80} {
			t.Run(fmt.Sprintf("%s/%d", lang, w), func(t *testing.T) {
				cfg := practiceCfg(newFakeStore(), bank.Multiple)
				cfg.Lang = lang
				d := newDriver(t, cfg, w, 24)
				d.keys("?")
				v := d.view()
				rows := strings.Split(v, "\n")
				hk := d.m.helpKeys()
				for _, col := range hk.FullHelp() {
					for _, b := range col {
						if !b.Enabled() || b.Help().Key == "" {
							continue
						}
						if !helpRowHas(rows, b) {
							t.Errorf("the full help lacks %q %q:\n%s", b.Help().Key, b.Help().Desc, v)
						}
					}
				}
				if strings.Contains(strings.Join(rows[len(rows)-8:], "\n"), "…") {
					t.Errorf("the full help is cut:\n%s", v)
				}
			})
		}
	}
}

// helpRowHas reports whether a row shows the binding's key followed by
// its description.
func helpRowHas(rows []string, b key.Binding) bool {
	for _, r := range rows {
		if i := strings.Index(r, b.Help().Key+" "); i >= 0 && strings.Contains(r[i:], b.Help().Desc) {
			return true
		}
	}
	return false
}

// While an answer is typed, ? is a character of it: the help bar does not
// offer "? help" then, and ? types.
func TestHelpBarWhileTyping(t *testing.T) {
	d := newDriver(t, practiceOne(newFakeStore(), bank.Fill, "zh"), 80, 24)
	d.keys("enter", "enter", "enter") // past the graded fill-in
	d.expect("企业的核心是")                // the self-graded one
	d.typeText("竞")
	d.expect("esc 停止输入")
	rows := strings.Split(d.view(), "\n")
	if bar := rows[len(rows)-1]; strings.Contains(bar, "帮助") {
		t.Fatalf("the help bar offers ? while ? types: %q", bar)
	}
	d.typeText("?")
	d.expect("│ 竞?")
	if strings.Contains(d.view(), "ctrl+c 退出") {
		t.Fatalf("? opened the full help while typing:\n%s", d.view())
	}
	d.keys("esc") // typing stopped: ? is the help's again
	rows = strings.Split(d.view(), "\n")
	if bar := rows[len(rows)-1]; !strings.Contains(bar, "? 帮助") {
		t.Fatalf("the help bar lacks ? once typing stopped: %q", bar)
	}
}

// The summary's hint under the wrong answers is wrapped, not cut: at 40
// and 60 columns it still says how to go back.
func TestSummaryHintWraps(t *testing.T) {
	for _, w := range []int{40, 60} {
		cfg := practiceCfg(newFakeStore(), bank.Single)
		cfg.Lang = "en"
		d := newDriver(t, cfg, w, 24)
		d.keys("a", "enter") // s1 wrong, the last: the summary
		d.expect("Answered wrong (1)")
		if words := strings.Join(strings.Fields(d.view()), " "); !strings.Contains(words, "enter opens it; esc: back") {
			t.Errorf("at %d columns the hint is cut:\n%s", w, d.view())
		}
	}
}

// A review with nothing to do lists in its full help only the keys that
// act there (leave, more new cards, practise ahead), not moving, undo or
// star.
func TestNothingDueHelpListsWhatActs(t *testing.T) {
	st := newFakeStore()
	st.settings.NewPerDay = 0
	cfg := testConfig(st, "en")
	cfg.Start = "review"
	d := newDriver(t, cfg, 80, 24)
	d.expect("nothing to do here")
	d.keys("?")
	d.expect("practise ahead")
	for _, idle := range []string{"undo", "star", "scroll", "↑↓/jk"} {
		if strings.Contains(d.view(), idle) {
			t.Errorf("the full help offers %q, which does nothing here:\n%s", idle, d.view())
		}
	}
	d.keys("u", "s", "j") // indeed nothing
	d.expect("nothing to do here")
}

// When the help bar cannot show every key, it ends in an ellipsis, also
// when the keys shown fill the row exactly (home at 40 columns in Chinese
// hid q and ? without one).
func TestHelpBarEllipsisWhenCut(t *testing.T) {
	d := newDriver(t, testConfig(newFakeStore(), "zh"), 40, 24)
	d.expect("模式")
	rows := strings.Split(d.view(), "\n")
	if bar := rows[len(rows)-1]; !strings.HasSuffix(bar, "…") {
		t.Fatalf("the help bar is cut without an ellipsis: %q", bar)
	}
}

// "The bank gives no answer" under the reference title is wrapped, not
// cut, on a narrow screen (背题 of a self-graded fill-in at 40 columns).
func TestNoAnswerNoticeWraps(t *testing.T) {
	cfg := practiceOne(newFakeStore(), bank.Fill, "en")
	cfg.Practice.Recite = true
	d := newDriver(t, cfg, 40, 24)
	d.keys("enter") // past the graded fill-in to the one without an answer
	d.expect("企业的核心是")
	if words := strings.Join(strings.Fields(d.view()), " "); !strings.Contains(words, "(the bank gives no answer: grade yourself)") {
		t.Fatalf("the notice is cut:\n%s", d.view())
	}
}

// That a question cannot be answered (its options lost) is wrapped, not
// cut, at 40 columns.
func TestLostOptionsNoticeWraps(t *testing.T) {
	d := newDriver(t, practiceOne(newFakeStore(), bank.Single, "en"), 40, 24)
	d.keys("d", "enter") // s1, then the question whose options are lost
	d.expect("客户服务组织结构")
	if words := strings.Join(strings.Fields(d.view()), " "); !strings.Contains(words, "the source lost this question's options") {
		t.Fatalf("the notice is cut:\n%s", d.view())
	}
}
