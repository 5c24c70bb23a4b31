package importer

import "unicode/utf8"

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
	markerStarts = newRuneSet(numerals, "ＡＢＣＤＥＦＧＨ（√×✓✗✔✘答正参參标標【解问問第")
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

// decodeRune is utf8.DecodeRuneInString with the two- and three-byte cases
// (all of Chinese text) inline.
func decodeRune(s string) (rune, int) {
	if len(s) >= 3 {
		c0 := s[0]
		if c0 < utf8.RuneSelf {
			return rune(c0), 1
		}
		c1, c2 := s[1], s[2]
		if c0&0xf0 == 0xe0 && c1&0xc0 == 0x80 && c2&0xc0 == 0x80 {
			r := rune(c0&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f)
			if r >= 0x800 && (r < 0xd800 || r > 0xdfff) {
				return r, 3
			}
		}
	} else if len(s) > 0 && s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}
