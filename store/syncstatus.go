package store

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/syncfolder"
)

// SyncStatus is what `shuati sync --status` shows: this database's
// changes not yet in the folder, and each device with its last event
// applied here and what the folder holds beyond it.
type SyncStatus struct {
	Folder   string         `json:"folder"`
	Device   string         `json:"device"` // this database's device id; empty if it never synced
	LastSync time.Time      `json:"last_sync,omitzero"`
	Unsent   int            `json:"unsent"` // changes here (answers, undos, stars, settings, exams, banks, notes, mistake-book edits) not yet sent
	Devices  []DeviceStatus `json:"devices"`
	Problems []SyncProblem  `json:"problems"` // files of the folder the next sync cannot use, and devices waiting for files
}

// DeviceStatus is one device as this database knows it.
type DeviceStatus struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"` // its host name, as its files give it
	This      bool      `json:"this"`
	LastEvent uint64    `json:"last_event"`          // its last event applied here (this device: the last it sent)
	LastAt    time.Time `json:"last_at,omitzero"`    // when that event happened, by its clock
	AppliedAt time.Time `json:"applied_at,omitzero"` // when it was applied here (this device: its last sync)
	LastFile  string    `json:"last_file,omitempty"` // the file that event came from, under the folder
	InFolder  uint64    `json:"in_folder"`           // its last event in the folder
	Pending   int       `json:"pending"`             // its events in the folder the next sync will apply
}

// SyncStatus reports the state of sync with the folder dir, reading the
// database and the folder without changing either.
func (s *Store) SyncStatus(dir string, now time.Time) (SyncStatus, error) {
	st := SyncStatus{Devices: []DeviceStatus{}, Problems: []SyncProblem{}}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return st, fmt.Errorf("%w: %s: %v", ErrSyncFolder, dir, err)
	}
	st.Folder = abs
	var self devID
	known := map[string]deviceState{}
	err = s.db.View(func(tx *bolt.Tx) error {
		sb, ok, err := syncBucketsOf(tx, false)
		if err != nil {
			return err
		}
		if ok && sb.meta.Get(kDevice) != nil {
			if self, err = parseDevID(string(sb.meta.Get(kDevice))); err != nil {
				return err
			}
			st.Device = self.String()
			if v := sb.meta.Get(kLastSync); v != nil {
				if err := st.LastSync.UnmarshalText(v); err != nil {
					return fmt.Errorf("sync state: last sync: %w", err)
				}
			}
			known[st.Device] = deviceState{Applied: sb.seq(), Name: string(sb.meta.Get(kName))}
			if err := sb.devices.ForEach(func(k, _ []byte) error {
				d, err := sb.deviceState(string(k))
				known[string(k)] = d
				return err
			}); err != nil {
				return err
			}
			changes, err := localChanges(tx, sb, self)
			st.Unsent = len(changes)
			return err
		}
		// Never synced: everything here is still to send.
		n := 0
		for _, b := range [][]byte{bLog, bStars, bExams} {
			n += tx.Bucket(b).Stats().KeyN
		}
		if tx.Bucket(bSettings).Get(kSettings) != nil {
			n++
		}
		for _, b := range [][]byte{bUserBanks, bNotes, bMistakeEdits} {
			if bk := tx.Bucket(b); bk != nil {
				n += bk.Stats().KeyN
			}
		}
		st.Unsent = n
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("sync status of %s: %w", s.path, err)
	}
	l, err := syncfolder.Scan(abs)
	if err != nil {
		return st, fmt.Errorf("%w: %v", ErrSyncFolder, err)
	}
	for _, fe := range l.Skipped {
		st.Problems = append(st.Problems, problemFrom(fe))
	}
	in, err := s.newForeignReader(abs, l, self, now)
	if err != nil {
		return st, err
	}
	pending := map[string]int{}
	for {
		b, ok := in.read(math.MaxInt)
		if !ok {
			break
		}
		pending[b.id] += len(b.events)
		if d := known[b.id]; d.Name == "" {
			d.Name = b.name
			known[b.id] = d
		}
	}
	st.Problems = append(st.Problems, in.probs...)
	for id := range l.Devices {
		if _, ok := known[id]; !ok {
			known[id] = deviceState{}
		}
	}
	for id, d := range known {
		ds := DeviceStatus{ID: id, Name: d.Name, This: id == st.Device, LastEvent: d.Applied, LastAt: d.LastAt,
			AppliedAt: d.AppliedAt, LastFile: d.LastFile, Pending: pending[id]}
		if ds.This {
			ds.AppliedAt = st.LastSync
		}
		for _, f := range l.Devices[id] {
			ds.InFolder = max(ds.InFolder, f.Last)
		}
		st.Devices = append(st.Devices, ds)
	}
	sort.Slice(st.Devices, func(i, j int) bool {
		if st.Devices[i].This != st.Devices[j].This {
			return st.Devices[i].This
		}
		return st.Devices[i].ID < st.Devices[j].ID
	})
	return st, nil
}
