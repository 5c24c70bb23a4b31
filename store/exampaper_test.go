package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// paper is exam()'s paper while it is answered: b/1 answered, b/3
// flagged, b/9 not reached.
var paperRecall = 0.8 // b/1's predicted recall

func paper() ExamPaper {
	e := exam()
	return ExamPaper{ID: e.ID, Started: e.Started, Saved: e.Started.Add(10 * time.Minute), Left: 20 * time.Minute,
		Minutes: 30, Bank: "b", PartialCredit: 0.5, Current: 1, Predicted: true,
		Questions: []PaperQuestion{
			{Key: "b/1", Points: 1, Given: "A", Took: 40 * time.Second, Order: []int{2, 0, 1, 3}, Recall: &paperRecall},
			{Key: "b/3", Points: 1, Flagged: true},
			{Key: "b/9", Points: 1},
		}}
}

func mustPaper(t *testing.T, s *Store) (ExamPaper, bool) {
	t.Helper()
	p, ok, err := s.Paper()
	if err != nil {
		t.Fatal(err)
	}
	return p, ok
}

// TestPaperKeptUntilHandedIn: a saved paper is read back as saved, a later
// save replaces it, it survives closing the file (a killed program), and
// handing its exam in removes it in the same transaction; a save that
// comes after the hand-in does not bring it back.
func TestPaperKeptUntilHandedIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	s := openTest(t, path)
	if _, ok := mustPaper(t, s); ok {
		t.Fatal("a new database has a paper in progress")
	}
	p := paper()
	if err := s.SavePaper(p); err != nil {
		t.Fatal(err)
	}
	p.Questions[1].Given, p.Current, p.Left = "B", 2, 19*time.Minute
	if err := s.SavePaper(p); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, path)
	defer s.Close()
	got, ok := mustPaper(t, s)
	if !ok || !reflect.DeepEqual(got.Questions, p.Questions) || got.Current != 2 || got.Left != p.Left ||
		!got.Started.Equal(p.Started) || got.PartialCredit != 0.5 || got.Answered() != 2 || !got.Predicted {
		t.Fatalf("paper read back %+v, ok %v; want %+v", got, ok, p)
	}
	if err := s.HandInExam(exam(), examAnswers()); err != nil {
		t.Fatal(err)
	}
	if _, ok := mustPaper(t, s); ok {
		t.Fatal("the paper is still in progress after its exam was handed in")
	}
	if err := s.SavePaper(p); !errors.Is(err, ErrHandedIn) {
		t.Fatalf("saving a handed-in paper: %v, want ErrHandedIn", err)
	}
	if _, ok := mustPaper(t, s); ok {
		t.Fatal("a late save brought the handed-in paper back")
	}
}

// TestDiscardPaperOnlyItsOwn: discarding exam x removes x's paper and
// leaves another's; handing in another exam leaves it too.
func TestDiscardPaperOnlyItsOwn(t *testing.T) {
	s := newTestStore(t)
	if err := s.DiscardPaper("x1"); err != nil { // none kept: nothing to do
		t.Fatal(err)
	}
	if err := s.SavePaper(paper()); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardPaper("other"); err != nil {
		t.Fatal(err)
	}
	if err := s.HandInExam(gradedExam(), nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := mustPaper(t, s); !ok {
		t.Fatal("another exam's discard or hand-in removed the paper")
	}
	if err := s.DiscardPaper("x1"); err != nil {
		t.Fatal(err)
	}
	if _, ok := mustPaper(t, s); ok {
		t.Fatal("the paper is kept after it was discarded")
	}
}

// TestSavePaperRejectsBadPapers: a paper the program could not resume is
// refused with what is wrong, and nothing is written.
func TestSavePaperRejectsBadPapers(t *testing.T) {
	s := newTestStore(t)
	for _, tc := range []struct {
		want  string
		spoil func(p *ExamPaper)
	}{
		{"no exam ID", func(p *ExamPaper) { p.ID = "" }},
		{"no start time", func(p *ExamPaper) { p.Started = time.Time{} }},
		{"time limit 0", func(p *ExamPaper) { p.Minutes = 0 }},
		{"time left -1s", func(p *ExamPaper) { p.Left = -time.Second }},
		{"time left 31m0s", func(p *ExamPaper) { p.Left = 31 * time.Minute }},
		{"partial credit 2", func(p *ExamPaper) { p.PartialCredit = 2 }},
		{"no questions", func(p *ExamPaper) { p.Questions = nil }},
		{"current question 3 of 3", func(p *ExamPaper) { p.Current = 3 }},
		{"question 2: no key", func(p *ExamPaper) { p.Questions[1].Key = "" }},
		{"b/1 is drawn twice", func(p *ExamPaper) { p.Questions[2].Key = "b/1" }},
		{"points -1", func(p *ExamPaper) { p.Questions[0].Points = -1 }},
		{"option order [0 0 1 3]", func(p *ExamPaper) { p.Questions[0].Order = []int{0, 0, 1, 3} }},
		{"predicted recall 1.5", func(p *ExamPaper) { r := 1.5; p.Predicted, p.Questions[1].Recall = true, &r }},
		{"a predicted recall on a paper without a prediction", func(p *ExamPaper) { p.Predicted = false }},
	} {
		p := paper()
		tc.spoil(&p)
		err := s.SavePaper(p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v", tc.want, err)
		}
	}
	if _, ok := mustPaper(t, s); ok {
		t.Fatal("a refused paper was kept")
	}
}

// TestPaperUnreadable: a stored paper that cannot be read is an error
// naming the file and the problem; handing in an exam clears it.
func TestPaperUnreadable(t *testing.T) {
	s := newTestStore(t)
	for _, v := range []string{`{"id":`, `{"id":"x","started":"2025-01-01T00:00:00Z","minutes":30,"questions":[]}`} {
		if err := s.db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bPaper)
			if err != nil {
				return err
			}
			return b.Put(kPaper, []byte(v))
		}); err != nil {
			t.Fatal(err)
		}
		_, ok, err := s.Paper()
		if err == nil || ok || !strings.Contains(err.Error(), s.Path()) || !strings.Contains(err.Error(), "exam paper") {
			t.Fatalf("reading %s: ok %v, err %v", v, ok, err)
		}
	}
	if err := s.HandInExam(exam(), nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Paper(); ok || err != nil {
		t.Fatalf("after a hand-in: ok %v, err %v", ok, err)
	}
}

// FuzzDecodePaper: any stored bytes give a paper that passes checkPaper
// and survives a round trip, or an error; never a panic.
func FuzzDecodePaper(f *testing.F) {
	good, err := json.Marshal(paper())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"id":"x","started":"2025-01-01T00:00:00Z","minutes":30,"left":1,"questions":[{"key":"a/1","order":[1,0]}]}`))
	f.Add([]byte(`{"id":"x","started":"2025-01-01T00:00:00Z","minutes":30,"questions":[{"key":"a/1","points":-0}]} {}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, v []byte) {
		p, err := decodePaper(v)
		if err != nil {
			return
		}
		if err := checkPaper(&p); err != nil {
			t.Fatalf("decoded a paper that fails its check: %v", err)
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := decodePaper(again)
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		twice, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, twice) { // as JSON: the recalls are pointers
			t.Fatalf("round trip changed the paper:\n%s\n%s", again, twice)
		}
	})
}

// BenchmarkSavePaper is what saving a 22-question paper costs on each
// answer: one write transaction.
func BenchmarkSavePaper(b *testing.B) {
	s := newTestStore(b)
	p := paper()
	p.Questions = nil
	for i := range 22 {
		p.Questions = append(p.Questions, PaperQuestion{Key: fmt.Sprintf("crm-2025/%03d", i), Points: 2, Given: "ABD", Took: time.Minute})
	}
	for i := 0; b.Loop(); i++ {
		p.Current = i % len(p.Questions)
		if err := s.SavePaper(p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExamSettingsKept: the exam's partial credit and auto-advance are
// settings kept across reopening; a share outside 0 to 1 is refused.
func TestExamSettingsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	s := openTest(t, path)
	set, _ := s.Settings()
	if set.ExamPartialCredit != 0 || set.ExamAutoAdvance {
		t.Fatalf("default exam settings %+v", set)
	}
	for _, bad := range []float64{-0.5, 1.5, math.NaN()} {
		x := set
		x.ExamPartialCredit = bad
		if err := s.SaveSettings(x); err == nil {
			t.Errorf("partial credit %v accepted", bad)
		}
	}
	set.ExamPartialCredit, set.ExamAutoAdvance = 0.5, true
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, path)
	defer s.Close()
	if got, _ := s.Settings(); got.ExamPartialCredit != 0.5 || !got.ExamAutoAdvance {
		t.Fatalf("after reopening: %+v", got)
	}
}
