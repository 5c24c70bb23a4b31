package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shuati/shuati/bank"
)

// Limits on what an Office file (a zip archive of XML parts) may expand to.
// A question bank of 50,000 questions is a few tens of megabytes of XML;
// real parts compress 5–30 times. A zip bomb declares, or holds, far more:
// a 600 KB file of 12 million empty cells expands to hundreds of megabytes.
// archive/zip refuses to inflate an entry past its declared size, so
// checking the declared sizes before reading bounds what is read.
const (
	maxZipEntries = 10_000
	maxZipTotal   = 256 << 20 // all parts together, uncompressed
	maxZipPart    = 128 << 20 // one part
	// maxZipRatio is the largest expansion (uncompressed / compressed) of a
	// part larger than zipRatioFloor, and of the whole archive.
	maxZipRatio   = 200
	zipRatioFloor = 4 << 20
)

// errZipLimit marks a refusal by the archive limits (a probable zip bomb).
var errZipLimit = errors.New("refused: the file expands beyond shuati's limits (a zip bomb?)")

// openZip opens an Office file after checking its declared sizes against
// the limits above. what names the format in messages ("Word document").
func openZip(data []byte, what string) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a readable %s (damaged or cut short?): %w", what, err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("%w: %d parts in the archive (at most %d)", errZipLimit, len(zr.File), maxZipEntries)
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxZipPart {
			return nil, fmt.Errorf("%w: part %s would expand to %s (at most %s)", errZipLimit, cleanName(f.Name), sizeName(f.UncompressedSize64), sizeName(maxZipPart))
		}
		if f.UncompressedSize64 > zipRatioFloor && f.UncompressedSize64 > maxZipRatio*max(f.CompressedSize64, 1) {
			return nil, fmt.Errorf("%w: part %s would expand from %s to %s (%d:1; at most %d:1)", errZipLimit, cleanName(f.Name),
				sizeName(f.CompressedSize64), sizeName(f.UncompressedSize64), f.UncompressedSize64/max(f.CompressedSize64, 1), maxZipRatio)
		}
		total += f.UncompressedSize64
		if total > maxZipTotal {
			return nil, fmt.Errorf("%w: the parts would expand to more than %s", errZipLimit, sizeName(maxZipTotal))
		}
	}
	if total > zipRatioFloor && total > maxZipRatio*uint64(len(data)) {
		// Entries sharing one compressed stream (an overlapping zip bomb).
		return nil, fmt.Errorf("%w: the %s file would expand to %s (%d:1; at most %d:1)", errZipLimit,
			sizeName(uint64(len(data))), sizeName(total), total/uint64(max(len(data), 1)), maxZipRatio)
	}
	return zr, nil
}

// zipPart finds a part by name (case-insensitive, as Office reads them).
func zipPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f
		}
	}
	return nil
}

// readZipPart reads a whole part of at most limit bytes.
func readZipPart(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%w: part %s is %s (at most %s)", errZipLimit, cleanName(f.Name), sizeName(f.UncompressedSize64), sizeName(uint64(limit)))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", cleanName(f.Name), err)
	}
	defer rc.Close()
	// The declared size is checked above, and archive/zip stops a part that
	// inflates past it: one buffer of that size holds it.
	b := make([]byte, f.UncompressedSize64)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, damagedPart(f, err)
	}
	var one [1]byte
	if n, err := rc.Read(one[:]); n > 0 || err != nil && err != io.EOF {
		if err == nil {
			err = zip.ErrFormat
		}
		return nil, damagedPart(f, err)
	}
	return b, nil
}

// damagedPart says a part could not be read to its end: it inflates past
// the size it declares (a zip bomb in disguise), fails its checksum, or is
// cut short.
func damagedPart(f *zip.File, err error) error {
	switch {
	case errors.Is(err, zip.ErrFormat):
		return fmt.Errorf("part %s is damaged: it holds more than the %s it declares (a zip bomb?)", cleanName(f.Name), sizeName(f.UncompressedSize64))
	case errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("part %s is damaged: its checksum does not match", cleanName(f.Name))
	}
	return fmt.Errorf("part %s is damaged: %w", cleanName(f.Name), err)
}

// cleanName is a part name fit for a message (sanitised, not too long).
func cleanName(s string) string { return excerpt(bank.Sanitize(s)) }

// sizeName writes a byte count as people read it: 611 KB, 3.1 MB.
func sizeName(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
