package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

// The learner's own banks (shuati import) live in their own bucket, created
// by the first import:
//
//	userbanks  bank name → userBankRecord (JSON): the bank with its IDs
//
// The stored bank is also the ID map of the next import of the same name:
// the importer keeps the IDs of unchanged and lightly edited questions (see
// importer.AssignIDs), so their history survives re-importing an edited
// file. Learner state (cards, log, mistakes) is keyed by "bank/id" as for
// the built-in banks and is not touched by import or delete.
var bUserBanks = []byte("userbanks")

// userBankVersion is the record layout version.
const userBankVersion = 1

// ErrNoUserBank is returned for a user bank name that is not stored.
var ErrNoUserBank = errors.New("no such imported bank")

type userBankRecord struct {
	Version  int        `json:"version"`
	File     string     `json:"file"`     // the file it was imported from
	Imported time.Time  `json:"imported"` // when
	Bank     *bank.Bank `json:"bank"`
}

// UserBankInfo describes one stored user bank.
type UserBankInfo struct {
	Name      string
	Title     string
	File      string
	Imported  time.Time
	Questions int
	ByType    map[bank.Type]int
}

// SaveUserBank stores b under its name, replacing an earlier import of the
// same name, in one write transaction. file is the path it was imported
// from (for `bank list`), at the time of the import.
func (s *Store) SaveUserBank(b *bank.Bank, file string, at time.Time) error {
	if b == nil || b.Name == "" {
		return errors.New("save user bank: no bank name")
	}
	v, err := json.Marshal(userBankRecord{Version: userBankVersion, File: file, Imported: at.UTC(), Bank: b})
	if err != nil {
		return fmt.Errorf("save user bank %s: %w", b.Name, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(bUserBanks)
		if err != nil {
			return err
		}
		return bk.Put([]byte(b.Name), v)
	})
	if err != nil {
		return fmt.Errorf("save user bank %s in %s: %w", b.Name, s.path, err)
	}
	return nil
}

// UserBank loads the stored bank of that name; ok is false when there is
// none.
func (s *Store) UserBank(name string) (b *bank.Bank, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil {
			return nil
		}
		v := bk.Get([]byte(name))
		if v == nil {
			return nil
		}
		rec, err := decodeUserBank(v)
		if err != nil {
			return err
		}
		b, ok = rec.Bank, true
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("user bank %s: %w", name, err)
	}
	return b, ok, nil
}

// UserBanks loads every stored user bank, sorted by name.
func (s *Store) UserBanks() ([]*bank.Bank, error) {
	var out []*bank.Bank
	err := s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			rec, err := decodeUserBank(v)
			if err != nil {
				return fmt.Errorf("user bank %s: %w", k, err)
			}
			out = append(out, rec.Bank)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListUserBanks describes the stored user banks, sorted by name.
func (s *Store) ListUserBanks() ([]UserBankInfo, error) {
	var out []UserBankInfo
	err := s.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil {
			return nil
		}
		return bk.ForEach(func(k, v []byte) error {
			rec, err := decodeUserBank(v)
			if err != nil {
				return fmt.Errorf("user bank %s: %w", k, err)
			}
			info := UserBankInfo{Name: rec.Bank.Name, Title: rec.Bank.Title, File: rec.File, Imported: rec.Imported,
				Questions: len(rec.Bank.Questions), ByType: map[bank.Type]int{}}
			for _, q := range rec.Bank.Questions {
				info.ByType[q.Type]++
			}
			out = append(out, info)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// DeleteUserBank removes a stored user bank. The learner's history of its
// questions stays in the database, so importing the bank again brings it
// back. It returns an error wrapping ErrNoUserBank if there is no such bank.
func (s *Store) DeleteUserBank(name string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bUserBanks)
		if bk == nil || bk.Get([]byte(name)) == nil {
			return ErrNoUserBank
		}
		return bk.Delete([]byte(name))
	})
	if err != nil {
		return fmt.Errorf("delete user bank %s: %w", name, err)
	}
	return nil
}

// decodeUserBank reads a stored record. Every text field goes through
// bank.Sanitize again, so a tampered database cannot reach the terminal.
func decodeUserBank(v []byte) (*userBankRecord, error) {
	var rec userBankRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if rec.Version > userBankVersion {
		return nil, fmt.Errorf("%w: user bank record version %d", ErrNewer, rec.Version)
	}
	if rec.Bank == nil || rec.Bank.Name == "" {
		return nil, fmt.Errorf("%w: user bank record without a bank", ErrDamaged)
	}
	b := rec.Bank
	b.Name, b.Title, b.Source = bank.Sanitize(b.Name), bank.Sanitize(b.Title), bank.Sanitize(b.Source)
	rec.File = bank.Sanitize(rec.File)
	for _, q := range b.Questions {
		if q == nil {
			return nil, fmt.Errorf("%w: user bank %s holds an empty question", ErrDamaged, b.Name)
		}
		q.Bank = b.Name
		q.ID, q.Section, q.Source = bank.Sanitize(q.ID), bank.Sanitize(q.Section), bank.Sanitize(q.Source)
		q.Stem, q.Explanation = bank.Sanitize(q.Stem), bank.Sanitize(q.Explanation)
		for i := range q.Options {
			q.Options[i].Key, q.Options[i].Text = bank.Sanitize(q.Options[i].Key), bank.Sanitize(q.Options[i].Text)
		}
		for i := range q.Tags {
			q.Tags[i] = bank.Sanitize(q.Tags[i])
		}
		sanitizeAnswer(q.Answer)
		for i := range q.Parts {
			q.Parts[i].Stem = bank.Sanitize(q.Parts[i].Stem)
			sanitizeAnswer(q.Parts[i].Answer)
		}
	}
	return &rec, nil
}

func sanitizeAnswer(a *bank.Answer) {
	if a == nil {
		return
	}
	a.Choices, a.Text = bank.Sanitize(a.Choices), bank.Sanitize(a.Text)
	for _, alts := range a.Blanks {
		for i := range alts {
			alts[i] = bank.Sanitize(alts[i])
		}
	}
}
