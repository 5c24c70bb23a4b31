package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer"
)

// newBankRenameCmd is `shuati bank rename OLD NEW`: an imported bank takes
// a new name, and its review history, mistakes, stars and exams follow
// (see store.RenameUserBank).
func (e *env) newBankRenameCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rename OLD NEW",
		Short: e.t("cli.bank_rename.short"),
		Args:  e.exactArgs(2, "OLD NEW"),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			old, newName := args[0], args[1]
			if err := e.refuseBuiltin(old); err != nil {
				return e.cmdError(cmd, err)
			}
			if err := e.refuseBuiltin(newName); err != nil {
				return e.cmdErrorf(cmd, "cli.err.reserved_rename", newName)
			}
			if !importer.ValidName(newName) {
				return e.cmdErrorf(cmd, "cli.err.bad_name", newName)
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
			if err := st.RenameUserBank(old, newName); err != nil {
				return e.cmdError(cmd, e.userBankError(st, err, old, newName))
			}
			_, err = fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.bank_rename.done", old, newName)))
			return err
		},
	}
}
