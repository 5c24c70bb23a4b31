package importer

import (
	"errors"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer/pdf"
)

// PDF files: the text layer (package pdf gives each page's lines with their
// positions) made into the text a reader follows — page headers, footers
// and page numbers dropped, lines the page wrapped joined back — and handed
// to the raw 题库 reader.

// pdfLimits bound the reading of one PDF (the fuzz test tightens them).
var pdfLimits = pdf.DefaultLimits

// readPDF imports a PDF.
func readPDF(name string, data []byte, opts Options, rep *Report) (*bank.Bank, error) {
	text, err := pdfText(data, rep)
	if err != nil {
		return nil, err
	}
	rep.Encoding = "UTF-8"
	return parseRaw(name, text, opts, rep), nil
}

// pdfText is the text of a PDF, one line per line the reader sees.
func pdfText(data []byte, rep *Report) (string, error) {
	pages, err := pdf.Read(data, pdfLimits)
	switch {
	case errors.Is(err, pdf.ErrEncrypted):
		return "", fail("pdf.encrypted")
	case errors.Is(err, pdf.ErrLimit):
		return "", wrap(err, "pdf.limit")
	case err != nil:
		return "", wrap(err, "pdf.unreadable")
	}
	chars, images, unmapped := 0, 0, 0
	for _, p := range pages {
		images += p.Images
		unmapped += p.Unmapped
		for _, l := range p.Lines {
			chars += utf8.RuneCountInString(strings.TrimSpace(l.Text))
		}
	}
	switch {
	case chars == 0 && images > 0:
		return "", fail("pdf.scanned", len(pages))
	case chars == 0 && unmapped > 0 || unmapped > 4*chars:
		return "", fail("pdf.no-tounicode")
	case chars == 0:
		return "", fail("pdf.no-text", len(pages))
	}
	lines, dropped := dropRunningLines(pages)
	out, joined := joinWrapped(lines)
	if dropped > 0 || joined > 0 {
		rep.Notes = append(rep.Notes, note("pdf.cleaned", 0, len(pages), dropped, joined))
	}
	return out, nil
}

var pageNumberLine = regexp.MustCompile(`^[-–—\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+(?:\s*/\s*\d+)?|[Pp]age\s*\d+(?:\s*of\s*\d+)?|\d+\s*of\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页)[-–—\s]*$`)

// runningKey is a line's text with its digits blanked: a header or footer
// repeats it on every page ("第 3 页" and "第 4 页" alike).
func runningKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			r = '#'
		}
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropRunningLines leaves out page headers and footers — lines at the top
// or bottom of a page, set apart from the text by a wider gap, that repeat
// (digits aside) on most pages — and page numbers, and returns the
// remaining lines in order.
func dropRunningLines(pages []pdf.Page) ([]pdf.Line, int) {
	type edge struct{ page, idx int }
	count := map[string]int{}
	var cands []edge
	for pi, p := range pages {
		n := len(p.Lines)
		if n == 0 {
			continue
		}
		var gaps []float64
		for i := 1; i < n; i++ {
			gaps = append(gaps, p.Lines[i-1].Y-p.Lines[i].Y)
		}
		sort.Float64s(gaps)
		gap := 0.0
		if len(gaps) > 0 {
			gap = gaps[len(gaps)/2]
		}
		outer := func(l pdf.Line) bool { return p.Height <= 0 || l.Y < p.Height/6 || l.Y > p.Height*5/6 }
		apart := func(a, b int) bool {
			return b < 0 || b >= n || p.Lines[a].Y-p.Lines[b].Y > 1.3*gap || p.Lines[b].Y-p.Lines[a].Y > 1.3*gap
		}
		seen := map[string]bool{}
		add := func(i int) {
			cands = append(cands, edge{pi, i})
			if k := runningKey(p.Lines[i].Text); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
		// Up to two lines at each edge, each set apart from the line inside it.
		for i := 0; i < min(2, n) && outer(p.Lines[i]) && (apart(i, i+1) || i == 0 && pageNumberLine.MatchString(p.Lines[i].Text)); i++ {
			add(i)
		}
		for i := n - 1; i >= max(n-2, 2) && outer(p.Lines[i]) && (apart(i, i-1) || i == n-1 && pageNumberLine.MatchString(p.Lines[i].Text)); i-- {
			add(i)
		}
	}
	drop := map[edge]bool{}
	need := max(2, (len(pages)+1)/2)
	for _, c := range cands {
		t := strings.TrimSpace(pages[c.page].Lines[c.idx].Text)
		if pageNumberLine.MatchString(t) || len(pages) >= 2 && count[runningKey(t)] >= need {
			drop[c] = true
		}
	}
	var out []pdf.Line
	for pi, p := range pages {
		for i, l := range p.Lines {
			if !drop[edge{pi, i}] {
				out = append(out, l)
			}
		}
	}
	return out, len(drop)
}

// startsPoint matches the start of a line that begins something of its
// own: a question or option marker, an answer or explanation, a heading.
var startsPoint = regexp.MustCompile(`^(?:\d+\s*[.．、)）:：]|[（(]\s*\d+\s*[)）]|第\s*[0-9一二三四五六七八九十百]+\s*[题部章节]|[A-Ha-h]\s*[.．、)）:：]|[（(]\s*[A-Ha-h]\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|答案|正确答案|参考答案|答[:：]|解析|【|[Aa]nswer|[Ee]xplanation|[Pp]art\s|[①-⑳]|[•·●■▪-])`)

// joinWrapped writes the lines as text, joining a line the page wrapped to
// the one before it: the one before reaches the right edge of the text
// block, and this one starts at its left edge and begins nothing of its
// own.
func joinWrapped(lines []pdf.Line) (string, int) {
	if len(lines) == 0 {
		return "", 0
	}
	// The text block's edges: the most common left edge, and the right edge
	// most lines that run full width reach (a high percentile).
	lefts := map[int]int{}
	var rights []float64
	for _, l := range lines {
		lefts[int(l.X0+0.5)]++
		rights = append(rights, l.X1)
	}
	left, best := 0.0, 0
	for x, n := range lefts {
		if n > best || n == best && float64(x) < left {
			left, best = float64(x), n
		}
	}
	sort.Float64s(rights)
	right := rights[len(rights)*9/10]
	var b strings.Builder
	joined := 0
	for i, l := range lines {
		// Ideographic spaces stay: "（　　）" may be cut by the margin.
		t := strings.Trim(l.Text, " \t")
		if i > 0 {
			p := lines[i-1]
			size := max(l.Size, p.Size, 1)
			wrap := p.X1 >= right-2*size && l.X0 <= left+size*0.6 && !startsPoint.MatchString(strings.TrimSpace(t)) &&
				sameSize(p.Size, l.Size) && !sentenceEnds(p.Text)
			if wrap {
				if latinEnd(p.Text) && latinStart(t) {
					b.WriteByte(' ')
				}
				b.WriteString(t)
				joined++
				continue
			}
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	b.WriteByte('\n')
	return b.String(), joined
}

func sameSize(a, b float64) bool { return a > 0 && b > 0 && a/b < 1.25 && b/a < 1.25 }

// sentenceEnds: a line ending in a colon introduces what follows (a list)
// even when it happens to fill the line.
func sentenceEnds(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return r == '：' || r == ':'
}

func latinEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return r < utf8.RuneSelf && r != '-' && r != '/'
}

func latinStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r < utf8.RuneSelf
}
