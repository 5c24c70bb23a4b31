package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt's on-disk meta page (go.etcd.io/bbolt/internal/common): a 16-byte
// page header (id u64, flags u16, count u16, overflow u32) followed by the
// meta: magic u32, version u32, pageSize u32, flags u32, root bucket
// (root pgid u64, sequence u64), freelist pgid u64, high-water pgid u64,
// txid u64, checksum u64 (FNV-64a of the 56 bytes before it). Little-endian
// on every platform shuati targets.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	boltMetaFlag     = 0x04
	pageHeaderSize   = 16
	metaChecksumOff  = 56
	metaSize         = 64
	pgidNoFreelist   = ^uint64(0)
	minPageSize      = 512
	maxPageSize      = 1 << 24
	headerProbeBytes = 4096
)

type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64
	txid     uint64
}

// parseMeta validates one meta page held in buf (starting at its page
// header). It mirrors bbolt's own Validate plus sanity checks bbolt skips.
func parseMeta(buf []byte, wantID uint64) (boltMeta, error) {
	var m boltMeta
	if len(buf) < pageHeaderSize+metaSize {
		return m, errors.New("short meta page")
	}
	le := binary.LittleEndian
	if id := le.Uint64(buf[0:]); id != wantID {
		return m, fmt.Errorf("meta page id %d, want %d", id, wantID)
	}
	if fl := le.Uint16(buf[8:]); fl != boltMetaFlag {
		return m, fmt.Errorf("page flags %#x are not a meta page", fl)
	}
	b := buf[pageHeaderSize : pageHeaderSize+metaSize]
	if le.Uint32(b[0:]) != boltMagic {
		return m, errors.New("not a bbolt file (bad magic)")
	}
	if v := le.Uint32(b[4:]); v != boltVersion {
		return m, fmt.Errorf("bbolt format version %d", v)
	}
	h := fnv.New64a()
	h.Write(b[:metaChecksumOff])
	if h.Sum64() != le.Uint64(b[metaChecksumOff:]) {
		return m, errors.New("meta checksum mismatch")
	}
	m.pageSize = le.Uint32(b[8:])
	m.root = le.Uint64(b[16:])
	m.freelist = le.Uint64(b[32:])
	m.pgid = le.Uint64(b[40:])
	m.txid = le.Uint64(b[48:])
	if m.pageSize < minPageSize || m.pageSize > maxPageSize || m.pageSize&(m.pageSize-1) != 0 {
		return m, fmt.Errorf("bad page size %d", m.pageSize)
	}
	if m.pgid < 4 || m.root < 2 || m.root >= m.pgid {
		return m, fmt.Errorf("bad page ids (root %d, high water %d)", m.root, m.pgid)
	}
	if m.freelist == pgidNoFreelist {
		// bbolt would rewrite the freelist on open; shuati never writes such files.
		return m, errors.New("file has no synced freelist")
	}
	if m.freelist < 2 || m.freelist >= m.pgid {
		return m, fmt.Errorf("bad freelist page %d", m.freelist)
	}
	return m, nil
}

// checkHeader reads the two meta pages of an existing file without
// writing to it and reports why bbolt must not open it read-write. An empty
// file is damaged too: bbolt would initialise it in place.
func checkHeader(path string, size int64) error {
	if size == 0 {
		return errors.New("the file is empty")
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, headerProbeBytes)
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	m0, err0 := parseMeta(buf[:n], 0)
	var m1 boltMeta
	var err1 error = errors.New("second meta page not found")
	// The second meta page sits one page in; its size comes from the first
	// meta if that one is valid, otherwise try every size bbolt can use.
	sizes := []uint32{}
	if err0 == nil {
		sizes = append(sizes, m0.pageSize)
	} else {
		for ps := uint32(minPageSize); ps <= maxPageSize; ps <<= 1 {
			sizes = append(sizes, ps)
		}
	}
	for _, ps := range sizes {
		if int64(ps)+pageHeaderSize+metaSize > size {
			break
		}
		p := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(p, int64(ps)); err != nil {
			break
		}
		if m, err := parseMeta(p, 1); err == nil && m.pageSize == ps {
			m1, err1 = m, nil
			break
		} else if err0 == nil {
			err1 = err
		}
	}
	var m boltMeta
	switch {
	case err0 != nil && err1 != nil:
		return err0
	case err0 != nil:
		m = m1
	case err1 != nil:
		m = m0
	case m1.txid > m0.txid:
		m = m1
	default:
		m = m0
	}
	if need := int64(m.pgid) * int64(m.pageSize); size < need {
		return fmt.Errorf("the file is truncated: %d bytes, at least %d expected", size, need)
	}
	return nil
}
