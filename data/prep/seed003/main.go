// Command seed003 extracts the bank crm-exams (data/003-crm-exams.md) from
// seed 003, a scraped document-site page that holds many sub-documents one
// after another. Run it from the module root:
//
//	go run ./data/prep/seed003 /work/shared/seeds/003_636cd3605a107631.txt > data/003-crm-exams.md
//
// Re-running it reproduces data/003-crm-exams.md exactly; every manual
// decision is written down below (the fixes table, the sub-document table in
// extract, and the comments next to special cases), never made in the output.
//
// The page, by seed line:
//
//	1-4     page title and site boilerplate (格式, 大小, 文档页数): title only
//	5       客户关系管理试题及答案 (paper 1): single 1-10, multiple 1-5, true/false 1 (cut)
//	6-25    article 汽车售后服务中的客户关系管理: not questions, left out
//	26      第九章练习题: choice 1-20 and fill-in 1 (cut), no answers given
//	27-40   客户关系管理试题含答案: 5 questions with answers (intro/outro lines left out)
//	41      汽车售后考试及答案: single 1-10, multiple 11-15, true/false 16 (cut)
//	42-49   客户关系管理试题及答案 (paper 2): choice 1-5, fill-in 1-5, short 1
//	50-55   客户关系管理试题及答案 (paper 3): single 1-5, multiple 6-10,
//	        true/false 11-15 (mark on the line AFTER its statement), short 16 (cut)
//	56-61   客户关系管理习题(含答案): single 1-15, 16 cut before its options
//	62-71   《客户关系管理》习题库(含答案): 名词解释 1-6
//	72-194  the page's own document (汽车服务企业管理 任务工单及答案 009-客户关系管理,
//	        it has no title line of its own): 判断 1-15, 简答 1-5, 论述 1-5
//
// The three papers titled 客户关系管理试题及答案 are told apart in the section
// headings as （之一）（之二）（之三）.
package main

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"strconv"
	"strings"
)

const (
	bankName  = "crm-exams"
	seedFile  = "003_636cd3605a107631.txt"
	pageTitle = "汽车服务企业管理 任务工单及答案 009-客户关系管理"
	// bankTitle names the whole bank: the page holds several CRM papers, and
	// the page's title names only the last of them.
	bankTitle = "客户关系管理试题汇编（多套试卷及答案）"
)

// fixes are the manual corrections of the seed text, applied to the raw
// lines (1-based line numbers of the seed) before anything is parsed. Each
// old text must occur exactly once on its line.
var fixes = []struct {
	line     int
	old, new string
	why      string
}{
	{42, `"360度客户视图"`, "“360度客户视图”", "ASCII double quotes in Chinese text"},
	{109, "3~5 年的客户:车辆基本保修期3 年或5 万公里", "3~5年的客户:车辆基本保修期3年或5万公里",
		"PDF spacing between numbers and units"},
	{119, "l)房间", "1)房间", "OCR: letter l for digit 1; the points run 1)-7)"},
	{148, "S)帮助", "5)帮助", "OCR: letter S for digit 5; it stands between 4) and 6)"},
	{169, "严重投时", "严重投诉时", "character lost: the paragraph is about 处理客户投诉; 严重投诉时 is the only reading"},
}

// item is one question before numbering.
type item struct {
	typ  string // overrides the section's type when set
	stem string
	opts []string
	ans  string // "" means the source gives no answer
	expl string
	note string // the editor's note, shown with the question
}

type section struct {
	head string // the sub-document, " · ", the heading as in the source
	typ  string
	qs   []item
}

func main() {
	log.SetFlags(0)
	if len(os.Args) != 2 {
		log.Fatal("usage: go run ./data/prep/seed003 /work/shared/seeds/" + seedFile + " > data/003-crm-exams.md")
	}
	lines, err := readLines(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range fixes {
		if n := strings.Count(lines[f.line-1], f.old); n != 1 {
			log.Fatalf("fix on line %d: %q occurs %d times", f.line, f.old, n)
		}
		lines[f.line-1] = strings.Replace(lines[f.line-1], f.old, f.new, 1)
	}
	if strings.TrimSpace(lines[0]) != pageTitle {
		log.Fatalf("line 1 is %q, want the page title", lines[0])
	}
	secs := extract(lines)
	w := bufio.NewWriter(os.Stdout)
	write(w, secs)
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.Split(strings.TrimRight(s, "\n"), "\n"), nil
}

// span joins seed lines a..b (1-based, inclusive) with newlines.
func span(lines []string, a, b int) string {
	return strings.Join(lines[a-1:b], "\n")
}

// extract walks the sub-documents in page order.
func extract(lines []string) []section {
	var out []section
	add := func(doc, head, typ string, qs []item) {
		h := doc
		if head != "" {
			h += " · " + zh(head)
		}
		out = append(out, section{head: h, typ: typ, qs: qs})
	}

	// Paper 1 (line 5). Its true/false section is cut after statement 1,
	// before any mark: kept without an answer.
	{
		const doc = "客户关系管理试题及答案（之一）"
		hs := []string{"一、单项选择题(每题2分,共20分)", "二、多项选择题(每题3分,共15分)", "三、判断题(每题2分,共10分)"}
		b := heads(lines[4], "客户关系管理试题及答案", hs...)
		add(doc, hs[0], "single", choices(numbered(b[0], 1, 10), dotOpt))
		add(doc, hs[1], "multiple", choices(numbered(b[1], 1, 5), dotOpt))
		add(doc, hs[2], "truefalse", truefalse(numbered(b[2], 1, 1)))
	}
	// Lines 6-25: the article 汽车售后服务中的客户关系管理, left out.

	// 第九章练习题 (line 26): no answers anywhere; the fill-in section is cut
	// after its first question. The section says only 选择题; with no answer
	// to tell single from multiple, the questions stay single.
	{
		const doc = "第九章练习题"
		hs := []string{"一、选择题", "二、填空题"}
		b := heads(lines[25], doc, hs...)
		add(doc, hs[0], "single", choices(numbered(b[0], 1, 20), spaceOpt))
		var fill []item
		for _, t := range numbered(b[1], 1, 1) {
			fill = append(fill, item{stem: zh(t)})
		}
		add(doc, hs[1], "fill", fill)
	}

	// 客户关系管理试题含答案 (lines 27-40): line 28 (以下是一些…供您参考) and
	// line 40 (希望以上答案能帮助到您) are the author's asides, left out. The
	// paper has no section heading.
	{
		const doc = "客户关系管理试题含答案"
		if strings.TrimSpace(lines[26]) != doc {
			log.Fatalf("line 27: %q", lines[26])
		}
		var qs []item
		for _, t := range numbered(span(lines, 29, 39), 1, 5) {
			stem, ans := cut(t, "\n答案:")
			qs = append(qs, item{stem: zh(stem), ans: para(ans)})
		}
		add(doc, "", "short", qs)
	}

	// 汽车售后考试及答案 (line 41): true/false cut after statement 16.
	{
		const doc = "汽车售后考试及答案"
		hs := []string{"一、单项选择题(每题2分,共20分)", "二、多项选择题(每题3分,共15分)", "三、判断题(每题2分,共20分)"}
		b := heads(lines[40], doc, hs...)
		add(doc, hs[0], "single", choices(numbered(b[0], 1, 10), dotOpt))
		add(doc, hs[1], "multiple", choices(numbered(b[1], 11, 5), dotOpt))
		add(doc, hs[2], "truefalse", truefalse(numbered(b[2], 16, 1)))
	}

	// Paper 2 (lines 42-49). Choice 5's answer is "C(通常产品类型不是…)": the
	// parenthesis becomes the explanation.
	{
		const doc = "客户关系管理试题及答案（之二）"
		hs := []string{"一、选择题", "二、填空题", "三、简答题"}
		b := heads(span(lines, 42, 49), "客户关系管理试题及答案", hs...)
		add(doc, hs[0], "single", choices(numbered(b[0], 1, 5), dotOpt))
		var fill []item
		for _, t := range numbered(b[1], 1, 5) {
			stem, ans := cut(t, "\n答案:")
			fill = append(fill, item{stem: zh(stem), ans: zh(ans)})
		}
		add(doc, hs[1], "fill", fill)
		add(doc, hs[2], "short", shorts(numbered(b[2], 1, 1)))
	}

	// Paper 3 (lines 50-55). The true/false mark sits on the line after its
	// statement: "11. …部门。\n(错误)12. …" gives 11 错误 (the last mark,
	// "(错误)四、简答题", can only close statement 15). Short answer 16 is cut
	// before its answer.
	{
		const doc = "客户关系管理试题及答案（之三）"
		hs := []string{"一、单选题(每题2分,共10分)", "二、多选题(每题3分,共15分)", "三、判断题(每题2分,共10分)", "四、简答题(每题5分,共20分)"}
		b := heads(span(lines, 50, 55), "客户关系管理试题及答案", hs...)
		add(doc, hs[0], "single", choices(numbered(b[0], 1, 5), dotOpt))
		add(doc, hs[1], "multiple", choices(numbered(b[1], 6, 5), dotOpt))
		add(doc, hs[2], "truefalse", truefalse(numbered(b[2], 11, 5)))
		add(doc, hs[3], "short", shorts(numbered(b[3], 16, 1)))
	}

	// 客户关系管理习题(含答案) (lines 56-61). In several questions the option
	// texts carry a second, shuffled letter ("A、C服务行为B、B服务标准…"): the
	// text is kept exactly as the source has it, the outer letter is the
	// option key and the answer refers to it. Question 2's stem carries a
	// fragment of another question ("…不包括( )的基础上形成的一门应用性学科。"):
	// kept as the source has it.
	{
		const doc = "客户关系管理习题（含答案）"
		hs := []string{"一、单选题(共40题,每题1分,共40分)"}
		b := heads(span(lines, 56, 61), "客户关系管理习题(含答案)", hs...)
		ts := numbered(b[0], 1, 16)
		qs := choices(ts[:15], dunOpt)
		// Question 16 is cut after its stem, before the options: it stays a
		// single choice without options and answer, and says so, rather than
		// turning into a fill-in the source never asked.
		qs = append(qs, item{stem: zh(ts[15]), note: "原文此题的选项缺失，无法作答。"})
		add(doc, hs[0], "single", qs)
	}

	// 《客户关系管理》习题库(含答案) (lines 62-71): "N.术语:释义".
	{
		const doc = "《客户关系管理》习题库（含答案）"
		hs := []string{"一、名词解释"}
		b := heads(span(lines, 62, 71), "《客户关系管理》习题库(含答案)", hs...)
		var qs []item
		for _, t := range numbered(b[0], 1, 6) {
			term, def := cut(t, ":")
			qs = append(qs, item{stem: zh(term), ans: para(def)})
		}
		add(doc, hs[0], "definition", qs)
	}

	// The page's own document (lines 72-194): no title line, no section 二.
	// True/false: "(√)" on the line after each statement. 论述 5's answer
	// ends where the page ends.
	{
		const doc = pageTitle
		hs := []string{"一、判断", "三、简答", "四、论述"}
		b := heads(span(lines, 72, len(lines)), "", hs...)
		add(doc, hs[0], "truefalse", truefalse(numbered(b[0], 1, 15)))
		add(doc, hs[1], "short", shorts(numbered(b[1], 1, 5)))
		add(doc, hs[2], "essay", shorts(numbered(b[2], 1, 5)))
	}
	return out
}

// heads checks that s starts with title (after spaces) and splits the rest
// at the given headings, which must occur in order, once each. It returns
// the text under each heading.
func heads(s, title string, hs ...string) []string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, title) {
		log.Fatalf("sub-document does not start with %q: %.40q", title, s)
	}
	s = s[len(title):]
	var out []string
	for i, h := range hs {
		if strings.Count(s, h) != 1 {
			log.Fatalf("heading %q occurs %d times", h, strings.Count(s, h))
		}
		at := strings.Index(s, h)
		if i == 0 && strings.TrimSpace(s[:at]) != "" {
			log.Fatalf("text before heading %q: %q", h, s[:at])
		}
		if i > 0 {
			out = append(out, s[:at])
		}
		s = s[at+len(h):]
	}
	return append(out, s)
}

// numbered splits body into the items numbered first … first+n-1 ("7. ",
// "7.", "7、"), searching each number after the previous one. An item runs
// to the next number; the last one to the end of body.
func numbered(body string, first, n int) []string {
	var out []string
	pos, textAt := 0, -1
	for k := first; k < first+n; k++ {
		re := regexp.MustCompile(`(?:^|[^0-9])(` + strconv.Itoa(k) + `[.、]\s*)`)
		loc := re.FindStringSubmatchIndex(body[pos:])
		if loc == nil {
			log.Fatalf("item %d not found in %.60q", k, body[pos:])
		}
		mark, text := pos+loc[2], pos+loc[3]
		if k == first {
			if strings.TrimSpace(body[:mark]) != "" {
				log.Fatalf("text before item %d: %q", k, body[:mark])
			}
		} else {
			out = append(out, strings.TrimSpace(body[textAt:mark]))
		}
		pos, textAt = text, text
	}
	return append(out, strings.TrimSpace(body[textAt:]))
}

// cut splits s at the first sep, which must occur.
func cut(s, sep string) (string, string) {
	a, b, ok := strings.Cut(s, sep)
	if !ok {
		log.Fatalf("%q not found in %.60q", sep, s)
	}
	return strings.TrimSpace(a), strings.TrimSpace(b)
}

// Option markers. Each finds the marker of option letter l in s and returns
// where the marker starts and where its text starts, or -1.
type optFinder func(s string, l byte) (int, int)

// dotOpt: "A. 文本".
func dotOpt(s string, l byte) (int, int) {
	i := strings.Index(s, string(l)+". ")
	return i, i + 3
}

// dunOpt: "A、文本".
func dunOpt(s string, l byte) (int, int) {
	i := strings.Index(s, string(l)+"、")
	return i, i + len(string(l)+"、")
}

// spaceOpt: "A 文本", or "D文本" glued to the previous option (第九章练习题 8).
func spaceOpt(s string, l byte) (int, int) {
	if i := strings.Index(s, string(l)+" "); i >= 0 {
		return i, i + 2
	}
	m := regexp.MustCompile(`\p{Han}(` + string(l) + `)\p{Han}`).FindStringSubmatchIndex(s)
	if m == nil {
		return -1, -1
	}
	return m[2], m[3]
}

var (
	answerMark = regexp.MustCompile(`(?:正确)?答案:`)
	// "A, B, D", "ABCD", optionally followed by "(explanation)".
	letterAns = regexp.MustCompile(`^([A-H](?:\s*,\s*[A-H])*|[A-H]+)\s*(?:\((.+)\))?$`)
)

// choices parses choice questions: stem, options A-D, optional answer.
func choices(ts []string, find optFinder) []item {
	var out []item
	for _, t := range ts {
		var it item
		if loc := answerMark.FindStringIndex(t); loc != nil {
			m := letterAns.FindStringSubmatch(strings.TrimSpace(t[loc[1]:]))
			if m == nil {
				log.Fatalf("answer not understood: %q", t[loc[1]:])
			}
			it.ans = strings.NewReplacer(",", "", " ", "").Replace(m[1])
			it.expl = zh(m[2])
			t = t[:loc[0]]
		}
		var marks, texts []int
		rest := 0
		for l := byte('A'); l <= 'D'; l++ {
			m, x := find(t[rest:], l)
			if m < 0 {
				log.Fatalf("option %c not found in %q", l, t)
			}
			marks, texts = append(marks, rest+m), append(texts, rest+x)
			rest += x
		}
		if m, _ := find(t[rest:], 'E'); m >= 0 {
			log.Fatalf("unexpected option E in %q", t)
		}
		it.stem = zh(t[:marks[0]])
		for i := range marks {
			end := len(t)
			if i+1 < len(marks) {
				end = marks[i+1]
			}
			it.opts = append(it.opts, zh(t[texts[i]:end]))
		}
		for _, c := range it.ans {
			if c < 'A' || c > 'D' {
				log.Fatalf("answer %q refers to a missing option: %q", it.ans, t)
			}
		}
		out = append(out, it)
	}
	return out
}

var (
	tfMark    = regexp.MustCompile(`\s*\((正确|错误|√|×)\)$`)
	strayMark = regexp.MustCompile(`\((正确|错误|√|×)\)|[√×]`)
)

// truefalse parses statements whose mark, if any, ends the item text (the
// mark stands after the statement, on its own line or before the next
// number).
func truefalse(ts []string) []item {
	var out []item
	for _, t := range ts {
		var it item
		if m := tfMark.FindStringSubmatchIndex(t); m != nil {
			it.ans = t[m[2]:m[3]]
			t = t[:m[0]]
		}
		if strayMark.MatchString(t) {
			log.Fatalf("stray mark in statement %q", t)
		}
		it.stem = zh(t)
		out = append(out, it)
	}
	return out
}

// shorts parses "question line, then the answer lines" (the answer may be
// missing).
func shorts(ts []string) []item {
	var out []item
	for _, t := range ts {
		stem, ans, _ := strings.Cut(t, "\n")
		out = append(out, item{stem: zh(stem), ans: para(ans)})
	}
	return out
}

var (
	pointStart  = regexp.MustCompile(`^\d{1,2}\)`)
	inlinePoint = regexp.MustCompile(`([^\n\d])(\d{1,2}\))`)
)

// para turns the seed lines of a subjective answer into the answer text.
// The scrape broke paragraphs into one line per sentence: a line is joined
// to the one before when that one ends a sentence (。) and the line is not
// a numbered point "N)" nor a heading ending in ":". Numbered points that
// the source runs together on one line ("1)…;2)…") get a line each.
func para(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		n := len(out)
		if n > 0 && strings.HasSuffix(out[n-1], "。") && !pointStart.MatchString(l) && !strings.HasSuffix(l, ":") {
			out[n-1] += l
			continue
		}
		out = append(out, l)
	}
	joined := inlinePoint.ReplaceAllString(strings.Join(out, "\n"), "$1\n$2")
	out = strings.Split(joined, "\n")
	for i := range out {
		out[i] = zh(out[i])
	}
	return strings.Join(out, "\n")
}

var (
	underscores = regexp.MustCompile(`_{2,}`)
	emptyParens = regexp.MustCompile(`[(（]\s*[)）]`)
	blankSpaces = regexp.MustCompile(`[ \t]*（ ）[ \t]*`)
	punct       = strings.NewReplacer(",", "，", ":", "：", ";", "；", "?", "？", "!", "！", "(", "（", ")", "）")
)

// zh normalises punctuation lightly: blanks as （ ）, half-width Chinese
// punctuation as full-width, surrounding spaces trimmed. Wording is never
// touched.
func zh(s string) string {
	s = underscores.ReplaceAllString(s, "（ ）")
	s = emptyParens.ReplaceAllString(s, "（ ）")
	s = punct.Replace(s)
	s = blankSpaces.ReplaceAllString(s, "（ ）")
	return strings.TrimSpace(s)
}

// escape protects a text line that would otherwise read as a field, option,
// question or heading.
var special = regexp.MustCompile(`^([A-H][.、．)）]|(答案|解析|标签|注|问|答)[:：]|\[|#|\\)`)

func escape(l string) string {
	if special.MatchString(l) {
		return `\` + l
	}
	return l
}

func write(w io.Writer, secs []section) {
	fmt.Fprintf(w, "# %s\nbank: %s\nsource: %s（文档站页面「%s」，同页依次附有多份客户关系管理、汽车售后试题及答案）\n",
		bankTitle, bankName, seedFile, pageTitle)
	n := 0
	for _, s := range secs {
		fmt.Fprintf(w, "\n## %s {%s}\n", s.head, s.typ)
		for _, q := range s.qs {
			n++
			id := fmt.Sprintf("%s-%03d", bankName, n)
			if q.typ != "" && q.typ != s.typ {
				id += " " + q.typ
			}
			fmt.Fprintf(w, "\n[%s] %s\n", id, q.stem)
			for i, o := range q.opts {
				fmt.Fprintf(w, "%c. %s\n", 'A'+i, o)
			}
			if q.ans != "" {
				if strings.Contains(q.ans, "\n") {
					fmt.Fprintf(w, "答案：\n")
					for _, l := range strings.Split(q.ans, "\n") {
						fmt.Fprintln(w, escape(l))
					}
				} else {
					fmt.Fprintf(w, "答案：%s\n", q.ans)
				}
			}
			if q.expl != "" {
				fmt.Fprintf(w, "解析：%s\n", q.expl)
			}
			if q.note != "" {
				fmt.Fprintf(w, "注：%s\n", q.note)
			}
		}
	}
}
