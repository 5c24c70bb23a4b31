package store

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// peakRSS is the process's peak resident set (VmHWM) in bytes, or 0 where
// /proc does not say; resetPeakRSS starts a new peak (Linux 4.0+).
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// heapPeak samples the Go heap (live and unswept objects) every 10 ms
// until stop is called, which returns the largest sample in bytes.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		var peak uint64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				result <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-result }
}

// cpuTime is the CPU time (user and system) the process used so far: on a
// machine shared with other work it says more than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// syncBenchFolder is a folder holding one device's 1,000,000 answers (the
// generated 1M-entry database's first sync), made once per test run.
func syncBenchFolder(b *testing.B) string {
	b.Helper()
	src, _ := bigDB(b, 100_000, 1_000_000)
	bigMu.Lock()
	defer bigMu.Unlock()
	dir := filepath.Join(bigDir, "sync-1m")
	if _, err := os.Stat(dir); err == nil {
		return dir
	}
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(bigDir, "sync-1m-a.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	s := openTest(b, path)
	defer s.Close()
	start, cpu := time.Now(), cpuTime()
	resetPeakRSS()
	rep, err := s.Sync(dir, SyncOptions{Now: genNow, Name: "a"})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first sync of a 1M-answer database (all adopted, sent, replayed): %v wall, %v CPU, peak RSS %d MB, %d events, %d files",
		time.Since(start).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond), peakRSS()>>20, rep.Sent, len(rep.Files))
	return dir
}

// BenchmarkSyncApply1M applies another device's 1,000,000 answers (over
// 100,000 questions) to a fresh database: read and check the files, insert
// the log lines, replay card states, mistakes and aggregates: one
// transaction per 100,000 events and a replay. Reports the CPU time (the
// machine may be shared), the peak RSS (which counts the database's mapped
// pages) and the peak Go heap during the sync.
func BenchmarkSyncApply1M(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 1M-entry database")
	}
	dir := syncBenchFolder(b)
	var peak int64
	var heap uint64
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := openTest(b, filepath.Join(b.TempDir(), "fresh.db"))
		resetPeakRSS()
		c := cpuTime()
		stop := heapPeak()
		b.StartTimer()
		rep, err := s.Sync(dir, SyncOptions{Now: genNow.Add(time.Hour), Name: "b"})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		heap = max(heap, stop())
		cpu += cpuTime() - c
		peak = max(peak, peakRSS())
		if rep.Received != 1_000_000 || len(rep.Problems) != 0 {
			b.Fatalf("received %d, problems %v", rep.Received, rep.Problems)
		}
		s.Close()
	}
	b.ReportMetric(float64(peak>>20), "peakRSS-MB")
	b.ReportMetric(float64(heap>>20), "peakHeap-MB")
	b.ReportMetric((cpu / time.Duration(b.N)).Seconds(), "cpu-s/op")
}

// BenchmarkSyncSmallInto1M is the everyday sync of a learner with a long
// history: a database holding 1,000,000 answers receives another device's
// 100 new answers.
func BenchmarkSyncSmallInto1M(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 1M-entry database")
	}
	dir := syncBenchFolder(b)
	root := b.TempDir()
	// b: a database that has all of a's 1M answers.
	base := filepath.Join(root, "b.db")
	s := openTest(b, base)
	if _, err := s.Sync(dir, SyncOptions{Now: genNow.Add(time.Hour), Name: "b"}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	// a answers 100 more and sends them into a copy of the folder.
	dir2 := filepath.Join(root, "folder")
	if err := os.CopyFS(dir2, os.DirFS(dir)); err != nil {
		b.Fatal(err)
	}
	aPath := filepath.Join(root, "a.db")
	copyFile(b, filepath.Join(bigDir, "sync-1m-a.db"), aPath)
	a := openTest(b, aPath)
	for i := range 100 {
		mustRecord(b, a, ans("gen/"+strconv.Itoa(i*7), genNow.Add(time.Duration(i)*time.Second), i%4 != 0))
	}
	if _, err := a.Sync(dir2, SyncOptions{Now: genNow.Add(2 * time.Hour), Name: "a"}); err != nil {
		b.Fatal(err)
	}
	a.Close()
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(root, "run.db")
		copyFile(b, base, path)
		s := openTest(b, path)
		c := cpuTime()
		b.StartTimer()
		rep, err := s.Sync(dir2, SyncOptions{Now: genNow.Add(3 * time.Hour), Name: "b"})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - c
		if rep.Received != 100 {
			b.Fatalf("received %d", rep.Received)
		}
		s.Close()
	}
	b.ReportMetric((cpu / time.Duration(b.N)).Seconds(), "cpu-s/op")
}

func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		tb.Fatal(err)
	}
}
