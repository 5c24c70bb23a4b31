package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

// The exam paper: one question at a time without feedback, the answer
// sheet (答题卡) to jump and flag, the countdown, and handing in
// (examhandin.go). The paper is kept in the store as it is answered
// (examresume.go), so that esc or ctrl+c can leave it for later and a
// killed program loses nothing; both ask first, with the cursor on going
// on answering.

type examKeys struct {
	Choose      key.Binding // a-j, 1-9 and 0: only a letter naming an option
	TF          key.Binding
	Up, Down    key.Binding
	Toggle      key.Binding // space: choose the option under the cursor
	Next        key.Binding
	Prev        key.Binding
	Type        key.Binding // start typing (fill, subjective)
	StopType    key.Binding
	Blank       key.Binding // while typing a fill-in: ↓ the next blank
	PrevBlank   key.Binding
	Confirm     key.Binding // while typing a fill-in: enter, the next blank or question
	Sheet       key.Binding
	Close       key.Binding // the sheet
	Flag        key.Binding
	Submit      key.Binding
	Scroll      key.Binding // help only: the page keys
	Page        pageKeys
	Quit        key.Binding // ctrl+c: asks; again in the question, leaves keeping the paper and quits
	Yes, No     key.Binding // the question: hand in, go on answering
	Leave       key.Binding // the question: leave, keeping the paper for later
	Discard     key.Binding // the question: leave without saving
	AskMove     key.Binding // the question: ↑↓ (help only)
	AskPick     key.Binding // the question: enter takes the choice under the cursor
	Jump        key.Binding // sheet: go to the question
	Move        key.Binding // sheet: arrows (help only)
	Left, Right key.Binding // sheet
}

func defaultExamKeys(l Lang) examKeys {
	return examKeys{
		Choose:    key.NewBinding(key.WithKeys(choiceKeys...), key.WithHelp("a-j", l.T("key.answer"))),
		TF:        key.NewBinding(key.WithKeys("t", "f", "a", "b", "1", "2"), key.WithHelp("t/f", l.T("key.true_false"))),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓/jk", l.T("key.move"))),
		Down:      key.NewBinding(key.WithKeys("down", "j")),
		Toggle:    key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space", l.T("key.select"))),
		Next:      key.NewBinding(key.WithKeys("right", "n", "enter"), key.WithHelp("→/n", l.T("key.next"))),
		Prev:      key.NewBinding(key.WithKeys("left", "p"), key.WithHelp("←/p", l.T("key.prev"))),
		Type:      key.NewBinding(key.WithKeys("i", "enter"), key.WithHelp("i", l.T("key.type"))),
		StopType:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("key.stop_typing"))),
		Blank:     key.NewBinding(key.WithKeys("down"), key.WithHelp("↑↓", l.T("key.field"))),
		PrevBlank: key.NewBinding(key.WithKeys("up", "shift+tab")),
		Confirm:   key.NewBinding(key.WithKeys("enter")),
		Sheet:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", l.T("key.sheet"))),
		Close:     key.NewBinding(key.WithKeys("tab", "esc"), key.WithHelp("tab", l.T("key.close"))),
		Flag:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", l.T("key.flag"))),
		Submit:    key.NewBinding(key.WithKeys("S"), key.WithHelp("S", l.T("key.hand_in"))),
		Scroll:    key.NewBinding(key.WithKeys("pgup", "pgdown", "ctrl+u", "ctrl+d"), key.WithHelp("pgup/pgdn", l.T("key.scroll"))),
		Page:      newPageKeys(),
		Quit:      key.NewBinding(key.WithKeys("ctrl+c")),
		Yes:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y", l.T("key.hand_in"))),
		No:        key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", l.T("key.continue"))),
		Leave:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", l.T("key.exam_leave"))),
		Discard:   key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", l.T("key.discard"))),
		AskMove:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", l.T("key.move"))),
		AskPick:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("key.select"))),
		Jump:      key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter", l.T("key.jump"))),
		Move:      key.NewBinding(key.WithKeys("up", "down", "left", "right", "h", "j", "k", "l"), key.WithHelp("←↑↓→", l.T("key.move"))),
		Left:      key.NewBinding(key.WithKeys("left", "h")),
		Right:     key.NewBinding(key.WithKeys("right", "l")),
	}
}

// examItem is one question of the paper.
type examItem struct {
	qv      *question
	points  float64
	flagged bool
	took    time.Duration
}

type (
	examTickMsg       struct{}
	examSavedMsg      struct{ rec *store.ExamRecord }
	examSaveFailedMsg struct{ err error }
)

// examScreen is the paper being answered.
type examScreen struct {
	c         *common
	keys      examKeys
	cfg       examConfig
	items     []*examItem
	cur       int
	typing    bool // keys go to the current question's text field
	held      bool // enter submitted the current multiple choice: the next enter goes on
	started   time.Time
	deadline  time.Time
	now       time.Time // the clock at the last tick or key
	enteredAt time.Time
	ticking   bool
	tick      func() tea.Cmd

	sheet    bool // the answer sheet is shown
	sheetCur int
	ask      examAsk // the question asked, if any
	askCur   int     // its choice under the cursor

	id      string // the exam's ID: its record's and its kept paper's
	papers  *paperWriter
	saved   paperState // what the last save of the paper held
	savedAt time.Time  // when it was made (zero: none yet, or it failed)
	// paperFailed: the last save of the paper failed (said once, until
	// one succeeds)
	paperFailed bool
	leaving     tea.Cmd // set while the paper is saved before leaving: then back() or tea.Quit
	dropped     int     // questions of a resumed paper no longer in the banks

	handedIn bool // graded; saving
	timedOut bool
	rec      *store.ExamRecord
	saving   bool
	pred     *forecast.Paper // the set-up's prediction of the paper, kept with the record

	vp   pager
	w, h int
}

func newExamScreen(c *common, cfg examConfig, qs []*bank.Question, tick func() tea.Cmd) *examScreen {
	now := c.now()
	s := newPaper(c, cfg, strconv.FormatInt(now.UnixNano(), 36), now, time.Duration(cfg.Minutes)*time.Minute, tick)
	for _, q := range qs {
		s.add(newQuestion(c, q, false, c.settings.ShuffleOptions), cfg.Specs[q.Type].Points)
	}
	s.enter(0)
	return s
}

// newPaper is a paper with no question yet: exam id, started at started,
// with left on the clock from now.
func newPaper(c *common, cfg examConfig, id string, started time.Time, left time.Duration, tick func() tea.Cmd) *examScreen {
	now := c.now()
	s := &examScreen{c: c, keys: defaultExamKeys(c.lang), cfg: cfg, id: id, started: started, now: now, enteredAt: now,
		deadline: now.Add(left), tick: tick, papers: &paperWriter{st: c.store}}
	s.vp = pager{Width: 10, Height: 5}
	return s
}

// add puts a question on the paper, answered without feedback.
func (s *examScreen) add(qv *question, points float64) *examItem {
	qv.hold = true
	for i := range qv.inputs {
		qv.inputs[i].Blur()
	}
	it := &examItem{qv: qv, points: points}
	s.items = append(s.items, it)
	return it
}

func (s *examScreen) Title() string { return s.c.T("mode.exam") }

func (s *examScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.refresh()
}

// Init starts the countdown and keeps the paper from the start.
func (s *examScreen) Init() tea.Cmd {
	if s.handedIn || len(s.items) == 0 {
		return nil
	}
	var cmds []tea.Cmd
	if s.savedAt.IsZero() {
		cmds = append(cmds, s.savePaper(nil))
	}
	if !s.ticking && s.tick != nil {
		s.ticking = true
		cmds = append(cmds, s.tick())
	}
	return tea.Batch(cmds...)
}

// OwnsKey: esc (it asks before leaving, closes the sheet, or stops
// typing), and every key while an answer is typed.
func (s *examScreen) OwnsKey(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyEsc || s.typing || (s.handedIn && s.saving)
}

// AsksBeforeQuit: ctrl+c comes to the paper, which asks whether to hand
// in, go on or leave keeping the paper.
func (s *examScreen) AsksBeforeQuit() bool {
	return !s.handedIn && len(s.items) > 0 && s.leaving == nil
}

// Flush keeps the paper as it stands when the program quits without
// asking (ctrl+c on a terminal too small to show the question).
func (s *examScreen) Flush() tea.Cmd {
	if s.handedIn || len(s.items) == 0 {
		return nil
	}
	return s.savePaper(nil)
}

func (s *examScreen) item() *examItem { return s.items[s.cur] }

func (s *examScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch {
	case s.handedIn || s.leaving != nil:
		return nil
	case s.ask != askNone:
		return []key.Binding{k.AskMove, k.AskPick, k.Yes, k.No, k.Leave, k.Discard}
	case s.sheet:
		return []key.Binding{k.Move, k.Jump, k.Flag, k.Close, k.Submit}
	case s.typing:
		return []key.Binding{k.StopType, k.Sheet}
	}
	b := s.answerKeys()
	if len(b) > 1 {
		b = b[:1]
	}
	return append(b, k.Next, k.Prev, k.Sheet, k.Flag, k.Submit)
}

// answerKeys are the keys that answer the current question, the main one
// first: the letters of its own options (a-d for four), t/f, or typing.
func (s *examScreen) answerKeys() []key.Binding {
	k := s.keys
	if len(s.items) == 0 {
		return nil
	}
	if s.typing {
		return []key.Binding{k.StopType}
	}
	switch qv := s.item().qv; qv.kind {
	case drill.Single:
		return []key.Binding{choiceHelp(k.Choose, len(qv.order), s.c.T("key.answer")), k.Up, k.Toggle}
	case drill.Multiple:
		return []key.Binding{choiceHelp(k.Choose, len(qv.order), s.c.T("key.toggle")), k.Up, k.Toggle}
	case drill.TrueFalse:
		return []key.Binding{k.TF}
	default:
		return []key.Binding{k.Type}
	}
}

// FullHelp lists what acts now: the answer sheet's keys while it is open,
// else the current question's answer keys (not every kind's).
func (s *examScreen) FullHelp() [][]key.Binding {
	k := s.keys
	switch {
	case s.handedIn || s.leaving != nil:
		return nil
	case s.ask != askNone:
		return [][]key.Binding{{k.AskMove, k.AskPick}, {k.Yes, k.No, k.Leave, k.Discard}}
	case s.sheet:
		return [][]key.Binding{{k.Move, k.Jump, k.Flag}, {k.Close, k.Submit}}
	}
	return [][]key.Binding{
		s.answerKeys(),
		{k.Next, k.Prev, k.Sheet, k.Flag, k.Scroll},
		{k.Submit, withHelp(k.No, "esc", s.c.T("key.exam_pause"))},
	}
}

// enter makes question i the current one, counting the time spent on the
// one left.
func (s *examScreen) enter(i int) {
	if len(s.items) == 0 {
		return
	}
	if s.cur < len(s.items) {
		s.item().took += s.now.Sub(s.enteredAt)
	}
	s.enteredAt = s.now
	s.setTyping(false)
	s.held = false
	s.cur = min(max(i, 0), len(s.items)-1)
	if s.item().qv.kind == drill.Fill {
		s.setTyping(true) // a fill-in question is answered by typing
	}
	s.vp.GotoTop()
	s.refresh()
}

func (s *examScreen) setTyping(on bool) {
	if len(s.items) == 0 {
		return
	}
	qv := s.item().qv
	s.typing = false
	switch qv.kind {
	case drill.Fill:
		for i := range qv.inputs {
			qv.inputs[i].Blur()
		}
		if on {
			qv.inputs[qv.focus].Focus()
			s.typing = true
		}
	case drill.SelfGraded:
		qv.typing = on
		if on {
			qv.area.Focus()
			s.typing = true
		} else {
			qv.area.Blur()
		}
	}
}

func (s *examScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case examTickMsg:
		if s.handedIn || s.leaving != nil {
			s.ticking = false
			return s, nil
		}
		s.now = s.c.now()
		if !s.now.Before(s.deadline) {
			s.ticking = false
			s.timedOut = true
			return s, s.handIn()
		}
		s.refresh()
		return s, tea.Batch(s.tick(), s.savePaperDue())
	case paperSavedMsg:
		return s, s.paperSaved(msg)
	case examSavedMsg:
		s.saving = false
		return s, replace(newExamReport(s.c, msg.rec, s.cfg.Minutes))
	case examSaveFailedMsg:
		s.saving = false
		s.refresh()
		return s, errCmd(msg.err)
	case tea.KeyMsg:
		if s.handedIn {
			if !s.saving && key.Matches(msg, s.keys.Submit, s.keys.Yes) {
				return s, s.saveCmd() // retry after an error
			}
			if !s.saving && msg.Type == tea.KeyEsc {
				return s, back() // give up saving: the error was shown
			}
			return s, nil
		}
		if s.leaving != nil {
			return s, nil // the paper is being kept before leaving
		}
		s.now = s.c.now()
		cmd := s.key(msg)
		s.refresh()
		return s, tea.Batch(cmd, s.savePaperChanged())
	}
	return s, nil
}

func (s *examScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	n := len(s.items)
	if s.ask != askNone {
		return s.answerAsk(msg)
	}
	if key.Matches(msg, k.Quit) {
		s.askFor(askQuit)
		return nil
	}
	if s.sheet {
		cols := s.sheetCols()
		switch {
		case key.Matches(msg, k.Left):
			s.sheetCur = (s.sheetCur + n - 1) % n
		case key.Matches(msg, k.Right):
			s.sheetCur = (s.sheetCur + 1) % n
		case key.Matches(msg, k.Up):
			if s.sheetCur-cols >= 0 {
				s.sheetCur -= cols
			}
		case key.Matches(msg, k.Down):
			if s.sheetCur+cols < n {
				s.sheetCur += cols
			}
		case key.Matches(msg, k.Jump):
			s.sheet = false
			s.enter(s.sheetCur)
		case key.Matches(msg, k.Flag):
			s.items[s.sheetCur].flagged = !s.items[s.sheetCur].flagged
		case key.Matches(msg, k.Close):
			s.sheet = false
		case key.Matches(msg, k.Submit):
			s.askFor(askHandIn)
		}
		return nil
	}
	qv := s.item().qv
	if s.typing {
		fill := qv.kind == drill.Fill
		switch {
		case key.Matches(msg, k.StopType):
			s.setTyping(false)
		case key.Matches(msg, k.Sheet):
			s.setTyping(false)
			s.openSheet()
		case fill && key.Matches(msg, k.Confirm):
			if qv.focus < len(qv.inputs)-1 {
				qv.focusBlank(qv.focus + 1)
			} else if s.cur < n-1 {
				s.enter(s.cur + 1)
			} else {
				s.setTyping(false)
			}
		case fill && key.Matches(msg, k.PrevBlank):
			qv.focusBlank((qv.focus + len(qv.inputs) - 1) % len(qv.inputs))
		case fill && key.Matches(msg, k.Blank):
			qv.focusBlank((qv.focus + 1) % len(qv.inputs))
		default:
			qv.updateInput(msg)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Submit):
		s.askFor(askHandIn)
		return nil
	case key.Matches(msg, k.StopType): // esc asks, going on by default
		s.askFor(askLeave)
		return nil
	case key.Matches(msg, k.Sheet):
		s.openSheet()
		return nil
	case key.Matches(msg, k.Flag):
		s.item().flagged = !s.item().flagged
		return nil
	case k.Page.scroll(&s.vp, msg):
		return nil
	case key.Matches(msg, k.Prev):
		s.enter(s.cur - 1)
		return nil
	}
	nOpts := len(qv.order)
	switch qv.kind {
	case drill.Single, drill.Multiple:
		switch {
		case choosesOption(k.Choose, msg, nOpts):
			qv.pick(choicePos(msg.String()))
			s.held = false
			s.answeredOne()
			return nil
		case key.Matches(msg, k.Toggle):
			qv.pick(qv.cursor)
			s.held = false
			s.answeredOne()
			return nil
		case qv.kind == drill.Multiple && msg.Type == tea.KeyEnter && qv.hasAnswer() && !s.held:
			// enter submits the choice, as in a session (without the
			// feedback); a second enter, or n, goes on
			s.held = true
			s.answeredOne()
			return nil
		case key.Matches(msg, k.Up):
			qv.cursor = (qv.cursor + nOpts - 1) % nOpts
			return nil
		case key.Matches(msg, k.Down):
			qv.cursor = (qv.cursor + 1) % nOpts
			return nil
		}
	case drill.TrueFalse:
		switch {
		case key.Matches(msg, k.TF):
			qv.pickTF(tfKey(msg.String()))
			s.answeredOne()
			return nil
		case key.Matches(msg, k.Toggle):
			qv.pickTF(qv.cursor == 0)
			s.answeredOne()
			return nil
		case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
			qv.cursor = 1 - qv.cursor
			return nil
		}
	case drill.Fill, drill.SelfGraded:
		if key.Matches(msg, k.Type) {
			s.setTyping(true)
			return nil
		}
		switch {
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
			return nil
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
			return nil
		}
	}
	if key.Matches(msg, k.Next) {
		if s.cur < n-1 {
			s.enter(s.cur + 1)
		} else {
			s.openSheet() // the last question: the sheet, to check and hand in
		}
	}
	return nil
}

func (s *examScreen) openSheet() {
	s.sheet = true
	s.sheetCur = s.cur
}

// answeredOne goes on to the next question after an answer that is
// complete in one key (a single choice, true/false, a multiple choice
// confirmed with enter) when the learner asked for it (settings).
func (s *examScreen) answeredOne() {
	if !s.c.settings.ExamAutoAdvance || s.cur >= len(s.items)-1 {
		return
	}
	if qv := s.item().qv; qv.kind == drill.Multiple && !s.held {
		return // options are still being chosen
	}
	s.enter(s.cur + 1)
}

// --- layout ---

func (s *examScreen) counts() (answered, flagged int) {
	for _, it := range s.items {
		if it.qv.hasAnswer() {
			answered++
		}
		if it.flagged {
			flagged++
		}
	}
	return answered, flagged
}

func (s *examScreen) remaining() time.Duration {
	return max(s.deadline.Sub(s.now), 0)
}

func (s *examScreen) refresh() {
	if s.w <= 0 || s.h <= 0 || len(s.items) == 0 {
		return
	}
	s.item().qv.setWidth(s.w)
	ih := s.item().qv.inputLines(s.w, s.h)
	s.vp.Width = s.w
	s.vp.Height = max(s.h-3-ih, 1)
	qv := s.item().qv
	off := s.vp.YOffset
	s.vp.SetLines(qv.bodyParts(s.w)...)
	if qv.hasCursor() {
		off = qv.scrollToCursor(off, s.vp.Height)
	}
	s.vp.SetYOffset(off)
}

func (s *examScreen) inputView() string { return s.item().qv.inputView(s.w) }

func (s *examScreen) statusLine() string {
	c, st := s.c, s.c.st
	it := s.item()
	left := []string{c.T("session.progress", s.cur+1, len(s.items)), c.lang.TypeName(it.qv.q.Type), c.T("exam.points", fmtPoints(it.points))}
	if it.flagged {
		left = append(left, "? "+c.T("exam.flagged"))
	}
	clock := c.T("exam.left", formatElapsed(s.remaining()))
	cw := ansi.StringWidth(clock)
	l := ansi.Truncate(strings.Join(left, " · "), max(s.w-cw-2, 1), "…")
	gap := max(s.w-ansi.StringWidth(l)-cw, 1)
	cs := st.Header
	if s.remaining() <= 5*time.Minute {
		cs = st.Wrong
	}
	return st.Header.Render(l) + strings.Repeat(" ", gap) + cs.Render(clock)
}

func (s *examScreen) footer() string {
	c := s.c
	answered, flagged := s.counts()
	prompt := s.item().qv.askPrompt()
	if s.held {
		prompt = c.T("exam.multi_held")
	}
	line := c.T("exam.progress", answered, len(s.items), flagged) + " · " + prompt
	if s.dropped > 0 {
		line = c.T("exam.dropped", s.dropped) + " · " + line
	}
	return s.c.st.Subtle.Render(ansi.Truncate(line, s.w, "…"))
}

func (s *examScreen) View() string {
	c := s.c
	if len(s.items) == 0 {
		return wrapText(c.T("exam.none"), s.w)
	}
	if s.handedIn {
		msg := c.T("q.saving")
		if s.timedOut {
			msg = c.T("exam.timeout") + " · " + msg
		}
		if !s.saving {
			msg = c.T("exam.save_failed")
		}
		return wrapText(msg, s.w)
	}
	if s.leaving != nil {
		return wrapText(c.T("exam.keeping"), s.w)
	}
	if s.ask != askNone {
		return s.confirmView()
	}
	if s.sheet {
		return s.sheetView()
	}
	parts := []string{s.statusLine(), "", s.vp.View()}
	if in := s.inputView(); in != "" {
		parts = append(parts, "", in)
	}
	parts = append(parts, s.footer())
	return strings.Join(parts, "\n")
}
