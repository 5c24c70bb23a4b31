package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// practiceFilter selects the questions of a practice session. Empty sets
// match everything.
type practiceFilter struct {
	Banks    []string    // bank names
	Sections []string    // exact section names
	Section  string      // substring of the section (--section)
	Types    []bank.Type // question types
	Starred  bool
	Random   bool
	Recite   bool
}

// scope is the Progress key of a sequential practice with this filter.
func (f practiceFilter) scope() string {
	ts := make([]string, len(f.Types))
	for i, t := range f.Types {
		ts[i] = string(t)
	}
	b, s := slices.Clone(f.Banks), slices.Clone(f.Sections)
	slices.Sort(b)
	slices.Sort(s)
	slices.Sort(ts)
	star := ""
	if f.Starred {
		star = "starred"
	}
	return "practice|" + strings.Join(b, ",") + "|" + strings.Join(s, ",") + "|" + f.Section + "|" + strings.Join(ts, ",") + "|" + star
}

// nothingFound is what a practice that found nothing says: that the
// filter matched nothing, and the filter.
func (f practiceFilter) nothingFound(c *common) (string, string) {
	return c.T("session.no_match"), f.describe(c)
}

// describe says what the filter asks for.
func (f practiceFilter) describe(c *common) string {
	all := c.T("prac.all")
	parts := []string{c.T("browse.f_bank", all)}
	if len(f.Banks) > 0 {
		parts[0] = c.T("browse.f_bank", sanitize(strings.Join(f.Banks, c.T("list.sep"))))
	}
	types := all
	if len(f.Types) > 0 {
		names := make([]string, len(f.Types))
		for i, t := range f.Types {
			names[i] = c.lang.TypeName(t)
		}
		types = strings.Join(names, c.T("list.sep"))
	}
	parts = append(parts, c.T("browse.f_type", types))
	switch {
	case len(f.Sections) > 0:
		parts = append(parts, c.T("browse.f_section", sanitize(strings.Join(f.Sections, c.T("list.sep")))))
	case f.Section == "":
		parts = append(parts, c.T("browse.f_section", all))
	}
	if f.Section != "" {
		parts = append(parts, c.T("prac.section_has", sanitize(f.Section)))
	}
	if f.Starred {
		parts = append(parts, c.T("prac.starred"))
	}
	return c.T("prac.filter_is", strings.Join(parts, " · "))
}

// practiceKeys lists the matching questions in bank order; keys[i] is
// all[i].Key().
func practiceKeys(all []*bank.Question, keys []string, f practiceFilter, stars map[string]bool) []string {
	out := make([]string, 0, len(all))
	for i, q := range all {
		if len(f.Banks) > 0 && !slices.Contains(f.Banks, q.Bank) {
			continue
		}
		if len(f.Sections) > 0 && !slices.Contains(f.Sections, q.Section) {
			continue
		}
		if f.Section != "" && !strings.Contains(strings.ToLower(q.Section), strings.ToLower(f.Section)) {
			continue
		}
		if len(f.Types) > 0 && !slices.Contains(f.Types, q.Type) {
			continue
		}
		if f.Starred && !stars[keys[i]] {
			continue
		}
		out = append(out, keys[i])
	}
	return out
}

// newPracticeSession starts a practice session with the filter:
// sequential from the saved position, or random.
func newPracticeSession(c *common, f practiceFilter) *session {
	st, all, allKeys, now := c.store, c.all, c.allKeys, c.now()
	src := sessionSource{mode: store.ModePractice, title: "mode.practice", recite: f.Recite, empty: f.nothingFound}
	scope := f.scope()
	if !f.Random {
		src.scope = scope // 背题 resumes from the same position
	}
	src.load = func() ([]string, int, error) {
		var stars map[string]bool
		if f.Starred {
			var err error
			if stars, err = st.Stars(); err != nil {
				return nil, 0, fmt.Errorf("stars: %w", err)
			}
		}
		keys := practiceKeys(all, allKeys, f, stars)
		if f.Random {
			r := rand.New(rand.NewPCG(uint64(now.UnixNano()), hashKey(scope)))
			r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
			return keys, 0, nil
		}
		pos, err := st.Progress(scope)
		if err != nil {
			return nil, 0, fmt.Errorf("progress: %w", err)
		}
		if pos < 0 || pos >= len(keys) {
			pos = 0
		}
		return keys, pos, nil
	}
	return newSession(c, src)
}

// openPractice opens the practice set-up, or, when the program was started
// with practice flags, the session itself.
func openPractice(c *common, start bool) Screen {
	if o := c.cfg.Practice; start && o.set() {
		f := practiceFilter{Section: o.Section, Types: o.Types, Random: o.Random, Recite: o.Recite}
		if o.Bank != "" {
			f.Banks = []string{o.Bank}
		}
		return newPracticeSession(c, f)
	}
	return newPracticeSetup(c)
}

// --- the set-up screen ---

type prowKind int

const (
	prowHeader prowKind = iota
	prowBank
	prowSection
	prowType
	prowStarred
	prowOrder
	prowRecite
	prowStart
)

type prow struct {
	kind  prowKind
	label string
	tail  string // kept whole when the label is cut (a bank's count)
	value string // bank name, section, type; a header: which list it heads
}

type practiceKeysMap struct {
	Up, Down, Toggle, Start key.Binding
}

type (
	practiceStarsMsg    struct{ stars map[string]bool }
	practiceProgressMsg struct {
		scope string
		pos   int
	}
)

type practiceSetup struct {
	c      *common
	keys   practiceKeysMap
	f      practiceFilter
	rows   []prow
	cursor int
	stars  map[string]bool
	pos    map[string]int // saved positions by scope
	w, h   int
}

func newPracticeSetup(c *common) *practiceSetup {
	s := &practiceSetup{c: c, keys: practiceKeysMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", c.T("key.move"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Toggle: key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space", c.T("key.toggle"))),
		Start:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.start"))),
	}}
	s.build()
	s.cursor = s.firstSelectable()
	return s
}

func (s *practiceSetup) Title() string    { return s.c.T("prac.title") }
func (s *practiceSetup) SetSize(w, h int) { s.w, s.h = w, h }
func (s *practiceSetup) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Down, s.keys.Toggle, s.keys.Start}
}
func (s *practiceSetup) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init loads the stars and the saved position of the current filter (both
// change while a practice runs).
func (s *practiceSetup) Init() tea.Cmd {
	st := s.c.store
	return tea.Batch(func() tea.Msg {
		stars, err := st.Stars()
		if err != nil {
			return errMsg{fmt.Errorf("stars: %w", err)}
		}
		return practiceStarsMsg{stars}
	}, s.progressCmd())
}

func (s *practiceSetup) progressCmd() tea.Cmd {
	st, scope := s.c.store, s.f.scope()
	return func() tea.Msg {
		p, err := st.Progress(scope)
		if err != nil {
			return errMsg{fmt.Errorf("progress: %w", err)}
		}
		return practiceProgressMsg{scope: scope, pos: p}
	}
}

// build lays out the rows: banks, the sections of the chosen banks, the
// types present, and the switches.
func (s *practiceSetup) build() {
	c := s.c
	var rows []prow
	rows = append(rows, prow{kind: prowHeader, label: c.T("prac.banks"), value: "banks"})
	for _, b := range c.banks {
		rows = append(rows, prow{kind: prowBank, label: bankTitle(b), tail: fmt.Sprintf(" (%d)", len(b.Questions)), value: b.Name})
	}
	rows = append(rows, prow{kind: prowHeader, label: c.T("prac.sections"), value: "sections"})
	seenSec := map[string]bool{}
	types := map[bank.Type]bool{}
	for _, q := range c.all {
		if len(s.f.Banks) > 0 && !slices.Contains(s.f.Banks, q.Bank) {
			continue
		}
		types[q.Type] = true
		if q.Section == "" || seenSec[q.Section] {
			continue
		}
		seenSec[q.Section] = true
		rows = append(rows, prow{kind: prowSection, label: q.Section, value: q.Section})
	}
	rows = append(rows, prow{kind: prowHeader, label: c.T("prac.types"), value: "types"})
	for _, t := range bank.Types {
		if types[t] {
			rows = append(rows, prow{kind: prowType, label: c.lang.TypeName(t), value: string(t)})
		}
	}
	rows = append(rows, prow{kind: prowHeader, label: ""})
	rows = append(rows, prow{kind: prowStarred}, prow{kind: prowOrder}, prow{kind: prowRecite}, prow{kind: prowStart})
	// drop sections no longer listed
	var keep []string
	for _, sec := range s.f.Sections {
		if seenSec[sec] {
			keep = append(keep, sec)
		}
	}
	s.f.Sections = keep
	s.rows = rows
	if s.cursor >= len(rows) {
		s.cursor = len(rows) - 1
	}
}

func (s *practiceSetup) firstSelectable() int {
	for i, r := range s.rows {
		if r.kind != prowHeader {
			return i
		}
	}
	return 0
}

func (s *practiceSetup) move(d int) {
	for i := s.cursor + d; i >= 0 && i < len(s.rows); i += d {
		if s.rows[i].kind != prowHeader {
			s.cursor = i
			return
		}
	}
}

func toggle[T comparable](set []T, v T) []T {
	if i := slices.Index(set, v); i >= 0 {
		return slices.Delete(set, i, i+1)
	}
	return append(set, v)
}

func (s *practiceSetup) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case practiceStarsMsg:
		s.stars = msg.stars
	case practiceProgressMsg:
		if s.pos == nil {
			s.pos = map[string]int{}
		}
		s.pos[msg.scope] = msg.pos
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Up):
			s.move(-1)
		case key.Matches(msg, s.keys.Down):
			s.move(1)
		case key.Matches(msg, s.keys.Toggle):
			s.toggle()
			return s, s.progressCmd()
		case key.Matches(msg, s.keys.Start):
			if s.count() == 0 {
				return s, nil
			}
			return s, push(newPracticeSession(s.c, s.f))
		}
	}
	return s, nil
}

func (s *practiceSetup) toggle() {
	r := s.rows[s.cursor]
	switch r.kind {
	case prowBank:
		s.f.Banks = toggle(s.f.Banks, r.value)
		s.build()
	case prowSection:
		s.f.Sections = toggle(s.f.Sections, r.value)
	case prowType:
		s.f.Types = toggle(s.f.Types, bank.Type(r.value))
	case prowStarred:
		s.f.Starred = !s.f.Starred
	case prowOrder:
		s.f.Random = !s.f.Random
	case prowRecite:
		s.f.Recite = !s.f.Recite
	}
}

func (s *practiceSetup) count() int { return len(practiceKeys(s.c.all, s.c.allKeys, s.f, s.stars)) }

func (s *practiceSetup) checked(r prow) bool {
	switch r.kind {
	case prowBank:
		return slices.Contains(s.f.Banks, r.value)
	case prowSection:
		return slices.Contains(s.f.Sections, r.value)
	case prowType:
		return slices.Contains(s.f.Types, bank.Type(r.value))
	case prowStarred:
		return s.f.Starred
	case prowRecite:
		return s.f.Recite
	}
	return false
}

func (s *practiceSetup) rowLine(i int, r prow) string {
	c, st := s.c, s.c.st
	cur := glyphNoCursor
	if i == s.cursor {
		cur = glyphCursor
	}
	var text string
	switch r.kind {
	case prowHeader:
		if r.label == "" {
			return ""
		}
		text = r.label
		switch {
		case r.value == "banks" && len(s.f.Banks) == 0,
			r.value == "sections" && len(s.f.Sections) == 0,
			r.value == "types" && len(s.f.Types) == 0:
			text += " (" + c.T("prac.all") + ")"
		}
		return st.Label.Render(ansi.Truncate(text, s.w, "…"))
	case prowBank, prowSection, prowType, prowStarred, prowRecite:
		box := glyphOff
		if s.checked(r) {
			box = glyphOn
		}
		label := sanitize(r.label)
		switch r.kind {
		case prowStarred:
			label = c.T("prac.starred")
		case prowRecite:
			label = c.T("prac.recite")
		}
		text = fitTail(cur+" "+box+" "+label, r.tail, s.w)
	case prowOrder:
		o := c.T("prac.seq")
		if p := s.pos[s.f.scope()]; p > 0 && p < s.count() {
			o = c.T("prac.resume_at", p+1)
		}
		if s.f.Random {
			o = c.T("prac.random")
		}
		text = cur + " " + c.T("prac.order_is", o)
	case prowStart:
		n := s.count()
		if n == 0 {
			text = cur + " " + c.T("prac.none")
		} else {
			text = cur + " " + c.N("prac.start", n, n)
		}
	}
	text = ansi.Truncate(text, s.w, "…")
	if i == s.cursor {
		return st.Selected.Render(text)
	}
	return text
}

func (s *practiceSetup) View() string {
	lines := make([]string, len(s.rows))
	for i, r := range s.rows {
		lines[i] = s.rowLine(i, r)
	}
	return strings.Join(around(lines, s.cursor, s.h), "\n")
}
