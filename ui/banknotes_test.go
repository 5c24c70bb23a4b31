package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
)

// The bank editor's notes of imported files — the 备注 column of a CSV,
// 注： in a bank-format file — are stored with the bank by the import
// screen, are there after the database is opened again, and show once a
// question is answered and in browse, as the built-in bank's do
// (TestEditorNoteShown).
func TestImportedBankNotesShown(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "csvnotes.csv")
	writeTestFile(t, csvFile, "题干,题型,选项A,选项B,正确答案,解析,备注\n"+
		"客户关怀属于哪类工作（ ）,单选题,售后,采购,A,关怀在售后,原文答案为 B，按教材应为 A\n"+
		"投诉处理的第一步是（ ）,单选题,倾听,争辩,A,,\n")
	mdFile := filepath.Join(dir, "mdnotes.md")
	writeTestFile(t, mdFile, "# 带注的题库\nbank: mdnotes\n\n## 一、单项选择题 {single}\n\n"+
		"[m1] 满意度调查常用（ ）\nA. 问卷\nB. 抽签\n答案：A\n注：原书此题缺第三个选项。\n\n"+
		"[m2] 没有注的题（ ）\nA. 甲\nB. 乙\n答案：B\n")

	dbPath := filepath.Join(dir, "shuati.db")
	st, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	d := importDriver(t, st, "zh", 100, 30)
	for _, f := range []struct{ file, name string }{{csvFile, "csvnotes"}, {mdFile, "mdnotes"}} {
		if _, ok := d.m.active().(*importScreen); !ok {
			d.keys("8")
		}
		d.typeText(f.file)
		d.keys("enter")
		d.expect("题库 " + f.name + "：2 题")
		d.keys("enter")
		if _, ok := d.m.active().(*homeScreen); !ok {
			t.Fatalf("%s: after storing, the active screen is %T:\n%s", f.name, d.m.active(), d.view())
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = realStoreAt(t, dbPath)
	want := map[string]string{"csvnotes": "原文答案为 B，按教材应为 A", "mdnotes": "原书此题缺第三个选项。"}
	user, err := st.UserBanks()
	if err != nil || len(user) != 2 {
		t.Fatalf("stored banks %v, %v", user, err)
	}
	for _, b := range user {
		if got := b.Questions[0].Note; got != want[b.Name] {
			t.Errorf("%s: note %q after reopening, want %q", b.Name, got, want[b.Name])
		}
		if got := b.Questions[1].Note; got != "" {
			t.Errorf("%s: a question without a note has %q", b.Name, got)
		}
	}

	for _, b := range user {
		q := b.Questions[0]
		first := *b
		first.Questions = first.Questions[:1] // the question with the note
		cfg := testConfig(st, "zh")
		cfg.Banks = append(testBanks(), &first)
		cfg.Start = "practice"
		cfg.Practice = PracticeOptions{Bank: b.Name, Types: []bank.Type{bank.Single}}
		d := newDriver(t, cfg, 80, 30)
		d.expect(q.Stem[:12])
		if strings.Contains(d.view(), want[b.Name]) {
			t.Fatalf("%s: the note shows before the answer:\n%s", b.Name, d.view())
		}
		d.keys("a")
		d.expect("注")
		d.expect(want[b.Name])
	}

	// browse, the whole imported bank
	user, err = st.UserBanks()
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(st, "en")
	cfg.Banks = append(testBanks(), user...)
	b := newDriver(t, cfg, 100, 40)
	b.keys("5", "/")
	b.typeText("满意度调查")
	b.keys("enter", "enter")
	b.expect("Editor's note")
	b.expect("原书此题缺第三个选项")
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func realStoreAt(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
