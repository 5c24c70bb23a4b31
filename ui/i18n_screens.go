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
