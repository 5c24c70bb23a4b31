package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/syncfolder"
)

// Every change a learner makes is an event of the device that made it:
// answers (the review log's lines), undos of answers already sent, stars,
// the settings, exams, imported banks, notes and the mistake book's edits
// by hand (syncedits.go). Events are found by comparing
// the database with what it last sent (see localChanges), so the write
// paths need not know about sync: a database that never synced has all its
// history adopted as its own events by its first sync.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func lineCRC(v []byte) uint32 { return crc32.Checksum(v, castagnoli) }

func logKeyOf(t uint64) []byte { return binary.BigEndian.AppendUint64(nil, t) }

// localChange is one change of this database not yet sent as an event.
type localChange struct {
	kind    syncfolder.Kind
	logKey  []byte // answer: its log key; undo: the undone line's log key; edit: its key in mistakeedits
	line    []byte // answer: the log line
	undone  evRef  // undo: the answer's event
	key     string // star, note, edit: question; exam: exam key; bank: name
	flag    bool   // star: starred; bank: present
	data    []byte // settings, exam, bank: the payload
	sum     []byte // bank: SHA-256 of data
	lwwTime int64  // star, settings, bank, note: the time the last writer has (the change must be later); edit: its time
}

// localChanges compares the database with what it last sent: log lines
// without an event are new answers; answers sent whose line is gone (or
// changed) were undone; stars, settings and banks that differ from their
// last writer's state changed here; exams not yet sent are new. Nothing is
// written. Byte slices point into tx.
func localChanges(tx *bolt.Tx, sb *syncBuckets, self devID) ([]localChange, error) {
	var undos, answers []localChange
	logc := tx.Bucket(bLog).Cursor()
	evc := sb.evlog.Cursor()
	lk, lv := logc.First()
	ek, ev := evc.First()
	for lk != nil || ek != nil {
		cmp := 0
		switch {
		case lk == nil:
			cmp = 1
		case ek == nil:
			cmp = -1
		default:
			cmp = bytes.Compare(lk, ek)
		}
		if cmp < 0 {
			answers = append(answers, localChange{kind: syncfolder.KindAnswer, logKey: lk, line: lv})
			lk, lv = logc.Next()
			continue
		}
		ref, err := parseEvRef(ev)
		if err != nil {
			return nil, err
		}
		if cmp > 0 {
			if ref.dev == self {
				undos = append(undos, localChange{kind: syncfolder.KindUndo, logKey: ek, undone: ref})
			}
			ek, ev = evc.Next()
			continue
		}
		if ref.dev == self && lineCRC(lv) != ref.crc {
			// Undone, and another answer recorded under the same key.
			undos = append(undos, localChange{kind: syncfolder.KindUndo, logKey: ek, undone: ref})
			answers = append(answers, localChange{kind: syncfolder.KindAnswer, logKey: lk, line: lv})
		}
		lk, lv = logc.Next()
		ek, ev = evc.Next()
	}
	for _, a := range answers {
		if len(a.logKey) != 8 {
			return nil, fmt.Errorf("log entry %x: key is not 8 bytes", a.logKey)
		}
	}
	out := append(undos, answers...)

	// Stars: starred here without a register that says so, or a register
	// that says starred with the star gone.
	stars := tx.Bucket(bStars)
	if err := stars.ForEach(func(k, _ []byte) error {
		r, ok, err := sb.reg(lwwKey(lwwStar, string(k)))
		if err != nil {
			return err
		}
		if !ok || !r.flag {
			out = append(out, localChange{kind: syncfolder.KindStar, key: string(k), flag: true, lwwTime: r.at})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	lc := sb.lww.Cursor()
	for k, v := lc.Seek([]byte{lwwStar}); k != nil && k[0] == lwwStar; k, v = lc.Next() {
		r, err := parseLWW(v)
		if err != nil {
			return nil, err
		}
		if r.flag && stars.Get(k[1:]) == nil {
			out = append(out, localChange{kind: syncfolder.KindStar, key: string(k[1:]), flag: false, lwwTime: r.at})
		}
	}

	// Settings, once saved here.
	if raw := tx.Bucket(bSettings).Get(kSettings); raw != nil {
		r, ok, err := sb.reg([]byte{lwwSettings})
		if err != nil {
			return nil, err
		}
		if !ok || !bytes.Equal(r.extra, raw) {
			out = append(out, localChange{kind: syncfolder.KindSettings, data: raw, lwwTime: r.at})
		}
	}

	// Exams not yet sent.
	if err := tx.Bucket(bExams).ForEach(func(k, v []byte) error {
		if sb.exams.Get(k) == nil {
			out = append(out, localChange{kind: syncfolder.KindExam, key: string(k), data: v})
		}
		return nil
	}); err != nil {
		return nil, err
	}

	// Banks imported (again) or deleted here.
	banks, err := presenceChanges(tx, sb, bUserBanks, lwwBank, syncfolder.KindBank)
	if err != nil {
		return nil, err
	}
	learner, err := learnerChanges(tx, sb)
	return append(append(out, banks...), learner...), err
}

// presenceChanges are the changes here of the values kept by key in the
// bucket name (banks, notes), against their registers (lwwKey(prefix,
// key), which keep each value's SHA-256): values put or changed, and
// values deleted.
func presenceChanges(tx *bolt.Tx, sb *syncBuckets, name []byte, prefix byte, kind syncfolder.Kind) ([]localChange, error) {
	var out []localChange
	b := tx.Bucket(name)
	if b != nil {
		if err := b.ForEach(func(k, v []byte) error {
			sum := sha256.Sum256(v)
			r, ok, err := sb.reg(lwwKey(prefix, string(k)))
			if err != nil {
				return err
			}
			if !ok || !r.flag || !bytes.Equal(r.extra, sum[:]) {
				out = append(out, localChange{kind: kind, key: string(k), flag: true, data: v, sum: sum[:], lwwTime: r.at})
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	lc := sb.lww.Cursor()
	for k, v := lc.Seek([]byte{prefix}); k != nil && k[0] == prefix; k, v = lc.Next() {
		r, err := parseLWW(v)
		if err != nil {
			return nil, err
		}
		if r.flag && (b == nil || b.Get(k[1:]) == nil) {
			out = append(out, localChange{kind: kind, key: string(k[1:]), flag: false, lwwTime: r.at})
		}
	}
	return out, nil
}

// exportLocal turns the local changes into this device's next events and
// records them as sent (evlog, own, the registers, the exams set, the
// device's last number). The events' Data points into tx.
func exportLocal(tx *bolt.Tx, sb *syncBuckets, self devID, now time.Time) ([]syncfolder.Event, error) {
	changes, err := localChanges(tx, sb, self)
	if err != nil {
		return nil, err
	}
	seq := sb.seq()
	evs := make([]syncfolder.Event, 0, len(changes))
	for i := range changes {
		c := &changes[i]
		seq++
		e := syncfolder.Event{Seq: seq, Kind: c.kind}
		var ref []byte
		// A change at now, or just after the last writer if that one's
		// clock is ahead: the change made here is the newest.
		at := max(now.UnixNano(), c.lwwTime+1)
		switch c.kind {
		case syncfolder.KindAnswer:
			t := binary.BigEndian.Uint64(c.logKey)
			e.Time, e.Data = int64(t), c.line
			if err := sb.evlog.Put(c.logKey, evRef{dev: self, seq: seq, t: t, crc: lineCRC(c.line)}.bytes()); err != nil {
				return nil, err
			}
		case syncfolder.KindUndo:
			e.Ref, e.Time = c.undone.seq, int64(c.undone.t)
			if err := sb.evlog.Delete(c.logKey); err != nil {
				return nil, err
			}
			ref = binary.BigEndian.AppendUint64(seqKey(c.undone.seq), c.undone.t)
		case syncfolder.KindStar:
			e.Time, e.Flag, e.Key = at, c.flag, c.key
			if err := sb.lww.Put(lwwKey(lwwStar, c.key), lwwReg{at: at, dev: self, seq: seq, flag: c.flag}.bytes()); err != nil {
				return nil, err
			}
			ref = []byte(c.key)
		case syncfolder.KindSettings:
			e.Time, e.Data = at, c.data
			if err := sb.lww.Put([]byte{lwwSettings}, lwwReg{at: at, dev: self, seq: seq, flag: true, extra: c.data}.bytes()); err != nil {
				return nil, err
			}
		case syncfolder.KindExam:
			e.Key, e.Data = c.key, c.data
			if err := sb.exams.Put([]byte(c.key), []byte{}); err != nil {
				return nil, err
			}
			ref = []byte(c.key)
		case syncfolder.KindBank:
			e.Time, e.Flag, e.Key, e.Data = at, c.flag, c.key, c.data
			if err := sb.lww.Put(lwwKey(lwwBank, c.key), lwwReg{at: at, dev: self, seq: seq, flag: c.flag, extra: c.sum}.bytes()); err != nil {
				return nil, err
			}
			ref = []byte(c.key)
		case syncfolder.KindNote, syncfolder.KindMastered, syncfolder.KindRemoved:
			if ref, err = exportLearner(tx, sb, self, c, at, &e); err != nil {
				return nil, err
			}
		}
		if c.kind != syncfolder.KindAnswer {
			if err := sb.own.Put(seqKey(seq), ownRef(c.kind, ref)); err != nil {
				return nil, err
			}
		}
		evs = append(evs, e)
	}
	if len(evs) > 0 {
		if err := sb.setSeq(seq); err != nil {
			return nil, err
		}
	}
	return evs, nil
}

// ownAnswers maps the numbers of this device's answers still in the log
// to their log keys.
func ownAnswers(sb *syncBuckets, self devID) (map[uint64][]byte, error) {
	out := map[uint64][]byte{}
	err := sb.evlog.ForEach(func(k, v []byte) error {
		r, err := parseEvRef(v)
		if err == nil && r.dev == self {
			out[r.seq] = k
		}
		return err
	})
	return out, err
}

// ownEvent writes one of this device's events again from the database
// (its file went missing from the folder): what the event still is, or a
// void one where the database no longer holds it (an answer since undone,
// a star a later change replaced). Undos and exams are always whole.
// answers is ownAnswers' map.
func ownEvent(tx *bolt.Tx, sb *syncBuckets, self devID, seq uint64, answers map[uint64][]byte) (syncfolder.Event, error) {
	e := syncfolder.Event{Seq: seq, Kind: syncfolder.KindVoid}
	if k, ok := answers[seq]; ok {
		r, err := parseEvRef(sb.evlog.Get(k))
		if err != nil {
			return e, err
		}
		if line := tx.Bucket(bLog).Get(k); line != nil {
			e.Kind, e.Time, e.Data = syncfolder.KindAnswer, int64(r.t), line
		}
		return e, nil
	}
	v := sb.own.Get(seqKey(seq))
	if len(v) == 0 {
		return e, nil
	}
	kind, ref := syncfolder.Kind(v[0]), v[1:]
	switch kind {
	case syncfolder.KindNote, syncfolder.KindMastered, syncfolder.KindRemoved:
		return e, ownLearnerEvent(tx, sb, self, kind, ref, &e)
	case syncfolder.KindUndo:
		if len(ref) == 16 {
			e.Kind, e.Ref, e.Time = kind, binary.BigEndian.Uint64(ref), int64(binary.BigEndian.Uint64(ref[8:]))
		}
	case syncfolder.KindExam:
		if data := tx.Bucket(bExams).Get(ref); data != nil {
			e.Kind, e.Key, e.Data = kind, string(ref), data
		}
	case syncfolder.KindStar, syncfolder.KindSettings, syncfolder.KindBank:
		key := lwwKey(lwwStar, string(ref))
		if kind == syncfolder.KindSettings {
			key = []byte{lwwSettings}
		} else if kind == syncfolder.KindBank {
			key = lwwKey(lwwBank, string(ref))
		}
		r, ok, err := sb.reg(key)
		if err != nil || !ok || r.dev != self || r.seq != seq {
			return e, err
		}
		switch kind {
		case syncfolder.KindStar:
			e.Kind, e.Time, e.Flag, e.Key = kind, r.at, r.flag, string(ref)
		case syncfolder.KindSettings:
			e.Kind, e.Time, e.Data = kind, r.at, r.extra
		case syncfolder.KindBank:
			if !r.flag {
				e.Kind, e.Time, e.Key = kind, r.at, string(ref)
				break
			}
			var data []byte
			if ub := tx.Bucket(bUserBanks); ub != nil {
				data = ub.Get(ref)
			}
			if sum := sha256.Sum256(data); data != nil && bytes.Equal(sum[:], r.extra) {
				e.Kind, e.Time, e.Flag, e.Key, e.Data = kind, r.at, true, string(ref), data
			}
		}
	}
	return e, nil
}

// checkForeign validates another device's events before anything of them
// is applied: every payload must be one this shuati can store.
func checkForeign(evs []syncfolder.Event) error {
	var re replayEntry
	for i := range evs {
		e := &evs[i]
		bad := func(format string, args ...any) error {
			return fmt.Errorf("event %d (%v): %s", e.Seq, e.Kind, fmt.Sprintf(format, args...))
		}
		switch e.Kind {
		case syncfolder.KindAnswer:
			if err := decodeReplayEntry(e.Data, &re); err != nil {
				return bad("not a review-log line: %v", err)
			}
			if len(re.key) == 0 || re.at.IsZero() || !re.rating.Valid() || e.Time <= 0 {
				return bad("review-log line with key %q, rating %d, time %v", re.key, re.rating, re.at)
			}
		case syncfolder.KindUndo:
			if e.Ref < 1 || e.Ref >= e.Seq || e.Time <= 0 {
				return bad("undoes event %d", e.Ref)
			}
		case syncfolder.KindStar:
			if e.Key == "" {
				return bad("no question")
			}
		case syncfolder.KindSettings:
			set := DefaultSettings()
			if err := json.Unmarshal(e.Data, &set); err != nil {
				return bad("%v", err)
			}
			if _, err := set.scheduler(fsrs.DefaultWeights); err != nil { // the weights are not synced: the settings alone are checked
				return bad("%v", err)
			}
		case syncfolder.KindExam:
			var rec ExamRecord
			if len(e.Key) < 8 {
				return bad("exam key of %d bytes", len(e.Key))
			}
			if err := json.Unmarshal(e.Data, &rec); err != nil {
				return bad("%v", err)
			}
		case syncfolder.KindNote, syncfolder.KindMastered, syncfolder.KindRemoved:
			if err := checkLearnerEvent(e); err != nil {
				return bad("%v", err)
			}
		case syncfolder.KindBank:
			if e.Key == "" {
				return bad("no bank name")
			}
			if e.Flag {
				rec, err := decodeUserBank(e.Data)
				if err != nil {
					return bad("bank %s: %v", bank.Sanitize(e.Key), err)
				}
				if rec.Bank == nil || rec.Bank.Name != e.Key {
					return bad("the record is not bank %s", e.Key)
				}
			}
		}
	}
	return nil
}

// foreignBatch is a run of one other device's events to apply, in number
// order, read from one file.
type foreignBatch struct {
	dev    devID
	id     string
	name   string // the device's human name
	file   string // where they came from, for messages
	events []syncfolder.Event
}

// applyResult is what applying foreign events changed.
type applyResult struct {
	index      bool          // keep the log index up to date line by line (else the replay writes it anew)
	touched    *touchedLines // with index: the lines put in and taken out
	applied    int
	byDevice   map[string]int
	inserted   int  // log lines put in
	removed    int  // log lines taken out
	logChanged bool // answers inserted or removed, or mistake-book edits added: card states and the book must be replayed
	settings   *Settings
	collisions []collision
}

// collision is a foreign answer whose log time another line already has.
type collision struct {
	ref  evRef
	line []byte
}

// applyForeign applies batches inside tx: answers go into the log under
// their time, undos take theirs out, stars, settings and banks follow the
// last writer, exams are added. Each device's events are applied once, in
// number order; the number of its last applied event is stored with them.
func (s *Store) applyForeign(tx *bolt.Tx, sb *syncBuckets, batches []foreignBatch, now time.Time, index bool, progress func()) (applyResult, error) {
	res := applyResult{byDevice: map[string]int{}, index: index,
		touched: &touchedLines{questions: map[string]bool{}, inserted: map[string]bool{}, removed: map[string]removedLine{}, edits: map[string]bool{}}}
	logb := tx.Bucket(bLog)
	if !index {
		// Many lines, mostly after the ones there (another device's
		// history): full pages, as a log written in order would have.
		logb.FillPercent, sb.evlog.FillPercent = 0.9, 0.9
	}
	states := map[string]*deviceState{}
	for bi := range batches {
		b := &batches[bi]
		st := states[b.id]
		if st == nil {
			v, err := sb.deviceState(b.id)
			if err != nil {
				return res, err
			}
			st = &v
			states[b.id] = st
		}
		for i := range b.events {
			e := &b.events[i]
			if e.Seq <= st.Applied {
				continue
			}
			if e.Seq != st.Applied+1 {
				break // a gap: the plan was made before another sync moved on
			}
			if err := s.applyEvent(tx, sb, logb, b.dev, e, &res); err != nil {
				return res, fmt.Errorf("%s: event %d: %w", b.file, e.Seq, err)
			}
			st.Applied = e.Seq
			if e.Time != 0 {
				st.LastAt = time.Unix(0, e.Time).UTC()
			}
			res.applied++
			res.byDevice[b.id]++
			if progress != nil {
				progress()
			}
		}
		if b.name != "" {
			st.Name = b.name
		}
		st.LastFile = b.file
		st.AppliedAt, st.Waiting = now.UTC().Round(0), ""
	}
	ids := make([]string, 0, len(states))
	for id := range states {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := sb.putDeviceState(id, *states[id]); err != nil {
			return res, err
		}
	}
	return res, nil
}

func (s *Store) applyEvent(tx *bolt.Tx, sb *syncBuckets, logb *bolt.Bucket, dev devID, e *syncfolder.Event, res *applyResult) error {
	switch e.Kind {
	case syncfolder.KindNote, syncfolder.KindMastered, syncfolder.KindRemoved:
		return applyLearner(tx, sb, dev, e, res)

	case syncfolder.KindAnswer:
		ref := evRef{dev: dev, seq: e.Seq, t: uint64(e.Time), crc: lineCRC(e.Data)}
		k := logKeyOf(ref.t)
		if logb.Get(k) != nil {
			res.collisions = append(res.collisions, collision{ref: ref, line: e.Data})
			res.logChanged = true
			return nil
		}
		if err := logb.Put(k, e.Data); err != nil {
			return err
		}
		if res.index {
			q, err := indexLine(tx, k, e.Data, true)
			if err != nil {
				return err
			}
			res.touched.insert(q, k)
		}
		res.logChanged = true
		res.inserted++
		return sb.evlog.Put(k, ref.bytes())

	case syncfolder.KindUndo:
		for i, c := range res.collisions {
			if c.ref.dev == dev && c.ref.seq == e.Ref {
				res.collisions = append(res.collisions[:i], res.collisions[i+1:]...)
				return nil
			}
		}
		// The answer is under its time, or a little after it if another
		// line had that time when the log was put in order (rekeyLog).
		for t := uint64(e.Time); t < math.MaxUint64; t++ {
			k := logKeyOf(t)
			v := sb.evlog.Get(k)
			if v == nil {
				return nil // never applied here (void when written again): nothing to undo
			}
			r, err := parseEvRef(v)
			if err != nil {
				return err
			}
			if r.dev == dev && r.seq == e.Ref {
				if v := logb.Get(k); v != nil && res.index {
					q, err := indexLine(tx, k, v, false)
					if err != nil {
						return err
					}
					res.touched.remove(q, k, v)
				}
				if err := logb.Delete(k); err != nil {
					return err
				}
				res.logChanged = true
				res.removed++
				return sb.evlog.Delete(k)
			}
		}
		return nil

	case syncfolder.KindStar:
		key := lwwKey(lwwStar, e.Key)
		r, ok, err := sb.reg(key)
		if err != nil || (ok && !r.beatenBy(e.Time, dev)) {
			return err
		}
		stars := tx.Bucket(bStars)
		if e.Flag {
			err = stars.Put([]byte(e.Key), []byte{})
		} else {
			err = stars.Delete([]byte(e.Key))
		}
		if err != nil {
			return err
		}
		return sb.lww.Put(key, lwwReg{at: e.Time, dev: dev, seq: e.Seq, flag: e.Flag}.bytes())

	case syncfolder.KindSettings:
		key := []byte{lwwSettings}
		r, ok, err := sb.reg(key)
		if err != nil || (ok && !r.beatenBy(e.Time, dev)) {
			return err
		}
		set := DefaultSettings()
		if err := json.Unmarshal(e.Data, &set); err != nil {
			return err
		}
		if err := tx.Bucket(bSettings).Put(kSettings, e.Data); err != nil {
			return err
		}
		res.settings = &set
		return sb.lww.Put(key, lwwReg{at: e.Time, dev: dev, seq: e.Seq, flag: true, extra: e.Data}.bytes())

	case syncfolder.KindExam:
		k := []byte(e.Key)
		if sb.exams.Get(k) != nil {
			return nil
		}
		if eb := tx.Bucket(bExams); eb.Get(k) == nil {
			if err := eb.Put(k, e.Data); err != nil {
				return err
			}
		}
		return sb.exams.Put(k, []byte{})

	case syncfolder.KindBank:
		return applyPresence(tx, sb, lwwKey(lwwBank, e.Key), bUserBanks, dev, e)
	}
	return nil
}

// applyPresence applies another device's change of a value kept under
// e.Key in the bucket name (a bank, a note: Flag present with Data, else
// deleted) if it beats the last writer of the register key, which then
// keeps the value's SHA-256.
func applyPresence(tx *bolt.Tx, sb *syncBuckets, key, name []byte, dev devID, e *syncfolder.Event) error {
	r, ok, err := sb.reg(key)
	if err != nil || (ok && !r.beatenBy(e.Time, dev)) {
		return err
	}
	b, err := tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	var sum []byte
	if e.Flag {
		h := sha256.Sum256(e.Data)
		sum = h[:]
		err = b.Put([]byte(e.Key), e.Data)
	} else {
		err = b.Delete([]byte(e.Key))
	}
	if err != nil {
		return err
	}
	return sb.lww.Put(key, lwwReg{at: e.Time, dev: dev, seq: e.Seq, flag: e.Flag, extra: sum}.bytes())
}
