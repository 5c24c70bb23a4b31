package ui

import (
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// field is a small text editor for typed answers: one line (fill-in
// blanks) or several (subjective answers). It measures CJK as double width
// and keeps control characters out of its value. (bubbles' textinput and
// textarea need a clipboard module this build does not carry.)
type field struct {
	value       []rune
	pos         int // cursor, in runes
	focused     bool
	multiline   bool
	placeholder string
	width       int
	height      int // lines shown (multiline)
	limit       int // maximum runes; 0 none
	cursorStyle lipgloss.Style
	placeStyle  lipgloss.Style
	glyph       bool // draw the cursor as "_" (no reverse video available)
}

func newField(multiline bool, placeholder string, st *Styles) field {
	return field{
		multiline:   multiline,
		placeholder: placeholder,
		width:       20,
		height:      1,
		limit:       4000,
		cursorStyle: lipgloss.NewStyle().Reverse(true),
		placeStyle:  st.Subtle,
		glyph:       st.NoColor,
	}
}

func (f *field) Value() string { return string(f.value) }
func (f *field) Focus()        { f.focused = true }
func (f *field) Blur()         { f.focused = false }
func (f *field) SetValue(s string) {
	f.value = []rune(cleanInput(s, f.multiline))
	f.pos = len(f.value)
}

// cleanInput drops control characters (and newlines on one line).
func cleanInput(s string, multiline bool) string {
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' && multiline:
			return r
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r):
			return -1
		}
		return r
	}, s)
}

func (f *field) insert(s string) {
	rs := []rune(cleanInput(s, f.multiline))
	if f.limit > 0 && len(f.value)+len(rs) > f.limit {
		rs = rs[:max(f.limit-len(f.value), 0)]
	}
	v := make([]rune, 0, len(f.value)+len(rs))
	v = append(v, f.value[:f.pos]...)
	v = append(v, rs...)
	v = append(v, f.value[f.pos:]...)
	f.value = v
	f.pos += len(rs)
}

// Update edits the value on a key press; other messages are ignored.
func (f *field) Update(msg tea.Msg) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || !f.focused {
		return
	}
	switch k.Type {
	case tea.KeyRunes:
		f.insert(string(k.Runes))
	case tea.KeySpace:
		f.insert(" ")
	case tea.KeyEnter:
		if f.multiline {
			f.insert("\n")
		}
	case tea.KeyBackspace, tea.KeyCtrlH:
		if f.pos > 0 {
			f.value = append(f.value[:f.pos-1], f.value[f.pos:]...)
			f.pos--
		}
	case tea.KeyDelete, tea.KeyCtrlD:
		if f.pos < len(f.value) {
			f.value = append(f.value[:f.pos], f.value[f.pos+1:]...)
		}
	case tea.KeyLeft, tea.KeyCtrlB:
		f.pos = max(f.pos-1, 0)
	case tea.KeyRight, tea.KeyCtrlF:
		f.pos = min(f.pos+1, len(f.value))
	case tea.KeyHome, tea.KeyCtrlA:
		f.pos = 0
	case tea.KeyEnd, tea.KeyCtrlE:
		f.pos = len(f.value)
	case tea.KeyCtrlU:
		f.value = f.value[f.pos:]
		f.pos = 0
	case tea.KeyCtrlK:
		f.value = f.value[:f.pos]
	case tea.KeyCtrlW:
		i := f.pos
		for i > 0 && unicode.IsSpace(f.value[i-1]) {
			i--
		}
		for i > 0 && !unicode.IsSpace(f.value[i-1]) {
			i--
		}
		f.value = append(f.value[:i], f.value[f.pos:]...)
		f.pos = i
	}
}

// View draws the field at its width (and height when multiline), the
// cursor shown in reverse video when focused.
func (f *field) View() string {
	w := max(f.width, 2)
	if len(f.value) == 0 && !f.focused {
		return f.placeStyle.Render(ansi.Truncate(f.placeholder, w, "…"))
	}
	if !f.multiline {
		return f.lineView(w)
	}
	// multiline: wrap with a one-cell marker where the cursor is, then
	// keep the marker's line in view
	text := string(f.value)
	if f.focused {
		text = string(f.value[:f.pos]) + cursorMark + string(f.value[f.pos:])
	}
	lines := wrap(text, w)
	curLine := 0
	for i, l := range lines {
		if strings.Contains(l, cursorMark) {
			curLine = i
			lines[i] = strings.Replace(l, cursorMark, f.cursor(" "), 1)
		}
	}
	h := max(f.height, 1)
	top := 0
	if curLine >= h {
		top = curLine - h + 1
	}
	lines = lines[top:min(top+h, len(lines))]
	return strings.Join(lines, "\n")
}

// cursorMark stands for the cursor while wrapping; input never holds it
// (cleanInput drops private-use characters).
const cursorMark = "\uE000"

func (f *field) withCursor(rs []rune, at int) string {
	if at >= len(rs) {
		return string(rs) + f.cursor(" ")
	}
	if f.glyph {
		return string(rs[:at]) + f.cursor("") + string(rs[at:])
	}
	return string(rs[:at]) + f.cursor(string(rs[at])) + string(rs[at+1:])
}

// cursor draws the cursor over s (a cell of text, or "" between cells).
func (f *field) cursor(s string) string {
	if f.glyph {
		return "_"
	}
	return f.cursorStyle.Render(s)
}

// lineView shows the part of a one-line value around the cursor.
func (f *field) lineView(w int) string {
	rs := f.value
	// scroll so the cursor (and one cell after it) fits
	start := 0
	for ansi.StringWidth(string(rs[start:f.pos]))+1 > w && start < f.pos {
		start++
	}
	vis := rs[start:]
	out := []rune{}
	width := 0
	for i, r := range vis {
		rw := ansi.StringWidth(string(r))
		if width+rw > w-1 && start+i > f.pos {
			break
		}
		if width+rw > w {
			break
		}
		out = append(out, r)
		width += rw
	}
	if !f.focused {
		return string(out)
	}
	return f.withCursor(out, f.pos-start)
}
