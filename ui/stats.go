package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

func openStats(c *common, _ bool) Screen { return newStats(c) }

// Heatmap and forecast glyphs: intensity survives NO_COLOR.
var (
	heatGlyphs = []string{"·", "░", "▒", "▓", "█"}                     // none, then quartiles of the busiest day
	barGlyphs  = []string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"} // eighths of a cell
)

const (
	heatMinWeeks   = 12
	heatMaxWeeks   = 53
	forecastHeight = 6
)

type statsKeys struct {
	Up, Down, Page, Reload key.Binding // Page: help only
	Pages                  pageKeys
}

type statsLoadedMsg struct {
	s       store.Stats
	today   today
	now     time.Time
	weights store.Weights
	exams   []store.ExamRecord
}

// statsScreen shows store.Stats: totals, accuracy by type and section, the
// review heatmap, the 30-day forecast, true retention and the streak.
type statsScreen struct {
	c    *common
	keys statsKeys
	vp   pager
	data *statsLoadedMsg
	w, h int
}

func newStats(c *common) *statsScreen {
	s := &statsScreen{c: c, keys: statsKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", c.T("key.scroll"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Page:   key.NewBinding(key.WithKeys("pgup", "pgdown", "ctrl+u", "ctrl+d", " "), key.WithHelp("pgup/pgdn", c.T("key.page"))),
		Pages:  newPageKeys(" "),
		Reload: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.reload"))),
	}}
	s.vp = pager{Width: 10, Height: 5}
	return s
}

func (s *statsScreen) Title() string { return s.c.T("stats.title") }
func (s *statsScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.layout()
}
func (s *statsScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Page, s.keys.Reload}
}
func (s *statsScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init loads the figures (again each time the screen is shown).
func (s *statsScreen) Init() tea.Cmd {
	st, now, keys, limit := s.c.store, s.c.now(), s.c.keys(), s.c.settings.NewPerDay
	return func() tea.Msg {
		t, err := loadToday(st, now, keys, limit)
		if err != nil {
			return errMsg{err}
		}
		exams, err := st.Exams()
		if err != nil {
			return errMsg{fmt.Errorf("exams: %w", err)}
		}
		return statsLoadedMsg{s: t.stats, today: t, now: now, weights: st.Weights(), exams: exams}
	}
}

func (s *statsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case statsLoadedMsg:
		s.data = &msg
		s.layout()
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, s.keys.Down):
			s.vp.ScrollDown(1)
		case s.keys.Pages.scroll(&s.vp, msg):
		case key.Matches(msg, s.keys.Reload):
			return s, s.Init()
		}
	}
	return s, nil
}

func (s *statsScreen) layout() {
	if s.w <= 0 || s.h <= 0 {
		return
	}
	s.vp.Width, s.vp.Height = s.w, s.h
	if s.data == nil {
		return
	}
	off := s.vp.YOffset
	s.vp.SetContent(s.content())
	s.vp.SetYOffset(off)
}

func (s *statsScreen) View() string {
	if s.data == nil {
		return s.c.st.Subtle.Render(s.c.T("app.loading"))
	}
	return s.vp.View()
}

func percent(n, d int) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(d))
}

// content is the whole stats page at the screen width.
func (s *statsScreen) content() string {
	c, st, x := s.c, s.c.st, s.data.s
	w := s.w
	var out []string
	add := func(l ...string) { out = append(out, l...) }
	para := func(parts ...string) { add(flowParts("  ", parts, " · ", w)...) }

	add(st.Label.Render(c.T("stats.overview")))
	ret := c.T("stats.retention", "—") // no review of a Review-state card yet
	if x.RetentionReviews > 0 {
		ret = c.T("stats.retention_n", fmt.Sprintf("%.1f%%", 100*x.TrueRetention), x.RetentionReviews)
	}
	para(c.T("stats.reviews", x.Reviews), c.T("stats.today", x.ReviewsToday), c.T("home.streak", x.Streak), ret)
	para(append(s.data.today.parts(c, true), c.T("stats.mistakes", x.MistakesOpen, x.MistakesTotal))...)
	add("")

	// by type, in bank.Types order
	add(st.Label.Render(c.T("stats.by_type")))
	var typeRows [][2]string
	var typeStats []store.TypeStats
	for _, t := range bank.Types {
		if ts, ok := x.ByType[string(t)]; ok && ts.Answered > 0 {
			typeRows = append(typeRows, [2]string{c.lang.TypeName(t), string(t)})
			typeStats = append(typeStats, ts)
		}
	}
	if len(typeRows) == 0 {
		add("  " + st.Subtle.Render(c.T("stats.none")))
	} else {
		names := make([]string, len(typeRows))
		for i, r := range typeRows {
			names[i] = r[0]
		}
		add(s.table(names, typeStats)...)
	}
	add("")

	add(st.Label.Render(c.T("stats.by_section")))
	if names, ss := sectionRows(c, x.BySection); len(names) == 0 {
		add("  " + st.Subtle.Render(c.T("stats.none")))
	} else {
		add(s.table(names, ss)...)
	}
	add("")

	add(st.Label.Render(c.T("stats.heatmap")))
	add(s.heatmap()...)
	add("")
	add(st.Label.Render(c.T("stats.forecast")))
	add(s.forecast()...)
	add("")
	add(st.Label.Render(c.T("stats.model")))
	add(s.model()...)
	add("")
	add(st.Label.Render(c.T("stats.calibration")))
	add(s.calibration()...)
	return strings.Join(out, "\n")
}

// sectionRows lists the answered sections (Stats.BySection, keyed by
// store.SectionKey) in the order the banks have them, a section name that
// several banks use labelled with its bank; sections no loaded bank has
// come last.
func sectionRows(c *common, by map[string]store.TypeStats) (names []string, rows []store.TypeStats) {
	var order []string
	known := map[string]bool{}
	banksWith := map[string]int{} // section name → how many banks have it
	for _, b := range c.banks {
		inBank := map[string]bool{}
		for _, q := range b.Questions {
			if k := store.SectionKey(q.Key(), q.Section); !known[k] {
				known[k] = true
				order = append(order, k)
			}
			if !inBank[q.Section] {
				inBank[q.Section] = true
				banksWith[q.Section]++
			}
		}
	}
	var rest []string
	for k := range by {
		if !known[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range append(order, rest...) {
		r, ok := by[k]
		if !ok || r.Answered == 0 {
			continue
		}
		bankName, sec, _ := strings.Cut(k, "/")
		name := bank.Sanitize(sec)
		if name == "" {
			name = c.T("stats.no_section")
		}
		if banksWith[sec] > 1 || !known[k] {
			name = c.T("stats.sec_bank", name, bank.Sanitize(bankName))
		}
		names = append(names, name)
		rows = append(rows, r)
	}
	return names, rows
}

// table draws name | answered | accuracy | a bar of the accuracy, the name
// column cut to leave room for the figures.
func (s *statsScreen) table(names []string, rows []store.TypeStats) []string {
	c, st := s.c, s.c.st
	h1, h2 := c.T("stats.col_answered"), c.T("stats.col_accuracy")
	numW := max(ansi.StringWidth(h1), 6)
	accW := max(ansi.StringWidth(h2), 5)
	barW := 0
	if s.w >= 70 {
		barW = 20
	}
	nameW := 0
	for _, n := range names {
		nameW = max(nameW, ansi.StringWidth(n))
	}
	room := s.w - 2 - numW - accW - 4
	if barW > 0 {
		room -= barW + 2
	}
	nameW = max(min(nameW, room), 4)
	pad := func(t string, n int, right bool) string {
		t = ansi.Truncate(t, n, "…")
		sp := strings.Repeat(" ", max(n-ansi.StringWidth(t), 0))
		if right {
			return sp + t
		}
		return t + sp
	}
	out := []string{st.Subtle.Render("  " + pad("", nameW, false) + "  " + pad(h1, numW, true) + "  " + pad(h2, accW, true))}
	for i, n := range names {
		r := rows[i]
		line := "  " + pad(n, nameW, false) + "  " + pad(fmt.Sprint(r.Answered), numW, true) + "  " + pad(percent(r.Correct, r.Answered), accW, true)
		if barW > 0 && r.Answered > 0 {
			filled := int(math.Round(float64(barW) * float64(r.Correct) / float64(r.Answered)))
			line += "  " + st.Bar.Render(strings.Repeat("█", filled)) + st.Subtle.Render(strings.Repeat("░", barW-filled))
		}
		out = append(out, line)
	}
	return out
}

// heatLevel maps a day's answers to 0 (none) … 4 (at least three quarters
// of the busiest day).
func heatLevel(n, most int) int {
	if n <= 0 || most <= 0 {
		return 0
	}
	return min(max(int(math.Ceil(4*float64(n)/float64(most))), 1), 4)
}

// heatWeeks is how many weeks of heatmap fit in width w (two cells a day
// plus the weekday labels), at least heatMinWeeks.
func heatWeeks(w, labelW int) int {
	return min(max((w-labelW)/2, heatMinWeeks), heatMaxWeeks)
}

// heatmap draws the answers per day: one row per weekday (Monday first),
// one column per week, the current week last. Days after today are blank.
func (s *statsScreen) heatmap() []string {
	c, st, x := s.c, s.c.st, s.data.s
	now := s.data.now
	days := c.T("stats.weekdays") // seven names, space separated, Monday first
	names := strings.Fields(days)
	labelW := 0
	for _, n := range names {
		labelW = max(labelW, ansi.StringWidth(n))
	}
	labelW += 3 // two spaces before, one after
	weeks := heatWeeks(s.w, labelW)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	wd := (int(today.Weekday()) + 6) % 7 // Monday 0
	monday := today.AddDate(0, 0, -wd)
	first := monday.AddDate(0, 0, -7*(weeks-1))
	most := 0
	for _, n := range x.PerDay {
		most = max(most, n)
	}
	total := 0
	out := make([]string, 0, 9)
	for d := range 7 {
		var b strings.Builder
		name := names[d%len(names)]
		b.WriteString("  " + name + strings.Repeat(" ", labelW-3-ansi.StringWidth(name)) + " ")
		for wk := range weeks {
			day := first.AddDate(0, 0, 7*wk+d)
			if day.After(today) {
				b.WriteString("  ")
				continue
			}
			n := x.PerDay[day.Format("2006-01-02")]
			total += n
			g := heatGlyphs[heatLevel(n, most)]
			if n > 0 {
				g = st.Bar.Render(g)
			} else {
				g = st.Subtle.Render(g)
			}
			b.WriteString(g + " ")
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	legend := c.T("stats.heat_legend", weeks, total, strings.Join(heatGlyphs[1:], ""), most)
	out = append(out, st.Subtle.Render(ansi.Truncate("  "+legend, s.w, "…")))
	return out
}

// forecast draws the cards due on each of the next 30 days as vertical
// bars in eighths of a cell, forecastHeight rows high, with the busiest
// day's count on the axis.
func (s *statsScreen) forecast() []string {
	c, st, x := s.c, s.c.st, s.data.s
	most := 0
	sum := 0
	for _, n := range x.Forecast {
		most = max(most, n)
		sum += n
	}
	if most == 0 {
		return []string{"  " + st.Subtle.Render(c.T("stats.nothing_due"))}
	}
	axis := fmt.Sprint(most)
	axisW := ansi.StringWidth(axis)
	colW := 1
	if s.w-2-axisW-2 >= 2*len(x.Forecast) {
		colW = 2
	}
	var out []string
	units := forecastHeight * 8
	for row := forecastHeight - 1; row >= 0; row-- {
		label := strings.Repeat(" ", axisW)
		if row == forecastHeight-1 {
			label = axis
		}
		if row == 0 {
			label = strings.Repeat(" ", axisW-1) + "0"
		}
		var b strings.Builder
		for _, n := range x.Forecast {
			h := int(math.Round(float64(units) * float64(n) / float64(most)))
			if n > 0 && h == 0 {
				h = 1 // a day with cards never looks empty
			}
			cell := min(max(h-row*8, 0), 8)
			g := barGlyphs[cell]
			b.WriteString(g + strings.Repeat(" ", colW-1))
		}
		out = append(out, "  "+label+" │"+st.Bar.Render(strings.TrimRight(b.String(), " ")))
	}
	width := len(x.Forecast) * colW
	out = append(out, "  "+strings.Repeat(" ", axisW)+" └"+strings.Repeat("─", width))
	left, right := c.T("stats.today_axis"), c.T("stats.days_axis", len(x.Forecast)-1)
	gap := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap >= 1 {
		out = append(out, st.Subtle.Render("  "+strings.Repeat(" ", axisW+2)+left+strings.Repeat(" ", gap)+right))
	}
	out = append(out, st.Subtle.Render(ansi.Truncate("  "+c.T("stats.forecast_sum", sum, x.Forecast[0]), s.w, "…")))
	return out
}

// model says which FSRS weights schedule, when they were fitted, and how
// well they predict the log (as the last fit measured them).
func (s *statsScreen) model() []string {
	c, w := s.c, s.data.weights
	parts := []string{c.T("stats.weights", weightsName(c, w))}
	if f := w.LastFit; f != nil && f.Weights == w.Current {
		parts = append(parts, c.T("stats.fit_on", f.Reviews))
	}
	if ll, rmse, ok := w.CurrentMetrics(); ok {
		parts = append(parts, c.T("fit.log_loss")+" "+fmt.Sprintf("%.4f", ll), c.T("fit.rmse_bins")+" "+fmt.Sprintf("%.2f%%", 100*rmse))
	} else {
		parts = append(parts, c.T("stats.not_measured"))
	}
	if f := w.LastFit; f != nil {
		parts = append(parts, c.T("stats.last_fit", c.local(f.At).Format("2006-01-02 15:04")))
	}
	return flowParts("  ", parts, " · ", s.w)
}

// calibration compares the recall predicted for exam questions with how
// often they were answered right, in bands of predicted recall.
func (s *statsScreen) calibration() []string {
	c, st := s.c, s.c.st
	outcomes := store.ExamOutcomes(s.data.exams)
	if len(outcomes) == 0 {
		return []string{"  " + st.Subtle.Render(c.T("stats.no_predictions"))}
	}
	var pred, right float64
	for _, o := range outcomes {
		pred += o.Predicted
		if o.Correct {
			right++
		}
	}
	n := float64(len(outcomes))
	out := flowParts("  ", []string{c.T("stats.predicted_answers", len(outcomes)), c.T("stats.predicted_mean", pct(pred/n)), c.T("stats.actual_mean", pct(right/n))}, " · ", s.w)
	h := []string{c.T("stats.col_band"), c.T("stats.col_answered"), c.T("stats.col_predicted"), c.T("stats.col_right")}
	rows := [][]string{h}
	for _, b := range forecast.Calibrate(outcomes, 10) {
		if b.Count == 0 {
			continue
		}
		rows = append(rows, []string{fmt.Sprintf("%.0f–%.0f%%", 100*b.Lo, 100*b.Hi), fmt.Sprint(b.Count), pct(b.Predicted), pct(b.Actual)})
	}
	widths := make([]int, len(h))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	for i, r := range rows {
		line := "  " + padRight(r[0], widths[0])
		for j := 1; j < len(r); j++ {
			line += "  " + padLeft(r[j], widths[j])
		}
		line = ansi.Truncate(line, s.w, "…")
		if i == 0 {
			line = st.Subtle.Render(line)
		}
		out = append(out, line)
	}
	return out
}
