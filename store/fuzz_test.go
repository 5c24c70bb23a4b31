package store

import (
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Fuzz targets for the readers of the database file, outside data like
// any other: its header (inspectFile) and damaged contents (open, every
// reading method, Check). Run: go test ./store -fuzz=FuzzDamagedDatabase

var writeHistoryFixture = flag.Bool("write-history-fixture", false, "rewrite "+historyFixture)

// historyFixture is historyPath's database, kept so that the inputs the
// fuzzers find flip the same bytes every time (bbolt leaves whatever its
// page buffers held in the unused parts of pages).
const historyFixture = "testdata/history.db"

// TestWriteHistoryFixture regenerates testdata/history.db.
// Run: go test ./store -run TestWriteHistoryFixture -write-history-fixture
func TestWriteHistoryFixture(t *testing.T) {
	if !*writeHistoryFixture {
		t.Skip("run with -write-history-fixture to regenerate " + historyFixture)
	}
	path, _ := historyPath(t, t.TempDir())
	s, err := openReadOnly(path, time.Second, testZone)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Backup(historyFixture); err != nil { // no room to grow: the pages in use only
		t.Fatal(err)
	}
}

// fuzzDB is the fixture's bytes and question keys.
func fuzzDB(f *testing.F) ([]byte, []string) {
	var keys []string
	for i := range 40 {
		keys = append(keys, fmt.Sprintf("b/%02d", i))
	}
	return readFile(f, historyFixture), keys
}

// FuzzDamagedDatabase flips bytes of a real database (each 5 bytes of the
// input: a little-endian offset into the file and a byte to xor there) and
// opens it: no panic and no crash anywhere — open, every reading method,
// a rebuild, Check (whose bbolt page check runs in a goroutine of its own).
func FuzzDamagedDatabase(f *testing.F) {
	valid, keys := fuzzDB(f)
	f.Add([]byte{})
	for _, off := range []uint32{16 + 20, 4096 + 16 + 40, 2*4096 + 8, 3*4096 + 11, 5*4096 + 100, uint32(len(valid) - 7)} {
		f.Add(append(binary.LittleEndian.AppendUint32(nil, off), 0xff))
	}
	f.Fuzz(func(t *testing.T, edits []byte) {
		b := append([]byte(nil), valid...)
		for i := 0; i+5 <= len(edits); i += 5 {
			off := binary.LittleEndian.Uint32(edits[i:]) % uint32(len(b))
			b[off] ^= edits[i+4]
		}
		path := filepath.Join(t.TempDir(), "f.db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if s, err := open(path, time.Second, testZone); err == nil {
			now := t0.Add(24 * time.Hour)
			_, _ = s.Stats(now, keys)
			_, _ = s.DueQueue(now, keys, 20)
			_, _ = s.Mistakes(MistakeFilter{})
			for _, k := range keys[:5] {
				_, _ = s.History(k)
			}
			_, _ = s.UserBanks()
			_, _ = s.Exams()
			_, _ = s.RebuildWith(RebuildOptions{Now: t0})
			s.Close()
		}
		if _, err := check(path, time.Second); err != nil {
			t.Logf("check: %v", err)
		}
	})
}

// FuzzInspectFile reads arbitrary bytes as a database header: no panic, and
// nothing with a valid meta page of a committed transaction is ever taken
// for a file never completely created.
func FuzzInspectFile(f *testing.F) {
	valid, _ := fuzzDB(f)
	f.Add([]byte{})
	f.Add(initImage(4096)[:8192])
	f.Add(valid[:4096])
	f.Add(valid[:3*4096])
	f.Fuzz(func(t *testing.T, content []byte) {
		path := filepath.Join(t.TempDir(), "h.db")
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		kind, _ := inspectFile(fh)
		if kind != fileUnfinished {
			return
		}
		for _, ps := range []int{0, 4096} {
			for id, at := range []int{0, ps} {
				if id == 1 && ps == 0 {
					continue
				}
				if at >= len(content) {
					continue
				}
				if m, err := parseMeta(content[at:], uint64(id)); err == nil && m.txid >= 2 {
					t.Fatalf("a file with a meta page of transaction %d taken for unfinished", m.txid)
				}
			}
		}
	})
}
