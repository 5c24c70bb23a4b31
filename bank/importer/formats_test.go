package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
)

// expectAnswer writes an answer as the .expect files do: letters, 对/错,
// blanks joined by ；, or the text.
func expectAnswer(q *bank.Question) string {
	if q.Answer == nil {
		return "-"
	}
	switch q.Type {
	case bank.Single, bank.Multiple:
		return q.Answer.Choices
	case bank.TrueFalse:
		if q.Answer.True {
			return "对"
		}
		return "错"
	case bank.Fill:
		var parts []string
		for _, b := range q.Answer.Blanks {
			parts = append(parts, strings.Join(b, "|"))
		}
		return strings.Join(parts, "；")
	}
	return q.Answer.Text
}

// TestFormatFixtures imports the LibreOffice-made .docx and PDF fixtures of
// testdata/formats (make.sh) and checks every question's type and answer
// against the expected list written with the source.
func TestFormatFixtures(t *testing.T) {
	expects, _ := filepath.Glob("testdata/formats/*.expect")
	if len(expects) < 5 {
		t.Fatalf("format fixtures missing: %v", expects)
	}
	total, right := 0, 0
	for _, e := range expects {
		base := strings.TrimSuffix(filepath.Base(e), ".expect")
		file := "testdata/formats/" + base + ".docx"
		if strings.HasSuffix(base, "-pdf") {
			file = "testdata/formats/" + strings.TrimSuffix(base, "-pdf") + ".pdf"
		} else if _, err := os.Stat(file); err != nil {
			file = "testdata/formats/" + base + ".pdf"
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			var want [][]string
			for _, l := range strings.Split(strings.TrimSpace(string(readFile(t, e))), "\n") {
				want = append(want, strings.Split(l, "\t"))
			}
			// The kind comes from the content: the name says nothing.
			b, rep := mustImport(t, "题库", readFile(t, file), Options{Name: "fixture"})
			if wantKind := Kind(strings.TrimPrefix(filepath.Ext(file), ".")); rep.Kind != wantKind {
				t.Errorf("kind %s, want %s", rep.Kind, wantKind)
			}
			total += len(want)
			if len(b.Questions) != len(want) {
				t.Errorf("%d questions, want %d", len(b.Questions), len(want))
			}
			for i, w := range want {
				if i >= len(b.Questions) {
					break
				}
				q := b.Questions[i]
				got := fmt.Sprintf("%s %s", q.Type, expectAnswer(q))
				if got != w[0]+" "+w[1] || !strings.Contains(q.Stem, w[2]) {
					t.Errorf("question %d: %s %q, want %s %s %q", i+1, got, excerpt(q.Stem), w[0], w[1], w[2])
					continue
				}
				right++
			}
		})
	}
	t.Logf("format fixtures: %d of %d questions with the right type and answer", right, total)
}

// makeZip writes a zip archive of the named parts (in order).
func makeZip(t testing.TB, parts ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

func makeDocx(t testing.TB, body, numbering string) []byte {
	parts := []string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`}
	if numbering != "" {
		parts = append(parts, "word/numbering.xml", `<?xml version="1.0" encoding="UTF-8"?><w:numbering `+wordNS+`>`+numbering+`</w:numbering>`)
	}
	return makeZip(t, parts...)
}

func numPara(numID string, ilvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%s"/></w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`, ilvl, numID, text)
}

func lvl(ilvl int, format, text, suff string, extra string) string {
	s := fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/>`, ilvl, format, text)
	if suff != "" {
		s += `<w:suff w:val="` + suff + `"/>`
	}
	return s + extra + `</w:lvl>`
}

// TestDocxNumbering renders Word's automatic numbering as Word shows it:
// decimal, letters, Chinese numerals, （1）, restarts of lower levels, a
// startOverride restarting a list, instances of one definition continuing
// each other, lvlRestart="0", and numbering given by a paragraph style.
func TestDocxNumbering(t *testing.T) {
	numbering := `<w:abstractNum w:abstractNumId="10">` +
		lvl(0, "decimal", "%1.", "space", "") + lvl(1, "upperLetter", "%2.", "space", "") + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="20">` + lvl(0, "chineseCounting", "%1、", "nothing", "") + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="30">` + lvl(0, "decimal", "（%1）", "nothing", "") +
		lvl(1, "lowerLetter", "%2)", "space", `<w:lvlRestart w:val="0"/>`) + `</w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="40">` + lvl(0, "decimal", "%1.", "", "") + lvl(1, "decimal", "%1.%2", "space", "") + `</w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>` +
		`<w:num w:numId="2"><w:abstractNumId w:val="10"/></w:num>` +
		`<w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
		`<w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>` +
		`<w:num w:numId="5"><w:abstractNumId w:val="30"/></w:num>` +
		`<w:num w:numId="6"><w:abstractNumId w:val="40"/></w:num>`
	var body strings.Builder
	body.WriteString(numPara("4", 0, "单项选择题"))
	body.WriteString(numPara("1", 0, "甲"))
	body.WriteString(numPara("1", 1, "选项"))
	body.WriteString(numPara("1", 1, "选项"))
	body.WriteString(numPara("1", 0, "乙"))
	body.WriteString(numPara("1", 1, "选项")) // restarts at A under a new question
	body.WriteString(numPara("2", 0, "丙"))  // another instance of the same list continues: 3.
	body.WriteString(numPara("4", 0, "判断题"))
	body.WriteString(numPara("3", 0, "丁")) // startOverride: back to 1.
	for i := 0; i < 10; i++ {
		body.WriteString(numPara("4", 0, "节"))
	}
	body.WriteString(numPara("5", 0, "空"))
	body.WriteString(numPara("5", 1, "x"))
	body.WriteString(numPara("5", 0, "空"))
	body.WriteString(numPara("5", 1, "y")) // lvlRestart 0: never restarts, b)
	body.WriteString(numPara("6", 0, "章"))
	body.WriteString(numPara("6", 1, "节"))
	body.WriteString(numPara("0", 0, "无编号"))
	text, _, err := docxText(makeDocx(t, body.String(), numbering))
	if err != nil {
		t.Fatal(err)
	}
	want := "一、单项选择题\n1. 甲\nA. 选项\nB. 选项\n2. 乙\nA. 选项\n3. 丙\n二、判断题\n1. 丁\n" +
		"三、节\n四、节\n五、节\n六、节\n七、节\n八、节\n九、节\n十、节\n十一、节\n十二、节\n" +
		"（1）空\na) x\n（2）空\nb) y\n1." + docxTab + "章\n1.1 节\n无编号\n"
	if text != want {
		t.Errorf("rendered\n%s\nwant\n%s", text, want)
	}
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 100: "一百", 105: "一百〇五", 110: "一百一十"} {
		if got := formatNumber(n, "chineseCounting"); got != want {
			t.Errorf("chineseCounting %d = %s, want %s", n, got, want)
		}
	}
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 28: "BB"} {
		if got := formatNumber(n, "upperLetter"); got != want {
			t.Errorf("upperLetter %d = %s, want %s", n, got, want)
		}
	}
}

// TestDocxText: runs split inside a word are joined, tabs part columns,
// line breaks end lines; deleted text, field codes, hidden text, ruby
// annotations and a text box's fallback copy are left out; symbol-font
// marks become √ and ×.
func TestDocxText(t *testing.T) {
	body := `<w:p><w:r><w:t>1．计算</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>机的</w:t></w:r><w:r><w:t xml:space="preserve">核心是（ ）</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>A．1000</w:t><w:tab/><w:t>B．1024</w:t></w:r><w:r><w:br/><w:t>C．512</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>答案：</w:t></w:r><w:del><w:r><w:delText>A</w:delText></w:r></w:del><w:ins><w:r><w:t>B</w:t></w:r></w:ins></w:p>` +
		`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
		`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>2．服务</w:t></w:r><w:r><w:ruby><w:rt><w:r><w:t>wù</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>务</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>（</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r><w:r><w:t>）</w:t></w:r></w:p>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>外</w:t></w:r></w:p>`
	text, _, err := docxText(makeDocx(t, body, ""))
	if err != nil {
		t.Fatal(err)
	}
	want := "1．计算机的核心是（ ）\nA．1000" + docxTab + "B．1024\nC．512\n答案：B\n7\n2．服务务（√）\n框内\n外\n"
	if text != want {
		t.Errorf("rendered\n%q\nwant\n%q", text, want)
	}
}

// TestDocxTables: a template table is read as a table, an answer key
// table (either way round) as key lines, any other table row by row.
func TestDocxTables(t *testing.T) {
	row := func(cells ...string) string {
		var b strings.Builder
		b.WriteString("<w:tr>")
		for _, c := range cells {
			fmt.Fprintf(&b, "<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>", c)
		}
		b.WriteString("</w:tr>")
		return b.String()
	}
	tbl := func(rows ...string) string { return "<w:tbl>" + strings.Join(rows, "") + "</w:tbl>" }
	para := func(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }
	body := para("一、单选题") + para("1. 甲（ ）") + para("A. 一 B. 二") + para("2. 乙（ ）") + para("A. 一 B. 二") +
		para("二、判断题") + para("3. 丙。") + para("4. 丁。") +
		tbl(row("题号", "答案"), row("1", "B"), row("2", "A")) +
		tbl(row("题号", "3", "4"), row("答案", "√", "×")) +
		tbl(row("说明", "本卷共4题"))
	text, tables, err := docxText(makeDocx(t, body, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "参考答案\n1. B\n2. A\n3. √  4. ×\n说明"+docxTab+"本卷共4题\n") {
		t.Errorf("rendered\n%s", text)
	}
	if len(tables) != 0 {
		t.Errorf("%d question tables", len(tables))
	}
	b, _ := mustImport(t, "k.docx", makeDocx(t, body, ""), Options{})
	got := ""
	for _, q := range b.Questions {
		got += fmt.Sprintf("%s:%s ", q.Type, expectAnswer(q))
	}
	if got != "single:B single:A truefalse:对 truefalse:错 " {
		t.Errorf("questions %s", got)
	}

	// A question table after some text: both are read, the table's rows
	// numbered as lines of the document.
	body = para("1. 甲（ B ）") + para("A. 一 B. 二") +
		tbl(row("题干", "选项A", "选项B", "答案"), row("乙", "一", "二", "A"))
	b, _ = mustImport(t, "k.docx", makeDocx(t, body, ""), Options{})
	if len(b.Questions) != 2 || b.Questions[1].Stem != "乙" || expectAnswer(b.Questions[1]) != "A" || b.Questions[1].Line != 4 {
		t.Errorf("question table: %+v", b.Questions)
	}
}

// TestFormatMessages: files that are not question banks get an error
// naming the file and what it looks like; damaged ones say what is wrong
// (the words: ui/i18n, see report_lang_test.go).
func TestFormatMessages(t *testing.T) {
	ole := append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 500)...)
	utf16 := func(s string) []byte {
		var b []byte
		for _, c := range s {
			b = append(b, byte(c), 0)
		}
		return b
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"old.doc", append(append([]byte{}, ole...), utf16("WordDocument")...), "detect.doc"},
		{"old.xls", append(append([]byte{}, ole...), utf16("Workbook")...), "detect.xls"},
		{"locked.docx", append(append(append([]byte{}, ole...), utf16("EncryptionInfo")...), utf16("EncryptedPackage")...), "detect.ole-locked"},
		{"scan.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "detect.not-bank"},
		{"scan.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "detect.not-bank"},
		{"slides.pptx", makeZip(t, "ppt/presentation.xml", "<p/>"), "detect.pptx"},
		{"text.odt", makeZip(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>"), "detect.office-save"},
		{"files.zip", makeZip(t, "a.txt", "hello"), "detect.zip-other"},
		{"cut.docx", []byte("PK\x03\x04garbage"), "detect.zip-damaged"},
		{"bank.rtf", []byte(`{\rtf1\ansi 1. question}`), "detect.not-bank"},
		{"blob.bin", bytes.Repeat([]byte{0, 1, 2, 3, 0, 0, 9, 0}, 64), "detect.binary"},
		{"broken.docx", makeDocx(t, "<w:p><w:r><w:t>1. 甲</w:t></w:r>", ""), "xml.mismatch"},
		{"mismatch.docx", makeDocx(t, "<w:p><w:r><w:t>1. 甲</w:r></w:t></w:p>", ""), "xml.mismatch"},
		{"badnum.docx", makeZip(t, "word/document.xml", "<w:document "+wordNS+"><w:body/></w:document>", "word/numbering.xml", "<w:numbering><w:num>"), "docx.numbering-xml"},
		{"empty.docx", makeDocx(t, "", ""), "docx.no-text"},
		{"scanned.pdf", readFile(t, "testdata/formats/scanned.pdf"), "pdf.scanned"},
		{"locked.pdf", readFile(t, "testdata/formats/encrypted.pdf"), "pdf.encrypted"},
		{"cut.pdf", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), "pdf.unreadable"},
	}
	for _, c := range cases {
		_, _, err := Import(c.name, c.data, Options{})
		if !refused(err, c.name, c.want) {
			t.Errorf("%s: error %v, want one naming the file, with code %s", c.name, err, c.want)
		}
	}
}
