package importer

import (
	"archive/zip"
	"bytes"
	"runtime"
	"testing"

	"github.com/shuati/shuati/bank"
)

// Memory bounds of the fuzz targets (issue 14.2): every reader of outside
// data allocates in proportion to what the input holds — its bytes, or
// for an Office file the bytes its parts expand to, which the archive
// limits bound — never to what a crafted file claims (a count of rows,
// strings or objects). The factor and the constant are generous: they
// catch a reader that runs away (gigabytes from a few kilobytes), not one
// that is merely slow.
const (
	allocPerByte = 64       // bytes allocated per byte of (expanded) input
	allocFloor   = 64 << 20 // bytes any input may take
)

// expandedSize is what the input holds once read: its length, or for a zip
// archive the most of its length and the sizes its parts declare (a part
// is never inflated past its declared size).
func expandedSize(data []byte) uint64 {
	n := uint64(len(data))
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		var parts uint64
		for _, f := range zr.File {
			parts += f.UncompressedSize64
		}
		n = max(n, parts)
	}
	return n
}

// allocBound is the most a reader may allocate for data.
func allocBound(data []byte) uint64 { return allocFloor + allocPerByte*expandedSize(data) }

// importBounded is Import, failing the test when the call allocated more
// than allocBound: all that was allocated bounds the peak heap from above.
func importBounded(t *testing.T, name string, data []byte, opts Options) (*bank.Bank, *Report, error) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, rep, err := Import(name, data, opts)
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, allocBound(data); got > limit {
		t.Fatalf("%s: %d bytes in (%d expanded) took %d MB, more than the bound of %d MB (error: %v)",
			name, len(data), expandedSize(data), got>>20, limit>>20, err)
	}
	return b, rep, err
}
