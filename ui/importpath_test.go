package ui

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExpandPath(t *testing.T) {
	for _, tt := range []struct{ typed, want string }{
		{"bank.txt", "bank.txt"},
		{"  /tmp/bank.txt \n", "/tmp/bank.txt"},
		{"~", "/home/me"},
		{"~/题库/bank.docx", "/home/me/题库/bank.docx"},
		{"~other/x", "~other/x"},
		{"'/tmp/my bank.docx'", "/tmp/my bank.docx"},
		{`"/tmp/my bank.docx"`, "/tmp/my bank.docx"},
		{"'~/a b.txt'", "/home/me/a b.txt"},
		{`/tmp/my\ bank\ \(1\).docx`, "/tmp/my bank (1).docx"},
		{`/tmp/back\slash.txt`, `/tmp/back\slash.txt`}, // no "\ ": a real backslash
		{"file:///tmp/%E9%A2%98%E5%BA%93%20one.pdf", "/tmp/题库 one.pdf"},
		{"'", "'"},
	} {
		if got := expandPath(tt.typed, "/home/me"); got != tt.want {
			t.Errorf("expandPath(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
	if got := expandPath("~/x", ""); got != "~/x" {
		t.Errorf("without a home: %q", got)
	}
}

func TestCompletePath(t *testing.T) {
	entries := []dirEntry{{"alpha.txt", false}, {"alpine.docx", false}, {"Beta", true}, {".hidden", false}, {"题库一.pdf", false}, {"题库二.pdf", false}}
	for _, tt := range []struct {
		typed, value string
		matches      []string
		err          error
	}{
		{"al", "alp", []string{"alpha.txt", "alpine.docx"}, nil},
		{"x/y/alph", "x/y/alpha.txt", nil, nil},
		{"B", "Beta/", nil, nil},
		{"b", "Beta/", nil, nil}, // case not minded when nothing fits as typed
		{"~/be", "~/Beta/", nil, nil},
		{"", "", []string{"Beta/", "alpha.txt", "alpine.docx", "题库一.pdf", "题库二.pdf"}, nil},
		{".h", ".hidden", nil, nil},
		{"题", "题库", []string{"题库一.pdf", "题库二.pdf"}, nil},
		{"zz", "zz", nil, errNoMatch},
		{"~", "~/", nil, nil},
	} {
		value, matches, err := completePath(tt.typed, entries)
		if value != tt.value || !reflect.DeepEqual(matches, tt.matches) || !errors.Is(err, tt.err) {
			t.Errorf("completePath(%q) = %q, %q, %v; want %q, %q, %v", tt.typed, value, matches, err, tt.value, tt.matches, tt.err)
		}
	}
	for _, tt := range []struct{ typed, home, dir, typedDir string }{
		{"bank", "/h", ".", ""},
		{"~/x/ba", "/h", "/h/x", "~/x/"},
		{"/ba", "/h", "/", "/"},
		{"a/b/", "/h", "a/b/", "a/b/"},
	} {
		if dir, typedDir := completionDir(tt.typed, tt.home); dir != tt.dir || typedDir != tt.typedDir {
			t.Errorf("completionDir(%q) = %q, %q; want %q, %q", tt.typed, dir, typedDir, tt.dir, tt.typedDir)
		}
	}
}

// FuzzCompletePath: whatever is typed, a completion keeps what was typed
// of the folder, only lengthens the name (or fixes its case), and offers
// sorted names of the folder.
func FuzzCompletePath(f *testing.F) {
	for _, s := range []string{"al", "~/", "题", "a/b/c", "", ".", "\xff", "B"} {
		f.Add(s, "alpha.txt", "Alpine", "题库.pdf")
	}
	f.Fuzz(func(t *testing.T, typed, n1, n2, n3 string) {
		entries := []dirEntry{{n1, false}, {n2, true}, {n3, false}}
		value, matches, err := completePath(typed, entries)
		if err != nil {
			if value != typed || matches != nil {
				t.Fatalf("no match, yet %q, %q", value, matches)
			}
			return
		}
		if typed == "~" {
			return
		}
		typedDir := typed[:strings.LastIndex(typed, "/")+1]
		if !strings.HasPrefix(value, typedDir) {
			t.Fatalf("%q completed to %q: the folder part changed", typed, value)
		}
		if utf8.ValidString(typed) && utf8.RuneCountInString(value) < utf8.RuneCountInString(typed) {
			t.Fatalf("%q completed to the shorter %q", typed, value)
		}
		if !slices.IsSorted(matches) {
			t.Fatalf("matches not sorted: %q", matches)
		}
	})
}

// FuzzExpandPath: any typed text expands without panicking, and a path
// with nothing to expand is left as it is.
func FuzzExpandPath(f *testing.F) {
	for _, s := range []string{"~/a", "'x y'", `a\ b`, "file:///%zz", "/tmp/x", `"`, "~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		got := expandPath(typed, "/home/me")
		plain := strings.TrimSpace(typed)
		if plain != "" && !strings.ContainsAny(plain, `~'"\`) && !strings.HasPrefix(plain, "file://") && got != plain {
			t.Fatalf("expandPath(%q) = %q, want it unchanged", typed, got)
		}
	})
}
