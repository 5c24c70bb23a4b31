package data

import (
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
)

// TestEditorNotes pins the questions whose source is doubtful: the key stays
// as the source gives it and a note says why it is doubtful; a question the
// source cut before its options stays a choice question that cannot be
// answered, and says so.
func TestEditorNotes(t *testing.T) {
	byKey := map[string]*bank.Question{}
	titles := map[string]string{}
	for _, b := range mustBanks(t) {
		titles[b.Name] = b.Title
		for _, q := range b.Questions {
			byKey[q.Key()] = q
		}
	}
	cases := []struct {
		key, answer, note string
	}{
		{"crm-2025/crm-2025-022", "BD", "二八法则"},
		{"crm-2025/crm-2025-023", "AB", "ABC"},
		{"crm-2025/crm-2025-028", "BCD", "不正确的只有 A"},
	}
	for _, c := range cases {
		q := byKey[c.key]
		if q == nil {
			t.Fatalf("%s missing", c.key)
		}
		if q.Answer == nil || q.Answer.Choices != c.answer {
			t.Errorf("%s: key changed: %+v, the source gives %s", c.key, q.Answer, c.answer)
		}
		if !strings.Contains(q.Note, c.note) {
			t.Errorf("%s: note %q, want one mentioning %q", c.key, q.Note, c.note)
		}
	}
	lost := byKey["crm-exams/crm-exams-101"]
	if lost == nil || lost.Type != bank.Single || len(lost.Options) != 0 || lost.Answer != nil || !strings.Contains(lost.Note, "选项缺失") {
		t.Errorf("crm-exams-101 should be a single choice without options or answer, with a note: %+v", lost)
	}
	notes := 0
	for _, q := range byKey {
		if q.Note != "" {
			notes++
		}
	}
	if notes != 4 {
		t.Errorf("%d questions carry a note, want 4 (a new note needs its own case here)", notes)
	}
	if got := titles["crm-exams"]; strings.Contains(got, "任务工单") {
		t.Errorf("crm-exams is titled after one of its papers: %q", got)
	}
}
