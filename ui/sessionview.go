package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/store"
)

// The layout of a session: the question in a pager, its text fields and
// the hint under it.

// refresh lays the current question out for the size: body into the
// viewport, text fields under it.
func (s *session) refresh() {
	if s.w <= 0 || s.h <= 0 {
		return
	}
	if s.cur != nil {
		s.cur.setWidth(s.w)
	}
	vh := max(s.h-2-s.inputHeight()-s.noteHeight()-len(s.promptLines()), 1)
	s.vp.Width = s.w
	s.vp.Height = vh
	if q := s.cur; q != nil {
		off := s.vp.YOffset
		s.vp.SetLines(append(q.bodyParts(s.w), s.noteLines())...)
		switch {
		case q.hasCursor():
			off = q.scrollToCursor(off, vh)
		case q.phase != phaseAsking && !s.seenFeedback:
			// just answered: bring the verdict into view
			s.seenFeedback = true
			if q.feedbackLine >= off+vh {
				off = q.feedbackLine - vh/3
			}
		}
		s.vp.SetYOffset(off)
	} else {
		s.vp.SetContent("")
	}
}

// expectsTyping reports whether a question asks for its answer typed: a
// fill-in the source gives no answer for is still a blank to fill, so
// keys type into it at once (s and space too) instead of acting.
func expectsTyping(q *question) bool {
	return q.kind == drill.SelfGraded && q.q.Type == bank.Fill && !q.recite && q.phase == phaseAsking
}

// noteLines are the lines under the question's body: that it cannot be
// answered, and the notes once it is answered.
func (s *session) noteLines() []string {
	q := s.cur
	var out []string
	if q.q.LostOptions() && q.phase == phaseAsking {
		out = append(out, "")
		out = append(out, wrapStyled(s.c.st.Missed, s.c.T("q.lost_short"), s.w)...)
	}
	if q.phase != phaseAsking || q.q.LostOptions() {
		out = append(out, noteLines(s.c, q.q, s.notes[s.curKey], s.w)...)
	}
	return out
}

// noteHeight is the lines the note editor takes under the body.
func (s *session) noteHeight() int {
	if s.note.active {
		return 3
	}
	return 0
}

func (s *session) inputHeight() int {
	if s.cur == nil {
		return 0
	}
	return s.cur.inputLines(s.w, s.h)
}

func (s *session) status() string {
	c, st := s.c, s.c.st
	if s.cur == nil {
		return ""
	}
	q := s.cur.q
	total := len(s.list)
	idx := s.curIdx + 1
	if s.curIdx < 0 {
		idx = s.next
	}
	parts := []string{c.T("session.progress", idx, total)}
	if s.src.mode == store.ModeReview {
		// learning cards come back: count answers and what is left
		parts[0] = fmt.Sprint(len(s.history) + 1)
	}
	if s.cur.stateKnown {
		parts = append(parts, c.T(fmt.Sprintf("state.%d", s.cur.state)))
	}
	if s.src.mode == store.ModeReview {
		parts = append(parts, c.T("session.left", len(s.list)-s.next+len(s.pending)))
	}
	parts = append(parts, c.lang.TypeName(q.Type))
	if q.Section != "" {
		parts = append(parts, bank.Sanitize(q.Section))
	}
	line := strings.Join(parts, " · ")
	star := glyphNoStar
	if s.stars[s.curKey] {
		star = glyphStar
	}
	more := ""
	if total := s.vp.TotalLineCount(); total > s.vp.Height && s.vp.Height > 0 {
		more = fmt.Sprintf(" ↕%d%%", int(s.vp.ScrollPercent()*100+0.5))
	}
	line = ansi.Truncate(line, max(s.w-2-ansi.StringWidth(more), 1), "…")
	return st.Header.Render(line) + " " + st.Star.Render(star) + st.Subtle.Render(more)
}

// promptLines is the hint under the question, wrapped between its
// " · "-separated parts, to three lines at most.
func (s *session) promptLines() []string {
	if s.cur == nil {
		return nil
	}
	const most = 3
	lines := flowParts("", strings.Split(s.promptText(), " · "), " · ", s.w)
	if len(lines) > most {
		lines = lines[:most]
		lines[most-1] = ansi.Truncate(lines[most-1], max(s.w-1, 1), "") + "…"
	}
	return renderLines(s.c.st.Subtle, lines)
}

func (s *session) promptText() string {
	c := s.c
	q := s.cur
	if s.saving {
		return c.T("q.saving")
	}
	var p string
	switch {
	case s.src.recite:
		p = c.T("q.recite_note")
	case q.phase == phaseAsking && q.q.LostOptions() && !q.typing:
		p = c.T("q.lost_prompt")
	case q.phase == phaseAsking:
		p = q.askPrompt()
	case q.phase == phaseAnswered:
		p = c.T("q.go_on")
		if q.correct != nil && *q.correct {
			p = c.T("q.go_on_right")
		}
	default:
		p = q.gradeHint() + " · " + c.T("q.enter_good")
	}
	if s.flash != "" {
		p = s.flash + " · " + p
	}
	return p
}

func (s *session) View() string {
	c, st := s.c, s.c.st
	if !s.loaded {
		return st.Subtle.Render(c.T("app.loading"))
	}
	if s.cur == nil {
		if s.src.empty != nil {
			head, body := s.src.empty(c)
			return st.Bold.Render(head) + "\n\n" + wrapText(body, s.w)
		}
		return st.Bold.Render(c.T("session.empty")) + "\n\n" + wrapText(c.T("session.empty_d"), s.w)
	}
	parts := []string{s.status(), "", s.vp.View()}
	if in := s.cur.inputView(s.w); in != "" {
		parts = append(parts, "", in)
	}
	if s.note.active {
		parts = append(parts, "", s.note.view(s.c, s.w))
	}
	parts = append(parts, s.promptLines()...)
	return strings.Join(parts, "\n")
}
