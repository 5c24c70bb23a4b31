package i18n

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
)

// bankMarkers are the bank format's full-width markers, which its errors
// quote in English too.
var bankMarkers = regexp.MustCompile(`[问答案]+：|%s：|（ ）|by ；`)

// TestCatalogEntries checks every entry: both languages present, the same
// formatting verbs in both, English without full-width punctuation, and
// every plural block tied to a number formatted before it.
func TestCatalogEntries(t *testing.T) {
	for code, m := range catalog {
		if m.zh == "" || m.en == "" {
			t.Errorf("%s: missing a language: %q", code, m)
		}
		if strings.Count(m.zh, "%") != strings.Count(m.en, "%") {
			t.Errorf("%s: format verbs differ: %q", code, m)
		}
		en := m.en
		if strings.HasPrefix(code, "bankfmt.") { // the bank format's own markers, quoted
			en = bankMarkers.ReplaceAllString(en, "")
		}
		if strings.ContainsAny(en, "：，；（）。、") {
			t.Errorf("%s: full-width punctuation in English: %q", code, m.en)
		}
		if pluralBlock.MatchString(m.zh) {
			t.Errorf("%s: a plural block in Chinese: %q", code, m.zh)
		}
		for _, b := range pluralBlock.FindAllStringIndex(m.en, -1) {
			if argBefore(m.en, b[0]) < 0 {
				t.Errorf("%s: plural block %q follows no number", code, m.en[b[0]:b[1]])
			}
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		lang Lang
		code string
		args []any
		want string
	}{
		{EN, "home.streak", []any{1}, "streak 1 day"},
		{EN, "home.streak", []any{0}, "streak 0 days"},
		{EN, "home.streak", []any{2}, "streak 2 days"},
		{ZH, "home.streak", []any{1}, "连续 1 天"},
		{EN, "home.bank_count", []any{1, 1}, "1, 1 question"},
		{EN, "home.bank_count", []any{1, 6}, "1, 6 questions"},
		{EN, "stats.heat_legend", []any{1, 1, "░", 1}, "last 1 week: 1 answer · less ░ more (busiest day 1)"},
		{EN, "exam.start", []any{1, 1.0, 5}, "Start (1 question · 1 point · 5 min)"},
		{EN, "exam.start", []any{20, 1.5, 30}, "Start (20 questions · 1.5 points · 30 min)"},
		{EN, "cli.stats.retention_of", []any{87.5, 1}, "87.5% (of 1 review)"},
		{EN, "app.label", []any{"Banks", "10"}, "Banks: 10"},
		{ZH, "app.label", []any{"题库", "10"}, "题库：10"},
		{EN, "no.such.code", nil, "no.such.code"},
		{EN, "q.right", nil, "Right"},
		{"", "q.right", nil, "回答正确"},
	}
	for _, tt := range tests {
		if got := T(tt.lang, tt.code, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.lang, tt.code, tt.args, got, tt.want)
		}
	}
}

func TestPluralize(t *testing.T) {
	tests := []struct {
		format string
		args   []any
		want   string
	}{
		{"%d {day|days}", []any{1}, "%d day"},
		{"%d {day|days}", []any{3}, "%d days"},
		{"%s has %d {item|items}", []any{"x", 1}, "%s has %d item"},
		{"%d%% of %d {try|tries}", []any{50, 1}, "%d%% of %d try"},
		{"%[2]d {b|bs}, %[1]d {a|as}", []any{1, 2}, "%[2]d bs, %[1]d a"},
		{"{lone|blocks}", []any{1}, "blocks"}, // no number before it: the plural
		{"%5.1f {unit|units}", []any{1.0}, "%5.1f unit"},
		{"a|b without braces %d", []any{1}, "a|b without braces %d"},
	}
	for _, tt := range tests {
		if got := pluralize(tt.format, tt.args); got != tt.want {
			t.Errorf("pluralize(%q, %v) = %q, want %q", tt.format, tt.args, got, tt.want)
		}
	}
}

func TestParseAndFromEnv(t *testing.T) {
	for in, want := range map[string]Lang{"en": EN, "en_US.UTF-8": EN, "zh": ZH, "zh_CN.UTF-8": ZH, "": ZH, "C": EN, "C.UTF-8": EN, "POSIX": EN, "fr_FR": ZH} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := FromEnv(env(map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"})); got != EN {
		t.Errorf("LC_ALL must win over LANG: %q", got)
	}
	if got := FromEnv(env(map[string]string{"LANG": "en_GB.UTF-8"})); got != EN {
		t.Errorf("LANG en_GB: %q", got)
	}
	if got := FromEnv(env(nil)); got != ZH {
		t.Errorf("no locale: %q", got)
	}
}

// TestTypeNames: every question type has a name and a label (both
// languages: TestCatalogEntries); the English label is the type itself, what --type takes.
func TestTypeNames(t *testing.T) {
	for _, typ := range bank.Types {
		if !Has("type."+string(typ)) || !Has("type_label."+string(typ)) {
			t.Errorf("%s: no name or label", typ)
		}
		if got := EN.TypeLabel(string(typ)); got != string(typ) {
			t.Errorf("English label of %s is %q", typ, got)
		}
	}
	if got := EN.TypeName("no-such-type"); got != "no-such-type" {
		t.Errorf("unknown type: %q", got)
	}
}

// TestBankFormatErrorsWorded: every error the bank format's parser can give
// has a text in both languages taking its arguments; the English one is
// the parser's own and the Chinese one holds no English sentence.
func TestBankFormatErrorsWorded(t *testing.T) {
	latin := regexp.MustCompile(`%(\[\d+\])?[a-z]|bank|source|ID|TYPE|A-J|A-|true/false|\[[a-z0-9 ]*\]`)
	for _, code := range bank.ParseCodes {
		if !Has("bankfmt." + code) {
			t.Errorf("%s: no text in the catalog", code)
			continue
		}
		if rest := latin.ReplaceAllString(ZH.T("bankfmt."+code), ""); strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("%s: Chinese text has English in it: %q", code, rest)
		}
	}
	_, err := bank.ParseBytes("bad.md", []byte("# t\nbank: t\n\n## 单选 {single}\n\n[q1]\n题\nA. x\nB. y\n答案：BC\n\n[q2 fill]\n没有空\n答案：甲\n"), bank.ParseOptions{Strict: true})
	var list bank.ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want two errors, got %v", err)
	}
	for i, want := range []struct{ zh, en string }{
		{`bad.md:10: 答案 "BC"：单选题的答案只能是一个字母`, list[0].Error()},
		{"bad.md:12: 填空题 q2 没有空：每个空用 ____ 或 （ ） 标出", list[1].Error()},
	} {
		if got := ZH.BankError(list[i]); got != want.zh {
			t.Errorf("zh: %q, want %q", got, want.zh)
		}
		if got := EN.BankError(list[i]); got != want.en {
			t.Errorf("en: %q, want %q", got, want.en)
		}
	}
	if got := ZH.ImportError(err); !strings.Contains(got, "单选题的答案只能是一个字母\nbad.md:12: 填空题") {
		t.Errorf("a list of errors in Chinese: %q", got)
	}
}
