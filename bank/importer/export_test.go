package importer

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
)

// injectionBank is a bank whose text starts with what spreadsheets read as
// formulas, in every field the CSV export writes.
const injectionBank = `# 公式
bank: inject

## =HYPERLINK("http://x","点我") {single}

[q1] =cmd|' /C calc'!A0
A. +SUM(1,2)
B. -1
C. @A1
答案：B
解析：=1+1
标签：-tag, @home

[q2] 'Tis 以撇号开头的题干
A. '=已有撇号
B. ''两个撇号
答案：A

[q3 fill] -5的绝对值是____。
答案：5

[q4 short] @提到的人
答案：+86 电话号码的国家代码
`

// TestCSVInjection (issue 14.10): no cell of the CSV export starts with = +
// - @, a tab or a carriage return; importing the export gives the bank
// back unchanged; the bank format keeps the text verbatim.
func TestCSVInjection(t *testing.T) {
	want, err := bank.ParseBytes("inject.md", []byte(injectionBank), bank.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, want); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff"))))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	neutralized := 0
	for _, row := range rows {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q starts with a formula character", c)
			}
			if strings.HasPrefix(c, "'") {
				neutralized++
			}
		}
	}
	if neutralized < 10 {
		t.Errorf("only %d cells neutralised:\n%s", neutralized, buf.String())
	}
	got, rep := mustImport(t, "inject.csv", buf.Bytes(), Options{Name: "inject"})
	sameQuestions(t, "csv", got, want)
	if len(rep.Skipped)+len(rep.Noted) != 0 {
		t.Errorf("report: %+v %+v", rep.Skipped, rep.Noted)
	}
	var md bytes.Buffer
	if err := bank.WriteBankFormat(&md, want); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "=cmd|' /C calc'!A0") || !strings.Contains(md.String(), "A. +SUM(1,2)") {
		t.Errorf("bank format changed the text:\n%s", md.String())
	}
	back, err := bank.ParseBytes("inject.md", md.Bytes(), bank.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameQuestions(t, "bank format", back, want)
	// A hand-made CSV keeps an apostrophe that neutralises nothing.
	if unneutralize("'Tis") != "'Tis" || unneutralize("'=1") != "=1" || neutralize("'Tis") != "''Tis" {
		t.Error("neutralize/unneutralize")
	}
}

// TestCSVRoundTripLenient (issue 14.11): what a lenient read of the bank
// format accepts either survives the CSV round trip or is refused at import
// with a reason: an empty option and a fill-in with fewer answers than
// blanks survive; an empty stem and repeated or unordered option letters
// are refused.
func TestCSVRoundTripLenient(t *testing.T) {
	src := `# 宽松
bank: lenient

## 单选 {single}

[ok] 正常的题
A. 甲
B. 乙
答案：A

[empty-option] 空选项
A. 甲
B.
C. 丙
答案：C

[no-stem]
A. 甲
B. 乙
答案：A

[repeated] 重复的字母
A. 甲
A. 乙
B. 丙
答案：B

[unordered] 字母顺序不对
B. 甲
A. 乙
答案：A

[fill-few fill] 两个空：____和____。
答案：甲、乙

[fill-space fill] 三个空：____、____和____。
答案：红 绿；蓝
`
	b, rep := mustImport(t, "lenient.md", []byte(src), Options{})
	skipped := map[string]string{}
	for _, it := range rep.Skipped {
		skipped[it.ID] = it.Reasons[0].Code
	}
	wantSkipped := map[string]string{"no-stem": "skip.no-stem", "repeated": "skip.repeated-option", "unordered": "skip.option-letters"}
	for id, code := range wantSkipped {
		if skipped[id] != code {
			t.Errorf("%s: skipped with %q, want %q", id, skipped[id], code)
		}
	}
	if len(b.Questions) != 4 {
		t.Fatalf("%d questions kept, want 4", len(b.Questions))
	}
	if q := b.Questions[1]; q.Options[1].Text != "" || len(q.Options) != 3 {
		t.Fatalf("empty option: %+v", q.Options)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, b); err != nil {
		t.Fatal(err)
	}
	got, rep := mustImport(t, "lenient.csv", buf.Bytes(), Options{Name: b.Name})
	sameQuestions(t, "csv round trip", got, b)
	if len(rep.Skipped) != 0 {
		t.Errorf("round trip skipped %+v", rep.Skipped)
	}
	_, rep = mustImport(t, "lenient.md", []byte(src), Options{})
	var repeated bool
	for _, it := range rep.Skipped {
		for _, n := range it.Reasons {
			repeated = repeated || n.Code == "skip.repeated-option" && n.Args[0] == "A"
		}
	}
	if !repeated {
		t.Errorf("report does not say option A appears twice: %+v", rep.Skipped)
	}
}

// TestMessageCodes: every code the package's code names is in Codes (the
// catalog words each, see ui/i18n's tests), and every code in Codes is used.
func TestMessageCodes(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	code := regexp.MustCompile(`"((?:report|kind|enc|skip|answer|fill|tf|garbled|num|table|key|implicit|pdf|file|text|detect|what|docx|xlsx|zip|xml)(?:\.[a-z0-9-]+)*)"`)
	known := map[string]bool{}
	for _, c := range Codes {
		if known[c] {
			t.Errorf("code %q listed twice", c)
		}
		known[c] = true
	}
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "errors.go" {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(string(readFile(t, f)), -1) {
			if !strings.Contains(m[1], ".") && m[1] != "file" {
				continue
			}
			used[m[1]] = true
			if !known[m[1]] {
				t.Errorf("%s: code %q is not in Codes", f, m[1])
			}
		}
	}
	for _, k := range []Kind{KindBank, KindCSV, KindTSV, KindXLSX, KindRaw, KindDocx, KindPDF} {
		used["kind."+string(k)] = true // the report's head: "kind." + Kind
	}
	for _, c := range []string{"report.head", "report.type", "report.kept", "report.cleaned", "report.traditional", "report.note",
		"report.skipped", "report.skipped.item", "report.noted", "report.noted.item", "report.noanswer", "report.noanswer.item",
		"report.unplaced", "report.unplaced.item", // the report's layout (ui/i18n)
		"file", "file.folder", "file.not-regular", "file.too-big", "file.grew", "file.read"} { // reading the file (ui/bankimport)
		used[c] = true
	}
	for _, c := range Codes {
		if !used[c] {
			t.Errorf("code %q is not used", c)
		}
	}
}
