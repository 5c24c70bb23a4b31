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
