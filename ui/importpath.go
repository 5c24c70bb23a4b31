package ui

import (
	"errors"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// The import screen's paths: what the learner typed or pasted becomes a
// file name (expandPath), and tab completes it from the names in its
// folder (completePath). Both are pure; the folder is read by the caller,
// inside a tea.Cmd.

// expandPath turns a typed or pasted path into a file name: surrounding
// spaces and one pair of quotes go (file managers paste 'my file.docx'),
// a file:// URL becomes its path, "\ " escapes (drag and drop on some
// terminals) become spaces, and a leading ~ is home.
func expandPath(typed, home string) string {
	s := strings.TrimSpace(typed)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	if rest, ok := strings.CutPrefix(s, "file://"); ok {
		if p, err := url.PathUnescape(rest); err == nil {
			rest = p
		}
		s = rest
	} else if strings.Contains(s, `\ `) {
		s = unescapeBackslashes(s)
	}
	return expandTilde(s, home)
}

// unescapeBackslashes drops the backslash of every `\c`.
func unescapeBackslashes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// expandTilde replaces a leading "~" or "~/" by home (when it is known).
func expandTilde(s, home string) string {
	if home == "" {
		return s
	}
	if s == "~" {
		return home
	}
	if rest, ok := strings.CutPrefix(s, "~/"); ok {
		return filepath.Join(home, rest)
	}
	return s
}

// dirEntry is one name in a folder, for completion.
type dirEntry struct {
	Name string
	Dir  bool
}

// errNoMatch: no name in the folder starts with what was typed.
var errNoMatch = errors.New("no match")

// completionDir is the folder completePath lists for typed (as the
// learner typed it, ~ expanded with home), and the part of typed that
// names it, kept as typed.
func completionDir(typed, home string) (dir, typedDir string) {
	i := strings.LastIndex(typed, "/")
	if i < 0 {
		return ".", ""
	}
	typedDir = typed[:i+1]
	dir = expandTilde(typedDir, home)
	if dir == "" {
		dir = "/"
	}
	return dir, typedDir
}

// completePath completes typed from entries, the names in its folder
// (completionDir): with one name that fits, the whole name (a folder with
// "/" after it); with several, as far as they agree, and the names
// (folders with "/") to show. Names starting with "." are offered only
// when typed asks for them. When no name fits as typed, the case of the
// letters is not minded. "~" alone completes to "~/".
func completePath(typed string, entries []dirEntry) (value string, matches []string, err error) {
	if typed == "~" {
		return "~/", nil, nil
	}
	typedDir, base := "", typed
	if i := strings.LastIndex(typed, "/"); i >= 0 {
		typedDir, base = typed[:i+1], typed[i+1:]
	}
	fits := func(fold bool) []dirEntry {
		var out []dirEntry
		for _, e := range entries {
			if strings.HasPrefix(e.Name, ".") && !strings.HasPrefix(base, ".") {
				continue
			}
			if strings.HasPrefix(e.Name, base) || fold && hasPrefixFold(e.Name, base) {
				out = append(out, e)
			}
		}
		return out
	}
	found := fits(false)
	if len(found) == 0 {
		found = fits(true)
	}
	switch len(found) {
	case 0:
		return typed, nil, errNoMatch
	case 1:
		name := found[0].Name
		if found[0].Dir {
			name += "/"
		}
		return typedDir + name, nil, nil
	}
	slices.SortFunc(found, func(a, b dirEntry) int { return strings.Compare(a.Name, b.Name) })
	prefix := found[0].Name
	for _, e := range found[1:] {
		prefix = commonPrefix(prefix, e.Name)
	}
	if len(prefix) < len(base) { // only the case differed
		prefix = base
	}
	for _, e := range found {
		name := e.Name
		if e.Dir {
			name += "/"
		}
		matches = append(matches, name)
	}
	slices.Sort(matches) // as shown: "a-b" before the folder "a/"
	return typedDir + prefix, matches, nil
}

// hasPrefixFold is strings.HasPrefix without minding case.
func hasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		r1, n1 := utf8.DecodeRuneInString(s)
		r2, n2 := utf8.DecodeRuneInString(prefix)
		if !strings.EqualFold(string(r1), string(r2)) {
			return false
		}
		s, prefix = s[n1:], prefix[n2:]
	}
	return true
}

// commonPrefix is the longest prefix of a and b that ends on a whole rune.
func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	for n > 0 && n < len(a) && !utf8.RuneStart(a[n]) {
		n--
	}
	return a[:n]
}
