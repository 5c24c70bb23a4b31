package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
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
	vh := max(s.h-2-s.inputHeight()-len(s.promptLines()), 1)
	s.vp.Width = s.w
	s.vp.Height = vh
	if q := s.cur; q != nil {
		off := s.vp.YOffset
		s.vp.SetLines(q.bodyParts(s.w)...)
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
	if s.cur.stateKnown {
		parts = append(parts, c.T(fmt.Sprintf("state.%d", s.cur.state)))
	}
	parts = append(parts, c.lang.TypeName(q.Type))
	if q.Section != "" {
		parts = append(parts, sanitize(q.Section))
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

// promptLines is the hint under the question, wrapped to two lines at
// most.
func (s *session) promptLines() []string {
	if s.cur == nil {
		return nil
	}
	lines := wrap(s.promptText(), max(s.w, 1))
	if len(lines) > 2 {
		lines = lines[:2]
		lines[1] = ansi.Truncate(lines[1], max(s.w-1, 1), "") + "…"
	}
	for i := range lines {
		lines[i] = s.c.st.Subtle.Render(lines[i])
	}
	return lines
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
	case q.phase == phaseAsking:
		p = q.askPrompt()
	case q.phase == phaseAnswered:
		p = c.T("q.go_on")
		if q.correct != nil && *q.correct {
			p = c.T("q.go_on_right")
		}
	default:
		p = q.gradeHint()
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
		return st.Bold.Render(c.T("session.empty")) + "\n\n" + wrapText(c.T("session.empty_d"), s.w)
	}
	parts := []string{s.status(), "", s.vp.View()}
	if in := s.cur.inputView(s.w); in != "" {
		parts = append(parts, "", in)
	}
	parts = append(parts, s.promptLines()...)
	return strings.Join(parts, "\n")
}
