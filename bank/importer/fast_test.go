package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
)

// The fast paths of the raw reader (fast.go) must answer exactly as the
// plain code they replace. These tests compare them with reference
// implementations on every line of the testdata and on crafted lines.

func sampleLines(t *testing.T) []string {
	t.Helper()
	lines := []string{
		"", "a", "温馨提示：", "• 1. 本站所有资源如无特殊说明", "已阅读5页,还剩24页未读", "已閱讀3頁",
		"已阅读", "下载本文档", "- 格式:docx", "2025年客戶服務管理題庫及答案_第1頁", "评论", "_第",
		"12. 下列正确的有（ ）A. 建立 B. 提供", "第一部分 单选题", "（二）判断题", "答案：ABD", "×20、", "(错误)12.",
		strings.Repeat("下载", 100) + "本文档", "服務(wù)", "\xed\xa0\x80下载本文档\xe0\x80\x80", "ＡＢ１２", "\u3000问：",
	}
	files, _ := filepath.Glob("testdata/raw/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	return lines
}

func TestSiteLineSameAsBoilerplate(t *testing.T) {
	yes := 0
	for _, l := range sampleLines(t) {
		for _, s := range []string{l, strings.TrimSpace(l)} {
			got, want := siteLine(s), boilerplate(s) || readingPrompt(s)
			if got != want {
				t.Errorf("siteLine(%q) = %v, boilerplate||readingPrompt = %v", s, got, want)
			}
			if got {
				yes++
			}
		}
	}
	if yes < 10 {
		t.Errorf("only %d boilerplate lines among the samples", yes)
	}
}

func TestNextInSameAsRuneLoop(t *testing.T) {
	for _, l := range sampleLines(t) {
		for i := 0; i <= len(l); i++ {
			want := len(l)
			for j := i; j < len(l); {
				r, size := utf8.DecodeRuneInString(l[j:])
				if r < utf8.RuneSelf && markerASCII[r] || r >= utf8.RuneSelf && markerStarts.has(r) {
					want = j
					break
				}
				j += size
			}
			if got := nextIn(l, i, markerStarts, markerASCII); got != want {
				t.Fatalf("nextIn(%q, %d) = %d, want %d", l, i, got, want)
			}
		}
		for i := 0; i < len(l); {
			r, size := decodeRune(l[i:])
			r2, size2 := utf8.DecodeRuneInString(l[i:])
			if r != r2 || size != size2 {
				t.Fatalf("decodeRune(%q) = %q %d, want %q %d", l[i:], r, size, r2, size2)
			}
			i += size
		}
	}
}

// normalizeRef is Normalize as first written (rune by rune, unicode tables).
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

func TestNormalizeAndTraditionalSameAsReference(t *testing.T) {
	for _, l := range sampleLines(t) {
		if got, want := bank.Normalize(l), normalizeRef(l); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", l, got, want)
		}
		want := false
		for _, r := range l {
			if r >= 0x4e00 && strings.ContainsRune(traditionalOnly, r) {
				want = true
			}
		}
		if got := hasTraditional(l); got != want {
			t.Errorf("hasTraditional(%q) = %v, want %v", l, got, want)
		}
	}
}

func TestTrimSpaceSameAsStrings(t *testing.T) {
	extra := []string{" \u3000a\u3000 ", "\u00a0x\u0085", "\u2028", "  ", "\t中文\t", "中文\u3000", "\u3000", "\xff ", " \xe3\x80"}
	for _, l := range append(sampleLines(t), extra...) {
		if got, want := trimSpace(l), strings.TrimSpace(l); got != want {
			t.Errorf("trimSpace(%q) = %q, want %q", l, got, want)
		}
	}
}

func TestTrimTextSameAsLineByLine(t *testing.T) {
	ref := func(s string) string {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSpace(l)
		}
		return strings.TrimSpace(strings.Join(lines, "\n"))
	}
	cases := []string{"", "\n", "a\nb", " a\nb", "a \nb", "a\n b", "\n\na\n\n", "中\u3000\n文", "答案：\n1. 甲；\n2. 乙。", "a\n\u3000", "\u3000\na"}
	cases = append(cases, sampleLines(t)...)
	for _, c := range cases {
		if got, want := trimText(c), ref(c); got != want {
			t.Errorf("trimText(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestTextBufLikeBuilder(t *testing.T) {
	for _, pieces := range [][]string{{}, {"a"}, {"", "a"}, {"a", ""}, {"甲", "\n", "乙", "丙"}, {"x", "\n"}} {
		var tb textBuf
		var sb strings.Builder
		var seen []string
		for _, p := range pieces {
			if p == "\n" {
				tb.WriteByte('\n')
				sb.WriteByte('\n')
			} else {
				tb.WriteString(p)
				sb.WriteString(p)
			}
			seen = append(seen, tb.String())
			if tb.String() != sb.String() || tb.Len() != sb.Len() {
				t.Fatalf("%q: textBuf %q (%d), Builder %q (%d)", pieces, tb.String(), tb.Len(), sb.String(), sb.Len())
			}
		}
		// Earlier results stay as they were.
		var sb2 strings.Builder
		for i, p := range pieces {
			sb2.WriteString(p)
			if seen[i] != sb2.String() {
				t.Errorf("%q: String() after piece %d changed to %q", pieces, i, seen[i])
			}
		}
		tb.Reset()
		if tb.String() != "" || tb.Len() != 0 {
			t.Errorf("Reset left %q", tb.String())
		}
	}
}
