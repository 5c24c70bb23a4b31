package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

// syncNow is the clock of the sync tests: after every answer they record.
var syncNow = t0.Add(30 * 24 * time.Hour)

func mustSync(t testing.TB, s *Store, dir string, now time.Time) SyncReport {
	t.Helper()
	rep, err := s.Sync(dir, SyncOptions{Now: now, Name: filepath.Base(s.Path())})
	if err != nil {
		t.Fatalf("sync %s: %v", s.Path(), err)
	}
	for _, p := range rep.Problems {
		t.Logf("sync %s: problem %s", filepath.Base(s.Path()), p)
	}
	return rep
}

// stateBuckets are what every device must agree on after a full sync.
var stateBuckets = [][]byte{bCards, bDue, bLog, bLogIdx, bMistakes, bStars, bExams, bSettings, bAgg, bUserBanks, bNotes, bMistakeEdits}

// digest renders the learner's state: every key and value of the state
// buckets (empty ones left out) and the stats and mistake book as the CLI
// prints them.
func digest(t testing.TB, s *Store) string {
	t.Helper()
	var b strings.Builder
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, name := range stateBuckets {
			bk := tx.Bucket(name)
			if bk == nil || bk.Stats().KeyN == 0 {
				continue
			}
			fmt.Fprintf(&b, "[%s]\n", name)
			if err := bk.ForEach(func(k, v []byte) error {
				fmt.Fprintf(&b, "%q = %q\n", k, v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(syncNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	sj, _ := json.Marshal(st)
	ms, err := s.Mistakes(MistakeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	mj, _ := json.Marshal(ms)
	set, _ := s.Settings()
	setj, _ := json.Marshal(set)
	fmt.Fprintf(&b, "stats %s\nmistakes %s\nsettings %s\n", sj, mj, setj)
	return b.String()
}

// folderFiles reads every file under dir: path → bytes.
func folderFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkWrittenOnce fails if a file present in both snapshots changed.
func checkWrittenOnce(t testing.TB, before, after map[string][]byte) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; ok && !bytes.Equal(a, b) {
			t.Fatalf("%s changed after it was written", p)
		}
	}
}

func smallBank(name string, n int) *bank.Bank {
	b := &bank.Bank{Name: name, Title: "我的题库 " + name}
	for i := range n {
		b.Questions = append(b.Questions, &bank.Question{ID: fmt.Sprintf("%03d", i), Type: bank.Single, Section: "一",
			Stem: fmt.Sprintf("题目 %d", i), Options: []bank.Option{{Key: "A", Text: "是"}, {Key: "B", Text: "否"}},
			Answer: &bank.Answer{Choices: "A"}})
	}
	return b
}

// apart builds n databases that studied apart after sharing one common
// starting point through the folder: the same card reviewed on every
// device on the same day, cards of their own, shared cards at random, an
// undo before and one after a sync, stars toggled on several devices,
// settings changed on one, an exam, imported banks, notes written on
// several devices (the same question's on two, one deleted), mistake-book
// entries mastered and removed by hand on several devices, one of them in
// the first layout of edits. It returns the
// database paths (closed) and the folder.
func apart(t *testing.T, n int) ([]string, string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	paths := make([]string, n)
	stores := make([]*Store, n)
	for i := range n {
		paths[i] = filepath.Join(root, fmt.Sprintf("dev%d.db", i))
		stores[i] = openTest(t, paths[i])
	}
	// A common start: device 0 answered and starred X and W, wrote notes,
	// everyone synced.
	mustRecord(t, stores[0], ans("c/start", t0, false))
	mustRecord(t, stores[0], ans("c/edited", t0.Add(time.Minute), false))
	for _, k := range []string{"c/X", "c/W"} {
		if err := stores[0].SetStar(k, true); err != nil {
			t.Fatal(err)
		}
	}
	mustNote(t, stores[0], "c/start", "起点的笔记")
	mustNote(t, stores[0], "c/gone", "to be deleted")
	start := t0.Add(time.Hour)
	for round := range 2 {
		for i := range n {
			mustSync(t, stores[i], dir, start.Add(time.Duration(round*n+i)*time.Minute))
		}
	}
	day := t0.Add(24 * time.Hour)
	for i, s := range stores {
		rng := rand.New(rand.NewPCG(uint64(i), 99))
		// The same card reviewed on every device, the same day.
		mustRecord(t, s, ans("c/same", day.Add(time.Duration(i)*17*time.Minute), i%2 == 0))
		// Cards of its own and shared ones.
		at := day.Add(time.Hour + time.Duration(i)*time.Second)
		for j := range 30 {
			at = at.Add(time.Duration(1+rng.IntN(300)) * time.Minute)
			key := fmt.Sprintf("own%d/%d", i, rng.IntN(8))
			if j%2 == 0 {
				key = fmt.Sprintf("c/%d", rng.IntN(10))
			}
			mustRecord(t, s, randomAnswer(rng, key, at))
		}
		// An undo before any sync: never leaves the device.
		r := mustRecord(t, s, ans(fmt.Sprintf("c/undone%d", i), at.Add(time.Minute), false))
		if err := s.Undo(r); err != nil {
			t.Fatal(err)
		}
		// Stars: everyone stars Z; device 0 unstars X; device 1 unstars and
		// stars X again (no change it can tell), and unstars W.
		if err := s.SetStar("c/Z", true); err != nil {
			t.Fatal(err)
		}
		switch i {
		case 0:
			if err := s.SetStar("c/X", false); err != nil {
				t.Fatal(err)
			}
		case 1:
			for _, on := range []bool{false, true} {
				if err := s.SetStar("c/X", on); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.SetStar("c/W", false); err != nil {
				t.Fatal(err)
			}
			set := DefaultSettings()
			set.DesiredRetention, set.NewPerDay = 0.85, 7
			set.LearningSteps = []string{"3m", "20m"}
			if err := s.SaveSettings(set); err != nil {
				t.Fatal(err)
			}
		case 2:
			if err := s.SaveUserBank(smallBank("mine2", 5), "/tmp/mine2.txt", at); err != nil {
				t.Fatal(err)
			}
		}
		// Notes: everyone writes the same note on c/same; device 1
		// rewrites c/start's and deletes c/gone; a note written and
		// deleted before any sync never leaves. (Different notes on one
		// question go to the last change a sync saw, whatever the order:
		// TestSyncNoteLastWriter.)
		mustNote(t, s, "c/same", "同一条笔记")
		mustNote(t, s, fmt.Sprintf("c/n%d", i), "own note")
		mustNote(t, s, fmt.Sprintf("c/n%d", i), "")
		// The mistake book by hand: device 0 masters c/start and removes
		// c/edited (re-keyed below as the first layout kept it), device 1
		// removes c/start a little later, the last device answers c/edited
		// wrong after both.
		edit := day.Add(10 * time.Hour)
		switch i {
		case 0:
			if err := s.MasterMistake("c/start", edit); err != nil {
				t.Fatal(err)
			}
			if err := s.RemoveMistakes([]string{"c/edited"}, edit); err != nil {
				t.Fatal(err)
			}
			firstLayout(t, s, "c/edited")
		case 1:
			mustNote(t, s, "c/gone", "")
			mustNote(t, s, "c/start", "device 1's")
			if err := s.RemoveMistakes([]string{"c/start"}, edit.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if i == n-1 {
			mustRecord(t, s, ans("c/edited", edit.Add(time.Hour), false))
		}
		if i == 0 {
			c := true
			if err := s.HandInExam(ExamRecord{Started: day, Finished: day.Add(time.Hour), Bank: "c", Score: 1, Total: 2,
				Answers: []ExamAnswer{{Key: "c/1", Given: "A", Correct: &c, Points: 1}}}, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveUserBank(smallBank("mine0", 3), "/tmp/mine0.txt", at); err != nil {
				t.Fatal(err)
			}
		}
	}
	// An undo after a sync: device 0 sends an answer, then takes it back.
	r := mustRecord(t, stores[0], ans("c/taken-back", day.Add(20*time.Hour), true))
	mustSync(t, stores[0], dir, day.Add(21*time.Hour))
	if err := stores[0].Undo(r); err != nil {
		t.Fatalf("undo after a sync that brought nothing: %v", err)
	}
	mustRecord(t, stores[0], ans("c/after-undo", day.Add(22*time.Hour), true))
	for _, s := range stores {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return paths, dir
}

// copyTree copies the databases and the folder for one ordering.
func copyTree(t *testing.T, paths []string, dir string) ([]string, string) {
	t.Helper()
	root := t.TempDir()
	var out []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		q := filepath.Join(root, filepath.Base(p))
		if err := os.WriteFile(q, b, 0o600); err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	nd := filepath.Join(root, "folder")
	if err := os.MkdirAll(nd, 0o700); err != nil {
		t.Fatal(err)
	}
	for rel, b := range folderFiles(t, dir) {
		q := filepath.Join(nd, rel)
		if err := os.MkdirAll(filepath.Dir(q), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(q, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return out, nd
}

func permutations(n int) [][]int {
	if n == 1 {
		return [][]int{{0}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

// converge syncs the devices in the given order twice over (the first
// round sends everything, the second brings everything to everyone),
// checking that no file in the folder changes, and returns their digests.
func converge(t *testing.T, paths []string, dir string, order []int) []string {
	t.Helper()
	stores := make([]*Store, len(paths))
	for i, p := range paths {
		stores[i] = openTest(t, p)
		defer stores[i].Close()
	}
	files := folderFiles(t, dir)
	now := syncNow
	for range 2 {
		for _, i := range order {
			now = now.Add(time.Minute)
			mustSync(t, stores[i], dir, now)
			after := folderFiles(t, dir)
			checkWrittenOnce(t, files, after)
			files = after
		}
	}
	out := make([]string, len(stores))
	for i, s := range stores {
		out[i] = digest(t, s)
	}
	return out
}

func TestSyncConvergesEveryOrder(t *testing.T) {
	for _, n := range []int{2, 3} {
		paths, dir := apart(t, n)
		var first string
		for _, order := range permutations(n) {
			ps, d := copyTree(t, paths, dir)
			ds := converge(t, ps, d, order)
			for i := 1; i < n; i++ {
				if ds[i] != ds[0] {
					t.Fatalf("%d devices, order %v: device %d differs from device 0: %s", n, order, i, firstDiff(ds[0], ds[i]))
				}
			}
			if first == "" {
				first = ds[0]
			} else if ds[0] != first {
				t.Fatalf("%d devices, order %v: another state than the first order's: %s", n, order, firstDiff(first, ds[0]))
			}
		}
		checkApartOutcome(t, paths, dir, n)
	}
}

// checkApartOutcome checks the merged state of apart's story: what a
// learner expects, not just agreement.
func checkApartOutcome(t *testing.T, paths []string, dir string, n int) {
	t.Helper()
	ps, d := copyTree(t, paths, dir)
	converge(t, ps, d, permutations(n)[0])
	s := openTest(t, ps[n-1])
	defer s.Close()
	hist, err := s.History("c/same")
	if err != nil || len(hist) != n {
		t.Fatalf("c/same: %d answers, want %d (%v)", len(hist), n, err)
	}
	for i := range n {
		if h, _ := s.History(fmt.Sprintf("c/undone%d", i)); len(h) != 0 {
			t.Errorf("an answer undone before syncing arrived: %v", h)
		}
	}
	if h, _ := s.History("c/taken-back"); len(h) != 0 {
		t.Errorf("an answer undone after it was sent is still there: %v", h)
	}
	if h, _ := s.History("c/after-undo"); len(h) != 1 {
		t.Errorf("the answer after the undo: %v", h)
	}
	notes, _ := s.Notes()
	if notes["c/same"] != "同一条笔记" || notes["c/start"] != "device 1's" || notes["c/gone"] != "" || len(notes) != 2 {
		t.Errorf("notes %q: want c/same's, c/start's from device 1, c/gone deleted", notes)
	}
	book := map[string]Mistake{}
	ms, _ := s.Mistakes(MistakeFilter{})
	for _, m := range ms {
		book[m.Key] = m
	}
	if _, ok := book["c/start"]; ok {
		t.Errorf("c/start: %+v, want removed (device 1, after device 0 mastered it)", book["c/start"])
	}
	if m, ok := book["c/edited"]; !ok || m.TimesWrong != 1 || m.Mastered {
		t.Errorf("c/edited: %+v, want back in the book once, wrong after its removal", m)
	}
	stars, _ := s.Stars()
	if stars["c/X"] || stars["c/W"] || !stars["c/Z"] {
		t.Errorf("stars %v: want X off (unstarred on device 0), W off (unstarred on device 1), Z on", stars)
	}
	set, _ := s.Settings()
	if set.NewPerDay != 7 || set.DesiredRetention != 0.85 {
		t.Errorf("settings %+v: want device 1's", set)
	}
	exams, _ := s.Exams()
	if len(exams) != 1 {
		t.Errorf("exams: %v", exams)
	}
	banks, _ := s.ListUserBanks()
	wantBanks := 1
	if n >= 3 {
		wantBanks = 2
	}
	if len(banks) != wantBanks {
		t.Errorf("banks: %v", banks)
	}
	// The state is the replay of the merged log: Rebuild changes nothing.
	before := digest(t, s)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if after := digest(t, s); after != before {
		t.Fatalf("rebuild after sync: %s", firstDiff(before, after))
	}
	if rep, err := Check(s.Path()); err != nil || !rep.OK() {
		t.Fatalf("check after sync: %+v %v", rep.Problems, err)
	}
	// A card reviewed on two devices the same day: its state is the
	// replay of both answers in time order.
	c, ok, err := s.Card("c/same")
	if err != nil || !ok || c.Reps != n {
		t.Fatalf("c/same: %+v %v %v", c, ok, err)
	}
}

func mustNote(t testing.TB, s *Store, key, note string) {
	t.Helper()
	if err := s.SetNote(key, note); err != nil {
		t.Fatal(err)
	}
}

// firstLayout re-keys q's mistake-book edit as the first shuati with
// edits kept it: by the question alone.
func firstLayout(t testing.TB, s *Store, q string) {
	t.Helper()
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bMistakeEdits)
		c := b.Cursor()
		k, v := c.Seek(append([]byte(q), 0))
		if k == nil || !bytes.HasPrefix(k, append([]byte(q), 0)) {
			return fmt.Errorf("no edit of %s", q)
		}
		k, v = clone(k), clone(v)
		if err := b.Delete(k); err != nil {
			return err
		}
		return b.Put([]byte(q), v)
	})
	if err != nil {
		t.Fatal(err)
	}
}
