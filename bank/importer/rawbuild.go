package importer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
)

// closeSection settles the true/false marks that stood between statements
// of the section being left (decideMarks) and closes its open question.
func (p *rawParser) closeSection() {
	p.closeQuestion()
	sec := p.sec
	if sec == nil || len(sec.marks) == 0 {
		return
	}
	defer func() { sec.marks = nil }() // settled once
	n := len(sec.qs)
	mode := p.opts.TFMarks
	if mode == TFAuto {
		own := make([]bool, n)
		for k, q := range sec.qs {
			own[k] = q.mark != nil || q.hasAns
		}
		mode = decideMarks(sec.marks, own)
	}
	if mode == TFAuto {
		p.rep.Notes = append(p.rep.Notes, note("tf.undecided", sec.line, sec.name, sec.line, len(sec.marks)))
		return
	}
	owner := map[int][]tfMark{}
	for _, m := range sec.marks {
		k := m.after
		if mode == TFBefore {
			k++
		}
		if k < 0 || k >= n {
			p.rep.Notes = append(p.rep.Notes, note("tf.mark-no-statement", m.line, m.line))
			continue
		}
		owner[k] = append(owner[k], m)
	}
	for k, ms := range owner {
		q := sec.qs[k]
		if q.mark != nil || q.hasAns {
			continue // the statement has its own answer
		}
		if len(ms) > 1 {
			q.problems = append(q.problems, note("tf.two-marks", q.line))
			continue
		}
		v := ms[0].val
		q.mark = &v
	}
}

// decideMarks reads from the layout where marks between statements belong.
// Only statements without an answer of their own (own[k]) take part:
// "after" when each of them has exactly one mark after it, or when there is a
// mark after the last of them and none before the first; "before" in the
// mirror case; TFAuto (undecided) otherwise.
func decideMarks(marks []tfMark, own []bool) string {
	var idx []int // participating statements
	for k, o := range own {
		if !o {
			idx = append(idx, k)
		}
	}
	if len(idx) == 0 {
		return TFAuto
	}
	first, last := idx[0], idx[len(idx)-1]
	per := map[int]int{}
	before, afterLast := false, false
	for _, m := range marks {
		per[m.after]++
		if m.after < first {
			before = true
		}
		if m.after >= last {
			afterLast = true
		}
	}
	every := !before
	for _, k := range idx {
		if per[k] != 1 {
			every = false
		}
	}
	switch {
	case every:
		return TFAfter
	case afterLast && !before:
		return TFAfter
	case before && !afterLast:
		return TFBefore
	}
	return TFAuto
}

// build turns the sections' raw questions into the bank's questions.
func (p *rawParser) build() {
	for _, sec := range p.secs {
		if sec.typ != "" {
			p.typed = true
		}
	}
	for _, sec := range p.secs {
		for _, q := range sec.qs {
			bq, skip := p.question(q)
			if skip != "" {
				p.rep.Skipped = append(p.rep.Skipped, Item{Line: q.line, Text: excerpt(q.stem.String()), Reasons: []Note{note(skip, q.line)}})
				continue
			}
			if bq == nil {
				continue
			}
			if q.more != nil {
				for _, a := range q.more.absorbed {
					q.problems = append(q.problems, note("num.absorbed", q.line, a[0], a[1]))
				}
			}
			if len(q.problems) > 0 {
				bq.Tags = withTag(bq.Tags, ProblemTag)
				p.rep.Noted = append(p.rep.Noted, Item{Line: q.line, Type: bq.Type, Text: excerpt(bq.Stem), Reasons: q.problems})
			}
			p.b.Questions = append(p.b.Questions, bq)
		}
	}
	for _, h := range p.holders {
		if h.x().sharedUses == 0 {
			h.flushOption()
			text := h.stem.String()
			if text == "" && len(h.opts) > 0 {
				text = h.opts[0].Text
			}
			p.rep.Skipped = append(p.rep.Skipped, Item{Line: h.line, Text: excerpt(text), Reasons: []Note{note("skip.shared-unused", h.line)}})
		}
	}
	implicit := 0
	for _, sec := range p.secs {
		for _, q := range sec.qs {
			if q.implicit && q.ans.Len() > 0 {
				implicit++
			}
		}
	}
	if implicit > 0 {
		p.rep.Notes = append(p.rep.Notes, note("implicit.answers", 0, implicit))
	}
	sortItems(p.rep.Skipped)
	sortItems(p.rep.Noted)
	// IDs are assigned later; Noted items get them after AssignIDs.
}

func trimText(s string) string {
	if strings.IndexByte(s, '\n') < 0 || linesTrimmed(s) {
		return trimSpace(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = trimSpace(l)
	}
	return trimSpace(strings.Join(lines, "\n"))
}

// linesTrimmed reports that no line of s has space at either end (the
// usual case: the reader trims what it appends).
func linesTrimmed(s string) bool {
	for {
		i := strings.IndexByte(s, '\n')
		line := s
		if i >= 0 {
			line = s[:i]
		}
		if len(trimSpace(line)) != len(line) {
			return false
		}
		if i < 0 {
			return true
		}
		s = s[i+1:]
	}
}

// question builds one question; skip is the reason to leave it out.
func (p *rawParser) question(q *rawQ) (*bank.Question, string) {
	q.flushOption()
	stem := trimText(q.stem.String())
	if q.more != nil && q.more.shared != nil {
		h := q.more.shared
		h.flushOption()
		// A3/A4 case text before the stem, B1 options for a question
		// without its own.
		if t := trimText(h.stem.String()); t != "" {
			stem = t + "\n" + stem
		}
		if len(q.opts) == 0 && len(h.opts) > 0 {
			q.opts = make([]bank.Option, len(h.opts))
			for i, o := range h.opts {
				q.opts[i] = bank.Option{Key: o.Key, Text: trimText(o.Text)}
			}
		}
	}
	ans := trimText(q.ans.String())
	bq := &bank.Question{Section: q.sec.name, Line: q.line, Explanation: trimText(q.expl.String()), Tags: q.tags}
	// The raw question's options become the question's (q is not used
	// after build).
	for i := range q.opts {
		q.opts[i].Text = trimText(q.opts[i].Text)
	}
	for len(q.opts) > 0 && q.opts[len(q.opts)-1].Text == "" {
		// "A.甲 B." cut off: an empty last option is no option.
		q.opts = q.opts[:len(q.opts)-1]
	}
	if len(q.opts) == 0 {
		q.opts = nil
	}
	bq.Options = q.opts
	typ := q.sec.typ
	if typ == "" {
		typ = guessRawType(q, stem, ans, !p.typed)
		if typ == "" {
			p.rep.unplaced(q.line, fmt.Sprintf("%d. %s", q.num, excerpt(stem)))
			return nil, ""
		}
	}
	if typ == bank.Case && len(q.parts) == 0 {
		// Material whose last line asks the question: that line is its one
		// sub-question. A single paragraph is a plain short question.
		lines := strings.Split(stem, "\n")
		if last := lines[len(lines)-1]; len(lines) >= 2 && looksLikeQuestion(last) && utf8.RuneCountInString(last) <= 80 {
			stem = strings.Join(lines[:len(lines)-1], "\n")
			q.parts = []*rawPart{{}}
			q.parts[0].stem.WriteString(last)
		} else if body, ask, ok := trailingAsk(stem); ok {
			// "…满足这些顾客的需要。请分析7-Eleven做法的作用。"
			stem = body
			q.parts = []*rawPart{{}}
			q.parts[0].stem.WriteString(ask)
		} else {
			typ = bank.Short
		}
	}
	bq.Type = typ
	bq.Stem = stem

	switch typ {
	case choiceType, bank.Single, bank.Multiple:
		if len(bq.Options) == 0 {
			return nil, "skip.no-options"
		}
		if stem == "" {
			return nil, "skip.options-no-stem"
		}
		if len(bq.Options) == 1 {
			return nil, "skip.one-option"
		}
		raw := ans
		if !q.hasAns {
			raw = q.inStem
		}
		if raw != "" {
			c, ok := bank.ParseChoices(raw)
			if !ok {
				q.problems = append(q.problems, note("answer.not-letters", q.line, excerpt(raw)))
			} else {
				bq.Answer = &bank.Answer{Choices: c}
				for _, l := range c {
					if int(l-'A') >= len(bq.Options) {
						q.problems = append(q.problems, note("answer.no-such-option", q.line, c))
						break
					}
				}
			}
		}
		switch {
		case typ == bank.Multiple:
		case bq.Answer != nil && len(bq.Answer.Choices) > 1:
			typ = bank.Multiple
		default:
			typ = bank.Single
		}
		bq.Type = typ
	case bank.TrueFalse:
		if stem == "" {
			return nil, "skip.mark-no-statement"
		}
		if tfOptions(bq.Options) {
			if c, ok := bank.ParseChoices(ans); ok && len(c) == 1 && q.hasAns {
				if int(c[0]-'A') < 2 {
					ans = bq.Options[c[0]-'A'].Text
				}
			}
			bq.Options = nil
		}
		switch {
		case q.mark != nil:
			bq.Answer = &bank.Answer{True: *q.mark}
		case q.hasAns && ans != "":
			if v, ok := tfWord(ans); ok {
				bq.Answer = &bank.Answer{True: v}
			} else {
				q.problems = append(q.problems, note("answer.not-tf", q.line, excerpt(ans)))
			}
		}
	case bank.Fill:
		if stem == "" {
			return nil, "skip.answer-no-question"
		}
		if q.hasAns && ans != "" {
			blanks := bank.CountBlanks(stem)
			bq.Answer = &bank.Answer{Blanks: fillBlanks(ans, blanks)}
			if blanks > 0 && len(bq.Answer.Blanks) != blanks {
				q.problems = append(q.problems, note("fill.blank-count", q.line, blanks, len(bq.Answer.Blanks)))
			}
		}
	case bank.Case:
		for _, pt := range q.parts {
			part := bank.Part{Stem: trimText(pt.stem.String())}
			if pt.hasAns {
				if a := trimText(pt.ans.String()); a != "" {
					part.Answer = &bank.Answer{Text: a}
				}
			}
			bq.Parts = append(bq.Parts, part)
		}
		if stem == "" && len(bq.Parts) > 0 {
			return nil, "skip.parts-no-material"
		}
	default: // short, essay, definition, card
		if typ == bank.Definition && !q.hasAns {
			// "客户挽留: 运用科学的方法…" (and the lines after it)
			if t, d, ok := splitTerm(stem); ok {
				bq.Stem = t
				if ans != "" {
					d += "\n" + ans
				}
				ans = d
			}
		}
		if bq.Stem == "" {
			if ans == "" {
				return nil, ""
			}
			return nil, "skip.answer-no-question"
		}
		if ans != "" {
			bq.Answer = &bank.Answer{Text: ans}
		}
	}
	return bq, ""
}

// guessRawType types a question of a section without a typed heading; ""
// means it is not a question (numbered prose).
//
// Numbered prose (a title and lines under it) becomes knowledge cards only
// in a file without any typed section (study notes); next to real
// questions it is an article or a work plan and is reported, not kept.
func guessRawType(q *rawQ, stem, ans string, cards bool) bank.Type {
	switch {
	case len(q.opts) > 0:
		return choiceType
	case q.mark != nil:
		return bank.TrueFalse
	case q.hasAns:
		if _, ok := tfWord(ans); ok {
			return bank.TrueFalse
		}
		if bank.CountBlanks(stem) > 0 && !strings.Contains(ans, "\n") && utf8.RuneCountInString(ans) <= 40 {
			return bank.Fill
		}
		return bank.Short
	case q.implicit && ans != "":
		if looksLikeQuestion(stem) {
			return bank.Short
		}
		if cards {
			return bank.Card
		}
		return ""
	case looksLikeQuestion(stem) || bank.CountBlanks(stem) > 0:
		return bank.Short
	}
	return ""
}

// splitTerm splits "客户关系:生产或服务过程中…" into term and definition.
func splitTerm(s string) (string, string, bool) {
	i := strings.IndexAny(s, ":：")
	if i <= 0 {
		return "", "", false
	}
	term := trimSpace(s[:i])
	if utf8.RuneCountInString(term) > 30 {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	def := trimSpace(s[i+size:])
	if def == "" {
		return "", "", false
	}
	return term, def, true
}

// trailingAsk splits the material of a case whose last sentence asks the
// question ("请分析…", "试述…", "结合…").
func trailingAsk(s string) (string, string, bool) {
	t := strings.TrimRight(s, " 。.？?！!")
	i := strings.LastIndexAny(t, "。？！?!\n")
	if i < 0 {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(t[i:])
	body, ask := trimSpace(s[:i+size]), trimSpace(s[i+size:])
	if body == "" || utf8.RuneCountInString(ask) > 80 {
		return "", "", false
	}
	for _, p := range []string{"请", "請", "试", "試", "结合", "結合", "根据", "根據", "分析", "谈谈", "談談"} {
		if strings.HasPrefix(ask, p) {
			return body, ask, true
		}
	}
	return "", "", false
}
