package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// summaryData is what a session hands to its summary.
type summaryData struct {
	title    string
	answered int
	right    int
	recited  int
	started  time.Time
	ended    time.Time
	keys     []string // distinct keys answered
	// addedMistakes are the distinct keys an answer of the session put
	// among the open mistakes (undone answers are not in the history)
	addedMistakes []string
	wrong         []string // distinct keys answered wrong, in the order first answered so
	mastered      int      // mistake-book entries an answer mastered
	byType        []typeCount
}

// summaryData counts what the session s answered, for its summary.
func (s *session) summaryData() summaryData {
	d := summaryData{title: s.Title(), recited: len(s.recited), started: s.started, ended: s.c.now()}
	seen := map[string]bool{}
	added := map[string]bool{}
	wrong := map[string]bool{}
	mastered := map[string]bool{}
	byType := map[bank.Type]*typeCount{}
	for _, h := range s.history {
		d.answered++
		if h.correct {
			d.right++
		} else if !wrong[h.key] {
			wrong[h.key] = true
			d.wrong = append(d.wrong, h.key)
		}
		if h.receipt.MasteredMistake {
			mastered[h.key] = true
		}
		if q, ok := s.c.question(h.key); ok {
			tc := byType[q.Type]
			if tc == nil {
				tc = &typeCount{typ: q.Type}
				byType[q.Type] = tc
			}
			tc.answered++
			if h.correct {
				tc.ok++
			}
		}
		if !seen[h.key] {
			seen[h.key] = true
			d.keys = append(d.keys, h.key)
		}
		if h.receipt.NewMistake && !added[h.key] {
			added[h.key] = true
			d.addedMistakes = append(d.addedMistakes, h.key)
		}
	}
	d.mastered = len(mastered)
	for _, t := range bank.Types {
		if tc := byType[t]; tc != nil {
			d.byType = append(d.byType, *tc)
		}
	}
	return d
}

// typeCount is one type's answers in a session.
type typeCount struct {
	typ          bank.Type
	answered, ok int
}

type summaryLoadedMsg struct {
	newMistakes int
	nextDue     time.Time // zero: none
}

type summaryKeys struct {
	Back, Enter, Up, Down key.Binding
}

// summaryScreen closes every session: answered, accuracy, time, new
// mistakes, next due, the answers by type and the questions answered
// wrong, one of which ↓ and enter open.
type summaryScreen struct {
	c      *common
	d      summaryData
	keys   summaryKeys
	loaded *summaryLoadedMsg
	cursor int // index into d.wrong; -1: none chosen (enter goes back)
	w, h   int
}

func newSummary(c *common, d summaryData) *summaryScreen {
	var loaded *summaryLoadedMsg
	if len(d.keys) == 0 {
		loaded = &summaryLoadedMsg{} // nothing answered: nothing to look up
	}
	return &summaryScreen{c: c, d: d, loaded: loaded, cursor: -1, keys: summaryKeys{
		Back:  key.NewBinding(key.WithKeys(" ", "q", "esc"), key.WithHelp("esc", c.T("key.back"))),
		Enter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.back"))),
		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", c.T("key.pick_wrong"))),
		Down:  key.NewBinding(key.WithKeys("down", "j")),
	}}
}

func (s *summaryScreen) Title() string             { return s.c.T("sum.title") }
func (s *summaryScreen) SetSize(w, h int)          { s.w, s.h = w, h }
func (s *summaryScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
func (s *summaryScreen) ShortHelp() []key.Binding {
	k := s.keys
	if len(s.d.wrong) == 0 {
		return []key.Binding{withHelp(k.Enter, "enter/esc", s.c.T("key.back"))}
	}
	if s.cursor < 0 {
		return []key.Binding{k.Up, withHelp(k.Enter, "enter/esc", s.c.T("key.back"))}
	}
	return []key.Binding{k.Up, withHelp(k.Enter, "enter", s.c.T("key.open")), k.Back}
}
func (s *summaryScreen) OwnsKey(msg tea.KeyMsg) bool { return key.Matches(msg, s.keys.Back) }

// Init counts the mistakes the session added that are still open and
// finds the next due date of the questions answered.
func (s *summaryScreen) Init() tea.Cmd {
	if s.loaded != nil || len(s.d.keys) == 0 {
		return nil
	}
	st, keys, added, scope := s.c.store, s.d.keys, s.d.addedMistakes, s.c.keys()
	return func() tea.Msg {
		ms, err := st.Mistakes(store.MistakeFilter{Open: true, Keys: scope})
		if err != nil {
			return errMsg{fmt.Errorf("mistakes: %w", err)}
		}
		open := map[string]bool{}
		for _, m := range ms {
			open[m.Key] = true
		}
		var out summaryLoadedMsg
		for _, k := range added {
			if open[k] { // still open: home counts it
				out.newMistakes++
			}
		}
		for _, k := range keys {
			card, ok, err := st.Card(k)
			if err != nil {
				return errMsg{fmt.Errorf("card %s: %w", k, err)}
			}
			if ok && (out.nextDue.IsZero() || card.Due.Before(out.nextDue)) {
				out.nextDue = card.Due
			}
		}
		return out
	}
}

func (s *summaryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case summaryLoadedMsg:
		s.loaded = &msg
	case tea.KeyMsg:
		k, n := s.keys, len(s.d.wrong)
		switch {
		case key.Matches(msg, k.Back):
			return s, back()
		case key.Matches(msg, k.Enter) && s.cursor >= 0:
			return s, push(newBrowseDetail(s.c, s.d.wrong, s.cursor))
		case key.Matches(msg, k.Enter):
			return s, back()
		case key.Matches(msg, k.Down) && n > 0:
			s.cursor = min(s.cursor+1, n-1)
		case key.Matches(msg, k.Up) && s.cursor >= 0:
			s.cursor-- // above the first: none chosen
		}
	}
	return s, nil
}

func (s *summaryScreen) View() string {
	c, st, d := s.c, s.c.st, s.d
	var lines []string
	lines = append(lines, st.Label.Render(d.title), "")
	if d.answered > 0 || d.recited == 0 {
		lines = append(lines, st.Number.Render(c.T("sum.answered", d.answered)))
	}
	if d.answered > 0 {
		acc := fmt.Sprintf("%.0f%%", 100*float64(d.right)/float64(d.answered))
		lines = append(lines, c.T("sum.accuracy", acc))
	}
	if d.recited > 0 {
		lines = append(lines, c.T("sum.recited", d.recited))
	}
	lines = append(lines, c.T("sum.time", formatElapsed(d.ended.Sub(d.started))))
	if s.loaded != nil && (d.answered > 0 || d.recited == 0) {
		lines = append(lines, c.T("sum.new_mist", s.loaded.newMistakes))
		if s.loaded.nextDue.IsZero() {
			lines = append(lines, c.T("sum.none_due"))
		} else {
			when := s.loaded.nextDue.Sub(d.ended)
			lines = append(lines, c.T("sum.next_due", formatWait(c.lang, when)+" ("+c.local(s.loaded.nextDue).Format("01-02 15:04")+")"))
		}
	}
	if d.mastered > 0 {
		lines = append(lines, st.Right.Render(c.T("sum.mastered", d.mastered)))
	}
	if len(d.byType) > 0 {
		var parts []string
		for _, t := range d.byType {
			parts = append(parts, fmt.Sprintf("%s %d/%d", c.lang.TypeName(t.typ), t.ok, t.answered))
		}
		lines = append(lines, strings.Join(parts, " · "))
	}
	var out []string
	for _, l := range lines {
		out = append(out, wrapIndent("", l, s.w)...)
	}
	if len(d.wrong) > 0 {
		out = append(out, "", st.Label.Render(c.T("sum.wrong", len(d.wrong))))
		var list []string
		for i, k := range d.wrong {
			cur := glyphNoCursor
			if i == s.cursor {
				cur = glyphCursor
			}
			stem := c.T("mist.gone")
			if q, ok := c.question(k); ok {
				stem = strings.ReplaceAll(bank.Sanitize(lineHead(q.Stem, s.w)), "\n", " ")
			}
			l := ansi.Truncate(cur+" "+glyphWrong+" "+stem, s.w, "…")
			if i == s.cursor {
				l = st.Selected.Render(l)
			}
			list = append(list, l)
		}
		// the hint wrapped, not cut: at 40 columns "esc: back" was lost
		hint := wrapStyled(st.Subtle, c.T("sum.back_or_open"), s.w)
		room := max(s.h-len(out)-1-len(hint), 1)
		out = append(out, around(list, max(s.cursor, 0), room)...)
		out = append(out, "")
		return strings.Join(append(out, hint...), "\n")
	}
	out = append(out, "", st.Subtle.Render(c.T("sum.back")))
	return strings.Join(out, "\n")
}

// formatElapsed is "12:05" (minutes:seconds) or "1:02:03".
func formatElapsed(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Second)
	h, m, sec := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}
