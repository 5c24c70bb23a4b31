package cli

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// newRebuildCmd is `shuati rebuild [--force]`: every memory state, the
// wrong-answer book and the counters replayed from the review log, after a
// backup of the database beside it. It refuses to leave less than the
// database counted unless --force.
func (e *env) newRebuildCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "rebuild [--force]",
		Short: e.t("cli.rebuild.short"),
		Long:  e.t("cli.rebuild.long"),
		Args:  e.noArgs,
		RunE: func(*cobra.Command, []string) error {
			path, err := e.dbPath()
			if err != nil {
				return err
			}
			// A writing open would create a missing database.
			if _, err := os.Stat(path); os.IsNotExist(err) {
				return e.errorf("cli.err.no_database", path)
			}
			start := time.Now()
			r, err := store.RebuildFile(path, store.RebuildOptions{Force: force})
			if err != nil {
				return err
			}
			fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.rebuild.done", path, time.Since(start).Round(time.Millisecond))))
			fmt.Fprintln(e.Stdout, bank.Sanitize(e.t("cli.rebuild.backup", r.Backup)))
			fmt.Fprintln(e.Stdout, e.t("cli.rebuild.before", e.countsText(r.Before)))
			fmt.Fprintln(e.Stdout, e.t("cli.rebuild.after", e.countsText(r.After)))
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, e.t("cli.flag.force"))
	return cmd
}

// countsText is "reviews 12, cards 8, mistakes 3"; "?" for a figure that
// could not be read.
func (e *env) countsText(c store.Counts) string {
	figure := func(n int) string {
		if n < 0 {
			return "?"
		}
		return strconv.Itoa(n)
	}
	return e.t("cli.rebuild.counts", figure(c.Reviews), figure(c.Cards), figure(c.Mistakes))
}
