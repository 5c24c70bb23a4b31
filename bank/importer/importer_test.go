package importer

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/data"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/raw")

func mustImport(t testing.TB, name string, in []byte, opts Options) (*bank.Bank, *Report) {
	t.Helper()
	b, rep, err := Import(name, in, opts)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return b, rep
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// reportText is the report as its codes and arguments (the words are
// ui/i18n's; see report_lang_test.go).
func reportText(rep *Report) string { return fmt.Sprintf("%+v", *rep) }

// errCodes are the codes of err's chain of *Error, outermost first.
func errCodes(err error) []string {
	var codes []string
	for err != nil {
		e, ok := err.(*Error)
		if !ok {
			break
		}
		codes = append(codes, e.Code)
		err = e.Err
	}
	return codes
}

// refused reports an error about file (its outermost code "file", with
// its name) that has code in its chain.
func refused(err error, file, code string) bool {
	e, ok := err.(*Error)
	return ok && e.Code == "file" && len(e.Args) == 1 && e.Args[0] == file && slices.Contains(errCodes(err), code)
}

// For the tests of package importer_test.
var (
	LineDiff = lineDiff
	Update   = update
)

func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, w, g)
			if b.Len() > 3000 {
				break
			}
		}
	}
	return b.String()
}

// byStem finds an imported question by the start of its stem.
func byStem(t *testing.T, b *bank.Bank, prefix string) *bank.Question {
	t.Helper()
	for _, q := range b.Questions {
		if strings.HasPrefix(q.Stem, prefix) {
			return q
		}
	}
	t.Fatalf("no question starting %q", prefix)
	return nil
}

// TestNotations checks each answer notation on its own, beyond the golden.
func TestNotations(t *testing.T) {
	b, rep := mustImport(t, "n.txt", readFile(t, "testdata/raw/notations.txt"), Options{})
	tf := func(v bool) *bank.Answer { return &bank.Answer{True: v} }
	cases := []struct {
		stem string
		typ  bank.Type
		ans  *bank.Answer
		opts int
	}{
		{"全角点编号", bank.Single, &bank.Answer{Choices: "D"}, 4},
		{"顿号编号，答案在题干里（ ）", bank.Single, &bank.Answer{Choices: "A"}, 2},
		{"半角括号选项", bank.Single, &bank.Answer{Choices: "C"}, 3},
		{"逗号分隔的答案", bank.Multiple, &bank.Answer{Choices: "ABC"}, 4},
		{"括号中的答案（ ）", bank.Multiple, &bank.Answer{Choices: "ABCD"}, 4},
		{"全角字母的答案", bank.Multiple, &bank.Answer{Choices: "AC"}, 3},
		{"对号在括号里", bank.TrueFalse, tf(true), 0},
		{"错号在括号里", bank.TrueFalse, tf(false), 0},
		{"文字判断", bank.TrueFalse, tf(false), 0},
		{"答案行判断", bank.TrueFalse, tf(false), 0},
		{"答案行正确", bank.TrueFalse, tf(true), 0},
		{"裸对号", bank.TrueFalse, tf(true), 0},
		{"中国的首都是", bank.Fill, &bank.Answer{Blanks: [][]string{{"北京"}}}, 0},
		{"____和____", bank.Fill, &bank.Answer{Blanks: [][]string{{"红"}, {"绿", "青"}}}, 0},
		{"简述多行答案", bank.Short, &bank.Answer{Text: "第一点；\n第二点。"}, 0},
		{"客户价值", bank.Definition, &bank.Answer{Text: "客户为企业带来的全部利润。"}, 0},
	}
	if len(b.Questions) != len(cases) {
		t.Errorf("%d questions, want %d", len(b.Questions), len(cases))
	}
	for _, c := range cases {
		q := byStem(t, b, c.stem)
		if q.Type != c.typ || !reflect.DeepEqual(q.Answer, c.ans) || len(q.Options) != c.opts {
			t.Errorf("%s: type %s answer %+v options %d; want %s %+v %d", c.stem, q.Type, q.Answer, len(q.Options), c.typ, c.ans, c.opts)
		}
	}
	if q := byStem(t, b, "简述多行答案"); q.Explanation != "这是解析。" {
		t.Errorf("explanation %q", q.Explanation)
	}
	if len(rep.Unplaced)+len(rep.Skipped)+len(rep.NoAnswer) != 0 {
		t.Errorf("report has problems: %+v", rep)
	}
}

// TestMarksBetweenStatements: where the layout shows it, marks between
// statements go to the right statement; where it does not, the answers are
// left out and the report says so; Options.TFMarks decides then.
func TestMarksBetweenStatements(t *testing.T) {
	after := "判断题\n1. 甲是甲。\n(正确)2. 甲是乙。\n(错误)3. 乙是乙。\n(正确)四、简答题\n1. 为什么？\n答案：因为。\n"
	b, _ := mustImport(t, "a.txt", []byte(after), Options{})
	want := []bool{true, false, true}
	for i, w := range want {
		if a := b.Questions[i].Answer; a == nil || a.True != w {
			t.Errorf("after-layout statement %d: %+v, want %v", i+1, a, w)
		}
	}
	before := "判断题\n×1. 甲是乙。\n√2. 甲是甲。\n×3. 乙是甲。\n"
	b, _ = mustImport(t, "b.txt", []byte(before), Options{})
	for i, w := range []bool{false, true, false} {
		if a := b.Questions[i].Answer; a == nil || a.True != w {
			t.Errorf("before-layout statement %d: %+v, want %v", i+1, a, w)
		}
	}
	ambiguous := "判断题\n1、甲是甲。×\n2、甲是乙。\n×\n3、乙是甲。\n"
	b, rep := mustImport(t, "c.txt", []byte(ambiguous), Options{})
	for _, q := range b.Questions {
		if q.Answer != nil {
			t.Errorf("ambiguous layout gave %q an answer", q.Stem)
		}
	}
	if len(rep.Notes) != 1 || rep.Notes[0].Code != "tf.undecided" || len(rep.NoAnswer) != 3 {
		t.Errorf("report: notes %q, no answer %d", rep.Notes, len(rep.NoAnswer))
	}
	b, _ = mustImport(t, "c.txt", []byte(ambiguous), Options{TFMarks: TFBefore})
	if b.Questions[0].Answer != nil || b.Questions[1].Answer == nil || b.Questions[1].Answer.True || b.Questions[2].Answer == nil || b.Questions[2].Answer.True {
		t.Errorf("TFBefore: %+v %+v %+v", b.Questions[0].Answer, b.Questions[1].Answer, b.Questions[2].Answer)
	}
	b, _ = mustImport(t, "c.txt", []byte(ambiguous), Options{TFMarks: TFAfter})
	if b.Questions[0].Answer == nil || b.Questions[0].Answer.True || b.Questions[1].Answer == nil || b.Questions[2].Answer != nil {
		t.Errorf("TFAfter: %+v %+v %+v", b.Questions[0].Answer, b.Questions[1].Answer, b.Questions[2].Answer)
	}
}

func jsonl(t testing.TB, b *bank.Bank) string {
	var sb strings.Builder
	if err := bank.WriteJSONL(&sb, b); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	out := []byte{0xff, 0xfe}
	for _, c := range u {
		out = append(out, byte(c), byte(c>>8))
	}
	return out
}

// TestEncodings: the same text as UTF-8, with a BOM, with CRLF or CR line
// ends, in GBK, GB18030 and UTF-16 imports to the same bank.
func TestEncodings(t *testing.T) {
	src := readFile(t, "testdata/raw/crm-style.txt")
	base, baseRep := mustImport(t, "x.txt", src, Options{Name: "x"})
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string][]byte{
		"bom":     append([]byte("\ufeff"), src...),
		"crlf":    bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")),
		"cr":      bytes.ReplaceAll(src, []byte("\n"), []byte("\r")),
		"gbk":     gbk,
		"gb18030": gb18030,
		"bom+crlf+gbk": func() []byte {
			b, _ := simplifiedchinese.GBK.NewEncoder().Bytes(bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")))
			return b
		}(),
		"utf16": utf16le(string(src)),
	}
	if bytes.Equal(gbk, src) {
		t.Fatal("GBK encoding did not change the bytes")
	}
	for name, in := range variants {
		b, rep := mustImport(t, "x.txt", in, Options{Name: "x"})
		if got, want := jsonl(t, b), jsonl(t, base); got != want {
			t.Errorf("%s: bank differs:\n%s", name, lineDiff(want, got))
		}
		if !reflect.DeepEqual(rep.Unplaced, baseRep.Unplaced) {
			t.Errorf("%s: unplaced lines %v, want %v", name, rep.Unplaced, baseRep.Unplaced)
		}
		if strings.HasPrefix(name, "gb") && rep.Encoding != "GB18030/GBK" {
			t.Errorf("%s: encoding reported as %q", name, rep.Encoding)
		}
	}
	// A committed GBK file: the notations sample re-encoded.
	want, _ := mustImport(t, "n.txt", readFile(t, "testdata/raw/notations.txt"), Options{Name: "n"})
	got, rep := mustImport(t, "n.txt", readFile(t, "testdata/gbk/notations-gbk.txt"), Options{Name: "n"})
	if rep.Encoding != "GB18030/GBK" || jsonl(t, got) != jsonl(t, want) {
		t.Errorf("committed GBK file: encoding %q, bank differs:\n%s", rep.Encoding, lineDiff(jsonl(t, want), jsonl(t, got)))
	}
}

// noControl fails on any control character or escape sequence left in s.
func noControl(t *testing.T, where, s string) {
	t.Helper()
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x202e || r == 0xfeff {
			t.Errorf("%s: control character %U left in %q", where, r, s)
			return
		}
	}
}

func allText(b *bank.Bank) []string {
	out := []string{b.Name, b.Title, b.Source}
	for _, q := range b.Questions {
		out = append(out, q.ID, q.Section, q.Source, q.Stem, q.Explanation)
		for _, o := range q.Options {
			out = append(out, o.Key, o.Text)
		}
		out = append(out, q.Tags...)
		if q.Answer != nil {
			out = append(out, q.Answer.Choices, q.Answer.Text)
			for _, alts := range q.Answer.Blanks {
				out = append(out, alts...)
			}
		}
		for _, p := range q.Parts {
			out = append(out, p.Stem)
			if p.Answer != nil {
				out = append(out, p.Answer.Text)
			}
		}
	}
	return out
}

// TestEscapeSequences: terminal escape sequences and control characters in
// every kind of input are removed before anything reaches the bank or the
// report.
func TestEscapeSequences(t *testing.T) {
	raw := readFile(t, "testdata/raw/escape.txt")
	if !bytes.Contains(raw, []byte{0x1b}) {
		t.Fatal("escape sample has no ESC")
	}
	csvIn := []byte("题干,题型,选项A,选项B,正确答案,解析,章节\n\"题\x1b[2J干\x07\",单选题,\"甲\x1b]0;title\x07\",乙\u202e,A,\"解析\x1b[31m\",\"章\u009b1m节\"\n")
	for name, in := range map[string][]byte{"escape.txt": raw, "escape.csv": csvIn} {
		b, rep := mustImport(t, name, in, Options{Name: "esc"})
		for _, s := range allText(b) {
			noControl(t, name, s)
		}
		noControl(t, name+" report", reportText(rep))
		var out bytes.Buffer
		WriteAnki(&out, b)
		WriteCSV(&out, b)
		noControl(t, name+" exports", strings.NewReplacer("\t", "", "\r", "", "\ufeff题干", "题干").Replace(out.String()))
	}
	b, _ := mustImport(t, "escape.txt", raw, Options{Name: "esc"})
	if q := byStem(t, b, "终端"); q.Answer == nil || q.Answer.Choices != "B" || q.Options[0].Text != "红色" {
		t.Errorf("escape sample misread: %+v %+v", q.Answer, q.Options)
	}
}

// large builds a raw bank of about size bytes: numbered single-choice,
// true/false and short questions in sections of 100.
func large(size int) ([]byte, int) {
	var b bytes.Buffer
	n := 0
	for sec := 1; b.Len() < size; sec++ {
		fmt.Fprintf(&b, "第%d部分一、单项选择题\n", sec)
		for i := 1; i <= 100; i++ {
			fmt.Fprintf(&b, "%d. 第%d部分第%d题：客户服务管理的核心是（ ）\nA. 客户投诉处理 B. 客户满意度 C. 客户忠诚度 D. 客户价值最大化\n答案：D\n解析：客户服务管理的目标是实现客户价值的最大化，编号%d-%d。\n", i, sec, i, sec, i)
			n++
		}
		fmt.Fprintf(&b, "二、判断题\n")
		for i := 1; i <= 50; i++ {
			fmt.Fprintf(&b, "%d. 第%d部分第%d个判断：客户服务只是售后服务。（×）\n", i, sec, i)
			n++
		}
		fmt.Fprintf(&b, "三、简答题\n1. 第%d部分：简述客户细分的作用。\n答案：\n1. 优化资源分配；\n2. 提供差异化服务。\n", sec)
		n++
	}
	return b.Bytes(), n
}

// TestLargeFile imports a generated 10 MB raw file completely (its speed is
// measured by BenchmarkImport10MB).
func TestLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	in, n := large(10 << 20)
	b, rep := mustImport(t, "big.txt", in, Options{Name: "big"})
	if len(b.Questions) != n || len(rep.Unplaced) != 0 || len(rep.NoAnswer) != 0 {
		t.Fatalf("%d questions (want %d), %d unplaced, %d unanswered", len(b.Questions), n, len(rep.Unplaced), len(rep.NoAnswer))
	}
	if rep.ByType[bank.Single] == 0 || rep.ByType[bank.TrueFalse] == 0 || rep.ByType[bank.Short] == 0 {
		t.Errorf("types: %v", rep.ByType)
	}
	ids := map[string]bool{}
	for _, q := range b.Questions {
		if ids[q.ID] {
			t.Fatalf("duplicate ID %s", q.ID)
		}
		ids[q.ID] = true
	}
	last := b.Questions[len(b.Questions)-1]
	if last.Type != bank.Short || last.Answer == nil || last.Answer.Text != "1. 优化资源分配；\n2. 提供差异化服务。" {
		t.Errorf("last question: %+v %+v", last, last.Answer)
	}
}

func BenchmarkImport10MB(b *testing.B) {
	data, _ := large(10 << 20)
	in := string(data)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, err := ImportString("big.txt", in, Options{Name: "big"}); err != nil {
			b.Fatal(err)
		}
	}
}

// sameQuestions compares banks question by question, leaving out what a
// format does not carry (the line, the bank's file).
func sameQuestions(t *testing.T, what string, got, want *bank.Bank) {
	t.Helper()
	if len(got.Questions) != len(want.Questions) {
		t.Errorf("%s: %d questions, want %d", what, len(got.Questions), len(want.Questions))
		return
	}
	for i, w := range want.Questions {
		g := *got.Questions[i]
		w := *w
		g.Line, w.Line = 0, 0
		g.Source, w.Source = "", ""
		if len(g.Tags) == 0 && len(w.Tags) == 0 {
			g.Tags, w.Tags = nil, nil
		}
		if !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Errorf("%s: question %d differs:\n got %s\nwant %s", what, i+1, gj, wj)
		}
	}
}

// TestCSVRoundTrip: every built-in bank and the all-types sample, exported
// as CSV and imported again, give the same questions (IDs included).
func TestCSVRoundTrip(t *testing.T) {
	banks, err := data.Banks()
	if err != nil {
		t.Fatal(err)
	}
	all, err := bank.ParseBytes("all-types.md", readFile(t, "testdata/bank/all-types.md"), bank.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	banks = append(banks, all)
	for _, want := range banks {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, want); err != nil {
			t.Fatal(err)
		}
		got, rep := mustImport(t, want.Name+".csv", buf.Bytes(), Options{Name: want.Name})
		if rep.Kind != KindCSV {
			t.Errorf("%s: detected as %s", want.Name, rep.Kind)
		}
		sameQuestions(t, want.Name+" via csv", got, want)
		if len(rep.Noted)+len(rep.Skipped)+len(rep.Unplaced) != 0 {
			t.Errorf("%s: report problems: noted %v skipped %v", want.Name, rep.Noted, rep.Skipped)
		}
	}
}

// TestBankFormatRoundTrip: a file in the bank's own format is detected and
// read exactly as bank.Parse reads it; and a raw import written out in the
// bank format and imported again is the same bank.
func TestBankFormatRoundTrip(t *testing.T) {
	src := readFile(t, "testdata/bank/all-types.md")
	want, err := bank.ParseBytes("all-types.md", src, bank.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, rep := mustImport(t, "all-types.md", src, Options{})
	if rep.Kind != KindBank || got.Name != "all-types" {
		t.Fatalf("kind %s name %s", rep.Kind, got.Name)
	}
	sameQuestions(t, "bank format", got, want)

	for _, f := range []string{"testdata/raw/crm-style.txt", "testdata/raw/kefu-style.txt", "testdata/raw/notations.txt"} {
		raw, _ := mustImport(t, f, readFile(t, f), Options{Name: "raw"})
		var buf bytes.Buffer
		if err := bank.WriteBankFormat(&buf, raw); err != nil {
			t.Fatal(err)
		}
		again, rep := mustImport(t, "raw.md", buf.Bytes(), Options{})
		if rep.Kind != KindBank {
			t.Fatalf("%s: written bank detected as %s", f, rep.Kind)
		}
		sameQuestions(t, f+" via bank format", again, raw)
	}
}

// TestTables reads the template in Chinese (CSV) and English (TSV).
func TestTables(t *testing.T) {
	b, rep := mustImport(t, "template.csv", readFile(t, "testdata/table/template.csv"), Options{})
	if rep.Kind != KindCSV || b.Name != "template" {
		t.Fatalf("kind %s name %s", rep.Kind, b.Name)
	}
	want := []struct {
		typ bank.Type
		ans any
	}{
		{bank.Single, "D"}, {bank.Multiple, "ABCD"}, {bank.TrueFalse, false}, {bank.TrueFalse, true},
		{bank.Fill, []string{"客户关系管理|顾客关系管理"}}, {bank.Short, "1. 优化资源分配；\n2. 提供差异化服务。"},
		{bank.Single, "B"},
	}
	if len(b.Questions) != len(want) {
		t.Fatalf("%d questions, want %d", len(b.Questions), len(want))
	}
	for i, w := range want {
		q := b.Questions[i]
		if q.Type != w.typ || !reflect.DeepEqual(bank.JSONAnswer(q), w.ans) {
			t.Errorf("row %d: %s %#v, want %s %#v", i+2, q.Type, bank.JSONAnswer(q), w.typ, w.ans)
		}
	}
	if q := b.Questions[2]; len(q.Options) != 0 || q.Explanation != "贯穿售前、售中和售后。" || q.Section != "第二章" {
		t.Errorf("true/false row: %+v", q)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Line != 10 || rep.Skipped[0].Reasons[0].Code != "skip.no-stem" {
		t.Errorf("skipped: %+v", rep.Skipped)
	}

	e, rep := mustImport(t, "english.tsv", readFile(t, "testdata/table/english.tsv"), Options{})
	if rep.Kind != KindTSV || len(e.Questions) != 3 {
		t.Fatalf("kind %s, %d questions", rep.Kind, len(e.Questions))
	}
	if q := e.Questions[0]; q.Stem != "Which is a channel?" || q.Options[1].Text != "fax machine" || q.Answer.Choices != "A" || q.Explanation != "Phones are." {
		t.Errorf("row 2: %+v", q)
	}
	if q := e.Questions[1]; q.Type != bank.TrueFalse || q.Answer.True {
		t.Errorf("row 3: %+v", q)
	}
	if q := e.Questions[2]; q.Type != bank.Multiple || q.Answer.Choices != "AC" {
		t.Errorf("row 4: %+v", q)
	}
}

// makeXLSX writes a minimal workbook (shared strings and inline strings,
// one sheet) holding rows.
func makeXLSX(t testing.TB, rows [][]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="题库" sheetId="1" r:id="rId7"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>`)
	var shared []string
	var sheet strings.Builder
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">`, r+1)
		for c, v := range row {
			if v == "" {
				continue
			}
			ref := fmt.Sprintf("%c%d", 'A'+c, r+1)
			if c%2 == 0 {
				shared = append(shared, v)
				fmt.Fprintf(&sheet, `<c r="%s" t="s"><v>%d</v></c>`, ref, len(shared)-1)
			} else {
				fmt.Fprintf(&sheet, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, esc(v))
			}
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	add("xl/worksheets/data.xml", sheet.String())
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i, s := range shared {
		if i%3 == 1 { // rich text runs
			r := []rune(s)
			h := len(r) / 2
			fmt.Fprintf(&sst, `<si><r><t>%s</t></r><r><rPr><b/></rPr><t>%s</t></r><rPh><t>pinyin</t></rPh></si>`, esc(string(r[:h])), esc(string(r[h:])))
		} else {
			fmt.Fprintf(&sst, `<si><t xml:space="preserve">%s</t></si>`, esc(s))
		}
	}
	sst.WriteString(`</sst>`)
	add("xl/sharedStrings.xml", sst.String())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSX(t *testing.T) {
	rows := [][]string{
		{"序号", "题干", "题型", "选项A", "选项B", "选项C", "正确答案", "解析", "章节"},
		{"1", "客户服务管理的核心是（ ）", "单选题", "投诉", "满意度", "价值 & <利润>", "C", "价值最大化。", "第一章"},
		{"2", "渠道包括（ ）", "多选题", "电话", "邮件", "", "AB", "", "第一章"},
		{"3", "客户服务只是售后服务。", "判断题", "", "", "", "错", "", "第二章"},
	}
	b, rep := mustImport(t, "题库.xlsx", makeXLSX(t, rows), Options{})
	if rep.Kind != KindXLSX || len(b.Questions) != 3 {
		t.Fatalf("kind %s, %d questions, report %+v", rep.Kind, len(b.Questions), rep)
	}
	if !strings.HasPrefix(b.Name, "import-") || b.Title != "题库" {
		t.Errorf("name %q title %q", b.Name, b.Title)
	}
	q := b.Questions[0]
	if q.Stem != rows[1][1] || q.Options[2].Text != "价值 & <利润>" || q.Answer.Choices != "C" || q.Explanation != "价值最大化。" {
		t.Errorf("row 2: %+v", q)
	}
	if b.Questions[1].Type != bank.Multiple || len(b.Questions[1].Options) != 2 {
		t.Errorf("row 3: %+v", b.Questions[1])
	}
	if q := b.Questions[2]; q.Type != bank.TrueFalse || q.Answer == nil || q.Answer.True {
		t.Errorf("row 4: %+v", q)
	}
	if _, _, err := Import("bad.xlsx", []byte("PK\x03\x04garbage"), Options{}); err == nil {
		t.Error("a broken zip imported")
	}
}

// TestStableIDs: re-importing an edited file keeps the IDs of unchanged and
// lightly edited questions, gives new ones new IDs, and never hands a
// removed question's ID to another.
func TestStableIDs(t *testing.T) {
	v1 := "一、单项选择题\n1. 客户服务管理的核心是什么内容（ ）\nA. 甲 B. 乙\n答案：A\n2. 呼叫中心实现自动服务主要依靠哪一个系统（ ）\nA. ERP B. IVR\n答案：B\n3. 将被删除的题目，内容足够长（ ）\nA. 甲 B. 乙\n答案：A\n二、判断题\n1. 客户服务只是售后服务。（×）\n"
	b1, _ := mustImport(t, "v.txt", []byte(v1), Options{Name: "v"})
	for _, q := range b1.Questions {
		if !validID(q.ID) {
			t.Errorf("invalid ID %q", q.ID)
		}
	}
	// Same text again, without the previous import: the same IDs.
	again, _ := mustImport(t, "v.txt", []byte(v1), Options{Name: "v"})
	for i, q := range again.Questions {
		if q.ID != b1.Questions[i].ID {
			t.Errorf("IDs not deterministic: %s vs %s", q.ID, b1.Questions[i].ID)
		}
	}
	// Edited: a typo fixed and punctuation changed (1), reordered, one
	// removed (3), one new, the statement re-spaced in full width.
	v2 := "一、单项选择题\n1. 呼叫中心实现自动服务主要依靠哪一个系统？（　）\nA. ERP B. IVR\n答案：B\n2. 客户服务管理的核心是什么内容呢（ ）\nA. 甲 B. 乙\n答案：A\n3. 一道全新的题目，和以前的都不一样（ ）\nA. 甲 B. 乙\n答案：B\n二、判断题\n1. 客户服务只是 售后服务 。（×）\n"
	b2, rep := mustImport(t, "v.txt", []byte(v2), Options{Name: "v", Previous: b1})
	if rep.Kept != 3 {
		t.Errorf("kept %d IDs, want 3", rep.Kept)
	}
	if b2.Questions[0].ID != b1.Questions[1].ID || b2.Questions[1].ID != b1.Questions[0].ID {
		t.Errorf("edited questions: IDs %s %s, want %s %s", b2.Questions[0].ID, b2.Questions[1].ID, b1.Questions[1].ID, b1.Questions[0].ID)
	}
	tf := b2.Questions[3]
	if tf.ID != b1.Questions[3].ID {
		t.Errorf("re-spaced statement: ID %s, want %s", tf.ID, b1.Questions[3].ID)
	}
	newQ := b2.Questions[2]
	for _, q := range b1.Questions {
		if newQ.ID == q.ID {
			t.Errorf("new question took the ID %s of %q", q.ID, q.Stem)
		}
	}
	// A question whose stem is rewritten beyond Similar does not keep its ID.
	v3 := strings.Replace(v1, "客户服务管理的核心是什么内容", "完全改写后的题干与原来毫无关系", 1)
	b3, _ := mustImport(t, "v.txt", []byte(v3), Options{Name: "v", Previous: b1})
	if b3.Questions[0].ID == b1.Questions[0].ID {
		t.Error("a rewritten question kept its ID")
	}
}

func TestDefaultName(t *testing.T) {
	for in, want := range map[string]string{
		"/x/My Bank 2024.txt": "my-bank-2024",
		"crm_exam.csv":        "crm-exam",
	} {
		if got := DefaultName(in); got != want {
			t.Errorf("DefaultName(%q) = %q, want %q", in, got, want)
		}
	}
	a, b := DefaultName("客户服务.txt"), DefaultName("/other/客户服务.txt")
	if a != b || !strings.HasPrefix(a, "import-") || !ValidName(a) || a == DefaultName("客户关系.txt") {
		t.Errorf("Chinese names: %q %q", a, b)
	}
	if n := DefaultName("2024.txt"); !ValidName(n) || !strings.HasPrefix(n, "import-2024-") {
		t.Errorf("digits only: %q", n)
	}
}

func TestPinyinAndBoilerplate(t *testing.T) {
	for in, want := range map[string]string{
		"客戶服務(wù)管理":  "客戶服務管理",
		"題庫(kù)及答案":   "題庫及答案",
		"客户关系管理(CRM)": "客户关系管理(CRM)",
		"核心是()":       "核心是()",
		"答案(A)":       "答案(A)",
		"判断(√)":       "判断(√)",
		"24小時(s":      "24小時(s",
		"第(1)题":       "第(1)题",
	} {
		if got, _ := stripPinyin(in); got != want {
			t.Errorf("stripPinyin(%q) = %q, want %q", in, got, want)
		}
	}
	for _, l := range []string{"温馨提示", "下載本文檔", "- 格式:docx", "2025年题库_第3页", "已閱讀5頁,還剩24頁未讀, 繼續免費閱讀"} {
		if !boilerplate(l) && !readingPrompt(l) {
			t.Errorf("%q not boilerplate", l)
		}
	}
	for _, l := range []string{"1. 客户服务的定义", "版权归客户所有是错误的说法吗"} {
		if boilerplate(l) {
			t.Errorf("%q taken for boilerplate", l)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       Kind
	}{
		{"a.md", "# t\nbank: x\n\n## s {single}\n\n[a1] 题\n", KindBank},
		{"a.txt", "题干,题型,正确答案\n题,单选题,A\n", KindCSV},
		{"a.txt", "stem\tanswer\nq\tA\n", KindTSV},
		{"a.csv", "一、单项选择题\n1. 题\n", KindCSV},
		{"a.txt", "一、单项选择题\n1. bank: 题\n[x] 选项\n", KindRaw},
	} {
		if got := detect(c.name, c.text, c.text); got != c.want {
			t.Errorf("detect(%s, %q) = %s, want %s", c.name, c.text, got, c.want)
		}
	}
}

func TestNothingRecognised(t *testing.T) {
	_, rep, err := Import("prose.txt", []byte("这是一篇文章。\n没有任何题目。\n"), Options{})
	if err == nil || len(rep.Unplaced) != 2 || rep.Unplaced[1].Line != 2 {
		t.Errorf("err %v, unplaced %+v", err, rep.Unplaced)
	}
	if _, _, err := Import("x.md", []byte("# t\nbank: x\n\n[a] 无题型\n"), Options{}); err == nil || !strings.Contains(err.Error(), "x.md:4") {
		t.Errorf("bank-format error: %v", err)
	}
}

func TestWriteFormat(t *testing.T) {
	b, _ := mustImport(t, "n.txt", readFile(t, "testdata/raw/notations.txt"), Options{Name: "n"})
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := WriteFormat(&buf, f, b); err != nil || buf.Len() == 0 {
			t.Errorf("%s: %v, %d bytes", f, err, buf.Len())
		}
	}
	if err := WriteFormat(&bytes.Buffer{}, "pdf", b); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestAnki: the headers Anki reads, three fields a note, HTML escaped, the
// choices on the front, answer and explanation on the back, tags.
func TestAnki(t *testing.T) {
	b, _ := mustImport(t, "n.txt", readFile(t, "testdata/raw/notations.txt"), Options{Name: "n"})
	b.Questions[0].Stem = "带<b>标签</b>的 & 题干\n第二行"
	var buf bytes.Buffer
	if err := WriteAnki(&buf, b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if lines[0] != "#separator:tab" || lines[1] != "#html:true" || lines[2] != "#tags column:3" {
		t.Fatalf("headers: %q", lines[:3])
	}
	notes := lines[3:]
	if len(notes) != len(b.Questions) {
		t.Fatalf("%d notes for %d questions", len(notes), len(b.Questions))
	}
	for i, l := range notes {
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			t.Fatalf("note %d has %d fields: %q", i, len(f), l)
		}
		q := b.Questions[i]
		tags := strings.Fields(f[2])
		if len(tags) != 3 || tags[0] != "n" || tags[1] != strings.Join(strings.Fields(q.Section), "_") || tags[2] != string(q.Type) {
			t.Errorf("note %d tags %q", i, f[2])
		}
	}
	first := strings.Split(notes[0], "\t")
	if !strings.HasPrefix(first[0], "带&lt;b&gt;标签&lt;/b&gt;的 &amp; 题干<br>第二行") || !strings.Contains(first[0], "<li>D. 选项四</li>") {
		t.Errorf("front: %q", first[0])
	}
	if first[1] != "答案：D<br>D. 选项四" {
		t.Errorf("back: %q", first[1])
	}
	short := strings.Split(notes[14], "\t")
	if short[1] != "答案：第一点；<br>第二点。<hr>解析：这是解析。" {
		t.Errorf("short back: %q", short[1])
	}
}

// BenchmarkImportGlued1MB: a bank glued onto one line, as document sites
// deliver it (seed 000's layout), must scan in linear time.
func BenchmarkImportGlued1MB(b *testing.B) {
	in, _ := large(1 << 20)
	in = bytes.ReplaceAll(in, []byte("\n"), nil)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, _, err := Import("glued.txt", in, Options{Name: "glued"}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGlued: the same bank glued onto one line is recognised the same.
func TestGlued(t *testing.T) {
	in, _ := large(200 << 10)
	want, _ := mustImport(t, "lines.txt", in, Options{Name: "g"})
	got, rep := mustImport(t, "glued.txt", bytes.ReplaceAll(in, []byte("\n"), nil), Options{Name: "g"})
	if len(got.Questions) != len(want.Questions) {
		t.Fatalf("%d questions glued, %d on lines; report %s", len(got.Questions), len(want.Questions), rep.Summary())
	}
	for i, q := range want.Questions {
		g := got.Questions[i]
		if g.Type != q.Type || g.Stem != q.Stem || !reflect.DeepEqual(bank.JSONAnswer(g), bank.JSONAnswer(q)) && q.Type != bank.Short {
			t.Fatalf("question %d: %s %q %v, want %s %q %v", i, g.Type, g.Stem, bank.JSONAnswer(g), q.Type, q.Stem, bank.JSONAnswer(q))
		}
	}
}

func TestOrdinalNumbers(t *testing.T) {
	in := "一、单项选择题\n第1题 客户服务的核心是（ ）\nA. 甲 B. 乙\n答案：B\n第2题：第几题都行吗（ ）\nA. 行 B. 不行\n答案：A\n"
	b, rep := mustImport(t, "o.txt", []byte(in), Options{})
	if len(b.Questions) != 2 || b.Questions[0].Stem != "客户服务的核心是（ ）" || b.Questions[1].Stem != "第几题都行吗（ ）" || b.Questions[1].Answer.Choices != "A" {
		t.Fatalf("%s: %+v", rep.Summary(), b.Questions)
	}
	if _, _, err := Import("o.txt", []byte(in), Options{TFMarks: "sideways"}); err == nil {
		t.Error("bad TFMarks accepted")
	}
}

func TestHeadingForms(t *testing.T) {
	in := "第一部分 单项选择题（共2题）\n1. 甲（ ）\nA. 一 B. 二\n答案：A\n（二）判断题\n1. 乙。（√）\n第3章：填空题\n1. 丙是____。\n答案：丙\n"
	b, rep := mustImport(t, "h.txt", []byte(in), Options{})
	if got := rep.Summary(); got != "single 1, truefalse 1, fill 1" {
		t.Fatalf("summary %q", got)
	}
	if b.Questions[0].Section != "第一部分 单项选择题（共2题）" || b.Questions[1].Section != "（二）判断题" {
		t.Errorf("sections %q %q", b.Questions[0].Section, b.Questions[1].Section)
	}
}

func TestAnswerKey(t *testing.T) {
	in := "一、单项选择题\n1. 甲（ ）\nA. 一 B. 二\n2. 乙（ ）\nA. 一 B. 二\n3. 丙（ ）\nA. 一 B. 二 C. 三\n" +
		"二、多项选择题\n1. 丁（ ）\nA. 一 B. 二 C. 三\n2. 戊（ ）\nA. 一 B. 二 C. 三\n" +
		"三、判断题\n1. 己。\n2. 庚。\n" +
		"参考答案\n一、单项选择题\n1-3 BAC\n二、多项选择题\n1.AB 2.ABC\n三、判断题\n1.√ 2.错\n"
	b, rep := mustImport(t, "k.txt", []byte(in), Options{})
	want := []any{"B", "A", "C", "AB", "ABC", true, false}
	if len(b.Questions) != len(want) {
		t.Fatalf("%d questions: %s", len(b.Questions), rep.Summary())
	}
	for i, w := range want {
		if got := bank.JSONAnswer(b.Questions[i]); !reflect.DeepEqual(got, w) {
			t.Errorf("question %d: answer %#v, want %#v", i+1, got, w)
		}
	}
	if len(rep.NoAnswer) != 0 || len(rep.Unplaced) != 0 || len(rep.Notes) != 1 || rep.Notes[0].Code != "key.given" || rep.Notes[0].Args[1] != 7 {
		t.Errorf("report: notes %q, no answer %v, unplaced %v", rep.Notes, rep.NoAnswer, rep.Unplaced)
	}
	// A key without headings, by number; groups separated by spaces; a
	// wrong count is reported, not guessed.
	in2 := "1. 甲（ ）\nA. 一 B. 二\n2. 乙（ ）\nA. 一 B. 二\n3. 丙（ ）\nA. 一 B. 二\n答案：\n1-2 ABC\n"
	b, rep = mustImport(t, "k2.txt", []byte(in2), Options{})
	if b.Questions[0].Answer != nil || len(rep.NoAnswer) != 3 || len(rep.Notes) != 2 || rep.Notes[1].Code != "key.count" {
		t.Errorf("bad key: %+v notes %q", b.Questions[0].Answer, rep.Notes)
	}
	b, _ = mustImport(t, "k3.txt", []byte(strings.Replace(in2, "1-2 ABC", "1-2 AB B", 1)), Options{})
	if bank.JSONAnswer(b.Questions[0]) != "AB" || bank.JSONAnswer(b.Questions[1]) != "B" || b.Questions[0].Type != bank.Multiple {
		t.Errorf("grouped key: %v %v", bank.JSONAnswer(b.Questions[0]), bank.JSONAnswer(b.Questions[1]))
	}
}

// TestTableEncodings: Chinese Excel saves "CSV" in GBK and "Unicode text" as
// UTF-16 with tabs; both read like the UTF-8 files.
func TestTableEncodings(t *testing.T) {
	csvSrc := readFile(t, "testdata/table/template.csv")
	want, _ := mustImport(t, "t.csv", csvSrc, Options{Name: "t"})
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(bytes.ReplaceAll(csvSrc, []byte("\n"), []byte("\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	got, rep := mustImport(t, "t.csv", gbk, Options{Name: "t"})
	if rep.Kind != KindCSV || jsonl(t, got) != jsonl(t, want) {
		t.Errorf("GBK CSV: kind %s\n%s", rep.Kind, lineDiff(jsonl(t, want), jsonl(t, got)))
	}
	tsvSrc := readFile(t, "testdata/table/english.tsv")
	want, _ = mustImport(t, "e.txt", tsvSrc, Options{Name: "e"})
	got, rep = mustImport(t, "e.txt", utf16le(string(tsvSrc)), Options{Name: "e"})
	if rep.Kind != KindTSV || rep.Encoding != "UTF-16" || jsonl(t, got) != jsonl(t, want) {
		t.Errorf("UTF-16 TSV: kind %s encoding %s\n%s", rep.Kind, rep.Encoding, lineDiff(jsonl(t, want), jsonl(t, got)))
	}
}

// TestTitles: a title on the line before 一、, and 第N部分 lines, name the
// sections after them and are not reported as unplaced.
func TestTitles(t *testing.T) {
	in := "客户关系管理习题\n一、单项选择题\n1. 甲（ ）\nA. 一 B. 二\n答案：A\n第2部分\n一、判断题\n1. 乙。（√）\n第三章 客户服务\n二、填空题\n1. 丙是____。\n答案：丙\n"
	b, rep := mustImport(t, "t.txt", []byte(in), Options{})
	if len(rep.Unplaced) != 0 || b.Title != "客户关系管理习题" {
		t.Fatalf("title %q, unplaced %+v", b.Title, rep.Unplaced)
	}
	want := []string{"客户关系管理习题 · 一、单项选择题", "第2部分 · 一、判断题", "第三章 客户服务 · 二、填空题"}
	for i, w := range want {
		if b.Questions[i].Section != w {
			t.Errorf("question %d: section %q, want %q", i+1, b.Questions[i].Section, w)
		}
	}
	for _, l := range []string{"第1部分", "第三章 客户服务", "第2章"} {
		if !partLine(l) {
			t.Errorf("partLine(%q) = false", l)
		}
	}
	for _, l := range []string{"第1部分一、单项选择题", "第一部分 单项选择题", "第三章讲的是客户服务的定义和内涵，以及它的重要性。", "第1题 甲"} {
		if partLine(l) {
			t.Errorf("partLine(%q) = true", l)
		}
	}
}

// TestLongNumbers (issue 14.1): questions numbered 1 … 1,200 (and in a
// key at the end) all import; a question that takes in a line looking like
// a question further on is reported.
func TestLongNumbers(t *testing.T) {
	const n = 1200
	var in, key strings.Builder
	in.WriteString("一、单项选择题\n")
	key.WriteString("参考答案\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&in, "%d. 第%d道题的题干（ ）\nA. 甲 B. 乙 C. 丙\n", i, i)
		fmt.Fprintf(&key, "%d.%c ", i, 'A'+i%3)
		if i%10 == 0 {
			key.WriteString("\n")
		}
	}
	for _, layout := range []string{"inline", "key"} {
		src := in.String() + key.String()
		if layout == "inline" {
			src = regexp.MustCompile(`(?m)^(\d+)\. (.*)\n(A\..*)$`).ReplaceAllStringFunc(in.String(), func(s string) string {
				var num int
				fmt.Sscan(s, &num)
				return s + fmt.Sprintf("\n答案：%c", 'A'+num%3)
			})
		}
		b, rep := mustImport(t, layout+".txt", []byte(src), Options{Name: "long"})
		if len(b.Questions) != n || len(rep.NoAnswer) != 0 || len(rep.Unplaced) != 0 || len(rep.Noted) != 0 {
			t.Fatalf("%s: %d questions (want %d), %d without answer, %d unplaced, noted %v", layout, len(b.Questions), n, len(rep.NoAnswer), len(rep.Unplaced), rep.Noted)
		}
		for i, q := range b.Questions {
			if want := fmt.Sprintf("第%d道题的题干（ ）", i+1); q.Stem != want || q.Answer.Choices != string(rune('A'+(i+1)%3)) {
				t.Fatalf("%s: question %d: %q %v, want %q", layout, i+1, q.Stem, q.Answer, want)
			}
		}
	}
	// Question 6's number is lost: 7 goes into 5 (no answer tells the
	// questions apart), and the report says so.
	skipped := "一、单项选择题\n5. 甲（ ）\nA. 一 B. 二\n7. 乙（ ）\nA. 一 B. 二\n"
	b, rep := mustImport(t, "s.txt", []byte(skipped), Options{})
	if len(b.Questions) != 1 || len(rep.Noted) != 1 || rep.Noted[0].Reasons[0].Code != "num.absorbed" || rep.Noted[0].Reasons[0].Args[0] != 4 || rep.Noted[0].Reasons[0].Args[1] != 7 {
		t.Fatalf("%d questions, noted %+v", len(b.Questions), rep.Noted)
	}
}

// TestTaggedLayout: 【解析】 and Explanation: are kept as the explanation,
// 【难度】 and 【知识点】 as tags, the type tags set the types.
func TestTaggedLayout(t *testing.T) {
	b, rep := mustImport(t, "m.txt", readFile(t, "testdata/corpus/mkt-tagged.txt"), Options{})
	q := byStem(t, b, "4P营销组合")
	if !strings.HasPrefix(q.Explanation, "麦卡锡提出的4P") || !slices.Equal(q.Tags, []string{"难度:易", "营销组合"}) {
		t.Errorf("explanation %q tags %q", q.Explanation, q.Tags)
	}
	if q := byStem(t, b, "产品生命周期一般分为"); q.Type != bank.Fill || !slices.Equal(q.Tags, []string{"难度:易", "产品生命周期"}) {
		t.Errorf("fill: %s %q", q.Type, q.Tags)
	}
	if len(rep.Unplaced)+len(rep.Skipped)+len(rep.NoAnswer) != 0 {
		t.Errorf("report: unplaced %v skipped %v no answer %v", rep.Unplaced, rep.Skipped, rep.NoAnswer)
	}
	b, _ = mustImport(t, "n.txt", readFile(t, "testdata/corpus/net-english.txt"), Options{})
	if q := byStem(t, b, "TCP is a connectionless"); q.Explanation != "TCP is connection-oriented; UDP is connectionless." {
		t.Errorf("English explanation %q", q.Explanation)
	}
	if q := byStem(t, b, "Which layer of the OSI"); len(q.Options) != 4 || q.Options[1].Text != "Network layer" {
		t.Errorf("options %+v", q.Options)
	}
	b, _ = mustImport(t, "p.txt", readFile(t, "testdata/corpus/psych-english.txt"), Options{})
	if q := byStem(t, b, "Who is considered the founder"); len(q.Options) != 4 || q.Options[0].Text != "B. F. Skinner" {
		t.Errorf("option A with initials: %+v", q.Options)
	}
}
