package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// newCheckCmd is `shuati check [--json]`: a full consistency check of the
// database, which it never writes: exit 0 when nothing is wrong, else the
// problems and what repairs them, exit 1.
func (e *env) newCheckCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check [--json]",
		Short: e.t("cli.check.short"),
		Long:  e.t("cli.check.long"),
		Args:  e.noArgs,
		RunE: func(*cobra.Command, []string) error {
			path, err := e.dbPath()
			if err != nil {
				return err
			}
			r, err := store.Check(path)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(e.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(r); err != nil {
					return err
				}
			} else if r.OK() {
				fmt.Fprintln(e.Stdout, e.t("cli.check.ok", r.Reviews, r.Cards, r.Mistakes))
			} else {
				for _, p := range r.Problems {
					fmt.Fprintln(e.Stdout, bank.Sanitize(p.String()))
				}
			}
			switch {
			case r.OK():
				return nil
			case r.RebuildRepairs():
				return e.errorf("cli.check.rebuild_repairs", path, len(r.Problems))
			default:
				return e.errorf("cli.check.restore", path, len(r.Problems))
			}
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, e.t("cli.flag.check_json"))
	return cmd
}
