package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// A writer's open walks the page tree (walkPages) when the file may have
// changed since a shuati last wrote it, so that damage done from outside —
// a page zeroed by another program, a file copied in half — stops writing
// before anyone has read the damaged page. The walk costs in proportion to
// the file (0.2 to 1.7 s for 1,000,000 answers and a 100,000-question bank
// on a busy 2-core machine, BenchmarkOpenWriterWalk100k, against 2 to 4 ms
// for the open of an unchanged file), so it is skipped when the file is as the
// last writer left it: a writer closing cleanly records the file's
// fingerprint (damagemark.go) in the writer lock file it holds, and the
// next writer compares.

// verifiedFingerprint is what the lock file says the file was when its last
// writer closed cleanly ("" if nothing).
func verifiedFingerprint(lock *os.File) string {
	if lock == nil {
		return ""
	}
	buf := make([]byte, 256)
	n, err := lock.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	return string(bytes.TrimSpace(buf[:n]))
}

// recordVerified writes the file's fingerprint into the lock file after a
// clean close. A failure only costs the next open a walk.
func recordVerified(lock *os.File, path string) {
	fp, err := fingerprint(path)
	if err != nil || lock == nil {
		return
	}
	if lock.Truncate(0) == nil {
		_, _ = lock.WriteAt([]byte(fp+"\n"), 0)
	}
}

// checkPagesIfChanged walks the pages of the existing file at path unless
// the lock file vouches for it; damage found is marked and refused.
func checkPagesIfChanged(path string, lock *os.File) error {
	if _, err := os.Stat(path); err != nil {
		return nil // a new file: nothing to walk
	}
	fp, err := fingerprint(path)
	if err == nil && fp == verifiedFingerprint(lock) {
		return nil
	}
	w, err := walkPages(path)
	if err != nil || w == nil {
		return nil // not an intact bbolt file: prepareFile says what it is
	}
	if found := w.problems(); len(found) > 0 {
		err := damagedErr(path, fmt.Errorf("%s", found[0]))
		markDamaged(path, err)
		return err
	}
	return nil
}
