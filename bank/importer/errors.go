package importer

import (
	"fmt"
	"strings"
)

// Error is why a file cannot be imported, or why a part of it cannot be
// read: a code and its arguments, which the interface puts into words in
// the learner's language (ui/i18n), and what it wraps — a more precise
// Error, or a library's error. Like the report's notes, it carries no
// sentence: Error() is for logs and tests.
type Error struct {
	Code string
	Args []any
	Err  error
}

// fail makes an Error.
func fail(code string, args ...any) *Error { return &Error{Code: code, Args: args} }

// wrap makes an Error that says what err was about.
func wrap(err error, code string, args ...any) *Error {
	return &Error{Code: code, Args: args, Err: err}
}

// inFile is err as it is returned: about the file name (code "file").
func inFile(name string, err error) error {
	if err == nil {
		return nil
	}
	return wrap(err, "file", name)
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Code == "file" && len(e.Args) == 1 {
		fmt.Fprint(&b, e.Args[0])
	} else {
		b.WriteString(e.Code)
		for _, a := range e.Args {
			fmt.Fprintf(&b, " %v", a)
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches an Error of the same code that has no arguments (a sentinel
// such as errZipLimit).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Args == nil && t.Err == nil && t.Code == e.Code
}

// Lines are input line numbers as a message's argument: the interface
// writes them as ranges ("3-7, 12").
type Lines []int

// Size is a byte count as a message's argument (611 KB, 3.1 MB).
type Size uint64

// Codes are all the codes of notes, report headings and errors; the
// catalog (ui/i18n) has a Chinese and an English text for each, and
// TestMessageCodes checks the list against the code.
var Codes = []string{
	// The report's layout.
	"report.head", "report.kept", "report.cleaned", "report.traditional", "report.note",
	"report.skipped", "report.skipped.item", "report.noted", "report.noted.item",
	"report.noanswer", "report.noanswer.item", "report.unplaced", "report.unplaced.item", "report.type",
	// Kinds of input.
	"kind.bank", "kind.csv", "kind.tsv", "kind.xlsx", "kind.raw", "kind.docx", "kind.pdf",
	// Notes.
	"pdf.cleaned", "enc.invalid-utf8", "enc.invalid-utf8-lines", "enc.mixed",
	"skip.no-options", "skip.options-no-stem", "skip.one-option", "skip.mark-no-statement",
	"skip.answer-no-question", "skip.parts-no-material", "skip.no-stem", "skip.shared-unused",
	"skip.repeated-option", "skip.empty-last-option", "skip.option-letters",
	"answer.not-letters", "answer.no-such-option", "answer.not-tf", "fill.blank-count", "tf.two-marks",
	"garbled.end", "garbled.number", "num.absorbed", "table.type-unknown", "table.cell-no-header", "table.bad-id",
	"key.given", "key.range", "key.count", "key.no-question", "key.table-count", "key.no-section",
	"implicit.answers", "tf.undecided", "tf.mark-no-statement",
	// Errors: the file, its text, its kind.
	"file", "file.no-question", "file.kind-unknown", "file.tf-marks", "file.bad-name", "file.format-unknown",
	"file.folder", "file.not-regular", "file.too-big", "file.grew", "file.read",
	"text.mixed", "text.utf16", "text.encoding",
	"detect.not-bank", "detect.binary", "detect.zip-damaged", "detect.pptx", "detect.office-save", "detect.zip-other",
	"detect.ole-locked", "detect.doc", "detect.xls", "detect.ppt", "detect.ole",
	"what.png", "what.jpeg", "what.gif", "what.webp", "what.tiff", "what.rtf", "what.gzip", "what.7z", "what.rar",
	"what.elf", "what.exe", "what.djvu", "what.heic", "what.odt", "what.ods", "what.odp", "what.epub", "what.odf",
	// Errors: Word, Excel, tables, archives, PDF.
	"docx.table", "docx.no-text", "docx.no-document", "docx.part", "docx.styles-xml", "docx.numbering-xml",
	"docx.unclosed", "docx.too-deep",
	"xlsx.unreadable", "xlsx.no-sheet", "xlsx.sheet", "xlsx.rows", "xlsx.row", "xlsx.strings", "xlsx.cells",
	"xlsx.sheet-rows", "xlsx.row-cells", "xlsx.row-number", "xlsx.cell-ref",
	"table.empty", "table.no-stem-column",
	"zip.unreadable", "zip.limit", "zip.parts", "zip.part-size", "zip.part-ratio", "zip.total", "zip.file-ratio",
	"zip.part", "zip.bigger", "zip.checksum", "zip.damaged",
	"pdf.encrypted", "pdf.limit", "pdf.unreadable", "pdf.scanned", "pdf.no-tounicode", "pdf.no-text",
	"xml.line", "xml.comment", "xml.cdata", "xml.pi", "xml.doctype", "xml.tag", "xml.end-name", "xml.name",
	"xml.amp", "xml.entity", "xml.charref", "xml.mismatch",
}
