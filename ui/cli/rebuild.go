package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
)

// newRebuildCmd is `shuati rebuild`: every memory state, the wrong-answer
// book and the counters replayed from the review log.
func (e *env) newRebuildCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rebuild",
		Short: e.t("cli.rebuild.short"),
		Long:  e.t("cli.rebuild.long"),
		Args:  e.noArgs,
		RunE: func(*cobra.Command, []string) error {
			st, err := e.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			if err := st.Rebuild(); err != nil {
				return err
			}
			fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.rebuild.done", st.Path(), time.Since(start).Round(time.Millisecond))))
			return st.Close()
		},
	}
}
