package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzXLSX feeds workbooks built around arbitrary worksheet rows (the
// inside of sheetData) and shared strings (the inside of sst) — and, with
// raw, arbitrary bytes as the whole file — to Import, in bounded memory
// (importBounded). The seeds are the workbooks of testdata/formats: an
// app's template and two small zip-bomb-like files (5,000 rows from 1 KB;
// one row of 20,000 cells from 2 KB).
func FuzzXLSX(f *testing.F) {
	files, _ := filepath.Glob("testdata/formats/*.xlsx")
	if len(files) == 0 {
		f.Fatal("no workbooks in testdata/formats")
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, []byte(""), true)
		// Parts small enough to keep each run of the fuzzer short.
		if sheet, shared := xlsxParts(f, data); len(sheet)+len(shared) < 64<<10 {
			f.Add(sheet, shared, false)
		}
	}
	f.Add([]byte(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>甲（ ）</t></is></c><c r="B2" t="s"><v>3</v></c><c r="C2"><v>9</v></c></row>`),
		[]byte(`<si><t>题干</t></si><si><t>题型</t></si><si><t>正确答案</t></si><si><r><t>单</t></r><r><t>选题</t></r></si>`), false)
	f.Add([]byte(`<row r="1048576"><c r="XFD1048576" t="s"><v>4294967295</v></c></row><row r="0"><c r="A0" t="e"><v>#REF!</v></c></row>`), []byte(`<si><t xml:space="preserve"> </t></si>`), false)
	f.Fuzz(func(t *testing.T, sheet, shared []byte, raw bool) {
		data := sheet
		if !raw {
			parts := withFrame(textPart("xl/worksheets/sheet1.xml", sheetHead+string(sheet)+sheetTail))
			if len(shared) > 0 {
				parts = append(parts, textPart("xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+string(shared)+`</sst>`))
			}
			data = buildZip(t, parts...)
		}
		b, rep, err := importBounded(t, "fuzz.xlsx", data, Options{Name: "fuzz", Kind: KindXLSX})
		checkImported(t, "fuzz.xlsx", b, rep, err)
	})
}

// xlsxParts gives the inside of sheetData of the first worksheet and the
// inside of sst of the shared strings of a workbook.
func xlsxParts(tb testing.TB, data []byte) (sheet, shared []byte) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					tb.Fatal(err)
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				if err != nil {
					tb.Fatal(err)
				}
				return string(b)
			}
		}
		return ""
	}
	inside := func(s, open, close string) []byte {
		if i := strings.Index(s, open); i >= 0 {
			s = s[i+len(open):]
			if j := strings.LastIndex(s, close); j >= 0 {
				return []byte(s[:j])
			}
		}
		return nil
	}
	sheet = inside(read("xl/worksheets/sheet1.xml"), "<sheetData>", "</sheetData>")
	sst := read("xl/sharedStrings.xml")
	if i := strings.Index(sst, "<sst"); i >= 0 {
		if j := strings.Index(sst[i:], ">"); j >= 0 {
			shared = inside(sst[i+j:], ">", "</sst>")
		}
	}
	return sheet, shared
}
