package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/shuati/shuati/store"
)

// TestAnsweringStopsOnAFileFoundDamaged (issue 14.3): while the TUI runs,
// another shuati (here `shuati check`) finds the file damaged; the next
// answer is refused with a message saying so and what to do, and the file
// is not written.
func TestAnsweringStopsOnAFileFoundDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := newDriver(t, practiceCfg(st), 80, 30)
	d.keys("a", "enter", "enter") // one answer recorded: the file has pages
	d.expect("客户服务的渠道包括")

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	damaged := false
	for p := 2; p*4096 < len(data) && !damaged; p++ {
		if _, err := f.WriteAt(make([]byte, 4096), int64(p)*4096); err != nil {
			t.Fatal(err)
		}
		r, err := store.Check(path)
		if err != nil {
			t.Fatal(err)
		}
		if damaged = !r.OK(); !damaged {
			if _, err := f.WriteAt(data[p*4096:(p+1)*4096], int64(p)*4096); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !damaged {
		t.Fatal("no zeroed page was found by check")
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d.keys("a", "b", "enter", "enter") // answer, and move on: the answer is written
	d.expect("数据库已损坏，不再写入")
	d.expect("shuati rebuild")
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("an answer was written to a file found damaged")
	}
}
