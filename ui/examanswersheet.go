package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The answer sheet (答题卡) of the exam paper: every question as a cell to
// jump to and flag.

// sheet cells: cursor, number padded to the widest, state glyph.
func (s *examScreen) cellWidth() int { return 1 + len(strconv.Itoa(len(s.items))) + 1 + 1 }

func (s *examScreen) sheetCols() int { return max((s.w+1)/s.cellWidth(), 1) }

// sheetView is the answer sheet: every question as a numbered cell showing
// answered (●), not answered (·) or flagged (?), the current one under the
// cursor; a line of type ranges; the counts and the clock.
func (s *examScreen) sheetView() string {
	c, st := s.c, s.c.st
	answered, flagged := s.counts()
	var out []string
	out = append(out, st.Label.Render(c.T("exam.sheet"))+"  "+st.Header.Render(c.T("exam.left", formatElapsed(s.remaining()))))
	out = append(out, flowParts("", []string{c.T("exam.progress", answered, len(s.items), flagged), c.T("exam.legend")}, " · ", s.w)...)
	// which numbers are which type
	var ranges []string
	for i := 0; i < len(s.items); {
		t := s.items[i].qv.q.Type
		j := i
		for j+1 < len(s.items) && s.items[j+1].qv.q.Type == t {
			j++
		}
		r := strconv.Itoa(i + 1)
		if j > i {
			r += "-" + strconv.Itoa(j+1)
		}
		ranges = append(ranges, r+" "+c.lang.TypeName(t))
		i = j + 1
	}
	for _, l := range flowParts("", ranges, " · ", s.w) {
		out = append(out, st.Subtle.Render(l))
	}
	out = append(out, "")
	gridStart := len(out)
	numW := len(strconv.Itoa(len(s.items)))
	cols := s.sheetCols()
	var row []string
	for i, it := range s.items {
		cur := " "
		if i == s.sheetCur {
			cur = glyphCursor
		}
		mark := "·"
		switch {
		case it.flagged:
			mark = "?"
		case it.qv.hasAnswer():
			mark = "●"
		}
		cell := fmt.Sprintf("%s%*d%s", cur, numW, i+1, mark)
		switch {
		case i == s.sheetCur:
			cell = st.Selected.Render(cell)
		case it.flagged:
			cell = st.Missed.Render(cell)
		case it.qv.hasAnswer():
			cell = st.Right.Render(cell)
		}
		row = append(row, cell)
		if len(row) == cols || i == len(s.items)-1 {
			out = append(out, strings.Join(row, " "))
			row = nil
		}
	}
	out = append(out, "", st.Subtle.Render(ansi.Truncate(c.T("exam.sheet_hint"), s.w, "…")))
	// keep the cursor's row in view
	return strings.Join(around(out, gridStart+s.sheetCur/cols, s.h), "\n")
}
