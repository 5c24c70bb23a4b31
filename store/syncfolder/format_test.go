package syncfolder

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

const devA = "0123456789abcdef"

var now = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// sample is a segment with one event of every kind.
func sample() *Segment {
	t := now.Add(-time.Hour).UnixNano()
	evs := []Event{
		{Kind: KindAnswer, Time: t, Data: []byte(`{"key":"b/1","rating":3}`)},
		{Kind: KindUndo, Time: t, Ref: 5},
		{Kind: KindStar, Time: t + 1, Flag: true, Key: "b/2"},
		{Kind: KindSettings, Time: t + 2, Data: []byte(`{"new_per_day":5}`)},
		{Kind: KindExam, Key: "\x00\x01exam", Data: []byte(`{"id":"x"}`)},
		{Kind: KindBank, Time: t + 3, Flag: true, Key: "mine", Data: []byte{2, 0, 1}},
		{Kind: KindVoid},
	}
	for i := range evs {
		evs[i].Seq = 7 + uint64(i)
	}
	return &Segment{Device: devA, Name: "laptop", First: 7, Last: 7 + uint64(len(evs)) - 1, Created: now.UnixNano(), Events: evs}
}

func mustEncode(t testing.TB, s *Segment) []byte {
	t.Helper()
	b, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func problemOf(err error) Problem {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Problem
	}
	return 0
}

func TestRoundTrip(t *testing.T) {
	s := sample()
	b := mustEncode(t, s)
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got.Events { // nil and empty Data read back alike
		if len(got.Events[i].Data) == 0 {
			got.Events[i].Data = nil
		}
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, s)
	}
	if b2 := mustEncode(t, got); !bytes.Equal(b, b2) {
		t.Fatal("encoding the decoded segment gives other bytes")
	}
}

func TestEncodeRefuses(t *testing.T) {
	for name, mod := range map[string]func(s *Segment){
		"bad device": func(s *Segment) { s.Device = "XYZ" },
		"count":      func(s *Segment) { s.Last++ },
		"zero first": func(s *Segment) { s.First, s.Last = 0, s.Last-7 },
		"numbering":  func(s *Segment) { s.Events[2].Seq = 99 },
		"kind":       func(s *Segment) { s.Events[1].Kind = kindCount },
	} {
		s := sample()
		mod(s)
		if _, err := Encode(s); err == nil {
			t.Errorf("%s: encoded", name)
		}
	}
}

// Every prefix of a file is refused as cut short (or, before the magic is
// complete, as not a shuati file), never read as a smaller valid file.
func TestDecodeTruncated(t *testing.T) {
	b := mustEncode(t, sample())
	for n := 0; n < len(b); n++ {
		_, err := Decode(b[:n])
		if err == nil {
			t.Fatalf("prefix of %d bytes decoded", n)
		}
		if p := problemOf(err); p != ProblemIncomplete && !(n < 8 && p == ProblemDamaged) {
			t.Fatalf("prefix of %d bytes: problem %d (%v)", n, p, err)
		}
	}
}

// Any flipped byte is caught (by the checksum at the latest).
func TestDecodeFlipped(t *testing.T) {
	b := mustEncode(t, sample())
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x10
		_, err := Decode(c)
		if err == nil {
			t.Fatalf("flipped byte %d decoded", i)
		}
		if p := problemOf(err); p == 0 {
			t.Fatalf("flipped byte %d: error without a problem: %v", i, err)
		}
	}
	if _, err := Decode(append(bytes.Clone(b), 0)); problemOf(err) != ProblemDamaged {
		t.Fatalf("a byte too many: %v", err)
	}
}

// reseal recomputes the checksum after a deliberate change.
func reseal(b []byte) []byte {
	c := mustEncodeRaw(b[:len(b)-sumLen])
	return c
}

func mustEncodeRaw(body []byte) []byte {
	out := bytes.Clone(body)
	sum := sha256Sum(out)
	return append(out, sum...)
}

func TestDecodeNewerVersion(t *testing.T) {
	b := mustEncode(t, sample())
	binary.BigEndian.PutUint16(b[8:], Version+1)
	_, err := Decode(b)
	if problemOf(err) != ProblemNewer {
		t.Fatalf("newer version: %v", err)
	}
	// Told as newer even when cut short: the version comes first.
	if _, err := Decode(b[:40]); problemOf(err) != ProblemNewer {
		t.Fatalf("newer version, cut short: %v", err)
	}
}

func TestDecodeUnknownKindIsNewer(t *testing.T) {
	s := sample()
	s.Events = s.Events[:1]
	s.Last = s.First
	b := mustEncode(t, s)
	// Rebuild the body by hand with a kind this version does not know.
	var raw []byte
	rec := appendEvent(nil, &Event{Kind: kindCount + 3, Time: 1})
	raw = binary.AppendUvarint(raw, uint64(len(rec)))
	raw = append(raw, rec...)
	b = withBody(t, b, raw)
	if _, err := Decode(b); problemOf(err) != ProblemNewer {
		t.Fatalf("unknown kind: %v", err)
	}
}

func TestDecodeStructure(t *testing.T) {
	s := sample()
	s.Events = s.Events[:2]
	s.Last = s.First + 1
	b := mustEncode(t, s)
	one := appendEvent(nil, &Event{Kind: KindVoid})
	rec := func(r []byte) []byte { return append(binary.AppendUvarint(nil, uint64(len(r))), r...) }
	cases := map[string][]byte{
		"fewer events": rec(one),
		"more events":  append(append(rec(one), rec(one)...), rec(one)...),
		"bad length":   append(rec(one), 0x7f),
		"empty event":  append(rec(one), rec(nil)...),
		"bad flag":     append(rec(one), rec([]byte{0, 0, 0, 7, 0})...),
		"key too long": append(rec(one), rec([]byte{0, 0, 0, 0, 9, 'a'})...),
	}
	for name, raw := range cases {
		if _, err := Decode(withBody(t, b, raw)); problemOf(err) != ProblemDamaged {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// withBody replaces a file's body by raw (compressed again) and reseals it.
func withBody(t *testing.T, b []byte, raw []byte) []byte {
	t.Helper()
	hl := int(binary.BigEndian.Uint32(b[12:]))
	out := append([]byte(nil), b[:prefixLen+hl]...)
	z := deflate(t, raw)
	out = binary.BigEndian.AppendUint64(out, uint64(len(raw)))
	out = binary.BigEndian.AppendUint64(out, uint64(len(z)))
	out = append(out, z...)
	return mustEncodeRaw(out)
}

func TestDecodeForgedLengths(t *testing.T) {
	b := mustEncode(t, sample())
	hl := int(binary.BigEndian.Uint32(b[12:]))
	off := prefixLen + hl
	c := bytes.Clone(b)
	binary.BigEndian.PutUint64(c[off:], 1<<40) // raw length far beyond what the body can inflate to
	if _, err := Decode(reseal(c)); problemOf(err) != ProblemDamaged {
		t.Fatalf("forged raw length: %v", err)
	}
	c = bytes.Clone(b)
	binary.BigEndian.PutUint32(c[12:], maxHeader+1)
	if _, err := Decode(reseal(c)); problemOf(err) != ProblemDamaged {
		t.Fatalf("forged header length: %v", err)
	}
}

func TestEventTimesCheckedAgainstClock(t *testing.T) {
	s := sample()
	if err := CheckClock(s, now); err != nil {
		t.Fatal(err)
	}
	s.Events[2].Time = now.Add(MaxAhead + time.Minute).UnixNano()
	err := CheckClock(s, now)
	if err == nil || err.Problem != ProblemClock {
		t.Fatalf("a star dated ahead: %v", err)
	}
	s = sample()
	s.Events[0].Time = time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC).UnixNano()
	if err := CheckClock(s, now); err == nil || err.Problem != ProblemClock {
		t.Fatalf("an answer dated 1970: %v", err)
	}
	s = sample()
	s.Created = now.Add(48 * time.Hour).UnixNano()
	if err := CheckClock(s, now); err == nil {
		t.Fatal("a file created two days ahead passed")
	}
	// The exam and void events carry no time.
	s = sample()
	s.Events[4].Time, s.Events[6].Time = 0, 0
	if err := CheckClock(s, now); err != nil {
		t.Fatal(err)
	}
}

func TestKindNames(t *testing.T) {
	for k := KindVoid; k < kindCount; k++ {
		if k.String() == fmt.Sprintf("kind %d", k) {
			t.Errorf("kind %d has no name", k)
		}
	}
	if kindCount.String() != fmt.Sprintf("kind %d", kindCount) {
		t.Error(kindCount.String())
	}
}

// A file written by the format-1 writer (testdata/v1.seg, the sample
// before notes and mistake-book edits were events) still reads, and a
// segment of those kinds alone is still written byte for byte as it was.
func TestFormat1StillReads(t *testing.T) {
	old, err := os.ReadFile("testdata/v1.seg")
	if err != nil {
		t.Fatal(err)
	}
	if binary.BigEndian.Uint16(old[8:]) != 1 {
		t.Fatalf("testdata/v1.seg is format %d", binary.BigEndian.Uint16(old[8:]))
	}
	seg, err := Decode(old)
	if err != nil {
		t.Fatalf("a format-1 file: %v", err)
	}
	if len(seg.Events) != len(sample().Events) {
		t.Fatalf("%d events", len(seg.Events))
	}
	if b := mustEncode(t, sample()); !bytes.Equal(b, old) {
		t.Fatal("a segment of format-1 kinds is no longer written as format 1 was")
	}
}

// The kinds of format 2 make a format-2 file; a format-1 reader (one that
// knows no version above 1) refuses it as from a newer shuati, naming the
// format; a format-2 kind inside a file marked format 1 is damage.
func TestFormat2Kinds(t *testing.T) {
	s := sample()
	t0 := now.Add(-time.Minute).UnixNano()
	for _, e := range []Event{{Kind: KindNote, Time: t0, Flag: true, Key: "b/1", Data: []byte("笔记")},
		{Kind: KindMastered, Time: t0 + 1, Key: "b/2"}, {Kind: KindRemoved, Time: t0 + 2, Key: "b/3"}} {
		e.Seq = s.Last + 1
		s.Events, s.Last = append(s.Events, e), e.Seq
	}
	b := mustEncode(t, s)
	if v := binary.BigEndian.Uint16(b[8:]); v != 2 {
		t.Fatalf("format %d, want 2", v)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Events); got.Events[n-3].Kind != KindNote || string(got.Events[n-3].Data) != "笔记" || got.Events[n-1].Kind != KindRemoved {
		t.Fatalf("events %+v", got.Events[n-3:])
	}
	// What a format-1 reader says: its peek compares the version with 1.
	if _, err := peekAs(b, 1); problemOf(err) != ProblemNewer || !strings.Contains(err.Error(), "sync format 2") {
		t.Fatalf("a format-1 reader: %v", err)
	}
	// Marked format 1 (checksum made right again): damaged.
	forged := append([]byte(nil), b[:len(b)-32]...)
	binary.BigEndian.PutUint16(forged[8:], 1)
	sum := sha256.Sum256(forged)
	forged = append(forged, sum[:]...)
	if _, err := Decode(forged); problemOf(err) != ProblemDamaged || !strings.Contains(err.Error(), "older format") {
		t.Fatalf("a note in a format-1 file: %v", err)
	}
}
