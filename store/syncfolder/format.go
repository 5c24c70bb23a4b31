package syncfolder

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Version is the newest segment format this package reads and writes. A
// segment is written in the oldest format that holds its kinds of event
// (see kindsOf), so a shuati that reads only format 1 still reads files
// without the newer kinds, and names the others as from a newer shuati.
const Version = 2

// kindsOf is, by format version, the first kind of event it does not hold.
var kindsOf = [Version + 1]Kind{1: KindNote, 2: kindCount}

// versionFor is the oldest format that holds every event of evs.
func versionFor(evs []Event) uint16 {
	v := uint16(1)
	for i := range evs {
		for evs[i].Kind >= kindsOf[v] && v < Version {
			v++
		}
	}
	return v
}

// A segment file, all integers big-endian:
//
//	magic    8 bytes "SHUATISY"
//	version  uint16, then 2 reserved zero bytes
//	hlen     uint32, then hlen bytes of header (JSON, see header)
//	rawlen   uint64: the body's length before compression
//	bodylen  uint64, then bodylen bytes of body (DEFLATE)
//	sum      32 bytes: SHA-256 of every byte before it
//
// The body, once inflated, is the events in number order, each as
// uvarint(len) and then len bytes:
//
//	kind  1 byte
//	time  varint
//	ref   uvarint
//	flag  1 byte (0 or 1)
//	key   uvarint(len) and the bytes
//	data  the rest
var magic = [8]byte{'S', 'H', 'U', 'A', 'T', 'I', 'S', 'Y'}

const (
	prefixLen  = 16
	sumLen     = sha256.Size
	maxHeader  = 64 << 10
	maxRawBody = 1 << 30 // a writer keeps segments far smaller (see MaxSegmentBytes)
	// maxInflate bounds how much a DEFLATE stream can grow (its best case
	// is about 1032:1), so a forged raw length cannot make a reader
	// allocate more than the file could hold.
	maxInflate = 1100
)

// MaxSegmentEvents and MaxSegmentBytes bound one segment: a writer with
// more to say writes several, so no file is unwieldy for a sync engine or
// for memory.
const (
	MaxSegmentEvents = 200_000
	MaxSegmentBytes  = 64 << 20 // of event records, before compression
)

// Kind is what an event records. Its payload's meaning (Data) belongs to
// the store; this package only carries it.
type Kind uint8

const (
	// KindVoid holds a number whose event is no longer needed (an answer
	// that was undone, a star that a later change replaced) when a device
	// writes its events again; a reader skips it.
	KindVoid     Kind = iota
	KindAnswer        // Time: its log time; Data: the review-log line
	KindUndo          // Ref: the undone answer's number (same device); Time: that answer's log time
	KindStar          // Time: when; Flag: starred; Key: the question
	KindSettings      // Time: when; Data: the settings
	KindExam          // Key: the exam's key; Data: the exam record
	KindBank          // Time: when; Flag: present (false: deleted); Key: the bank name; Data: the bank record
	// Format 2:
	KindNote     // Time: when; Flag: present (false: deleted); Key: the question; Data: the note
	KindMastered // Time: when; Key: the question: its mistake-book entry mastered by hand
	KindRemoved  // Time: when; Key: the question: its mistake-book entry removed by hand
	kindCount
)

var kindNames = [...]string{"void", "answer", "undo", "star", "settings", "exam", "bank", "note", "mastered", "removed"}

func (k Kind) String() string {
	if k < kindCount {
		return kindNames[k]
	}
	return fmt.Sprintf("kind %d", uint8(k))
}

// Event is one event of a device. Its id is (the segment's device, Seq).
type Event struct {
	Seq  uint64
	Kind Kind
	Time int64 // unix nanoseconds
	Ref  uint64
	Flag bool
	Key  string
	Data []byte
}

// Segment is one file's content: events First…Last of Device, in order.
type Segment struct {
	Device  string // the device id, also the directory name
	Name    string // the device's human name (its host name), for status lines
	First   uint64
	Last    uint64
	Created int64 // unix nanoseconds, by the writer's clock
	Events  []Event
}

// header is the JSON header of a segment file.
type header struct {
	Device  string `json:"device"`
	Name    string `json:"name"`
	First   uint64 `json:"first"`
	Last    uint64 `json:"last"`
	Created int64  `json:"created"`
}

// Problem classifies why a file was skipped.
type Problem int

const (
	ProblemIncomplete   Problem = iota + 1 // cut short: still arriving, or an interrupted copy
	ProblemDamaged                         // checksum or structure wrong
	ProblemNewer                           // written by a newer shuati
	ProblemMismatch                        // the header disagrees with the file's name or place
	ProblemClock                           // dated far ahead of this computer's clock, or before 2001
	ProblemConflictCopy                    // a sync engine's conflict copy
	ProblemTemporary                       // a file still being written
	ProblemUnknown                         // not a segment's name
	ProblemUnreadable                      // the file system refused to read it
)

// FileError is why a file of the folder was skipped or refused.
type FileError struct {
	Path    string // as found under the folder (empty when decoding bytes alone)
	Problem Problem
	Err     error
}

func (e *FileError) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }

func problem(p Problem, format string, args ...any) *FileError {
	return &FileError{Problem: p, Err: fmt.Errorf(format, args...)}
}

// ValidDevice reports whether id is a device id: 16 lowercase hex digits.
func ValidDevice(id string) bool {
	if len(id) != 16 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Encode renders seg as a segment file. The bytes depend only on seg, so a
// segment encoded again is the same file.
func Encode(seg *Segment) ([]byte, error) {
	if !ValidDevice(seg.Device) {
		return nil, fmt.Errorf("segment: device id %q is not 16 hex digits", seg.Device)
	}
	if seg.First < 1 || seg.Last < seg.First || uint64(len(seg.Events)) != seg.Last-seg.First+1 {
		return nil, fmt.Errorf("segment %s %d-%d: %d events", seg.Device, seg.First, seg.Last, len(seg.Events))
	}
	var raw []byte
	var rec []byte
	for i := range seg.Events {
		e := &seg.Events[i]
		if e.Seq != seg.First+uint64(i) {
			return nil, fmt.Errorf("segment %s: event %d has number %d", seg.Device, seg.First+uint64(i), e.Seq)
		}
		if e.Kind >= kindCount {
			return nil, fmt.Errorf("segment %s: event %d: unknown %v", seg.Device, e.Seq, e.Kind)
		}
		rec = appendEvent(rec[:0], e)
		raw = binary.AppendUvarint(raw, uint64(len(rec)))
		raw = append(raw, rec...)
	}
	if len(raw) > maxRawBody {
		return nil, fmt.Errorf("segment %s: %d bytes of events is too many for one file", seg.Device, len(raw))
	}
	hb, err := json.Marshal(header{Device: seg.Device, Name: seg.Name, First: seg.First, Last: seg.Last, Created: seg.Created})
	if err != nil {
		return nil, err
	}
	if len(hb) > maxHeader {
		return nil, fmt.Errorf("segment %s: header of %d bytes", seg.Device, len(hb))
	}
	var body bytes.Buffer
	zw, err := flate.NewWriter(&body, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	out := make([]byte, 0, prefixLen+len(hb)+16+body.Len()+sumLen)
	out = append(out, magic[:]...)
	out = binary.BigEndian.AppendUint16(out, versionFor(seg.Events))
	out = append(out, 0, 0)
	out = binary.BigEndian.AppendUint32(out, uint32(len(hb)))
	out = append(out, hb...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(raw)))
	out = binary.BigEndian.AppendUint64(out, uint64(body.Len()))
	out = append(out, body.Bytes()...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...), nil
}

// EventSize is how many bytes e takes in a segment before compression.
func EventSize(e *Event) int {
	n := 1 + binary.MaxVarintLen64*2 + 1 + binary.MaxVarintLen64 + len(e.Key) + len(e.Data)
	return n + binary.MaxVarintLen64
}

func appendEvent(b []byte, e *Event) []byte {
	b = append(b, byte(e.Kind))
	b = binary.AppendVarint(b, e.Time)
	b = binary.AppendUvarint(b, e.Ref)
	if e.Flag {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Key)))
	b = append(b, e.Key...)
	return append(b, e.Data...)
}

// peek reads a file's format version and header without checking the rest:
// enough to tell a newer shuati's file, or a file cut short, from a damaged
// one.
func peek(data []byte) (header, error) { return peekAs(data, Version) }

// peekAs is peek by a reader of the formats up to newest.
func peekAs(data []byte, newest uint16) (header, error) {
	var h header
	if len(data) < prefixLen {
		if n := min(len(data), len(magic)); bytes.Equal(data[:n], magic[:n]) {
			if len(data) >= 10 && binary.BigEndian.Uint16(data[8:]) > newest {
				return h, problem(ProblemNewer, "written by a newer shuati (sync format %d; this one reads up to %d): skipped; update shuati on this computer", binary.BigEndian.Uint16(data[8:]), newest)
			}
			return h, problem(ProblemIncomplete, "cut short (%d bytes): still being synced, or an interrupted copy; skipped", len(data))
		}
		return h, problem(ProblemDamaged, "not a shuati sync file (%d bytes): skipped", len(data))
	}
	if !bytes.Equal(data[:8], magic[:]) {
		return h, problem(ProblemDamaged, "not a shuati sync file (wrong magic): skipped")
	}
	v := binary.BigEndian.Uint16(data[8:])
	if v > newest {
		return h, problem(ProblemNewer, "written by a newer shuati (sync format %d; this one reads up to %d): skipped; update shuati on this computer", v, newest)
	}
	if v == 0 || data[10] != 0 || data[11] != 0 {
		return h, problem(ProblemDamaged, "damaged (bad format version %d): skipped", v)
	}
	hl := binary.BigEndian.Uint32(data[12:])
	if hl > maxHeader {
		return h, problem(ProblemDamaged, "damaged (header length %d): skipped", hl)
	}
	if uint64(len(data)) < prefixLen+uint64(hl) {
		return h, problem(ProblemIncomplete, "cut short (%d bytes, the header alone needs %d): still being synced, or an interrupted copy; skipped", len(data), prefixLen+hl)
	}
	if err := json.Unmarshal(data[prefixLen:prefixLen+hl], &h); err != nil {
		return h, problem(ProblemDamaged, "damaged (header: %v): skipped", err)
	}
	return h, nil
}

// Decode checks a segment file completely (format version, length,
// checksum, structure) and returns its content. Keys are copies; every
// event's Data points into one buffer of the inflated body, never into
// data. Errors are *FileError without a path.
func Decode(data []byte) (*Segment, error) {
	h, err := peek(data)
	if err != nil {
		return nil, err
	}
	off := prefixLen + int(binary.BigEndian.Uint32(data[12:]))
	if len(data) < off+16 {
		return nil, problem(ProblemIncomplete, "cut short (%d bytes): still being synced, or an interrupted copy; skipped", len(data))
	}
	rawLen := binary.BigEndian.Uint64(data[off:])
	bodyLen := binary.BigEndian.Uint64(data[off+8:])
	off += 16
	if bodyLen > uint64(len(data)) {
		return nil, problem(ProblemIncomplete, "cut short (%d bytes, %d expected): still being synced, or an interrupted copy; skipped", len(data), uint64(off)+bodyLen+sumLen)
	}
	want := uint64(off) + bodyLen + sumLen
	switch {
	case uint64(len(data)) < want:
		return nil, problem(ProblemIncomplete, "cut short (%d bytes, %d expected): still being synced, or an interrupted copy; skipped", len(data), want)
	case uint64(len(data)) > want:
		return nil, problem(ProblemDamaged, "damaged (%d bytes, %d expected): skipped", len(data), want)
	}
	end := len(data) - sumLen
	if sum := sha256.Sum256(data[:end]); !bytes.Equal(sum[:], data[end:]) {
		return nil, problem(ProblemDamaged, "damaged (checksum mismatch): skipped")
	}
	if !ValidDevice(h.Device) || h.First < 1 || h.Last < h.First {
		return nil, problem(ProblemDamaged, "damaged (header: device %q, events %d-%d): skipped", h.Device, h.First, h.Last)
	}
	count := h.Last - h.First + 1
	if rawLen > maxRawBody || rawLen > bodyLen*maxInflate+64 || count > rawLen {
		return nil, problem(ProblemDamaged, "damaged (%d events in %d bytes, %d compressed): skipped", count, rawLen, bodyLen)
	}
	raw := make([]byte, rawLen)
	zr := flate.NewReader(bytes.NewReader(data[off:end]))
	if _, err := io.ReadFull(zr, raw); err != nil {
		return nil, problem(ProblemDamaged, "damaged (body: %v): skipped", err)
	}
	if n, err := zr.Read(make([]byte, 1)); n != 0 || (err != nil && !errors.Is(err, io.EOF)) {
		return nil, problem(ProblemDamaged, "damaged (body longer than its stated length): skipped")
	}
	seg := &Segment{Device: h.Device, Name: h.Name, First: h.First, Last: h.Last, Created: h.Created,
		Events: make([]Event, 0, count)}
	for p := 0; p < len(raw); {
		n, w := binary.Uvarint(raw[p:])
		if w <= 0 || n > uint64(len(raw)-p-w) {
			return nil, problem(ProblemDamaged, "damaged (event %d: bad length): skipped", h.First+uint64(len(seg.Events)))
		}
		p += w
		seq := h.First + uint64(len(seg.Events))
		if uint64(len(seg.Events)) == count {
			return nil, problem(ProblemDamaged, "damaged (more events than the header's %d): skipped", count)
		}
		e, err := decodeEvent(raw[p:p+int(n)], kindsOf[binary.BigEndian.Uint16(data[8:])])
		if err != nil {
			return nil, err.withEvent(seq)
		}
		e.Seq = seq
		seg.Events = append(seg.Events, e)
		p += int(n)
	}
	if uint64(len(seg.Events)) != count {
		return nil, problem(ProblemDamaged, "damaged (%d events, the header says %d): skipped", len(seg.Events), count)
	}
	return seg, nil
}

type eventError struct {
	p   Problem
	msg string
}

func (e *eventError) withEvent(seq uint64) *FileError {
	return problem(e.p, "event %d: %s", seq, e.msg)
}

// decodeEvent decodes one event of a file whose format holds the kinds
// below limit.
func decodeEvent(b []byte, limit Kind) (Event, *eventError) {
	var e Event
	if len(b) < 1 {
		return e, &eventError{ProblemDamaged, "damaged (empty): skipped"}
	}
	e.Kind = Kind(b[0])
	if e.Kind >= kindCount {
		return e, &eventError{ProblemNewer, fmt.Sprintf("unknown %v, written by a newer shuati? skipped; update shuati on this computer", e.Kind)}
	}
	if e.Kind >= limit {
		return e, &eventError{ProblemDamaged, fmt.Sprintf("damaged (a %v event in a file of an older format): skipped", e.Kind)}
	}
	p := 1
	t, w := binary.Varint(b[p:])
	if w <= 0 {
		return e, &eventError{ProblemDamaged, "damaged (time): skipped"}
	}
	e.Time, p = t, p+w
	r, w := binary.Uvarint(b[p:])
	if w <= 0 {
		return e, &eventError{ProblemDamaged, "damaged (ref): skipped"}
	}
	e.Ref, p = r, p+w
	if p >= len(b) || b[p] > 1 {
		return e, &eventError{ProblemDamaged, "damaged (flag): skipped"}
	}
	e.Flag, p = b[p] == 1, p+1
	kl, w := binary.Uvarint(b[p:])
	if w <= 0 || kl > uint64(len(b)-p-w) {
		return e, &eventError{ProblemDamaged, "damaged (key length): skipped"}
	}
	p += w
	if kl > 0 {
		e.Key = string(b[p : p+int(kl)])
	}
	p += int(kl)
	if p < len(b) {
		e.Data = b[p:len(b):len(b)]
	}
	return e, nil
}
