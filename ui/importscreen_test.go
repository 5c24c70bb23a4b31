package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/ui/bankimport"
)

// importDriver opens the import screen from home (mode 8).
func importDriver(t *testing.T, st Store, lang string, w, h int) *driver {
	t.Helper()
	d := newDriver(t, testConfig(st, lang), w, h)
	d.keys("8")
	if _, ok := d.m.active().(*importScreen); !ok {
		t.Fatalf("active screen is %T", d.m.active())
	}
	return d
}

func realStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "shuati.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func (d *driver) importScreen() *importScreen {
	d.t.Helper()
	s, ok := d.m.active().(*importScreen)
	if !ok {
		d.t.Fatalf("active screen is %T, not the import screen:\n%s", d.m.active(), d.view())
	}
	return s
}

// The learner types a path, sees the report and the questions, accepts:
// the bank is stored and home lists it.
func TestImportScreenStores(t *testing.T) {
	st := realStore(t)
	d := importDriver(t, st, "zh", 80, 30)
	d.expect("文件：")
	d.typeText(filepath.Join("testdata", "import", "mine.txt"))
	d.keys("enter")
	d.expect("题库 mine：3 题")
	d.expect("回车保存，esc 取消")
	d.expect("报告")
	d.expect("单选   2")
	d.expect("识别出的题目（题库格式）")
	d.expect("[qf0f69c6255] 客户满意度调查通常用哪种方法（　）")
	if _, ok, _ := st.UserBank("mine"); ok {
		t.Fatal("the preview stored the bank")
	}
	// the questions scroll
	d.keys("pgdown", "pgdown", "pgdown")
	d.expect("顾客永远是对的。")
	d.keys("enter")
	if _, ok := d.m.active().(*homeScreen); !ok {
		t.Fatalf("after storing, the active screen is %T", d.m.active())
	}
	d.expect("mine")
	d.expect("3 题")
	b, ok, err := st.UserBank("mine")
	if err != nil || !ok || len(b.Questions) != 3 {
		t.Fatalf("stored bank: %v %v", ok, err)
	}
	if q, ok := d.m.c.question("mine/" + b.Questions[0].ID); !ok || q.Stem != b.Questions[0].Stem {
		t.Error("the new bank's questions are not in the app's index")
	}
	if names, _ := st.UserBanksByDigest(bankimport.Digest(b)); len(names) != 1 {
		t.Errorf("the digest was not stored with the bank: %v", names)
	}
	// Importing the same questions under another name says so; the same
	// file again replaces the bank.
	d.keys("8")
	d.typeText(filepath.Join("testdata", "import", "same-questions.txt"))
	d.keys("enter")
	d.expect("注意：同样的题目已保存为题库 mine")
	d.keys("esc")
	d.importScreen().path.SetValue(filepath.Join("testdata", "import", "mine.txt"))
	d.keys("enter")
	d.expect("将替换已导入的同名题库")
	if strings.Contains(d.view(), "同样的题目") {
		t.Errorf("a re-import of the same bank is taken for a twin:\n%s", d.view())
	}
}

// Cancelling the preview keeps the path to edit; esc while typing leaves.
func TestImportScreenCancel(t *testing.T) {
	st := realStore(t)
	d := importDriver(t, st, "en", 80, 24)
	file := filepath.Join("testdata", "import", "mine.txt")
	d.typeText(file)
	d.keys("enter")
	d.expect("bank mine: 3 questions")
	d.expect("enter store")
	d.keys("esc")
	if s := d.importScreen(); s.state != impTyping || s.path.Value() != file {
		t.Fatalf("after esc: state %d, path %q", s.state, s.path.Value())
	}
	d.expect("File: " + file)
	// q and ? are typed into the path, not taken as quit and help
	d.typeText("q?")
	if v := d.importScreen().path.Value(); v != file+"q?" {
		t.Errorf("path %q", v)
	}
	d.keys("esc")
	if _, ok := d.m.active().(*homeScreen); !ok {
		t.Fatalf("esc while typing: active screen %T", d.m.active())
	}
	if _, ok, _ := st.UserBank("mine"); ok {
		t.Error("a cancelled import stored the bank")
	}
}

// Every failure is shown on the screen, naming the file; the path stays
// to be corrected.
func TestImportScreenErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.docx")
	bin := filepath.Join(dir, "pic.png")
	if err := os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want []string
	}{
		{missing, []string{"cannot import " + missing, "no such file"}},
		{dir, []string{"cannot import " + dir, "is a folder"}},
		{bin, []string{"cannot import " + bin, "PNG"}},
		{filepath.Join("testdata", "import", "none.txt"), []string{"no question recognised", "line 1: hello world"}},
		{filepath.Join("testdata", "import", "test.txt"), []string{`the bank name "test" belongs to a built-in bank`}},
		{"   ", []string{"type a file's path first"}},
	}
	for _, tt := range tests {
		d := importDriver(t, realStore(t), "en", 120, 30)
		d.typeText(tt.path)
		d.keys("enter")
		for _, w := range tt.want {
			d.expect(w)
		}
		if s := d.importScreen(); s.state != impTyping || s.path.Value() != tt.path {
			t.Errorf("%s: state %d, path %q; want the path kept to correct", tt.path, s.state, s.path.Value())
		}
	}
}

// A refused file's message is in the screen's language (issue 9.3): a
// scanned PDF, a picture, a folder, in Chinese.
func TestImportScreenErrorsInChinese(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "pic.png")
	if err := os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o600); err != nil {
		t.Fatal(err)
	}
	scanned := filepath.Join("..", "bank", "importer", "testdata", "formats", "scanned.pdf")
	tests := []struct {
		path string
		want string
	}{
		{scanned, "PDF 没有文字层"},
		{bin, "这是PNG 图片"},
		{dir, "是文件夹，不是文件"},
		{filepath.Join("testdata", "import", "none.txt"), "没有识别出任何题目"},
	}
	for _, tt := range tests {
		d := importDriver(t, realStore(t), "zh", 120, 30)
		d.typeText(tt.path)
		d.keys("enter")
		d.expect(tt.want)
		if v := d.view(); strings.Contains(v, "text layer") || strings.Contains(v, "not a file") {
			t.Errorf("%s: English in the Chinese screen:\n%s", tt.path, v)
		}
	}
}

// A store that cannot take banks (a test fake) says so instead of failing.
func TestImportScreenWithoutImportStore(t *testing.T) {
	d := importDriver(t, newFakeStore(), "en", 80, 24)
	d.typeText("x.txt")
	d.keys("enter")
	d.expect("this database cannot store imported banks")
}

// failingSave is a real store whose SaveImportedBank fails.
type failingSave struct{ *store.Store }

func (f failingSave) SaveImportedBank(*bank.Bank, string, string, time.Time) error {
	return errors.New("disk full")
}

// A store that fails to save shows the error and keeps the preview.
func TestImportScreenSaveError(t *testing.T) {
	d := importDriver(t, failingSave{realStore(t)}, "en", 80, 24)
	d.typeText(filepath.Join("testdata", "import", "mine.txt"))
	d.keys("enter", "enter")
	d.expect("disk full")
	d.keys("x") // dismisses the error view
	if s := d.importScreen(); s.state != impPreview {
		t.Errorf("after a failed save: state %d, want the preview", s.state)
	}
	d.expect("bank mine: 3 questions")
}

// Tab completes from the folder; ~ is home; a completion that arrives
// after more typing is dropped.
func TestImportScreenCompletion(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, name := range []string{"alpha.txt", "alpine.docx", ".hidden.txt"} {
		if err := os.WriteFile(filepath.Join(home, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(home, "题库"), 0o700); err != nil {
		t.Fatal(err)
	}
	d := importDriver(t, realStore(t), "en", 80, 24)
	s := d.importScreen()
	d.typeText("~/al")
	d.keys("tab")
	if v := s.path.Value(); v != "~/alp" {
		t.Errorf("~/al completes to %q, want ~/alp", v)
	}
	d.expect("matches: alpha.txt  alpine.docx")
	d.typeText("h")
	d.keys("tab")
	if v := s.path.Value(); v != "~/alpha.txt" {
		t.Errorf("~/alph completes to %q", v)
	}
	s.path.SetValue("~/题")
	d.keys("tab")
	if v := s.path.Value(); v != "~/题库/" {
		t.Errorf("~/题 completes to %q", v)
	}
	s.path.SetValue("~/zz")
	d.keys("tab")
	d.expect("no file or folder matches")
	// stale: typed on after the tab
	s.path.SetValue("~/a")
	d.send(importCompletedMsg{typed: "~/al", value: "~/alp"})
	if v := s.path.Value(); v != "~/a" {
		t.Errorf("a stale completion changed the path to %q", v)
	}
	s.path.SetValue("~/alpha.txt")
	d.keys("enter")
	d.expect("cannot import " + filepath.Join(home, "alpha.txt"))
}

// A load that was left (esc while reading, then another file) does not
// land on the newer one.
func TestImportScreenStaleLoad(t *testing.T) {
	d := importDriver(t, realStore(t), "en", 80, 24)
	s := d.importScreen()
	s.gen = 5
	s.state = impLoading
	d.send(importLoadedMsg{gen: 4, file: "old.txt", err: errors.New("old")})
	if s.state != impLoading || s.err != nil {
		t.Errorf("a stale load was taken: state %d, err %v", s.state, s.err)
	}
}

// The screen fits every width in every state, in both languages.
func TestImportScreenFits(t *testing.T) {
	long := filepath.Join("testdata", "import", strings.Repeat("很长的文件名", 10)+".txt")
	for _, lang := range []string{"zh", "en"} {
		for _, w := range []int{40, 60, 80, 120} {
			for _, h := range []int{10, 24} {
				t.Run(fmt.Sprintf("%s/%dx%d", lang, w, h), func(t *testing.T) {
					d := importDriver(t, realStore(t), lang, w, h)
					checkWidth(t, d.view(), w, h)
					d.typeText(long)
					checkWidth(t, d.view(), w, h)
					d.keys("enter") // missing: the error
					checkWidth(t, d.view(), w, h)
					d.importScreen().path.SetValue(filepath.Join("testdata", "import", "mine.txt"))
					d.keys("enter") // the preview
					checkWidth(t, d.view(), w, h)
					d.keys("pgdown", "down", "pgdown")
					checkWidth(t, d.view(), w, h)
					d.keys("?")
					checkWidth(t, d.view(), w, h)
				})
			}
		}
	}
}
