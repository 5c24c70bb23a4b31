package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/data"
	"github.com/shuati/shuati/store"
)

// version is what the tests pass for Config.Version.
const version = "0.0.0-test"

// testEnv is the environment the command line sees in the tests: an
// English locale, and a default database that does not exist (a test that
// needs one passes --db), so a test never reads the user's own.
var testEnv = map[string]string{
	"LANG":      "en_US.UTF-8",
	"SHUATI_DB": filepath.Join(os.TempDir(), "shuati-cli-test-no-such-dir", "none.db"),
}

// runArgs runs the command line and returns exit code, stdout and stderr.
func runArgs(args ...string) (int, string, string) {
	return runEnv(testEnv, args...)
}

// runEnv is runArgs in the environment env.
func runEnv(env map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(Config{Version: version, Banks: data.Banks, Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] }}, args)
	return code, out.String(), errb.String()
}

func embedded(t *testing.T) []*bank.Bank {
	t.Helper()
	banks, err := data.Banks()
	if err != nil {
		t.Fatal(err)
	}
	if len(banks) == 0 {
		t.Fatal("no embedded bank")
	}
	return banks
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"--db", "x.db", "--version"}} {
		code, out, errs := runArgs(args...)
		if code != 0 || !strings.HasPrefix(out, "shuati "+version) || errs != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "shuati [--db PATH] [--lang zh|en] COMMAND"},
		{[]string{"-h"}, "Commands:"},
		{[]string{"--lang", "en", "-h"}, "bank"},
		{[]string{"bank", "--help"}, "shuati bank check FILE"},
		{[]string{"bank", "export", "--help"}, "--format jsonl"},
		{[]string{"bank", "check", "-h"}, "shuati bank check FILE"},
		{[]string{"bank", "list", "--help"}, "shuati bank list"},
	}
	for _, tt := range tests {
		code, out, errs := runArgs(tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) || errs != "" {
			t.Errorf("%q: exit %d, stdout %q (want %q in it), stderr %q", tt.args, code, out, tt.want, errs)
		}
	}
}

// TestUsageErrors: a mistake in the command line exits 2 with a message and
// the usage on stderr, nothing on stdout.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"frobnicate"}, `shuati: unknown command "frobnicate"`},
		{[]string{"--frob", "bank", "list"}, "shuati: unknown flag --frob"},
		{[]string{"--db"}, "shuati: flag --db needs a value"},
		{[]string{"bank"}, "shuati: bank: missing subcommand"},
		{[]string{"bank", "lsit"}, `shuati: bank: unknown subcommand "lsit"`},
		{[]string{"bank", "list", "extra"}, `shuati: bank list: unexpected argument "extra"`},
		{[]string{"bank", "export", "--nope"}, "shuati: bank export: unknown flag --nope"},
		{[]string{"bank", "export", "--bank"}, "shuati: bank export: flag --bank needs a value"},
		{[]string{"bank", "check"}, "shuati: bank check: want FILE"},
		{[]string{"bank", "check", "a.md", "b.md"}, "shuati: bank check: want FILE"},
	}
	for _, tt := range tests {
		code, out, errs := runArgs(tt.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, tt.msg) || !strings.Contains(errs, "Usage:") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, out, errs, tt.msg)
		}
	}
}

// TestUserErrors: bad values and files exit 1 with a one-line message.
func TestUserErrors(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"--lang", "fr", "bank", "list"}, `shuati: --lang "fr": want zh or en`},
		{[]string{"--lang=", "bank", "list"}, `shuati: --lang "": want zh or en`},
		{[]string{"bank", "export", "--bank", "no-such-bank"}, `shuati: bank export: no bank "no-such-bank" (banks: `},
		{[]string{"bank", "export", "--format", "xml"}, `shuati: bank export: --format "xml": want one of jsonl, md, csv, anki`},
		{[]string{"bank", "check", "testdata/does-not-exist.md"}, "shuati: open testdata/does-not-exist.md: no such file or directory"},
	}
	for _, tt := range tests {
		code, out, errs := runArgs(tt.args...)
		if code != 1 || out != "" || !strings.HasPrefix(errs, tt.msg) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.args, code, out, errs, tt.msg)
		}
	}
}

func TestGlobalFlagsBeforeCommand(t *testing.T) {
	for _, args := range [][]string{
		{"--db", "/tmp/x.db", "--lang", "en", "bank", "list"},
		{"--lang=zh", "--db=/tmp/x.db", "bank", "list"},
		{"-lang", "en", "--", "bank", "list"},
	} {
		if code, out, errs := runArgs(args...); code != 0 || out == "" || errs != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

func TestBankList(t *testing.T) {
	banks := embedded(t)
	code, out, errs := runArgs("--lang", "en", "bank", "list")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "bank ") || !strings.Contains(lines[0], "total") {
		t.Errorf("header %q", lines[0])
	}
	total := 0
	for i, b := range banks {
		total += len(b.Questions)
		f := strings.Fields(lines[i+1])
		if f[0] != b.Name {
			t.Errorf("row %d is %q, want bank %s", i+1, lines[i+1], b.Name)
			continue
		}
		if !strings.Contains(lines[i+1], "  "+strconv.Itoa(len(b.Questions))+"  ") {
			t.Errorf("row %q lacks the total %d", lines[i+1], len(b.Questions))
		}
	}
	if len(banks) > 1 && !strings.Contains(lines[len(lines)-1], strconv.Itoa(total)) {
		t.Errorf("last row %q lacks the grand total %d", lines[len(lines)-1], total)
	}
	_, zh, _ := runArgs("--lang", "zh", "bank", "list")
	if !strings.HasPrefix(zh, "题库") {
		t.Errorf("--lang zh header: %q", strings.SplitN(zh, "\n", 2)[0])
	}
}

// jsonKeys is the contract's key order of a JSONL line (PRODUCT.md 4).
var jsonKeys = []string{"bank", "id", "type", "section", "source", "stem", "options", "answer", "explanation", "tags"}

// TestExportJSONL checks every line of the export of the embedded banks
// against the schema of PRODUCT.md section 4.
func TestExportJSONL(t *testing.T) {
	banks := embedded(t)
	code, out, errs := runArgs("bank", "export")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	n := 0
	for _, b := range banks {
		n += len(b.Questions)
	}
	if len(lines) != n {
		t.Fatalf("%d lines, %d questions", len(lines), n)
	}
	seen := map[string]bool{}
	for i, line := range lines {
		keys := objectKeys(t, line)
		want := jsonKeys
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		typ := bank.Type(m["type"].(string))
		if typ == bank.Case {
			want = append(append([]string{}, jsonKeys...), "parts")
		}
		if !reflect.DeepEqual(keys, want) {
			t.Fatalf("line %d: keys %q, want %q", i+1, keys, want)
		}
		if !typ.Valid() {
			t.Errorf("line %d: type %q", i+1, typ)
		}
		key := m["bank"].(string) + "/" + m["id"].(string)
		if seen[key] || m["id"] == "" {
			t.Errorf("line %d: id %q empty or repeated", i+1, key)
		}
		seen[key] = true
		for _, k := range []string{"section", "source", "stem", "explanation"} {
			if _, ok := m[k].(string); !ok {
				t.Errorf("line %d: %s is %T", i+1, k, m[k])
			}
		}
		opts, ok := m["options"].([]any)
		if !ok {
			t.Fatalf("line %d: options %T", i+1, m["options"])
		}
		for _, o := range opts {
			om := o.(map[string]any)
			if len(om) != 2 || om["key"] == nil || om["text"] == nil {
				t.Errorf("line %d: option %v", i+1, om)
			}
		}
		if _, ok := m["tags"].([]any); !ok {
			t.Errorf("line %d: tags %T", i+1, m["tags"])
		}
		checkAnswer(t, i+1, typ, m["answer"])
		if typ == bank.Case {
			parts, ok := m["parts"].([]any)
			if !ok || len(parts) == 0 {
				t.Errorf("line %d: parts %v", i+1, m["parts"])
			}
			for _, p := range parts {
				pm := p.(map[string]any)
				if _, ok := pm["stem"].(string); !ok || len(pm) != 2 {
					t.Errorf("line %d: part %v", i+1, pm)
				}
				if a, ok := pm["answer"]; a != nil {
					if _, isString := a.(string); !ok || !isString {
						t.Errorf("line %d: part answer %T", i+1, a)
					}
				}
			}
		}
	}

	// --bank NAME: that bank only.
	name := banks[0].Name
	code, out, _ = runArgs("bank", "export", "--bank", name, "--format", "jsonl")
	if got := strings.Count(out, "\n"); code != 0 || got != len(banks[0].Questions) {
		t.Errorf("--bank %s: exit %d, %d lines, want %d", name, code, got, len(banks[0].Questions))
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, `{"bank":"`+name+`",`) {
			t.Errorf("--bank %s: line %.60s", name, line)
		}
	}
}

func checkAnswer(t *testing.T, line int, typ bank.Type, a any) {
	t.Helper()
	if a == nil {
		return
	}
	ok := false
	switch typ {
	case bank.Single:
		s, isString := a.(string)
		ok = isString && len(s) == 1 && s[0] >= 'A' && s[0] <= 'H'
	case bank.Multiple:
		s, isString := a.(string)
		ok = isString && s != ""
		for i := 0; ok && i < len(s); i++ {
			ok = s[i] >= 'A' && s[i] <= 'H' && (i == 0 || s[i-1] < s[i])
		}
	case bank.TrueFalse:
		_, ok = a.(bool)
	case bank.Fill:
		l, isList := a.([]any)
		ok = isList && len(l) > 0
		for _, x := range l {
			if s, isString := x.(string); !isString || s == "" {
				ok = false
			}
		}
	default:
		s, isString := a.(string)
		ok = isString && s != ""
	}
	if !ok {
		t.Errorf("line %d: %s answer %#v", line, typ, a)
	}
}

// objectKeys returns the keys of a JSON object in the order they appear.
func objectKeys(t *testing.T, line string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %.60s", line)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// TestExportMarkdownRoundTrip: `bank export --format md` of every embedded
// bank is a bank file that parses strictly back to the same bank.
func TestExportMarkdownRoundTrip(t *testing.T) {
	for _, b := range embedded(t) {
		code, out, errs := runArgs("bank", "export", "--bank", b.Name, "--format", "md")
		if code != 0 || errs != "" {
			t.Fatalf("%s: exit %d, stderr %q", b.Name, code, errs)
		}
		back, err := bank.ParseBytes(b.File, []byte(out), bank.ParseOptions{Strict: true})
		if err != nil {
			t.Fatalf("%s: export does not parse: %v", b.Name, err)
		}
		if len(back.Questions) != len(b.Questions) {
			t.Fatalf("%s: %d questions back, want %d", b.Name, len(back.Questions), len(b.Questions))
		}
		back.File = b.File
		for i, q := range back.Questions {
			want := *b.Questions[i]
			got := *q
			want.Line, got.Line = 0, 0
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: question %s differs after export:\n got  %#v\n want %#v", b.Name, want.ID, got, want)
			}
		}
		if back.Name != b.Name || back.Title != b.Title || back.Source != b.Source {
			t.Errorf("%s: header differs after export", b.Name)
		}
	}
}

func TestBankCheck(t *testing.T) {
	code, out, errs := runArgs("bank", "check", "../../bank/testdata/broken.md")
	if code != 1 || out != "" {
		t.Errorf("broken file: exit %d, stdout %q", code, out)
	}
	lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
	if lines[0] != `../../bank/testdata/broken.md:5: text before the first question: only "# title", "bank:" and "source:" go here` ||
		lines[1] != "../../bank/testdata/broken.md:11: option C out of order: want B" || len(lines) != 7 {
		t.Errorf("broken file: stderr\n%s", errs)
	}

	code, out, errs = runArgs("bank", "check", "../../bank/testdata/all-types.md")
	want := "../../bank/testdata/all-types.md: ok: bank all-types, 19 questions (4 single, 2 multiple, 5 truefalse, 2 fill, 2 short, 1 essay, 1 definition, 1 case, 1 card)\n"
	if code != 0 || out != want || errs != "" {
		t.Errorf("good file: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	files, err := data.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if code, out, errs := runArgs("bank", "check", "../../data/"+f.Name); code != 0 || !strings.Contains(out, ": ok: ") {
			t.Errorf("data/%s: exit %d, %s%s", f.Name, code, out, errs)
		}
	}
}

// A pipe instead of a terminal: the TUI commands refuse at once (exit 1)
// instead of hanging, before opening the database.
func TestTUINeedsTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for _, args := range [][]string{{}, {"review"}, {"practice", "--type", "single"}, {"exam", "--count", "5"}, {"browse"}} {
		code, out, errs := runArgs(append([]string{"--db", db}, args...)...)
		if code != 1 || out != "" || !strings.Contains(errs, "std") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 naming stdin or stdout", args, code, out, errs)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was created although the TUI could not start: %v", err)
	}
}

func TestStatsJSONAndMistakesOnEmptyDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	code, out, errs := runArgs("--db", db, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats --json: exit %d: %s", code, errs)
	}
	var stats map[string]any
	if err := json.Unmarshal([]byte(out), &stats); err != nil {
		t.Fatalf("stats --json is not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"reviews", "reviews_today", "due", "new", "learning", "mistakes_open", "mistakes_total", "by_type"} {
		if _, ok := stats[k]; !ok {
			t.Errorf("stats --json lacks %q", k)
		}
	}
	if stats["reviews"] != float64(0) || stats["new"].(float64) < 200 {
		t.Errorf("fresh database: reviews %v, new %v", stats["reviews"], stats["new"])
	}
	if code, out, errs := runArgs("--db", db, "mistakes", "--json"); code != 0 || out != "" {
		t.Errorf("mistakes --json on a fresh database: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := runArgs("--db", db, "mistakes", "--json", "--md"); code != 2 {
		t.Errorf("mistakes --json --md: exit %d (%s), want 2", code, errs)
	}
}

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db, copyPath := filepath.Join(dir, "t.db"), filepath.Join(dir, "copy.db")
	if code, _, errs := runArgs("--db", db, "backup", copyPath); code != 1 || !strings.Contains(errs, "no database at "+db) {
		t.Errorf("backup with no database: exit %d, stderr %q; want 1 naming the file", code, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("backup with no database created it: %v", err)
	}
	createDB(t, db)
	if code, _, errs := runArgs("--db", db, "backup", copyPath); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, errs)
	}
	if code, _, errs := runArgs("--db", copyPath, "stats", "--json"); code != 0 {
		t.Fatalf("the backup does not open: exit %d: %s", code, errs)
	}
	before, _ := os.ReadFile(copyPath)
	if code, _, errs := runArgs("--db", db, "backup", copyPath); code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("backup over an existing file: exit %d, %q", code, errs)
	}
	if after, _ := os.ReadFile(copyPath); string(before) != string(after) {
		t.Error("backup overwrote an existing file")
	}
}

func TestDamagedDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	junk := []byte("this is not a database, just some text\n")
	if err := os.WriteFile(db, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runArgs("--db", db, "stats", "--json")
	if code != 1 || !strings.Contains(errs, db) {
		t.Errorf("damaged database: exit %d, stderr %q; want exit 1 naming the file", code, errs)
	}
	if got, _ := os.ReadFile(db); string(got) != string(junk) {
		t.Error("the damaged file was changed")
	}
}

// shuati import: a dry run stores nothing; a real import appears in bank
// list and bank export; a built-in bank's name is refused.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	file := filepath.Join("testdata", "import-notations.txt")
	code, out, errs := runArgs("--db", db, "import", file, "--dry-run")
	if code != 0 || !strings.Contains(errs, "16 questions") || strings.Count(out, "\n[") != 16 {
		t.Fatalf("import --dry-run: exit %d, stdout %q, stderr %q; want the 16 questions and a report of them", code, out, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a dry run created the database: %v", err)
	}
	if code, _, errs := runArgs("--db", db, "import", "--name", "kefu-2025", file); code != 1 || !strings.Contains(errs, "kefu-2025") {
		t.Errorf("import over a built-in bank's name: exit %d, %q; want exit 1 naming it", code, errs)
	}
	if code, _, errs = runArgs("--db", db, "import", "--name", "mine", file); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if code, out, errs = runArgs("--db", db, "bank", "list"); code != 0 || !strings.Contains(out, "mine") {
		t.Errorf("bank list after import: exit %d, %q, %q", code, out, errs)
	}
	code, out, errs = runArgs("--db", db, "bank", "export", "--bank", "mine", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("export of the imported bank: exit %d: %s", code, errs)
	}
	if n := strings.Count(out, "\n"); n != 16 {
		t.Errorf("export of the imported bank: %d lines, want 16", n)
	}
	for _, format := range []string{"csv", "anki", "md"} {
		if code, out, errs := runArgs("--db", db, "bank", "export", "--bank", "mine", "--format", format); code != 0 || !strings.Contains(out, "全角点编号的题目") {
			t.Errorf("export --format %s: exit %d, stderr %q", format, code, errs)
		}
	}
	if code, out, errs := runArgs("--db", db, "import", filepath.Join(dir, "missing.txt")); code != 1 || !strings.Contains(errs, "missing.txt") {
		t.Errorf("import of a missing file: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestRebuildCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, out, errs := runArgs("--db", db, "rebuild"); code != 1 || !strings.Contains(errs, "no database at "+db) {
		t.Errorf("rebuild with no database: exit %d, stdout %q, stderr %q; want 1 naming the file", code, out, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("rebuild with no database created it: %v", err)
	}
	createDB(t, db)
	if code, out, errs := runArgs("--db", db, "rebuild"); code != 0 || !strings.Contains(out, "rebuilt") {
		t.Errorf("rebuild: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := runArgs("--db", db, "rebuild", "extra"); code != 2 {
		t.Errorf("rebuild extra: exit %d (%s), want 2", code, errs)
	}
}

// A wrong answer shows in the wrong-answer book: as JSON with its question
// and as the printable sheet with the learner's answer and the right one.
func TestMistakesAfterAWrongAnswer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	answerKefu001(t, db, "A", false)
	code, out, errs := runArgs("--db", db, "--lang", "zh", "mistakes", "--md")
	if code != 0 {
		t.Fatalf("mistakes --md: exit %d: %s", code, errs)
	}
	for _, want := range []string{"# 错题本", "## kefu-2025 · 一、单项选择题", "客户服务管理的核心是", "你上次的错误答案: A", "正确答案: D", "解析: "} {
		if !strings.Contains(out, want) {
			t.Errorf("mistakes --md lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = runArgs("--db", db, "mistakes", "--json")
	if code != 0 {
		t.Fatalf("mistakes --json: exit %d: %s", code, errs)
	}
	var entry map[string]any
	if err := json.Unmarshal([]byte(out), &entry); err != nil {
		t.Fatalf("mistakes --json: %v\n%s", err, out)
	}
	if entry["id"] != "kefu-2025-001" || entry["answer"] != "D" || entry["last_wrong"] != "A" || entry["times_wrong"] != float64(1) {
		t.Errorf("mistakes --json entry: %v", entry)
	}
}

// The printable sheet carries the learner's own note (笔记) and the bank
// editor's note on a doubtful key.
func TestMistakeSheetNotes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	wrong := false
	for _, k := range []string{"kefu-2025/kefu-2025-001", "crm-2025/crm-2025-022"} {
		if _, err := st.RecordAnswer(store.Answer{Key: k, Type: bank.Single, Mode: store.ModePractice, Given: "A",
			Correct: &wrong, Rating: 1, Took: time.Second, At: time.Now()}, store.Position{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetNote("kefu-2025/kefu-2025-001", "核心是价值最大化"); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runArgs("--db", db, "--lang", "zh", "mistakes", "--md")
	if code != 0 {
		t.Fatalf("mistakes --md: exit %d: %s", code, errs)
	}
	for _, want := range []string{"笔记: 核心是价值最大化", "注: 原文答案为 BD"} {
		if !strings.Contains(out, want) {
			t.Errorf("mistakes --md lacks %q:\n%s", want, out)
		}
	}
}
