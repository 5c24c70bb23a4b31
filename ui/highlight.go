package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// highlightMatches marks every occurrence of query (any case) in line, a
// line of plain text: in the Highlight style reversed, or between
// asterisks when the terminal shows no attributes (NO_COLOR), so a search
// match stays visible either way. A line drawn with styles loses them
// where it matches (its text is redrawn plain).
func highlightMatches(st *Styles, line, query string) string {
	query = strings.TrimSpace(query)
	if query == "" {
		return line
	}
	plain := ansi.Strip(line)
	low, q := strings.ToLower(plain), strings.ToLower(query)
	if len(low) != len(plain) || !strings.Contains(low, q) {
		return line // no match, or a case fold that moves the bytes
	}
	mark := func(s string) string {
		if st.NoColor {
			return "*" + s + "*"
		}
		return st.Highlight.Reverse(true).Render(s)
	}
	var b strings.Builder
	for {
		i := strings.Index(low, q)
		if i < 0 {
			b.WriteString(plain)
			return b.String()
		}
		b.WriteString(plain[:i])
		b.WriteString(mark(plain[i : i+len(q)]))
		plain, low = plain[i+len(q):], low[i+len(q):]
	}
}
