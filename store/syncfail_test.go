package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/syncfolder"
)

// logCount is the number of review-log lines.
func logCount(t testing.TB, s *Store) int {
	t.Helper()
	n := 0
	if err := s.db.View(func(tx *bolt.Tx) error { n = tx.Bucket(bLog).Stats().KeyN; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// pair makes device A (20 answers, a star, synced into the folder) and
// device B (5 answers of its own, never synced), closed.
func pair(t *testing.T) (a, b, dir string) {
	t.Helper()
	root := t.TempDir()
	a, b, dir = filepath.Join(root, "a.db"), filepath.Join(root, "b.db"), filepath.Join(root, "folder")
	sa, sb := openTest(t, a), openTest(t, b)
	for i := range 20 {
		mustRecord(t, sa, ans(fmt.Sprintf("x/%d", i%7), t0.Add(time.Duration(i)*time.Hour), i%3 == 0))
	}
	if err := sa.SetStar("x/1", true); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sa, dir, syncNow)
	for i := range 5 {
		mustRecord(t, sb, ans(fmt.Sprintf("y/%d", i), t0.Add(time.Duration(i)*time.Minute), true))
	}
	sa.Close()
	sb.Close()
	return a, b, dir
}

// onlyFile returns the one segment file of a device in the folder.
func onlyFile(t *testing.T, dir string, s *Store) string {
	t.Helper()
	id := deviceOf(t, s)
	m, _ := filepath.Glob(filepath.Join(dir, id, "*.seg"))
	if len(m) != 1 {
		t.Fatalf("%d files of %s", len(m), id)
	}
	return m[0]
}

func deviceOf(t testing.TB, s *Store) string {
	t.Helper()
	var id string
	err := s.db.View(func(tx *bolt.Tx) error {
		sb, ok, err := syncBucketsOf(tx, false)
		if err != nil || !ok {
			return fmt.Errorf("no sync state: %v", err)
		}
		id = string(sb.meta.Get(kDevice))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// reseal recomputes a segment file's checksum after a deliberate change.
func reseal(b []byte) []byte {
	body := b[:len(b)-sha256.Size]
	sum := sha256.Sum256(body)
	return append(append([]byte(nil), body...), sum[:]...)
}

// Each way a folder can be broken: the file is named in the report with
// why, nothing of it is applied, nothing local is lost; once the folder is
// right again the next sync brings everything.
func TestSyncDamagedFolder(t *testing.T) {
	a, b, dir := pair(t)
	sa := openTest(t, a)
	aID := deviceOf(t, sa)
	good := onlyFile(t, dir, sa)
	goodBytes, _ := os.ReadFile(good)
	name := filepath.Base(good)
	sa.Close()

	invalid := func() []byte {
		seg := &syncfolder.Segment{Device: aID, First: 1, Last: 21, Created: syncNow.UnixNano(),
			Events: []syncfolder.Event{{Seq: 1, Kind: syncfolder.KindAnswer, Time: t0.UnixNano(), Data: []byte(`{"key":"","rating":9}`)}}}
		for n := uint64(2); n <= 21; n++ {
			seg.Events = append(seg.Events, syncfolder.Event{Seq: n})
		}
		data, err := syncfolder.Encode(seg)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	cases := []struct {
		name   string
		kind   string
		damage func(dir string) string // returns the damaged file, under the folder
		bad    bool                    // the good file is gone or damaged: nothing of A can be applied
	}{
		{"cut short", "incomplete", func(dir string) string {
			os.WriteFile(filepath.Join(dir, aID, name), goodBytes[:len(goodBytes)/2], 0o600)
			return aID + "/" + name
		}, true},
		{"flipped byte", "damaged", func(dir string) string {
			c := bytes.Clone(goodBytes)
			c[len(c)/2] ^= 1
			os.WriteFile(filepath.Join(dir, aID, name), c, 0o600)
			return aID + "/" + name
		}, true},
		{"newer version", "newer", func(dir string) string {
			c := bytes.Clone(goodBytes)
			binary.BigEndian.PutUint16(c[8:], syncfolder.Version+1)
			os.WriteFile(filepath.Join(dir, aID, name), reseal(c), 0o600)
			return aID + "/" + name
		}, true},
		{"wrong name", "mismatch", func(dir string) string {
			other := syncfolder.FileName(1, 40)
			os.Rename(filepath.Join(dir, aID, name), filepath.Join(dir, aID, other))
			return aID + "/" + other
		}, true},
		{"invalid answer", "invalid", func(dir string) string {
			os.WriteFile(filepath.Join(dir, aID, name), invalid(), 0o600)
			return aID + "/" + name
		}, true},
		{"half-written temporary file", "temporary", func(dir string) string {
			os.Rename(filepath.Join(dir, aID, name), filepath.Join(dir, aID, "."+name+".tmp"))
			os.Truncate(filepath.Join(dir, aID, "."+name+".tmp"), 100)
			return aID + "/." + name + ".tmp"
		}, true},
		{"conflict copy", "conflict-copy", func(dir string) string {
			c := strings.TrimSuffix(name, ".seg") + ".sync-conflict-20250310-120000-ABCDEFG.seg"
			os.WriteFile(filepath.Join(dir, aID, c), invalid(), 0o600)
			return aID + "/" + c
		}, false},
		{"dropbox conflict copy", "conflict-copy", func(dir string) string {
			c := strings.TrimSuffix(name, ".seg") + " (conflicted copy 2025-03-10).seg"
			os.WriteFile(filepath.Join(dir, aID, c), goodBytes[:10], 0o600)
			return aID + "/" + c
		}, false},
		{"stranger", "unknown", func(dir string) string {
			os.WriteFile(filepath.Join(dir, aID, "notes.txt"), []byte("hello"), 0o600)
			return aID + "/notes.txt"
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, d := copyTree(t, []string{a, b}, dir)
			file := c.damage(d)
			sb := openTest(t, ps[1])
			defer sb.Close()
			before := logCount(t, sb)
			rep := mustSync(t, sb, d, syncNow.Add(time.Hour))
			found := false
			for _, p := range rep.Problems {
				if p.File == file && p.Kind == c.kind {
					found = true
				}
			}
			if !found {
				t.Fatalf("no %s problem naming %s: %+v", c.kind, file, rep.Problems)
			}
			if c.bad {
				if rep.Received != 0 || logCount(t, sb) != before {
					t.Fatalf("applied %d events from a broken folder", rep.Received)
				}
			} else if rep.Received != 21 {
				t.Fatalf("received %d events, want A's 21", rep.Received)
			}
			if h, _ := sb.History("y/0"); len(h) != 1 {
				t.Fatal("lost a local answer")
			}
			// The folder made right again: everything arrives, and A and B agree.
			os.Remove(filepath.Join(d, filepath.FromSlash(file)))
			if err := os.WriteFile(filepath.Join(d, aID, name), goodBytes, 0o600); err != nil {
				t.Fatal(err)
			}
			mustSync(t, sb, d, syncNow.Add(2*time.Hour))
			if logCount(t, sb) != 25 {
				t.Fatalf("after repair: %d log lines, want 25", logCount(t, sb))
			}
			sa := openTest(t, ps[0])
			defer sa.Close()
			mustSync(t, sa, d, syncNow.Add(3*time.Hour))
			if da, db := digest(t, sa), digest(t, sb); da != db {
				t.Fatalf("A and B differ: %s", firstDiff(da, db))
			}
		})
	}
}

// A device whose clock is days ahead: its files are refused, named, until
// this computer's clock (or its own) is right.
func TestSyncClockFarOff(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	sa := openTest(t, filepath.Join(root, "a.db"))
	defer sa.Close()
	sb := openTest(t, filepath.Join(root, "b.db"))
	defer sb.Close()
	ahead := syncNow.Add(72 * time.Hour)
	mustRecord(t, sa, ans("x/1", ahead, true))
	mustSync(t, sa, dir, ahead)
	rep := mustSync(t, sb, dir, syncNow)
	if rep.Received != 0 || len(rep.Problems) != 1 || rep.Problems[0].Kind != "clock" ||
		!strings.HasPrefix(rep.Problems[0].File, deviceOf(t, sa)+"/") || !strings.Contains(rep.Problems[0].Message, "ahead of this computer's clock") {
		t.Fatalf("%+v", rep)
	}
	rep = mustSync(t, sb, dir, ahead)
	if rep.Received != 1 {
		t.Fatalf("once the clocks agree: %+v", rep)
	}
}

// Interrupted at every stage of a sync (an error where a crash could be):
// the next sync carries on, and in the end nothing is lost or doubled.
func TestSyncInterruptedStages(t *testing.T) {
	stages := []string{"sync:exported", "sync:applied", "sync:outbox", "sync:write:half-written", "sync:write:before-rename",
		"sync:write:renamed", "sync:compact"}
	for _, stage := range stages {
		t.Run(stage, func(t *testing.T) {
			paths, dir := apart(t, 2)
			ref := append([]string(nil), converge(t, paths, dir, []int{0, 1})...)
			paths, dir = apart(t, 2)
			stores := []*Store{openTest(t, paths[0]), openTest(t, paths[1])}
			defer stores[0].Close()
			defer stores[1].Close()
			stop := errors.New("injected: " + stage)
			now := syncNow
			failed := 0
			// Fail each device's sync at the stage a few times, then let it run.
			for round := range 6 {
				for i, s := range stores {
					now = now.Add(time.Minute)
					s.failAt = func(st string) error {
						if st == stage && round < 4 {
							failed++
							return stop
						}
						return nil
					}
					_, err := s.Sync(dir, SyncOptions{Now: now, Name: fmt.Sprint("dev", i)})
					if err != nil && !errors.Is(err, stop) {
						t.Fatalf("round %d device %d: %v", round, i, err)
					}
					s.failAt = nil
				}
			}
			if failed == 0 && stage != "sync:compact" {
				t.Fatalf("stage %s never reached", stage)
			}
			for i, s := range stores {
				d := digest(t, s)
				if d != ref[0] {
					t.Fatalf("device %d after interruptions differs from a clean sync: %s", i, firstDiff(ref[0], d))
				}
			}
			l, err := syncfolder.Scan(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Skipped) != 0 {
				t.Fatalf("left in the folder: %v", l.Skipped)
			}
		})
	}
}

// TestSyncChild is the child process of TestSyncKilled: it answers,
// stars, undoes and syncs one database, over and over, until it is killed,
// printing each answer once it is recorded (on disk).
func TestSyncChild(t *testing.T) {
	db, dir := os.Getenv("SHUATI_SYNC_CHILD_DB"), os.Getenv("SHUATI_SYNC_CHILD_DIR")
	if db == "" {
		t.Skip("only run by TestSyncKilled")
	}
	base, err := time.Parse(time.RFC3339Nano, os.Getenv("SHUATI_SYNC_CHILD_BASE"))
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return syncNow.Add(time.Since(base)) }
	s, err := open(db, 5*time.Second, testZone)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for {
		var last Receipt
		for range 20 {
			a := ans(fmt.Sprintf("k/%d", rng.IntN(300)), clock(), rng.IntN(3) > 0)
			r, err := s.RecordAnswer(a, Position{})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("recorded %s %d\n", r.Key, r.At.UnixNano())
			last = r
		}
		if err := s.SetStar(fmt.Sprintf("k/%d", rng.IntN(300)), rng.IntN(2) == 0); err != nil {
			t.Fatal(err)
		}
		// "undoing" goes out before the undo: killed between its commit and
		// "undone", the parent knows the answer's fate is open.
		undo := func() {
			fmt.Printf("undoing %s %d\n", last.Key, last.At.UnixNano())
			if err := s.Undo(last); err == nil {
				fmt.Printf("undone %s %d\n", last.Key, last.At.UnixNano())
			} else if errors.Is(err, ErrStale) {
				fmt.Printf("kept %s %d\n", last.Key, last.At.UnixNano())
			} else {
				t.Fatal(err)
			}
		}
		if rng.IntN(3) == 0 {
			undo()
		}
		if _, err := s.Sync(dir, SyncOptions{Now: clock(), Name: filepath.Base(db)}); err != nil {
			t.Fatal(err)
		}
		if rng.IntN(3) == 0 {
			undo()
		}
	}
}

// A sync killed (SIGKILL) at random points, over and over, on both sides,
// while both devices keep answering: after syncs that are let finish, both
// devices agree, hold every answer that was recorded and not undone, and
// hold each exactly once.
func TestSyncKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	paths := []string{filepath.Join(root, "a.db"), filepath.Join(root, "b.db")}
	for d, p := range paths {
		s := openTest(t, p)
		s.db.db.NoSync = true // setup only
		rng := rand.New(rand.NewPCG(uint64(d), 5))
		recordRandom(t, s, rng, 3000, 400, t0.Add(time.Duration(d)*time.Second), 10*time.Minute)
		s.Close()
	}
	base := time.Now().Format(time.RFC3339Nano)
	rng := rand.New(rand.NewPCG(42, 42))
	recorded := map[string]bool{} // "key at" of answers recorded and not undone
	undone := map[string]bool{}
	kills, work := 0, 0
	for round := range 24 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSyncChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SHUATI_SYNC_CHILD_DB="+paths[round%2], "SHUATI_SYNC_CHILD_DIR="+dir, "SHUATI_SYNC_CHILD_BASE="+base)
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = cmd.Stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(pipe)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		var out []string
		pending := map[string]bool{} // undos begun and not seen to end
		take := func(line string) {
			out = append(out, line)
			if k, ok := strings.CutPrefix(line, "recorded "); ok {
				recorded[k] = true
				work++
			} else if k, ok := strings.CutPrefix(line, "undoing "); ok {
				pending[k] = true
			} else if k, ok := strings.CutPrefix(line, "undone "); ok {
				delete(pending, k)
				delete(recorded, k)
				undone[k] = true
			} else if k, ok := strings.CutPrefix(line, "kept "); ok {
				delete(pending, k)
			}
		}
		// Kill at a random point once the child is at work (its first
		// answer recorded), however long a loaded machine takes to get there.
		deadline := time.After(2 * time.Minute)
		for started := false; !started; {
			select {
			case line, ok := <-lines:
				if !ok {
					t.Fatalf("child ended by itself:\n%s", strings.Join(out, "\n"))
				}
				take(line)
				started = strings.HasPrefix(line, "recorded ")
			case <-deadline:
				t.Fatalf("the child recorded no answer in 2 minutes:\n%s", strings.Join(out, "\n"))
			}
		}
		kill := time.After(time.Duration(rng.IntN(500)) * time.Millisecond)
		for killed := false; !killed; {
			select {
			case line, ok := <-lines:
				if !ok {
					t.Fatalf("child ended by itself:\n%s", strings.Join(out, "\n"))
				}
				take(line)
			case <-kill:
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
		for line := range lines {
			take(line)
		}
		if err := cmd.Wait(); err == nil {
			t.Fatalf("child ended cleanly:\n%s", strings.Join(out, "\n"))
		}
		if strings.Contains(strings.Join(out, "\n"), "--- FAIL") {
			t.Fatalf("child failed:\n%s", strings.Join(out, "\n"))
		}
		// Killed during an undo: the answer may or may not be in the log.
		for k := range pending {
			delete(recorded, k)
		}
		kills++
	}
	t.Logf("%d kills, %d answers recorded by the children", kills, work)
	ds := converge(t, paths, dir, []int{0, 1})
	if ds[0] != ds[1] {
		t.Fatalf("the devices differ: %s", firstDiff(ds[0], ds[1]))
	}
	s := openTest(t, paths[0])
	defer s.Close()
	seen := logAnswers(t, s)
	for k, n := range seen {
		if n != 1 {
			t.Errorf("answer %s is in the log %d times", k, n)
		}
	}
	for k := range recorded {
		if seen[k] == 0 {
			t.Errorf("answer %s was recorded and is lost", k)
		}
	}
	for k := range undone {
		if seen[k] != 0 {
			t.Errorf("answer %s was undone and is still in the log", k)
		}
	}
	t.Logf("%d answers undone", len(undone))
	if n := logCount(t, s); n < 6000 {
		t.Fatalf("%d log lines, fewer than the 6000 of the start", n)
	}
}

// logAnswers counts the log's lines by "question time" (unix ns).
func logAnswers(t testing.TB, s *Store) map[string]int {
	t.Helper()
	seen := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bLog).ForEach(func(k, v []byte) error {
			var e LogEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			seen[fmt.Sprintf("%s %d", e.Key, e.At.UnixNano())]++
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return seen
}
