package cli

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shuati/shuati/ui"
	"github.com/shuati/shuati/ui/i18n"
)

// newRoot builds the command tree, its texts in the run's language. A new
// command is one file with its constructor, added here.
func (e *env) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:     "shuati [--db PATH] [--lang zh|en] COMMAND [ARGS]",
		Short:   e.t("cli.root.short"),
		Long:    e.t("cli.root.long"),
		Version: e.versionString(),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := e.t("cli.err.unknown_command", args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "\n" + e.t("cli.err.did_you_mean", strings.Join(s, ", "))
			}
			return &usageError{cmd: cmd, msg: msg}
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return e.checkGlobalFlags(cmd) },
		RunE:              func(*cobra.Command, []string) error { return e.runTUI(ui.Config{}) },
		SilenceErrors:     true,
		SilenceUsage:      true,
	}
	root.SuggestionsMinimumDistance = 2
	root.CompletionOptions.DisableDefaultCmd = true // completion.go is ours, in the run's language
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) { fmt.Fprint(e.Stdout, e.help(cmd)) })
	root.SetFlagErrorFunc(e.flagError)

	pf := root.PersistentFlags()
	pf.StringVar(&e.db, "db", "", e.t("cli.flag.db"))
	pf.StringVar(&e.langFlag, "lang", "", e.t("cli.flag.lang"))
	pf.BoolP("help", "h", false, e.t("cli.flag.help"))
	root.Flags().Bool("version", false, e.t("cli.flag.version"))
	_ = root.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions([]string{"zh", "en"}, cobra.ShellCompDirectiveNoFileComp))

	root.AddCommand(
		e.newTUICommand("review"),
		e.newPracticeCmd(),
		e.newExamCmd(),
		e.newMistakesCmd(),
		e.newTUICommand("browse"),
		e.newStatsCmd(),
		e.newBankCmd(),
		e.newImportCmd(),
		e.newBackupCmd(),
		e.newCheckCmd(),
		e.newRebuildCmd(),
		e.newFsrsCmd(),
		e.newSyncCmd(),
		e.newCompletionCmd(),
	)
	root.SetHelpCommand(e.newHelpCmd())
	keepFlagOrder(root)
	return root
}

func init() {
	// Help lists the commands in the order newRoot adds them: the TUI's
	// modes first, as the README and the home screen give them.
	cobra.EnableCommandSorting = false
}

// keepFlagOrder makes help list every command's flags in the order they
// are defined.
func keepFlagOrder(c *cobra.Command) {
	c.Flags().SortFlags = false
	c.PersistentFlags().SortFlags = false
	for _, sub := range c.Commands() {
		keepFlagOrder(sub)
	}
}

// checkGlobalFlags validates --db and --lang before any command runs.
func (e *env) checkGlobalFlags(cmd *cobra.Command) error {
	if f := cmd.Flags().Lookup("db"); f != nil && f.Changed && e.db == "" {
		return e.errorf("cli.err.db_empty")
	}
	if f := cmd.Flags().Lookup("lang"); f != nil && f.Changed && e.langFlag != string(i18n.ZH) && e.langFlag != string(i18n.EN) {
		return e.errorf("cli.err.lang", e.langFlag)
	}
	return nil
}

// flagError words pflag's parse errors as usage errors of the command.
func (e *env) flagError(cmd *cobra.Command, err error) error {
	var notExist *pflag.NotExistError
	var noValue *pflag.ValueRequiredError
	var badValue *pflag.InvalidValueError
	var badSyntax *pflag.InvalidSyntaxError
	switch {
	case errors.As(err, &notExist):
		name := "--" + notExist.GetSpecifiedName()
		if s := notExist.GetSpecifiedShortnames(); s != "" {
			name = "-" + s
		}
		return e.usageErrorf(cmd, "cli.err.unknown_flag", name)
	case errors.As(err, &noValue):
		return e.usageErrorf(cmd, "cli.err.flag_value", "--"+noValue.GetFlag().Name)
	case errors.As(err, &badValue):
		// A bad value is the user's, not the command line's: exit 1.
		f := badValue.GetFlag()
		code := "cli.err.bad_value"
		switch f.Value.Type() {
		case "int":
			code = "cli.err.bad_number"
		case "bool":
			code = "cli.err.bad_bool"
		}
		return e.errorf(code, "--"+f.Name, badValue.GetValue())
	case errors.As(err, &badSyntax):
		return e.usageErrorf(cmd, "cli.err.bad_syntax", badSyntax.GetSpecifiedFlag())
	}
	return &usageError{cmd: cmd, msg: err.Error()}
}

// versionString is "shuati VERSION (REVISION)" when the build knows its
// revision.
func (e *env) versionString() string {
	s := "shuati " + e.Version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range info.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 7 {
				s += " (" + kv.Value[:7] + ")"
			}
		}
	}
	return s
}

// noArgs is cobra.NoArgs as a usage error in the run's language.
func (e *env) noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return e.usageErrorf(cmd, "cli.err.unexpected_arg", args[0])
	}
	return nil
}

// exactArgs is cobra.ExactArgs(n): want names what is missing ("FILE").
func (e *env) exactArgs(n int, want string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return e.usageErrorf(cmd, "cli.err.want", want)
		}
		return nil
	}
}
