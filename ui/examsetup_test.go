package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestStepMinutes (issue 11 D13): the exam time steps by one minute up to
// five and by five on multiples of five above, the same way up and down,
// within the limits; a time started off the grid (--minutes 29) joins it.
func TestStepMinutes(t *testing.T) {
	for _, c := range []struct{ from, d, want int }{
		{30, -1, 25}, {10, -1, 5}, {6, -1, 5}, {5, -1, 4}, {2, -1, 1}, {1, -1, 1},
		{1, 1, 2}, {4, 1, 5}, {5, 1, 10}, {25, 1, 30},
		{29, -1, 25}, {29, 1, 30}, {31, -1, 30}, {7, 1, 10}, {7, -1, 5},
		{maxExamMinutes, 1, maxExamMinutes}, {maxExamMinutes - 2, 1, maxExamMinutes}, {maxExamMinutes, -1, maxExamMinutes - 5},
	} {
		if got := stepMinutes(c.from, c.d); got != c.want {
			t.Errorf("%d minutes, step %+d: %d, want %d", c.from, c.d, got, c.want)
		}
	}
	// Down from the default to the bottom and back up is the same path.
	var down, up []int
	for m := defaultExamMinutes; m > 1; m = stepMinutes(m, -1) {
		down = append(down, m)
	}
	for m := 1; m < defaultExamMinutes; m = stepMinutes(m, 1) {
		up = append([]int{stepMinutes(m, 1)}, up...)
	}
	if len(up) != len(down) {
		t.Fatalf("down %v, up %v: not the same path", down, up)
	}
	for i := range up {
		if up[i] != down[i] {
			t.Fatalf("down %v, up %v: not the same path", down, up)
		}
	}
}

// TestMinutesRowKeys: left and right on the minutes row of the set-up step
// the time as stepMinutes does.
func TestMinutesRowKeys(t *testing.T) {
	s := &examSetup{cfg: examConfig{Minutes: 6}}
	for _, want := range []int{5, 4} {
		s.adjust(erow{kind: erowMinutes}, -1)
		if s.cfg.Minutes != want {
			t.Fatalf("left: %d minutes, want %d", s.cfg.Minutes, want)
		}
	}
	s.adjust(erow{kind: erowMinutes}, 1)
	s.adjust(erow{kind: erowMinutes}, 1)
	if s.cfg.Minutes != 10 {
		t.Fatalf("right twice from 4: %d minutes, want 10", s.cfg.Minutes)
	}
	s.cfg.Minutes = 29 // --minutes 29
	s.adjust(erow{kind: erowMinutes}, -1)
	if s.cfg.Minutes != 25 {
		t.Fatalf("left from 29: %d minutes, want 25", s.cfg.Minutes)
	}
}

// TestExamSetupNarrowKeepsFigures: at 40 columns the type rows take their
// short form, all alike, and the start row and the scoring note wrap
// rather than lose their figures behind "…".
func TestExamSetupNarrowKeepsFigures(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, w := range []int{40, 60, 80} {
			d := newDriver(t, examCfg(newFakeStore(), lang, nil), w, 40)
			view := d.view()
			for _, line := range strings.Split(view, "\n") {
				if lw := ansi.StringWidth(line); lw > w {
					t.Errorf("%s %d cols: line of %d cells: %q", lang, w, lw, line)
				}
			}
			setup := d.m.active().(*examSetup)
			layout := setup.layout()
			for i, r := range setup.rows {
				switch r.kind {
				case erowType, erowStart, erowNote:
					if line := setup.rowLine(i, r, layout); strings.Contains(line, "…") {
						t.Errorf("%s %d cols: row cut: %q", lang, w, line)
					}
				}
			}
			short := layout.typeRow == "exam.type_row_short"
			if short != (w == 40 && lang == "en") {
				t.Errorf("%s %d cols: short type rows %v", lang, w, short)
			}
		}
	}
}
