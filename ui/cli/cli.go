// Package cli is shuati's command line: the cobra command tree, one file per
// command, the global flags --db and --lang (accepted before or after the
// command) and the exit codes the README promises: 0 success, 1 a
// user-facing error (bad file, bad flag value, locked or damaged database,
// not a terminal), 2 a usage error (unknown command or flag, missing or
// extra argument, flags that exclude each other).
//
// Commands that draw no TUI never touch the terminal: they write text to
// stdout and stderr and nothing else.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/ui/i18n"
)

// Config is what the program hands the command line; zero fields take the
// process's own (os.Stdin, os.Stdout, os.Stderr, os.Getenv).
type Config struct {
	Version string                       // the release, for --version
	Banks   func() ([]*bank.Bank, error) // the built-in banks

	Stdin, TTY     *os.File  // the terminal the TUI reads and draws on
	Stdout, Stderr io.Writer // where commands print
	Getenv         func(string) string
}

// env is what a command runs with: the configuration, the global flags and
// the language chosen for this run.
type env struct {
	Config
	db       string    // --db PATH; "" means $SHUATI_DB or the default location
	langFlag string    // --lang as given; "" means from the locale
	lang     i18n.Lang // the language of help, messages and plain-text output
}

// Run runs the command line args (without the program name) and returns
// the exit code.
func Run(cfg Config, args []string) int {
	e := newEnv(cfg)
	e.lang = e.langOf(args)
	root := e.newRoot()
	root.SetArgs(normalizeArgs(root, args))
	cmd, err := root.ExecuteC()
	return e.exit(cmd, err)
}

func newEnv(cfg Config) *env {
	if cfg.Stdin == nil {
		cfg.Stdin = os.Stdin
	}
	if cfg.TTY == nil {
		cfg.TTY = os.Stdout
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	if cfg.Getenv == nil {
		cfg.Getenv = os.Getenv
	}
	return &env{Config: cfg}
}

// t is the catalog's text in the run's language.
func (e *env) t(code string, args ...any) string { return e.lang.T(code, args...) }

// usageError is a mistake in the command line: exit 2, the message and the
// help of the command it was made in.
type usageError struct {
	cmd *cobra.Command
	msg string
}

func (u *usageError) Error() string { return u.msg }

func (e *env) usageErrorf(cmd *cobra.Command, code string, args ...any) error {
	return &usageError{cmd: cmd, msg: e.t(code, args...)}
}

// errorf is a user-facing error worded from the catalog.
func (e *env) errorf(code string, args ...any) error { return errors.New(e.t(code, args...)) }

// exit prints err as the contract wants and returns the exit code. Every
// message is sanitised: a file name can carry escape sequences.
func (e *env) exit(cmd *cobra.Command, err error) int {
	var ue *usageError
	var list bank.ErrorList
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		if ue.cmd != nil {
			cmd = ue.cmd
		}
		msg := ue.msg
		if cmd != nil && cmd.HasParent() {
			msg = commandName(cmd) + ": " + msg
		}
		fmt.Fprintf(e.Stderr, "shuati: %s\n\n", bank.Sanitize(msg))
		if cmd != nil {
			fmt.Fprint(e.Stderr, e.help(cmd))
		}
		return 2
	case errors.As(err, &list):
		for _, l := range list {
			fmt.Fprintln(e.Stderr, e.lang.BankError(l))
		}
		return 1
	default:
		// An importer's error is a code the catalog words; any other
		// error is its own text.
		fmt.Fprintf(e.Stderr, "shuati: %s\n", e.lang.ImportError(err))
		return 1
	}
}

// commandName is the command's path without the program: "bank export".
func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// cmdErrorf is errorf naming the command: "bank export: no bank …".
func (e *env) cmdErrorf(cmd *cobra.Command, code string, args ...any) error {
	return errors.New(commandName(cmd) + ": " + e.t(code, args...))
}

// cmdError prefixes err with the command's name.
func (e *env) cmdError(cmd *cobra.Command, err error) error {
	return fmt.Errorf("%s: %w", commandName(cmd), err)
}
