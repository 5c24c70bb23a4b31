package importer

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// damage inserts a stray byte after each of the given substrings (one per
// line) of src and returns the damaged text and the lines it touched.
func damage(t *testing.T, src []byte, after ...string) ([]byte, []int) {
	t.Helper()
	var lines []int
	out := src
	for k, s := range after {
		i := bytes.Index(out, []byte(s))
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		i += len(s)
		bad := []byte{0xff, 0xfe, 0x80, 0xc3, 0xbf}[k%5]
		out = slices.Concat(out[:i], []byte{bad}, out[i:])
		lines = append(lines, bytes.Count(out[:i], []byte("\n"))+1)
	}
	slices.Sort(lines)
	return out, slices.Compact(lines)
}

// TestDamagedUTF8 (issue: a UTF-8 file with a few invalid bytes was read as
// GB18030 and came out garbled): it stays UTF-8, each bad byte becomes
// U+FFFD, the report names the lines, and apart from the U+FFFD the bank is
// the one the clean file gives (IDs too: Normalize drops U+FFFD).
func TestDamagedUTF8(t *testing.T) {
	clean := readFile(t, "testdata/raw/notations.txt")
	want, _ := mustImport(t, "n.txt", clean, Options{Name: "n"})
	for _, tc := range []struct {
		name  string
		after []string
	}{
		// five bad bytes (more than the old limit of three), under 1% of
		// the non-ASCII characters
		{"few", []string{"全角点编号", "顿号编号", "逗号分隔", "括号中的", "全角字母"}},
		// one bad byte
		{"one", []string{"半角括号"}},
	} {
		in, lines := damage(t, clean, tc.after...)
		for _, bom := range []bool{false, true} {
			data := in
			if bom {
				data = append([]byte{0xef, 0xbb, 0xbf}, in...)
			}
			got, rep := mustImport(t, "n.txt", data, Options{Name: "n"})
			if !strings.HasPrefix(rep.Encoding, "UTF-8") {
				t.Errorf("%s (BOM %v): encoding %q, want UTF-8", tc.name, bom, rep.Encoding)
			}
			if !slices.Equal(rep.Invalid, lines) {
				t.Errorf("%s (BOM %v): invalid lines %v, want %v", tc.name, bom, rep.Invalid, lines)
			}
			g := jsonl(t, got)
			if n := strings.Count(g, "\uFFFD"); n != len(tc.after) {
				t.Errorf("%s: %d U+FFFD in the bank, want %d", tc.name, n, len(tc.after))
			}
			if g = strings.ReplaceAll(g, "\uFFFD", ""); g != jsonl(t, want) {
				t.Errorf("%s: bank differs from the clean file's:\n%s", tc.name, lineDiff(jsonl(t, want), g))
			}
			var named bool
			for _, n := range rep.Notes {
				named = named || n.Code == "enc.invalid-utf8" && n.Args[0] == len(tc.after) && slices.Equal(n.Args[1].(Lines), lines)
			}
			if !named {
				t.Errorf("%s: report does not name the bad bytes and their lines: %v", tc.name, rep.Notes)
			}
		}
	}
}

// TestDamagedUTF8Short: in a short text the bad bytes are more than 1% of
// the characters; the GB18030 reading has more rare characters, so it is
// still UTF-8.
func TestDamagedUTF8Short(t *testing.T) {
	src := []byte("一、单项选择题\n1．客户关系管理的核心是什么（　）\nA．产品\nB．客户\n答案：B\n")
	in, lines := damage(t, src, "客户关系", "管理的核心")
	if bad := 2; bad*100 < len([]rune(string(src))) {
		t.Fatalf("test text too long for this case")
	}
	got, rep := mustImport(t, "s.txt", in, Options{Name: "s"})
	if rep.Encoding != "UTF-8" || !slices.Equal(rep.Invalid, lines) {
		t.Fatalf("encoding %q, invalid lines %v (want UTF-8, %v)", rep.Encoding, rep.Invalid, lines)
	}
	if len(got.Questions) != 1 || !strings.HasPrefix(got.Questions[0].Stem, "客户关系\uFFFD管理的核心\uFFFD是什么") {
		for _, q := range got.Questions {
			t.Errorf("question %q", q.Stem)
		}
		t.Errorf("%d questions, want 1 with two U+FFFD in its stem", len(got.Questions))
	}
}

// TestGBKStillDetected: real GBK text — clean, with a stray invalid byte,
// and short — is still read as GB18030/GBK.
func TestGBKStillDetected(t *testing.T) {
	committed := readFile(t, "testdata/gbk/notations-gbk.txt")
	short, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("1．客户关系管理的核心是什么？\n答：以客户为中心。\n"))
	if err != nil {
		t.Fatal(err)
	}
	stray := slices.Concat(committed[:40], []byte{0xff}, committed[40:])
	for name, data := range map[string][]byte{"committed": committed, "short": short, "stray byte": stray} {
		if mostlyUTF8(data) {
			t.Errorf("%s: GBK text taken for UTF-8", name)
		}
		_, rep, _ := Import("g.txt", data, Options{Name: "g"})
		if rep.Encoding != "GB18030/GBK" || len(rep.Invalid) != 0 {
			t.Errorf("%s: encoding %q, invalid %v", name, rep.Encoding, rep.Invalid)
		}
	}
}

// TestMixedEncoding (issue 14.14): a file that is part UTF-8, part GBK is
// read line by line, each line in its own encoding; the report says which
// lines were read as which, and the bank is the one the all-UTF-8 file
// gives.
func TestMixedEncoding(t *testing.T) {
	src := readFile(t, "testdata/raw/notations.txt")
	want, _ := mustImport(t, "n.txt", src, Options{Name: "n"})
	lines := strings.SplitAfter(string(src), "\n")
	// lines 14-25 (二、多项选择题 and the first true/false statements) in GBK
	var mixed []byte
	var gbkLines, utfLines []int
	for i, l := range lines {
		n := i + 1
		if n >= 14 && n <= 25 {
			g, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(l))
			if err != nil {
				t.Fatal(err)
			}
			mixed = append(mixed, g...)
			if !isASCII(l) {
				gbkLines = append(gbkLines, n)
			}
			continue
		}
		mixed = append(mixed, l...)
		if !isASCII(l) {
			utfLines = append(utfLines, n)
		}
	}
	for _, crlf := range []bool{false, true} {
		in := mixed
		if crlf {
			in = bytes.ReplaceAll(mixed, []byte("\n"), []byte("\r\n"))
		}
		got, rep := mustImport(t, "n.txt", in, Options{Name: "n"})
		if rep.Encoding != encMixed {
			t.Fatalf("encoding %q, want %q", rep.Encoding, encMixed)
		}
		if !slices.Equal(rep.GBKLines, gbkLines) {
			t.Errorf("GBK lines %v, want %v", rep.GBKLines, gbkLines)
		}
		if g, w := jsonl(t, got), jsonl(t, want); g != w {
			t.Errorf("crlf %v: bank differs:\n%s", crlf, lineDiff(w, g))
		}
		found := false
		for _, n := range rep.Notes {
			if n.Code == "enc.mixed" {
				found = true
				if !slices.Equal(n.Args[0].(Lines), gbkLines) || !slices.Equal(n.Args[1].(Lines), utfLines) {
					t.Errorf("note %v", n)
				}
			}
		}
		if !found {
			t.Errorf("no note on the encodings: %v", rep.Notes)
		}
	}
	// A GBK file stays GBK, a UTF-8 file with a few bad bytes damaged UTF-8.
	if _, rep := mustImport(t, "g.txt", readFile(t, "testdata/gbk/notations-gbk.txt"), Options{Name: "g"}); rep.Encoding != "GB18030/GBK" || rep.GBKLines != nil {
		t.Errorf("GBK file: %q %v", rep.Encoding, rep.GBKLines)
	}
}
