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
			path, err := e.dbPath()
			if err != nil {
				return err
			}
			// Never a writing open: a backup is taken beside a running
			// TUI, and with no database there is nothing to copy.
			st, err := e.openReading()
			if err != nil {
				return err
			}
			if st == nil {
				return e.cmdErrorf(cmd, "cli.err.no_database", path)
			}
			err = st.Backup(dest)
			if cerr := st.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return e.cmdError(cmd, err)
			}
			fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.backup.done", dest)))
			return nil
		},
	}
}
