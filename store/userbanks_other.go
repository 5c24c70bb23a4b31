//go:build !linux

package store

import "unsafe"

// adviseHuge does nothing here: see userbanks_linux.go.
func adviseHuge(p unsafe.Pointer, n uintptr) {}

// populate does nothing here: see userbanks_linux.go.
func populate(p unsafe.Pointer, n uintptr) {}
