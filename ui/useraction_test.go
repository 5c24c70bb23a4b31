package ui

import "testing"

// TestProgressFailureRecordsOnce: the practice position cannot be saved
// once; the learner dismisses the error and presses enter again. The
// answer is logged once and the card reviewed once (the UI used to record
// the answer, then save the position in a second write: the retry recorded
// the answer a second time).
func TestProgressFailureRecordsOnce(t *testing.T) {
	st := newFakeStore()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a")
	st.failProgress = errFake
	d.keys("enter")
	d.expect("disk on fire")
	d.keys("x") // dismiss
	d.expect("客户服务管理的核心是")
	d.keys("enter") // retry
	d.expect("客户服务的渠道包括")
	if n := len(st.logged()); n != 1 {
		t.Errorf("the answer was logged %d times, want once", n)
	}
	if c, _, _ := st.Card("test/s1"); c.Reps != 1 {
		t.Errorf("the card was reviewed %d times, want once", c.Reps)
	}
	if p, _ := st.Progress(practiceFilter{Banks: []string{"test"}}.scope()); p != 1 {
		t.Errorf("practice position %d, want 1", p)
	}
}
