package ui

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

// The exam paper in progress, kept in the store (store.SavePaper) as it is
// answered: from the start, on each answer, flag or move to another
// question (an answer being typed when typing stops or the question
// changes), and every paperSaveEvery on the clock. Leaving it (esc or
// ctrl+c, then l) keeps it at once; home and the exam set-up offer to
// resume it (paperOffer), with the time left it had.

// paperSaveEvery is how often the paper is kept while nothing else makes
// it: the time left, and an answer typed at length.
const paperSaveEvery = 30 * time.Second

// paperWriter writes one exam's paper from Cmds, which may run in any
// order: each write takes a number when it is made, and a write made
// before one already done is dropped, so the store keeps the latest state.
type paperWriter struct {
	st     Store
	issued int // the last number handed out (Update's goroutine only)

	mu   sync.Mutex
	done int // the latest write begun, under mu
}

type paperSavedMsg struct {
	err error
	// then is what follows a save made before leaving (back() or
	// tea.Quit); nil for a save made while answering.
	then tea.Cmd
}

// write runs op in a Cmd unless a later write went first; it returns
// op's error (nil when dropped).
func (w *paperWriter) write(op func(Store) error) func() error {
	w.issued++
	n := w.issued
	return func() error {
		w.mu.Lock()
		defer w.mu.Unlock()
		if n < w.done {
			return nil
		}
		w.done = n
		return op(w.st)
	}
}

// paperState is what a save of the paper holds, but the clock: a change
// of it is saved at once.
type paperState struct {
	cur     int
	answers string
}

func (s *examScreen) state() paperState {
	var b strings.Builder
	for _, it := range s.items {
		if it.flagged {
			b.WriteByte('?')
		}
		if it.qv.hasAnswer() {
			b.WriteString(it.qv.given())
		}
		b.WriteByte(0)
	}
	return paperState{cur: s.cur, answers: b.String()}
}

// paper is the paper as it stands, for the store.
func (s *examScreen) paper() store.ExamPaper {
	p := store.ExamPaper{ID: s.id, Started: s.started, Saved: s.now, Left: s.remaining(), Minutes: s.cfg.Minutes,
		Bank: strings.Join(s.cfg.Banks, ","), PartialCredit: s.cfg.Scoring.PartialCredit, Current: s.cur}
	for i, it := range s.items {
		pq := store.PaperQuestion{Key: it.qv.q.Key(), Points: it.points, Flagged: it.flagged, Took: it.took}
		if i == s.cur {
			pq.Took += max(s.now.Sub(s.enteredAt), 0)
		}
		if it.qv.hasAnswer() {
			pq.Given = it.qv.given()
		}
		if !slices.Equal(it.qv.order, identityOrder(len(it.qv.order))) {
			pq.Order = slices.Clone(it.qv.order)
		}
		if pr := s.pred; pr != nil && len(pr.Recall) == len(s.items) && !math.IsNaN(pr.Recall[i]) {
			r := pr.Recall[i]
			pq.Recall = &r
		}
		p.Questions = append(p.Questions, pq)
	}
	p.Predicted = s.pred != nil && len(s.pred.Recall) == len(s.items)
	return p
}

// savePaper keeps the paper as it stands; then, when set, follows a
// successful save (leaving).
func (s *examScreen) savePaper(then tea.Cmd) tea.Cmd {
	p := s.paper()
	s.saved, s.savedAt = s.state(), s.now
	write := s.papers.write(func(st Store) error { return st.SavePaper(p) })
	return func() tea.Msg {
		err := write()
		if errors.Is(err, store.ErrHandedIn) {
			err = nil // handed in meanwhile: nothing left to keep
		}
		return paperSavedMsg{err: err, then: then}
	}
}

// savePaperChanged keeps the paper after a key that changed an answer, a
// flag or the question on screen; an answer being typed is kept when the
// question changes or typing stops.
func (s *examScreen) savePaperChanged() tea.Cmd {
	if s.handedIn || s.leaving != nil || len(s.items) == 0 {
		return nil
	}
	st := s.state()
	if st == s.saved || s.typing && st.cur == s.saved.cur {
		return nil
	}
	return s.savePaper(nil)
}

// savePaperDue keeps the paper when the last save is paperSaveEvery old.
func (s *examScreen) savePaperDue() tea.Cmd {
	if s.handedIn || s.leaving != nil || s.now.Sub(s.savedAt) < paperSaveEvery {
		return nil
	}
	return s.savePaper(nil)
}

func (s *examScreen) paperSaved(msg paperSavedMsg) tea.Cmd {
	if msg.err != nil {
		s.savedAt = time.Time{} // try again on the next tick
		err := fmt.Errorf("keep the exam paper: %w", msg.err)
		if msg.then != nil {
			s.leaving = nil // stay: the paper could not be kept
			s.refresh()
			var tick tea.Cmd
			if !s.ticking && s.tick != nil { // the countdown goes on
				s.ticking = true
				tick = s.tick()
			}
			return tea.Batch(errCmd(err), tick)
		}
		if s.paperFailed || s.handedIn {
			return nil // said already
		}
		s.paperFailed = true
		return errCmd(err)
	}
	s.paperFailed = false
	if msg.then != nil {
		s.handedIn = true // left: no more countdown or saves
		return msg.then
	}
	return nil
}

// discardPaper drops the kept paper (the exam given up).
func (s *examScreen) discardPaper() tea.Cmd {
	id := s.id
	write := s.papers.write(func(st Store) error { return st.DiscardPaper(id) })
	return func() tea.Msg {
		if err := write(); err != nil {
			return errMsg{fmt.Errorf("give up the exam: %w", err)}
		}
		return nil
	}
}

// resumeExamScreen rebuilds a kept paper: its questions in order with
// their option order, answers and flags, the question it was on and the
// time it had left. Questions no longer in the banks are left out
// (counted in dropped).
func resumeExamScreen(c *common, p store.ExamPaper, tick func() tea.Cmd) *examScreen {
	cfg := examConfig{Minutes: p.Minutes, Scoring: drill.Scoring{PartialCredit: p.PartialCredit}}
	if p.Bank != "" {
		cfg.Banks = strings.Split(p.Bank, ",")
	}
	s := newPaper(c, cfg, p.ID, p.Started, p.Left, tick)
	cur := 0
	var recall, points []float64 // of the questions kept, for the prediction
	for i, pq := range p.Questions {
		q, ok := c.question(pq.Key)
		if !ok {
			s.dropped++
			continue
		}
		r := math.NaN()
		if pq.Recall != nil {
			r = *pq.Recall
		}
		recall, points = append(recall, r), append(points, pq.Points)
		qv := newQuestion(c, q, false, false)
		if len(pq.Order) == len(qv.order) {
			qv.order = slices.Clone(pq.Order)
		}
		qv.setGiven(pq.Given)
		it := s.add(qv, pq.Points)
		it.flagged, it.took = pq.Flagged, pq.Took
		if i <= p.Current {
			cur = len(s.items) - 1
		}
	}
	if p.Predicted {
		pred := forecast.PaperOf(recall, points)
		s.pred = &pred
	}
	s.enter(max(cur, 0))
	s.saved = s.state() // as kept
	s.savedAt = s.now
	return s
}

// --- the offer to resume, on home and in the exam set-up ---

type paperLoadedMsg struct {
	paper *store.ExamPaper // nil: none kept
	err   error
}

// paperOffer is the paper kept, offered for resuming.
type paperOffer struct {
	paper    *store.ExamPaper
	reported bool // the paper could not be read, and the error was shown
	// tick starts the countdown's next second; tests replace it.
	tick func() tea.Cmd
}

func newPaperOffer() paperOffer { return paperOffer{tick: examTick} }

// load reads the kept paper.
func (o *paperOffer) load(st Store) tea.Cmd {
	return func() tea.Msg {
		p, ok, err := st.Paper()
		if err != nil || !ok {
			return paperLoadedMsg{err: err}
		}
		return paperLoadedMsg{paper: &p}
	}
}

// loaded takes the paper read; an unreadable one is said once (starting a
// new exam replaces it).
func (o *paperOffer) loaded(msg paperLoadedMsg) tea.Cmd {
	o.paper = msg.paper
	if msg.err != nil && !o.reported {
		o.reported = true
		return errCmd(msg.err)
	}
	return nil
}

func (o *paperOffer) binding(c *common) key.Binding {
	return key.NewBinding(key.WithKeys("r"), key.WithHelp("r", c.T("key.exam_resume")))
}

// help is the resume key for the help bar, when a paper is kept.
func (o *paperOffer) help(c *common) []key.Binding {
	if o.paper == nil {
		return nil
	}
	return []key.Binding{o.binding(c)}
}

// asked reports whether msg asks to resume the paper kept.
func (o *paperOffer) asked(c *common, msg tea.KeyMsg) bool {
	return o.paper != nil && key.Matches(msg, o.binding(c))
}

// summary is the paper in a few words: answered, time left.
func (o *paperOffer) summary(c *common) string {
	p := o.paper
	return c.T("exam.paper_summary", p.Answered(), len(p.Questions), formatElapsed(p.Left))
}

// lines are home's lines for the paper kept (none for none): what it is
// and the key that resumes it.
func (o *paperOffer) lines(c *common, w int) []string {
	if o.paper == nil {
		return nil
	}
	return renderLines(c.st.Missed, wrapIndent("  ", c.T("exam.paper_line", o.summary(c)), w))
}

// open resumes the paper kept; one none of whose questions is in the
// banks any more is dropped, and said so.
func (o *paperOffer) open(c *common) tea.Cmd {
	if o.paper == nil {
		return nil
	}
	ex := resumeExamScreen(c, *o.paper, o.tick)
	if len(ex.items) == 0 {
		o.paper = nil
		return tea.Sequence(ex.discardPaper(), errCmd(errors.New(c.T("exam.paper_gone"))))
	}
	return push(ex)
}
