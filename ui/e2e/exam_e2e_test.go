package e2e

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Issue 11's exam items through real key presses: ctrl+c and esc on the
// paper ask (going on by default) instead of handing in; a paper left, or
// cut short by kill -9, is resumed from home with its answers; auto-advance
// is a setting; the report retries the wrong ones.

// paperCount is the N of the paper's "1/N" counter on the screen.
func paperCount(tb testing.TB, screen string) int {
	tb.Helper()
	m := regexp.MustCompile(`\b1/(\d+) · `).FindStringSubmatch(screen)
	if m == nil {
		tb.Fatalf("no question counter on the screen:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// startPaper starts the default exam (of crm-2025, whose single choices
// all have a key) and returns its question count. The first question is
// a single choice.
func startPaper(tb testing.TB, tm *term) int {
	tb.Helper()
	tm.waitFor("开始考试")
	tm.keys("Enter")
	return paperCount(tb, tm.waitFor("单选题", "剩余 "))
}

// TestExamCtrlCAsksE2E (defect 12): ctrl+c on the paper asks instead of
// handing in (it was filed as 0/22 分); esc goes on; l quits keeping the
// paper; the next start offers it on home, r resumes it with its answer,
// and handing it in records that answer.
func TestExamCtrlCAsksE2E(t *testing.T) {
	needTmux(t)
	db := filepath.Join(t.TempDir(), "exam.db")
	tm := startTerm(t, 80, 30, nil, "--db", db, "exam", "--bank", "crm-2025")
	n := startPaper(t, tm)
	tm.keys("a")
	tm.waitFor("(x) A.", fmt.Sprintf("已答 1/%d", n))
	tm.keys("C-c")
	tm.waitFor("退出 shuati？试卷还没有交", "› n 继续作答", "l 退出，保留试卷下次继续")
	if !tm.alive() {
		t.Fatal("ctrl+c quit without asking")
	}
	tm.checkWidths("the question on ctrl+c")
	tm.keys("Escape")
	tm.waitFor("(x) A.", fmt.Sprintf("1/%d · 单选题", n))
	tm.keys("C-c")
	tm.waitFor("退出 shuati？")
	tm.keys("l")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit status %d after leaving", code)
	}
	if s := stats(t, db); s.Reviews != 0 {
		t.Fatalf("leaving recorded %d answers: the exam was handed in", s.Reviews)
	}

	tm = startTerm(t, 80, 30, nil, "--db", db)
	tm.waitFor(fmt.Sprintf("未交的试卷：已答 1/%d · 剩余 ", n), "r 继续")
	tm.checkWidths("home offering the paper")
	tm.keys("r")
	tm.waitFor("(x) A.", fmt.Sprintf("1/%d · 单选题", n), fmt.Sprintf("已答 1/%d", n))
	tm.keys("S")
	tm.waitFor("确定交卷？", "› y 交卷")
	tm.keys("Enter")
	tm.waitFor("考试成绩", "用时 ", "r 重做答错和未答的")
	// the wrong and unanswered ones: a practice session
	tm.keys("r")
	tm.waitFor("重做错题")
	tm.keys("C-c")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if s := stats(t, db); s.Reviews != 1 || s.ByType["single"].Answered != 1 {
		t.Fatalf("after handing in: %d answers recorded, single %+v; want the one given", s.Reviews, s.ByType["single"])
	}
}

// TestExamKill9ResumesE2E: a program killed mid-exam keeps the answers
// given a moment before: the next start offers the paper, on the question
// it was on.
func TestExamKill9ResumesE2E(t *testing.T) {
	needTmux(t)
	db := filepath.Join(t.TempDir(), "kill.db")
	tm := startTerm(t, 80, 30, nil, "--db", db, "exam", "--bank", "crm-2025")
	n := startPaper(t, tm)
	// The paper is kept by a command that runs after the screen shows the
	// answer: each step waits a moment for the write to land.
	tm.keys("b")
	tm.waitFor("(x) B.")
	time.Sleep(300 * time.Millisecond)
	tm.keys("n")
	tm.waitFor(fmt.Sprintf("2/%d · 单选题", n))
	time.Sleep(300 * time.Millisecond)
	tm.keys("c") // the second answer: killed at once, it may or may not be kept
	if err := syscall.Kill(tm.pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := tm.exitCode(); code != 128+int(syscall.SIGKILL) {
		t.Fatalf("exit status %d, want %d (killed)", code, 128+int(syscall.SIGKILL))
	}
	checkBolt(t, db)

	tm = startTerm(t, 60, 24, nil, "--db", db)
	screen := tm.waitFor("未交的试卷：", "r 继续")
	if !regexp.MustCompile(fmt.Sprintf(`已答 [12]/%d`, n)).MatchString(screen) {
		t.Fatalf("home offers the paper without its answers:\n%s", screen)
	}
	tm.keys("r")
	tm.waitFor(fmt.Sprintf("2/%d · 单选题", n))
	tm.keys("p")
	tm.waitFor(fmt.Sprintf("1/%d · 单选题", n), "(x) B.")
	// esc, enter goes on: it is not one enter away from handing in
	tm.keys("Escape")
	tm.waitFor("离开考试？", "› n 继续作答")
	tm.keys("Enter")
	tm.waitFor(fmt.Sprintf("1/%d · 单选题", n), "(x) B.")
	tm.keys("Escape")
	tm.waitFor("离开考试？")
	tm.keys("l")
	tm.waitFor("未交的试卷：", "模式")
	tm.keys("q")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if s := stats(t, db); s.Reviews != 0 {
		t.Fatalf("%d answers recorded: the exam was handed in", s.Reviews)
	}
}

// TestExamAutoAdvanceE2E: turned on in the settings, answering a single
// choice on the paper goes on to the next question.
func TestExamAutoAdvanceE2E(t *testing.T) {
	needTmux(t)
	db := filepath.Join(t.TempDir(), "auto.db")
	tm := startTerm(t, 80, 30, nil, "--db", db)
	tm.waitFor("模式")
	tm.keys("7")
	tm.waitFor("考试自动下一题  ‹ 关 ›", "多选题少选得分  ‹ 不得分 ›")
	tm.keys("Up", "Enter", "Up", "Right")
	tm.waitFor("考试自动下一题  ‹ 开 ›", "多选题少选得分  ‹ 得一半分 ›", "已保存")
	tm.keys("C-c")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	tm = startTerm(t, 80, 30, nil, "--db", db, "exam", "--bank", "crm-2025")
	tm.waitFor("多选题少选：得一半分")
	n := startPaper(t, tm)
	tm.keys("a")
	tm.waitFor(fmt.Sprintf("2/%d · 单选题", n), fmt.Sprintf("已答 1/%d", n))
	tm.keys("C-c", "C-c")
	if code := tm.exitCode(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
}

// TestExamScreensFitE2E draws the question asked on esc and home's offer
// at 40, 60, 80 and 120 columns in both languages: every row fits.
func TestExamScreensFitE2E(t *testing.T) {
	needTmux(t)
	for _, lang := range []string{"zh_CN.UTF-8", "en_US.UTF-8"} {
		for _, w := range []int{40, 60, 80, 120} {
			t.Run(fmt.Sprintf("%s/%d", lang[:2], w), func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "fit.db")
				env := []string{"LANG=" + lang}
				tm := startTerm(t, w, 24, env, "--db", db, "exam", "--bank", "crm-2025")
				start, ask, resume, offer := "开始考试", "离开考试？", "继续未交的试卷", "未交的试卷："
				if lang[:2] == "en" {
					start, ask, resume, offer = "Start", "Leave the exam?", "Resume the exam not handed in", "Exam not handed in:"
				}
				tm.waitFor(start)
				tm.keys("Enter")
				tm.waitFor("1/")
				tm.keys("a", "Escape")
				tm.waitFor(ask)
				tm.checkWidths("the question on esc")
				tm.keys("l")
				tm.waitFor(resume)
				tm.checkWidths("the set-up offering the paper")
				tm.keys("Escape")
				tm.waitFor(offer)
				tm.checkWidths("home offering the paper")
				tm.keys("q")
				if code := tm.exitCode(); code != 0 {
					t.Fatalf("exit status %d", code)
				}
			})
		}
	}
}
