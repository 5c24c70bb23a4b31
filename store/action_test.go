package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// A user action is one write transaction: a failure at any step inside it
// leaves the database exactly as before, and the action retried leaves it
// exactly as one clean run does (nothing counted twice).

// userAction prepares a store (the same way every time) and returns the
// action to run on it.
type userAction struct {
	name    string
	prepare func(t *testing.T, s *Store) func() error
	// idempotent: running the action again after it succeeded changes
	// nothing more (an undo or an answer is not).
	idempotent bool
}

// history is the state every action starts from: answers of several
// questions, a mistake, a star, a practice position, an exam with a
// subjective answer not yet graded.
func history(t *testing.T, s *Store) {
	t.Helper()
	mustRecord(t, s, ans("b/1", t0, false))
	mustRecord(t, s, ans("b/2", t0.Add(time.Minute), true))
	mustRecord(t, s, ans("b/1", t0.Add(20*time.Minute), true))
	if err := s.SetStar("b/2", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetProgress("b:all", 3); err != nil {
		t.Fatal(err)
	}
	if err := s.HandInExam(gradedExam(), nil); err != nil {
		t.Fatal(err)
	}
}

var examStart = t0.Add(2 * time.Hour)

// exam is a three-question exam: two objective answers and an essay.
func exam() ExamRecord {
	return ExamRecord{ID: "x1", Started: examStart, Finished: examStart.Add(30 * time.Minute), Bank: "b", Score: 1, Total: 3,
		ByType: map[bank.Type]ExamTypeScore{bank.Single: {Count: 2, Correct: 1, Score: 1, Total: 2}, bank.Essay: {Count: 1, Total: 1}},
		Answers: []ExamAnswer{{Key: "b/1", Given: "A", Correct: boolp(true), Points: 1},
			{Key: "b/3", Given: "B", Correct: boolp(false)}, {Key: "b/9", Given: "……"}}}
}

// examAnswers are the answers handing exam() in records.
func examAnswers() []Answer {
	at := examStart.Add(30 * time.Minute)
	a1, a3 := ans("b/1", at, true), ans("b/3", at, false)
	a1.Mode, a3.Mode = ModeExam, ModeExam
	return []Answer{a1, a3}
}

// gradedExam is an exam already handed in whose essay is graded in
// selfGrade.
func gradedExam() ExamRecord {
	e := exam()
	e.ID, e.Started = "g1", t0.Add(-24*time.Hour)
	return e
}

func selfGrade() (ExamRecord, []Answer) {
	e := gradedExam()
	e.Answers[2].Correct, e.Answers[2].Points = boolp(true), 1
	e.Score++
	a := Answer{Key: "b/9", Type: bank.Essay, Section: "五、论述题", Mode: ModeExam, Given: "……", Rating: fsrs.Good, At: t0.Add(3 * time.Hour)}
	return e, []Answer{a}
}

func userActions() []userAction {
	pos := Position{Scope: "b:all", Next: 4}
	return []userAction{
		{name: "answer a new question", prepare: func(t *testing.T, s *Store) func() error {
			return func() error { _, err := s.RecordAnswer(ans("b/5", t0.Add(time.Hour), false), pos); return err }
		}},
		{name: "answer a mistake right", prepare: func(t *testing.T, s *Store) func() error {
			return func() error { _, err := s.RecordAnswer(ans("b/1", t0.Add(time.Hour), true), pos); return err }
		}},
		{name: "answer in review", prepare: func(t *testing.T, s *Store) func() error {
			return func() error {
				_, err := s.RecordAnswer(ans("b/2", t0.Add(time.Hour), false), Position{})
				return err
			}
		}},
		{name: "undo", prepare: func(t *testing.T, s *Store) func() error {
			r := mustRecordAt(t, s, ans("b/1", t0.Add(time.Hour), false), pos)
			return func() error { return s.Undo(r) }
		}},
		{name: "hand in an exam", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.HandInExam(exam(), examAnswers()) }
		}},
		{name: "self-grade an exam answer", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.HandInExam(selfGrade()) }
		}},
		{name: "star", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.SetStar("b/1", true) }
		}},
		{name: "unstar", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.SetStar("b/2", false) }
		}},
		{name: "settings", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			set := DefaultSettings()
			set.NewPerDay, set.LearningSteps = 5, []string{"5m"}
			return func() error { return s.SaveSettings(set) }
		}},
		{name: "apply weights", prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.ApplyWeights(fitOf(t0.Add(time.Hour))) }
		}},
		{name: "reset weights", prepare: func(t *testing.T, s *Store) func() error {
			if err := s.ApplyWeights(fitOf(t0.Add(time.Hour))); err != nil {
				t.Fatal(err)
			}
			return func() error { return s.ResetWeights(t0.Add(2 * time.Hour)) }
		}},
		{name: "recite position", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.SetProgress("b:all", 7) }
		}},
		{name: "note", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.SetNote("b/1", "记住：价值最大化") }
		}},
		{name: "delete a note", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			if err := s.SetNote("b/2", "旧笔记"); err != nil {
				t.Fatal(err)
			}
			return func() error { return s.SetNote("b/2", " ") }
		}},
		{name: "master a mistake by hand", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.MasterMistake("b/1", t0.Add(time.Hour)) }
		}},
		{name: "remove mistakes", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			mustRecord(t, s, ans("b/4", t0.Add(30*time.Minute), false))
			return func() error { return s.RemoveMistakes([]string{"b/1", "b/4", "b/none"}, t0.Add(time.Hour)) }
		}},
		{name: "save an exam paper", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			return func() error { return s.SavePaper(paper()) }
		}},
		{name: "discard an exam paper", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			if err := s.SavePaper(paper()); err != nil {
				t.Fatal(err)
			}
			return func() error { return s.DiscardPaper("x1") }
		}},
		{name: "hand in an exam paper", idempotent: true, prepare: func(t *testing.T, s *Store) func() error {
			if err := s.SavePaper(paper()); err != nil {
				t.Fatal(err)
			}
			return func() error { return s.HandInExam(exam(), examAnswers()) }
		}},
	}
}

func mustRecordAt(t testing.TB, s *Store, a Answer, p Position) Receipt {
	t.Helper()
	r, err := s.RecordAnswer(a, p)
	if err != nil {
		t.Fatalf("record %+v: %v", a, err)
	}
	return r
}

// state is everything the store keeps: every bucket byte for byte and the
// settings it holds in memory.
func state(t *testing.T, s *Store) string {
	t.Helper()
	set, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(s.Weights())
	if err != nil {
		t.Fatal(err)
	}
	return dump(t, s) + fmt.Sprintf("settings in memory: %+v\nweights in memory: %s\n", set, w)
}

// TestUserActionsAllOrNothing fails every user action at every step of its
// transaction in turn (the steps are found by running it once): each
// failure reaches the caller and leaves the database exactly as before;
// retrying then leaves it exactly as one clean run does.
func TestUserActionsAllOrNothing(t *testing.T) {
	for _, act := range userActions() {
		t.Run(act.name, func(t *testing.T) {
			fresh := func() (*Store, func() error) {
				s := newTestStore(t)
				history(t, s)
				return s, act.prepare(t, s)
			}

			s, run := fresh()
			before := state(t, s)
			var steps []string
			s.failAt = func(stage string) error { steps = append(steps, stage); return nil }
			if err := run(); err != nil {
				t.Fatal(err)
			}
			s.failAt = nil
			after := state(t, s)
			if after == before {
				t.Fatal("the action changed nothing")
			}
			if len(steps) == 0 {
				t.Fatal("no failure points inside the action's transaction")
			}
			if act.idempotent {
				if err := run(); err != nil {
					t.Fatal(err)
				}
				if again := state(t, s); again != after {
					t.Fatalf("done twice differs from once: %s", firstDiff(after, again))
				}
			}

			for i, step := range steps {
				s, run := fresh()
				if got := state(t, s); got != before {
					t.Fatalf("set-up is not repeatable: %s", firstDiff(before, got))
				}
				injected := fmt.Errorf("injected failure at step %d (%s)", i, step)
				calls := 0
				s.failAt = func(string) error {
					calls++
					if calls == i+1 {
						return injected
					}
					return nil
				}
				if err := run(); !errors.Is(err, injected) {
					t.Fatalf("failing at step %d (%s): got %v", i, step, err)
				}
				s.failAt = nil
				if got := state(t, s); got != before {
					t.Fatalf("failing at step %d (%s) left changes: %s", i, step, firstDiff(before, got))
				}
				if err := run(); err != nil {
					t.Fatalf("retry after a failure at step %d (%s): %v", i, step, err)
				}
				if got := state(t, s); got != after {
					t.Fatalf("retry after a failure at step %d (%s) differs from one clean run: %s", i, step, firstDiff(after, got))
				}
			}
			t.Logf("%d steps: %v", len(steps), steps)
		})
	}
}

// TestHandInExamRetryRecordsOnce hands an exam in with a failure while its
// second answer is written, retries, and hands it in once more (as after
// an error whose transaction did commit): every answer is in the log once.
func TestHandInExamRetryRecordsOnce(t *testing.T) {
	s := newTestStore(t)
	injected := errors.New("disk full")
	logs := 0
	s.failAt = func(stage string) error {
		if stage == "log" {
			if logs++; logs == 2 {
				return injected
			}
		}
		return nil
	}
	if err := s.HandInExam(exam(), examAnswers()); !errors.Is(err, injected) {
		t.Fatalf("hand in: got %v, want the injected failure", err)
	}
	if ex, _ := s.Exams(); len(ex) != 0 {
		t.Fatalf("the failed hand-in kept the exam: %+v", ex)
	}
	s.failAt = nil
	for range 2 {
		if err := s.HandInExam(exam(), examAnswers()); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"b/1", "b/3"} {
		if h, err := s.History(k); err != nil || len(h) != 1 || h[0].Mode != ModeExam {
			t.Errorf("%s: history %+v (%v), want one exam answer", k, h, err)
		}
	}
	if st, err := s.Stats(t0.Add(time.Hour), nil); err != nil || st.Reviews != 2 || st.MistakesOpen != 1 {
		t.Errorf("stats: %d reviews, %d open mistakes (%v); want 2 and 1", st.Reviews, st.MistakesOpen, err)
	}
	if ex, err := s.Exams(); err != nil || len(ex) != 1 {
		t.Errorf("exams %+v (%v), want one", ex, err)
	}

	// Grading the essay later records it once, however often it is sent.
	graded := exam()
	graded.Answers[2].Correct = boolp(false)
	essay := Answer{Key: "b/9", Type: bank.Essay, Mode: ModeExam, Rating: fsrs.Again, At: t0.Add(3 * time.Hour)}
	for range 2 {
		if err := s.HandInExam(graded, []Answer{essay}); err != nil {
			t.Fatal(err)
		}
	}
	if h, err := s.History("b/9"); err != nil || len(h) != 1 {
		t.Errorf("graded essay: history %+v (%v), want one answer", h, err)
	}
}

// TestHandInExamRejects: answers that are not of the exam, not of Mode exam
// or given twice are refused and change nothing.
func TestHandInExamRejects(t *testing.T) {
	s := newTestStore(t)
	before := dump(t, s)
	a := examAnswers()
	notInExam := ans("b/7", examStart, true)
	notInExam.Mode = ModeExam
	review := a[0]
	review.Mode = ModeReview
	for name, answers := range map[string][]Answer{
		"not in the exam": {notInExam},
		"not exam mode":   {review},
		"given twice":     {a[0], a[0]},
		"bad rating":      {{Key: "b/1", Mode: ModeExam, At: examStart}},
	} {
		if err := s.HandInExam(exam(), answers); !errors.Is(err, ErrBadAnswer) {
			t.Errorf("%s: got %v, want ErrBadAnswer", name, err)
		}
	}
	if err := s.HandInExam(ExamRecord{}, nil); err == nil {
		t.Error("an exam without a start time was stored")
	}
	if after := dump(t, s); after != before {
		t.Fatalf("rejected hand-ins changed the database: %s", firstDiff(before, after))
	}
}

// TestRecordAnswerPosition: the practice position is saved with the answer,
// restored by its undo, and a blank scope is refused.
func TestRecordAnswerPosition(t *testing.T) {
	s := newTestStore(t)
	if err := s.SetProgress("b:all", 2); err != nil {
		t.Fatal(err)
	}
	r := mustRecordAt(t, s, ans("b/1", t0, true), Position{Scope: "b:all", Next: 3})
	if p, err := s.Progress("b:all"); err != nil || p != 3 {
		t.Fatalf("progress %d (%v), want 3", p, err)
	}
	if c, ok, err := s.Card("b/1"); err != nil || !ok || c != r.Card {
		t.Fatalf("receipt card %+v, stored %+v (%v %v)", r.Card, c, ok, err)
	}
	if err := s.Undo(r); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Progress("b:all"); err != nil || p != 2 {
		t.Fatalf("progress after undo %d (%v), want 2", p, err)
	}
	before := dump(t, s)
	if _, err := s.RecordAnswer(ans("b/1", t0, true), Position{Scope: " "}); err == nil {
		t.Fatal("a blank scope was accepted")
	}
	if after := dump(t, s); after != before {
		t.Fatalf("a refused answer changed the database: %s", firstDiff(before, after))
	}
}

// TestReceiptNewMistake: an answer adds a mistake when it puts the question
// among the open ones — wrong for the first time, or wrong after mastery —
// and not when the question was already open or the answer is right.
func TestReceiptNewMistake(t *testing.T) {
	s := newTestStore(t)
	at := t0
	step := func(right bool) bool {
		at = at.Add(time.Hour)
		return mustRecord(t, s, ans("b/1", at, right)).NewMistake
	}
	for i, c := range []struct{ right, added bool }{
		{true, false},  // right, never wrong: not in the book
		{false, true},  // first wrong
		{false, false}, // already open
		{true, false},
		{true, false}, // mastered (mastery count 2)
		{false, true}, // reopened
	} {
		if got := step(c.right); got != c.added {
			t.Fatalf("answer %d (right %v): NewMistake %v, want %v", i, c.right, got, c.added)
		}
	}
	if ms, _ := s.Mistakes(MistakeFilter{}); len(ms) != 1 || ms[0].Reopened != 1 {
		t.Fatalf("book %+v: the fifth answer did not master the entry", ms)
	}
}
