package ui

import (
	"strings"
	"testing"
)

// TestHomeEnglishWordsAndPunctuation: in English the home screen's compact
// bank line has an ASCII colon and plural words; the streak is singular at
// one day (issue 11.13: "Banks：10", "streak 1 days").
func TestHomeEnglishWordsAndPunctuation(t *testing.T) {
	found := false
	for h := 10; h <= 24; h++ {
		d := newDriver(t, testConfig(newFakeStore(), "en"), 80, h)
		v := d.view()
		if strings.ContainsAny(v, "：，（）") {
			t.Errorf("height %d: full-width punctuation in English:\n%s", h, v)
		}
		found = found || strings.Contains(v, "Banks: 1, 6 questions")
	}
	if !found {
		t.Error("no height shows the compact bank line \"Banks: 1, 6 questions\"")
	}
	if got := LangEN.T("home.streak", 1); got != "streak 1 day" {
		t.Errorf("streak of one day: %q", got)
	}
	if got := LangEN.T("home.streak", 2); got != "streak 2 days" {
		t.Errorf("streak of two days: %q", got)
	}
}

// TestHomeTodayLineBreaksBetweenFigures: at any width the "today" figures
// wrap between items, never leaving "day" or "天" alone on a line or a
// line ending in "·".
func TestHomeTodayLineBreaksBetweenFigures(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for w := 40; w <= 80; w++ {
			d := newDriver(t, testConfig(newFakeStore(), lang), w, 30)
			d.keys("1", "a", "esc") // one answer: a streak of one day
			for range 3 {
				if _, ok := d.m.active().(*homeScreen); ok {
					break
				}
				d.keys("esc")
			}
			d.expect(map[string]string{"zh": "连续 1 天", "en": "streak 1 day"}[lang])
			for _, line := range strings.Split(d.view(), "\n") {
				l := strings.TrimSpace(line)
				if strings.HasSuffix(l, "·") || l == "day" || l == "天" || strings.HasPrefix(l, "day ") {
					t.Errorf("%s %d cols: figure cut at %q\n%s", lang, w, l, d.view())
				}
			}
		}
	}
}
