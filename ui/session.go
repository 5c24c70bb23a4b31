package ui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// learnAhead is how early a learning card that is not yet due may be shown
// again when nothing else is left in a review session.
const learnAhead = 20 * time.Minute

// sessionSource says what a session drills and how it is recorded.
type sessionSource struct {
	mode   string // store.ModeReview, ModePractice, ModeMistakes
	title  string // catalog id of the header title
	recite bool   // 背题: answers shown, nothing recorded
	// load runs in a Cmd: the keys to show in order, and where to start.
	load func() ([]string, int, error)
	// empty, when set, says why a session has nothing to show (a
	// practice's filter, a review with nothing due): a heading and text
	empty func(c *common) (head, body string)
	// more are what a session with nothing to show offers instead
	// (a review: more new cards, practice ahead)
	more []moreOption
	// scope, when set, is the Progress scope of a sequential practice:
	// the position after each answer is saved under it (背题 saves the
	// question on screen when it ends).
	scope string
}

// moreOption is a key that opens another session in place of an empty one.
type moreOption struct {
	keys key.Binding
	open func(c *common) Screen
}

// answeredItem is one recorded answer of the session, kept for undo and
// the summary.
type answeredItem struct {
	key      string
	receipt  store.Receipt
	correct  bool // right, or self-graded above Again
	graded   bool // self-graded (no objective verdict)
	rating   fsrs.Rating
	index    int  // position in the session list (for practice progress)
	learning bool // re-queued as a learning card
}

type pendingCard struct {
	key string
	due time.Time
}

type (
	sessionLoadedMsg struct {
		keys  []string
		start int
		stars map[string]bool
		notes map[string]string
	}
	recordedMsg struct {
		receipt store.Receipt // with the card the answer left
		rating  fsrs.Rating
		leave   bool // esc was pressed while the answer was waiting
	}
	undoneMsg  struct{}
	previewMsg struct {
		key   string
		cards [4]fsrs.Card
		at    time.Time // the time the preview was made for
		state fsrs.State
		seen  bool // the question was answered before
	}
	starredMsg struct {
		key string
		on  bool
	}
)

// session drills a list of questions one at a time (Review, Practice,
// Mistakes).
type session struct {
	c    *common
	src  sessionSource
	keys sessionKeys
	vp   pager
	w, h int

	loaded  bool
	list    []string // every key of the session, in order
	next    int      // index in list of the next key to show
	curIdx  int      // index in list of the current key (-1: a learning re-show)
	cur     *question
	curKey  string
	pending []pendingCard // review: learning cards to show again when due
	history []answeredItem
	recited map[string]bool // 背题: every question shown
	stars   map[string]bool
	notes   map[string]string // the learner's notes, by key
	note    noteEditor
	atEnd   bool // every question of the list was shown
	saving  bool
	// typedAhead holds the keys pressed while an answer was being written,
	// played in order once it is (enter then esc at once both act)
	typedAhead []tea.KeyMsg
	flash      string
	// seenFeedback is set once the feedback of the current question was
	// scrolled into view
	seenFeedback bool
	started      time.Time
}

func newSession(c *common, src sessionSource) *session {
	s := &session{c: c, src: src, keys: defaultSessionKeys(c.lang), started: c.now(), curIdx: -1, stars: map[string]bool{}, recited: map[string]bool{}}
	s.vp = pager{Width: 10, Height: 5}
	return s
}

func (s *session) Title() string {
	t := s.c.T(s.src.title)
	if s.src.recite {
		t += " · " + s.c.T("mode.recite")
	}
	return t
}

func (s *session) SetSize(w, h int) {
	s.w, s.h = w, h
	s.refresh()
}

// Init loads the session's keys and the stars once.
func (s *session) Init() tea.Cmd {
	if s.loaded {
		return nil
	}
	load, st := s.src.load, s.c.store
	return func() tea.Msg {
		keys, start, err := load()
		if err != nil {
			return errMsg{err}
		}
		stars, err := st.Stars()
		if err != nil {
			return errMsg{fmt.Errorf("stars: %w", err)}
		}
		notes, err := st.Notes()
		if err != nil {
			return errMsg{fmt.Errorf("notes: %w", err)}
		}
		return sessionLoadedMsg{keys: keys, start: start, stars: stars, notes: notes}
	}
}

// OwnsKey: esc always belongs to the session (it saves and shows the
// summary); while an answer is typed every key does.
func (s *session) OwnsKey(msg tea.KeyMsg) bool {
	if msg.Type == tea.KeyEsc || s.note.active {
		return true
	}
	return s.cur != nil && s.cur.isTyping()
}

// Flush records an answer that is shown but not yet saved, or where a
// 背题 stopped (ctrl+c).
func (s *session) Flush() tea.Cmd {
	if s.src.recite {
		return s.recitePosCmd()
	}
	if s.cur == nil || s.saving || s.cur.phase != phaseAnswered {
		return nil
	}
	return s.recordCmd(s.cur.defaultRating(), false)
}

func (s *session) ShortHelp() []key.Binding {
	k := s.keys
	if s.cur == nil {
		b := []key.Binding{k.Leave}
		if s.loaded {
			for _, m := range s.src.more {
				b = append(b, m.keys)
			}
		}
		return b
	}
	q := s.cur
	if s.note.active {
		return []key.Binding{withHelp(k.Submit, "enter", s.c.T("key.save")), withHelp(k.Leave, "esc", s.c.T("key.cancel"))}
	}
	if s.src.recite {
		return []key.Binding{k.Next, k.Prev, k.Star, k.Leave, k.Note, k.Scroll}
	}
	switch q.phase {
	case phaseAsking:
		switch q.kind {
		case drill.Single:
			return []key.Binding{choiceHelp(k.Choose, len(q.order), s.c.T("key.answer")), k.Up, k.Star, k.Undo, k.Leave}
		case drill.Multiple:
			sub := k.Submit
			return []key.Binding{choiceHelp(k.Choose, len(q.order), s.c.T("key.toggle")), sub, k.Star, k.Undo, k.Leave}
		case drill.TrueFalse:
			return []key.Binding{k.TF, k.Star, k.Undo, k.Leave}
		case drill.Fill:
			return []key.Binding{k.Submit, k.Blank, k.Leave}
		default:
			if q.typing {
				return []key.Binding{k.TypedReveal, k.StopType}
			}
			if q.q.LostOptions() {
				return []key.Binding{withHelp(k.Reveal, "space", s.c.T("key.self_rate")), k.Skip, k.Star, k.Undo, k.Leave}
			}
			return []key.Binding{k.Reveal, k.Type, k.Star, k.Undo, k.Leave}
		}
	case phaseAnswered:
		b := []key.Binding{k.Next}
		if q.correct != nil && *q.correct {
			b = append(b, k.HardEasy)
		}
		return append(b, k.Star, k.Undo, k.Leave, k.Note, k.Scroll)
	default:
		return []key.Binding{k.Grade, k.Suggested, k.Star, k.Undo, k.Leave, k.Note, k.Scroll}
	}
}

// FullHelp: the keys of the moment, then moving and the session's own
// keys, each listed once.
func (s *session) FullHelp() [][]key.Binding {
	k := s.keys
	if s.cur == nil {
		// nothing to answer: no moving, scrolling, undo or star either
		return [][]key.Binding{s.ShortHelp()}
	}
	rest := [][]key.Binding{{k.Up, k.Scroll}, {k.Undo, k.Star, k.Leave}}
	if s.src.recite {
		rest[1] = []key.Binding{k.Star, k.Leave} // nothing to undo
	}
	listed := map[key.Help]bool{}
	for _, g := range rest {
		for _, b := range g {
			listed[b.Help()] = true
		}
	}
	var now []key.Binding
	for _, b := range s.ShortHelp() {
		if !listed[b.Help()] {
			now = append(now, b)
		}
	}
	return append([][]key.Binding{now}, rest...)
}

// --- commands (all IO happens here) ---

func (s *session) recordCmd(r fsrs.Rating, leave bool) tea.Cmd {
	q := s.cur
	a := q.answer(s.src.mode, r, q.answered.Sub(q.shownAt), s.c.now())
	st := s.c.store
	var pos store.Position // saved with the answer, so an error keeps neither
	if s.src.scope != "" && s.curIdx >= 0 {
		pos = store.Position{Scope: s.src.scope, Next: s.curIdx + 1}
		if pos.Next >= len(s.list) {
			pos.Next = 0 // finished: the next sequential practice starts over
		}
	}
	s.saving = true
	return func() tea.Msg {
		rc, err := st.RecordAnswer(a, pos)
		if err != nil {
			return errMsg{fmt.Errorf("record %s: %w", a.Key, err)}
		}
		return recordedMsg{receipt: rc, rating: r, leave: leave}
	}
}

// undoCmd reverts the last answer, the practice position saved with it
// included.
func (s *session) undoCmd(it answeredItem) tea.Cmd {
	st := s.c.store
	return func() tea.Msg {
		if err := st.Undo(it.receipt); err != nil {
			return errMsg{fmt.Errorf("undo: %w", err)}
		}
		return undoneMsg{}
	}
}

// recitePosCmd saves where a sequential 背题 resumes: at the question on
// screen, or from the start once the whole list was shown.
func (s *session) recitePosCmd() tea.Cmd {
	if !s.src.recite || s.src.scope == "" || !s.loaded || len(s.list) == 0 {
		return nil
	}
	pos := 0
	if !s.atEnd && s.curIdx >= 0 {
		pos = s.curIdx
	}
	st, scope := s.c.store, s.src.scope
	return func() tea.Msg {
		if err := st.SetProgress(scope, pos); err != nil {
			return errMsg{fmt.Errorf("progress: %w", err)}
		}
		return nil
	}
}

func (s *session) previewCmd(k string) tea.Cmd {
	if s.src.recite {
		return nil
	}
	st, now := s.c.store, s.c.now()
	return func() tea.Msg {
		cards, err := st.Preview(k, now)
		if err != nil {
			return errMsg{fmt.Errorf("preview %s: %w", k, err)}
		}
		card, seen, err := st.Card(k)
		if err != nil {
			return errMsg{fmt.Errorf("card %s: %w", k, err)}
		}
		return previewMsg{key: k, cards: cards, at: now, state: card.State, seen: seen}
	}
}

// starCmd stars or unstars a question; the result comes back as a
// starredMsg (the session and browse both use it).
func starCmd(st Store, k string, on bool) tea.Cmd {
	return func() tea.Msg {
		if err := st.SetStar(k, on); err != nil {
			return errMsg{fmt.Errorf("star: %w", err)}
		}
		return starredMsg{key: k, on: on}
	}
}

// --- flow ---

// advance shows the next question: a learning card that is due, the next
// of the list, or a learning card within learnAhead; otherwise the session
// ends with its summary.
func (s *session) advance() tea.Cmd {
	s.flash = ""
	now := s.c.now()
	pick := -1
	for i, p := range s.pending {
		if !p.due.After(now) && (pick < 0 || p.due.Before(s.pending[pick].due)) {
			pick = i
		}
	}
	if pick < 0 && s.next >= len(s.list) {
		for i, p := range s.pending {
			if p.due.Sub(now) <= learnAhead && (pick < 0 || p.due.Before(s.pending[pick].due)) {
				pick = i
			}
		}
	}
	var k string
	switch {
	case pick >= 0:
		k = s.pending[pick].key
		s.pending = append(s.pending[:pick], s.pending[pick+1:]...)
		s.curIdx = -1
	case s.next < len(s.list):
		k = s.list[s.next]
		s.curIdx = s.next
		s.next++
	default:
		s.atEnd = true
		return s.finish()
	}
	q, ok := s.c.question(k)
	if !ok {
		// a key no bank holds any more (e.g. an old mistake): skip it
		return s.advance()
	}
	s.show(k, q)
	return s.previewCmd(k)
}

func (s *session) show(k string, q *bank.Question) {
	s.curKey = k
	if s.src.recite {
		s.recited[k] = true
	}
	s.cur = newQuestion(s.c, q, s.src.recite, s.c.settings.ShuffleOptions)
	if expectsTyping(s.cur) {
		s.cur.typing = true
		s.cur.area.Focus()
	}
	s.cur.setWidth(s.w)
	s.seenFeedback = s.src.recite
	s.vp.GotoTop()
	s.refresh()
}

// finish leaves the session with its summary (even when nothing was
// answered); a session that had nothing to show goes straight back.
func (s *session) finish() tea.Cmd {
	if !s.loaded {
		return back()
	}
	if len(s.list) == 0 && len(s.history) == 0 {
		return back()
	}
	return tea.Batch(s.recitePosCmd(), replace(newSummary(s.c, s.summaryData())))
}

func (s *session) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionLoadedMsg:
		s.loaded = true
		s.list = msg.keys
		s.next = min(max(msg.start, 0), len(msg.keys))
		if msg.stars != nil {
			s.stars = msg.stars
		}
		s.notes = msg.notes
		if len(s.list) == 0 || s.next >= len(s.list) {
			s.refresh()
			return s, nil
		}
		return s, s.advance()
	case previewMsg:
		if s.cur != nil && msg.key == s.curKey {
			c := msg.cards
			s.cur.preview, s.cur.previewAt = &c, msg.at
			s.cur.state, s.cur.stateKnown = msg.state, true
			if !msg.seen {
				s.cur.state = fsrs.StateNew
			}
			s.refresh()
		}
		return s, nil
	case starredMsg:
		s.stars[msg.key] = msg.on
		if msg.key == s.curKey {
			s.flash = s.c.T("q.unstarred")
			if msg.on {
				s.flash = s.c.T("q.starred")
			}
		}
		s.refresh()
		return s, nil
	case notedMsg:
		if s.notes == nil {
			s.notes = map[string]string{}
		}
		s.notes[msg.key] = msg.note
		if msg.key == s.curKey {
			s.flash = s.c.T("note.saved")
		}
		s.refresh()
		return s, nil
	case recordedMsg:
		return s, s.recorded(msg)
	case undoneMsg:
		return s, s.undone()
	case errMsg:
		s.saving = false
		s.typedAhead = nil // the error is shown; keys meant after it are not
		return s, nil
	case tea.KeyMsg:
		cmd := s.key(msg)
		s.refresh()
		return s, cmd
	}
	return s, nil
}

func (s *session) recorded(msg recordedMsg) tea.Cmd {
	s.saving = false
	q := s.cur
	it := answeredItem{key: s.curKey, receipt: msg.receipt, rating: msg.rating, index: s.curIdx, graded: q.kind == drill.SelfGraded}
	if q.correct != nil && q.kind != drill.SelfGraded {
		it.correct = *q.correct
	} else {
		it.correct = msg.rating > fsrs.Again
	}
	if card := msg.receipt.Card; s.src.mode == store.ModeReview &&
		(card.State == fsrs.StateLearning || card.State == fsrs.StateRelearning) &&
		card.Due.Sub(s.c.now()) < 24*time.Hour {
		s.pending = append(s.pending, pendingCard{key: s.curKey, due: card.Due})
		it.learning = true
	}
	s.history = append(s.history, it)
	if msg.leave {
		s.typedAhead = nil
		return s.finish()
	}
	return s.playTypedAhead(s.advance())
}

// playTypedAhead runs cmd, then hands the keys typed while the answer was
// being written back to the program, in order.
func (s *session) playTypedAhead(cmd tea.Cmd) tea.Cmd {
	if len(s.typedAhead) == 0 {
		return cmd
	}
	cmds := []tea.Cmd{cmd}
	for _, k := range s.typedAhead {
		cmds = append(cmds, func() tea.Msg { return k })
	}
	s.typedAhead = nil
	return tea.Sequence(cmds...)
}

func (s *session) undone() tea.Cmd {
	s.saving = false
	if len(s.history) == 0 {
		return nil
	}
	it := s.history[len(s.history)-1]
	s.history = s.history[:len(s.history)-1]
	if it.learning {
		for i := len(s.pending) - 1; i >= 0; i-- {
			if s.pending[i].key == it.key {
				s.pending = append(s.pending[:i], s.pending[i+1:]...)
				break
			}
		}
	}
	// put the current question back where it came from
	if s.cur != nil {
		if s.curIdx >= 0 {
			s.next = s.curIdx
		} else {
			s.pending = append(s.pending, pendingCard{key: s.curKey, due: s.c.now()})
		}
	}
	q, ok := s.c.question(it.key)
	if !ok {
		return s.advance()
	}
	s.curIdx = it.index
	if it.index >= 0 {
		s.next = it.index + 1
	}
	s.show(it.key, q)
	s.flash = s.c.T("q.undone")
	s.refresh()
	return s.playTypedAhead(s.previewCmd(it.key))
}

// maxTypedAhead bounds the keys kept while an answer is written.
const maxTypedAhead = 16

// key handles a key press in the session.
func (s *session) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if s.saving {
		// the answer is being written: the key acts once it is
		if len(s.typedAhead) < maxTypedAhead {
			s.typedAhead = append(s.typedAhead, msg)
		}
		return nil
	}
	s.flash = "" // a notice (undone, starred) stays until the next key
	if s.note.active {
		return s.note.update(s.c.store, msg)
	}
	q := s.cur
	if q == nil {
		if key.Matches(msg, k.Leave) {
			return back()
		}
		for _, m := range s.src.more {
			if s.loaded && key.Matches(msg, m.keys) {
				return replace(m.open(s.c))
			}
		}
		return nil
	}
	// keys that work in every phase (but not while typing)
	if !q.isTyping() {
		switch {
		case key.Matches(msg, k.Leave):
			if !s.src.recite && q.phase == phaseAnswered {
				return s.recordCmd(q.defaultRating(), true)
			}
			return s.finish()
		case key.Matches(msg, k.Star):
			return starCmd(s.c.store, s.curKey, !s.stars[s.curKey])
		case key.Matches(msg, k.Note) && q.phase != phaseAsking:
			s.note.start(s.c, s.curKey, s.notes[s.curKey], s.w)
			return nil
		case key.Matches(msg, k.Undo) && !s.src.recite:
			if q.phase == phaseAnswered {
				// shown but not yet recorded: just ask again
				order := q.order
				s.cur = newQuestion(s.c, q.q, false, false)
				s.cur.order = order
				s.cur.preview, s.cur.previewAt = q.preview, q.previewAt
				s.cur.state, s.cur.stateKnown = q.state, q.stateKnown
				s.cur.setWidth(s.w)
				s.seenFeedback = false
				s.flash = s.c.T("q.undone")
				return nil
			}
			if len(s.history) == 0 {
				s.flash = s.c.T("q.nothing_to_undo")
				return nil
			}
			s.saving = true
			return s.undoCmd(s.history[len(s.history)-1])
		case k.Page.scroll(&s.vp, msg):
			return nil
		}
	}
	if s.src.recite {
		switch {
		case key.Matches(msg, k.Next):
			return s.advance()
		case key.Matches(msg, k.Prev):
			if s.curIdx > 0 {
				s.next = s.curIdx - 1
				return s.advance()
			}
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		}
		return nil
	}
	switch q.phase {
	case phaseAsking:
		return s.asking(msg)
	case phaseAnswered:
		switch {
		case key.Matches(msg, k.Next):
			return s.recordCmd(q.defaultRating(), false)
		case key.Matches(msg, k.HardEasy, k.Good) && q.correct != nil && *q.correct:
			return s.recordCmd(fsrs.Rating(int(msg.String()[0]-'0')), false) // 2 Hard, 3 Good, 4 Easy
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		}
	case phaseRevealed:
		switch {
		case key.Matches(msg, k.Suggested):
			return s.recordCmd(fsrs.Good, false)
		case key.Matches(msg, k.Grade):
			return s.recordCmd(fsrs.Rating(int(msg.String()[0]-'0')), false)
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		}
	}
	return nil
}
