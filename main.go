// Command shuati drills exam question banks in the terminal. The command
// line is package ui/cli; this is the process around it.
package main

import (
	"os"

	"github.com/shuati/shuati/ui/termguard" // before Bubble Tea's init: see its doc

	"github.com/shuati/shuati/data"
	"github.com/shuati/shuati/ui/cli"
)

// version is the release; -ldflags "-X main.version=…" overrides it.
var version = "0.1.0"

func main() {
	termguard.Restore()
	os.Exit(cli.Run(cli.Config{Version: version, Banks: data.Banks}, os.Args[1:]))
}
