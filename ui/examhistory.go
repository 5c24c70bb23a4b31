package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

type examHistoryKeys struct {
	Up, Down, Open key.Binding
}

type examsLoadedMsg struct{ list []store.ExamRecord }

// examHistory lists the saved exams, newest first.
type examHistory struct {
	c      *common
	keys   examHistoryKeys
	list   []store.ExamRecord
	loaded bool
	cursor int
	w, h   int
}

func newExamHistory(c *common) *examHistory {
	return &examHistory{c: c, keys: examHistoryKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", c.T("key.move"))),
		Down: key.NewBinding(key.WithKeys("down", "j")),
		Open: key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", c.T("key.open"))),
	}}
}

func (s *examHistory) Title() string               { return s.c.T("exam.history") }
func (s *examHistory) SetSize(w, h int)            { s.w, s.h = w, h }
func (s *examHistory) ShortHelp() []key.Binding    { return []key.Binding{s.keys.Up, s.keys.Open} }
func (s *examHistory) FullHelp() [][]key.Binding   { return [][]key.Binding{s.ShortHelp()} }
func (s *examHistory) selected() *store.ExamRecord { return &s.list[s.cursor] }

// Init (re)loads the history: a review may have graded an answer since.
func (s *examHistory) Init() tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		l, err := st.Exams()
		if err != nil {
			return errMsg{fmt.Errorf("exams: %w", err)}
		}
		slices.Reverse(l)
		return examsLoadedMsg{l}
	}
}

func (s *examHistory) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case examsLoadedMsg:
		s.list, s.loaded = msg.list, true
		s.cursor = min(s.cursor, max(len(s.list)-1, 0))
	case tea.KeyMsg:
		n := len(s.list)
		switch {
		case key.Matches(msg, s.keys.Up) && n > 0:
			s.cursor = (s.cursor + n - 1) % n
		case key.Matches(msg, s.keys.Down) && n > 0:
			s.cursor = (s.cursor + 1) % n
		case key.Matches(msg, s.keys.Open) && n > 0:
			rec := *s.selected()
			return s, push(newExamReport(s.c, &rec, 0))
		}
	}
	return s, nil
}

func (s *examHistory) View() string {
	c, st := s.c, s.c.st
	if !s.loaded {
		return st.Subtle.Render(c.T("app.loading"))
	}
	if len(s.list) == 0 {
		return wrapText(c.T("exam.no_history"), s.w)
	}
	var lines []string
	curLine := 0
	for i, e := range s.list {
		cur := glyphNoCursor
		if i == s.cursor {
			cur = glyphCursor
			curLine = len(lines)
		}
		scope := e.Bank
		if scope == "" {
			scope = c.T("prac.all")
		}
		parts := []string{
			c.local(e.Started).Format("2006-01-02 15:04"),
			c.T("exam.score_of", fmtPoints(e.Score), fmtPoints(e.Total)),
			c.T("exam.n_questions", len(e.Answers)),
			c.T("sum.time", formatElapsed(examUsed(&e))),
			bank.Sanitize(scope),
		}
		l := ansi.Truncate(cur+" "+strings.Join(parts, " · "), s.w, "…")
		if i == s.cursor {
			l = st.Selected.Render(l)
		}
		lines = append(lines, l)
	}
	return strings.Join(around(lines, curLine, s.h), "\n")
}
