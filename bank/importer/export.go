package importer

import (
	"bufio"
	"encoding/csv"
	"html"
	"io"
	"reflect"
	"strings"

	"github.com/shuati/shuati/bank"
)

// csvHeader is the template WriteCSV writes: the exam-app columns, then 编号
// (the question's ID), 标签 (its tags) and 备注 (the editor's note), so a
// round trip is lossless.
var csvHeader = []string{"题干", "题型", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H", "选项I", "选项J", "正确答案", "解析", "章节", "编号", "标签", "备注"}

// csvTypeNames are the 题型 cells WriteCSV writes; Import reads them back.
var csvTypeNames = map[bank.Type]string{
	bank.Single: "单选题", bank.Multiple: "多选题", bank.TrueFalse: "判断题", bank.Fill: "填空题",
	bank.Short: "简答题", bank.Essay: "论述题", bank.Definition: "名词解释", bank.Case: "案例分析", bank.Card: "知识卡",
}

// WriteCSV writes the banks' questions in the exam-app template (UTF-8 with a
// byte-order mark, so spreadsheet programs read the Chinese right; CRLF line
// ends as RFC 4180 has them). Answers: letters for choices, 对/错, blanks
// joined by "；" with alternatives by "|", text otherwise. A case's
// sub-questions follow its material in the 题干 cell as "问：…" / "答：…"
// lines. Importing the file gives the same questions back.
func WriteCSV(w io.Writer, banks ...*bank.Bank) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, b := range banks {
		for _, q := range b.Questions {
			row := make([]string, len(csvHeader))
			row[colStem] = q.Stem
			if q.Type == bank.Case {
				row[colStem] = caseText(q)
			}
			row[colType] = csvTypeNames[q.Type]
			for _, o := range q.Options {
				if k := int(o.Key[0] - 'A'); len(o.Key) == 1 && k >= 0 && k < nOptCols {
					row[colOptA+k] = o.Text
				}
			}
			row[colAnswer] = csvAnswerText(q)
			row[colExpl] = q.Explanation
			row[colSection] = q.Section
			row[colID] = q.ID
			row[colTags] = strings.Join(q.Tags, ", ")
			row[colNote] = q.Note
			for i, c := range row {
				row[i] = neutralize(c)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// neutralize keeps a spreadsheet from reading a cell as a formula (CSV
// injection, OWASP's rule): a cell that starts with = + - @, a tab or a
// carriage return gets a leading apostrophe. So does one that starts with
// an apostrophe, so that unneutralize, which takes one off again, gives
// every cell back as it was.
func neutralize(c string) string {
	if c != "" && strings.IndexByte("=+-@\t\r'", c[0]) >= 0 {
		return "'" + c
	}
	return c
}

// unneutralize undoes neutralize on a cell read from CSV or TSV: an
// apostrophe before = + - @, a tab, a carriage return or another
// apostrophe is taken off. Other cells that start with an apostrophe are
// left as they are ('Tis).
func unneutralize(c string) string {
	if len(c) >= 2 && c[0] == '\'' && strings.IndexByte("=+-@\t\r'", c[1]) >= 0 {
		return c[1:]
	}
	return c
}

// csvAnswerText is answerText for the 正确答案 cell. A fill answer whose
// blanks the import would split otherwise (fewer answers than blanks in the
// stem, one holding 、 or a space) ends in "；": with a ； in it, the
// import splits at ； only.
func csvAnswerText(q *bank.Question) string {
	s := answerText(q)
	if q.Type == bank.Fill && q.Answer != nil && !reflect.DeepEqual(fillBlanks(s, bank.CountBlanks(q.Stem)), q.Answer.Blanks) {
		s += "；"
	}
	return s
}

// heldProblem is why a question read from the bank format cannot be held
// by every format the bank is exported to (the CSV template has one column
// per option letter and needs a stem): options that are not lettered A, B,
// C … in order, or no stem. Import leaves such a question out, with this
// reason, instead of storing what an export would change.
func heldProblem(q *bank.Question) (Note, bool) {
	if trimSpace(q.Stem) == "" {
		return note("skip.no-stem", q.Line), true
	}
	if n := len(q.Options); n > 0 && trimSpace(q.Options[n-1].Text) == "" {
		return note("skip.empty-last-option", q.Line, q.Options[n-1].Key), true
	}
	seen := map[string]bool{}
	for i, o := range q.Options {
		if seen[o.Key] {
			return note("skip.repeated-option", q.Line, o.Key), true
		}
		seen[o.Key] = true
		if o.Key != string(rune('A'+i)) || i >= nOptCols {
			keys := make([]string, len(q.Options))
			for k, o := range q.Options {
				keys[k] = o.Key
			}
			return note("skip.option-letters", q.Line, strings.Join(keys, " ")), true
		}
	}
	return Note{}, false
}

// caseText is a case's material followed by its sub-questions.
// A line of the material or of a sub-question that itself starts with
// 问：/答： (or with a backslash) is written with a leading backslash, which
// the import strips, as in the bank format.
func caseText(q *bank.Question) string {
	var b strings.Builder
	b.WriteString(escapeCaseLines(q.Stem))
	for _, p := range q.Parts {
		b.WriteString("\n问：" + escapeCaseLines(p.Stem))
		if p.Answer != nil {
			b.WriteString("\n答：" + escapeCaseLines(p.Answer.Text))
		}
	}
	return b.String()
}

func escapeCaseLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if caseMarkerLine(l) {
			lines[i] = "\\" + l
		}
	}
	return strings.Join(lines, "\n")
}

func caseMarkerLine(l string) bool {
	for _, p := range []string{"问：", "问:", "答：", "答:", "\\"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// answerText is the answer in the template's notation ("" for none); a
// case's answers are in its parts.
func answerText(q *bank.Question) string {
	if q.Type == bank.Case {
		return ""
	}
	return bank.AnswerText(q)
}

// WriteAnki writes the banks as a tab-separated file Anki imports as notes
// of the Basic type (File → Import): a header
//
//	#separator:tab
//	#html:true
//	#tags column:3
//
// then one note a line: the front (stem, and the options as a list, or a
// case's sub-questions), the back (the answer — for choices the letters and
// the options' text — then the explanation), and the tags: the bank, the
// section and the type (spaces become "_", as Anki tags cannot hold them).
// Text is HTML-escaped and line breaks become <br>.
func WriteAnki(w io.Writer, banks ...*bank.Bank) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("#separator:tab\n#html:true\n#tags column:3\n")
	for _, b := range banks {
		for _, q := range b.Questions {
			bw.WriteString(ankiFront(q))
			bw.WriteByte('\t')
			bw.WriteString(ankiBack(q))
			bw.WriteByte('\t')
			bw.WriteString(ankiTags(b, q))
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}

// ankiHTML escapes text for a field: HTML special characters, tabs, and line
// breaks as <br>.
func ankiHTML(s string) string {
	s = html.EscapeString(bank.Sanitize(s))
	s = strings.ReplaceAll(s, "\t", " ")
	s = strings.ReplaceAll(s, "\r", "")
	return strings.ReplaceAll(s, "\n", "<br>")
}

func ankiFront(q *bank.Question) string {
	var b strings.Builder
	b.WriteString(ankiHTML(q.Stem))
	if len(q.Options) > 0 {
		b.WriteString("<br><ol type=\"A\" style=\"list-style-type:none;padding-left:0\">")
		for _, o := range q.Options {
			b.WriteString("<li>" + ankiHTML(o.Key) + ". " + ankiHTML(o.Text) + "</li>")
		}
		b.WriteString("</ol>")
	}
	if q.Type == bank.Multiple {
		b.WriteString("<br>（多选）")
	}
	if q.Type == bank.TrueFalse {
		b.WriteString("<br>（判断：对 / 错）")
	}
	for _, p := range q.Parts {
		b.WriteString("<br>问：" + ankiHTML(p.Stem))
	}
	return b.String()
}

func ankiBack(q *bank.Question) string {
	var b strings.Builder
	switch {
	case q.Type == bank.Case:
		for i, p := range q.Parts {
			if i > 0 {
				b.WriteString("<br>")
			}
			b.WriteString("问：" + ankiHTML(p.Stem) + "<br>答：")
			if p.Answer != nil {
				b.WriteString(ankiHTML(p.Answer.Text))
			} else {
				b.WriteString("（无参考答案）")
			}
		}
	case q.Answer == nil:
		b.WriteString("（无参考答案）")
	case q.Type == bank.Single || q.Type == bank.Multiple:
		b.WriteString("答案：" + ankiHTML(q.Answer.Choices))
		for _, l := range q.Answer.Choices {
			for _, o := range q.Options {
				if o.Key == string(l) {
					b.WriteString("<br>" + ankiHTML(o.Key) + ". " + ankiHTML(o.Text))
				}
			}
		}
	default:
		b.WriteString("答案：" + ankiHTML(answerText(q)))
	}
	if q.Explanation != "" {
		b.WriteString("<hr>解析：" + ankiHTML(q.Explanation))
	}
	return b.String()
}

func ankiTags(b *bank.Bank, q *bank.Question) string {
	tag := func(s string) string {
		s = bank.Sanitize(s)
		s = strings.Join(strings.Fields(s), "_")
		return strings.ReplaceAll(s, "\u3000", "_")
	}
	name := q.Bank
	if name == "" {
		name = b.Name
	}
	tags := []string{tag(name)}
	if q.Section != "" {
		tags = append(tags, tag(q.Section))
	}
	tags = append(tags, string(q.Type))
	return strings.Join(tags, " ")
}

// Formats WriteFormat knows, for `shuati bank export --format F`.
var Formats = []string{"jsonl", "md", "csv", "anki"}

// WriteFormat writes banks in one of Formats: jsonl (bank.WriteJSONL), md
// (the bank text format, bank.WriteBankFormat, banks one after another),
// csv (WriteCSV) or anki (WriteAnki).
func WriteFormat(w io.Writer, format string, banks ...*bank.Bank) error {
	switch format {
	case "jsonl":
		return bank.WriteJSONL(w, banks...)
	case "md":
		for i, b := range banks {
			if i > 0 {
				if _, err := io.WriteString(w, "\n"); err != nil {
					return err
				}
			}
			if err := bank.WriteBankFormat(w, b); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		return WriteCSV(w, banks...)
	case "anki":
		return WriteAnki(w, banks...)
	}
	return fail("file.format-unknown", format)
}
