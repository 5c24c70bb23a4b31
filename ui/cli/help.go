package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// help is a command's help text in the run's language: its synopsis, what
// it does, its subcommands or commands, and its flags with the global ones.
func (e *env) help(cmd *cobra.Command) string {
	var b strings.Builder
	b.WriteString(e.t("cli.help.usage") + "\n")
	subs := availableCommands(cmd)
	switch {
	case cmd.HasParent() && len(subs) > 0: // a group: shuati bank …
		for _, c := range subs {
			fmt.Fprintf(&b, "  %s\n      %s\n", synopsis(c), c.Short)
		}
	default:
		fmt.Fprintf(&b, "  %s\n", synopsis(cmd))
	}
	if text := cmd.Long; text != "" || len(subs) == 0 || !cmd.HasParent() {
		if text == "" {
			text = cmd.Short
		}
		fmt.Fprintf(&b, "\n%s\n", text)
	}
	if !cmd.HasParent() {
		b.WriteString("\n" + e.t("cli.help.commands") + "\n")
		var rows [][]string
		for _, c := range subs {
			rows = append(rows, []string{"  " + c.Name(), c.Short})
		}
		writeTable(&b, rows)
		b.WriteString("\n" + e.t("cli.help.global_flags") + "\n")
		writeFlags(&b, e, cmd.PersistentFlags(), cmd.LocalNonPersistentFlags())
		b.WriteString("\n" + e.t("cli.help.more") + "\n")
		return b.String()
	}
	if local := cmd.LocalNonPersistentFlags(); local.HasAvailableFlags() {
		b.WriteString("\n" + e.t("cli.help.flags") + "\n")
		writeFlags(&b, e, local)
	}
	b.WriteString("\n" + e.t("cli.help.global_flags") + "\n")
	writeFlags(&b, e, cmd.Root().PersistentFlags())
	return b.String()
}

// availableCommands are cmd's subcommands that help lists.
func availableCommands(cmd *cobra.Command) []*cobra.Command {
	var list []*cobra.Command
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			list = append(list, c)
		}
	}
	return list
}

// synopsis is the command's full usage line: "shuati bank check FILE".
func synopsis(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return cmd.Use
	}
	return cmd.Parent().CommandPath() + " " + cmd.Use
}

// writeFlags lists the flags in definition order, one a line: the flag
// with its value's name, then what it does and its default.
func writeFlags(b *strings.Builder, e *env, sets ...*pflag.FlagSet) {
	var rows [][]string
	for _, fs := range sets {
		fs.VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			name, usage := pflag.UnquoteUsage(f)
			left := "      --" + f.Name
			if f.Shorthand != "" {
				left = "  -" + f.Shorthand + ", --" + f.Name
			}
			if name != "" {
				left += " " + name
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
				usage += e.t("cli.help.default", f.DefValue)
			}
			rows = append(rows, []string{left, usage})
		})
	}
	writeTable(b, rows)
}

// newHelpCmd is `shuati help [COMMAND…]`: the command's help.
func (e *env) newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "help [COMMAND]",
		Short:  e.t("cli.help.short"),
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return e.usageErrorf(cmd.Root(), "cli.err.unknown_command", strings.Join(args, " "))
			}
			fmt.Fprint(e.Stdout, e.help(target))
			return nil
		},
	}
}
