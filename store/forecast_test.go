package store

import (
	"maps"
	"math"
	"testing"

	"github.com/shuati/shuati/store/fsrs"
)

func TestExamDateSettings(t *testing.T) {
	s := newTestStore(t)
	set, _ := s.Settings()
	if set.ExamDateOf("b") != "" {
		t.Fatal("an exam date by default")
	}
	set.ExamDate = "2025-06-14"
	set.ExamDates = map[string]string{"b": "2025-07-01", "c": ""}
	set.TargetExam = true
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	set.ExamDates["b"] = "changed after saving"
	got, _ := s.Settings()
	if got.ExamDateOf("b") != "2025-07-01" || got.ExamDateOf("c") != "2025-06-14" || got.ExamDateOf("x") != "2025-06-14" ||
		!got.TargetExam || !maps.Equal(got.ExamDates, map[string]string{"b": "2025-07-01"}) {
		t.Fatalf("settings %+v", got)
	}
	got.ExamDates["b"] = "changed in a copy"
	if again, _ := s.Settings(); again.ExamDates["b"] != "2025-07-01" {
		t.Fatal("Settings hands out its own map")
	}
	for _, bad := range []func(*Settings){
		func(x *Settings) { x.ExamDate = "14/06/2025" },
		func(x *Settings) { x.ExamDates = map[string]string{"b": "2025-02-30"} },
	} {
		x := DefaultSettings()
		bad(&x)
		if err := s.SaveSettings(x); err == nil {
			t.Errorf("bad exam date accepted: %+v", x)
		}
	}
}

func TestExamPredictionStored(t *testing.T) {
	s := newTestStore(t)
	r1, r2 := 0.9, 0.4
	rec := exam()
	rec.Answers[0].Recall, rec.Answers[0].Worth = &r1, 1 // right
	rec.Answers[1].Recall, rec.Answers[1].Worth = &r2, 2 // wrong
	rec.Answers[2].Worth = 1                             // never seen: not predicted
	rec.Forecast = &ExamForecast{Expected: 1.7, SeenPoints: 3, UnseenPoints: 1, Seen: 2, Unseen: 1}
	if err := s.HandInExam(rec, examAnswers()); err != nil {
		t.Fatal(err)
	}
	ex, err := s.Exams()
	if err != nil || len(ex) != 1 || ex[0].Forecast == nil || *ex[0].Forecast != *rec.Forecast {
		t.Fatalf("exams %+v, %v", ex, err)
	}
	pred, actual, worth, n := ex[0].Predicted()
	if n != 2 || math.Abs(pred-1.7) > 1e-12 || actual != 1 || worth != 3 {
		t.Fatalf("predicted %v, actual %v of %v over %d", pred, actual, worth, n)
	}
	out := ExamOutcomes(ex)
	if len(out) != 2 || out[0].Predicted != 0.9 || !out[0].Correct || out[1].Correct {
		t.Fatalf("outcomes %+v", out)
	}
}

func TestCardStatesAndScheduler(t *testing.T) {
	s := newTestStore(t)
	smallHistory(t, s)
	cards, err := s.CardStates([]string{"b/1", "b/4", "b/7", "other/1"})
	if err != nil || len(cards) != 2 {
		t.Fatalf("card states %v, %v", cards, err)
	}
	for k, c := range cards {
		if want, _, _ := s.Card(k); want != c {
			t.Errorf("%s: %+v, want %+v", k, c, want)
		}
	}
	now := at(3, 20, 9, 0)
	r, _ := s.Retrievability("b/1", now)
	if got := s.Scheduler().Retrievability(cards["b/1"], now); got != r || r == 0 {
		t.Fatalf("scheduler's retrievability %v, store's %v", got, r)
	}
	if s.Scheduler().Params().W != fsrs.DefaultWeights {
		t.Fatal("scheduler weights")
	}
}
