package cli

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// newBankRemoveCmd is `shuati bank remove NAME [--yes]`: an imported bank
// out of the database. Its review history stays, so importing it again
// under the same name brings it back. On a terminal it asks first; in a
// script (stdin not a terminal) it wants --yes.
func (e *env) newBankRemoveCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "remove NAME [--yes]",
		Short: e.t("cli.bank_remove.short"),
		Args:  e.exactArgs(1, "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.runBankRemove(cmd, args[0], yes)
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, e.t("cli.flag.yes"))
	return cmd
}

func (e *env) runBankRemove(cmd *cobra.Command, name string, yes bool) (err error) {
	if err := e.refuseBuiltin(name); err != nil {
		return e.cmdError(cmd, err)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); err == nil {
			err = cerr
		}
	}()
	info, err := e.userBankInfo(st, name)
	if err != nil {
		return e.cmdError(cmd, err)
	}
	if !yes {
		if !term.IsTerminal(e.Stdin.Fd()) {
			return e.cmdErrorf(cmd, "cli.err.confirm_tty", name)
		}
		fmt.Fprint(e.Stderr, bank.Sanitize(e.t("cli.bank_remove.confirm", name, info.Questions, info.File)))
		line, _ := bufio.NewReader(e.Stdin).ReadString('\n')
		if !confirmed(line) {
			return e.cmdErrorf(cmd, "cli.bank_remove.cancelled", name)
		}
	}
	if err := st.DeleteUserBank(name); err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.bank_remove.done", name)))
	return err
}

// confirmed reports whether a typed answer to a [y/N] question is yes.
func confirmed(answer string) bool {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes", "是", "好":
		return true
	}
	return false
}

// refuseBuiltin is an error when name is a built-in bank's.
func (e *env) refuseBuiltin(name string) error {
	builtin, err := e.builtinNames()
	if err != nil {
		return err
	}
	if slices.Contains(builtin, name) {
		return e.errorf("cli.err.builtin_bank", name)
	}
	return nil
}

// userBankInfo describes the imported bank name, or is an error listing
// the imported banks.
func (e *env) userBankInfo(st *store.Store, name string) (store.UserBankInfo, error) {
	list, err := st.ListUserBanks()
	if err != nil {
		return store.UserBankInfo{}, err
	}
	names := make([]string, len(list))
	for i, info := range list {
		if info.Name == name {
			return info, nil
		}
		names[i] = info.Name
	}
	return store.UserBankInfo{}, e.noUserBank(name, names)
}

func (e *env) noUserBank(name string, names []string) error {
	if len(names) == 0 {
		return e.errorf("cli.err.no_user_banks", name)
	}
	return e.errorf("cli.err.no_user_bank", name, strings.Join(names, ", "))
}

// userBankError words the store's refusals of a bank operation.
func (e *env) userBankError(st *store.Store, err error, name, newName string) error {
	switch {
	case errors.Is(err, store.ErrNoUserBank):
		_, lerr := e.userBankInfo(st, name)
		if lerr != nil {
			return lerr
		}
	case errors.Is(err, store.ErrBankExists):
		return e.errorf("cli.err.bank_exists", newName)
	case errors.Is(err, store.ErrNameHasHistory):
		return e.errorf("cli.err.name_history", newName)
	}
	return err
}
