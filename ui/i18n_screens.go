package ui

// screenCatalog holds the strings of the exam, browse, stats and settings
// screens: id → {zh, en}. They are merged into catalog while the package
// is initialised (before any screen reads it), so Lang.T and
// TestCatalogComplete see one catalog; an id defined twice panics.
var screenCatalog = map[string][2]string{
	"key.change": {"调整", "change"},

	"mode.exam.d":     {"按题型抽题、计时、答题卡、交卷评分", "timed mock exam with an answer sheet and a score"},
	"mode.browse.d":   {"浏览、筛选、搜索全部题目", "list, filter and search every question"},
	"mode.stats.d":    {"正确率、复习热力图、到期预测", "accuracy, review heatmap, due forecast"},
	"mode.settings.d": {"每日新题、记忆保持率、语言等", "daily new limit, retention, language…"},

	// settings
	"set.title":         {"设置", "Settings"},
	"set.new_per_day":   {"每日新题上限", "New cards per day"},
	"set.new_per_day.d": {"复习模式每天最多引入的新题数", "most new questions a review brings in each day"},
	"set.retention":     {"期望记忆保持率", "Desired retention"},
	"set.retention.d":   {"越高复习越频繁", "higher means more frequent reviews"},
	"set.mastery":       {"错题掌握次数", "Mastery count"},
	"set.mastery.d":     {"错题连续答对几次算掌握", "correct answers in a row that master a mistake"},
	"set.lang":          {"界面语言", "Language"},
	"set.lang.d":        {"立即生效", "applies at once"},
	"set.shuffle":       {"选项乱序", "Shuffle options"},
	"set.shuffle.d":     {"“以上都是”类选项始终在最后", "\"all of the above\" options stay last"},
	"set.on":            {"开", "on"},
	"set.off":           {"关", "off"},
	"set.saved":         {"已保存", "saved"},
	// stats
	"key.page":           {"翻页", "page"},
	"key.reload":         {"刷新", "reload"},
	"stats.title":        {"统计", "Stats"},
	"stats.overview":     {"总览", "Overview"},
	"stats.reviews":      {"共作答 %d 次", "%d answers"},
	"stats.today":        {"今日 %d", "today %d"},
	"stats.retention":    {"真实保持率 %s", "true retention %s"},
	"stats.mistakes":     {"错题 %d/%d", "mistakes %d/%d"},
	"stats.by_type":      {"按题型", "By type"},
	"stats.by_section":   {"按章节", "By section"},
	"stats.col_answered": {"作答", "answered"},
	"stats.col_accuracy": {"正确率", "accuracy"},
	"stats.none":         {"还没有作答记录", "no answers yet"},
	"stats.no_section":   {"（无章节）", "(no section)"},
	"stats.heatmap":      {"复习热力图", "Review heatmap"},
	"stats.weekdays":     {"一 二 三 四 五 六 日", "Mo Tu We Th Fr Sa Su"},
	"stats.heat_legend":  {"近 %d 周共 %d 次 · 少 %s 多（最多 %d 次/天）", "last %d weeks: %d answers · less %s more (busiest day %d)"},
	"stats.forecast":     {"未来 30 天到期", "Due in the next 30 days"},
	"stats.nothing_due":  {"未来 30 天没有到期的题目", "nothing due in the next 30 days"},
	"stats.today_axis":   {"今天", "today"},
	"stats.days_axis":    {"+%d天", "+%dd"},
	"stats.forecast_sum": {"共 %d 张 · 今天（含逾期）%d 张", "%d cards · today (with overdue) %d"},
	// exam
	"key.exam_count":      {"题数/时间", "count/time"},
	"key.exam_points":     {"分值", "points"},
	"key.open":            {"打开", "open"},
	"key.stop_typing":     {"停止输入", "stop typing"},
	"key.sheet":           {"答题卡", "answer sheet"},
	"key.flag":            {"标记", "flag"},
	"key.hand_in":         {"交卷", "hand in"},
	"key.continue":        {"继续作答", "go on"},
	"key.jump":            {"跳到该题", "go to"},
	"key.close":           {"关闭", "close"},
	"key.review_answer":   {"查看", "review"},
	"key.prev_next":       {"上一题/下一题", "previous/next"},
	"exam.setup":          {"模拟考试", "Mock exam"},
	"exam.types":          {"题型（数量 ←→ · 分值 +/-）", "Types (count ←→ · points +/-)"},
	"exam.type_row":       {"‹ %d ›/%d 题 · 每题 %g 分", "‹ %d ›/%d · %g pts each"},
	"exam.minutes_row":    {"时间限制 ‹ %d › 分钟", "Time limit ‹ %d › min"},
	"exam.none":           {"没有可考的题目", "no question to draw"},
	"exam.start":          {"开始考试（%d 题 · 满分 %g · %d 分钟）", "Start (%d questions · %g points · %d min)"},
	"exam.history_row":    {"考试记录（%d）", "Past exams (%d)"},
	"exam.history":        {"考试记录", "Past exams"},
	"exam.no_history":     {"还没有考试记录。", "No exam taken yet."},
	"exam.score_of":       {"%s/%s 分", "%s/%s points"},
	"exam.n_questions":    {"%d 题", "%d questions"},
	"exam.points":         {"%s 分", "%s pts"},
	"exam.flagged":        {"已标记", "flagged"},
	"exam.left":           {"剩余 %s", "left %s"},
	"exam.multi_prompt":   {"按字母选择或取消", "letters toggle"},
	"exam.fill_prompt":    {"输入答案，enter 下一空/下一题，esc 停止输入", "type; enter: next blank/question; esc: stop typing"},
	"exam.subj_prompt":    {"i 输入答案（交卷后对照参考答案自评）", "i: type an answer (graded by you after handing in)"},
	"exam.progress":       {"已答 %d/%d · 标记 %d", "answered %d/%d · flagged %d"},
	"exam.timeout":        {"时间到，已自动交卷", "time is up: handed in"},
	"exam.save_failed":    {"保存失败：S 重试，esc 放弃", "saving failed: S retries, esc gives up"},
	"exam.confirm":        {"确定交卷？", "Hand in?"},
	"exam.confirm_counts": {"已答 %d 题，未答 %d 题，标记 %d 题", "%d answered, %d not answered, %d flagged"},
	"exam.confirm_keys":   {"y 或 enter 交卷 · n 或 esc 继续作答", "y or enter: hand in · n or esc: go on"},
	"exam.sheet":          {"答题卡", "Answer sheet"},
	"exam.legend":         {"●已答  ·未答  ?标记  ›当前", "●answered  ·not answered  ?flagged  ›current"},
	"exam.sheet_hint":     {"方向键移动 · enter 跳到该题 · m 标记 · tab 关闭 · S 交卷", "arrows move · enter go to · m flag · tab close · S hand in"},
	"exam.report":         {"考试成绩", "Exam report"},
	"exam.col_type":       {"题型", "type"},
	"exam.col_count":      {"题数", "questions"},
	"exam.col_right":      {"答对", "right"},
	"exam.col_score":      {"得分", "score"},
	"exam.total":          {"合计", "total"},
	"exam.used":           {"用时 %s", "time used %s"},
	"exam.limit":          {"限时 %d 分钟", "limit %d min"},
	"exam.answers":        {"逐题回顾（enter 查看）", "Answers (enter to review)"},
	"exam.review":         {"答案回顾", "Answer review"},
	"exam.got":            {"得 %s 分", "%s pts"},
	"exam.unanswered":     {"未作答", "not answered"},
	"exam.self_grade":     {"对照参考答案自评：1 忘记（0 分）· 2 困难（一半）· 3 良好 · 4 简单（满分）", "grade yourself against the reference: 1 Again (0) · 2 Hard (half) · 3 Good · 4 Easy (full points)"},
	"exam.graded":         {"已自评：得 %s 分", "graded: %s pts"},
}

var _ = mergeCatalog(screenCatalog)

func mergeCatalog(m map[string][2]string) bool {
	for id, s := range m {
		if _, dup := catalog[id]; dup {
			panic("ui: catalog id defined twice: " + id)
		}
		catalog[id] = s
	}
	return true
}
