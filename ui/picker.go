package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/shuati/shuati/bank"
)

// pickItem is one choice of a picker: what it shows and the value it
// gives ("" for "all").
type pickItem struct {
	label, value string
}

// pickedMsg carries a picker's choice to the screen that opened it, after
// the picker went back to it.
type pickedMsg struct {
	id    string // which picker: the opener's own name for it
	value string
}

type pickerKeys struct {
	Up, Down, Page, Pick key.Binding // Page: help only
}

// pickerScreen chooses one value from a long list (the sections of the
// banks) by moving or by typing part of its name.
type pickerScreen struct {
	c      *common
	id     string
	title  string
	items  []pickItem
	keys   pickerKeys
	filter field
	shown  []int // indexes into items that match the filter
	cursor int   // index into shown
	w, h   int
}

// newPicker lists items with the cursor on the one whose value is cur.
func newPicker(c *common, id, title string, items []pickItem, cur string) *pickerScreen {
	p := &pickerScreen{c: c, id: id, title: title, items: items, keys: pickerKeys{
		Up:   key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑↓", c.T("key.move"))),
		Down: key.NewBinding(key.WithKeys("down", "ctrl+n")),
		Page: key.NewBinding(key.WithKeys("pgup", "pgdown", "home", "end"), key.WithHelp("pgup/pgdn/home/end", c.T("key.page"))),
		Pick: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.T("key.select"))),
	}}
	p.filter = newField(false, c.T("pick.type_to_filter"), c.st)
	p.filter.Focus()
	p.apply()
	for i, ix := range p.shown {
		if items[ix].value == cur {
			p.cursor = i
		}
	}
	return p
}

func (p *pickerScreen) Init() tea.Cmd { return nil }
func (p *pickerScreen) Title() string { return p.title }
func (p *pickerScreen) SetSize(w, h int) {
	p.w, p.h = w, h
	p.filter.width = max(w-ansi.StringWidth(p.c.T("pick.filter"))-2, 4)
}
func (p *pickerScreen) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Up, p.keys.Page, p.keys.Pick}
}
func (p *pickerScreen) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// OwnsKey: typed text goes to the filter (q and ? too); esc clears a
// filter before it goes back.
func (p *pickerScreen) OwnsKey(msg tea.KeyMsg) bool {
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace, tea.KeyBackspace:
		return true
	case tea.KeyEsc:
		return p.filter.Value() != ""
	}
	return false
}

// apply lists the items whose label holds the filter (any case, any
// width), keeping the cursor on the same item when it is still listed.
func (p *pickerScreen) apply() {
	cur := -1
	if p.cursor < len(p.shown) {
		cur = p.shown[p.cursor]
	}
	q := bank.Normalize(p.filter.Value())
	p.shown = p.shown[:0]
	p.cursor = 0
	for i, it := range p.items {
		if q == "" || strings.Contains(bank.Normalize(it.label), q) {
			if i == cur {
				p.cursor = len(p.shown)
			}
			p.shown = append(p.shown, i)
		}
	}
}

func (p *pickerScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	n := len(p.shown)
	page := max(p.listHeight()-1, 1)
	switch {
	case km.Type == tea.KeyEsc:
		p.filter.SetValue("")
		p.apply()
	case key.Matches(km, p.keys.Up) && n > 0:
		p.cursor = (p.cursor + n - 1) % n
	case key.Matches(km, p.keys.Down) && n > 0:
		p.cursor = (p.cursor + 1) % n
	case key.Matches(km, p.keys.Page) && n > 0:
		p.cursor = pageMove(km.String(), p.cursor, n, page)
	case key.Matches(km, p.keys.Pick) && n > 0:
		picked := pickedMsg{id: p.id, value: p.items[p.shown[p.cursor]].value}
		return p, tea.Sequence(back(), func() tea.Msg { return picked })
	default:
		p.filter.Update(km)
		p.apply()
	}
	return p, nil
}

// pageMove is where pgup, pgdown, home and end take a cursor over n rows
// with page rows to a screen.
func pageMove(k string, cur, n, page int) int {
	switch k {
	case "pgup", "ctrl+u":
		return max(cur-page, 0)
	case "pgdown", "ctrl+d":
		return min(cur+page, n-1)
	case "home":
		return 0
	case "end":
		return n - 1
	}
	return cur
}

func (p *pickerScreen) listHeight() int { return max(p.h-2, 1) }

func (p *pickerScreen) View() string {
	c, st := p.c, p.c.st
	out := []string{ansi.Truncate(c.T("pick.filter")+" "+p.filter.View(), p.w, ""), ""}
	if len(p.shown) == 0 {
		out = append(out, st.Subtle.Render(c.T("pick.none")))
		return strings.Join(out, "\n")
	}
	var lines []string
	for i, ix := range p.shown {
		cur := glyphNoCursor
		if i == p.cursor {
			cur = glyphCursor
		}
		l := ansi.Truncate(cur+" "+bank.Sanitize(p.items[ix].label), p.w, "…")
		if i == p.cursor {
			l = st.Selected.Render(l)
		}
		lines = append(lines, l)
	}
	out = append(out, around(lines, p.cursor, p.listHeight())...)
	return strings.Join(out, "\n")
}
