package ui

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// phase is where a question stands.
type phase int

const (
	phaseAsking   phase = iota // waiting for the answer
	phaseAnswered              // objective feedback shown; enter/space (or 2/4) records and goes on
	phaseRevealed              // reference answer shown; 1-4 grades and records
)

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
	kind   drill.Kind
	phase  phase
	recite bool
	// hold: answers are held without feedback until graded (an exam); a
	// chosen single option or true/false is then marked while asking
	hold bool

	order      []int        // display position → index into q.Options
	cursor     int          // display position under the cursor
	chosen     map[int]bool // display positions chosen (single: one)
	tf         drill.TF
	inputs     []field
	focus      int
	area       field
	typing     bool          // subjective: the textarea has focus
	correct    *bool         // the verdict once graded (nil: not graded, or self-graded)
	verdict    drill.Verdict // its details: missed and extra options, right blanks
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
	k := drill.KindOf(q)
	qv := &question{c: c, q: q, kind: k, recite: recite, chosen: map[int]bool{}, shownAt: now}
	if shuffle && (k == drill.Single || k == drill.Multiple) {
		qv.order = shuffleOrder(q.Options, hashKey(q.Key())^uint64(now.UnixNano()))
	} else {
		qv.order = identityOrder(len(q.Options))
	}
	switch k {
	case drill.Fill:
		for i := range q.Answer.Blanks {
			ti := newField(false, "", c.st)
			ti.limit = 200
			if i == 0 {
				ti.Focus()
			}
			qv.inputs = append(qv.inputs, ti)
		}
	case drill.SelfGraded:
		qv.area = newField(true, c.T("q.type_here"), c.st)
	}
	if recite {
		qv.phase = phaseRevealed
		if k != drill.SelfGraded {
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
	return qv.kind == drill.Fill || (qv.kind == drill.SelfGraded && qv.typing)
}

func (qv *question) setWidth(w int) {
	for i := range qv.inputs {
		qv.inputs[i].width = max(w-ansi.StringWidth(qv.c.T("q.blank", 9))-4, 4)
	}
	if qv.kind == drill.SelfGraded {
		qv.area.width = max(w-2, 8)
	}
}

// correctPositions are the display positions of the right options.
func (qv *question) correctPositions() map[int]bool {
	m := map[int]bool{}
	for pos, idx := range qv.order {
		if drill.RightOption(qv.q, qv.q.Options[idx].Key) {
			m[pos] = true
		}
	}
	return m
}

// positionsOf is the set of display positions of the bank's option letters.
func (qv *question) positionsOf(letters string) map[int]bool {
	m := map[int]bool{}
	for pos, idx := range qv.order {
		if k := qv.q.Options[idx].Key; strings.Contains(letters, k) {
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

// pick chooses the option at display position pos without grading: a
// single choice takes it, a multiple choice toggles it.
func (qv *question) pick(pos int) {
	qv.cursor = pos
	if qv.kind == drill.Single {
		qv.chosen = map[int]bool{pos: true}
		return
	}
	qv.chosen[pos] = !qv.chosen[pos]
}

// pickTF chooses true or false without grading; the choice is drawn like
// an option (true first).
func (qv *question) pickTF(v bool) {
	qv.tf, qv.cursor = drill.TFOf(v), 1
	if v {
		qv.cursor = 0
	}
	qv.chosen = map[int]bool{qv.cursor: true}
}

// tfKey is the true/false answer a key gives: t, a, 1 true, else false.
func tfKey(k string) bool { return k == "t" || k == "a" || k == "1" }

// choose answers a single choice at display position pos.
func (qv *question) choose(pos int) {
	qv.pick(pos)
	qv.settle()
}

// submitMultiple grades the chosen set.
func (qv *question) submitMultiple() bool {
	if qv.givenChoices() == "" {
		return false
	}
	qv.settle()
	return true
}

func (qv *question) answerTF(v bool) {
	qv.pickTF(v)
	qv.settle()
}

// response is the answer given so far, as drill grades and records it.
func (qv *question) response() drill.Given {
	g := drill.Given{Kind: qv.kind}
	switch qv.kind {
	case drill.Single, drill.Multiple:
		g.Choices = qv.givenChoices()
	case drill.TrueFalse:
		g.TF = qv.tf
	case drill.Fill:
		g.Blanks = make([]string, len(qv.inputs))
		for i, in := range qv.inputs {
			g.Blanks[i] = in.Value()
		}
	default:
		g.Text = qv.area.Value()
	}
	return g
}

// hasAnswer reports whether the learner gave any answer.
func (qv *question) hasAnswer() bool { return !qv.response().Empty() }

// grade ends a question answered without feedback (an exam) with the
// same comparison as answering it at once, and returns the verdict: nil
// for a subjective question, false for an unanswered objective one.
func (qv *question) grade() *bool {
	switch qv.kind {
	case drill.Fill:
		qv.submitFill()
	case drill.SelfGraded:
		qv.reveal()
		return nil
	default:
		qv.settle()
	}
	v := *qv.correct
	return &v
}

// restoreQ rebuilds a question as answered from a recorded given answer
// (the form given writes) and grades it.
func restoreQ(c *common, q *bank.Question, given string) *question {
	qv := newQuestion(c, q, false, false)
	qv.setGiven(given)
	qv.grade()
	return qv
}

// setGiven puts a recorded given answer (the form given writes) back as
// chosen or typed, without grading it.
func (qv *question) setGiven(given string) {
	g := drill.Decode(qv.q, given)
	switch qv.kind {
	case drill.Single, drill.Multiple:
		qv.chosen = qv.positionsOf(g.Choices)
	case drill.TrueFalse:
		if g.TF != drill.NoTF {
			qv.pickTF(g.TF == drill.True)
		}
	case drill.Fill:
		for i := range qv.inputs {
			qv.inputs[i].SetValue(g.Blanks[i])
		}
	default:
		qv.area.SetValue(g.Text)
	}
}

// submitFill grades the blanks; every blank typed into the first field
// ("CRM；客户关系管理") is spread over the fields first.
func (qv *question) submitFill() {
	typed := qv.response().Blanks
	for i, v := range drill.SpreadBlanks(typed) {
		if v != typed[i] {
			qv.inputs[i].SetValue(v)
		}
		qv.inputs[i].Blur()
	}
	qv.settle()
}

// settle grades the answer as it stands and shows the feedback.
func (qv *question) settle() {
	qv.verdict, _ = drill.Grade(qv.q, qv.response())
	ok := qv.verdict.Right
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
func (qv *question) given() string { return qv.response().Encode() }

// answer is the log entry of this answer: the objective verdict (none for
// a subjective question), the grade and the time taken.
func (qv *question) answer(mode string, r fsrs.Rating, took time.Duration, at time.Time) store.Answer {
	var correct *bool
	if qv.kind.Objective() && qv.correct != nil {
		v := *qv.correct
		correct = &v
	}
	return store.Answer{Key: qv.q.Key(), Type: qv.q.Type, Section: qv.q.Section, Mode: mode,
		Given: qv.given(), Correct: correct, Rating: r, Took: took, At: at}
}

// givenText shows a recorded answer (the form given writes) to the
// learner: true/false in words, an empty answer said so.
func givenText(c *common, t bank.Type, given string) string {
	given = bank.Sanitize(given)
	if tf, ok := drill.DecodeTF(given); ok && t == bank.TrueFalse {
		given = c.T("q.false")
		if tf == drill.True {
			given = c.T("q.true")
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
	case drill.Fill:
		qv.inputs[qv.focus].Update(msg)
	case drill.SelfGraded:
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
	case drill.Fill:
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
	case drill.SelfGraded:
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
	case drill.Single:
		return c.T("q.single_prompt")
	case drill.Multiple:
		if qv.hold {
			return c.T("exam.multi_prompt")
		}
		return c.T("q.multi_prompt")
	case drill.TrueFalse:
		return c.T("q.tf_prompt")
	case drill.Fill:
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
	return qv.phase == phaseAsking && qv.kind != drill.SelfGraded && qv.kind != drill.Fill
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
	if qv.kind == drill.SelfGraded {
		qv.area.height = min(6, max(h/4, 2))
	}
	v := qv.inputView(w)
	if v == "" {
		return 0
	}
	return strings.Count(v, "\n") + 2
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
