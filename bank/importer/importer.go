// Package importer takes in the learner's own question banks (issue 5): the
// bank text format, CSV/TSV and XLSX in the common exam-app template, and raw
// 题库 text as scraped documents have it. It reports exactly what it
// understood, gives every question a stable ID, and writes banks out again as
// CSV (same template, lossless round trip) and as an Anki-importable TSV.
//
// Everything it returns has been through bank.Sanitize: no control
// character or terminal escape sequence of the input survives.
package importer

import (
	"crypto/sha1"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/shuati/shuati/bank"
)

// Kind is the kind of input Import recognised.
type Kind string

const (
	KindBank Kind = "bank" // the bank text format (README.md, "The bank format")
	KindCSV  Kind = "csv"  // comma separated, exam-app template
	KindTSV  Kind = "tsv"  // tab separated, exam-app template
	KindXLSX Kind = "xlsx" // Excel workbook, first sheet, exam-app template
	KindRaw  Kind = "raw"  // raw 题库 text
)

// TF mark placement for raw true/false sections (Options.TFMarks).
const (
	TFAuto   = ""       // decide from the layout; drop the answers when it cannot tell
	TFAfter  = "after"  // a mark between two statements belongs to the one before it
	TFBefore = "before" // … to the one after it
)

// Options controls Import.
type Options struct {
	// Name is the bank name (letters, digits, - and _). Empty: derived from
	// the file name (the bank format's own "bank:" header wins for that kind).
	Name string
	// Title of the bank; empty: the file name without extension, or the
	// document's own title.
	Title string
	// Kind forces the input kind; empty: detected.
	Kind Kind
	// Previous is the bank as the last import of the same name stored it
	// (store.UserBank). Its IDs are kept for questions whose stem is unchanged
	// or lightly edited (see AssignIDs).
	Previous *bank.Bank
	// TFMarks says where a √/× mark standing between two true/false
	// statements belongs: TFAuto, TFAfter or TFBefore.
	TFMarks string
}

// Import reads one file's content. name is the file name (used for the
// default bank name and title, and in messages). It returns the bank (IDs
// assigned), the report, and an error only when nothing usable could be read
// (a bank-format file with errors, an empty table, no question at all).
//
// Import copies data; ImportString reads a string in place.
func Import(name string, data []byte, opts Options) (b *bank.Bank, rep *Report, err error) {
	return ImportString(name, string(data), opts)
}

// ImportString is Import of a file's content held in a string: text is
// read in place and the fields of the bank are slices of it (a file read
// into a strings.Builder costs no second copy).
func ImportString(name, data string, opts Options) (b *bank.Bank, rep *Report, err error) {
	rep = &Report{File: name}
	switch opts.TFMarks {
	case TFAuto, TFAfter, TFBefore:
	default:
		return nil, rep, fail("file.tf-marks", opts.TFMarks, TFBefore, TFAfter)
	}
	kind := opts.Kind
	if kind == "" {
		if kind, err = sniff(data); err != nil {
			return nil, rep, inFile(name, err)
		}
	}
	var text, enc string
	var damaged bool
	if !documentKind(kind) {
		text, enc, damaged, err = decode(data)
	}
	if err != nil {
		return nil, rep, inFile(name, err)
	}
	rep.Encoding = enc
	if enc == encMixed {
		raw := []byte(strings.TrimPrefix(data, "\ufeff"))
		lines := classifyLines(raw)
		_, gbk, utf, _ := decodeMixed(raw, lines)
		rep.GBKLines = gbk
		rep.Notes = append(rep.Notes, note("enc.mixed", 0, Lines(gbk), Lines(utf)))
		for _, l := range lines {
			if l.enc == lineDamaged {
				rep.Invalid = append(rep.Invalid, l.n)
			}
		}
		if len(rep.Invalid) > 0 {
			rep.Notes = append(rep.Notes, note("enc.invalid-utf8-lines", 0, Lines(rep.Invalid)))
		}
	}
	if damaged {
		// Kept as UTF-8 (see mostlyUTF8): the bad bytes show as U+FFFD.
		lines, n := invalidUTF8Lines([]byte(strings.TrimPrefix(data, "\ufeff")))
		rep.Invalid = lines
		rep.Notes = append(rep.Notes, note("enc.invalid-utf8", 0, n, Lines(lines)))
	}
	if kind == "" {
		kind = detect(name, data, text)
	}
	rep.Kind = kind

	switch kind {
	case KindBank:
		b, err = bank.ParseBytes(name, []byte(text), bank.ParseOptions{})
		if err != nil {
			return nil, rep, err
		}
		if opts.Name != "" {
			if !ValidName(opts.Name) {
				return nil, rep, fail("file.bad-name", opts.Name)
			}
			b.Name = opts.Name
			for _, q := range b.Questions {
				q.Bank = b.Name
			}
		}
		if opts.Title != "" {
			b.Title = opts.Title
		}
		kept := b.Questions[:0]
		for _, q := range b.Questions {
			if r, bad := heldProblem(q); bad {
				rep.Skipped = append(rep.Skipped, Item{Line: q.Line, ID: q.ID, Type: q.Type, Text: excerpt(q.Stem), Reasons: []Note{r}})
				continue
			}
			rep.recognised(q)
			kept = append(kept, q)
		}
		b.Questions = kept
		finishReport(b, rep)
		if len(b.Questions) == 0 {
			return b, rep, inFile(name, fail("file.no-question"))
		}
		return b, rep, nil
	case KindCSV, KindTSV:
		sep := ','
		if kind == KindTSV {
			sep = '\t'
		}
		b, err = readTable(name, text, sep, rep)
	case KindXLSX:
		var rows [][]string
		rows, err = readXLSX([]byte(data))
		if err == nil {
			b, err = tableBank(name, rows, rep)
		}
	case KindDocx:
		b, err = readDocx(name, []byte(data), opts, rep)
	case KindPDF:
		b, err = readPDF(name, []byte(data), opts, rep)
	case KindRaw:
		b = parseRaw(name, text, opts, rep)
	default:
		err = fail("file.kind-unknown", string(kind))
	}
	if err != nil {
		return nil, rep, inFile(name, err)
	}

	bn := opts.Name
	if bn == "" {
		bn = DefaultName(name)
	}
	if !ValidName(bn) {
		return nil, rep, fail("file.bad-name", bn)
	}
	b.Name = bn
	b.File = name
	if opts.Title != "" {
		b.Title = opts.Title
	}
	if b.Title == "" {
		b.Title = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	b.Title = bank.Sanitize(b.Title)
	if b.Source == "" {
		b.Source = filepath.Base(name)
	}
	b.Source = bank.Sanitize(b.Source)
	for _, q := range b.Questions {
		q.Bank = b.Name
		q.Source = b.Source
		rep.recognised(q)
	}
	rep.Kept = AssignIDs(b, opts.Previous)
	if len(rep.Noted) > 0 {
		byLine := make(map[int]string, len(b.Questions))
		for _, q := range b.Questions {
			byLine[q.Line] = q.ID
		}
		for i := range rep.Noted {
			if rep.Noted[i].ID == "" {
				rep.Noted[i].ID = byLine[rep.Noted[i].Line]
			}
		}
	}
	finishReport(b, rep)
	if len(b.Questions) == 0 {
		return b, rep, inFile(name, fail("file.no-question"))
	}
	return b, rep, nil
}

// finishReport counts what the report derives from the final bank.
func finishReport(b *bank.Bank, rep *Report) {
	rep.Bank = b.Name
	rep.Total = len(b.Questions)
	for _, q := range b.Questions {
		if q.Answer == nil && !(q.Type == bank.Case && caseHasAnswer(q)) {
			rep.NoAnswer = append(rep.NoAnswer, Item{Line: q.Line, ID: q.ID, Type: q.Type, Text: excerpt(q.Stem)})
		}
		if hasTraditional(q.Stem) {
			rep.Traditional++
		}
	}
}

func caseHasAnswer(q *bank.Question) bool {
	for _, p := range q.Parts {
		if p.Answer != nil {
			return true
		}
	}
	return false
}

// decode turns the file's content into clean UTF-8 text: byte-order marks
// (UTF-8, UTF-16) removed, UTF-16 and GB18030/GBK converted, line endings
// made \n. It names the encoding it found. UTF-8 that needs no change is
// data itself. damaged says it is UTF-8 with invalid bytes (Sanitize shows
// them as U+FFFD).
func decode(data string) (text, enc string, damaged bool, err error) {
	enc = "UTF-8"
	switch {
	case strings.HasPrefix(data, "\ufeff"):
		data = data[3:]
		enc = "UTF-8 with BOM"
		if !utf8.ValidString(data) {
			if lines := classifyLines([]byte(data)); mixedEncoding(lines) {
				out, _, _, err := decodeMixed([]byte(data), lines)
				if err != nil {
					return "", "", false, wrap(err, "text.mixed")
				}
				data, enc = string(out), encMixed
			} else {
				damaged = true
			}
		}
	case strings.HasPrefix(data, "\xff\xfe"), strings.HasPrefix(data, "\xfe\xff"):
		out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder().String(data)
		if err != nil {
			return "", "", false, wrap(err, "text.utf16")
		}
		data, enc = out, "UTF-16"
	case isZip(data):
		return "", "zip", false, nil
	case utf8.ValidString(data):
	default:
		raw := []byte(data)
		switch lines := classifyLines(raw); {
		case mixedEncoding(lines):
			out, _, _, err := decodeMixed(raw, lines)
			if err != nil {
				return "", "", false, wrap(err, "text.mixed")
			}
			data, enc = string(out), encMixed
		case mostlyUTF8(raw):
			damaged = true
		default:
			out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
			if err != nil {
				return "", "", false, wrap(err, "text.encoding")
			}
			data, enc = string(out), "GB18030/GBK"
		}
	}
	if strings.IndexByte(data, '\r') >= 0 {
		data = strings.ReplaceAll(data, "\r\n", "\n")
		data = strings.ReplaceAll(data, "\r", "\n")
	}
	return data, enc, damaged, nil
}

func isZip(data string) bool { return strings.HasPrefix(data, "PK\x03\x04") }

// detect guesses the input kind from the content (and the extension as a
// tie-breaker).
func detect(name, data, text string) Kind {
	if isZip(data) {
		return KindXLSX
	}
	ext := strings.ToLower(filepath.Ext(name))
	first := text
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	first = strings.TrimPrefix(first, "\ufeff")
	if n := headerMatches(splitSimple(first, '\t')); n >= 2 {
		return KindTSV
	}
	if n := headerMatches(splitSimple(first, ',')); n >= 2 {
		return KindCSV
	}
	if looksLikeBank(text) {
		return KindBank
	}
	switch ext {
	case ".tsv":
		return KindTSV
	case ".csv":
		return KindCSV
	}
	return KindRaw
}

// looksLikeBank reports a "bank:" header line among the first lines of the
// file (after the title) and at least one "[ID]" question line.
func looksLikeBank(text string) bool {
	header, qline := false, false
	nonEmpty := 0
	n := -1
	for l := range strings.SplitSeq(text, "\n") { // no slice of every line
		n++
		l = trimSpace(l)
		if l != "" {
			nonEmpty++
		}
		if !header && nonEmpty <= 5 && (strings.HasPrefix(l, "bank:") || strings.HasPrefix(l, "bank：")) {
			header = true
		}
		if strings.HasPrefix(l, "[") {
			if j := strings.IndexByte(l, ']'); j > 1 {
				id := strings.Fields(l[1:j])
				if len(id) >= 1 && validID(id[0]) {
					qline = true
				}
			}
		}
		if header && qline {
			return true
		}
		if n > 200 && !header {
			return false
		}
	}
	return false
}

func validID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ValidName reports whether s can be a bank name: letters, digits, - and _.
func ValidName(s string) bool { return validID(s) && !strings.Contains(s, ".") }

// DefaultName derives a bank name from a file name: its ASCII letters and
// digits (lower-cased, other runs become "-"); a name with none (e.g. a
// Chinese file name) becomes "import-" plus six hex digits of a hash of the
// file name, so re-importing the same file lands in the same bank.
func DefaultName(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(base) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if b.Len() > 0 && !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 40 {
		s = strings.Trim(s[:40], "-")
	}
	if s == "" || !hasLetter(s) {
		h := sha1.Sum([]byte(base))
		if s != "" {
			return "import-" + s + "-" + hex.EncodeToString(h[:3])
		}
		return "import-" + hex.EncodeToString(h[:3])
	}
	return s
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			return true
		}
	}
	return false
}

// hasTraditional reports characters that exist only in traditional Chinese
// (a small, common set: enough to tell a traditional rendering).
func hasTraditional(s string) bool {
	return nextIn(s, 0, traditionalSet, nil) < len(s)
}

const traditionalOnly = "們個來這說對時國會過還於後從當與開關發見長門問間無經裡讓請應進實現點體數據係統務戶滿費覽購買賣認識處題庫頁閱讀檔選擇單項簡論術護擁導視聽話語億筆優勢營銷顧遠錯價產資訊員網區歸傳雙變專聯綜總極質電動萬標準為計劃設達運業續線將報記錄興額顯響頭類須衛紀紹績調歡觀覺"

func excerpt(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

// mostlyUTF8 tells UTF-8 text with a few stray bytes (kept, shown as U+FFFD)
// from text in another encoding. Valid UTF-8 is UTF-8. Otherwise the bytes
// are read both ways: as UTF-8 they have bad invalid sequences among good
// multi-byte characters; as GB18030 they have rare characters — outside
// GB2312 (lead and trail byte A1–FE), four-byte sequences, or invalid.
// GBK/GB18030 Chinese is almost never valid UTF-8 (nearly every character
// is an invalid sequence) and mostly GB2312; UTF-8 Chinese read as GB18030
// lands outside GB2312 for about half its byte pairs (UTF-8 continuation
// bytes 80–A0). So it is UTF-8 when the invalid sequences are under 1% of
// the non-ASCII characters, or fewer than the GB18030 reading's rare ones.
func mostlyUTF8(data []byte) bool {
	if utf8.Valid(data) {
		return true
	}
	bad, good := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			good++
		}
		i += size
	}
	if bad*100 < bad+good {
		return true
	}
	return bad < gbRare(data)
}

// gbRare counts the characters of data read as GB18030 that are rare in
// Chinese text: two-byte characters outside GB2312, four-byte sequences,
// and invalid bytes.
func gbRare(data []byte) int {
	rare := 0
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < 0x80:
			i++
		case c == 0x80 || c == 0xff || i+1 >= len(data):
			rare++
			i++
		case data[i+1] >= 0x30 && data[i+1] <= 0x39:
			// four-byte: lead, 30–39, 81–FE, 30–39
			rare++
			if i+3 < len(data) && data[i+2] >= 0x81 && data[i+2] <= 0xfe && data[i+3] >= 0x30 && data[i+3] <= 0x39 {
				i += 4
			} else {
				i++
			}
		case data[i+1] >= 0x40 && data[i+1] <= 0xfe && data[i+1] != 0x7f:
			if !(c >= 0xa1 && c <= 0xf7 && data[i+1] >= 0xa1) {
				rare++
			}
			i += 2
		default:
			rare++
			i++
		}
	}
	return rare
}

// invalidUTF8Lines returns the line numbers (counted as the reader counts
// them: \n, \r\n or a lone \r ends a line) of the invalid UTF-8 sequences
// in data, and how many there are.
func invalidUTF8Lines(data []byte) ([]int, int) {
	var lines []int
	n, line := 0, 1
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c == '\n' || c == '\r' && (i+1 >= len(data) || data[i+1] != '\n') {
				line++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			n++
			if len(lines) == 0 || lines[len(lines)-1] != line {
				lines = append(lines, line)
			}
		}
		i += size
	}
	return lines, n
}
