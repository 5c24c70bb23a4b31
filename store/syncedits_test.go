package store

import (
	"path/filepath"
	"testing"
	"time"
)

// Different notes on one question: the change the later sync saw wins on
// both devices (by time, then device id), as for stars; a deletion is a
// change like any other.
func TestSyncNoteLastWriter(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	a, b := openTest(t, filepath.Join(root, "a.db")), openTest(t, filepath.Join(root, "b.db"))
	defer a.Close()
	defer b.Close()
	mustNote(t, a, "k/1", "from a")
	mustNote(t, b, "k/1", "from b")
	mustNote(t, b, "k/2", "only b")
	mustSync(t, a, dir, syncNow)
	mustSync(t, b, dir, syncNow.Add(time.Minute)) // b's change is the later one
	mustSync(t, a, dir, syncNow.Add(2*time.Minute))
	for _, s := range []*Store{a, b} {
		if n, _ := s.Notes(); n["k/1"] != "from b" || n["k/2"] != "only b" {
			t.Fatalf("%s: notes %q", s.Path(), n)
		}
	}
	mustNote(t, a, "k/2", "") // deleted on a, after b wrote it
	mustSync(t, a, dir, syncNow.Add(3*time.Minute))
	mustSync(t, b, dir, syncNow.Add(4*time.Minute))
	if n, _ := b.Notes(); len(n) != 1 {
		t.Fatalf("b after a deleted k/2: %q", n)
	}
	if digest(t, a) != digest(t, b) {
		t.Fatal(firstDiff(digest(t, a), digest(t, b)))
	}
}

// Edits of the mistake book by hand are replayed with the other device's
// answers in time order: a removal after the other device's wrong answer
// (made before it, while apart) removes the entry everywhere; a wrong
// answer after it brings the entry back, counted from the removal on. The
// result is what Rebuild gives and what check accepts.
func TestSyncMistakeEditsInTimeOrder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	a, b := openTest(t, filepath.Join(root, "a.db")), openTest(t, filepath.Join(root, "b.db"))
	defer a.Close()
	defer b.Close()
	for _, k := range []string{"k/1", "k/2", "k/3"} {
		mustRecord(t, a, ans(k, t0, false))
	}
	mustSync(t, a, dir, syncNow)
	mustSync(t, b, dir, syncNow)
	edit := t0.Add(2 * time.Hour)
	if err := a.RemoveMistakes([]string{"k/1", "k/2"}, edit); err != nil {
		t.Fatal(err)
	}
	if err := a.MasterMistake("k/3", edit); err != nil {
		t.Fatal(err)
	}
	mustRecord(t, b, ans("k/1", edit.Add(-time.Hour), false)) // before the removal
	mustRecord(t, b, ans("k/2", edit.Add(time.Hour), false))  // after it
	mustRecord(t, b, ans("k/3", edit.Add(-time.Hour), true))  // before the mastering
	for i, s := range []*Store{a, b, a} {
		mustSync(t, s, dir, syncNow.Add(time.Duration(i+1)*time.Minute))
	}
	book := func(s *Store) map[string]Mistake {
		ms, err := s.Mistakes(MistakeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]Mistake{}
		for _, m := range ms {
			out[m.Key] = m
		}
		return out
	}
	for _, s := range []*Store{a, b} {
		bk := book(s)
		if _, ok := bk["k/1"]; ok {
			t.Errorf("%s: k/1 %+v, want removed", s.Path(), bk["k/1"])
		}
		if m := bk["k/2"]; m.TimesWrong != 1 || m.Mastered {
			t.Errorf("%s: k/2 %+v, want back once", s.Path(), m)
		}
		if m := bk["k/3"]; !m.Mastered || !m.MasteredAt.Equal(edit) || m.Consecutive != 1 {
			t.Errorf("%s: k/3 %+v, want mastered by hand after one right answer", s.Path(), m)
		}
	}
	sameAndReplayed(t, a, b)
	if rep, err := Check(b.Path()); err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep.Problems, err)
	}
}

// An answer recorded here after another device's later answer to the same
// question was merged (the two computers studied at once) goes into the
// log after it, as it was applied; with the book edited by hand in between,
// the state is the replay of the log (what Rebuild gives) on both.
func TestSyncAnswerBeforeMergedOne(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	a, b := openTest(t, filepath.Join(root, "a.db")), openTest(t, filepath.Join(root, "b.db"))
	defer a.Close()
	defer b.Close()
	mustRecord(t, a, ans("k/1", t0, false))
	mustSync(t, a, dir, syncNow)
	mustSync(t, b, dir, syncNow)
	mustRecord(t, b, ans("k/1", t0.Add(2*time.Hour), true))
	mustSync(t, b, dir, syncNow.Add(time.Minute))
	mustSync(t, a, dir, syncNow.Add(2*time.Minute))
	if err := a.RemoveMistakes([]string{"k/1"}, t0.Add(90*time.Minute)); err != nil { // counts after b's answer
		t.Fatal(err)
	}
	mustRecord(t, a, ans("k/1", t0.Add(time.Hour), false)) // before b's, recorded after it came
	mustSync(t, a, dir, syncNow.Add(3*time.Minute))
	mustSync(t, b, dir, syncNow.Add(4*time.Minute))
	sameAndReplayed(t, a, b)
}

// sameAndReplayed fails unless a and b hold the same state and a's is the
// replay of its log (Rebuild changes nothing).
func sameAndReplayed(t *testing.T, a, b *Store) {
	t.Helper()
	da := digest(t, a)
	if db := digest(t, b); da != db {
		t.Fatal(firstDiff(da, db))
	}
	if err := a.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if after := digest(t, a); after != da {
		t.Fatalf("Rebuild: %s", firstDiff(da, after))
	}
}
