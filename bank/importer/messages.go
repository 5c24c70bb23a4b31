package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// Note is one message of the report: a code naming what happened and its
// arguments. The importer never writes sentences into the report; Format
// renders a note in a language from Messages, so the interface can show the
// report in the learner's language (and a catalog can take Messages over).
type Note struct {
	Code string // a key of Messages, e.g. "key.given"
	Line int    // the input line (table row) it is about; 0 for the whole file
	Args []any  // the arguments of the message's format, in order
}

// Message is the English and Chinese text of a code: fmt formats of the
// note's Args (explicit argument indexes, %[2]d, where the languages order
// them differently).
type Message struct{ En, Zh string }

// note makes a Note.
func note(code string, line int, args ...any) Note { return Note{Code: code, Line: line, Args: args} }

// Format renders the note in lang ("zh" for Chinese, anything else English).
// An unknown code shows as the code and its arguments.
func (n Note) Format(lang string) string {
	m, ok := Messages[n.Code]
	if !ok {
		return fmt.Sprint(append([]any{n.Code}, n.Args...)...)
	}
	f := m.En
	if lang == "zh" {
		f = m.Zh
	}
	return fmt.Sprintf(f, n.Args...)
}

// String is the English text.
func (n Note) String() string { return n.Format("en") }

// formatNotes joins several notes of one item ("; " in English, "；" in
// Chinese).
func formatNotes(ns []Note, lang string) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = n.Format(lang)
	}
	if lang == "zh" {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts, "; ")
}

// lineRanges writes line numbers as "3-7, 12, 40-41": runs joined, the first
// 20 runs and "…".
func lineRanges(lines []int) string {
	var b strings.Builder
	runs := 0
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if runs == 20 {
			fmt.Fprintf(&b, ", … (%d lines)", len(lines))
			break
		}
		if runs > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(lines[i]))
		if j > i {
			b.WriteString("-" + strconv.Itoa(lines[j]))
		}
		runs++
		i = j + 1
	}
	return b.String()
}

// Messages holds every text of the report: the notes' codes, and the
// report's own headings ("report." codes, used by Report.WriteLang).
var Messages = map[string]Message{
	// Report layout.
	"report.head":          {"%s: %s (%s), bank %q: %d questions", "%s：%s（%s），题库 %q：%d 题"},
	"report.kept":          {"IDs kept from the previous import: %d", "沿用上次导入的题目编号：%d"},
	"report.cleaned":       {"cleaned: %d boilerplate lines skipped, %d PDF line numbers skipped, %d pinyin annotations removed", "清理：跳过网站附加内容 %d 行、PDF 行号 %d 个，去掉拼音注音 %d 处"},
	"report.traditional":   {"note: %d questions are in traditional characters; they are kept as they are", "注意：%d 道题是繁体字，按原样保留"},
	"report.note":          {"note: %s", "注意：%s"},
	"report.skipped":       {"skipped (ambiguous, not stored): %d", "跳过（无法确定，未保存）：%d"},
	"report.skipped.item":  {"  line %d: %s — %s", "  第 %d 行：%s —— %s"},
	"pdf.cleaned":          {"PDF pages read: %d; header, footer and page-number lines left out: %d; lines the page wrapped, joined: %d", "PDF 共 %d 页：去掉页眉、页脚和页码 %d 行；合并被分页或换行截断的行 %d 处"},
	"report.noted":         {"kept with a problem noted (tag %s): %d", "保留但有问题（标签 %s）：%d"},
	"report.noted.item":    {"  line %d [%s]: %s — %s", "  第 %d 行 [%s]：%s —— %s"},
	"report.noanswer":      {"without an answer (self-graded): %d", "没有答案（自评）：%d"},
	"report.noanswer.item": {"  line %d [%s %s]: %s", "  第 %d 行 [%s %s]：%s"},
	"report.unplaced":      {"lines not placed in any question: %d", "未归入任何题目的行：%d"},
	"report.unplaced.item": {"  line %d: %s", "  第 %d 行：%s"},
	"report.dryrun":        {"dry run: nothing stored", "试运行：没有保存"},
	"report.questions":     {"the questions recognised, in the bank format:", "识别出的题目（题库格式）："},
	"report.stored":        {"stored bank %s: %d questions", "已保存题库 %s：%d 题"},

	// Kinds of input (Args: none).
	"kind.bank": {"bank format", "题库格式"},
	"kind.csv":  {"CSV", "CSV 表格"},
	"kind.tsv":  {"TSV", "TSV 表格"},
	"kind.xlsx": {"XLSX", "Excel 表格"},
	"kind.raw":  {"raw text", "题库文本"},
	"kind.docx": {"Word document", "文字文档"},
	"kind.pdf":  {"PDF text", "便携式文档"},

	// Encodings.
	"enc.invalid-utf8":       {"%d invalid UTF-8 bytes (damaged text) are shown as U+FFFD, on lines %s", "%d 个无效的 UTF-8 字节（原文损坏）显示为 U+FFFD，位于第 %s 行"},
	"enc.invalid-utf8-lines": {"invalid UTF-8 bytes (damaged text) are shown as U+FFFD, on lines %s", "无效的 UTF-8 字节（原文损坏）显示为 U+FFFD，位于第 %s 行"},
	"enc.mixed":              {"the file mixes encodings: lines %s are GB18030/GBK, lines %s UTF-8; each line was read in its own", "文件混用了编码：第 %s 行是 GB18030/GBK，第 %s 行是 UTF-8；每行按各自的编码读取"},

	// Skipped items.
	"skip.no-options":         {"choice question without options (cut off by the source?)", "选择题没有选项（原文被截断？）"},
	"skip.options-no-stem":    {"options without a question (cut off by the source?)", "只有选项没有题干（原文被截断？）"},
	"skip.one-option":         {"choice question with a single option (cut off by the source?)", "选择题只有一个选项（原文被截断？）"},
	"skip.mark-no-statement":  {"true/false mark without a statement", "判断符号前没有题目"},
	"skip.answer-no-question": {"answer without a question", "只有答案没有题目"},
	"skip.parts-no-material":  {"sub-questions without case material", "小题前没有案例材料"},
	"skip.no-stem":            {"no 题干 (stem)", "没有题干"},
	"skip.shared-unused":      {"shared options or case text that no question after it uses", "共用的选项或题干后面没有题目使用"},
	"skip.repeated-option":    {"option %s appears twice", "选项 %s 出现了两次"},
	"skip.empty-last-option":  {"its last option %s is empty", "最后一个选项 %s 是空的"},
	"skip.option-letters":     {"options are lettered %s, not A, B, C … in order", "选项字母是 %s，不是按 A、B、C…… 的顺序"},

	// Noted problems.
	"answer.not-letters":    {"answer %q is not option letters; left out", "答案 %q 不是选项字母，未采用"},
	"answer.no-such-option": {"answer %s names an option the question does not have", "答案 %s 指向不存在的选项"},
	"answer.not-tf":         {"answer %q is not 对/错; left out", "答案 %q 不是对/错，未采用"},
	"fill.blank-count":      {"%d blanks in the question, %d in the answer", "题目有 %d 个空，答案有 %d 个"},
	"tf.two-marks":          {"two √/× marks belong to it; answer left out", "有两个对错符号，答案未采用"},
	"garbled.end":           {"ends in garbled text (mojibake) in the source", "原文结尾是乱码"},
	"garbled.number":        {"its number is garbled in the source (mojibake \"?\"); the text before it may be damaged too", "原文中题号是乱码，前面的文字可能也有损坏"},
	"num.absorbed":          {"line %d, taken into this question, looks like question %d (numbering out of order?)", "第 %d 行被并入本题，但它看起来像第 %d 题（题号不连续？）"},
	"table.type-unknown":    {"题型 %q unknown; type guessed", "题型 %q 无法识别，已推断题型"},
	"table.cell-no-header":  {"row %d: cell %d has no column header; ignored", "第 %d 行：第 %d 列没有表头，已忽略"},
	"table.bad-id":          {"row %d: 编号 %q is not a usable ID (letters, digits, . - _; unique); a new one is derived", "第 %d 行：编号 %q 不可用，已另行生成"},

	// Answer keys.
	"key.given":       {"answer key (line %d): %d answers given to the questions above", "答案部分（第 %d 行）：为前面的题目填入 %d 个答案"},
	"key.range":       {"answer key line %d: range %d-%d not understood", "答案部分第 %d 行：无法理解题号范围 %d-%d"},
	"key.count":       {"answer key line %d: %d-%d %q does not give %d answers", "答案部分第 %d 行：%d-%d %q 不是 %d 个答案"},
	"key.no-question": {"answer key line %d: no question %d without an answer for %q", "答案部分第 %d 行：找不到尚无答案的第 %d 题来填入 %q"},
	"key.table-count": {"answer key line %d: the table names %d questions but gives %d answers", "答案部分第 %d 行：表格列出 %d 道题，却给出 %d 个答案"},
	"key.no-section":  {"answer key line %d: heading %q matches no section of questions", "答案部分第 %d 行：标题 %q 找不到对应的题目部分"},

	// Whole sections.
	"implicit.answers":     {"%d answers had no 答案 marker: the lines under each question were taken as its answer, up to the next question or heading (check where each ends)", "%d 道题没有“答案”标记：题目下面的各行被当作答案，直到下一题或下一个标题（请核对答案在哪里结束）"},
	"tf.undecided":         {"section %q (line %d): %d √/× marks stand between the statements, and the layout does not show whether each belongs to the statement before or after it; those answers are left out (the statements are kept, self-graded). Import again with the true/false marks set to \"before\" or \"after\" to assign them.", "第 %[2]d 行的部分 %[1]q：%[3]d 个对错符号夹在两道判断题之间，版式看不出它属于前一题还是后一题；这些答案未采用（题目保留，自评）。可以指定判断符号属于前一题（after）或后一题（before）后重新导入。"},
	"tf.mark-no-statement": {"line %d: √/× mark with no statement", "第 %d 行：对错符号没有对应的题目"},
}
