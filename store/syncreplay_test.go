package store

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// randomAnswer is an answer as a learner gives them: every type, right and
// wrong, self-graded, odd given answers.
func randomAnswer(rng *rand.Rand, key string, at time.Time) Answer {
	types := []bank.Type{bank.Single, bank.Multiple, bank.TrueFalse, bank.Fill, bank.Short, bank.Case}
	tp := types[rng.IntN(len(types))]
	a := Answer{Key: key, Type: tp, Section: fmt.Sprintf("第%d节", rng.IntN(4)), Mode: []string{ModeReview, ModePractice, ModeExam, ModeMistakes}[rng.IntN(4)],
		Rating: fsrs.Rating(1 + rng.IntN(4)), Took: time.Duration(rng.IntN(90)) * time.Second, At: at}
	givens := []string{"A", "ABD", "对", "客户关系管理", "", "a \"quoted\" <b> & \\ answer", "line\nbreak"}
	a.Given = givens[rng.IntN(len(givens))]
	if tp.Objective() {
		c := a.Rating != fsrs.Again
		a.Correct = &c
	}
	return a
}

// recordRandom records n answers over keys questions with times that
// mostly go forward (by up to step) and sometimes back.
func recordRandom(t testing.TB, s *Store, rng *rand.Rand, n, keys int, start time.Time, step time.Duration) time.Time {
	at := start
	for range n {
		if rng.IntN(20) == 0 {
			at = at.Add(-time.Duration(rng.Int64N(int64(step / 10))))
		} else {
			at = at.Add(time.Duration(rng.Int64N(int64(step))))
		}
		mustRecord(t, s, randomAnswer(rng, fmt.Sprintf("bk%d/q%d", rng.IntN(2), rng.IntN(keys)), at))
	}
	return at
}

// The replay sync uses gives what Rebuild gives, byte for byte, and what
// Record left when the settings did not change.
func TestReplayLogMatchesRebuild(t *testing.T) {
	for seed := range uint64(6) {
		s := newTestStore(t)
		rng := rand.New(rand.NewPCG(seed, 77))
		if seed%2 == 1 {
			set := DefaultSettings()
			set.DesiredRetention, set.MasteryCount = 0.85, 3
			set.LearningSteps = []string{"2m", "15m", "1h"}
			if err := s.SaveSettings(set); err != nil {
				t.Fatal(err)
			}
		}
		recordRandom(t, s, rng, 400, 60, t0, 36*time.Hour)
		recorded := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg)
		if err := s.Rebuild(); err != nil {
			t.Fatal(err)
		}
		rebuilt := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg)
		if rebuilt != recorded {
			t.Fatalf("seed %d: Rebuild differs from Record: %s", seed, firstDiff(recorded, rebuilt))
		}
		err := s.db.Update(func(tx *bolt.Tx) error {
			return s.replayLog(tx, s.scheduler(), s.settings.MasteryCount, seed%2 == 0, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg); got != rebuilt {
			t.Fatalf("seed %d: replayLog differs from Rebuild: %s", seed, firstDiff(rebuilt, got))
		}
	}
}

// On the generator's big synthetic log (random states that the replay
// then corrects), replayLog and Rebuild agree too.
func TestReplayLogMatchesRebuildGenerated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.db")
	genDB(t, path, 500, 6000, 4)
	s := openTest(t, path)
	defer s.Close()
	if err := s.db.Update(func(tx *bolt.Tx) error { return s.replayLog(tx, s.scheduler(), 2, true, nil) }); err != nil {
		t.Fatal(err)
	}
	replayed := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg); got != replayed {
		t.Fatalf("differs: %s", firstDiff(got, replayed))
	}
}

func TestFastLogDecodeAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fast := 0
	for i := range 3000 {
		a := randomAnswer(rng, fmt.Sprintf("b/%d", i), t0.Add(time.Duration(rng.Int64N(1e15))))
		e := LogEntry{Key: a.Key, At: a.At.UTC().Round(0), Mode: a.Mode, Given: a.Given, Correct: a.Correct, Rating: a.Rating,
			Took: a.Took, Type: a.Type, Section: a.Section, StateBefore: fsrs.State(rng.IntN(4))}
		if i%7 == 0 {
			e.At = e.At.Truncate(time.Second) // no fraction
		}
		v, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var got replayEntry
		if fastReplayEntry(v, &got) {
			fast++
		}
		checkDecodeAgrees(t, v)
	}
	if fast < 2000 {
		t.Fatalf("only %d of 3000 lines took the fast path", fast)
	}
}

// checkDecodeAgrees compares decodeReplayEntry with json.Unmarshal on v.
func checkDecodeAgrees(t *testing.T, v []byte) {
	t.Helper()
	var le LogEntry
	jerr := json.Unmarshal(v, &le)
	var got replayEntry
	err := decodeReplayEntry(v, &got)
	if (err == nil) != (jerr == nil) {
		t.Fatalf("%q: decode error %v, json error %v", v, err, jerr)
	}
	if err != nil {
		return
	}
	want := replayEntry{key: []byte(le.Key), given: []byte(le.Given), typ: []byte(le.Type), section: []byte(le.Section),
		at: le.At, rating: le.Rating, correct: -1}
	if le.Correct != nil {
		want.correct = map[bool]int8{true: 1, false: 0}[*le.Correct]
	}
	norm := func(e *replayEntry) {
		for _, b := range []*[]byte{&e.key, &e.given, &e.typ, &e.section} {
			if len(*b) == 0 {
				*b = nil
			}
		}
	}
	norm(&got)
	norm(&want)
	if !reflect.DeepEqual(got, want) || !got.at.Equal(want.at) {
		t.Fatalf("%q:\n got %+v\nwant %+v", v, got, want)
	}
}

func FuzzLogDecode(f *testing.F) {
	f.Add([]byte(`{"key":"b/1","at":"2025-03-10T01:00:00.5Z","mode":"review","given":"A","correct":true,"rating":3,"took":3000000000,"type":"single","section":"一","state_before":0}`))
	f.Add([]byte(`{"key":"b/1","at":"2025-02-29T01:00:00Z","rating":03}`))
	f.Add([]byte(`{"key":"b\u002f1","at":"2025-03-10T01:00:00+08:00","correct":null,"rating":1.0}`))
	f.Add([]byte(` { } `))
	f.Fuzz(func(t *testing.T, v []byte) { checkDecodeAgrees(t, v) })
}
