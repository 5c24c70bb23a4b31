package bank

import (
	"strings"
	"testing"
	"unicode"
)

func TestNormalize(t *testing.T) {
	for _, c := range [][2]string{
		{"客户（ ）是 什么？", "客户是什么"},
		{"ＣＲＭ，系统", "crm系统"},
		{"A. B\u3000c", "abc"},
		{"１２３", "123"},
		{"Customer-Relationship Management!", "customerrelationshipmanagement"},
		{"，。", ""},
		{"", ""},
		{"Ünïcode ΣΊΣΥΦΟΣ", "ünïcodeσίσυφοσ"},
		{"\xff客", "客"}, // an invalid byte reads as U+FFFD, a symbol
	} {
		if got := Normalize(c[0]); got != c[1] {
			t.Errorf("Normalize(%q) = %q, want %q", c[0], got, c[1])
		}
	}
	if Normalize("客户关系管理（CRM）") != Normalize("客户关系管理(CRM)") {
		t.Error("bracket width changes the normal form")
	}
}

// normalizeRef is Normalize written rune by rune with the unicode tables,
// the definition the fast path must agree with.
func normalizeRef(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xff01 && r <= 0xff5e:
			r -= 0xfee0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "客户（ ）是 什么？", "ＣＲＭ，系统", "A. B\u3000c", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbc", "Ω𝔸ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if want := normalizeRef(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
		if again := Normalize(got); again != got {
			t.Fatalf("Normalize is not idempotent on %q: %q then %q", s, got, again)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	s := strings.Repeat("客户关系管理（CRM）的核心是以客户为中心，Customer Relationship Management。", 20)
	b.SetBytes(int64(len(s)))
	var buf []byte
	for b.Loop() {
		buf = AppendNormalized(buf[:0], s)
	}
}
