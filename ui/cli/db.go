package cli

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// dbPath is the database named by --db, $SHUATI_DB or the default path.
func (e *env) dbPath() (string, error) {
	if e.db != "" {
		return e.db, nil
	}
	if p := e.Getenv("SHUATI_DB"); p != "" {
		return p, nil
	}
	return store.DefaultPath()
}

// openStore opens the database at dbPath.
func (e *env) openStore() (*store.Store, error) {
	path, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	return store.Open(path)
}

// openWithBanks opens the database and gives the banks: the built-in ones
// and those imported into it. The caller closes the store.
func (e *env) openWithBanks() (*store.Store, []*bank.Bank, error) {
	st, err := e.openStore()
	if err != nil {
		return nil, nil, err
	}
	banks, err := e.loadBanks(st)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, banks, nil
}

// loadBanks gives the built-in banks followed by those imported into st.
func (e *env) loadBanks(st *store.Store) ([]*bank.Bank, error) {
	banks, err := e.Banks()
	if err != nil {
		return nil, err
	}
	user, err := st.UserBanks()
	if err != nil {
		return nil, err
	}
	return append(banks, user...), nil
}

// peekBanks is loadBanks for the commands that need the database only for
// the imported banks (bank list, bank export): with no database there are
// none, and while a TUI holds the database the built-in banks are still
// listed, with a warning.
func (e *env) peekBanks() ([]*bank.Bank, error) {
	st, err := e.peekStore("cli.warn.locked")
	if err != nil {
		return nil, err
	}
	if st == nil {
		return e.Banks()
	}
	defer st.Close()
	return e.loadBanks(st)
}

// peekStore opens the database for a command that can do without it: nil
// when there is none (it is not created) or another shuati holds it; then
// the warning warn says so.
func (e *env) peekStore(warn string) (*store.Store, error) {
	path, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	st, err := store.Open(path)
	if errors.Is(err, store.ErrLocked) {
		fmt.Fprintln(e.Stderr, "shuati: "+bank.Sanitize(e.t(warn, err)))
		return nil, nil
	}
	return st, err
}

// findBank returns the bank called name, or an error listing the banks.
func (e *env) findBank(banks []*bank.Bank, name string) (*bank.Bank, error) {
	names := make([]string, 0, len(banks))
	for _, b := range banks {
		if b.Name == name {
			return b, nil
		}
		names = append(names, b.Name)
	}
	sort.Strings(names)
	return nil, e.errorf("cli.err.no_bank", name, strings.Join(names, ", "))
}

// bankNames completes --bank with the built-in banks. Imported ones are
// left out: a completion must not wait on a database a TUI holds.
func (e *env) bankNames() []string {
	banks, err := e.Banks()
	if err != nil {
		return nil
	}
	names := make([]string, len(banks))
	for i, b := range banks {
		names[i] = b.Name
	}
	return names
}
