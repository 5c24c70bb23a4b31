package drill

import "github.com/shuati/shuati/bank"

// Kind is the input a question takes, which decides how it is answered
// and graded.
type Kind int

const (
	Single     Kind = iota // one option letter
	Multiple               // a set of option letters, graded as a whole
	TrueFalse              // true or false
	Fill                   // one text per blank
	SelfGraded             // an optional text, graded by the learner against the reference answer
)

// KindOf is the kind of input q takes. A question without an answer, a
// choice without options and a fill-in without blanks are self-graded.
func KindOf(q *bank.Question) Kind {
	if q.Answer == nil {
		return SelfGraded
	}
	switch q.Type {
	case bank.Single:
		if len(q.Options) == 0 {
			return SelfGraded
		}
		if len(q.Answer.Choices) > 1 {
			return Multiple
		}
		return Single
	case bank.Multiple:
		if len(q.Options) == 0 {
			return SelfGraded
		}
		return Multiple
	case bank.TrueFalse:
		return TrueFalse
	case bank.Fill:
		if len(q.Answer.Blanks) == 0 {
			return SelfGraded
		}
		return Fill
	}
	return SelfGraded
}

// Objective reports whether answers of the kind are graded by the program.
func (k Kind) Objective() bool { return k != SelfGraded }
