package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestFieldEditing(t *testing.T) {
	f := newField(false, "", defaultStyles())
	f.Focus()
	f.Update(runes("客户关系"))
	f.Update(tea.KeyMsg{Type: tea.KeyLeft})
	f.Update(tea.KeyMsg{Type: tea.KeyLeft})
	f.Update(runes("的"))
	f.Update(tea.KeyMsg{Type: tea.KeyEnd})
	f.Update(runes("管理x"))
	f.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	f.Update(tea.KeyMsg{Type: tea.KeySpace})
	f.Update(tea.KeyMsg{Type: tea.KeyEnter}) // one line: ignored
	if got := f.Value(); got != "客户的关系管理 " {
		t.Fatalf("value %q", got)
	}
	f.Update(tea.KeyMsg{Type: tea.KeyCtrlW})
	if got := f.Value(); got != "" {
		t.Fatalf("after ctrl+w %q", got)
	}
	f.Blur()
	f.Update(runes("x"))
	if f.Value() != "" {
		t.Fatal("a blurred field took input")
	}
}

func TestFieldViewFits(t *testing.T) {
	for _, glyph := range []bool{false, true} {
		for _, multi := range []bool{false, true} {
			for _, w := range []int{4, 9, 20, 37} {
				f := newField(multi, "placeholder text", defaultStyles())
				f.glyph, f.width, f.height = glyph, w, 3
				f.Focus()
				text := strings.Repeat("中文 text 混排，", 8)
				for _, r := range text {
					f.Update(runes(string(r)))
					check := func() {
						for _, l := range strings.Split(f.View(), "\n") {
							if lw := ansi.StringWidth(l); lw > w {
								t.Fatalf("glyph=%v multi=%v w=%d: line %q is %d wide", glyph, multi, w, l, lw)
							}
						}
					}
					check()
					if r == '，' {
						f.Update(tea.KeyMsg{Type: tea.KeyHome})
						check()
						f.Update(tea.KeyMsg{Type: tea.KeyEnd})
					}
				}
				if f.Value() != text {
					t.Fatalf("value %q", f.Value())
				}
			}
		}
	}
}

func TestFieldMultilineKeepsNewlines(t *testing.T) {
	f := newField(true, "", defaultStyles())
	f.Focus()
	f.Update(runes("一"))
	f.Update(tea.KeyMsg{Type: tea.KeyEnter})
	f.Update(runes("二\x1b[2J"))
	if f.Value() != "一\n二" {
		t.Fatalf("value %q", f.Value())
	}
}
