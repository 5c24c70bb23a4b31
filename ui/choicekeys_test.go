package ui

import (
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
)

// tenOptions is a single-choice question whose answer is the tenth option.
func tenOptions(answer string) Config {
	st := newFakeStore()
	var opts []bank.Option
	for c := 'A'; c <= 'J'; c++ {
		opts = append(opts, bank.Option{Key: string(c), Text: "选项" + string(c)})
	}
	b := &bank.Bank{Name: "test", Title: "十个选项", Questions: []*bank.Question{{
		ID: "s10", Bank: "test", Type: bank.Single, Section: "一、单项选择题", Line: 1,
		Stem: "下列哪一项是第十个（ ）", Options: opts, Answer: &bank.Answer{Choices: answer}}}}
	cfg := practiceCfg(st, bank.Single)
	cfg.Banks = []*bank.Bank{b}
	return cfg
}

func TestTenOptionsChosenByLetterAndDigit(t *testing.T) {
	for _, k := range []string{"j", "0"} {
		cfg := tenOptions("J")
		d := newDriver(t, cfg, 80, 40)
		d.expect("J. 选项J")
		d.expect("a-j")
		d.keys(k)
		d.expect("回答正确")
		d.keys("enter")
		st := cfg.Store.(*fakeStore)
		if log := st.logged(); len(log) != 1 || log[0].Given != "J" || !*log[0].Correct {
			t.Fatalf("key %q: log %+v", k, log)
		}
	}
	cfg := tenOptions("I")
	d := newDriver(t, cfg, 80, 40)
	d.keys("i")
	d.expect("回答正确")
}

// A letter that names no option keeps its other meaning: j moves down.
func TestLetterBeyondTheOptionsMoves(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st, bank.Single), 80, 30)
	if v := d.view(); !strings.Contains(v, "a-d") || strings.Contains(v, "a-h") {
		t.Fatalf("help does not name the four options:\n%s", v)
	}
	d.keys("j", "enter")
	d.expect(glyphWrong + " B. 客户满意度")
	d.keys("enter")
	if log := st.logged(); len(log) != 1 || log[0].Given != "B" {
		t.Fatalf("log %+v", log)
	}
}
