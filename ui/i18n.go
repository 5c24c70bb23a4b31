package ui

import (
	"fmt"
	"strings"

	"github.com/shuati/shuati/bank"
)

// Lang is the interface language: Chinese ("zh") or English ("en").
type Lang string

const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang maps a --lang value or a LANG/LC_* locale ("zh_CN.UTF-8",
// "en_US") to a Lang; anything not English is Chinese, the bank's language.
func ParseLang(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") || s == "c" || strings.HasPrefix(s, "c.") || s == "posix" {
		return LangEN
	}
	return LangZH
}

// T returns the message for id in this language, formatted with args.
// A missing id shows itself, so a gap is visible (and caught by
// TestCatalogComplete).
func (l Lang) T(id string, args ...any) string {
	m, ok := catalog[id]
	if !ok {
		return id
	}
	s := m[0]
	if l == LangEN {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// TypeName is a question type's name: 单选 / single choice.
func (l Lang) TypeName(t bank.Type) string { return l.T("type." + string(t)) }

// catalog holds every UI string: id → {zh, en}. It is never written to.
var catalog = map[string][2]string{
	// app and root
	"app.name":        {"刷题", "shuati"},
	"app.too_small":   {"终端太小（至少需要 %d×%d，当前 %d×%d）", "terminal too small (need %dx%d, have %dx%d)"},
	"app.error":       {"出错了", "Error"},
	"app.error_hint":  {"按任意键继续", "press any key to continue"},
	"app.loading":     {"加载中…", "loading…"},
	"app.not_tty":     {"shuati 需要在终端中运行（%s 不是终端）；命令行用法见 shuati --help", "shuati needs a terminal (%s is not one); see shuati --help for the command-line commands"},
	"key.quit":        {"退出", "quit"},
	"key.help":        {"帮助", "help"},
	"key.back":        {"返回", "back"},
	"key.up":          {"上移", "up"},
	"key.move":        {"移动", "move"},
	"key.down":        {"下移", "down"},
	"key.select":      {"选择", "select"},
	"key.toggle":      {"切换", "toggle"},
	"key.start":       {"开始", "start"},
	"key.scroll":      {"滚动", "scroll"},
	"key.answer":      {"作答", "answer"},
	"key.submit":      {"提交", "submit"},
	"key.next":        {"下一题", "next"},
	"key.prev":        {"上一题", "previous"},
	"key.undo":        {"撤销", "undo"},
	"key.star":        {"收藏", "star"},
	"key.reveal":      {"显示答案", "reveal"},
	"key.grade":       {"评分", "grade"},
	"key.hard_easy":   {"改为困难/简单", "hard/easy"},
	"key.true_false":  {"对/错", "true/false"},
	"key.field":       {"下一空", "next blank"},
	"key.leave":       {"结束", "leave"},
	"key.drill":       {"练习错题", "drill"},
	"key.filter":      {"筛选", "filter"},
	"key.mode":        {"顺序/随机", "order"},
	"key.recite":      {"背题", "recite"},
	"key.choose_mode": {"选择模式", "choose mode"},

	// home
	"home.banks":      {"题库", "Banks"},
	"home.questions":  {"%d 题", "%d questions"},
	"home.bank_count": {"%d 个，共 %d 题", "%d, %d questions"},
	"home.today":      {"今日", "Today"},
	"home.due":        {"待复习 %d", "due %d"},
	"home.learning":   {"学习中 %d", "learning %d"},
	"home.new":        {"新题 %d", "new %d"},
	"home.mistakes":   {"错题 %d", "mistakes %d"},
	"home.streak":     {"连续 %d 天", "streak %d days"},
	"home.modes":      {"模式", "Modes"},
	"home.no_banks":   {"没有题库", "no banks"},
	"mode.review":     {"复习", "Review"},
	"mode.practice":   {"练习", "Practice"},
	"mode.exam":       {"模拟考试", "Exam"},
	"mode.mistakes":   {"错题本", "Mistakes"},
	"mode.browse":     {"浏览", "Browse"},
	"mode.stats":      {"统计", "Stats"},
	"mode.settings":   {"设置", "Settings"},
	"mode.recite":     {"背题", "Recite"},
	"mode.review.d":   {"按记忆曲线复习到期题目与新题", "due cards by FSRS, then new ones"},
	"mode.practice.d": {"按题库、章节、题型练习；顺序或随机；背题", "by bank, section, type; in order or random; recite"},
	"mode.mistakes.d": {"答错过的题：次数、上次答案、重练", "every question answered wrong; drill them"},
	"mode.soon":       {"（暂未提供）", "(not available yet)"},

	// question types
	"type.single":     {"单选题", "single choice"},
	"type.multiple":   {"多选题", "multiple choice"},
	"type.truefalse":  {"判断题", "true/false"},
	"type.fill":       {"填空题", "fill-in"},
	"type.short":      {"简答题", "short answer"},
	"type.essay":      {"论述题", "essay"},
	"type.definition": {"名词解释", "definition"},
	"type.case":       {"案例分析", "case"},
	"type.card":       {"知识卡片", "card"},

	// session
	"q.true":            {"正确", "True"},
	"q.false":           {"错误", "False"},
	"q.answer":          {"答案", "Answer"},
	"q.reference":       {"参考答案", "Reference answer"},
	"q.no_answer":       {"（题库未给出答案，请自评）", "(the bank gives no answer: grade yourself)"},
	"q.your_answer":     {"你的答案", "Your answer"},
	"q.none_typed":      {"（未作答）", "(nothing typed)"},
	"q.explanation":     {"解析", "Explanation"},
	"q.right":           {"回答正确", "Right"},
	"q.wrong":           {"回答错误", "Wrong"},
	"q.missed":          {"漏选：%s", "Missed: %s"},
	"q.extra":           {"多选：%s", "Extra: %s"},
	"q.correct_is":      {"正确答案：%s", "correct answer: %s"},
	"q.blank":           {"第 %d 空", "blank %d"},
	"q.type_here":       {"在此输入答案（可不填）", "type your answer here (optional)"},
	"q.grade_prompt":    {"评分：1 忘记 · 2 困难 · 3 良好 · 4 简单", "grade: 1 Again · 2 Hard · 3 Good · 4 Easy"},
	"q.go_on":           {"按 enter 或空格继续", "enter or space: next"},
	"q.go_on_right":     {"按 enter 或空格继续（2 困难 · 4 简单）", "enter or space: next (2 Hard · 4 Easy)"},
	"q.reveal_prompt":   {"按空格显示参考答案；i 或直接输入中文可先写下自己的答案", "space: show the reference answer; i: type your own first"},
	"q.typing_prompt":   {"tab 显示参考答案 · esc 停止输入", "tab: show the reference answer · esc: stop typing"},
	"key.type":          {"输入答案", "type answer"},
	"q.multi_prompt":    {"按字母选择，enter 提交", "letters toggle, enter submits"},
	"q.single_prompt":   {"按字母或数字作答", "press a letter or digit"},
	"q.tf_prompt":       {"t 正确 · f 错误", "t true · f false"},
	"q.fill_prompt":     {"输入答案后按 enter（tab 换空）", "type, then enter (tab: next blank)"},
	"q.saving":          {"保存中…", "saving…"},
	"q.starred":         {"已收藏", "starred"},
	"q.unstarred":       {"已取消收藏", "unstarred"},
	"q.undone":          {"已撤销上一题", "last answer undone"},
	"q.nothing_to_undo": {"没有可撤销的答案", "nothing to undo"},
	"q.recite_note":     {"背题模式：不记录", "recite: nothing is recorded"},
	"q.part":            {"（%d）", "(%d)"},
	"state.0":           {"新题", "new"},
	"state.1":           {"学习中", "learning"},
	"state.2":           {"复习", "review"},
	"state.3":           {"重学", "relearning"},
	"rating.1":          {"忘记", "Again"},
	"rating.2":          {"困难", "Hard"},
	"rating.3":          {"良好", "Good"},
	"rating.4":          {"简单", "Easy"},
	"session.empty":     {"没有题目可做", "nothing to do here"},
	"session.empty_d":   {"今天没有到期的题目，也没有新题了。", "No card is due and no new card is left for today."},
	"session.progress":  {"%d/%d", "%d/%d"},

	// summary
	"sum.title":    {"本次小结", "Session summary"},
	"sum.answered": {"作答 %d 题", "Answered %d"},
	"sum.accuracy": {"正确率 %s", "Accuracy %s"},
	"sum.time":     {"用时 %s", "Time %s"},
	"sum.new_mist": {"新增错题 %d", "New mistakes %d"},
	"sum.next_due": {"下次复习 %s", "Next due %s"},
	"sum.none_due": {"下次复习：无", "Next due: none"},
	"sum.recited":  {"背题 %d 题（未记录）", "Recited %d (not recorded)"},
	"sum.back":     {"按 enter 返回", "enter: back"},

	// practice setup
	"prac.title":     {"练习设置", "Practice"},
	"prac.banks":     {"题库", "Banks"},
	"prac.sections":  {"章节", "Sections"},
	"prac.types":     {"题型", "Types"},
	"prac.starred":   {"只练收藏", "starred only"},
	"prac.order":     {"方式", "Order"},
	"prac.seq":       {"顺序（从上次位置继续）", "in order (resume)"},
	"prac.random":    {"随机", "random"},
	"prac.recite":    {"背题模式（直接显示答案，不记录）", "recite (answers shown, nothing recorded)"},
	"prac.start":     {"开始练习（%d 题）", "Start (%d questions)"},
	"prac.all":       {"全部", "all"},
	"prac.none":      {"没有符合条件的题目", "no question matches"},
	"prac.resume_at": {"顺序（从第 %d 题继续）", "in order (resume at %d)"},

	// mistakes
	"mist.title":    {"错题本", "Mistakes"},
	"mist.open":     {"未掌握", "open"},
	"mist.mastered": {"已掌握", "mastered"},
	"mist.count":    {"未掌握 %d · 共 %d", "open %d · total %d"},
	"mist.wrong_n":  {"错 %d 次", "wrong %d×"},
	"mist.last":     {"上次：%s", "last: %s"},
	"mist.when":     {"%s", "%s"},
	"mist.empty":    {"还没有错题。", "No mistakes yet."},
	"mist.drill":    {"练习未掌握的错题（%d）", "Drill open mistakes (%d)"},
	"mist.show":     {"显示：%s", "showing: %s"},
	"mist.all":      {"全部", "all"},
	"mist.gone":     {"（题目已不在题库中）", "(question no longer in the bank)"},

	// durations
	"dur.now": {"现在", "now"},
	"dur.min": {"%d分钟", "%dm"},
	"dur.hr":  {"%d小时", "%dh"},
	"dur.day": {"%d天", "%dd"},
	"dur.mo":  {"%d个月", "%dmo"},
	"dur.yr":  {"%.1f年", "%.1fy"},
}
