package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/shuati/shuati/ui"
)

// newTUICommand is a command that opens the TUI straight into one mode and
// takes no flags of its own: review, browse.
func (e *env) newTUICommand(mode string) *cobra.Command {
	return &cobra.Command{
		Use:   mode,
		Short: e.t("cli." + mode + ".short"),
		Args:  e.noArgs,
		RunE:  func(*cobra.Command, []string) error { return e.runTUI(ui.Config{Start: mode}) },
	}
}

// runTUI runs the Bubble Tea program on the terminal; cfg says where it
// starts. It refuses a pipe before touching the database, and settles the
// background colour before the program takes the terminal.
func (e *env) runTUI(cfg ui.Config) (err error) {
	if err := ui.CheckTerminal(e.Stdin, e.TTY, string(e.lang)); err != nil {
		return err
	}
	st, banks, err := e.openWithBanks()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := st.Close(); err == nil {
			err = cerr
		}
	}()
	for _, name := range []string{cfg.Practice.Bank, cfg.Exam.Bank} {
		if name == "" {
			continue
		}
		if _, err := e.findBank(banks, name); err != nil {
			return fmt.Errorf("%s: %w", cfg.Start, err)
		}
	}
	cfg.Banks, cfg.Store, cfg.Lang = banks, st, e.langFlag
	e.setBackground()
	p := tea.NewProgram(ui.New(cfg), tea.WithAltScreen(), tea.WithInput(e.Stdin), tea.WithOutput(e.TTY), tea.WithoutSignalHandler())
	stop, signalled := endOnSignals(p)
	_, err = p.Run()
	stop()
	if err != nil {
		return e.errorf("cli.err.terminal", err)
	}
	if signalled() {
		return nil // told to end: no final sync (the next one sends everything)
	}
	return e.syncAfterTUI(st)
}

// killAfter is how long a program told to stop may take to save and
// restore the terminal before it is killed.
const killAfter = 2 * time.Second

// endOnSignals ends the program as ctrl+c does (the active screen saves
// what it holds, then the terminal is restored) on SIGINT, SIGTERM and
// SIGHUP (the terminal closed), in place of Bubble Tea's handler, which
// quits on SIGTERM without saving and leaves SIGHUP to kill the process. A
// second signal, or killAfter without an end, kills the program. It
// returns the function that stops listening, and one that reports whether
// a signal came.
func endOnSignals(p *tea.Program) (stop func(), signalled func() bool) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	var got atomic.Bool
	go func() {
		select {
		case <-done:
			return
		case <-sig:
			got.Store(true)
			p.Send(ui.TerminateMsg{})
		}
		select {
		case <-done:
		case <-sig:
			p.Kill()
		case <-time.After(killAfter):
			p.Kill()
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}, got.Load
}

// isTerminal reports whether stdout is the terminal, so that `shuati stats`
// and `shuati mistakes` without a format flag open the TUI there and print
// plain text into a pipe.
func (e *env) isTerminal() bool {
	return ui.CheckTerminal(e.Stdin, e.TTY, "") == nil && e.Stdout == io.Writer(e.TTY)
}
