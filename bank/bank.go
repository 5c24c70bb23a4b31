// Package bank holds the question-bank model and the parser of the bank
// text format (see README.md, "The bank format").
package bank

// Type is a question type. The string values are part of the CLI contract
// (the "type" field of `shuati bank export --format jsonl`).
type Type string

const (
	Single     Type = "single"     // 单项选择
	Multiple   Type = "multiple"   // 多项选择
	TrueFalse  Type = "truefalse"  // 判断
	Fill       Type = "fill"       // 填空
	Short      Type = "short"      // 简答
	Essay      Type = "essay"      // 论述
	Definition Type = "definition" // 名词解释
	Case       Type = "case"       // 案例分析 / 情景分析: material plus sub-questions
	Card       Type = "card"       // knowledge card (study notes, slides)
)

// Types lists every type in the order screens and reports show them.
var Types = []Type{Single, Multiple, TrueFalse, Fill, Short, Essay, Definition, Case, Card}

// Valid reports whether t is one of Types.
func (t Type) Valid() bool {
	for _, k := range Types {
		if k == t {
			return true
		}
	}
	return false
}

// Objective reports whether answers of this type are graded by the program
// (as opposed to self-graded against a reference answer).
func (t Type) Objective() bool {
	switch t {
	case Single, Multiple, TrueFalse, Fill:
		return true
	}
	return false
}

// Option is one lettered choice of a single or multiple choice question.
type Option struct {
	Key  string // "A" … "J"
	Text string
}

// Answer is a question's answer as the source gives it. A question whose
// source gives no answer has a nil *Answer.
type Answer struct {
	Choices string     // single, multiple: option letters, sorted ("D", "ABD")
	True    bool       // truefalse
	Blanks  [][]string // fill: one entry per blank, each the accepted alternatives
	Text    string     // short, essay, definition, card: the reference answer
}

// Part is one sub-question of a case.
type Part struct {
	Stem   string
	Answer *Answer // Text only; nil when the source gives none
}

// Question is one item of a bank.
type Question struct {
	Bank        string // bank name, e.g. "kefu-2025"
	ID          string // stable, unique within its bank; never derived from content
	Type        Type
	Section     string // the section heading it stands under, e.g. "一、单项选择题"
	Source      string // the source document, from the file header
	Stem        string // for a case: the material
	Options     []Option
	Answer      *Answer
	Explanation string
	Tags        []string
	Note        string // the bank editor's note: why a key looks wrong, what the source lost
	Parts       []Part // case only
	Line        int    // line of the question's first line in its file
}

// LostOptions reports whether q is a choice question without options (the
// source lost them; the bank keeps it only without an answer): it can be
// read and self-rated, not answered.
func (q *Question) LostOptions() bool {
	return (q.Type == Single || q.Type == Multiple) && len(q.Options) == 0
}

// Key is the question's identity across banks: "bank/id". The store keys
// all learner state by it.
func (q *Question) Key() string { return q.Bank + "/" + q.ID }

// Bank is one parsed bank file.
type Bank struct {
	Name      string // from the header line "bank: NAME"
	Title     string // from the "# " title line
	Source    string // from the header line "source: …"
	File      string // the file it was read from
	Questions []*Question
}
