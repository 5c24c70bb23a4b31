package i18n

// bankFormatTexts word the errors of the bank format's parser (bank.Error,
// "bankfmt." + its code) with the parser's arguments, in order (%[n]
// picks one where the Chinese order differs or leaves one out). The
// English texts are the parser's own.
var bankFormatTexts = map[string]text{
	"bankfmt.dup_bank":          {"重复的文件头 \"bank:\"（第一处在第 %d 行）", "duplicate header line \"bank:\" (first at line %d)"},
	"bankfmt.bad_name":          {"题库名 %q 不可用：只能用字母、数字、- 和 _", "bad bank name %q: use letters, digits, - and _"},
	"bankfmt.dup_source":        {"重复的文件头 \"source:\"（第一处在第 %d 行）", "duplicate header line \"source:\" (first at line %d)"},
	"bankfmt.stray_text":        {"这行文字不属于任何题目（题目以 [ID] 开头；要保留原样的行请在行首写 \\）", "text outside a question (start a question with [ID], or write \\ before a literal line)"},
	"bankfmt.text_before":       {"第一道题之前的文字：这里只能有 \"# 标题\"、\"bank:\" 和 \"source:\"", "text before the first question: only \"# title\", \"bank:\" and \"source:\" go here"},
	"bankfmt.answer_before_ask": {"答： 出现在任何 问： 之前", "答： before any 问："},
	"bankfmt.dup_answer":        {"同一个 问： 有两个 答：（第一处在第 %d 行）", "duplicate 答： for one 问： (first at line %d)"},
	"bankfmt.dup_field":         {"重复的 %s：（第一处在第 %d 行）", "duplicate %s： (first at line %d)"},
	"bankfmt.unknown_type":      {"未知题型 %q（可用：%s）", "unknown type %q (want one of %s)"},
	"bankfmt.no_type":           {"题目 %s 没有题型：在所在章节标题上写 {题型}，或写成 [%s 题型]", "question %s has no type: put {type} on its section heading or write [%s TYPE]"},
	"bankfmt.dup_id":            {"重复的 ID %q（第一处在第 %d 行）", "duplicate ID %q (first at line %d)"},
	"bankfmt.no_bank":           {"缺少文件头 \"bank: 题库名\"", "missing header line \"bank: NAME\""},
	"bankfmt.no_title":          {"文件开头缺少标题行 \"# 标题\"", "missing title line \"# TITLE\" at the top of the file"},
	"bankfmt.no_stem":           {"题目 %s 没有题干", "question %s has no stem"},
	"bankfmt.option_order":      {"选项 %s 顺序不对：这里应是 %s", "option %s out of order: want %s"},
	"bankfmt.option_empty":      {"选项 %s 是空的", "option %s is empty"},
	"bankfmt.few_options":       {"题目 %[2]s 至少需要 2 个选项，现有 %[3]d 个（题型 %[1]s）", "%s question %s needs at least 2 options, has %d"},
	"bankfmt.ask_empty":         {"问： 后面没有内容", "问： has no text"},
	"bankfmt.answer_empty":      {"答： 后面没有内容", "empty 答："},
	"bankfmt.case_no_ask":       {"案例题 %s 没有 问： 小题", "case %s has no 问： sub-question"},
	"bankfmt.key_empty":         {"答案： 后面没有内容（原文没有答案时请删去这一行）", "empty 答案： (leave the line out when the source gives no answer)"},
	"bankfmt.key_letters":       {"答案 %q：应是选项字母 A-J", "answer %q: want option letters A-J"},
	"bankfmt.key_single":        {"答案 %q：单选题的答案只能是一个字母", "answer %q: a single-choice answer is one letter"},
	"bankfmt.key_no_option":     {"答案 %q 中的 %c 不是选项（选项为 A-%c）", "answer %q names no option %c (options are A-%c)"},
	"bankfmt.key_tf":            {"答案 %q：应是 对/错、√/×、正确/错误 或 true/false", "answer %q: want 对/错, √/×, 正确/错误 or true/false"},
	"bankfmt.key_blank_empty":   {"答案 %q 有空的填空（各空用 ；分隔，可选答案用 | 分隔）", "answer %q has an empty blank (blanks are separated by ；, alternatives by |)"},
	"bankfmt.fill_no_blank":     {"填空题 %s 没有空：每个空用 ____ 或 （ ） 标出", "fill question %s has no blank: mark each blank with ____ or （ ）"},
	"bankfmt.blank_count":       {"答案有 %d 个空，题干有 %d 个", "answer has %d blanks, the stem has %d"},
}
