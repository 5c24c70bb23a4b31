package importer

import (
	"archive/zip"
	"bytes"
	"errors"
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
var errZipLimit = &Error{Code: "zip.limit"}

// limit is a refusal by the archive limits, for the reason given.
func limit(why *Error) error { return wrap(why, "zip.limit") }

// openZip opens an Office file after checking its declared sizes against
// the limits above. kind names the format in messages.
func openZip(data []byte, kind Kind) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, wrap(err, "zip.unreadable", Note{Code: "kind." + string(kind)})
	}
	if len(zr.File) > maxZipEntries {
		return nil, limit(fail("zip.parts", len(zr.File), maxZipEntries))
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxZipPart {
			return nil, limit(fail("zip.part-size", cleanName(f.Name), Size(f.UncompressedSize64), Size(maxZipPart)))
		}
		if f.UncompressedSize64 > zipRatioFloor && f.UncompressedSize64 > maxZipRatio*max(f.CompressedSize64, 1) {
			return nil, limit(fail("zip.part-ratio", cleanName(f.Name),
				Size(f.CompressedSize64), Size(f.UncompressedSize64), f.UncompressedSize64/max(f.CompressedSize64, 1), maxZipRatio))
		}
		total += f.UncompressedSize64
		if total > maxZipTotal {
			return nil, limit(fail("zip.total", Size(maxZipTotal)))
		}
	}
	if total > zipRatioFloor && total > maxZipRatio*uint64(len(data)) {
		// Entries sharing one compressed stream (an overlapping zip bomb).
		return nil, limit(fail("zip.file-ratio",
			Size(len(data)), Size(total), total/uint64(max(len(data), 1)), maxZipRatio))
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
func readZipPart(f *zip.File, maxSize int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(maxSize) {
		return nil, limit(fail("zip.part-size", cleanName(f.Name), Size(f.UncompressedSize64), Size(maxSize)))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, wrap(err, "zip.part", cleanName(f.Name))
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
		return fail("zip.bigger", cleanName(f.Name), Size(f.UncompressedSize64))
	case errors.Is(err, zip.ErrChecksum):
		return fail("zip.checksum", cleanName(f.Name))
	}
	return wrap(err, "zip.damaged", cleanName(f.Name))
}

// cleanName is a part name fit for a message (sanitised, not too long).
func cleanName(s string) string { return excerpt(bank.Sanitize(s)) }
