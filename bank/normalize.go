package bank

import (
	"unicode"
	"unicode/utf8"
)

// Normalize is the form texts are compared in: full-width ASCII folded to
// half-width, letters lower-cased, and all whitespace, punctuation and
// symbols removed (so blank markers ＿ and （ ） go too). Re-spacing a text,
// switching （）and (), ，and , or ＣＲＭ and crm does not change it.
//
// It is the one normaliser: the importer derives and matches question IDs
// on it, and a typed fill-in answer is compared with the bank's on it.
// Question IDs depend on it, so its output must never change.
func Normalize(s string) string {
	return string(AppendNormalized(make([]byte, 0, len(s)), s))
}

// normASCII is Normalize's rule for ASCII: 0 drops the byte (space,
// punctuation, symbol, control), otherwise the lower-case byte.
var normASCII = func() (t [utf8.RuneSelf]byte) {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if !dropped(c) {
			t[c] = byte(unicode.ToLower(c))
		}
	}
	return t
}()

// dropped reports whether Normalize leaves r out.
func dropped(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r)
}

// AppendNormalized appends the Normalize form of s to buf, for callers
// that normalise many texts into one scratch buffer.
func AppendNormalized(buf []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := decodeRune3(s[i:])
		if r >= 0x4e00 && r <= 0x9fff {
			// CJK unified ideographs: letters without case, the bulk of a
			// Chinese text.
			buf = append(buf, s[i:i+size]...)
			i += size
			continue
		}
		i += size
		switch {
		case r >= 0xff01 && r <= 0xff5e:
			r -= 0xfee0
		case r == 0x3000:
			r = ' '
		}
		if r < utf8.RuneSelf {
			if c := normASCII[r]; c != 0 {
				buf = append(buf, c)
			}
			continue
		}
		if dropped(r) {
			continue
		}
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
	}
	return buf
}

// decodeRune3 is utf8.DecodeRuneInString with the three-byte case (all of
// Chinese text) first.
func decodeRune3(s string) (rune, int) {
	// Lead bytes E1–EC and EE–EF with two continuation bytes are always a
	// valid rune (E0 may be overlong, ED a surrogate: those go the long way).
	if len(s) > 2 && s[0] > 0xe0 && s[0] < 0xf0 && s[0] != 0xed && s[1]&0xc0 == 0x80 && s[2]&0xc0 == 0x80 {
		return rune(s[0]&0x0f)<<12 | rune(s[1]&0x3f)<<6 | rune(s[2]&0x3f), 3
	}
	return utf8.DecodeRuneInString(s)
}
