package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lookup tables for the raw reader's hot loops: a line is scanned rune by
// rune, and most runes start no marker, no boilerplate phrase and are no
// traditional-only character. A bit per BMP rune answers that in one load.

// runeSet is a set of BMP runes (8 KB).
type runeSet [0x10000 / 64]uint64

func newRuneSet(groups ...string) *runeSet {
	s := new(runeSet)
	for _, g := range groups {
		for _, r := range g {
			s.add(r)
		}
	}
	return s
}

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r>>6] |= 1 << (uint(r) & 63)
	}
}

func (s *runeSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(uint(r)&63)) != 0
}

var (
	// numeralSet: the Chinese numerals of section headings (numerals).
	numeralSet = newRuneSet(numerals)
	// markerStarts: runes above ASCII that can start a marker (see marker).
	markerStarts = newRuneSet(numerals, "ＡＢＣＤＥＦＧＨＩＪ０１２３４５６７８９（√×✓✗✔✘答正参參标標【解问問第难知考")
	// markerASCII: ASCII bytes that can start a marker.
	markerASCII = newASCIISet("0123456789ABCDEFGHIJKRSabcdefghij(?")
	// traditionalSet: traditionalOnly as a set.
	traditionalSet = newRuneSet(traditionalOnly)
	// boilerStarts: first runes of boilerKeys and of the reading prompt.
	boilerStarts = func() *runeSet {
		s := new(runeSet)
		for _, k := range boilerKeys {
			r, _ := utf8.DecodeRuneInString(k)
			s.add(r)
		}
		s.add('已')
		return s
	}()
	// headingStarts: first runes of the section keywords.
	headingStarts = func() *runeSet {
		s := new(runeSet)
		for _, k := range sectionKeys {
			r, _ := utf8.DecodeRuneInString(k.key)
			s.add(r)
		}
		return s
	}()
)

func isNumeral(r rune) bool { return numeralSet.has(r) }

// decodeRune is utf8.DecodeRuneInString with the three-byte case (all of
// Chinese text) first.
func decodeRune(s string) (rune, int) {
	// Lead bytes E1–EC and EE–EF with two continuation bytes are always a
	// valid rune (E0 may be overlong, ED a surrogate: those go the long way).
	if len(s) > 2 && s[0] > 0xe0 && s[0] < 0xf0 && s[0] != 0xed && s[1]&0xc0 == 0x80 && s[2]&0xc0 == 0x80 {
		return rune(s[0]&0x0f)<<12 | rune(s[1]&0x3f)<<6 | rune(s[2]&0x3f), 3
	}
	return utf8.DecodeRuneInString(s)
}

// asciiSet is a set of ASCII bytes.
type asciiSet [utf8.RuneSelf]bool

func newASCIISet(chars string) *asciiSet {
	s := new(asciiSet)
	for i := 0; i < len(chars); i++ {
		s[chars[i]] = true
	}
	return s
}

// nextIn returns the index of the first rune of s at or after i that is in
// set (an ASCII byte: in ascii, if not nil), or len(s). It is the one tight
// loop the raw reader's line scans share.
func nextIn(s string, i int, set *runeSet, ascii *asciiSet) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if ascii != nil && ascii[c] {
				return i
			}
			i++
			continue
		}
		if c > 0xe0 && c < 0xf0 && c != 0xed && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			if set.has(rune(c&0x0f)<<12 | rune(s[i+1]&0x3f)<<6 | rune(s[i+2]&0x3f)) {
				return i
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if set.has(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// trimSpace is strings.TrimSpace without its slow path for text that starts
// or ends with a non-ASCII rune (every Chinese line): only when that rune
// is a Unicode space does it hand over to strings.TrimSpace.
func trimSpace(s string) string {
	start := 0
	for start < len(s) && isASCIISpace(s[start]) {
		start++
	}
	if start < len(s) && s[start] >= utf8.RuneSelf {
		if r, _ := decodeRune(s[start:]); unicode.IsSpace(r) {
			return strings.TrimSpace(s)
		}
	}
	end := len(s)
	for end > start && isASCIISpace(s[end-1]) {
		end--
	}
	if end > start && s[end-1] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeLastRuneInString(s[start:end]); unicode.IsSpace(r) {
			return strings.TrimSpace(s)
		}
	}
	return s[start:end]
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// textBuf collects a field's text like strings.Builder, but keeps a text
// of one piece as the string it was given (a slice of the input line: no
// copy) and copies only once a second piece comes.
type textBuf struct {
	s string          // the text while it is one piece (b is empty)
	b strings.Builder // the text once it has more
}

func (t *textBuf) Len() int {
	if t.b.Len() > 0 {
		return t.b.Len()
	}
	return len(t.s)
}

// String returns the text so far; like strings.Builder's, it stays valid
// as more is written.
func (t *textBuf) String() string {
	if t.b.Len() > 0 {
		return t.b.String()
	}
	return t.s
}

func (t *textBuf) Reset() { t.s = ""; t.b.Reset() }

func (t *textBuf) WriteString(x string) {
	if t.b.Len() == 0 {
		if t.s == "" {
			t.s = x
			return
		}
		t.b.Grow(2 * (len(t.s) + len(x)))
		t.b.WriteString(t.s)
		t.s = ""
	}
	t.b.WriteString(x)
}

func (t *textBuf) WriteByte(c byte) error {
	if t.b.Len() == 0 {
		t.b.Grow(2 * (len(t.s) + 1))
		t.b.WriteString(t.s)
		t.s = ""
	}
	return t.b.WriteByte(c)
}
