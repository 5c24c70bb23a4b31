package store

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back the whole 2 MB pages inside [p, p+n)
// with transparent huge pages (MADV_HUGEPAGE; the default "madvise" THP
// mode gives them only to memory so marked). A freshly loaded bank is tens
// of MB written once: with 4 KB pages that is one page fault per 4 KB,
// which costs most of the load on virtual machines where faults are dear.
// It only changes how the memory is backed; failure is harmless.
func adviseHuge(p unsafe.Pointer, n uintptr) {
	const huge = 2 << 20
	start := (uintptr(p) + huge - 1) &^ (huge - 1)
	end := (uintptr(p) + n) &^ (huge - 1)
	if end > start {
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_HUGEPAGE)
	}
}

// populate faults in the pages of [p, p+n) for writing, as a write would,
// without changing them (MADV_POPULATE_WRITE, Linux 5.14; older kernels
// refuse it, harmlessly).
func populate(p unsafe.Pointer, n uintptr) {
	const madvPopulateWrite = 23
	start := uintptr(p) &^ uintptr(syscall.Getpagesize()-1)
	end := uintptr(p) + n
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvPopulateWrite)
}
