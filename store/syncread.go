package store

import (
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/syncfolder"
)

// foreignReader reads, for every other device in the folder, the files
// that hold its events after the last one applied here, one file at a time
// and in order, and checks them. A file that cannot be used is reported and
// another one holding the same events is tried; a device whose next events
// are in no usable file waits (waiting says why, by device).
type foreignReader struct {
	dir     string
	now     time.Time
	devs    []*devPlan
	probs   []SyncProblem
	waiting map[string]string
	left    uint64       // events the remaining files hold, by their names (for progress)
	cur     foreignBatch // what is left of the file being read
}

type devPlan struct {
	id    string
	dev   devID
	next  uint64
	files []syncfolder.File
}

func (s *Store) newForeignReader(dir string, l *syncfolder.Listing, self devID, now time.Time) (*foreignReader, error) {
	applied := map[string]uint64{}
	err := s.db.View(func(tx *bolt.Tx) error {
		sb, ok, err := syncBucketsOf(tx, false)
		if err != nil || !ok {
			return err
		}
		return sb.devices.ForEach(func(k, _ []byte) error {
			st, err := sb.deviceState(string(k))
			applied[string(k)] = st.Applied
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sync %s: %w", s.path, err)
	}
	r := &foreignReader{dir: dir, now: now, waiting: map[string]string{}}
	for id, files := range l.Devices {
		dev, err := parseDevID(id)
		if id == self.String() || err != nil {
			continue
		}
		p := &devPlan{id: id, dev: dev, next: applied[id] + 1, files: append([]syncfolder.File(nil), files...)}
		r.devs = append(r.devs, p)
		for _, f := range files {
			if f.Last >= p.next {
				r.left += f.Last - max(f.First, p.next) + 1
			}
		}
	}
	sort.Slice(r.devs, func(i, j int) bool { return r.devs[i].id < r.devs[j].id })
	return r, nil
}

// read returns up to max of the next events to apply, all from one file;
// ok is false when there are no more.
func (r *foreignReader) read(max int) (b foreignBatch, ok bool) {
	if !r.peek() {
		return b, false
	}
	b = r.cur
	if len(b.events) > max {
		b.events = b.events[:max]
	}
	r.cur.events = r.cur.events[len(b.events):]
	return b, true
}

// peek reports whether read has more to return, reading the next file if
// the last one is used up.
func (r *foreignReader) peek() bool {
	for len(r.cur.events) == 0 {
		if !r.load() {
			return false
		}
	}
	return true
}

// load reads the next usable file into cur.
func (r *foreignReader) load() bool {
	for len(r.devs) > 0 {
		p := r.devs[0]
		f, ok := syncfolder.Cover(p.files, p.next)
		if !ok {
			if upTo, gap := syncfolder.Gap(p.files, p.next); gap {
				msg := fmt.Sprintf("events %d-%d are not in the folder (yet); its later events wait for them", p.next, upTo)
				r.waiting[p.id] = msg
				r.probs = append(r.probs, SyncProblem{File: p.id + "/", Kind: "waiting", Message: msg})
			}
			r.devs = r.devs[1:]
			continue
		}
		seg, err := syncfolder.ReadSegment(r.dir, f, r.now)
		var prob SyncProblem
		if err != nil {
			prob = problemFrom(err)
		} else if cerr := checkForeign(seg.Events[p.next-seg.First:]); cerr != nil {
			prob = SyncProblem{File: f.Path(), Kind: "invalid", Message: cerr.Error() + ": skipped"}
		}
		if prob.Kind != "" {
			r.probs = append(r.probs, prob)
			for i := range p.files {
				if p.files[i] == f {
					p.files = append(p.files[:i], p.files[i+1:]...)
					break
				}
			}
			continue
		}
		r.cur = foreignBatch{dev: p.dev, id: p.id, name: seg.Name, file: f.Path(), events: seg.Events[p.next-seg.First:]}
		p.next = f.Last + 1
		return true
	}
	return false
}
