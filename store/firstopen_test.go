package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFirstOpenBesideCreation (issue 14.6): an opener looks at the file
// without a lock before it takes the writer lock. Another shuati, finding
// the same half-made file (bbolt's first four pages), creates the database
// and records an answer while that look is between the two meta pages: the
// look must not take the result for a truncated file.
func TestFirstOpenBesideCreation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	if err := os.WriteFile(path, initImage(4096), 0o600); err != nil {
		t.Fatal(err)
	}
	fired := false
	beforeSecondMeta = func() {
		if fired {
			return
		}
		fired = true
		other, err := open(path, time.Second, testZone)
		if err != nil {
			t.Errorf("the other shuati: %v", err)
			return
		}
		mustRecord(t, other, ans("b/other", t0, true))
		if err := other.Close(); err != nil {
			t.Error(err)
		}
	}
	defer func() { beforeSecondMeta = nil }()
	s, err := open(path, time.Second, testZone)
	if !fired {
		t.Fatal("the other shuati never ran")
	}
	if err != nil {
		t.Fatalf("open beside a creation: %v", err)
	}
	mustRecord(t, s, ans("b/this", t0.Add(time.Minute), true))
	s.Close()
	if r, err := Check(path); err != nil || !r.OK() || r.Reviews != 2 {
		t.Fatalf("after both: %+v %v", r, err)
	}
}

// TestOpenBesideCommit (issue 14.6): a look without a lock can catch both
// meta pages half written by another shuati's commits. While that writer
// holds bbolt's lock the file is not damaged: an opener waits for the lock
// and looks again, and opens the file once the commit is done. (The
// writer lets go after a second, long after the opener's first look, which
// before the fix was taken as the last word.)
func TestOpenBesideCommit(t *testing.T) {
	if !canShare {
		t.Skip("a look under bbolt's lock needs flock")
	}
	path := filepath.Join(t.TempDir(), "shuati.db")
	s := openTest(t, path)
	mustRecord(t, s, ans("b/1", t0, true))
	s.Close()

	writer, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if err := lockFile(writer, true, time.Second, nil); err != nil {
		t.Fatal(err)
	}
	// Half written: a byte of each meta page's transaction id is not yet
	// the new one, so neither checksum matches.
	var kept [2]byte
	for i := range kept {
		off := int64(i*4096 + pageHeaderSize + 48)
		b := []byte{0}
		if _, err := writer.ReadAt(b, off); err != nil {
			t.Fatal(err)
		}
		kept[i] = b[0]
		if _, err := writer.WriteAt([]byte{b[0] ^ 0xff}, off); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		time.Sleep(time.Second)
		for i, b := range kept {
			if _, err := writer.WriteAt([]byte{b}, int64(i*4096+pageHeaderSize+48)); err != nil {
				done <- err
				return
			}
		}
		done <- writer.Close() // the writer is done and closes
	}()
	s, err = open(path, 30*time.Second, testZone)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatalf("open beside a commit: %v", err)
	}
	mustRecord(t, s, ans("b/2", t0.Add(time.Minute), true))
	s.Close()
	if r, err := Check(path); err != nil || !r.OK() || r.Reviews != 2 {
		t.Fatalf("after the commit: %+v %v", r, err)
	}
}
