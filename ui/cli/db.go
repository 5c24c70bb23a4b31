package cli

import (
	"errors"
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

// openReading opens the database for a command that only reads: it never
// writes, and works beside a running TUI and on a file the user may only
// read. With no database yet it gives a nil store and no error. An older
// layout is upgraded once by a writing open, then read.
func (e *env) openReading() (*store.Store, error) {
	path, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	st, err := store.OpenReadOnly(path)
	if errors.Is(err, store.ErrOldSchema) {
		w, werr := store.Open(path)
		if werr != nil {
			return nil, werr
		}
		if werr := w.Close(); werr != nil {
			return nil, werr
		}
		st, err = store.OpenReadOnly(path)
	}
	switch {
	case errors.Is(err, store.ErrNoDatabase):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return st, nil
}

// readWithBanks is openReading with the banks: the built-in ones and those
// imported into the database. The store is nil when there is no database
// yet; else the caller closes it.
func (e *env) readWithBanks() (*store.Store, []*bank.Bank, error) {
	st, err := e.openReading()
	if err != nil || st == nil {
		if err != nil {
			return nil, nil, err
		}
		banks, err := e.Banks()
		return nil, banks, err
	}
	banks, err := e.loadBanks(st)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, banks, nil
}

// peekBanks is readWithBanks for the commands that need the database only
// for the imported banks (bank list, bank export).
func (e *env) peekBanks() ([]*bank.Bank, error) {
	st, banks, err := e.readWithBanks()
	if err != nil || st == nil {
		return banks, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	return banks, nil
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

// closeStore closes a store openReading gave, which is nil when there is no
// database yet.
func closeStore(st *store.Store) error {
	if st == nil {
		return nil
	}
	return st.Close()
}
