package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shuati/shuati/bank"
)

// Columns of the exam-app template (CSV, TSV, XLSX). Import reads the header
// names in Chinese or English (case, spaces, "_", "-" and "*" ignored);
// WriteCSV writes the Chinese ones, plus 编号, 标签 and 备注 so a round trip
// keeps IDs, tags and the editor's notes.
const (
	colStem    = 0
	colType    = 1
	colOptA    = 2 // … colOptA+9 = 选项J
	colAnswer  = 12
	colExpl    = 13
	colSection = 14
	colID      = 15
	colTags    = 16
	colNote    = 17
	colLevel   = 18 // 难度: kept as a tag "难度:…"
	ncols      = 19
	nOptCols   = 10
)

var headerNames = map[string]int{
	"题干": colStem, "题目": colStem, "试题": colStem, "题目内容": colStem, "试题内容": colStem, "问题": colStem,
	"stem": colStem, "question": colStem,
	"题型": colType, "试题类型": colType, "题目类型": colType, "类型": colType, "type": colType,
	"正确答案": colAnswer, "答案": colAnswer, "参考答案": colAnswer, "标准答案": colAnswer, "answer": colAnswer,
	"解析": colExpl, "答案解析": colExpl, "试题解析": colExpl, "题目解析": colExpl, "explanation": colExpl, "analysis": colExpl,
	"章节": colSection, "分类": colSection, "题目分类": colSection, "section": colSection, "chapter": colSection, "category": colSection,
	"编号": colID, "id": colID,
	"标签": colTags, "tags": colTags, "tag": colTags, "知识点": colTags,
	"备注": colNote, "注": colNote, "note": colNote,
	"难度": colLevel, "难易度": colLevel, "difficulty": colLevel,
}

func init() {
	for i := 0; i < nOptCols; i++ {
		l := string(rune('a' + i))
		for _, n := range []string{"选项" + l, "option" + l, "choice" + l, l} {
			headerNames[n] = colOptA + i
		}
		// 磨题帮 numbers its options: 选择项1 … 选择项5.
		headerNames[fmt.Sprintf("选择项%d", i+1)] = colOptA + i
		headerNames[fmt.Sprintf("选项%d", i+1)] = colOptA + i
	}
}

func headerKey(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	s = strings.ToLower(s)
	r := strings.NewReplacer(" ", "", "_", "", "-", "", "*", "", "＊", "", "\u3000", "", "（必填）", "", "(必填)", "")
	s = r.Replace(s)
	// 选项Ａ (full-width letter)
	var b strings.Builder
	for _, c := range s {
		if c >= 'ａ' && c <= 'ｊ' {
			c = c - 'ａ' + 'a'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// headerMatches counts the cells of a row that are template column names.
func headerMatches(row []string) int {
	n := 0
	seen := map[int]bool{}
	for _, c := range row {
		if col, ok := headerNames[headerKey(c)]; ok && !seen[col] {
			seen[col] = true
			n++
		}
	}
	if !seen[colStem] {
		return 0
	}
	return n
}

func splitSimple(s string, sep byte) []string { return strings.Split(s, string(sep)) }

// readTable reads CSV (sep ',') or TSV (sep '\t').
func readTable(name, text string, sep rune, rep *Report) (*bank.Bank, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		for i, c := range rec {
			rec[i] = unneutralize(c)
		}
		rows = append(rows, rec)
	}
	return tableBank(name, rows, rep)
}

// tableBank turns template rows (the first non-empty one the header) into a
// bank. Row numbers in the report count from 1 at the header.
func tableBank(name string, rows [][]string, rep *Report) (*bank.Bank, error) {
	hdr := -1
	for i, row := range rows {
		if !emptyRow(row) {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		return nil, fail("table.empty")
	}
	cols := make([]int, len(rows[hdr]))
	found := map[int]bool{}
	for i, c := range rows[hdr] {
		cols[i] = -1
		if col, ok := headerNames[headerKey(c)]; ok && !found[col] {
			cols[i] = col
			found[col] = true
		}
	}
	if !found[colStem] {
		return nil, fail("table.no-stem-column", hdr+1)
	}
	b := &bank.Bank{}
	usedIDs := map[string]bool{}
	for i := hdr + 1; i < len(rows); i++ {
		row := rows[i]
		if emptyRow(row) {
			continue
		}
		var cell [ncols]string
		for j, v := range row {
			if j < len(cols) && cols[j] >= 0 {
				cell[cols[j]] = strings.TrimSpace(bank.Sanitize(v))
			} else if strings.TrimSpace(v) != "" && j >= len(cols) {
				rep.Notes = append(rep.Notes, note("table.cell-no-header", i+1, i+1, j+1))
			}
		}
		q, reasons := tableQuestion(cell, i+1)
		if q == nil {
			rep.Skipped = append(rep.Skipped, Item{Line: i + 1, Text: excerpt(bank.Sanitize(strings.Join(row, " "))), Reasons: reasons})
			continue
		}
		if len(reasons) > 0 {
			q.Tags = withTag(q.Tags, ProblemTag)
			rep.Noted = append(rep.Noted, Item{Line: i + 1, Type: q.Type, Text: excerpt(q.Stem), Reasons: reasons})
		}
		if id := cell[colID]; id != "" {
			if validID(id) && !usedIDs[id] {
				usedIDs[id] = true
				q.ID = id
			} else {
				rep.Notes = append(rep.Notes, note("table.bad-id", i+1, i+1, id))
			}
		}
		b.Questions = append(b.Questions, q)
	}
	return b, nil
}

func emptyRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// typeByName maps 题型 cells (Chinese or English) to types.
func typeByName(s string) (bank.Type, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	if t := bank.Type(k); t.Valid() {
		return t, true
	}
	switch k {
	case "single choice", "single-choice":
		return bank.Single, true
	case "multiple choice", "multiple-choice", "multi":
		return bank.Multiple, true
	case "true/false", "true-false", "judge", "judgement", "judgment", "tf":
		return bank.TrueFalse, true
	case "blank", "fill-in", "fill in the blank":
		return bank.Fill, true
	case "short answer", "qa":
		return bank.Short, true
	}
	if t, ok := sectionType(k); ok {
		return t, true
	}
	return "", false
}

// tableQuestion builds a question from one row. A nil question means the row
// is skipped (reason says why); a non-empty reason with a question means it
// is kept with that problem noted.
func tableQuestion(cell [ncols]string, row int) (*bank.Question, []Note) {
	q := &bank.Question{Stem: cell[colStem], Section: cell[colSection], Explanation: cell[colExpl], Note: cell[colNote], Line: row}
	var problems []Note
	last := -1 // the last option with text: empty cells before it are empty options
	for i := 0; i < nOptCols; i++ {
		if cell[colOptA+i] != "" {
			last = i
		}
	}
	for i := 0; i <= last; i++ {
		q.Options = append(q.Options, bank.Option{Key: string(rune('A' + i)), Text: cell[colOptA+i]})
	}
	if t := cell[colTags]; t != "" {
		q.Tags = splitList(t)
	}
	if l := cell[colLevel]; l != "" {
		q.Tags = append(q.Tags, "难度:"+l)
	}
	ans := cell[colAnswer]
	typ, ok := typeByName(cell[colType])
	if !ok {
		if cell[colType] != "" {
			problems = append(problems, note("table.type-unknown", row, cell[colType]))
		}
		typ = guessType(q, ans)
	}
	q.Type = typ
	if q.Type == bank.Case {
		q.Stem, q.Parts = splitCaseParts(q.Stem)
		if ans != "" && len(q.Parts) == 0 {
			q.Parts = []bank.Part{{Answer: &bank.Answer{Text: ans}}}
		}
		ans = ""
	}
	if q.Stem == "" {
		return nil, []Note{note("skip.no-stem", row)}
	}
	if q.Type == bank.TrueFalse && tfOptions(q.Options) {
		// 选项A 正确 / 选项B 错误 and the answer "A": the letter names the
		// verdict, and the two options are only the template's way to say so.
		if v, ok := bank.ParseChoices(ans); ok && len(v) == 1 {
			for _, o := range q.Options {
				if o.Key == v {
					ans = o.Text
				}
			}
			q.Options = nil
		}
	}
	if ans != "" {
		a, problem := parseAnswer(q, ans)
		if problem.Code != "" {
			problem.Line = row
			problems = append(problems, problem)
		}
		q.Answer = a
	}
	if q.Type == bank.Single && q.Answer != nil && len(q.Answer.Choices) > 1 {
		q.Type = bank.Multiple
	}
	return q, problems
}

func guessType(q *bank.Question, ans string) bank.Type {
	if len(q.Options) > 0 {
		if tfOptions(q.Options) {
			return bank.TrueFalse
		}
		if c, ok := bank.ParseChoices(ans); ok && len(c) > 1 {
			return bank.Multiple
		}
		return bank.Single
	}
	if _, ok := tfWord(ans); ok {
		return bank.TrueFalse
	}
	if bank.CountBlanks(q.Stem) > 0 && ans != "" && !strings.Contains(ans, "\n") {
		return bank.Fill
	}
	return bank.Short
}

// tfOptions reports options that are just 正确/错误 (or 对/错, √/×).
func tfOptions(opts []bank.Option) bool {
	if len(opts) != 2 {
		return false
	}
	_, ok1 := tfWord(opts[0].Text)
	_, ok2 := tfWord(opts[1].Text)
	return ok1 && ok2
}

// parseAnswer reads an answer cell for q's type. A non-empty problem means
// the answer could not be read as given (nil answer) or does not fit.
func parseAnswer(q *bank.Question, s string) (*bank.Answer, Note) {
	s = strings.TrimSpace(s)
	switch q.Type {
	case bank.Single, bank.Multiple:
		c, ok := bank.ParseChoices(s)
		if !ok {
			return nil, note("answer.not-letters", 0, excerpt(s))
		}
		if len(q.Options) > 0 {
			for _, l := range c {
				if int(l-'A') >= len(q.Options) || q.Options[l-'A'].Key != string(l) {
					return &bank.Answer{Choices: c}, note("answer.no-such-option", 0, c)
				}
			}
		}
		return &bank.Answer{Choices: c}, Note{}
	case bank.TrueFalse:
		if v, ok := tfWord(s); ok {
			return &bank.Answer{True: v}, Note{}
		}
		switch strings.ToUpper(s) {
		case "A":
			return &bank.Answer{True: true}, Note{}
		case "B":
			return &bank.Answer{True: false}, Note{}
		}
		return nil, note("answer.not-tf", 0, excerpt(s))
	case bank.Fill:
		return &bank.Answer{Blanks: fillBlanks(s, bank.CountBlanks(q.Stem))}, Note{}
	}
	return &bank.Answer{Text: s}, Note{}
}

// tfWord reads a true/false verdict in any notation.
func tfWord(s string) (bool, bool) {
	s = trimSpace(s)
	s = strings.Trim(s, "()（）[]【】 \u3000。.")
	switch s {
	case "对", "對", "√", "✓", "✔", "正确", "正確", "是":
		return true, true
	case "错", "錯", "×", "✗", "✘", "错误", "錯誤", "否":
		return false, true
	}
	if len(s) > len("false") || !isASCII(s) {
		// The English words are ASCII (no rune outside ASCII lower-cases
		// to one of them).
		return false, false
	}
	switch strings.ToLower(s) {
	case "true", "t", "y", "yes", "v":
		return true, true
	case "x", "false", "f", "n", "no":
		return false, true
	}
	return false, false
}

// fillBlanks splits a fill answer into blanks: by ；/; first; when the stem
// has more blanks than that gives (and the answer does not end in ；), by
// 、，, or spaces; alternatives by |.
func fillBlanks(s string, blanks int) [][]string {
	split := func(seps string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
	}
	parts := split(";；")
	// An answer that ends in ；is split at ； only (WriteCSV writes so an
	// answer that would be split otherwise).
	explicit := strings.HasSuffix(strings.TrimSpace(s), "；") || strings.HasSuffix(strings.TrimSpace(s), ";")
	if blanks > 1 && len(parts) < blanks && !explicit {
		for _, seps := range []string{";；、，,", ";；、，, \u3000"} {
			if p := split(seps); len(p) == blanks {
				parts = p
				break
			}
		}
	}
	var out [][]string
	for _, p := range parts {
		var alts []string
		for _, a := range strings.FieldsFunc(p, func(r rune) bool { return r == '|' || r == '｜' }) {
			if a = strings.TrimSpace(a); a != "" {
				alts = append(alts, a)
			}
		}
		if len(alts) > 0 {
			out = append(out, alts)
		}
	}
	if len(out) == 0 {
		out = [][]string{{strings.TrimSpace(s)}}
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// splitCaseParts takes a case's 题干 cell apart: the material, then "问："
// lines each with an optional "答：" (the layout WriteCSV writes).
func splitCaseParts(s string) (string, []bank.Part) {
	lines := strings.Split(s, "\n")
	var material []string
	var parts []bank.Part
	var cur *bank.Part
	var field *[]string
	var stem, ans []string
	flush := func() {
		if cur == nil {
			return
		}
		cur.Stem = strings.Join(stem, "\n")
		if ans != nil {
			cur.Answer = &bank.Answer{Text: strings.Join(ans, "\n")}
		}
		parts = append(parts, *cur)
		cur, stem, ans = nil, nil, nil
	}
	field = &material
	for _, l := range lines {
		if strings.HasPrefix(l, "\\") { // a literal line (WriteCSV escapes)
			*field = append(*field, l[1:])
			continue
		}
		if v, ok := cutPrefixes(l, "问：", "问:"); ok {
			flush()
			cur = &bank.Part{}
			stem = []string{strings.TrimPrefix(v, "\\")}
			field = &stem
			continue
		}
		if v, ok := cutPrefixes(l, "答：", "答:"); ok && cur != nil && ans == nil {
			ans = []string{strings.TrimPrefix(v, "\\")}
			field = &ans
			continue
		}
		*field = append(*field, l)
	}
	flush()
	return strings.TrimSpace(strings.Join(material, "\n")), parts
}

func cutPrefixes(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return strings.TrimSpace(s[len(p):]), true
		}
	}
	return "", false
}
