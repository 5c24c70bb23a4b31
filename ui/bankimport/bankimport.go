// Package bankimport is the one way a file becomes a stored bank, shared
// by the command line (shuati import) and the TUI's import screen: read
// the file, import it (keeping the question IDs of an earlier import of
// the same name), refuse a built-in bank's name, notice the same questions
// stored under another name, and store the bank with the digest of its
// questions in one transaction.
//
// Load reads and recognises; it stores nothing, so what it returns is the
// preview a learner checks (import --dry-run, the import screen) before
// Save stores it.
package bankimport

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer"
)

// MaxFileSize is the largest file Load reads. The largest real 题库 are a
// few MB; a bigger file is almost surely not one, and reading it whole
// would only cost memory.
const MaxFileSize = 256 << 20

// Store is what an import needs of the database (store.Store has it).
type Store interface {
	UserBank(name string) (*bank.Bank, bool, error)
	UserBanksByDigest(digest string) ([]string, error)
	SaveImportedBank(b *bank.Bank, file, digest string, at time.Time) error
}

// Preview is a file read and recognised, not yet stored.
type Preview struct {
	File   string // as given
	Bank   *bank.Bank
	Report *importer.Report
	Digest string // of the questions (Digest)
	// Replaces is set when a bank of this name is stored already: saving
	// replaces it (question IDs kept as AssignIDs says).
	Replaces bool
	// SameAs names the other stored banks holding the same questions.
	SameAs []string
}

// ReservedError is a bank name that belongs to a built-in bank.
type ReservedError struct{ Name string }

func (e *ReservedError) Error() string {
	return fmt.Sprintf("bank name %q belongs to a built-in bank", e.Name)
}

// Load reads file and imports it with opts. reserved are the names it must
// not take (the built-in banks). st may be nil (a dry run without a
// database): then no ID of an earlier import is kept and no twin is found.
// The error names the file: unreadable, not a regular file, too big, of a
// kind the importer does not read, or with no question in it; a
// *ReservedError for a built-in bank's name. With an error, the report is
// returned too when there is something in it to show (a file with no
// question: the lines that were not placed).
func Load(st Store, file string, opts importer.Options, reserved []string) (*Preview, *importer.Report, error) {
	data, err := readFile(file)
	if err != nil {
		return nil, nil, err
	}
	b, rep, err := importer.ImportString(file, data, opts)
	if err != nil {
		if b == nil {
			rep = nil // nothing was recognised to report on
		}
		return nil, rep, err
	}
	for _, r := range reserved {
		if b.Name == r {
			return nil, rep, &ReservedError{Name: b.Name}
		}
	}
	p := &Preview{File: file, Bank: b, Report: rep}
	if st != nil {
		prev, ok, err := st.UserBank(b.Name)
		if err != nil {
			return nil, rep, err
		}
		if ok {
			p.Replaces = true
			if rep.Kind != importer.KindBank { // the bank format carries its own IDs
				opts.Previous, opts.Name = prev, b.Name
				if b, rep, err = importer.ImportString(file, data, opts); err != nil {
					return nil, rep, err
				}
				p.Bank, p.Report = b, rep
			}
		}
	}
	p.Digest = Digest(p.Bank)
	if st != nil {
		names, err := st.UserBanksByDigest(p.Digest)
		if err != nil {
			return nil, rep, err
		}
		for _, n := range names {
			if n != p.Bank.Name {
				p.SameAs = append(p.SameAs, n)
			}
		}
	}
	return p, rep, nil
}

// Save stores the previewed bank, with its digest, in one transaction.
func (p *Preview) Save(st Store, at time.Time) error {
	return st.SaveImportedBank(p.Bank, p.File, p.Digest, at)
}

// readFile reads a regular file of at most MaxFileSize bytes into a string
// (a strings.Builder: the importer reads it in place, no second copy). A
// folder, a device or a pipe is refused before anything is read from it,
// so a typed /dev/zero cannot hang or fill memory.
func readFile(file string) (string, error) {
	// Stat before opening: opening a named pipe waits for a writer.
	st, err := os.Stat(file)
	if err != nil {
		return "", err
	}
	switch {
	case st.IsDir():
		return "", &importer.Error{Code: "file.folder", Args: []any{file}}
	case !st.Mode().IsRegular():
		return "", &importer.Error{Code: "file.not-regular", Args: []any{file}}
	case st.Size() > MaxFileSize:
		return "", &importer.Error{Code: "file.too-big", Args: []any{file, st.Size() >> 20, MaxFileSize >> 20}}
	}
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var data strings.Builder
	data.Grow(int(st.Size()) + 1) // +1: room to see the end without growing
	if _, err := io.Copy(&data, io.LimitReader(f, MaxFileSize+1)); err != nil {
		return "", &importer.Error{Code: "file.read", Args: []any{file}, Err: err}
	}
	if data.Len() > MaxFileSize {
		return "", &importer.Error{Code: "file.grew", Args: []any{file, MaxFileSize >> 20}}
	}
	return data.String(), nil
}

// Digest is the SHA-256 of b's questions written in the bank format
// without the bank's name, title and source and without the question IDs:
// two imports of the same questions, from the same file or another one,
// under any name, have the same digest.
func Digest(b *bank.Bank) string {
	bare := &bank.Bank{Questions: make([]*bank.Question, len(b.Questions))}
	for i, q := range b.Questions {
		c := *q
		c.ID, c.Bank, c.Source, c.Line = "", "", "", 0
		bare.Questions[i] = &c
	}
	h := sha256.New()
	if err := bank.WriteBankFormat(h, bare); err != nil {
		panic(err) // a hash never fails to write
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// IsReserved reports whether err is a *ReservedError, and its name.
func IsReserved(err error) (string, bool) {
	var r *ReservedError
	if errors.As(err, &r) {
		return r.Name, true
	}
	return "", false
}
