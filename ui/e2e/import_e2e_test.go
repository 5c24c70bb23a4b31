package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The import screen through real key presses: from home (mode 8) the
// learner types the start of a path, tab completes it, enter shows the
// report and the questions of a .docx, enter stores the bank and home
// lists it; esc cancels, storing nothing; a file that cannot be read is
// named with the reason.

// importFixture copies testdata/kuaiji.docx (13 questions, 会计基础练习题)
// into a new folder and returns the folder.
func importFixture(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "my banks")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	copyFile(tb, filepath.Join("testdata", "kuaiji.docx"), filepath.Join(dir, "kuaiji.docx"))
	return dir
}

// typeText types s literally.
func (t *term) typeText(s string) {
	t.tb.Helper()
	t.keys("-l", s)
}

func TestImportScreenE2E(t *testing.T) {
	needTmux(t)
	dir := importFixture(t)
	db := filepath.Join(t.TempDir(), "import.db")
	tm := startTerm(t, 80, 30, nil, "--db", db)
	tm.waitFor("8. 导入题库")
	tm.keys("8")
	tm.waitFor("文件：", "tab 补全")
	tm.typeText(dir + "/ku")
	tm.keys("Tab")
	tm.waitFor(dir + "/kuaiji.docx")
	tm.keys("Enter")
	tm.waitFor("题库 kuaiji：13 题", "回车保存，esc 取消", "报告", "识别出的题目（题库格式）", "# 会计基础练习题")
	tm.checkWidths("the preview")
	// the questions scroll, to the last one
	tm.keys("PageDown")
	tm.waitFor("[q0bad914808] 会计的基本职能是（ ）。")
	tm.keys("End")
	tm.waitFor("答案：1月1日")
	tm.checkWidths("the preview scrolled")
	tm.keys("Enter")
	tm.waitFor("会计基础练习题", "13 题", "模式")
	tm.checkWidths("home with the bank")
	// the new bank's questions are in review at once
	tm.keys("1")
	tm.waitFor("还剩")
	tm.keys("C-c")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	out, _, code, _ := run(t, 10*time.Second, "", "--db", db, "bank", "list")
	if code != 0 || !strings.Contains(out, "kuaiji") {
		t.Fatalf("bank list after the import (exit %d):\n%s", code, out)
	}

	// A second start: the same file again is a re-import, not a twin; esc
	// cancels it and the path stays to edit; a missing file is named.
	tm = startTerm(t, 80, 30, []string{"LANG=en_US.UTF-8"}, "--db", db)
	tm.waitFor("8. Import")
	tm.keys("8")
	tm.waitFor("File:")                      // typed before the screen opens, the path's digits would choose modes
	tm.typeText("'" + dir + "/kuaiji.docx'") // pasted from a file manager, quoted
	tm.keys("Enter")
	tm.waitFor("bank kuaiji: 13 questions", "replaces the bank of that name imported before")
	tm.keys("Escape")
	tm.waitFor("File: '" + dir + "/kuaiji.docx'")
	tm.keys("C-u")
	tm.typeText(dir + "/gone.pdf")
	tm.keys("Enter")
	tm.waitFor("✗ cannot import "+dir+"/gone.pdf", "no such file or directory")
	tm.checkWidths("the error")
	tm.keys("Escape")
	tm.waitFor("Modes")
	tm.keys("q")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// TestImportScreenFitsE2E: the screen typing, with an error and with a
// preview, at 40, 60, 80 and 120 columns in Chinese and English; a
// cancelled preview stores nothing. SHUATI_E2E_DUMP=DIR writes each
// screen there for a look.
func TestImportScreenFitsE2E(t *testing.T) {
	needTmux(t)
	dump := os.Getenv("SHUATI_E2E_DUMP")
	dir := importFixture(t)
	for _, lang := range []string{"zh_CN.UTF-8", "en_US.UTF-8"} {
		for _, w := range []int{40, 60, 80, 120} {
			t.Run(fmt.Sprintf("%s/%d", lang[:2], w), func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "w.db")
				tm := startTerm(t, w, 20, []string{"LANG=" + lang}, "--db", db)
				tr := func(zh, en string) string {
					if tm.lang == "en" {
						return en
					}
					return zh
				}
				look := func(where string) {
					t.Helper()
					tm.checkWidths(where)
					if dump != "" {
						name := filepath.Join(dump, fmt.Sprintf("import-%s-%03d-%s.txt", tm.lang, w, where))
						if err := os.WriteFile(name, []byte(strings.Join(tm.screen(), "\n")+"\n"), 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
				tm.waitFor(tr("模式", "Modes"))
				tm.keys("8")
				tm.waitFor(tr("文件：", "File: "))
				look("typing")
				tm.typeText(dir + "/nothing-here.docx")
				tm.keys("Enter")
				tm.waitFor(tr("无法导入", "cannot import"))
				look("error")
				tm.keys("C-u")
				tm.typeText(dir + "/kuaiji.docx")
				tm.keys("Enter")
				tm.waitFor(tr("13 题", "13 questions"))
				look("preview")
				tm.keys("PageDown")
				look("preview-scrolled")
				tm.keys("Escape")
				tm.waitFor(tr("文件：", "File: "))
				tm.keys("Escape")
				tm.waitFor(tr("模式", "Modes"))
				tm.keys("q")
				if code := tm.exitCode(); code != 0 {
					t.Fatalf("exit %d", code)
				}
				if out, _, _, _ := run(t, 10*time.Second, "", "--db", db, "bank", "list"); strings.Contains(out, "kuaiji") {
					t.Errorf("a cancelled import stored the bank:\n%s", out)
				}
			})
		}
	}
}
