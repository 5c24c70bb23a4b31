package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

func openBrowse(c *common, _ bool) Screen { return newBrowse(c) }

type browseKeys struct {
	Up, Down, Page, Open, Search, Type, Section, Bank, Starred, Mistakes, Star key.Binding
}

func defaultBrowseKeys(l Lang) browseKeys {
	return browseKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:     key.NewBinding(key.WithKeys("down", "j")),
		Page:     key.NewBinding(key.WithKeys("pgup", "pgdown", "ctrl+u", "ctrl+d", "home", "end"), key.WithHelp("pgup/pgdn", l.T("key.page"))),
		Open:     key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", l.T("key.open"))),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", l.T("key.search"))),
		Type:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", l.T("key.f_type"))),
		Section:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", l.T("key.f_section"))),
		Bank:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", l.T("key.f_bank"))),
		Starred:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", l.T("key.f_starred"))),
		Mistakes: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", l.T("key.f_mistakes"))),
		Star:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", l.T("key.star"))),
	}
}

// browseFilter selects questions; empty fields match all.
type browseFilter struct {
	Type     bank.Type
	Section  string
	Bank     string
	Starred  bool
	Mistakes bool // only questions in the mistake book
	Query    string
}

type browseLoadedMsg struct {
	stars    map[string]bool
	mistakes map[string]store.Mistake
}

// browseScreen lists every question with filters and a text search over
// stem, options and answer.
type browseScreen struct {
	c        *common
	keys     browseKeys
	f        browseFilter
	search   field
	hay      []string // normalised searchable text, per c.all
	list     []int    // indexes into c.all that pass the filter
	cursor   int
	stars    map[string]bool
	mistakes map[string]store.Mistake
	loaded   bool
	types    []bank.Type
	sections []string
	w, h     int
}

func newBrowse(c *common) *browseScreen {
	s := &browseScreen{c: c, keys: defaultBrowseKeys(c.lang), stars: map[string]bool{}, mistakes: map[string]store.Mistake{}}
	s.search = newField(false, c.T("browse.search_hint"), c.st)
	seenT := map[bank.Type]bool{}
	seenS := map[string]bool{}
	for _, q := range c.all {
		s.hay = append(s.hay, bank.Normalize(searchText(q)))
		seenT[q.Type] = true
		if q.Section != "" && !seenS[q.Section] {
			seenS[q.Section] = true
			s.sections = append(s.sections, q.Section)
		}
	}
	for _, t := range bank.Types {
		if seenT[t] {
			s.types = append(s.types, t)
		}
	}
	s.apply()
	return s
}

// searchText is what the search looks in: stem, options, a case's parts,
// and the answer (with a case's parts' answers).
func searchText(q *bank.Question) string {
	var b []string
	b = append(b, q.Stem)
	for _, o := range q.Options {
		b = append(b, o.Text)
	}
	for _, p := range q.Parts {
		b = append(b, p.Stem)
	}
	b = append(b, drill.AnswerText(q))
	return strings.Join(b, "\n")
}

func (s *browseScreen) Title() string { return s.c.T("browse.title") }
func (s *browseScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.search.width = max(w-ansi.StringWidth(s.c.T("browse.search"))-2, 4)
}

func (s *browseScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.typing() {
		return []key.Binding{withHelp(k.Open, "enter", s.c.T("key.done")), withHelp(k.Search, "esc", s.c.T("key.clear"))}
	}
	return []key.Binding{k.Up, k.Open, k.Search, k.Type, k.Section, k.Bank, k.Starred, k.Mistakes, k.Star}
}

func (s *browseScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Up, k.Page, k.Open, k.Star}, {k.Search, k.Type, k.Section, k.Bank, k.Starred, k.Mistakes}}
}

// typing: the search field has the keys.
func (s *browseScreen) typing() bool { return s.search.focused }

// OwnsKey: while the search is typed every key goes to it.
func (s *browseScreen) OwnsKey(msg tea.KeyMsg) bool { return s.typing() }

// Init (re)loads stars and the mistake book: a detail may have starred.
func (s *browseScreen) Init() tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		stars, err := st.Stars()
		if err != nil {
			return errMsg{fmt.Errorf("stars: %w", err)}
		}
		ms, err := st.Mistakes(store.MistakeFilter{})
		if err != nil {
			return errMsg{fmt.Errorf("mistakes: %w", err)}
		}
		m := make(map[string]store.Mistake, len(ms))
		for _, x := range ms {
			m[x.Key] = x
		}
		return browseLoadedMsg{stars: stars, mistakes: m}
	}
}

// matches reports whether question i passes the filter.
func (s *browseScreen) matches(i int, q *bank.Question, query string) bool {
	f := s.f
	switch {
	case f.Type != "" && q.Type != f.Type,
		f.Section != "" && q.Section != f.Section,
		f.Bank != "" && q.Bank != f.Bank,
		f.Starred && !s.stars[q.Key()]:
		return false
	}
	if f.Mistakes {
		if _, ok := s.mistakes[q.Key()]; !ok {
			return false
		}
	}
	return query == "" || strings.Contains(s.hay[i], query)
}

// apply recomputes the list, keeping the cursor on the same question when
// it is still listed.
func (s *browseScreen) apply() {
	var curQ = -1
	if s.cursor < len(s.list) {
		curQ = s.list[s.cursor]
	}
	query := bank.Normalize(s.f.Query)
	s.list = s.list[:0]
	for i, q := range s.c.all {
		if s.matches(i, q, query) {
			s.list = append(s.list, i)
		}
	}
	s.cursor = max(slices.Index(s.list, curQ), 0)
}

// cycle steps through "all" and the values.
func cycle[T comparable](vals []T, cur T) T {
	var zero T
	if cur == zero {
		if len(vals) > 0 {
			return vals[0]
		}
		return zero
	}
	i := slices.Index(vals, cur)
	if i < 0 || i == len(vals)-1 {
		return zero
	}
	return vals[i+1]
}

func (s *browseScreen) bankNames() []string {
	var out []string
	for _, b := range s.c.banks {
		out = append(out, b.Name)
	}
	return out
}

func (s *browseScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case browseLoadedMsg:
		s.stars, s.mistakes, s.loaded = msg.stars, msg.mistakes, true
		s.apply()
	case starredMsg:
		s.stars[msg.key] = msg.on
		s.apply()
	case pickedMsg:
		if msg.id == "section" {
			s.f.Section = msg.value
			s.apply()
		}
	case tea.KeyMsg:
		if s.typing() {
			switch msg.Type {
			case tea.KeyEnter:
				s.search.Blur()
			case tea.KeyEsc:
				s.search.Blur()
				s.search.SetValue("")
			default:
				s.search.Update(msg)
			}
			s.f.Query = s.search.Value()
			s.apply()
			return s, nil
		}
		k := s.keys
		n := len(s.list)
		switch {
		case key.Matches(msg, k.Up) && n > 0:
			s.cursor = (s.cursor + n - 1) % n
		case key.Matches(msg, k.Down) && n > 0:
			s.cursor = (s.cursor + 1) % n
		case key.Matches(msg, k.Page) && n > 0:
			page := max(s.listHeight()-1, 1)
			switch msg.String() {
			case "pgup", "ctrl+u":
				s.cursor = max(s.cursor-page, 0)
			case "pgdown", "ctrl+d":
				s.cursor = min(s.cursor+page, n-1)
			case "home":
				s.cursor = 0
			case "end":
				s.cursor = n - 1
			}
		case key.Matches(msg, k.Open) && n > 0:
			keys := make([]string, n)
			for i, qi := range s.list {
				keys[i] = s.c.all[qi].Key()
			}
			dt := newBrowseDetail(s.c, keys, s.cursor)
			dt.query = s.f.Query
			return s, push(dt)
		case key.Matches(msg, k.Search):
			s.search.Focus()
		case key.Matches(msg, k.Type):
			s.f.Type = cycle(s.types, s.f.Type)
			s.apply()
		case key.Matches(msg, k.Section):
			items := []pickItem{{label: s.c.T("prac.all")}}
			for _, sec := range s.sections {
				items = append(items, pickItem{label: sec, value: sec})
			}
			return s, push(newPicker(s.c, "section", s.c.T("pick.section"), items, s.f.Section))
		case key.Matches(msg, k.Bank):
			s.f.Bank = cycle(s.bankNames(), s.f.Bank)
			s.apply()
		case key.Matches(msg, k.Starred):
			s.f.Starred = !s.f.Starred
			s.apply()
		case key.Matches(msg, k.Mistakes):
			s.f.Mistakes = !s.f.Mistakes
			s.apply()
		case key.Matches(msg, k.Star) && n > 0:
			q := s.c.all[s.list[s.cursor]]
			return s, starCmd(s.c.store, q.Key(), !s.stars[q.Key()])
		}
	}
	return s, nil
}

func (s *browseScreen) headerLines() []string {
	c, st := s.c, s.c.st
	all := c.T("prac.all")
	typ, sec, bk := all, all, all
	if s.f.Type != "" {
		typ = c.lang.TypeName(s.f.Type)
	}
	if s.f.Section != "" {
		sec = bank.Sanitize(s.f.Section)
	}
	if s.f.Bank != "" {
		bk = bank.Sanitize(s.f.Bank)
	}
	box := func(on bool) string {
		if on {
			return glyphOn
		}
		return glyphOff
	}
	parts := []string{
		c.T("browse.f_type", typ), c.T("browse.f_section", sec), c.T("browse.f_bank", bk),
		box(s.f.Starred) + " " + c.T("browse.f_starred"), box(s.f.Mistakes) + " " + c.T("browse.f_mistakes"),
	}
	var out []string
	for _, l := range flowParts("", parts, " · ", s.w) {
		out = append(out, st.Subtle.Render(l))
	}
	label := c.T("browse.search")
	sv := s.search.View()
	if !s.typing() && s.search.Value() == "" {
		sv = st.Subtle.Render(c.T("browse.search_hint"))
	}
	count := c.T("browse.count", len(s.list), len(c.all))
	line := label + " " + sv
	if gap := s.w - ansi.StringWidth(line) - ansi.StringWidth(count); gap >= 2 {
		line += strings.Repeat(" ", gap) + count
	} else {
		out = append(out, st.Subtle.Render(count))
	}
	out = append(out, ansi.Truncate(line, s.w, ""))
	return out
}

func (s *browseScreen) listHeight() int {
	return max(s.h-len(s.headerLines())-1, 1)
}

func (s *browseScreen) View() string {
	c, st := s.c, s.c.st
	head := s.headerLines()
	out := append(head, "")
	if len(s.list) == 0 {
		out = append(out, wrap(c.T("browse.none"), s.w)...)
		return strings.Join(out, "\n")
	}
	typeW := 0
	for _, t := range s.types {
		typeW = max(typeW, ansi.StringWidth(c.lang.TypeName(t)))
	}
	h := max(s.h-len(out), 1)
	top := min(max(s.cursor-h/2, 0), max(len(s.list)-h, 0))
	for i := top; i < min(top+h, len(s.list)); i++ {
		q := c.all[s.list[i]]
		cur := glyphNoCursor
		if i == s.cursor {
			cur = glyphCursor
		}
		star := " "
		if s.stars[q.Key()] {
			star = glyphStar
		}
		mist := " "
		if m, ok := s.mistakes[q.Key()]; ok && !m.Mastered {
			mist = glyphWrong
		}
		stem := strings.Join(strings.Fields(bank.Sanitize(lineHead(q.Stem, s.w))), " ")
		tn := c.lang.TypeName(q.Type)
		tn += strings.Repeat(" ", max(typeW-ansi.StringWidth(tn), 0))
		l := fmt.Sprintf("%s %s%s %s  %s", cur, star, mist, tn, stem)
		l = ansi.Truncate(highlightMatches(st, l, s.f.Query), s.w, "…")
		if i == s.cursor {
			l = st.Selected.Render(l)
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// --- the detail ---

type browseDetailKeys struct {
	Up, Down, Page, Next, Prev, Star, Note key.Binding // Page: help only
	Pages                                  pageKeys
}

type detailLoadedMsg struct {
	key     string
	history []store.LogEntry
	card    fsrs.Card
	hasCard bool
	r       float64
	starred bool
	note    string         // the learner's note
	mistake *store.Mistake // its entry in the mistake book, if any
	now     time.Time
}

// browseDetail shows one question in full: the answer, the explanation,
// its memory state and its own history; ←→ go through the list it came
// from.
type browseDetail struct {
	c     *common
	keys  browseDetailKeys
	list  []string
	idx   int
	data  *detailLoadedMsg
	vp    pager
	w, h  int
	qv    *question // the question drawn, kept while it is shown (its body cache)
	note  noteEditor
	query string // the browse search, marked in the stem and options
}

func newBrowseDetail(c *common, list []string, idx int) *browseDetail {
	s := &browseDetail{c: c, list: list, idx: idx, keys: browseDetailKeys{
		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", c.T("key.scroll"))),
		Down:  key.NewBinding(key.WithKeys("down", "j")),
		Page:  key.NewBinding(key.WithKeys("pgup", "pgdown", "ctrl+u", "ctrl+d", " "), key.WithHelp("pgup/pgdn", c.T("key.page"))),
		Pages: newPageKeys(" "),
		Next:  key.NewBinding(key.WithKeys("right", "l", "n"), key.WithHelp("←→", c.T("key.prev_next"))),
		Prev:  key.NewBinding(key.WithKeys("left", "h", "p")),
		Star:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", c.T("key.star"))),
		Note:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", c.T("key.note"))),
	}}
	s.vp = pager{Width: 10, Height: 5}
	return s
}

// OwnsKey: while the note is written every key goes to it.
func (s *browseDetail) OwnsKey(msg tea.KeyMsg) bool { return s.note.active }

func (s *browseDetail) key() string   { return s.list[s.idx] }
func (s *browseDetail) Title() string { return s.c.T("browse.detail") }
func (s *browseDetail) SetSize(w, h int) {
	s.w, s.h = w, h
	s.refresh()
}
func (s *browseDetail) ShortHelp() []key.Binding {
	if s.note.active {
		return []key.Binding{withHelp(s.keys.Note, "enter", s.c.T("key.save")), withHelp(s.keys.Note, "esc", s.c.T("key.cancel"))}
	}
	return []key.Binding{s.keys.Up, s.keys.Page, s.keys.Next, s.keys.Star, s.keys.Note}
}
func (s *browseDetail) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init loads the question's history, memory state and star.
func (s *browseDetail) Init() tea.Cmd {
	st, k, now := s.c.store, s.key(), s.c.now()
	return func() tea.Msg {
		h, err := st.History(k)
		if err != nil {
			return errMsg{fmt.Errorf("history %s: %w", k, err)}
		}
		card, ok, err := st.Card(k)
		if err != nil {
			return errMsg{fmt.Errorf("card %s: %w", k, err)}
		}
		r, err := st.Retrievability(k, now)
		if err != nil {
			return errMsg{fmt.Errorf("retrievability %s: %w", k, err)}
		}
		stars, err := st.Stars()
		if err != nil {
			return errMsg{fmt.Errorf("stars: %w", err)}
		}
		notes, err := st.Notes()
		if err != nil {
			return errMsg{fmt.Errorf("notes: %w", err)}
		}
		ms, err := st.Mistakes(store.MistakeFilter{Keys: []string{k}})
		if err != nil {
			return errMsg{fmt.Errorf("mistakes: %w", err)}
		}
		msg := detailLoadedMsg{key: k, history: h, card: card, hasCard: ok, r: r, starred: stars[k], note: notes[k], now: now}
		if len(ms) > 0 {
			msg.mistake = &ms[0]
		}
		return msg
	}
}

func (s *browseDetail) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case detailLoadedMsg:
		if msg.key == s.key() {
			s.data = &msg
			s.refresh()
		}
	case starredMsg:
		if s.data != nil && msg.key == s.data.key {
			s.data.starred = msg.on
			s.refresh()
		}
	case notedMsg:
		if s.data != nil && msg.key == s.data.key {
			s.data.note = msg.note
			s.refresh()
		}
	case tea.KeyMsg:
		k := s.keys
		if s.note.active {
			cmd := s.note.update(s.c.store, msg)
			s.refresh()
			return s, cmd
		}
		switch {
		case key.Matches(msg, k.Note) && s.data != nil:
			s.note.start(s.c, s.data.key, s.data.note, s.w)
			s.refresh()
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case k.Pages.scroll(&s.vp, msg):
		case key.Matches(msg, k.Next) && s.idx < len(s.list)-1:
			s.idx++
			return s, s.moved()
		case key.Matches(msg, k.Prev) && s.idx > 0:
			s.idx--
			return s, s.moved()
		case key.Matches(msg, k.Star) && s.data != nil:
			return s, starCmd(s.c.store, s.data.key, !s.data.starred)
		}
	}
	return s, nil
}

func (s *browseDetail) moved() tea.Cmd {
	s.data = nil
	s.vp.GotoTop()
	s.refresh()
	return s.Init()
}

func (s *browseDetail) refresh() {
	if s.w <= 0 || s.h <= 0 {
		return
	}
	s.vp.Width, s.vp.Height = s.w, s.h
	if s.note.active {
		s.vp.Height = max(s.h-3, 1)
	}
	off := s.vp.YOffset
	s.vp.SetLines(flatLines(s.content()))
	s.vp.SetYOffset(off)
}

func (s *browseDetail) View() string {
	if s.note.active {
		return s.vp.View() + "\n\n" + s.note.view(s.c, s.w)
	}
	return s.vp.View()
}

func stateName(c *common, st fsrs.State) string { return c.T(fmt.Sprintf("browse.state.%d", int(st))) }

// content is the detail's lines; an entry may hold several.
func (s *browseDetail) content() []string {
	c, st := s.c, s.c.st
	q, ok := c.question(s.key())
	if !ok {
		return []string{c.T("mist.gone")}
	}
	var out []string
	star := glyphNoStar
	if s.data != nil && s.data.starred {
		star = glyphStar
	}
	head := []string{c.T("session.progress", s.idx+1, len(s.list)), bank.Sanitize(q.Key()), c.lang.TypeName(q.Type)}
	if q.Section != "" {
		head = append(head, bank.Sanitize(q.Section))
	}
	out = append(out, st.Header.Render(ansi.Truncate(strings.Join(head, " · "), max(s.w-2, 1), "…"))+" "+st.Star.Render(star), "")
	// the question with its answer, as 背题 shows it
	if s.qv == nil || s.qv.q != q {
		s.qv = newQuestion(c, q, true, false)
	}
	s.qv.setWidth(s.w)
	for _, l := range s.qv.bodyLines(s.w) {
		out = append(out, highlightMatches(st, l, s.query))
	}
	if s.data == nil {
		out = append(out, noteLines(c, q, "", s.w)...)
		out = append(out, "", st.Label.Render(c.T("browse.memory")), st.Subtle.Render(c.T("app.loading")))
		return out
	}
	d := s.data
	out = append(out, noteLines(c, q, d.note, s.w)...)
	if m := d.mistake; m != nil {
		out = append(out, "", st.Label.Render(c.T("mist.title")))
		status := c.T("mist.open") + " · " + c.T("mist.streak", m.Consecutive, max(c.settings.MasteryCount, 1))
		if m.Mastered {
			status = c.T("mist.mastered")
		}
		parts := []string{status, c.T("mist.wrong_n", m.TimesWrong), c.T("mist.last", givenText(c, m.Type, m.LastWrong))}
		if !m.LastWrongAt.IsZero() {
			parts = append(parts, c.local(m.LastWrongAt).Format("2006-01-02 15:04"))
		}
		out = append(out, flowParts("  ", parts, " · ", s.w)...)
	}
	out = append(out, "", st.Label.Render(c.T("browse.memory")))
	if !d.hasCard {
		out = append(out, "  "+c.T("browse.never"))
	} else {
		cd := d.card
		due := c.local(cd.Due).Format("2006-01-02 15:04")
		if in := cd.Due.Sub(d.now); in > 0 {
			due += " (" + formatInterval(c.lang, in) + ")"
		} else {
			due += " (" + c.T("browse.due_now") + ")"
		}
		parts := []string{
			c.T("browse.state", stateName(c, cd.State)),
			c.T("browse.due", due),
			c.T("browse.stability", cd.Stability),
			c.T("browse.difficulty", cd.Difficulty),
			c.T("browse.retrievability", 100*d.r),
			c.T("browse.reviews_n", cd.Reps),
			c.T("browse.lapses_n", cd.Lapses),
		}
		out = append(out, flowParts("  ", parts, " · ", s.w)...)
	}
	out = append(out, "", st.Label.Render(c.T("browse.history", len(d.history))))
	if len(d.history) == 0 {
		out = append(out, "  "+st.Subtle.Render(c.T("browse.no_history")))
	}
	for i := len(d.history) - 1; i >= 0; i-- {
		e := d.history[i]
		mark := "·"
		switch {
		case e.Correct != nil && *e.Correct:
			mark = glyphRight
		case e.Correct != nil:
			mark = glyphWrong
		}
		given := givenText(c, q.Type, e.Given)
		line := fmt.Sprintf("%s %s · %s · %s · %s", mark, c.local(e.At).Format("2006-01-02 15:04"), c.T("mode."+e.Mode), c.T(fmt.Sprintf("rating.%d", int(e.Rating))), given)
		for _, l := range wrapIndent("  ", line, s.w) {
			switch mark {
			case glyphRight:
				l = st.Right.Render(l)
			case glyphWrong:
				l = st.Wrong.Render(l)
			}
			out = append(out, l)
		}
	}
	return out
}
