package cli

import (
	"github.com/spf13/cobra"

	"github.com/shuati/shuati/ui"
)

// newExamCmd is `shuati exam`: the TUI, straight into a mock exam.
func (e *env) newExamCmd() *cobra.Command {
	var opts ui.ExamOptions
	cmd := &cobra.Command{
		Use:   "exam [--bank NAME] [--count N] [--minutes M]",
		Short: e.t("cli.exam.short"),
		Long:  e.t("cli.exam.long"),
		Args:  e.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Count < 0 || opts.Minutes < 0 {
				return e.cmdErrorf(cmd, "cli.err.negative")
			}
			return e.runTUI(ui.Config{Start: "exam", Exam: opts})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Bank, "bank", "", e.t("cli.flag.exam_bank"))
	f.IntVar(&opts.Count, "count", 0, e.t("cli.flag.count"))
	f.IntVar(&opts.Minutes, "minutes", 0, e.t("cli.flag.minutes"))
	e.completeBank(cmd)
	return cmd
}
