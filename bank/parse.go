package bank

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// ParseOptions controls Parse.
type ParseOptions struct {
	// Strict adds the consistency checks used for the built-in bank and
	// `shuati bank check`: a title line; no text outside questions; option
	// keys consecutive from A; at least two options on a choice question;
	// choice answers naming existing options; fill answers with one entry per
	// blank of the stem; a stem on every question; at least one 问： in a case;
	// no empty 答案.
	//
	// Without it, only what makes a file unreadable is an error: a missing or
	// bad bank name, an unknown type, a question without a type, a duplicate
	// ID, duplicate fields, and answers that cannot be read for their type.
	Strict bool
}

// Error is one problem found in a bank file. It prints as FILE:LINE: message.
type Error struct {
	File string
	Line int
	Code string // one of ParseCodes: what the catalog words
	Args []any  // the arguments of the code's text, in order
	Msg  string // the English text
}

func (e *Error) Error() string { return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg }

// ErrorList is every problem Parse found, in line order. It prints one per
// line.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Field keys, at the start of a line and followed by a full-width or
// half-width colon.
const (
	keyAnswer      = "答案"
	keyExplanation = "解析"
	keyTags        = "标签"
	keyNote        = "注"
	keyPartStem    = "问"
	keyPartAnswer  = "答"
)

// Parse reads one bank file in the format of README.md ("The bank format").
// name is the file name used in errors and in Bank.File. On error it returns
// a nil bank and an ErrorList holding every problem found.
func Parse(name string, r io.Reader, opts ParseOptions) (*Bank, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ParseBytes(name, data, opts)
}

// ParseBytes is Parse on a file already in memory.
func ParseBytes(name string, data []byte, opts ParseOptions) (*Bank, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	p := &parser{
		file:   name,
		strict: opts.Strict,
		b:      &Bank{File: name},
		ids:    make(map[string]int),
	}
	text := string(data)
	line := 0
	for len(text) > 0 {
		line++
		var l string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, ""
		}
		p.line(line, l)
	}
	p.finish()
	p.end()
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
		return nil, p.errs
	}
	return p.b, nil
}

type parser struct {
	file   string
	strict bool
	errs   ErrorList
	b      *Bank

	started   bool // a non-blank line has been seen (the title must be the first)
	titleLine int
	nameLine  int
	srcLine   int
	body      bool // a section or question has been seen: header lines are over

	secTitle string
	secType  Type
	secBad   bool // the section's {type} was unknown: already reported

	cur   *qbuild
	ids   map[string]int
	stray bool // inside a run of text outside any question (reported once)
}

// field is the text of one field of a question, line by line.
type field struct {
	line  int
	set   bool
	lines []string
}

type optBuild struct {
	key   string
	line  int
	lines []string
}

type partBuild struct {
	line int
	stem field
	ans  field
}

type qbuild struct {
	q        *Question
	skip     bool // type unknown: parsed for errors only, never added
	stem     field
	opts     []optBuild
	ans      field
	expl     field
	tags     field
	note     field
	parts    []partBuild
	target   *[]string // where continuation lines go
	inFields bool      // a field has begun: option markers are text from here on
}

// parseMessages are the English texts of Parse's errors by code; the
// CLI and the TUI word them in the learner's language through the ui/i18n
// catalog ("bankfmt." + code), with the same arguments.
var parseMessages = map[string]string{
	"dup_bank":          "duplicate header line \"bank:\" (first at line %d)",
	"bad_name":          "bad bank name %q: use letters, digits, - and _",
	"dup_source":        "duplicate header line \"source:\" (first at line %d)",
	"stray_text":        "text outside a question (start a question with [ID], or write \\ before a literal line)",
	"text_before":       "text before the first question: only \"# title\", \"bank:\" and \"source:\" go here",
	"answer_before_ask": "答： before any 问：",
	"dup_answer":        "duplicate 答： for one 问： (first at line %d)",
	"dup_field":         "duplicate %s： (first at line %d)",
	"unknown_type":      "unknown type %q (want one of %s)",
	"no_type":           "question %s has no type: put {type} on its section heading or write [%s TYPE]",
	"dup_id":            "duplicate ID %q (first at line %d)",
	"no_bank":           "missing header line \"bank: NAME\"",
	"no_title":          "missing title line \"# TITLE\" at the top of the file",
	"no_stem":           "question %s has no stem",
	"option_order":      "option %s out of order: want %s",
	"option_empty":      "option %s is empty",
	"few_options":       "%s question %s needs at least 2 options, has %d",
	"ask_empty":         "问： has no text",
	"answer_empty":      "empty 答：",
	"case_no_ask":       "case %s has no 问： sub-question",
	"key_empty":         "empty 答案： (leave the line out when the source gives no answer)",
	"key_letters":       "answer %q: want option letters A-J",
	"key_single":        "answer %q: a single-choice answer is one letter",
	"key_no_option":     "answer %q names no option %c (options are A-%c)",
	"key_tf":            "answer %q: want 对/错, √/×, 正确/错误 or true/false",
	"key_blank_empty":   "answer %q has an empty blank (blanks are separated by ；, alternatives by |)",
	"fill_no_blank":     "fill question %s has no blank: mark each blank with ____ or （ ）",
	"blank_count":       "answer has %d blanks, the stem has %d",
}

// ParseCodes lists every code an Error can carry.
var ParseCodes = func() []string {
	codes := make([]string, 0, len(parseMessages))
	for c := range parseMessages {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}()

// errorf records the error of that code at line.
func (p *parser) errorf(line int, code string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Code: code, Args: args, Msg: fmt.Sprintf(parseMessages[code], args...)})
}

func (p *parser) line(n int, raw string) {
	if len(raw) > 0 && raw[len(raw)-1] == '\r' {
		raw = raw[:len(raw)-1]
	}
	s := Sanitize(raw)
	if len(s) > 0 && s[0] == '\\' {
		p.started = true
		p.text(n, strings.TrimRightFunc(s[1:], unicode.IsSpace))
		return
	}
	s = strings.TrimSpace(s)
	if s == "" {
		if p.cur != nil && p.cur.target != nil {
			*p.cur.target = append(*p.cur.target, "")
		}
		return
	}
	first := !p.started
	p.started = true

	// Section heading.
	if strings.HasPrefix(s, "## ") || s == "##" {
		p.finish()
		p.body = true
		p.stray = false
		p.section(n, strings.TrimSpace(s[2:]))
		return
	}
	// Question line.
	if s[0] == '[' {
		if id, typ, rest, ok := splitQuestionLine(s); ok {
			p.finish()
			p.body = true
			p.stray = false
			p.question(n, id, typ, rest)
			return
		}
	}
	if !p.body {
		if first && (strings.HasPrefix(s, "# ") || s == "#") {
			p.b.Title = strings.TrimSpace(s[1:])
			p.titleLine = n
			return
		}
		if v, ok := cutKey(s, "bank"); ok {
			if p.nameLine != 0 {
				p.errorf(n, "dup_bank", p.nameLine)
				return
			}
			p.nameLine = n
			p.b.Name = v
			if !validName(v) {
				p.errorf(n, "bad_name", v)
			}
			return
		}
		if v, ok := cutKey(s, "source"); ok {
			if p.srcLine != 0 {
				p.errorf(n, "dup_source", p.srcLine)
				return
			}
			p.srcLine = n
			p.b.Source = v
			return
		}
	}
	if q := p.cur; q != nil {
		if p.fieldLine(n, s) {
			return
		}
		if !q.inFields && q.q.Type.hasOptions() {
			if key, rest, ok := cutOption(s); ok {
				q.opts = append(q.opts, optBuild{key: key, line: n, lines: []string{rest}})
				q.target = &q.opts[len(q.opts)-1].lines
				return
			}
		}
	}
	p.text(n, s)
}

// text handles a line that is no marker: it continues the current field.
func (p *parser) text(n int, s string) {
	if p.cur == nil || p.cur.target == nil {
		if s == "" {
			return
		}
		if p.strict && !p.stray {
			if p.body {
				p.errorf(n, "stray_text")
			} else {
				p.errorf(n, "text_before")
			}
		}
		p.stray = true
		return
	}
	*p.cur.target = append(*p.cur.target, s)
}

// fieldLine handles 答案： 解析： 标签： 注： and, in a case, 问： 答：. It reports
// whether s was a field line.
func (p *parser) fieldLine(n int, s string) bool {
	q := p.cur
	var f *field
	var key string
	if v, ok := cutKey(s, keyAnswer); ok {
		f, key, s = &q.ans, keyAnswer, v
	} else if v, ok := cutKey(s, keyExplanation); ok {
		f, key, s = &q.expl, keyExplanation, v
	} else if v, ok := cutKey(s, keyTags); ok {
		f, key, s = &q.tags, keyTags, v
	} else if v, ok := cutKey(s, keyNote); ok {
		f, key, s = &q.note, keyNote, v
	} else if q.q.Type == Case {
		if v, ok := cutKey(s, keyPartStem); ok {
			q.inFields = true
			q.parts = append(q.parts, partBuild{line: n, stem: field{line: n, set: true}})
			pt := &q.parts[len(q.parts)-1]
			if v != "" {
				pt.stem.lines = append(pt.stem.lines, v)
			}
			q.target = &pt.stem.lines
			return true
		}
		if v, ok := cutKey(s, keyPartAnswer); ok {
			q.inFields = true
			if len(q.parts) == 0 {
				p.errorf(n, "answer_before_ask")
				q.target = new([]string)
				return true
			}
			pt := &q.parts[len(q.parts)-1]
			if pt.ans.set {
				p.errorf(n, "dup_answer", pt.ans.line)
				q.target = new([]string)
				return true
			}
			pt.ans = field{line: n, set: true}
			if v != "" {
				pt.ans.lines = append(pt.ans.lines, v)
			}
			q.target = &pt.ans.lines
			return true
		}
		return false
	} else {
		return false
	}
	q.inFields = true
	if f.set {
		p.errorf(n, "dup_field", key, f.line)
		q.target = new([]string)
		return true
	}
	*f = field{line: n, set: true}
	if s != "" {
		f.lines = append(f.lines, s)
	}
	q.target = &f.lines
	return true
}

func (p *parser) section(n int, s string) {
	p.secTitle, p.secType, p.secBad = s, "", false
	if strings.HasSuffix(s, "}") {
		if i := strings.LastIndexByte(s, '{'); i >= 0 {
			t := Type(strings.TrimSpace(s[i+1 : len(s)-1]))
			p.secTitle = strings.TrimSpace(s[:i])
			if !t.Valid() {
				p.errorf(n, "unknown_type", string(t), typeList())
				p.secBad = true
				return
			}
			p.secType = t
		}
	}
}

func (p *parser) question(n int, id, typ, rest string) {
	q := &Question{
		Bank:    p.b.Name,
		ID:      id,
		Section: p.secTitle,
		Source:  p.b.Source,
		Line:    n,
	}
	b := &qbuild{q: q}
	switch {
	case typ != "":
		q.Type = Type(typ)
		if !q.Type.Valid() {
			p.errorf(n, "unknown_type", typ, typeList())
			b.skip = true
		}
	case p.secBad:
		b.skip = true
	case p.secType == "":
		p.errorf(n, "no_type", id, id)
		b.skip = true
	default:
		q.Type = p.secType
	}
	if first, dup := p.ids[id]; dup {
		p.errorf(n, "dup_id", id, first)
		b.skip = true
	} else {
		p.ids[id] = n
	}
	b.stem = field{line: n, set: true}
	if rest != "" {
		b.stem.lines = append(b.stem.lines, rest)
	}
	b.target = &b.stem.lines
	p.cur = b
}

// end checks the header once the whole file is read.
func (p *parser) end() {
	if p.nameLine == 0 {
		p.errorf(1, "no_bank")
	}
	if p.strict && p.titleLine == 0 {
		p.errorf(1, "no_title")
	}
	for _, q := range p.b.Questions {
		q.Bank = p.b.Name
		q.Source = p.b.Source
	}
}

// finish completes the current question and adds it to the bank.
func (p *parser) finish() {
	b := p.cur
	if b == nil {
		return
	}
	p.cur = nil
	q := b.q
	q.Stem = joinLines(b.stem.lines)
	if p.strict && q.Stem == "" {
		p.errorf(q.Line, "no_stem", q.ID)
	}
	for i, o := range b.opts {
		opt := Option{Key: o.key, Text: joinLines(o.lines)}
		if p.strict {
			if want := string(rune('A' + i)); o.key != want {
				p.errorf(o.line, "option_order", o.key, want)
			} else if opt.Text == "" {
				p.errorf(o.line, "option_empty", o.key)
			}
		}
		q.Options = append(q.Options, opt)
	}
	q.Note = joinLines(b.note.lines)
	// A choice question whose options the source lost is kept as such only
	// with no answer and a note saying so: it is shown, never graded.
	lostOptions := len(q.Options) == 0 && !b.ans.set && q.Note != ""
	if p.strict && (q.Type == Single || q.Type == Multiple) && len(q.Options) < 2 && !lostOptions {
		p.errorf(q.Line, "few_options", q.Type, q.ID, len(q.Options))
	}
	if b.ans.set {
		q.Answer = p.answer(b, joinLines(b.ans.lines))
	}
	q.Explanation = joinLines(b.expl.lines)
	if b.tags.set {
		q.Tags = splitTags(joinLines(b.tags.lines))
	}
	if q.Type == Case {
		for _, pb := range b.parts {
			pt := Part{Stem: joinLines(pb.stem.lines)}
			if p.strict && pt.Stem == "" {
				p.errorf(pb.line, "ask_empty")
			}
			if pb.ans.set {
				if a := joinLines(pb.ans.lines); a != "" {
					pt.Answer = &Answer{Text: a}
				} else if p.strict {
					p.errorf(pb.ans.line, "answer_empty")
				}
			}
			q.Parts = append(q.Parts, pt)
		}
		if p.strict && len(q.Parts) == 0 {
			p.errorf(q.Line, "case_no_ask", q.ID)
		}
	}
	if !b.skip {
		p.b.Questions = append(p.b.Questions, q)
	}
}

// answer reads the 答案 field of b's question; nil when there is none.
func (p *parser) answer(b *qbuild, s string) *Answer {
	q, line := b.q, b.ans.line
	if s == "" {
		if p.strict {
			p.errorf(line, "key_empty")
		}
		return nil
	}
	switch q.Type {
	case Single, Multiple:
		letters, ok := ParseChoices(s)
		if !ok {
			p.errorf(line, "key_letters", s)
			return nil
		}
		if q.Type == Single && len(letters) != 1 {
			p.errorf(line, "key_single", s)
			return nil
		}
		if p.strict && len(q.Options) >= 2 {
			last := 'A' + rune(len(q.Options)) - 1
			for _, c := range letters {
				if c > last {
					p.errorf(line, "key_no_option", s, c, last)
					break
				}
			}
		}
		return &Answer{Choices: letters}
	case TrueFalse:
		v, ok := parseTrueFalse(s)
		if !ok && len(q.Options) > 0 {
			// "A 正确 / B 错误": a letter naming an option whose text is a verdict.
			if letters, lok := ParseChoices(s); lok && len(letters) == 1 {
				for _, o := range q.Options {
					if o.Key == letters {
						v, ok = parseTrueFalse(o.Text)
					}
				}
			}
		}
		if !ok {
			p.errorf(line, "key_tf", s)
			return nil
		}
		return &Answer{True: v}
	case Fill:
		blanks, ok := parseBlanks(s)
		if !ok {
			p.errorf(line, "key_blank_empty", s)
			return nil
		}
		if p.strict {
			switch n := CountBlanks(q.Stem); {
			case n == 0:
				p.errorf(q.Line, "fill_no_blank", q.ID)
			case n != len(blanks):
				p.errorf(line, "blank_count", len(blanks), n)
			}
		}
		return &Answer{Blanks: blanks}
	}
	return &Answer{Text: s}
}

// splitQuestionLine reads "[ID] rest" or "[ID TYPE] rest". ok is false when
// the line does not start with a well-formed ID in brackets (then it is text).
func splitQuestionLine(s string) (id, typ, rest string, ok bool) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", "", "", false
	}
	inner := strings.TrimSpace(s[1:end])
	id, typ, _ = strings.Cut(inner, " ")
	typ = strings.TrimSpace(typ)
	if !validID(id) {
		return "", "", "", false
	}
	return id, typ, strings.TrimSpace(s[end+1:]), true
}

// cutKey reports whether s starts with key and a colon (：or :), and returns
// the rest, trimmed.
func cutKey(s, key string) (string, bool) {
	if !strings.HasPrefix(s, key) {
		return "", false
	}
	rest := s[len(key):]
	switch {
	case strings.HasPrefix(rest, ":"):
		rest = rest[1:]
	case strings.HasPrefix(rest, "："):
		rest = rest[len("："):]
	default:
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// cutOption reads an option marker: A-J followed by . 、 ． ) or ）.
func cutOption(s string) (key, rest string, ok bool) {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'J' {
		return "", "", false
	}
	r := s[1:]
	switch {
	case r[0] == '.' || r[0] == ')':
		r = r[1:]
	case strings.HasPrefix(r, "、"), strings.HasPrefix(r, "．"), strings.HasPrefix(r, "）"):
		r = r[len("、"):] // all three are 3 bytes in UTF-8
	default:
		return "", "", false
	}
	return s[:1], strings.TrimSpace(r), true
}

// hasOptions reports whether lettered options are read for the type.
func (t Type) hasOptions() bool { return t == Single || t == Multiple || t == TrueFalse }

// ParseChoices reads a choice answer: "ABD", "A,B,D", "A、B、D", "A B D",
// "a/b", full-width "ＡＢ" (any mix of separators and case) into sorted,
// deduplicated upper-case letters A–J. It is false for anything else.
func ParseChoices(s string) (string, bool) {
	var seen [10]bool
	n := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'J':
			seen[r-'A'] = true
			n++
		case r >= 'a' && r <= 'j':
			seen[r-'a'] = true
			n++
		case r >= 'Ａ' && r <= 'Ｊ':
			seen[r-'Ａ'] = true
			n++
		case r == ',' || r == '，' || r == '、' || r == ' ' || r == '\u3000' || r == ';' || r == '；' || r == '.' || r == '/':
		default:
			return "", false
		}
	}
	if n == 0 {
		return "", false
	}
	var b [len(seen)]byte
	k := 0
	for i, ok := range seen {
		if ok {
			b[k] = byte('A' + i)
			k++
		}
	}
	return string(b[:k]), true // one letter: no allocation
}

// parseTrueFalse reads a true/false verdict.
func parseTrueFalse(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "对", "√", "✓", "✔", "正确", "true", "t":
		return true, true
	case "错", "×", "✗", "✘", "错误", "false", "f":
		return false, true
	}
	return false, false
}

// parseBlanks splits a fill answer: blanks by ； or ;, alternatives of one
// blank by | or ｜. ok is false when a blank is empty.
func parseBlanks(s string) ([][]string, bool) {
	s = strings.ReplaceAll(s, "；", ";")
	s = strings.ReplaceAll(s, "｜", "|")
	var out [][]string
	for _, blank := range strings.Split(s, ";") {
		var alts []string
		for _, a := range strings.Split(blank, "|") {
			if a = strings.TrimSpace(a); a != "" {
				alts = append(alts, a)
			}
		}
		if len(alts) == 0 {
			return nil, false
		}
		out = append(out, alts)
	}
	return out, true
}

// CountBlanks counts the blanks of a fill-in stem: each run of two or more
// underscores (_ or ＿) and each pair of brackets holding nothing but spaces:
// （ ）, （）, ( ), ().
func CountBlanks(s string) int {
	n := 0
	for i := 0; i < len(s); {
		switch {
		case s[i] == '_' || strings.HasPrefix(s[i:], "＿"):
			j, k := i, 0
			for j < len(s) {
				if s[j] == '_' {
					j++
				} else if strings.HasPrefix(s[j:], "＿") {
					j += len("＿")
				} else {
					break
				}
				k++
			}
			if k >= 2 {
				n++
			}
			i = j
		case s[i] == '(' || strings.HasPrefix(s[i:], "（"):
			j := i + 1
			if s[i] != '(' {
				j = i + len("（")
			}
			for j < len(s) {
				if s[j] == ' ' {
					j++
				} else if strings.HasPrefix(s[j:], "\u3000") {
					j += len("\u3000")
				} else {
					break
				}
			}
			if j < len(s) && (s[j] == ')' || strings.HasPrefix(s[j:], "）")) {
				n++
			}
			i = j
		default:
			i++
		}
	}
	return n
}

// splitTags splits the 标签 field on commas (, ， 、) and semicolons.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == '\n'
	}) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// joinLines joins a field's lines with \n, dropping blank lines at either end
// and keeping one blank line for each run of them inside (a paragraph break).
func joinLines(ls []string) string {
	for len(ls) > 0 && ls[0] == "" {
		ls = ls[1:]
	}
	for len(ls) > 0 && ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	switch len(ls) {
	case 0:
		return ""
	case 1:
		return ls[0]
	}
	var b strings.Builder
	n := 0
	for _, l := range ls {
		n += len(l) + 1
	}
	b.Grow(n)
	for i, l := range ls {
		if l == "" && ls[i-1] == "" {
			continue
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
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

func validName(s string) bool {
	return validID(s) && !strings.Contains(s, ".")
}

func typeList() string {
	var b strings.Builder
	for i, t := range Types {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(t))
	}
	return b.String()
}
