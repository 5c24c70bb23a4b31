package store

import "time"

// maxTook is the longest time an answer is recorded as having taken: a
// question left on the screen overnight, or a clock that jumped forward,
// says nothing about the answer beyond "a long time".
const maxTook = time.Hour

// clampTook keeps a measured answer time within [0, maxTook]: a clock that
// jumped backwards while the question was shown gives a negative one.
func clampTook(d time.Duration) time.Duration {
	return min(max(d, 0), maxTook)
}
