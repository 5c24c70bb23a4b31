package drill

import (
	"regexp"
	"strings"

	"github.com/shuati/shuati/bank"
)

// Verdict is the grade of an objective answer.
type Verdict struct {
	Right  bool
	Missed string // Single, Multiple: right letters not chosen, sorted
	Extra  string // Single, Multiple: chosen letters that are wrong, sorted
	Blanks []bool // Fill: whether each blank of the question is right
	// Short: a choice answer chose only right options, but not all of
	// them (少选)
	Short bool
}

// Grade grades g as an answer to q. ok is false when q is self-graded (or
// g is not of q's kind): only the learner can grade it. An empty answer is
// wrong.
func Grade(q *bank.Question, g Given) (v Verdict, ok bool) {
	k := KindOf(q)
	if k == SelfGraded || g.Kind != k {
		return Verdict{}, false
	}
	a := q.Answer
	switch k {
	case Single, Multiple:
		for _, o := range q.Options {
			right, chosen := strings.Contains(a.Choices, o.Key), strings.Contains(g.Choices, o.Key)
			switch {
			case right && !chosen:
				v.Missed += o.Key
			case chosen && !right:
				v.Extra += o.Key
			}
		}
		v.Missed, v.Extra = sortLetters(v.Missed), sortLetters(v.Extra)
		v.Right = g.Choices != "" && g.Choices == a.Choices
		v.Short = g.Choices != "" && v.Missed != "" && v.Extra == ""
	case TrueFalse:
		v.Right = g.TF != NoTF && (g.TF == True) == a.True
	case Fill:
		v.Right = true
		v.Blanks = make([]bool, len(a.Blanks))
		for i, alts := range a.Blanks {
			if i < len(g.Blanks) {
				v.Blanks[i] = MatchBlank(g.Blanks[i], alts)
			}
			v.Right = v.Right && v.Blanks[i]
		}
	}
	return v, true
}

// RightOption reports whether the option with letter key is one of q's
// right answers.
func RightOption(q *bank.Question, key string) bool {
	return q.Answer != nil && key != "" && strings.Contains(q.Answer.Choices, key)
}

// sortLetters sorts the option letters of s (A–H, one byte each).
func sortLetters(s string) string {
	var seen [256]bool
	for i := 0; i < len(s); i++ {
		seen[s[i]] = true
	}
	b := make([]byte, 0, len(s))
	for c := 0; c < len(seen); c++ {
		if seen[c] {
			b = append(b, byte(c))
		}
	}
	return string(b)
}

// bracketRE finds a bracketed addition to an answer: "客户关系管理（CRM）".
var bracketRE = regexp.MustCompile(`[（(]([^（）()]*)[）)]`)

// abbrevRE is a bracketed abbreviation that may be typed alone: CRM, B2B.
var abbrevRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9&.\-]*$`)

// MatchBlank reports whether a typed blank matches one of the accepted
// alternatives, compared after bank.Normalize. An alternative that itself
// holds "|" is split further; one with a bracketed addition is also right
// without it, and a bracketed abbreviation alone ("客户关系管理（CRM）":
// 客户关系管理, CRM). A blank that normalises to nothing never matches.
func MatchBlank(given string, alts []string) bool {
	g := bank.Normalize(given)
	if g == "" {
		return false
	}
	for _, a := range alts {
		for _, part := range strings.Split(a, "|") {
			forms := []string{part}
			if bracketRE.MatchString(part) {
				forms = append(forms, bracketRE.ReplaceAllString(part, ""))
				for _, m := range bracketRE.FindAllStringSubmatch(part, -1) {
					if abbrevRE.MatchString(strings.TrimSpace(m[1])) {
						forms = append(forms, m[1])
					}
				}
			}
			for _, f := range forms {
				if n := bank.Normalize(f); n != "" && n == g {
					return true
				}
			}
		}
	}
	return false
}

// SplitBlanks splits one typed line into n blanks, for a fill-in question
// answered on a single line: separators are "；", ";", "，", ",", "、" and
// "/". When the separators do not give exactly n parts, whitespace runs
// are tried too.
func SplitBlanks(s string, n int) []string {
	if n <= 1 {
		return []string{s}
	}
	f := func(r rune) bool { return strings.ContainsRune("；;，,、/", r) }
	parts := strings.FieldsFunc(s, f)
	if len(parts) == n {
		return parts
	}
	if ws := strings.Fields(s); len(ws) == n {
		return ws
	}
	return parts
}

// SpreadBlanks is what the blanks of a fill-in answer hold once it is
// submitted: when every blank was typed into the first ("CRM；客户关系管理")
// and the others are empty, they are spread over the blanks (trimmed);
// otherwise the blanks as typed. blanks is not changed.
func SpreadBlanks(blanks []string) []string {
	out := append([]string(nil), blanks...)
	n := len(out)
	if n < 2 {
		return out
	}
	for _, b := range out[1:] {
		if strings.TrimSpace(b) != "" {
			return out
		}
	}
	parts := SplitBlanks(out[0], n)
	if len(parts) != n {
		return out
	}
	for i, p := range parts {
		out[i] = strings.TrimSpace(p)
	}
	return out
}
