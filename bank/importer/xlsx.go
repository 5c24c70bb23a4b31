package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbooks (.xlsx) are read with excelize: the first worksheet, streamed
// row by row, as rows of cell text for the template columns (table.go).
// excelize keeps every part of the archive and every shared string in
// memory, so before it opens the file the archive's declared sizes are
// checked (openZip) and the shared strings and the worksheets' rows and
// cells are counted by a quick scan of their XML: a zip bomb — one row of
// 12 million cells, 15 million shared strings — is refused before any of
// it is built.
const (
	maxXLSXRows          = 200_000   // rows of a worksheet
	maxXLSXCells         = 4_000_000 // cells of all worksheets
	maxXLSXRowCells      = 16_384    // cells of one row (Excel's column limit)
	maxXLSXSharedStrings = 1_000_000
	maxXLSXColumns       = 64 // columns read; the template has 15
	// xlsxXMLInMemory is excelize's UnzipXMLSizeLimit: a worksheet or the
	// shared strings larger than this are unpacked to a temporary file and
	// streamed from there.
	xlsxXMLInMemory = 32 << 20
)

// readXLSX reads the first worksheet of a workbook as rows of cell text
// (numbers as Excel shows them, formulas as their cached values).
func readXLSX(data []byte) ([][]string, error) {
	zr, err := openZip(data, KindXLSX)
	if err != nil {
		return nil, err
	}
	if err := countXLSX(zr); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxZipTotal,
		UnzipXMLSizeLimit: xlsxXMLInMemory,
	})
	if err != nil {
		return nil, wrap(err, "xlsx.unreadable")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fail("xlsx.no-sheet")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, wrap(err, "xlsx.sheet", sheets[0])
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		if len(rows) >= maxXLSXRows {
			return nil, fail("xlsx.rows", sheets[0], maxXLSXRows)
		}
		cells, err := it.Columns()
		if err != nil {
			return nil, wrap(err, "xlsx.row", sheets[0], len(rows)+1)
		}
		if len(cells) > maxXLSXColumns {
			cells = cells[:maxXLSXColumns]
		}
		rows = append(rows, cells)
	}
	if err := it.Error(); err != nil {
		return nil, wrap(err, "xlsx.sheet", sheets[0])
	}
	return rows, nil
}

// countXLSX scans the shared strings and the worksheets and refuses a
// workbook with more strings, rows or cells than the limits allow. Rows and
// cells count as excelize builds them: a row numbered r="1048576" makes it
// step through every row before it, a cell at column XFD pads its row with
// 16,383 empty cells; so the rows reached and the columns spanned are
// counted too, not only the elements written.
func countXLSX(zr *zip.Reader) error {
	cells := 0
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		switch {
		case name == "xl/sharedstrings.xml":
			c, err := countElements(f, "si", "")
			if err != nil {
				return err
			}
			if c.n > maxXLSXSharedStrings {
				return limit(fail("xlsx.strings", cleanName(f.Name), maxXLSXSharedStrings))
			}
		case strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml"):
			c, err := countElements(f, "row", "c")
			if err != nil {
				return err
			}
			if cells += max(c.all, c.spanned); cells > maxXLSXCells {
				return limit(fail("xlsx.cells", maxXLSXCells))
			}
			if c.n > maxXLSXRows || c.lastRow > maxXLSXRows {
				return limit(fail("xlsx.sheet-rows", cleanName(f.Name), maxXLSXRows))
			}
			if c.most > maxXLSXRowCells || c.widest > maxXLSXRowCells {
				return limit(fail("xlsx.row-cells", cleanName(f.Name), maxXLSXRowCells))
			}
		}
	}
	return nil
}

// elementCounts is what countElements found.
type elementCounts struct {
	n    int // outer elements
	most int // inner elements in one outer element, at most
	all  int // inner elements
	// With inner elements (worksheet rows and cells): the highest row
	// number reached, the widest row (its last column) and the columns
	// all rows span together, as their r attributes say.
	lastRow, widest, spanned int
}

// countElements counts the elements named outer in an XML part (whatever
// their namespace prefix) and, when inner is given, the inner elements
// within them, and reads the r attributes of both (row numbers, cell
// references). It scans bytes, without parsing: fast, and nothing is kept.
// It stops early once a count is past every limit.
func countElements(f *zip.File, outer, inner string) (c elementCounts, err error) {
	rc, err := f.Open()
	if err != nil {
		return c, wrap(err, "zip.part", cleanName(f.Name))
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	var name []byte
	cur, row, col, span := 0, 0, 0, 0
	for {
		if _, err := br.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				break
			}
			return c, damagedPart(f, err)
		}
		// The element name: up to a space, '>' or '/'; a prefix ("x:") dropped.
		name = name[:0]
		var end byte
		for len(name) < 64 {
			b, err := br.ReadByte()
			if err != nil {
				break
			}
			if b == ' ' || b == '>' || b == '/' || b == '\t' || b == '\n' || b == '\r' {
				end = b
				break
			}
			if b == ':' {
				name = name[:0]
				continue
			}
			name = append(name, b)
		}
		isOuter, isInner := string(name) == outer, inner != "" && string(name) == inner
		var ref string
		if inner != "" && (isOuter || isInner) && end != '>' && end != '/' {
			if ref, err = refAttr(br); err != nil {
				return c, wrap(err, "zip.part", cleanName(f.Name))
			}
		}
		switch {
		case isOuter:
			c.n++
			cur = 0
			c.spanned += span
			span, col = 0, 0
			row++
			if ref != "" {
				if row, err = strconv.Atoi(ref); err != nil || row < 1 {
					return c, fail("xlsx.row-number", cleanName(f.Name), cleanName(ref))
				}
			}
			if c.n > maxXLSXSharedStrings {
				return c, nil
			}
			if inner != "" {
				if c.lastRow = max(c.lastRow, row); c.lastRow > maxXLSXRows || c.spanned > maxXLSXCells {
					return c, nil
				}
			}
		case isInner:
			cur++
			c.all++
			c.most = max(c.most, cur)
			col++
			if ref != "" {
				if col = refColumn(ref); col < 1 {
					return c, fail("xlsx.cell-ref", cleanName(f.Name), cleanName(ref))
				}
			}
			span = max(span, col)
			c.widest = max(c.widest, col)
			if c.most > maxXLSXRowCells || c.all > maxXLSXCells || c.widest > maxXLSXRowCells {
				return c, nil
			}
		}
	}
	c.spanned += span
	return c, nil
}

// refAttr reads the rest of a start tag, up to its '>' outside quotes, and
// gives the value of its r attribute ("" if none). Values are kept only
// for r, and only their first 32 bytes.
func refAttr(br *bufio.Reader) (string, error) {
	var attr, val []byte
	var quote byte
	inName := true
	for {
		b, err := br.ReadByte()
		if err != nil {
			return "", nil // the part ends inside a tag: excelize reads no more either
		}
		switch {
		case quote != 0 && b == quote:
			if string(attr) == "r" {
				return string(val), nil
			}
			quote, attr, inName = 0, attr[:0], true
		case quote != 0:
			if string(attr) == "r" && len(val) < 32 {
				val = append(val, b)
			}
		case b == '"' || b == '\'':
			quote = b
		case b == '>':
			return "", nil
		case b == '=':
			inName = false
		case b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '/':
			// between attributes, or around '=': a name starts only after a value
		case b == ':' && inName:
			attr = attr[:0] // a prefix
		case inName && len(attr) < 16:
			attr = append(attr, b)
		}
	}
}

// refColumn is the column number of a cell reference ("B7" → 2); 0 when it
// is not one.
func refColumn(ref string) int {
	col, i := 0, 0
	for ; i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z'); i++ {
		col = col*26 + int(ref[i]|0x20-'a'+1)
		if col > 1<<20 {
			return 0
		}
	}
	if i == 0 || i == len(ref) {
		return 0
	}
	for _, d := range ref[i:] {
		if d < '0' || d > '9' {
			return 0
		}
	}
	return col
}
