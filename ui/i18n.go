package ui

import (
	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/ui/i18n"
)

// Lang is the interface language. The words themselves are in ui/i18n, the
// program's one catalog; Lang lets the screens say c.T(id) and
// c.lang.TypeName(t) with the bank's types.
type Lang i18n.Lang

const (
	LangZH = Lang(i18n.ZH)
	LangEN = Lang(i18n.EN)
)

// ParseLang maps a --lang value or a LANG/LC_* locale ("zh_CN.UTF-8",
// "en_US") to a Lang; anything not English is Chinese, the bank's language.
func ParseLang(s string) Lang { return Lang(i18n.Parse(s)) }

// T returns the message for id in this language, formatted with args.
func (l Lang) T(id string, args ...any) string { return i18n.Lang(l).T(id, args...) }

// TypeName is a question type's name: 单选题 / single choice.
func (l Lang) TypeName(t bank.Type) string { return i18n.Lang(l).TypeName(string(t)) }
