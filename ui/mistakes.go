package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/store"
)

func openMistakes(c *common, _ bool) Screen { return newMistakes(c) }

type mistakesKeys struct {
	Up, Down, Drill, Filter key.Binding
}

type mistakesLoadedMsg struct{ list []store.Mistake }

// mistakesScreen is the wrong-answer book: every question ever answered
// wrong, open ones first, and a drill of the open ones.
type mistakesScreen struct {
	c        *common
	keys     mistakesKeys
	list     []store.Mistake
	loaded   bool
	openOnly bool
	cursor   int
	w, h     int
}

func newMistakes(c *common) *mistakesScreen {
	return &mistakesScreen{c: c, keys: mistakesKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", c.T("key.move"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Drill:  key.NewBinding(key.WithKeys("enter", "d"), key.WithHelp("enter", c.T("key.drill"))),
		Filter: key.NewBinding(key.WithKeys("tab", "o"), key.WithHelp("tab", c.T("key.filter"))),
	}}
}

func (s *mistakesScreen) Title() string    { return s.c.T("mist.title") }
func (s *mistakesScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *mistakesScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Down, s.keys.Drill, s.keys.Filter}
}
func (s *mistakesScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init (re)loads the book: it changes after every drill.
func (s *mistakesScreen) Init() tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		l, err := st.Mistakes(store.MistakeFilter{})
		if err != nil {
			return errMsg{fmt.Errorf("mistakes: %w", err)}
		}
		return mistakesLoadedMsg{l}
	}
}

func (s *mistakesScreen) shown() []store.Mistake {
	var open, done []store.Mistake
	for _, m := range s.list {
		if m.Mastered {
			done = append(done, m)
		} else {
			open = append(open, m)
		}
	}
	// the latest mistakes first
	slices.SortStableFunc(open, func(a, b store.Mistake) int { return b.LastWrongAt.Compare(a.LastWrongAt) })
	slices.SortStableFunc(done, func(a, b store.Mistake) int { return b.MasteredAt.Compare(a.MasteredAt) })
	if s.openOnly {
		return open
	}
	return append(open, done...)
}

// openKeys are the open entries in the order shown.
func (s *mistakesScreen) openKeys() []string {
	var ks []string
	for _, m := range s.shown() {
		if !m.Mastered {
			ks = append(ks, m.Key)
		}
	}
	return ks
}

func (s *mistakesScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case mistakesLoadedMsg:
		s.list, s.loaded = msg.list, true
		s.cursor = min(s.cursor, max(len(s.shown())-1, 0))
	case tea.KeyMsg:
		n := len(s.shown())
		switch {
		case key.Matches(msg, s.keys.Up) && n > 0:
			s.cursor = (s.cursor + n - 1) % n
		case key.Matches(msg, s.keys.Down) && n > 0:
			s.cursor = (s.cursor + 1) % n
		case key.Matches(msg, s.keys.Filter):
			s.openOnly = !s.openOnly
			s.cursor = 0
		case key.Matches(msg, s.keys.Drill):
			keys := s.openKeys()
			if len(keys) == 0 {
				return s, nil
			}
			return s, push(newSession(s.c, sessionSource{
				mode:  store.ModeMistakes,
				title: "mode.mistakes",
				load:  func() ([]string, int, error) { return keys, 0, nil },
			}))
		}
	}
	return s, nil
}

func (s *mistakesScreen) View() string {
	c, st := s.c, s.c.st
	if !s.loaded {
		return st.Subtle.Render(c.T("app.loading"))
	}
	if len(s.list) == 0 {
		return wrapText(c.T("mist.empty"), s.w)
	}
	open := len(s.openKeys())
	filter := c.T("mist.all")
	if s.openOnly {
		filter = c.T("mist.open")
	}
	head := []string{
		ansi.Truncate(c.T("mist.count", open, len(s.list))+" · "+c.T("mist.show", filter), s.w, "…"),
		st.Subtle.Render(ansi.Truncate("enter: "+c.T("mist.drill", open), s.w, "…")),
		"",
	}
	// two lines per entry: stem, then the figures
	var body []string
	curLine := 0
	for i, m := range s.shown() {
		cur := glyphNoCursor
		if i == s.cursor {
			cur = glyphCursor
			curLine = len(body)
		}
		mark, style := glyphWrong, st.Wrong
		status := c.T("mist.open")
		if m.Mastered {
			mark, style, status = glyphRight, st.Right, c.T("mist.mastered")
		}
		stem := c.T("mist.gone")
		if q, ok := c.question(m.Key); ok {
			stem = strings.ReplaceAll(sanitize(lineHead(q.Stem, s.w)), "\n", " ")
		}
		first := ansi.Truncate(cur+" "+mark+" "+stem, s.w, "…")
		if i == s.cursor {
			first = st.Selected.Render(first)
		}
		last := givenText(c, m.Type, m.LastWrong)
		figs := []string{status, c.lang.TypeName(m.Type), c.T("mist.wrong_n", m.TimesWrong), c.T("mist.last", last)}
		if !m.LastWrongAt.IsZero() {
			figs = append(figs, c.local(m.LastWrongAt).Format("2006-01-02 15:04"))
		}
		second := "    " + ansi.Truncate(strings.Join(figs, " · "), max(s.w-4, 1), "…")
		body = append(body, first, style.Render(second))
	}
	body = around(body, curLine, max(s.h-len(head), 2))
	return strings.Join(append(head, body...), "\n")
}
