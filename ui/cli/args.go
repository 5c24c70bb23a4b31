package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shuati/shuati/ui/i18n"
)

// langOf is the language of this run: --lang when it is given and valid
// (anywhere before a "--"), else the locale's. It is known before the
// command tree is built, so help and messages are worded in it; a bad
// --lang value is reported once the flags are parsed.
func (e *env) langOf(args []string) i18n.Lang {
	lang := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			i++
			value = args[i]
		}
		lang = value
	}
	if lang == string(i18n.ZH) || lang == string(i18n.EN) {
		return i18n.Lang(lang)
	}
	return i18n.FromEnv(e.Getenv)
}

// normalizeArgs keeps the command lines of the flag-package CLI working on
// cobra: a long flag written with one dash (-lang en, -version) gets its
// second dash, and a "--" that ends the global flags before the command
// (shuati --db F -- stats) is dropped. A "--" after the command ends its
// flags as usual; what follows it is left alone.
func normalizeArgs(root *cobra.Command, args []string) []string {
	if len(args) > 0 && strings.HasPrefix(args[0], "__complete") {
		return args // cobra's completion protocol: leave it as the shell typed it
	}
	names := flagNames(root)
	out := make([]string, 0, len(args))
	beforeCommand := true
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if !beforeCommand {
				return append(out, args[i:]...)
			}
			beforeCommand = false
			continue
		}
		if !strings.HasPrefix(a, "-") {
			beforeCommand = false
			out = append(out, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if len(name) > 1 && !strings.HasPrefix(a, "--") && names[name] {
			a = "-" + a
		}
		out = append(out, a)
		if beforeCommand && !hasValue && (name == "db" || name == "lang") && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	return out
}

// flagNames are the long names of every flag of the tree.
func flagNames(root *cobra.Command) map[string]bool {
	names := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		add := func(f *pflag.Flag) { names[f.Name] = true }
		c.Flags().VisitAll(add)
		c.PersistentFlags().VisitAll(add)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return names
}
