package bank

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"testing"
	"time"
)

// Scale of issue 6: a synthetic bank of 100,000 questions of every type
// with Chinese text (generateBank, the generator BenchmarkParse uses), and
// the parser's throughput as a ratio to reading the same bytes from memory
// in the same run.

const scaleQuestions = 100_000

// TestWriteSyntheticBank writes the synthetic bank to the file named by
// $SHUATI_GEN_BANK ($SHUATI_GEN_BANK_N questions, default 100,000) and
// skips when it is unset. Other packages' benchmarks (ui/e2e) run it with
// `go test -run '^TestWriteSyntheticBank$' ./bank` to get the same bank.
func TestWriteSyntheticBank(t *testing.T) {
	path := os.Getenv("SHUATI_GEN_BANK")
	if path == "" {
		t.Skip("SHUATI_GEN_BANK is not set: nothing to write")
	}
	n := scaleQuestions
	if s := os.Getenv("SHUATI_GEN_BANK_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			t.Fatalf("SHUATI_GEN_BANK_N=%q", s)
		}
	}
	data := generateBank(n)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d questions, %d bytes", path, n, len(data))
}

// TestSyntheticBank100k parses the 100,000-question bank strictly: every
// question is there, every type in equal share, IDs unique.
func TestSyntheticBank100k(t *testing.T) {
	if testing.Short() {
		t.Skip("big bank")
	}
	data := generateBank(scaleQuestions)
	start := time.Now()
	b, err := ParseBytes("gen.md", data, ParseOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes, %d questions parsed in %v", len(data), len(b.Questions), time.Since(start).Round(time.Millisecond))
	if len(b.Questions) != scaleQuestions {
		t.Fatalf("%d questions, want %d", len(b.Questions), scaleQuestions)
	}
	counts := map[Type]int{}
	ids := map[string]bool{}
	for _, q := range b.Questions {
		counts[q.Type]++
		if ids[q.ID] {
			t.Fatalf("duplicate id %s", q.ID)
		}
		ids[q.ID] = true
	}
	for _, typ := range Types {
		if c := counts[typ]; c < scaleQuestions/len(Types)-25 || c > scaleQuestions/len(Types)+25 {
			t.Errorf("%s: %d questions", typ, c)
		}
	}
}

// BenchmarkParseVsRead parses the 100,000-question bank (about 30 MB) and,
// in the same iteration, reads the same bytes from memory (io.Copy from a
// bytes.Reader into a buffer of the right size); it reports both rates and
// read/parse, the parser's cost in units of a memory read.
func BenchmarkParseVsRead(b *testing.B) {
	data := generateBank(scaleQuestions)
	sink := bytes.NewBuffer(make([]byte, 0, len(data)))
	var parse, read time.Duration
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		sink.Reset()
		if _, err := io.Copy(sink, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		bk, err := Parse("gen.md", bytes.NewReader(sink.Bytes()), ParseOptions{Strict: true})
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if len(bk.Questions) != scaleQuestions {
			b.Fatalf("%d questions", len(bk.Questions))
		}
		read += t1.Sub(t0)
		parse += t2.Sub(t1)
	}
	mb := float64(len(data)) * float64(b.N) / 1e6
	b.ReportMetric(mb/parse.Seconds(), "parse-MB/s")
	b.ReportMetric(mb/read.Seconds(), "read-MB/s")
	b.ReportMetric(float64(parse)/float64(read), "parse/read")
}
