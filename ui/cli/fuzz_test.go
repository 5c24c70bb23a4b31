package cli

import (
	"strings"
	"testing"

	"github.com/shuati/shuati/ui/i18n"
)

// FuzzParseBackground: the terminal's answer is outside data; any bytes
// give an answer or none, never a panic, and a colour only with the report
// that ends it.
func FuzzParseBackground(f *testing.F) {
	for _, s := range []string{
		"\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[24;80R",
		"\x1b]11;rgb:fd/f6/e3\x07\x1b[3;7R",
		"\x1b[24;80R",
		"\x1b]11;rgb:ffff/ffff/ffff",
		"\x1b]11;rgb:f/f/f\x1b[1;1R",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, answer []byte) {
		_, found, ok := parseBackground(answer)
		if found && !ok {
			t.Errorf("%q: a colour without the cursor report", answer)
		}
	})
}

// FuzzArgs: the command line is outside data; normalizeArgs only drops a
// "--" or adds a dash, and langOf always gives a language.
func FuzzArgs(f *testing.F) {
	for _, s := range []string{
		"-lang en -- bank list",
		"--db F stats --json",
		"bank export -format md -bank kefu-2025",
		"import -- -odd-name --dry-run",
		"--lang= --lang",
		"-- -- --",
		"__complete bank export -",
	} {
		f.Add(s)
	}
	e := newEnv(Config{Getenv: func(string) string { return "" }})
	e.lang = i18n.EN
	root := e.newRoot()
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, " ")
		if l := e.langOf(args); l != i18n.ZH && l != i18n.EN {
			t.Errorf("%q: language %q", args, l)
		}
		out := normalizeArgs(root, args)
		if len(out) > len(args) {
			t.Fatalf("%q became longer: %q", args, out)
		}
		// Each output token is the next input token, or it with a dash added
		// (never to a token that had two); only "--" is left out.
		same := func(in, a string) bool {
			return in == a || !strings.HasPrefix(in, "--") && "-"+in == a
		}
		j := 0
		for _, a := range out {
			for j < len(args) && !same(args[j], a) {
				if args[j] != "--" {
					t.Fatalf("%q: %q dropped", args, args[j])
				}
				j++
			}
			if j == len(args) {
				t.Fatalf("%q: %q came from nowhere (%q)", args, a, out)
			}
			j++
		}
	})
}
