package data

import (
	"testing"

	"github.com/shuati/shuati/bank"
)

// The true/false marks sit differently in each source document (after the
// statement, on the next line, or between two statements). These cases pin
// how each was resolved, on statements whose truth is plain from the content,
// so that a re-extraction that attaches marks to the wrong statement fails.
func TestTrueFalseMarksResolved(t *testing.T) {
	banks, err := Banks()
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*bank.Question{}
	for _, b := range banks {
		for _, q := range b.Questions {
			byKey[q.Key()] = q
		}
	}
	type want int
	const (
		none want = iota
		isTrue
		isFalse
	)
	cases := []struct {
		key  string
		want want
		why  string
	}{
		// seed 000: "…（ ）答案:错误解析:…": the mark follows its statement.
		{"kefu-2025/kefu-2025-022", isFalse, "客户投诉一定是客户故意找茬"},
		{"kefu-2025/kefu-2025-023", isFalse, "语速越快越好"},
		// seed 003, paper 3: "(错误)12. …": a mark closes the statement before it.
		{"crm-exams/crm-exams-080", isFalse, "CRM系统只能用于销售和市场营销部门"},
		{"crm-exams/crm-exams-081", isTrue, "客户细分是CRM中一个重要的策略"},
		{"crm-exams/crm-exams-083", isTrue, "良好的客户服务可以提高购买频率"},
		{"crm-exams/crm-exams-084", isFalse, "CRM系统无法帮助企业预测市场趋势"},
		// seed 003, 任务工单: "(√)" on the line after each statement.
		{"crm-exams/crm-exams-110", isTrue, "一次不满意的服务将带给企业极大的负面效应"},
		// seed 004: each "×" stands before the statement it marks; unmarked
		// statements have no answer in the source.
		{"crm-2025/crm-2025-046", isFalse, "只有营销、销售和服务部门需要与客户沟通"},
		{"crm-2025/crm-2025-049", isFalse, "大客户才是好客户"},
		{"crm-2025/crm-2025-066", isFalse, "所有的客户都能为企业带来利润"},
		{"crm-2025/crm-2025-050", none, "CRM既是管理思想又是软件系统: unmarked"},
		{"crm-2025/crm-2025-067", none, "按客户的价值分类: unmarked"},
		// Statement 1's × ends its own line (nothing can precede 1): it is
		// 1's, and 2 (true on content) stays without an answer.
		{"crm-2025/crm-2025-041", isFalse, "客户满意的关键条件是培养客户的品牌忠诚"},
		{"crm-2025/crm-2025-042", none, "客户生命周期利润: unmarked"},
	}
	for _, c := range cases {
		q := byKey[c.key]
		if q == nil {
			t.Errorf("%s (%s): missing", c.key, c.why)
			continue
		}
		if q.Type != bank.TrueFalse {
			t.Errorf("%s: type %s, want truefalse", c.key, q.Type)
			continue
		}
		got := none
		if q.Answer != nil {
			got = isFalse
			if q.Answer.True {
				got = isTrue
			}
		}
		if got != c.want {
			t.Errorf("%s (%s): answer %v, want %v (0 none, 1 true, 2 false)", c.key, c.why, got, c.want)
		}
	}
}
