package importer

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer/pdf"
)

// checkImported fails on anything Import must never return: a panic is
// caught by the fuzzer itself; here unclean text, bad IDs, answers that do
// not fit their type, an error not naming the file.
func checkImported(t *testing.T, name string, b *bank.Bank, rep *Report, err error) {
	t.Helper()
	if rep == nil {
		t.Fatal("nil report")
	}
	checkClean(t, "report", reportText(rep))
	if err != nil {
		if !strings.HasPrefix(err.Error(), name+": ") {
			t.Fatalf("error does not name the file: %v", err)
		}
		return
	}
	ids := map[string]bool{}
	for _, q := range b.Questions {
		if !validID(q.ID) || ids[q.ID] || !q.Type.Valid() {
			t.Fatalf("bad question %+v", q)
		}
		ids[q.ID] = true
		if q.Answer != nil && (q.Type == bank.Single || q.Type == bank.Multiple) {
			if _, ok := bank.ParseChoices(q.Answer.Choices); !ok {
				t.Fatalf("choice answer %q", q.Answer.Choices)
			}
		}
	}
	for _, s := range allText(b) {
		checkClean(t, "bank", s)
	}
}

// FuzzDocx feeds Word documents built around arbitrary document.xml and
// numbering.xml parts (and, with raw, arbitrary bytes as the whole file) to
// Import.
func FuzzDocx(f *testing.F) {
	files, _ := filepath.Glob("testdata/formats/*.docx")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			text, _, _ := docxText(data)
			f.Add([]byte(text), []byte(""), false)
			f.Add(data, []byte(""), true)
		}
	}
	f.Add([]byte(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>甲（ B ）</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>一</w:t></w:r></w:p>`),
		[]byte(`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>`), false)
	f.Add([]byte(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>题号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>答案</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`), []byte(""), false)
	f.Add([]byte(`<w:p><w:r><w:t>题干</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>题干</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>答案</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>`), []byte(`<w:num w:numId="1"><w:abstractNumId w:val="9"/></w:num><w:abstractNum w:abstractNumId="9"><w:numStyleLink w:val="s"/></w:abstractNum>`), false)
	f.Fuzz(func(t *testing.T, doc, numbering []byte, raw bool) {
		data := doc
		if !raw {
			parts := []genPart{textPart("word/document.xml", `<w:document `+wordNS+`><w:body>`+string(doc)+`</w:body></w:document>`)}
			if len(numbering) > 0 {
				parts = append(parts, textPart("word/numbering.xml", `<w:numbering `+wordNS+`>`+string(numbering)+`</w:numbering>`))
			}
			data = buildZip(t, parts...)
		}
		b, rep, err := importBounded(t, "fuzz.docx", data, Options{Name: "fuzz"})
		checkImported(t, "fuzz.docx", b, rep, err)
	})
}

// FuzzPDF feeds arbitrary bytes to the PDF reader (through Import, so the
// text handling after it too).
func FuzzPDF(f *testing.F) {
	files, _ := filepath.Glob("testdata/formats/*.pdf")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 40_000 {
			f.Add(data)
		}
	}
	f.Add(buildPDF("题库", sampleBank(3)))
	for _, objs := range pdfOddities()[:4] { // not the 40 MB stream
		f.Add(rawPDF(objs...))
	}
	// Tighter limits keep each run short; the limits themselves are tested
	// by TestPDFOddities.
	saved := pdfLimits
	pdfLimits = pdf.Limits{Objects: 100_000, Pages: 200, StreamBytes: 1 << 20, TotalBytes: 8 << 20, Ops: 200_000}
	defer func() { pdfLimits = saved }()
	f.Fuzz(func(t *testing.T, data []byte) {
		b, rep, err := importBounded(t, "fuzz.pdf", data, Options{Name: "fuzz", Kind: KindPDF})
		checkImported(t, "fuzz.pdf", b, rep, err)
	})
}

// rawPDF writes objects (bodies of "n 0 obj … endobj", numbered from 1;
// the first is the catalog) with a correct cross-reference table.
func rawPDF(objs ...string) []byte {
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return out.Bytes()
}

func flateStream(data []byte) string {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	zw.Write(data)
	zw.Close()
	return fmt.Sprintf("<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", b.Len(), b.Bytes())
}

// pdfOddities are small PDFs that are damaged or built to exhaust a
// reader: loops, deep nesting, odd fonts.
func pdfOddities() [][]string {
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [49 /one /period /space /uni4E2D] >> >>"
	return [][]string{
		// A page tree that contains itself.
		{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>", "<< /Length 40 >>\nstream\nBT /F1 12 Tf 72 700 Td (1. A) Tj ET\nendstream", font},
		// A form XObject that draws itself.
		{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>", "<< /Length 6 >>\nstream\n/X Do\nendstream", "<< /Type /XObject /Subtype /Form /Resources << /XObject << /X 5 0 R >> >> /Length 6 >>\nstream\n/X Do\nendstream"},
		// Arrays nested a thousand deep, a reference to itself, a wrong /Length.
		{"<< /Type /Catalog /Pages 2 0 R /Deep " + strings.Repeat("[", 1000) + " >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Contents 4 0 R /Resources 5 0 R >>", "<< /Length 999 >>\nstream\nBT /F1 9 Tf (\\061\\056 \\101) Tj ET\nendstream", "5 0 R"},
		// A ToUnicode CMap with a huge range, an Identity-H font.
		{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>", "<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td <00010002> Tj ET\nendstream", "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< /W [1 [500 600] 0 65535 1000] >>] /ToUnicode 6 0 R >>", "<< /Length 60 >>\nstream\nbegincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <4E00> endbfrange\nendstream"},
		// A content stream that inflates to 40 MB of spaces.
		{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", flateStream(bytes.Repeat([]byte(" "), 40<<20))},
	}
}

// TestPDFOddities: damaged and hostile PDFs end in a clear error or a
// result, quickly and within bounded memory — never a panic or a hang.
func TestPDFOddities(t *testing.T) {
	for i, objs := range pdfOddities() {
		data := rawPDF(objs...)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, _, err := Import("odd.pdf", data, Options{Name: "odd"})
		runtime.ReadMemStats(&after)
		t.Logf("oddity %d: %v, %d MB allocated: %v", i, time.Since(start).Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20, err)
		if err != nil && !strings.HasPrefix(err.Error(), "odd.pdf: ") {
			t.Errorf("oddity %d: error does not name the file: %v", i, err)
		}
		if a := after.TotalAlloc - before.TotalAlloc; a > 200<<20 {
			t.Errorf("oddity %d: %d MB allocated", i, a>>20)
		}
	}
	// The 40 MB stream passes the per-stream limit only when it is raised:
	// with the limit at 32 MB it is refused as a bomb.
	_, err := pdf.Read(rawPDF(pdfOddities()[4]...), pdf.DefaultLimits)
	if !errors.Is(err, pdf.ErrLimit) {
		t.Errorf("inflating content stream: %v", err)
	}
	// A cross-reference table pointing nowhere is rebuilt from the objects.
	good := buildPDF("题库", sampleBank(3))
	broken := bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1)
	b, _, err := Import("broken.pdf", broken, Options{})
	if err != nil || len(b.Questions) != 3 {
		t.Errorf("rebuilt cross-reference: %v", err)
	}
}

// TestPDFLayout: a PDF laid out by buildPDF (header, footer with page
// numbers, stems wrapped at the margin) imports with every question whole.
func TestPDFLayout(t *testing.T) {
	paras := sampleBank(40)
	data := buildPDF("会计题库 2024", paras)
	b, rep := mustImport(t, "layout.pdf", data, Options{})
	if len(b.Questions) != 40 {
		t.Fatalf("%d questions; report %+v", len(b.Questions), rep)
	}
	for i, q := range b.Questions {
		stem := strings.SplitN(paras[1+3*i], "．", 2)[1] // after the heading
		if q.Stem != stem || q.Answer == nil || len(q.Options) != 4 {
			t.Errorf("question %d: %q, want %q", i+1, q.Stem, stem)
		}
	}
	if len(rep.Unplaced) > 0 || !slices.ContainsFunc(rep.Notes, func(n Note) bool { return n.Code == "pdf.cleaned" }) {
		t.Errorf("unplaced %v, notes %v", rep.Unplaced, rep.Notes)
	}
}

// TestPDFMutations: damaged copies of the PDF seeds (bytes changed at
// random, with a fixed seed) never make the reader panic.
func TestPDFMutations(t *testing.T) {
	var seeds [][]byte
	for _, p := range []string{"testdata/formats/kuaiji.pdf", "testdata/formats/kuaiji-objstm.pdf"} {
		seeds = append(seeds, readFile(t, p))
	}
	seeds = append(seeds, buildPDF("题库", sampleBank(3)))
	for _, o := range pdfOddities()[:4] {
		seeds = append(seeds, rawPDF(o...))
	}
	rnd := rand.New(rand.NewSource(1))
	for n := 0; n < 300; n++ {
		s := seeds[n%len(seeds)]
		b := append([]byte(nil), s...)
		for k := 0; k < 1+rnd.Intn(8); k++ {
			b[rnd.Intn(len(b))] = byte(rnd.Intn(256))
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					os.WriteFile(filepath.Join(t.TempDir(), "crash.pdf"), b, 0o644)
					t.Fatalf("mutation %d: panic %v", n, r)
				}
			}()
			bk, rep, err := Import("m.pdf", b, Options{Name: "m", Kind: KindPDF})
			checkImported(t, "m.pdf", bk, rep, err)
		}()
	}
}
