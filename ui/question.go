package ui

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// kind is how a question is answered.
type kind int

const (
	kindSingle     kind = iota // one letter, answered at once
	kindMultiple               // letters toggle, enter submits
	kindTrueFalse              // t / f
	kindFill                   // one text input per blank
	kindSubjective             // optional typed answer, reveal, self-grade
)

// phase is where a question stands.
type phase int

const (
	phaseAsking   phase = iota // waiting for the answer
	phaseAnswered              // objective feedback shown; enter/space (or 2/4) records and goes on
	phaseRevealed              // reference answer shown; 1-4 grades and records
)

func kindOf(q *bank.Question) kind {
	if q.Answer == nil {
		return kindSubjective
	}
	switch q.Type {
	case bank.Single:
		if len(q.Options) == 0 {
			return kindSubjective
		}
		if len(q.Answer.Choices) > 1 {
			return kindMultiple
		}
		return kindSingle
	case bank.Multiple:
		if len(q.Options) == 0 {
			return kindSubjective
		}
		return kindMultiple
	case bank.TrueFalse:
		return kindTrueFalse
	case bank.Fill:
		if len(q.Answer.Blanks) == 0 {
			return kindSubjective
		}
		return kindFill
	}
	return kindSubjective
}

// lastOptionRE matches options that refer to the others ("以上都是",
// "以上都不是", "以上均正确", "上述都对", "all of the above"): a shuffle keeps
// them last.
var lastOptionRE = regexp.MustCompile(`(?i)^\s*(以上|上述|前述|都不是|都是|均不是|均是|全部都|全都)|(all|none|both|neither) of (the )?(above|these|them)|all the above`)

// shuffleOrder returns a display order for options (indexes into opts):
// shuffled with the seed, with the options that refer to the others kept
// last in their original order.
func shuffleOrder(opts []bank.Option, seed uint64) []int {
	var free, last []int
	for i, o := range opts {
		if lastOptionRE.MatchString(o.Text) {
			last = append(last, i)
		} else {
			free = append(free, i)
		}
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	r.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	return append(free, last...)
}

func identityOrder(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	return o
}

func hashKey(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// letter is the display letter of position i.
func letter(i int) string { return string(rune('A' + i)) }

// question is the state of one question on screen: the order of its
// options, what the learner chose or typed, and the feedback.
type question struct {
	c      *common
	q      *bank.Question
	kind   kind
	phase  phase
	recite bool
	// hold: answers are held without feedback until graded (an exam); a
	// chosen single option or true/false is then marked while asking
	hold bool

	order      []int        // display position → index into q.Options
	cursor     int          // display position under the cursor
	chosen     map[int]bool // display positions chosen (single: one)
	tf         int          // true/false: 0 none, 1 true, 2 false
	inputs     []field
	focus      int
	area       field
	typing     bool // subjective: the textarea has focus
	correct    *bool
	blankOK    []bool
	preview    *[4]fsrs.Card
	previewAt  time.Time
	state      fsrs.State // the card state before this answer
	stateKnown bool
	shownAt    time.Time
	// set by body: the line of the option under the cursor and of the
	// feedback, so the session can scroll them into view
	cursorLine, feedbackLine int
	answered                 time.Time
	cache                    bodyCache // drawn body parts, see bodyParts
}

func newQuestion(c *common, q *bank.Question, recite bool, shuffle bool) *question {
	now := c.now()
	k := kindOf(q)
	qv := &question{c: c, q: q, kind: k, recite: recite, chosen: map[int]bool{}, shownAt: now}
	if shuffle && (k == kindSingle || k == kindMultiple) {
		qv.order = shuffleOrder(q.Options, hashKey(q.Key())^uint64(now.UnixNano()))
	} else {
		qv.order = identityOrder(len(q.Options))
	}
	switch k {
	case kindFill:
		for i := range q.Answer.Blanks {
			ti := newField(false, "", c.st)
			ti.limit = 200
			if i == 0 {
				ti.Focus()
			}
			qv.inputs = append(qv.inputs, ti)
		}
	case kindSubjective:
		qv.area = newField(true, c.T("q.type_here"), c.st)
	}
	if recite {
		qv.phase = phaseRevealed
		if k != kindSubjective {
			qv.phase = phaseAnswered
		}
	}
	return qv
}

// isTyping reports whether keys go to a text field.
func (qv *question) isTyping() bool {
	if qv.phase != phaseAsking {
		return false
	}
	return qv.kind == kindFill || (qv.kind == kindSubjective && qv.typing)
}

func (qv *question) setWidth(w int) {
	for i := range qv.inputs {
		qv.inputs[i].width = max(w-ansi.StringWidth(qv.c.T("q.blank", 9))-4, 4)
	}
	if qv.kind == kindSubjective {
		qv.area.width = max(w-2, 8)
	}
}

// correctPositions are the display positions of the right options.
func (qv *question) correctPositions() map[int]bool {
	m := map[int]bool{}
	if qv.q.Answer == nil {
		return m
	}
	for pos, idx := range qv.order {
		if strings.Contains(qv.q.Answer.Choices, qv.q.Options[idx].Key) {
			m[pos] = true
		}
	}
	return m
}

// givenChoices maps the chosen display positions back to the bank's
// letters, sorted.
func (qv *question) givenChoices() string {
	var ks []string
	for pos := range qv.chosen {
		if qv.chosen[pos] {
			ks = append(ks, qv.q.Options[qv.order[pos]].Key)
		}
	}
	sort.Strings(ks)
	return strings.Join(ks, "")
}

// displayLetters turns a set of display positions into "ABD".
func displayLetters(set map[int]bool) string {
	var ps []int
	for p, on := range set {
		if on {
			ps = append(ps, p)
		}
	}
	sort.Ints(ps)
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(letter(p))
	}
	return b.String()
}

// choicesRight reports whether the chosen options are exactly the right
// ones (a multiple choice needs every right option and no wrong one).
func (qv *question) choicesRight() bool {
	g := qv.givenChoices()
	return g != "" && g == qv.q.Answer.Choices
}

// pick chooses the option at display position pos without grading: a
// single choice takes it, a multiple choice toggles it.
func (qv *question) pick(pos int) {
	qv.cursor = pos
	if qv.kind == kindSingle {
		qv.chosen = map[int]bool{pos: true}
		return
	}
	qv.chosen[pos] = !qv.chosen[pos]
}

// pickTF chooses true or false without grading; the choice is drawn like
// an option (true first).
func (qv *question) pickTF(v bool) {
	qv.tf, qv.cursor = 2, 1
	if v {
		qv.tf, qv.cursor = 1, 0
	}
	qv.chosen = map[int]bool{qv.tf - 1: true}
}

// tfKey is the true/false answer a key gives: t, a, 1 true, else false.
func tfKey(k string) bool { return k == "t" || k == "a" || k == "1" }

// choose answers a single choice at display position pos.
func (qv *question) choose(pos int) {
	qv.pick(pos)
	qv.finish(qv.choicesRight())
}

// submitMultiple grades the chosen set.
func (qv *question) submitMultiple() bool {
	if qv.givenChoices() == "" {
		return false
	}
	qv.finish(qv.choicesRight())
	return true
}

func (qv *question) answerTF(v bool) {
	qv.pickTF(v)
	qv.finish(v == qv.q.Answer.True)
}

// hasAnswer reports whether the learner gave any answer.
func (qv *question) hasAnswer() bool {
	switch qv.kind {
	case kindSingle, kindMultiple:
		return qv.givenChoices() != ""
	case kindTrueFalse:
		return qv.tf > 0
	case kindFill:
		for _, in := range qv.inputs {
			if strings.TrimSpace(in.Value()) != "" {
				return true
			}
		}
		return false
	}
	return strings.TrimSpace(qv.area.Value()) != ""
}

// grade ends a question answered without feedback (an exam) with the
// same comparison as answering it at once, and returns the verdict: nil
// for a subjective question, false for an unanswered objective one.
func (qv *question) grade() *bool {
	switch qv.kind {
	case kindSingle, kindMultiple:
		qv.finish(qv.choicesRight())
	case kindTrueFalse:
		if qv.tf > 0 {
			qv.answerTF(qv.tf == 1)
		} else {
			qv.finish(false)
		}
	case kindFill:
		qv.submitFill()
	default:
		qv.reveal()
		return nil
	}
	v := *qv.correct
	return &v
}

// restoreQ rebuilds a question as answered from a recorded given answer
// (the form given writes) and grades it.
func restoreQ(c *common, q *bank.Question, given string) *question {
	qv := newQuestion(c, q, false, false)
	switch qv.kind {
	case kindSingle, kindMultiple:
		for pos, idx := range qv.order {
			if given != "" && strings.Contains(given, q.Options[idx].Key) {
				qv.chosen[pos] = true
			}
		}
	case kindTrueFalse:
		switch given {
		case "true":
			qv.tf = 1
		case "false":
			qv.tf = 2
		}
	case kindFill:
		parts := strings.Split(given, "；")
		for i := range qv.inputs {
			if i < len(parts) {
				qv.inputs[i].SetValue(parts[i])
			}
		}
	default:
		qv.area.SetValue(given)
	}
	qv.grade()
	return qv
}

func (qv *question) submitFill() {
	// every blank typed into the first field ("CRM；客户关系管理"): spread
	// them over the fields
	if n := len(qv.inputs); n > 1 {
		rest := true
		for _, in := range qv.inputs[1:] {
			rest = rest && strings.TrimSpace(in.Value()) == ""
		}
		if parts := splitBlanks(qv.inputs[0].Value(), n); rest && len(parts) == n {
			for i, p := range parts {
				qv.inputs[i].SetValue(strings.TrimSpace(p))
			}
		}
	}
	all := true
	qv.blankOK = make([]bool, len(qv.inputs))
	for i, in := range qv.inputs {
		qv.blankOK[i] = matchBlank(in.Value(), qv.q.Answer.Blanks[i])
		all = all && qv.blankOK[i]
	}
	for i := range qv.inputs {
		qv.inputs[i].Blur()
	}
	qv.finish(all)
}

func (qv *question) finish(ok bool) {
	qv.correct = &ok
	qv.phase = phaseAnswered
	qv.answered = qv.c.now()
}

func (qv *question) reveal() {
	qv.typing = false
	qv.area.Blur()
	qv.phase = phaseRevealed
	qv.answered = qv.c.now()
}

// given is the answer as recorded in the log.
func (qv *question) given() string {
	switch qv.kind {
	case kindSingle, kindMultiple:
		return qv.givenChoices()
	case kindTrueFalse:
		switch qv.tf {
		case 1:
			return "true"
		case 2:
			return "false"
		}
		return ""
	case kindFill:
		vals := make([]string, len(qv.inputs))
		for i, in := range qv.inputs {
			vals[i] = strings.TrimSpace(in.Value())
		}
		return strings.Join(vals, "；")
	}
	return strings.TrimSpace(qv.area.Value())
}

// answer is the log entry of this answer: the objective verdict (none for
// a subjective question), the grade and the time taken.
func (qv *question) answer(mode string, r fsrs.Rating, took time.Duration, at time.Time) store.Answer {
	var correct *bool
	if qv.kind != kindSubjective && qv.correct != nil {
		v := *qv.correct
		correct = &v
	}
	return store.Answer{Key: qv.q.Key(), Type: qv.q.Type, Section: qv.q.Section, Mode: mode,
		Given: qv.given(), Correct: correct, Rating: r, Took: took, At: at}
}

// givenText shows a recorded answer (the form given writes) to the
// learner: true/false in words, an empty answer said so.
func givenText(c *common, t bank.Type, given string) string {
	given = sanitize(given)
	if t == bank.TrueFalse {
		switch given {
		case "true":
			given = c.T("q.true")
		case "false":
			given = c.T("q.false")
		}
	}
	if given == "" {
		given = c.T("q.none_typed")
	}
	return given
}

// defaultRating is the grade of an objective answer: wrong Again, right Good.
func (qv *question) defaultRating() fsrs.Rating {
	if qv.correct != nil && !*qv.correct {
		return fsrs.Again
	}
	return fsrs.Good
}

// updateInput passes a message to the focused text field.
func (qv *question) updateInput(msg tea.Msg) {
	switch qv.kind {
	case kindFill:
		qv.inputs[qv.focus].Update(msg)
	case kindSubjective:
		qv.area.Update(msg)
	}
}

func (qv *question) focusBlank(i int) {
	if i < 0 || i >= len(qv.inputs) {
		return
	}
	qv.inputs[qv.focus].Blur()
	qv.focus = i
	qv.inputs[i].Focus()
}

// inputView is the text field area drawn under the body while asking.
func (qv *question) inputView(w int) string {
	st := qv.c.st
	if qv.phase != phaseAsking {
		return ""
	}
	switch qv.kind {
	case kindFill:
		var lines []string
		for i, in := range qv.inputs {
			mark := glyphNoCursor
			if i == qv.focus {
				mark = glyphCursor
			}
			label := fmt.Sprintf("%s %s ", mark, qv.c.T("q.blank", i+1))
			l := label + in.View()
			if i == qv.focus {
				l = st.Selected.Render(label) + in.View()
			}
			lines = append(lines, ansi.Truncate(l, w, ""))
		}
		return strings.Join(lines, "\n")
	case kindSubjective:
		if qv.typing || qv.area.Value() != "" {
			return indent(qv.area.View(), "│ ")
		}
	}
	return ""
}

// askPrompt is the hint under a question waiting for its answer; an exam
// (hold) answers multiple choices, blanks and subjective questions its
// own way.
func (qv *question) askPrompt() string {
	c := qv.c
	switch qv.kind {
	case kindSingle:
		return c.T("q.single_prompt")
	case kindMultiple:
		if qv.hold {
			return c.T("exam.multi_prompt")
		}
		return c.T("q.multi_prompt")
	case kindTrueFalse:
		return c.T("q.tf_prompt")
	case kindFill:
		if qv.hold {
			return c.T("exam.fill_prompt")
		}
		return c.T("q.fill_prompt")
	}
	switch {
	case qv.hold:
		return c.T("exam.subj_prompt")
	case qv.typing:
		return c.T("q.typing_prompt")
	}
	return c.T("q.reveal_prompt")
}

// hasCursor reports whether an option cursor is shown (a choice or
// true/false question waiting for its answer).
func (qv *question) hasCursor() bool {
	return qv.phase == phaseAsking && qv.kind != kindSubjective && qv.kind != kindFill
}

// scrollToCursor is the scroll offset, starting from off, that keeps the
// line of the option under the cursor (set by body) in a view h lines high.
func (qv *question) scrollToCursor(off, h int) int {
	switch {
	case qv.cursorLine < off:
		return qv.cursorLine
	case qv.cursorLine >= off+h:
		return qv.cursorLine - h + 1
	}
	return off
}

// inputLines sizes the typed answer's field for a body area h lines high
// and returns the lines the input area takes under the body (with the
// blank line above it), 0 when there is none.
func (qv *question) inputLines(w, h int) int {
	if qv.kind == kindSubjective {
		qv.area.height = min(6, max(h/4, 2))
	}
	v := qv.inputView(w)
	if v == "" {
		return 0
	}
	return strings.Count(v, "\n") + 2
}

// body renders the question for a width: stem, options or parts, and the
// feedback once answered.
func (qv *question) body(w int) string { return strings.Join(qv.bodyLines(w), "\n") }

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
	case kindSingle, kindMultiple, kindSubjective:
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
	case kindTrueFalse:
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
		for _, l := range wrapIndent(prefix, sanitize(s), w) {
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
		for _, l := range wrapIndent(prefix, sanitize(s), w) {
			add(style.Render(l))
		}
	}
	plain := lipgloss.NewStyle()
	// verdict and the right answer
	switch qv.kind {
	case kindSingle, kindMultiple, kindTrueFalse:
		if !qv.recite && qv.correct != nil {
			if *qv.correct {
				add(st.Right.Render(glyphRight + " " + c.T("q.right")))
			} else {
				add(st.Wrong.Render(glyphWrong + " " + c.T("q.wrong")))
			}
		}
		if qv.kind == kindTrueFalse {
			ans := c.T("q.false")
			if q.Answer.True {
				ans = c.T("q.true")
			}
			para(st.Right, c.T("q.correct_is", ans), "")
		} else {
			right := qv.correctPositions()
			para(st.Right, c.T("q.correct_is", displayLetters(right)), "")
			if qv.kind == kindMultiple && !qv.recite {
				missed, extra := map[int]bool{}, map[int]bool{}
				for p := range qv.order {
					if right[p] && !qv.chosen[p] {
						missed[p] = true
					}
					if !right[p] && qv.chosen[p] {
						extra[p] = true
					}
				}
				if len(missed) > 0 {
					para(st.Missed, glyphMissed+" "+c.T("q.missed", displayLetters(missed)), "")
				}
				if len(extra) > 0 {
					para(st.Wrong, glyphWrong+" "+c.T("q.extra", displayLetters(extra)), "")
				}
			}
		}
	case kindFill:
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
			if qv.blankOK[i] {
				para(st.Right, glyphRight+" "+label+given, "")
			} else {
				para(st.Wrong, glyphWrong+" "+label+given, "")
				para(st.Right, "  "+c.T("q.correct_is", ref), "")
			}
		}
	case kindSubjective:
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
	if qv.phase == phaseAsking && pos == qv.cursor && qv.kind != kindSubjective {
		cur = glyphCursor
	}
	var mark string
	style := optPlain
	switch {
	case showAnswer && qv.kind != kindSubjective:
		mark = " "
		switch {
		case right[pos] && (qv.chosen[pos] || qv.recite || qv.kind != kindMultiple):
			mark, style = glyphRight, optRight
		case right[pos]:
			mark, style = glyphMissed, optMissed
		case qv.chosen[pos]:
			mark, style = glyphWrong, optWrong
		}
		mark += " "
	case qv.kind == kindMultiple:
		mark = glyphOff + " "
		if qv.chosen[pos] {
			mark = glyphOn + " "
			style = optSelected
		}
	case qv.hold && qv.kind != kindSubjective:
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
	lines := wrapIndent(prefix, sanitize(text), w)
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
		return []string{refTitle, st.Subtle.Render(c.T(noAnswerID(q)))}
	}
	if qv.recite || typed == "" || w < 70 {
		var out []string
		if typed != "" && !qv.recite {
			out = append(out, st.Label.Render(c.T("q.your_answer")))
			out = append(out, wrap(sanitize(typed), w)...)
			out = append(out, "")
		}
		out = append(out, refTitle)
		for _, l := range wrap(ref, w) {
			out = append(out, qv.highlightLine(l))
		}
		return out
	}
	colW := (w - 3) / 2
	left := append([]string{st.Label.Render(c.T("q.your_answer"))}, wrap(sanitize(typed), colW)...)
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
	if q.Answer != nil {
		switch {
		case q.Answer.Text != "":
			b = append(b, q.Answer.Text)
		case q.Answer.Choices != "":
			b = append(b, q.Answer.Choices)
		case len(q.Answer.Blanks) > 0:
			var bl []string
			for _, a := range q.Answer.Blanks {
				bl = append(bl, strings.Join(a, " / "))
			}
			b = append(b, strings.Join(bl, "；"))
		}
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
	return sanitize(strings.Join(b, "\n"))
}

// partPrefix numbers a case's sub-question in the reference answer, or
// in front of its stem unless the stem is numbered already ("（1）分析…").
func (qv *question) partPrefix(i int, stem string) string {
	if pointRE.MatchString(stem) {
		return ""
	}
	return qv.c.T("q.part", i+1)
}

// gradeHint is the 1-4 grading line, with the next interval of each grade
// when the preview is loaded.
func (qv *question) gradeHint() string {
	c := qv.c
	if qv.preview == nil {
		return c.T("q.grade_prompt")
	}
	now := qv.previewAt
	var parts []string
	for i := 0; i < 4; i++ {
		d := qv.preview[i].Due.Sub(now)
		parts = append(parts, fmt.Sprintf("%d %s %s", i+1, c.T(fmt.Sprintf("rating.%d", i+1)), formatInterval(c.lang, d)))
	}
	return strings.Join(parts, " · ")
}

// formatInterval is a short human interval: 10分钟, 3 天, 2 个月.
func formatInterval(l Lang, d time.Duration) string {
	switch {
	case d < time.Minute:
		return l.T("dur.now")
	case d < time.Hour:
		return l.T("dur.min", int(d.Round(time.Minute)/time.Minute))
	case d < 24*time.Hour:
		return l.T("dur.hr", int(d.Round(time.Hour)/time.Hour))
	case d < 30*24*time.Hour:
		return l.T("dur.day", int((d+12*time.Hour)/(24*time.Hour)))
	case d < 365*24*time.Hour:
		return l.T("dur.mo", int((d+15*24*time.Hour)/(30*24*time.Hour)))
	}
	return l.T("dur.yr", d.Hours()/24/365)
}
