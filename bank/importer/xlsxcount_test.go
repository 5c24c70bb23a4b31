package importer

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// TestCountRefs: the scan before excelize reads the r attributes as
// excelize does — with spaces around '=', single quotes, a namespace
// prefix, a '>' inside another attribute's value — and refuses a reference
// it cannot read rather than let excelize pad the row to it.
func TestCountRefs(t *testing.T) {
	for _, c := range []struct {
		rows                 string
		lastRow, widest, all int
		err                  string
	}{
		{`<row r="3"><c r="B3"/><c r="D3"><v>1</v></c></row>`, 3, 4, 2, ""},
		{`<row><c/><c/></row><row><c/></row>`, 2, 2, 3, ""},
		{`<row r = '7'><c x:r = "AA7"/></row>`, 7, 27, 1, ""},
		{`<row spans="1:2" r="9"><c t=">" r="XFD9"/></row>`, 9, 16384, 1, ""},
		{`<row r="2"><c r="c2"/></row>`, 2, 3, 1, ""},
		{`<row><c r="&#88;FD1"/></row>`, 0, 0, 0, "xlsx.cell-ref"},
		{`<row r="1e6"><c/></row>`, 0, 0, 0, "xlsx.row-number"},
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("sheet.xml")
		w.Write([]byte(sheetHead + c.rows + sheetTail))
		zw.Close()
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := countElements(zr.File[0], "row", "c")
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: %v, want an error saying %q", c.rows, err, c.err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.rows, err)
		case got.lastRow != c.lastRow || got.widest != c.widest || got.all != c.all:
			t.Errorf("%s: last row %d, widest %d, cells %d; want %d, %d, %d", c.rows, got.lastRow, got.widest, got.all, c.lastRow, c.widest, c.all)
		}
	}
}
