package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// The help bar at the foot of every screen: the active screen's keys and
// the global ones, one line, or the full help (?).

// helpKeys joins the active screen's keys and the global ones for the help
// bar.
type helpKeys struct {
	s       Screen
	g       globalKeys
	home    bool
	ownsEsc bool // the screen shows its own esc binding
}

func (h helpKeys) globals() []key.Binding {
	var b []key.Binding
	if !h.home {
		if !h.ownsEsc {
			b = append(b, h.g.Back)
		}
	} else {
		b = append(b, h.g.QuitHome)
	}
	b = append(b, h.g.Help)
	return b
}

func (h helpKeys) ShortHelp() []key.Binding {
	var b []key.Binding
	if h.s != nil {
		b = append(b, h.s.ShortHelp()...)
	}
	return append(b, h.globals()...)
}

func (h helpKeys) FullHelp() [][]key.Binding {
	var g [][]key.Binding
	if h.s != nil {
		g = append(g, h.s.FullHelp()...)
	}
	return append(g, append(h.globals(), h.g.Quit))
}

func (m *Model) helpView() string {
	w := max(m.width-2, 1)
	m.help.Width = w
	hk := helpKeys{s: m.active(), g: m.keys, home: len(m.stack) <= 1}
	if o, ok := m.active().(keyOwner); ok {
		hk.ownsEsc = o.OwnsKey(tea.KeyMsg{Type: tea.KeyEsc})
	}
	if m.help.ShowAll {
		lines := strings.Split(m.help.FullHelpView(hk.FullHelp()), "\n")
		if room := max(m.height-3, 1); len(lines) > room {
			lines = lines[:room] // a header and one body line stay
		}
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, w, "…")
		}
		return strings.Join(lines, "\n")
	}
	return m.shortHelpView(hk.ShortHelp(), w)
}

// shortHelpView is help.ShortHelpView with a hard width limit (bubbles
// v1.0.0 overflows when the ellipsis itself does not fit).
func (m *Model) shortHelpView(bindings []key.Binding, w int) string {
	st := m.help.Styles
	sep := st.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	var b strings.Builder
	total := 0
	for _, kb := range bindings {
		if !kb.Enabled() || kb.Help().Key == "" {
			continue
		}
		item := st.ShortKey.Inline(true).Render(kb.Help().Key) + " " + st.ShortDesc.Inline(true).Render(kb.Help().Desc)
		if total > 0 {
			item = sep + item
		}
		iw := lipgloss.Width(item)
		if total+iw > w {
			if total+2 <= w {
				b.WriteString(" " + st.Ellipsis.Inline(true).Render("…"))
			}
			break
		}
		b.WriteString(item)
		total += iw
	}
	return b.String()
}
