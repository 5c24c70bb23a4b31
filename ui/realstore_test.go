package ui

import (
	"path/filepath"
	"testing"

	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
)

// TestRealStore drives a session against a real store on a temporary file:
// answers of several types are recorded, one is undone, the mistake book
// and the stats agree.
func TestRealStore(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "shuati.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	keys := New(testConfig(st, "zh")).c.keys()

	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a", "enter")      // single, wrong
	d.keys("a", "b", "enter") // multiple, wrong (missed D)
	d.keys("2")               // Hard is only for right answers: ignored
	d.keys("enter")
	d.keys("u") // undo the multiple
	d.expect("客户服务的渠道包括")
	d.keys("a", "b", "d", "enter", "4") // multiple, right, Easy
	d.keys("f", "enter")                // true/false, right
	d.typeText("Customer Relationship Management")
	d.keys("enter")
	d.typeText("客户关系管理")
	d.keys("enter", "enter") // fill, right
	d.keys("space", "1")     // essay, Again
	d.keys("esc")
	d.expect("作答 5 题")
	d.expect("新增错题 2")

	stats, err := st.Stats(testNow, keys)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Reviews != 5 {
		t.Errorf("reviews %d, want 5", stats.Reviews)
	}
	h, err := st.History("test/m1")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Rating != fsrs.Easy || h[0].Given != "ABD" || h[0].Mode != store.ModePractice {
		t.Errorf("m1 history %+v", h)
	}
	ms, err := st.Mistakes(store.MistakeFilter{Open: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range ms {
		got[m.Key] = true
	}
	if len(ms) != 2 || !got["test/s1"] || !got["test/e1"] {
		t.Errorf("open mistakes %+v", ms)
	}
	if p, _ := st.Progress(practiceFilter{Banks: []string{"test"}}.scope()); p != 5 {
		t.Errorf("progress %d, want 5", p)
	}
}
