package importer

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sort"
	"strings"
)

// buildPDF lays out paragraphs on A4 pages as a word processor would —
// lines wrapped at the right margin, a running header, a footer with the
// page number — and writes a PDF whose text is in an Identity-H CID font
// with a ToUnicode map (as LibreOffice and Word write CJK text). No font
// program is embedded: the text layer is all a reader of text needs.
func buildPDF(title string, paras []string) []byte {
	const (
		pageW, pageH = 595.0, 842.0
		left, right  = 56.0, 539.0
		top, bottom  = 780.0, 70.0
		size         = 12.0
		leading      = 16.0
	)
	cids := map[rune]int{}
	cid := func(r rune) int {
		if c, ok := cids[r]; ok {
			return c
		}
		cids[r] = len(cids) + 1
		return cids[r]
	}
	width := func(r rune) float64 {
		if r < 0x80 {
			return 0.5
		}
		return 1
	}
	// Lines: (text, x) per page.
	type line struct {
		text string
		x, y float64
	}
	var pages [][]line
	var cur []line
	y := top
	newPage := func() {
		if cur != nil {
			pages = append(pages, cur)
		}
		cur, y = nil, top
	}
	newPage()
	for _, p := range paras {
		var b strings.Builder
		w := 0.0
		flush := func() {
			if y < bottom {
				newPage()
			}
			cur = append(cur, line{text: b.String(), x: left, y: y})
			y -= leading
			b.Reset()
			w = 0
		}
		for _, r := range p {
			if w+width(r)*size > right-left {
				flush()
			}
			b.WriteRune(r)
			w += width(r) * size
		}
		flush()
	}
	pages = append(pages, cur)

	hex := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, "%04X", cid(r))
		}
		return b.String()
	}
	var contents []string
	for i, pl := range pages {
		var c strings.Builder
		show := func(s string, x, y float64) {
			fmt.Fprintf(&c, "BT /F1 %.0f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET\n", size, x, y, hex(s))
		}
		show(title, left, pageH-30)
		for _, l := range pl {
			show(l.text, l.x, l.y)
		}
		show(fmt.Sprintf("第 %d 页", i+1), pageW/2-20, 36)
		contents = append(contents, c.String())
	}

	var out bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	stream := func(dict string, data []byte) string {
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
	}
	deflate := func(s string) []byte {
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	n := len(pages)
	// 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, then page i at
	// 6+2i and its content at 7+2i.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", 6+2*i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] /MediaBox [0 0 %.0f %.0f] >>", n, kids.String(), pageW, pageH))
	obj("<< /Type /Font /Subtype /Type0 /BaseFont /TestCJK /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>")
	// Every CID's width: 1000, ASCII 500.
	type pair struct {
		r rune
		c int
	}
	var all []pair
	for r, c := range cids {
		all = append(all, pair{r, c})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].c < all[j].c })
	var w strings.Builder
	for _, p := range all {
		fmt.Fprintf(&w, "%d [%d] ", p.c, int(width(p.r)*1000))
	}
	obj(fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestCJK /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /W [%s] >>", w.String()))
	var cm strings.Builder
	cm.WriteString("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Test def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
	for i := 0; i < len(all); i += 100 {
		chunk := all[i:min(i+100, len(all))]
		fmt.Fprintf(&cm, "%d beginbfchar\n", len(chunk))
		for _, p := range chunk {
			var hexu strings.Builder
			if x := p.r; x > 0xffff {
				x -= 0x10000
				fmt.Fprintf(&hexu, "%04X%04X", 0xd800+(x>>10), 0xdc00+(x&0x3ff))
			} else {
				fmt.Fprintf(&hexu, "%04X", x)
			}
			fmt.Fprintf(&cm, "<%04X> <%s>\n", p.c, hexu.String())
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap CMapName currentdict /CMap defineresource pop end end\n")
	obj(stream("", []byte(cm.String())))
	for i := 0; i < n; i++ {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 7+2*i))
		obj(stream("/Filter /FlateDecode", deflate(contents[i])))
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return out.Bytes()
}

// sampleBank is a question bank of n questions in the usual layout, with
// long stems that a page wraps and varied characters: a heading line, then
// per question its stem, a line of options and the answer.
func sampleBank(n int) []string {
	const han = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
	var paras []string
	seed := uint32(7)
	next := func() int {
		seed = seed*1664525 + 1013904223
		return int(seed >> 8)
	}
	hanR := []rune(han)
	text := func(k int) string {
		var b strings.Builder
		for i := 0; i < k; i++ {
			b.WriteRune(hanR[next()%len(hanR)])
		}
		return b.String()
	}
	for i := 1; i <= n; i++ {
		// Sections of 500 questions, each numbered from 1.
		if i%500 == 1 {
			paras = append(paras, "单项选择题")
		}
		paras = append(paras,
			fmt.Sprintf("%d．%s，%s（　　）。", (i-1)%500+1, text(30+next()%40), text(10)),
			fmt.Sprintf("A．%s　　B．%s　　C．%s　　D．%s", text(4), text(4), text(4), text(4)),
			fmt.Sprintf("答案：%c", 'A'+rune(next()%4)))
	}
	return paras
}
