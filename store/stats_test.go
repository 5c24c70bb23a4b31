package store

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

func at(month time.Month, day, hour, min int) time.Time {
	return time.Date(2025, month, day, hour, min, 0, 0, testZone)
}

func rated(key string, when time.Time, r fsrs.Rating) Answer {
	a := ans(key, when, r != fsrs.Again)
	a.Rating = r
	return a
}

// smallHistory is a hand-made history (times in UTC+8):
//
//	03-01  b/4 Easy, b/5 Easy                      (both go straight to Review)
//	03-10  b/1 Good, b/2 Again, b/3 short self-graded Hard, b/4 Again (a lapse)
//	03-11  b/2 Good, b/5 Good (a passed review)
//	03-12  b/1 Good at 00:30 local, still 03-11 in UTC
func smallHistory(t *testing.T, s *Store) {
	mustRecord(t, s, rated("b/4", at(3, 1, 10, 0), fsrs.Easy))
	mustRecord(t, s, rated("b/5", at(3, 1, 10, 1), fsrs.Easy))
	mustRecord(t, s, rated("b/1", at(3, 10, 9, 0), fsrs.Good))
	mustRecord(t, s, rated("b/2", at(3, 10, 9, 1), fsrs.Again))
	mustRecord(t, s, Answer{Key: "b/3", Type: bank.Short, Section: "四、简答题", Mode: ModeReview, Rating: fsrs.Hard, At: at(3, 10, 9, 2)})
	mustRecord(t, s, rated("b/4", at(3, 10, 10, 0), fsrs.Again))
	mustRecord(t, s, rated("b/2", at(3, 11, 10, 0), fsrs.Good))
	mustRecord(t, s, rated("b/5", at(3, 11, 11, 0), fsrs.Good))
	mustRecord(t, s, rated("b/1", at(3, 12, 0, 30), fsrs.Good))
}

var scopeKeys = []string{"b/1", "b/2", "b/3", "b/4", "b/5", "b/6", "b/7"}

func TestStatsSmallHistory(t *testing.T) {
	s := newTestStore(t)
	smallHistory(t, s)
	now := at(3, 12, 20, 0)
	st, err := s.Stats(now, scopeKeys)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("reviews", st.Reviews, 9)
	check("reviews_today", st.ReviewsToday, 1)
	check("new_today", st.NewToday, 0)
	check("per_day", st.PerDay, map[string]int{"2025-03-01": 2, "2025-03-10": 4, "2025-03-11": 2, "2025-03-12": 1})
	check("streak", st.Streak, 3)
	check("by_type", st.ByType, map[string]TypeStats{"single": {8, 6}, "short": {1, 1}})
	check("by_section", st.BySection, map[string]TypeStats{"b/一、单项选择题": {8, 6}, "b/四、简答题": {1, 1}})
	check("true_retention", st.TrueRetention, 0.5)
	// b/4 Again on 03-10, b/5 Good on 03-11
	check("retention_reviews", st.RetentionReviews, 2)
	check("mistakes_total", st.MistakesTotal, 2) // b/2, b/4
	check("mistakes_open", st.MistakesOpen, 2)
	check("new", st.New, 2) // b/6, b/7

	// Due, learning and forecast, worked out independently from the card states.
	var due, learning int
	var forecast [30]int
	midnight := time.Date(2025, 3, 12, 0, 0, 0, 0, testZone)
	for _, k := range scopeKeys {
		c, ok, err := s.Card(k)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		switch c.State {
		case fsrs.StateLearning, fsrs.StateRelearning:
			learning++
		default:
			if !c.Due.After(now) {
				due++
			}
		}
		d := c.Due.In(testZone)
		day := int(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, testZone).Sub(midnight).Hours() / 24)
		if day < 0 {
			day = 0
		}
		if day < 30 {
			forecast[day]++
		}
	}
	check("due", st.Due, due)
	check("learning", st.Learning, learning)
	check("forecast", st.Forecast, forecast)
	if due+learning == 0 || slices.Max(forecast[:]) == 0 {
		t.Fatalf("history too thin to test due figures: due %d learning %d forecast %v", due, learning, forecast)
	}

	// Mastering b/2 closes one mistake; nothing answered today keeps yesterday's streak.
	mustRecord(t, s, rated("b/2", at(3, 12, 21, 0), fsrs.Good))
	st, _ = s.Stats(now.Add(2*time.Hour), scopeKeys)
	check("mistakes_open after mastery", st.MistakesOpen, 1)
	check("mistakes_total after mastery", st.MistakesTotal, 2)
	st, _ = s.Stats(at(3, 13, 9, 0), scopeKeys)
	check("streak next morning", st.Streak, 3) // 03-10..03-12; none yet on 03-13
	check("reviews_today next morning", st.ReviewsToday, 0)
	st, _ = s.Stats(at(3, 14, 9, 0), scopeKeys)
	check("streak after a day off", st.Streak, 0)

	// No scope: nothing is "new", mistakes of every key count.
	st, _ = s.Stats(now, nil)
	check("new without scope", st.New, 0)
	check("mistakes without scope", st.MistakesTotal, 2)
	// A narrow scope.
	st, _ = s.Stats(now, []string{"b/3", "b/6"})
	check("mistakes in narrow scope", st.MistakesTotal, 0)
	check("new in narrow scope", st.New, 1)
}

func TestStatsJSONNames(t *testing.T) {
	s := newTestStore(t)
	smallHistory(t, s)
	st, err := s.Stats(at(3, 12, 20, 0), scopeKeys)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(st)
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, want := range []string{"reviews", "reviews_today", "due", "new", "learning", "mistakes_open", "mistakes_total",
		"by_type", "by_section", "per_day", "forecast", "true_retention", "retention_reviews", "streak"} {
		if _, ok := m[want]; !ok {
			t.Errorf("stats JSON lacks %q (has %v)", want, names)
		}
	}
	var byType map[string]map[string]int
	if err := json.Unmarshal(m["by_type"], &byType); err != nil || byType["single"]["answered"] != 8 || byType["single"]["correct"] != 6 {
		t.Errorf("by_type JSON = %s (%v)", m["by_type"], err)
	}
}

func TestStatsEmpty(t *testing.T) {
	s := newTestStore(t)
	st, err := s.Stats(t0, scopeKeys)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reviews != 0 || st.New != len(scopeKeys) || st.TrueRetention != 0 || st.RetentionReviews != 0 || st.Streak != 0 || st.ByType == nil {
		t.Fatalf("empty stats: %+v", st)
	}
}

func TestDueQueue(t *testing.T) {
	s := newTestStore(t)
	smallHistory(t, s)
	now := at(3, 12, 20, 0)
	q, err := s.DueQueue(now, scopeKeys, 20)
	if err != nil {
		t.Fatal(err)
	}
	// Expected, from the card states.
	type kd struct {
		k string
		d time.Time
	}
	var due, learn []kd
	var nextLearn time.Time
	for _, k := range scopeKeys {
		c, ok, _ := s.Card(k)
		if !ok {
			continue
		}
		isLearn := c.State == fsrs.StateLearning || c.State == fsrs.StateRelearning
		switch {
		case c.Due.After(now):
			if isLearn && (nextLearn.IsZero() || c.Due.Before(nextLearn)) {
				nextLearn = c.Due
			}
		case isLearn:
			learn = append(learn, kd{k, c.Due})
		default:
			due = append(due, kd{k, c.Due})
		}
	}
	keysOf := func(l []kd) []string {
		sort.SliceStable(l, func(i, j int) bool { return l[i].d.Before(l[j].d) })
		var out []string
		for _, x := range l {
			out = append(out, x.k)
		}
		return out
	}
	if !slices.Equal(q.Due, keysOf(due)) || !slices.Equal(q.Learning, keysOf(learn)) || !q.NextLearning.Equal(nextLearn) {
		t.Fatalf("queue %+v; want due %v learning %v next %v", q, keysOf(due), keysOf(learn), nextLearn)
	}
	if len(q.Due)+len(q.Learning) == 0 {
		t.Fatal("history too thin: nothing due")
	}
	if !slices.Equal(q.New, []string{"b/6", "b/7"}) || q.NewLeft != 20 {
		t.Fatalf("new = %v (left %d)", q.New, q.NewLeft)
	}
	// Out-of-scope cards never appear; order of new follows the given keys.
	q, _ = s.DueQueue(now, []string{"b/7", "b/6", "b/7"}, 20)
	if len(q.Due)+len(q.Learning) != 0 || !slices.Equal(q.New, []string{"b/7", "b/6"}) {
		t.Fatalf("narrow scope: %+v", q)
	}
}

func TestDailyNewLimit(t *testing.T) {
	s := newTestStore(t)
	keys := []string{"n/1", "n/2", "n/3", "n/4", "n/5"}
	morning := at(5, 1, 8, 0)
	q, _ := s.DueQueue(morning, keys, 3)
	if !slices.Equal(q.New, []string{"n/1", "n/2", "n/3"}) {
		t.Fatalf("fresh day, limit 3: %v", q.New)
	}
	mustRecord(t, s, rated("n/1", morning, fsrs.Good))
	mustRecord(t, s, rated("n/3", morning.Add(time.Minute), fsrs.Again))
	// A second answer to a card introduced today does not use up the limit again.
	mustRecord(t, s, rated("n/1", morning.Add(15*time.Minute), fsrs.Good))
	q, _ = s.DueQueue(morning.Add(time.Hour), keys, 3)
	if !slices.Equal(q.New, []string{"n/2"}) || q.NewLeft != 1 {
		t.Fatalf("after two new today, limit 3: %v left %d", q.New, q.NewLeft)
	}
	q, _ = s.DueQueue(morning.Add(time.Hour), keys, 2)
	if len(q.New) != 0 || q.NewLeft != 0 {
		t.Fatalf("limit used up: %v", q.New)
	}
	// Just before local midnight still today; just after, a fresh limit.
	q, _ = s.DueQueue(at(5, 1, 23, 59), keys, 3)
	if len(q.New) != 1 {
		t.Fatalf("23:59 local: %v", q.New)
	}
	q, _ = s.DueQueue(at(5, 2, 0, 1), keys, 3)
	if !slices.Equal(q.New, []string{"n/2", "n/4", "n/5"}) {
		t.Fatalf("next local day: %v", q.New)
	}
	// Undo gives the new slot back.
	r := mustRecord(t, s, rated("n/2", at(5, 2, 8, 0), fsrs.Good))
	if q, _ = s.DueQueue(at(5, 2, 9, 0), keys, 3); !slices.Equal(q.New, []string{"n/4", "n/5"}) {
		t.Fatalf("after one new: %v", q.New)
	}
	if err := s.Undo(r); err != nil {
		t.Fatal(err)
	}
	if q, _ = s.DueQueue(at(5, 2, 9, 0), keys, 3); !slices.Equal(q.New, []string{"n/2", "n/4", "n/5"}) {
		t.Fatalf("after undo: %v", q.New)
	}
}

func TestStarsExamsSettingsProgress(t *testing.T) {
	s := newTestStore(t)
	for _, k := range []string{"b/1", "b/2"} {
		if err := s.SetStar(k, true); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.SetStar("b/1", false)
	_ = s.SetStar("b/9", false)
	if st, _ := s.Stars(); !reflect.DeepEqual(st, map[string]bool{"b/2": true}) {
		t.Fatalf("stars = %v", st)
	}

	e1 := ExamRecord{Started: at(4, 2, 9, 0), Finished: at(4, 2, 10, 0), Bank: "b", Score: 7.5, Total: 10,
		ByType:  map[bank.Type]ExamTypeScore{bank.Single: {Count: 5, Correct: 4, Score: 4, Total: 5}},
		Answers: []ExamAnswer{{Key: "b/1", Given: "A", Correct: boolp(true), Points: 1}}}
	e0 := ExamRecord{ID: "first", Started: at(4, 1, 9, 0), Bank: "b", Score: 1, Total: 2}
	if err := s.HandInExam(e1, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.HandInExam(e0, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.HandInExam(ExamRecord{}, nil); err == nil {
		t.Fatal("exam without start time saved")
	}
	ex, err := s.Exams()
	if err != nil || len(ex) != 2 || ex[0].ID != "first" || ex[1].ID == "" || ex[1].ByType[bank.Single].Correct != 4 ||
		!ex[1].Started.Equal(e1.Started) || *ex[1].Answers[0].Correct != true {
		t.Fatalf("exams = %+v, %v", ex, err)
	}

	set, _ := s.Settings()
	if !reflect.DeepEqual(set, DefaultSettings()) || set.NewPerDay != 20 || set.DesiredRetention != 0.9 || set.MasteryCount != 2 ||
		!slices.Equal(set.LearningSteps, []string{"1m", "10m"}) || !slices.Equal(set.RelearningSteps, []string{"10m"}) {
		t.Fatalf("default settings = %+v", set)
	}
	for _, bad := range []func(*Settings){
		func(x *Settings) { x.DesiredRetention = 1.2 },
		func(x *Settings) { x.MasteryCount = 0 },
		func(x *Settings) { x.NewPerDay = -1 },
		func(x *Settings) { x.LearningSteps = []string{"5s"} },
		func(x *Settings) { x.Lang = "fr" },
	} {
		x := DefaultSettings()
		bad(&x)
		if err := s.SaveSettings(x); err == nil {
			t.Errorf("bad settings accepted: %+v", x)
		}
	}
	set.DesiredRetention, set.LearningSteps, set.Lang, set.ShuffleOptions = 0.8, []string{"5m", "1h"}, "en", true
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	// Settings survive reopening and drive the scheduler.
	path := s.Path()
	s.Close()
	s = openTest(t, path)
	defer s.Close()
	if got, _ := s.Settings(); !reflect.DeepEqual(got, set) {
		t.Fatalf("settings after reopen = %+v, want %+v", got, set)
	}
	mustRecord(t, s, rated("z/1", t0, fsrs.Again))
	if c, _, _ := s.Card("z/1"); !c.Due.Equal(t0.Add(5 * time.Minute)) {
		t.Fatalf("first learning step from settings: due %v", c.Due)
	}

	if p, _ := s.Progress("b:single"); p != 0 {
		t.Fatalf("unset progress = %d", p)
	}
	if err := s.SetProgress("b:single", 17); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Progress("b:single"); p != 17 {
		t.Fatalf("progress = %d", p)
	}
	if err := s.SetProgress("", 1); err == nil {
		t.Fatal("empty scope accepted")
	}
}
