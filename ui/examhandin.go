package ui

// Leaving the exam paper: the question it asks before handing in (S) or
// leaving (esc, ctrl+c), its answer, and handing in — grading the paper
// and saving the exam record with its answers.

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
)

// examAsk is the question the paper asks before handing in or leaving.
type examAsk int

const (
	askNone   examAsk = iota
	askHandIn         // S: the cursor on handing in
	askLeave          // esc: the cursor on going on; leaving goes back
	askQuit           // ctrl+c: the cursor on going on; leaving quits
)

// The choices of the question, in the order shown.
const (
	choiceHandIn = iota
	choiceKeep
	choiceLeave
	nChoices
)

// askFor asks before handing in (S) or leaving (esc, ctrl+c); the cursor
// starts on handing in only when that was asked for.
func (s *examScreen) askFor(a examAsk) {
	s.setTyping(false)
	s.sheet = false
	s.ask, s.askCur = a, choiceKeep
	if a == askHandIn {
		s.askCur = choiceHandIn
	}
}

// answerAsk takes a key while the question is asked: y hands in, n or esc
// goes on, l leaves keeping the paper, Q leaves dropping it, enter takes
// the choice under the cursor, and ctrl+c leaves keeping the paper and
// quits.
func (s *examScreen) answerAsk(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Quit):
		s.ask = askQuit
		return s.choose(choiceLeave)
	case key.Matches(msg, k.Up):
		s.askCur = (s.askCur + nChoices - 1) % nChoices
	case key.Matches(msg, k.Down):
		s.askCur = (s.askCur + 1) % nChoices
	case key.Matches(msg, k.AskPick):
		return s.choose(s.askCur)
	case key.Matches(msg, k.Yes):
		return s.choose(choiceHandIn)
	case key.Matches(msg, k.No):
		return s.choose(choiceKeep)
	case key.Matches(msg, k.Leave):
		return s.choose(choiceLeave)
	case key.Matches(msg, k.Discard):
		s.ask = askNone
		s.handedIn = true // stops the countdown and the saves
		return tea.Sequence(s.discardPaper(), back())
	}
	return nil
}

func (s *examScreen) choose(choice int) tea.Cmd {
	a := s.ask
	s.ask = askNone
	switch choice {
	case choiceHandIn:
		return s.handIn()
	case choiceLeave:
		then := back()
		if a == askQuit {
			then = tea.Quit
		}
		s.leaving = then
		return s.savePaper(then)
	}
	return nil
}

// handIn grades every question, builds the exam record and saves it.
func (s *examScreen) handIn() tea.Cmd {
	if s.handedIn {
		return nil
	}
	end := s.c.now()
	if s.timedOut || end.After(s.deadline) {
		end = s.deadline
	}
	s.now = end
	s.item().took += end.Sub(s.enteredAt)
	s.enteredAt = end
	s.handedIn, s.sheet, s.ask = true, false, askNone
	s.setTyping(false)
	rec := &store.ExamRecord{
		ID:       s.id,
		Started:  s.started,
		Finished: end,
		Bank:     strings.Join(s.cfg.Banks, ","),
		Used:     time.Duration(s.cfg.Minutes)*time.Minute - s.remaining(),
	}
	paper := make([]drill.ExamItem, len(s.items))
	for i, it := range s.items {
		given := ""
		if it.qv.hasAnswer() {
			given = it.qv.given() // as typed: grade spreads blanks typed in one field
		}
		it.qv.grade() // the verdict the review shows
		rec.Answers = append(rec.Answers, store.ExamAnswer{Key: it.qv.q.Key(), Given: given})
		paper[i] = drill.ExamItem{Question: it.qv.q, Points: it.points, Given: it.qv.response()}
	}
	setExamScore(rec, s.cfg.Scoring.Score(paper))
	if p := s.pred; p != nil && len(p.Recall) == len(s.items) {
		for i, it := range s.items {
			rec.Answers[i].Worth = it.points
			if r := p.Recall[i]; !math.IsNaN(r) {
				rec.Answers[i].Recall = &r
			}
		}
		rec.Forecast = &store.ExamForecast{Expected: p.Expected, SeenPoints: p.SeenPoints, UnseenPoints: p.UnseenPoints, Seen: p.Seen, Unseen: p.Unseen}
	}
	s.rec = rec
	s.refresh()
	return s.saveCmd()
}

// saveCmd hands the exam in: the record and every answered objective
// question, in one store call that keeps all or nothing (a retry after an
// error records each answer once).
func (s *examScreen) saveCmd() tea.Cmd {
	s.saving = true
	st, rec := s.c.store, *s.rec
	var answers []store.Answer
	for _, it := range s.items {
		qv := it.qv
		if qv.kind == drill.SelfGraded || !qv.hasAnswer() || qv.correct == nil {
			continue
		}
		answers = append(answers, qv.answer(store.ModeExam, qv.defaultRating(), it.took, rec.Finished))
	}
	recPtr := s.rec
	return func() tea.Msg {
		if err := st.HandInExam(rec, answers); err != nil {
			return examSaveFailedMsg{err: fmt.Errorf("save exam: %w", err)}
		}
		return examSavedMsg{rec: recPtr}
	}
}

// confirmView is the question asked before handing in or leaving: the
// counts, the clock and the three choices, the one under the cursor
// marked.
func (s *examScreen) confirmView() string {
	c, st := s.c, s.c.st
	answered, flagged := s.counts()
	title, leave := "exam.confirm", "exam.choice_leave"
	switch s.ask {
	case askLeave:
		title = "exam.ask_leave"
	case askQuit:
		title, leave = "exam.ask_quit", "exam.choice_quit"
	}
	var out []string
	add := func(style func(...string) string, prefix, l string) {
		for _, w := range wrapIndent(prefix, l, s.w) {
			out = append(out, style(w))
		}
	}
	plain := func(s ...string) string { return strings.Join(s, "") }
	add(st.Bold.Render, "", c.T(title))
	out = append(out, "")
	add(plain, "", c.T("exam.confirm_counts", answered, len(s.items)-answered, flagged))
	add(plain, "", c.T("exam.left", formatElapsed(s.remaining())))
	out = append(out, "")
	curLine := 0
	for i, id := range [nChoices]string{"exam.choice_hand_in", "exam.choice_keep", leave} {
		cur, style := glyphNoCursor, plain
		if i == s.askCur {
			cur, style, curLine = glyphCursor, st.Selected.Render, len(out)
		}
		add(style, cur+" ", c.T(id))
	}
	out = append(out, "")
	add(st.Subtle.Render, "", c.T("exam.confirm_discard"))
	return strings.Join(around(out, curLine, s.h), "\n")
}
