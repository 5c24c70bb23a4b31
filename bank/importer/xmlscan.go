package importer

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// xmlScanner reads the tokens of an XML part held in memory, without the
// allocations of encoding/xml (which spends most of a large Word
// document's import on them): element names are interned, attributes kept
// raw until asked for, text decoded into a reused buffer. It checks what
// the reader relies on — tags closed in order, known entities, nothing cut
// short — and leaves namespaces to the caller (local names only).
type xmlScanner struct {
	data   []byte
	pos    int
	names  map[string]string
	text   []byte // decoded text of the last text token
	attrs  []byte // raw attributes of the last start tag
	local  string // local name of the last start or end tag
	closed bool   // the last start tag was self-closing
}

type xmlTok int

const (
	xmlEOF xmlTok = iota
	xmlStart
	xmlEnd
	xmlText
)

// fail is malformed XML at byte at: the line, then what is wrong (code).
func (s *xmlScanner) fail(at int, code string, args ...any) error {
	return wrap(fail(code, args...), "xml.line", 1+bytes.Count(s.data[:min(at, len(s.data))], []byte{'\n'}))
}

func (s *xmlScanner) intern(b []byte) string {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		b = b[i+1:]
	}
	if n, ok := s.names[string(b)]; ok {
		return n
	}
	if s.names == nil {
		s.names = map[string]string{}
	}
	n := string(b)
	s.names[n] = n
	return n
}

func isNameByte(c byte) bool {
	return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '>' && c != '/' && c != '='
}

// next reads the next token.
func (s *xmlScanner) next() (xmlTok, error) {
	d := s.data
	for s.pos < len(d) {
		if d[s.pos] != '<' {
			end := bytes.IndexByte(d[s.pos:], '<')
			if end < 0 {
				end = len(d) - s.pos
			}
			raw := d[s.pos : s.pos+end]
			at := s.pos
			s.pos += end
			var err error
			if s.text, err = s.unescape(s.text[:0], raw, at); err != nil {
				return 0, err
			}
			return xmlText, nil
		}
		start := s.pos
		switch {
		case bytes.HasPrefix(d[s.pos:], []byte("<!--")):
			end := bytes.Index(d[s.pos+4:], []byte("-->"))
			if end < 0 {
				return 0, s.fail(start, "xml.comment")
			}
			s.pos += 4 + end + 3
			continue
		case bytes.HasPrefix(d[s.pos:], []byte("<![CDATA[")):
			end := bytes.Index(d[s.pos+9:], []byte("]]>"))
			if end < 0 {
				return 0, s.fail(start, "xml.cdata")
			}
			s.text = append(s.text[:0], d[s.pos+9:s.pos+9+end]...)
			s.pos += 9 + end + 3
			return xmlText, nil
		case bytes.HasPrefix(d[s.pos:], []byte("<?")):
			end := bytes.Index(d[s.pos:], []byte("?>"))
			if end < 0 {
				return 0, s.fail(start, "xml.pi")
			}
			s.pos += end + 2
			continue
		case bytes.HasPrefix(d[s.pos:], []byte("<!")):
			return 0, s.fail(start, "xml.doctype")
		}
		end := s.tagEnd(s.pos + 1)
		if end < 0 {
			return 0, s.fail(start, "xml.tag")
		}
		tag := d[s.pos+1 : end]
		s.pos = end + 1
		if len(tag) > 0 && tag[0] == '/' {
			name := bytes.TrimRight(tag[1:], " \t\r\n")
			if len(name) == 0 {
				return 0, s.fail(start, "xml.end-name")
			}
			s.local = s.intern(name)
			return xmlEnd, nil
		}
		s.closed = len(tag) > 0 && tag[len(tag)-1] == '/'
		if s.closed {
			tag = tag[:len(tag)-1]
		}
		n := 0
		for n < len(tag) && isNameByte(tag[n]) {
			n++
		}
		if n == 0 {
			return 0, s.fail(start, "xml.name")
		}
		s.local = s.intern(tag[:n])
		s.attrs = tag[n:]
		return xmlStart, nil
	}
	return xmlEOF, nil
}

// tagEnd finds the '>' that ends a tag, skipping quoted attribute values.
func (s *xmlScanner) tagEnd(i int) int {
	d := s.data
	for i < len(d) {
		switch d[i] {
		case '>':
			return i
		case '"', '\'':
			j := bytes.IndexByte(d[i+1:], d[i])
			if j < 0 {
				return -1
			}
			i += j + 2
			continue
		case '<':
			return -1
		}
		i++
	}
	return -1
}

// attr finds an attribute of the last start tag by its local name.
func (s *xmlScanner) attr(local string) (string, bool) {
	a := s.attrs
	for len(a) > 0 {
		a = bytes.TrimLeft(a, " \t\r\n")
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return "", false
		}
		name := bytes.TrimSpace(a[:eq])
		rest := bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return "", false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		val := rest[1 : 1+end]
		a = rest[2+end:]
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		if string(name) == local {
			v, err := s.unescape(nil, val, s.pos)
			if err != nil {
				return "", false
			}
			return string(v), true
		}
	}
	return "", false
}

// unescape appends raw with its entity and character references decoded.
func (s *xmlScanner) unescape(dst, raw []byte, at int) ([]byte, error) {
	for {
		i := bytes.IndexByte(raw, '&')
		if i < 0 {
			return append(dst, raw...), nil
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		semi := bytes.IndexByte(raw[:min(len(raw), 12)], ';')
		if semi < 0 {
			return dst, s.fail(at, "xml.amp")
		}
		ent := string(raw[1:semi])
		raw = raw[semi+1:]
		switch ent {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var n uint64
			var err error
			switch {
			case len(ent) > 2 && (ent[:2] == "#x" || ent[:2] == "#X"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case len(ent) > 1 && ent[0] == '#':
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				return dst, s.fail(at, "xml.entity", ent)
			}
			if err != nil || n > utf8.MaxRune {
				return dst, s.fail(at, "xml.charref", ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
}
