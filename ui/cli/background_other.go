//go:build !unix

package cli

import (
	"os"
	"time"
)

// queryBackground does not ask terminals other than Unix ones.
func queryBackground(_, _ *os.File, _ time.Duration) (dark, ok bool) { return false, false }
