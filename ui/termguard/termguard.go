// Package termguard keeps Bubble Tea's start-up terminal query from running.
//
// Bubble Tea v1 asks the terminal for its background colour in its package
// init (tea_init.go: lipgloss.HasDarkBackground), in every process that links
// it, before main runs. A terminal that does not answer makes every command,
// --version and stats --json included, wait 5 s and print ESC]11;? (issue
// 14.9). termenv skips the query when TERM is "dumb", so this package sets
// TERM=dumb in its own init and Restore puts the real value back; the TUI then
// asks the terminal itself with a short timeout (ui/cli/background.go).
//
// It works because Go initialises packages in import-path order among those
// whose imports are done (the spec, since Go 1.21): this package imports only
// syscall, so it runs before os, and so before Bubble Tea, which needs os.
// TestCommandsDoNotQueryTheTerminal (ui/cli) fails if that ever changes.
// main imports it first and calls Restore as its first statement.
package termguard

import "syscall"

var (
	term    string
	hadTerm bool
)

func init() {
	term, hadTerm = syscall.Getenv("TERM")
	_ = syscall.Setenv("TERM", "dumb") // cannot fail for a valid name and value
}

// Restore puts back the TERM the process started with.
func Restore() {
	if hadTerm {
		_ = syscall.Setenv("TERM", term) // the value was valid when the process got it
		return
	}
	_ = syscall.Unsetenv("TERM") // cannot fail for a valid name
}
