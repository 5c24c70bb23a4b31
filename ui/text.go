package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
	"github.com/shuati/shuati/bank"
)

// noBreakBefore lists characters that must not start a line (Chinese
// line-breaking rules, 避头): closing punctuation stays with the text before.
const noBreakBefore = "，。、；：！？）》」』】〕〉”’…—,.;:!?)]}%·"

// noBreakAfter lists characters that must not end a line (避尾).
const noBreakAfter = "（《「『【〔〈“‘([{"

// isWide reports whether a grapheme is a CJK-style character that may be
// broken before or after (ideographs, kana, hangul, full-width forms).
func isWide(g string) bool {
	for _, r := range g {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
		if r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF {
			return true
		}
	}
	return false
}

// wrap breaks plain (unstyled) text into lines no wider than w terminal
// cells. CJK characters count as two cells and a line may break between
// any two of them; Latin words break at spaces and are split only when a
// single word is wider than the line. Chinese punctuation is kept off the
// start of a line. Existing newlines are kept. Leading indentation of each
// paragraph is kept on its first line.
func wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapPara(para, w)...)
	}
	return out
}

// token is an unbreakable run: a Latin word, a space run, or one CJK
// grapheme with any punctuation glued to it.
type token struct {
	text  string
	width int
	space bool
}

// eachToken calls yield with the tokens of s in order. A token is a
// substring of s (no copy); the one before the current is held back, as
// closing punctuation may still be glued to it.
func eachToken(s string, yield func(token)) {
	var pend token
	havePend := false
	start, curW, curKind := 0, 0, 0 // the current token is s[start:i]; kind 0 none, 1 word, 2 space
	flush := func(end int) {
		if end > start {
			if havePend {
				yield(pend)
			}
			pend, havePend = token{text: s[start:end], width: curW, space: curKind == 2}, true
		}
		start, curW, curKind = end, 0, 0
	}
	state := -1
	for i := 0; i < len(s); {
		var g string
		g, _, _, state = uniseg.FirstGraphemeClusterInString(s[i:], state)
		gw := 1
		if len(g) > 1 || g[0] < 0x20 || g[0] >= 0x7f {
			gw = ansi.StringWidth(g)
		}
		next := i + len(g)
		empty := start == i
		switch {
		case g == " ":
			if curKind != 2 {
				flush(i)
				curKind = 2
			}
			curW += gw
		case strings.Contains(noBreakBefore, g):
			// glue to whatever came before, unless that was a space
			if curKind == 2 || (empty && havePend && pend.space) {
				flush(i)
				curKind = 1
				curW += gw
				break
			}
			if empty && havePend {
				pend.text = s[i-len(pend.text) : next]
				pend.width += gw
				start = next
				break
			}
			curW += gw
			if curKind == 0 {
				curKind = 1
			}
		case isWide(g):
			if !empty && !endsNoBreakAfter(s[start:i]) {
				flush(i)
			} else if curKind == 2 {
				flush(i)
			}
			curW += gw
			curKind = 1
			if !strings.Contains(noBreakAfter, g) {
				flush(next)
			}
		default:
			if curKind == 2 {
				flush(i)
			}
			curW += gw
			curKind = 1
		}
		i = next
	}
	flush(len(s))
	if havePend {
		yield(pend)
	}
}

func endsNoBreakAfter(s string) bool {
	for _, r := range noBreakAfter {
		if strings.HasSuffix(s, string(r)) {
			return true
		}
	}
	return false
}

func wrapPara(para string, w int) []string {
	if ansi.StringWidth(para) <= w {
		return []string{para}
	}
	if strings.ContainsRune(para, '\x1b') {
		// already styled: let x/ansi keep the escape sequences intact
		return strings.Split(ansi.Wrap(para, w, ""), "\n")
	}
	var lines []string
	var line strings.Builder
	lw := 0
	emit := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lw = 0
	}
	eachToken(para, func(t token) {
		if t.space {
			if lw == 0 && len(lines) > 0 {
				return // no leading spaces on continuation lines
			}
			if lw+t.width > w {
				emit()
				return
			}
			line.WriteString(t.text)
			lw += t.width
			return
		}
		if lw+t.width <= w {
			line.WriteString(t.text)
			lw += t.width
			return
		}
		if lw > 0 {
			emit()
		}
		// a token wider than a whole line: split it by graphemes
		if t.width > w {
			gr := uniseg.NewGraphemes(t.text)
			for gr.Next() {
				g := gr.Str()
				gw := ansi.StringWidth(g)
				if lw+gw > w && lw > 0 {
					emit()
				}
				line.WriteString(g)
				lw += gw
			}
			return
		}
		line.WriteString(t.text)
		lw += t.width
	})
	if lw > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}

// around keeps line cur in view when lines are more than h: the h lines
// centred on it (as far as the ends allow). h <= 0 keeps them all.
func around(lines []string, cur, h int) []string {
	if h <= 0 || len(lines) <= h {
		return lines
	}
	top := min(max(cur-h/2, 0), len(lines)-h)
	return lines[top : top+h]
}

// wrapText is wrap joined by newlines.
func wrapText(s string, w int) string { return strings.Join(wrap(s, w), "\n") }

// flowParts lays short parts out on lines of at most w cells, joined by
// sep, breaking only between parts (a part wider than a line is wrapped).
func flowParts(indent string, parts []string, sep string, w int) []string {
	var out []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(indent+cur+sep+p) <= w:
			cur += sep + p
		default:
			out = append(out, wrapIndent(indent, cur, w)...)
			cur = p
		}
	}
	if cur != "" {
		out = append(out, wrapIndent(indent, cur, w)...)
	}
	return out
}

// wrapIndent wraps s to w cells, the first line after prefix and the
// following lines indented by the prefix's width, so option text hangs
// under its letter.
func wrapIndent(prefix, s string, w int) []string {
	pw := ansi.StringWidth(prefix)
	if w-pw < 8 {
		return wrap(prefix+s, w)
	}
	lines := wrap(s, w-pw)
	pad := strings.Repeat(" ", pw)
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return lines
}

// padRight pads s with spaces to w cells (CJK counted double); padLeft
// puts the spaces first. A string already w cells or wider is unchanged.
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) + s
}

// fitTail is head then tail in at most w cells: head is cut (with "…") so
// that tail, a count, stays whole.
func fitTail(head, tail string, w int) string {
	if ansi.StringWidth(head+tail) <= w {
		return head + tail
	}
	return ansi.Truncate(head, max(w-ansi.StringWidth(tail), 1), "…") + tail
}

// lineHead is the start of s for a listing that shows s on one line at
// most w cells wide: a prefix of s, cut on a rune boundary, that is still
// wider than w cells once sanitized with its whitespace runs folded (or s
// itself when it is short). Truncating the listing line then gives what
// truncating it with all of s gives, without sanitizing and measuring a
// whole 1 MB stem for every row of every frame.
func lineHead(s string, w int) string {
	for n := 8*max(w, 1) + 64; n < len(s); n *= 4 {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		p := s[:cut]
		if ansi.StringWidth(strings.Join(strings.Fields(bank.Sanitize(p)), " ")) > w+4 {
			return p
		}
	}
	return s
}
