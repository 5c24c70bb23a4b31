package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs/optimize"
	"github.com/shuati/shuati/ui"
)

// newFsrsCmd is `shuati fsrs optimize|evaluate|reset`: the FSRS-6 weights
// fitted to the learner's history, judged, or put back to the defaults.
func (e *env) newFsrsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fsrs optimize [--revlog FILE.csv] [--json] [--apply] | evaluate [--revlog FILE.csv] [--json] | reset",
		Short: e.t("cli.fsrs.short"),
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
	cmd.AddCommand(e.newFsrsOptimizeCmd(), e.newFsrsEvaluateCmd(), e.newFsrsResetCmd())
	return cmd
}

func (e *env) newFsrsOptimizeCmd() *cobra.Command {
	var revlog string
	var asJSON, apply bool
	cmd := &cobra.Command{
		Use:   "optimize [--revlog FILE.csv] [--json] [--apply]",
		Short: e.t("cli.fsrs_optimize.short"),
		Long:  e.t("cli.fsrs_optimize.long"),
		Args:  e.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.runOptimize(cmd, revlog, asJSON, apply)
		},
	}
	f := cmd.Flags()
	f.StringVar(&revlog, "revlog", "", e.t("cli.flag.revlog"))
	f.BoolVar(&asJSON, "json", false, e.t("cli.flag.fsrs_json"))
	f.BoolVar(&apply, "apply", false, e.t("cli.flag.apply"))
	return cmd
}

func (e *env) newFsrsEvaluateCmd() *cobra.Command {
	var revlog string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "evaluate [--revlog FILE.csv] [--json]",
		Short: e.t("cli.fsrs_evaluate.short"),
		Args:  e.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.runEvaluate(cmd, revlog, asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&revlog, "revlog", "", e.t("cli.flag.revlog"))
	f.BoolVar(&asJSON, "json", false, e.t("cli.flag.fsrs_json"))
	return cmd
}

func (e *env) newFsrsResetCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "reset",
		Short: e.t("cli.fsrs_reset.short"),
		Args:  e.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := e.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.ResetWeights(time.Now()); err != nil {
				return e.cmdError(cmd, err)
			}
			fmt.Fprintln(e.Stdout, e.t("cli.fsrs.reset"))
			return st.Close()
		},
	}
}

// fitJSON is what `fsrs optimize --json` prints. The figures are null when
// the log leaves nothing to score.
type fitJSON struct {
	Weights         []float64 `json:"weights"`
	Reviews         int       `json:"reviews"`
	Items           int       `json:"items"`
	LogLossDefault  *float64  `json:"log_loss_default"`
	LogLossFitted   *float64  `json:"log_loss_fitted"`
	RMSEBinsDefault *float64  `json:"rmse_bins_default"`
	RMSEBinsFitted  *float64  `json:"rmse_bins_fitted"`
	Seconds         float64   `json:"seconds"`
}

// evalJSON is what `fsrs evaluate --json` prints.
type evalJSON struct {
	Weights  []float64 `json:"weights"`
	Reviews  int       `json:"reviews"`
	Items    int       `json:"items"`
	LogLoss  *float64  `json:"log_loss"`
	RMSEBins *float64  `json:"rmse_bins"`
}

func (e *env) runOptimize(cmd *cobra.Command, revlog string, asJSON, apply bool) error {
	// Only --apply writes: a fit alone reads, beside a running TUI too.
	open := e.openReading
	if apply {
		open = e.openStore
	}
	st, err := open()
	if err != nil {
		return err
	}
	defer closeStore(st)
	log, opt, err := e.fitLog(st, revlog)
	if err != nil {
		return e.cmdError(cmd, err)
	}
	start := time.Now()
	res, err := optimize.Fit(context.Background(), log, opt)
	if err != nil {
		return e.cmdError(cmd, sourceError(revlog, err))
	}
	fit := store.NewFit(res, time.Now(), time.Since(start), revlog)
	if apply {
		if err := st.ApplyWeights(fit); err != nil {
			return e.cmdError(cmd, err)
		}
	}
	if asJSON {
		out := fitJSON{Weights: fit.Weights[:], Reviews: fit.Reviews, Items: fit.Items, Seconds: fit.Seconds}
		if fit.Evaluated {
			out.LogLossDefault, out.LogLossFitted = &fit.LogLossDefault, &fit.LogLossFitted
			out.RMSEBinsDefault, out.RMSEBinsFitted = &fit.RMSEBinsDefault, &fit.RMSEBinsFitted
		}
		if err := json.NewEncoder(e.Stdout).Encode(out); err != nil {
			return err
		}
		return closeStore(st)
	}

	var b strings.Builder
	fmt.Fprintln(&b, e.t("cli.fsrs.fitted", e.sourceName(revlog), fit.Reviews, fit.Items, ui.FormatSeconds(fit.Seconds)))
	if why := ui.ShortfallText(ui.Lang(e.lang), res); why != "" {
		fmt.Fprintln(&b, why)
	}
	if fit.Evaluated {
		b.WriteString("\n")
		writeTable(&b, [][]string{
			{"", e.t("cli.fsrs.col_default"), e.t("cli.fsrs.col_fitted")},
			{e.t("cli.fsrs.log_loss"), fmt.Sprintf("%.4f", fit.LogLossDefault), fmt.Sprintf("%.4f", fit.LogLossFitted)},
			{e.t("cli.fsrs.rmse_bins"), fmt.Sprintf("%.2f%%", 100*fit.RMSEBinsDefault), fmt.Sprintf("%.2f%%", 100*fit.RMSEBinsFitted)},
		})
		fmt.Fprintln(&b, e.t("cli.fsrs.figures_meaning"))
	} else {
		fmt.Fprintln(&b, e.t("cli.fsrs.no_figures"))
	}
	fmt.Fprintf(&b, "\n%s\n%s\n", e.t("cli.fsrs.weights"), formatWeights(fit.Weights))
	if apply {
		fmt.Fprintln(&b, e.t("cli.fsrs.applied"))
	} else {
		fmt.Fprintln(&b, e.t("cli.fsrs.not_applied"))
	}
	fmt.Fprint(e.Stdout, bank.Sanitize(b.String()))
	return closeStore(st)
}

func (e *env) runEvaluate(cmd *cobra.Command, revlog string, asJSON bool) error {
	st, err := e.openReading()
	if err != nil {
		return err
	}
	defer closeStore(st)
	log, opt, err := e.fitLog(st, revlog)
	if err != nil {
		return e.cmdError(cmd, err)
	}
	items := optimize.BuildItems(log, opt.DayStartHour, opt.Loc)
	w := store.DefaultWeights() // no database yet
	if st != nil {
		w = st.Weights()
	}
	m, err := optimize.Evaluate(w.Current, items)
	scored := err == nil
	if err != nil && !errors.Is(err, optimize.ErrNotEnoughData) {
		return e.cmdError(cmd, sourceError(revlog, err))
	}
	if asJSON {
		out := evalJSON{Weights: w.Current[:], Reviews: len(log), Items: len(items)}
		if scored {
			out.LogLoss, out.RMSEBins = &m.LogLoss, &m.RMSEBins
		}
		return json.NewEncoder(e.Stdout).Encode(out)
	}
	var msg string
	if scored {
		msg = e.t("cli.fsrs.evaluated", e.weightsName(w), e.sourceName(revlog), len(log), len(items), m.LogLoss, 100*m.RMSEBins)
	} else {
		msg = e.t("cli.fsrs.not_evaluated", e.weightsName(w), e.sourceName(revlog), len(log), len(items))
	}
	fmt.Fprintln(e.Stdout, bank.Sanitize(msg))
	return nil
}

// fitLog is the review log a command works on, with the options that turn
// it into items: the file's (an Anki log: days start at 4:00 local time, as
// in Anki), or the database's (days as the scheduler counts them).
// st is nil when there is no database yet: an empty log, default settings.
func (e *env) fitLog(st *store.Store, revlog string) ([]optimize.Review, optimize.Options, error) {
	dbOpt := store.DefaultFitOptions()
	if st != nil {
		dbOpt = st.FitOptions()
	}
	if revlog == "" {
		if st == nil {
			return nil, dbOpt, nil
		}
		log, err := st.ReviewLog()
		return log, dbOpt, err
	}
	f, err := os.Open(revlog)
	if err != nil {
		return nil, optimize.Options{}, err
	}
	defer f.Close()
	log, err := optimize.ReadAnkiCSV(bufio.NewReader(f))
	if err != nil {
		return nil, optimize.Options{}, fmt.Errorf("%s: %w", revlog, err)
	}
	opt := optimize.DefaultOptions(e.zone())
	opt.RelearningSteps = dbOpt.RelearningSteps
	return log, opt, nil
}

// sourceError names the review-log file in an error about its contents.
func sourceError(revlog string, err error) error {
	if revlog == "" {
		return err
	}
	return fmt.Errorf("%s: %w", revlog, err)
}

// zone is the run's time zone: $TZ when it names one, else the system's.
func (e *env) zone() *time.Location {
	if tz := strings.TrimPrefix(e.Getenv("TZ"), ":"); tz != "" {
		if loc, err := time.LoadLocation(tz); err == nil {
			return loc
		}
	}
	return time.Local
}

// sourceName names the log fitted: the file, or the database's log.
func (e *env) sourceName(revlog string) string {
	if revlog != "" {
		return revlog
	}
	return e.t("cli.fsrs.source_db")
}

// weightsName says which weights are in use: the defaults, or when they
// were fitted.
func (e *env) weightsName(w store.Weights) string {
	switch {
	case !w.Fitted():
		return e.t("cli.fsrs.weights_default")
	case w.LastFit != nil && w.LastFit.Weights == w.Current:
		return e.t("cli.fsrs.weights_fitted", w.LastFit.At.In(e.zone()).Format("2006-01-02 15:04"))
	}
	return e.t("cli.fsrs.weights_other", w.Changed.In(e.zone()).Format("2006-01-02 15:04"))
}

// formatWeights lays the 21 weights out seven to a line.
func formatWeights(w [21]float64) string {
	var b strings.Builder
	for i, x := range w {
		switch {
		case i%7 == 0 && i > 0:
			b.WriteString("\n  ")
		case i == 0:
			b.WriteString("  ")
		default:
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%.4f", x)
	}
	return b.String()
}
