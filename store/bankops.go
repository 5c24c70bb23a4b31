package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

// Managing the learner's own banks: storing an import with its content
// digest, removing a bank, renaming one. Each is one write transaction.
//
//	bankdigests  bank name → content digest of its questions (opaque text)
//
// The digest lets an import notice that the same questions are already
// stored under another name. The bucket is created by the first import
// that gives a digest.
var bBankDigests = []byte("bankdigests")

// Errors of bank management; the errors returned wrap one of them (or
// ErrNoUserBank) and name the banks.
var (
	ErrBankExists = errors.New("a bank of that name is already stored")
	// ErrNameHasHistory: the new name of a rename still holds the review
	// history of an earlier bank of that name (removed, not forgotten);
	// the two histories would mix.
	ErrNameHasHistory = errors.New("that name still holds the review history of an earlier bank")
)

// SaveImportedBank stores b under its name with the content digest of its
// questions (digest "" stores none), replacing an earlier import of the
// same name and its digest, in one write transaction. file is the path it
// was imported from (for `bank list`), at the time of the import.
func (s *Store) SaveImportedBank(b *bank.Bank, file, digest string, at time.Time) error {
	if b == nil || b.Name == "" {
		return errors.New("save user bank: no bank name")
	}
	for _, q := range b.Questions {
		if q == nil {
			return fmt.Errorf("save user bank %s: an empty question", b.Name)
		}
	}
	v := encodeUserBank(&userBankRecord{Version: userBankVersion, File: file, Imported: at.UTC(), Bank: b})
	err := s.db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bUserBanks)
		if err != nil {
			return err
		}
		if err := bk.Put([]byte(b.Name), v); err != nil {
			return err
		}
		if err := s.hook("bank"); err != nil {
			return err
		}
		return putDigest(tx, b.Name, digest)
	})
	if err != nil {
		return fmt.Errorf("save user bank %s in %s: %w", b.Name, s.path, err)
	}
	return nil
}

// putDigest sets (or, for "", removes) the digest of bank name.
func putDigest(tx *bolt.Tx, name, digest string) error {
	if digest == "" {
		if db := tx.Bucket(bBankDigests); db != nil {
			return db.Delete([]byte(name))
		}
		return nil
	}
	db, err := tx.CreateBucketIfNotExists(bBankDigests)
	if err != nil {
		return err
	}
	return db.Put([]byte(name), []byte(digest))
}

// UserBanksByDigest names the stored banks whose questions have this
// content digest, sorted.
func (s *Store) UserBanksByDigest(digest string) ([]string, error) {
	if digest == "" {
		return nil, nil
	}
	var names []string
	err := s.db.View(func(tx *bolt.Tx) error {
		db, ub := tx.Bucket(bBankDigests), tx.Bucket(bUserBanks)
		if db == nil || ub == nil {
			return nil
		}
		return db.ForEach(func(k, v []byte) error {
			if string(v) == digest && ub.Get(k) != nil {
				names = append(names, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("user banks by digest: %w", err)
	}
	return names, nil
}

// DeleteUserBank removes a stored user bank and its digest. The learner's
// history of its questions (log, cards, mistakes, stars) stays in the
// database, so importing the bank again under the same name brings it
// back: question IDs depend only on the questions' text (see
// importer.AssignIDs). It returns an error wrapping ErrNoUserBank if there
// is no such bank.
func (s *Store) DeleteUserBank(name string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil || bk.Get([]byte(name)) == nil {
			return ErrNoUserBank
		}
		if err := bk.Delete([]byte(name)); err != nil {
			return err
		}
		if err := s.hook("bank"); err != nil {
			return err
		}
		return putDigest(tx, name, "")
	})
	if err != nil {
		return fmt.Errorf("delete user bank %s: %w", name, err)
	}
	return nil
}

// RenameUserBank gives the stored bank old the name newName, and takes its
// history along: afterwards the database is exactly what it would be had
// the bank always been called newName.
//
// Question keys are "bank/id", and the review log names each answer's
// question by its key. Two ways could make history follow a rename: keep
// an alias old → new and resolve every key through it, or re-key. An alias
// would have to be known to every reader that derives state from the log —
// Rebuild, a sync's replay, the consistency check, the optimiser's review
// export — and one that forgot it would silently drop the bank's history
// at its next replay. So the rename re-keys, in this one transaction:
// the log lines of the bank (their question key only; their log keys, times
// and everything else stay), the derived state (cards, the due index, the
// log index, the mistake book, the per-section counters) and the
// learner's own data about its questions (stars, notes, mistakes mastered
// or removed by hand, past exams, the exam paper in progress). A replay of
// the log then gives the same state, and a sync carries the rename to the
// other devices as it carries any change of the log (the bank's old lines
// undone, its new ones added) and of the banks (TestRenameSyncs). What the
// bank's name keys besides its questions moves in the same transaction
// (bankrename.go): its own exam date and the practice set-up's last
// selection in the settings, and the positions of sequential practices
// over it.
//
// It fails, changing nothing, with ErrNoUserBank when old is not stored,
// ErrBankExists when newName is, and ErrNameHasHistory when newName still
// holds the history of an earlier bank of that name (removed): the two
// histories would mix. Built-in banks are not stored here and are the
// caller's to refuse.
func (s *Store) RenameUserBank(old, newName string) error {
	if newName == "" || strings.ContainsAny(newName, "/\x00") {
		return fmt.Errorf("rename user bank %s: bad new name %q", old, newName)
	}
	if old == newName {
		return fmt.Errorf("rename user bank %s: %w", old, ErrBankExists)
	}
	oldPfx, newPfx := []byte(old+"/"), []byte(newName+"/")
	// The settings go with the rename (SaveSettings' lock order: the
	// settings, then the file).
	s.mu.Lock()
	defer s.mu.Unlock()
	var set *Settings
	err := s.db.Update(func(tx *bolt.Tx) error {
		ub := tx.Bucket(bUserBanks)
		if ub == nil || ub.Get([]byte(old)) == nil {
			return ErrNoUserBank
		}
		if ub.Get([]byte(newName)) != nil {
			return ErrBankExists
		}
		for _, name := range questionKeyed {
			if b := tx.Bucket(name); b != nil {
				if k, _ := b.Cursor().Seek(newPfx); k != nil && bytes.HasPrefix(k, newPfx) {
					return ErrNameHasHistory
				}
			}
		}
		rec, err := decodeUserBank(ub.Get([]byte(old)))
		if err != nil {
			return err
		}
		if rec.Bank.Title == old {
			rec.Bank.Title = newName
		}
		rec.Bank.Name = newName
		for _, q := range rec.Bank.Questions {
			q.Bank = newName
		}
		if err := ub.Put([]byte(newName), encodeUserBank(rec)); err != nil {
			return err
		}
		if err := ub.Delete([]byte(old)); err != nil {
			return err
		}
		if db := tx.Bucket(bBankDigests); db != nil {
			if d := db.Get([]byte(old)); d != nil {
				if err := putDigest(tx, newName, string(d)); err != nil {
					return err
				}
				if err := db.Delete([]byte(old)); err != nil {
					return err
				}
			}
		}
		if err := s.hook("rename"); err != nil {
			return err
		}
		rk := rekeyer{old: oldPfx, new: newPfx, hook: s.hook}
		if err := rk.all(tx); err != nil {
			return err
		}
		if err := rk.progress(tx); err != nil {
			return err
		}
		if err := s.hook("rename"); err != nil {
			return err
		}
		set, err = rk.settings(tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("rename user bank %s to %s: %w", old, newName, err)
	}
	if set != nil {
		s.settings = *set // the scheduler depends on nothing that changed
	}
	return nil
}

// questionKeyed are the buckets keyed by question key ("bank/id", the log
// index with the log key after it).
var questionKeyed = [][]byte{bCards, bLogIdx, bMistakes, bStars, bNotes, bMistakeEdits}

// rekeyer moves question keys from the prefix old ("bank/") to new.
type rekeyer struct {
	old, new []byte
	hook     func(stage string) error // Store.hook
}

// key is k with its prefix old replaced by new, or nil when k does not
// start with old.
func (r rekeyer) key(k []byte) []byte {
	if !bytes.HasPrefix(k, r.old) {
		return nil
	}
	return append(append(make([]byte, 0, len(r.new)+len(k)-len(r.old)), r.new...), k[len(r.old):]...)
}

func (r rekeyer) keyString(k string) string {
	if nk := r.key([]byte(k)); nk != nil {
		return string(nk)
	}
	return k
}

// move is one key of a bucket going to another key, with its new value.
type move struct{ from, to, v []byte }

// apply deletes every from, then puts every to (a to may equal another
// move's from).
func apply(b *bolt.Bucket, moves []move) error {
	for _, m := range moves {
		if err := b.Delete(m.from); err != nil {
			return err
		}
	}
	for _, m := range moves {
		if err := b.Put(m.to, m.v); err != nil {
			return err
		}
	}
	return nil
}

// all re-keys everything that names the bank's questions.
func (r rekeyer) all(tx *bolt.Tx) error {
	steps := []func(*bolt.Tx) error{r.log} // first: it reads the log index before it moves
	for _, name := range questionKeyed {
		var value func([]byte) ([]byte, error)
		if string(name) == string(bMistakes) {
			value = r.mistake
		}
		steps = append(steps, r.prefixed(name, value))
	}
	for _, step := range append(steps, r.due, r.agg, r.exams, r.paper) {
		if err := step(tx); err != nil {
			return err
		}
		if err := r.hook("rename"); err != nil {
			return err
		}
	}
	return nil
}

// log rewrites the question key of the bank's log lines, found through
// the log index (read before the index itself moves).
func (r rekeyer) log(tx *bolt.Tx) error {
	logb := tx.Bucket(bLog)
	c := tx.Bucket(bLogIdx).Cursor()
	var moves []move
	for k, _ := c.Seek(r.old); k != nil && bytes.HasPrefix(k, r.old); k, _ = c.Next() {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			return fmt.Errorf("log index key %q is not question key + 0 + log key", k)
		}
		lk := clone(k[i+1:])
		v := logb.Get(lk)
		if v == nil {
			return fmt.Errorf("log index points at missing entry %x", lk)
		}
		var e LogEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("log entry %x: %w", lk, err)
		}
		e.Key = r.keyString(e.Key)
		nv, err := json.Marshal(e)
		if err != nil {
			return err
		}
		moves = append(moves, move{from: lk, to: lk, v: nv})
	}
	return apply(logb, moves)
}

// prefixed moves the keys of bucket name that start with the old prefix;
// value, if not nil, rewrites each value.
func (r rekeyer) prefixed(name []byte, value func([]byte) ([]byte, error)) func(*bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		b := tx.Bucket(name)
		if b == nil { // made by the first write that needs it
			return nil
		}
		c := b.Cursor()
		var moves []move
		for k, v := c.Seek(r.old); k != nil && bytes.HasPrefix(k, r.old); k, v = c.Next() {
			nv := clone(v)
			if value != nil {
				var err error
				if nv, err = value(v); err != nil {
					return fmt.Errorf("%s %s: %w", name, k, err)
				}
			}
			moves = append(moves, move{from: clone(k), to: r.key(k), v: nv})
		}
		return apply(b, moves)
	}
}

func (r rekeyer) mistake(v []byte) ([]byte, error) {
	var m Mistake
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, err
	}
	m.Key = r.keyString(m.Key)
	return json.Marshal(m)
}

// due moves the bank's entries of the due index (due time + question key).
func (r rekeyer) due(tx *bolt.Tx) error {
	b := tx.Bucket(bDue)
	c := b.Cursor()
	var moves []move
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) < 8 {
			continue
		}
		if nk := r.key(k[8:]); nk != nil {
			moves = append(moves, move{from: clone(k), to: append(clone(k[:8]), nk...), v: clone(v)})
		}
	}
	return apply(b, moves)
}

// agg renames the bank's sections in the overall counters ("bank/section").
func (r rekeyer) agg(tx *bolt.Tx) error {
	b := tx.Bucket(bAgg)
	v := b.Get(kAggAll)
	if v == nil {
		return nil
	}
	var all aggAll
	if err := json.Unmarshal(v, &all); err != nil {
		return fmt.Errorf("aggregates: %w", err)
	}
	changed := false
	for k, t := range all.BySection {
		nk := r.keyString(k)
		if nk == k {
			continue
		}
		delete(all.BySection, k)
		sum := all.BySection[nk]
		sum.Answered += t.Answered
		sum.Correct += t.Correct
		all.BySection[nk] = sum
		changed = true
	}
	if !changed {
		return nil
	}
	nv, err := json.Marshal(all)
	if err != nil {
		return err
	}
	return b.Put(kAggAll, nv)
}

// banks renames the bank in a list of bank names joined by "," (an exam's
// banks; "" is all of them).
func (r rekeyer) banks(list string) string {
	if list == "" {
		return ""
	}
	oldName, newName := string(r.old[:len(r.old)-1]), string(r.new[:len(r.new)-1])
	names := strings.Split(list, ",")
	for i, n := range names {
		if n == oldName {
			names[i] = newName
		}
	}
	return strings.Join(names, ",")
}

// exams rewrites the past exams drawn from the bank (their banks) or
// holding its questions (their answers' keys).
func (r rekeyer) exams(tx *bolt.Tx) error {
	b := tx.Bucket(bExams)
	c := b.Cursor()
	var moves []move
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var e ExamRecord
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("exam %x: %w", k, err)
		}
		changed := false
		if nb := r.banks(e.Bank); nb != e.Bank {
			e.Bank, changed = nb, true
		}
		for i := range e.Answers {
			if nk := r.keyString(e.Answers[i].Key); nk != e.Answers[i].Key {
				e.Answers[i].Key, changed = nk, true
			}
		}
		if !changed {
			continue
		}
		nv, err := json.Marshal(e)
		if err != nil {
			return err
		}
		moves = append(moves, move{from: clone(k), to: clone(k), v: nv})
	}
	return apply(b, moves)
}

// paper rewrites the exam paper in progress, if it holds the bank.
func (r rekeyer) paper(tx *bolt.Tx) error {
	b := tx.Bucket(bPaper)
	if b == nil {
		return nil
	}
	v := b.Get(kPaper)
	if v == nil {
		return nil
	}
	var p ExamPaper
	if err := json.Unmarshal(v, &p); err != nil {
		return fmt.Errorf("exam paper in progress: %w", err)
	}
	changed := false
	if nb := r.banks(p.Bank); nb != p.Bank {
		p.Bank, changed = nb, true
	}
	for i := range p.Questions {
		if nk := r.keyString(p.Questions[i].Key); nk != p.Questions[i].Key {
			p.Questions[i].Key, changed = nk, true
		}
	}
	if !changed {
		return nil
	}
	nv, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return b.Put(kPaper, nv)
}
