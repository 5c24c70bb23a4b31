package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// Big generated databases are shared by the benchmarks of one test run
// (generation is slow and stays outside the timed parts) and removed at exit.
var (
	bigMu   sync.Mutex
	bigDir  string
	bigDBs  = map[string]string{}
	bigKeys = map[string][]string{}
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if bigDir != "" {
		_ = os.RemoveAll(bigDir)
	}
	os.Exit(code)
}

// genNow is the "now" of generated databases.
var genNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// bigDB returns the path of a generated database with nCards cards with
// state and nLog review-log entries (built once per test run), and the
// question keys in scope: the cards' keys plus 1,000 never answered.
func bigDB(tb testing.TB, nCards, nLog int) (string, []string) {
	tb.Helper()
	bigMu.Lock()
	defer bigMu.Unlock()
	name := fmt.Sprintf("gen-%d-%d.db", nCards, nLog)
	if p, ok := bigDBs[name]; ok {
		return p, bigKeys[name]
	}
	if bigDir == "" {
		d, err := os.MkdirTemp("", "shuati-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		bigDir = d
	}
	path := filepath.Join(bigDir, name)
	start := time.Now()
	keys := genDB(tb, path, nCards, nLog, 1)
	tb.Logf("generated %s (%d cards, %d log entries) in %v", name, nCards, nLog, time.Since(start).Round(time.Millisecond))
	bigDBs[name], bigKeys[name] = path, keys
	return path, keys
}

// genDB writes a synthetic but consistent database quickly: random card
// states and due dates around genNow, a log spread over the past year,
// the log index, the due index, mistakes, and aggregates computed from the
// generated log by the same code RecordAnswer uses. Writes go in key order in
// large transactions.
func genDB(tb testing.TB, path string, nCards, nLog int, seed uint64) []string {
	tb.Helper()
	s, err := open(path, time.Second, time.UTC)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	keys := make([]string, 0, nCards+1000)
	for i := range nCards + 1000 {
		keys = append(keys, fmt.Sprintf("gen/%07d", i))
	}
	const batch = 100_000
	type kv struct{ k, v []byte }
	putSorted := func(bucket []byte, items []kv) {
		sort.Slice(items, func(i, j int) bool { return bytes.Compare(items[i].k, items[j].k) < 0 })
		for lo := 0; lo < len(items); lo += batch {
			hi := min(lo+batch, len(items))
			if err := s.db.Update(func(tx *bolt.Tx) error {
				b := tx.Bucket(bucket)
				b.FillPercent = 0.9
				for _, it := range items[lo:hi] {
					if err := b.Put(it.k, it.v); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				tb.Fatal(err)
			}
		}
	}

	// Cards and the due index.
	cards := make([]kv, 0, nCards)
	due := make([]kv, 0, nCards)
	var mistakes []kv
	for i := range nCards {
		c := fsrs.Card{State: fsrs.StateReview, Reps: 1 + rng.IntN(20), Stability: 1 + rng.Float64()*100, Difficulty: 1 + rng.Float64()*9}
		switch p := rng.IntN(100); {
		case p < 8:
			c.State = fsrs.StateLearning
			c.Due = genNow.Add(time.Duration(rng.IntN(120)-60) * time.Minute)
		case p < 12:
			c.State, c.Lapses = fsrs.StateRelearning, 1+rng.IntN(3)
			c.Due = genNow.Add(time.Duration(rng.IntN(120)-60) * time.Minute)
		default:
			c.ScheduledDays = 1 + rng.IntN(60)
			c.Due = genNow.Add(time.Duration(rng.IntN(80*24)-20*24) * time.Hour)
		}
		c.LastReview = c.Due.Add(-time.Duration(max(c.ScheduledDays, 1)) * 24 * time.Hour)
		v, _ := json.Marshal(c)
		cards = append(cards, kv{[]byte(keys[i]), v})
		due = append(due, kv{dueKey(c.Due, keys[i]), []byte{byte(c.State)}})
		if rng.IntN(5) == 0 {
			m := Mistake{Key: keys[i], Type: bank.Single, Section: "一、单项选择题", TimesWrong: 1 + rng.IntN(4), LastWrong: "B",
				LastWrongAt: c.LastReview, Consecutive: rng.IntN(3)}
			if m.Consecutive >= 2 {
				m.Mastered, m.MasteredAt = true, c.LastReview
			}
			v, _ := json.Marshal(m)
			mistakes = append(mistakes, kv{[]byte(keys[i]), v})
		}
	}
	putSorted(bCards, cards)
	putSorted(bDue, due)
	putSorted(bMistakes, mistakes)
	cards, due, mistakes = nil, nil, nil

	// The log (already in key order), its index and the aggregates.
	agg := s.newAggregator()
	start := genNow.Add(-365 * 24 * time.Hour)
	step := time.Duration(0)
	if nLog > 0 {
		step = 365 * 24 * time.Hour / time.Duration(nLog)
	}
	var idx []kv
	for lo := 0; lo < nLog; lo += batch {
		hi := min(lo+batch, nLog)
		if err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bLog)
			b.FillPercent = 1
			for i := lo; i < hi; i++ {
				tp := bank.Types[rng.IntN(len(bank.Types))]
				e := LogEntry{Key: keys[rng.IntN(max(nCards, 1))], At: start.Add(time.Duration(i) * step), Mode: ModeReview,
					Given: "A", Rating: fsrs.Rating(1 + rng.IntN(4)), Took: time.Duration(rng.IntN(30)) * time.Second,
					Type: tp, Section: fmt.Sprintf("section %d", rng.IntN(12)), StateBefore: fsrs.State(rng.IntN(4))}
				if tp.Objective() {
					e.Correct = boolp(e.Rating != fsrs.Again)
				}
				k := make([]byte, 8)
				binary.BigEndian.PutUint64(k, uint64(e.At.UnixNano()))
				v, _ := json.Marshal(e)
				if err := b.Put(k, v); err != nil {
					return err
				}
				idx = append(idx, kv{logIdxKey(e.Key, k), []byte{}})
				s.aggAdd(agg, &e)
			}
			return nil
		}); err != nil {
			tb.Fatal(err)
		}
	}
	putSorted(bLogIdx, idx)
	idx = nil
	if err := s.db.Update(func(tx *bolt.Tx) error { return agg.write(&writer{tx: tx}) }); err != nil {
		tb.Fatal(err)
	}
	return keys
}

// TestGenDBConsistent checks the generator on a small scale: what it wrote
// for the log index and aggregates is what Rebuild derives from its log.
func TestGenDBConsistent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.db")
	genDB(t, path, 300, 3000, 9)
	s, err := open(path, time.Second, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := dump(t, s, bLogIdx, bAgg)
	if err := s.db.Update(func(tx *bolt.Tx) error { return s.rebuildDerived(tx, false) }); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s, bLogIdx, bAgg); got != before {
		t.Fatalf("generated derived data differs from the log: %s", firstDiff(before, got))
	}
	st, err := s.Stats(genNow, nil)
	if err != nil || st.Reviews != 3000 {
		t.Fatalf("stats on generated db: %d reviews, %v", st.Reviews, err)
	}
}

// BenchmarkRecord records one answer per iteration (one fsynced write
// transaction). Compare with BenchmarkBareUpdate from the same run.
func BenchmarkRecord(b *testing.B) {
	s := openTest(b, filepath.Join(b.TempDir(), "rec.db"))
	defer s.Close()
	at := t0
	b.ResetTimer()
	for i := range b.N {
		at = at.Add(37 * time.Second)
		if _, err := s.RecordAnswer(ans(fmt.Sprintf("b/%d", i%500), at, i%4 != 0), Position{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareUpdate is the floor: a bare bbolt Update putting one key.
func BenchmarkBareUpdate(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		b.Fatal(err)
	}
	val := bytes.Repeat([]byte("x"), 64)
	b.ResetTimer()
	for i := range b.N {
		if err := db.Update(func(tx *bolt.Tx) error {
			k := make([]byte, 8)
			binary.BigEndian.PutUint64(k, uint64(i))
			return tx.Bucket([]byte("b")).Put(k, val)
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordVsBare alternates one RecordAnswer and one bare Update on two
// files in the same folder, so disk noise hits both alike, and reports the
// ratio of their mean times.
func BenchmarkRecordVsBare(b *testing.B) {
	dir := b.TempDir()
	s := openTest(b, filepath.Join(dir, "rec.db"))
	defer s.Close()
	db, err := bolt.Open(filepath.Join(dir, "bare.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		b.Fatal(err)
	}
	val := bytes.Repeat([]byte("x"), 64)
	at := t0
	var rec, bare time.Duration
	b.ResetTimer()
	for i := range b.N {
		at = at.Add(37 * time.Second)
		t1 := time.Now()
		if _, err := s.RecordAnswer(ans(fmt.Sprintf("b/%d", i%500), at, i%4 != 0), Position{}); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if err := db.Update(func(tx *bolt.Tx) error {
			k := make([]byte, 8)
			binary.BigEndian.PutUint64(k, uint64(i))
			return tx.Bucket([]byte("b")).Put(k, val)
		}); err != nil {
			b.Fatal(err)
		}
		rec += t2.Sub(t1)
		bare += time.Since(t2)
	}
	b.ReportMetric(float64(rec.Microseconds())/float64(b.N), "record-µs/op")
	b.ReportMetric(float64(bare.Microseconds())/float64(b.N), "bare-µs/op")
	b.ReportMetric(float64(rec)/float64(bare), "ratio")
}

// BenchmarkDueQueue100k builds the review queue over 100,000 cards with
// state plus 1,000 unseen questions.
func BenchmarkDueQueue100k(b *testing.B) {
	if testing.Short() {
		b.Skip("big database")
	}
	path, keys := bigDB(b, 100_000, 0)
	s, err := open(path, time.Second, time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for range b.N {
		q, err := s.DueQueue(genNow, keys, 20)
		if err != nil {
			b.Fatal(err)
		}
		if len(q.Due) == 0 || len(q.Learning) == 0 || len(q.New) != 20 {
			b.Fatalf("queue: %d due, %d learning, %d new", len(q.Due), len(q.Learning), len(q.New))
		}
	}
}

// BenchmarkStats1M opens a database holding 1,000,000 review-log entries
// (100,000 cards), computes Stats over every key and closes it: the store's
// share of `shuati stats --json`.
func BenchmarkStats1M(b *testing.B) {
	if testing.Short() {
		b.Skip("big database")
	}
	path, keys := bigDB(b, 100_000, 1_000_000)
	b.ResetTimer()
	for range b.N {
		s, err := open(path, time.Second, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		st, err := s.Stats(genNow, keys)
		if err != nil {
			b.Fatal(err)
		}
		if st.Reviews != 1_000_000 || st.New != 1000 {
			b.Fatalf("stats: %d reviews, %d new", st.Reviews, st.New)
		}
		s.Close()
	}
}

// BenchmarkRebuild1M replays a 1,000,000-entry review log into fresh card
// states, mistakes, indexes and aggregates (`shuati rebuild`). Each
// iteration works on its own copy of the generated database.
func BenchmarkRebuild1M(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 1M-entry database")
	}
	src, _ := bigDB(b, 100_000, 1_000_000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "rebuild.db")
		data, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
		s := openTest(b, path)
		b.StartTimer()
		if err := s.Rebuild(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
	}
}

// BenchmarkRecordShared measures what letting readers in between writes
// costs an answer (issue 11.1): it alternates one Record on a store that
// holds bbolt's lock shared between writes (taking it exclusively for each
// write) and one on a store that keeps it exclusive, as before, in the
// same folder, and reports the ratio of their mean times.
func BenchmarkRecordShared(b *testing.B) {
	if !canShare {
		b.Skip("no shared locks on this system")
	}
	dir := b.TempDir()
	shared := openTest(b, filepath.Join(dir, "shared.db"))
	defer shared.Close()
	excl := openTest(b, filepath.Join(dir, "exclusive.db"))
	defer excl.Close()
	if err := lockFile(excl.db.file, true, time.Second, nil); err != nil {
		b.Fatal(err)
	}
	excl.db.share = false
	at := t0
	var sh, ex time.Duration
	b.ResetTimer()
	for i := range b.N {
		at = at.Add(37 * time.Second)
		a := ans(fmt.Sprintf("b/%d", i%500), at, i%4 != 0)
		t1 := time.Now()
		if _, err := shared.RecordAnswer(a, Position{}); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if _, err := excl.RecordAnswer(a, Position{}); err != nil {
			b.Fatal(err)
		}
		sh += t2.Sub(t1)
		ex += time.Since(t2)
	}
	b.ReportMetric(float64(sh.Microseconds())/float64(b.N), "shared-µs/op")
	b.ReportMetric(float64(ex.Microseconds())/float64(b.N), "exclusive-µs/op")
	b.ReportMetric(float64(sh)/float64(ex), "ratio")
}

// BenchmarkCloseDuringRecord closes a store while an answer is being
// recorded (as on a signal): Close waits for that one transaction to be
// committed, no longer.
func BenchmarkCloseDuringRecord(b *testing.B) {
	dir := b.TempDir()
	var closing time.Duration
	for i := range b.N {
		b.StopTimer()
		s := openTest(b, filepath.Join(dir, fmt.Sprintf("c%d.db", i)))
		started := make(chan struct{})
		done := make(chan struct{})
		go func() {
			close(started)
			_, _ = s.RecordAnswer(ans("b/1", t0, true), Position{})
			close(done)
		}()
		<-started
		b.StartTimer()
		t1 := time.Now()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		closing += time.Since(t1)
		<-done
	}
	b.ReportMetric(float64(closing.Microseconds())/float64(b.N), "close-µs/op")
}
