package i18n

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer"
)

// ImportNote is a note of the importer's report in l.
func (l Lang) ImportNote(n importer.Note) string { return l.importText(n.Code, n.Args) }

// importText is the text of an importer code with its arguments.
func (l Lang) importText(code string, args []any) string {
	worded := make([]any, len(args))
	for i, a := range args {
		worded[i] = l.argText(a)
	}
	return l.T("importer."+code, worded...)
}

// argText words the arguments the importer passes as values: a Note (the
// code of a word), Lines, a Size. Anything else is left to fmt.
func (l Lang) argText(a any) any {
	switch v := a.(type) {
	case importer.Note:
		return l.ImportNote(v)
	case importer.Lines:
		return l.lineRanges(v)
	case importer.Size:
		return l.size(uint64(v))
	}
	return a
}

// ImportError is err in l: an *importer.Error is worded from the catalog,
// outermost first ("a.docx: part word/document.xml: malformed XML …");
// what it wraps that is not an *importer.Error (a library's error) follows
// as it says itself. Any other error is its own text.
func (l Lang) ImportError(err error) string {
	var b strings.Builder
	for err != nil {
		if list, ok := err.(bank.ErrorList); ok { // a bank file's errors, one a line
			for i, e := range list {
				if i > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(l.BankError(e))
			}
			break
		}
		e, ok := err.(*importer.Error)
		if !ok {
			b.WriteString(err.Error())
			break
		}
		b.WriteString(l.importText(e.Code, e.Args))
		if e.Err == nil {
			break
		}
		b.WriteString(l.T("importer.sep"))
		err = e.Err
	}
	return bank.Sanitize(b.String())
}

// BankError words one error of a bank file in l: FILE:LINE: message.
func (l Lang) BankError(e *bank.Error) string {
	msg := e.Msg
	if e.Code != "" && Has("bankfmt."+e.Code) {
		msg = l.T("bankfmt."+e.Code, e.Args...)
	}
	return bank.Sanitize(fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg))
}

// WriteImportReport writes the importer's report for the terminal in l: a
// summary line per type, then every skipped, noted, unanswered and
// unplaced item with its line number. Every text in it comes from
// sanitised input; the whole is sanitised once more.
func (l Lang) WriteImportReport(w io.Writer, r *importer.Report) error {
	var b strings.Builder
	line := func(code string, args ...any) {
		b.WriteString(l.importText(code, args))
		b.WriteByte('\n')
	}
	notes := func(ns []importer.Note) string {
		parts := make([]string, len(ns))
		for i, n := range ns {
			parts[i] = l.ImportNote(n)
		}
		return strings.Join(parts, l.T("importer.notes_sep"))
	}
	line("report.head", r.File, importer.Note{Code: "kind." + string(r.Kind)}, r.Encoding, r.Bank, r.Total)
	for _, ty := range bank.Types {
		if n := r.ByType[ty]; n > 0 {
			line("report.type", string(ty), ZH.TypeLabel(string(ty)), n)
		}
	}
	if r.Kept > 0 {
		line("report.kept", r.Kept)
	}
	if r.Boilerplate+r.LineNumbers+r.Pinyin > 0 {
		line("report.cleaned", r.Boilerplate, r.LineNumbers, r.Pinyin)
	}
	if r.Traditional > 0 {
		line("report.traditional", r.Traditional)
	}
	for _, n := range r.Notes {
		line("report.note", n)
	}
	if len(r.Skipped) > 0 {
		line("report.skipped", len(r.Skipped))
		for _, it := range r.Skipped {
			line("report.skipped.item", it.Line, notes(it.Reasons), it.Text)
		}
	}
	if len(r.Noted) > 0 {
		line("report.noted", importer.ProblemTag, len(r.Noted))
		for _, it := range r.Noted {
			line("report.noted.item", it.Line, it.ID, notes(it.Reasons), it.Text)
		}
	}
	if len(r.NoAnswer) > 0 {
		line("report.noanswer", len(r.NoAnswer))
		for _, it := range r.NoAnswer {
			line("report.noanswer.item", it.Line, it.ID, string(it.Type), it.Text)
		}
	}
	if len(r.Unplaced) > 0 {
		line("report.unplaced", len(r.Unplaced))
		for _, u := range r.Unplaced {
			line("report.unplaced.item", u.Line, u.Text)
		}
	}
	_, err := io.WriteString(w, bank.Sanitize(b.String()))
	return err
}

// lineRanges writes line numbers as "3-7, 12, 40-41": runs joined, the
// first 20 runs, then how many lines there are in all.
func (l Lang) lineRanges(lines []int) string {
	var b strings.Builder
	runs := 0
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if runs == 20 {
			b.WriteString(l.T("importer.lines_more", len(lines)))
			break
		}
		if runs > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(lines[i]))
		if j > i {
			b.WriteString("-" + strconv.Itoa(lines[j]))
		}
		runs++
		i = j + 1
	}
	return b.String()
}

// size writes a byte count as people read it: 611 KB, 3.1 MB.
func (l Lang) size(n uint64) string {
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
	return l.T("importer.bytes", n)
}
