package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// statsStore answers Stats with a fixed value.
type statsStore struct {
	*fakeStore
	stats store.Stats
}

func (s statsStore) Stats(time.Time, []string) (store.Stats, error) { return s.stats, nil }

// knownStats: testNow is Wednesday 2026-11-25.
func knownStats() store.Stats {
	x := store.Stats{
		Reviews: 120, ReviewsToday: 8, Due: 3, New: 2, Learning: 1, MistakesOpen: 4, MistakesTotal: 6,
		ByType: map[string]store.TypeStats{
			"single":   {Answered: 80, Correct: 60},
			"multiple": {Answered: 30, Correct: 12},
			"essay":    {Answered: 10, Correct: 9},
		},
		BySection: map[string]store.TypeStats{
			"test/一、单项选择题": {Answered: 80, Correct: 60},
			"test/二、多项选择题": {Answered: 40, Correct: 21},
		},
		PerDay: map[string]int{
			"2026-11-25": 8,  // today, Wednesday: 8/16 → level 2 ▒
			"2026-11-23": 16, // Monday this week: the busiest day → █
			"2026-11-17": 1,  // Tuesday last week → ░
			"2026-09-07": 12, // Monday 12 weeks back (first column): 12/16 → ▓
			"2026-08-31": 5,  // 13 weeks back: outside a 12-week map
		},
		TrueRetention:    0.875,
		RetentionReviews: 8,
		Streak:           5,
	}
	x.Forecast[0] = 3
	x.Forecast[1] = 6
	x.Forecast[29] = 12
	return x
}

func statsCfg(x store.Stats, lang string) Config {
	cfg := testConfig(statsStore{newFakeStore(), x}, lang)
	cfg.Start = "stats"
	return cfg
}

// heatRows returns the seven heatmap rows of the view, cells only.
func heatRows(t *testing.T, v string, labels []string) [][]string {
	t.Helper()
	var rows [][]string
	for _, l := range strings.Split(v, "\n") {
		f := strings.Fields(l)
		if len(f) > 1 && len(rows) < 7 && f[0] == labels[len(rows)] {
			rows = append(rows, f[1:])
		}
	}
	if len(rows) != 7 {
		t.Fatalf("found %d heatmap rows in:\n%s", len(rows), v)
	}
	return rows
}

func TestStatsHeatmapCells(t *testing.T) {
	// at the narrowest terminal (40 columns, a 38-column body) the map
	// still has at least 12 weeks
	d := newDriver(t, statsCfg(knownStats(), "en"), 40, 200)
	v := d.view()
	rows := heatRows(t, v, []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"})
	weeks := len(rows[0])
	if weeks != heatWeeks(38, 5) || weeks < heatMinWeeks {
		t.Fatalf("Monday row has %d cells, want %d (≥ %d): %q", weeks, heatWeeks(38, 5), heatMinWeeks, rows[0])
	}
	last := weeks - 1 // this week
	// Monday: 2026-09-07 (11 weeks back) ▓, 2026-08-31 (12 back) ▒, 2026-11-23 █
	if rows[0][last] != "█" || rows[0][last-11] != "▓" || rows[0][last-12] != "▒" {
		t.Errorf("Monday row %q", rows[0])
	}
	if rows[1][last-1] != "░" || rows[1][last] != "·" {
		t.Errorf("Tuesday row %q", rows[1])
	}
	if rows[2][last] != "▒" {
		t.Errorf("Wednesday (today) row %q", rows[2])
	}
	// Thursday to Sunday of this week are in the future: blank
	for d := 3; d < 7; d++ {
		if len(rows[d]) != weeks-1 {
			t.Errorf("row %d has %d cells, want %d (future days blank): %q", d, len(rows[d]), weeks-1, rows[d])
		}
	}
	for _, c := range rows[4] {
		if c != "·" {
			t.Errorf("Friday row has answers: %q", rows[4])
		}
	}
	if !strings.Contains(v, fmt.Sprintf("last %d weeks: 42 answers", weeks)) {
		t.Errorf("legend wrong:\n%s", v)
	}
	if !strings.Contains(v, "true retention 87.5%") || !strings.Contains(v, "streak 5 days") {
		t.Errorf("overview wrong:\n%s", v)
	}
}

func TestStatsHeatmapTwelveWeeksExactly(t *testing.T) {
	// a window just wide enough for 12 weeks drops the day 13 weeks back
	s := newStats(testCommon())
	s.SetSize(5+2*heatMinWeeks, 40)
	s.Update(statsLoadedMsg{s: knownStats(), now: testNow})
	rows := heatRows(t, strings.Join(s.heatmap(), "\n"), []string{"一", "二", "三", "四", "五", "六", "日"})
	if len(rows[0]) != heatMinWeeks {
		t.Fatalf("Monday row %q", rows[0])
	}
	if rows[0][0] != "▓" || rows[0][11] != "█" {
		t.Errorf("Monday row %q", rows[0])
	}
	if l := s.heatmap()[7]; !strings.Contains(l, "近 12 周共 37 次") {
		t.Errorf("legend %q", l)
	}
}

func TestStatsTablesAndForecast(t *testing.T) {
	d := newDriver(t, statsCfg(knownStats(), "zh"), 80, 200)
	v := d.view()
	for _, want := range []string{"单选题", "75%", "多选题", "40%", "论述题", "90%", "一、单项选择题", "二、多项选择题", "52%", "真实保持率 87.5%（8 次复习）", "连续 5 天", "共 21 张 · 今天（含逾期）3 张"} {
		if !strings.Contains(v, want) {
			t.Errorf("stats view lacks %q", want)
		}
	}
	// the forecast: day 29 (12, the most) is full height; day 1 (6) half;
	// day 0 (3) a quarter: 6 rows × 8 eighths.
	var bars []string
	for _, l := range strings.Split(v, "\n") {
		if i := strings.Index(l, "│"); i >= 0 && strings.Contains(l, "█") || strings.Contains(l, "│▄") || strings.Contains(l, "│ ") {
			_ = i
			bars = append(bars, l)
		}
	}
	col := func(day int) string {
		var b strings.Builder
		for _, l := range bars {
			i := strings.Index(l, "│")
			cells := []rune(l[i+len("│"):])
			if 2*day < len(cells) {
				b.WriteRune(cells[2*day])
			} else {
				b.WriteRune(' ')
			}
		}
		return b.String()
	}
	if len(bars) != forecastHeight {
		t.Fatalf("%d bar rows:\n%s", len(bars), strings.Join(bars, "\n"))
	}
	if got := col(29); got != "██████" {
		t.Errorf("day 29 column %q", got)
	}
	if got := col(1); got != "   ███" {
		t.Errorf("day 1 column %q", got)
	}
	if got := col(0); got != "    ▄█" {
		t.Errorf("day 0 column %q", got)
	}
	if got := col(5); got != "      " {
		t.Errorf("day 5 column %q", got)
	}
}

func TestStatsEmpty(t *testing.T) {
	d := newDriver(t, statsCfg(store.Stats{}, "zh"), 60, 60)
	d.expect("还没有作答记录")
	d.expect("未来 30 天没有到期的题目")
}

func TestHeatLevel(t *testing.T) {
	for _, c := range []struct{ n, most, want int }{{0, 10, 0}, {1, 10, 1}, {3, 10, 2}, {5, 10, 2}, {6, 10, 3}, {8, 10, 4}, {10, 10, 4}, {4, 0, 0}} {
		if got := heatLevel(c.n, c.most); got != c.want {
			t.Errorf("heatLevel(%d, %d) = %d, want %d", c.n, c.most, got, c.want)
		}
	}
}

func TestGoldenStats(t *testing.T) {
	for _, w := range goldenWidths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			runGolden(t, statsCfg(knownStats(), "zh"), w, 40, step{wait: "复习热力图"})
		})
	}
	t.Run("en80", func(t *testing.T) {
		runGolden(t, statsCfg(knownStats(), "en"), 80, 40, step{wait: "Review heatmap"})
	})
}

// TestStatsSectionsInBankOrder: sections are listed as the banks have them
// (not by string, which puts 三 before 二), bank by bank; a name two banks
// use is labelled with its bank, and a section no loaded bank has comes
// last, with its bank.
func TestStatsSectionsInBankOrder(t *testing.T) {
	x := store.Stats{Reviews: 9, BySection: map[string]store.TypeStats{
		"test/五、论述题":    {Answered: 1, Correct: 1},
		"test/三、判断题":    {Answered: 2, Correct: 1},
		"test/一、单项选择题":  {Answered: 3, Correct: 2},
		"other/一、单项选择题": {Answered: 2, Correct: 2},
		"test/二、多项选择题":  {Answered: 1, Correct: 0},
		"gone/甲、旧章节":    {Answered: 1, Correct: 1},
		"other/第二章":     {Answered: 1, Correct: 1},
		"test/四、填空题":    {},
	}}
	cfg := statsCfg(x, "zh")
	other := &bank.Bank{Name: "other", Title: "另一题库", Questions: []*bank.Question{
		{ID: "o1", Bank: "other", Type: bank.Single, Section: "第二章", Stem: "x", Answer: &bank.Answer{Choices: "A"}, Options: []bank.Option{{Key: "A", Text: "a"}}},
		{ID: "o2", Bank: "other", Type: bank.Single, Section: "一、单项选择题", Stem: "y", Answer: &bank.Answer{Choices: "A"}, Options: []bank.Option{{Key: "A", Text: "a"}}},
	}}
	cfg.Banks = append(cfg.Banks, other)
	d := newDriver(t, cfg, 62, 200) // no bars: a row is name, answered, accuracy
	v := d.view()
	var got []string
	for _, l := range strings.Split(v, "\n") {
		if f := strings.Fields(l); len(f) >= 3 && strings.HasSuffix(f[len(f)-1], "%") && (strings.Contains(f[0], "、") || strings.Contains(f[0], "章")) {
			got = append(got, strings.Join(f[:len(f)-2], " "))
		}
	}
	want := []string{"一、单项选择题（test）", "二、多项选择题", "三、判断题", "五、论述题", "第二章", "一、单项选择题（other）", "甲、旧章节（gone）"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("section rows %q, want %q:\n%s", got, want, v)
	}
}

// TestStatsRetentionWithoutReviews: no review of a Review-state card yet
// is "—", not 0.0%.
func TestStatsRetentionWithoutReviews(t *testing.T) {
	d := newDriver(t, statsCfg(store.Stats{Reviews: 5, ReviewsToday: 5}, "zh"), 80, 60)
	d.expect("真实保持率 —")
	if strings.Contains(d.view(), "0.0%") {
		t.Fatalf("retention shown as a figure:\n%s", d.view())
	}
}
