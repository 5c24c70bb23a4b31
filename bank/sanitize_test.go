package bank

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// Clean agrees with Sanitize: a text is clean exactly when
// Sanitize leaves it as it is.
func TestCleanTextAgreesWithSanitize(t *testing.T) {
	pieces := []string{"", "a", "中文", "\n", "\t", "\r", "\x00", "\x1b", "\x1b[31m", "\x7f", "\u0080", "\u009b", "\u009f",
		"\u00a0", "·", "\u00bf", "\u200d", "\u200e", "\u200f", "\u2010", "—", "“", "”", "…", "\u2029", "\u202a", "\u202e",
		"\u202f", "\u2065", "\u2066", "\u2069", "\u206a", "\ufeff", "\ufefe", "\ufff8", "\ufff9", "\ufffb", "\ufffc",
		"\ufffd", "\xff", "\xc2", "\xe2\x80", "\xef\xbb", "\xed\xa0\x80", "\xf0\x9f\x98\x80", "（）",
		"\xc0\x80", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x8f\xbf\xbf",
		"\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "\xbf", "\xe4\xb8",
		"\xc3\xa9", "\xdf\xbf", "\xe2\x82\xac", "\xef\xbf\xbf", " ", "~", "\x1f", "\x20"}
	check := func(s string) {
		t.Helper()
		if got, want := Clean(s), Sanitize(s) == s; got != want {
			t.Fatalf("Clean(%q) = %v, Sanitize changes it: %v", s, got, !want)
		}
	}
	for _, a := range pieces {
		for _, b := range pieces {
			for _, pad := range []string{"", "1234567", "一二三四五六七八"} {
				check(pad + a + b)
				check(a + pad + b)
				check(a + b + pad)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(12) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(sb.String())
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "中文\n", "\x1b[2J", "abc\u202edef", "\xe2\x80\x8e", "12345678\xef\xbb\xbf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Clean(s), Sanitize(s) == s; got != want {
			t.Fatalf("Clean(%q) = %v, Sanitize leaves it: %v", s, got, want)
		}
	})
}

// TestCleanEveryRune: Clean says false for every rune Sanitize changes, and
// for every lone byte that is no UTF-8.
func TestCleanEveryRune(t *testing.T) {
	rejected := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		for _, s := range []string{string(r), "中" + string(r) + "文", "12345678" + string(r)} {
			if got, want := Clean(s), Sanitize(s) == s; got != want {
				t.Fatalf("Clean(%q) = %v, Sanitize leaves it: %v", s, got, want)
			}
		}
		if !Clean(string(r)) {
			rejected++
		}
	}
	for c := 0x80; c <= 0xff; c++ {
		if s := "中" + string([]byte{byte(c)}); Clean(s) {
			t.Errorf("Clean(%q): an invalid byte", s)
		}
	}
	if rejected < 60 {
		t.Errorf("Clean rejects only %d runes", rejected)
	}
}

// BenchmarkClean: the check on Chinese question text (MB/s).
func BenchmarkClean(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 4<<20; i++ {
		fmt.Fprintf(&sb, "%d. 下列关于市场营销组合的说法，正确的是（ ）。A. 产品 B. 价格 C. 渠道 D. 促销\n", i)
	}
	text := sb.String()
	if !Clean(text) {
		b.Fatal("sample text is not clean")
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Clean(text)
	}
}
