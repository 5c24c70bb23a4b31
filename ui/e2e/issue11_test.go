package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTooSmallSwallowsKeys (issue 11, defect 2): while the "terminal too
// small" screen shows, answer keys and enter do nothing; after the resize
// the question is still unanswered, and ctrl+c leaves nothing recorded.
func TestTooSmallSwallowsKeys(t *testing.T) {
	needTmux(t)
	qs := ofType(bankQuestions(t, "crm-2025"), "single")
	db := filepath.Join(t.TempDir(), "small.db")
	tm := startTerm(t, 80, 24, nil, "--db", db, "practice", "--bank", "crm-2025", "--type", "single")
	tm.waitFor(stemProbe(qs[0]))
	tm.resize(30, 10)
	tm.waitFor("终端太小")
	tm.keys(strings.ToLower(qs[0].choices(t)))
	tm.keys("Enter")
	tm.keys("u", "s", "Escape")
	tm.waitFor("终端太小")
	tm.resize(80, 24)
	s := tm.waitFor(stemProbe(qs[0]))
	if strings.Contains(s, "回答正确") || strings.Contains(s, "回答错误") || strings.Contains(s, "本次小结") {
		t.Fatalf("a key acted while the terminal was too small:\n%s", s)
	}
	tm.resize(30, 10)
	tm.waitFor("终端太小")
	tm.keys("C-c")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit %d after ctrl+c on the too-small screen", code)
	}
	if st := stats(t, db); st.Reviews != 0 {
		t.Fatalf("%d answers recorded, want 0", st.Reviews)
	}
}

// TestScreensFitBothLanguages walks the screens issue 11 changed (home,
// the practice set-up with its filter, a review question, its summary
// with the wrong answers, the mistake book and an entry's detail, a
// browse search, stats, settings) at 40, 60, 80 and 120 columns, in
// Chinese and English: no row wider than the pane. SHUATI_E2E_DUMP=DIR
// writes each screen there for a look.
func TestScreensFitBothLanguages(t *testing.T) {
	needTmux(t)
	dump := os.Getenv("SHUATI_E2E_DUMP")
	qs := ofType(bankQuestions(t, "crm-2025"), "single")
	for _, lang := range []string{"zh_CN.UTF-8", "en_US.UTF-8"} {
		for _, w := range []int{40, 60, 80, 120} {
			t.Run(fmt.Sprintf("%s/%d", lang[:2], w), func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "w.db")
				tm := startTerm(t, w, 24, []string{"LANG=" + lang}, "--db", db, "practice", "--bank", "crm-2025", "--type", "single")
				tr := func(zh, en string) string {
					if tm.lang == "en" {
						return en
					}
					return zh
				}
				modes := tr("模式", "Modes")
				look := func(where string) {
					t.Helper()
					tm.checkWidths(where)
					if dump != "" {
						name := filepath.Join(dump, fmt.Sprintf("%s-%03d-%s.txt", tm.lang, w, where))
						if err := os.WriteFile(name, []byte(strings.Join(tm.screen(), "\n")+"\n"), 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
				// esc, one at a time: two in one read are alt+esc
				esc := func(want string) {
					t.Helper()
					tm.keys("Escape")
					tm.waitFor(want)
				}
				tm.waitFor(stemProbe(qs[0]))
				look("question")
				tm.keys(strings.ToLower(qs[0].wrongChoice(t)))
				tm.waitFor(tm.msg("wrong"))
				look("feedback")
				tm.keys("e")
				tm.waitFor(tr("笔记：", "Note:"))
				tm.keys("x", "y", "z", "Enter")
				tm.waitFor("xyz")
				look("note")
				tm.keys("Enter")
				tm.waitFor(stemProbe(qs[1]))
				esc(tm.msg("summary"))
				look("summary")
				esc(modes)
				look("home")
				tm.keys("1") // review
				tm.waitFor(tr("还剩", "left"))
				look("review")
				esc(tm.msg("summary"))
				esc(modes)
				tm.keys("2")
				tm.waitFor(tr("练习设置", "Practice"))
				look("practice")
				tm.keys("/", "c")
				tm.waitFor(tr("筛选", "Filter"))
				look("practice-filter")
				// the list's heading shows while the filter is typed too:
				// wait for the filter line to go
				tm.keys("Escape")
				filterLine := tr("筛选：", "Filter:")
				tm.waitUntil(5*time.Second, func(s string) bool { return !strings.Contains(s, filterLine) }, "the filter closed")
				esc(modes)
				tm.keys("4")
				tm.waitFor(tr("未掌握 1", "open 1"))
				look("mistakes")
				tm.keys("Enter")
				tm.waitFor("xyz")
				look("mistake-detail")
				esc(tr("未掌握 1", "open 1"))
				esc(modes)
				tm.keys("5")
				tm.waitFor(tr("搜索", "Search"))
				tm.keys("/", "C", "R", "M", "Enter")
				tm.waitFor(tr("搜索： CRM", "Search: CRM"))
				look("browse-search")
				tm.keys("c")
				tm.waitFor(tr("选择章节", "Choose a section"))
				look("browse-sections")
				esc(tr("搜索", "Search"))
				esc(modes)
				tm.keys("6")
				tm.waitFor(tr("总览", "Overview"))
				look("stats")
				esc(modes)
				tm.keys("7")
				tm.waitFor(tr("新题交错", "Interleave"))
				look("settings")
				tm.keys("?")
				tm.waitFor("ctrl+c")
				look("settings-help")
				tm.keys("C-c")
				tm.exitCode()
			})
		}
	}
}
