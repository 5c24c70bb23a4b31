package ui

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/rivo/uniseg"
)

// The wrapper as it was before eachToken (tokens built in a slice of
// copies), kept to check that the streaming one breaks lines the same.

func refTokenize(s string) []token {
	var toks []token
	var cur strings.Builder
	curW := 0
	curKind := 0 // 0 none, 1 word, 2 space
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, token{text: cur.String(), width: curW, space: curKind == 2})
		}
		cur.Reset()
		curW = 0
		curKind = 0
	}
	gr := uniseg.NewGraphemes(s)
	for gr.Next() {
		g := gr.Str()
		gw := ansi.StringWidth(g)
		switch {
		case g == " ":
			if curKind != 2 {
				flush()
				curKind = 2
			}
			cur.WriteString(g)
			curW += gw
		case strings.Contains(noBreakBefore, g):
			// glue to whatever came before, unless that was a space
			if curKind == 2 || (cur.Len() == 0 && len(toks) > 0 && toks[len(toks)-1].space) {
				flush()
				curKind = 1
				cur.WriteString(g)
				curW += gw
				continue
			}
			if cur.Len() == 0 && len(toks) > 0 {
				t := &toks[len(toks)-1]
				t.text += g
				t.width += gw
				continue
			}
			cur.WriteString(g)
			curW += gw
			if curKind == 0 {
				curKind = 1
			}
		case isWide(g):
			if cur.Len() > 0 && !endsNoBreakAfter(cur.String()) {
				flush()
			} else if curKind == 2 {
				flush()
			}
			cur.WriteString(g)
			curW += gw
			curKind = 1
			if !strings.Contains(noBreakAfter, g) {
				flush()
			}
		default:
			if curKind == 2 {
				flush()
			}
			cur.WriteString(g)
			curW += gw
			curKind = 1
		}
	}
	flush()
	return toks
}

func refWrapPara(para string, w int) []string {
	if ansi.StringWidth(para) <= w {
		return []string{para}
	}
	if strings.ContainsRune(para, '\x1b') {
		// already styled: let x/ansi keep the escape sequences intact
		return strings.Split(ansi.Wrap(para, w, ""), "\n")
	}
	var lines []string
	var line strings.Builder
	lw := 0
	emit := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lw = 0
	}
	for _, t := range refTokenize(para) {
		if t.space {
			if lw == 0 && len(lines) > 0 {
				continue // no leading spaces on continuation lines
			}
			if lw+t.width > w {
				emit()
				continue
			}
			line.WriteString(t.text)
			lw += t.width
			continue
		}
		if lw+t.width <= w {
			line.WriteString(t.text)
			lw += t.width
			continue
		}
		if lw > 0 {
			emit()
		}
		// a token wider than a whole line: split it by graphemes
		if t.width > w {
			gr := uniseg.NewGraphemes(t.text)
			for gr.Next() {
				g := gr.Str()
				gw := ansi.StringWidth(g)
				if lw+gw > w && lw > 0 {
					emit()
				}
				line.WriteString(g)
				lw += gw
			}
			continue
		}
		line.WriteString(t.text)
		lw += t.width
	}
	if lw > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}

// TestWrapParaLikeReference: wrapPara breaks random mixes of CJK, Latin,
// spaces, punctuation that must not start or end a line, emoji and
// combining marks exactly as the reference does, at many widths.
func TestWrapParaLikeReference(t *testing.T) {
	pieces := []string{"很", "长", "的", "一行", "客户", "，", "。", "、", "（", "）", "《", "》", "“", "”", "…", "—",
		" ", "  ", "word", "CRM", "Customer", "relationship", "(", ")", ",", ".", "!", "%", "·",
		"👩‍👩‍👧", "e\u0301", "ｆｕｌｌ", "かな", "한국", "\t", "\ufffd", strings.Repeat("x", 50), strings.Repeat("字", 30)}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 1500 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for _, w := range []int{1, 2, 3, 5, 8, 13, 20, 38, 60} {
			if got, want := wrapPara(s, w), refWrapPara(s, w); !slices.Equal(got, want) {
				t.Fatalf("case %d width %d %q:\n got %q\nwant %q", n, w, s, got, want)
			}
		}
	}
	for _, w := range []int{38} {
		if got, want := wrapPara(longStem, w), refWrapPara(longStem, w); !slices.Equal(got, want) {
			t.Fatalf("the 1 MB stem at width %d: %d lines, want %d", w, len(got), len(want))
		}
	}
}

// BenchmarkWrapLongStem wraps a 1 MB stem once: the first frame of such a
// question.
func BenchmarkWrapLongStem(b *testing.B) {
	for b.Loop() {
		wrap(longStem, 38)
	}
}
