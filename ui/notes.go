package ui

import (
	"github.com/shuati/shuati/bank"
)

// noAnswerID is the catalog id of what a question without any answer says
// in place of the reference: a choice question whose options the source
// lost cannot be answered at all, anything else is self-graded.
func noAnswerID(q *bank.Question) string {
	if q.LostOptions() {
		return "q.lost_options"
	}
	return "q.no_answer"
}
