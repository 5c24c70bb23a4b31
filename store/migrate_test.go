package store

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
)

var writeFixture = flag.Bool("write-fixture", false, "rewrite testdata/v1.db (a schema-1 database)")

const v1Fixture = "testdata/v1.db"

// TestWriteV1Fixture regenerates testdata/v1.db: the small history of
// stats_test.go, a star, an exam and saved settings, stored in the schema 1
// layout (no due index, no log index, no aggregates; meta schema = 1).
// Run: go test ./store -run TestWriteV1Fixture -write-fixture
func TestWriteV1Fixture(t *testing.T) {
	if !*writeFixture {
		t.Skip("run with -write-fixture to regenerate " + v1Fixture)
	}
	path := filepath.Join(t.TempDir(), "v2.db")
	s := openTest(t, path)
	smallHistory(t, s)
	if err := s.SetStar("b/3", true); err != nil {
		t.Fatal(err)
	}
	if err := s.HandInExam(ExamRecord{ID: "e1", Started: at(3, 11, 15, 0), Finished: at(3, 11, 15, 30), Bank: "b", Score: 3, Total: 5,
		ByType: map[bank.Type]ExamTypeScore{bank.Single: {Count: 5, Correct: 3, Score: 3, Total: 5}}}, nil); err != nil {
		t.Fatal(err)
	}
	set := DefaultSettings()
	set.NewPerDay = 15
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	if err := s.SetProgress("b:all", 4); err != nil {
		t.Fatal(err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range derivedBuckets {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(v1Fixture)
	if err := s.Backup(v1Fixture); err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestMigrateV1(t *testing.T) {
	src, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	path := filepath.Join(t.TempDir(), "shuati.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	// The fixture really is schema 1.
	raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = raw.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bMeta).Get(kSchema)); v != "1" {
			t.Errorf("fixture schema %q", v)
		}
		for _, b := range derivedBuckets {
			if tx.Bucket(b) != nil {
				t.Errorf("fixture already has bucket %s", b)
			}
		}
		return nil
	})
	raw.Close()

	s := openTest(t, path)
	defer s.Close()
	if d := dump(t, s, bMeta); d != "[meta] seq=0\n\"schema\" = \"3\"\n" {
		t.Fatalf("meta after migration: %s", d)
	}
	st, err := s.Stats(at(3, 12, 20, 0), scopeKeys)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reviews != 9 || st.ReviewsToday != 1 || st.Streak != 3 || st.TrueRetention != 0.5 || st.New != 2 ||
		st.MistakesTotal != 2 || !reflect.DeepEqual(st.ByType, map[string]TypeStats{"single": {8, 6}, "short": {1, 1}}) ||
		!reflect.DeepEqual(st.PerDay, map[string]int{"2025-03-01": 2, "2025-03-10": 4, "2025-03-11": 2, "2025-03-12": 1}) {
		t.Fatalf("stats after migration: %+v", st)
	}
	if h, _ := s.History("b/2"); len(h) != 2 || *h[0].Correct || !*h[1].Correct {
		t.Fatalf("history after migration: %+v", h)
	}
	if q, _ := s.DueQueue(at(3, 12, 20, 0), scopeKeys, 20); len(q.Due)+len(q.Learning) == 0 || len(q.New) != 2 {
		t.Fatalf("queue after migration: %+v", q)
	}
	if set, _ := s.Settings(); set.NewPerDay != 15 {
		t.Fatalf("settings lost: %+v", set)
	}
	if stars, _ := s.Stars(); !stars["b/3"] {
		t.Fatal("star lost")
	}
	if ex, _ := s.Exams(); len(ex) != 1 || ex[0].ID != "e1" {
		t.Fatalf("exams lost: %+v", ex)
	}
	if p, _ := s.Progress("b:all"); p != 4 {
		t.Fatalf("progress lost: %d", p)
	}
	// What the migration derived equals a full replay of the log.
	migrated := dump(t, s)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); got != migrated {
		t.Fatalf("migration differs from rebuild: %s", firstDiff(migrated, got))
	}
	// Recording on the migrated database works, and reopening does not migrate again.
	mustRecord(t, s, rated("b/6", at(3, 12, 21, 0), 3))
	s.Close()
	before := fileSum(t, path)
	s = openTest(t, path)
	if fileSum(t, path) != before {
		t.Fatal("reopening the migrated database wrote to it")
	}
	s.Close()
}

// Schema 2 counted answers by section name alone; opening such a database
// recounts them by bank and section from the log.
func TestMigrateV2SectionsByBank(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	s := openTest(t, path)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, key := range []string{"a/1", "b/1", "b/2"} {
		a := ans(key, now.Add(time.Duration(i)*time.Minute), i != 0)
		a.Section = "一、单项选择题"
		mustRecord(t, s, a)
	}
	// Rewrite it as schema 2 wrote it: one counter for the shared name.
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bAgg)
		var all aggAll
		if err := json.Unmarshal(b.Get(kAggAll), &all); err != nil {
			return err
		}
		all.BySection = map[string]TypeStats{"一、单项选择题": {Answered: 3, Correct: 2}}
		v, err := json.Marshal(all)
		if err != nil {
			return err
		}
		if err := b.Put(kAggAll, v); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("2"))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openTest(t, path)
	defer s.Close()
	st, err := s.Stats(now.Add(time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]TypeStats{"a/一、单项选择题": {Answered: 1, Correct: 0}, "b/一、单项选择题": {Answered: 2, Correct: 2}}
	if !reflect.DeepEqual(st.BySection, want) {
		t.Errorf("by_section after migration = %v, want %v", st.BySection, want)
	}
}
