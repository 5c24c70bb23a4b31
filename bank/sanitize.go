package bank

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes text safe to draw in a terminal: it removes terminal escape
// sequences (CSI, OSC, DCS/SOS/PM/APC strings and two-byte ESC sequences, in
// their 7-bit and 8-bit forms), the remaining C0 and C1 control characters,
// bidirectional-override characters and stray byte-order marks; it turns a tab
// into a space and an invalid UTF-8 byte into U+FFFD. Newlines are kept.
//
// Every text field the parser returns has been through Sanitize, so a bank
// file can never inject escape sequences into the user's terminal.
func Sanitize(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	sanitizeTo(&b, s)
	return b.String()
}

// clean reports whether s needs no change: the fast path of the parser.
func clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

// unsafeRune reports runes (above ASCII) that Sanitize drops.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r == 0x200e || r == 0x200f: // LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0xfeff: // byte-order mark / zero-width no-break space
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation controls
		return true
	}
	return false
}

const (
	esc = 0x1b
	bel = 0x07
)

func sanitizeTo(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				b.WriteByte(c)
				i++
			case c == '\t':
				b.WriteByte(' ')
				i++
			case c == esc:
				i = skipEscape(s, i+1)
			case c < 0x20 || c == 0x7f:
				i++
			default:
				b.WriteByte(c)
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i)
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // 8-bit DCS, SOS, OSC, PM, APC
			i = skipString(s, i)
		case unsafeRune(r):
		default:
			b.WriteString(s[i-size : i])
		}
	}
}

// skipEscape skips an escape sequence whose ESC stood just before s[i] and
// returns the index after it.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// nF sequences: intermediates 0x20-0x2f, then one final byte 0x30-0x7e.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips the parameters, intermediates and final byte of a control
// sequence that starts at s[i].
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips a control string (OSC, DCS, …) up to and including its
// terminator: BEL, ESC \ or the 8-bit ST. An unterminated string runs to the
// end of the line, so it can never swallow the rest of a file.
func skipString(s string, i int) int {
	for i < len(s) {
		switch c := s[i]; {
		case c == bel:
			return i + 1
		case c == '\n':
			return i
		case c == esc:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c: // ST
			return i + 2
		}
		i++
	}
	return i
}
