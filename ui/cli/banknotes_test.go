package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shuati import keeps the bank editor's notes (the CSV's 备注 column, 注：
// of a bank-format file): a later command, opening the database again,
// exports them.
func TestImportKeepsNotes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	files := map[string]string{
		"csvnotes.csv": "题干,题型,选项A,选项B,正确答案,备注\n客户关怀属于哪类工作（ ）,单选题,售后,采购,A,原文答案为 B\n投诉处理的第一步是（ ）,单选题,倾听,争辩,A,\n",
		"mdnotes.md":   "# 带注\nbank: mdnotes\n\n## 一、单项选择题 {single}\n\n[m1] 满意度调查常用（ ）\nA. 问卷\nB. 抽签\n答案：A\n注：原书缺一个选项。\n",
	}
	for name, text := range files {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, errs := runArgs("--db", db, "import", file); code != 0 {
			t.Fatalf("import %s: exit %d: %s", name, code, errs)
		}
	}
	for bank, note := range map[string]string{"csvnotes": "注：原文答案为 B", "mdnotes": "注：原书缺一个选项。"} {
		code, out, errs := runArgs("--db", db, "bank", "export", "--bank", bank, "--format", "md")
		if code != 0 || !strings.Contains(out, note) || strings.Count(out, "注：") != 1 {
			t.Errorf("export of %s: exit %d, %q, stderr %q; want the one note %q", bank, code, out, errs, note)
		}
	}
}
