package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/ui"
)

// newPracticeCmd is `shuati practice`: the TUI, straight into a practice
// session over the questions the flags select.
func (e *env) newPracticeCmd() *cobra.Command {
	var opts ui.PracticeOptions
	var types string
	cmd := &cobra.Command{
		Use:   "practice [--bank NAME] [--type T[,T…]] [--section S] [--random] [--recite]",
		Short: e.t("cli.practice.short"),
		Long:  e.t("cli.practice.long"),
		Args:  e.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if types != "" {
				for _, name := range strings.Split(types, ",") {
					typ := bank.Type(strings.TrimSpace(name))
					if !typ.Valid() {
						return e.cmdErrorf(cmd, "cli.err.type", name, strings.Join(typeNames(), ","))
					}
					opts.Types = append(opts.Types, typ)
				}
			}
			return e.runTUI(ui.Config{Start: "practice", Practice: opts})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Bank, "bank", "", e.t("cli.flag.bank"))
	f.StringVar(&types, "type", "", e.t("cli.flag.type", strings.Join(typeNames(), ",")))
	f.StringVar(&opts.Section, "section", "", e.t("cli.flag.section"))
	f.BoolVar(&opts.Random, "random", false, e.t("cli.flag.random"))
	f.BoolVar(&opts.Recite, "recite", false, e.t("cli.flag.recite"))
	e.completeBank(cmd)
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions(typeNames(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// typeNames are the question types as --type takes them.
func typeNames() []string {
	names := make([]string, len(bank.Types))
	for i, t := range bank.Types {
		names[i] = string(t)
	}
	return names
}

// completeBank completes the command's --bank flag with the banks' names.
func (e *env) completeBank(cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("bank", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return e.bankNames(), cobra.ShellCompDirectiveNoFileComp
	})
}
