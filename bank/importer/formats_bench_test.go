package importer

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/shuati/shuati/bank/importer/pdf"
)

// Issue 9's targets: a 300-page PDF and a 5 MB .docx each import in under
// 2 s with under 200 MB peak memory. B/op (all bytes allocated by one
// import) bounds the peak from above.

func BenchmarkImportPDF300Pages(b *testing.B) {
	data := buildPDF("管理学题库", sampleBank(3300))
	pages, err := pdf.Read(data, pdf.DefaultLimits)
	if err != nil || len(pages) < 300 {
		b.Fatalf("%d pages: %v", len(pages), err)
	}
	b.ReportMetric(float64(len(pages)), "pages")
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		bk, _, err := Import("bench.pdf", data, Options{Name: "bench"})
		if err != nil || len(bk.Questions) != 3300 {
			b.Fatalf("%v", err)
		}
	}
}

// wordBank is a Word document of n questions with paragraphs as Word
// writes them (properties on every paragraph and run).
func wordBank(n int) genPart {
	return genPart{"word/document.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document `+wordNS+`><w:body>`)
		para := func(s string) {
			fmt.Fprintf(w, `<w:p><w:pPr><w:pStyle w:val="Normal"/><w:spacing w:before="0" w:after="120"/><w:rPr/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, s)
		}
		paras := sampleBank(n)
		for _, p := range paras {
			para(p)
		}
		io.WriteString(w, `</w:body></w:document>`)
	}}
}

func BenchmarkImportDocx5MB(b *testing.B) {
	data := buildZip(b, textPart("[Content_Types].xml", `<Types/>`), wordBank(36000))
	if len(data) < 5<<20 {
		b.Fatalf("only %d bytes", len(data))
	}
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		bk, _, err := Import("bench.docx", data, Options{Name: "bench"})
		if err != nil || len(bk.Questions) != 36000 {
			b.Fatalf("%v, %d questions", err, len(bk.Questions))
		}
	}
}

// BenchmarkXLSXBomb: the bomb (one row of 12 million cells) is
// refused at once.
func BenchmarkXLSXBomb(b *testing.B) {
	data := buildZip(b, withFrame(repeatPart("xl/worksheets/sheet1.xml", sheetHead+`<row r="1">`, `<c r="A1" t="s"><v>0</v></c>`, `</row>`+sheetTail, 12_000_000))...)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, _, err := Import("bomb.xlsx", data, Options{}); !errors.Is(err, errZipLimit) {
			b.Fatal(err)
		}
	}
}
