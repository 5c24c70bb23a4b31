package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// newBankCmd is `shuati bank list|export|check|remove|rename`.
func (e *env) newBankCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bank list | export [--bank NAME] [--format jsonl|md|csv|anki] | check FILE | remove NAME [--yes] | rename OLD NEW",
		Short: e.t("cli.bank.short"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return e.usageErrorf(cmd, "cli.err.no_subcommand")
			case args[0] == "help":
				fmt.Fprint(e.Stdout, e.help(cmd))
				return nil
			}
			return e.usageErrorf(cmd, "cli.err.unknown_subcommand", args[0])
		},
	}
	cmd.AddCommand(e.newBankListCmd(), e.newBankExportCmd(), e.newBankCheckCmd(), e.newBankRemoveCmd(), e.newBankRenameCmd())
	return cmd
}
