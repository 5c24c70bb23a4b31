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

// noteLines draws the notes that go with a question once it is answered
// (or, for one that cannot be answered, at once): the bank editor's note
// (注：, why a key looks wrong, what the source lost) and the learner's
// own note (笔记). Nothing when there is neither.
func noteLines(c *common, q *bank.Question, mine string, w int) []string {
	st := c.st
	var out []string
	if q.Note != "" {
		out = append(out, "", st.Label.Render(c.T("q.editor_note")))
		out = append(out, wrap(sanitize(q.Note), w)...)
	}
	if mine != "" {
		out = append(out, "", st.Label.Render(c.T("q.my_note")))
		out = append(out, wrap(sanitize(mine), w)...)
	}
	return out
}
