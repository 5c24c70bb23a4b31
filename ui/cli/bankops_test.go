package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/data"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// runStdin is runArgs with stdin read from the file stdin.
func runStdin(t *testing.T, stdin *os.File, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(Config{Version: version, Banks: data.Banks, Stdin: stdin, Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return testEnv[k] }}, args)
	return code, out.String(), errb.String()
}

// noTerminal is a stdin that is not a terminal.
func noTerminal(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// answerWrong records a wrong answer to the first question of bank name
// in db and returns its key.
func answerWrong(t *testing.T, db, name string) string {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, ok, err := st.UserBank(name)
	if err != nil || !ok {
		t.Fatalf("bank %s: %v %v", name, ok, err)
	}
	q := b.Questions[0]
	wrong := false
	if _, err := st.RecordAnswer(store.Answer{Key: q.Key(), Type: q.Type, Section: q.Section, Mode: store.ModePractice,
		Given: "C", Correct: &wrong, Rating: fsrs.Again, Took: time.Second, At: time.Now()}, store.Position{}); err != nil {
		t.Fatal(err)
	}
	return q.Key()
}

// The dry run's stdout is a bank file: bank check accepts it and it holds
// every question the report counts.
func TestImportDryRunWritesABankFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	code, out, errs := runArgs("--db", db, "import", "--dry-run", "--name", "mine", filepath.Join("testdata", "import-notations.txt"))
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, errs)
	}
	md := filepath.Join(dir, "mine.md")
	if err := os.WriteFile(md, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	code, checked, cerrs := runArgs("bank", "check", md)
	if code != 0 || !strings.Contains(checked, "bank mine, 16 questions") {
		t.Errorf("bank check of the dry run's output: exit %d, %q %q", code, checked, cerrs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the dry run created the database: %v", err)
	}
	// With a database, the dry run takes the IDs a real import would.
	if code, _, errs := runArgs("--db", db, "import", "--name", "mine", md); code != 0 {
		t.Fatalf("import of the bank file: %s", errs)
	}
	code, again, _ := runArgs("--db", db, "import", "--dry-run", "--name", "mine", filepath.Join("testdata", "import-notations.txt"))
	if code != 0 || again != out {
		t.Errorf("dry run with the bank stored: exit %d, output differs:\n%s\nwas\n%s", code, again, out)
	}
}

// Importing the same questions under a second name says so, in the
// output and in the dry run.
func TestImportTwinSaysSo(t *testing.T) {
	db := importMine(t)
	file := filepath.Join("testdata", "import-notations.txt")
	code, _, errs := runArgs("--db", db, "import", "--dry-run", "--name", "again", file)
	if code != 0 || !strings.Contains(errs, "already stored as bank mine") {
		t.Errorf("dry run of a twin: exit %d, stderr %q", code, errs)
	}
	code, out, errs := runArgs("--db", db, "--lang", "zh", "import", "--name", "again", file)
	if code != 0 || !strings.Contains(out, "同样的题目已保存为题库 mine") {
		t.Errorf("import of a twin: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	// The same bank again under its own name is a re-import, no twin.
	code, out, _ = runArgs("--db", db, "import", "--name", "mine", file)
	if code != 0 || strings.Contains(out, "already stored as bank mine") || !strings.Contains(out, "replacing the earlier import") {
		t.Errorf("re-import: exit %d, %q", code, out)
	}
}

// bank remove: refuses built-in and unknown banks, wants --yes when it
// cannot ask, keeps the history, and a re-import brings it back.
func TestBankRemove(t *testing.T) {
	db := importMine(t)
	key := answerWrong(t, db, "mine")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"bank", "remove", "mine"}, 1, "shuati: bank remove: stdin is not a terminal to confirm on; pass --yes to remove bank mine"},
		{[]string{"bank", "remove", "kefu-2025", "--yes"}, 1, "shuati: bank remove: kefu-2025 is a built-in bank"},
		{[]string{"bank", "remove", "nope", "--yes"}, 1, `shuati: bank remove: no imported bank "nope" (imported banks: mine)`},
		{[]string{"bank", "remove"}, 2, "shuati: bank remove: want NAME"},
	}
	for _, tt := range tests {
		code, out, errs := runStdin(t, noTerminal(t), append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || out != "" || !strings.HasPrefix(errs, tt.msg) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errs, tt.code, tt.msg)
		}
	}
	if _, out, _ := runArgs("--db", db, "bank", "list"); !strings.Contains(out, "mine") {
		t.Fatal("a refused remove removed the bank")
	}
	code, out, errs := runStdin(t, noTerminal(t), "--db", db, "bank", "remove", "mine", "--yes")
	if code != 0 || !strings.Contains(out, "removed bank mine") {
		t.Fatalf("remove --yes: exit %d, %q %q", code, out, errs)
	}
	if _, out, _ := runArgs("--db", db, "bank", "list"); strings.Contains(out, "mine") {
		t.Errorf("bank list after remove:\n%s", out)
	}
	// The history stays: the mistake is still in the book, its question gone.
	if _, out, _ := runArgs("--db", db, "mistakes", "--md"); !strings.Contains(out, key) || !strings.Contains(out, "no longer in any bank") {
		t.Errorf("mistakes after remove:\n%s", out)
	}
	if code, _, errs := runArgs("--db", db, "import", "--name", "mine", filepath.Join("testdata", "import-notations.txt")); code != 0 {
		t.Fatalf("re-import: %s", errs)
	}
	var entry map[string]any
	_, out, _ = runArgs("--db", db, "mistakes", "--json")
	if err := json.Unmarshal([]byte(out), &entry); err != nil || entry["bank"] != "mine" || entry["times_wrong"] != float64(1) {
		t.Errorf("the re-imported bank's mistake: %v %v\n%s", entry, err, out)
	}
}

// bank rename: the history follows — stats by section, the mistake book,
// the cards; built-in banks and bad names are refused.
func TestBankRename(t *testing.T) {
	db := importMine(t)
	key := answerWrong(t, db, "mine")
	_, id, _ := strings.Cut(key, "/")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"bank", "rename", "kefu-2025", "x"}, 1, "shuati: bank rename: kefu-2025 is a built-in bank"},
		{[]string{"bank", "rename", "mine", "crm-2025"}, 1, `shuati: bank rename: bank name "crm-2025" belongs to a built-in bank`},
		{[]string{"bank", "rename", "mine", "a/b"}, 1, `shuati: bank rename: bank name "a/b": use letters, digits, - and _`},
		{[]string{"bank", "rename", "nope", "x"}, 1, `shuati: bank rename: no imported bank "nope" (imported banks: mine)`},
		{[]string{"bank", "rename", "mine"}, 2, "shuati: bank rename: want OLD NEW"},
	}
	for _, tt := range tests {
		code, out, errs := runArgs(append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || out != "" || !strings.HasPrefix(errs, tt.msg) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errs, tt.code, tt.msg)
		}
	}
	setExamDate(t, db, "mine", "2027-01-10")
	code, out, errs := runArgs("--db", db, "bank", "rename", "mine", "ours")
	if code != 0 || !strings.Contains(out, "renamed bank mine to ours") {
		t.Fatalf("rename: exit %d, %q %q", code, out, errs)
	}
	var stats struct {
		Reviews   int                        `json:"reviews"`
		BySection map[string]store.TypeStats `json:"by_section"`
	}
	_, out, _ = runArgs("--db", db, "stats", "--json")
	if err := json.Unmarshal([]byte(out), &stats); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	if stats.Reviews != 1 || stats.BySection["ours/一、单项选择题"].Answered != 1 || len(stats.BySection) != 1 {
		t.Errorf("stats after rename: %+v", stats)
	}
	var entry map[string]any
	_, out, _ = runArgs("--db", db, "mistakes", "--json")
	if err := json.Unmarshal([]byte(out), &entry); err != nil || entry["bank"] != "ours" || entry["id"] != id {
		t.Errorf("the mistake after rename: %v %v\n%s", entry, err, out)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok, _ := st.Card("ours/" + id); !ok {
		t.Error("the card did not follow the rename")
	}
	if _, ok, _ := st.Card(key); ok {
		t.Error("the card is still under the old name")
	}
	if b, ok, _ := st.UserBank("ours"); !ok || b.Questions[0].Bank != "ours" || b.Questions[0].Type != bank.Single {
		t.Errorf("the renamed bank: %v", ok)
	}
	if set, err := st.Settings(); err != nil || set.ExamDates["ours"] != "2027-01-10" || set.ExamDates["mine"] != "" {
		t.Errorf("the exam date did not follow the rename: %v, %v", set.ExamDates, err)
	}
}

// setExamDate gives the bank its own exam date, as the TUI's settings do.
func setExamDate(t *testing.T, db, bankName, date string) {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	set, err := st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	set.ExamDates = map[string]string{bankName: date}
	if err := st.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
}

// On a terminal, bank remove asks, and only yes removes.
func TestBankRemoveAsksOnATerminal(t *testing.T) {
	db := importMine(t)
	for _, tt := range []struct {
		answer  string
		removed bool
	}{{"n", false}, {"", false}, {"y", true}} {
		cmd, out, stdin, _, cancel := inScript(t, 10*time.Second, "--db", db, "bank", "remove", "mine")
		for start := time.Now(); !strings.Contains(out.String(), "[y/N]"); time.Sleep(10 * time.Millisecond) {
			if time.Since(start) > 5*time.Second {
				cancel()
				t.Fatalf("no question 5 s after the start: %q", out.String())
			}
		}
		if !strings.Contains(out.String(), "Remove bank mine (16 questions, imported from testdata/import-notations.txt)?") {
			t.Errorf("the question: %q", out.String())
		}
		if _, err := stdin.Write([]byte(tt.answer + "\r")); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		stdin.Close()
		cancel()
		if tt.removed != (err == nil) || tt.removed != strings.Contains(out.String(), "removed bank mine") ||
			!tt.removed && !strings.Contains(out.String(), "bank mine not removed") {
			t.Errorf("answer %q: exit %v, output %q", tt.answer, err, out.String())
		}
	}
	if _, out, _ := runArgs("--db", db, "bank", "list"); strings.Contains(out, "mine") {
		t.Errorf("bank list after yes:\n%s", out)
	}
}
