package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
)

// newBankCheckCmd is `shuati bank check FILE`: the file parsed strictly;
// its errors as FILE:LINE: message lines (exit 1), or a line saying what it
// holds.
func (e *env) newBankCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE",
		Short: e.t("cli.bank_check.short"),
		Args:  e.exactArgs(1, "FILE"),
		RunE: func(_ *cobra.Command, args []string) error {
			file := args[0]
			data, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			b, err := bank.ParseBytes(file, data, bank.ParseOptions{Strict: true})
			if err != nil {
				return err
			}
			counts := map[bank.Type]int{}
			for _, q := range b.Questions {
				counts[q.Type]++
			}
			var parts []string
			for _, t := range bank.Types {
				if counts[t] > 0 {
					parts = append(parts, e.t("cli.bank_check.count", counts[t], e.lang.TypeLabel(string(t))))
				}
			}
			detail := ""
			if len(parts) > 0 {
				detail = e.t("cli.bank_check.detail", strings.Join(parts, e.t("cli.list_sep")))
			}
			fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.bank_check.ok", file, b.Name, len(b.Questions), detail)))
			return nil
		},
	}
}
