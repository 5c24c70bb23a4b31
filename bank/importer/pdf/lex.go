// Package pdf reads the text layer of a PDF file: the characters each page
// shows, where it shows them, as lines in reading order. It is a focused
// reader, not a renderer: it follows the cross-reference table (or stream,
// or rebuilds it when broken), page tree, content streams, form XObjects and
// fonts (ToUnicode CMaps, Identity-H CID fonts as LibreOffice and Word write
// them, the predefined Chinese CMaps, simple fonts with their encodings).
//
// Every input is untrusted: sizes, counts, nesting and total work are
// bounded (Limits), and damage gives an error, never a panic.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Object kinds: nil, bool, int64, float64, Name, String, Array, Dict, Ref,
// *Stream, and keyword (an operator in a content stream).
type (
	Name    string
	String  []byte
	Array   []any
	Dict    map[Name]any
	keyword string
)

// Ref is an indirect reference "n g R".
type Ref struct {
	Num int64
	Gen int64
}

// Stream is a stream object: its dictionary and its raw (still encoded)
// bytes, a slice of the file.
type Stream struct {
	Dict Dict
	Raw  []byte
}

var errSyntax = errors.New("syntax error")

// lexer reads PDF tokens from a byte slice.
type lexer struct {
	b   []byte
	pos int
	// depth bounds the nesting of arrays and dictionaries.
	depth int
	// noRefs: a content stream, where "n g R" is no reference.
	noRefs bool
}

const maxNesting = 64

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isWhite(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// token returns the next token: a delimiter as a keyword ("[", "<<" …), a
// number, a name, a string, or a regular keyword. ok is false at the end.
func (l *lexer) token() (any, bool, error) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, false, nil
	}
	c := l.b[l.pos]
	switch c {
	case '[', ']', '{', '}':
		l.pos++
		return keyword(string(c)), true, nil
	case '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return keyword("<<"), true, nil
		}
		s, err := l.hexString()
		return s, true, err
	case '>':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
			l.pos += 2
			return keyword(">>"), true, nil
		}
		l.pos++
		return nil, true, fmt.Errorf("%w: stray '>' at byte %d", errSyntax, l.pos-1)
	case '(':
		s, err := l.litString()
		return s, true, err
	case ')':
		l.pos++
		return nil, true, fmt.Errorf("%w: stray ')' at byte %d", errSyntax, l.pos-1)
	case '/':
		return l.name(), true, nil
	}
	start := l.pos
	for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	w := l.b[start:l.pos]
	if len(w) == 0 {
		l.pos++
		return nil, true, fmt.Errorf("%w: unexpected byte %q at %d", errSyntax, c, start)
	}
	if n, ok := number(w); ok {
		return n, true, nil
	}
	return keyword(w), true, nil
}

// number reads an integer or a real ("12", "-3.5", ".5", "4.").
func number(w []byte) (any, bool) {
	c := w[0]
	if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') {
		return nil, false
	}
	dot := false
	digits := 0
	for i, c := range w {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == '-' || c == '+') && i == 0:
		default:
			return nil, false
		}
	}
	if digits == 0 {
		return nil, false
	}
	if !dot {
		if n, err := strconv.ParseInt(string(w), 10, 64); err == nil {
			return n, true
		}
	}
	f, err := strconv.ParseFloat(string(bytes.TrimPrefix(w, []byte("+"))), 64)
	if err != nil {
		return float64(0), true
	}
	return f, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) name() Name {
	l.pos++ // '/'
	start := l.pos
	for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	w := l.b[start:l.pos]
	if bytes.IndexByte(w, '#') < 0 {
		return Name(w)
	}
	out := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if w[i] == '#' && i+2 < len(w) {
			h, ok1 := unhex(w[i+1])
			lo, ok2 := unhex(w[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, w[i])
	}
	return Name(out)
}

func (l *lexer) hexString() (String, error) {
	l.pos++ // '<'
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return out, nil
		}
		if isWhite(c) {
			continue
		}
		v, ok := unhex(c)
		if !ok {
			return out, fmt.Errorf("%w: bad hex digit %q in a string", errSyntax, c)
		}
		if half {
			out = append(out, hi<<4|v)
			half = false
		} else {
			hi, half = v, true
		}
	}
	return out, fmt.Errorf("%w: hex string not closed", errSyntax)
}

func (l *lexer) litString() (String, error) {
	l.pos++ // '('
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, nil
			}
		case '\r':
			// An end of line in a string is a \n, whatever it was.
			if l.pos < len(l.b) && l.b[l.pos] == '\n' {
				l.pos++
			}
			c = '\n'
		case '\\':
			if l.pos >= len(l.b) {
				return out, fmt.Errorf("%w: string not closed", errSyntax)
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out, fmt.Errorf("%w: string not closed", errSyntax)
}

// object reads one object; references "n g R" are recognised. Streams are
// not (the file reader handles "stream" after a dictionary).
func (l *lexer) object() (any, error) {
	tok, ok, err := l.token()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: unexpected end of data", errSyntax)
	}
	return l.complete(tok)
}

// complete finishes an object that starts with tok.
func (l *lexer) complete(tok any) (any, error) {
	switch t := tok.(type) {
	case keyword:
		switch t {
		case "[":
			return l.array()
		case "<<":
			return l.dict()
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return t, nil
	case int64:
		// "n g R"?
		save := l.pos
		if t >= 0 && !l.noRefs {
			if g, ok, _ := l.token(); ok {
				if gi, isInt := g.(int64); isInt && gi >= 0 {
					if r, ok, _ := l.token(); ok && r == keyword("R") {
						return Ref{Num: t, Gen: gi}, nil
					}
				}
			}
		}
		l.pos = save
		return t, nil
	}
	return tok, nil
}

func (l *lexer) array() (Array, error) {
	if l.depth++; l.depth > maxNesting {
		return nil, fmt.Errorf("%w: arrays and dictionaries nested too deep", errSyntax)
	}
	defer func() { l.depth-- }()
	var a Array
	for {
		tok, ok, err := l.token()
		if err != nil {
			return a, err
		}
		if !ok {
			return a, fmt.Errorf("%w: array not closed", errSyntax)
		}
		if tok == keyword("]") {
			return a, nil
		}
		v, err := l.complete(tok)
		if err != nil {
			return a, err
		}
		a = append(a, v)
	}
}

func (l *lexer) dict() (Dict, error) {
	if l.depth++; l.depth > maxNesting {
		return nil, fmt.Errorf("%w: arrays and dictionaries nested too deep", errSyntax)
	}
	defer func() { l.depth-- }()
	d := Dict{}
	for {
		tok, ok, err := l.token()
		if err != nil {
			return d, err
		}
		if !ok {
			return d, fmt.Errorf("%w: dictionary not closed", errSyntax)
		}
		if tok == keyword(">>") {
			return d, nil
		}
		k, isName := tok.(Name)
		if !isName {
			// Tolerate junk where a key belongs: skip it.
			continue
		}
		v, err := l.object()
		if err != nil {
			return d, err
		}
		if v == keyword(">>") {
			return d, nil
		}
		d[k] = v
	}
}
