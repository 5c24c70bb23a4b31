package optimize

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// benchLog is the largest simulated log, 101,201 reviews.
const benchLog = "large-a"

// BenchmarkFit times the fit of all weights to each simulated log (its
// items built beforehand; large-a is the 100,000-review one): the same work
// as the reference package's computeParameters, whose time on the same
// items (best of three, recorded by testdata/gen.mjs on a shared machine)
// is reported beside it as fsrs-rs-s, and the ratio as x-fsrs-rs. On a busy
// machine run testdata/timing.mjs alongside for a fair comparison.
func BenchmarkFit(b *testing.B) {
	for _, name := range referenceNames[2:] {
		b.Run(name, func(b *testing.B) {
			ref := loadReference(b, name)
			items := ref.items(b, ref.reviews(b))
			b.ReportMetric(float64(ref.Reviews), "reviews")
			b.ResetTimer()
			for b.Loop() {
				var res Result
				if _, err := fitWeights(context.Background(), items, DefaultOptions(nil), defaultTraining, &res); err != nil {
					b.Fatal(err)
				}
			}
			if s := ref.FsrsRs.All.Seconds; s != nil {
				perOp := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(*s, "fsrs-rs-s")
				b.ReportMetric(perOp / *s, "x-fsrs-rs")
			}
		})
	}
}

// BenchmarkFitLog100k is what a caller of Fit waits for: items built from
// the log, the fit, and both evaluations.
func BenchmarkFitLog100k(b *testing.B) {
	ref := loadReference(b, benchLog)
	log := ref.reviews(b)
	opt := DefaultOptions(ref.loc(b))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Fit(context.Background(), log, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadAnkiCSV100k(b *testing.B) {
	ref := loadReference(b, benchLog)
	data := readGzip(b, filepath.Join("testdata", ref.Log))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadAnkiCSV(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluate100k(b *testing.B) {
	ref := loadReference(b, benchLog)
	items := ref.items(b, ref.reviews(b))
	w := defaultWeights64()
	for b.Loop() {
		if _, err := Evaluate(w, items); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildItems100k(b *testing.B) {
	ref := loadReference(b, benchLog)
	log := ref.reviews(b)
	loc := ref.loc(b)
	for b.Loop() {
		BuildItems(log, ref.DayStartHour, loc)
	}
}
