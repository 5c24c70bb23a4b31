package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// The help bar under every screen and the full help (?): the active
// screen's keys and the global ones, fitted to the terminal's width.

// helpKeys joins the active screen's keys and the global ones for the help
// bar.
type helpKeys struct {
	s       Screen
	g       globalKeys
	home    bool
	ownsEsc bool // the screen shows its own esc binding
	// ownsHelp: ? is the screen's now (it types into a field), so the
	// help bar does not offer it
	ownsHelp bool
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
	if !h.ownsHelp {
		b = append(b, h.g.Help)
	}
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

// helpKeys is what the help shows now: the active screen's keys and the
// global ones.
func (m *Model) helpKeys() helpKeys {
	hk := helpKeys{s: m.active(), g: m.keys, home: len(m.stack) <= 1}
	if o, ok := m.active().(keyOwner); ok {
		hk.ownsEsc = o.OwnsKey(tea.KeyMsg{Type: tea.KeyEsc})
		hk.ownsHelp = o.OwnsKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'?'}})
	}
	return hk
}

func (m *Model) helpView() string {
	w := max(m.width-2, 1)
	m.help.Width = w
	hk := m.helpKeys()
	if m.help.ShowAll {
		lines := strings.Split(m.fullHelpView(hk.FullHelp(), w), "\n")
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

// fullHelpView is help.FullHelpView with the columns that do not fit
// beside the others put in a band below, instead of dropped behind an
// ellipsis (bubbles' way): at 40 columns every key is still listed.
func (m *Model) fullHelpView(groups [][]key.Binding, w int) string {
	h := m.help
	h.Width = 0 // no limit: the bands are cut to fit here
	var bands []string
	var band [][]key.Binding
	for _, g := range groups {
		wider := append(slices.Clone(band), g)
		if len(band) > 0 && lipgloss.Width(h.FullHelpView(wider)) > w {
			bands = append(bands, h.FullHelpView(band))
			band = [][]key.Binding{g}
			continue
		}
		band = wider
	}
	if len(band) > 0 {
		bands = append(bands, h.FullHelpView(band))
	}
	return strings.Join(bands, "\n")
}

// shortHelpView is help.ShortHelpView with a hard width limit (bubbles
// v1.0.0 overflows when the ellipsis itself does not fit).
func (m *Model) shortHelpView(bindings []key.Binding, w int) string {
	st := m.help.Styles
	sep := st.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	var items []string
	var widths []int
	total := 0
	for _, kb := range bindings {
		if !kb.Enabled() || kb.Help().Key == "" {
			continue
		}
		item := st.ShortKey.Inline(true).Render(kb.Help().Key) + " " + st.ShortDesc.Inline(true).Render(kb.Help().Desc)
		if len(items) > 0 {
			item = sep + item
		}
		items, widths = append(items, item), append(widths, lipgloss.Width(item))
		total += widths[len(widths)-1]
	}
	if total <= w {
		return strings.Join(items, "")
	}
	// some do not fit: an ellipsis says so, room made for it by dropping
	// keys from the end (a full bar without one hid that ? lists the rest)
	for len(items) > 0 && total+2 > w {
		total -= widths[len(widths)-1]
		items, widths = items[:len(items)-1], widths[:len(widths)-1]
	}
	if total+2 > w {
		return ""
	}
	return strings.Join(items, "") + " " + st.Ellipsis.Inline(true).Render("…")
}
