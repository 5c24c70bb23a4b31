package importer_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/bank/importer"
	"github.com/shuati/shuati/ui/i18n"
)

// The report and the errors in words: the importer gives codes, ui/i18n
// words them. These tests live in package importer_test to use the catalog.

func importFile(t *testing.T, path string) (*bank.Bank, *importer.Report, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return importer.Import(filepath.Base(path), data, importer.Options{Name: "sample"})
}

// TestRecognition imports the raw samples of testdata/raw (written in the
// style of the seed documents: glued one-line banks in traditional
// characters with pinyin, several sub-documents on one page, marks between
// statements, cases) and compares what was recognised, question by
// question, and the English report with the reviewed .want files.
func TestRecognition(t *testing.T) {
	files, _ := filepath.Glob("testdata/raw/*.txt")
	if len(files) < 3 {
		t.Fatal("raw samples missing")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, rep, err := importFile(t, f)
			if err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			if err := bank.WriteBankFormat(&sb, b); err != nil {
				t.Fatal(err)
			}
			sb.WriteString("\n---- report\n")
			if err := i18n.EN.WriteImportReport(&sb, rep); err != nil {
				t.Fatal(err)
			}
			got := sb.String()
			want := strings.TrimSuffix(f, ".txt") + ".want"
			if *importer.Update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(w) {
				t.Errorf("recognition of %s changed:\n%s", f, importer.LineDiff(string(w), got))
			}
		})
	}
}

// TestReportChinese: the Chinese report is Chinese, with its arguments in
// the Chinese order.
func TestReportChinese(t *testing.T) {
	n := importer.Note{Code: "tf.undecided", Args: []any{"三、判断题", 9, 2}}
	if got := i18n.ZH.ImportNote(n); !strings.HasPrefix(got, "第 9 行的部分 \"三、判断题\"：2 个") {
		t.Errorf("argument order in Chinese: %q", got)
	}
	_, rep, err := importFile(t, "testdata/raw/crm-style.txt")
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := i18n.ZH.WriteImportReport(&sb, rep); err != nil {
		t.Fatal(err)
	}
	out := sb.String()
	for _, want := range []string{"题库文本", "没有答案（自评）：7", "未归入任何题目的行：3", "第 1 行：汽车服务", "对错符号夹在两道判断题之间", "  single     单选"} {
		if !strings.Contains(out, want) {
			t.Errorf("Chinese report lacks %q:\n%s", want, out)
		}
	}
	for _, en := range []string{"line ", "questions", "without an answer"} {
		if strings.Contains(out, en) {
			t.Errorf("Chinese report holds %q:\n%s", en, out)
		}
	}
}

// TestFileErrorsInBothLanguages: a file the importer refuses gets a
// message naming the file, in Chinese and in English.
func TestFileErrorsInBothLanguages(t *testing.T) {
	cases := []struct {
		file   string
		zh, en string
	}{
		{"testdata/formats/scanned.pdf", "PDF 没有文字层：它的 1 页只有图片（扫描件？）", "the PDF has no text layer: its 1 page shows only pictures (a scan?)"},
		{"testdata/formats/encrypted.pdf", "PDF 已加密（有密码或复制保护）", "the PDF is encrypted (a password or copy protection)"},
	}
	for _, c := range cases {
		_, _, err := importFile(t, c.file)
		if err == nil {
			t.Fatalf("%s imported", c.file)
		}
		name := filepath.Base(c.file)
		if got := i18n.ZH.ImportError(err); !strings.HasPrefix(got, name+"：") || !strings.Contains(got, c.zh) {
			t.Errorf("%s in Chinese: %q, want %q", c.file, got, c.zh)
		}
		if got := i18n.EN.ImportError(err); !strings.HasPrefix(got, name+": ") || !strings.Contains(got, c.en) {
			t.Errorf("%s in English: %q, want %q", c.file, got, c.en)
		}
	}
	// A damaged Word document: the reason, and where, in Chinese.
	_, _, err := importer.Import("cut.docx", []byte("PK\x03\x04garbage"), importer.Options{})
	if got := i18n.ZH.ImportError(err); !strings.HasPrefix(got, "cut.docx：这是无法读取的 zip 压缩包") {
		t.Errorf("cut docx in Chinese: %q", got)
	}
	_, _, err = importer.Import("scan.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), importer.Options{})
	if got := i18n.ZH.ImportError(err); got != "scan.png：这是PNG 图片（扫描件？shuati 读取文字，不识别图片），不是 shuati 能读取的题库（文本、CSV/TSV、Excel、Word 或 PDF）" {
		t.Errorf("png in Chinese: %q", got)
	}
}

// TestCatalogHasEveryCode: every code the importer can give has a Chinese
// and an English text taking the same arguments, and the Chinese one has
// no English sentence in it.
func TestCatalogHasEveryCode(t *testing.T) {
	verbs := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*[dqsv]`)
	latin := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*[a-z]|（after）|（before）|U\+FFFD|UTF-8|UTF-16|GB18030/GBK|GB18030|CSV|TSV|Excel|Word|PowerPoint|OpenDocument|Microsoft Office|Office|PDF|ToUnicode|OCR|shuati|zip|XML|CDATA|OLE2|PNG|JPEG|GIF|WebP|TIFF|RTF|gzip|7-Zip|RAR|ELF|Windows|DjVu|HEIC|EPUB|MB|GB|KB|\.[a-z]+|[a-z]+/[a-z]+\.xml|jsonl|md|csv|anki|&amp;|&|<|>`)
	for _, code := range importer.Codes {
		zh, en := i18n.ZH.T("importer."+code), i18n.EN.T("importer."+code)
		if !i18n.Has("importer."+code) || zh == "" || en == "" {
			t.Errorf("%s: no text", code)
			continue
		}
		if nz, ne := len(verbs.FindAllString(zh, -1)), len(verbs.FindAllString(en, -1)); nz != ne {
			t.Errorf("%s: %d verbs in Chinese, %d in English", code, nz, ne)
		}
		if rest := latin.ReplaceAllString(zh, ""); strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("%s: Chinese text has English in it: %q", code, zh)
		}
	}
}
