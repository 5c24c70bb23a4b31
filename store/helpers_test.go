package store

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// testZone is the "local" zone of test stores: UTC+8, so that local days and
// UTC days differ.
var testZone = time.FixedZone("CST", 8*3600)

// t0 is 2025-03-10 09:00 in testZone.
var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, testZone)

func openTest(t testing.TB, path string) *Store {
	t.Helper()
	s, err := open(path, 200*time.Millisecond, testZone)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return s
}

func newTestStore(t testing.TB) *Store {
	t.Helper()
	s := openTest(t, filepath.Join(t.TempDir(), "shuati.db"))
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func boolp(b bool) *bool { return &b }

// ans builds an objective answer (wrong → Again, right → Good).
func ans(key string, at time.Time, correct bool) Answer {
	r := fsrs.Good
	if !correct {
		r = fsrs.Again
	}
	return Answer{Key: key, Type: bank.Single, Section: "一、单项选择题", Mode: ModeReview,
		Given: map[bool]string{true: "A", false: "B"}[correct], Correct: boolp(correct), Rating: r,
		Took: 3 * time.Second, At: at}
}

func mustRecord(t testing.TB, s *Store, a Answer) Receipt {
	t.Helper()
	r, err := s.RecordAnswer(a, Position{})
	if err != nil {
		t.Fatalf("record %+v: %v", a, err)
	}
	return r
}

// dump renders every bucket, key, value and bucket sequence of the database
// as text, for byte-exact comparisons.
func dump(t testing.TB, s *Store, only ...[]byte) string {
	t.Helper()
	var b strings.Builder
	err := s.db.View(func(tx *bolt.Tx) error {
		var names []string
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			names = append(names, string(name))
			return nil
		}); err != nil {
			return err
		}
		sort.Strings(names)
		for _, n := range names {
			if len(only) > 0 && !containsName(only, n) {
				continue
			}
			bk := tx.Bucket([]byte(n))
			fmt.Fprintf(&b, "[%s] seq=%d\n", n, bk.Sequence())
			if err := bk.ForEach(func(k, v []byte) error {
				fmt.Fprintf(&b, "%q = %q\n", k, v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// firstDiff shows where two dumps part, for readable failures.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  before: %s\n  after:  %s", i+1, x, y)
		}
	}
	return "no difference"
}
