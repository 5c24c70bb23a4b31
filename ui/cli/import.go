package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui/bankimport"
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

// runImport imports file and stores it. A dry run stores nothing: it
// prints the recognised questions in the bank format to stdout and the
// report to stderr, so `import --dry-run FILE > FILE.md` gives a bank file
// to correct by hand and import; it reads the database, if there is one,
// without writing (for the IDs an earlier import keeps and for a twin
// bank), also beside a running TUI, and never creates it.
func (e *env) runImport(file string, opts importer.Options, dryRun bool) error {
	reserved, err := e.builtinNames()
	if err != nil {
		return err
	}
	var st *store.Store
	if dryRun {
		st, err = e.openReading()
	} else {
		st, err = e.openStore()
	}
	if err != nil {
		return err
	}
	if st != nil {
		defer st.Close()
	}
	var bs bankimport.Store // a nil *store.Store must stay a nil interface
	if st != nil {
		bs = st
	}
	out := e.Stdout
	if dryRun {
		out = e.Stderr
	}
	p, rep, err := bankimport.Load(bs, file, opts, reserved)
	if err != nil {
		if rep != nil {
			_ = e.lang.WriteImportReport(out, rep)
		}
		if name, ok := bankimport.IsReserved(err); ok {
			return e.errorf("cli.err.reserved", name)
		}
		return err
	}
	if dryRun {
		if err := bank.WriteBankFormat(e.Stdout, p.Bank); err != nil {
			return err
		}
	}
	if err := e.lang.WriteImportReport(out, p.Report); err != nil {
		return err
	}
	if len(p.SameAs) > 0 {
		fmt.Fprintln(out, bank.Sanitize(e.t("cli.import.same_as", strings.Join(p.SameAs, e.t("cli.list_sep")))))
	}
	if dryRun {
		_, err := fmt.Fprintln(out, e.t("cli.import.dry_run"))
		return err
	}
	if err := p.Save(st, time.Now()); err != nil {
		return err
	}
	msg := e.t("cli.import.stored", p.Bank.Name, len(p.Bank.Questions))
	if p.Replaces {
		msg += e.t("cli.import.replaced")
	}
	if _, err := fmt.Fprintln(out, bank.Sanitize(msg)); err != nil {
		return err
	}
	return st.Close()
}

// builtinNames are the names of the built-in banks, which imports must
// not take and bank remove/rename must not touch.
func (e *env) builtinNames() ([]string, error) {
	builtin, err := e.Banks()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(builtin))
	for i, b := range builtin {
		names[i] = b.Name
	}
	return names, nil
}
