package syncfolder

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

const segExt = ".seg"

// FileName is the name of the segment holding events first…last.
func FileName(first, last uint64) string {
	return fmt.Sprintf("%012d-%012d%s", first, last, segExt)
}

// ParseFileName reads the event numbers out of a segment's name. Only the
// exact spelling FileName produces is accepted, so a copy such as
// "…-000000000009 (1).seg" is not taken for the file itself.
func ParseFileName(name string) (first, last uint64, ok bool) {
	base, found := strings.CutSuffix(name, segExt)
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(base, "-")
	if !found {
		return 0, 0, false
	}
	first, err1 := strconv.ParseUint(a, 10, 64)
	last, err2 := strconv.ParseUint(b, 10, 64)
	if err1 != nil || err2 != nil || first < 1 || last < first || FileName(first, last) != name {
		return 0, 0, false
	}
	return first, last, true
}

// tempName is where WriteOnce writes name before renaming it into place.
func tempName(name string) string { return "." + name + ".tmp" }

// File is one segment file of the folder.
type File struct {
	Device string
	Name   string // in the device's directory
	First  uint64
	Last   uint64
	Size   int64
}

// Path is the file's place under the folder, as messages show it.
func (f File) Path() string { return path.Join(f.Device, f.Name) }

// Events is how many events the file holds.
func (f File) Events() uint64 { return f.Last - f.First + 1 }

// Listing is what Scan found.
type Listing struct {
	Devices map[string][]File // each device's segments, by First, then Last descending
	Skipped []*FileError      // files that are not segments (conflict copies, temporary files, strangers)
}

// Scan lists the folder: each device directory's segment files, and every
// other file in a device directory as a FileError saying why it is not
// read. Entries at the top that are not device directories (a README, a
// sync engine's own files, .git) are left alone, except conflict copies of
// a device directory, which are reported.
func Scan(dir string) (*Listing, error) {
	top, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("sync folder %s: %w", dir, err)
	}
	l := &Listing{Devices: map[string][]File{}}
	for _, d := range top {
		name := d.Name()
		if !d.IsDir() {
			continue
		}
		if !ValidDevice(name) {
			if len(name) > 16 && ValidDevice(name[:16]) && conflictCopy(name) {
				l.Skipped = append(l.Skipped, &FileError{Path: name + "/", Problem: ProblemConflictCopy,
					Err: errors.New("a sync engine's conflict copy of a device folder: skipped (the original is used)")})
			}
			continue
		}
		files, skipped, err := scanDevice(dir, name)
		if err != nil {
			return nil, err
		}
		l.Devices[name] = files
		l.Skipped = append(l.Skipped, skipped...)
	}
	return l, nil
}

func scanDevice(dir, device string) ([]File, []*FileError, error) {
	entries, err := os.ReadDir(filepath.Join(dir, device))
	if err != nil {
		return nil, nil, fmt.Errorf("sync folder %s: %w", filepath.Join(dir, device), err)
	}
	var files []File
	var skipped []*FileError
	for _, e := range entries {
		name := e.Name()
		p := path.Join(device, name)
		if first, last, ok := ParseFileName(name); ok && e.Type().IsRegular() {
			info, err := e.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					continue // deleted since the listing (a compaction on another device)
				}
				skipped = append(skipped, &FileError{Path: p, Problem: ProblemUnreadable, Err: err})
				continue
			}
			files = append(files, File{Device: device, Name: name, First: first, Last: last, Size: info.Size()})
			continue
		}
		skipped = append(skipped, classify(p, name, e))
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].First != files[j].First {
			return files[i].First < files[j].First
		}
		return files[i].Last > files[j].Last
	})
	return files, skipped, nil
}

// conflictCopy reports names sync engines give the loser of a conflict:
// Syncthing's "x.sync-conflict-20250101-120000-ABCDEFG.seg", Dropbox's
// "x (conflicted copy 2025-01-01).seg" (also "x (Ann's conflicted copy …)"),
// Nextcloud's "x (conflicted copy …)", ownCloud's "x_conflict-…".
func conflictCopy(name string) bool {
	l := strings.ToLower(name)
	return strings.Contains(l, ".sync-conflict-") || strings.Contains(l, "conflicted copy") || strings.Contains(l, "_conflict-")
}

func classify(p, name string, e fs.DirEntry) *FileError {
	switch {
	case conflictCopy(name):
		return &FileError{Path: p, Problem: ProblemConflictCopy, Err: errors.New("a sync engine's conflict copy: skipped (the original is used)")}
	case strings.HasSuffix(name, ".tmp") || strings.HasPrefix(name, "~syncthing~") || strings.HasPrefix(name, ".syncthing."):
		return &FileError{Path: p, Problem: ProblemTemporary, Err: errors.New("a file still being written (or left by an interrupted copy): skipped")}
	case e.IsDir():
		return &FileError{Path: p + "/", Problem: ProblemUnknown, Err: errors.New("not a shuati sync file (a folder): skipped")}
	case !e.Type().IsRegular() && strings.HasSuffix(name, segExt):
		return &FileError{Path: p, Problem: ProblemUnknown, Err: errors.New("not a regular file: skipped")}
	}
	return &FileError{Path: p, Problem: ProblemUnknown, Err: errors.New("not a shuati sync file (its name is not FIRST-LAST.seg): skipped")}
}

// Clock limits: an event dated more than MaxAhead after the reader's clock,
// or before 2001 (minEventAt, 2001-01-01 UTC), says a clock was wrong; its
// file is refused.
const (
	MaxAhead   = 24 * time.Hour
	minEventAt = int64(978307200) * int64(time.Second)
)

// ReadSegment reads and checks one file of the folder at dir: Decode's
// checks, a header that agrees with the file's name and directory, and
// every date within the clock limits of now. Errors are *FileError naming
// the file.
func ReadSegment(dir string, f File, now time.Time) (*Segment, error) {
	data, err := os.ReadFile(filepath.Join(dir, f.Device, f.Name))
	if err != nil {
		return nil, &FileError{Path: f.Path(), Problem: ProblemUnreadable, Err: err}
	}
	seg, err := Decode(data)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.Path = f.Path()
			return nil, fe
		}
		return nil, &FileError{Path: f.Path(), Problem: ProblemDamaged, Err: err}
	}
	if seg.Device != f.Device || seg.First != f.First || seg.Last != f.Last {
		return nil, &FileError{Path: f.Path(), Problem: ProblemMismatch,
			Err: fmt.Errorf("holds events %d-%d of device %s, not what its name and folder say: skipped", seg.First, seg.Last, seg.Device)}
	}
	if err := CheckClock(seg, now); err != nil {
		err.Path = f.Path()
		return nil, err
	}
	return seg, nil
}

// CheckClock refuses a segment dated far from now (see MaxAhead).
func CheckClock(seg *Segment, now time.Time) *FileError {
	limit := now.Add(MaxAhead).UnixNano()
	check := func(t int64, what string) *FileError {
		switch {
		case t > limit:
			return problem(ProblemClock, "%s is dated %s, more than %.0f hours ahead of this computer's clock (%s): the clock of device %s or of this computer is wrong; skipped",
				what, stamp(t), MaxAhead.Hours(), stamp(now.UnixNano()), seg.Device)
		case t < minEventAt:
			return problem(ProblemClock, "%s is dated %s, before 2001: the clock of device %s was wrong; skipped", what, stamp(t), seg.Device)
		}
		return nil
	}
	if err := check(seg.Created, "the file"); err != nil {
		return err
	}
	for i := range seg.Events {
		e := &seg.Events[i]
		switch e.Kind {
		case KindAnswer, KindUndo, KindStar, KindSettings, KindBank, KindNote, KindMastered, KindRemoved:
			if err := check(e.Time, fmt.Sprintf("event %d (%v)", e.Seq, e.Kind)); err != nil {
				return err
			}
		}
	}
	return nil
}

func stamp(ns int64) string { return time.Unix(0, ns).UTC().Format("2006-01-02 15:04:05 UTC") }

// WriteOnce writes data as dir/name, whole or not at all: to a temporary
// name first, fsynced, then renamed into place, and the directory fsynced.
// A file already there with the same bytes is left as it is (a write
// repeated after an interruption); one with other bytes is an error, never
// overwritten. fail, when not nil (tests), is called at named points and
// its error stops the write there.
func WriteOnce(dir, name string, data []byte, fail func(stage string) error) error {
	final := filepath.Join(dir, name)
	if old, err := os.ReadFile(final); err == nil {
		if bytes.Equal(old, data) {
			return nil
		}
		return fmt.Errorf("%s already exists with other content; not overwriting it", final)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(dir, tempName(name))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	step := func(stage string) error {
		if fail != nil {
			return fail(stage)
		}
		return nil
	}
	half := len(data) / 2
	_, err = f.Write(data[:half])
	if err == nil {
		err = step("half-written")
	}
	if err == nil {
		_, err = f.Write(data[half:])
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = step("before-rename")
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", final, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("writing %s: %w", final, err)
	}
	if err := step("renamed"); err != nil {
		return fmt.Errorf("writing %s: %w", final, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// RemoveTemp removes the temporary files WriteOnce leaves when it is
// interrupted, in one device directory (a writer's own: nobody else writes
// there).
func RemoveTemp(devDir string) error {
	entries, err := os.ReadDir(devDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") && strings.HasSuffix(n, segExt+".tmp") && e.Type().IsRegular() {
			if err := os.Remove(filepath.Join(devDir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// Remove deletes one segment file the caller wrote (after a compaction
// replaced it), and makes that durable.
func Remove(dir string, f File) error {
	devDir := filepath.Join(dir, f.Device)
	if err := os.Remove(filepath.Join(devDir, f.Name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(devDir)
}

// Cover picks, among files, the one to read for event next: of those that
// hold it, the one reaching furthest. ok is false when none holds it.
func Cover(files []File, next uint64) (best File, ok bool) {
	for _, f := range files {
		if f.First <= next && next <= f.Last && (!ok || f.Last > best.Last) {
			best, ok = f, true
		}
	}
	return best, ok
}

// Gap reports, when no file holds event next, whether later events are
// there (the device's events next…upTo are missing, so those wait).
func Gap(files []File, next uint64) (upTo uint64, waiting bool) {
	for _, f := range files {
		if f.First > next && (!waiting || f.First-1 < upTo) {
			upTo, waiting = f.First-1, true
		}
	}
	return upTo, waiting
}
