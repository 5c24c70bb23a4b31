package importer

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Files put together from several sources mix encodings: a bank copied out
// of a UTF-8 web page with a section pasted from an old GBK document. Such
// a file is read line by line, each line in its own encoding.

// encMixed is Report.Encoding for a file that mixes UTF-8 and GB18030/GBK.
const encMixed = "UTF-8 + GB18030/GBK"

// lineEncoding is how one line of a file that is not valid UTF-8 reads.
type lineEncoding byte

const (
	lineASCII   lineEncoding = iota // only ASCII: the same in both
	lineUTF8                        // valid UTF-8 with Chinese (or other) text
	lineDamaged                     // UTF-8 with a few invalid bytes
	lineGBK                         // GB18030/GBK
)

// fileLine is one line of the raw bytes: data[start:end] without its end
// of line; n counts lines as the reader does (\n, \r\n or a lone \r).
type fileLine struct {
	start, end, n int
	enc           lineEncoding
}

// classifyLines splits data into lines and tells each line's encoding: a
// line that is valid UTF-8 is UTF-8; one with invalid bytes is damaged
// UTF-8 when mostlyUTF8 says so, GB18030/GBK otherwise.
func classifyLines(data []byte) []fileLine {
	var lines []fileLine
	n := 0
	for start := 0; start <= len(data); {
		end := start
		for end < len(data) && data[end] != '\n' && data[end] != '\r' {
			end++
		}
		n++
		l := data[start:end]
		enc := lineASCII
		switch {
		case isASCIIBytes(l):
		case utf8.Valid(l):
			enc = lineUTF8
		case gbkText(l):
			enc = lineGBK
		default:
			enc = lineDamaged
		}
		lines = append(lines, fileLine{start, end, n, enc})
		if end >= len(data) {
			break
		}
		if data[end] == '\r' && end+1 < len(data) && data[end+1] == '\n' {
			end++
		}
		start = end + 1
	}
	return lines
}

// gbkText reports a line that reads as GB18030/GBK Chinese: not UTF-8 with
// a few stray bytes (mostlyUTF8), and as GB18030 nearly all of it in
// GB2312 (UTF-8 read as GB18030 lands outside it for about half its byte
// pairs).
func gbkText(l []byte) bool {
	if mostlyUTF8(l) {
		return false
	}
	pairs := 0
	for _, c := range l {
		if c >= 0x80 {
			pairs++
		}
	}
	pairs /= 2
	return gbRare(l)*10 <= pairs
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mixedEncoding reports whether the lines are both UTF-8 (valid, with text
// beyond ASCII) and GB18030/GBK.
func mixedEncoding(lines []fileLine) bool {
	var u, g bool
	for _, l := range lines {
		switch l.enc {
		case lineUTF8:
			u = true
		case lineGBK:
			g = true
		}
	}
	return u && g
}

// decodeMixed converts the GB18030/GBK lines to UTF-8 and keeps the others
// as they are (damaged UTF-8 bytes stay, for Sanitize to show as U+FFFD);
// lines end in \n. It returns the lines read as GB18030/GBK and as UTF-8
// (those with text beyond ASCII), for the report.
func decodeMixed(data []byte, lines []fileLine) (out []byte, gbk, utf []int, err error) {
	out = make([]byte, 0, len(data)+len(data)/2)
	dec := simplifiedchinese.GB18030.NewDecoder()
	for i, l := range lines {
		b := data[l.start:l.end]
		switch l.enc {
		case lineGBK:
			conv, err := dec.Bytes(b)
			if err != nil {
				return nil, nil, nil, err
			}
			out = append(out, conv...)
			gbk = append(gbk, l.n)
		case lineUTF8, lineDamaged:
			out = append(out, b...)
			utf = append(utf, l.n)
		default:
			out = append(out, b...)
		}
		if i < len(lines)-1 {
			out = append(out, '\n')
		}
	}
	return out, gbk, utf, nil
}
