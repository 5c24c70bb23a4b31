package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
)

// menuItem is one mode of the home screen. Number keys follow the order
// of menu(); ID is also the Config.Start / command-line name of the mode.
type menuItem struct {
	ID    string // "review", "practice", ... (Config.Start)
	Title string // catalog id of the name
	Desc  string // catalog id of the one-line description ("" for none)
	// Open builds the mode's first screen; start is true when the program
	// was started straight into this mode (Config.Start), so it may read
	// Config.Practice / Config.Exam.
	Open func(c *common, start bool) Screen
}

// menu is the home screen's list of modes, in the order PRODUCT.md gives
// them. To add a mode, add one row here.
func menu() []menuItem {
	return []menuItem{
		{ID: "review", Title: "mode.review", Desc: "mode.review.d", Open: openReview},
		{ID: "practice", Title: "mode.practice", Desc: "mode.practice.d", Open: openPractice},
		{ID: "exam", Title: "mode.exam", Desc: "mode.exam.d", Open: openExam},
		{ID: "mistakes", Title: "mode.mistakes", Desc: "mode.mistakes.d", Open: openMistakes},
		{ID: "browse", Title: "mode.browse", Desc: "mode.browse.d", Open: openBrowse},
		{ID: "stats", Title: "mode.stats", Desc: "mode.stats.d", Open: openStats},
		{ID: "settings", Title: "mode.settings", Desc: "mode.settings.d", Open: openSettings},
		{ID: "import", Title: "mode.import", Desc: "mode.import.d", Open: openImport},
	}
}

type homeKeys struct {
	Up, Down, Enter, Number key.Binding
}

// defaultHomeKeys: the number keys are 1 to the number of modes (at most 9).
func defaultHomeKeys(l Lang, modes int) homeKeys {
	n := min(max(modes, 1), 9)
	nums := make([]string, n)
	for i := range nums {
		nums[i] = strconv.Itoa(i + 1)
	}
	help := "1"
	if n > 1 {
		help = "1-" + nums[n-1]
	}
	return homeKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		Enter:  key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", l.T("key.select"))),
		Number: key.NewBinding(key.WithKeys(nums...), key.WithHelp(help, l.T("key.choose_mode"))),
	}
}

type homeLoadedMsg struct {
	data today
}

// homeReadinessMsg carries the exam forecast (nil: no exam date set).
type homeReadinessMsg struct{ r *readiness }

type homeScreen struct {
	c      *common
	keys   homeKeys
	items  []menuItem
	cursor int
	data   *today
	ready  *readiness // the exam forecast, once loaded; nil without an exam date
	resume paperOffer // an exam paper not handed in (examresume.go)
	w, h   int
}

func newHome(c *common) *homeScreen {
	items := menu()
	return &homeScreen{c: c, keys: defaultHomeKeys(c.lang, len(items)), items: items, resume: newPaperOffer()}
}

func (s *homeScreen) Title() string { return "" }

func (s *homeScreen) SetLang(l Lang) { s.keys = defaultHomeKeys(l, len(s.items)) }

func (s *homeScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *homeScreen) ShortHelp() []key.Binding {
	return append([]key.Binding{s.keys.Up, s.keys.Down, s.keys.Enter, s.keys.Number}, s.resume.help(s.c)...)
}

func (s *homeScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Init loads today's figures and, apart (it reads every card of the
// banks with an exam date), the exam forecast.
func (s *homeScreen) Init() tea.Cmd {
	st, now, keys, limit := s.c.store, s.c.now(), s.c.keys(), s.c.settings.NewPerDay
	today := func() tea.Msg {
		t, err := loadToday(st, now, keys, limit)
		if err != nil {
			return errMsg{err}
		}
		return homeLoadedMsg{t}
	}
	banks, set := s.c.banks, s.c.settings
	if set.ExamDate == "" && len(set.ExamDates) == 0 {
		s.ready = nil
		return tea.Batch(s.resume.load(st), today)
	}
	return tea.Batch(s.resume.load(st), today, func() tea.Msg {
		r, err := loadReadiness(st, banks, set, now)
		if err != nil {
			return errMsg{fmt.Errorf("exam forecast: %w", err)}
		}
		return homeReadinessMsg{r}
	})
}

func (s *homeScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case homeLoadedMsg:
		d := msg.data
		s.data = &d
	case homeReadinessMsg:
		s.ready = msg.r
	case paperLoadedMsg:
		return s, s.resume.loaded(msg)
	case tea.KeyMsg:
		switch {
		case s.resume.asked(s.c, msg):
			return s, s.resume.open(s.c)
		case key.Matches(msg, s.keys.Up):
			s.cursor = (s.cursor + len(s.items) - 1) % len(s.items)
		case key.Matches(msg, s.keys.Down):
			s.cursor = (s.cursor + 1) % len(s.items)
		case key.Matches(msg, s.keys.Enter):
			return s, s.open(s.cursor)
		case key.Matches(msg, s.keys.Number):
			if n, err := strconv.Atoi(msg.String()); err == nil && n >= 1 && n <= len(s.items) {
				s.cursor = n - 1
				return s, s.open(n - 1)
			}
		}
	}
	return s, nil
}

func (s *homeScreen) open(i int) tea.Cmd {
	it := s.items[i]
	if it.Open == nil {
		return nil
	}
	return push(it.Open(s.c, false))
}

// View draws the banks, today's figures and the modes; when the terminal
// is short it folds the bank list into one line, then drops headings and
// blank lines, so the modes always show.
func (s *homeScreen) View() string {
	c, st := s.c, s.c.st
	trunc := func(l string) string { return ansi.Truncate(l, s.w, "…") }
	// banks
	// one line a bank: the title, then its count in a right-aligned
	// column; a long title is cut so the count stays
	var banks []string
	total := 0
	titleW, countW := 0, 0
	for _, bk := range c.banks {
		titleW = max(titleW, ansi.StringWidth(bank.Sanitize(bankTitle(bk))))
		countW = max(countW, ansi.StringWidth(c.T("home.questions", len(bk.Questions))))
	}
	titleW = max(min(titleW, s.w-2-2-countW), 1)
	for _, bk := range c.banks {
		total += len(bk.Questions)
		banks = append(banks, trunc("  "+padRight(ansi.Truncate(bank.Sanitize(bankTitle(bk)), titleW, "…"), titleW)+"  "+
			padLeft(c.T("home.questions", len(bk.Questions)), countW)))
	}
	if len(c.banks) == 0 {
		banks = append(banks, "  "+st.Subtle.Render(c.T("home.no_banks")))
	}
	bankLine := trunc(c.T("app.label", c.T("home.banks"), c.T("home.bank_count", len(c.banks), total)))
	// today
	var today []string
	if s.data != nil {
		d := s.data
		parts := append(d.parts(c, false), c.T("home.mistakes", d.stats.MistakesOpen), c.T("home.streak", d.stats.Streak))
		today = flowParts("  ", parts, " · ", s.w)
	} else {
		today = []string{"  " + st.Subtle.Render(c.T("app.loading"))}
	}
	today = append(today, s.resume.lines(c, s.w)...)
	if l := c.sync.line(c); l != "" {
		for _, x := range wrapIndent("  ", bank.Sanitize(l), s.w) {
			today = append(today, st.Subtle.Render(x))
		}
	}
	// modes
	var modes []string
	curLine := 0
	nameW := 0 // the descriptions start in one column
	for _, it := range s.items {
		nameW = max(nameW, ansi.StringWidth(c.T(it.Title)))
	}
	for i, it := range s.items {
		cur := glyphNoCursor
		if i == s.cursor {
			cur = glyphCursor
			curLine = len(modes)
		}
		text := fmt.Sprintf("%s %d. %s", cur, i+1, c.T(it.Title))
		if it.Desc != "" && s.w >= 60 {
			text = fmt.Sprintf("%s %d. %s", cur, i+1, padRight(c.T(it.Title), nameW)) + "  " + c.T(it.Desc)
		}
		text = trunc(text)
		if i == s.cursor {
			text = st.Selected.Render(text)
		}
		modes = append(modes, text)
	}
	label := func(id string) string { return st.Label.Render(trunc(c.T(id))) }
	// the exam forecast, from the fullest (every bank and its sections)
	// to one line
	var examFull, examMid, examSmall, examTiny []string
	if r := s.ready; r != nil {
		sum := flowParts("  ", r.summary(c), " · ", s.w)
		var target []string
		if len(r.fc.Banks) > 0 {
			target = wrapIndent("  ", r.targetText(c), s.w)
		}
		examFull = join([]string{label("fc.title")}, sum, r.bankLines(c, s.w, true), target, []string{""})
		examMid = join([]string{label("fc.title")}, sum, r.bankLines(c, s.w, false), target, []string{""})
		examSmall = join(sum, target)
		examTiny = []string{trunc("  " + strings.Join(r.summary(c), " · "))}
	}
	full := func(exam []string) []string {
		return join([]string{label("home.banks")}, banks, []string{""}, []string{label("home.today")}, today, []string{""}, exam, []string{label("home.modes")}, modes)
	}
	folded := func(exam []string) []string {
		return join([]string{bankLine, ""}, []string{label("home.today")}, today, []string{""}, exam, []string{label("home.modes")}, modes)
	}
	layouts := [][]string{
		full(examFull), full(examMid), folded(examFull), folded(examMid),
		join([]string{bankLine}, today, examSmall, []string{""}, modes),
		join(today, examSmall, modes),
		join(today, examTiny, modes),
	}
	for _, l := range layouts {
		if len(l) <= s.h {
			return strings.Join(l, "\n")
		}
	}
	// only the modes, scrolled to the cursor
	return strings.Join(around(modes, curLine, s.h), "\n")
}

// bankTitle is how a bank is named on screen: its title, else its name.
func bankTitle(b *bank.Bank) string {
	if b.Title != "" {
		return b.Title
	}
	return b.Name
}

func join(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
