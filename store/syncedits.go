package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/store/syncfolder"
)

// The learner's own edits as sync events (format 2 of the folder): a note
// is a register, the last writer winning by (time, device) as stars do
// ("n"+question in the lww bucket, with the note's SHA-256); an edit of
// the mistake book by hand is kept for good, and every device replays the
// merged answers and edits in time order ("m"+edit key in the lww bucket
// records which device sent it, so that it is sent once).

const (
	lwwNote = 'n'
	lwwEdit = 'm'
)

// editAt is one edit of the mistake book by hand.
type editAt struct {
	key []byte // its key in mistakeedits
	q   string // the question
	at  int64  // unix ns
	op  string // editMastered or editRemoved
}

// editKey is the key of an edit in mistakeedits: question, 0, time, op.
func editKey(q string, at int64, op string) []byte {
	k := append(append([]byte(q), 0), make([]byte, 8)...)
	binary.BigEndian.PutUint64(k[len(q)+1:], uint64(at))
	return append(k, op[0])
}

// parseEdit reads an entry of mistakeedits, in either layout (see
// learner.go).
func parseEdit(k, v []byte) (editAt, error) {
	var e mistakeEdit
	if err := json.Unmarshal(v, &e); err != nil {
		return editAt{}, fmt.Errorf("mistake edit %q: %w", k, err)
	}
	if e.Op != editMastered && e.Op != editRemoved {
		return editAt{}, fmt.Errorf("mistake edit %q: unknown op %q", k, e.Op)
	}
	q := k
	if i := bytes.IndexByte(k, 0); i >= 0 {
		q = k[:i]
	}
	return editAt{key: clone(k), q: string(q), at: e.At.UnixNano(), op: e.Op}, nil
}

func sortEdits(eds []editAt) {
	sort.Slice(eds, func(i, j int) bool {
		if eds[i].at != eds[j].at {
			return eds[i].at < eds[j].at
		}
		return eds[i].op < eds[j].op
	})
}

// loadEdits reads every edit, by question, each question's in time order.
func loadEdits(tx *bolt.Tx) (map[string][]editAt, error) {
	out := map[string][]editAt{}
	b := tx.Bucket(bMistakeEdits)
	if b == nil {
		return out, nil
	}
	err := b.ForEach(func(k, v []byte) error {
		e, err := parseEdit(k, v)
		out[e.q] = append(out[e.q], e)
		return err
	})
	for _, eds := range out {
		sortEdits(eds)
	}
	return out, err
}

// editsOf reads the edits of question q in time order.
func editsOf(tx *bolt.Tx, q string) ([]editAt, error) {
	b := tx.Bucket(bMistakeEdits)
	if b == nil {
		return nil, nil
	}
	var out []editAt
	c := b.Cursor()
	for k, v := c.Seek([]byte(q)); k != nil && bytes.HasPrefix(k, []byte(q)) && (len(k) == len(q) || k[len(q)] == 0); k, v = c.Next() {
		e, err := parseEdit(k, v)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	sortEdits(out)
	return out, nil
}

// applyEdit applies ed to a question's entry m (inBook: it has one) and
// reports whether it has one afterwards, as the edit did when it was made:
// mastering an open entry; removing an entry, whose counts start again
// with the next wrong answer.
func applyEdit(m *Mistake, inBook bool, ed editAt) bool {
	if !inBook {
		return false
	}
	if ed.op == editRemoved {
		*m = Mistake{}
		return false
	}
	if !m.Mastered {
		masterBy(m, time.Unix(0, ed.at))
	}
	return true
}

// editsBefore applies the card's edits made before the log key at (a
// time in unix ns): edits follow the log's order.
func (rc *replayCard) editsBefore(at int64) {
	for len(rc.edits) > 0 && rc.edits[0].at < at {
		rc.inBook = applyEdit(&rc.mistake, rc.inBook, rc.edits[0])
		rc.edits = rc.edits[1:]
	}
}

// applyEditW applies ed through the writer of a Rebuild.
func applyEditW(w *writer, ed editAt) error {
	k := []byte(ed.q)
	old := w.get(bMistakes, k)
	if old == nil {
		return nil
	}
	var m Mistake
	if err := json.Unmarshal(old, &m); err != nil {
		return fmt.Errorf("mistake %s: %w", k, err)
	}
	if !applyEdit(&m, true, ed) {
		return w.del(bMistakes, k)
	}
	v, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return w.put(bMistakes, k, v)
}

// lastRemoved is, by question, the time of its last removal by hand: its
// entry counts the wrong answers after it (see checker.mistakes).
func lastRemoved(tx *bolt.Tx) (map[string]int64, error) {
	eds, err := loadEdits(tx)
	out := map[string]int64{}
	for q, es := range eds {
		for _, e := range es {
			if e.op == editRemoved {
				out[q] = max(out[q], e.at)
			}
		}
	}
	return out, err
}

// learnerChanges are the notes and mistake-book edits not yet sent (see
// localChanges).
func learnerChanges(tx *bolt.Tx, sb *syncBuckets) ([]localChange, error) {
	out, err := presenceChanges(tx, sb, bNotes, lwwNote, syncfolder.KindNote)
	if err != nil {
		return nil, err
	}
	if b := tx.Bucket(bMistakeEdits); b != nil {
		if err := b.ForEach(func(k, v []byte) error {
			e, err := parseEdit(k, v)
			if err != nil {
				return err
			}
			nk := editKey(e.q, e.at, e.op)
			if sb.lww.Get(append([]byte{lwwEdit}, nk...)) != nil {
				return nil
			}
			kind := syncfolder.KindMastered
			if e.op == editRemoved {
				kind = syncfolder.KindRemoved
			}
			out = append(out, localChange{kind: kind, key: e.q, logKey: e.key, lwwTime: e.at, data: clone(v)})
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// exportLearner records the note or edit c as this device's event e
// (number e.Seq, at: the time a new register takes) and returns the own
// bucket's reference to it.
func exportLearner(tx *bolt.Tx, sb *syncBuckets, self devID, c *localChange, at int64, e *syncfolder.Event) ([]byte, error) {
	if c.kind == syncfolder.KindNote {
		e.Time, e.Flag, e.Key, e.Data = at, c.flag, c.key, c.data
		return []byte(c.key), sb.lww.Put(lwwKey(lwwNote, c.key), lwwReg{at: at, dev: self, seq: e.Seq, flag: c.flag, extra: c.sum}.bytes())
	}
	op := editMastered
	if c.kind == syncfolder.KindRemoved {
		op = editRemoved
	}
	nk := editKey(c.key, c.lwwTime, op)
	if !bytes.Equal(nk, c.logKey) { // the first layout's key: re-keyed
		b := tx.Bucket(bMistakeEdits)
		data := clone(c.data)
		if err := b.Delete(c.logKey); err != nil {
			return nil, err
		}
		if err := b.Put(nk, data); err != nil {
			return nil, err
		}
	}
	e.Time, e.Key = c.lwwTime, c.key
	return nk, sb.lww.Put(append([]byte{lwwEdit}, nk...), lwwReg{at: c.lwwTime, dev: self, seq: e.Seq, flag: true}.bytes())
}

// ownLearnerEvent writes one of this device's note or edit events again
// (see ownEvent): e is left void when the database no longer holds it.
func ownLearnerEvent(tx *bolt.Tx, sb *syncBuckets, self devID, kind syncfolder.Kind, ref []byte, e *syncfolder.Event) error {
	if kind == syncfolder.KindNote {
		r, ok, err := sb.reg(lwwKey(lwwNote, string(ref)))
		if err != nil || !ok || r.dev != self || r.seq != e.Seq {
			return err
		}
		if !r.flag {
			e.Kind, e.Time, e.Key = kind, r.at, string(ref)
			return nil
		}
		var note []byte
		if nb := tx.Bucket(bNotes); nb != nil {
			note = nb.Get(ref)
		}
		if sum := sha256.Sum256(note); note != nil && bytes.Equal(sum[:], r.extra) {
			e.Kind, e.Time, e.Flag, e.Key, e.Data = kind, r.at, true, string(ref), note
		}
		return nil
	}
	r, ok, err := sb.reg(append([]byte{lwwEdit}, ref...))
	if err != nil || !ok || r.dev != self || r.seq != e.Seq {
		return err
	}
	if b := tx.Bucket(bMistakeEdits); b != nil && b.Get(ref) != nil {
		e.Kind, e.Time, e.Key = kind, r.at, string(ref[:bytes.IndexByte(ref, 0)])
	}
	return nil
}

// checkLearnerEvent validates another device's note or edit event.
func checkLearnerEvent(e *syncfolder.Event) error {
	if e.Key == "" || bytes.IndexByte([]byte(e.Key), 0) >= 0 {
		return fmt.Errorf("question %q", e.Key)
	}
	if e.Kind == syncfolder.KindNote && e.Flag && (len(e.Data) > MaxNoteLen || !utf8.Valid(e.Data)) {
		return fmt.Errorf("a note of %d bytes, or not UTF-8", len(e.Data))
	}
	if e.Kind != syncfolder.KindNote && (e.Time <= 0 || e.Time == math.MaxInt64) {
		return fmt.Errorf("dated %d", e.Time)
	}
	return nil
}

// applyLearner applies another device's note (the last writer wins) or
// edit (kept, and the question's book replayed).
func applyLearner(tx *bolt.Tx, sb *syncBuckets, dev devID, e *syncfolder.Event, res *applyResult) error {
	if e.Kind == syncfolder.KindNote {
		return applyPresence(tx, sb, lwwKey(lwwNote, e.Key), bNotes, dev, e)
	}
	op := editMastered
	if e.Kind == syncfolder.KindRemoved {
		op = editRemoved
	}
	nk := editKey(e.Key, e.Time, op)
	mark := append([]byte{lwwEdit}, nk...)
	if sb.lww.Get(mark) != nil {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bMistakeEdits)
	if err != nil {
		return err
	}
	v, err := json.Marshal(mistakeEdit{Op: op, At: time.Unix(0, e.Time).UTC()})
	if err != nil {
		return err
	}
	if err := b.Put(nk, v); err != nil {
		return err
	}
	res.logChanged = true // the mistake book is replayed
	if res.index {
		res.touched.questions[e.Key] = true
		res.touched.edits[string(nk)] = true
	}
	return sb.lww.Put(mark, lwwReg{at: e.Time, dev: dev, seq: e.Seq, flag: true}.bytes())
}
