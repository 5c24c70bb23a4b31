package bankimport

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shuati/shuati/bank/importer"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui/i18n"
)

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func load(t *testing.T, st Store, file string, opts importer.Options) *Preview {
	t.Helper()
	var s Store
	if st != nil {
		s = st
	}
	p, _, err := Load(s, file, opts, []string{"kefu-2025"})
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	return p
}

// A preview stores nothing; Save stores the bank with its digest; the same
// questions under another name are noticed, under the same name they are a
// re-import.
func TestLoadSave(t *testing.T) {
	st := openStore(t)
	mine := filepath.Join("testdata", "mine.txt")
	p := load(t, st, mine, importer.Options{})
	if p.Bank.Name != "mine" || len(p.Bank.Questions) != 3 || p.Report.Total != 3 || p.Replaces || len(p.SameAs) != 0 {
		t.Fatalf("preview: bank %q, %d questions, report %d, replaces %v, same as %v", p.Bank.Name, len(p.Bank.Questions), p.Report.Total, p.Replaces, p.SameAs)
	}
	if _, ok, _ := st.UserBank("mine"); ok {
		t.Fatal("Load stored the bank")
	}
	if err := p.Save(st, t0); err != nil {
		t.Fatal(err)
	}
	if b, ok, err := st.UserBank("mine"); err != nil || !ok || len(b.Questions) != 3 {
		t.Fatalf("stored bank: %v, %v", ok, err)
	}
	again := load(t, st, mine, importer.Options{})
	if !again.Replaces || len(again.SameAs) != 0 {
		t.Errorf("re-import of the same file: replaces %v, same as %v; want a replacement and no twin", again.Replaces, again.SameAs)
	}
	twin := load(t, st, filepath.Join("testdata", "same-questions.txt"), importer.Options{})
	if twin.Bank.Name != "same-questions" || twin.Replaces || !reflect.DeepEqual(twin.SameAs, []string{"mine"}) {
		t.Errorf("the same questions from another file: bank %q, replaces %v, same as %v; want same as [mine]", twin.Bank.Name, twin.Replaces, twin.SameAs)
	}
	if twin.Digest != p.Digest {
		t.Errorf("digests differ for the same questions: %s, %s", twin.Digest, p.Digest)
	}
	// Without a database (a dry run with none): nothing found, nothing kept.
	if p := load(t, nil, mine, importer.Options{Name: "other"}); p.Replaces || p.SameAs != nil || p.Bank.Name != "other" {
		t.Errorf("without a store: %+v", p)
	}
}

// An edited question keeps its ID on a re-import (the earlier import is
// the ID map), so its history stays.
func TestLoadKeepsIDs(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "bank.txt")
	text, err := os.ReadFile(filepath.Join("testdata", "mine.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, text, 0o600); err != nil {
		t.Fatal(err)
	}
	first := load(t, st, file, importer.Options{})
	if err := first.Save(st, t0); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(text), "客户满意度调查通常用哪种方法", "客户满意度调查通常采用哪种方法", 1)
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	second := load(t, st, file, importer.Options{})
	if second.Bank.Questions[0].ID != first.Bank.Questions[0].ID || second.Report.Kept != 3 {
		t.Errorf("edited question: ID %s, was %s; %d IDs kept, want 3", second.Bank.Questions[0].ID, first.Bank.Questions[0].ID, second.Report.Kept)
	}
	if second.Digest == first.Digest {
		t.Error("an edit left the digest as it was")
	}
}

// Every failure names the file and says what is wrong.
func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Logf("no named pipe: %v", err)
		fifo = ""
	}
	bin := filepath.Join(dir, "pic.png")
	if err := os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		opts importer.Options
		want string
	}{
		{filepath.Join(dir, "missing.txt"), importer.Options{}, "no such file"},
		{dir, importer.Options{}, "is a folder"},
		{filepath.Join("testdata", "none.txt"), importer.Options{}, "no question recognised"},
		{bin, importer.Options{}, "PNG"},
		{filepath.Join("testdata", "mine.txt"), importer.Options{Name: "kefu-2025"}, "built-in"},
	}
	if fifo != "" {
		tests = append(tests, struct {
			file string
			opts importer.Options
			want string
		}{fifo, importer.Options{}, "not a regular file"})
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() {
			_, _, err := Load(nil, tt.file, tt.opts, []string{"kefu-2025"})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(i18n.EN.ImportError(err), tt.want) {
				t.Errorf("%s: %v; want an error saying %q", tt.file, err, tt.want)
				continue
			}
			if _, reserved := IsReserved(err); !reserved && !strings.Contains(i18n.EN.ImportError(err), tt.file) {
				t.Errorf("%s: %q does not name the file", tt.file, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Load hangs", tt.file)
		}
	}
	if name, ok := IsReserved(&ReservedError{Name: "x"}); !ok || name != "x" {
		t.Error("IsReserved")
	}
}
