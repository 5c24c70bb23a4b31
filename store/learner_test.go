package store

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNotes(t *testing.T) {
	s := newTestStore(t)
	if err := s.SetNote("b/1", "第一条\n第二行"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNote("b/2", "x"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNote("b/2", ""); err != nil {
		t.Fatal(err)
	}
	n, err := s.Notes()
	if err != nil {
		t.Fatal(err)
	}
	if len(n) != 1 || n["b/1"] != "第一条\n第二行" {
		t.Fatalf("notes %q", n)
	}
	for _, bad := range []string{strings.Repeat("长", MaxNoteLen), "\xff"} {
		if err := s.SetNote("b/3", bad); err == nil {
			t.Errorf("a note of %d bytes (valid UTF-8 %v) was kept", len(bad), !strings.Contains(bad, "\xff"))
		}
	}
	if err := s.SetNote("", "x"); err == nil {
		t.Error("a note on no question was kept")
	}
	// Rebuild recomputes what the log gives and leaves the notes alone.
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Notes(); n["b/1"] == "" {
		t.Fatal("Rebuild lost a note")
	}
}

func openKeys(t *testing.T, s *Store, f MistakeFilter) []string {
	t.Helper()
	f.Open = true
	ms, err := s.Mistakes(f)
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, m := range ms {
		ks = append(ks, m.Key)
	}
	return ks
}

// Mastering and removing by hand are kept through Rebuild, unless the
// question was answered wrong afterwards; the answers stay in the log.
func TestMistakeEditsSurviveRebuild(t *testing.T) {
	s := newTestStore(t)
	for i, k := range []string{"b/1", "b/2", "b/3", "b/4"} {
		mustRecord(t, s, ans(k, t0.Add(time.Duration(i)*time.Minute), false))
	}
	if err := s.MasterMistake("b/1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveMistakes([]string{"b/2", "b/3"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MasterMistake("b/2", t0.Add(time.Hour)); err == nil {
		t.Fatal("mastered an entry that was removed")
	}
	mustRecord(t, s, ans("b/3", t0.Add(2*time.Hour), false)) // back in the book
	check := func(when string) {
		t.Helper()
		if got := strings.Join(openKeys(t, s, MistakeFilter{}), ","); got != "b/3,b/4" {
			t.Fatalf("%s: open %s, want b/3,b/4", when, got)
		}
		ms, _ := s.Mistakes(MistakeFilter{})
		if len(ms) != 3 {
			t.Fatalf("%s: book %+v, want b/1 (mastered), b/3, b/4", when, ms)
		}
		for _, m := range ms {
			if m.Key == "b/1" && (!m.Mastered || !m.MasteredAt.Equal(t0.Add(time.Hour))) {
				t.Fatalf("%s: b/1 %+v, want mastered at %v", when, m, t0.Add(time.Hour))
			}
		}
	}
	check("after the edits")
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	check("after Rebuild")
	if h, _ := s.History("b/2"); len(h) != 1 {
		t.Fatalf("the removed entry's answers: %+v, want kept", h)
	}
	// A wrong answer reopens an entry mastered by hand.
	mustRecord(t, s, ans("b/1", t0.Add(3*time.Hour), false))
	if got := strings.Join(openKeys(t, s, MistakeFilter{}), ","); got != "b/1,b/3,b/4" {
		t.Fatalf("after a wrong answer: open %s", got)
	}
}

// Keys scopes the book to the questions the banks hold; Gone lists the
// others, and Stats counts as Keys does.
func TestMistakeScope(t *testing.T) {
	s := newTestStore(t)
	for i, k := range []string{"b/1", "b/2", "old/9"} {
		mustRecord(t, s, ans(k, t0.Add(time.Duration(i)*time.Minute), false))
	}
	scope := []string{"b/1", "b/2", "b/3"}
	if got := strings.Join(openKeys(t, s, MistakeFilter{Keys: scope}), ","); got != "b/2,b/1" {
		t.Fatalf("in scope: %s", got)
	}
	if got := strings.Join(openKeys(t, s, MistakeFilter{Keys: scope, Gone: true}), ","); got != "old/9" {
		t.Fatalf("gone: %s", got)
	}
	st, err := s.Stats(t0.Add(time.Hour), scope)
	if err != nil {
		t.Fatal(err)
	}
	if st.MistakesOpen != 2 || st.MistakesTotal != 2 {
		t.Fatalf("stats %d/%d, want 2/2", st.MistakesOpen, st.MistakesTotal)
	}
}

// The receipt says when an answer mastered an open entry.
func TestReceiptMasteredMistake(t *testing.T) {
	s := newTestStore(t)
	got := []bool{
		mustRecord(t, s, ans("b/1", t0, false)).MasteredMistake,
		mustRecord(t, s, ans("b/1", t0.Add(time.Hour), true)).MasteredMistake,
		mustRecord(t, s, ans("b/1", t0.Add(2*time.Hour), true)).MasteredMistake, // mastery count 2
		mustRecord(t, s, ans("b/1", t0.Add(3*time.Hour), true)).MasteredMistake,
	}
	if want := []bool{false, false, true, false}; !slices.Equal(got, want) {
		t.Fatalf("MasteredMistake %v, want %v", got, want)
	}
}
