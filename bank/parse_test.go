package bank

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

const header = "# 测试\nbank: t\nsource: 来源\n\n"

func mustParse(t *testing.T, src string, strict bool) *Bank {
	t.Helper()
	b, err := Parse("t.md", strings.NewReader(src), ParseOptions{Strict: strict})
	if err != nil {
		t.Fatalf("Parse: %v\ninput:\n%s", err, src)
	}
	return b
}

func parseFile(t *testing.T, path string, strict bool) *Bank {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := Parse(filepath.Base(path), f, ParseOptions{Strict: strict})
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return b
}

// TestParseTypes parses one question of every type and checks every field.
func TestParseTypes(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Question
	}{
		{"single", "## 一、单项选择题 {single}\n[k-1] 核心是（ ）\nA. 甲\nB. 乙\nC. 丙\nD. 丁\n答案：D\n解析：因为丁。\n",
			Question{ID: "k-1", Type: Single, Section: "一、单项选择题", Stem: "核心是（ ）",
				Options: []Option{{"A", "甲"}, {"B", "乙"}, {"C", "丙"}, {"D", "丁"}},
				Answer:  &Answer{Choices: "D"}, Explanation: "因为丁。", Line: 6}},
		{"multiple", "## 多选 {multiple}\n[k-2] 渠道包括\nA. 电话\nB. 邮件\nC. 网络\n答案：CA\n",
			Question{ID: "k-2", Type: Multiple, Section: "多选", Stem: "渠道包括",
				Options: []Option{{"A", "电话"}, {"B", "邮件"}, {"C", "网络"}},
				Answer:  &Answer{Choices: "AC"}, Line: 6}},
		{"truefalse", "## 判断 {truefalse}\n[k-3] 客户服务只是售后。\n答案：错\n",
			Question{ID: "k-3", Type: TrueFalse, Section: "判断", Stem: "客户服务只是售后。",
				Answer: &Answer{True: false}, Line: 6}},
		{"fill", "## 填空 {fill}\n[k-4] CRM 的英文全称是 ____，中文是（ ）。\n答案：Customer Relationship Management；客户关系管理|顾客关系管理\n",
			Question{ID: "k-4", Type: Fill, Section: "填空", Stem: "CRM 的英文全称是 ____，中文是（ ）。",
				Answer: &Answer{Blanks: [][]string{{"Customer Relationship Management"}, {"客户关系管理", "顾客关系管理"}}}, Line: 6}},
		{"short", "## 简答 {short}\n[k-5] 简述作用。\n答案：\n1. 优化；\n\n\n2. 差异化。\n",
			Question{ID: "k-5", Type: Short, Section: "简答", Stem: "简述作用。",
				Answer: &Answer{Text: "1. 优化；\n\n2. 差异化。"}, Line: 6}},
		{"essay", "## 论述 {essay}\n[k-6] 论述忠诚度。\n多行题干。\n答案：……\n",
			Question{ID: "k-6", Type: Essay, Section: "论述", Stem: "论述忠诚度。\n多行题干。",
				Answer: &Answer{Text: "……"}, Line: 6}},
		{"definition", "## 名词解释 {definition}\n[k-7] 客户生命周期价值\n答案：利润总和。\n",
			Question{ID: "k-7", Type: Definition, Section: "名词解释", Stem: "客户生命周期价值",
				Answer: &Answer{Text: "利润总和。"}, Line: 6}},
		{"case", "## 案例 {case}\n[k-8] 材料第一段。\n材料第二段。\n问：（1）原因？\n答：质量。\n慢。\n问：（2）措施？\n解析：看材料。\n",
			Question{ID: "k-8", Type: Case, Section: "案例", Stem: "材料第一段。\n材料第二段。",
				Parts:       []Part{{Stem: "（1）原因？", Answer: &Answer{Text: "质量。\n慢。"}}, {Stem: "（2）措施？"}},
				Explanation: "看材料。", Line: 6}},
		{"card", "## 要点 {card}\n[k-9] 客户服务的定义\n标签：P1，重点、 第一章\n答案：所有与客户接触的活动。\n",
			Question{ID: "k-9", Type: Card, Section: "要点", Stem: "客户服务的定义",
				Tags: []string{"P1", "重点", "第一章"}, Answer: &Answer{Text: "所有与客户接触的活动。"}, Line: 6}},
		{"type override", "## 杂项\n[k-10 definition] 客户价值\n",
			Question{ID: "k-10", Type: Definition, Section: "杂项", Stem: "客户价值", Line: 6}},
		{"no answer", "## 单选 {single}\n[k-11] 题（ ）\nA. 甲\nB. 乙\n解析：来源没有答案。\n",
			Question{ID: "k-11", Type: Single, Section: "单选", Stem: "题（ ）",
				Options: []Option{{"A", "甲"}, {"B", "乙"}}, Explanation: "来源没有答案。", Line: 6}},
		{"option after field is text", "## 单选 {single}\n[k-12] 题（ ）\nA. 甲\nB. 乙\n答案：A\n解析：第一行\nB. 这是解析的一行\n",
			Question{ID: "k-12", Type: Single, Section: "单选", Stem: "题（ ）",
				Options: []Option{{"A", "甲"}, {"B", "乙"}}, Answer: &Answer{Choices: "A"},
				Explanation: "第一行\nB. 这是解析的一行", Line: 6}},
		{"options only for choice types", "## 简答 {short}\n[k-13] 比较：\nA. 甲方案\nB. 乙方案\n",
			Question{ID: "k-13", Type: Short, Section: "简答", Stem: "比较：\nA. 甲方案\nB. 乙方案", Line: 6}},
		{"literal lines", "## 简答 {short}\n[k-14]\n\\答案：题干里的一行\n\\\\x\n\\   缩进\n答案：\\不转义\n",
			Question{ID: "k-14", Type: Short, Section: "简答", Stem: "答案：题干里的一行\n\\x\n   缩进",
				Answer: &Answer{Text: "\\不转义"}, Line: 6}},
		{"option markers", "## 单选 {single}\n[k-15] 题\nA.一\nB、二\nC．三\nD)四\nE）五\n答案：e\n",
			Question{ID: "k-15", Type: Single, Section: "单选", Stem: "题",
				Options: []Option{{"A", "一"}, {"B", "二"}, {"C", "三"}, {"D", "四"}, {"E", "五"}},
				Answer:  &Answer{Choices: "E"}, Line: 6}},
		{"half-width colons", "## 简答 {short}\n[k-16] 题\n答案:甲\n解析:乙\n标签:丙\n",
			Question{ID: "k-16", Type: Short, Section: "简答", Stem: "题",
				Answer: &Answer{Text: "甲"}, Explanation: "乙", Tags: []string{"丙"}, Line: 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustParse(t, header+tt.src, true)
			if len(b.Questions) != 1 {
				t.Fatalf("got %d questions, want 1", len(b.Questions))
			}
			want := tt.want
			want.Bank, want.Source = "t", "来源"
			if got := b.Questions[0]; !reflect.DeepEqual(got, &want) {
				t.Errorf("got  %#v\nwant %#v", got, &want)
			}
		})
	}
}

// TestAnswerNotations checks every answer notation of the README, per type.
func TestAnswerNotations(t *testing.T) {
	opts := "A. 甲\nB. 乙\nC. 丙\nD. 丁\n"
	tests := []struct {
		typ  Type
		ans  string
		want Answer
	}{
		{Single, "D", Answer{Choices: "D"}},
		{Single, "d", Answer{Choices: "D"}},
		{Single, " B ", Answer{Choices: "B"}},
		{Multiple, "ABD", Answer{Choices: "ABD"}},
		{Multiple, "A,B,D", Answer{Choices: "ABD"}},
		{Multiple, "A、B、D", Answer{Choices: "ABD"}},
		{Multiple, "A，B，D", Answer{Choices: "ABD"}},
		{Multiple, "A B D", Answer{Choices: "ABD"}},
		{Multiple, "DBA", Answer{Choices: "ABD"}},
		{Multiple, "ABBA", Answer{Choices: "AB"}},
		{Multiple, "abcd", Answer{Choices: "ABCD"}},
		{TrueFalse, "对", Answer{True: true}},
		{TrueFalse, "错", Answer{True: false}},
		{TrueFalse, "√", Answer{True: true}},
		{TrueFalse, "×", Answer{True: false}},
		{TrueFalse, "正确", Answer{True: true}},
		{TrueFalse, "错误", Answer{True: false}},
		{TrueFalse, "true", Answer{True: true}},
		{TrueFalse, "False", Answer{True: false}},
		{TrueFalse, "T", Answer{True: true}},
		{TrueFalse, "F", Answer{True: false}},
		{TrueFalse, "✓", Answer{True: true}},
		{TrueFalse, "✗", Answer{True: false}},
		{Fill, "甲", Answer{Blanks: [][]string{{"甲"}}}},
		{Fill, "甲|乙", Answer{Blanks: [][]string{{"甲", "乙"}}}},
		{Fill, "甲｜乙", Answer{Blanks: [][]string{{"甲", "乙"}}}},
		{Short, "一段话；另一句。", Answer{Text: "一段话；另一句。"}},
		{Essay, "论述", Answer{Text: "论述"}},
		{Definition, "定义", Answer{Text: "定义"}},
		{Card, "要点", Answer{Text: "要点"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ)+"/"+tt.ans, func(t *testing.T) {
			src := header + "## 节 {" + string(tt.typ) + "}\n[q-1] 题干 ____\n"
			if tt.typ == Single || tt.typ == Multiple {
				src += opts
			}
			src += "答案：" + tt.ans + "\n"
			b := mustParse(t, src, true)
			if got := b.Questions[0].Answer; got == nil || !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("答案：%s as %s = %+v, want %+v", tt.ans, tt.typ, got, tt.want)
			}
		})
	}
	// Two blanks, two notations of the separator.
	for _, sep := range []string{"；", ";"} {
		b := mustParse(t, header+"## 填空 {fill}\n[q-1] ____ 和 （　）\n答案：甲 "+sep+" 乙|丙\n", true)
		want := [][]string{{"甲"}, {"乙", "丙"}}
		if got := b.Questions[0].Answer.Blanks; !reflect.DeepEqual(got, want) {
			t.Errorf("separator %q: blanks %q, want %q", sep, got, want)
		}
	}
	// True/false as lettered options.
	for ans, want := range map[string]bool{"A": true, "B": false} {
		b := mustParse(t, header+"## 判断 {truefalse}\n[q-1] 题干。\nA. 正确\nB. 错误\n答案："+ans+"\n", true)
		if got := b.Questions[0].Answer; got == nil || got.True != want {
			t.Errorf("答案：%s on A 正确/B 错误 = %+v, want %v", ans, got, want)
		}
	}
}

func TestCountBlanks(t *testing.T) {
	for s, want := range map[string]int{
		"CRM 的英文全称是 ____，中文是 ____。": 2,
		"宗旨就是_____":          1,
		"宗旨就是（ ）":            1,
		"宗旨就是（）和( )和()和（　）":  4,
		"客户关系管理(CRM)的核心是（A）": 0,
		"单个下划线 a_b 不算":       0,
		"全角＿＿算一个":            1,
		"（ 未闭合":              0,
		"":                   0,
	} {
		if got := CountBlanks(s); got != want {
			t.Errorf("CountBlanks(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestParseErrors asserts the exact FILE:LINE: message of every error.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		strict bool
		want   []string
	}{
		{"no bank line", "# 标题\n\n## 节 {short}\n[a] 题\n", false,
			[]string{`t.md:1: missing header line "bank: NAME"`}},
		{"no title in strict mode", "bank: t\n\n## 节 {short}\n[a] 题\n", true,
			[]string{`t.md:1: missing title line "# TITLE" at the top of the file`}},
		{"bad bank name", "# 标题\nbank: 题库 一\n", false,
			[]string{`t.md:2: bad bank name "题库 一": use letters, digits, - and _`}},
		{"duplicate bank line", "# 标题\nbank: a\nbank: b\n", false,
			[]string{`t.md:3: duplicate header line "bank:" (first at line 2)`}},
		{"text before the first question", header + "这是说明。\n还是说明。\n## 节 {short}\n[a] 题\n", true,
			[]string{`t.md:5: text before the first question: only "# title", "bank:" and "source:" go here`}},
		{"text before the first question, lenient", header + "这是说明。\n## 节 {short}\n[a] 题\n", false, nil},
		{"text outside a question", header + "## 节 {short}\n（每题2分）\n[a] 题\n", true,
			[]string{`t.md:6: text outside a question (start a question with [ID], or write \ before a literal line)`}},
		{"unknown section type", header + "## 节 {quiz}\n[a] 题\n[b] 题\n", false,
			[]string{`t.md:5: unknown type "quiz" (want one of single multiple truefalse fill short essay definition case card)`}},
		{"unknown question type", header + "## 节 {short}\n[a quiz] 题\n", false,
			[]string{`t.md:6: unknown type "quiz" (want one of single multiple truefalse fill short essay definition case card)`}},
		{"no type", header + "## 节\n[a] 题\n", false,
			[]string{`t.md:6: question a has no type: put {type} on its section heading or write [a TYPE]`}},
		{"no type before any section", header + "[a] 题\n", false,
			[]string{`t.md:5: question a has no type: put {type} on its section heading or write [a TYPE]`}},
		{"duplicate ID", header + "## 节 {short}\n[a] 题一\n\n[a] 题二\n", false,
			[]string{`t.md:8: duplicate ID "a" (first at line 6)`}},
		{"duplicate field", header + "## 节 {short}\n[a] 题\n答案：一\n答案：二\n续行\n", false,
			[]string{`t.md:8: duplicate 答案： (first at line 7)`}},
		{"no stem", header + "## 节 {short}\n[a]\n答案：一\n", true,
			[]string{`t.md:6: question a has no stem`}},
		{"options out of order", header + "## 节 {single}\n[a] 题\nA. 一\nC. 二\n答案：A\n", true,
			[]string{`t.md:8: option C out of order: want B`}},
		{"options not from A", header + "## 节 {single}\n[a] 题\nB. 一\nC. 二\n答案：B\n", true,
			[]string{`t.md:7: option B out of order: want A`, `t.md:8: option C out of order: want B`}},
		{"empty option", header + "## 节 {single}\n[a] 题\nA.\nB. 二\n答案：B\n", true,
			[]string{`t.md:7: option A is empty`}},
		{"too few options", header + "## 节 {multiple}\n[a] 题\nA. 一\n答案：A\n", true,
			[]string{`t.md:6: multiple question a needs at least 2 options, has 1`}},
		{"single answer with two letters", header + "## 节 {single}\n[a] 题\nA. 一\nB. 二\n答案：AB\n", false,
			[]string{`t.md:9: answer "AB": a single-choice answer is one letter`}},
		{"answer not letters", header + "## 节 {multiple}\n[a] 题\nA. 一\nB. 二\n答案：A和B\n", false,
			[]string{`t.md:9: answer "A和B": want option letters A-J`}},
		{"answer names no option", header + "## 节 {single}\n[a] 题\nA. 一\nB. 二\n答案：E\n", true,
			[]string{`t.md:9: answer "E" names no option E (options are A-B)`}},
		{"answer names no option, lenient", header + "## 节 {single}\n[a] 题\nA. 一\nB. 二\n答案：E\n", false, nil},
		{"bad true/false", header + "## 节 {truefalse}\n[a] 题\n答案：是\n", false,
			[]string{`t.md:7: answer "是": want 对/错, √/×, 正确/错误 or true/false`}},
		{"fill blank count", header + "## 节 {fill}\n[a] 题 ____\n答案：甲；乙\n", true,
			[]string{`t.md:7: answer has 2 blanks, the stem has 1`}},
		{"fill without blank", header + "## 节 {fill}\n[a] 题\n答案：甲\n", true,
			[]string{`t.md:6: fill question a has no blank: mark each blank with ____ or （ ）`}},
		{"fill empty blank", header + "## 节 {fill}\n[a] 题 ____ ____\n答案：甲；\n", false,
			[]string{`t.md:7: answer "甲；" has an empty blank (blanks are separated by ；, alternatives by |)`}},
		{"empty answer", header + "## 节 {short}\n[a] 题\n答案：\n\n解析：无\n", true,
			[]string{`t.md:7: empty 答案： (leave the line out when the source gives no answer)`}},
		{"case without parts", header + "## 节 {case}\n[a] 材料\n答案：整体\n", true,
			[]string{`t.md:6: case a has no 问： sub-question`}},
		{"answer before question in case", header + "## 节 {case}\n[a] 材料\n答：甲\n问：乙\n", false,
			[]string{`t.md:7: 答： before any 问：`}},
		{"errors in line order, all reported", header + "## 节 {single}\n[a] 题\nA. 一\nB. 二\n答案：Z\n[a] 题\nA. 一\nC. 二\n", true,
			[]string{
				`t.md:9: answer "Z": want option letters A-J`,
				`t.md:10: duplicate ID "a" (first at line 6)`,
				`t.md:12: option C out of order: want B`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse("t.md", strings.NewReader(tt.src), ParseOptions{Strict: tt.strict})
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if b != nil {
				t.Errorf("bank returned along with an error")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got  %q\n want %q", got, tt.want)
			}
			if err.Error() != strings.Join(tt.want, "\n") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

// TestBrokenFile checks the file the CLI test uses too: several errors, each
// with its line.
func TestBrokenFile(t *testing.T) {
	data, err := os.ReadFile("testdata/broken.md")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseBytes("broken.md", data, ParseOptions{Strict: true})
	want := strings.Join([]string{
		`broken.md:5: text before the first question: only "# title", "bank:" and "source:" go here`,
		`broken.md:11: option C out of order: want B`,
		`broken.md:17: answer "E" names no option E (options are A-B)`,
		`broken.md:19: duplicate ID "b-1" (first at line 9)`,
		`broken.md:27: answer "是": want 对/错, √/×, 正确/错误 or true/false`,
		`broken.md:32: answer has 2 blanks, the stem has 1`,
		`broken.md:34: unknown type "quiz" (want one of single multiple truefalse fill short essay definition case card)`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestLineEndingsAndBOM(t *testing.T) {
	crlf := parseFile(t, "testdata/crlf.md", true)
	lf := mustParse(t, strings.ReplaceAll(mustRead(t, "testdata/crlf.md"), "\r\n", "\n"), true)
	crlf.File, lf.File = "", ""
	if !reflect.DeepEqual(crlf, lf) {
		t.Errorf("CRLF file parses differently from LF:\n%#v\n%#v", crlf, lf)
	}
	if q := crlf.Questions[0]; q.Stem != "题干（ ）" || q.Options[1].Text != "乙" || q.Answer.Choices != "A" {
		t.Errorf("CRLF question: %#v", q)
	}
	bom := mustParse(t, "\ufeff"+header+"## 节 {short}\n[a] 题\n", true)
	if bom.Title != "测试" || bom.Name != "t" {
		t.Errorf("BOM file header: title %q name %q", bom.Title, bom.Name)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain 中文":                            "plain 中文",
		"a\tb":                                "a b",
		"red \x1b[31mtext\x1b[0m":             "red text",
		"\x1b[38;5;196mcolour\x1b[m":          "colour",
		"title\x1b]0;pwned\x07 after":         "title after",
		"link \x1b]8;;http://x\x1b\\here":     "link here",
		"dcs \x1bPq#0;2;0;0;0\x1b\\ end":      "dcs  end",
		"keypad \x1b= mode \x1b(B":            "keypad  mode ",
		"bell\x07 nul\x00 del\x7f bs\b":       "bell nul del bs",
		"c1 \u009b31m csi \u009d0;x\u009c ok": "c1  csi  ok",
		"bidi \u202eevil\u202c \u2066x\u2069": "bidi evil x",
		"bom\ufeff inside":                    "bom inside",
		"bad \xff\xfe utf8":                   "bad \ufffd\ufffd utf8",
		"keeps\nnewline":                      "keeps\nnewline",
		"trailing esc \x1b":                   "trailing esc ",
		"unterminated \x1b]0;title":           "unterminated ",
		"unterminated osc\x1b]0;t\nnext":      "unterminated osc\nnext",
		"cr\rgone":                            "crgone",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParseStripsEscapes puts escape sequences and control characters into
// every text field and checks that none reaches the parsed bank.
func TestParseStripsEscapes(t *testing.T) {
	e := "\x1b[2J\x1b]0;x\x07\x1b[31m\u009b1m\x00\x08\u202e"
	src := "# 标题" + e + "\nbank: t\nsource: 来源" + e + "\n\n## 节" + e + " {single}\n" +
		"[a] 题干" + e + "\tX\n第二行\x1b[1m\nA. 甲" + e + "\nB. 乙\n答案：A\n解析：解析" + e + "\n标签：P1" + e + "\n" +
		"## 案例 {case}\n[b] 材料" + e + "\n问：问" + e + "\n答：答" + e + "\n"
	b := mustParse(t, src, true)
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, b); err != nil {
		t.Fatal(err)
	}
	var texts []string
	texts = append(texts, b.Title, b.Source)
	for _, q := range b.Questions {
		texts = append(texts, q.Section, q.Stem, q.Explanation, q.Source)
		texts = append(texts, q.Tags...)
		for _, o := range q.Options {
			texts = append(texts, o.Text)
		}
		if q.Answer != nil {
			texts = append(texts, q.Answer.Text)
		}
		for _, p := range q.Parts {
			texts = append(texts, p.Stem, p.Answer.Text)
		}
	}
	for _, s := range texts {
		for _, r := range s {
			if r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r == 0x202e {
				t.Errorf("control character %U left in %q", r, s)
			}
		}
	}
	q := b.Questions[0]
	if q.Stem != "题干 X\n第二行" || q.Options[0].Text != "甲" || q.Explanation != "解析" || q.Tags[0] != "P1" || b.Title != "标题" {
		t.Errorf("text around the escapes was not kept: %#v", q)
	}
}

// TestRoundTrip checks that WriteBankFormat writes what Parse reads back to
// the same bank.
func TestRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil {
		t.Fatal(err)
	}
	fuzz, err := filepath.Glob("testdata/fuzz/FuzzParse/*")
	if err != nil {
		t.Fatal(err)
	}
	var srcs []string
	for _, f := range files {
		srcs = append(srcs, mustRead(t, f))
	}
	for _, f := range fuzz {
		if s, ok := corpusString(mustRead(t, f)); ok {
			srcs = append(srcs, s)
		}
	}
	srcs = append(srcs, string(generateBank(200)))
	n := 0
	for i, src := range srcs {
		b, err := ParseBytes("in.md", []byte(src), ParseOptions{})
		if err != nil {
			continue // broken inputs have nothing to round-trip
		}
		n++
		var buf bytes.Buffer
		if err := WriteBankFormat(&buf, b); err != nil {
			t.Fatal(err)
		}
		back, err := ParseBytes("in.md", buf.Bytes(), ParseOptions{})
		if err != nil {
			t.Fatalf("input %d: exported bank does not parse: %v\n%s", i, err, buf.String())
		}
		if !equalBanks(b, back) {
			t.Errorf("input %d: round trip differs\nexport:\n%s", i, buf.String())
		}
	}
	if n < 4 {
		t.Errorf("only %d inputs parsed", n)
	}
}

// equalBanks compares two banks, ignoring line numbers.
func equalBanks(a, b *Bank) bool {
	strip := func(b *Bank) Bank {
		c := *b
		c.Questions = nil
		for _, q := range b.Questions {
			qq := *q
			qq.Line = 0
			c.Questions = append(c.Questions, &qq)
		}
		return c
	}
	return reflect.DeepEqual(strip(a), strip(b))
}

// TestExportJSONLGolden checks the JSONL export against a golden file
// (go test ./bank -run Golden -update rewrites it).
func TestExportJSONLGolden(t *testing.T) {
	b := parseFile(t, "testdata/all-types.md", true)
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, b); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/all-types.jsonl"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := mustRead(t, golden); buf.String() != want {
		t.Errorf("JSONL export differs from %s:\n%s", golden, buf.String())
	}
}

// TestAllTypesFile checks the hand-written file covering every type.
func TestAllTypesFile(t *testing.T) {
	b := parseFile(t, "testdata/all-types.md", true)
	if b.Name != "all-types" || b.Title != "测试题库：全部题型" || b.Source != "测试文档（手写）" {
		t.Errorf("header: %q %q %q", b.Name, b.Title, b.Source)
	}
	count := map[Type]int{}
	for _, q := range b.Questions {
		count[q.Type]++
	}
	want := map[Type]int{Single: 4, Multiple: 2, TrueFalse: 5, Fill: 2, Short: 2, Essay: 1, Definition: 1, Case: 1, Card: 1}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("counts %v, want %v", count, want)
	}
	byID := map[string]*Question{}
	for _, q := range b.Questions {
		byID[q.ID] = q
	}
	if q := byID["s-001"]; q.Options[3].Text != "客户价值\n最大化" {
		t.Errorf("multi-line option: %q", q.Options[3].Text)
	}
	if q := byID["sh-002"]; q.Stem != "行首需要转义的简答题。\nA. 这不是选项\n答案：这不是答案字段" ||
		q.Answer.Text != "## 这不是标题\n[x-1] 这不是题目\n\\反斜杠开头的一行" {
		t.Errorf("escaped lines: stem %q answer %q", q.Stem, q.Answer.Text)
	}
	if q := byID["tf-003"]; q.Answer == nil || !q.Answer.True {
		t.Errorf("tf-003 (A. 正确, 答案 A): %+v", q.Answer)
	}
	if q := byID["s-003"]; q.Answer != nil {
		t.Errorf("s-003 has no 答案 line but answer %+v", q.Answer)
	}
	if q := byID["d-001"]; q.Type != Definition || q.Section != "论述与名词" {
		t.Errorf("d-001: type %s section %q", q.Type, q.Section)
	}
}
