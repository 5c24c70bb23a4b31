package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
)

// FuzzImportRaw feeds arbitrary bytes to the raw 题库 reader (and to the
// kind detection): it must never panic, and whatever it returns must be
// clean: sanitised text, valid and unique IDs, answers that fit their type.
func FuzzImportRaw(f *testing.F) {
	files, _ := filepath.Glob("testdata/raw/*.txt")
	more, _ := filepath.Glob("testdata/table/*")
	corpus, _ := filepath.Glob("testdata/corpus/*.txt")
	more = append(more, corpus...)
	for _, p := range append(files, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, false)
		}
	}
	for _, s := range []string{
		"一、判断题\n1、甲。×\n2、乙。\n×\n3、丙。\n",
		"(错误)1. 甲\n(正确)2. 乙\n(错误)",
		"1.A.B.C.D.答案:ABCD解析:2.?.3.",
		"四、案例分析\n资料\n(1)\n问：\n答：\n问：x\n",
		"名词解释\n1.：\n2.a:\n",
		"一、单选题1.(A)A.(B)B.答案:",
		"填空题\n1.____；____\n答案：；|\n",
		"\xff\xfe\x00\x00",
		"一、单选题\n1. 甲\nA. 一 B. 二\n参考答案\n一、单选题\n1-1 B\n1.A 2-3 ABC\n三、判断题\n1.√",
		"第一部分 单项选择题\n（一）判断题\n第1题 甲\n答案\n第2题：",
		"bank: x\n[a] q\n",
		"\x1b[31m一、单项选择题\x1b]0;x\x071. q\nA. a\x9b\nB. b\n答案：\u202eA",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(fuzzOne)
}

func fuzzOne(t *testing.T, in []byte, auto bool) {
	{
		opts := Options{Name: "fuzz", Kind: KindRaw}
		if auto {
			opts.Kind = ""
		}
		b, rep, err := importBounded(t, "fuzz.txt", in, opts)
		if rep == nil {
			t.Fatal("nil report")
		}
		checkClean(t, "report", reportText(rep))
		if err != nil || b == nil {
			return
		}
		ids := map[string]bool{}
		for _, q := range b.Questions {
			if !validID(q.ID) || ids[q.ID] {
				t.Fatalf("bad or duplicate ID %q", q.ID)
			}
			ids[q.ID] = true
			if !q.Type.Valid() {
				t.Fatalf("invalid type %q", q.Type)
			}
			if q.Answer != nil {
				switch q.Type {
				case "single", "multiple":
					if _, ok := bank.ParseChoices(q.Answer.Choices); !ok {
						t.Fatalf("choice answer %q", q.Answer.Choices)
					}
				case "fill":
					if len(q.Answer.Blanks) == 0 {
						t.Fatal("fill answer without blanks")
					}
				}
			}
		}
		for _, s := range allText(b) {
			checkClean(t, "bank", s)
		}
		// The bank must survive a CSV round trip and the Anki export.
		var csvOut, anki strings.Builder
		if err := WriteCSV(&csvOut, b); err != nil {
			t.Fatal(err)
		}
		if err := WriteAnki(&anki, b); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(anki.String(), "\n"), "\n")[3:] {
			if n := strings.Count(l, "\t"); n != 2 {
				t.Fatalf("anki line with %d tabs: %q", n, l)
			}
		}
		back, _, err := Import("rt.csv", []byte(csvOut.String()), Options{Name: "fuzz"})
		if err != nil && len(b.Questions) > 0 {
			t.Fatalf("CSV export does not import: %v", err)
		}
		// What the import accepted survives the CSV round trip (issue 14.11).
		if back != nil {
			if len(back.Questions) != len(b.Questions) {
				t.Fatalf("CSV round trip: %d questions, want %d", len(back.Questions), len(b.Questions))
			}
			for i, q := range b.Questions {
				g, w := *back.Questions[i], *q
				g.Line, w.Line, g.Source, w.Source = 0, 0, "", ""
				if len(g.Tags) == 0 && len(w.Tags) == 0 {
					g.Tags, w.Tags = nil, nil
				}
				if !reflect.DeepEqual(g, w) {
					gj, _ := json.Marshal(g)
					wj, _ := json.Marshal(w)
					t.Fatalf("CSV round trip changed question %d:\n got %s\nwant %s", i+1, gj, wj)
				}
			}
		}
	}
}

func checkClean(t *testing.T, where, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s: invalid UTF-8 %q", where, s)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e {
			t.Fatalf("%s: control character %U in %q", where, r, s)
		}
	}
}
