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

func openMistakes(c *common, _ bool) Screen { return newMistakes(c) }

type mistakesKeys struct {
	Up, Down, Page, Open, Drill, Status, Type, Section, Master, Remove, ClearGone key.Binding
	Yes                                                                           key.Binding
}

func defaultMistakesKeys(l Lang) mistakesKeys {
	return mistakesKeys{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:      key.NewBinding(key.WithKeys("down", "j")),
		Page:      key.NewBinding(key.WithKeys("pgup", "pgdown", "home", "end"), key.WithHelp("pgup/pgdn/home/end", l.T("key.page"))),
		Open:      key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", l.T("key.open"))),
		Drill:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", l.T("key.drill"))),
		Status:    key.NewBinding(key.WithKeys("tab", "o"), key.WithHelp("tab", l.T("key.f_status"))),
		Type:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", l.T("key.f_type"))),
		Section:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", l.T("key.f_section"))),
		Master:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", l.T("key.master"))),
		Remove:    key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", l.T("key.remove"))),
		ClearGone: key.NewBinding(key.WithKeys("X"), key.WithHelp("X", l.T("key.clear_gone"))),
		Yes:       key.NewBinding(key.WithKeys("y", "enter")),
	}
}

// mistakeStatus filters the book by mastery.
type mistakeStatus int

const (
	statusAll mistakeStatus = iota
	statusOpen
	statusMastered
)

type (
	mistakesLoadedMsg struct {
		list []store.Mistake // of questions the banks hold
		gone []store.Mistake // of questions no bank holds any more
	}
	mistakesEditedMsg struct{}
)

// mistakesScreen is the wrong-answer book: every question answered wrong,
// open ones first, filtered by status, type and section; one entry opens
// in full, is mastered or removed by hand; the filtered open ones are
// drilled. Entries whose question no bank holds any more are listed apart
// and can be cleared.
type mistakesScreen struct {
	c       *common
	keys    mistakesKeys
	list    []store.Mistake
	gone    []store.Mistake
	loaded  bool
	status  mistakeStatus
	typ     bank.Type
	section string
	cursor  int
	confirm string // "remove" or "clear" while a y/n question is asked
	w, h    int
}

func newMistakes(c *common) *mistakesScreen {
	return &mistakesScreen{c: c, keys: defaultMistakesKeys(c.lang)}
}

func (s *mistakesScreen) Title() string    { return s.c.T("mist.title") }
func (s *mistakesScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *mistakesScreen) SetLang(l Lang)   { s.keys = defaultMistakesKeys(l) }
func (s *mistakesScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.confirm != "" {
		return []key.Binding{withHelp(k.Yes, "y", s.c.T("key.confirm"))}
	}
	if s.empty() {
		return nil // nothing to move over, open or drill: only the root's keys
	}
	return []key.Binding{k.Up, k.Open, k.Drill, k.Status, k.Type, k.Section, k.Master, k.Remove}
}
func (s *mistakesScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.empty() {
		return nil
	}
	return [][]key.Binding{{k.Up, k.Page, k.Open, k.Drill}, {k.Status, k.Type, k.Section}, {k.Master, k.Remove, k.ClearGone}}
}

// empty: the book is loaded and holds no entry at all.
func (s *mistakesScreen) empty() bool { return s.loaded && len(s.list) == 0 && len(s.gone) == 0 }

// OwnsKey: while a y/n question is asked, esc answers it.
func (s *mistakesScreen) OwnsKey(msg tea.KeyMsg) bool { return s.confirm != "" }

// Init (re)loads the book: it changes after every drill and edit.
func (s *mistakesScreen) Init() tea.Cmd {
	st, keys := s.c.store, s.c.keys()
	return func() tea.Msg {
		l, err := st.Mistakes(store.MistakeFilter{Keys: keys})
		if err != nil {
			return errMsg{fmt.Errorf("mistakes: %w", err)}
		}
		g, err := st.Mistakes(store.MistakeFilter{Keys: keys, Gone: true})
		if err != nil {
			return errMsg{fmt.Errorf("mistakes: %w", err)}
		}
		return mistakesLoadedMsg{list: l, gone: g}
	}
}

// shown is the filtered book: open entries first, the latest first.
func (s *mistakesScreen) shown() []store.Mistake {
	var open, done []store.Mistake
	for _, m := range s.list {
		switch {
		case s.typ != "" && m.Type != s.typ,
			s.section != "" && m.Section != s.section:
		case m.Mastered && s.status != statusOpen:
			done = append(done, m)
		case !m.Mastered && s.status != statusMastered:
			open = append(open, m)
		}
	}
	slices.SortStableFunc(open, func(a, b store.Mistake) int { return b.LastWrongAt.Compare(a.LastWrongAt) })
	slices.SortStableFunc(done, func(a, b store.Mistake) int { return b.MasteredAt.Compare(a.MasteredAt) })
	return append(open, done...)
}

// drillKeys are the open entries shown, in the order shown.
func (s *mistakesScreen) drillKeys() []string {
	var ks []string
	for _, m := range s.shown() {
		if !m.Mastered {
			ks = append(ks, m.Key)
		}
	}
	return ks
}

func (s *mistakesScreen) openCount() int {
	n := 0
	for _, m := range s.list {
		if !m.Mastered {
			n++
		}
	}
	return n
}

func (s *mistakesScreen) editCmd(edit func(st Store) error) tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		if err := edit(st); err != nil {
			return errMsg{fmt.Errorf("mistakes: %w", err)}
		}
		return mistakesEditedMsg{}
	}
}

func (s *mistakesScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case mistakesLoadedMsg:
		s.list, s.gone, s.loaded = msg.list, msg.gone, true
		s.cursor = min(s.cursor, max(len(s.shown())-1, 0))
	case mistakesEditedMsg:
		return s, s.Init()
	case pickedMsg:
		if msg.id == "section" {
			s.section, s.cursor = msg.value, 0
		}
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *mistakesScreen) key(msg tea.KeyMsg) tea.Cmd {
	k, c := s.keys, s.c
	shown := s.shown()
	n := len(shown)
	if s.confirm != "" {
		what := s.confirm
		s.confirm = ""
		if !key.Matches(msg, k.Yes) {
			return nil
		}
		now := c.now()
		if what == "clear" {
			var ks []string
			for _, m := range s.gone {
				ks = append(ks, m.Key)
			}
			return s.editCmd(func(st Store) error { return st.RemoveMistakes(ks, now) })
		}
		if s.cursor < n {
			qk := shown[s.cursor].Key
			return s.editCmd(func(st Store) error { return st.RemoveMistakes([]string{qk}, now) })
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Up) && n > 0:
		s.cursor = (s.cursor + n - 1) % n
	case key.Matches(msg, k.Down) && n > 0:
		s.cursor = (s.cursor + 1) % n
	case key.Matches(msg, k.Page) && n > 0:
		s.cursor = pageMove(msg.String(), s.cursor, n, max(s.listHeight()/2-1, 1))
	case key.Matches(msg, k.Open) && n > 0:
		keys := make([]string, n)
		for i, m := range shown {
			keys[i] = m.Key
		}
		return push(newBrowseDetail(c, keys, s.cursor))
	case key.Matches(msg, k.Drill):
		keys := s.drillKeys()
		if len(keys) == 0 {
			return nil
		}
		return push(newSession(c, sessionSource{
			mode:  store.ModeMistakes,
			title: "mode.mistakes",
			load:  func() ([]string, int, error) { return keys, 0, nil },
		}))
	case key.Matches(msg, k.Status):
		s.status = (s.status + 1) % 3
		s.cursor = 0
	case key.Matches(msg, k.Type):
		s.typ = cycle(s.types(), s.typ)
		s.cursor = 0
	case key.Matches(msg, k.Section):
		items := []pickItem{{label: c.T("prac.all")}}
		for _, sec := range s.sections() {
			items = append(items, pickItem{label: sec, value: sec})
		}
		return push(newPicker(c, "section", c.T("pick.section"), items, s.section))
	case key.Matches(msg, k.Master) && n > 0 && !shown[s.cursor].Mastered:
		qk, now := shown[s.cursor].Key, c.now()
		return s.editCmd(func(st Store) error { return st.MasterMistake(qk, now) })
	case key.Matches(msg, k.Remove) && n > 0:
		s.confirm = "remove"
	case key.Matches(msg, k.ClearGone) && len(s.gone) > 0:
		s.confirm = "clear"
	}
	return nil
}

// types are the types in the book, in bank.Types order.
func (s *mistakesScreen) types() []bank.Type {
	var out []bank.Type
	for _, t := range bank.Types {
		if slices.ContainsFunc(s.list, func(m store.Mistake) bool { return m.Type == t }) {
			out = append(out, t)
		}
	}
	return out
}

// sections are the sections in the book, in the order the banks have them.
func (s *mistakesScreen) sections() []string {
	in := map[string]bool{}
	for _, m := range s.list {
		in[m.Section] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, q := range s.c.all {
		if in[q.Section] && q.Section != "" && !seen[q.Section] {
			seen[q.Section] = true
			out = append(out, q.Section)
		}
	}
	return out
}

// headLines are the figures, the filter, the mastery rule and the drill
// (or the y/n question of a removal).
func (s *mistakesScreen) headLines() []string {
	c, st := s.c, s.c.st
	status := []string{c.T("mist.all"), c.T("mist.open"), c.T("mist.mastered")}[s.status]
	typ, sec := c.T("prac.all"), c.T("prac.all")
	if s.typ != "" {
		typ = c.lang.TypeName(s.typ)
	}
	if s.section != "" {
		sec = bank.Sanitize(s.section)
	}
	parts := []string{c.T("mist.count", s.openCount(), len(s.list)), c.T("mist.show", status),
		c.T("browse.f_type", typ), c.T("browse.f_section", sec)}
	out := flowParts("", parts, " · ", s.w)
	switch s.confirm {
	case "remove":
		return append(out, st.Wrong.Render(ansi.Truncate(c.T("mist.confirm_remove"), s.w, "…")), "")
	case "clear":
		return append(out, st.Wrong.Render(ansi.Truncate(c.T("mist.confirm_clear", len(s.gone)), s.w, "…")), "")
	}
	drill := st.Subtle.Render(ansi.Truncate(c.T("mist.drill_filtered", len(s.drillKeys())), s.w, "…"))
	rule := wrap(c.T("mist.rule", max(c.settings.MasteryCount, 1)), s.w)
	// on a short terminal the entries come first: the rule, then the
	// drill line, then the filter's second line give way
	switch room := s.h - 4; {
	case len(out)+len(rule)+2 <= room:
		for _, l := range rule {
			out = append(out, st.Subtle.Render(l))
		}
		return append(out, drill, "")
	case len(out)+2 <= room:
		return append(out, drill, "")
	}
	return append(out[:1], "")
}

// goneLines list the entries whose question is gone, apart.
func (s *mistakesScreen) goneLines() []string {
	if len(s.gone) == 0 {
		return nil
	}
	c, st := s.c, s.c.st
	out := []string{"", st.Label.Render(ansi.Truncate(c.T("mist.gone_head", len(s.gone)), s.w, "…"))}
	for _, m := range s.gone {
		l := "  " + bank.Sanitize(m.Key) + " · " + c.lang.TypeName(m.Type) + " · " + c.T("mist.wrong_n", m.TimesWrong)
		out = append(out, st.Subtle.Render(ansi.Truncate(l, s.w, "…")))
	}
	return out
}

func (s *mistakesScreen) listHeight() int { return max(s.h-len(s.headLines()), 2) }

func (s *mistakesScreen) View() string {
	c, st := s.c, s.c.st
	if !s.loaded {
		return st.Subtle.Render(c.T("app.loading"))
	}
	if s.empty() {
		return wrapText(c.T("mist.empty")+"\n\n"+c.T("mist.rule", max(c.settings.MasteryCount, 1)), s.w)
	}
	head := s.headLines()
	// two lines per entry: stem, then the figures
	var body []string
	curLine := 0
	shown := s.shown()
	if len(shown) == 0 {
		body = append(body, st.Subtle.Render(ansi.Truncate(c.T("mist.none_match"), s.w, "…")))
	}
	for i, m := range shown {
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
			stem = strings.ReplaceAll(bank.Sanitize(lineHead(q.Stem, s.w)), "\n", " ")
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
	body = append(body, s.goneLines()...)
	body = around(body, curLine, s.listHeight())
	return strings.Join(append(head, body...), "\n")
}
