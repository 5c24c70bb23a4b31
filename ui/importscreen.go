package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui/bankimport"
	"github.com/shuati/shuati/ui/i18n"
)

// The import screen: the learner types or pastes a file's path (tab
// completes it), sees the report and the questions recognised in it, and
// stores the bank (one transaction) or cancels. Reading the folder for a
// completion, reading and importing the file, and storing the bank all
// happen in tea.Cmds.

func openImport(c *common, _ bool) Screen { return newImportScreen(c) }

// importStore is what the import screen needs of the store besides Store.
// The root's store is asked for it when the screen opens (so the other
// screens' test fakes need not carry it); *store.Store has it.
type importStore = bankimport.Store

var _ importStore = (*store.Store)(nil)

// maxWrappedLines: a preview longer than this (a bank of tens of
// thousands of questions) is shown with its long lines cut instead of
// wrapped, so a resize stays instant.
const maxWrappedLines = 20000

type importKeys struct {
	// typing the path: letters, space, ctrl+u and the like edit it, so
	// only the arrows and the page keys scroll
	Complete, Preview key.Binding
	LineUp, LineDown  key.Binding
	TypingPage        pageKeys
	Store, Cancel     key.Binding // the preview
	Up, Down          key.Binding
	Top, Bottom       key.Binding
	Page              pageKeys
	PageHelp          key.Binding // shows the page keys in the help
}

func defaultImportKeys(l Lang) importKeys {
	return importKeys{
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", l.T("key.complete"))),
		Preview:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("key.preview"))),
		Store:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("key.store"))),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("key.cancel"))),
		LineUp:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑↓", l.T("key.scroll"))),
		LineDown: key.NewBinding(key.WithKeys("down")),
		TypingPage: pageKeys{
			Up:   key.NewBinding(key.WithKeys("pgup")),
			Down: key.NewBinding(key.WithKeys("pgdown")),
		},
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", l.T("key.scroll"))),
		Down:     key.NewBinding(key.WithKeys("down", "j")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/G", l.T("key.top_bottom"))),
		Bottom:   key.NewBinding(key.WithKeys("end", "G")),
		Page:     newPageKeys(" "),
		PageHelp: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgup/pgdn", l.T("key.page"))),
	}
}

// importState is what the screen is doing.
type importState int

const (
	impTyping  importState = iota // the path field has the keys
	impLoading                    // reading and importing the file
	impPreview                    // showing what the file holds
	impSaving                     // storing the bank
)

type (
	// importCompletedMsg is a tab completion of typed.
	importCompletedMsg struct {
		typed, value string
		matches      []string
		err          error
	}
	// importLoadedMsg is the file read and recognised (or not: err).
	importLoadedMsg struct {
		gen     int
		file    string
		preview *bankimport.Preview
		report  []string // the report, in lines
		bank    []string // the bank format, in lines
		err     error
	}
	// importStoredMsg: the bank is stored.
	importStoredMsg struct{ b *bank.Bank }
)

type importScreen struct {
	c     *common
	keys  importKeys
	st    importStore // nil: the store cannot take banks
	state importState
	path  field
	gen   int // of the load in flight; a result of an older one is dropped

	matches []string // of the last completion
	noMatch bool
	loading string // the file being read

	// the last load
	file    string
	preview *bankimport.Preview
	report  []string
	bank    []string
	err     error

	vp   pager
	w, h int
}

func newImportScreen(c *common) *importScreen {
	s := &importScreen{c: c, keys: defaultImportKeys(c.lang), path: newField(false, "", c.st)}
	s.path.limit = 4096
	s.path.Focus()
	s.st, _ = c.store.(importStore)
	return s
}

func (s *importScreen) Title() string { return s.c.T("imp.title") }

func (s *importScreen) SetLang(l Lang) { s.keys = defaultImportKeys(l) }

func (s *importScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.path.width = max(w-ansi.StringWidth(s.c.T("imp.prompt")), 4)
	s.refresh()
}

func (s *importScreen) ShortHelp() []key.Binding {
	switch s.state {
	case impPreview:
		return []key.Binding{s.keys.Store, s.keys.Cancel, s.keys.Up, s.keys.PageHelp, s.keys.Top}
	case impTyping:
		return []key.Binding{s.keys.Preview, s.keys.Complete}
	}
	return nil
}

func (s *importScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// OwnsKey: while the path is typed every key but esc goes to the field (a
// path may hold q and ?); in the preview esc cancels it; while the bank is
// stored esc waits, so the screen is there to show it stored.
func (s *importScreen) OwnsKey(msg tea.KeyMsg) bool {
	if msg.Type == tea.KeyEsc {
		return s.state == impPreview || s.state == impSaving
	}
	return s.state == impTyping
}

func (s *importScreen) Init() tea.Cmd { return nil }

func (s *importScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case importCompletedMsg:
		if s.state != impTyping || msg.typed != s.path.Value() {
			return s, nil // typed on since: stale
		}
		s.matches, s.noMatch = msg.matches, errors.Is(msg.err, errNoMatch)
		if msg.err == nil {
			s.path.SetValue(msg.value)
		}
		s.refresh()
	case importLoadedMsg:
		if msg.gen != s.gen || s.state != impLoading {
			return s, nil
		}
		s.file, s.preview, s.report, s.bank, s.err = msg.file, msg.preview, msg.report, msg.bank, msg.err
		s.state = impTyping
		if msg.err == nil {
			s.state = impPreview
		}
		s.vp.GotoTop()
		s.refresh()
	case importStoredMsg:
		s.c.addBank(msg.b)
		return s, back() // to home, which it is opened from; home reloads its figures
	case errMsg:
		if s.state == impSaving { // the root shows the error; the preview stays
			s.state = impPreview
			s.refresh()
		}
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *importScreen) key(msg tea.KeyMsg) tea.Cmd {
	switch s.state {
	case impTyping:
		switch {
		case key.Matches(msg, s.keys.Preview):
			return s.load()
		case key.Matches(msg, s.keys.Complete):
			return s.complete()
		case key.Matches(msg, s.keys.LineUp):
			s.vp.ScrollUp(1)
		case key.Matches(msg, s.keys.LineDown):
			s.vp.ScrollDown(1)
		case s.keys.TypingPage.scroll(&s.vp, msg):
		default:
			before := s.path.Value()
			s.path.Update(msg)
			if s.path.Value() != before {
				s.matches, s.noMatch = nil, false
				s.refresh()
			}
		}
	case impPreview:
		switch {
		case key.Matches(msg, s.keys.Store):
			return s.save()
		case key.Matches(msg, s.keys.Cancel):
			s.state, s.preview, s.report, s.bank = impTyping, nil, nil, nil
			s.vp.GotoTop()
			s.refresh()
		case key.Matches(msg, s.keys.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, s.keys.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, s.keys.Top):
			s.vp.GotoTop()
		case key.Matches(msg, s.keys.Bottom):
			s.vp.GotoBottom()
		default:
			s.keys.Page.scroll(&s.vp, msg)
		}
	}
	return nil
}

// complete reads the typed path's folder and completes the path.
func (s *importScreen) complete() tea.Cmd {
	typed := s.path.Value()
	return func() tea.Msg {
		home, _ := os.UserHomeDir()
		dir, _ := completionDir(typed, home)
		des, err := os.ReadDir(dir)
		if err != nil && len(des) == 0 {
			return importCompletedMsg{typed: typed, err: errNoMatch}
		}
		entries := make([]dirEntry, 0, len(des))
		for _, d := range des {
			isDir := d.IsDir()
			if d.Type()&os.ModeSymlink != 0 { // a link to a folder completes as one
				if fi, err := os.Stat(dir + string(os.PathSeparator) + d.Name()); err == nil {
					isDir = fi.IsDir()
				}
			}
			entries = append(entries, dirEntry{Name: d.Name(), Dir: isDir})
		}
		value, matches, err := completePath(typed, entries)
		return importCompletedMsg{typed: typed, value: value, matches: matches, err: err}
	}
}

// load reads and imports the typed file; the banks the app shows that are
// not stored as imported ones are the built-in ones, whose names an
// import must not take.
func (s *importScreen) load() tea.Cmd {
	typed := strings.TrimSpace(s.path.Value())
	if typed == "" {
		s.err, s.file = errors.New(s.c.T("imp.empty_path")), ""
		s.refresh()
		return nil
	}
	if s.st == nil {
		s.err, s.file = errors.New(s.c.T("imp.no_store")), typed
		s.refresh()
		return nil
	}
	s.gen++
	s.state, s.loading, s.err, s.matches, s.noMatch = impLoading, typed, nil, nil, false
	s.refresh()
	st, gen, lang := s.st, s.gen, s.c.lang
	names := make([]string, len(s.c.banks))
	for i, b := range s.c.banks {
		names[i] = b.Name
	}
	return func() tea.Msg {
		home, _ := os.UserHomeDir()
		file := expandPath(typed, home)
		var reserved []string
		for _, n := range names {
			if _, stored, err := st.UserBank(n); err != nil {
				return importLoadedMsg{gen: gen, file: file, err: err}
			} else if !stored {
				reserved = append(reserved, n)
			}
		}
		p, rep, err := bankimport.Load(st, file, importer.Options{}, reserved)
		msg := importLoadedMsg{gen: gen, file: file, preview: p, err: err}
		if rep != nil {
			var b strings.Builder
			_ = i18n.Lang(lang).WriteImportReport(&b, rep)
			msg.report = strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
		}
		if p != nil {
			var b strings.Builder
			_ = bank.WriteBankFormat(&b, p.Bank)
			msg.bank = strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
		}
		return msg
	}
}

// save stores the previewed bank.
func (s *importScreen) save() tea.Cmd {
	p, st, now := s.preview, s.st, s.c.now()
	s.state = impSaving
	s.refresh()
	return func() tea.Msg {
		if err := p.Save(st, now); err != nil {
			return errMsg{fmt.Errorf("storing bank %s: %w", p.Bank.Name, err)}
		}
		return importStoredMsg{p.Bank}
	}
}

// addBank puts b among the banks the app shows, in place of a bank of its
// name, and indexes the questions again; screens opened from now on see it.
func (c *common) addBank(b *bank.Bank) {
	<-c.indexed // the index of the old banks is built in the background: let it finish first
	banks := slices.Clone(c.banks)
	if i := slices.IndexFunc(banks, func(x *bank.Bank) bool { return x.Name == b.Name }); i >= 0 {
		banks[i] = b
	} else {
		banks = append(banks, b)
	}
	c.banks = banks
	c.indexQuestions()
}

// header is the fixed top of the screen: the path field, or what the
// preview holds and how to accept it.
func (s *importScreen) header() []string {
	c, st := s.c, s.c.st
	w := max(s.w, 1)
	switch s.state {
	case impTyping:
		return []string{ansi.Truncate(st.Label.Render(c.T("imp.prompt"))+s.path.View(), w, "…"), ""}
	case impLoading:
		return append(wrap(c.T("imp.loading", bank.Sanitize(s.loading)), w), "")
	case impSaving:
		return append(wrap(c.T("imp.saving", bank.Sanitize(s.preview.Bank.Name)), w), "")
	}
	p := s.preview
	var out []string
	out = append(out, wrapStyled(st.Bold, c.T("imp.summary", bank.Sanitize(p.Bank.Name), len(p.Bank.Questions)), w)...)
	out = append(out, wrapStyled(st.Subtle, bank.Sanitize(s.file), w)...)
	if p.Replaces {
		out = append(out, wrapStyled(st.Subtle, c.T("imp.replaces"), w)...)
	}
	if len(p.SameAs) > 0 {
		out = append(out, wrapStyled(st.Missed, glyphMissed+" "+c.T("imp.same_as", bank.Sanitize(strings.Join(p.SameAs, c.T("cli.list_sep")))), w)...)
	}
	out = append(out, wrapStyled(st.Key, c.T("imp.accept_prompt"), w)...)
	return append(out, "")
}

// body is the scrolled part: the hints, completions and the last error
// while typing; the report and the questions in the preview.
func (s *importScreen) body() []string {
	c, st := s.c, s.c.st
	w := max(s.w, 1)
	var out []string
	switch s.state {
	case impTyping:
		out = append(out, wrap(c.T("imp.hint"), w)...)
		out = append(out, wrapStyled(st.Subtle, c.T("imp.formats"), w)...)
		switch {
		case s.noMatch:
			out = append(out, "")
			out = append(out, wrapStyled(st.Subtle, c.T("imp.no_match"), w)...)
		case len(s.matches) > 0:
			out = append(out, "")
			out = append(out, wrap(c.T("imp.candidates", bank.Sanitize(strings.Join(s.matches, "  "))), w)...)
		}
		if s.err != nil {
			out = append(out, "")
			if s.file != "" {
				out = append(out, wrapStyled(st.Error, glyphWrong+" "+c.T("imp.error", bank.Sanitize(s.file)), w)...)
			}
			out = append(out, wrapIndent("  ", s.errText(), w)...)
			if len(s.report) > 0 {
				out = append(out, "")
				out = append(out, s.lines(s.report)...)
			}
		}
	case impPreview:
		out = append(out, st.Label.Render(ansi.Truncate(c.T("imp.report"), w, "…")))
		out = append(out, s.lines(s.report)...)
		out = append(out, "", st.Label.Render(ansi.Truncate(c.T("imp.questions"), w, "…")))
		out = append(out, s.lines(s.bank)...)
	}
	return out
}

// errText words the last error for the learner, under the line that
// names the file: without the file's name again.
func (s *importScreen) errText() string {
	if name, ok := bankimport.IsReserved(s.err); ok {
		return s.c.T("imp.reserved", bank.Sanitize(name))
	}
	var pe *fs.PathError
	if errors.As(s.err, &pe) {
		return bank.Sanitize(pe.Err.Error())
	}
	err := s.err
	if ie, ok := err.(*importer.Error); ok && ie.Code == "file" && ie.Err != nil {
		err = ie.Err // the file is named above
	}
	return i18n.Lang(s.c.lang).ImportError(err)
}

// lines wraps text lines to the width (cuts them, past maxWrappedLines).
func (s *importScreen) lines(text []string) []string {
	if len(text) > maxWrappedLines {
		return text
	}
	var out []string
	for _, l := range text {
		out = append(out, wrap(l, max(s.w, 1))...)
	}
	return out
}

// wrapStyled wraps s to w and renders each line in style.
func wrapStyled(style lipgloss.Style, s string, w int) []string {
	return renderLines(style, wrap(s, w))
}

// refresh lays the body out again after a change of state, text or size.
func (s *importScreen) refresh() {
	head := s.header()
	s.vp.Width, s.vp.Height = max(s.w, 1), max(s.h-len(head), 1)
	s.vp.SetLines(s.body())
	s.vp.SetYOffset(s.vp.YOffset)
}

func (s *importScreen) View() string {
	head := s.header()
	if s.vp.Height != max(s.h-len(head), 1) {
		// the header grew or shrank (a wrapped line): the pager follows
		s.vp.Height = max(s.h-len(head), 1)
	}
	return strings.Join(head, "\n") + "\n" + s.vp.View()
}
