package i18n

// fsrsTexts are the words of the FSRS optimizer and the exam forecast: the
// `shuati fsrs` commands.
var fsrsTexts = map[string]text{
	"cli.fsrs.short":          {"用自己的作答记录拟合 FSRS-6 参数、评估或恢复默认参数", "fit FSRS-6 to your own history, judge the weights, or reset them"},
	"cli.fsrs_optimize.short": {"把 FSRS-6 的 21 个参数拟合到作答记录（数据库的，或 --revlog 的 Anki 格式 CSV）", "fit the 21 FSRS-6 weights to a review log (the database's, or an Anki-style CSV with --revlog)"},
	"cli.fsrs_optimize.long": {"像 fsrs-rs（Anki 用的优化器）那样把 FSRS-6 的 21 个参数拟合到作答记录，并报告默认参数和拟合参数的对数损失与 RMSE（分箱）。不带 --revlog 时拟合数据库自己的作答记录；--revlog 读取 Anki 格式的作答记录 CSV（card_id,review_time,review_rating,review_state,review_duration；review_time 为毫秒时间戳，一天从当地时间 4:00 开始）。--apply 保存参数，此后的排程使用它们（原来的参数会保留，shuati fsrs reset 恢复默认参数）。",
		"Fit the 21 FSRS-6 weights to a review log as fsrs-rs (the optimizer Anki uses) does, and report the log loss and RMSE (bins) of the default and the fitted weights. Without --revlog it fits the database's own log; --revlog reads an Anki-style review-log CSV (card_id,review_time,review_rating,review_state,review_duration; review_time in epoch milliseconds, a day starting at 4:00 local time). --apply stores the weights and scheduling uses them from then on (the previous ones are kept; shuati fsrs reset restores the defaults)."},
	"cli.fsrs_evaluate.short": {"当前参数在作答记录上的对数损失和 RMSE（分箱）", "the log loss and RMSE (bins) of the weights in use on a review log"},
	"cli.fsrs_reset.short":    {"恢复 FSRS-6 默认参数（当前参数保留为上一组）", "go back to the FSRS-6 default weights (the ones in use are kept as the previous ones)"},
	"cli.flag.revlog":         {"读取 Anki 格式的作答记录 CSV `FILE`，而不是数据库的作答记录", "read the Anki-style review-log CSV `FILE` instead of the database's log"},
	"cli.flag.fsrs_json":      {"输出一行 JSON", "print one line of JSON"},
	"cli.flag.apply":          {"保存拟合出的参数，此后排程使用它们", "store the fitted weights; scheduling uses them from then on"},

	"cli.fsrs.source_db":       {"数据库的作答记录", "the database's review log"},
	"cli.fsrs.fitted":          {"已把 FSRS-6 拟合到%s：%d 次作答，%d 个样本，用时 %v。", "Fitted FSRS-6 to %s: %d {review|reviews}, %d {item|items}, in %v."},
	"cli.fsrs.col_default":     {"默认参数", "defaults"},
	"cli.fsrs.col_fitted":      {"拟合参数", "fitted"},
	"cli.fsrs.log_loss":        {"对数损失", "log loss"},
	"cli.fsrs.rmse_bins":       {"RMSE（分箱）", "RMSE (bins)"},
	"cli.fsrs.figures_meaning": {"（都是越低越好：对数损失衡量每次作答的预测概率，RMSE（分箱）衡量预测记住率与实际记住率的差距。）", "(Lower is better for both: log loss scores the predicted chance of each answer, RMSE (bins) the gap between predicted and actual recall.)"},
	"cli.fsrs.no_figures":      {"异常值过滤后没有可评估的作答，无法给出对数损失和 RMSE。", "Nothing is left to score after the outlier filter: no log loss or RMSE."},
	"cli.fsrs.weights":         {"参数：", "Weights:"},
	"cli.fsrs.applied":         {"已保存：此后的排程使用这组参数（原来的参数已保留，shuati fsrs reset 恢复默认参数；shuati rebuild 用新参数重算已有的记忆状态）。", "Applied: scheduling uses these weights from now on (the previous ones are kept; shuati fsrs reset restores the defaults; shuati rebuild recomputes the memory states with them)."},
	"cli.fsrs.not_applied":     {"未保存：加上 --apply 后排程才会使用这组参数。", "Not applied: add --apply to schedule with these weights."},
	"cli.fsrs.reset":           {"已恢复 FSRS-6 默认参数；原来的参数已保留为上一组。", "Scheduling uses the FSRS-6 default weights again; the weights it used are kept as the previous ones."},
	"cli.fsrs.evaluated":       {"当前参数（%s）在%s上（%d 次作答，%d 个样本）：对数损失 %.4f，RMSE（分箱）%.2f%%。", "The weights in use (%s) on %s (%d {review|reviews}, %d {item|items}): log loss %.4f, RMSE (bins) %.2f%%."},
	"cli.fsrs.not_evaluated":   {"当前参数（%s）无法在%s上评估（%d 次作答，%d 个样本）：异常值过滤后没有可评估的作答。每个样本是一道题在前一次作答之后隔天或更晚的一次作答。", "The weights in use (%s) cannot be scored on %s (%d {review|reviews}, %d {item|items}): nothing is left after the outlier filter. An item is an answer given a day or more after the question's previous one."},
	"cli.fsrs.weights_default": {"FSRS-6 默认参数", "the FSRS-6 defaults"},
	"cli.fsrs.weights_fitted":  {"%s 拟合", "fitted %s"},
	"cli.fsrs.weights_other":   {"%s 设定", "set %s"},

	// why a fit is partial; the counts are usable reviews (items left
	// after the outlier filter)
	"fsrs.why.few_items":     {"数据太少，使用默认参数：可用的作答只有 %d 次（一道题在前一次作答之后隔天或更晚的作答，去掉异常值后），拟合至少需要 %d 次。", "Too few reviews to fit; the weights are the defaults: %d usable {review|reviews} (answers a day or more after the question's previous one, left after the outlier filter), and fitting needs at least %d."},
	"fsrs.why.no_curve":      {"数据太少，使用默认参数：很少有题目在第一次作答之后隔天再作答，无法拟合初始稳定性。", "Too few reviews to fit; the weights are the defaults: too few questions were answered again a day or more after their first answer to fit the initial stabilities."},
	"fsrs.why.no_second_gap": {"只拟合了初始稳定性 w0–w3：还没有题目在不同的两天以上再次作答过。", "Only the initial stabilities w0–w3 were fitted: no question has yet been answered again on two later days."},
	"fsrs.why.few_items_all": {"只拟合了初始稳定性 w0–w3：可用的作答只有 %d 次，拟合全部参数至少需要 %d 次。", "Only the initial stabilities w0–w3 were fitted: %d usable {review|reviews}, and fitting all weights needs at least %d."},
}
