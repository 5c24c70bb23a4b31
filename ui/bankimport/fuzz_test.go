package bankimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuati/shuati/bank/importer"
)

// FuzzLoad: any file content loads or fails with an error naming the file;
// a loaded preview has a bank, a report and a stable digest.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"mine.txt", "none.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("# T\nbank: t\n\n## 判断题 {truefalse}\n\n[t-1] 地球是圆的。\n答案：对\n"))
	f.Add([]byte("题干,题型,选项A,选项B,正确答案\n1+1=?,单选,2,3,A\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("%PDF-1.4\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(dir, "in.txt")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		p, _, err := Load(nil, file, importer.Options{Name: "fuzz"}, nil)
		if err != nil {
			if !strings.Contains(err.Error(), file) && !strings.Contains(err.Error(), "fuzz") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		if p.Bank == nil || p.Report == nil || len(p.Bank.Questions) == 0 {
			t.Fatalf("preview without a bank or a report: %+v", p)
		}
		if d := Digest(p.Bank); d != p.Digest || !strings.HasPrefix(d, "sha256:") {
			t.Fatalf("digest %q, then %q", p.Digest, d)
		}
	})
}
