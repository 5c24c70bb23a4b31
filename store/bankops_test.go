package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

func TestImportedBankDigest(t *testing.T) {
	s := newTestStore(t)
	if names, err := s.UserBanksByDigest("d1"); err != nil || len(names) != 0 {
		t.Fatalf("fresh database: %v, %v", names, err)
	}
	for _, name := range []string{"beta", "alpha"} {
		if err := s.SaveImportedBank(userBank(name, "题"), "/tmp/"+name+".txt", "d1", t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveImportedBank(userBank("gamma", "别的题"), "/tmp/gamma.txt", "d2", t0); err != nil {
		t.Fatal(err)
	}
	if names, err := s.UserBanksByDigest("d1"); err != nil || !reflect.DeepEqual(names, []string{"alpha", "beta"}) {
		t.Fatalf("by digest d1: %v, %v; want alpha, beta", names, err)
	}
	// A save without a digest (content not known) forgets the old one.
	if err := s.SaveUserBank(userBank("beta", "题"), "/tmp/beta.txt", t0); err != nil {
		t.Fatal(err)
	}
	if names, _ := s.UserBanksByDigest("d1"); !reflect.DeepEqual(names, []string{"alpha"}) {
		t.Fatalf("after beta saved without digest: %v; want alpha", names)
	}
	if err := s.DeleteUserBank("alpha"); err != nil {
		t.Fatal(err)
	}
	if names, _ := s.UserBanksByDigest("d1"); len(names) != 0 {
		t.Fatalf("after alpha removed: %v", names)
	}
	if err := s.RenameUserBank("gamma", "delta"); err != nil {
		t.Fatal(err)
	}
	if names, _ := s.UserBanksByDigest("d2"); !reflect.DeepEqual(names, []string{"delta"}) {
		t.Fatalf("digest after rename: %v; want delta", names)
	}
}

// Removing a bank keeps its history; importing it again brings it back.
func TestRemoveKeepsHistory(t *testing.T) {
	s := newTestStore(t)
	b := userBank("alpha", "第一题", "第二题")
	if err := s.SaveImportedBank(b, "/tmp/alpha.txt", "d", t0); err != nil {
		t.Fatal(err)
	}
	mustRecord(t, s, ans("alpha/qa", t0, false))
	mustRecord(t, s, ans("alpha/qb", t0.Add(time.Minute), true))
	before := dump(t, s, bCards, bDue, bLog, bLogIdx, bMistakes, bAgg, bStars)
	if err := s.DeleteUserBank("alpha"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUserBank("alpha"); !errors.Is(err, ErrNoUserBank) {
		t.Fatalf("second remove: %v, want ErrNoUserBank", err)
	}
	if _, ok, _ := s.UserBank("alpha"); ok {
		t.Fatal("removed bank still stored")
	}
	if after := dump(t, s, bCards, bDue, bLog, bLogIdx, bMistakes, bAgg, bStars); after != before {
		t.Fatalf("remove touched the history: %s", firstDiff(before, after))
	}
	if err := s.SaveImportedBank(b, "/tmp/alpha.txt", "d", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	keys := []string{"alpha/qa", "alpha/qb"}
	st, err := s.Stats(t0.Add(time.Hour), keys)
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 0 || st.Learning+st.Due != 2 || st.MistakesOpen != 1 {
		t.Errorf("re-imported bank: new %d, learning %d, due %d, open mistakes %d; want its two cards back and one mistake",
			st.New, st.Learning, st.Due, st.MistakesOpen)
	}
}

// renameWorld records the same history under bank name: answers (one
// wrong), a star, a handed-in exam, and stores the bank.
func renameWorld(t *testing.T, s *Store, name string) {
	t.Helper()
	b := userBank(name, "第一题", "第二题")
	b.Title, b.Source = "我的题库", "mine.txt"
	for _, q := range b.Questions {
		q.Source = "mine.txt"
	}
	if err := s.SaveImportedBank(b, "/tmp/mine.txt", "digest", t0); err != nil {
		t.Fatal(err)
	}
	// another bank's history, which a rename must leave alone
	mustRecord(t, s, ans("other/qa", t0, false))
	mustRecord(t, s, ans(name+"/qa", t0.Add(time.Minute), false))
	mustRecord(t, s, ans(name+"/qb", t0.Add(2*time.Minute), true))
	mustRecord(t, s, ans(name+"/qa", t0.Add(30*time.Minute), true))
	if err := s.SetStar(name+"/qb", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStar("other/qa", true); err != nil {
		t.Fatal(err)
	}
	at := t0.Add(3 * time.Hour)
	rec := ExamRecord{ID: "e1", Started: at, Finished: at.Add(time.Minute), Bank: name, Score: 1, Total: 2,
		ByType:  map[bank.Type]ExamTypeScore{bank.Single: {Count: 2, Correct: 1, Score: 1, Total: 2}},
		Answers: []ExamAnswer{{Key: name + "/qa", Given: "A", Correct: boolp(true), Points: 1}, {Key: name + "/qb", Given: "B", Correct: boolp(false)}}}
	a1, a2 := ans(name+"/qa", at.Add(time.Minute), true), ans(name+"/qb", at.Add(time.Minute), false)
	a1.Mode, a2.Mode = ModeExam, ModeExam
	if err := s.HandInExam(rec, []Answer{a1, a2}); err != nil {
		t.Fatal(err)
	}
	// the learner's own data: a note, a mistake mastered by hand, a paper
	// in progress drawn from two banks
	if err := s.SetNote(name+"/qb", "记住：乙"); err != nil {
		t.Fatal(err)
	}
	if err := s.MasterMistake(name+"/qb", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	paper := ExamPaper{ID: "p1", Started: at.Add(2 * time.Hour), Saved: at.Add(2 * time.Hour), Left: time.Minute, Minutes: 10,
		Bank: "other," + name, Questions: []PaperQuestion{{Key: "other/qa", Points: 1}, {Key: name + "/qa", Points: 1, Given: "A"}}}
	if err := s.SavePaper(paper); err != nil {
		t.Fatal(err)
	}
	// what the bank's name keys besides its questions: its exam date, the
	// practice set-up's last selection, a sequential practice's position
	set := DefaultSettings()
	set.ExamDates = map[string]string{name: "2027-01-10", "other": "2027-02-01"}
	set.LastPractice = &PracticeChoice{Banks: []string{"other", name}, Types: []string{"single"}}
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	if err := s.SetProgress(PracticeScope([]string{name, "other"}, nil, "", []string{"single"}, false), 3); err != nil {
		t.Fatal(err)
	}
	if err := s.SetProgress(PracticeScope([]string{"other"}, nil, "", nil, false), 4); err != nil {
		t.Fatal(err)
	}
}

// After a rename the database is byte for byte what it would be had the
// bank always had the new name; a rebuild from the log gives it again;
// stats, mistakes, cards, history and exams follow the new name.
func TestRenameFollowsHistory(t *testing.T) {
	dir := t.TempDir()
	always := openTest(t, filepath.Join(dir, "always.db"))
	defer always.Close()
	renameWorld(t, always, "gamma")
	s := openTest(t, filepath.Join(dir, "renamed.db"))
	defer s.Close()
	renameWorld(t, s, "alpha")

	if err := s.RenameUserBank("alpha", "gamma"); err != nil {
		t.Fatal(err)
	}
	want, got := dump(t, always), dump(t, s)
	if got != want {
		t.Fatalf("renamed database differs from one where the bank was always gamma: %s", firstDiff(want, got))
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if again := dump(t, s); again != want {
		t.Fatalf("a rebuild after the rename changed the database: %s", firstDiff(want, again))
	}

	// Through the readers the UI and the CLI use.
	if set, err := s.Settings(); err != nil || set.ExamDateOf("gamma") != "2027-01-10" || set.ExamDates["alpha"] != "" || !slices.Equal(set.LastPractice.Banks, []string{"other", "gamma"}) {
		t.Errorf("settings after the rename: exam dates %v, last practice %+v", set.ExamDates, set.LastPractice)
	}
	if p, err := s.Progress(PracticeScope([]string{"other", "gamma"}, nil, "", []string{"single"}, false)); err != nil || p != 3 {
		t.Errorf("position of a practice over the renamed bank: %d, %v; want 3", p, err)
	}
	b, ok, err := s.UserBank("gamma")
	if err != nil || !ok || b.Name != "gamma" || b.Questions[0].Bank != "gamma" {
		t.Fatalf("UserBank(gamma) = %v, %v, %v", b, ok, err)
	}
	if _, ok, _ := s.UserBank("alpha"); ok {
		t.Error("alpha is still stored")
	}
	if _, ok, _ := s.Card("gamma/qa"); !ok {
		t.Error("gamma/qa has no card")
	}
	if _, ok, _ := s.Card("alpha/qa"); ok {
		t.Error("alpha/qa still has a card")
	}
	if h, _ := s.History("gamma/qa"); len(h) != 3 || h[0].Key != "gamma/qa" {
		t.Errorf("history of gamma/qa: %+v", h)
	}
	if m := mistakesOf(t, s, MistakeFilter{Bank: "gamma"}); len(m) != 2 || m[0].Key != "gamma/qb" {
		t.Errorf("mistakes of gamma: %+v", m)
	}
	st, err := s.Stats(t0.Add(4*time.Hour), []string{"gamma/qa", "gamma/qb", "gamma/case1"})
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 1 || st.BySection["gamma/一、单项选择题"].Answered != 5 || st.BySection["alpha/一、单项选择题"].Answered != 0 {
		t.Errorf("stats after rename: new %d, by section %v", st.New, st.BySection)
	}
	if stars, _ := s.Stars(); !stars["gamma/qb"] || stars["alpha/qb"] || !stars["other/qa"] {
		t.Errorf("stars after rename: %v", stars)
	}
	if ex, _ := s.Exams(); len(ex) != 1 || ex[0].Bank != "gamma" || ex[0].Answers[1].Key != "gamma/qb" {
		t.Errorf("exams after rename: %+v", ex)
	}
	if notes, _ := s.Notes(); notes["gamma/qb"] != "记住：乙" || len(notes) != 1 {
		t.Errorf("notes after rename: %v", notes)
	}
	if p, ok, _ := s.Paper(); !ok || p.Bank != "other,gamma" || p.Questions[1].Key != "gamma/qa" {
		t.Errorf("paper after rename: %+v", p)
	}
}

func TestRenameRefusals(t *testing.T) {
	s := newTestStore(t)
	for _, name := range []string{"alpha", "beta", "old"} {
		if err := s.SaveImportedBank(userBank(name, "题"), "/tmp/"+name+".txt", "", t0); err != nil {
			t.Fatal(err)
		}
	}
	mustRecord(t, s, ans("old/qa", t0, true))
	if err := s.DeleteUserBank("old"); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	for _, tt := range []struct {
		old, new string
		want     error
	}{
		{"missing", "x", ErrNoUserBank},
		{"old", "x", ErrNoUserBank}, // removed
		{"alpha", "beta", ErrBankExists},
		{"alpha", "alpha", ErrBankExists},
		{"alpha", "old", ErrNameHasHistory},
		{"alpha", "a/b", nil},
		{"alpha", "", nil},
	} {
		err := s.RenameUserBank(tt.old, tt.new)
		if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("rename %q to %q: %v, want %v", tt.old, tt.new, err, tt.want)
		}
		if err != nil && !strings.Contains(err.Error(), tt.old) {
			t.Errorf("rename %q to %q: %q does not name the bank", tt.old, tt.new, err)
		}
	}
	if after := dump(t, s); after != before {
		t.Fatalf("a refused rename changed the database: %s", firstDiff(before, after))
	}
}

// A rename that fails at any step inside its transaction leaves the
// database exactly as before.
func TestRenameIsOneTransaction(t *testing.T) {
	for fail := 1; ; fail++ {
		s := newTestStore(t)
		renameWorld(t, s, "alpha")
		before := dump(t, s)
		n := 0
		s.failAt = func(stage string) error {
			if stage != "rename" {
				return nil
			}
			if n++; n == fail {
				return fmt.Errorf("injected failure %d", n)
			}
			return nil
		}
		err := s.RenameUserBank("alpha", "gamma")
		s.failAt = nil
		if err == nil {
			if fail < 3 {
				t.Fatalf("only %d failure points", fail-1)
			}
			return
		}
		if after := dump(t, s); after != before {
			t.Fatalf("failure %d: the database changed: %s", fail, firstDiff(before, after))
		}
	}
}

// A damaged log line of the bank stops the rename, naming it, with
// nothing changed.
func TestRenameDamagedLog(t *testing.T) {
	s := newTestStore(t)
	renameWorld(t, s, "alpha")
	r := mustRecord(t, s, ans("alpha/tf1", t0.Add(5*time.Hour), true))
	var logKey []byte
	for _, c := range r.changes {
		if string(c.bucket) == string(bLog) {
			logKey = c.key
		}
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bLog).Put(logKey, []byte("{bad")) }); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	err := s.RenameUserBank("alpha", "gamma")
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%x", logKey)) {
		t.Fatalf("rename over a damaged log line: %v; want an error naming the line", err)
	}
	if after := dump(t, s); after != before {
		t.Fatalf("a failed rename changed the database: %s", firstDiff(before, after))
	}
}

// A rename travels through a sync: the other device ends with the bank
// under its new name, its answers under the new keys, and the same state.
func TestRenameSyncs(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "sync")
	a := openTest(t, filepath.Join(dir, "a.db"))
	defer a.Close()
	b := openTest(t, filepath.Join(dir, "b.db"))
	defer b.Close()
	if err := a.SaveImportedBank(userBank("alpha", "第一题", "第二题"), "/tmp/alpha.txt", "d", t0); err != nil {
		t.Fatal(err)
	}
	mustRecord(t, a, ans("alpha/qa", t0, false))
	mustRecord(t, a, ans("alpha/qb", t0.Add(time.Minute), true))
	mustSync(t, a, folder, syncNow)
	mustSync(t, b, folder, syncNow)
	if _, ok, _ := b.UserBank("alpha"); !ok {
		t.Fatal("the bank did not reach the other device")
	}
	if err := a.RenameUserBank("alpha", "gamma"); err != nil {
		t.Fatal(err)
	}
	mustSync(t, a, folder, syncNow.Add(time.Hour))
	mustSync(t, b, folder, syncNow.Add(time.Hour))
	mustSync(t, a, folder, syncNow.Add(2*time.Hour))
	if _, ok, _ := b.UserBank("alpha"); ok {
		t.Error("the other device still has alpha")
	}
	if g, ok, _ := b.UserBank("gamma"); !ok || g.Questions[0].Bank != "gamma" {
		t.Error("the other device lacks gamma")
	}
	if h, _ := b.History("gamma/qa"); len(h) != 1 {
		t.Errorf("history of gamma/qa on the other device: %+v", h)
	}
	if h, _ := b.History("alpha/qa"); len(h) != 0 {
		t.Errorf("the other device keeps alpha/qa's history: %+v", h)
	}
	if da, db := digest(t, a), digest(t, b); da != db {
		t.Errorf("the devices differ after the rename synced: %s", firstDiff(da, db))
	}
}
