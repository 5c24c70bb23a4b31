package ui

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// Minimum terminal size; below it the screen says so instead of drawing.
const (
	MinWidth  = 40
	MinHeight = 10
)

// Config is what the program passes in: the banks, the store, the clock,
// the language and where to start.
type Config struct {
	Banks    []*bank.Bank
	Store    Store
	Now      func() time.Time // nil: time.Now
	Lang     string           // --lang: "zh" or "en"; "" = the saved setting, else LANG/LC_ALL
	Start    string           // "" home, or a mode id: "review", "practice", "mistakes", "exam", "browse", "stats"
	Practice PracticeOptions  // for Start "practice": when any field is set, the session starts at once
	Exam     ExamOptions      // for Start "exam"
}

// PracticeOptions filter a practice session (shuati practice flags).
type PracticeOptions struct {
	Bank    string
	Types   []bank.Type
	Section string
	Random  bool
	Recite  bool // 背题: answers shown at once, nothing recorded
}

func (o PracticeOptions) set() bool {
	return o.Bank != "" || len(o.Types) > 0 || o.Section != "" || o.Random || o.Recite
}

// ExamOptions set up a mock exam (shuati exam flags); zero means default.
type ExamOptions struct {
	Bank    string
	Count   int
	Minutes int
}

// CheckTerminal returns an error when in or out is not a terminal, so the
// program can say so and exit 1 instead of hanging on a pipe. lang is the
// language of the message ("" for the environment's).
func CheckTerminal(in, out *os.File, lang string) error {
	if lang == "" {
		lang = envLang()
	}
	for _, f := range []*os.File{in, out} {
		if f == nil || !term.IsTerminal(f.Fd()) {
			name := "stdin"
			if f == out {
				name = "stdout"
			}
			return fmt.Errorf("%s", ParseLang(lang).T("app.not_tty", name))
		}
	}
	return nil
}

func envLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return ""
}

// Screen is one page of the app. Screens are pointers; Update returns the
// screen itself (or a replacement) and a command. The root calls Init each
// time a screen becomes the active one (pushed, or shown again after the
// screen above it went back), SetSize on every screen whenever the body area
// changes, and sends key and result messages to the active screen only.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string              // pure; at most the SetSize width and height
	SetSize(width, height int) // the body area, without header and help bar
	Title() string             // shown in the header
	ShortHelp() []key.Binding  // the screen's keys for the help bar
	FullHelp() [][]key.Binding // and for the full help (?)
}

// keyOwner is implemented by screens that want some of the global keys
// themselves (esc, ?, q), e.g. while the learner types an answer. The root
// still handles ctrl+c.
type keyOwner interface {
	OwnsKey(msg tea.KeyMsg) bool
}

// langSetter is implemented by screens that keep text built in one
// language (their keys' help); the root calls SetLang on every screen of
// the stack when the language changes. Text drawn with c.T in View follows
// by itself.
type langSetter interface {
	SetLang(l Lang)
}

// flusher is implemented by screens holding work not yet saved; the root
// runs the command before quitting on ctrl+c.
type flusher interface {
	Flush() tea.Cmd
}

// quitAsker is implemented by screens that ask before the program quits
// (the exam paper): while AsksBeforeQuit, ctrl+c goes to the screen as a
// key, unless the terminal is too small to show the question.
type quitAsker interface {
	AsksBeforeQuit() bool
}

func (m *Model) asksBeforeQuit() bool {
	a, ok := m.active().(quitAsker)
	return ok && a.AsksBeforeQuit() && !m.tooSmall()
}

// Navigation and error messages. Screens return these through the
// commands push, replace, back, home and errCmd.
type (
	navOp  int
	navMsg struct {
		op     navOp
		screen Screen
	}
	errMsg struct{ err error }
)

const (
	navPush navOp = iota
	navReplace
	navBack
)

func push(s Screen) tea.Cmd    { return func() tea.Msg { return navMsg{op: navPush, screen: s} } }
func replace(s Screen) tea.Cmd { return func() tea.Msg { return navMsg{op: navReplace, screen: s} } }
func back() tea.Cmd            { return func() tea.Msg { return navMsg{op: navBack} } }
func errCmd(err error) tea.Cmd { return func() tea.Msg { return errMsg{err} } }

type globalKeys struct {
	Quit     key.Binding
	QuitHome key.Binding
	Help     key.Binding
	Back     key.Binding
}

func defaultGlobalKeys(l Lang) globalKeys {
	return globalKeys{
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", l.T("key.quit"))),
		QuitHome: key.NewBinding(key.WithKeys("q"), key.WithHelp("q", l.T("key.quit"))),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", l.T("key.help"))),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("key.back"))),
	}
}

// common is shared by all screens: configuration, language, styles, the
// bank index and the loaded settings.
type common struct {
	cfg      Config
	lang     Lang
	st       *Styles
	store    Store
	now      func() time.Time
	banks    []*bank.Bank
	all      []*bank.Question          // every question, in bank order
	allKeys  []string                  // allKeys[i] is all[i].Key()
	byKey    map[string]*bank.Question // built in the background: read it through question
	indexed  chan struct{}             // closed once byKey is built
	scans    atomic.Int32              // lookups by scan before it was
	settings store.Settings
	sync     autoSync // with the saved folder, in the background (autosync.go); home shows it
}

func (c *common) T(id string, args ...any) string { return c.lang.T(id, args...) }

func (c *common) keys() []string { return slices.Clone(c.allKeys) }

// question is the question of key k. Until the index is built (in the
// background, started by New) the first few are found by a scan of
// allKeys: the first screen needs a question or two, and should not wait
// for an index of 100,000; a screen that wants many waits for the index.
// The last question of a key wins, as in the index.
func (c *common) question(k string) (*bank.Question, bool) {
	select {
	case <-c.indexed:
		q, ok := c.byKey[k]
		return q, ok
	default:
		if c.scans.Add(1) > 4 {
			<-c.indexed
			q, ok := c.byKey[k]
			return q, ok
		}
		for i := len(c.allKeys) - 1; i >= 0; i-- {
			if c.allKeys[i] == k {
				return c.all[i], true
			}
		}
		return nil, false
	}
}

// indexQuestions fills all and allKeys, sized once: a bank can hold
// 100,000 questions, and starts building byKey in the background. The
// keys are cut from one string, one allocation instead of one per
// question.
func (c *common) indexQuestions() {
	n, size := 0, 0
	for _, b := range c.banks {
		n += len(b.Questions)
		for _, q := range b.Questions {
			size += len(q.Bank) + 1 + len(q.ID)
		}
	}
	var sb strings.Builder
	sb.Grow(size)
	for _, b := range c.banks {
		for _, q := range b.Questions {
			sb.WriteString(q.Bank)
			sb.WriteByte('/')
			sb.WriteString(q.ID)
		}
	}
	text := sb.String()
	c.all = make([]*bank.Question, 0, n)
	c.allKeys = make([]string, 0, n)
	off := 0
	for _, b := range c.banks {
		for _, q := range b.Questions {
			end := off + len(q.Bank) + 1 + len(q.ID)
			c.all = append(c.all, q)
			c.allKeys = append(c.allKeys, text[off:end]) // q.Key()
			off = end
		}
	}
	c.indexed = make(chan struct{})
	all, keys := c.all, c.allKeys
	go func() {
		byKey := make(map[string]*bank.Question, len(keys))
		for i, k := range keys {
			byKey[k] = all[i]
		}
		c.byKey = byKey
		close(c.indexed)
	}()
}

// Model is the root Bubble Tea model.
type Model struct {
	c        *common
	stack    []Screen
	keys     globalKeys
	help     help.Model
	width    int
	height   int
	err      error
	ready    bool // settings loaded, first screen pushed
	quitting bool
}

type settingsMsg struct{ s store.Settings }

// SettingsChangedMsg tells the root that the settings were saved (the
// Settings screen returns it after store.SaveSettings): screens read
// c.settings, and the language follows unless --lang was given.
type SettingsChangedMsg struct{ Settings store.Settings }

// New builds the root model.
func New(cfg Config) *Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	lang := ParseLang(cfg.Lang)
	c := &common{cfg: cfg, lang: lang, st: defaultStyles(), store: cfg.Store, now: cfg.Now, banks: cfg.Banks}
	c.indexQuestions()
	h := help.New()
	h.Styles.ShortKey = c.st.Key
	h.Styles.FullKey = c.st.Key
	h.Styles.ShortDesc = c.st.Subtle
	h.Styles.FullDesc = c.st.Subtle
	h.Styles.ShortSeparator = c.st.Subtle
	h.Styles.FullSeparator = c.st.Subtle
	h.Styles.Ellipsis = c.st.Subtle
	return &Model{c: c, keys: defaultGlobalKeys(lang), help: h}
}

// Init loads the settings (the first screen opens when they arrive) and
// reads the sync folder, to sync in the background if one is saved.
func (m *Model) Init() tea.Cmd {
	st := m.c.store
	return tea.Batch(func() tea.Msg {
		s, err := st.Settings()
		if err != nil {
			return errMsg{fmt.Errorf("settings: %w", err)}
		}
		return settingsMsg{s}
	}, readSyncFolder(st))
}

// applySettings stores the settings and picks the language: --lang, else
// the saved setting, else the environment.
func (m *Model) applySettings(s store.Settings) {
	m.c.settings = s
	switch {
	case m.c.cfg.Lang != "":
		m.c.lang = ParseLang(m.c.cfg.Lang)
	case s.Lang != "":
		m.c.lang = ParseLang(s.Lang)
	default:
		m.c.lang = ParseLang(envLang())
	}
	m.keys = defaultGlobalKeys(m.c.lang)
}

func (m *Model) active() Screen {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

// startScreens picks the first screens from Config.Start: home, and the
// mode on top of it.
func (m *Model) startScreens() []Screen {
	screens := []Screen{newHome(m.c)}
	if m.c.cfg.Start == "" || m.c.cfg.Start == "home" {
		return screens
	}
	for _, it := range menu() {
		if it.ID == m.c.cfg.Start && it.Open != nil {
			return append(screens, it.Open(m.c, true))
		}
	}
	return screens
}

// Update routes messages: ctrl+c and the global keys, navigation, errors,
// window sizes to every screen, everything else to the active screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if isSyncMsg(msg) {
		return m, m.syncUpdate(msg)
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case TerminateMsg:
		return m, m.quit()
	case SettingsChangedMsg:
		old := m.c.lang
		m.applySettings(msg.Settings)
		if m.c.lang != old {
			for _, s := range m.stack {
				if ls, ok := s.(langSetter); ok {
					ls.SetLang(m.c.lang)
				}
			}
			m.resize()
		}
		return m, nil
	case settingsMsg:
		m.applySettings(msg.s)
		if m.ready {
			return m, nil
		}
		m.ready = true
		var cmds []tea.Cmd
		m.stack = append(m.stack, m.startScreens()...)
		m.resize()
		cmds = append(cmds, m.active().Init())
		return m, tea.Batch(cmds...)
	case errMsg:
		if msg.err != nil {
			m.err = msg.err
		}
		// the active screen hears of it too (e.g. to stop waiting)
		if s := m.active(); s != nil {
			ns, cmd := s.Update(msg)
			if ns != nil {
				m.stack[len(m.stack)-1] = ns
			}
			return m, cmd
		}
		return m, nil
	case navMsg:
		return m, m.navigate(msg)
	case tea.KeyMsg:
		if m.tooSmall() && m.width > 0 {
			// Nothing is drawn but the size notice: a key must not act
			// unseen. ctrl+c (and q) still quit, saving as ctrl+c does.
			if key.Matches(msg, m.keys.Quit, m.keys.QuitHome) {
				return m, m.quit()
			}
			return m, nil
		}
		if splitKeys(msg) && !m.ownedKey(msg) {
			// Keys typed faster than the terminal is read arrive as one
			// message ("abd"): handle them one by one, as if typed slowly.
			// Text typed into a field stays whole.
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
				cmds = append(cmds, cmd)
			}
			return m, tea.Batch(cmds...)
		}
		if key.Matches(msg, m.keys.Quit) && !m.asksBeforeQuit() {
			return m, m.quit()
		}
		if m.err != nil {
			m.err = nil // any key dismisses the error view
			return m, nil
		}
		s := m.active()
		if s == nil {
			// nothing opened (the settings could not be read): q and esc
			// still leave
			if key.Matches(msg, m.keys.QuitHome, m.keys.Back) {
				m.quitting = true
				return m, tea.Quit
			}
			return m, nil
		}
		if m.help.ShowAll && key.Matches(msg, m.keys.Back) {
			// esc closes the full help before it means anything else
			m.help.ShowAll = false
			m.resize()
			return m, nil
		}
		owned := false
		if o, ok := s.(keyOwner); ok {
			owned = o.OwnsKey(msg)
		}
		if !owned {
			switch {
			case key.Matches(msg, m.keys.Help):
				m.help.ShowAll = !m.help.ShowAll
				m.resize()
				return m, nil
			case key.Matches(msg, m.keys.Back):
				if m.help.ShowAll {
					m.help.ShowAll = false
					m.resize()
					return m, nil
				}
				if len(m.stack) > 1 {
					return m, m.navigate(navMsg{op: navBack})
				}
				return m, nil
			case key.Matches(msg, m.keys.QuitHome) && len(m.stack) == 1:
				m.quitting = true
				return m, tea.Quit
			}
		}
	}
	s := m.active()
	if s == nil {
		return m, nil
	}
	ns, cmd := s.Update(msg)
	if ns != s && ns != nil {
		m.stack[len(m.stack)-1] = ns
		m.resize()
		return m, tea.Batch(cmd, ns.Init())
	}
	return m, cmd
}

// TerminateMsg ends the program as ctrl+c does, saving what the active
// screen holds, without asking first (an exam paper is kept to resume): the
// process was told to stop (SIGTERM, SIGHUP, the terminal closed).
type TerminateMsg struct{}

// quit ends the program after the active screen saved what it holds.
func (m *Model) quit() tea.Cmd {
	m.quitting = true
	if f, ok := m.active().(flusher); ok {
		if c := f.Flush(); c != nil {
			return tea.Sequence(c, tea.Quit)
		}
	}
	return tea.Quit
}

// splitKeys reports whether msg is several printable ASCII keys that came
// in one read.
func splitKeys(msg tea.KeyMsg) bool {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return false
	}
	for _, r := range msg.Runes {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	return true
}

// ownedKey reports whether the active screen takes msg as typed text.
func (m *Model) ownedKey(msg tea.KeyMsg) bool {
	o, ok := m.active().(keyOwner)
	return ok && o.OwnsKey(msg)
}

func (m *Model) navigate(msg navMsg) tea.Cmd {
	switch msg.op {
	case navPush:
		m.stack = append(m.stack, msg.screen)
	case navReplace:
		if len(m.stack) == 0 {
			m.stack = append(m.stack, msg.screen)
		} else {
			m.stack[len(m.stack)-1] = msg.screen
		}
	case navBack:
		if len(m.stack) <= 1 {
			return nil
		}
		m.stack = m.stack[:len(m.stack)-1]
	}
	m.resize()
	if s := m.active(); s != nil {
		return s.Init()
	}
	return nil
}

// bodySize is the area a screen draws in.
func (m *Model) bodySize() (int, int) {
	hh := lipgloss.Height(m.helpView())
	return max(m.width-2, 1), max(m.height-2-hh, 1)
}

func (m *Model) resize() {
	w, h := m.bodySize()
	for _, s := range m.stack {
		s.SetSize(w, h)
	}
}

func (m *Model) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// View draws the header, the active screen (or the error view) and the
// help bar.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.width == 0 {
		return ""
	}
	if m.tooSmall() {
		notice := m.c.T("app.too_small", MinWidth, MinHeight, m.width, m.height) + "\n" + m.c.T("app.too_small_keys")
		return fitBlock(wrapText(notice, m.width), m.width, m.height)
	}
	w, h := m.bodySize()
	title := m.c.T("app.name")
	var body string
	s := m.active()
	if s != nil {
		if s.Title() != "" {
			title += " · " + s.Title()
		}
		body = s.View()
	} else {
		body = m.c.st.Subtle.Render(m.c.T("app.loading"))
	}
	if m.err != nil {
		body = m.errorView(w)
	}
	header := " " + m.c.st.Title.Render(ansi.Truncate(title, m.width-2, "…"))
	lines := []string{header}
	lines = append(lines, indent(fitBlock(body, w, h), " "))
	lines = append(lines, indent(m.helpView(), " "))
	return strings.Join(lines, "\n")
}

func (m *Model) errorView(w int) string {
	st := m.c.st
	inner := max(w-4, 10)
	msg := wrapText(bank.Sanitize(m.err.Error()), inner)
	if errors.Is(m.err, store.ErrDamaged) {
		msg = wrapText(m.c.T("app.damaged"), inner) + "\n\n" + msg
	}
	box := st.Box.Render(st.Error.Render(m.c.T("app.error")) + "\n\n" + msg + "\n\n" + st.Subtle.Render(m.c.T("app.error_hint")))
	return box
}

// fitBlock pads or cuts s to exactly h lines, each cut to w cells.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			l = ansi.Truncate(l, w, "")
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func indent(s, pad string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

// local shows t in the clock's time zone (time.Local in the program, the
// fixed zone of a test clock in tests).
func (c *common) local(t time.Time) time.Time { return t.In(c.now().Location()) }

// syncUpdate follows the sync in the background; once it ended, the
// settings are read again (another device's may have won) and home, if it
// shows, reloads its figures (other screens load theirs when they open).
func (m *Model) syncUpdate(msg tea.Msg) tea.Cmd {
	cmd, ended := m.c.sync.update(msg, m.c)
	if !ended {
		return cmd
	}
	var cmds []tea.Cmd
	if m.c.sync.rep.Received > 0 {
		st := m.c.store
		cmds = append(cmds, func() tea.Msg {
			s, err := st.Settings()
			if err != nil {
				return errMsg{fmt.Errorf("settings: %w", err)}
			}
			return SettingsChangedMsg{Settings: s}
		})
	}
	if len(m.stack) == 1 {
		cmds = append(cmds, m.stack[0].Init())
	}
	return tea.Batch(cmds...)
}
