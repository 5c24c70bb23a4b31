//go:build linux

package store

import (
	"reflect"
	"runtime"
	"syscall"
)

// Loading a large imported bank copies tens of megabytes into fresh slices.
// Fresh memory costs a page fault per 4 KB page on first touch, dear on
// virtual machines; these hints ask the kernel for huge pages and fault the
// pages in ahead of the copy. They are hints: any failure (an old kernel,
// an unaligned region) is ignored and the load only runs slower.
//
// Addresses come from reflect.Value.Pointer, so nothing here needs unsafe;
// runtime.KeepAlive holds the memory until the call returns.

const (
	hugeHintMin = 4 << 20 // below this, faults cost less than the calls
	hugePage    = 2 << 20
	madvHuge    = 14 // MADV_HUGEPAGE
	madvPrefill = 23 // MADV_POPULATE_WRITE (Linux 5.14)
)

// adviseHuge asks for huge pages behind a freshly made slice.
func adviseHuge[T any](s []T) { adviseSlice(s, madvHuge) }

// prefault faults in the pages behind a freshly made slice.
func prefault[T any](s []T) { adviseSlice(s, madvPrefill) }

func adviseSlice[T any](s []T, advice int) {
	if cap(s) == 0 {
		return
	}
	s = s[:cap(s)]
	madvise(reflect.ValueOf(s).Pointer(), uintptr(cap(s))*reflect.TypeFor[T]().Size(), advice)
	runtime.KeepAlive(s)
}

// adviseHugeString asks for huge pages behind a string being built: head
// is what has been written so far, size the capacity that follows it.
func adviseHugeString(head string, size int) {
	if head == "" {
		return
	}
	madvise(reflect.ValueOf(head).Pointer(), uintptr(size), madvHuge)
	runtime.KeepAlive(head)
}

// madvise applies advice to the whole huge pages inside [addr, addr+size);
// a region too small to hold one is left alone.
func madvise(addr, size uintptr, advice int) {
	if size < hugeHintMin {
		return
	}
	start := (addr + hugePage - 1) &^ (hugePage - 1)
	end := (addr + size) &^ (hugePage - 1)
	if end <= start {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, end-start, uintptr(advice))
}
