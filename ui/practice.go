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
	Restart  bool // sequential, from the first question instead of the saved position
}

// choice is the filter as the settings keep it (the set-up's last
// selection), and filterOf reads it back.
func (f practiceFilter) choice() *store.PracticeChoice {
	ts := make([]string, len(f.Types))
	for i, t := range f.Types {
		ts[i] = string(t)
	}
	return &store.PracticeChoice{Banks: slices.Clone(f.Banks), Sections: slices.Clone(f.Sections), Types: ts,
		Starred: f.Starred, Random: f.Random, Recite: f.Recite}
}

func filterOf(p *store.PracticeChoice) practiceFilter {
	if p == nil {
		return practiceFilter{}
	}
	f := practiceFilter{Banks: slices.Clone(p.Banks), Sections: slices.Clone(p.Sections), Starred: p.Starred, Random: p.Random, Recite: p.Recite}
	for _, t := range p.Types {
		if bt := bank.Type(t); bt.Valid() {
			f.Types = append(f.Types, bt)
		}
	}
	return f
}

// scope is the Progress key of a sequential practice with this filter.
func (f practiceFilter) scope() string {
	ts := make([]string, len(f.Types))
	for i, t := range f.Types {
		ts[i] = string(t)
	}
	return store.PracticeScope(f.Banks, f.Sections, f.Section, ts, f.Starred)
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
		parts[0] = c.T("browse.f_bank", bank.Sanitize(strings.Join(f.Banks, c.T("list.sep"))))
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
		parts = append(parts, c.T("browse.f_section", bank.Sanitize(strings.Join(f.Sections, c.T("list.sep")))))
	case f.Section == "":
		parts = append(parts, c.T("browse.f_section", all))
	}
	if f.Section != "" {
		parts = append(parts, c.T("prac.section_has", bank.Sanitize(f.Section)))
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
		if f.Restart {
			return keys, 0, nil // the first answer saves the new position
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
	Up, Down, Page, Toggle, Start, Filter key.Binding
}

func defaultPracticeKeys(l Lang) practiceKeysMap {
	return practiceKeysMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Page:   key.NewBinding(key.WithKeys("pgup", "pgdown", "home", "end"), key.WithHelp("pgup/pgdn/home/end", l.T("key.page"))),
		Toggle: key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space", l.T("key.toggle"))),
		Start:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("key.start"))),
		Filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", l.T("key.filter"))),
	}
}

type (
	practiceStarsMsg    struct{ stars map[string]bool }
	practiceProgressMsg struct {
		scope string
		pos   int
	}
)

// practiceSetup chooses what a practice drills: banks, sections, types,
// starred only, the order (resume, from the start, random) and 背题. The
// selection is kept in the settings and comes back next time. Typing
// (after /, or a Chinese character at once) keeps only the banks,
// sections and types whose name holds the text.
type practiceSetup struct {
	c      *common
	keys   practiceKeysMap
	f      practiceFilter
	rows   []prow
	cursor int
	stars  map[string]bool
	pos    map[string]int // saved positions by scope
	filter field
	w, h   int
}

func newPracticeSetup(c *common) *practiceSetup {
	s := &practiceSetup{c: c, keys: defaultPracticeKeys(c.lang), f: filterOf(c.settings.LastPractice)}
	s.filter = newField(false, c.T("pick.type_to_filter"), c.st)
	s.build()
	s.cursor = s.firstSelectable()
	return s
}

func (s *practiceSetup) Title() string  { return s.c.T("prac.title") }
func (s *practiceSetup) SetLang(l Lang) { s.keys = defaultPracticeKeys(l) }
func (s *practiceSetup) SetSize(w, h int) {
	s.w, s.h = w, h
	s.filter.width = max(w-ansi.StringWidth(s.c.T("pick.filter"))-2, 4)
}
func (s *practiceSetup) ShortHelp() []key.Binding {
	k := s.keys
	if s.filter.focused {
		return []key.Binding{withHelp(k.Start, "enter", s.c.T("key.done")), withHelp(k.Filter, "esc", s.c.T("key.clear"))}
	}
	return []key.Binding{k.Up, k.Toggle, k.Start, k.Filter}
}
func (s *practiceSetup) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Up, k.Page, k.Filter}, {k.Toggle, k.Start}}
}

// OwnsKey: while the filter is typed every key goes to it.
func (s *practiceSetup) OwnsKey(msg tea.KeyMsg) bool { return s.filter.focused }

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
// types present, and the switches; with a filter typed, only the banks,
// sections and types whose name holds it.
func (s *practiceSetup) build() {
	c := s.c
	q := bank.Normalize(s.filter.Value())
	match := func(label string) bool { return q == "" || strings.Contains(bank.Normalize(label), q) }
	var rows []prow
	rows = append(rows, prow{kind: prowHeader, label: c.T("prac.banks"), value: "banks"})
	for _, b := range c.banks {
		if match(bankTitle(b)) || match(b.Name) {
			rows = append(rows, prow{kind: prowBank, label: bankTitle(b), tail: fmt.Sprintf(" (%d)", len(b.Questions)), value: b.Name})
		}
	}
	rows = append(rows, prow{kind: prowHeader, label: c.T("prac.sections"), value: "sections"})
	seenSec := map[string]bool{}
	types := map[bank.Type]bool{}
	for _, x := range c.all {
		if len(s.f.Banks) > 0 && !slices.Contains(s.f.Banks, x.Bank) {
			continue
		}
		types[x.Type] = true
		if x.Section == "" || seenSec[x.Section] {
			continue
		}
		seenSec[x.Section] = true
		if match(x.Section) {
			rows = append(rows, prow{kind: prowSection, label: x.Section, value: x.Section})
		}
	}
	rows = append(rows, prow{kind: prowHeader, label: c.T("prac.types"), value: "types"})
	for _, t := range bank.Types {
		if types[t] && match(c.lang.TypeName(t)) {
			rows = append(rows, prow{kind: prowType, label: c.lang.TypeName(t), value: string(t)})
		}
	}
	rows = append(rows, prow{kind: prowHeader, label: ""})
	rows = append(rows, prow{kind: prowStarred}, prow{kind: prowOrder}, prow{kind: prowRecite}, prow{kind: prowStart})
	// drop chosen banks and sections no loaded bank has any more
	s.f.Banks = slices.DeleteFunc(s.f.Banks, func(b string) bool {
		return !slices.ContainsFunc(c.banks, func(x *bank.Bank) bool { return x.Name == b })
	})
	s.f.Sections = slices.DeleteFunc(s.f.Sections, func(sec string) bool { return !seenSec[sec] })
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

// move goes d selectable rows up (d < 0) or down, as far as there are.
func (s *practiceSetup) move(d int) {
	step := 1
	if d < 0 {
		step, d = -1, -d
	}
	for i := s.cursor + step; i >= 0 && i < len(s.rows) && d > 0; i += step {
		if s.rows[i].kind != prowHeader {
			s.cursor = i
			d--
		}
	}
}

func toggle[T comparable](set []T, v T) []T {
	if i := slices.Index(set, v); i >= 0 {
		return slices.Delete(set, i, i+1)
	}
	return append(set, v)
}

// refilter rebuilds the rows for the typed text, with the cursor on the
// first bank, section or type that matches it.
func (s *practiceSetup) refilter() {
	s.build()
	s.cursor = s.firstSelectable()
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
		if s.filter.focused {
			switch msg.Type {
			case tea.KeyEnter:
				s.filter.Blur()
			case tea.KeyEsc:
				s.filter.Blur()
				s.filter.SetValue("")
			case tea.KeyUp, tea.KeyDown:
				s.filter.Blur() // moving ends the typing
				return s.Update(msg)
			default:
				s.filter.Update(msg)
			}
			s.refilter()
			return s, nil
		}
		switch {
		case key.Matches(msg, s.keys.Up):
			s.move(-1)
		case key.Matches(msg, s.keys.Down):
			s.move(1)
		case key.Matches(msg, s.keys.Page):
			page := max(s.h-2, 1)
			switch msg.String() {
			case "pgup":
				s.move(-page)
			case "pgdown":
				s.move(page)
			case "home":
				s.move(-len(s.rows))
			case "end":
				s.move(len(s.rows))
			}
		case key.Matches(msg, s.keys.Filter):
			s.filter.Focus()
		case msg.Type == tea.KeyRunes && len(msg.Runes) > 0 && msg.Runes[0] > 0x7f:
			// a Chinese name typed at once filters
			s.filter.Focus()
			s.filter.Update(msg)
			s.refilter()
		case key.Matches(msg, s.keys.Toggle):
			s.toggle()
			return s, s.progressCmd()
		case key.Matches(msg, s.keys.Start):
			if s.count() == 0 {
				return s, nil
			}
			return s, tea.Batch(s.rememberCmd(), push(newPracticeSession(s.c, s.f)))
		}
	}
	return s, nil
}

// rememberCmd keeps the selection in the settings for next time.
func (s *practiceSetup) rememberCmd() tea.Cmd {
	set := s.c.settings
	set.LastPractice = s.f.choice()
	st := s.c.store
	return func() tea.Msg {
		if err := st.SaveSettings(set); err != nil {
			return errMsg{fmt.Errorf("save settings: %w", err)}
		}
		return SettingsChangedMsg{Settings: set}
	}
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
		// in order (resume) → in order from the start (when there is a
		// saved position) → random → in order
		switch {
		case s.f.Random:
			s.f.Random = false
		case !s.f.Restart && s.resumeAt() > 0:
			s.f.Restart = true
		default:
			s.f.Restart, s.f.Random = false, true
		}
	case prowRecite:
		s.f.Recite = !s.f.Recite
	}
}

// resumeAt is the saved position of the filter's sequential practice, 0
// when it starts at the beginning.
func (s *practiceSetup) resumeAt() int {
	if p := s.pos[s.f.scope()]; p > 0 && p < s.count() {
		return p
	}
	return 0
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
		label := bank.Sanitize(r.label)
		switch r.kind {
		case prowStarred:
			label = c.T("prac.starred")
		case prowRecite:
			label = c.T("prac.recite")
		}
		text = fitTail(cur+" "+box+" "+label, r.tail, s.w)
	case prowOrder:
		o := c.T("prac.seq")
		switch {
		case s.f.Random:
			o = c.T("prac.random")
		case s.f.Restart:
			o = c.T("prac.restart")
		case s.resumeAt() > 0:
			o = c.T("prac.resume_at", s.resumeAt()+1)
		}
		text = cur + " " + c.T("app.label", c.T("prac.order"), o)
	case prowStart:
		n := s.count()
		if n == 0 {
			text = cur + " " + c.T("prac.none")
		} else {
			text = cur + " " + c.T("prac.start", n)
		}
	}
	text = ansi.Truncate(text, s.w, "…")
	if i == s.cursor {
		return st.Selected.Render(text)
	}
	return text
}

func (s *practiceSetup) View() string {
	var head []string
	if s.filter.focused || s.filter.Value() != "" {
		head = []string{ansi.Truncate(s.c.T("pick.filter")+" "+s.filter.View(), s.w, ""), ""}
	}
	lines := make([]string, len(s.rows))
	for i, r := range s.rows {
		lines[i] = s.rowLine(i, r)
	}
	return strings.Join(append(head, around(lines, s.cursor, s.h-len(head))...), "\n")
}
