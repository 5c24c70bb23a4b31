package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/syncfolder"
)

// What sync remembers lives in one bucket, "sync", created by the first
// sync, with a nested bucket for each kind of thing:
//
//	meta     "device" → this database's device id (16 hex digits)
//	         "seq" → the number of this device's last event (8 bytes BE)
//	         "replayed" → the settings card states were last replayed under (see replaySettings)
//	         "remove" → JSON list of this device's files to remove once the outbox is written
//	         "last-sync" → when this database last synced (RFC 3339); "name" → its name then
//	         "replay-needed" → set while a sync applied events in several transactions and has not replayed yet
//	evlog    log key → the answer's event id: device (8) seq (8 BE), its log time T (8 BE), CRC-32C of the log line (4)
//	own      seq (8 BE) → kind (1) + what the event refers to (see ownRef), to write the events again;
//	         answers are not listed (evlog has them)
//	lww      "s"+question, "c", "b"+bank → the last writer of a star, the settings, a bank (see lwwReg)
//	exams    exam key → empty: exams that are events already
//	devices  device id → deviceState (JSON)
//	files    this device's file name → ownFile (JSON)
//	outbox   this device's file name → its bytes, decided on but not yet in the folder
//
// Answers are the review log's lines: a line of this device is exported
// once (evlog then names it), a foreign line is inserted under its log time
// T. A local line that disappears from the log (undone) after it was
// exported becomes an undo event.
var (
	bSync     = []byte("sync")
	bsMeta    = []byte("meta")
	bsEvLog   = []byte("evlog")
	bsOwn     = []byte("own")
	bsLWW     = []byte("lww")
	bsExams   = []byte("exams")
	bsDevices = []byte("devices")
	bsFiles   = []byte("files")
	bsOutbox  = []byte("outbox")

	kDevice   = []byte("device")
	kSeq      = []byte("seq")
	kReplayed = []byte("replayed")
	kRemove   = []byte("remove")
	kLastSync = []byte("last-sync")
	kName     = []byte("name")

	kReplayNeeded = []byte("replay-needed")
)

// syncBuckets are the nested buckets of "sync" in one transaction.
type syncBuckets struct {
	meta, evlog, own, lww, exams, devices, files, outbox *bolt.Bucket
}

// syncBucketsOf opens the sync buckets, creating them if create is set
// (a write transaction). ok is false when there are none yet.
func syncBucketsOf(tx *bolt.Tx, create bool) (sb *syncBuckets, ok bool, err error) {
	root := tx.Bucket(bSync)
	if root == nil {
		if !create {
			return nil, false, nil
		}
		if root, err = tx.CreateBucket(bSync); err != nil {
			return nil, false, err
		}
	}
	sb = &syncBuckets{}
	for _, x := range []struct {
		name []byte
		dst  **bolt.Bucket
	}{{bsMeta, &sb.meta}, {bsEvLog, &sb.evlog}, {bsOwn, &sb.own}, {bsLWW, &sb.lww}, {bsExams, &sb.exams},
		{bsDevices, &sb.devices}, {bsFiles, &sb.files}, {bsOutbox, &sb.outbox}} {
		b := root.Bucket(x.name)
		if b == nil {
			if !create {
				return nil, false, fmt.Errorf("sync state: bucket %s missing", x.name)
			}
			if b, err = root.CreateBucket(x.name); err != nil {
				return nil, false, err
			}
		}
		*x.dst = b
	}
	return sb, true, nil
}

// devID is a device id in its stored form.
type devID [8]byte

func (d devID) String() string { return hex.EncodeToString(d[:]) }

func parseDevID(s string) (devID, error) {
	var d devID
	if !syncfolder.ValidDevice(s) {
		return d, fmt.Errorf("device id %q is not 16 hex digits", s)
	}
	_, err := hex.Decode(d[:], []byte(s))
	return d, err
}

func newDevID() (devID, error) {
	var d devID
	if _, err := rand.Read(d[:]); err != nil {
		return d, fmt.Errorf("making a device id: %w", err)
	}
	return d, nil
}

// device returns this database's device id, making one if it has none.
func (sb *syncBuckets) device() (devID, error) {
	if v := sb.meta.Get(kDevice); v != nil {
		return parseDevID(string(v))
	}
	d, err := newDevID()
	if err != nil {
		return d, err
	}
	return d, sb.meta.Put(kDevice, []byte(d.String()))
}

func (sb *syncBuckets) seq() uint64 {
	if v := sb.meta.Get(kSeq); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func (sb *syncBuckets) setSeq(n uint64) error {
	return sb.meta.Put(kSeq, binary.BigEndian.AppendUint64(nil, n))
}

// evRef is an evlog value: which event a log line is.
type evRef struct {
	dev devID
	seq uint64
	t   uint64 // the log time the event carries (its key where no other line had it)
	crc uint32 // of the log line, to notice a line replaced under the same key
}

const evRefLen = 28

func (r evRef) bytes() []byte {
	b := make([]byte, evRefLen)
	copy(b, r.dev[:])
	binary.BigEndian.PutUint64(b[8:], r.seq)
	binary.BigEndian.PutUint64(b[16:], r.t)
	binary.BigEndian.PutUint32(b[24:], r.crc)
	return b
}

func parseEvRef(v []byte) (evRef, error) {
	var r evRef
	if len(v) != evRefLen {
		return r, fmt.Errorf("sync state: event reference of %d bytes", len(v))
	}
	copy(r.dev[:], v)
	r.seq = binary.BigEndian.Uint64(v[8:])
	r.t = binary.BigEndian.Uint64(v[16:])
	r.crc = binary.BigEndian.Uint32(v[24:])
	return r, nil
}

// ownRef is an own value: the kind of one of this device's events and what
// it refers to (undo: the undone event's number and log time; star: the
// question; exam: the exam key; bank: the bank name; settings: nothing).
func ownRef(kind syncfolder.Kind, ref []byte) []byte {
	return append([]byte{byte(kind)}, ref...)
}

func seqKey(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// lwwReg is the last writer of a star, the settings or a bank: the change
// with the greatest (time, device) wins on every device.
type lwwReg struct {
	at    int64
	dev   devID
	seq   uint64
	flag  bool   // star: starred; bank: present
	extra []byte // settings: the JSON; bank: SHA-256 of the record
}

func (r lwwReg) bytes() []byte {
	b := make([]byte, 25, 25+len(r.extra))
	binary.BigEndian.PutUint64(b, uint64(r.at))
	copy(b[8:], r.dev[:])
	binary.BigEndian.PutUint64(b[16:], r.seq)
	if r.flag {
		b[24] = 1
	}
	return append(b, r.extra...)
}

func parseLWW(v []byte) (lwwReg, error) {
	var r lwwReg
	if len(v) < 25 {
		return r, fmt.Errorf("sync state: last-writer record of %d bytes", len(v))
	}
	r.at = int64(binary.BigEndian.Uint64(v))
	copy(r.dev[:], v[8:])
	r.seq = binary.BigEndian.Uint64(v[16:])
	r.flag = v[24] == 1
	r.extra = clone(v[25:])
	return r, nil
}

// beats reports whether a change at (at, dev) wins over r.
func (r lwwReg) beatenBy(at int64, dev devID) bool {
	if at != r.at {
		return at > r.at
	}
	return string(dev[:]) > string(r.dev[:])
}

func (sb *syncBuckets) reg(key []byte) (lwwReg, bool, error) {
	v := sb.lww.Get(key)
	if v == nil {
		return lwwReg{}, false, nil
	}
	r, err := parseLWW(v)
	return r, err == nil, err
}

func lwwKey(prefix byte, name string) []byte { return append([]byte{prefix}, name...) }

const (
	lwwStar     = 's'
	lwwSettings = 'c'
	lwwBank     = 'b'
)

// deviceState is what this database knows of another device.
type deviceState struct {
	Name      string    `json:"name"`
	Applied   uint64    `json:"applied"`             // the number of its last event applied here
	LastAt    time.Time `json:"last_at,omitzero"`    // the time that event carries
	AppliedAt time.Time `json:"applied_at,omitzero"` // when it was applied (this computer's clock)
	LastFile  string    `json:"last_file,omitempty"` // the file it came from, under the folder
	Waiting   string    `json:"waiting,omitempty"`   // why its next events are not applied, if they are not
}

func (sb *syncBuckets) deviceState(id string) (deviceState, error) {
	var st deviceState
	if v := sb.devices.Get([]byte(id)); v != nil {
		if err := json.Unmarshal(v, &st); err != nil {
			return st, fmt.Errorf("sync state of device %s: %w", id, err)
		}
	}
	return st, nil
}

func (sb *syncBuckets) putDeviceState(id string, st deviceState) error {
	v, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return sb.devices.Put([]byte(id), v)
}

// ownFile is one of this device's files in the folder.
type ownFile struct {
	First  uint64 `json:"first"`
	Last   uint64 `json:"last"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

func (sb *syncBuckets) ownFiles() (map[string]ownFile, error) {
	out := map[string]ownFile{}
	err := sb.files.ForEach(func(k, v []byte) error {
		var f ownFile
		if err := json.Unmarshal(v, &f); err != nil {
			return fmt.Errorf("sync state of file %s: %w", k, err)
		}
		out[string(k)] = f
		return nil
	})
	return out, err
}

func (sb *syncBuckets) removeList() ([]string, error) {
	var names []string
	if v := sb.meta.Get(kRemove); v != nil {
		if err := json.Unmarshal(v, &names); err != nil {
			return nil, fmt.Errorf("sync state: files to remove: %w", err)
		}
	}
	return names, nil
}
