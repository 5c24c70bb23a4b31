package pdf

import (
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// font turns the bytes of a shown string into characters and their widths.
type font struct {
	// codespace: the byte lengths codes may have, by first byte; nil means
	// one byte each (a simple font).
	codeLen   func(b []byte) int
	toUnicode map[uint32]string // code (with its length in the top byte) → text
	encoding  [256]string       // simple fonts: code → text (from /Encoding)
	cidDecode func(code []byte) string
	widths    map[uint32]float64 // code or CID → width in text space × 1000
	cid       bool               // composite (Type0) font: widths by CID
	cidOf     func(code uint32) uint32
	defWidth  float64
	firstChar int
	simpleW   []float64
	scale     float64 // glyph space → text space (1/1000, or a Type3 FontMatrix)
}

const codeLenShift = 24

// maxFontCodes bounds the entries of a font's maps (ToUnicode, widths):
// a font has at most 65,535 glyphs.
const maxFontCodes = 1 << 17

func codeKey(code uint32, n int) uint32 { return code | uint32(n)<<codeLenShift }

// glyph is one character code of a shown string.
type glyph struct {
	text  string
	width float64 // in text space units (before the font size)
	space bool    // a single-byte code 32
}

// decodeString splits a string into its codes.
func (ft *font) decodeString(s []byte, out []glyph) []glyph {
	for i := 0; i < len(s); {
		n := 1
		if ft.codeLen != nil {
			n = ft.codeLen(s[i:])
			if n < 1 || i+n > len(s) {
				n = len(s) - i
				if n > 4 {
					n = 1
				}
			}
		}
		var code uint32
		for _, c := range s[i : i+n] {
			code = code<<8 | uint32(c)
		}
		g := glyph{space: n == 1 && code == 32}
		if t, ok := ft.toUnicode[codeKey(code, n)]; ok {
			g.text = t
		} else if ft.cidDecode != nil {
			g.text = ft.cidDecode(s[i : i+n])
		} else if n == 1 {
			g.text = ft.encoding[code]
		}
		g.width = ft.width(code) * ft.scale
		out = append(out, g)
		i += n
	}
	return out
}

func (ft *font) width(code uint32) float64 {
	if ft.cid {
		cid := code
		if ft.cidOf != nil {
			cid = ft.cidOf(code)
		}
		if w, ok := ft.widths[cid]; ok {
			return w
		}
		return ft.defWidth
	}
	i := int(code) - ft.firstChar
	if i >= 0 && i < len(ft.simpleW) {
		return ft.simpleW[i]
	}
	return ft.defWidth
}

// loadFont reads a font dictionary.
func (f *file) loadFont(d Dict) *font {
	ft := &font{scale: 0.001, defWidth: 500}
	subtype, _ := f.resolve(d["Subtype"]).(Name)
	if tu, ok := f.resolve(d["ToUnicode"]).(*Stream); ok {
		if data, err := f.decode(tu); err == nil {
			ft.toUnicode, _ = parseCMap(data, maxFontCodes)
		}
	}
	if subtype == "Type0" {
		f.loadComposite(ft, d)
		return ft
	}
	// A simple font: one byte per code.
	base := standardEncoding
	if subtype == "TrueType" {
		base = winAnsiEncoding
	}
	switch e := f.resolve(d["Encoding"]).(type) {
	case Name:
		base = namedEncoding(e, base)
	case Dict:
		if n, ok := f.resolve(e["BaseEncoding"]).(Name); ok {
			base = namedEncoding(n, base)
		}
		ft.encoding = base
		if diffs, ok := f.resolve(e["Differences"]).(Array); ok {
			code := 0
			for _, v := range diffs {
				switch x := f.resolve(v).(type) {
				case int64:
					code = int(x)
				case Name:
					if code >= 0 && code < 256 {
						ft.encoding[code] = glyphText(string(x))
					}
					code++
				}
			}
		}
		base = ft.encoding
	}
	ft.encoding = base
	if fc, ok := f.resolve(d["FirstChar"]).(int64); ok && fc >= 0 && fc < 256 {
		ft.firstChar = int(fc)
	}
	if ws, ok := f.resolve(d["Widths"]).(Array); ok && len(ws) <= 256 {
		for _, w := range ws {
			ft.simpleW = append(ft.simpleW, num(f.resolve(w)))
		}
	}
	if fd, ok := f.resolve(d["FontDescriptor"]).(Dict); ok {
		if mw, ok := numOK(f.resolve(fd["MissingWidth"])); ok && mw > 0 {
			ft.defWidth = mw
		}
	}
	if subtype == "Type3" {
		if m, ok := f.resolve(d["FontMatrix"]).(Array); ok && len(m) == 6 {
			if s := num(f.resolve(m[0])); s > 0 && s < 1 {
				ft.scale = s
			}
		}
	}
	return ft
}

// loadComposite reads a Type0 font: its CMap (Identity-H, a predefined
// Chinese one, or an embedded one) and its descendant CID font's widths.
func (f *file) loadComposite(ft *font, d Dict) {
	ft.cid = true
	ft.defWidth = 1000
	ft.codeLen = func([]byte) int { return 2 }
	switch e := f.resolve(d["Encoding"]).(type) {
	case Name:
		f.predefinedCMap(ft, string(e))
	case *Stream:
		if data, err := f.decode(e); err == nil {
			cm := parseEncodingCMap(data, maxFontCodes)
			if cm.useCMap != "" {
				f.predefinedCMap(ft, cm.useCMap)
			}
			if len(cm.spaces) > 0 {
				ft.codeLen = cm.codeLen
			}
			if len(cm.cids) > 0 || len(cm.ranges) > 0 {
				ft.cidOf = cm.cid
			}
		}
	}
	desc, _ := f.resolve(d["DescendantFonts"]).(Array)
	if len(desc) == 0 {
		return
	}
	cf, _ := f.resolve(desc[0]).(Dict)
	if cf == nil {
		return
	}
	if dw, ok := numOK(f.resolve(cf["DW"])); ok {
		ft.defWidth = dw
	}
	ft.widths = map[uint32]float64{}
	w, _ := f.resolve(cf["W"]).(Array)
	for i := 0; i < len(w); {
		first, ok := f.resolve(w[i]).(int64)
		if !ok || i+1 >= len(w) {
			break
		}
		switch x := f.resolve(w[i+1]).(type) {
		case Array:
			for k, v := range x {
				if len(ft.widths) >= maxFontCodes {
					return
				}
				ft.widths[uint32(first)+uint32(k)] = num(f.resolve(v))
			}
			i += 2
		default:
			if i+2 >= len(w) {
				return
			}
			last, _ := f.resolve(w[i+1]).(int64)
			width := num(f.resolve(w[i+2]))
			if last-first > 65535 || last < first {
				i += 3
				continue
			}
			for c := first; c <= last; c++ {
				if len(ft.widths) >= maxFontCodes {
					return
				}
				ft.widths[uint32(c)] = width
			}
			i += 3
		}
	}
}

// predefinedCMap sets up the code lengths and, for CMaps that encode
// Unicode or a Chinese national encoding, the text of codes that have no
// ToUnicode entry.
func (f *file) predefinedCMap(ft *font, name string) {
	switch {
	case strings.HasPrefix(name, "Identity"):
		ft.codeLen = func([]byte) int { return 2 }
	case strings.Contains(name, "UCS2"):
		ft.codeLen = func([]byte) int { return 2 }
		ft.cidDecode = utf16Text
	case strings.Contains(name, "UTF16"):
		ft.codeLen = func(b []byte) int {
			if len(b) >= 4 && b[0] >= 0xd8 && b[0] <= 0xdb {
				return 4
			}
			return 2
		}
		ft.cidDecode = utf16Text
	case strings.HasPrefix(name, "GBK") || strings.HasPrefix(name, "GB-") || strings.HasPrefix(name, "GBpc") || strings.HasPrefix(name, "GBT"):
		ft.codeLen = multiByteLen
		ft.cidDecode = decoderText(func(b []byte) ([]byte, error) { return simplifiedchinese.GB18030.NewDecoder().Bytes(b) })
	case strings.HasPrefix(name, "B5") || strings.HasPrefix(name, "ETen") || strings.HasPrefix(name, "HKscs"):
		ft.codeLen = multiByteLen
		ft.cidDecode = decoderText(func(b []byte) ([]byte, error) { return traditionalchinese.Big5.NewDecoder().Bytes(b) })
	}
}

// multiByteLen: ASCII is one byte, anything else a lead byte and a trail.
func multiByteLen(b []byte) int {
	if len(b) > 0 && b[0] < 0x81 {
		return 1
	}
	return 2
}

func utf16Text(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

func decoderText(dec func([]byte) ([]byte, error)) func([]byte) string {
	return func(b []byte) string {
		out, err := dec(b)
		if err != nil {
			return ""
		}
		return string(out)
	}
}

func num(v any) float64 {
	n, _ := numOK(v)
	return n
}

func numOK(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// encodingCMap is an embedded CMap of a Type0 font: code space ranges and
// code → CID mappings.
type encodingCMap struct {
	spaces  []codeRange
	cids    map[uint32]uint32
	ranges  []cidRange
	useCMap string
}

type codeRange struct {
	n      int
	lo, hi []byte
}

type cidRange struct {
	n      int
	lo, hi uint32
	cid    uint32
}

func (cm *encodingCMap) codeLen(b []byte) int {
	for _, r := range cm.spaces {
		if len(b) < r.n {
			continue
		}
		ok := true
		for k := 0; k < r.n; k++ {
			if b[k] < r.lo[k] || b[k] > r.hi[k] {
				ok = false
				break
			}
		}
		if ok {
			return r.n
		}
	}
	return 1
}

func (cm *encodingCMap) cid(code uint32) uint32 {
	if c, ok := cm.cids[code]; ok {
		return c
	}
	for _, r := range cm.ranges {
		if code >= r.lo && code <= r.hi {
			return r.cid + code - r.lo
		}
	}
	return code
}

func bytesCode(b []byte) uint32 {
	var v uint32
	for _, c := range b[:min(len(b), 4)] {
		v = v<<8 | uint32(c)
	}
	return v
}

// parseEncodingCMap reads codespace ranges, cidchar and cidrange sections.
func parseEncodingCMap(data []byte, limit int) *encodingCMap {
	cm := &encodingCMap{cids: map[uint32]uint32{}}
	l := &lexer{b: data}
	var prev []any
	for {
		tok, ok, err := l.token()
		if !ok {
			break
		}
		if err != nil {
			continue
		}
		switch tok {
		case keyword("usecmap"):
			if len(prev) > 0 {
				if n, ok := prev[len(prev)-1].(Name); ok {
					cm.useCMap = string(n)
				}
			}
		case keyword("begincodespacerange"):
			for _, p := range cmapSection(l, "endcodespacerange", 2) {
				lo, ok1 := p[0].(String)
				hi, ok2 := p[1].(String)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					cm.spaces = append(cm.spaces, codeRange{n: len(lo), lo: lo, hi: hi})
				}
			}
		case keyword("begincidchar"):
			for _, p := range cmapSection(l, "endcidchar", 2) {
				c, ok1 := p[0].(String)
				id, ok2 := p[1].(int64)
				if ok1 && ok2 && len(cm.cids) < limit {
					cm.cids[bytesCode(c)] = uint32(id)
				}
			}
		case keyword("begincidrange"):
			for _, p := range cmapSection(l, "endcidrange", 3) {
				lo, ok1 := p[0].(String)
				hi, ok2 := p[1].(String)
				id, ok3 := p[2].(int64)
				if ok1 && ok2 && ok3 && len(cm.ranges) < limit {
					cm.ranges = append(cm.ranges, cidRange{n: len(lo), lo: bytesCode(lo), hi: bytesCode(hi), cid: uint32(id)})
				}
			}
		}
		prev = append(prev[max(0, len(prev)-4):], tok)
	}
	return cm
}

// cmapSection reads the entries of a CMap section up to its end keyword,
// size objects per entry (arrays taken whole).
func cmapSection(l *lexer, end string, size int) [][]any {
	var out [][]any
	var cur []any
	for {
		tok, ok, err := l.token()
		if !ok {
			return out
		}
		if err != nil {
			continue
		}
		if tok == keyword(end) {
			return out
		}
		v, err := l.complete(tok)
		if err != nil {
			continue
		}
		cur = append(cur, v)
		if len(cur) == size {
			out = append(out, cur)
			cur = nil
		}
	}
}

// parseCMap reads a ToUnicode CMap: bfchar and bfrange sections, keys
// carrying the code's byte length. It also returns the code lengths of its
// codespace ranges.
func parseCMap(data []byte, limit int) (map[uint32]string, []codeRange) {
	m := map[uint32]string{}
	var spaces []codeRange
	l := &lexer{b: data}
	for {
		tok, ok, err := l.token()
		if !ok {
			break
		}
		if err != nil {
			continue
		}
		switch tok {
		case keyword("begincodespacerange"):
			for _, p := range cmapSection(l, "endcodespacerange", 2) {
				lo, ok1 := p[0].(String)
				hi, ok2 := p[1].(String)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					spaces = append(spaces, codeRange{n: len(lo), lo: lo, hi: hi})
				}
			}
		case keyword("beginbfchar"):
			for _, p := range cmapSection(l, "endbfchar", 2) {
				src, ok1 := p[0].(String)
				if !ok1 || len(src) == 0 || len(src) > 4 || len(m) >= limit {
					continue
				}
				switch dst := p[1].(type) {
				case String:
					m[codeKey(bytesCode(src), len(src))] = utf16Text(dst)
				case Name:
					m[codeKey(bytesCode(src), len(src))] = glyphText(string(dst))
				}
			}
		case keyword("beginbfrange"):
			for _, p := range cmapSection(l, "endbfrange", 3) {
				lo, ok1 := p[0].(String)
				hi, ok2 := p[1].(String)
				if !ok1 || !ok2 || len(lo) == 0 || len(lo) > 4 || len(hi) != len(lo) {
					continue
				}
				a, b := bytesCode(lo), bytesCode(hi)
				if b < a || b-a > 0xffff {
					continue
				}
				switch dst := p[2].(type) {
				case String:
					if len(dst) == 0 {
						continue
					}
					base := append([]byte(nil), dst...)
					for c := a; c <= b && len(m) < limit; c++ {
						m[codeKey(c, len(lo))] = utf16Text(base)
						// The last byte counts up (PDF 1.7, 9.10.3).
						base[len(base)-1]++
						if base[len(base)-1] == 0 && len(base) >= 2 {
							base[len(base)-2]++
						}
					}
				case Array:
					for k, v := range dst {
						c := a + uint32(k)
						if c > b || len(m) >= limit {
							break
						}
						if s, ok := v.(String); ok {
							m[codeKey(c, len(lo))] = utf16Text(s)
						}
					}
				}
			}
		}
	}
	return m, spaces
}

// glyphText is the text of a glyph name: "A", "uni4E2D", "u1F600",
// "space", "comma" …; "" if unknown.
func glyphText(name string) string {
	if t, ok := glyphNames[name]; ok {
		return t
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i] // "a.sc", "one.oldstyle"
		if t, ok := glyphNames[name]; ok {
			return t
		}
	}
	if len(name) == 1 && (name[0] >= 'A' && name[0] <= 'Z' || name[0] >= 'a' && name[0] <= 'z') {
		return name
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var b strings.Builder
		for i := 3; i+4 <= len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil {
				return ""
			}
			b.WriteRune(rune(v))
		}
		return b.String()
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && v <= 0x10ffff {
			return string(rune(v))
		}
	}
	return ""
}
