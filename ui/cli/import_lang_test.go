package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportInChinese: `shuati --lang zh import` words the report and a
// refused file's message in Chinese, and `--lang en` in English (issue
// 9.3, from the importer's codes through the one catalog).
func TestImportInChinese(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	formats := filepath.Join("..", "..", "bank", "importer", "testdata", "formats")
	tests := []struct {
		lang, file string
		code       int
		want, not  []string
	}{
		{"zh", "huli.docx", 0, []string{"Word 文档", "huli.docx：", "已保存题库 huli"}, []string{"questions", "bank \"huli\""}},
		{"zh", "kuaiji.pdf", 0, []string{"PDF 文字", "题库 \"kuaiji\"：13 题", "已保存题库 kuaiji"}, []string{"questions", "stored"}},
		{"zh", "scanned.pdf", 1, []string{"shuati: ", "scanned.pdf：PDF 没有文字层", "扫描件"}, []string{"text layer", "pictures"}},
		{"zh", "encrypted.pdf", 1, []string{"encrypted.pdf：PDF 已加密"}, []string{"encrypted (a password"}},
		{"en", "scanned.pdf", 1, []string{"scanned.pdf: the PDF has no text layer"}, []string{"没有文字层"}},
		{"en", "huli.docx", 0, []string{"Word document", "stored bank huli"}, []string{"已保存", "没有答案"}},
	}
	for _, tt := range tests {
		args := []string{"--lang", tt.lang, "--db", db, "import", filepath.Join(formats, tt.file)}
		if tt.lang == "en" {
			args = append(args, "--name", strings.TrimSuffix(tt.file, filepath.Ext(tt.file))+"-en")
		}
		code, out, errs := runArgs(args...)
		all := out + errs
		if code != tt.code {
			t.Errorf("%s %s: exit %d, want %d; %s", tt.lang, tt.file, code, tt.code, all)
		}
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s %s: %q not in\n%s", tt.lang, tt.file, w, all)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(all, n) {
				t.Errorf("%s %s: %q in\n%s", tt.lang, tt.file, n, all)
			}
		}
	}
}

// TestImportHelpNamesFormats: `import --help` says what is read, that the
// kind comes from the content, and what happens to a scanned or an
// encrypted PDF (issue 9.1), in both languages.
func TestImportHelpNamesFormats(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {".docx", "PDF (its text layer)", ".xlsx", "CSV/TSV", ".txt, .md", "from the file's content", "scanned PDF", "OCR", "encrypted PDF"},
		"zh": {".docx", "PDF（文字层）", ".xlsx", "CSV/TSV", ".txt、.md", "按文件内容", "扫描的 PDF", "OCR", "加密的 PDF"},
	} {
		code, out, errs := runArgs("--lang", lang, "import", "--help")
		if code != 0 {
			t.Fatalf("%s: exit %d, %s", lang, code, errs)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: import --help lacks %q:\n%s", lang, w, out)
			}
		}
	}
}
