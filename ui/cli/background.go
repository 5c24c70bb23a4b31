package cli

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// backgroundWait is how long the TUI waits for the terminal to say its
// background colour. A local terminal answers in a few milliseconds; one
// that never answers (a bare pty, `script`) costs this once, at start.
const backgroundWait = 150 * time.Millisecond

// setBackground tells Lip Gloss whether the terminal's background is dark,
// so its adaptive colours never ask the terminal themselves (Lip Gloss
// would wait up to 5 s, inside the running program). It asks the terminal
// only when colours are drawn and the terminal can be asked; else it reads
// $COLORFGBG, else it takes a dark background.
func (e *env) setBackground() {
	dark := true
	switch {
	case lipgloss.ColorProfile() == termenv.Ascii: // no colour drawn: nothing to adapt
	case !canQuery(e.Getenv("TERM")):
		dark = darkFromColorFGBG(e.Getenv("COLORFGBG"), dark)
	default:
		if d, ok := queryBackground(e.Stdin, e.TTY, backgroundWait); ok {
			dark = d
		} else {
			dark = darkFromColorFGBG(e.Getenv("COLORFGBG"), dark)
		}
	}
	lipgloss.SetHasDarkBackground(dark)
}

// canQuery reports whether a terminal of this $TERM can be asked: screen
// and tmux may stand for several terminals at once and do not pass the
// question on, a dumb terminal does not understand it (termenv's rule).
func canQuery(term string) bool {
	for _, p := range []string{"screen", "tmux", "dumb"} {
		if strings.HasPrefix(term, p) {
			return false
		}
	}
	return term != ""
}

// darkFromColorFGBG reads the background from $COLORFGBG ("15;0": white on
// black), which some terminals set; def when it says nothing.
func darkFromColorFGBG(v string, def bool) bool {
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return def
	}
	bg, err := strconv.Atoi(v[i+1:])
	if err != nil {
		return def
	}
	return bg < 7 || bg == 8 // the dark ones of the 16 ANSI colours
}

var (
	// oscBackground is the answer to OSC 11: "ESC ] 11 ; rgb:RRRR/GGGG/BBBB".
	oscBackground = regexp.MustCompile(`\x1b\]11;rgb:([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})`)
	// cursorReport is the answer to the cursor-position request, which
	// every terminal gives: it ends the wait at once.
	cursorReport = regexp.MustCompile(`\x1b\[\d+;\d+R`)
)

// parseBackground reads the terminal's answers: ok once the cursor report
// has come, found when the background colour came before it.
func parseBackground(answer []byte) (dark, found, ok bool) {
	if !cursorReport.Match(answer) {
		return false, false, false
	}
	m := oscBackground.FindSubmatch(answer)
	if m == nil {
		return false, false, true
	}
	var rgb [3]float64
	for i, hex := range m[1:] {
		v, _ := strconv.ParseUint(string(hex), 16, 16) // the pattern allows only 1-4 hex digits
		rgb[i] = float64(v) / float64(uint64(1)<<(4*len(hex))-1)
	}
	lightness := (max(rgb[0], rgb[1], rgb[2]) + min(rgb[0], rgb[1], rgb[2])) / 2
	return lightness < 0.5, true, true
}
