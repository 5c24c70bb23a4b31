// Package i18n is shuati's one catalog of interface text, in Chinese and
// English: the TUI's screens, the command line's help and output, and the
// names of the question types. Text is looked up by a code and formatted
// with arguments, T(lang, code, args...), so a message made far from the
// interface (an importer's report, say) can travel as a code with its
// arguments and be worded here.
//
// English text may pick a singular or plural word by the number just
// formatted: "streak %d {day|days}" gives "streak 1 day" and "streak 2
// days". The block refers to the argument of the verb before it.
package i18n

import (
	"fmt"
	"regexp"
	"strings"
)

// Lang is the interface language: Chinese or English.
type Lang string

const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Parse maps a --lang value or a LANG/LC_* locale ("zh_CN.UTF-8",
// "en_US", "C") to a Lang; anything not English is Chinese, the banks'
// language.
func Parse(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") || s == "c" || strings.HasPrefix(s, "c.") || s == "posix" {
		return EN
	}
	return ZH
}

// FromEnv is the language of the locale, read as the C library reads it:
// the first of LC_ALL, LC_MESSAGES and LANG that is set.
func FromEnv(getenv func(string) string) Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return Parse(v)
		}
	}
	return Parse("")
}

// text is one entry of the catalog.
type text struct{ zh, en string }

// catalog is every entry, merged once from the per-area tables; it is never
// written to afterwards.
var catalog = merge(uiTexts, screenTexts, cliTexts, fsrsTexts, typeTexts, importTexts, importReportTexts, bankFormatTexts)

// merge joins the tables; a code defined twice is a programming error.
func merge(tables ...map[string]text) map[string]text {
	all := map[string]text{}
	for _, t := range tables {
		for code, s := range t {
			if _, dup := all[code]; dup {
				panic("i18n: code defined twice: " + code)
			}
			all[code] = s
		}
	}
	return all
}

// T is the text of code in lang, formatted with args. An unknown code shows
// itself, so a gap is visible (and caught by the catalog tests).
func T(lang Lang, code string, args ...any) string {
	m, ok := catalog[code]
	if !ok {
		return code
	}
	s := m.zh
	if lang == EN {
		s = m.en
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(pluralize(s, args), args...)
}

// T is T(l, code, args...).
func (l Lang) T(code string, args ...any) string { return T(l, code, args...) }

// Has reports whether the catalog holds code.
func Has(code string) bool {
	_, ok := catalog[code]
	return ok
}

// TypeName is a question type's name as a question is labelled with it:
// 单选题 / single choice. typ is a bank.Type ("single", "truefalse", …).
func (l Lang) TypeName(typ string) string { return l.typeText("type.", typ) }

// TypeLabel is a question type's short name for a table's column or a
// count: 单选 / single (in English the type's own name, which is also what
// `--type` takes).
func (l Lang) TypeLabel(typ string) string { return l.typeText("type_label.", typ) }

func (l Lang) typeText(prefix, typ string) string {
	if !Has(prefix + typ) {
		return typ
	}
	return l.T(prefix + typ)
}

// pluralBlock is "{one|other}" in an English text.
var pluralBlock = regexp.MustCompile(`\{([^{}|]*)\|([^{}|]*)\}`)

// pluralize replaces each {one|other} block by the word that fits the
// argument of the verb before it: one when it is 1, other otherwise.
func pluralize(s string, args []any) string {
	if !strings.Contains(s, "|") {
		return s
	}
	blocks := pluralBlock.FindAllStringSubmatchIndex(s, -1)
	if blocks == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range blocks {
		word := s[m[4]:m[5]]
		if i := argBefore(s, m[0]); i >= 0 && i < len(args) && isOne(args[i]) {
			word = s[m[2]:m[3]]
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(word)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// argBefore is the index of the argument that the last formatting verb
// before s[end] prints, following explicit indexes (%[2]d) as fmt does; -1
// when there is none.
func argBefore(s string, end int) int {
	next, last := 0, -1
	for i := 0; i < end; i++ {
		if s[i] != '%' {
			continue
		}
		i++
		if i < end && s[i] == '%' {
			continue
		}
		for i < end && strings.IndexByte("+-# 0", s[i]) >= 0 {
			i++
		}
		for i < end && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i < end && s[i] == '[' {
			n := 0
			for i++; i < end && s[i] >= '0' && s[i] <= '9'; i++ {
				n = n*10 + int(s[i]-'0')
			}
			next = n - 1 // i is now at ']'
			i++
		}
		last = next
		next++
	}
	return last
}

// isOne reports whether a number argument is 1.
func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	case int32:
		return n == 1
	case uint:
		return n == 1
	case uint64:
		return n == 1
	case float64:
		return n == 1
	case float32:
		return n == 1
	}
	return false
}
