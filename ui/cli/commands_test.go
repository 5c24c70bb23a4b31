package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// answerKefu001 records an answer to kefu-2025-001 (single choice, key D)
// in the database db, now.
func answerKefu001(t *testing.T, db, given string, correct bool) {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	rating := fsrs.Again
	if correct {
		rating = fsrs.Good
	}
	if _, err := st.RecordAnswer(store.Answer{Key: "kefu-2025/kefu-2025-001", Type: bank.Single, Section: "一、单项选择题",
		Mode: store.ModePractice, Given: given, Correct: &correct, Rating: rating, Took: 3 * time.Second, At: time.Now()}, store.Position{}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// importMine imports the notations fixture as bank "mine" into a new
// database and returns its path.
func importMine(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, errs := runArgs("--db", db, "import", "--name", "mine", filepath.Join("testdata", "import-notations.txt")); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	return db
}

// TestGlobalFlagsAfterCommand: --db and --lang work after the command and
// its flags, and are honoured there (issues 10.3 and 11.7).
func TestGlobalFlagsAfterCommand(t *testing.T) {
	db := importMine(t)
	tests := []struct {
		args []string
		want string // in stdout
	}{
		{[]string{"stats", "--json", "--db", db}, `"reviews": 0`},
		{[]string{"bank", "list", "--db", db}, "mine"},
		{[]string{"bank", "list", "--lang", "zh", "--db", db}, "题库"},
		{[]string{"bank", "list", "--db=" + db, "--lang=en"}, "bank "},
		{[]string{"bank", "export", "--bank", "mine", "--db", db, "--format", "md"}, "bank: mine"},
		{[]string{"mistakes", "--md", "--db", db, "--lang", "zh"}, "# 错题本"},
		{[]string{"stats", "--db", db, "--lang", "zh"}, "未学"},
	}
	for _, tt := range tests {
		code, out, errs := runArgs(tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) || errs != "" {
			t.Errorf("%q: exit %d, stdout %.80q (want %q in it), stderr %q", tt.args, code, out, tt.want, errs)
		}
	}
	// The imported bank's questions count as new: stats read --db F.
	_, out, _ := runArgs("stats", "--json", "--db", db)
	var stats struct{ New int }
	if err := json.Unmarshal([]byte(out), &stats); err != nil || stats.New < 16 {
		t.Errorf("stats --json --db F: new %d, %v", stats.New, err)
	}
}

// TestSingleDashLongFlags: the flag package took -flag as --flag; scripts
// written for it keep working.
func TestSingleDashLongFlags(t *testing.T) {
	code, out, errs := runArgs("bank", "export", "-bank", "kefu-2025", "-format", "md")
	if code != 0 || !strings.HasPrefix(out, "# ") || errs != "" {
		t.Errorf("bank export -bank -format: exit %d, stdout %.60q, stderr %q", code, out, errs)
	}
	if code, out, errs := runArgs("bank", "export", "-nope"); code != 2 || out != "" || !strings.HasPrefix(errs, "shuati: bank export: unknown flag -nope") {
		t.Errorf("-nope: exit %d, stderr %q", code, errs)
	}
}

// TestPlainOutputInChosenLanguage: the plain-text outputs and help follow
// --lang, else the locale (issue 11.13).
func TestPlainOutputInChosenLanguage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	zhEnv := map[string]string{"LANG": "zh_CN.UTF-8", "SHUATI_DB": db}
	tests := []struct {
		env  map[string]string
		args []string
		want []string
		not  []string
	}{
		{testEnv, []string{"--db", db, "--lang", "zh", "stats"}, []string{"作答次数", "连续学习", "0 天"}, []string{"reviews", "days"}},
		{zhEnv, []string{"stats"}, []string{"作答次数"}, []string{"reviews"}},
		{zhEnv, []string{"--lang", "en", "stats"}, []string{"reviews", "streak", "0 days"}, []string{"作答"}},
		{zhEnv, []string{"bank", "list"}, []string{"题库", "单选", "合计"}, []string{"total"}},
		{zhEnv, []string{"bank", "check", "../../bank/testdata/all-types.md"}, []string{"通过", "19 题", "4 单选"}, []string{"ok"}},
		{zhEnv, []string{"--help"}, []string{"用法：", "命令：", "全局选项"}, []string{"Usage:"}},
		{zhEnv, []string{"bank", "export", "--help"}, []string{"--format jsonl", "（默认 jsonl）"}, []string{"Usage:"}},
		{testEnv, []string{"--lang", "zh", "practice", "--help"}, []string{"用法：", "--type T,…"}, []string{"Usage:"}},
		{testEnv, []string{"stats", "--help"}, []string{"Usage:", "--json"}, []string{"用法"}},
	}
	for _, tt := range tests {
		code, out, errs := runEnv(tt.env, tt.args...)
		if code != 0 || errs != "" {
			t.Errorf("%q: exit %d, stderr %q", tt.args, code, errs)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q (LANG %s): %q not in\n%s", tt.args, tt.env["LANG"], w, out)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(out, w) {
				t.Errorf("%q (LANG %s): %q in\n%s", tt.args, tt.env["LANG"], w, out)
			}
		}
	}
	code, out, errs := runEnv(zhEnv, "frobnicate")
	if code != 2 || out != "" || !strings.HasPrefix(errs, `shuati: 未知命令 "frobnicate"`) || !strings.Contains(errs, "用法：") {
		t.Errorf("unknown command in Chinese: exit %d, stderr %q", code, errs)
	}
}

// TestEnglishPlurals: one day, one question, one review (issue 11.13).
func TestEnglishPlurals(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	answerKefu001(t, db, "D", true)
	_, out, errs := runArgs("--db", db, "stats")
	if !regexp.MustCompile(`(?m)^streak +1 day$`).MatchString(out) {
		t.Errorf("stats after one day of answers:\n%s%s", out, errs)
	}
	file := filepath.Join(t.TempDir(), "one.md")
	if err := os.WriteFile(file, []byte("# One\nbank: one\n\n## 判断题 {truefalse}\n\n[one-1] 地球是圆的。\n答案：对\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, errs = runArgs("bank", "check", file)
	if want := file + ": ok: bank one, 1 question (1 truefalse)\n"; out != want {
		t.Errorf("bank check of one question: %q%s, want %q", out, errs, want)
	}
}

// TestImportDryRun: a dry run says nothing is stored, and says nothing
// else was (issue 11.13: "stored with a problem noted" came before
// "nothing stored"). The report goes to stderr, the questions to stdout.
func TestImportDryRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	code, out, errs := runArgs("--db", db, "import", "--dry-run", filepath.Join("testdata", "noted.txt"))
	if code != 0 || !strings.Contains(out, "bank: noted") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if !strings.Contains(errs, "with a problem noted") || !strings.HasSuffix(errs, "dry run: nothing stored\n") {
		t.Errorf("the fixture no longer has a noted question, or the dry run says nothing of storing:\n%s", errs)
	}
	if before, _, _ := strings.Cut(errs, "dry run: nothing stored"); strings.Contains(before, "stored") {
		t.Errorf("a dry run speaks of storing:\n%s", errs)
	}
}

// TestBadFlagValues: a value a flag cannot take is the user's error (exit
// 1), as the README says; a missing value is a usage error (exit 2).
func TestBadFlagValues(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"exam", "--count", "x"}, 1, `shuati: --count "x": want a whole number`},
		{[]string{"stats", "--json=maybe"}, 1, `shuati: --json "maybe": want true or false`},
		{[]string{"exam", "--count", "-3"}, 1, "shuati: exam: --count and --minutes must not be negative"},
		{[]string{"practice", "--type", "single,nope"}, 1, `shuati: practice: --type "nope": want one of single,`},
		{[]string{"import", "x.txt", "--tf-marks", "middle"}, 1, `shuati: import: --tf-marks "middle": want before or after`},
		{[]string{"stats", "--db"}, 2, "shuati: stats: flag --db needs a value"},
		{[]string{"--db=", "stats"}, 1, "shuati: --db: empty path"},
		{[]string{"backup"}, 2, "shuati: backup: want PATH"},
		{[]string{"import"}, 2, "shuati: import: want FILE"},
		{[]string{"review", "now"}, 2, `shuati: review: unexpected argument "now"`},
		{[]string{"bank", "lst"}, 2, `shuati: bank: unknown subcommand "lst"`},
		{[]string{"stast"}, 2, "shuati: unknown command \"stast\"\ndid you mean: stats"},
	}
	for _, tt := range tests {
		code, out, errs := runArgs(tt.args...)
		if code != tt.code || out != "" || !strings.HasPrefix(errs, tt.msg) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errs, tt.code, tt.msg)
		}
	}
}

// TestCompletion: `shuati completion bash|zsh|fish` prints a script, and
// the flags' values complete.
func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_shuati", "zsh": "#compdef shuati", "fish": "complete -c shuati"} {
		code, out, errs := runArgs("completion", shell)
		if code != 0 || !strings.Contains(out, want) || errs != "" {
			t.Errorf("completion %s: exit %d, %d bytes without %q, stderr %q", shell, code, len(out), want, errs)
		}
	}
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if code, _, errs := runArgs(args...); code != 2 {
			t.Errorf("%q: exit %d (%s), want 2", args, code, errs)
		}
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "bank", "export", "--format", ""}, []string{"jsonl", "md", "csv", "anki"}},
		{[]string{"__complete", "practice", "--type", ""}, []string{"single", "truefalse", "card"}},
		{[]string{"__complete", "exam", "--bank", ""}, []string{"kefu-2025", "crm-2025"}},
		{[]string{"__complete", "stats", "--lang", ""}, []string{"zh", "en"}},
		{[]string{"__complete", "ba"}, []string{"bank", "backup"}},
	}
	for _, tt := range tests {
		code, out, errs := runArgs(tt.args...)
		lines := strings.Split(out, "\n")
		for _, w := range tt.want {
			found := false
			for _, l := range lines {
				found = found || l == w || strings.HasPrefix(l, w+"\t")
			}
			if !found {
				t.Errorf("%q: exit %d, %q not offered:\n%s%s", tt.args, code, w, out, errs)
			}
		}
	}
}

// TestHelpNamesOnlyFilesInTheRepository: no help points to a file the
// repository does not have (stats --help named PRODUCT.md).
func TestHelpNamesOnlyFilesInTheRepository(t *testing.T) {
	fileRE := regexp.MustCompile(`[\w./-]+\.md\b`)
	for _, lang := range []string{"en", "zh"} {
		for _, cmd := range []string{"", "review", "practice", "exam", "mistakes", "browse", "stats", "bank", "bank list", "bank export", "bank check", "bank remove", "bank rename", "import", "backup", "check", "rebuild", "completion"} {
			args := append(strings.Fields(cmd), "--help", "--lang", lang)
			code, out, _ := runArgs(args...)
			if code != 0 {
				t.Errorf("%q: exit %d", args, code)
			}
			for _, name := range fileRE.FindAllString(out, -1) {
				if _, err := os.Stat(filepath.Join("..", "..", name)); err != nil {
					t.Errorf("%q names %s, which the repository does not have", args, name)
				}
			}
		}
	}
	if _, out, _ := runArgs("stats", "--help"); !strings.Contains(out, "README.md") {
		t.Errorf("stats --help does not say where the JSON keys are:\n%s", out)
	}
}

// TestFileNamesAreSanitized: a file name carrying escape sequences is never
// echoed raw, in output or in errors (issue 14.12).
func TestFileNamesAreSanitized(t *testing.T) {
	dir := t.TempDir()
	evil := filepath.Join(dir, "evil\x1b]0;pwned\x07\x1b[31m\u202e.md")
	if err := os.WriteFile(evil, []byte("# Evil\nbank: evil\n\n## 判断题 {truefalse}\n\n[e-1] 地球是圆的。\n答案：对\n"), 0o600); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	missing := filepath.Join(dir, "gone\x1b[2J.txt")
	db := filepath.Join(dir, "t.db")
	for _, args := range [][]string{
		{"bank", "check", evil},
		{"bank", "check", missing},
		{"--db", db, "import", "--dry-run", evil},
		{"--db", db, "import", missing},
		{"--db", db, "backup", filepath.Join(dir, "copy\x1b[31m.db")},
		{"--db", db, "backup", evil},
	} {
		_, out, errs := runArgs(args...)
		if strings.ContainsAny(out+errs, "\x1b\x07\u202e") {
			t.Errorf("%q: a control sequence reached the terminal: %q %q", args, out, errs)
		}
		if !strings.Contains(out+errs, dir) {
			t.Errorf("%q: the file is not named: %q %q", args, out, errs)
		}
	}
}
