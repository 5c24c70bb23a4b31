package ui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Glyphs carry every state that colour shows, so the screens read the same
// with NO_COLOR, on a monochrome terminal and in the ASCII golden files.
const (
	glyphCursor   = "›"
	glyphNoCursor = " "
	glyphOn       = "[x]"
	glyphOff      = "[ ]"
	glyphRight    = "✓"
	glyphWrong    = "✗"
	glyphMissed   = "!"
	glyphStar     = "★"
	glyphNoStar   = "☆"
)

// Styles is every style the UI draws with, built once by defaultStyles and
// passed to each screen. Colours adapt to light and dark backgrounds;
// lipgloss drops them under NO_COLOR or on a terminal without colour.
type Styles struct {
	Title     lipgloss.Style // screen title in the header
	Header    lipgloss.Style // the header line
	Subtle    lipgloss.Style // secondary text: counts, hints
	Bold      lipgloss.Style
	Selected  lipgloss.Style // the line under the cursor
	Right     lipgloss.Style // a right answer, the correct option
	Wrong     lipgloss.Style // a wrong answer, the chosen wrong option
	Missed    lipgloss.Style // an option that should have been chosen
	Key       lipgloss.Style // a key name inside body text
	Label     lipgloss.Style // field labels: 答案, 解析
	Highlight lipgloss.Style // key points of a reference answer
	Error     lipgloss.Style // the error view
	Box       lipgloss.Style // frame around the error view and dialogs
	Star      lipgloss.Style
	Number    lipgloss.Style // big figures on home and summary
	Bar       lipgloss.Style // bars of charts
	// NoColor is set when the terminal shows no colours or attributes
	// (NO_COLOR, a dumb terminal): text fields then draw their cursor as a
	// glyph instead of in reverse video.
	NoColor bool
}

func defaultStyles() *Styles {
	var (
		accent = lipgloss.AdaptiveColor{Light: "#5A3FD6", Dark: "#A99BFF"}
		subtle = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
		green  = lipgloss.AdaptiveColor{Light: "#087A2E", Dark: "#5FD787"}
		red    = lipgloss.AdaptiveColor{Light: "#B3001B", Dark: "#FF6B6B"}
		amber  = lipgloss.AdaptiveColor{Light: "#8A5A00", Dark: "#FFD166"}
		blue   = lipgloss.AdaptiveColor{Light: "#0B5CAD", Dark: "#7CC4FF"}
	)
	return &Styles{
		NoColor:   lipgloss.ColorProfile() == termenv.Ascii,
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Header:    lipgloss.NewStyle().Foreground(subtle),
		Subtle:    lipgloss.NewStyle().Foreground(subtle),
		Bold:      lipgloss.NewStyle().Bold(true),
		Selected:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Right:     lipgloss.NewStyle().Bold(true).Foreground(green),
		Wrong:     lipgloss.NewStyle().Bold(true).Foreground(red),
		Missed:    lipgloss.NewStyle().Bold(true).Foreground(amber),
		Key:       lipgloss.NewStyle().Foreground(blue),
		Label:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Highlight: lipgloss.NewStyle().Bold(true).Foreground(blue),
		Error:     lipgloss.NewStyle().Bold(true).Foreground(red),
		Box:       lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(red).Padding(0, 1),
		Star:      lipgloss.NewStyle().Foreground(amber),
		Number:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Bar:       lipgloss.NewStyle().Foreground(green),
	}
}

// renderLines renders each of lines in style (a style spanning several
// lines would pad them all to the widest) and returns them.
func renderLines(style lipgloss.Style, lines []string) []string {
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}
