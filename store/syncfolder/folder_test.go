package syncfolder

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

func sha256Sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func deflate(t testing.TB, raw []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFileNames(t *testing.T) {
	n := FileName(1, 250)
	if n != "000000000001-000000000250.seg" {
		t.Fatal(n)
	}
	if f, l, ok := ParseFileName(n); !ok || f != 1 || l != 250 {
		t.Fatal(f, l, ok)
	}
	big := FileName(1e13, 1e13+5)
	if f, l, ok := ParseFileName(big); !ok || f != 1e13 || l != 1e13+5 {
		t.Fatal(big, f, l, ok)
	}
	for _, bad := range []string{
		"1-250.seg", "000000000001-000000000250.seg.tmp", "000000000001-000000000250 (1).seg",
		"000000000001-000000000250.sync-conflict-20250101-120000-ABCDEFG.seg", "000000000250-000000000001.seg",
		"000000000000-000000000001.seg", "000000000001_000000000250.seg", "+00000000001-000000000250.seg", "",
	} {
		if _, _, ok := ParseFileName(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func writeSeg(t *testing.T, dir string, s *Segment) File {
	t.Helper()
	b := mustEncode(t, s)
	name := FileName(s.First, s.Last)
	if err := WriteOnce(filepath.Join(dir, s.Device), name, b, nil); err != nil {
		t.Fatal(err)
	}
	return File{Device: s.Device, Name: name, First: s.First, Last: s.Last, Size: int64(len(b))}
}

func voids(dev string, first, last uint64) *Segment {
	s := &Segment{Device: dev, First: first, Last: last, Created: now.UnixNano()}
	for i := first; i <= last; i++ {
		s.Events = append(s.Events, Event{Seq: i, Kind: KindVoid})
	}
	return s
}

func TestScanClassifies(t *testing.T) {
	dir := t.TempDir()
	const devB = "fedcba9876543210"
	fa := writeSeg(t, dir, voids(devA, 1, 3))
	fb := writeSeg(t, dir, voids(devB, 1, 2))
	fa2 := writeSeg(t, dir, voids(devA, 4, 9))
	touch := func(rel string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]Problem{
		devA + "/000000000004-000000000009.sync-conflict-20250101-120000-ABCDEFG.seg": ProblemConflictCopy,
		devA + "/000000000001-000000000003 (conflicted copy 2025-03-01).seg":          ProblemConflictCopy,
		devA + "/000000000001-000000000003 (Ann's conflicted copy 2025-03-01).seg":    ProblemConflictCopy,
		devB + "/.000000000003-000000000004.seg.tmp":                                  ProblemTemporary,
		devB + "/~syncthing~000000000003-000000000004.seg.tmp":                        ProblemTemporary,
		devB + "/notes.txt":                         ProblemUnknown,
		devB + "/000000000003-000000000004 (1).seg": ProblemUnknown,
	}
	for rel := range want {
		touch(rel)
	}
	touch("README.md")
	touch(".stfolder/marker")
	touch(".git/HEAD")
	if err := os.MkdirAll(filepath.Join(dir, devB+".sync-conflict-20250101-120000-ABCDEFG"), 0o700); err != nil {
		t.Fatal(err)
	}
	want[devB+".sync-conflict-20250101-120000-ABCDEFG/"] = ProblemConflictCopy

	l, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.Devices[devA], []File{fa, fa2}) || !reflect.DeepEqual(l.Devices[devB], []File{fb}) || len(l.Devices) != 2 {
		t.Fatalf("devices: %+v", l.Devices)
	}
	got := map[string]Problem{}
	for _, s := range l.Skipped {
		got[s.Path] = s.Problem
		if s.Error() == "" || !bytes.Contains([]byte(s.Error()), []byte(s.Path)) {
			t.Errorf("message %q does not name %s", s.Error(), s.Path)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("skipped:\n got %v\nwant %v", got, want)
	}
	if _, err := Scan(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("scan of a missing folder")
	}
}

func TestReadSegmentChecksPlace(t *testing.T) {
	dir := t.TempDir()
	f := writeSeg(t, dir, voids(devA, 1, 3))
	if _, err := ReadSegment(dir, f, now); err != nil {
		t.Fatal(err)
	}
	// The same bytes under another name or in another device's folder.
	data, _ := os.ReadFile(filepath.Join(dir, f.Device, f.Name))
	const devB = "fedcba9876543210"
	for _, g := range []File{
		{Device: devA, Name: FileName(2, 4), First: 2, Last: 4},
		{Device: devB, Name: f.Name, First: 1, Last: 3},
	} {
		if err := os.MkdirAll(filepath.Join(dir, g.Device), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, g.Device, g.Name), data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ReadSegment(dir, g, now)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Problem != ProblemMismatch || fe.Path != g.Path() {
			t.Fatalf("%s: %v", g.Path(), err)
		}
	}
	// Cut short on disk: named and told apart from damage.
	if err := os.WriteFile(filepath.Join(dir, f.Device, f.Name), data[:len(data)-5], 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadSegment(dir, f, now)
	if problemOf(err) != ProblemIncomplete || !bytes.Contains([]byte(err.Error()), []byte(f.Path())) {
		t.Fatal(err)
	}
	if _, err := ReadSegment(dir, File{Device: devA, Name: FileName(9, 9), First: 9, Last: 9}, now); problemOf(err) != ProblemUnreadable {
		t.Fatal(err)
	}
}

func TestWriteOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), devA)
	data := mustEncode(t, voids(devA, 1, 2))
	name := FileName(1, 2)
	if err := WriteOnce(dir, name, data, nil); err != nil {
		t.Fatal(err)
	}
	if err := WriteOnce(dir, name, data, nil); err != nil {
		t.Fatalf("repeating a write: %v", err)
	}
	if err := WriteOnce(dir, name, append(bytes.Clone(data), 1), nil); err == nil {
		t.Fatal("overwrote a file with other content")
	}
	got, _ := os.ReadFile(filepath.Join(dir, name))
	if !bytes.Equal(got, data) {
		t.Fatal("file changed")
	}
	// Interrupted at each stage: a half-written temporary file is left (or
	// the file is whole), never a partial file under the real name.
	stop := errors.New("stop")
	for _, stage := range []string{"half-written", "before-rename", "renamed"} {
		name := FileName(3, 4)
		_ = os.Remove(filepath.Join(dir, name))
		data := mustEncode(t, voids(devA, 3, 4))
		err := WriteOnce(dir, name, data, func(s string) error {
			if s == stage {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) {
			t.Fatalf("%s: %v", stage, err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if stage == "renamed" {
			if !bytes.Equal(got, data) {
				t.Fatalf("%s: %v", stage, err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%s: the file exists", stage)
		}
		l, err := Scan(filepath.Dir(dir))
		if err != nil {
			t.Fatal(err)
		}
		temps := 0
		for _, s := range l.Skipped {
			if s.Problem == ProblemTemporary {
				temps++
			}
		}
		if temps != 1 {
			t.Fatalf("%s: %d temporary files", stage, temps)
		}
		if err := WriteOnce(dir, name, data, nil); err != nil {
			t.Fatal(err)
		}
		if err := RemoveTemp(dir); err != nil {
			t.Fatal(err)
		}
		if l, _ := Scan(filepath.Dir(dir)); len(l.Skipped) != 0 {
			t.Fatalf("%s: left %v", stage, l.Skipped)
		}
	}
}

func files(ranges ...[2]uint64) []File {
	var out []File
	for _, r := range ranges {
		out = append(out, File{Device: devA, Name: FileName(r[0], r[1]), First: r[0], Last: r[1]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].First != out[j].First {
			return out[i].First < out[j].First
		}
		return out[i].Last > out[j].Last
	})
	return out
}

func TestCoverAndGap(t *testing.T) {
	fs := files([2]uint64{1, 10}, [2]uint64{1, 40}, [2]uint64{11, 20}, [2]uint64{41, 50}, [2]uint64{60, 70})
	if f, ok := Cover(fs, 1); !ok || f.Last != 40 {
		t.Fatal(f, ok)
	}
	if f, ok := Cover(fs, 15); !ok || f.Last != 40 {
		t.Fatal(f, ok)
	}
	if f, ok := Cover(fs, 41); !ok || f.Last != 50 {
		t.Fatal(f, ok)
	}
	if _, ok := Cover(fs, 51); ok {
		t.Fatal("51 covered")
	}
	if up, ok := Gap(fs, 51); !ok || up != 59 {
		t.Fatal(up, ok)
	}
	if _, ok := Gap(fs, 71); ok {
		t.Fatal("gap after the end")
	}
	live, covered := Live(fs)
	if len(live) != 3 || live[0].Last != 40 || len(covered) != 2 {
		t.Fatal(live, covered)
	}
}

func TestPlanCompaction(t *testing.T) {
	if r := PlanCompaction(files([2]uint64{1, 5}, [2]uint64{6, 10}, [2]uint64{11, 15})); r != nil {
		t.Fatal("three files compacted")
	}
	r := PlanCompaction(files([2]uint64{1, 1000}, [2]uint64{1001, 1005}, [2]uint64{1006, 1010}, [2]uint64{1011, 1015}, [2]uint64{1016, 1020}))
	if len(r) != 4 || r[0].First != 1001 || r[3].Last != 1020 {
		t.Fatal(r)
	}
	// Mixed tiers, or a gap, stop it.
	if r := PlanCompaction(files([2]uint64{1, 5}, [2]uint64{6, 100}, [2]uint64{101, 105}, [2]uint64{106, 110})); r != nil {
		t.Fatal(r)
	}
	if r := PlanCompaction(files([2]uint64{1, 5}, [2]uint64{6, 10}, [2]uint64{12, 15}, [2]uint64{16, 20})); r != nil {
		t.Fatal(r)
	}
	// Repeated compaction keeps the count logarithmic.
	var fs []File
	next := uint64(1)
	for range 2000 {
		fs = append(fs, File{First: next, Last: next + 9})
		next += 10
		for {
			run := PlanCompaction(fs)
			if run == nil {
				break
			}
			fs = append(fs[:len(fs)-len(run)], File{First: run[0].First, Last: run[len(run)-1].Last})
		}
	}
	if len(fs) > 16 {
		t.Fatalf("%d files after 2000 writes", len(fs))
	}
}

func TestMerge(t *testing.T) {
	a, b := voids(devA, 1, 3), voids(devA, 4, 5)
	m, err := Merge([]*Segment{a, b}, now.UnixNano())
	if err != nil || m.First != 1 || m.Last != 5 || len(m.Events) != 5 {
		t.Fatal(m, err)
	}
	if _, err := Merge([]*Segment{a, voids(devA, 5, 6)}, 0); err == nil {
		t.Fatal("merged across a gap")
	}
	if _, err := Merge(nil, 0); err == nil {
		t.Fatal("merged nothing")
	}
}
