package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/store"
)

var _ Store = (*store.Store)(nil)

// TestRunImportWithStore: the import lands in a real database, survives
// deleting the file, and a re-import of an edited file keeps the IDs.
func TestRunImportWithStore(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "shuati.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := filepath.Join(dir, "crm.txt")
	src := readFile(t, "testdata/raw/crm-style.txt")
	if err := os.WriteFile(f, src, 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	b, _, err := RunImport(st, f, Options{}, false, nil, &out, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(f)
	got, ok, err := st.UserBank("crm")
	if err != nil || !ok || len(got.Questions) != len(b.Questions) {
		t.Fatalf("stored bank: ok %v err %v", ok, err)
	}
	sameQuestions(t, "stored", got, b)

	edited := strings.Replace(string(src), "顾客管理的核心是什么?", "顾客管理的核心是什么？", 1)
	os.WriteFile(f, []byte(edited), 0o644)
	b2, rep, err := RunImport(st, f, Options{}, false, nil, &out, time.Now())
	if err != nil || rep.Kept != len(b.Questions) {
		t.Fatalf("re-import: %v, kept %d of %d", err, rep.Kept, len(b.Questions))
	}
	for i := range b2.Questions {
		if b2.Questions[i].ID != b.Questions[i].ID {
			t.Errorf("question %d changed ID", i)
		}
	}
	list, _ := st.ListUserBanks()
	if len(list) != 1 || list[0].Name != "crm" || list[0].File != f {
		t.Errorf("list: %+v", list)
	}
}
