// Command shuati drills exam question banks in the terminal.
//
// The command line is a contract (PRODUCT.md section 4): exit code 0 on
// success, 1 on a user-facing error (bad file, bad flag value, unknown bank),
// 2 on a usage error (unknown command or flag, missing argument).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/drill"
	"github.com/shuati/shuati/bank/importer"
	"github.com/shuati/shuati/data"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui"
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
	stdin, tty     *os.File                     // the terminal the TUI draws on
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
		{"review", "", "the TUI, straight into a review session (the FSRS queue)", tuiMode("review")},
		{"practice", "[--bank NAME] [--type T[,T…]] [--section S] [--random] [--recite]", "the TUI, straight into a practice session so filtered", runPractice},
		{"exam", "[--bank NAME] [--count N] [--minutes M]", "the TUI, straight into a mock exam", runExam},
		{"mistakes", "[--json|--md]", "the wrong-answer book: the TUI, or printed as JSON or Markdown", runMistakes},
		{"browse", "", "the TUI, straight into browsing the banks", tuiMode("browse")},
		{"stats", "[--json]", "the figures: the TUI, or printed (as JSON with --json)", runStats},
		{"bank", "list | export [--bank NAME] [--format jsonl|md|csv|anki] | check FILE", "list, export or validate question banks", runBank},
		{"import", "FILE [--name NAME] [--dry-run] [--tf-marks before|after]", "add your own bank (bank format, raw 题库 text, CSV/TSV or XLSX) to the database", runImport},
		{"backup", "PATH", "write a consistent copy of the database to PATH", runBackup},
		{"rebuild", "", "recompute every memory state and the wrong-answer book from the review log", runRebuild},
	}
}

// runHome runs when no command is given: the TUI's home screen.
func runHome(e *env) error { return e.runTUI(ui.Config{}) }

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
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv, banks: data.Banks, stdin: os.Stdin, tty: os.Stdout}
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

// zh reports whether output should be in Chinese: --lang, else the locale
// as the TUI reads it (ui.ParseLang), so both speak the same language.
func (e *env) zh() bool {
	if e.lang != "" {
		return e.lang == "zh"
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := e.getenv(k); v != "" {
			return ui.ParseLang(v) == ui.LangZH
		}
	}
	return ui.ParseLang("") == ui.LangZH
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
		{name: "export", args: "[--bank NAME] [--format jsonl|md|csv|anki]",
			summary: "write the banks (all, or one) to stdout: JSONL, one question a line, or the bank text format",
			run:     bankExport,
			flags: func(fs *flag.FlagSet) {
				fs.String("bank", "", "only the bank `NAME`")
				fs.String("format", "jsonl", "`jsonl`, md (the bank format), csv (the exam-app template) or anki (TSV for Anki)")
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
		fs, err := parseFlags(e, "shuati bank "+c.name, c, args[1:])
		if err != nil {
			return err
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
	banks, err := e.peekBanks()
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
	name := flagValue[string](fs, "bank")
	format := flagValue[string](fs, "format")
	if !slices.Contains(importer.Formats, format) {
		return fmt.Errorf("bank export: --format %q: want one of %s", format, strings.Join(importer.Formats, ", "))
	}
	banks, err := e.peekBanks()
	if err != nil {
		return err
	}
	if name != "" {
		b, err := findBank(banks, name)
		if err != nil {
			return fmt.Errorf("bank export: %w", err)
		}
		banks = []*bank.Bank{b}
	}
	return importer.WriteFormat(e.stdout, format, banks...)
}

// findBank returns the bank called name, or an error listing the banks.
func findBank(banks []*bank.Bank, name string) (*bank.Bank, error) {
	var names []string
	for _, b := range banks {
		if b.Name == name {
			return b, nil
		}
		names = append(names, b.Name)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("no bank %q (banks: %s)", name, strings.Join(names, ", "))
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

// flagValue is the parsed value of a flag the command defined.
func flagValue[T any](fs *flag.FlagSet, name string) T {
	return fs.Lookup(name).Value.(flag.Getter).Get().(T)
}

// parseFlags parses a (sub)command's flags and positional arguments: --help
// prints its help (errHelp), a bad flag or argument count is a usage error.
func parseFlags(e *env, name string, c subcommand, args []string) (*flag.FlagSet, error) {
	synopsis := strings.TrimSpace(name + " " + c.args)
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
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				fmt.Fprintf(&b, " (default %s)", f.DefValue)
			}
			b.WriteString("\n")
		})
		return b.String()
	}
	short := strings.TrimPrefix(name, "shuati ")
	// Flags may come before or after the positional arguments
	// (shuati import bank.txt --dry-run); "--" ends the flags.
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(e.stdout, help())
				return nil, errHelp
			}
			return nil, &usageError{msg: short + ": " + err.Error(), usage: help()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
		return nil, err // cannot happen: "--" stops flag parsing
	}
	if c.nargs >= 0 && fs.NArg() != c.nargs {
		if c.nargs == 0 {
			return nil, &usageError{msg: fmt.Sprintf("%s: unexpected argument %q", short, fs.Arg(0)), usage: help()}
		}
		return nil, &usageError{msg: fmt.Sprintf("%s: want %s", short, c.args), usage: help()}
	}
	return fs, nil
}

// dbPath is the database named by --db, $SHUATI_DB or the default path.
func (e *env) dbPath() (string, error) {
	if e.db != "" {
		return e.db, nil
	}
	if p := e.getenv("SHUATI_DB"); p != "" {
		return p, nil
	}
	return store.DefaultPath()
}

// openStore opens the database at dbPath.
func (e *env) openStore() (*store.Store, error) {
	path, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	return store.Open(path)
}

// runTUI runs the Bubble Tea program on the terminal; cfg says where it
// starts. It refuses a pipe before touching the database.
func (e *env) runTUI(cfg ui.Config) (err error) {
	if err := ui.CheckTerminal(e.stdin, e.tty); err != nil {
		return err
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); err == nil {
			err = cerr
		}
	}()
	banks, err := e.loadBanks(st)
	if err != nil {
		return err
	}
	for _, name := range []string{cfg.Practice.Bank, cfg.Exam.Bank} {
		if name == "" {
			continue
		}
		if _, err := findBank(banks, name); err != nil {
			return fmt.Errorf("%s: %w", cfg.Start, err)
		}
	}
	cfg.Banks, cfg.Store, cfg.Lang = banks, st, e.lang
	if _, err := tea.NewProgram(ui.New(cfg), tea.WithAltScreen(), tea.WithInput(e.stdin), tea.WithOutput(e.tty)).Run(); err != nil {
		return fmt.Errorf("terminal: %w", err)
	}
	return nil
}

// loadBanks gives the built-in banks followed by those imported into st.
func (e *env) loadBanks(st *store.Store) ([]*bank.Bank, error) {
	banks, err := e.banks()
	if err != nil {
		return nil, err
	}
	user, err := st.UserBanks()
	if err != nil {
		return nil, err
	}
	return append(banks, user...), nil
}

// peekBanks is loadBanks for the commands that need the database only for
// the imported banks (bank list, bank export): with no database there are
// none, and while a TUI holds the database the built-in banks are still
// listed, with a warning.
func (e *env) peekBanks() ([]*bank.Bank, error) {
	path, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return e.banks()
	}
	st, err := store.Open(path)
	if errors.Is(err, store.ErrLocked) {
		fmt.Fprintf(e.stderr, "shuati: %v; imported banks are left out\n", err)
		return e.banks()
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return e.loadBanks(st)
}

// tuiMode is a command that opens the TUI straight into one mode.
func tuiMode(mode string) func(e *env, args []string) error {
	return func(e *env, args []string) error {
		if _, err := parseFlags(e, "shuati "+mode, subcommand{summary: "the TUI, straight into " + mode}, args); err != nil {
			return err
		}
		return e.runTUI(ui.Config{Start: mode})
	}
}

func runPractice(e *env, args []string) error {
	c := subcommand{args: "[--bank NAME] [--type T[,T…]] [--section S] [--random] [--recite]",
		summary: "the TUI, straight into a practice session over the questions so filtered (sequential, resuming where it stopped, unless --random; --recite shows answers at once and records nothing)",
		flags: func(fs *flag.FlagSet) {
			fs.String("bank", "", "only the bank `NAME`")
			fs.String("type", "", "only these `types` (comma separated: "+typeNames()+")")
			fs.String("section", "", "only the section `S` (its heading, or part of it)")
			fs.Bool("random", false, "random order")
			fs.Bool("recite", false, "背题: the answer shown at once, nothing recorded")
		}}
	fs, err := parseFlags(e, "shuati practice", c, args)
	if err != nil {
		return err
	}
	opts := ui.PracticeOptions{
		Bank:    flagValue[string](fs, "bank"),
		Section: flagValue[string](fs, "section"),
		Random:  flagValue[bool](fs, "random"),
		Recite:  flagValue[bool](fs, "recite"),
	}
	if t := flagValue[string](fs, "type"); t != "" {
		for _, name := range strings.Split(t, ",") {
			typ := bank.Type(strings.TrimSpace(name))
			if !typ.Valid() {
				return fmt.Errorf("practice: --type %q: want one of %s", name, typeNames())
			}
			opts.Types = append(opts.Types, typ)
		}
	}
	return e.runTUI(ui.Config{Start: "practice", Practice: opts})
}

func runExam(e *env, args []string) error {
	c := subcommand{args: "[--bank NAME] [--count N] [--minutes M]",
		summary: "the TUI, straight into a mock exam: N questions drawn at random, M minutes",
		flags: func(fs *flag.FlagSet) {
			fs.String("bank", "", "draw from the bank `NAME` only")
			fs.Int("count", 0, "`N` questions in all")
			fs.Int("minutes", 0, "time limit of `M` minutes")
		}}
	fs, err := parseFlags(e, "shuati exam", c, args)
	if err != nil {
		return err
	}
	opts := ui.ExamOptions{Bank: flagValue[string](fs, "bank")}
	opts.Count, opts.Minutes = flagValue[int](fs, "count"), flagValue[int](fs, "minutes")
	if opts.Count < 0 || opts.Minutes < 0 {
		return fmt.Errorf("exam: --count and --minutes must not be negative")
	}
	return e.runTUI(ui.Config{Start: "exam", Exam: opts})
}

func typeNames() string {
	names := make([]string, len(bank.Types))
	for i, t := range bank.Types {
		names[i] = string(t)
	}
	return strings.Join(names, ",")
}

// questionIndex maps every question key of the banks to its question, and
// lists the keys in bank order.
func questionIndex(banks []*bank.Bank) (map[string]*bank.Question, []string) {
	index := map[string]*bank.Question{}
	var keys []string
	for _, b := range banks {
		for _, q := range b.Questions {
			index[q.Key()] = q
			keys = append(keys, q.Key())
		}
	}
	return index, keys
}

// isTerminal reports whether stdout is the terminal, so that `shuati stats`
// and `shuati mistakes` without a format flag open the TUI there and print
// plain text into a pipe.
func (e *env) isTerminal() bool {
	return ui.CheckTerminal(e.stdin, e.tty) == nil && e.stdout == io.Writer(e.tty)
}

func runStats(e *env, args []string) error {
	c := subcommand{args: "[--json]",
		summary: "the figures: answers, due, new, learning, mistakes, accuracy by type. Without --json: the TUI's stats screen on a terminal, plain text into a pipe",
		flags:   func(fs *flag.FlagSet) { fs.Bool("json", false, "print JSON (schema in PRODUCT.md section 4)") }}
	fs, err := parseFlags(e, "shuati stats", c, args)
	if err != nil {
		return err
	}
	asJSON := flagValue[bool](fs, "json")
	if !asJSON && e.isTerminal() {
		return e.runTUI(ui.Config{Start: "stats"})
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	banks, err := e.loadBanks(st)
	if err != nil {
		return err
	}
	_, keys := questionIndex(banks)
	stats, err := st.Stats(time.Now(), keys)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(stats)
	}
	rows := [][]string{
		{"reviews", strconv.Itoa(stats.Reviews)},
		{"reviews today", strconv.Itoa(stats.ReviewsToday)},
		{"due", strconv.Itoa(stats.Due)},
		{"learning", strconv.Itoa(stats.Learning)},
		{"new", strconv.Itoa(stats.New)},
		{"mistakes open", strconv.Itoa(stats.MistakesOpen)},
		{"mistakes total", strconv.Itoa(stats.MistakesTotal)},
		{"true retention", retentionText(stats)},
		{"streak (days)", strconv.Itoa(stats.Streak)},
	}
	for _, t := range bank.Types {
		if ts, ok := stats.ByType[string(t)]; ok && ts.Answered > 0 {
			rows = append(rows, []string{string(t), fmt.Sprintf("%d answered, %d correct", ts.Answered, ts.Correct)})
		}
	}
	writeTable(e.stdout, rows)
	return nil
}

// mistakeEntry is one line of `shuati mistakes --json`: the book's entry
// with the question it is about.
type mistakeEntry struct {
	store.Mistake
	Bank        string          `json:"bank"`
	ID          string          `json:"id"`
	Stem        string          `json:"stem"`
	Answer      json.RawMessage `json:"answer"`
	Explanation string          `json:"explanation"`
}

func runMistakes(e *env, args []string) error {
	c := subcommand{args: "[--json|--md]",
		summary: "the wrong-answer book, every question ever answered wrong. Without a flag: the TUI's mistakes screen on a terminal, the Markdown sheet into a pipe",
		flags: func(fs *flag.FlagSet) {
			fs.Bool("json", false, "print JSON, one entry per line")
			fs.Bool("md", false, "print a printable wrong-answer sheet grouped by section")
		}}
	fs, err := parseFlags(e, "shuati mistakes", c, args)
	if err != nil {
		return err
	}
	asJSON, asMD := flagValue[bool](fs, "json"), flagValue[bool](fs, "md")
	if asJSON && asMD {
		return &usageError{msg: "mistakes: --json and --md exclude each other"}
	}
	if !asJSON && !asMD {
		if e.isTerminal() {
			return e.runTUI(ui.Config{Start: "mistakes"})
		}
		asMD = true
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	banks, err := e.loadBanks(st)
	if err != nil {
		return err
	}
	list, err := st.Mistakes(store.MistakeFilter{})
	if err != nil {
		return err
	}
	index, _ := questionIndex(banks)
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, m := range list {
			entry := mistakeEntry{Mistake: m, Answer: json.RawMessage("null")}
			entry.Bank, entry.ID, _ = strings.Cut(m.Key, "/")
			if q := index[m.Key]; q != nil {
				entry.Stem, entry.Explanation = q.Stem, q.Explanation
				if entry.Answer, err = json.Marshal(bank.JSONAnswer(q)); err != nil {
					return err
				}
			}
			if err := enc.Encode(entry); err != nil {
				return err
			}
		}
		return nil
	}
	return writeMistakeSheet(e.stdout, list, index, e.zh())
}

// writeMistakeSheet prints the wrong-answer book as Markdown, grouped by
// section in the order sections first appear: each question with the
// learner's last wrong answer, the right answer and the explanation.
func writeMistakeSheet(w io.Writer, list []store.Mistake, index map[string]*bank.Question, zh bool) error {
	l := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	fmt.Fprintf(w, "# %s\n", l("Wrong-answer book", "错题本"))
	if len(list) == 0 {
		fmt.Fprintf(w, "\n%s\n", l("No mistakes yet.", "还没有错题。"))
		return nil
	}
	var sections []string
	bySection := map[string][]store.Mistake{}
	for _, m := range list {
		sec := m.Section
		if q := index[m.Key]; q != nil {
			sec = q.Bank + " · " + q.Section
		}
		if _, ok := bySection[sec]; !ok {
			sections = append(sections, sec)
		}
		bySection[sec] = append(bySection[sec], m)
	}
	n := 0
	for _, sec := range sections {
		fmt.Fprintf(w, "\n## %s\n", sec)
		for _, m := range bySection[sec] {
			n++
			q := index[m.Key]
			if q == nil {
				fmt.Fprintf(w, "\n%d. (%s: %s)\n", n, m.Key, l("question no longer in any bank", "题目已不在题库中"))
				continue
			}
			fmt.Fprintf(w, "\n%d. %s\n", n, indentMD(q.Stem))
			for _, o := range q.Options {
				fmt.Fprintf(w, "   - %s. %s\n", o.Key, indentMD(o.Text))
			}
			for i, p := range q.Parts {
				fmt.Fprintf(w, "   - (%d) %s\n", i+1, indentMD(p.Stem))
			}
			status := l("open", "未掌握")
			if m.Mastered {
				status = l("mastered", "已掌握")
			}
			fmt.Fprintf(w, "\n   - %s: %s (%s %d, %s, %s)\n", l("Your last wrong answer", "你上次的错误答案"), orDash(m.LastWrong),
				l("times wrong", "错误次数"), m.TimesWrong, m.LastWrongAt.Local().Format("2006-01-02 15:04"), status)
			fmt.Fprintf(w, "   - %s: %s\n", l("Right answer", "正确答案"), indentMD(orDash(drill.AnswerText(q))))
			if q.Explanation != "" {
				fmt.Fprintf(w, "   - %s: %s\n", l("Explanation", "解析"), indentMD(q.Explanation))
			}
		}
	}
	return nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// indentMD keeps a multi-line text inside its list item.
func indentMD(s string) string { return strings.ReplaceAll(s, "\n", "\n     ") }

func runBackup(e *env, args []string) error {
	c := subcommand{args: "PATH", nargs: 1,
		summary: "write a consistent copy of the database to PATH (taken in one read transaction; an existing PATH is not overwritten)"}
	fs, err := parseFlags(e, "shuati backup", c, args)
	if err != nil {
		return err
	}
	dest := fs.Arg(0)
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists; not overwriting it", dest)
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "backup written to %s\n", dest)
	return nil
}

func runImport(e *env, args []string) error {
	c := subcommand{args: "FILE [--name NAME] [--dry-run] [--tf-marks before|after]", nargs: 1,
		summary: "add a bank of your own to the database: the bank format, raw 题库 text as copied from a document (UTF-8 or GBK), CSV/TSV or XLSX in the exam-app template (题干, 题型, 选项A…, 正确答案, 解析, 章节). Prints what it recognised; re-importing an edited file keeps the history of unchanged and lightly edited questions",
		flags: func(fs *flag.FlagSet) {
			fs.String("name", "", "the bank's `NAME` (letters, digits, - and _; default from the file name)")
			fs.Bool("dry-run", false, "show the report, store nothing")
			fs.String("tf-marks", "", "for a √/× standing between two true/false statements: `before` (a mark stands before its statement) or after (it follows its statement); default: decided from the layout, else the answers are left out and reported")
		}}
	fs, err := parseFlags(e, "shuati import", c, args)
	if err != nil {
		return err
	}
	file := fs.Arg(0)
	builtin, err := e.banks()
	if err != nil {
		return err
	}
	reserved := make([]string, len(builtin))
	for i, b := range builtin {
		reserved[i] = b.Name
	}
	opts := importer.Options{Name: flagValue[string](fs, "name")}
	switch tf := flagValue[string](fs, "tf-marks"); tf {
	case "":
	case "before":
		opts.TFMarks = importer.TFBefore
	case "after":
		opts.TFMarks = importer.TFAfter
	default:
		return fmt.Errorf("import: --tf-marks %q: want before or after", tf)
	}
	dryRun := flagValue[bool](fs, "dry-run")
	if dryRun {
		_, _, err := importer.RunImport(nil, file, opts, true, reserved, e.stdout, time.Now())
		return err
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	if _, _, err := importer.RunImport(st, file, opts, false, reserved, e.stdout, time.Now()); err != nil {
		return err
	}
	return st.Close()
}

func runRebuild(e *env, args []string) error {
	c := subcommand{summary: "recompute every question's memory state, the wrong-answer book and the counters by replaying the review log through the scheduler with the current settings (after changing learning steps or desired retention, or to repair derived data). The log itself is not changed; all or nothing, in one transaction"}
	if _, err := parseFlags(e, "shuati rebuild", c, args); err != nil {
		return err
	}
	st, err := e.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := st.Rebuild(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "rebuilt %s from its review log in %v\n", st.Path(), time.Since(start).Round(time.Millisecond))
	return st.Close()
}

// retentionText is the true retention with what it rests on, or "-" before
// any review of a card in review state.
func retentionText(st store.Stats) string {
	if st.RetentionReviews == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%% (of %d reviews)", 100*st.TrueRetention, st.RetentionReviews)
}
