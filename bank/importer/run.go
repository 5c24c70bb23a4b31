package importer

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shuati/shuati/bank"
)

// Store is what RunImport needs of the database (store.Store has it).
type Store interface {
	UserBank(name string) (*bank.Bank, bool, error)
	SaveUserBank(b *bank.Bank, file string, at time.Time) error
}

// RunImport is `shuati import FILE [--name NAME] [--dry-run]`: it reads the
// file, imports it (keeping the IDs of the previous import of the same bank
// name, if st holds one), prints the report to out in opts.Lang, and —
// unless dryRun, which prints the questions in the bank format instead —
// stores the bank in one transaction. reserved are names it must not take
// (the built-in banks). st may be nil with dryRun.
//
// The error is for the user (exit code 1): an unreadable file, a bank-format
// file with errors (FILE:LINE: message lines), a bad or reserved name, a
// file with no question in it.
func RunImport(st Store, file string, opts Options, dryRun bool, reserved []string, out io.Writer, now time.Time) (*bank.Bank, *Report, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	b, rep, err := Import(file, data, opts)
	if err != nil {
		if rep != nil && b != nil {
			_ = rep.WriteLang(out, opts.Lang)
		}
		return nil, rep, err
	}
	for _, r := range reserved {
		if b.Name == r {
			return nil, rep, fmt.Errorf("bank name %q belongs to a built-in bank; choose another with --name", b.Name)
		}
	}
	if st != nil && rep.Kind != KindBank {
		prev, ok, err := st.UserBank(b.Name)
		if err != nil {
			return nil, rep, err
		}
		if ok {
			opts.Previous = prev
			opts.Name = b.Name
			if b, rep, err = Import(file, data, opts); err != nil {
				return nil, rep, err
			}
		}
	}
	if err := rep.WriteLang(out, opts.Lang); err != nil {
		return nil, rep, err
	}
	if dryRun {
		// The learner checks what would be stored: the questions as the
		// bank format writes them.
		if _, err := fmt.Fprintln(out, "\n"+Note{Code: "report.questions"}.Format(opts.Lang)); err != nil {
			return b, rep, err
		}
		if err := bank.WriteBankFormat(out, b); err != nil {
			return b, rep, err
		}
		_, err := fmt.Fprintln(out, "\n"+Note{Code: "report.dryrun"}.Format(opts.Lang))
		return b, rep, err
	}
	if st == nil {
		return nil, rep, fmt.Errorf("no database to store bank %s in", b.Name)
	}
	if err := st.SaveUserBank(b, file, now); err != nil {
		return nil, rep, err
	}
	_, err = fmt.Fprintln(out, Note{Code: "report.stored", Args: []any{b.Name, len(b.Questions)}}.Format(opts.Lang))
	return b, rep, err
}

// Formats WriteFormat knows, for `shuati bank export --format F`.
var Formats = []string{"jsonl", "md", "csv", "anki"}

// WriteFormat writes banks in one of Formats: jsonl (bank.WriteJSONL), md
// (the bank text format, bank.WriteBankFormat, banks one after another),
// csv (WriteCSV) or anki (WriteAnki).
func WriteFormat(w io.Writer, format string, banks ...*bank.Bank) error {
	switch format {
	case "jsonl":
		return bank.WriteJSONL(w, banks...)
	case "md":
		for i, b := range banks {
			if i > 0 {
				if _, err := io.WriteString(w, "\n"); err != nil {
					return err
				}
			}
			if err := bank.WriteBankFormat(w, b); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		return WriteCSV(w, banks...)
	case "anki":
		return WriteAnki(w, banks...)
	}
	return fmt.Errorf("unknown format %q (want jsonl, md, csv or anki)", format)
}
