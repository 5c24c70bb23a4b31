package cli

import (
	"fmt"
	"io"

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
	if _, err := tea.NewProgram(ui.New(cfg), tea.WithAltScreen(), tea.WithInput(e.Stdin), tea.WithOutput(e.TTY)).Run(); err != nil {
		return e.errorf("cli.err.terminal", err)
	}
	return nil
}

// isTerminal reports whether stdout is the terminal, so that `shuati stats`
// and `shuati mistakes` without a format flag open the TUI there and print
// plain text into a pipe.
func (e *env) isTerminal() bool {
	return ui.CheckTerminal(e.Stdin, e.TTY, "") == nil && e.Stdout == io.Writer(e.TTY)
}
