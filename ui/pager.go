package ui

import (
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// pager is a vertical scroller over lines, drawn like the bubbles viewport
// (same padding to Width x Height, same cut of over-wide lines) but without
// its cost per content change: the viewport splits its content and measures
// every line on each SetContent, which for a 1 MB question stem is tens of
// milliseconds on every key. pager keeps the lines it is given, as runs
// of lines one after the other (SetLines takes the slices as they are, so a
// long cached run is not copied), and measures only the ones it draws.
type pager struct {
	Width, Height int
	YOffset       int
	runs          [][]string
	n             int // lines in all runs
}

// SetContent shows s, split into lines.
func (p *pager) SetContent(s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	p.SetLines(strings.Split(s, "\n"))
}

// SetLines shows the runs of lines one after the other; the pager keeps
// the slices, so the caller must not change them afterwards.
func (p *pager) SetLines(runs ...[]string) {
	p.runs, p.n = runs, 0
	for _, r := range runs {
		p.n += len(r)
	}
	if p.YOffset > p.n-1 {
		p.GotoBottom()
	}
}

// slice is lines [top, bottom) of the content.
func (p *pager) slice(top, bottom int) []string {
	var out []string
	for _, r := range p.runs {
		if top >= bottom {
			break
		}
		if top < len(r) {
			out = append(out, r[top:min(bottom, len(r))]...)
		}
		top, bottom = max(top-len(r), 0), bottom-len(r)
	}
	return out
}

func (p *pager) maxYOffset() int { return max(0, p.n-p.Height) }

// SetYOffset scrolls to line n, kept between the top and the bottom.
func (p *pager) SetYOffset(n int) { p.YOffset = min(max(n, 0), p.maxYOffset()) }

func (p *pager) AtTop() bool    { return p.YOffset <= 0 }
func (p *pager) AtBottom() bool { return p.YOffset >= p.maxYOffset() }

func (p *pager) ScrollDown(n int) {
	if p.AtBottom() || n == 0 || p.n == 0 {
		return
	}
	p.SetYOffset(p.YOffset + n)
}

func (p *pager) ScrollUp(n int) {
	if p.AtTop() || n == 0 || p.n == 0 {
		return
	}
	p.SetYOffset(p.YOffset - n)
}

func (p *pager) HalfPageDown() { p.ScrollDown(p.Height / 2) }
func (p *pager) HalfPageUp()   { p.ScrollUp(p.Height / 2) }
func (p *pager) GotoTop()      { p.SetYOffset(0) }
func (p *pager) GotoBottom()   { p.SetYOffset(p.maxYOffset()) }

// TotalLineCount is the number of lines of the content.
func (p *pager) TotalLineCount() int { return p.n }

// ScrollPercent is how far down the view is, from 0 to 1.
func (p *pager) ScrollPercent() float64 {
	if p.Height >= p.n {
		return 1.0
	}
	v := float64(p.YOffset) / float64(p.n-p.Height)
	return math.Max(0.0, math.Min(1.0, v))
}

// visible are the lines in view, cut to Width when one of them is wider.
func (p *pager) visible() []string {
	var lines []string
	if p.n > 0 {
		top := max(0, p.YOffset)
		lines = p.slice(top, min(max(p.YOffset+p.Height, top), p.n))
	}
	if p.Width == 0 {
		return lines
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > p.Width {
			cut := make([]string, len(lines))
			for i := range lines {
				cut[i] = ansi.Cut(lines[i], 0, p.Width)
			}
			return cut
		}
	}
	return lines
}

// View draws the lines in view, padded to Width x Height.
func (p *pager) View() string {
	contents := lipgloss.NewStyle().
		Width(p.Width).
		Height(p.Height).
		MaxHeight(p.Height).
		MaxWidth(p.Width).
		Render(strings.Join(p.visible(), "\n"))
	return lipgloss.NewStyle().Render(contents)
}

// flatLines splits the entries of parts that hold several lines, so that
// drawn blocks and single lines can be collected together for SetLines.
func flatLines(parts []string) []string {
	for i, p := range parts {
		if strings.Contains(p, "\n") {
			out := append([]string(nil), parts[:i]...)
			for _, p := range parts[i:] {
				out = append(out, strings.Split(p, "\n")...)
			}
			return out
		}
	}
	return parts
}

// pageKeys scroll a viewport by half a page: pgup/ctrl+u and pgdown/
// ctrl+d (and space on the read-only screens that pass it).
type pageKeys struct{ Up, Down key.Binding }

func newPageKeys(moreDown ...string) pageKeys {
	return pageKeys{
		Up:   key.NewBinding(key.WithKeys("pgup", "ctrl+u")),
		Down: key.NewBinding(key.WithKeys(append([]string{"pgdown", "ctrl+d"}, moreDown...)...)),
	}
}

// scroll moves vp when msg is a page key and reports whether it was.
func (p pageKeys) scroll(vp *pager, msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, p.Up):
		vp.HalfPageUp()
	case key.Matches(msg, p.Down):
		vp.HalfPageDown()
	default:
		return false
	}
	return true
}
