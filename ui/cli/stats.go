package cli

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui"
)

// newStatsCmd is `shuati stats [--json]`: the TUI's stats screen on a
// terminal; into a pipe, or with --json, the figures as text.
func (e *env) newStatsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats [--json]",
		Short: e.t("cli.stats.short"),
		Long:  e.t("cli.stats.long"),
		Args:  e.noArgs,
		RunE: func(*cobra.Command, []string) error {
			if !asJSON && e.isTerminal() {
				return e.runTUI(ui.Config{Start: "stats"})
			}
			return e.printStats(asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, e.t("cli.flag.stats_json"))
	return cmd
}

func (e *env) printStats(asJSON bool) error {
	stats, err := e.readStats()
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(stats)
	}
	rows := [][]string{
		{e.t("cli.stats.reviews"), strconv.Itoa(stats.Reviews)},
		{e.t("cli.stats.reviews_today"), strconv.Itoa(stats.ReviewsToday)},
		{e.t("cli.stats.due"), strconv.Itoa(stats.Due)},
		{e.t("cli.stats.learning"), strconv.Itoa(stats.Learning)},
		{e.t("cli.stats.new"), strconv.Itoa(stats.New)},
		{e.t("cli.stats.mistakes_open"), strconv.Itoa(stats.MistakesOpen)},
		{e.t("cli.stats.mistakes_total"), strconv.Itoa(stats.MistakesTotal)},
		{e.t("cli.stats.retention"), e.retentionText(stats)},
		{e.t("cli.stats.streak"), e.t("cli.stats.days", stats.Streak)},
	}
	for _, t := range bank.Types {
		if ts, ok := stats.ByType[string(t)]; ok && ts.Answered > 0 {
			rows = append(rows, []string{e.lang.TypeLabel(string(t)), e.t("cli.stats.by_type", ts.Answered, ts.Correct)})
		}
	}
	writeTable(e.Stdout, rows)
	return nil
}

// readStats reads the figures without writing, the store closed before
// they are printed; with no database yet, those of an empty one.
func (e *env) readStats() (store.Stats, error) {
	st, banks, err := e.readWithBanks()
	if err != nil {
		return store.Stats{}, err
	}
	keys := questionKeys(banks)
	if st == nil {
		return emptyStats(keys), nil
	}
	stats, err := st.Stats(time.Now(), keys)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return stats, err
}

// emptyStats are the figures of a database with no answer yet: every
// question of keys is new.
func emptyStats(keys []string) store.Stats {
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		seen[k] = true
	}
	return store.Stats{New: len(seen), ByType: map[string]store.TypeStats{}, BySection: map[string]store.TypeStats{}, PerDay: map[string]int{}}
}

// retentionText is the true retention with what it rests on, or "-" before
// any review of a card in review state.
func (e *env) retentionText(st store.Stats) string {
	if st.RetentionReviews == 0 {
		return "-"
	}
	return e.t("cli.stats.retention_of", 100*st.TrueRetention, st.RetentionReviews)
}

// questionKeys are the keys of every question of the banks, in bank order.
func questionKeys(banks []*bank.Bank) []string {
	var keys []string
	for _, b := range banks {
		for _, q := range b.Questions {
			keys = append(keys, q.Key())
		}
	}
	return keys
}
