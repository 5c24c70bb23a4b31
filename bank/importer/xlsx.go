package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
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
// workbook with more strings, rows or cells than the limits allow.
func countXLSX(zr *zip.Reader) error {
	cells := 0
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		switch {
		case name == "xl/sharedstrings.xml":
			n, _, _, err := countElements(f, "si", "")
			if err != nil {
				return err
			}
			if n > maxXLSXSharedStrings {
				return limit(fail("xlsx.strings", cleanName(f.Name), maxXLSXSharedStrings))
			}
		case strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml"):
			rows, most, all, err := countElements(f, "row", "c")
			if err != nil {
				return err
			}
			if cells += all; cells > maxXLSXCells {
				return limit(fail("xlsx.cells", maxXLSXCells))
			}
			if rows > maxXLSXRows {
				return limit(fail("xlsx.sheet-rows", cleanName(f.Name), maxXLSXRows))
			}
			if most > maxXLSXRowCells {
				return limit(fail("xlsx.row-cells", cleanName(f.Name), maxXLSXRowCells))
			}
		}
	}
	return nil
}

// countElements counts the elements named outer in an XML part (whatever
// their namespace prefix) and, when inner is given, the most elements named
// inner within one outer element, and all of them. It scans bytes, without
// parsing: fast, and nothing is kept. It stops early once a count is past
// every limit.
func countElements(f *zip.File, outer, inner string) (n, most, all int, err error) {
	rc, err := f.Open()
	if err != nil {
		return 0, 0, 0, wrap(err, "zip.part", cleanName(f.Name))
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	var name []byte
	cur := 0
	for {
		if _, err := br.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				break
			}
			return 0, 0, 0, damagedPart(f, err)
		}
		// The element name: up to a space, '>' or '/'; a prefix ("x:") dropped.
		name = name[:0]
		for len(name) < 64 {
			c, err := br.ReadByte()
			if err != nil {
				break
			}
			if c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r' {
				break
			}
			if c == ':' {
				name = name[:0]
				continue
			}
			name = append(name, c)
		}
		switch string(name) {
		case outer:
			n++
			cur = 0
			if n > maxXLSXSharedStrings {
				return n, most, all, nil
			}
		case inner:
			cur++
			all++
			if cur > most {
				most = cur
			}
			if most > maxXLSXRowCells || all > maxXLSXCells {
				return n, most, all, nil
			}
		}
	}
	return n, most, all, nil
}
