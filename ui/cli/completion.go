package cli

import (
	"github.com/spf13/cobra"
)

// newCompletionCmd is `shuati completion bash|zsh|fish`: the shell's
// completion script, with descriptions in the run's language.
func (e *env) newCompletionCmd() *cobra.Command {
	shells := []string{"bash", "zsh", "fish"}
	return &cobra.Command{
		Use:       "completion bash|zsh|fish",
		Short:     e.t("cli.completion.short"),
		Long:      e.t("cli.completion.long"),
		ValidArgs: shells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return e.usageErrorf(cmd, "cli.err.want", "bash|zsh|fish")
			}
			for _, s := range shells {
				if args[0] == s {
					return nil
				}
			}
			return e.usageErrorf(cmd, "cli.err.shell", args[0])
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(e.Stdout, true)
			case "zsh":
				return root.GenZshCompletion(e.Stdout)
			}
			return root.GenFishCompletion(e.Stdout, true)
		},
	}
}
