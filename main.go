// Command shuati drills exam question banks in the terminal.
//
// The command line is a contract (PRODUCT.md section 4): exit code 0 on
// success, 1 on a user-facing error (bad file, bad flag value, unknown bank),
// 2 on a usage error (unknown command or flag, missing argument).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/data"
)

// version is the release; -ldflags "-X main.version=…" overrides it.
var version = "0.1.0"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// env is what a command runs with: its output, the global flags and its
// dependencies.
type env struct {
	stdout, stderr io.Writer
	db             string // --db PATH; "" means SHUATI_DB or the default location
	lang           string // --lang zh|en; "" means from the environment (LANG)
	getenv         func(string) string
	banks          func() ([]*bank.Bank, error) // the built-in banks
}

// command is one entry of the command table: `shuati NAME ARGS…`.
type command struct {
	name    string
	args    string // synopsis of the arguments, for the usage text
	summary string
	run     func(e *env, args []string) error
}

// commands is the command table. A new command is one entry here.
func commands() []command {
	return []command{
		{"bank", "list | export [--bank NAME] [--format jsonl|md] | check FILE", "list, export or validate question banks", runBank},
	}
}

// runHome runs when no command is given: the TUI's home screen, once it is
// wired here.
func runHome(e *env) error {
	return usageErrorf("no command given (the drill screens are not wired in yet)")
}

// usageError is a mistake in the command line: exit 2, with the usage.
type usageError struct {
	msg   string
	usage string // the usage text to show; "" for the global one
}

func (u *usageError) Error() string { return u.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errHelp reports that a command printed its help: exit 0.
var errHelp = errors.New("help shown")

// run is main without the process: it parses args, runs the command and
// returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv, banks: data.Banks}
	return e.exit(e.dispatch(args))
}

// exit prints err as the contract wants and returns the exit code.
func (e *env) exit(err error) int {
	var ue *usageError
	var list bank.ErrorList
	switch {
	case err == nil || errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "shuati: %s\n\n", ue.msg)
		if ue.usage != "" {
			fmt.Fprint(e.stderr, ue.usage)
		} else {
			fmt.Fprint(e.stderr, usage())
		}
		return 2
	case errors.As(err, &list):
		for _, l := range list {
			fmt.Fprintln(e.stderr, l.Error())
		}
		return 1
	default:
		fmt.Fprintf(e.stderr, "shuati: %v\n", err)
		return 1
	}
}

// dispatch reads the global flags, which may come anywhere before the
// command, and runs the command.
func (e *env) dispatch(args []string) error {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		arg := args[0]
		args = args[1:]
		if arg == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch name {
		case "h", "help":
			fmt.Fprint(e.stdout, usage())
			return errHelp
		case "version":
			fmt.Fprintln(e.stdout, versionString())
			return nil
		case "db", "lang":
			if !hasValue {
				if len(args) == 0 {
					return usageErrorf("flag --%s needs a value", name)
				}
				value, args = args[0], args[1:]
			}
			if name == "db" {
				if value == "" {
					return errors.New("--db: empty path")
				}
				e.db = value
			} else {
				if value != "zh" && value != "en" {
					return fmt.Errorf("--lang %q: want zh or en", value)
				}
				e.lang = value
			}
		default:
			return usageErrorf("unknown flag %s", arg)
		}
	}
	if len(args) == 0 {
		return runHome(e)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	return usageErrorf("unknown command %q", args[0])
}

func usage() string {
	var b strings.Builder
	b.WriteString("Usage:\n  shuati [--db PATH] [--lang zh|en] COMMAND [ARGS]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n           %s\n", c.name, c.args, c.summary)
	}
	b.WriteString("\nFlags:\n" +
		"  --db PATH      the database file (default $SHUATI_DB or ~/.local/share/shuati/shuati.db)\n" +
		"  --lang zh|en   the interface language (default from LANG)\n" +
		"  --version      print the version\n" +
		"  -h, --help     this help; COMMAND --help for a command's\n")
	return b.String()
}

func versionString() string {
	s := "shuati " + version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range info.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 7 {
				s += " (" + kv.Value[:7] + ")"
			}
		}
	}
	return s
}

// zh reports whether output should be in Chinese.
func (e *env) zh() bool {
	if e.lang != "" {
		return e.lang == "zh"
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := e.getenv(k); v != "" {
			return strings.HasPrefix(strings.ToLower(v), "zh")
		}
	}
	return false
}

// subcommand is one entry of a command's own table (`shuati bank list`).
type subcommand struct {
	name    string
	args    string
	summary string
	run     func(e *env, fs *flag.FlagSet, args []string) error
	flags   func(fs *flag.FlagSet)
	nargs   int // exact number of positional arguments
}

func bankCommands() []subcommand {
	return []subcommand{
		{name: "list", summary: "the banks with their question counts by type", run: bankList},
		{name: "export", args: "[--bank NAME] [--format jsonl|md]",
			summary: "write the banks (all, or one) to stdout: JSONL, one question a line, or the bank text format",
			run:     bankExport,
			flags: func(fs *flag.FlagSet) {
				fs.String("bank", "", "only the bank `NAME`")
				fs.String("format", "jsonl", "`jsonl` or md")
			}},
		{name: "check", args: "FILE", summary: "validate a bank file strictly; errors as FILE:LINE: message", run: bankCheck, nargs: 1},
	}
}

func bankUsage() string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	for _, c := range bankCommands() {
		fmt.Fprintf(&b, "  shuati bank %s %s\n      %s\n", c.name, c.args, c.summary)
	}
	return b.String()
}

func runBank(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "bank: missing subcommand", usage: bankUsage()}
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(e.stdout, bankUsage())
		return errHelp
	}
	for _, c := range bankCommands() {
		if c.name != args[0] {
			continue
		}
		synopsis := strings.TrimSpace("shuati bank " + c.name + " " + c.args)
		fs := flag.NewFlagSet(synopsis, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		if c.flags != nil {
			c.flags(fs)
		}
		help := func() string {
			var b strings.Builder
			fmt.Fprintf(&b, "Usage:\n  %s\n\n%s\n", synopsis, c.summary)
			first := true
			fs.VisitAll(func(f *flag.Flag) {
				if first {
					b.WriteString("\nFlags:\n")
					first = false
				}
				arg, text := flag.UnquoteUsage(f)
				fmt.Fprintf(&b, "  --%s %s\n      %s", f.Name, arg, text)
				if f.DefValue != "" {
					fmt.Fprintf(&b, " (default %s)", f.DefValue)
				}
				b.WriteString("\n")
			})
			return b.String()
		}
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, help())
				return errHelp
			}
			return &usageError{msg: "bank " + c.name + ": " + err.Error(), usage: help()}
		}
		if fs.NArg() != c.nargs {
			if c.nargs == 0 {
				return &usageError{msg: fmt.Sprintf("bank %s: unexpected argument %q", c.name, fs.Arg(0)), usage: help()}
			}
			return &usageError{msg: fmt.Sprintf("bank %s: want %s", c.name, c.args), usage: help()}
		}
		return c.run(e, fs, fs.Args())
	}
	return &usageError{msg: fmt.Sprintf("bank: unknown subcommand %q", args[0]), usage: bankUsage()}
}

// typeLabels names the types in the list's header.
var typeLabels = map[bank.Type][2]string{
	bank.Single:     {"single", "单选"},
	bank.Multiple:   {"multiple", "多选"},
	bank.TrueFalse:  {"truefalse", "判断"},
	bank.Fill:       {"fill", "填空"},
	bank.Short:      {"short", "简答"},
	bank.Essay:      {"essay", "论述"},
	bank.Definition: {"definition", "名词解释"},
	bank.Case:       {"case", "案例"},
	bank.Card:       {"card", "知识卡"},
}

// bankList prints one row per bank: its counts by type (only the types that
// occur), the total and the title; then a total row.
func bankList(e *env, _ *flag.FlagSet, _ []string) error {
	banks, err := e.banks()
	if err != nil {
		return err
	}
	lang := 0
	hBank, hTotal, hTitle, hAll := "bank", "total", "title", "all"
	if e.zh() {
		lang = 1
		hBank, hTotal, hTitle, hAll = "题库", "合计", "标题", "全部"
	}
	counts := make([]map[bank.Type]int, len(banks))
	all := map[bank.Type]int{}
	for i, b := range banks {
		counts[i] = map[bank.Type]int{}
		for _, q := range b.Questions {
			counts[i][q.Type]++
			all[q.Type]++
		}
	}
	var types []bank.Type
	for _, t := range bank.Types {
		if all[t] > 0 {
			types = append(types, t)
		}
	}
	rows := [][]string{{hBank}}
	for _, t := range types {
		rows[0] = append(rows[0], typeLabels[t][lang])
	}
	rows[0] = append(rows[0], hTotal, hTitle)
	row := func(name string, c map[bank.Type]int, title string) []string {
		r := []string{name}
		total := 0
		for _, t := range types {
			total += c[t]
			if c[t] == 0 {
				r = append(r, "-")
			} else {
				r = append(r, strconv.Itoa(c[t]))
			}
		}
		return append(r, strconv.Itoa(total), title)
	}
	for i, b := range banks {
		rows = append(rows, row(b.Name, counts[i], b.Title))
	}
	if len(banks) > 1 {
		rows = append(rows, row(hAll, all, ""))
	}
	writeTable(e.stdout, rows)
	return nil
}

// writeTable writes rows in columns, measuring CJK text as double width: the
// first column left-aligned, the last left-aligned and unpadded, the others
// right-aligned.
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-runewidth.StringWidth(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			case i == len(r)-1:
				b.WriteString("  " + c)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func bankExport(e *env, fs *flag.FlagSet, _ []string) error {
	name := fs.Lookup("bank").Value.String()
	format := fs.Lookup("format").Value.String()
	if format != "jsonl" && format != "md" {
		return fmt.Errorf("bank export: --format %q: want jsonl or md", format)
	}
	banks, err := e.banks()
	if err != nil {
		return err
	}
	if name != "" {
		var names []string
		var found *bank.Bank
		for _, b := range banks {
			names = append(names, b.Name)
			if b.Name == name {
				found = b
			}
		}
		if found == nil {
			sort.Strings(names)
			return fmt.Errorf("bank export: no bank %q (banks: %s)", name, strings.Join(names, ", "))
		}
		banks = []*bank.Bank{found}
	}
	if format == "jsonl" {
		return bank.WriteJSONL(e.stdout, banks...)
	}
	for i, b := range banks {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if err := bank.WriteBankFormat(e.stdout, b); err != nil {
			return err
		}
	}
	return nil
}

func bankCheck(e *env, _ *flag.FlagSet, args []string) error {
	file := args[0]
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	b, err := bank.ParseBytes(file, data, bank.ParseOptions{Strict: true})
	if err != nil {
		return err
	}
	counts := map[bank.Type]int{}
	for _, q := range b.Questions {
		counts[q.Type]++
	}
	var parts []string
	for _, t := range bank.Types {
		if counts[t] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[t], t))
		}
	}
	detail := ""
	if len(parts) > 0 {
		detail = " (" + strings.Join(parts, ", ") + ")"
	}
	fmt.Fprintf(e.stdout, "%s: ok: bank %s, %d questions%s\n", file, b.Name, len(b.Questions), detail)
	return nil
}
