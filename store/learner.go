package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// The learner's own edits, kept beside the derived data: notes on
// questions, and the mistake-book entries mastered or removed by hand.
// The buckets came after schema 3 without a migration: they are made by
// the first write that needs them, and a file without them reads as empty.
//
//	notes         question key → the note (UTF-8 text)
//	mistakeedits  question key, 0, time (8 bytes BE, unix ns), op ('m' or 'r') → mistakeEdit (JSON);
//	              the first shuati with edits keyed them by question key alone (one edit each),
//	              read alike and re-keyed by the next sync
//
// Every edit is kept: the mistake book is the replay of the log's answers
// and these edits together, in order (an edit after the log lines keyed
// before its time; see syncedits.go), by Rebuild
// and by sync alike, and a sync sends both to the other devices.
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
		at = editTime(tx, key, at)
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
			if err := putEdit(tx, k, editRemoved, editTime(tx, k, at)); err != nil {
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
	at = at.UTC().Round(0)
	v, err := json.Marshal(mistakeEdit{Op: op, At: at})
	if err != nil {
		return err
	}
	b, err := tx.CreateBucketIfNotExists(bMistakeEdits)
	if err != nil {
		return err
	}
	return b.Put(editKey(key, at.UnixNano(), op), v)
}

// editTime is when an edit made at at counts: not before the question's
// last line in the log (its key, a time at or after the answer's), so
// that replaying the log and the edits in order gives the book the learner
// saw (a clock set back cannot reorder them). Answers recorded later get
// later keys.
func editTime(tx *bolt.Tx, key string, at time.Time) time.Time {
	pfx := append([]byte(key), 0)
	c := tx.Bucket(bLogIdx).Cursor()
	k, _ := c.Seek(append(append([]byte(nil), pfx...), 0xff))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, pfx) {
		return at
	}
	if last := time.Unix(0, int64(binary.BigEndian.Uint64(k[len(pfx):]))); last.After(at) {
		return last
	}
	return at
}
