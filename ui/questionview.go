package ui

import (
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
)

// Drawing a question: the stem, the options with their marks, and the
// feedback once answered, cached per width and language (bodyCache).

// bodyCache keeps the drawn parts of a question's body that are costly for
// a long text and do not change with the cursor: the stem with the parts,
// each option's lines, and the feedback with the explanation once answered.
// It is filled lazily by bodyParts and belongs to one question; a change
// of width, language or styles empties it, and the feedback is rebuilt
// when the answer (phase, verdict, what was given) differs from the one
// it was drawn for.
type bodyCache struct {
	w       int
	lang    Lang
	st      *Styles
	head    []string    // stem and parts
	opts    []cachedOpt // by display position
	tail    []string    // feedback and explanation, for tailKey
	tailKey answerKey   // the answer tail was drawn for
	hasTail bool
}

// cachedOpt is one option drawn with a prefix and a style.
type cachedOpt struct {
	prefix string
	style  optStyle
	lines  []string
}

// answerKey is what the feedback depends on besides width and language.
type answerKey struct {
	phase   phase
	correct int // 0 none, 1 right, 2 wrong
	given   string
}

func (qv *question) answerKey() answerKey {
	k := answerKey{phase: qv.phase, given: qv.given()}
	if qv.correct != nil {
		k.correct = 2
		if *qv.correct {
			k.correct = 1
		}
	}
	return k
}

// validCache empties the cache when it was drawn for another width,
// language or set of styles.
func (qv *question) validCache(w int) *bodyCache {
	bc := &qv.cache
	if bc.w != w || bc.lang != qv.c.lang || bc.st != qv.c.st {
		*bc = bodyCache{w: w, lang: qv.c.lang, st: qv.c.st}
	}
	return bc
}

// bodyLines is body as lines.
func (qv *question) bodyLines(w int) []string { return slices.Concat(qv.bodyParts(w)...) }

// bodyParts is body as runs of lines, one after the other: the stem and
// parts, the options, the feedback. The first and last are the cached
// lines themselves (not copied, so a frame costs the options only): the
// caller must not change them.
func (qv *question) bodyParts(w int) [][]string {
	bc := qv.validCache(w)
	if bc.head == nil {
		bc.head = qv.headLines(w)
	}
	showAnswer := qv.phase != phaseAsking
	var tail []string
	if showAnswer {
		k := qv.answerKey()
		if !bc.hasTail || bc.tailKey != k {
			bc.tail, bc.tailKey, bc.hasTail = qv.tailLines(w), k, true
		}
		tail = bc.tail
	}
	base := len(bc.head)
	var mid []string
	add := func(lines ...string) { mid = append(mid, lines...) }

	// options
	switch qv.kind {
	case drill.Single, drill.Multiple, drill.SelfGraded:
		if len(qv.q.Options) > 0 {
			add("")
			right := qv.correctPositions()
			for pos, idx := range qv.order {
				if pos == qv.cursor {
					qv.cursorLine = base + len(mid)
				}
				add(qv.optionLines(pos, qv.q.Options[idx].Text, right, showAnswer, w)...)
			}
		}
	case drill.TrueFalse:
		add("")
		right := map[int]bool{0: qv.q.Answer.True, 1: !qv.q.Answer.True}
		qv.cursorLine = base + len(mid) + qv.cursor
		add(qv.optionLines(0, qv.c.T("q.true"), right, showAnswer, w)...)
		add(qv.optionLines(1, qv.c.T("q.false"), right, showAnswer, w)...)
	}
	if !showAnswer {
		return [][]string{bc.head, mid}
	}
	add("")
	qv.feedbackLine = base + len(mid)
	return [][]string{bc.head, mid, tail}
}

// headLines draws the stem and a case's sub-questions.
func (qv *question) headLines(w int) []string {
	st, q := qv.c.st, qv.q
	out := []string{}
	para := func(style lipgloss.Style, s string, prefix string) {
		for _, l := range wrapIndent(prefix, bank.Sanitize(s), w) {
			out = append(out, style.Render(l))
		}
	}
	plain := lipgloss.NewStyle()
	if q.Type == bank.Card {
		para(st.Bold, q.Stem, "")
	} else {
		para(plain, q.Stem, "")
	}
	if len(q.Parts) > 0 {
		out = append(out, "")
		for i, p := range q.Parts {
			para(plain, p.Stem, qv.partPrefix(i, p.Stem))
		}
	}
	return out
}

// tailLines draws what follows the options once answered: the verdict, the
// right answer and the explanation.
func (qv *question) tailLines(w int) []string {
	c, st, q := qv.c, qv.c.st, qv.q
	out := []string{}
	add := func(lines ...string) { out = append(out, lines...) }
	para := func(style lipgloss.Style, s string, prefix string) {
		for _, l := range wrapIndent(prefix, bank.Sanitize(s), w) {
			add(style.Render(l))
		}
	}
	plain := lipgloss.NewStyle()
	// verdict and the right answer
	switch qv.kind {
	case drill.Single, drill.Multiple, drill.TrueFalse:
		if !qv.recite && qv.correct != nil {
			if *qv.correct {
				add(st.Right.Render(glyphRight + " " + c.T("q.right")))
			} else {
				add(st.Wrong.Render(glyphWrong + " " + c.T("q.wrong")))
			}
		}
		if qv.kind == drill.TrueFalse {
			ans := c.T("q.false")
			if q.Answer.True {
				ans = c.T("q.true")
			}
			para(st.Right, c.T("q.correct_is", ans), "")
		} else {
			right := qv.correctPositions()
			para(st.Right, c.T("q.correct_is", displayLetters(right)), "")
			if qv.kind == drill.Multiple && !qv.recite {
				missed, extra := qv.positionsOf(qv.verdict.Missed), qv.positionsOf(qv.verdict.Extra)
				if len(missed) > 0 {
					para(st.Missed, glyphMissed+" "+c.T("q.missed", displayLetters(missed)), "")
				}
				if len(extra) > 0 {
					para(st.Wrong, glyphWrong+" "+c.T("q.extra", displayLetters(extra)), "")
				}
			}
		}
	case drill.Fill:
		if !qv.recite && qv.correct != nil {
			if *qv.correct {
				add(st.Right.Render(glyphRight + " " + c.T("q.right")))
			} else {
				add(st.Wrong.Render(glyphWrong + " " + c.T("q.wrong")))
			}
		}
		for i, alts := range q.Answer.Blanks {
			label := c.T("q.blank_is", i+1)
			ref := strings.Join(alts, " / ")
			if qv.recite {
				para(st.Right, label+ref, "")
				continue
			}
			given := strings.TrimSpace(qv.inputs[i].Value())
			if given == "" {
				given = c.T("q.none_typed")
			}
			if qv.verdict.Blanks[i] {
				para(st.Right, glyphRight+" "+label+given, "")
			} else {
				para(st.Wrong, glyphWrong+" "+label+given, "")
				para(st.Right, "  "+c.T("q.correct_is", ref), "")
			}
		}
	case drill.SelfGraded:
		add(qv.referenceView(w)...)
	}
	if q.Explanation != "" {
		add("")
		add(st.Label.Render(c.T("q.explanation")))
		para(plain, q.Explanation, "")
	}
	return out
}

// optStyle names the style an option is drawn in (lipgloss styles do not
// compare).
type optStyle int

const (
	optPlain optStyle = iota
	optRight
	optMissed
	optWrong
	optSelected
)

func (o optStyle) style(st *Styles) lipgloss.Style {
	switch o {
	case optRight:
		return st.Right
	case optMissed:
		return st.Missed
	case optWrong:
		return st.Wrong
	case optSelected:
		return st.Selected
	}
	return lipgloss.NewStyle()
}

// optionLines draws one option: cursor, mark, letter, text wrapped under
// its letter. The lines are kept in the body cache until the option's
// prefix or style changes.
func (qv *question) optionLines(pos int, text string, right map[int]bool, showAnswer bool, w int) []string {
	cur := glyphNoCursor
	if qv.phase == phaseAsking && pos == qv.cursor && qv.kind != drill.SelfGraded {
		cur = glyphCursor
	}
	var mark string
	style := optPlain
	switch {
	case showAnswer && qv.kind != drill.SelfGraded:
		mark = " "
		switch {
		case right[pos] && (qv.chosen[pos] || qv.recite || qv.kind != drill.Multiple):
			mark, style = glyphRight, optRight
		case right[pos]:
			mark, style = glyphMissed, optMissed
		case qv.chosen[pos]:
			mark, style = glyphWrong, optWrong
		}
		mark += " "
	case qv.kind == drill.Multiple:
		mark = glyphOff + " "
		if qv.chosen[pos] {
			mark = glyphOn + " "
			style = optSelected
		}
	case qv.hold && qv.kind != drill.SelfGraded:
		mark = "( ) "
		if qv.chosen[pos] {
			mark = "(x) "
			style = optSelected
		}
	}
	if cur == glyphCursor && !showAnswer {
		style = optSelected
	}
	prefix := cur + " " + mark + letter(pos) + ". "
	bc := qv.validCache(w)
	if pos >= len(bc.opts) {
		bc.opts = append(bc.opts, make([]cachedOpt, pos+1-len(bc.opts))...)
	}
	if o := &bc.opts[pos]; o.lines != nil && o.prefix == prefix && o.style == style {
		return o.lines
	}
	lines := wrapIndent(prefix, bank.Sanitize(text), w)
	rs := style.style(qv.c.st)
	for i := range lines {
		lines[i] = rs.Render(lines[i])
	}
	bc.opts[pos] = cachedOpt{prefix: prefix, style: style, lines: lines}
	return lines
}

// pointRE finds the numbered key points of a reference answer: "1.",
// "（1）", "一、", "①".
var pointRE = regexp.MustCompile(`^\s*(\d+[.、．)）]|[（(]\d+[)）]|[一二三四五六七八九十]+、|[①-⑳])\s*`)

// highlightPoints styles the head of each numbered point (up to the first
// "：" / "，" / "。" / "；") of an already wrapped reference answer.
func (qv *question) highlightLine(l string) string {
	st := qv.c.st
	m := pointRE.FindStringIndex(l)
	if m == nil {
		return l
	}
	rest := l[m[1]:]
	end := strings.IndexAny(rest, "：:，,。；;")
	if end < 0 {
		return st.Highlight.Render(l)
	}
	return st.Highlight.Render(l[:m[1]+end]) + l[m[1]+end:]
}

// referenceView is the reference answer of a subjective question, with the
// typed answer beside it (or above it when the screen is narrow).
func (qv *question) referenceView(w int) []string {
	c, st, q := qv.c, qv.c.st, qv.q
	ref := qv.referenceText()
	typed := strings.TrimSpace(qv.area.Value())
	refTitle := st.Label.Render(c.T("q.reference"))
	if q.Answer == nil && len(q.Parts) == 0 && (typed == "" || qv.recite) {
		return append([]string{refTitle}, wrapStyled(st.Subtle, c.T(noAnswerID(q)), w)...)
	}
	if qv.recite || typed == "" || w < 70 {
		var out []string
		if typed != "" && !qv.recite {
			out = append(out, st.Label.Render(c.T("q.your_answer")))
			out = append(out, wrap(bank.Sanitize(typed), w)...)
			out = append(out, "")
		}
		out = append(out, refTitle)
		for _, l := range wrap(ref, w) {
			out = append(out, qv.highlightLine(l))
		}
		return out
	}
	colW := (w - 3) / 2
	left := append([]string{st.Label.Render(c.T("q.your_answer"))}, wrap(bank.Sanitize(typed), colW)...)
	right := []string{refTitle}
	for _, l := range wrap(ref, colW) {
		right = append(right, qv.highlightLine(l))
	}
	var out []string
	for i := 0; i < max(len(left), len(right)); i++ {
		var a, b string
		if i < len(left) {
			a = left[i]
		}
		if i < len(right) {
			b = right[i]
		}
		pad := colW - ansi.StringWidth(a)
		out = append(out, a+strings.Repeat(" ", max(pad, 0))+" │ "+b)
	}
	return out
}

// referenceText is the reference answer as plain text; a case lists its
// parts' answers.
func (qv *question) referenceText() string {
	q := qv.q
	var b []string
	if a := bank.AnswerText(q); a != "" {
		b = append(b, a)
	}
	for i, p := range q.Parts {
		ans := qv.c.T("q.no_answer")
		if p.Answer != nil && p.Answer.Text != "" {
			ans = p.Answer.Text
		}
		label := qv.c.T("q.part", i+1)
		if m := pointRE.FindString(p.Stem); m != "" {
			label = strings.TrimSpace(m)
		}
		b = append(b, label+ans)
	}
	if len(b) == 0 {
		return qv.c.T(noAnswerID(q))
	}
	return bank.Sanitize(strings.Join(b, "\n"))
}

// partPrefix numbers a case's sub-question in the reference answer, or
// in front of its stem unless the stem is numbered already ("（1）分析…").
func (qv *question) partPrefix(i int, stem string) string {
	if pointRE.MatchString(stem) {
		return ""
	}
	return qv.c.T("q.part", i+1)
}
