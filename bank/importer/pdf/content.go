package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Line is a line of text on a page, in PDF units from the page's
// bottom-left corner.
type Line struct {
	Text   string
	X0, X1 float64 // left and right edge
	Y      float64 // baseline
	Size   float64 // font size
}

// Page is what a page shows as text.
type Page struct {
	Width, Height float64
	Lines         []Line
	Images        int // images drawn (a scanned page is one)
	Unmapped      int // characters whose font gives no text for them
}

// Read reads the text of every page. A file it cannot open gives
// ErrDamaged, ErrEncrypted or ErrLimit (wrapped with what went wrong).
func Read(data []byte, lim Limits) (pages []Page, err error) {
	f, err := open(data, lim)
	if err != nil {
		return nil, err
	}
	root, _ := f.resolve(f.trailer["Root"]).(Dict)
	if root == nil {
		return nil, fmt.Errorf("%w: no document catalog", ErrDamaged)
	}
	var list []pageRef
	if err := f.collectPages(root["Pages"], nil, 0, &list, map[int64]bool{}); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%w: no pages", ErrDamaged)
	}
	fonts := map[any]*font{}
	for _, pr := range list {
		p, err := f.readPage(pr, fonts)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

type pageRef struct {
	dict      Dict
	resources Dict
	box       [4]float64
}

// collectPages walks the page tree, passing inherited attributes down.
func (f *file) collectPages(node any, inherit Dict, depth int, out *[]pageRef, seen map[int64]bool) error {
	if r, ok := node.(Ref); ok {
		// The same node met twice is a loop (or a page listed twice).
		if seen[r.Num] {
			return nil
		}
		seen[r.Num] = true
	}
	d, ok := f.resolve(node).(Dict)
	if !ok || depth > 64 {
		return nil
	}
	inh := Dict{}
	for k, v := range inherit {
		inh[k] = v
	}
	for _, k := range []Name{"Resources", "MediaBox", "CropBox"} {
		if v, ok := d[k]; ok {
			inh[k] = v
		}
	}
	if kids, ok := f.resolve(d["Kids"]).(Array); ok && d["Type"] != Name("Page") {
		for _, k := range kids {
			if err := f.collectPages(k, inh, depth+1, out, seen); err != nil {
				return err
			}
		}
		return nil
	}
	if len(*out) >= f.lim.Pages {
		return fmt.Errorf("%w: more than %d pages", ErrLimit, f.lim.Pages)
	}
	pr := pageRef{dict: d, box: [4]float64{0, 0, 612, 792}}
	pr.resources, _ = f.resolve(inh["Resources"]).(Dict)
	box := inh["CropBox"]
	if box == nil {
		box = inh["MediaBox"]
	}
	if a, ok := f.resolve(box).(Array); ok && len(a) == 4 {
		for i := range a {
			pr.box[i] = num(f.resolve(a[i]))
		}
	}
	*out = append(*out, pr)
	return nil
}

type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

type gstate struct {
	ctm                        matrix
	font                       *font
	size, tc, tw, th, tl, rise float64
}

// placed is one character where the page shows it.
type placed struct {
	text    string
	x, y    float64
	x1      float64
	size    float64
	visible bool
}

type interp struct {
	f       *file
	fonts   map[any]*font
	gs      gstate
	stack   []gstate
	tm, tlm matrix
	glyphs  []placed
	images  int
	unmap   int
	depth   int
	buf     []glyph
}

func (f *file) readPage(pr pageRef, fonts map[any]*font) (Page, error) {
	p := Page{Width: pr.box[2] - pr.box[0], Height: pr.box[3] - pr.box[1]}
	var content []byte
	switch c := f.resolve(pr.dict["Contents"]).(type) {
	case *Stream:
		b, err := f.decode(c)
		if err != nil {
			if errors.Is(err, ErrLimit) {
				return p, err
			}
			break
		}
		content = b
	case Array:
		var all bytes.Buffer
		for _, x := range c {
			if s, ok := f.resolve(x).(*Stream); ok {
				b, err := f.decode(s)
				if errors.Is(err, ErrLimit) {
					return p, err
				}
				all.Write(b)
				all.WriteByte('\n')
			}
		}
		content = all.Bytes()
	}
	// The characters of one page are scratch: their buffers serve every page.
	in := &interp{f: f, fonts: fonts, gs: gstate{ctm: identity, th: 1}, glyphs: f.glyphs[:0]}
	defer func() { f.glyphs = in.glyphs[:0] }()
	in.gs.ctm = matrix{1, 0, 0, 1, -pr.box[0], -pr.box[1]}
	if err := in.run(content, pr.resources); err != nil {
		return p, err
	}
	p.Images, p.Unmapped = in.images, in.unmap
	p.Lines, f.visible = layout(in.glyphs, p.Width, f.visible[:0])
	return p, nil
}

// run interprets a content stream.
func (in *interp) run(content []byte, res Dict) error {
	l := &lexer{b: content, noRefs: true}
	var args []any
	for {
		tok, ok, err := l.token()
		if !ok {
			return nil
		}
		if err != nil {
			args = args[:0]
			continue
		}
		kw, isOp := tok.(keyword)
		if !isOp || kw == "[" || kw == "<<" || kw == "true" || kw == "false" || kw == "null" {
			v, err := l.complete(tok)
			if err != nil {
				args = args[:0]
				continue
			}
			if len(args) < 64 {
				args = append(args, v)
			}
			continue
		}
		in.f.ops++
		if in.f.ops > in.f.lim.Ops {
			return fmt.Errorf("%w: more than %d drawing operations", ErrLimit, in.f.lim.Ops)
		}
		if kw == "BI" {
			skipInlineImage(l)
			in.images++
			args = args[:0]
			continue
		}
		if err := in.op(string(kw), args, res); err != nil {
			return err
		}
		args = args[:0]
	}
}

// skipInlineImage moves past "… ID <data> EI".
func skipInlineImage(l *lexer) {
	i := bytes.Index(l.b[l.pos:], []byte("ID"))
	if i < 0 {
		l.pos = len(l.b)
		return
	}
	p := l.pos + i + 3
	for p < len(l.b) {
		j := bytes.Index(l.b[p:], []byte("EI"))
		if j < 0 {
			l.pos = len(l.b)
			return
		}
		e := p + j
		if e > 0 && isWhite(l.b[e-1]) && (e+2 >= len(l.b) || isWhite(l.b[e+2])) {
			l.pos = e + 2
			return
		}
		p = e + 2
	}
	l.pos = len(l.b)
}

func nums(args []any, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		v, ok := numOK(args[len(args)-n+i])
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func (in *interp) op(op string, args []any, res Dict) error {
	g := &in.gs
	switch op {
	case "q":
		if len(in.stack) < 256 {
			in.stack = append(in.stack, *g)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			*g = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(args, 6); ok {
			g.ctm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.mul(g.ctm)
		}
	case "BT":
		in.tm, in.tlm = identity, identity
	case "Tf":
		if len(args) >= 2 {
			if n, ok := args[len(args)-2].(Name); ok {
				g.font = in.font(res, n)
			}
			g.size = num(args[len(args)-1])
		}
	case "Tc":
		if v, ok := nums(args, 1); ok {
			g.tc = v[0]
		}
	case "Tw":
		if v, ok := nums(args, 1); ok {
			g.tw = v[0]
		}
	case "Tz":
		if v, ok := nums(args, 1); ok {
			g.th = v[0] / 100
		}
	case "TL":
		if v, ok := nums(args, 1); ok {
			g.tl = v[0]
		}
	case "Ts":
		if v, ok := nums(args, 1); ok {
			g.rise = v[0]
		}
	case "Td":
		if v, ok := nums(args, 2); ok {
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "TD":
		if v, ok := nums(args, 2); ok {
			g.tl = -v[1]
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "Tm":
		if v, ok := nums(args, 6); ok {
			in.tlm = matrix{v[0], v[1], v[2], v[3], v[4], v[5]}
			in.tm = in.tlm
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(args) >= 1 {
			if s, ok := args[len(args)-1].(String); ok {
				in.show(s)
			}
		}
	case "'":
		in.nextLine()
		if len(args) >= 1 {
			if s, ok := args[len(args)-1].(String); ok {
				in.show(s)
			}
		}
	case "\"":
		if v, ok := nums(args[:max(0, len(args)-1)], 2); ok {
			g.tw, g.tc = v[0], v[1]
		}
		in.nextLine()
		if len(args) >= 1 {
			if s, ok := args[len(args)-1].(String); ok {
				in.show(s)
			}
		}
	case "TJ":
		if len(args) >= 1 {
			if a, ok := args[len(args)-1].(Array); ok {
				for _, x := range a {
					switch v := x.(type) {
					case String:
						in.show(v)
					case int64, float64:
						// A negative number moves right (less kerning).
						tx := -num(v) / 1000 * g.size * g.th
						in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
					}
				}
			}
		}
	case "Do":
		if len(args) >= 1 {
			if n, ok := args[len(args)-1].(Name); ok {
				return in.xobject(res, n)
			}
		}
	}
	return nil
}

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.tl}.mul(in.tlm)
	in.tm = in.tlm
}

// font finds and loads (once) a font of the resources.
func (in *interp) font(res Dict, n Name) *font {
	fd, _ := in.f.resolve(res["Font"]).(Dict)
	if fd == nil {
		return nil
	}
	ref := fd[n]
	key := any(ref)
	if r, ok := ref.(Ref); ok {
		key = r
	} else {
		key = fmt.Sprintf("%p/%s", fd, n)
	}
	if ft, ok := in.fonts[key]; ok {
		return ft
	}
	d, _ := in.f.resolve(ref).(Dict)
	var ft *font
	if d != nil {
		ft = in.f.loadFont(d)
	}
	in.fonts[key] = ft
	return ft
}

// show places the characters of a string.
func (in *interp) show(s String) {
	g := &in.gs
	ft := g.font
	if ft == nil {
		ft = &font{scale: 0.001, defWidth: 500, encoding: standardEncoding}
	}
	in.buf = ft.decodeString(s, in.buf[:0])
	for _, gl := range in.buf {
		trm := matrix{g.size * g.th, 0, 0, g.size, 0, g.rise}.mul(in.tm).mul(g.ctm)
		adv := (gl.width*g.size + g.tc) * g.th
		if gl.space {
			adv += g.tw * g.th
		}
		size := math.Hypot(trm[2], trm[3])
		// Text on a slant or upright (a watermark, a margin note) is not
		// part of the lines.
		horizontal := math.Abs(trm[1]) < 0.1*math.Abs(trm[0]) && trm[0] > 0
		endX := trm[4] + gl.width*trm[0]
		if len(in.glyphs) < 4_000_000 && size > 0.5 {
			if gl.text == "" {
				in.unmap++
			} else {
				in.glyphs = append(in.glyphs, placed{text: gl.text, x: trm[4], y: trm[5], x1: endX, size: size, visible: horizontal})
			}
		}
		in.tm = matrix{1, 0, 0, 1, adv, 0}.mul(in.tm)
	}
}

// xobject draws a form (its content, with its own resources) or counts an
// image.
func (in *interp) xobject(res Dict, n Name) error {
	xd, _ := in.f.resolve(res["XObject"]).(Dict)
	if xd == nil {
		return nil
	}
	s, ok := in.f.resolve(xd[n]).(*Stream)
	if !ok {
		return nil
	}
	switch in.f.resolve(s.Dict["Subtype"]) {
	case Name("Image"):
		in.images++
	case Name("Form"):
		if in.depth >= 8 {
			return nil
		}
		data, err := in.f.decode(s)
		if err != nil {
			if errors.Is(err, ErrLimit) {
				return err
			}
			return nil
		}
		sub, _ := in.f.resolve(s.Dict["Resources"]).(Dict)
		if sub == nil {
			sub = res
		}
		saved, savedStack, tm, tlm := in.gs, in.stack, in.tm, in.tlm
		in.stack = nil
		if m, ok := in.f.resolve(s.Dict["Matrix"]).(Array); ok && len(m) == 6 {
			var v matrix
			for i := range m {
				v[i] = num(in.f.resolve(m[i]))
			}
			in.gs.ctm = v.mul(in.gs.ctm)
		}
		in.depth++
		err = in.run(data, sub)
		in.depth--
		in.gs, in.stack, in.tm, in.tlm = saved, savedStack, tm, tlm
		return err
	}
	return nil
}

// layout groups the characters of a page into lines, top to bottom, each
// left to right, with spaces where the gaps between characters are wide.
func layout(gl []placed, width float64, vis []placed) ([]Line, []placed) {
	for _, g := range gl {
		if g.visible && g.x > -g.size && (width <= 0 || g.x < width+g.size) {
			vis = append(vis, g)
		}
	}
	if len(vis) == 0 {
		return nil, vis
	}
	sort.SliceStable(vis, func(i, j int) bool { return vis[i].y > vis[j].y })
	var lines []Line
	for i := 0; i < len(vis); {
		// A line: characters whose baselines lie within a fraction of the
		// font size of the first one's.
		j := i + 1
		for j < len(vis) && vis[i].y-vis[j].y < 0.4*math.Max(vis[i].size, vis[j].size) {
			j++
		}
		lines = append(lines, buildLine(vis[i:j]))
		i = j
	}
	return lines, vis
}

func buildLine(gs []placed) Line {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].x < gs[j].x })
	var b strings.Builder
	ln := Line{X0: gs[0].x, Y: gs[0].y}
	var prev *placed
	for k := range gs {
		g := &gs[k]
		if g.size > ln.Size {
			ln.Size = g.size
		}
		if prev != nil {
			// The same character drawn again just beside itself: fake bold.
			if g.text == prev.text && math.Abs(g.x-prev.x) < 0.2*g.size {
				continue
			}
			gap := g.x - prev.x1
			switch {
			case gap > 1.5*g.size:
				b.WriteString("   ")
			case gap > 0.25*g.size && !strings.HasSuffix(b.String(), " ") && g.text != " ":
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.text)
		if g.x1 > ln.X1 {
			ln.X1 = g.x1
		}
		prev = g
	}
	ln.Text = cleanText(b.String())
	return ln
}

// cleanText normalises what fonts map characters to: Kangxi radicals and
// compatibility ideographs to the ordinary characters, no-break spaces to
// spaces; control and private-use characters are dropped.
func cleanText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x2f00 && r <= 0x2fdf, r >= 0xf900 && r <= 0xfaff, r >= 0x2e80 && r <= 0x2eff:
			b.WriteString(norm.NFKC.String(string(r)))
		case r == 0xa0:
			b.WriteByte(' ')
		case unicode.IsControl(r), r >= 0xe000 && r <= 0xf8ff, r == 0xfffd, r == 0xfeff:
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimRight(b.String(), " ")
}
