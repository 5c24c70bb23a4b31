package bank

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// jsonQuestion is one line of `shuati bank export --format jsonl`
// (PRODUCT.md section 4). Field order is the contract's.
type jsonQuestion struct {
	Bank        string       `json:"bank"`
	ID          string       `json:"id"`
	Type        Type         `json:"type"`
	Section     string       `json:"section"`
	Source      string       `json:"source"`
	Stem        string       `json:"stem"`
	Options     []jsonOption `json:"options"`
	Answer      any          `json:"answer"`
	Explanation string       `json:"explanation"`
	Tags        []string     `json:"tags"`
	Parts       []jsonPart   `json:"parts,omitempty"`
}

type jsonOption struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

type jsonPart struct {
	Stem   string `json:"stem"`
	Answer any    `json:"answer"`
}

// JSONAnswer is a question's answer as the JSONL export types it: "D" or
// "ABD" for choices, true/false, a list of strings for fill (one per blank,
// alternatives joined with "|"), a string for the other types, nil when the
// source gives none.
func JSONAnswer(q *Question) any {
	a := q.Answer
	if a == nil {
		return nil
	}
	switch q.Type {
	case Single, Multiple:
		return a.Choices
	case TrueFalse:
		return a.True
	case Fill:
		out := make([]string, len(a.Blanks))
		for i, alts := range a.Blanks {
			out[i] = strings.Join(alts, "|")
		}
		return out
	}
	return a.Text
}

// WriteJSONL writes every question of the banks, one JSON object a line.
func WriteJSONL(w io.Writer, banks ...*Bank) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, b := range banks {
		for _, q := range b.Questions {
			j := jsonQuestion{
				Bank:        q.Bank,
				ID:          q.ID,
				Type:        q.Type,
				Section:     q.Section,
				Source:      q.Source,
				Stem:        q.Stem,
				Options:     make([]jsonOption, len(q.Options)),
				Answer:      JSONAnswer(q),
				Explanation: q.Explanation,
				Tags:        q.Tags,
			}
			if j.Tags == nil {
				j.Tags = []string{}
			}
			for i, o := range q.Options {
				j.Options[i] = jsonOption(o)
			}
			if q.Type == Case {
				j.Parts = make([]jsonPart, len(q.Parts))
				for i, p := range q.Parts {
					j.Parts[i].Stem = p.Stem
					if p.Answer != nil {
						j.Parts[i].Answer = p.Answer.Text
					}
				}
			}
			if err := enc.Encode(j); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// WriteBankFormat writes b in the bank text format (README.md, "The bank
// format"): a readable printed 题库 that Parse reads back to the same bank.
// A question gets a heading whenever its section changes; a question whose
// type differs from its heading's carries it as [ID TYPE].
func WriteBankFormat(w io.Writer, b *Bank) error {
	bw := bufio.NewWriter(w)
	if b.Title != "" {
		bw.WriteString("# " + b.Title + "\n")
	}
	bw.WriteString("bank: " + b.Name + "\n")
	if b.Source != "" {
		bw.WriteString("source: " + b.Source + "\n")
	}
	section, secType, started := "", Type(""), false
	for _, q := range b.Questions {
		if !started && q.Section != "" || started && q.Section != section {
			section, secType = q.Section, q.Type
			bw.WriteString("\n## ")
			if section != "" {
				bw.WriteString(section + " ")
			}
			bw.WriteString("{" + string(secType) + "}\n")
		}
		started = true
		bw.WriteString("\n[" + q.ID)
		if q.Type != secType {
			bw.WriteString(" " + string(q.Type))
		}
		bw.WriteString("]")
		writeText(bw, " ", q.Stem)
		for _, o := range q.Options {
			writeText(bw, o.Key+". ", o.Text)
		}
		if q.Answer != nil {
			writeText(bw, "答案：", AnswerText(q))
		}
		if q.Explanation != "" {
			writeText(bw, "解析：", q.Explanation)
		}
		if len(q.Tags) > 0 {
			writeText(bw, "标签：", strings.Join(q.Tags, ", "))
		}
		if q.Note != "" {
			writeText(bw, "注：", q.Note)
		}
		for _, p := range q.Parts {
			writeText(bw, "问：", p.Stem)
			if p.Answer != nil {
				writeText(bw, "答：", p.Answer.Text)
			}
		}
	}
	return bw.Flush()
}

// AnswerText is q's answer in the bank format's notation, as a person
// reads it too: "ABD", 对/错, blanks separated by "；" with alternatives
// joined by "|", or the text; "" when the source gives none.
func AnswerText(q *Question) string {
	a := q.Answer
	if a == nil {
		return ""
	}
	switch q.Type {
	case Single, Multiple:
		return a.Choices
	case TrueFalse:
		if a.True {
			return "对"
		}
		return "错"
	case Fill:
		blanks := make([]string, len(a.Blanks))
		for i, alts := range a.Blanks {
			blanks[i] = strings.Join(alts, "|")
		}
		return strings.Join(blanks, "；")
	}
	return a.Text
}

// writeText writes a marker and a (possibly multi-line) text. The first line
// goes after the marker unless it would lose its leading space; every other
// line that Parse could take for a marker, or that starts with a space or \,
// is escaped with \.
func writeText(w *bufio.Writer, marker, text string) {
	// For the question line, the marker is " " after "[ID]"; for a field,
	// "答案：" and the like.
	lines := strings.Split(text, "\n")
	first := lines[0]
	// A multi-line field starts on the line after its marker, as a printed
	// 题库 sets a long answer; a stem or an option goes on after its marker.
	block := len(lines) > 1 && marker != " " && !isOptionMarker(marker)
	if first != "" && !startsWithSpace(first) && !block {
		if marker == " " {
			w.WriteString(" " + first + "\n")
		} else {
			w.WriteString(marker + first + "\n")
		}
		lines = lines[1:]
	} else {
		if marker == " " {
			w.WriteString("\n")
		} else {
			w.WriteString(strings.TrimRight(marker, " ") + "\n")
		}
		if text == "" {
			return
		}
	}
	for _, l := range lines {
		if l != "" && needsEscape(l) {
			w.WriteByte('\\')
		}
		w.WriteString(l + "\n")
	}
}

func isOptionMarker(m string) bool { return len(m) == 3 && m[1] == '.' }

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// needsEscape reports whether a text line could be read as something other
// than text: a heading, a question, an option, a field, or one that starts
// with \ or a space.
func needsEscape(l string) bool {
	switch l[0] {
	case '\\', '#', '[':
		return true
	}
	if startsWithSpace(l) {
		return true
	}
	if _, _, ok := cutOption(l); ok {
		return true
	}
	for _, k := range []string{keyAnswer, keyExplanation, keyTags, keyNote, keyPartStem, keyPartAnswer, "bank", "source"} {
		if _, ok := cutKey(l, k); ok {
			return true
		}
	}
	return false
}
