package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
)

// newBackupCmd is `shuati backup PATH`: a consistent copy of the database,
// never over an existing file.
func (e *env) newBackupCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "backup PATH",
		Short: e.t("cli.backup.short"),
		Long:  e.t("cli.backup.long"),
		Args:  e.exactArgs(1, "PATH"),
		RunE: func(cmd *cobra.Command, args []string) error {
			dest := args[0]
			if _, err := os.Stat(dest); err == nil {
				return e.cmdErrorf(cmd, "cli.err.exists", dest)
			}
			st, err := e.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Backup(dest); err != nil {
				return e.cmdError(cmd, err)
			}
			fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.backup.done", dest)))
			return nil
		},
	}
}
