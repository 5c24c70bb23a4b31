package store

import (
	"bytes"
	"encoding/binary"
	"math"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// rekeyLog puts the whole log in its canonical order when a foreign answer
// came with a log time another line already has: every line sorted by
// (time, device, number), keyed by its time or, where that is taken, one
// nanosecond after the line before. Every device holding the same lines
// ends with the same keys. Lines not yet sent keep their order after the
// sent ones of the same time. Card states are replayed afterwards; the log
// index is written anew here.
func rekeyLog(tx *bolt.Tx, sb *syncBuckets, self devID, extra []collision) error {
	type line struct {
		ref  evRef
		sent bool
		v    []byte
	}
	var lines []line
	logb := tx.Bucket(bLog)
	c := logb.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		l := line{v: v}
		if ev := sb.evlog.Get(k); ev != nil {
			r, err := parseEvRef(ev)
			if err != nil {
				return err
			}
			l.ref, l.sent = r, true
		} else {
			l.ref = evRef{dev: self, seq: math.MaxUint64, t: binary.BigEndian.Uint64(k)}
		}
		lines = append(lines, l)
	}
	for _, x := range extra {
		lines = append(lines, line{ref: x.ref, sent: true, v: x.line})
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i].ref, lines[j].ref
		if a.t != b.t {
			return a.t < b.t
		}
		if a.dev != b.dev {
			return bytes.Compare(a.dev[:], b.dev[:]) < 0
		}
		return a.seq < b.seq
	})
	root := tx.Bucket(bSync)
	if err := recreate(tx, bLog, bLogIdx); err != nil {
		return err
	}
	if err := root.DeleteBucket(bsEvLog); err != nil {
		return err
	}
	evlog, err := root.CreateBucket(bsEvLog)
	if err != nil {
		return err
	}
	sb.evlog = evlog
	logb = tx.Bucket(bLog)
	logb.FillPercent, evlog.FillPercent = 1, 1
	var prev uint64
	for i, l := range lines {
		t := l.ref.t
		if i > 0 && t <= prev {
			t = prev + 1
		}
		prev = t
		k := logKeyOf(t)
		if err := logb.Put(k, l.v); err != nil {
			return err
		}
		if _, err := indexLine(tx, k, l.v, true); err != nil {
			return err
		}
		if !l.sent {
			continue
		}
		if err := evlog.Put(k, l.ref.bytes()); err != nil {
			return err
		}
	}
	return nil
}
