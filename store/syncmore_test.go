package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/store/syncfolder"
)

// Devices answering at the very same nanosecond (their log keys collide):
// every device puts the log in the same order and agrees, in every order
// of syncs.
func TestSyncSameInstant(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := range 3 {
		p := filepath.Join(root, fmt.Sprintf("d%d.db", i))
		s := openTest(t, p)
		mustSync(t, s, dir, syncNow) // fixes the device id (the tie-break) for every ordering below
		for j := range 6 {
			// The same instants on every device; the same card for some.
			key := fmt.Sprintf("k/%d", j)
			if j%2 == 1 {
				key = fmt.Sprintf("k/%d-%d", j, i)
			}
			mustRecord(t, s, ans(key, t0.Add(time.Duration(j)*time.Hour), (i+j)%2 == 0))
		}
		s.Close()
		paths = append(paths, p)
	}
	var first string
	for _, order := range permutations(3) {
		ps, d := copyTree(t, paths, dir)
		ds := converge(t, ps, d, order)
		for i := range ds {
			if ds[i] != ds[0] {
				t.Fatalf("order %v: device %d differs: %s", order, i, firstDiff(ds[0], ds[i]))
			}
		}
		if first == "" {
			first = ds[0]
		} else if first != ds[0] {
			t.Fatalf("order %v: %s", order, firstDiff(first, ds[0]))
		}
		s := openTest(t, ps[0])
		if h, _ := s.History("k/0"); len(h) != 3 {
			t.Fatalf("k/0: %d answers", len(h))
		}
		if n := logCount(t, s); n != 18 {
			t.Fatalf("%d log lines", n)
		}
		// The log index kept through the new order is what Rebuild writes.
		before := digest(t, s)
		if err := s.Rebuild(); err != nil {
			t.Fatal(err)
		}
		if after := digest(t, s); after != before {
			t.Fatalf("rebuild after sync: %s", firstDiff(before, after))
		}
		s.Close()
	}
}

// A copy of a synced database (a restored backup, a copied file) that
// syncs too: it notices files under its device id that it did not write,
// goes on under a new id, and catches up with what the other copy sent.
func TestSyncCopiedDatabase(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	a := filepath.Join(root, "a.db")
	s := openTest(t, a)
	mustRecord(t, s, ans("x/1", t0, true))
	mustSync(t, s, dir, syncNow)
	if err := s.Backup(filepath.Join(root, "copy.db")); err != nil {
		t.Fatal(err)
	}
	// The original goes on and syncs again.
	mustRecord(t, s, ans("x/2", t0.Add(time.Hour), false))
	mustSync(t, s, dir, syncNow.Add(time.Minute))
	// The copy answered too, then syncs.
	c := openTest(t, filepath.Join(root, "copy.db"))
	mustRecord(t, c, ans("x/3", t0.Add(2*time.Hour), true))
	rep := mustSync(t, c, dir, syncNow.Add(2*time.Minute))
	if rep.NewDevice == "" || rep.NewDevice == rep.Device || len(rep.Problems) != 1 || rep.Problems[0].Kind != "copy" {
		t.Fatalf("copy not noticed: %+v", rep)
	}
	if rep.Received != 1 || rep.Sent != 1 {
		t.Fatalf("the copy received %d (want the original's 1 new answer) and sent %d: %+v", rep.Received, rep.Sent, rep)
	}
	mustSync(t, s, dir, syncNow.Add(3*time.Minute))
	if ds, dc := digest(t, s), digest(t, c); ds != dc {
		t.Fatalf("original and copy differ: %s", firstDiff(ds, dc))
	}
	if n := logCount(t, s); n != 3 {
		t.Fatalf("%d log lines", n)
	}
	s.Close()
	c.Close()
}

// This device's files gone from the folder (deleted, or a new folder):
// written again from the database, so others still get every event.
func TestSyncOwnFilesMissing(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	sa := openTest(t, filepath.Join(root, "a.db"))
	defer sa.Close()
	var undo Receipt
	for i := range 10 {
		undo = mustRecord(t, sa, ans(fmt.Sprintf("x/%d", i), t0.Add(time.Duration(i)*time.Hour), i%2 == 0))
	}
	if err := sa.SetStar("x/1", true); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sa, dir, syncNow)
	if err := sa.Undo(undo); err != nil {
		t.Fatal(err)
	}
	if err := sa.SetStar("x/1", false); err != nil {
		t.Fatal(err)
	}
	if err := sa.SetStar("x/2", true); err != nil {
		t.Fatal(err)
	}
	set := DefaultSettings()
	set.NewPerDay = 3
	if err := sa.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	if err := sa.SaveUserBank(smallBank("mine", 4), "/tmp/mine.txt", t0); err != nil {
		t.Fatal(err)
	}
	if err := sa.SaveUserBank(smallBank("gone", 2), "/tmp/gone.txt", t0); err != nil {
		t.Fatal(err)
	}
	if err := sa.HandInExam(ExamRecord{Started: t0, Finished: t0.Add(time.Hour), Bank: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	mustNote(t, sa, "x/1", "kept")
	mustNote(t, sa, "x/3", "rewritten")
	mustNote(t, sa, "x/5", "deleted")
	if err := sa.MasterMistake("x/1", t0.Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := sa.RemoveMistakes([]string{"x/3"}, t0.Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sa, dir, syncNow.Add(time.Minute))
	mustNote(t, sa, "x/3", "the second version")
	mustNote(t, sa, "x/5", "")
	if err := sa.DeleteUserBank("gone"); err != nil {
		t.Fatal(err)
	}
	set.NewPerDay = 4
	if err := sa.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sa, dir, syncNow.Add(90*time.Second))
	// Every file gone: a new device gets everything from files written again.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	rep := mustSync(t, sa, dir, syncNow.Add(2*time.Minute))
	if len(rep.Files) == 0 {
		t.Fatalf("nothing written again: %+v", rep)
	}
	sb := openTest(t, filepath.Join(root, "b.db"))
	defer sb.Close()
	mustSync(t, sb, dir, syncNow.Add(3*time.Minute))
	if da, db := digest(t, sa), digest(t, sb); da != db {
		t.Fatalf("A and B differ: %s", firstDiff(da, db))
	}
	if n := logCount(t, sb); n != 9 {
		t.Fatalf("%d log lines, want 9", n)
	}
	if banks, _ := sb.ListUserBanks(); len(banks) != 1 || banks[0].Name != "mine" {
		t.Fatalf("banks %+v", banks)
	}
	if got, _ := sb.Settings(); got.NewPerDay != 4 {
		t.Fatalf("settings %+v", got)
	}
	if n, _ := sb.Notes(); len(n) != 2 || n["x/3"] != "the second version" {
		t.Fatalf("notes %q", n)
	}
}

// Stars, settings and banks changed on both devices while apart: the
// change the later sync saw wins, on both.
func TestSyncLastWriterWins(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	sa := openTest(t, filepath.Join(root, "a.db"))
	defer sa.Close()
	sb := openTest(t, filepath.Join(root, "b.db"))
	defer sb.Close()
	if err := sa.SaveUserBank(smallBank("shared", 3), "/tmp/a.txt", t0); err != nil {
		t.Fatal(err)
	}
	if err := sa.SetStar("q/1", true); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sa, dir, syncNow)
	mustSync(t, sb, dir, syncNow.Add(time.Minute))
	// Apart: b deletes the bank and unstars q/1 and sets 9 new a day; a
	// imports the bank again (edited) and sets 5, and syncs later.
	if err := sb.DeleteUserBank("shared"); err != nil {
		t.Fatal(err)
	}
	if err := sb.SetStar("q/1", false); err != nil {
		t.Fatal(err)
	}
	set := DefaultSettings()
	set.NewPerDay = 9
	if err := sb.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	if err := sa.SaveUserBank(smallBank("shared", 6), "/tmp/a.txt", t0); err != nil {
		t.Fatal(err)
	}
	set.NewPerDay = 5
	if err := sa.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sb, dir, syncNow.Add(2*time.Minute))
	mustSync(t, sa, dir, syncNow.Add(3*time.Minute))
	mustSync(t, sb, dir, syncNow.Add(4*time.Minute))
	for _, s := range []*Store{sa, sb} {
		banks, _ := s.ListUserBanks()
		if len(banks) != 1 || banks[0].Questions != 6 {
			t.Errorf("%s: banks %+v, want a's re-import", s.Path(), banks)
		}
		if got, _ := s.Settings(); got.NewPerDay != 5 {
			t.Errorf("%s: %d new a day, want a's 5", s.Path(), got.NewPerDay)
		}
		if stars, _ := s.Stars(); stars["q/1"] {
			t.Errorf("%s: q/1 starred; b's unstar was the only change", s.Path())
		}
	}
	if da, db := digest(t, sa), digest(t, sb); da != db {
		t.Fatalf("devices differ: %s", firstDiff(da, db))
	}
}

// Many small syncs: this device's files are compacted into a few; every
// file is written once; a device that joins late gets everything; one that
// had applied the small files skips the merged one.
func TestSyncCompaction(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	sa := openTest(t, filepath.Join(root, "a.db"))
	defer sa.Close()
	sb := openTest(t, filepath.Join(root, "b.db"))
	defer sb.Close()
	files := map[string][]byte{}
	now := syncNow
	compacted := false
	for i := range 60 {
		for j := range 3 {
			mustRecord(t, sa, ans(fmt.Sprintf("x/%d", (i*3+j)%50), t0.Add(time.Duration(i*3+j)*time.Minute), j != 1))
		}
		now = now.Add(time.Minute)
		mustSync(t, sa, dir, now)
		if i%7 == 0 {
			rb := mustSync(t, sb, dir, now)
			if rb.Received == 0 {
				t.Fatal("b received nothing")
			}
		}
		after := folderFiles(t, dir)
		checkWrittenOnce(t, files, after)
		for p := range files {
			if _, ok := after[p]; !ok {
				compacted = true
			}
		}
		files = after
	}
	if !compacted {
		t.Fatal("nothing was compacted")
	}
	l, err := syncfolder.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(l.Devices[deviceOf(t, sa)]); n > 8 {
		t.Fatalf("%d files after 60 syncs", n)
	}
	mustSync(t, sb, dir, now.Add(time.Minute))
	sc := openTest(t, filepath.Join(root, "c.db"))
	defer sc.Close()
	mustSync(t, sc, dir, now.Add(2*time.Minute))
	mustSync(t, sa, dir, now.Add(3*time.Minute))
	da, db, dc := digest(t, sa), digest(t, sb), digest(t, sc)
	if da != db || da != dc {
		t.Fatalf("devices differ: %s %s", firstDiff(da, db), firstDiff(da, dc))
	}
	if n := logCount(t, sc); n != 180 {
		t.Fatalf("%d log lines", n)
	}
}

func TestSyncRefusesDatabaseInFolder(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, filepath.Join(dir, "sub", "shuati.db"))
	defer s.Close()
	_, err := s.Sync(dir, SyncOptions{Now: syncNow})
	if err == nil || !strings.Contains(err.Error(), "inside the sync folder") {
		t.Fatalf("%v", err)
	}
}

// The database given by a relative path, or reached through a symlinked
// folder, is still found inside the folder (issue 13.2), even after the
// working directory changed.
func TestSyncRefusesDatabaseInFolderRelativeOrSymlinked(t *testing.T) {
	root := t.TempDir()
	folder := filepath.Join(root, "folder")
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(folder, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(folder)
	rel := openTest(t, "shuati.db") // relative: folder/shuati.db
	defer rel.Close()
	for _, dir := range []string{".", folder, link, "../link", "../folder/"} {
		if _, err := rel.Sync(dir, SyncOptions{Now: syncNow}); err == nil || !strings.Contains(err.Error(), "inside the sync folder") {
			t.Errorf("relative database, folder %s: %v", dir, err)
		}
	}
	// Through the symlink the other way: the database opened as link/sub.db.
	viaLink := openTest(t, filepath.Join("..", "link", "sub.db"))
	defer viaLink.Close()
	t.Chdir(root)
	for _, dir := range []string{"folder", folder, "link"} {
		if _, err := viaLink.Sync(dir, SyncOptions{Now: syncNow}); err == nil || !strings.Contains(err.Error(), "inside the sync folder") {
			t.Errorf("database through a symlink, folder %s: %v", dir, err)
		}
	}
	// A folder beside the database is fine.
	if _, err := viaLink.Sync(filepath.Join(root, "elsewhere"), SyncOptions{Now: syncNow}); err != nil {
		t.Errorf("folder beside: %v", err)
	}
}

// A sync that brings settings from another device changes the scheduler
// the next answers are recorded with.
func TestSyncSettingsReachScheduler(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	sa := openTest(t, filepath.Join(root, "a.db"))
	defer sa.Close()
	sb := openTest(t, filepath.Join(root, "b.db"))
	defer sb.Close()
	set := DefaultSettings()
	set.DesiredRetention, set.MasteryCount = 0.8, 4
	if err := sa.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	mustSync(t, sa, dir, syncNow)
	mustSync(t, sb, dir, syncNow.Add(time.Minute))
	got, _ := sb.Settings()
	if got.DesiredRetention != 0.8 || got.MasteryCount != 4 {
		t.Fatalf("%+v", got)
	}
	mustRecord(t, sa, ans("x/1", t0, true))
	mustRecord(t, sb, ans("x/1", t0, true))
	ca, _, _ := sa.Card("x/1")
	cb, _, _ := sb.Card("x/1")
	if ca != cb {
		t.Fatalf("cards differ:\n%+v\n%+v", ca, cb)
	}
}

func TestSyncStatus(t *testing.T) {
	a, b, dir := pair(t)
	sb := openTest(t, b)
	defer sb.Close()
	// Never synced: everything is unsent; A's events wait in the folder.
	st, err := sb.SyncStatus(dir, syncNow)
	if err != nil {
		t.Fatal(err)
	}
	if st.Device != "" || st.Unsent != 5 || len(st.Devices) != 1 || st.Devices[0].Pending != 21 || st.Devices[0].InFolder != 21 ||
		st.Devices[0].Name != "a.db" || st.Devices[0].LastEvent != 0 {
		t.Fatalf("%+v", st)
	}
	mustSync(t, sb, dir, syncNow.Add(time.Hour))
	sa := openTest(t, a)
	defer sa.Close()
	mustRecord(t, sa, ans("x/new", t0.Add(100*time.Hour), true))
	mustSync(t, sa, dir, syncNow.Add(2*time.Hour))
	// A stray file and a damaged file of A's.
	aID := deviceOf(t, sa)
	if err := os.WriteFile(filepath.Join(dir, aID, syncfolder.FileName(23, 30)), []byte("SHUATISY"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := dump(t, sb)
	st, err = sb.SyncStatus(dir, syncNow.Add(3*time.Hour))
	if after := dump(t, sb); after != before {
		t.Fatalf("status changed the database: %s", firstDiff(before, after))
	}
	if err != nil {
		t.Fatal(err)
	}
	if st.Device != deviceOf(t, sb) || st.Unsent != 0 || len(st.Devices) != 2 || !st.Devices[0].This || st.Devices[0].LastEvent != 5 ||
		!st.LastSync.Equal(syncNow.Add(time.Hour)) || st.Devices[0].Name != "b.db" {
		t.Fatalf("%+v", st)
	}
	da := st.Devices[1]
	if da.ID != aID || da.LastEvent != 21 || da.LastFile != aID+"/"+syncfolder.FileName(1, 21) || da.Pending != 1 || da.InFolder != 30 || !da.AppliedAt.Equal(syncNow.Add(time.Hour)) || da.LastAt.IsZero() {
		t.Fatalf("%+v", da)
	}
	if len(st.Problems) != 1 || st.Problems[0].Kind != "incomplete" || st.Problems[0].File != aID+"/"+syncfolder.FileName(23, 30) {
		t.Fatalf("%+v", st.Problems)
	}
	if _, err := sb.SyncStatus(filepath.Join(dir, "missing"), syncNow); err == nil {
		t.Fatal("status of a missing folder")
	}
}

// More events than one transaction applies: several transactions, and an
// interruption between them is repaired by the next sync's replay.
func TestSyncChunked(t *testing.T) {
	if testing.Short() {
		t.Skip("150,000 answers")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	a := filepath.Join(root, "a.db")
	genDB(t, a, 2000, applyChunk+50_000, 7)
	sa := openTest(t, a)
	defer sa.Close()
	rep := mustSync(t, sa, dir, genNow)
	if rep.Sent != applyChunk+50_000 || !rep.Replayed {
		t.Fatalf("%+v", rep)
	}
	for _, interrupt := range []bool{false, true} {
		sb := openTest(t, filepath.Join(root, fmt.Sprintf("b%v.db", interrupt)))
		if interrupt {
			stop := fmt.Errorf("stop")
			sb.failAt = func(stage string) error {
				if stage == "sync:chunk" {
					return stop
				}
				return nil
			}
			// The first chunk applies; the sync stops before the replay.
			if _, err := sb.Sync(dir, SyncOptions{Now: genNow}); err == nil {
				t.Fatal("not interrupted")
			}
			sb.failAt = nil
			if n := logCount(t, sb); n != applyChunk {
				t.Fatalf("after the first chunk: %d lines", n)
			}
		}
		calls := 0
		r, err := sb.Sync(dir, SyncOptions{Now: genNow, Progress: func(done, total int) {
			calls++
			if done > total {
				t.Fatalf("progress %d of %d", done, total)
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Replayed || calls == 0 {
			t.Fatalf("%+v, %d progress calls", r, calls)
		}
		if da, db := digest(t, sa), digest(t, sb); da != db {
			t.Fatalf("interrupted %v: %s", interrupt, firstDiff(da, db))
		}
		sb.Close()
	}
}

// Small syncs replay only the questions they touch; the result is always
// what replaying everything gives (checked against Rebuild after every
// sync), through answers interleaved in time with the other device's,
// undos after a sync, same-question answers on both devices.
func TestSyncReplayTouchedMatchesFull(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	stores := []*Store{openTest(t, filepath.Join(root, "a.db")), openTest(t, filepath.Join(root, "b.db"))}
	defer stores[0].Close()
	defer stores[1].Close()
	touched := 0
	for _, s := range stores {
		s.failAt = func(stage string) error {
			if stage == "sync:replayed-touched" {
				touched++
			}
			return nil
		}
	}
	rng := rand.New(rand.NewPCG(8, 9))
	now := syncNow
	receipts := map[*Store]Receipt{}
	for round := range 20 {
		for i, s := range stores {
			for range 1 + rng.IntN(6) {
				// Times interleave with the other device's, and go back sometimes.
				at := t0.Add(time.Duration(round)*24*time.Hour + time.Duration(rng.IntN(20*3600))*time.Second + time.Duration(i)*time.Millisecond)
				receipts[s] = mustRecord(t, s, randomAnswer(rng, fmt.Sprintf("q/%d", rng.IntN(12)), at))
			}
			if rng.IntN(4) == 0 {
				if err := s.Undo(receipts[s]); err != nil && !errors.Is(err, ErrStale) {
					t.Fatal(err)
				}
			}
			now = now.Add(time.Minute)
			mustSync(t, s, dir, now)
			before := digest(t, s)
			if err := s.Rebuild(); err != nil {
				t.Fatal(err)
			}
			if after := digest(t, s); after != before {
				t.Fatalf("round %d device %d: the state after sync is not the replay of the log: %s", round, i, firstDiff(after, before))
			}
		}
	}
	if touched < 10 {
		t.Fatalf("only %d syncs replayed just the questions they touched", touched)
	}
	mustSync(t, stores[0], dir, now.Add(time.Minute))
	if da, db := digest(t, stores[0]), digest(t, stores[1]); da != db {
		t.Fatalf("devices differ: %s", firstDiff(da, db))
	}
}
