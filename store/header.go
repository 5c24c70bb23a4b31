package store

import (
	"bytes"
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

// fileKind is what the first pages of an existing database file say.
type fileKind int

const (
	fileIntact     fileKind = iota // a complete bbolt file that bbolt may open
	fileUnfinished                 // never completely created: it never held data
	fileDamaged                    // it held data once and is not intact now
)

// inspectFile reads the meta pages of an existing file of size bytes,
// without writing to it, and says whether bbolt may open it, whether it is
// a database that was never completely created (a full disk or a crash
// during the very first run), or why it is damaged.
//
// A file never held data when it is empty; or when no transaction after
// bbolt's own initialisation was ever committed: every valid meta page
// shows transaction 0 or 1 and bbolt's initial layout (high water 4 pages);
// or when no meta page is valid and its bytes are the beginning of the four
// pages bbolt writes first. shuati's first transaction (number 2) writes
// the schema version, so every file that ever held shuati's data has a
// valid meta page of a later transaction and is never taken for unfinished.
//
// The size is taken after both meta pages are read: bbolt grows the file
// before it writes the meta page that needs the room, so a writer
// committing meanwhile never makes a complete file look truncated. A look
// without bbolt's lock can still catch a meta page half written; only a
// look under the lock is taken as the last word on damage (checkExisting).
func inspectFile(f *os.File) (fileKind, error) {
	_, kind, err := readMeta(f)
	return kind, err
}

// readMeta is inspectFile, also giving the meta page bbolt would use.
func readMeta(f *os.File) (boltMeta, fileKind, error) {
	var none boltMeta
	buf := make([]byte, headerProbeBytes)
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return none, fileDamaged, err
	}
	m0, err0 := parseMeta(buf[:n], 0)
	if beforeSecondMeta != nil {
		beforeSecondMeta()
	}
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
		p := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(p, int64(ps)); err != nil {
			break // past the end of the file
		}
		if m, err := parseMeta(p, 1); err == nil && m.pageSize == ps {
			m1, err1 = m, nil
			break
		} else if err0 == nil {
			err1 = err
		}
	}
	// Only now the size (see inspectFile): taken between the two meta
	// pages, a commit of another shuati that grew the file and wrote the
	// second meta page meanwhile made a whole file look truncated.
	st, err := f.Stat()
	if err != nil {
		return none, fileDamaged, err
	}
	size := st.Size()
	if size == 0 {
		return none, fileUnfinished, errors.New("the file is empty")
	}
	var m boltMeta
	switch {
	case err0 != nil && err1 != nil:
		if isInitPrefix(f, size) {
			return none, fileUnfinished, fmt.Errorf("the file holds only the beginning of a new database (%d bytes)", size)
		}
		return none, fileDamaged, err0
	case err0 != nil:
		m = m1
	case err1 != nil:
		m = m0
	case m1.txid > m0.txid:
		m = m1
	default:
		m = m0
	}
	if m.txid <= 1 && m.pgid == initPages {
		return m, fileUnfinished, fmt.Errorf("no transaction was ever committed (%d bytes)", size)
	}
	if need := int64(m.pgid) * int64(m.pageSize); size < need {
		return m, fileDamaged, fmt.Errorf("the file is truncated: %d bytes, at least %d expected", size, need)
	}
	return m, fileIntact, nil
}

// beforeSecondMeta, when set (tests only), runs in readMeta between the
// reading of the first meta page and the second: where another shuati's
// commits can change a file looked at without a lock.
var beforeSecondMeta func()

// initPages is how many pages bbolt writes when it creates a file: two
// meta pages, an empty freelist and an empty root leaf.
const initPages = 4

// initImage is what bbolt writes first into a new file with that page size
// (bbolt's DB.init).
func initImage(pageSize uint32) []byte {
	le := binary.LittleEndian
	buf := make([]byte, initPages*int(pageSize))
	for i := range 2 {
		p := buf[i*int(pageSize):]
		le.PutUint64(p[0:], uint64(i))
		le.PutUint16(p[8:], boltMetaFlag)
		m := p[pageHeaderSize:]
		le.PutUint32(m[0:], boltMagic)
		le.PutUint32(m[4:], boltVersion)
		le.PutUint32(m[8:], pageSize)
		le.PutUint64(m[16:], 3) // root bucket page
		le.PutUint64(m[32:], 2) // freelist page
		le.PutUint64(m[40:], initPages)
		le.PutUint64(m[48:], uint64(i)) // txid
		h := fnv.New64a()
		h.Write(m[:metaChecksumOff])
		le.PutUint64(m[metaChecksumOff:], h.Sum64())
	}
	const freelistFlag, leafFlag = 0x10, 0x02
	le.PutUint64(buf[2*pageSize:], 2)
	le.PutUint16(buf[2*pageSize+8:], freelistFlag)
	le.PutUint64(buf[3*pageSize:], 3)
	le.PutUint16(buf[3*pageSize+8:], leafFlag)
	return buf
}

// isInitPrefix reports whether the whole file is the beginning of bbolt's
// first write for one of the page sizes it is likely to have used.
func isInitPrefix(f io.ReaderAt, size int64) bool {
	for _, ps := range []uint32{4096, 16384, 65536, uint32(os.Getpagesize())} {
		img := initImage(ps)
		if size > int64(len(img)) {
			continue
		}
		got := make([]byte, size)
		if _, err := f.ReadAt(got, 0); err != nil && !errors.Is(err, io.EOF) {
			return false
		}
		if bytes.Equal(got, img[:size]) {
			return true
		}
	}
	return false
}
