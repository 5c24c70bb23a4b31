package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// The page tree of a bbolt file, read without bbolt. bbolt trusts its
// pages: a damaged page id can send it past the end of the file (a memory
// fault, which guard recovers from) or round a cycle of pages, where
// Bucket.Stats and the freeing of a deleted bucket recurse until the stack
// overflows — a fatal error nothing recovers from — and a cursor loops for
// ever. Check and Rebuild, which read every page, walk the tree here first,
// reading each page once with every offset checked, and let bbolt near only
// the buckets found sound.

const (
	branchPageFlag = 0x01
	leafPageFlag   = 0x02
	bucketLeafFlag = 0x01
	pageElemSize   = 16 // branch and leaf elements alike
	inBucketSize   = 16 // a bucket's root page id and sequence
	maxTreeDepth   = 64
)

// bucketPages is what the walk found of one top-level bucket.
type bucketPages struct {
	keys    int    // values directly in the bucket (not nested buckets)
	damage  string // "" when its pages are sound
	present bool
}

// pageWalk is the result of walkPages.
type pageWalk struct {
	buckets  map[string]*bucketPages
	root     string // damage of the root bucket's own pages, if any
	freelist string // damage of the freelist page, if any
}

// sound reports whether the named top-level bucket is there and its pages
// are sound.
func (w *pageWalk) sound(name []byte) bool {
	b := w.buckets[string(name)]
	return w.root == "" && b != nil && b.present && b.damage == ""
}

// problems lists the damage found, one line each, with the bucket it is in.
func (w *pageWalk) problems() []Problem {
	var out []Problem
	if w.root != "" {
		out = append(out, Problem{Area: "pages", Detail: "the list of buckets: " + w.root})
	}
	if w.freelist != "" { // a rebuild writes a new file, with a new freelist
		out = append(out, Problem{Area: "pages", Detail: "the list of free pages: " + w.freelist, Derived: true})
	}
	for name, b := range w.buckets {
		if b.damage != "" {
			out = append(out, Problem{Area: "pages", Detail: fmt.Sprintf("bucket %s: %s", name, b.damage),
				Derived: containsName(replayedBuckets, name)})
		}
	}
	return out
}

// walkPages reads the tree of the file's current meta page.
func walkPages(path string) (*pageWalk, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, kind, err := readMeta(f)
	if kind != fileIntact {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pw := &pageWalker{r: f, size: st.Size(), ps: int64(m.pageSize), high: m.pgid, seen: make([]uint64, (m.pgid+63)/64)}
	w := &pageWalk{buckets: map[string]*bucketPages{}}
	// The freelist is not part of the tree: reaching it is damage.
	if _, err := pw.page(m.freelist); err != nil {
		w.freelist = err.Error()
	}
	err = pw.tree(m.root, 0, func(flags uint32, k, v []byte) error {
		if flags&bucketLeafFlag == 0 {
			return fmt.Errorf("key %q at the top level is not a bucket", k)
		}
		b := &bucketPages{present: true}
		w.buckets[string(k)] = b
		if err := pw.bucket(v, 1, func(flags uint32, _, _ []byte) error {
			if flags&bucketLeafFlag == 0 {
				b.keys++
			}
			return nil
		}); err != nil {
			b.damage = err.Error()
		}
		return nil
	})
	if err != nil {
		w.root = err.Error()
	}
	return w, nil
}

// pageWalker reads pages of one file, each at most once.
type pageWalker struct {
	r    io.ReaderAt
	size int64
	ps   int64
	high uint64   // the high-water page id
	seen []uint64 // a bit per page id below high
	free [][]byte // buffers of pages done with, for the next pages
}

func (p *pageWalker) saw(id uint64) bool { return p.seen[id/64]&(1<<(id%64)) != 0 }

// page reads page id with its overflow pages, into a buffer to give back
// with release once its elements are read.
func (p *pageWalker) page(id uint64) ([]byte, error) {
	if id < 2 || id >= p.high {
		return nil, fmt.Errorf("page id %d is outside the file's %d pages", id, p.high)
	}
	if p.saw(id) {
		return nil, fmt.Errorf("page %d is reached twice", id)
	}
	buf := p.buffer(p.ps)
	if _, err := p.r.ReadAt(buf, int64(id)*p.ps); err != nil {
		p.release(buf)
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	le := binary.LittleEndian
	if got := le.Uint64(buf); got != id {
		p.release(buf)
		return nil, fmt.Errorf("page %d says it is page %d", id, got)
	}
	overflow := uint64(le.Uint32(buf[12:]))
	if id+overflow >= p.high || int64(id+overflow+1)*p.ps > p.size {
		p.release(buf)
		return nil, fmt.Errorf("page %d runs %d pages past the end of the file", id, overflow)
	}
	for i := uint64(0); i <= overflow; i++ {
		if p.saw(id + i) {
			p.release(buf)
			return nil, fmt.Errorf("page %d is reached twice", id+i)
		}
		p.seen[(id+i)/64] |= 1 << ((id + i) % 64)
	}
	if overflow > 0 {
		p.release(buf)
		buf = p.buffer(int64(overflow+1) * p.ps)
		if _, err := p.r.ReadAt(buf, int64(id)*p.ps); err != nil {
			p.release(buf)
			return nil, fmt.Errorf("page %d: %v", id, err)
		}
	}
	return buf, nil
}

// buffer is a buffer of n bytes, one given back if one is large enough.
func (p *pageWalker) buffer(n int64) []byte {
	for i := len(p.free) - 1; i >= 0; i-- {
		if b := p.free[i]; int64(cap(b)) >= n {
			p.free = append(p.free[:i], p.free[i+1:]...)
			return b[:n]
		}
	}
	return make([]byte, n)
}

func (p *pageWalker) release(b []byte) {
	if len(p.free) < maxTreeDepth {
		p.free = append(p.free, b)
	}
}

// tree walks the pages under page id, calling leaf for every leaf element
// in key order.
func (p *pageWalker) tree(id uint64, depth int, leaf func(flags uint32, k, v []byte) error) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("pages nested more than %d deep", maxTreeDepth)
	}
	buf, err := p.page(id)
	if err != nil {
		return err
	}
	defer p.release(buf)
	return p.elements(buf, id, depth, leaf)
}

// elements goes through the elements of one page (or an inline bucket's
// page, id 0).
func (p *pageWalker) elements(buf []byte, id uint64, depth int, leaf func(flags uint32, k, v []byte) error) error {
	le := binary.LittleEndian
	if len(buf) < pageHeaderSize {
		return fmt.Errorf("page %d is too short", id)
	}
	flags, count := le.Uint16(buf[8:]), int(le.Uint16(buf[10:]))
	if pageHeaderSize+count*pageElemSize > len(buf) {
		return fmt.Errorf("page %d holds %d elements, more than fit", id, count)
	}
	var prev []byte
	for i := range count {
		e := pageHeaderSize + i*pageElemSize
		var k, v []byte
		switch flags {
		case branchPageFlag:
			pos, ksize := int64(le.Uint32(buf[e:])), int64(le.Uint32(buf[e+4:]))
			if int64(e)+pos+ksize > int64(len(buf)) {
				return fmt.Errorf("page %d: key %d lies outside the page", id, i)
			}
			k = buf[int64(e)+pos : int64(e)+pos+ksize]
			if i > 0 && bytes.Compare(prev, k) >= 0 {
				return fmt.Errorf("page %d: keys out of order", id)
			}
			if err := p.tree(le.Uint64(buf[e+8:]), depth+1, leaf); err != nil {
				return err
			}
		case leafPageFlag:
			fl := le.Uint32(buf[e:])
			pos, ksize, vsize := int64(le.Uint32(buf[e+4:])), int64(le.Uint32(buf[e+8:])), int64(le.Uint32(buf[e+12:]))
			if int64(e)+pos+ksize+vsize > int64(len(buf)) {
				return fmt.Errorf("page %d: element %d lies outside the page", id, i)
			}
			k = buf[int64(e)+pos : int64(e)+pos+ksize]
			v = buf[int64(e)+pos+ksize : int64(e)+pos+ksize+vsize]
			if i > 0 && bytes.Compare(prev, k) >= 0 {
				return fmt.Errorf("page %d: keys out of order", id)
			}
			if err := leaf(fl, k, v); err != nil {
				return err
			}
		default:
			return fmt.Errorf("page %d is not a branch or leaf page (flags %#x)", id, flags)
		}
		prev = k
	}
	return nil
}

// bucket walks a bucket stored as value v, and every bucket nested in it.
func (p *pageWalker) bucket(v []byte, depth int, leaf func(flags uint32, k, v []byte) error) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("buckets nested more than %d deep", maxTreeDepth)
	}
	if len(v) < inBucketSize {
		return fmt.Errorf("a bucket header of %d bytes", len(v))
	}
	nested := func(flags uint32, k, nv []byte) error {
		if err := leaf(flags, k, nv); err != nil {
			return err
		}
		if flags&bucketLeafFlag != 0 {
			// Nested buckets count for nothing but their soundness.
			return p.bucket(nv, depth+1, func(uint32, []byte, []byte) error { return nil })
		}
		return nil
	}
	if root := binary.LittleEndian.Uint64(v); root != 0 {
		return p.tree(root, 0, nested)
	}
	inline := v[inBucketSize:]
	if len(inline) >= pageHeaderSize && binary.LittleEndian.Uint16(inline[8:]) != leafPageFlag {
		return fmt.Errorf("an inline bucket that is not a leaf page")
	}
	return p.elements(inline, 0, 0, nested)
}
