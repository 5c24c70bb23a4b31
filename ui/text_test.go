package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/ui/i18n"
)

var wrapSamples = []string{
	"客户服务管理的核心是（ ），这是现代企业在激烈的市场竞争中获得持续竞争优势、提高客户满意度和忠诚度的关键所在。",
	"CRM 的英文全称是 Customer Relationship Management，中文是客户关系管理。",
	"A very long English sentence that has to be wrapped at word boundaries without splitting words unless necessary.",
	"Supercalifragilisticexpialidociousandevenlongerwordthatcannotfit 在一行",
	"混合 text 与中文，（CRM）和「引号」及“双引号”都要正确处理；标点不能出现在行首。",
	"1. 提高产品质量：质量是忠诚的基础。\n2. 提供优质服务，及时响应客户需求。",
	"",
	"    缩进的段落",
	"😀 emoji 👍🏽 and 中文",
}

func TestWrapNeverWider(t *testing.T) {
	for _, s := range wrapSamples {
		for w := 2; w <= 200; w++ {
			for _, l := range wrap(s, w) {
				if got := ansi.StringWidth(l); got > w {
					t.Fatalf("wrap(%q, %d): line %q is %d wide", s, w, l, got)
				}
			}
		}
	}
}

func TestWrapKeepsText(t *testing.T) {
	strip := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
	for _, s := range wrapSamples {
		for _, w := range []int{3, 10, 17, 40, 60, 80} {
			got := strings.Join(wrap(s, w), "\n")
			if strip(got) != strip(s) {
				t.Errorf("wrap(%q, %d) lost text: %q", s, w, got)
			}
		}
	}
}

func TestWrapCJKFillsLines(t *testing.T) {
	s := wrapSamples[0]
	lines := wrap(s, 20)
	for i, l := range lines[:len(lines)-1] {
		// a full line of CJK is 20 wide, or 18 when a punctuation mark was
		// kept off the next line's start
		if w := ansi.StringWidth(l); w < 16 {
			t.Errorf("line %d %q only %d wide", i, l, w)
		}
	}
	for i, l := range lines[1:] {
		r := []rune(l)[0]
		if strings.ContainsRune(noBreakBefore, r) {
			t.Errorf("line %d starts with %q", i+1, r)
		}
	}
}

func TestWrapLatinAtSpaces(t *testing.T) {
	got := wrap("the quick brown fox jumps", 10)
	want := []string{"the quick", "brown fox", "jumps"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWrapIndentHangs(t *testing.T) {
	lines := wrapIndent("  A. ", strings.Repeat("选项文字", 10), 30)
	if len(lines) < 2 {
		t.Fatalf("expected several lines, got %q", lines)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "     ") {
			t.Errorf("continuation %q not indented", l)
		}
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 30 {
			t.Errorf("%q wider than 30", l)
		}
	}
}

func TestShuffleKeepsAboveLast(t *testing.T) {
	opts := []bank.Option{{Key: "A", Text: "电话"}, {Key: "B", Text: "邮件"}, {Key: "C", Text: "以上都是"}, {Key: "D", Text: "聊天"}, {Key: "E", Text: "以上都不是"}}
	moved := false
	for seed := uint64(0); seed < 50; seed++ {
		o := shuffleOrder(opts, seed)
		if len(o) != 5 {
			t.Fatalf("order %v", o)
		}
		if o[3] != 2 || o[4] != 4 {
			t.Fatalf("seed %d: 以上 options not last in order: %v", seed, o)
		}
		seen := map[int]bool{}
		for _, i := range o {
			seen[i] = true
		}
		if len(seen) != 5 {
			t.Fatalf("not a permutation: %v", o)
		}
		if o[0] != 0 || o[1] != 1 || o[2] != 3 {
			moved = true
		}
	}
	if !moved {
		t.Error("shuffle never moved an option")
	}
	en := []bank.Option{{Key: "A", Text: "All of the above"}, {Key: "B", Text: "x"}, {Key: "C", Text: "y"}}
	if o := shuffleOrder(en, 7); o[2] != 0 {
		t.Errorf("all of the above not last: %v", o)
	}
}

func TestShuffledAnswerMapsBack(t *testing.T) {
	c := testCommon()
	q := testBanks()[0].Questions[0] // answer D
	c.settings.ShuffleOptions = true
	for i := 0; i < 20; i++ {
		c.now = func() time.Time { return testNow.Add(time.Duration(i) * time.Second) }
		qv := newQuestion(c, q, false, true)
		pos := -1
		for p, idx := range qv.order {
			if q.Options[idx].Key == "D" {
				pos = p
			}
		}
		qv.choose(pos)
		if !*qv.correct || qv.given() != "D" {
			t.Fatalf("order %v: choosing display %s gave %q correct=%v", qv.order, letter(pos), qv.given(), *qv.correct)
		}
	}
}

// TestCatalogComplete: every id the screens ask for is in the catalog
// (ui/i18n, whose own tests check each entry).
func TestCatalogComplete(t *testing.T) {
	for _, it := range menu() {
		for _, id := range []string{it.Title, it.Desc} {
			if id != "" && !i18n.Has(id) {
				t.Errorf("menu %s: %s not in catalog", it.ID, id)
			}
		}
	}
	for _, ty := range bank.Types {
		if !i18n.Has("type." + string(ty)) {
			t.Errorf("type %s has no name", ty)
		}
	}
	// every literal id the package's code asks for
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	idRE := regexp.MustCompile(`\bT\("([a-z_0-9]+(\.[a-z_0-9]+)+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range idRE.FindAllStringSubmatch(string(src), -1) {
			if !i18n.Has(m[1]) {
				t.Errorf("%s: %s not in catalog", f, m[1])
			}
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"en": LangEN, "en_US.UTF-8": LangEN, "zh": LangZH, "zh_CN.UTF-8": LangZH, "": LangZH, "C": LangEN, "C.UTF-8": LangEN, "POSIX": LangEN} {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFlowParts: the grading line breaks between its items, never inside
// "2 困难 6分钟"; an item wider than the line wraps on its own.
func TestFlowParts(t *testing.T) {
	items := []string{"1 忘记 1分钟", "2 困难 6分钟", "3 良好 10分钟", "4 简单 8天", "enter：3 良好"}
	for _, c := range []struct {
		w    int
		want []string
	}{
		{80, []string{"1 忘记 1分钟 · 2 困难 6分钟 · 3 良好 10分钟 · 4 简单 8天 · enter：3 良好"}},
		{40, []string{"1 忘记 1分钟 · 2 困难 6分钟", "3 良好 10分钟 · 4 简单 8天", "enter：3 良好"}},
		{12, []string{"1 忘记 1分钟", "2 困难 6分钟", "3 良好 10分", "钟", "4 简单 8天", "enter：3 良", "好"}},
	} {
		got := flowParts("", items, " · ", c.w)
		if !slices.Equal(got, c.want) {
			t.Errorf("width %d:\n got %q\nwant %q", c.w, got, c.want)
		}
	}
}
