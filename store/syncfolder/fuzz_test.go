package syncfolder

import (
	"reflect"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the reader: it never panics, every
// refusal is a *FileError with a problem, and whatever it accepts encodes
// again to a file that reads back the same.
func FuzzDecode(f *testing.F) {
	good := mustEncode(f, sample())
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(mustEncode(f, voids(devA, 1, 1)))
	f.Add([]byte("SHUATISY"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		seg, err := Decode(data)
		if err != nil {
			if problemOf(err) == 0 {
				t.Fatalf("error without a problem: %v", err)
			}
			return
		}
		b, err := Encode(seg)
		if err != nil {
			t.Fatalf("accepted a segment it cannot write: %v", err)
		}
		again, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		norm := func(s *Segment) {
			for i := range s.Events {
				if len(s.Events[i].Data) == 0 {
					s.Events[i].Data = nil
				}
			}
		}
		norm(seg)
		norm(again)
		if !reflect.DeepEqual(seg, again) {
			t.Fatalf("round trip differs")
		}
	})
}

// FuzzDecodeBody wraps arbitrary event bytes in a file with a valid
// checksum, so that the event parser behind the checksum is fuzzed too.
func FuzzDecodeBody(f *testing.F) {
	f.Add(uint8(1), appendEvent(nil, &Event{Kind: KindStar, Time: 5, Flag: true, Key: "k"}))
	f.Add(uint8(2), []byte{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, n uint8, body []byte) {
		s := voids(devA, 1, 1+uint64(n%8))
		b := mustEncode(t, s)
		// The body as records: split the fuzz bytes into len(s.Events) pieces.
		var raw []byte
		k := len(s.Events)
		for i := range k {
			piece := body[i*len(body)/k : (i+1)*len(body)/k]
			raw = append(raw, byte(len(piece)))
			raw = append(raw, piece...)
		}
		seg, err := Decode(withBody(t, b, raw))
		if err != nil {
			if problemOf(err) == 0 {
				t.Fatalf("error without a problem: %v", err)
			}
			return
		}
		if _, err := Encode(seg); err != nil {
			t.Fatalf("accepted a segment it cannot write: %v", err)
		}
	})
}
