package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The TUI syncs in the background while the learner answers: RecordAnswer
// (and Undo, notes, edits) racing Sync on the same Store, on two devices at
// once through one folder. Run with -race. Every answer recorded ends in
// both logs exactly once, nothing undone is left, and the state is the
// replay of the log (Rebuild changes nothing) and the same on both.
func TestSyncRacesAnswers(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "folder")
	stores := []*Store{openTest(t, filepath.Join(root, "a.db")), openTest(t, filepath.Join(root, "b.db"))}
	defer stores[0].Close()
	defer stores[1].Close()
	var clock atomic.Int64 // the syncs' clock, one minute further each time
	clock.Store(syncNow.UnixNano())
	const answers = 150
	recorded := make([]map[string]bool, 2)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for d, s := range stores {
		recorded[d] = map[string]bool{}
		done := make(chan struct{})
		wg.Add(2)
		go func() { // the learner
			defer wg.Done()
			defer close(done)
			for i := range answers {
				at := t0.Add(time.Duration(i)*time.Minute + time.Duration(d)*time.Second)
				key := fmt.Sprintf("k/%d", i%17)
				r, err := s.RecordAnswer(ans(key, at, i%3 == 0), Position{})
				if err != nil {
					errs <- err
					return
				}
				recorded[d][fmt.Sprintf("%s %d", key, at.UnixNano())] = true
				switch i % 10 {
				case 4:
					if err := s.Undo(r); err == nil {
						delete(recorded[d], fmt.Sprintf("%s %d", key, at.UnixNano()))
					} else if !isStale(err) {
						errs <- err
						return
					}
				case 6:
					if err := s.SetNote(key, fmt.Sprintf("note %d on %d", i, d)); err != nil {
						errs <- err
						return
					}
				case 8:
					if err := s.RemoveMistakes([]string{key}, at.Add(time.Second)); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
		go func() { // the background sync
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				now := time.Unix(0, clock.Add(int64(time.Minute)))
				if _, err := s.Sync(dir, SyncOptions{Now: now, Name: filepath.Base(s.Path())}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for range 2 {
		for _, s := range stores {
			mustSync(t, s, dir, time.Unix(0, clock.Add(int64(time.Minute))))
		}
	}
	want := map[string]bool{}
	for _, r := range recorded {
		for k := range r {
			want[k] = true
		}
	}
	var digests []string
	for _, s := range stores {
		seen := logAnswers(t, s)
		for k, n := range seen {
			if n != 1 || !want[k] {
				t.Errorf("%s: answer %s is in the log %d times (recorded and kept: %v)", s.Path(), k, n, want[k])
			}
		}
		if len(seen) != len(want) {
			t.Errorf("%s: %d answers in the log, %d recorded and kept", s.Path(), len(seen), len(want))
		}
		before := digest(t, s)
		if err := s.Rebuild(); err != nil {
			t.Fatal(err)
		}
		if after := digest(t, s); after != before {
			t.Fatalf("%s: the state is not the replay of the log: %s", s.Path(), firstDiff(before, after))
		}
		digests = append(digests, before)
	}
	if digests[0] != digests[1] {
		t.Fatalf("the devices differ: %s", firstDiff(digests[0], digests[1]))
	}
}

func isStale(err error) bool { return errors.Is(err, ErrStale) }
