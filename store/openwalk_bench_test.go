package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

var (
	walkDBOnce sync.Once
	walkDB     string
)

// bigBankDB is the 1,000,000-answer database of bigDB with a 100,000-question
// imported bank saved in it: the large file a writer's open walks.
func bigBankDB(b *testing.B) string {
	walkDBOnce.Do(func() {
		path, _ := bigDB(b, 100_000, 1_000_000)
		s := openTest(b, path)
		big := &bank.Bank{Name: "big", Title: "大题库", Source: "big.txt"}
		for i := range 100_000 {
			big.Questions = append(big.Questions, &bank.Question{
				Bank: "big", ID: fmt.Sprintf("q%06d", i), Type: bank.Single, Section: "一、单项选择题", Source: "big.txt",
				Stem: fmt.Sprintf("第 %d 题：企业在制定营销策略时首先要考虑的是（ ）", i), Line: i + 1,
				Options: []bank.Option{{Key: "A", Text: "顾客需求"}, {Key: "B", Text: "竞争对手"}, {Key: "C", Text: "企业利润"}, {Key: "D", Text: "政府政策"}},
				Answer:  &bank.Answer{Choices: "A"}, Explanation: "以顾客为中心。",
			})
		}
		if err := s.SaveUserBank(big, "/x/big.txt", genNow); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		walkDB = path
	})
	return walkDB
}

// BenchmarkOpenWriter100k is a writer's open and close of the big database
// (what `import` and the TUI pay before anything else).
func BenchmarkOpenWriter100k(b *testing.B) {
	if testing.Short() {
		b.Skip("big database")
	}
	path := bigBankDB(b)
	b.ResetTimer()
	for range b.N {
		s, err := open(path, time.Second, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkWalkPages100k is walkPages over the big database: every page of
// the tree read once, ids, flags, bounds and key order checked.
func BenchmarkWalkPages100k(b *testing.B) {
	if testing.Short() {
		b.Skip("big database")
	}
	path := bigBankDB(b)
	b.ResetTimer()
	for range b.N {
		w, err := walkPages(path)
		if err != nil || len(w.problems()) > 0 {
			b.Fatalf("walk: %v %v", err, w.problems())
		}
	}
}

// BenchmarkBoltCheck100k is bbolt's own tx.Check of the big database.
func BenchmarkBoltCheck100k(b *testing.B) {
	if testing.Short() {
		b.Skip("big database")
	}
	path := bigBankDB(b)
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ResetTimer()
	for range b.N {
		if err := db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSecondWriterRefused is how long a second writer takes to be
// refused while one has the file open (about lockTimeout).
func BenchmarkSecondWriterRefused(b *testing.B) {
	path := filepath.Join(b.TempDir(), "held.db")
	first := openTest(b, path)
	defer first.Close()
	b.ResetTimer()
	for range b.N {
		if s, err := Open(path); !errors.Is(err, ErrLocked) {
			if s != nil {
				s.Close()
			}
			b.Fatalf("second writer: %v, want ErrLocked", err)
		}
	}
}

// BenchmarkOpenWriterWalk100k is a writer's open and close of the big
// database when the file changed since the last writer closed it: the
// page walk of checkPagesIfChanged included.
func BenchmarkOpenWriterWalk100k(b *testing.B) {
	if testing.Short() {
		b.Skip("big database")
	}
	path := bigBankDB(b)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if err := os.Truncate(path+".lock", 0); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, err := open(path, time.Second, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
