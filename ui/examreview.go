package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// examGradedMsg: a self-grade was saved; rec is the exam with its points.
type examGradedMsg struct{ rec store.ExamRecord }

type examReviewKeys struct {
	Next, Prev, Up, Down, Grade key.Binding
	Page                        pageKeys
}

// examReview shows one answered question with the learner's answer, the
// right one and the explanation; a subjective answer not yet graded can be
// graded with 1-4.
type examReview struct {
	c      *common
	keys   examReviewKeys
	rec    *store.ExamRecord
	idx    int
	qv     *question
	saving bool
	vp     pager
	w, h   int
}

func newExamReview(c *common, rec *store.ExamRecord, idx int) *examReview {
	s := &examReview{c: c, rec: rec, keys: examReviewKeys{
		Next:  key.NewBinding(key.WithKeys("right", "l", "n"), key.WithHelp("←→", c.T("key.prev_next"))),
		Prev:  key.NewBinding(key.WithKeys("left", "h", "p")),
		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", c.T("key.scroll"))),
		Down:  key.NewBinding(key.WithKeys("down", "j")),
		Grade: key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", c.T("key.grade"))),
		Page:  newPageKeys(" "),
	}}
	s.vp = pager{Width: 10, Height: 5}
	s.show(idx)
	return s
}

func (s *examReview) Title() string { return s.c.T("exam.review") }
func (s *examReview) SetSize(w, h int) {
	s.w, s.h = w, h
	s.refresh()
}
func (s *examReview) Init() tea.Cmd { return nil }

func (s *examReview) gradable() bool {
	a := s.rec.Answers[s.idx]
	return s.qv != nil && s.qv.kind == drill.SelfGraded && a.Correct == nil
}

func (s *examReview) ShortHelp() []key.Binding {
	b := []key.Binding{s.keys.Next, s.keys.Up}
	if s.gradable() {
		b = append(b, s.keys.Grade)
	}
	return b
}
func (s *examReview) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *examReview) show(i int) {
	s.idx = min(max(i, 0), len(s.rec.Answers)-1)
	a := s.rec.Answers[s.idx]
	s.qv = nil
	if q, ok := s.c.question(a.Key); ok {
		s.qv = restoreQ(s.c, q, a.Given)
	}
	s.vp.GotoTop()
	s.refresh()
}

func (s *examReview) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case examGradedMsg:
		s.saving = false
		*s.rec = msg.rec
		s.refresh()
	case errMsg:
		s.saving = false
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, s.keys.Next):
			s.show(s.idx + 1)
		case key.Matches(msg, s.keys.Prev):
			s.show(s.idx - 1)
		case s.keys.Page.scroll(&s.vp, msg):
		case key.Matches(msg, s.keys.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, s.keys.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, s.keys.Grade) && s.gradable() && !s.saving:
			return s, s.gradeCmd(fsrs.Rating(int(msg.String()[0] - '0')))
		}
	}
	return s, nil
}

// gradeCmd saves the exam with the points of a self-grade of a subjective
// answer and records the grade.
func (s *examReview) gradeCmd(r fsrs.Rating) tea.Cmd {
	s.saving = true
	q := s.qv.q
	rec := *s.rec
	rec.Answers = append([]store.ExamAnswer(nil), s.rec.Answers...)
	sc := examScore(&rec)
	sc.SelfGrade(s.idx, q.Type, r)
	setExamScore(&rec, sc)
	st, now := s.c.store, s.c.now()
	ans := s.qv.answer(store.ModeExam, r, 0, now)
	// the exam and the grade in one store call: all or nothing, and the
	// grade is recorded once however often it is sent
	return func() tea.Msg {
		if err := st.HandInExam(rec, []store.Answer{ans}); err != nil {
			return errMsg{fmt.Errorf("save exam: %w", err)}
		}
		return examGradedMsg{rec}
	}
}

func (s *examReview) refresh() {
	if s.w <= 0 || s.h <= 0 {
		return
	}
	c, st := s.c, s.c.st
	a := s.rec.Answers[s.idx]
	var out []string
	head := []string{c.T("session.progress", s.idx+1, len(s.rec.Answers))}
	if s.qv != nil {
		head = append(head, c.lang.TypeName(s.qv.q.Type))
	}
	head = append(head, c.T("exam.got", fmtPoints(a.Points)))
	out = append(out, st.Header.Render(ansi.Truncate(strings.Join(head, " · "), s.w, "…")), "")
	if s.qv == nil {
		out = append(out, c.T("mist.gone"))
	} else {
		if a.Given == "" && s.qv.kind != drill.SelfGraded {
			out = append(out, st.Wrong.Render(c.T("exam.unanswered")), "")
		}
		out = append(out, s.qv.bodyLines(s.w)...)
		if s.qv.kind == drill.SelfGraded {
			out = append(out, "")
			switch {
			case s.saving:
				out = append(out, st.Subtle.Render(c.T("q.saving")))
			case a.Correct == nil:
				// break between the grades, never inside one
				parts := strings.Split(c.T("exam.self_grade"), "·")
				for i := range parts {
					parts[i] = strings.TrimSpace(parts[i])
				}
				out = append(out, st.Missed.Render(strings.Join(flowParts("", parts, " · ", s.w), "\n")))
			default:
				out = append(out, st.Subtle.Render(c.T("exam.graded", fmtPoints(a.Points))))
			}
		}
	}
	s.vp.Width, s.vp.Height = s.w, s.h
	off := s.vp.YOffset
	s.vp.SetLines(flatLines(out))
	s.vp.SetYOffset(off)
}

func (s *examReview) View() string { return s.vp.View() }
