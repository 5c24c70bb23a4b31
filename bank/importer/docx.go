package importer

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/shuati/shuati/bank"
)

// Word documents (.docx): the main part is read as a stream of XML tokens
// and rendered as the reader sees it — one line per paragraph, with Word's
// automatic numbers in front ("1." "（1）" "A." "一、"), tabs, line breaks,
// text split into runs anywhere joined back — and handed to the raw 题库
// reader. Tables are looked at first: a table with the template header
// (题干, 选项A, 答案 …) is read as the table it is; an answer-key table
// (question numbers against answers) becomes key lines ("1.B 2.C"); any
// other table becomes one line per row.

// docxTab is how a tab shows: a gap wide enough to part columns
// ("A．1000<tab>B．1024" reads as two options).
const docxTab = "    "

// Limits on the parts read whole (the document itself is streamed).
const (
	maxDocxSideXML = 16 << 20 // numbering.xml, styles.xml
	maxDocxDepth   = 512      // element nesting
	maxDocxLine    = 1 << 20  // one paragraph's text
)

// docxTable is a table met in the document, as rows of cell texts.
type docxTable struct {
	line int // the line of the rendered text it stands at
	rows [][]string
}

// readDocx imports a Word document.
func readDocx(name string, data []byte, opts Options, rep *Report) (*bank.Bank, error) {
	text, tables, err := docxText(data)
	if err != nil {
		return nil, err
	}
	rep.Encoding = "UTF-8"
	var b *bank.Bank
	if strings.TrimSpace(text) != "" {
		b = parseRaw(name, text, opts, rep)
	}
	for _, t := range tables {
		tb, err := tableBank(name, t.rows, rep)
		if err != nil {
			return nil, wrap(err, "docx.table", t.line)
		}
		// Rows count from the table's line, so the report points into the
		// document as its lines are numbered.
		for _, q := range tb.Questions {
			q.Line += t.line - 1
		}
		if b == nil {
			b = tb
			continue
		}
		b.Questions = append(b.Questions, tb.Questions...)
	}
	if b == nil {
		return nil, fail("docx.no-text")
	}
	return b, nil
}

// docxText renders a Word document as text lines and returns the question
// tables (template header) separately.
func docxText(data []byte) (string, []docxTable, error) {
	zr, err := openZip(data, KindDocx)
	if err != nil {
		return "", nil, err
	}
	main := zipPart(zr, "word/document.xml")
	if main == nil {
		if p := wordMainPart(zr); p != "" {
			main = zipPart(zr, p)
		}
	}
	if main == nil {
		return "", nil, fail("docx.no-document")
	}
	d := &docxReader{}
	if err := d.readSideParts(zr); err != nil {
		return "", nil, err
	}
	doc, err := readZipPart(main, maxZipPart)
	if err != nil {
		return "", nil, err
	}
	if err := d.read(doc); err != nil {
		return "", nil, wrap(err, "docx.part", cleanName(main.Name))
	}
	return d.out.String(), d.tables, nil
}

type docxStyle struct {
	basedOn string
	numID   string
	ilvl    int
	hasNum  bool
}

type docxReader struct {
	num    *numbering
	styles map[string]docxStyle

	out    strings.Builder
	lines  int // lines written to out
	tables []docxTable

	paras []*docxPara // open paragraphs (a text box nests one in another)
	tbls  []*docxTbl  // open tables
	names []string    // open elements, local names
	skip  int         // depth of the subtree being skipped (0: none)
	sc    *xmlScanner
	inT   bool // inside <w:t> (or <m:t>) of a visible run
	// afterKey: an answer-key table was the last thing written (a second
	// one continues the key).
	afterKey bool
}

type docxPara struct {
	text    strings.Builder
	style   string
	numID   string
	ilvl    int
	hasNum  bool
	inPPr   int // depth inside pPr
	inRun   bool
	hidden  bool // the current run is hidden (vanish)
	overlen bool
}

type docxTbl struct {
	rows [][]string
	row  []string
	cell []string // lines of the open cell
	in   bool     // a cell is open
}

// readSideParts reads the numbering definitions and the paragraph styles
// (a style can carry numbering).
func (d *docxReader) readSideParts(zr *zip.Reader) error {
	if f := zipPart(zr, "word/styles.xml"); f != nil {
		b, err := readZipPart(f, maxDocxSideXML)
		if err != nil {
			return err
		}
		var st struct {
			Style []struct {
				Type    string  `xml:"type,attr"`
				ID      string  `xml:"styleId,attr"`
				BasedOn *xmlVal `xml:"basedOn"`
				NumPr   *struct {
					Ilvl  *xmlVal `xml:"ilvl"`
					NumID *xmlVal `xml:"numId"`
				} `xml:"pPr>numPr"`
			} `xml:"style"`
		}
		if err := xml.Unmarshal(b, &st); err != nil {
			return wrap(err, "docx.styles-xml")
		}
		d.styles = map[string]docxStyle{}
		for _, s := range st.Style {
			ds := docxStyle{}
			if s.BasedOn != nil {
				ds.basedOn = s.BasedOn.Val
			}
			if s.NumPr != nil {
				ds.hasNum = true
				if s.NumPr.NumID != nil {
					ds.numID = s.NumPr.NumID.Val
				}
				if s.NumPr.Ilvl != nil {
					ds.ilvl, _ = strconv.Atoi(s.NumPr.Ilvl.Val)
				}
			}
			d.styles[s.ID] = ds
		}
	}
	if f := zipPart(zr, "word/numbering.xml"); f != nil {
		b, err := readZipPart(f, maxDocxSideXML)
		if err != nil {
			return err
		}
		n, err := parseNumbering(b)
		if err != nil {
			return wrap(err, "docx.numbering-xml")
		}
		n.styleNum = func(style string) (string, bool) {
			s, ok := d.styleNumbering(style)
			return s.numID, ok
		}
		d.num = n
	}
	return nil
}

// styleNumbering is the numbering a paragraph style gives, following
// basedOn (a few steps; loops end).
func (d *docxReader) styleNumbering(id string) (docxStyle, bool) {
	for range 16 {
		s, ok := d.styles[id]
		if !ok {
			return docxStyle{}, false
		}
		if s.hasNum {
			return s, true
		}
		id = s.basedOn
	}
	return docxStyle{}, false
}

// Elements whose content is not shown text: deleted text, field codes,
// ruby annotations (pinyin over characters), fallbacks repeating a text
// box, footnote and comment marks, property changes of tracked revisions.
var docxSkipped = map[string]bool{
	"del": true, "delText": true, "moveFrom": true, "instrText": true, "delInstrText": true,
	"rt": true, "Fallback": true, "pPrChange": true, "rPrChange": true, "sectPrChange": true,
	"tblPrChange": true, "trPrChange": true, "tcPrChange": true, "numberingChange": true,
	"sectPr": true, "tblPr": true, "tblGrid": true, "trPr": true, "tcPr": true,
	"commentRangeStart": true, "bookmarkStart": true, "proofErr": true,
}

// read walks the document's tokens.
func (d *docxReader) read(data []byte) error {
	sc := &xmlScanner{data: data}
	d.sc = sc
	for {
		tok, err := sc.next()
		if err != nil {
			return err
		}
		switch tok {
		case xmlEOF:
			if len(d.names) > 0 {
				return fail("docx.unclosed", d.names[len(d.names)-1])
			}
			return nil
		case xmlStart:
			if err := d.open(sc.local); err != nil {
				return err
			}
			if sc.closed {
				if err := d.close(sc.local); err != nil {
					return err
				}
			}
		case xmlEnd:
			if err := d.close(sc.local); err != nil {
				return err
			}
		case xmlText:
			if d.inT && d.skip == 0 {
				if p := d.para(); p != nil && !p.hidden {
					p.write(sc.text)
				}
			}
		}
	}
}

func (d *docxReader) open(local string) error {
	if len(d.names) >= maxDocxDepth {
		return fail("docx.too-deep", maxDocxDepth)
	}
	d.names = append(d.names, local)
	if d.skip > 0 {
		return nil
	}
	if docxSkipped[local] {
		d.skip = len(d.names)
		return nil
	}
	d.start(local)
	return nil
}

func (d *docxReader) close(local string) error {
	if len(d.names) == 0 {
		return d.sc.fail(d.sc.pos, "</%s> without a start tag", local)
	}
	open := d.names[len(d.names)-1]
	if open != local {
		return d.sc.fail(d.sc.pos, "xml.mismatch", open, local)
	}
	depth := len(d.names)
	d.names = d.names[:depth-1]
	if d.skip > 0 {
		if depth == d.skip {
			d.skip = 0
		}
		return nil
	}
	d.end(local)
	return nil
}

func (d *docxReader) para() *docxPara {
	if len(d.paras) == 0 {
		return nil
	}
	return d.paras[len(d.paras)-1]
}

func (p *docxPara) write(s []byte) {
	if p.overlen {
		return
	}
	if p.text.Len()+len(s) > maxDocxLine {
		p.overlen = true
		return
	}
	p.text.Write(s)
}

func (p *docxPara) writeString(s string) { p.write([]byte(s)) }

func (d *docxReader) start(local string) {
	p := d.para()
	attr := func(name string) (string, bool) { return d.sc.attr(name) }
	switch local {
	case "p":
		d.paras = append(d.paras, &docxPara{ilvl: -1})
	case "pPr":
		if p != nil {
			p.inPPr++
		}
	case "pStyle":
		if p != nil && p.inPPr > 0 {
			p.style, _ = attr("val")
		}
	case "numId":
		if p != nil && p.inPPr > 0 {
			p.numID, _ = attr("val")
			p.hasNum = true
		}
	case "ilvl":
		if p != nil && p.inPPr > 0 {
			v, _ := attr("val")
			p.ilvl, _ = strconv.Atoi(v)
		}
	case "r":
		if p != nil {
			p.inRun, p.hidden = true, false
		}
	case "vanish":
		if p != nil && p.inRun && p.inPPr == 0 {
			v, _ := attr("val")
			p.hidden = onOff(v)
		}
	case "t":
		d.inT = p != nil && p.inPPr == 0
	case "tab":
		if p != nil && p.inRun && !p.hidden {
			p.writeString(docxTab)
		}
	case "br", "cr":
		if p != nil && p.inRun && !p.hidden {
			p.writeString("\n")
		}
	case "noBreakHyphen":
		if p != nil && p.inRun && !p.hidden {
			p.writeString("-")
		}
	case "sym":
		if p != nil && p.inRun && !p.hidden {
			font, _ := attr("font")
			char, _ := attr("char")
			p.writeString(symbolChar(font, char))
		}
	case "tbl":
		d.tbls = append(d.tbls, &docxTbl{})
	case "tr":
		if tb := d.tbl(); tb != nil {
			tb.row = nil
		}
	case "tc":
		if tb := d.tbl(); tb != nil {
			tb.cell, tb.in = nil, true
		}
	}
}

func (d *docxReader) tbl() *docxTbl {
	if len(d.tbls) == 0 {
		return nil
	}
	return d.tbls[len(d.tbls)-1]
}

func (d *docxReader) end(local string) {
	p := d.para()
	switch local {
	case "p":
		if p == nil {
			return
		}
		d.paras = d.paras[:len(d.paras)-1]
		d.emit(d.paragraphText(p))
	case "pPr":
		if p != nil && p.inPPr > 0 {
			p.inPPr--
		}
	case "r":
		if p != nil {
			p.inRun, p.hidden = false, false
		}
	case "t":
		d.inT = false
	case "tc":
		if tb := d.tbl(); tb != nil && tb.in {
			tb.row = append(tb.row, strings.Join(tb.cell, "\n"))
			tb.cell, tb.in = nil, false
		}
	case "tr":
		if tb := d.tbl(); tb != nil {
			tb.rows = append(tb.rows, tb.row)
			tb.row = nil
		}
	case "tbl":
		if tb := d.tbl(); tb != nil {
			d.tbls = d.tbls[:len(d.tbls)-1]
			d.table(tb.rows)
		}
	}
}

// paragraphText is a finished paragraph with its automatic number.
func (d *docxReader) paragraphText(p *docxPara) string {
	numID, ilvl, numbered := p.numID, p.ilvl, p.hasNum
	if !numbered && p.style != "" {
		if s, ok := d.styleNumbering(p.style); ok {
			numID, numbered = s.numID, true
			if ilvl < 0 {
				ilvl = s.ilvl
			}
		}
	}
	if ilvl < 0 {
		ilvl = 0
	}
	text := p.text.String()
	if numbered {
		text = d.num.label(numID, ilvl) + text
	}
	return text
}

// emit adds a paragraph's lines where the paragraph stands: in the open
// table cell or in the document.
func (d *docxReader) emit(text string) {
	if tb := d.tbl(); tb != nil && tb.in {
		tb.cell = append(tb.cell, text)
		return
	}
	if strings.TrimSpace(text) != "" {
		d.afterKey = false
	}
	d.writeLines(text)
}

func (d *docxReader) writeLines(text string) {
	d.out.WriteString(text)
	d.out.WriteByte('\n')
	d.lines += 1 + strings.Count(text, "\n")
}

// table places a finished table: a nested table goes into its cell as
// lines; a question table is kept for the table reader; an answer key
// becomes key lines; anything else one line per row.
func (d *docxReader) table(rows [][]string) {
	if tb := d.tbl(); tb != nil && tb.in {
		tb.cell = append(tb.cell, renderRows(rows)...)
		return
	}
	if i := questionHeader(rows); i >= 0 {
		d.tables = append(d.tables, docxTable{line: d.lines + 1 + i, rows: rows[i:]})
		// The table's lines are counted so that later line numbers still
		// point at the document as rendered.
		for range rows[i:] {
			d.writeLines("")
		}
		return
	}
	if key := keyTableLines(rows); key != nil {
		if !d.afterKey && !d.afterKeyTitle() {
			d.writeLines("参考答案")
		}
		for _, l := range key {
			d.writeLines(l)
		}
		d.afterKey = true
		return
	}
	for _, l := range renderRows(rows) {
		d.writeLines(l)
	}
}

// afterKeyTitle reports an answer-key title (参考答案, 答案 …) among the
// last two non-empty lines written.
func (d *docxReader) afterKeyTitle() bool {
	s := d.out.String()
	for range 2 {
		s = strings.TrimRight(s, "\n \t\u3000")
		if s == "" {
			return false
		}
		i := strings.LastIndexByte(s, '\n')
		l := s[i+1:]
		if strings.Contains(l, "答案") && len([]rune(l)) <= 12 {
			return true
		}
		s = s[:i+1]
	}
	return false
}

// questionHeader finds the template header row (题干 plus another column
// name) among the first rows of a table; -1 if none.
func questionHeader(rows [][]string) int {
	for i, r := range rows {
		if i > 2 {
			break
		}
		if headerMatches(r) >= 2 {
			return i
		}
	}
	return -1
}

// renderRows writes a table as the reader sees it: a row of one cell as its
// lines; a row of several cells as one line, cells parted by a wide gap.
func renderRows(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		var cells []string
		for _, c := range r {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		switch len(cells) {
		case 0:
		case 1:
			out = append(out, strings.Split(cells[0], "\n")...)
		default:
			for i, c := range cells {
				cells[i] = strings.ReplaceAll(c, "\n", " ")
			}
			out = append(out, strings.Join(cells, docxTab))
		}
	}
	return out
}

// keyTableLines reads a table of question numbers against answers — one
// question per row (题号 | 答案) or per column (a row of numbers above a row
// of answers) — as key lines "1.B 2.C"; nil if the table is not one.
func keyTableLines(rows [][]string) []string {
	cell := func(r []string, i int) string {
		if i < len(r) {
			return strings.TrimSpace(r[i])
		}
		return ""
	}
	// One question per row: the first column numbers, a later one answers.
	var lines []string
	entries, misses := 0, 0
	for _, r := range rows {
		n, ok := questionNumber(cell(r, 0))
		if !ok {
			continue
		}
		v := ""
		for j := 1; j < len(r) && v == ""; j++ {
			if keyAnswer(cell(r, j)) {
				v = cell(r, j)
			}
		}
		if v == "" {
			misses++
			continue
		}
		entries++
		lines = append(lines, fmt.Sprintf("%d. %s", n, v))
	}
	if entries >= 2 && misses*5 <= entries {
		return lines
	}
	// One question per column: a row of numbers, the next row answers.
	lines, entries, misses = nil, 0, 0
	for i := 0; i+1 < len(rows); i++ {
		var parts []string
		nums := 0
		for j := range rows[i] {
			n, ok := questionNumber(cell(rows[i], j))
			if !ok {
				continue
			}
			nums++
			if v := cell(rows[i+1], j); keyAnswer(v) {
				parts = append(parts, fmt.Sprintf("%d. %s", n, v))
			}
		}
		if nums >= 2 && len(parts)*5 >= nums*4 {
			lines = append(lines, strings.Join(parts, "  "))
			entries += len(parts)
			misses += nums - len(parts)
			i++
		}
	}
	if entries >= 2 {
		return lines
	}
	return nil
}

// questionNumber reads a question number cell: "3", "3.", "第3题".
func questionNumber(s string) (int, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "第")
	s = strings.TrimRight(s, ".．、题題 ")
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0 && n < 100000
}

// keyAnswer reports an answer-key value: option letters or a verdict.
func keyAnswer(s string) bool {
	if s == "" {
		return false
	}
	if _, ok := tfWord(s); ok {
		return true
	}
	_, ok := bank.ParseChoices(s)
	return ok
}

// symbolChar maps the characters of symbol fonts that 题库 documents use
// for true/false marks; anything else shows as nothing.
func symbolChar(font, char string) string {
	c, err := strconv.ParseUint(char, 16, 32)
	if err != nil {
		return ""
	}
	if c >= 0xf000 {
		c -= 0xf000
	}
	switch strings.ToLower(font) {
	case "symbol":
		switch c {
		case 0xd6:
			return "√"
		case 0xb4:
			return "×"
		}
	case "wingdings":
		switch c {
		case 0xfc, 0xfe:
			return "√"
		case 0xfb, 0xfd:
			return "×"
		}
	case "wingdings 2":
		switch c {
		case 0x50, 0x52:
			return "√"
		case 0x4f, 0x54:
			return "×"
		}
	}
	if c >= 0x20 && c < 0xf000 && (c < 0x80 || c >= 0xa0) && strings.EqualFold(font, "") {
		return string(rune(c))
	}
	return ""
}
