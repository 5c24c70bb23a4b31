package ui

// plural is Lang.T for a message with a count n: English says "1 day",
// not "1 days", through the message's singular form id+".one" (Chinese
// has none and reads the same for any n).
func plural(l Lang, id string, n int, args ...any) string {
	if l == LangEN && n == 1 {
		if s := l.T(id+".one", args...); s != id+".one" {
			return s
		}
	}
	return l.T(id, args...)
}

// N is plural in the screens' language.
func (c *common) N(id string, n int, args ...any) string { return plural(c.lang, id, n, args...) }
