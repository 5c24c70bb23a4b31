//go:build !linux

package store

// Memory hints are a Linux speed-up for loading large banks (see
// memhint_linux.go); elsewhere the load runs without them.

func adviseHuge[T any]([]T)        {}
func prefault[T any]([]T)          {}
func adviseHugeString(string, int) {}
