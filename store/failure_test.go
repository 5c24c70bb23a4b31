package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/fsrs"
)

// Failure tests of issue 6 at the store level: damaged pages bbolt panics
// on, a real full disk, injected write errors, clock oddities.

// TestOpenDamagedPagesNoPanic damages a real database behind intact meta
// pages (the freelist, the root bucket page, everything after the metas):
// Open returns an error wrapping ErrDamaged that names the file; it never
// panics and never writes.
func TestOpenDamagedPagesNoPanic(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	s := openTest(t, good)
	at := t0
	for i := range 200 {
		at = at.Add(time.Minute)
		mustRecord(t, s, ans(fmt.Sprintf("b/%d", i%40), at, i%3 != 0))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	valid, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	rng := rand.New(rand.NewPCG(3, 4))
	damage := map[string]func(b []byte){
		"all-after-meta": func(b []byte) {
			for i := 2 * page; i < len(b); i++ {
				b[i] ^= 0xA5
			}
		},
		"page-headers": func(b []byte) { // every non-meta page's type flags
			for p := 2 * page; p+16 <= len(b); p += page {
				b[p+8], b[p+9] = 0xff, 0x7f
			}
		},
		"random-bytes": func(b []byte) {
			for range 2000 {
				b[2*page+rng.IntN(len(b)-2*page)] = byte(rng.IntN(256))
			}
		},
		"zeroed-tail": func(b []byte) {
			clear(b[2*page:])
		},
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".db")
			b := append([]byte(nil), valid...)
			f(b)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			st, err := openNoPanic(t, path)
			if err == nil {
				// Damage bbolt does not see at open: reading must not panic
				// the program either (Stats walks the buckets it needs).
				defer st.Close()
				t.Logf("%s opened; bbolt did not notice at open", name)
				return
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
				t.Fatalf("open: %v; want ErrDamaged naming the file", err)
			}
			after, _ := os.ReadFile(path)
			if string(after) != string(b) {
				t.Fatal("the damaged file was written to")
			}
		})
	}
}

func openNoPanic(t *testing.T, path string) (s *Store, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Open panicked: %v", r)
		}
	}()
	return open(path, 200*time.Millisecond, testZone)
}

// TestFullDiskTmpfs records answers on a tiny tmpfs filled to the last byte,
// until RecordAnswer fails with ENOSPC: the error names the file; what was
// recorded before is all there, the failed answer left nothing, bbolt's
// check passes and the store reopens and records once there is room.
// Skips when a tmpfs cannot be mounted (TestInjectedWriteErrors covers the
// same path with an injected error).
func TestFullDiskTmpfs(t *testing.T) {
	dir := mountTmpfs(t, "size=256k")
	path := filepath.Join(dir, "full.db")
	s := openTest(t, path)
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	for buf := make([]byte, 512); ; {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	f.Close()

	at := t0
	recorded := 0
	var recErr error
	for i := range 5000 {
		at = at.Add(time.Minute)
		if _, recErr = s.RecordAnswer(ans(fmt.Sprintf("b/%d", i), at, i%2 == 0), Position{}); recErr != nil {
			break
		}
		recorded++
	}
	if recErr == nil {
		t.Fatal("5000 answers recorded on a full disk")
	}
	if !errors.Is(recErr, syscall.ENOSPC) || !strings.Contains(recErr.Error(), path) {
		t.Errorf("error %v: want ENOSPC naming the file", recErr)
	}
	st, err := s.Stats(at, nil)
	if err != nil || st.Reviews != recorded {
		t.Fatalf("after the failure: %d reviews (%v), %d recorded", st.Reviews, err, recorded)
	}
	if err := s.Close(); err != nil {
		t.Logf("close on a full disk: %v", err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	boltCheck(t, path)
	s = openTest(t, path)
	defer s.Close()
	st, err = s.Stats(at, nil)
	if err != nil || st.Reviews != recorded {
		t.Fatalf("reopened: %d reviews (%v), want %d", st.Reviews, err, recorded)
	}
	mustRecord(t, s, ans("b/after", at.Add(time.Minute), true))
	if err := s.Rebuild(); err != nil {
		t.Fatalf("rebuild after a full disk: %v", err)
	}
	t.Logf("%d answers recorded before the disk was full", recorded)
}

func boltCheck(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Fatalf("bbolt check: %v", err)
	}
}

// TestInjectedWriteErrors fails RecordAnswer at every stage of its transaction
// with the errors a full disk or a read-only file gives: the error reaches
// the caller, nothing of the answer is kept, and the next answer works.
func TestInjectedWriteErrors(t *testing.T) {
	s := newTestStore(t)
	at := t0
	mustRecord(t, s, ans("b/1", at, false))
	for _, injected := range []error{syscall.ENOSPC, syscall.EROFS, syscall.EIO} {
		for _, stage := range []string{"card", "log", "mistake", "agg"} {
			before := dump(t, s, allBuckets...)
			s.failAt = func(st string) error {
				if st == stage {
					return &os.PathError{Op: "write", Path: s.Path(), Err: injected}
				}
				return nil
			}
			at = at.Add(time.Hour)
			_, err := s.RecordAnswer(ans("b/1", at, true), Position{})
			s.failAt = nil
			if !errors.Is(err, injected) || !strings.Contains(err.Error(), s.Path()) {
				t.Fatalf("%v at %s: got %v", injected, stage, err)
			}
			if got := dump(t, s, allBuckets...); got != before {
				t.Fatalf("%v at %s changed the database: %s", injected, stage, firstDiff(before, got))
			}
		}
	}
	mustRecord(t, s, ans("b/1", at.Add(time.Hour), true))
	if st, err := s.Stats(at.Add(2*time.Hour), nil); err != nil || st.Reviews != 2 {
		t.Fatalf("stats: %+v %v", st.Reviews, err)
	}
}

// TestClockOddities records answers whose times jump backwards and forwards
// (a clock reset, a time-zone change, a laptop waking up): no error, no
// panic, no negative interval, the due date never before the review the
// scheduler used, and Rebuild agrees with what RecordAnswer wrote.
func TestClockOddities(t *testing.T) {
	s := newTestStore(t)
	rng := rand.New(rand.NewPCG(7, 8))
	at := t0
	jumps := []time.Duration{-time.Hour, -24 * time.Hour, -365 * 24 * time.Hour, -time.Second, time.Minute,
		3 * 24 * time.Hour, -10 * time.Minute, 0, -time.Nanosecond, 30 * 24 * time.Hour}
	for i := range 600 {
		at = at.Add(jumps[rng.IntN(len(jumps))])
		key := fmt.Sprintf("b/%d", rng.IntN(12))
		a := ans(key, at, rng.IntN(3) != 0)
		if rng.IntN(4) == 0 {
			a.Rating = fsrs.Rating(1 + rng.IntN(4))
			a.Correct = nil
		}
		if _, err := s.RecordAnswer(a, Position{}); err != nil {
			t.Fatalf("answer %d at %v: %v", i, at, err)
		}
		c, ok, err := s.Card(key)
		if err != nil || !ok {
			t.Fatalf("card %s: %v %v", key, ok, err)
		}
		if c.ScheduledDays < 0 || c.ElapsedDays < 0 || c.Due.Before(c.LastReview) || c.Stability <= 0 {
			t.Fatalf("answer %d at %v: card %+v has a negative interval", i, at, c)
		}
		if _, err := s.Preview(key, at.Add(-48*time.Hour)); err != nil {
			t.Fatalf("preview before the last review: %v", err)
		}
		if r, err := s.Retrievability(key, at.Add(-48*time.Hour)); err != nil || r < 0 || r > 1 {
			t.Fatalf("retrievability before the last review: %v %v", r, err)
		}
	}
	before := dump(t, s, bCards, bDue, bMistakes, bAgg)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s, bCards, bDue, bMistakes, bAgg); got != before {
		t.Fatalf("rebuild disagrees after clock jumps: %s", firstDiff(before, got))
	}
	if _, err := s.Stats(t0.Add(-400*24*time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if q, err := s.DueQueue(t0.Add(-400*24*time.Hour), nil, 20); err != nil || len(q.Due) != 0 {
		t.Fatalf("queue before every review: %+v %v", q, err)
	}
}
