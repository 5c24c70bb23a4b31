package store

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/data"
	"github.com/shuati/shuati/store/fsrs"
)

// Scale of issue 6: a learner's history of 1,000,000 answers over two years
// on real question keys (the built-in bank's, or a synthetic bank's), with
// every derived bucket built by the production code (Rebuild replays the
// log), so the file is exactly what two years of RecordAnswer would leave.
// bench_test.go's genDB is the faster generator on synthetic keys with
// random card states; this one is for whole-process benchmarks.

// scaleQuestion is a question a history is generated over.
type scaleQuestion struct {
	key     string
	typ     bank.Type
	section string
}

func builtinQuestions(tb testing.TB) []scaleQuestion {
	tb.Helper()
	banks, err := data.Banks()
	if err != nil {
		tb.Fatal(err)
	}
	var qs []scaleQuestion
	for _, b := range banks {
		for _, q := range b.Questions {
			qs = append(qs, scaleQuestion{q.Key(), q.Type, q.Section})
		}
	}
	return qs
}

// genHistory writes a database at path holding nLog answers spread evenly
// over span before end, on questions drawn from qs (the first `active` of
// them, so the rest stay new), with ratings and right/wrong mixed as a
// learner's would be. Every answer goes through the production path (apply,
// what RecordAnswer runs: card state, log, log index, mistake book, aggregates),
// batched a few thousand answers to a transaction: one transaction for all
// would be quadratic in bbolt (nodes split only at commit).
func genHistory(tb testing.TB, path string, qs []scaleQuestion, active, nLog int, span time.Duration, end time.Time, seed uint64) {
	tb.Helper()
	s, err := open(path, time.Second, time.Local)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	active = min(max(active, 1), len(qs))
	start := end.Add(-span)
	step := span / time.Duration(max(nLog, 1))
	s.mu.RLock()
	sched, mastery := s.sched, s.settings.MasteryCount
	s.mu.RUnlock()
	const batch = 5000
	for lo := 0; lo < nLog; lo += batch {
		hi := min(lo+batch, nLog)
		if err := s.db.Update(func(tx *bolt.Tx) error {
			tx.Bucket(bLog).FillPercent = 1
			w := &writer{tx: tx}
			for i := lo; i < hi; i++ {
				q := qs[rng.IntN(active)]
				at := start.Add(time.Duration(i)*step + time.Duration(rng.IntN(int(step/2)+1)))
				e := LogEntry{Key: q.key, At: at.UTC(), Mode: ModeReview, Type: q.typ, Section: q.section,
					Took: time.Duration(2+rng.IntN(60)) * time.Second}
				switch p := rng.IntN(100); {
				case p < 15:
					e.Rating = fsrs.Again
				case p < 25:
					e.Rating = fsrs.Hard
				case p < 90:
					e.Rating = fsrs.Good
				default:
					e.Rating = fsrs.Easy
				}
				if q.typ.Objective() {
					e.Correct = boolp(e.Rating != fsrs.Again)
					e.Given = map[bool]string{true: "A", false: "C"}[*e.Correct]
				}
				if _, err := s.apply(w, &e, nil, sched, mastery); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestGenHistorySmall checks the generator on a small scale: the stats of
// the file count exactly the generated answers, and replaying once more
// changes nothing.
func TestGenHistorySmall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	qs := builtinQuestions(t)
	end := time.Date(2026, 6, 1, 12, 0, 0, 0, time.Local)
	genHistory(t, path, qs, len(qs)/2, 20_000, 2*365*24*time.Hour, end, 5)
	s, err := open(path, time.Second, time.Local) // the zone genHistory's days are in
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keys := make([]string, len(qs))
	for i, q := range qs {
		keys[i] = q.key
	}
	st, err := s.Stats(end, keys)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reviews != 20_000 || st.New != len(qs)-len(qs)/2 {
		t.Fatalf("stats: %d reviews, %d new; want 20000, %d", st.Reviews, st.New, len(qs)-len(qs)/2)
	}
	days := 0
	for range st.PerDay {
		days++
	}
	if days < 700 {
		t.Errorf("answers on %d days, want about two years", days)
	}
	before := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg)
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s, bCards, bDue, bLogIdx, bMistakes, bAgg); got != before {
		t.Fatalf("second rebuild differs: %s", firstDiff(before, got))
	}
}

// TestWriteHistoryDB writes a history database to $SHUATI_GEN_DB and skips
// when it is unset: $SHUATI_GEN_LOG answers (default 1,000,000) over the two
// years before now, on the built-in bank's questions, or on the questions
// listed in $SHUATI_GEN_KEYS (one "key<TAB>type<TAB>section" a line; the
// first $SHUATI_GEN_ACTIVE of them answered, default all). The whole-process
// benchmarks in ui/e2e run it with
// `go test -run '^TestWriteHistoryDB$' ./store`.
func TestWriteHistoryDB(t *testing.T) {
	path := os.Getenv("SHUATI_GEN_DB")
	if path == "" {
		t.Skip("SHUATI_GEN_DB is not set: nothing to write")
	}
	nLog := envInt(t, "SHUATI_GEN_LOG", 1_000_000)
	var qs []scaleQuestion
	if f := os.Getenv("SHUATI_GEN_KEYS"); f != "" {
		file, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(file)
		for sc.Scan() {
			p := strings.SplitN(sc.Text(), "\t", 3)
			if len(p) != 3 || !bank.Type(p[1]).Valid() {
				t.Fatalf("%s: bad line %q", f, sc.Text())
			}
			qs = append(qs, scaleQuestion{p[0], bank.Type(p[1]), p[2]})
		}
		file.Close()
	} else {
		qs = builtinQuestions(t)
	}
	active := envInt(t, "SHUATI_GEN_ACTIVE", len(qs))
	start := time.Now()
	genHistory(t, path, qs, active, nLog, 2*365*24*time.Hour, time.Now().Add(-time.Hour), 11)
	st, _ := os.Stat(path)
	t.Logf("wrote %s: %d answers on %d of %d questions, %d MB, in %v", path, nLog, min(active, len(qs)), len(qs),
		st.Size()>>20, time.Since(start).Round(time.Millisecond))
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q", name, s)
	}
	return n
}

// BenchmarkOpenQueueStats1MBuiltin is the store's share of startup on the
// built-in bank with 1,000,000 answers over two years: open the file, load
// the settings, build the review queue and the home screen's figures.
func BenchmarkOpenQueueStats1MBuiltin(b *testing.B) {
	if testing.Short() {
		b.Skip("big database")
	}
	qs := builtinQuestions(b)
	keys := make([]string, len(qs))
	for i, q := range qs {
		keys[i] = q.key
	}
	path := builtinHistory1M(b, qs)
	b.ResetTimer()
	for range b.N {
		s, err := open(path, time.Second, time.Local)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Settings(); err != nil {
			b.Fatal(err)
		}
		q, err := s.DueQueue(genNow, keys, 20)
		if err != nil {
			b.Fatal(err)
		}
		st, err := s.Stats(genNow, keys)
		if err != nil || st.Reviews != 1_000_000 {
			b.Fatalf("stats: %d reviews, %v", st.Reviews, err)
		}
		if len(q.Due)+len(q.Learning)+len(q.New) == 0 {
			b.Fatal("empty queue")
		}
		s.Close()
	}
}

// builtinHistory1M generates the 1,000,000-answer history on the built-in
// bank once per test run (in bench_test.go's folder, removed at exit).
func builtinHistory1M(b *testing.B, qs []scaleQuestion) string {
	b.Helper()
	bigMu.Lock()
	defer bigMu.Unlock()
	const name = "hist-builtin-1m.db"
	if p, ok := bigDBs[name]; ok {
		return p
	}
	if bigDir == "" {
		d, err := os.MkdirTemp("", "shuati-bench-")
		if err != nil {
			b.Fatal(err)
		}
		bigDir = d
	}
	path := filepath.Join(bigDir, name)
	t0 := time.Now()
	genHistory(b, path, qs, len(qs), 1_000_000, 2*365*24*time.Hour, genNow, 11)
	b.Logf("generated %s in %v", name, time.Since(t0).Round(time.Millisecond))
	bigDBs[name] = path
	return path
}
