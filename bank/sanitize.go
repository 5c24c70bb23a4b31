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
	if Clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	sanitizeTo(&b, s)
	return b.String()
}

// Clean reports whether Sanitize leaves s as it is:
// s is valid UTF-8 and holds no C0 control but newline, no DEL, no C1
// control, no bidi control, no BOM and no interlinear annotation control
// (droppedRune). Text cut from a clean s at rune boundaries is clean
// too. It is one pass that validates UTF-8 as utf8.ValidString does and
// looks closer only at the lead bytes of the runes Sanitize drops (0xc2,
// 0xe2, 0xef), without decoding runes, Chinese first: several times as
// fast on Chinese text as ValidString followed by a scan. It is the one
// cleanliness check: the parser, the importer and the store's loader skip
// Sanitize where it says true.
func Clean(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		if c-0xe3 <= 0xec-0xe3 || c == 0xe1 || c == 0xee {
			// the three-byte runes with nothing to look at:
			// U+1000-U+1FFF, U+3000-U+CFFF (Chinese), U+E000-U+EFFF
			if i+2 >= n || s[i+1]&0xc0 != 0x80 || s[i+2]&0xc0 != 0x80 {
				return false
			}
			i += 3
			continue
		}
		if c < 0x80 {
			// eight ASCII bytes at a time: none with the high bit, none
			// below 0x20, no 0x7f (x+1 carries into the high bit)
			if i+8 <= n {
				x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
					uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
				if x&highs == 0 && (x-0x20*ones)&highs == 0 && (x+ones)&highs == 0 {
					i += 8
					continue
				}
			}
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		switch {
		case c < 0xc2: // a continuation byte, or an overlong lead
			return false
		case c < 0xe0:
			if i+1 >= n || s[i+1]&0xc0 != 0x80 || c == 0xc2 && s[i+1] < 0xa0 { // C1 controls U+0080-U+009F
				return false
			}
			i += 2
		case c < 0xf0: // 0xe0, 0xe2, 0xed, 0xef
			if i+2 >= n {
				return false
			}
			c1, c2 := s[i+1], s[i+2]
			if c1&0xc0 != 0x80 || c2&0xc0 != 0x80 {
				return false
			}
			switch c {
			case 0xe0: // no overlong form
				if c1 < 0xa0 {
					return false
				}
			case 0xed: // no surrogate
				if c1 > 0x9f {
					return false
				}
			case 0xe2: // U+2000-U+2FFF
				if c1 == 0x80 && (c2 == 0x8e || c2 == 0x8f || c2 >= 0xaa && c2 <= 0xae) || // LRM RLM, U+202A-U+202E
					c1 == 0x81 && c2 >= 0xa6 && c2 <= 0xa9 { // U+2066-U+2069
					return false
				}
			case 0xef: // U+F000-U+FFFF
				if c1 == 0xbb && c2 == 0xbf || c1 == 0xbf && c2 >= 0xb9 && c2 <= 0xbb { // U+FEFF, U+FFF9-U+FFFB
					return false
				}
			}
			i += 3
		case c < 0xf5:
			if i+3 >= n || s[i+2]&0xc0 != 0x80 || s[i+3]&0xc0 != 0x80 {
				return false
			}
			c1 := s[i+1]
			if c == 0xf0 && (c1 < 0x90 || c1 > 0xbf) || c == 0xf4 && (c1 < 0x80 || c1 > 0x8f) || c1&0xc0 != 0x80 {
				return false
			}
			i += 4
		default:
			return false
		}
	}
	return true
}

// droppedRune reports runes (above ASCII) that Sanitize drops.
func droppedRune(r rune) bool {
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
		case droppedRune(r):
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
