package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
)

// examScore is the score of an exam record, as drill keeps it.
func examScore(rec *store.ExamRecord) drill.ExamScore {
	sc := drill.ExamScore{Score: rec.Score, Total: rec.Total, ByType: map[bank.Type]drill.TypeScore{}}
	for t, ts := range rec.ByType {
		sc.ByType[t] = drill.TypeScore(ts)
	}
	for _, a := range rec.Answers {
		sc.Marks = append(sc.Marks, drill.Mark{Correct: a.Correct, Points: a.Points})
	}
	return sc
}

// setExamScore writes a score into an exam record with as many answers
// as the score has marks.
func setExamScore(rec *store.ExamRecord, sc drill.ExamScore) {
	rec.Score, rec.Total = sc.Score, sc.Total
	rec.ByType = map[bank.Type]store.ExamTypeScore{}
	for t, ts := range sc.ByType {
		rec.ByType[t] = store.ExamTypeScore(ts)
	}
	for i, m := range sc.Marks {
		rec.Answers[i].Correct, rec.Answers[i].Points = m.Correct, m.Points
	}
}

type examReportKeys struct {
	Up, Down, Open, Scroll, Retry key.Binding
	Page                          pageKeys
}

// examReport shows a finished exam: the score per type and in total, the
// time used, and every question with its result; enter reviews one.
type examReport struct {
	c       *common
	keys    examReportKeys
	rec     *store.ExamRecord
	minutes int // the time limit, when known (0 for an exam from history)
	cursor  int
	vp      pager
	w, h    int
}

func newExamReport(c *common, rec *store.ExamRecord, minutes int) *examReport {
	s := &examReport{c: c, rec: rec, minutes: minutes, keys: examReportKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", c.T("key.move"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Open:   key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", c.T("key.review_answer"))),
		Scroll: key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", c.T("key.scroll"))),
		Retry:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.exam_retry"))),
		Page:   newPageKeys(),
	}}
	s.vp = pager{Width: 10, Height: 5}
	return s
}

func (s *examReport) Title() string { return s.c.T("exam.report") }
func (s *examReport) SetSize(w, h int) {
	s.w, s.h = w, h
	s.refresh()
}
func (s *examReport) ShortHelp() []key.Binding {
	b := []key.Binding{s.keys.Up, s.keys.Open}
	if len(s.retryKeys()) > 0 {
		b = append(b, s.keys.Retry)
	}
	return append(b, s.keys.Scroll)
}

// retryKeys are the questions of the exam answered wrong or not answered
// that are still in the banks, in paper order: a subjective answer not
// yet graded is not among them.
func (s *examReport) retryKeys() []string {
	var keys []string
	for _, a := range s.rec.Answers {
		wrong := a.Given == ""
		if a.Correct != nil {
			wrong = !*a.Correct
		}
		if _, ok := s.c.question(a.Key); ok && wrong {
			keys = append(keys, a.Key)
		}
	}
	return keys
}

// retry practises the questions answered wrong or not answered: a
// practice session (recorded as practice) of just those.
func (s *examReport) retry() tea.Cmd {
	keys := s.retryKeys()
	if len(keys) == 0 {
		return nil
	}
	return push(newSession(s.c, sessionSource{
		mode:  store.ModePractice,
		title: "exam.retry",
		load:  func() ([]string, int, error) { return keys, 0, nil },
	}))
}
func (s *examReport) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init redraws: a review may have graded a subjective answer.
func (s *examReport) Init() tea.Cmd {
	s.refresh()
	return nil
}

func (s *examReport) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		n := len(s.rec.Answers)
		switch {
		case key.Matches(km, s.keys.Up) && n > 0:
			s.cursor = (s.cursor + n - 1) % n
		case key.Matches(km, s.keys.Down) && n > 0:
			s.cursor = (s.cursor + 1) % n
		case key.Matches(km, s.keys.Open) && n > 0:
			return s, push(newExamReview(s.c, s.rec, s.cursor))
		case key.Matches(km, s.keys.Retry):
			return s, s.retry()
		case s.keys.Page.scroll(&s.vp, km):
			return s, nil
		}
		s.refresh()
	}
	return s, nil
}

// scoreTable is the per-type score table of a record.
func scoreTable(c *common, rec *store.ExamRecord, w int) []string {
	st := c.st
	cols := []string{c.T("exam.col_type"), c.T("exam.col_count"), c.T("exam.col_right"), c.T("exam.col_score")}
	var rows [][]string
	for _, t := range bank.Types {
		ts, ok := rec.ByType[t]
		if !ok {
			continue
		}
		rows = append(rows, []string{c.lang.TypeName(t), strconv.Itoa(ts.Count), strconv.Itoa(ts.Correct), fmtPoints(ts.Score) + "/" + fmtPoints(ts.Total)})
	}
	rows = append(rows, []string{c.T("exam.total"), strconv.Itoa(len(rec.Answers)), "", fmtPoints(rec.Score) + "/" + fmtPoints(rec.Total)})
	widths := make([]int, len(cols))
	for i, h := range cols {
		widths[i] = ansi.StringWidth(h)
		for _, r := range rows {
			widths[i] = max(widths[i], ansi.StringWidth(r[i]))
		}
	}
	line := func(r []string) string {
		var b strings.Builder
		b.WriteString("  ")
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(cell))
			if i == 0 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString("  " + pad + cell)
			}
		}
		return ansi.Truncate(b.String(), w, "…")
	}
	out := []string{st.Subtle.Render(line(cols))}
	for i, r := range rows {
		l := line(r)
		if i == len(rows)-1 {
			l = st.Bold.Render(l)
		}
		out = append(out, l)
	}
	return out
}

func (s *examReport) refresh() {
	if s.w <= 0 || s.h <= 0 {
		return
	}
	c, st, rec := s.c, s.c.st, s.rec
	var out []string
	out = append(out, st.Number.Render(c.T("exam.score_of", fmtPoints(rec.Score), fmtPoints(rec.Total))))
	used := c.T("exam.used", formatElapsed(examUsed(rec)))
	if s.minutes > 0 {
		used += " / " + c.T("exam.limit", s.minutes)
	}
	out = append(out, flowParts("", []string{used, c.local(rec.Started).Format("2006-01-02 15:04")}, " · ", s.w)...)
	out = append(out, predictedLines(c, rec, s.w)...)
	out = append(out, "")
	out = append(out, scoreTable(c, rec, s.w)...)
	if n := len(s.retryKeys()); n > 0 {
		out = append(out, "")
		for _, l := range wrapIndent("", c.T("exam.retry_line", n), s.w) {
			out = append(out, st.Subtle.Render(l))
		}
	}
	out = append(out, "", st.Label.Render(c.T("exam.answers")))
	curLine := 0
	// number, type and points line up in columns
	numW, typW, ptsW := len(strconv.Itoa(len(rec.Answers))), 0, 0
	for _, a := range rec.Answers {
		if q, ok := c.question(a.Key); ok {
			typW = max(typW, ansi.StringWidth(c.lang.TypeName(q.Type)))
		}
		ptsW = max(ptsW, ansi.StringWidth(c.T("exam.points", fmtPoints(a.Points))))
	}
	for i, a := range rec.Answers {
		cur := glyphNoCursor
		if i == s.cursor {
			cur = glyphCursor
			curLine = len(out)
		}
		mark, style := "?", st.Missed // subjective, not graded yet
		switch {
		case a.Correct != nil && *a.Correct:
			mark, style = glyphRight, st.Right
		case a.Correct != nil && a.Given == "":
			mark, style = "-", st.Subtle
		case a.Correct != nil && a.Points > 0: // partial credit (少选)
			mark, style = "~", st.Missed
		case a.Correct != nil:
			mark, style = glyphWrong, st.Wrong
		}
		stem := c.T("mist.gone")
		typ := ""
		if q, ok := c.question(a.Key); ok {
			stem = strings.ReplaceAll(bank.Sanitize(lineHead(q.Stem, s.w)), "\n", " ")
			typ = c.lang.TypeName(q.Type)
		}
		if typW > 0 {
			typ = padRight(typ, typW) + " "
		}
		l := fmt.Sprintf("%s %s %s %s%s  %s", cur, mark, padLeft(strconv.Itoa(i+1)+".", numW+1), typ,
			padLeft(c.T("exam.points", fmtPoints(a.Points)), ptsW), stem)
		l = ansi.Truncate(l, s.w, "…")
		if i == s.cursor {
			l = st.Selected.Render(l)
		} else {
			l = style.Render(l)
		}
		out = append(out, l)
	}
	s.vp.Width, s.vp.Height = s.w, s.h
	s.vp.SetContent(strings.Join(out, "\n"))
	// keep the cursor's line in view
	if curLine < s.vp.YOffset || curLine >= s.vp.YOffset+s.h {
		s.vp.SetYOffset(max(curLine-s.h/2, 0))
	}
}

func (s *examReport) View() string { return s.vp.View() }

// fmtPoints prints points without a needless ".0": 12, 12.5.
func fmtPoints(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

// predictedLines compare the score the set-up predicted with the score
// on the same questions (those seen before and given a verdict).
func predictedLines(c *common, rec *store.ExamRecord, w int) []string {
	if rec.Forecast == nil {
		return nil
	}
	pred, actual, worth, n := rec.Predicted()
	var parts []string
	if n > 0 {
		parts = append(parts, c.T("exam.pred_vs", fmtPoints(roundPoints(pred)), fmtPoints(actual), fmtPoints(worth), n))
	}
	if u := rec.Forecast.Unseen; u > 0 {
		parts = append(parts, c.T("exam.pred_new", u))
	}
	if len(parts) == 0 {
		return nil
	}
	return flowParts("", parts, " · ", w)
}

// examUsed is the time an exam was on the clock: kept in the record, or
// for a record from before it was, from its start to its end.
func examUsed(rec *store.ExamRecord) time.Duration {
	if rec.Used > 0 {
		return rec.Used
	}
	return rec.Finished.Sub(rec.Started)
}
