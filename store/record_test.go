package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

func TestRecordUndoRoundTrip(t *testing.T) {
	s := newTestStore(t)
	steps := []Answer{
		ans("b/1", t0, true),                     // new card, right: no mistake entry
		ans("b/2", t0.Add(time.Minute), false),   // new card, wrong: mistake entry created
		ans("b/1", t0.Add(2*time.Minute), false), // existing card, wrong
		ans("b/2", t0.Add(20*time.Minute), true), // existing mistake, right
		ans("b/3", t0.Add(-time.Hour), true),     // earlier than the last log key
		ans("b/1", t0.Add(30*time.Hour), true),   // next local day
		{Key: "b/9", Type: bank.Essay, Section: "五、论述题", Mode: ModePractice, Rating: fsrs.Hard, At: t0.Add(31 * time.Hour)}, // self-graded
	}
	for i, a := range steps {
		before := dump(t, s)
		r := mustRecord(t, s, a)
		if mid := dump(t, s); mid == before {
			t.Fatalf("step %d: RecordAnswer changed nothing", i)
		}
		if err := s.Undo(r); err != nil {
			t.Fatalf("step %d: undo: %v", i, err)
		}
		if after := dump(t, s); after != before {
			t.Fatalf("step %d: undo is not exact: %s", i, firstDiff(before, after))
		}
		mustRecord(t, s, a) // keep it, so the next step starts from a richer state
	}

	// A stack of receipts undone newest first returns to the start.
	start := dump(t, s)
	var rs []Receipt
	for i := range 6 {
		rs = append(rs, mustRecord(t, s, ans(fmt.Sprintf("b/%d", i%3), t0.Add(time.Duration(40+i)*time.Hour), i%2 == 0)))
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if err := s.Undo(rs[i]); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
	}
	if after := dump(t, s); after != start {
		t.Fatalf("undo stack is not exact: %s", firstDiff(start, after))
	}
}

func TestUndoStale(t *testing.T) {
	s := newTestStore(t)
	r1 := mustRecord(t, s, ans("b/1", t0, true))
	mustRecord(t, s, ans("b/2", t0.Add(time.Minute), true))
	before := dump(t, s)
	err := s.Undo(r1)
	if !errors.Is(err, ErrStale) {
		t.Fatalf("undo of an older answer: got %v, want ErrStale", err)
	}
	if after := dump(t, s); after != before {
		t.Fatalf("failed undo changed the database: %s", firstDiff(before, after))
	}
	if err := s.Undo(Receipt{}); err == nil {
		t.Fatal("undo of an empty receipt succeeded")
	}
}

func TestRecordFailureLeavesNothing(t *testing.T) {
	for _, stage := range []string{"card", "log", "mistake", "agg"} {
		t.Run(stage, func(t *testing.T) {
			s := newTestStore(t)
			mustRecord(t, s, ans("b/1", t0, false))
			before := dump(t, s)
			injected := errors.New("injected failure")
			s.failAt = func(st string) error {
				if st == stage {
					return injected
				}
				return nil
			}
			if _, err := s.RecordAnswer(ans("b/1", t0.Add(time.Hour), false), Position{}); !errors.Is(err, injected) {
				t.Fatalf("Record: got %v, want the injected error", err)
			}
			if after := dump(t, s); after != before {
				t.Fatalf("failed RecordAnswer left changes: %s", firstDiff(before, after))
			}
			s.failAt = nil
			mustRecord(t, s, ans("b/1", t0.Add(time.Hour), false))
			h, err := s.History("b/1")
			if err != nil || len(h) != 2 {
				t.Fatalf("history after retry: %d entries, %v", len(h), err)
			}
		})
	}
}

func TestRecordRejectsBadAnswers(t *testing.T) {
	s := newTestStore(t)
	bad := []Answer{
		{Type: bank.Single, Mode: ModeReview, Rating: fsrs.Good, At: t0},
		{Key: "b/1", Mode: ModeReview, Rating: 0, At: t0},
		{Key: "b/1", Mode: ModeReview, Rating: 5, At: t0},
		{Key: "b/1", Mode: "browse", Rating: fsrs.Good, At: t0},
		{Key: "b/1", Mode: ModeReview, Rating: fsrs.Good},
	}
	before := dump(t, s)
	for _, a := range bad {
		if _, err := s.RecordAnswer(a, Position{}); !errors.Is(err, ErrBadAnswer) {
			t.Errorf("RecordAnswer(%+v): got %v, want ErrBadAnswer", a, err)
		}
	}
	if after := dump(t, s); after != before {
		t.Fatal("rejected answers changed the database")
	}
}

func TestRecordStateAndHistory(t *testing.T) {
	s := newTestStore(t)
	mustRecord(t, s, ans("b/1", t0, true))
	c, ok, err := s.Card("b/1")
	if err != nil || !ok {
		t.Fatalf("card: %v %v", ok, err)
	}
	sched, _ := fsrs.New(fsrs.DefaultParams())
	want, _ := sched.Review(fsrs.NewCard(t0.UTC()), t0.UTC(), fsrs.Good)
	if !c.Due.Equal(want.Due) || c.State != want.State || c.Stability != want.Stability {
		t.Fatalf("card = %+v, want %+v", c, want)
	}
	if _, ok, _ := s.Card("b/2"); ok {
		t.Fatal("unanswered card reported as present")
	}
	p, err := s.Preview("b/1", t0.Add(10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	wantP := sched.Preview(c, t0.Add(10*time.Minute).UTC())
	for i := range p {
		if !p[i].Due.Equal(wantP[i].Due) {
			t.Fatalf("preview[%d] due %v, want %v", i, p[i].Due, wantP[i].Due)
		}
	}

	mustRecord(t, s, ans("b/2", t0.Add(time.Minute), false))
	mustRecord(t, s, ans("b/1", t0.Add(11*time.Minute), false))
	h, err := s.History("b/1")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].StateBefore != fsrs.StateNew || h[1].StateBefore != fsrs.StateLearning ||
		*h[1].Correct || h[1].Given != "B" || h[1].Mode != ModeReview || h[1].Took != 3*time.Second ||
		!h[1].At.Equal(t0.Add(11*time.Minute)) {
		t.Fatalf("history = %+v", h)
	}
	if h, _ := s.History("b/"); len(h) != 0 {
		t.Fatalf("history of a key prefix = %+v", h)
	}
}

func TestMistakeMasteryAndReopen(t *testing.T) {
	s := newTestStore(t)
	at := t0
	next := func() time.Time { at = at.Add(time.Hour); return at }
	mustRecord(t, s, ans("b/1", next(), true)) // right first: no entry
	if m, _ := s.Mistakes(MistakeFilter{}); len(m) != 0 {
		t.Fatalf("right answer made a mistake entry: %+v", m)
	}
	wrongAt := next()
	a := ans("b/1", wrongAt, false)
	a.Given = "C"
	mustRecord(t, s, a)
	mustRecord(t, s, ans("b/1", next(), false))
	m := mistakesOf(t, s, MistakeFilter{Open: true})
	if len(m) != 1 || m[0].TimesWrong != 2 || m[0].LastWrong != "B" || m[0].Consecutive != 0 || m[0].Mastered {
		t.Fatalf("after two wrong: %+v", m)
	}
	mustRecord(t, s, ans("b/1", next(), true))
	m = mistakesOf(t, s, MistakeFilter{})
	if m[0].Consecutive != 1 || m[0].Mastered {
		t.Fatalf("after one right: %+v", m[0])
	}
	masteredAt := next()
	mustRecord(t, s, ans("b/1", masteredAt, true))
	m = mistakesOf(t, s, MistakeFilter{})
	if m[0].Consecutive != 2 || !m[0].Mastered || !m[0].MasteredAt.Equal(masteredAt) {
		t.Fatalf("after two right (mastery count 2): %+v", m[0])
	}
	if open := mistakesOf(t, s, MistakeFilter{Open: true}); len(open) != 0 {
		t.Fatalf("mastered entry listed as open: %+v", open)
	}
	mustRecord(t, s, ans("b/1", next(), true))
	if m = mistakesOf(t, s, MistakeFilter{}); !m[0].Mastered || m[0].Consecutive != 3 {
		t.Fatalf("right answer after mastery: %+v", m[0])
	}
	reopenAt := next()
	mustRecord(t, s, ans("b/1", reopenAt, false))
	m = mistakesOf(t, s, MistakeFilter{Open: true})
	if len(m) != 1 || m[0].Mastered || m[0].Reopened != 1 || m[0].TimesWrong != 3 || !m[0].LastWrongAt.Equal(reopenAt) || !m[0].MasteredAt.IsZero() {
		t.Fatalf("after reopening: %+v", m)
	}

	// A higher mastery count takes more right answers.
	set, _ := s.Settings()
	set.MasteryCount = 3
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		mustRecord(t, s, ans("b/1", next(), true))
		if got := mistakesOf(t, s, MistakeFilter{})[0].Mastered; got != (i == 2) {
			t.Fatalf("right answer %d with mastery 3: mastered=%v", i+1, got)
		}
	}

	// Self-graded: Again counts as wrong, anything else as right.
	e := Answer{Key: "c/7", Type: bank.Short, Section: "四、简答题", Mode: ModeMistakes, Given: "我的答案", Rating: fsrs.Again, At: next()}
	mustRecord(t, s, e)
	e.Rating, e.At = fsrs.Hard, next()
	mustRecord(t, s, e)
	m = mistakesOf(t, s, MistakeFilter{Bank: "c"})
	if len(m) != 1 || m[0].TimesWrong != 1 || m[0].Consecutive != 1 || m[0].Type != bank.Short || m[0].LastWrong != "我的答案" {
		t.Fatalf("self-graded: %+v", m)
	}
	// Filters.
	if m := mistakesOf(t, s, MistakeFilter{Type: bank.Single}); len(m) != 1 || m[0].Key != "b/1" {
		t.Fatalf("type filter: %+v", m)
	}
	if m := mistakesOf(t, s, MistakeFilter{Section: "四、简答题"}); len(m) != 1 || m[0].Key != "c/7" {
		t.Fatalf("section filter: %+v", m)
	}
	if m := mistakesOf(t, s, MistakeFilter{Bank: "b"}); len(m) != 1 || m[0].Key != "b/1" {
		t.Fatalf("bank filter: %+v", m)
	}
	if m := mistakesOf(t, s, MistakeFilter{}); len(m) != 2 || m[0].Key != "c/7" {
		t.Fatalf("order (most recently wrong first): %+v", m)
	}
}

func mistakesOf(t *testing.T, s *Store, f MistakeFilter) []Mistake {
	t.Helper()
	m, err := s.Mistakes(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestClockGoingBackwards(t *testing.T) {
	s := newTestStore(t)
	mustRecord(t, s, ans("b/1", t0, true))
	mustRecord(t, s, ans("b/1", t0.Add(3*24*time.Hour), true))
	before, _, _ := s.Card("b/1")
	// The clock jumps back two days.
	back := t0.Add(24 * time.Hour)
	r := mustRecord(t, s, ans("b/1", back, false))
	after, _, _ := s.Card("b/1")
	if after.LastReview.Before(before.LastReview) || after.Lapses != before.Lapses+1 {
		t.Fatalf("card after a review in the past: %+v (before %+v)", after, before)
	}
	h, _ := s.History("b/1")
	if len(h) != 3 || !h[2].At.Equal(back) || *h[2].Correct {
		t.Fatalf("history keeps record order and the real time: %+v", h)
	}
	if err := s.Undo(r); err != nil {
		t.Fatal(err)
	}
	mustRecord(t, s, ans("b/1", back, false))
	mustRecord(t, s, ans("b/2", back.Add(-time.Hour), true)) // earlier than every log key
	derived := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg); got != derived {
		t.Fatalf("rebuild after clock jumps differs: %s", firstDiff(derived, got))
	}
}

func TestRebuildReproducesStates(t *testing.T) {
	s := newTestStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	at := t0
	types := []bank.Type{bank.Single, bank.Multiple, bank.TrueFalse, bank.Fill, bank.Short}
	for i := range 400 {
		key := fmt.Sprintf("b/%d", rng.IntN(25))
		// Mostly forward in time, by minutes to days; sometimes backwards.
		switch d := rng.IntN(20); {
		case d == 0:
			at = at.Add(-time.Duration(rng.IntN(48)) * time.Hour)
		case d < 10:
			at = at.Add(time.Duration(rng.IntN(30)+1) * time.Minute)
		default:
			at = at.Add(time.Duration(rng.IntN(72)+1) * time.Hour)
		}
		tp := types[rng.IntN(len(types))]
		a := Answer{Key: key, Type: tp, Section: fmt.Sprintf("section %d", rng.IntN(4)), Mode: ModeReview,
			Given: fmt.Sprint(i), Rating: fsrs.Rating(rng.IntN(4) + 1), Took: time.Second, At: at}
		if tp.Objective() {
			a.Correct = boolp(a.Rating != fsrs.Again)
		}
		mustRecord(t, s, a)
	}
	all := dump(t, s)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); got != all {
		t.Fatalf("rebuild differs: %s", firstDiff(all, got))
	}
}

// The UI calls the store from concurrent tea.Cmds.
func TestConcurrentUse(t *testing.T) {
	s := newTestStore(t)
	keys := []string{"b/0", "b/1", "b/2", "b/3", "b/4", "b/5", "b/6", "b/7"}
	done := make(chan error, 4)
	for w := range 2 {
		go func() {
			for i := range 25 {
				if _, err := s.RecordAnswer(ans(keys[(w*4+i)%len(keys)], t0.Add(time.Duration(w*1000+i)*time.Minute), i%3 != 0), Position{}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	go func() {
		for range 25 {
			if _, err := s.DueQueue(t0, keys, 5); err != nil {
				done <- err
				return
			}
			if _, err := s.Stats(t0, keys); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	go func() {
		for i := range 10 {
			set := DefaultSettings()
			set.NewPerDay = i
			if err := s.SaveSettings(set); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := s.Stats(t0, keys); st.Reviews != 50 {
		t.Fatalf("reviews = %d, want 50", st.Reviews)
	}
}
