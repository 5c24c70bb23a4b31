package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// The learner's own edits, kept beside the derived data: notes on
// questions, and the mistake-book entries mastered or removed by hand
// (Rebuild replays the log and then these, so they survive it). The
// buckets came after schema 3 without a migration: they are made by the
// first write that needs them, and a file without them reads as empty.
//
//	notes         question key → the note (UTF-8 text)
//	mistakeedits  question key → mistakeEdit
var (
	bNotes        = []byte("notes")
	bMistakeEdits = []byte("mistakeedits")
)

// MaxNoteLen is the longest note SetNote keeps, in bytes.
const MaxNoteLen = 16 << 10

// mistakeEdit is a change of the mistake book made by hand.
type mistakeEdit struct {
	Op string    `json:"op"` // editMastered or editRemoved
	At time.Time `json:"at"`
}

const (
	editMastered = "mastered"
	editRemoved  = "removed"
)

// SetNote stores the learner's note on a question, in one transaction; an
// empty (or blank) note deletes it.
func (s *Store) SetNote(key, note string) error {
	if key == "" {
		return errors.New("note: no question")
	}
	if len(note) > MaxNoteLen || !utf8.ValidString(note) {
		return fmt.Errorf("note on %s: longer than %d bytes or not UTF-8", key, MaxNoteLen)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bNotes)
		if err != nil {
			return err
		}
		if strings.TrimSpace(note) == "" {
			err = b.Delete([]byte(key))
		} else {
			err = b.Put([]byte(key), []byte(note))
		}
		if err != nil {
			return err
		}
		return s.hook("note")
	})
	if err != nil {
		return fmt.Errorf("note on %s: %w", key, err)
	}
	return nil
}

// Notes returns every note, by question key.
func (s *Store) Notes() (map[string]string, error) {
	out := map[string]string{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bNotes)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			out[string(k)] = string(v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return out, nil
}

// MasterMistake marks an open entry of the mistake book mastered by hand
// at at, in one transaction. The entry reopens on the next wrong answer,
// as one mastered by answering does. An entry already mastered is left as
// it is; a question not in the book is an error.
func (s *Store) MasterMistake(key string, at time.Time) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bMistakes)
		v := b.Get([]byte(key))
		if v == nil {
			return errors.New("not in the mistake book")
		}
		var m Mistake
		if err := json.Unmarshal(v, &m); err != nil {
			return err
		}
		if m.Mastered {
			return nil
		}
		if err := putEdit(tx, key, editMastered, at); err != nil {
			return err
		}
		masterBy(&m, at)
		nv, err := json.Marshal(m)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(key), nv); err != nil {
			return err
		}
		return s.hook("mistake")
	})
	if err != nil {
		return fmt.Errorf("master mistake %s: %w", key, err)
	}
	return nil
}

// RemoveMistakes takes entries out of the mistake book, all in one
// transaction (keys not in the book are skipped). The answers stay in the
// log; a later wrong answer puts the question back in the book.
func (s *Store) RemoveMistakes(keys []string, at time.Time) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bMistakes)
		for _, k := range keys {
			if b.Get([]byte(k)) == nil {
				continue
			}
			if err := putEdit(tx, k, editRemoved, at); err != nil {
				return err
			}
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
			if err := s.hook("mistake"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove mistakes: %w", err)
	}
	return nil
}

func masterBy(m *Mistake, at time.Time) {
	m.Mastered, m.MasteredAt = true, at.UTC().Round(0)
}

func putEdit(tx *bolt.Tx, key, op string, at time.Time) error {
	v, err := json.Marshal(mistakeEdit{Op: op, At: at.UTC().Round(0)})
	if err != nil {
		return err
	}
	b, err := tx.CreateBucketIfNotExists(bMistakeEdits)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), v)
}

// replayMistakeEdits applies the edits made by hand to a mistake book just
// rebuilt from the log: an edit stands unless the question was answered
// wrong after it.
func replayMistakeEdits(w *writer) error {
	b := w.tx.Bucket(bMistakeEdits)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		var e mistakeEdit
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("mistake edit %s: %w", k, err)
		}
		old := w.get(bMistakes, k)
		if old == nil {
			return nil
		}
		var m Mistake
		if err := json.Unmarshal(old, &m); err != nil {
			return fmt.Errorf("mistake %s: %w", k, err)
		}
		if m.LastWrongAt.After(e.At) {
			return nil
		}
		switch e.Op {
		case editRemoved:
			return w.del(bMistakes, clone(k))
		case editMastered:
			if m.Mastered {
				return nil
			}
			masterBy(&m, e.At)
			nv, err := json.Marshal(m)
			if err != nil {
				return err
			}
			return w.put(bMistakes, clone(k), nv)
		}
		return fmt.Errorf("mistake edit %s: unknown op %q", k, e.Op)
	})
}
