package importer

import "fmt"

// Note is one message of the report: a code naming what happened and its
// arguments. The importer never writes sentences into the report: the
// interface's catalog (ui/i18n) has a text in each language for every code
// of Codes, so the report shows in the learner's language.
type Note struct {
	Code string // one of Codes, e.g. "key.given"
	Line int    // the input line (table row) it is about; 0 for the whole file
	// Args are the arguments of the message's format, in order: numbers,
	// texts from the input, Lines, Size, or a Note (the code of a word,
	// such as a kind of file).
	Args []any
}

// note makes a Note.
func note(code string, line int, args ...any) Note { return Note{Code: code, Line: line, Args: args} }

// String is the code and its arguments, for logs and tests.
func (n Note) String() string { return fmt.Sprint(append([]any{n.Code}, n.Args...)...) }
