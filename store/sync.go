package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/syncfolder"
)

// Sync through a folder (issue 13): each database is a device with an id;
// it writes its events into files of its own under the folder (written
// once, never changed), reads the other devices' files it has not applied
// yet, and merges by event id. Card states and the mistake book are then
// the replay of the merged log, so every device that has the same events
// has the same state, whatever the order of syncs.
//
// One sync:
//  1. finish writing files a sync before decided on (the outbox) and was
//     interrupted before writing;
//  2. list the folder; read and check the other devices' next files;
//  3. in one transaction: turn this database's changes into events and put
//     their files in the outbox, apply the other devices' events, replay
//     card states if the log or the settings changed;
//  4. write the outbox's files into the folder;
//  5. compact this device's files.
//
// A sync killed at any point loses nothing and applies nothing twice: the
// transaction is all or nothing, and the outbox is written again by the
// next sync (a file already there with the same bytes is left as it is).

// SyncOptions are the inputs of a sync besides the folder.
type SyncOptions struct {
	Now  time.Time // this computer's clock
	Name string    // this device's name for the others' status lines (its host name)
	// Progress, if set, is called while the sync applies other devices'
	// events and replays the log: done of total steps. It runs inside the
	// sync's write transaction and must not call the store.
	Progress func(done, total int)
}

// SyncReport says what a sync did.
type SyncReport struct {
	Folder    string         `json:"folder"`
	Device    string         `json:"device"`               // this database's device id
	NewDevice string         `json:"new_device,omitempty"` // the id it took because a copy of it syncs too (Device was its old one)
	Sent      int            `json:"sent"`                 // this device's events written to the folder
	Files     []string       `json:"files"`                // files written, under the folder
	Received  int            `json:"received"`             // other devices' events applied
	From      map[string]int `json:"from"`                 // of those, by device id
	Replayed  bool           `json:"replayed"`             // card states and the mistake book were replayed from the merged log
	Problems  []SyncProblem  `json:"problems"`             // files skipped or waited for
}

// SyncProblem is a file of the folder that was not used, and why.
type SyncProblem struct {
	File    string `json:"file"` // under the folder
	Kind    string `json:"kind"` // incomplete damaged newer mismatch clock conflict-copy temporary unknown unreadable invalid waiting
	Message string `json:"message"`
}

func (p SyncProblem) String() string { return p.File + ": " + p.Message }

var problemKinds = map[syncfolder.Problem]string{
	syncfolder.ProblemIncomplete: "incomplete", syncfolder.ProblemDamaged: "damaged", syncfolder.ProblemNewer: "newer",
	syncfolder.ProblemMismatch: "mismatch", syncfolder.ProblemClock: "clock", syncfolder.ProblemConflictCopy: "conflict-copy",
	syncfolder.ProblemTemporary: "temporary", syncfolder.ProblemUnknown: "unknown", syncfolder.ProblemUnreadable: "unreadable",
}

func problemFrom(err error) SyncProblem {
	var fe *syncfolder.FileError
	if errors.As(err, &fe) {
		return SyncProblem{File: fe.Path, Kind: problemKinds[fe.Problem], Message: fe.Err.Error()}
	}
	return SyncProblem{Kind: "unreadable", Message: err.Error()}
}

// ErrSyncFolder wraps errors about the folder itself (not one file of it).
var ErrSyncFolder = errors.New("sync folder unusable")

// checkFolder makes sure dir exists and that the database is not in it: a
// sync engine must never copy the live file.
func (s *Store) checkFolder(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrSyncFolder, dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrSyncFolder, dir, err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrSyncFolder, dir, err)
	}
	if inside(real, s.abs) {
		return "", s.inFolderErr(dir)
	}
	return abs, nil
}

// inside reports whether the file db (an absolute path) is under the
// directory dirReal (absolute, symlinks resolved), comparing db with its
// symlinks resolved too (through its directory when the file is not there
// yet).
func inside(dirReal, db string) bool {
	real, err := filepath.EvalSymlinks(db)
	if err != nil {
		d, derr := filepath.EvalSymlinks(filepath.Dir(db))
		if derr != nil {
			return false
		}
		real = filepath.Join(d, filepath.Base(db))
	}
	rel, err := filepath.Rel(dirReal, real)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Sync merges this database with the other devices' through the folder dir
// (see the comment at the top of sync.go). Files of the folder that cannot
// be used are reported in SyncReport.Problems, each naming its file; an
// error means the sync could not finish (the next one carries on).
func (s *Store) Sync(dir string, opt SyncOptions) (SyncReport, error) {
	rep := SyncReport{From: map[string]int{}}
	if opt.Now.IsZero() {
		return rep, errors.New("sync: no time given")
	}
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	now := opt.Now
	dir, err := s.checkFolder(dir)
	if err != nil {
		return rep, err
	}
	rep.Folder = dir
	self, err := s.syncSetUp(opt.Name)
	if err != nil {
		return rep, err
	}
	rep.Device = self.String()
	if err := s.flushOutbox(dir, self, &rep); err != nil {
		return rep, err
	}
	l, err := syncfolder.Scan(dir)
	if err != nil {
		return rep, fmt.Errorf("%w: %v", ErrSyncFolder, err)
	}
	if err := syncfolder.RemoveTemp(filepath.Join(dir, self.String())); err != nil {
		return rep, fmt.Errorf("%w: %v", ErrSyncFolder, err)
	}
	for _, fe := range l.Skipped {
		if fe.Problem == syncfolder.ProblemTemporary && strings.HasPrefix(fe.Path, self.String()+"/.") {
			continue // ours, just removed
		}
		rep.Problems = append(rep.Problems, problemFrom(fe))
	}

	missing, stranger, err := s.checkOwnFiles(self, l.Devices[self.String()])
	if err != nil {
		return rep, err
	}
	if stranger != "" {
		// Files under this device's id that it did not write: a copy of this
		// database (a restored backup, a copied file) synced too. Go on as a
		// new device; the old id's events are then another device's, and
		// the ones this copy never saw are applied like any other.
		fresh, err := s.becomeNewDevice(self, opt.Name, now)
		if err != nil {
			return rep, err
		}
		rep.Problems = append(rep.Problems, SyncProblem{File: stranger, Kind: "copy",
			Message: fmt.Sprintf("written by another database with this database's device id %s (a copy of it); this database continues as device %s", self, fresh)})
		rep.NewDevice, self, missing = fresh.String(), fresh, nil
		if l, err = syncfolder.Scan(dir); err != nil {
			return rep, fmt.Errorf("%w: %v", ErrSyncFolder, err)
		}
	}

	in, err := s.newForeignReader(dir, l, self, now)
	if err != nil {
		return rep, err
	}
	if err := s.syncTx(self, opt, in, missing, &rep); err != nil {
		return rep, err
	}
	if err := s.hook("sync:outbox"); err != nil {
		return rep, err
	}
	if err := s.flushOutbox(dir, self, &rep); err != nil {
		return rep, err
	}
	if err := s.compact(dir, self, opt, &rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// syncSetUp creates the sync state on the first sync and returns the
// device id.
func (s *Store) syncSetUp(name string) (devID, error) {
	var self devID
	err := s.db.Update(func(tx *bolt.Tx) error {
		sb, _, err := syncBucketsOf(tx, true)
		if err != nil {
			return err
		}
		if self, err = sb.device(); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return self, fmt.Errorf("sync %s: %w", s.path, err)
	}
	return self, nil
}

// checkOwnFiles compares this device's directory with the files it wrote.
// missing are the event ranges no file there holds any more (to write
// again); stranger names a file it never wrote, if there is one.
func (s *Store) checkOwnFiles(self devID, present []syncfolder.File) (missing [][2]uint64, stranger string, err error) {
	var seq uint64
	var known map[string]ownFile
	err = s.db.View(func(tx *bolt.Tx) error {
		sb, ok, err := syncBucketsOf(tx, false)
		if err != nil || !ok {
			return err
		}
		seq = sb.seq()
		known, err = sb.ownFiles()
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("sync %s: %w", s.path, err)
	}
	for _, f := range present {
		if _, ok := known[f.Name]; !ok {
			return nil, f.Path(), nil
		}
	}
	next := uint64(1)
	live, _ := syncfolder.Live(present)
	for _, f := range live {
		if f.First > next {
			missing = append(missing, [2]uint64{next, f.First - 1})
		}
		next = max(next, f.Last+1)
	}
	if next <= seq {
		missing = append(missing, [2]uint64{next, seq})
	}
	return missing, "", nil
}

// becomeNewDevice gives this database a new device id. What it sent under
// the old one stays in the folder and in its log as that device's; what
// the old id sent beyond that (from the other copy) will be applied.
func (s *Store) becomeNewDevice(old devID, name string, now time.Time) (devID, error) {
	fresh, err := newDevID()
	if err != nil {
		return fresh, err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		sb, _, err := syncBucketsOf(tx, true)
		if err != nil {
			return err
		}
		st := deviceState{Name: name, Applied: sb.seq(), AppliedAt: now.UTC().Round(0)}
		if err := sb.putDeviceState(old.String(), st); err != nil {
			return err
		}
		root := tx.Bucket(bSync)
		for _, b := range [][]byte{bsOwn, bsFiles, bsOutbox} {
			if err := root.DeleteBucket(b); err != nil {
				return err
			}
			if _, err := root.CreateBucket(b); err != nil {
				return err
			}
		}
		if err := sb.meta.Delete(kRemove); err != nil {
			return err
		}
		if err := sb.setSeq(0); err != nil {
			return err
		}
		return sb.meta.Put(kDevice, []byte(fresh.String()))
	})
	if err != nil {
		return fresh, fmt.Errorf("sync %s: %w", s.path, err)
	}
	return fresh, nil
}

// applyChunk is about how many other devices' events one transaction
// applies. A sync that brings more applies them in several transactions,
// each recording the events it applied (an interruption between them loses
// nothing and applies nothing twice) and marking that the log must be
// replayed; the last one replays it. Bounded transactions keep memory (one
// file or two of events at a time, bbolt's dirty pages) and bbolt's work at
// commit (splitting nodes, remapping) in proportion.
const applyChunk = 100_000

// syncTx is step 3: export and apply, in one transaction when the other
// devices bring at most applyChunk events.
func (s *Store) syncTx(self devID, opt SyncOptions, in *foreignReader, missing [][2]uint64, rep *SyncReport) error {
	now := opt.Now
	total, done := int(in.left), 0
	// Settings another device wins with change the scheduler: hold the
	// settings lock through each transaction, so that no answer is recorded
	// with the old scheduler once the merged state is written. (Record
	// waits for the transaction anyway: bbolt has one writer at a time.)
	s.mu.Lock()
	defer s.mu.Unlock()
	set, sched := s.settings, s.sched
	progress := func() {
		if done++; opt.Progress != nil && done%4096 == 0 {
			opt.Progress(done, total)
		}
	}
	// Many events: the log index is written anew by the replay rather than
	// line by line (see replayLog).
	bulk := in.left > applyChunk
	for first := true; ; first = false {
		var chunk []foreignBatch
		for n := 0; n < applyChunk; {
			b, ok := in.read(applyChunk - n)
			if !ok {
				break
			}
			chunk = append(chunk, b)
			n += len(b.events)
		}
		last := !in.peek()
		settingsChanged := false
		err := s.db.Update(func(tx *bolt.Tx) error {
			sb, _, err := syncBucketsOf(tx, true)
			if err != nil {
				return err
			}
			lines := 0 // in the log once this transaction's events are in (Stats sees committed pages only)
			if last {
				lines = tx.Bucket(bLog).Stats().KeyN
			}
			// The state is the replay of the log already, but for what
			// this sync changes: no sync left a replay undone, and the
			// settings are those of the last replay.
			canonical := sb.meta.Get(kReplayNeeded) == nil && bytes.Equal(sb.meta.Get(kReplayed), replaySettings(set))
			if first {
				if err := s.exportTx(tx, sb, self, opt, missing, rep); err != nil {
					return err
				}
			}
			res, err := s.applyForeign(tx, sb, chunk, now, !bulk, progress)
			if err != nil {
				return err
			}
			lines += res.inserted - res.removed + len(res.collisions)
			rep.Received += res.applied
			for id, n := range res.byDevice {
				rep.From[id] += n
			}
			if len(res.collisions) > 0 {
				if err := rekeyLog(tx, sb, self, res.collisions); err != nil {
					return err
				}
			}
			if res.settings != nil {
				if sched, err = res.settings.scheduler(s.weights.Current); err != nil {
					return err
				}
				set, settingsChanged = *res.settings, true
			}
			if res.logChanged || res.settings != nil {
				need := replayCards
				if bulk || replayWithIndex(sb.meta.Get(kReplayNeeded)) {
					need = replayIndexToo
				}
				if err := sb.meta.Put(kReplayNeeded, []byte{need}); err != nil {
					return err
				}
			}
			if !last {
				return nil
			}
			for id, msg := range in.waiting {
				st, err := sb.deviceState(id)
				if err != nil {
					return err
				}
				st.Waiting = msg
				if err := sb.putDeviceState(id, st); err != nil {
					return err
				}
			}
			rs := replaySettings(set)
			if canonical && first && !bulk && res.settings == nil && len(res.collisions) == 0 && res.logChanged {
				ok, err := s.replayTouched(tx, sched, set.MasteryCount, res.touched)
				if err != nil {
					return fmt.Errorf("replaying the questions answered elsewhere: %w", err)
				}
				if ok {
					rep.Replayed = true
					if err := sb.meta.Delete(kReplayNeeded); err != nil {
						return err
					}
					if err := s.hook("sync:replayed-touched"); err != nil {
						return err
					}
				}
			}
			if sb.meta.Get(kReplayNeeded) != nil || !bytes.Equal(sb.meta.Get(kReplayed), rs) {
				total = done + lines
				err := s.replayLog(tx, sched, set.MasteryCount, replayWithIndex(sb.meta.Get(kReplayNeeded)), func(n int) {
					if opt.Progress != nil {
						opt.Progress(done+n, total)
					}
				})
				if err != nil {
					return fmt.Errorf("replaying the log: %w", err)
				}
				rep.Replayed = true
				if err := sb.meta.Put(kReplayed, rs); err != nil {
					return err
				}
				if err := sb.meta.Delete(kReplayNeeded); err != nil {
					return err
				}
			}
			stamp, err := now.UTC().Round(0).MarshalText()
			if err != nil {
				return err
			}
			if err := sb.meta.Put(kLastSync, stamp); err != nil {
				return err
			}
			if err := sb.meta.Put(kName, []byte(opt.Name)); err != nil {
				return err
			}
			return s.hook("sync:applied")
		})
		if err != nil {
			return fmt.Errorf("sync %s: %w", s.path, err)
		}
		if settingsChanged {
			// Settings that won are in the database from this transaction on.
			s.settings, s.sched = set, sched
		}
		if last {
			rep.Problems = append(rep.Problems, in.probs...)
			return nil
		}
		if err := s.hook("sync:chunk"); err != nil {
			return err
		}
	}
}

// The kReplayNeeded marker: card states only, or the log index too.
const (
	replayCards    byte = 1
	replayIndexToo byte = 2
)

func replayWithIndex(marker []byte) bool { return len(marker) == 1 && marker[0] == replayIndexToo }

// exportTx turns this database's changes into events and puts their files
// (and those of ranges to write again) into the outbox.
func (s *Store) exportTx(tx *bolt.Tx, sb *syncBuckets, self devID, opt SyncOptions, missing [][2]uint64, rep *SyncReport) error {
	evs, err := exportLocal(tx, sb, self, opt.Now)
	if err != nil {
		return err
	}
	if err := s.hook("sync:exported"); err != nil {
		return err
	}
	rep.Sent = len(evs)
	segs := splitSegments(self, opt.Name, opt.Now, evs)
	// Ranges of this device's events whose files left the folder are
	// written again from the database.
	if len(missing) > 0 {
		answers, err := ownAnswers(sb, self)
		if err != nil {
			return err
		}
		for _, r := range missing {
			var again []syncfolder.Event
			for n := r[0]; n <= r[1]; n++ {
				e, err := ownEvent(tx, sb, self, n, answers)
				if err != nil {
					return err
				}
				again = append(again, e)
			}
			segs = append(segs, splitSegments(self, opt.Name, opt.Now, again)...)
		}
	}
	for _, seg := range segs {
		if err := putOutbox(sb, seg); err != nil {
			return err
		}
	}
	return nil
}

// splitSegments cuts this device's events into segments no bigger than the
// limits of one file.
func splitSegments(self devID, name string, now time.Time, evs []syncfolder.Event) []*syncfolder.Segment {
	var out []*syncfolder.Segment
	for len(evs) > 0 {
		n, size := 0, 0
		for n < len(evs) && n < syncfolder.MaxSegmentEvents {
			sz := syncfolder.EventSize(&evs[n])
			if n > 0 && size+sz > syncfolder.MaxSegmentBytes {
				break
			}
			size += sz
			n++
		}
		out = append(out, &syncfolder.Segment{Device: self.String(), Name: name, First: evs[0].Seq, Last: evs[n-1].Seq,
			Created: now.UnixNano(), Events: evs[:n]})
		evs = evs[n:]
	}
	return out
}

// putOutbox encodes seg into the outbox and records it as this device's.
func putOutbox(sb *syncBuckets, seg *syncfolder.Segment) error {
	data, err := syncfolder.Encode(seg)
	if err != nil {
		return err
	}
	name := syncfolder.FileName(seg.First, seg.Last)
	sum := sha256.Sum256(data)
	rec, err := json.Marshal(ownFile{First: seg.First, Last: seg.Last, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
	if err != nil {
		return err
	}
	if err := sb.files.Put([]byte(name), rec); err != nil {
		return err
	}
	return sb.outbox.Put([]byte(name), data)
}

// flushOutbox writes the outbox's files into this device's directory,
// removes the files a compaction replaced, and then empties the outbox.
// Repeating it after an interruption is harmless.
func (s *Store) flushOutbox(dir string, self devID, rep *SyncReport) error {
	type file struct {
		name string
		data []byte
	}
	var files []file
	var remove []string
	err := s.db.View(func(tx *bolt.Tx) error {
		sb, ok, err := syncBucketsOf(tx, false)
		if err != nil || !ok {
			return err
		}
		if remove, err = sb.removeList(); err != nil {
			return err
		}
		return sb.outbox.ForEach(func(k, v []byte) error {
			files = append(files, file{string(k), clone(v)})
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("sync %s: %w", s.path, err)
	}
	if len(files) == 0 && len(remove) == 0 {
		return nil
	}
	devDir := filepath.Join(dir, self.String())
	fail := func(stage string) error { return s.hook("sync:write:" + stage) }
	for _, f := range files {
		if err := syncfolder.WriteOnce(devDir, f.name, f.data, fail); err != nil {
			return fmt.Errorf("%w: %w", ErrSyncFolder, err)
		}
		rep.Files = append(rep.Files, filepath.ToSlash(filepath.Join(self.String(), f.name)))
	}
	for _, name := range remove {
		if err := syncfolder.Remove(dir, syncfolder.File{Device: self.String(), Name: name}); err != nil {
			return fmt.Errorf("%w: %v", ErrSyncFolder, err)
		}
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		sb, _, err := syncBucketsOf(tx, true)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := sb.outbox.Delete([]byte(f.name)); err != nil {
				return err
			}
		}
		for _, name := range remove {
			if err := sb.files.Delete([]byte(name)); err != nil {
				return err
			}
		}
		return sb.meta.Delete(kRemove)
	})
	if err != nil {
		return fmt.Errorf("sync %s: %w", s.path, err)
	}
	return nil
}

// compact merges this device's newest files into one when enough of them
// have piled up (syncfolder.PlanCompaction), and removes files another one
// holds entirely. New files go through the outbox like any other.
func (s *Store) compact(dir string, self devID, opt SyncOptions, rep *SyncReport) error {
	for range 8 {
		l, err := syncfolder.Scan(dir)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrSyncFolder, err)
		}
		live, covered := syncfolder.Live(l.Devices[self.String()])
		run := syncfolder.PlanCompaction(live)
		if run == nil && len(covered) == 0 {
			return nil
		}
		var merged *syncfolder.Segment
		if run != nil {
			segs := make([]*syncfolder.Segment, 0, len(run))
			for _, f := range run {
				seg, err := syncfolder.ReadSegment(dir, f, opt.Now)
				if err != nil {
					rep.Problems = append(rep.Problems, problemFrom(err))
					return nil // this device's own file damaged: leave the files as they are
				}
				segs = append(segs, seg)
			}
			if merged, err = syncfolder.Merge(segs, opt.Now.UnixNano()); err != nil {
				return nil
			}
		}
		var remove []string
		for _, f := range append(covered, run...) {
			remove = append(remove, f.Name)
		}
		rb, err := json.Marshal(remove)
		if err != nil {
			return err
		}
		err = s.db.Update(func(tx *bolt.Tx) error {
			sb, _, err := syncBucketsOf(tx, true)
			if err != nil {
				return err
			}
			if merged != nil {
				if err := putOutbox(sb, merged); err != nil {
					return err
				}
			}
			return sb.meta.Put(kRemove, rb)
		})
		if err != nil {
			return fmt.Errorf("sync %s: %w", s.path, err)
		}
		if err := s.hook("sync:compact"); err != nil {
			return err
		}
		if err := s.flushOutbox(dir, self, rep); err != nil {
			return err
		}
	}
	return nil
}
