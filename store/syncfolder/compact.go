package syncfolder

import "fmt"

// A writer compacts its own directory so that it holds a few files, not one
// per sync: size-tiered, as a log-structured store does. A file's tier is
// the base-4 magnitude of its event count; when the newest compactRun files
// are all of one tier, they are merged into one new file (of a higher tier)
// and then removed. Files are only ever added whole and removed; nothing is
// rewritten in place. Readers that already applied the small files skip the
// merged one by its name; readers that had not read them read it instead.
const compactRun = 4

func tier(n uint64) int {
	t := 0
	for n >= 4 {
		n /= 4
		t++
	}
	return t
}

// Live drops the files whose events another file holds as well (left by a
// compaction interrupted before it removed its inputs): covered lists them.
// files must be sorted as Scan sorts them.
func Live(files []File) (live, covered []File) {
	var reach uint64
	for _, f := range files {
		if f.Last <= reach {
			covered = append(covered, f)
			continue
		}
		live = append(live, f)
		reach = f.Last
	}
	return live, covered
}

// PlanCompaction returns the run of a writer's newest files to merge, or
// nil. files are the live files of the writer's own directory, in order;
// the run is contiguous in event numbers and stays within
// MaxSegmentEvents.
func PlanCompaction(files []File) []File {
	n := len(files)
	if n < compactRun {
		return nil
	}
	run := files[n-compactRun:]
	t := tier(run[0].Events())
	var total uint64
	for i, f := range run {
		if tier(f.Events()) != t || (i > 0 && f.First != run[i-1].Last+1) {
			return nil
		}
		total += f.Events()
	}
	if total > MaxSegmentEvents {
		return nil
	}
	return run
}

// Merge joins segments of one device that follow each other into one, made
// at created. It fails if they do not join up or would be too big for one
// file.
func Merge(segs []*Segment, created int64) (*Segment, error) {
	if len(segs) == 0 {
		return nil, fmt.Errorf("merge: no segments")
	}
	out := &Segment{Device: segs[0].Device, Name: segs[len(segs)-1].Name, First: segs[0].First, Created: created}
	size := 0
	for i, s := range segs {
		if s.Device != out.Device || (i > 0 && s.First != segs[i-1].Last+1) {
			return nil, fmt.Errorf("merge: %s %d-%d does not follow %s %d-%d", s.Device, s.First, s.Last, segs[i-1].Device, segs[i-1].First, segs[i-1].Last)
		}
		for j := range s.Events {
			size += EventSize(&s.Events[j])
		}
		out.Events = append(out.Events, s.Events...)
		out.Last = s.Last
	}
	if len(out.Events) > MaxSegmentEvents || size > MaxSegmentBytes {
		return nil, fmt.Errorf("merge: %d events, %d bytes: too big for one file", len(out.Events), size)
	}
	return out, nil
}
