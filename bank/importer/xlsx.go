package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// maxXLSXPart bounds what one part of a workbook may inflate to.
const maxXLSXPart = 256 << 20

// readXLSX reads the first worksheet of an XLSX workbook as rows of cell
// text, with encoding/xml only: shared strings, inline strings, numbers and
// booleans; formulas as their cached values.
func readXLSX(data []byte) ([][]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable XLSX file: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	read := func(name string) ([]byte, error) {
		f := files[name]
		if f == nil {
			return nil, nil
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxXLSXPart+1))
		if err != nil {
			return nil, err
		}
		if len(b) > maxXLSXPart {
			return nil, fmt.Errorf("%s is too large", name)
		}
		return b, nil
	}

	sheet := firstSheet(read)
	if sheet == "" {
		return nil, errors.New("no worksheet in the workbook")
	}
	var shared []string
	if b, err := read("xl/sharedStrings.xml"); err != nil {
		return nil, err
	} else if b != nil {
		var sst struct {
			SI []xstr `xml:"si"`
		}
		if err := xml.Unmarshal(b, &sst); err != nil {
			return nil, fmt.Errorf("sharedStrings.xml: %w", err)
		}
		for _, si := range sst.SI {
			shared = append(shared, si.text())
		}
	}
	b, err := read(sheet)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("worksheet %s missing", sheet)
	}
	var ws struct {
		Rows []struct {
			R     int `xml:"r,attr"`
			Cells []struct {
				R  string `xml:"r,attr"`
				T  string `xml:"t,attr"`
				V  string `xml:"v"`
				IS xstr   `xml:"is"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(b, &ws); err != nil {
		return nil, fmt.Errorf("%s: %w", sheet, err)
	}
	var rows [][]string
	for _, r := range ws.Rows {
		idx := len(rows)
		if r.R > 0 {
			idx = r.R - 1
		}
		if idx > 1_000_000 {
			return nil, fmt.Errorf("%s: row %d out of range", sheet, r.R)
		}
		for len(rows) <= idx {
			rows = append(rows, nil)
		}
		var row []string
		for k, c := range r.Cells {
			col := k
			if c.R != "" {
				if n, ok := colIndex(c.R); ok {
					col = n
				}
			}
			if col > 1000 {
				continue
			}
			var v string
			switch c.T {
			case "s":
				i, err := strconv.Atoi(strings.TrimSpace(c.V))
				if err == nil && i >= 0 && i < len(shared) {
					v = shared[i]
				}
			case "inlineStr":
				v = c.IS.text()
			case "b":
				v = map[string]string{"1": "TRUE", "0": "FALSE"}[strings.TrimSpace(c.V)]
			default:
				v = c.V
			}
			for len(row) <= col {
				row = append(row, "")
			}
			row[col] = v
		}
		rows[idx] = row
	}
	return rows, nil
}

// xstr is a string item: plain <t> or rich-text runs <r><t>; phonetic runs
// (<rPh>, furigana/pinyin) are left out.
type xstr struct {
	T string `xml:"t"`
	R []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (x xstr) text() string {
	if len(x.R) == 0 {
		return x.T
	}
	var b strings.Builder
	b.WriteString(x.T)
	for _, r := range x.R {
		b.WriteString(r.T)
	}
	return b.String()
}

// firstSheet finds the first worksheet's part name via workbook.xml and its
// relationships, falling back to xl/worksheets/sheet1.xml.
func firstSheet(read func(string) ([]byte, error)) string {
	const fallback = "xl/worksheets/sheet1.xml"
	wb, err := read("xl/workbook.xml")
	if err != nil || wb == nil {
		return fallback
	}
	var w struct {
		Sheets []struct {
			RID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if xml.Unmarshal(wb, &w) != nil || len(w.Sheets) == 0 {
		return fallback
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil || rels == nil {
		return fallback
	}
	var r struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(rels, &r) != nil {
		return fallback
	}
	for _, rel := range r.Rel {
		if rel.ID == w.Sheets[0].RID {
			t := rel.Target
			if strings.HasPrefix(t, "/") {
				return strings.TrimPrefix(t, "/")
			}
			return path.Clean("xl/" + t)
		}
	}
	return fallback
}

// colIndex reads the column of a cell reference ("C12" → 2).
func colIndex(ref string) (int, bool) {
	n := 0
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		n = n*26 + int(ref[i]-'A'+1)
		i++
		if n > 1<<20 {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	return n - 1, true
}
