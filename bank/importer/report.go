package importer

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/shuati/shuati/bank"
)

// ProblemTag is the tag an imported question gets when it is kept with a
// problem noted in the report, so the learner can find and check it.
const ProblemTag = "待核对"

// Report is what an import understood.
type Report struct {
	File     string
	Kind     Kind
	Encoding string
	Bank     string

	Total  int               // questions in the bank
	ByType map[bank.Type]int // questions recognised, by type

	// Unplaced are input lines that are not part of any question and not
	// recognised boilerplate, with their line numbers (row numbers for tables).
	Unplaced []Line
	// NoAnswer are the questions the input gives no answer for: they are
	// kept and self-graded.
	NoAnswer []Item
	// Skipped are ambiguous items left out of the bank, each with its reason.
	Skipped []Item
	// Noted are questions kept in the bank with a problem: each carries the
	// tag ProblemTag and the reason here.
	Noted []Item
	// Invalid are the lines of UTF-8 input that hold invalid bytes (kept
	// as UTF-8, each bad byte shown as U+FFFD; a note says so).
	Invalid []int
	// Notes are remarks about whole sections or the whole file (e.g. true/false
	// marks whose owner the layout does not show).
	Notes []string

	Boilerplate int // lines skipped as site boilerplate (温馨提示, 版权说明, …)
	LineNumbers int // bare PDF line numbers skipped
	Pinyin      int // pinyin annotations removed (服務(wù) → 服務)
	Traditional int // questions written in traditional characters (left as they are)
	Kept        int // questions that kept the ID of the previous import
}

// Line is one input line the importer could not place.
type Line struct {
	Line int
	Text string
}

// Item is one question (or would-be question) the report names.
type Item struct {
	Line   int
	ID     string
	Type   bank.Type
	Text   string // an excerpt of the stem
	Reason string
}

func (r *Report) recognised(q *bank.Question) {
	if r.ByType == nil {
		r.ByType = map[bank.Type]int{}
	}
	r.ByType[q.Type]++
}

func (r *Report) unplaced(n int, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	r.Unplaced = append(r.Unplaced, Line{Line: n, Text: excerpt(s)})
}

// typeNames are the Chinese names of the types, as the report prints them.
var typeNames = map[bank.Type]string{
	bank.Single: "单选", bank.Multiple: "多选", bank.TrueFalse: "判断", bank.Fill: "填空",
	bank.Short: "简答", bank.Essay: "论述", bank.Definition: "名词解释", bank.Case: "案例", bank.Card: "知识卡",
}

// Write prints the report for the terminal in English: a summary line per
// type, then every skipped, noted, unanswered and unplaced item with its
// line number. Every text in it comes from sanitised input.
func (r *Report) Write(w io.Writer) error { return r.WriteLang(w, "en") }

// WriteLang is Write in a language: "zh" for Chinese, anything else English.
func (r *Report) WriteLang(w io.Writer, lang string) error {
	zh := lang == "zh"
	t := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	reason := func(s string) string {
		if zh {
			return translate(s)
		}
		return s
	}
	var b strings.Builder
	if zh {
		fmt.Fprintf(&b, "%s：%s（%s），题库 %q：%d 题\n", r.File, kindNameZH(r.Kind), r.Encoding, r.Bank, r.Total)
	} else {
		fmt.Fprintf(&b, "%s: %s (%s), bank %q: %d questions\n", r.File, kindName(r.Kind), r.Encoding, r.Bank, r.Total)
	}
	for _, ty := range bank.Types {
		if n := r.ByType[ty]; n > 0 {
			fmt.Fprintf(&b, "  %-10s %-4s %d\n", ty, typeNames[ty], n)
		}
	}
	if r.Kept > 0 {
		fmt.Fprintf(&b, t("IDs kept from the previous import: %d\n", "沿用上次导入的题目编号：%d\n"), r.Kept)
	}
	if r.Boilerplate+r.LineNumbers+r.Pinyin > 0 {
		fmt.Fprintf(&b, t("cleaned: %d boilerplate lines skipped, %d PDF line numbers skipped, %d pinyin annotations removed\n",
			"清理：跳过网站附加内容 %d 行、PDF 行号 %d 个，去掉拼音注音 %d 处\n"), r.Boilerplate, r.LineNumbers, r.Pinyin)
	}
	if r.Traditional > 0 {
		fmt.Fprintf(&b, t("note: %d questions are in traditional characters; they are kept as they are\n",
			"注意：%d 道题是繁体字，按原样保留\n"), r.Traditional)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, t("note: %s\n", "注意：%s\n"), reason(n))
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, t("skipped (ambiguous, not stored): %d\n", "跳过（无法确定，未保存）：%d\n"), len(r.Skipped))
		for _, it := range r.Skipped {
			fmt.Fprintf(&b, t("  line %d: %s — %s\n", "  第 %d 行：%s —— %s\n"), it.Line, reason(it.Reason), it.Text)
		}
	}
	if len(r.Noted) > 0 {
		fmt.Fprintf(&b, t("kept with a problem noted (tag %s): %d\n", "保留但有问题（标签 %s）：%d\n"), ProblemTag, len(r.Noted))
		for _, it := range r.Noted {
			fmt.Fprintf(&b, t("  line %d [%s]: %s — %s\n", "  第 %d 行 [%s]：%s —— %s\n"), it.Line, it.ID, reason(it.Reason), it.Text)
		}
	}
	if len(r.NoAnswer) > 0 {
		fmt.Fprintf(&b, t("without an answer (self-graded): %d\n", "没有答案（自评）：%d\n"), len(r.NoAnswer))
		for _, it := range r.NoAnswer {
			fmt.Fprintf(&b, t("  line %d [%s %s]: %s\n", "  第 %d 行 [%s %s]：%s\n"), it.Line, it.ID, it.Type, it.Text)
		}
	}
	if len(r.Unplaced) > 0 {
		fmt.Fprintf(&b, t("lines not placed in any question: %d\n", "未归入任何题目的行：%d\n"), len(r.Unplaced))
		for _, l := range r.Unplaced {
			fmt.Fprintf(&b, t("  line %d: %s\n", "  第 %d 行：%s\n"), l.Line, l.Text)
		}
	}
	_, err := io.WriteString(w, bank.Sanitize(b.String()))
	return err
}

// Summary is the per-type counts as one line, e.g. "single 20, multiple 5".
func (r *Report) Summary() string {
	var parts []string
	for _, t := range bank.Types {
		if n := r.ByType[t]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t, n))
		}
	}
	return strings.Join(parts, ", ")
}

func kindNameZH(k Kind) string {
	switch k {
	case KindBank:
		return "题库格式"
	case KindCSV:
		return "CSV 表格"
	case KindTSV:
		return "TSV 表格"
	case KindXLSX:
		return "Excel 表格"
	case KindRaw:
		return "题库文本"
	}
	return string(k)
}

func kindName(k Kind) string {
	switch k {
	case KindBank:
		return "bank format"
	case KindCSV:
		return "CSV"
	case KindTSV:
		return "TSV"
	case KindXLSX:
		return "XLSX"
	case KindRaw:
		return "raw text"
	}
	return string(k)
}

// sortItems orders report items by line.
func sortItems(items []Item) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Line < items[j].Line })
}

// zhMessages translate the report's messages (reasons and notes, made in
// English where they arise) for WriteLang(w, "zh"). Each message several
// joined by "; " is translated part by part.
var zhMessages = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^choice question without options \(cut off by the source\?\)$`), "选择题没有选项（原文被截断？）"},
	{regexp.MustCompile(`^options without a question \(cut off by the source\?\)$`), "只有选项没有题干（原文被截断？）"},
	{regexp.MustCompile(`^choice question with a single option \(cut off by the source\?\)$`), "选择题只有一个选项（原文被截断？）"},
	{regexp.MustCompile(`^true/false mark without a statement$`), "判断符号前没有题目"},
	{regexp.MustCompile(`^(\d+) invalid UTF-8 bytes \(damaged text\) are shown as U\+FFFD, on lines (.*)$`), "$1 个无效的 UTF-8 字节（原文损坏）显示为 U+FFFD，位于第 $2 行"},
	{regexp.MustCompile(`^answer without a question$`), "只有答案没有题目"},
	{regexp.MustCompile(`^sub-questions without case material$`), "小题前没有案例材料"},
	{regexp.MustCompile(`^no 题干 \(stem\)$`), "没有题干"},
	{regexp.MustCompile(`^answer (".*") is not option letters; left out$`), "答案 $1 不是选项字母，未采用"},
	{regexp.MustCompile(`^answer ([A-H]+) names an option the question does not have$`), "答案 $1 指向不存在的选项"},
	{regexp.MustCompile(`^answer (".*") is not 对/错; left out$`), "答案 $1 不是对/错，未采用"},
	{regexp.MustCompile(`^(\d+) blanks in the question, (\d+) in the answer$`), "题目有 $1 个空，答案有 $2 个"},
	{regexp.MustCompile(`^two √/× marks belong to it; answer left out$`), "有两个对错符号，答案未采用"},
	{regexp.MustCompile(`^ends in garbled text \(mojibake\) in the source$`), "原文结尾是乱码"},
	{regexp.MustCompile(`^its number is garbled in the source .*$`), "原文中题号是乱码，前面的文字可能也有损坏"},
	{regexp.MustCompile(`^题型 (".*") unknown; type guessed$`), "题型 $1 无法识别，已推断题型"},
	{regexp.MustCompile(`^row (\d+): cell (\d+) has no column header; ignored$`), "第 $1 行：第 $2 列没有表头，已忽略"},
	{regexp.MustCompile(`^row (\d+): 编号 (".*") is not a usable ID .*$`), "第 $1 行：编号 $2 不可用，已另行生成"},
	{regexp.MustCompile(`^answer key \(line (\d+)\): (\d+) answers given to the questions above$`), "答案部分（第 $1 行）：为前面的题目填入 $2 个答案"},
	{regexp.MustCompile(`^answer key line (\d+): range (\d+)-(\d+) not understood$`), "答案部分第 $1 行：无法理解题号范围 $2-$3"},
	{regexp.MustCompile(`^answer key line (\d+): (\d+)-(\d+) (".*") does not give (\d+) answers$`), "答案部分第 $1 行：$2-$3 $4 不是 $5 个答案"},
	{regexp.MustCompile(`^answer key line (\d+): no question (\d+) without an answer for (".*")$`), "答案部分第 $1 行：找不到尚无答案的第 $2 题来填入 $3"},
	{regexp.MustCompile(`^(\d+) answers had no 答案 marker: .*$`), "$1 道题没有“答案”标记：题目下面的各行被当作答案，直到下一题或下一个标题（请核对答案在哪里结束）"},
	{regexp.MustCompile(`(?s)^section (".*") \(line (\d+)\): (\d+) √/× marks stand between the statements, .*$`), "第 $2 行的部分 $1：$3 个对错符号夹在两道判断题之间，版式看不出它属于前一题还是后一题；这些答案未采用（题目保留，自评）。可以指定判断符号属于前一题（after）或后一题（before）后重新导入。"},
	{regexp.MustCompile(`^√/× mark with no statement$`), "对错符号没有对应的题目"},
}

func translate(s string) string {
	for _, m := range zhMessages {
		if m.re.MatchString(s) {
			return m.re.ReplaceAllString(s, m.zh)
		}
	}
	parts := strings.Split(s, "; ")
	for i, p := range parts {
		for _, m := range zhMessages {
			if m.re.MatchString(p) {
				parts[i] = m.re.ReplaceAllString(p, m.zh)
				break
			}
		}
	}
	return strings.Join(parts, "；")
}
