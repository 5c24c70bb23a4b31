package ui

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

// A mock exam, a screen a file: the set-up (examSetup, here, with the
// exam's configuration and its random draw), the paper (examScreen,
// exampaper.go, its answer sheet in examanswersheet.go), the score report
// (examReport, examreport.go), the review of every answer (examReview,
// examreview.go) and the history (examHistory, examhistory.go).
//
// Scoring is drill's (drill.Scoring.Score), with the partial credit for
// 少选 of the settings (ExamPartialCredit, none by default). Handing the paper in (store.HandInExam) saves the exam and records
// every answered objective question with Mode "exam" (so stats, memory state
// and the mistake book count it); an unanswered one is not recorded.
// Self-graded questions score nothing until the learner grades them in the
// review with 1-4 against the reference answer (drill.ExamScore.SelfGrade);
// the grade is recorded (Mode "exam") with the saved exam updated, again
// through store.HandInExam.

// examSpec is how many questions of a type an exam draws and what each is
// worth.
type examSpec struct {
	Count  int
	Points float64
}

// defaultExamSpec is the count and points of a type in a new exam set-up,
// clamped to what the chosen banks hold.
func defaultExamSpec(t bank.Type) examSpec {
	switch t {
	case bank.Single:
		return examSpec{10, 2}
	case bank.Multiple:
		return examSpec{5, 3}
	case bank.TrueFalse, bank.Fill:
		return examSpec{5, 2}
	case bank.Short:
		return examSpec{2, 5}
	case bank.Definition:
		return examSpec{2, 4}
	case bank.Essay, bank.Case:
		return examSpec{1, 10}
	}
	return examSpec{0, 2} // cards, and any other type
}

const (
	defaultExamMinutes = 30
	maxExamMinutes     = 600
	maxExamPoints      = 100
)

// examConfig is a set-up: the banks (none: all), a spec per type and the
// time limit.
type examConfig struct {
	Banks   []string
	Specs   map[bank.Type]examSpec
	Minutes int
	Scoring drill.Scoring // the zero value: no partial credit
}

// available counts the questions of each type in the chosen banks.
func examAvailable(all []*bank.Question, banks []string) map[bank.Type]int {
	n := map[bank.Type]int{}
	for _, q := range all {
		if len(banks) == 0 || slices.Contains(banks, q.Bank) {
			n[q.Type]++
		}
	}
	return n
}

// clamp keeps every count within what the banks hold.
func (cfg *examConfig) clamp(avail map[bank.Type]int) {
	for t, sp := range cfg.Specs {
		sp.Count = min(max(sp.Count, 0), avail[t])
		cfg.Specs[t] = sp
	}
}

func (cfg examConfig) total() (count int, points float64) {
	for _, sp := range cfg.Specs {
		count += sp.Count
		points += float64(sp.Count) * sp.Points
	}
	return count, points
}

// newExamConfig is the default set-up, with the command line's bank, count
// and minutes when given. A count spreads over the types in proportion to
// the default counts.
func newExamConfig(all []*bank.Question, o ExamOptions) examConfig {
	cfg := examConfig{Specs: map[bank.Type]examSpec{}, Minutes: defaultExamMinutes}
	if o.Bank != "" {
		cfg.Banks = []string{o.Bank}
	}
	if o.Minutes > 0 {
		cfg.Minutes = min(o.Minutes, maxExamMinutes)
	}
	avail := examAvailable(all, cfg.Banks)
	for _, t := range bank.Types {
		cfg.Specs[t] = defaultExamSpec(t)
	}
	cfg.clamp(avail)
	if o.Count > 0 {
		cfg.spread(o.Count, avail)
	}
	return cfg
}

// spread sets the counts to total n (or everything available), in
// proportion to the current counts (the defaults), the rest one by one in
// type order.
func (cfg *examConfig) spread(n int, avail map[bank.Type]int) {
	weights := map[bank.Type]int{}
	sum := 0
	for _, t := range bank.Types {
		w := cfg.Specs[t].Count
		if w == 0 && avail[t] > 0 && defaultExamSpec(t).Count > 0 {
			w = 1
		}
		weights[t] = w
		sum += w
	}
	got := 0
	for _, t := range bank.Types {
		sp := cfg.Specs[t]
		sp.Count = 0
		if sum > 0 {
			sp.Count = min(n*weights[t]/sum, avail[t])
		}
		got += sp.Count
		cfg.Specs[t] = sp
	}
	for got < n {
		added := false
		for _, t := range bank.Types {
			sp := cfg.Specs[t]
			if got < n && sp.Count < avail[t] && weights[t] > 0 {
				sp.Count++
				got++
				added = true
				cfg.Specs[t] = sp
			}
		}
		if !added {
			break
		}
	}
}

// drawExam picks the questions at random: each type in bank.Types order,
// random within the type.
func drawExam(all []*bank.Question, cfg examConfig, seed uint64) []*bank.Question {
	r := rand.New(rand.NewPCG(seed, 0xe8a3))
	var out []*bank.Question
	for _, t := range bank.Types {
		sp := cfg.Specs[t]
		if sp.Count <= 0 {
			continue
		}
		var pool []*bank.Question
		for _, q := range all {
			if q.Type == t && (len(cfg.Banks) == 0 || slices.Contains(cfg.Banks, q.Bank)) {
				pool = append(pool, q)
			}
		}
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		out = append(out, pool[:min(sp.Count, len(pool))]...)
	}
	return out
}

// --- the set-up screen ---

func openExam(c *common, start bool) Screen {
	o := ExamOptions{}
	if start {
		o = c.cfg.Exam
	}
	cfg := newExamConfig(c.all, o)
	cfg.Scoring.PartialCredit = c.settings.ExamPartialCredit
	return newExamSetup(c, cfg)
}

type erowKind int

const (
	erowHeader erowKind = iota
	erowBank
	erowType
	erowMinutes
	erowStart
	erowForecast // the drawn paper's predicted score (not selectable)
	erowHistory
	erowResume // the paper not handed in
	erowNote   // a line of text, not selectable
)

type erow struct {
	kind  erowKind
	label string
	tail  string // kept whole when the label is cut (a bank's count)
	value string
}

// typeNameWidth is the widest type name of the rows, so that the counts
// line up (English names are wider than 10 cells).
func (s *examSetup) typeNameWidth() int {
	w := 0
	for _, r := range s.rows {
		if r.kind == erowType {
			w = max(w, ansi.StringWidth(s.c.lang.TypeName(bank.Type(r.value))))
		}
	}
	return w
}

type examSetupKeys struct {
	Up, Down, Less, More, PointsDown, PointsUp, Toggle, Start key.Binding
}

func defaultExamSetupKeys(l Lang) examSetupKeys {
	return examSetupKeys{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:       key.NewBinding(key.WithKeys("down", "j")),
		Less:       key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←→/hl", l.T("key.exam_count"))),
		More:       key.NewBinding(key.WithKeys("right", "l")),
		PointsDown: key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("+/-", l.T("key.exam_points"))),
		PointsUp:   key.NewBinding(key.WithKeys("+", "=")),
		Toggle:     key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space", l.T("key.toggle"))),
		Start:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("key.start"))),
	}
}

type examHistoryCountMsg struct{ n int }

// examCardsMsg carries the memory states the paper's prediction needs.
type examCardsMsg struct {
	cards map[string]fsrs.Card
	sched *fsrs.Scheduler
}

// examSetup chooses the banks, the count and points of each type and the
// time limit.
type examSetup struct {
	c      *common
	keys   examSetupKeys
	cfg    examConfig
	rows   []erow
	cursor int
	exams  int // saved exams, for the history row
	// The paper the set-up draws (again when the set-up changes, from the
	// same seed) and its predicted score, once the cards are read.
	seed   uint64
	paper  []*bank.Question
	cards  map[string]fsrs.Card
	sched  *fsrs.Scheduler
	pred   *forecast.Paper
	resume paperOffer
	w, h   int
	// tick starts the countdown's next second; tests replace it.
	tick func() tea.Cmd
}

func newExamSetup(c *common, cfg examConfig) *examSetup {
	s := &examSetup{c: c, keys: defaultExamSetupKeys(c.lang), cfg: cfg, tick: examTick, seed: uint64(c.now().UnixNano()), resume: newPaperOffer()}
	s.build()
	for i, r := range s.rows {
		if r.kind == erowStart {
			s.cursor = i
		}
	}
	return s
}

// examTick is the real countdown: one message a second.
func examTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return examTickMsg{} })
}

func (s *examSetup) Title() string    { return s.c.T("exam.setup") }
func (s *examSetup) SetSize(w, h int) { s.w, s.h = w, h }
func (s *examSetup) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Less, s.keys.PointsDown, s.keys.Toggle, s.keys.Start}
}
func (s *examSetup) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *examSetup) Init() tea.Cmd {
	st, keys := s.c.store, s.c.keys()
	count := func() tea.Msg {
		ex, err := st.Exams()
		if err != nil {
			return errMsg{fmt.Errorf("exams: %w", err)}
		}
		return examHistoryCountMsg{len(ex)}
	}
	if s.cards != nil {
		return tea.Batch(count, s.resume.load(st))
	}
	return tea.Batch(count, s.resume.load(st), func() tea.Msg {
		cards, err := st.CardStates(keys)
		if err != nil {
			return errMsg{fmt.Errorf("card states: %w", err)}
		}
		return examCardsMsg{cards: cards, sched: st.Scheduler()}
	})
}

// redraw draws the paper the set-up stands for and predicts its score.
func (s *examSetup) redraw() {
	s.paper = drawExam(s.c.all, s.cfg, s.seed)
	s.predict()
}

// predict is the paper's predicted score if sat now: each question seen
// before at its recall now, the unseen ones apart.
func (s *examSetup) predict() {
	if s.cards == nil {
		return
	}
	qs := make([]forecast.PaperQuestion, len(s.paper))
	for i, q := range s.paper {
		c, seen := s.cards[q.Key()]
		qs[i] = forecast.PaperQuestion{Card: c, Seen: seen, Points: s.cfg.Specs[q.Type].Points}
	}
	p := forecast.PredictPaper(s.sched, qs, s.c.now())
	s.pred = &p
}

func (s *examSetup) build() {
	c := s.c
	var rows []erow
	if s.resume.paper != nil {
		rows = append(rows, erow{kind: erowResume}, erow{kind: erowNote, label: c.T("exam.resume_note", s.resume.summary(c))}, erow{kind: erowHeader})
	}
	rows = append(rows, erow{kind: erowHeader, label: c.T("prac.banks"), value: "banks"})
	for _, b := range c.banks {
		rows = append(rows, erow{kind: erowBank, label: bankTitle(b), tail: fmt.Sprintf(" (%d)", len(b.Questions)), value: b.Name})
	}
	rows = append(rows, erow{kind: erowHeader, label: c.T("exam.types")})
	avail := examAvailable(c.all, s.cfg.Banks)
	s.cfg.clamp(avail)
	for _, t := range bank.Types {
		if avail[t] > 0 {
			rows = append(rows, erow{kind: erowType, value: string(t)})
		}
	}
	rows = append(rows, erow{kind: erowHeader}, erow{kind: erowMinutes}, erow{kind: erowStart}, erow{kind: erowForecast}, erow{kind: erowHistory},
		erow{kind: erowNote, label: c.T("exam.partial_note", partialCreditText(c, s.cfg.Scoring.PartialCredit))})
	s.rows = rows
	s.cursor = min(s.cursor, len(rows)-1)
	s.redraw()
}

// rowOf is the index of the first row of a kind, or -1.
func (s *examSetup) rowOf(k erowKind) int {
	return slices.IndexFunc(s.rows, func(r erow) bool { return r.kind == k })
}

func (s *examSetup) move(d int) {
	for i := s.cursor + d; i >= 0 && i < len(s.rows); i += d {
		if k := s.rows[i].kind; k != erowHeader && k != erowForecast && k != erowNote {
			s.cursor = i
			return
		}
	}
}

func (s *examSetup) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case examHistoryCountMsg:
		s.exams = msg.n
	case examCardsMsg:
		s.cards, s.sched = msg.cards, msg.sched
		s.predict()
	case paperLoadedMsg:
		// the rows move: the cursor stays on its row, or goes to resuming
		// when a paper is offered
		kind := s.rows[s.cursor].kind
		cmd := s.resume.loaded(msg)
		s.build()
		if s.resume.paper != nil {
			kind = erowResume
		}
		if i := s.rowOf(kind); i >= 0 && kind != erowBank && kind != erowType {
			s.cursor = i
		}
		return s, cmd
	case tea.KeyMsg:
		r := s.rows[s.cursor]
		switch {
		case key.Matches(msg, s.keys.Up):
			s.move(-1)
		case key.Matches(msg, s.keys.Down):
			s.move(1)
		case key.Matches(msg, s.keys.Less), key.Matches(msg, s.keys.More):
			d := 1
			if key.Matches(msg, s.keys.Less) {
				d = -1
			}
			s.adjust(r, d)
			if r.kind == erowType {
				s.redraw()
			}
		case key.Matches(msg, s.keys.PointsDown), key.Matches(msg, s.keys.PointsUp):
			if r.kind == erowType {
				sp := s.cfg.Specs[bank.Type(r.value)]
				if key.Matches(msg, s.keys.PointsDown) {
					sp.Points = max(sp.Points-1, 1)
				} else {
					sp.Points = min(sp.Points+1, maxExamPoints)
				}
				s.cfg.Specs[bank.Type(r.value)] = sp
				s.predict()
			}
		case key.Matches(msg, s.keys.Toggle):
			if r.kind == erowBank {
				s.cfg.Banks = toggle(s.cfg.Banks, r.value)
				s.build()
			}
		case key.Matches(msg, s.keys.Start):
			switch r.kind {
			case erowBank:
				s.cfg.Banks = toggle(s.cfg.Banks, r.value)
				s.build()
			case erowHistory:
				return s, push(newExamHistory(s.c))
			case erowResume:
				s.resume.tick = s.tick
				return s, s.resume.open(s.c)
			default:
				return s, s.start()
			}
		}
	}
	return s, nil
}

func (s *examSetup) adjust(r erow, d int) {
	switch r.kind {
	case erowType:
		t := bank.Type(r.value)
		sp := s.cfg.Specs[t]
		sp.Count = min(max(sp.Count+d, 0), examAvailable(s.c.all, s.cfg.Banks)[t])
		if sp.Points <= 0 {
			sp.Points = max(defaultExamSpec(t).Points, 1)
		}
		s.cfg.Specs[t] = sp
	case erowMinutes:
		s.cfg.Minutes = stepMinutes(s.cfg.Minutes, d)
	}
}

// stepMinutes is the exam time one step up (d > 0) or down from m: by one
// minute from 1 to 5, by five above, on multiples of five (29 goes to 25
// or 30), within 1 and maxExamMinutes.
func stepMinutes(m, d int) int {
	switch {
	case d > 0 && m < 5:
		m++
	case d > 0:
		m = (m/5 + 1) * 5
	case d < 0 && m <= 5:
		m--
	case d < 0:
		m = (m - 1) / 5 * 5
	}
	return min(max(m, 1), maxExamMinutes)
}

func (s *examSetup) start() tea.Cmd {
	n, _ := s.cfg.total()
	if n == 0 {
		return nil
	}
	paper := newExamScreen(s.c, s.cfg, s.paper, s.tick)
	paper.pred = s.pred
	s.seed++ // the next exam from this set-up is a new draw
	return push(paper)
}

// setupLayout is what every row of one frame shares: the questions the
// chosen banks hold by type, and the catalog key the type rows use.
type setupLayout struct {
	avail   map[bank.Type]int
	typeRow string // "exam.type_row", or "exam.type_row_short" on a narrow screen
}

// layout measures the frame: the type rows take their short form together
// ("‹ 10 ›/96 · 2 分") when any long one is wider than the screen, so all
// read alike.
func (s *examSetup) layout() setupLayout {
	l := setupLayout{avail: examAvailable(s.c.all, s.cfg.Banks), typeRow: "exam.type_row"}
	for _, r := range s.rows {
		if r.kind == erowType && ansi.StringWidth(s.typeRowText(glyphNoCursor, r, l)) > s.w {
			l.typeRow = "exam.type_row_short"
			break
		}
	}
	return l
}

// typeRowText is a type's row: name, count of available, points.
func (s *examSetup) typeRowText(cur string, r erow, l setupLayout) string {
	t := bank.Type(r.value)
	sp := s.cfg.Specs[t]
	return cur + " " + padRight(s.c.lang.TypeName(t), s.typeNameWidth()) + " " + s.c.T(l.typeRow, sp.Count, l.avail[t], sp.Points)
}

func (s *examSetup) rowLine(i int, r erow, l setupLayout) string {
	c, st := s.c, s.c.st
	cur := glyphNoCursor
	if i == s.cursor {
		cur = glyphCursor
	}
	var text string
	switch r.kind {
	case erowHeader:
		if r.label == "" {
			return ""
		}
		text = r.label
		if r.value == "banks" && len(s.cfg.Banks) == 0 {
			text += " (" + c.T("prac.all") + ")"
		}
		return st.Label.Render(ansi.Truncate(text, s.w, "…"))
	case erowBank:
		box := glyphOff
		if slices.Contains(s.cfg.Banks, r.value) {
			box = glyphOn
		}
		text = fitTail(cur+" "+box+" "+bank.Sanitize(r.label), r.tail, s.w)
	case erowType:
		text = s.typeRowText(cur, r, l)
	case erowMinutes:
		text = cur + " " + c.T("exam.minutes_row", s.cfg.Minutes)
	case erowStart:
		n, pts := s.cfg.total()
		if n == 0 {
			text = c.T("exam.none")
		} else {
			text = c.T("exam.start", n, pts, s.cfg.Minutes)
		}
		// the row that starts the exam wraps rather than lose its figures
		lines := wrapIndent(cur+" ", text, s.w)
		if i == s.cursor {
			lines = renderLines(st.Selected, lines)
		}
		return strings.Join(lines, "\n")
	case erowForecast:
		return strings.Join(renderLines(st.Subtle, wrapIndent("    ", s.forecastText(), s.w)), "\n")
	case erowHistory:
		text = cur + " " + c.T("exam.history_row", s.exams)
	case erowResume:
		text = cur + " " + c.T("exam.resume_row")
	case erowNote:
		return strings.Join(renderLines(st.Subtle, wrapIndent("  ", r.label, s.w)), "\n")
	}
	text = ansi.Truncate(text, s.w, "…")
	if i == s.cursor {
		return st.Selected.Render(text)
	}
	return text
}

func (s *examSetup) View() string {
	var lines []string
	cur := 0
	l := s.layout()
	for i, r := range s.rows {
		if i == s.cursor {
			cur = len(lines)
		}
		lines = append(lines, strings.Split(s.rowLine(i, r, l), "\n")...) // a row may wrap
	}
	return strings.Join(around(lines, cur, s.h), "\n")
}

// forecastText is the drawn paper's predicted score: "predicted 34.5 of
// the 40 points seen · 3 unseen (10 points)".
func (s *examSetup) forecastText() string {
	c, p := s.c, s.pred
	switch {
	case len(s.paper) == 0:
		return ""
	case p == nil:
		return c.T("app.loading")
	case p.Seen == 0:
		return c.T("exam.pred_none", p.Unseen)
	}
	t := c.T("exam.pred", fmtPoints(roundPoints(p.Expected)), fmtPoints(p.SeenPoints))
	if p.Unseen > 0 {
		t += " · " + c.T("exam.pred_unseen", p.Unseen, fmtPoints(p.UnseenPoints))
	}
	return t
}

// roundPoints rounds a predicted score to one decimal.
func roundPoints(x float64) float64 { return math.Round(x*10) / 10 }

// partialCreditText names a share of the points for 少选: none, half, or
// a percentage.
func partialCreditText(c *common, share float64) string {
	switch share {
	case 0:
		return c.T("set.partial_none")
	case 0.5:
		return c.T("set.partial_half")
	}
	return c.T("set.partial_share", int(share*100+0.5))
}
