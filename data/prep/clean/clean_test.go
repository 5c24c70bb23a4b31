package clean

import "testing"

func TestStripPinyin(t *testing.T) {
	for in, want := range map[string]string{
		"客戶服務(wù)管理題庫(kù)":  "客戶服務管理題庫",
		"客户关系管理(CRM)的核心是()": "客户关系管理(CRM)的核心是()",
		"答案(A)与(√)保留":       "答案(A)与(√)保留",
		"(ABCD)":            "(ABCD)",
	} {
		if got := StripPinyin(in); got != want {
			t.Errorf("StripPinyin(%q) = %q, want %q", in, got, want)
		}
	}
}
