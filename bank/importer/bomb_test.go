package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// genPart is one part of a generated archive: its name, and a writer of
// its content (which may be hundreds of megabytes: it is streamed through
// the compressor, never held).
type genPart struct {
	name  string
	write func(w io.Writer)
}

func repeatPart(name, head, unit, tail string, n int) genPart {
	return genPart{name, func(w io.Writer) {
		io.WriteString(w, head)
		chunk := strings.Repeat(unit, 4096)
		for i := 0; i < n; i += 4096 {
			k := min(4096, n-i)
			io.WriteString(w, chunk[:k*len(unit)])
		}
		io.WriteString(w, tail)
	}}
}

func textPart(name, s string) genPart {
	return genPart{name, func(w io.Writer) { io.WriteString(w, s) }}
}

func buildZip(t testing.TB, parts ...genPart) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		p.write(w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lyingZip is an archive whose one part declares 100 bytes and inflates to
// 50 MB.
func lyingZip(t testing.TB, name string, extra ...genPart) []byte {
	var body bytes.Buffer
	fw, _ := flate.NewWriter(&body, flate.BestCompression)
	data := bytes.Repeat([]byte("<w:p><w:r><w:t>甲</w:t></w:r></w:p>"), 50<<20/40)
	fw.Write(data)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range extra {
		w, _ := zw.Create(p.name)
		p.write(w)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data[:100]),
		CompressedSize64: uint64(body.Len()), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body.Bytes())
	zw.Close()
	return buf.Bytes()
}

var xlsxFrame = []genPart{
	textPart("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`),
	textPart("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
	textPart("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
	textPart("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

func withFrame(parts ...genPart) []genPart {
	return append(append([]genPart{}, xlsxFrame...), parts...)
}

// varied writes n shared strings that compress like real text (about 5:1),
// so only the count can refuse them.
func variedStrings(n int) genPart {
	return genPart{"xl/sharedStrings.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		var b strings.Builder
		seed := uint32(1)
		for i := 0; i < n; i++ {
			seed = seed*1664525 + 1013904223
			fmt.Fprintf(&b, "<si><t>%x</t></si>", seed)
			if b.Len() > 1<<16 {
				io.WriteString(w, b.String())
				b.Reset()
			}
		}
		io.WriteString(w, b.String()+`</sst>`)
	}}
}

// TestZipBombs: workbooks and Word documents that expand beyond the limits
// are refused with a clear message, quickly, before they are built in
// memory (issue 14.2: a 611 KB workbook of one row of 12 million cells took
// 5.5 GB; 15 million shared strings 3.1 GB).
func TestZipBombs(t *testing.T) {
	docxFrame := textPart("[Content_Types].xml", `<Types/>`)
	cases := []struct {
		name string
		make func() []byte
		want string // a code of the error
	}{
		{"row12M.xlsx", func() []byte {
			return buildZip(t, withFrame(repeatPart("xl/worksheets/sheet1.xml", sheetHead+`<row r="1">`, `<c r="A1" t="s"><v>0</v></c>`, `</row>`+sheetTail, 12_000_000))...)
		}, "zip.limit"},
		{"strings15M.xlsx", func() []byte {
			return buildZip(t, withFrame(textPart("xl/worksheets/sheet1.xml", sheetHead+sheetTail),
				repeatPart("xl/sharedStrings.xml", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, `<si><t>x</t></si>`, `</sst>`, 15_000_000))...)
		}, "zip.limit"},
		{"row20k.xlsx", func() []byte {
			// Small enough to pass the size checks: the cell count refuses it.
			return buildZip(t, withFrame(repeatPart("xl/worksheets/sheet1.xml", sheetHead+`<row r="1">`, `<c><v>1</v></c>`, `</row>`+sheetTail, 20_000))...)
		}, "xlsx.row-cells"},
		{"strings1M.xlsx", func() []byte {
			return buildZip(t, withFrame(textPart("xl/worksheets/sheet1.xml", sheetHead+sheetTail), variedStrings(1_100_000))...)
		}, "xlsx.strings"},
		{"rows300k.xlsx", func() []byte {
			return buildZip(t, withFrame(genPart{"xl/worksheets/sheet1.xml", func(w io.Writer) {
				io.WriteString(w, sheetHead)
				seed := uint32(1)
				for i := 0; i < 300_000; i++ {
					seed = seed*1664525 + 1013904223
					fmt.Fprintf(w, `<row><c><v>%d</v></c></row>`, seed)
				}
				io.WriteString(w, sheetTail)
			}})...)
		}, "xlsx.sheet-rows"},
		{"rowref.xlsx", func() []byte {
			// One row numbered past the limit: excelize steps through every
			// row before it.
			return buildZip(t, withFrame(textPart("xl/worksheets/sheet1.xml", sheetHead+`<row r="1048576"><c r="A1048576"><v>1</v></c></row>`+sheetTail))...)
		}, "xlsx.sheet-rows"},
		{"colref.xlsx", func() []byte {
			// 100,000 rows of one cell at column XFD: excelize pads each
			// row with 16,383 empty cells.
			return buildZip(t, withFrame(repeatPart("xl/worksheets/sheet1.xml", sheetHead, `<row><c r="XFD1"><v>1</v></c></row>`, sheetTail, 100_000))...)
		}, "xlsx.cells"},
		{"colpast.xlsx", func() []byte {
			return buildZip(t, withFrame(textPart("xl/worksheets/sheet1.xml", sheetHead+`<row><c x:r = 'xfe1'><v>1</v></c></row>`+sheetTail))...)
		}, "xlsx.row-cells"},
		{"lying.xlsx", func() []byte {
			return lyingZip(t, "xl/worksheets/sheet1.xml", xlsxFrame...)
		}, "zip.bigger"},
		{"overlap.xlsx", func() []byte {
			// Many parts, each under the per-part floor, that together expand
			// 1000-fold.
			var parts []genPart
			for i := 0; i < 60; i++ {
				parts = append(parts, repeatPart(fmt.Sprintf("xl/media/pad%d.bin", i), "", "\x00", "", 3<<20))
			}
			return buildZip(t, withFrame(parts...)...)
		}, "zip.limit"},
		{"doc300M.docx", func() []byte {
			return buildZip(t, docxFrame, repeatPart("word/document.xml", `<w:document `+wordNS+`><w:body>`, `<w:p><w:r><w:t>甲</w:t></w:r></w:p>`, `</w:body></w:document>`, 8_000_000))
		}, "zip.limit"},
		{"lying.docx", func() []byte { return lyingZip(t, "word/document.xml", docxFrame) }, "zip.bigger"},
		{"deep.docx", func() []byte {
			return buildZip(t, docxFrame, repeatPart("word/document.xml", `<w:document `+wordNS+`><w:body>`, `<w:p>`, ``, 100_000))
		}, "docx.too-deep"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := c.make()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, _, err := Import(c.name, data, Options{})
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %d KB file refused in %v, %d MB allocated: %v", c.name, len(data)>>10, took.Round(time.Millisecond), allocated>>20, err)
			if !refused(err, c.name, c.want) {
				t.Fatalf("error %v, want one naming the file, with code %s", err, c.want)
			}
			// Everything allocated bounds the peak heap from above.
			if allocated > 200<<20 {
				t.Errorf("%d MB allocated to refuse it (at most 200 MB)", allocated>>20)
			}
		})
	}
}

// TestXLSXTemplates reads workbooks excelize writes in the two templates of
// the Chinese exam apps: 考试宝 (选项A–H, 正确答案, 章节, 难度) and 磨题帮
// (选择项1–5, 答案).
func TestXLSXTemplates(t *testing.T) {
	kaoshibao := [][]string{
		{"题干", "题型", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H", "正确答案", "解析", "章节", "难度"},
		{"需求曲线向右下方倾斜的原因是（ ）", "单选题", "替代效应", "收入效应", "替代效应和收入效应", "边际效用递增", "", "", "", "", "C", "两种效应共同作用。", "第二章 需求与供给", "中"},
		{"下列属于宏观经济政策目标的有（ ）", "多选题", "充分就业", "物价稳定", "经济增长", "国际收支平衡", "垄断利润", "", "", "", "ABCD", "", "第十章", "难"},
		{"边际成本曲线与平均成本曲线相交于平均成本曲线的最低点。", "判断题", "", "", "", "", "", "", "", "", "正确", "", "第四章", "易"},
		{"在完全竞争市场上，厂商短期均衡的条件是______。", "填空题", "", "", "", "", "", "", "", "", "MR=MC", "", "第五章", "中"},
		{"选择H的题目（ ）", "单选题", "一", "二", "三", "四", "五", "六", "七", "八", "H", "", "", ""},
	}
	motibang := [][]string{
		{"题干", "题型", "选择项1", "选择项2", "选择项3", "选择项4", "选择项5", "答案", "解析"},
		{"TCP/IP 模型中负责路由选择的是（ ）", "单选题", "应用层", "传输层", "网络层", "链路层", "", "C", "IP 在网络层。"},
		{"下列协议中属于应用层的有（ ）", "多选题", "HTTP", "FTP", "TCP", "DNS", "UDP", "ABD", ""},
		{"IPv4 地址的长度是 32 位。", "判断题", "", "", "", "", "", "对", ""},
	}
	for _, c := range []struct {
		name string
		rows [][]string
		want []string
	}{
		{"kaoshibao.xlsx", kaoshibao, []string{"single:C", "multiple:ABCD", "truefalse:对", "fill:MR=MC", "single:H"}},
		{"motibang.xlsx", motibang, []string{"single:C", "multiple:ABD", "truefalse:对"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, rep := mustImport(t, c.name, excelizeWorkbook(t, c.rows), Options{})
			if rep.Kind != KindXLSX {
				t.Fatalf("kind %s", rep.Kind)
			}
			var got []string
			for _, q := range b.Questions {
				got = append(got, fmt.Sprintf("%s:%s", q.Type, expectAnswer(q)))
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("questions %v, want %v", got, c.want)
			}
			if c.name == "kaoshibao.xlsx" {
				q := b.Questions[0]
				if len(q.Options) != 4 || q.Explanation != "两种效应共同作用。" || q.Section != "第二章 需求与供给" || len(b.Questions[4].Options) != 8 {
					t.Errorf("row 2: %+v", q)
				}
			} else if q := b.Questions[1]; len(q.Options) != 5 || q.Options[4].Text != "UDP" {
				t.Errorf("磨题帮 options: %+v", q.Options)
			}
		})
	}
}

// excelizeWorkbook writes rows to the first sheet of a new workbook, as
// excelize (and so the apps that export with it) writes one.
func excelizeWorkbook(t testing.TB, rows [][]string) []byte {
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
