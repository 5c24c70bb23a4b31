package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

func browseCfg(st Store, lang string) Config {
	cfg := testConfig(st, lang)
	cfg.Start = "browse"
	return cfg
}

// answered records two answers of s1 (wrong, then right) and one of t1.
func answeredStore(t *testing.T) *fakeStore {
	t.Helper()
	st := newFakeStore()
	no, yes := false, true
	for _, a := range []store.Answer{
		{Key: "test/s1", Type: bank.Single, Section: "一、单项选择题", Mode: store.ModePractice, Given: "B", Correct: &no, Rating: fsrs.Again, At: testNow.Add(-48 * time.Hour)},
		{Key: "test/s1", Type: bank.Single, Section: "一、单项选择题", Mode: store.ModeReview, Given: "D", Correct: &yes, Rating: fsrs.Good, At: testNow.Add(-24 * time.Hour)},
		{Key: "test/t1", Type: bank.TrueFalse, Section: "三、判断题", Mode: store.ModeExam, Given: "true", Correct: &no, Rating: fsrs.Again, At: testNow.Add(-time.Hour)},
	} {
		if _, err := st.RecordAnswer(a, store.Position{}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func (s *browseScreen) listedKeys() []string {
	var ks []string
	for _, i := range s.list {
		ks = append(ks, s.c.all[i].Key())
	}
	return ks
}

func browseOf(t *testing.T, d *driver) *browseScreen {
	t.Helper()
	b, ok := d.m.active().(*browseScreen)
	if !ok {
		t.Fatalf("active screen is %T", d.m.active())
	}
	return b
}

func TestBrowseSearch(t *testing.T) {
	d := newDriver(t, browseCfg(newFakeStore(), "zh"), 80, 24)
	b := browseOf(t, d)
	d.expect("6/6 题")
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"满意", "test/s1 test/e1"},               // stem and option of s1, the answer of e1
		{"社交媒体", "test/m1"},                     // an option
		{"relationship  MANAGEMENT", "test/f1"}, // a fill answer, case and spaces folded
		{"ＣＲＭ", "test/f1"},                      // full width folded
		{"维修等待", "test/c1"},                     // a case's material
		{"服务响应慢", "test/c1"},                    // a case part's answer
		{"不存在的内容", ""},
	} {
		d.keys("/")
		d.typeText(tc.query)
		d.keys("enter")
		if got := strings.Join(b.listedKeys(), " "); got != tc.want {
			t.Errorf("search %q: %q, want %q", tc.query, got, tc.want)
		}
		d.keys("/", "esc") // clears
		if len(b.list) != 6 {
			t.Fatalf("esc did not clear the search: %d listed", len(b.list))
		}
	}
	d.keys("/")
	d.typeText("满意")
	d.expect("2/6 题")
	d.expect("满意")
	// while typing, q and ? are text
	d.typeText("q")
	if d.quit || b.f.Query != "满意q" {
		t.Fatalf("typing q: quit=%v query=%q", d.quit, b.f.Query)
	}
}

func TestBrowseFilters(t *testing.T) {
	st := answeredStore(t)
	d := newDriver(t, browseCfg(st, "zh"), 80, 24)
	b := browseOf(t, d)
	d.keys("t") // single
	if got := strings.Join(b.listedKeys(), " "); got != "test/s1" {
		t.Fatalf("type filter: %q", got)
	}
	d.expect("题型：单选题")
	d.keys("t") // multiple
	if got := strings.Join(b.listedKeys(), " "); got != "test/m1" {
		t.Fatalf("type filter: %q", got)
	}
	for range 5 {
		d.keys("t")
	}
	if len(b.list) != 6 || b.f.Type != "" {
		t.Fatalf("type filter did not cycle back to all: %q %d", b.f.Type, len(b.list))
	}
	d.keys("c", "down", "down", "down", "enter") // the picker: the third section
	if got := strings.Join(b.listedKeys(), " "); got != "test/t1" {
		t.Fatalf("section filter: %q", got)
	}
	d.keys("c")
	d.typeText("判断") // typing filters the picker
	d.expect("› 三、判断题")
	d.keys("esc", "home", "enter") // esc clears the filter; all
	if b.f.Section != "" {
		t.Fatalf("section %q, want all", b.f.Section)
	}
	d.keys("b")
	if len(b.list) != 6 || b.f.Bank != "test" {
		t.Fatalf("bank filter: %q %d", b.f.Bank, len(b.list))
	}
	d.keys("w") // mistakes: s1 (mastered? no: 1 right of 2 needed) and t1
	if got := strings.Join(b.listedKeys(), " "); got != "test/s1 test/t1" {
		t.Fatalf("mistake filter: %q", got)
	}
	d.keys("w", "home", "down", "s") // star m1
	if !st.stars["test/m1"] {
		t.Fatalf("s did not star: %v", st.stars)
	}
	d.keys("f")
	if got := strings.Join(b.listedKeys(), " "); got != "test/m1" {
		t.Fatalf("starred filter: %q", got)
	}
	d.expect("★")
	d.keys("s") // unstar: the list empties
	d.expect("没有符合条件的题目")
}

func TestBrowseDetail(t *testing.T) {
	st := answeredStore(t)
	d := newDriver(t, browseCfg(st, "zh"), 80, 60)
	d.keys("enter")
	if _, ok := d.m.active().(*browseDetail); !ok {
		t.Fatalf("enter opens %T", d.m.active())
	}
	v := d.view()
	for _, want := range []string{"1/6 · test/s1 · 单选题", "正确答案：D", "解析", "客户服务管理的目标", "记忆状态", "状态 学习中", "稳定性", "难度", "可提取性", "复习 2 次 · 遗忘 0 次", "作答记录（2）", "✗ 2026-11-23 10:00 · 练习 · 忘记 · B", "✓ 2026-11-24 10:00 · 复习 · 良好 · D"} {
		if !strings.Contains(v, want) {
			t.Errorf("detail lacks %q:\n%s", want, v)
		}
	}
	c, _, _ := st.Card("test/s1")
	r, _ := st.Retrievability("test/s1", testNow)
	if !strings.Contains(v, fmt.Sprintf("可提取性 %.0f%%", 100*r)) || !strings.Contains(v, fmt.Sprintf("稳定性 %.1f 天", c.Stability)) {
		t.Errorf("memory figures differ from the store's: R %.3f S %.2f\n%s", r, c.Stability, v)
	}
	// newest first
	if h := v[strings.Index(v, "作答记录"):]; strings.Index(h, "2026-11-24") > strings.Index(h, "2026-11-23") {
		t.Error("history not newest first")
	}
	d.keys("s")
	if !st.stars["test/s1"] {
		t.Fatal("s in the detail did not star")
	}
	d.expect("★")
	d.keys("right", "right") // t1: answered in the exam, true/false shown as 正确
	d.expect("3/6 · test/t1")
	d.expect("考试 · 忘记 · 正确")
	d.keys("right") // f1: never answered
	d.expect("还没有作答过")
	d.expect("没有作答记录")
	d.keys("esc")
	b := browseOf(t, d)
	d.expect("★") // the star made in the detail shows in the list
	if !b.stars["test/s1"] {
		t.Fatal("list did not reload the stars")
	}
}

func TestGoldenBrowse(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, browseCfg(answeredStore(t), "zh"), w, 20, step{wait: "6/6"}, step{keys: []string{"down", "s"}, wait: "★"})
		})
	}
	t.Run("search80", func(t *testing.T) {
		runGolden(t, browseCfg(answeredStore(t), "zh"), 80, 20, step{wait: "6/6"}, step{keys: []string{"/"}, text: "满意", wait: "2/6"})
	})
}

func TestGoldenBrowseDetail(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, browseCfg(answeredStore(t), "zh"), w, 40, step{wait: "6/6"}, step{keys: []string{"enter"}, wait: "作答记录"})
		})
	}
	t.Run("en80", func(t *testing.T) {
		runGolden(t, browseCfg(answeredStore(t), "en"), 80, 40, step{wait: "6/6"}, step{keys: []string{"enter"}, wait: "History"})
	})
}
