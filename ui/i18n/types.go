package i18n

// typeTexts name the question types (bank.Type): "type.T" as a question is
// labelled, "type_label.T" short, for a table's column.
var typeTexts = map[string]text{
	"type.single":     {"单选题", "single choice"},
	"type.multiple":   {"多选题", "multiple choice"},
	"type.truefalse":  {"判断题", "true/false"},
	"type.fill":       {"填空题", "fill-in"},
	"type.short":      {"简答题", "short answer"},
	"type.essay":      {"论述题", "essay"},
	"type.definition": {"名词解释", "definition"},
	"type.case":       {"案例分析", "case"},
	"type.card":       {"知识卡片", "card"},

	"type_label.single":     {"单选", "single"},
	"type_label.multiple":   {"多选", "multiple"},
	"type_label.truefalse":  {"判断", "truefalse"},
	"type_label.fill":       {"填空", "fill"},
	"type_label.short":      {"简答", "short"},
	"type_label.essay":      {"论述", "essay"},
	"type_label.definition": {"名词解释", "definition"},
	"type_label.case":       {"案例", "case"},
	"type_label.card":       {"知识卡", "card"},
}
