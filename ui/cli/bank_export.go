package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer"
)

// newBankExportCmd is `shuati bank export`: the banks (all, or one) to
// stdout in one of importer.Formats.
func (e *env) newBankExportCmd() *cobra.Command {
	var name, format string
	cmd := &cobra.Command{
		Use:   "export [--bank NAME] [--format jsonl|md|csv|anki]",
		Short: e.t("cli.bank_export.short"),
		Args:  e.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(importer.Formats, format) {
				return e.cmdErrorf(cmd, "cli.err.format", format, strings.Join(importer.Formats, ", "))
			}
			banks, err := e.peekBanks()
			if err != nil {
				return err
			}
			if name != "" {
				b, err := e.findBank(banks, name)
				if err != nil {
					return e.cmdError(cmd, err)
				}
				banks = []*bank.Bank{b}
			}
			return importer.WriteFormat(e.Stdout, format, banks...)
		},
	}
	cmd.Flags().StringVar(&name, "bank", "", e.t("cli.flag.bank"))
	cmd.Flags().StringVar(&format, "format", "jsonl", e.t("cli.flag.format"))
	e.completeBank(cmd)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(importer.Formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
