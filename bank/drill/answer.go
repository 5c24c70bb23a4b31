package drill

import (
	"fmt"
	"strings"

	"github.com/shuati/shuati/bank"
)

// AnswerText is q's answer as text: bank.AnswerText (option letters,
// 对/错, blanks separated by "；" with alternatives joined by "|", or the
// reference text), and for a case its parts' answers, one a line,
// numbered "(1) "; "" when the source gives none.
func AnswerText(q *bank.Question) string {
	var lines []string
	if a := bank.AnswerText(q); a != "" {
		lines = append(lines, a)
	}
	for i, p := range q.Parts {
		if p.Answer != nil && p.Answer.Text != "" {
			lines = append(lines, fmt.Sprintf("(%d) %s", i+1, p.Answer.Text))
		}
	}
	return strings.Join(lines, "\n")
}
