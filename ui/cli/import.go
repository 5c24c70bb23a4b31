package cli

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank/importer"
)

// newImportCmd is `shuati import FILE`: a bank of the learner's own into
// the database, with the importer's report of what it recognised.
func (e *env) newImportCmd() *cobra.Command {
	var opts importer.Options
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE [--name NAME] [--dry-run] [--tf-marks before|after]",
		Short: e.t("cli.import.short"),
		Long:  e.t("cli.import.long"),
		Args:  e.exactArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch opts.TFMarks {
			case "", importer.TFBefore, importer.TFAfter:
			default:
				return e.cmdErrorf(cmd, "cli.err.tf_marks", opts.TFMarks)
			}
			return e.runImport(args[0], opts, dryRun)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Name, "name", "", e.t("cli.flag.name"))
	f.BoolVar(&dryRun, "dry-run", false, e.t("cli.flag.dry_run"))
	f.StringVar(&opts.TFMarks, "tf-marks", "", e.t("cli.flag.tf_marks"))
	_ = cmd.RegisterFlagCompletionFunc("tf-marks", cobra.FixedCompletions([]string{importer.TFBefore, importer.TFAfter}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// runImport imports file; a dry run prints the report and opens no
// database.
func (e *env) runImport(file string, opts importer.Options, dryRun bool) error {
	builtin, err := e.Banks()
	if err != nil {
		return err
	}
	reserved := make([]string, len(builtin))
	for i, b := range builtin {
		reserved[i] = b.Name
	}
	if dryRun {
		_, _, err := importer.RunImport(nil, file, opts, true, reserved, e.Stdout, time.Now())
		return err
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	if _, _, err := importer.RunImport(st, file, opts, false, reserved, e.Stdout, time.Now()); err != nil {
		return err
	}
	return st.Close()
}
