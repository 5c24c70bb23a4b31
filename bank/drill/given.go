package drill

import (
	"strings"

	"github.com/shuati/shuati/bank"
)

// TF is a true/false answer, or none.
type TF uint8

const (
	NoTF  TF = iota // not answered
	True            // 对
	False           // 错
)

// TFOf is the TF of v.
func TFOf(v bool) TF {
	if v {
		return True
	}
	return False
}

// Given is the answer a learner gave to one question; the field of its
// Kind holds it.
type Given struct {
	Kind    Kind
	Choices string   // Single, Multiple: the bank's option letters, sorted ("ABD")
	TF      TF       // TrueFalse
	Blanks  []string // Fill: the text of each blank, as typed
	Text    string   // SelfGraded: the typed answer
}

// The log's words for a true/false answer.
const (
	encTrue  = "true"
	encFalse = "false"
)

// blankSep separates the blanks of a fill-in answer in the log.
const blankSep = "；"

// Encode is the answer as the review log and the exam record keep it:
// the option letters ("ABD"); "true" or "false" ("" unanswered); each
// blank trimmed, joined by "；"; the typed text trimmed. Databases hold
// this form, so it must not change.
func (g Given) Encode() string {
	switch g.Kind {
	case Single, Multiple:
		return g.Choices
	case TrueFalse:
		switch g.TF {
		case True:
			return encTrue
		case False:
			return encFalse
		}
		return ""
	case Fill:
		vals := make([]string, len(g.Blanks))
		for i, b := range g.Blanks {
			vals[i] = strings.TrimSpace(b)
		}
		return strings.Join(vals, blankSep)
	}
	return strings.TrimSpace(g.Text)
}

// Empty reports whether nothing was answered: no option, no true/false,
// every blank and the text blank.
func (g Given) Empty() bool {
	switch g.Kind {
	case Single, Multiple:
		return g.Choices == ""
	case TrueFalse:
		return g.TF == NoTF
	case Fill:
		for _, b := range g.Blanks {
			if strings.TrimSpace(b) != "" {
				return false
			}
		}
		return true
	}
	return strings.TrimSpace(g.Text) == ""
}

// Decode reads an answer to q back from its Encode form. A fill-in answer
// has exactly one entry per blank of q (the ones the log lacks are empty);
// letters that are not a choice answer read as none.
func Decode(q *bank.Question, s string) Given {
	g := Given{Kind: KindOf(q)}
	switch g.Kind {
	case Single, Multiple:
		g.Choices, _ = bank.ParseChoices(s)
	case TrueFalse:
		g.TF, _ = DecodeTF(s)
	case Fill:
		g.Blanks = make([]string, len(q.Answer.Blanks))
		for i, part := range strings.SplitN(s, blankSep, len(g.Blanks)+1) {
			if i < len(g.Blanks) {
				g.Blanks[i] = part
			}
		}
	default:
		g.Text = s
	}
	return g
}

// DecodeTF reads a logged true/false answer; ok is false when s is not
// one ("" or a log entry of another type).
func DecodeTF(s string) (tf TF, ok bool) {
	switch s {
	case encTrue:
		return True, true
	case encFalse:
		return False, true
	}
	return NoTF, false
}
