package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// Regression tests of issue 14 (items 3 to 7, 13 and the store side of 8)
// and issue 11 item 1: damage, read-only use, unfinished files, concurrent
// first opens, permissions, readers beside a writer, Close, clock extremes.

// historyPath writes a database with some of everything: 300 answers to 40
// questions, a star, an exam, settings, a progress position and an
// imported bank. It returns the path (closed) and the question keys.
func historyPath(t testing.TB, dir string) (string, []string) {
	t.Helper()
	path := filepath.Join(dir, "history.db")
	s := openTest(t, path)
	s.db.db.NoSync = true // a fixture: nothing to make durable
	var keys []string
	for i := range 40 {
		keys = append(keys, fmt.Sprintf("b/%02d", i))
	}
	at := t0
	for i := range 300 {
		at = at.Add(47 * time.Minute)
		mustRecord(t, s, ans(keys[(i*7)%40], at, i%3 != 0))
	}
	if err := s.SetStar(keys[1], true); err != nil {
		t.Fatal(err)
	}
	if err := s.HandInExam(ExamRecord{Started: at, Finished: at.Add(time.Minute), Bank: "b", Score: 1, Total: 2}, nil); err != nil {
		t.Fatal(err)
	}
	set := DefaultSettings()
	set.NewPerDay = 25
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	if err := s.SetProgress("b:all", 7); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveUserBank(userBank("mine", "第一题", "第二题"), "/x/mine.txt", at); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, keys
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exercise uses an open store the way the commands and the TUI do: every
// reading method, then every writing one, then Rebuild. It fails the test
// on a panic, on a damage error that does not name the file, and on any
// write that is not refused once damage was seen, or that changed the file
// after that. It reports whether damage was seen.
func exercise(t *testing.T, s *Store, keys []string) (sawDamage bool) {
	t.Helper()
	path := s.Path()
	var frozen []byte // the file when damage was first seen
	note := func(what string, err error) {
		t.Helper()
		if err == nil || !errors.Is(err, ErrDamaged) {
			return
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: damage error does not name the file: %v", what, err)
		}
		if !sawDamage {
			sawDamage, frozen = true, readFile(t, path)
		}
	}
	call := func(what string, write bool, fn func() error) {
		t.Helper()
		damagedBefore := sawDamage
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", what, r)
				}
			}()
			err = fn()
		}()
		if write && damagedBefore && !errors.Is(err, ErrDamaged) {
			t.Errorf("%s on a store that saw damage: %v; want a refusal wrapping ErrDamaged", what, err)
		}
		note(what, err)
	}
	now := t0.Add(30 * 24 * time.Hour)
	reads := []struct {
		what string
		fn   func() error
	}{
		{"Stats", func() error { _, err := s.Stats(now, nil); return err }},
		{"Stats(keys)", func() error { _, err := s.Stats(now, keys); return err }},
		{"DueQueue", func() error { _, err := s.DueQueue(now, keys, 20); return err }},
		{"Mistakes", func() error { _, err := s.Mistakes(MistakeFilter{}); return err }},
		{"History", func() error {
			for _, k := range keys {
				if _, err := s.History(k); err != nil {
					return err
				}
			}
			return nil
		}},
		{"Card", func() error { _, _, err := s.Card(keys[3]); return err }},
		{"Preview", func() error { _, err := s.Preview(keys[4], now); return err }},
		{"Retrievability", func() error { _, err := s.Retrievability(keys[5], now); return err }},
		{"Stars", func() error { _, err := s.Stars(); return err }},
		{"Exams", func() error { _, err := s.Exams(); return err }},
		{"Progress", func() error { _, err := s.Progress("b:all"); return err }},
		{"UserBanks", func() error { _, err := s.UserBanks(); return err }},
		{"ListUserBanks", func() error { _, err := s.ListUserBanks(); return err }},
		{"UserBank", func() error { _, _, err := s.UserBank("mine"); return err }},
		{"Backup", func() error { return s.Backup(filepath.Join(t.TempDir(), "copy.db")) }},
	}
	for _, r := range reads {
		call(r.what, false, r.fn)
	}
	var receipt Receipt
	writes := []struct {
		what string
		fn   func() error
	}{
		{"Record", func() error {
			var err error
			receipt, err = s.RecordAnswer(ans(keys[6], now, false), Position{})
			return err
		}},
		{"Undo", func() error {
			if receipt.Key == "" { // Record failed: undo a star
				receipt = Receipt{Key: keys[1], changes: []change{{bucket: bStars, key: []byte(keys[1]), new: []byte{}, hasNew: true}}}
			}
			return s.Undo(receipt)
		}},
		{"Record new", func() error { _, err := s.RecordAnswer(ans("b/new", now, true), Position{}); return err }},
		{"SetStar", func() error { return s.SetStar(keys[7], true) }},
		{"SaveExam", func() error { return s.HandInExam(ExamRecord{Started: now, Bank: "b"}, nil) }},
		{"SaveSettings", func() error { return s.SaveSettings(DefaultSettings()) }},
		{"SetProgress", func() error { return s.SetProgress("b:all", 9) }},
		{"SaveUserBank", func() error { return s.SaveUserBank(userBank("other", "题"), "/x/o.txt", now) }},
		{"DeleteUserBank", func() error { return s.DeleteUserBank("mine") }},
	}
	for _, w := range writes {
		call(w.what, true, w.fn)
	}
	if sawDamage && !bytes.Equal(readFile(t, path), frozen) {
		t.Errorf("the file was written after damage was seen")
	}
	return sawDamage
}

// damageCase is one damaged copy of a database.
type damageCase struct {
	name string
	file []byte
}

// pageDamage zeroes each data page in turn and flips single bits at
// random places: damage bbolt's meta checksums do not cover.
func pageDamage(valid []byte, flips int, seed uint64) []damageCase {
	const page = 4096
	var out []damageCase
	for p := 2; p*page < len(valid); p++ {
		b := bytes.Clone(valid)
		clear(b[p*page : (p+1)*page])
		out = append(out, damageCase{fmt.Sprintf("zeroed page %d", p), b})
	}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	for range flips {
		b := bytes.Clone(valid)
		at := 2*page + rng.IntN(len(b)-2*page)
		bit := rng.IntN(8)
		b[at] ^= 1 << bit
		out = append(out, damageCase{fmt.Sprintf("bit %d of byte %d", bit, at), b})
	}
	return out
}

// contentDamage writes values shuati cannot use through bbolt itself: the
// pages are intact, the content is not.
func contentDamage(t *testing.T, valid []byte) []damageCase {
	t.Helper()
	edits := map[string]func(tx *bolt.Tx) error{
		"log entry with rating 9": func(tx *bolt.Tx) error {
			return editFirst(tx, bLog, func(v []byte) []byte { return bytes.Replace(v, []byte(`"rating":`), []byte(`"rating":9,"x":`), 1) })
		},
		"log entry not JSON": func(tx *bolt.Tx) error { return editFirst(tx, bLog, func([]byte) []byte { return []byte("\x1a{") }) },
		"log key of 3 bytes": func(tx *bolt.Tx) error { return tx.Bucket(bLog).Put([]byte("abc"), []byte(`{}`)) },
		"aggregates garbled": func(tx *bolt.Tx) error { return tx.Bucket(bAgg).Put(kAggAll, []byte("{{")) },
		"card garbled":       func(tx *bolt.Tx) error { return editFirst(tx, bCards, func([]byte) []byte { return []byte("[") }) },
		"mistake garbled": func(tx *bolt.Tx) error {
			return editFirst(tx, bMistakes, func([]byte) []byte { return []byte("\x1a") })
		},
		"exam garbled": func(tx *bolt.Tx) error { return editFirst(tx, bExams, func([]byte) []byte { return []byte("{") }) },
		"user bank garbled": func(tx *bolt.Tx) error {
			return editFirst(tx, bUserBanks, func([]byte) []byte { return []byte{2, 0xff, 0xff} })
		},
		"due key of 2 bytes": func(tx *bolt.Tx) error { return tx.Bucket(bDue).Put([]byte("ab"), []byte{2}) },
		"log index to absent": func(tx *bolt.Tx) error {
			return tx.Bucket(bLogIdx).Put(logIdxKey("b/00", []byte("\x00\x00\x00\x00\x00\x00\x00\x01")), nil)
		},
		"settings garbled": func(tx *bolt.Tx) error { return tx.Bucket(bSettings).Put(kSettings, []byte(`{"mastery_count":0}`)) },
	}
	var out []damageCase
	for name, edit := range edits {
		out = append(out, damageCase{name, boltEdit(t, valid, edit)})
	}
	return out
}

func editFirst(tx *bolt.Tx, bucket []byte, f func([]byte) []byte) error {
	b := tx.Bucket(bucket)
	k, v := b.Cursor().First()
	if k == nil {
		return fmt.Errorf("bucket %s is empty", bucket)
	}
	return b.Put(bytes.Clone(k), f(bytes.Clone(v)))
}

// boltEdit applies edit to a copy of the database with bbolt alone.
func boltEdit(t *testing.T, valid []byte, edit func(tx *bolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "edit.db")
	if err := os.WriteFile(path, valid, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(edit); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return readFile(t, path)
}

// TestDamageNeverPanics (issue 14.3): damage that opening does not catch —
// every data page zeroed in turn, single bit flips, unusable values — is
// reported as an error wrapping ErrDamaged that names the file, never as a
// panic, by every method; after the first one, every write is refused and
// the file stays as it was. Rebuild of such a file either refuses or
// leaves the damaged file as a backup beside the new one.
func TestDamageNeverPanics(t *testing.T) {
	dir := t.TempDir()
	src, keys := historyPath(t, dir)
	valid := readFile(t, src)
	flips := 150
	if testing.Short() {
		flips = 30
	}
	cases := append(pageDamage(valid, flips, 14), contentDamage(t, valid)...)
	seen, refusedAtOpen := 0, 0
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("d%d.db", i))
			if err := os.WriteFile(path, c.file, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := openNoPanic(t, path)
			if err != nil {
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
					t.Fatalf("open: %v; want ErrDamaged naming the file", err)
				}
				if !bytes.Equal(readFile(t, path), c.file) {
					t.Fatal("a file refused at open was changed")
				}
				refusedAtOpen++
				return
			}
			s.db.db.NoSync = true // a copy in a temporary folder
			damaged := exercise(t, s, keys)
			if damaged {
				seen++
			}
			before := readFile(t, path)
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("Rebuild panicked: %v", r)
					}
				}()
				r, err := s.RebuildWith(RebuildOptions{Now: t0})
				switch {
				case err != nil && !strings.Contains(err.Error(), path):
					t.Errorf("rebuild: %v does not name the file", err)
				case err != nil:
					if !bytes.Equal(readFile(t, path), before) {
						t.Errorf("a refused rebuild (%v) changed the file", err)
					}
				default:
					// The damaged file is kept beside the rebuilt one, its
					// pages as they were.
					b := readFile(t, r.Backup)
					if len(b) < 2*4096 || !bytes.Equal(b[2*4096:], before[2*4096:len(b)]) {
						t.Errorf("backup %s is not the file as it was", r.Backup)
					}
				}
			}()
			if err := s.Close(); err != nil && !errors.Is(err, ErrDamaged) {
				t.Logf("close: %v", err)
			}
			if damaged {
				if r, err := check(path, time.Second); err != nil {
					t.Errorf("check: %v", err)
				} else if r.OK() && !rebuiltOK(t, path) {
					t.Errorf("check finds nothing wrong with a file the store found damaged")
				}
			}
		})
	}
	t.Logf("%d damaged copies: %d refused at open, %d found damaged in use, no panic", len(cases), refusedAtOpen, seen)
}

// rebuiltOK: the path now holds a rebuilt database (the damaged one went
// to a backup), which Check may rightly find intact.
func rebuiltOK(t *testing.T, path string) bool {
	m, _ := filepath.Glob(path + ".*.bak")
	return len(m) > 0
}

// TestCheck (issue 14.3): Check finds nothing wrong with an intact file
// and each kind of damage in one that is not, says whether a rebuild
// repairs it, never writes, and works while a writer has the file open.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	src, _ := historyPath(t, dir)
	valid := readFile(t, src)

	w := openTest(t, src)
	r, err := check(src, time.Second)
	if err != nil || !r.OK() || r.Reviews != 300 || r.Cards != 40 || r.Mistakes == 0 {
		t.Fatalf("intact, while a writer has it open: %+v %v", r, err)
	}
	w.Close()

	cases := []struct {
		name    string
		edit    func(tx *bolt.Tx) error
		area    string
		derived bool
	}{
		{"aggregates off by one", func(tx *bolt.Tx) error {
			var a aggAll
			if err := json.Unmarshal(tx.Bucket(bAgg).Get(kAggAll), &a); err != nil {
				return err
			}
			a.Reviews++
			v, _ := json.Marshal(a)
			return tx.Bucket(bAgg).Put(kAggAll, v)
		}, "agg", true},
		{"due entry gone", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bDue).Cursor().First()
			return tx.Bucket(bDue).Delete(bytes.Clone(k))
		}, "due", true},
		{"due entry moved", func(tx *bolt.Tx) error {
			c := tx.Bucket(bDue).Cursor()
			k, v := c.First()
			k, v = bytes.Clone(k), bytes.Clone(v)
			if err := tx.Bucket(bDue).Delete(k); err != nil {
				return err
			}
			k[7]++
			return tx.Bucket(bDue).Put(k, v)
		}, "due", true},
		{"log index entry gone", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bLogIdx).Cursor().First()
			return tx.Bucket(bLogIdx).Delete(bytes.Clone(k))
		}, "logidx", true},
		{"card without answers", func(tx *bolt.Tx) error {
			v := tx.Bucket(bCards).Get([]byte("b/00"))
			return tx.Bucket(bCards).Put([]byte("b/zz"), bytes.Clone(v))
		}, "cards", true},
		{"mistake count off", func(tx *bolt.Tx) error {
			return editFirst(tx, bMistakes, func(v []byte) []byte {
				var m Mistake
				_ = json.Unmarshal(v, &m)
				m.TimesWrong += 3
				out, _ := json.Marshal(m)
				return out
			})
		}, "mistakes", true},
		{"log bucket missing", func(tx *bolt.Tx) error { return tx.DeleteBucket(bLog) }, "layout", false},
		{"due bucket missing", func(tx *bolt.Tx) error { return tx.DeleteBucket(bDue) }, "layout", true},
		{"log entry with rating 0", func(tx *bolt.Tx) error {
			return editFirst(tx, bLog, func(v []byte) []byte { return bytes.Replace(v, []byte(`"rating":`), []byte(`"rating":0,"x":`), 1) })
		}, "log", false},
		{"exam garbled", func(tx *bolt.Tx) error { return editFirst(tx, bExams, func([]byte) []byte { return []byte("{") }) }, "exams", false},
		{"settings invalid", func(tx *bolt.Tx) error { return tx.Bucket(bSettings).Put(kSettings, []byte(`{"mastery_count":0}`)) }, "settings", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.db")
			content := boltEdit(t, valid, c.edit)
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			r, err := check(path, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range r.Problems {
				if p.Area == c.area {
					found = true
				}
			}
			if !found || r.RebuildRepairs() != c.derived {
				t.Fatalf("problems %v: want one in %s, rebuild repairs: %v", r.Problems, c.area, c.derived)
			}
			if !bytes.Equal(readFile(t, path), content) {
				t.Fatal("check wrote to the file")
			}
			if c.derived {
				if _, err := RebuildFile(path, RebuildOptions{Force: true}); err != nil {
					t.Fatalf("rebuild: %v", err)
				}
				if r, err := check(path, time.Second); err != nil || !r.OK() {
					t.Fatalf("after rebuild: %v %v", r.Problems, err)
				}
			}
		})
	}
	// Page damage: every zeroed page of the log is found.
	for _, c := range pageDamage(valid, 0, 0) {
		path := filepath.Join(t.TempDir(), "p.db")
		if err := os.WriteFile(path, c.file, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := check(path, time.Second)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.OK() && !freePage(t, valid, c.name) {
			t.Errorf("%s: check finds nothing wrong", c.name)
		}
	}
	if _, err := Check(filepath.Join(dir, "absent.db")); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("check of no file: %v", err)
	}
	// A Go source file, copied so the damage mark lands in the test's folder.
	goFile := filepath.Join(dir, "store.go")
	if src, err := os.ReadFile("store.go"); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(goFile, src, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err = Check(goFile)
	if err != nil || r.OK() || r.Problems[0].Area != "file" {
		t.Fatalf("check of a Go file: %+v %v", r, err)
	}
}

// freePage reports whether the page zeroed in case name was free (or
// past the high-water mark), where zeroes harm nothing.
func freePage(t *testing.T, valid []byte, name string) bool {
	var p int
	if _, err := fmt.Sscanf(name, "zeroed page %d", &p); err != nil {
		return false
	}
	path := filepath.Join(t.TempDir(), "v.db")
	if err := os.WriteFile(path, valid, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	used := false
	_ = db.View(func(tx *bolt.Tx) error {
		if p >= int(tx.Size()/4096) {
			return nil
		}
		info, err := tx.Page(p)
		used = err == nil && info != nil && info.Type != "free"
		return nil
	})
	return !used
}

// TestReadOnlyOpenNeverWrites (issue 14.4): OpenReadOnly reads without
// writing a byte or making a lock file, refuses writes, and takes a
// missing bucket for damage; so does Open, which no longer makes the
// bucket up.
func TestReadOnlyOpenNeverWrites(t *testing.T) {
	dir := t.TempDir()
	path, keys := historyPath(t, dir)
	before := readFile(t, path)
	st0, _ := os.Stat(path)
	s, err := openReadOnly(path, time.Second, testZone)
	if err != nil {
		t.Fatal(err)
	}
	if exercise(t, s, keys) {
		t.Fatal("an intact file seen as damaged")
	}
	stats, err := s.Stats(t0, nil)
	if err != nil || stats.Reviews != 300 {
		t.Fatalf("stats: %d %v", stats.Reviews, err)
	}
	if _, err := s.RecordAnswer(ans(keys[0], t0, true), Position{}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("record on a read-only store: %v", err)
	}
	if _, err := s.RebuildWith(RebuildOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("rebuild on a read-only store: %v", err)
	}
	s.Close()
	st1, _ := os.Stat(path)
	if !bytes.Equal(readFile(t, path), before) || !st1.ModTime().Equal(st0.ModTime()) {
		t.Fatal("reading wrote to the file")
	}

	noLog := filepath.Join(t.TempDir(), "nolog.db")
	content := boltEdit(t, before, func(tx *bolt.Tx) error { return tx.DeleteBucket(bLog) })
	if err := os.WriteFile(noLog, content, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"OpenReadOnly": func() error { s, err := openReadOnly(noLog, time.Second, testZone); closeIf(s); return err },
		"Open":         func() error { s, err := open(noLog, time.Second, testZone); closeIf(s); return err },
		"RebuildFile":  func() error { _, err := RebuildFile(noLog, RebuildOptions{Force: true}); return err },
	} {
		if err := f(); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "missing bucket log") {
			t.Errorf("%s without a log bucket: %v; want ErrDamaged saying so", name, err)
		}
	}
	if !bytes.Equal(readFile(t, noLog), content) {
		t.Fatal("the file without a log bucket was changed")
	}
	if m, _ := filepath.Glob(noLog + ".*.bak"); len(m) != 0 {
		t.Errorf("backups left by a refused rebuild: %v", m)
	}
	// Readers never make the lock file.
	ro := filepath.Join(t.TempDir(), "ro.db")
	if err := os.WriteFile(ro, before, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = openReadOnly(ro, time.Second, testZone)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(ro + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a reader made a lock file: %v", err)
	}
}

func closeIf(s *Store) {
	if s != nil {
		s.Close()
	}
}

// TestRebuildRefusesLoss (issue 14.4): a rebuild that would leave fewer
// reviews than the aggregates count (half the log lost) changes nothing
// unless forced; forced, it keeps a backup of the file beside it, named in
// its report; a rebuild repairs a derived bucket whose pages are damaged.
func TestRebuildRefusesLoss(t *testing.T) {
	dir := t.TempDir()
	src, keys := historyPath(t, dir)
	valid := readFile(t, src)
	halved := boltEdit(t, valid, func(tx *bolt.Tx) error {
		b := tx.Bucket(bLog)
		var ks [][]byte
		_ = b.ForEach(func(k, _ []byte) error { ks = append(ks, bytes.Clone(k)); return nil })
		for _, k := range ks[:150] {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	path := filepath.Join(t.TempDir(), "halved.db")
	if err := os.WriteFile(path, halved, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := RebuildFile(path, RebuildOptions{})
	if !errors.Is(err, ErrWouldLose) || !strings.Contains(err.Error(), "150 reviews where the database counts 300") || !strings.Contains(err.Error(), path) {
		t.Fatalf("rebuild of a halved log: %v", err)
	}
	if !bytes.Equal(readFile(t, path), halved) {
		t.Fatal("a refused rebuild changed the file")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*"))
	if len(left) != 2 { // the file and its lock file
		t.Fatalf("a refused rebuild left files: %v", left)
	}
	r, err := RebuildFile(path, RebuildOptions{Force: true, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if r.Before.Reviews != 300 || r.After.Reviews != 150 || filepath.Dir(r.Backup) != filepath.Dir(path) {
		t.Fatalf("report %+v", r)
	}
	b, err := openReadOnly(r.Backup, time.Second, testZone)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := b.Stats(t0, nil); err != nil || st.Reviews != 300 {
		t.Fatalf("backup: %d reviews, %v", st.Reviews, err)
	}
	b.Close()
	if rep, err := Check(path); err != nil || !rep.OK() || rep.Reviews != 150 {
		t.Fatalf("rebuilt file: %+v %v", rep, err)
	}

	// Zero the root page of the log index, which only History reads:
	// History reports damage, a rebuild repairs it without reading it.
	var root int
	db, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *bolt.Tx) error {
		root = int(tx.Bucket(bLogIdx).RootPage())
		return nil
	})
	db.Close()
	if root == 0 {
		t.Fatal("the log index is inline: too small a history")
	}
	broken := bytes.Clone(valid)
	clear(broken[root*4096 : (root+1)*4096])
	path = filepath.Join(t.TempDir(), "idx.db")
	if err := os.WriteFile(path, broken, 0o600); err != nil {
		t.Fatal(err)
	}
	// A writer's open walks the pages of a file it did not leave so.
	if s, err := open(path, time.Second, time.Local); !errors.Is(err, ErrDamaged) {
		closeIf(s)
		t.Fatalf("open of a file with a zeroed page: %v; want ErrDamaged", err)
	}
	if !bytes.Equal(readFile(t, path), broken) {
		t.Fatal("the refused open changed the file")
	}
	// Damage that comes while the store is open is found where it is read.
	if err := os.WriteFile(path, valid, 0o600); err != nil {
		t.Fatal(err)
	}
	clearDamageMark(path)
	s := openTest(t, path)
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err != nil {
		t.Fatal(err)
	} else {
		if _, err := f.WriteAt(make([]byte, 4096), int64(root)*4096); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	if _, err := s.History(keys[0]); !errors.Is(err, ErrDamaged) {
		t.Fatalf("history over zeroed log index pages: %v", err)
	}
	if err := s.SetStar(keys[0], false); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a write after damage: %v", err)
	}
	if _, err := s.RebuildWith(RebuildOptions{Now: t0}); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if h, err := s.History(keys[0]); err != nil || len(h) == 0 {
		t.Fatalf("history after rebuild: %d %v", len(h), err)
	}
	if err := s.SetStar(keys[0], false); err != nil {
		t.Fatalf("a write after the rebuild: %v", err)
	}
	s.Close()
	if rep, err := Check(path); err != nil || !rep.OK() {
		t.Fatalf("after rebuild: %v %v", rep.Problems, err)
	}
}

// TestUnfinishedFilesCreatedAgain (issue 14.5): what a full disk or a
// crash leaves on the very first run — an empty file, the beginning of
// bbolt's first pages, bbolt's pages with no transaction committed, a
// first transaction that grew the file but never committed — is created
// again by Open, and is "no database yet" to a reader (untouched). A file
// that ever held data is never replaced, however little of it is left.
func TestUnfinishedFilesCreatedAgain(t *testing.T) {
	img := initImage(4096)
	boltInit := filepath.Join(t.TempDir(), "init.db")
	db, err := bolt.Open(boltInit, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if !bytes.Equal(readFile(t, boltInit), img) {
		t.Fatal("initImage differs from what bbolt writes to a new file")
	}
	unfinished := map[string][]byte{
		"empty":                     {},
		"one zero byte":             {0},
		"100 bytes of the first":    img[:100],
		"first meta page":           img[:4096],
		"8 KiB: both metas":         img[:8192],
		"12000 bytes":               img[:12000],
		"bbolt's four pages":        img,
		"grown, never committed":    append(bytes.Clone(img), make([]byte, 5*4096)...),
		"half a page of the second": img[:4096+30],
	}
	for name, content := range unfinished {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "new.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := openReadOnly(path, time.Second, testZone); !errors.Is(err, ErrNoDatabase) || !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("read-only open: %v; want ErrNoDatabase", err)
			}
			if !bytes.Equal(readFile(t, path), content) {
				t.Fatal("the reader changed the file")
			}
			s, err := open(path, time.Second, testZone)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			mustRecord(t, s, ans("b/1", t0, true))
			s.Close()
			if r, err := Check(path); err != nil || !r.OK() || r.Reviews != 1 {
				t.Fatalf("created again: %+v %v", r, err)
			}
		})
	}

	// Files that held data: a fresh shuati database (one transaction) and
	// one with history, cut short anywhere, or its first page lost.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	openTest(t, fresh).Close()
	hist, _ := historyPath(t, t.TempDir())
	for _, src := range []string{fresh, hist} {
		valid := readFile(t, src)
		cuts := map[string][]byte{
			"first page":      valid[:4096],
			"two pages":       valid[:8192],
			"three pages":     valid[:3*4096],
			"all but a page":  valid[:len(valid)-4096],
			"first page lost": append(make([]byte, 4096), valid[4096:]...),
		}
		for name, content := range cuts {
			path := filepath.Join(t.TempDir(), "held.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := open(path, time.Second, testZone)
			if err == nil {
				// Only a cut that lost nothing but free space opens.
				if st, err := s.Stats(t0, nil); err != nil || (src == hist && st.Reviews != 300) {
					t.Errorf("%s of %s opened with %d reviews, %v", name, filepath.Base(src), st.Reviews, err)
				}
				s.Close()
				continue
			}
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("%s of %s: %v; want ErrDamaged", name, filepath.Base(src), err)
			}
			if !bytes.Equal(readFile(t, path), content) {
				t.Errorf("%s of %s: a file that held data was changed", name, filepath.Base(src))
			}
		}
	}
}

// TestClockExtremes (issue 14.13): a clock that jumped back while the
// question showed gives a negative answer time, recorded as 0; a huge one
// is recorded as maxTook; an answer dated 2300 is due after one dated
// 2025, never in 1970.
func TestClockExtremes(t *testing.T) {
	s := newTestStore(t)
	a := ans("b/back", t0, true)
	a.Took = -172860 * time.Second
	mustRecord(t, s, a)
	a = ans("b/huge", t0.Add(time.Minute), true)
	a.Took = time.Duration(1<<63 - 1)
	mustRecord(t, s, a)
	for key, want := range map[string]time.Duration{"b/back": 0, "b/huge": maxTook} {
		h, err := s.History(key)
		if err != nil || len(h) != 1 || h[0].Took != want {
			t.Fatalf("%s: took %v (%v), want %v", key, h, err, want)
		}
	}

	far := time.Date(2300, 1, 1, 9, 0, 0, 0, time.UTC)
	mustRecord(t, s, ans("b/2300", far, true))
	mustRecord(t, s, ans("b/2200", time.Date(2200, 1, 1, 9, 0, 0, 0, time.UTC), true))
	mustRecord(t, s, ans("b/2025", t0.Add(2*time.Minute), true))
	keys := []string{"b/2025", "b/2200", "b/2300"}
	q, err := s.DueQueue(t0.Add(24*time.Hour), keys, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := append(q.Due, q.Learning...); len(got) != 1 || got[0] != "b/2025" {
		t.Fatalf("due a day after 2025: %v; want only b/2025", got)
	}
	q, err = s.DueQueue(far.Add(48*time.Hour), keys, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := append(q.Due, q.Learning...); len(got) != 3 {
		t.Fatalf("due in 2300: %v; want all three", got)
	}
	// The due index orders them by time.
	var order []string
	_ = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bDue).ForEach(func(k, _ []byte) error { order = append(order, string(k[8:])); return nil })
	})
	if strings.Join(order, " ") != "b/back b/huge b/2025 b/2200 b/2300" && strings.Join(order, " ") != "b/back b/huge b/2025 b/2300 b/2200" {
		t.Fatalf("due order %v", order)
	}
	var k1, k2 [8]byte
	putTime(k1[:], time.Date(2261, 1, 1, 0, 0, 0, 0, time.UTC))
	putTime(k2[:], far)
	if bytes.Compare(k1[:], k2[:]) >= 0 {
		t.Fatal("a time key of 2300 sorts before one of 2261")
	}
	putTime(k1[:], time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))
	if !bytes.Equal(k1[:], make([]byte, 8)) {
		t.Fatal("a time before 1970 is not key 0")
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
}

// TestCloseDuringWrites (issue 14.8, the store's side): Close while
// answers are being recorded from several goroutines, as a signal handler
// would: no panic; every Record that returned without error is on disk;
// the ones after Close fail; a second Close does nothing.
func TestCloseDuringWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "close.db")
	s := openTest(t, path)
	type result struct {
		ok  int
		err error
	}
	done := make(chan result)
	for g := range 6 {
		go func() {
			var r result
			defer func() {
				if p := recover(); p != nil {
					r.err = fmt.Errorf("panic: %v", p)
				}
				done <- r
			}()
			at := t0
			for i := 0; ; i++ {
				at = at.Add(time.Minute)
				if _, err := s.RecordAnswer(ans(fmt.Sprintf("b/%d-%d", g, i), at, i%2 == 0), Position{}); err != nil {
					r.err = err
					return
				}
				if _, err := s.Stats(at, nil); err != nil {
					r.err = err
					return
				}
				r.ok++
			}
		}()
	}
	time.Sleep(150 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	total := 0
	for range 6 {
		r := <-done
		if r.err == nil || strings.Contains(r.err.Error(), "panic") {
			t.Fatalf("a goroutine ended with %v", r.err)
		}
		total += r.ok
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	s = openTest(t, path)
	defer s.Close()
	st, err := s.Stats(t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A Record may have committed and then had its Stats call fail.
	if st.Reviews < total || st.Reviews > total+6 {
		t.Fatalf("%d answers on disk, %d recorded before Close", st.Reviews, total)
	}
	t.Logf("%d answers recorded before Close", total)
}

// TestReadersBesideWriter (issue 11.1): while a writer has the database
// open, readers open it read-only, see every committed answer, and never
// a half-written one; the writer's answers wait for a reader that is
// mid-read and then go through; a second writer still gets the in-use
// error, within its timeout.
func TestReadersBesideWriter(t *testing.T) {
	if !canShare {
		t.Skip("readers wait for the writer to close on this system")
	}
	path := filepath.Join(t.TempDir(), "shared.db")
	w := openTest(t, path)
	defer w.Close()
	mustRecord(t, w, ans("b/0", t0, true))

	r, err := openReadOnly(path, time.Second, testZone)
	if err != nil {
		t.Fatalf("a reader beside the writer: %v", err)
	}
	if st, err := r.Stats(t0, nil); err != nil || st.Reviews != 1 {
		t.Fatalf("reader stats: %d %v", st.Reviews, err)
	}
	if err := r.Backup(filepath.Join(t.TempDir(), "b.db")); err != nil {
		t.Fatalf("backup by a reader: %v", err)
	}
	// The writer waits for the reader, then records.
	recorded := make(chan error, 1)
	go func() { _, err := w.RecordAnswer(ans("b/1", t0.Add(time.Minute), false), Position{}); recorded <- err }()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-recorded:
		t.Fatalf("the writer wrote while a reader had the file open (%v)", err)
	default:
	}
	r.Close()
	if err := <-recorded; err != nil {
		t.Fatalf("record after the reader left: %v", err)
	}
	start := time.Now()
	if _, err := open(path, 300*time.Millisecond, testZone); !errors.Is(err, ErrLocked) || err.Error() != "database "+path+" is in use by another shuati" {
		t.Fatalf("second writer: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("second writer refused after %v", d)
	}
	if rep, err := check(path, time.Second); err != nil || !rep.OK() {
		t.Fatalf("check beside the writer: %v %v", rep.Problems, err)
	}

	// Readers in a loop while the writer records: each sees a consistent
	// state, never fewer answers than the one before.
	stop := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		last := 0
		for {
			select {
			case <-stop:
				errs <- nil
				return
			default:
			}
			r, err := openReadOnly(path, 5*time.Second, testZone)
			if err != nil {
				errs <- err
				return
			}
			st, err := r.Stats(t0, nil)
			r.Close()
			if err != nil {
				errs <- err
				return
			}
			sum := 0
			for _, ts := range st.ByType {
				sum += ts.Answered
			}
			if st.Reviews < last || sum != st.Reviews {
				errs <- fmt.Errorf("reader saw %d reviews (by type %d) after %d", st.Reviews, sum, last)
				return
			}
			last = st.Reviews
		}
	}()
	at := t0.Add(time.Hour)
	for i := range 60 {
		at = at.Add(time.Minute)
		mustRecord(t, w, ans(fmt.Sprintf("b/%d", i%9), at, i%3 != 0))
	}
	close(stop)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
}

// TestReaderBesideWriterProcess: the same across processes, with the
// writer in a helper process (TestLockHelperProcess) that recorded one
// answer.
func TestReaderBesideWriterProcess(t *testing.T) {
	if !canShare {
		t.Skip("readers wait for the writer to close on this system")
	}
	path := filepath.Join(t.TempDir(), "shuati.db")
	stop := holdInHelper(t, path)
	defer stop()
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("reader beside a writer process: %v", err)
	}
	if st, err := r.Stats(t0, nil); err != nil || st.Reviews != 1 {
		t.Fatalf("reader: %d reviews, %v", st.Reviews, err)
	}
	r.Close()
	if _, err := Open(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("writer beside a writer process: %v", err)
	}
}

// TestFirstOpensAtOnce (issue 14.6): four processes open a new path at
// once, 100 times: every one succeeds (or waits its turn), none takes the
// half-made file of another for damage.
func TestFirstOpensAtOnce(t *testing.T) {
	rounds := 100
	if testing.Short() {
		rounds = 10
	}
	dir := t.TempDir()
	failures := 0
	for round := range rounds {
		path := filepath.Join(dir, fmt.Sprintf("r%d", round), "shuati.db")
		outs := runHelpers(t, 4, "SHUATI_FIRST_OPEN", path)
		for _, out := range outs {
			if out != "ok" {
				failures++
				t.Errorf("round %d: %s", round, out)
			}
		}
		if failures > 5 {
			t.FailNow()
		}
		r, err := Check(path)
		if err != nil || !r.OK() || r.Reviews != 4 {
			t.Fatalf("round %d: %+v %v", round, r, err)
		}
	}
}

// TestFirstOpenHelperProcess is not a test: TestFirstOpensAtOnce runs the
// test binary with SHUATI_FIRST_OPEN=path to open the path, record an
// answer and close.
func TestFirstOpenHelperProcess(t *testing.T) {
	path := os.Getenv("SHUATI_FIRST_OPEN")
	if path == "" {
		t.Skip("helper for TestFirstOpensAtOnce")
	}
	s, err := open(path, 5*time.Second, time.UTC)
	if err == nil {
		_, err = s.RecordAnswer(Answer{Key: fmt.Sprintf("b/%d", os.Getpid()), Type: bank.Single, Mode: ModeReview, Rating: fsrs.Good, At: time.Now()}, Position{})
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Println(strings.ReplaceAll(err.Error(), "\n", " "))
	} else {
		fmt.Println("ok")
	}
	os.Exit(0)
}

// runHelpers starts n copies of the test binary at once, each running the
// helper test that env names with env=path, and returns what each printed.
func runHelpers(t *testing.T, n int, env, path string) []string {
	t.Helper()
	name := map[string]string{"SHUATI_FIRST_OPEN": "TestFirstOpenHelperProcess"}[env]
	cmds := make([]*exec.Cmd, n)
	outs := make([]*bytes.Buffer, n)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^"+name+"$")
		cmds[i].Env = append(os.Environ(), env+"="+path)
		outs[i] = &bytes.Buffer{}
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	res := make([]string, n)
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			res[i] = fmt.Sprintf("helper: %v: %s", err, outs[i])
			continue
		}
		res[i] = strings.TrimSpace(outs[i].String())
	}
	return res
}

// holdInHelper opens path for writing in another process (TestLockHelperProcess),
// which records one answer and keeps the database open until stop.
func holdInHelper(t *testing.T, path string) (stop func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "SHUATI_LOCK_HELPER="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		stdin.Close()
		_ = cmd.Wait()
		t.Fatalf("helper: %q %v", line, err)
	}
	return func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper: %v", err)
		}
	}
}

// TestPermissionDenied (issue 14.7): a file the user may only read opens
// read-only and is read; opening it to write says "permission denied",
// not damage; so does a file the user may not read at all, and a new file
// in a folder the user may not write. Run as root, the checks run in a
// helper process as nobody (uid 65534), where permission bits bind.
func TestPermissionDenied(t *testing.T) {
	base, err := os.MkdirTemp("", "shuati-perm-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	src, _ := historyPath(t, t.TempDir())
	valid := readFile(t, src)
	for name, mode := range map[string]os.FileMode{"readable.db": 0o444, "unreadable.db": 0o000} {
		if err := os.WriteFile(filepath.Join(base, name), valid, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(base, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(base, "closed"), 0o555); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, n := range []string{"readable.db", "unreadable.db"} {
		before[n] = readFile(t, filepath.Join(base, n))
	}
	var out string
	if os.Geteuid() == 0 {
		// The test binary, where nobody may run it.
		bin := filepath.Join(base, "store.test")
		if err := os.WriteFile(bin, readFile(t, os.Args[0]), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-test.run=^TestPermissionHelperProcess$")
		cmd.Dir = base
		cmd.Env = append(os.Environ(), "SHUATI_PERM_HELPER="+base)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("helper as nobody: %v\n%s", err, b)
		}
		out = string(b)
	} else {
		out = permissionChecks(base)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "ok ") {
			t.Error(line)
		}
	}
	t.Logf("checks:\n%s", out)
	for n, b := range before {
		if !bytes.Equal(readFile(t, filepath.Join(base, n)), b) {
			t.Errorf("%s changed", n)
		}
	}
}

// TestPermissionHelperProcess is not a test: TestPermissionDenied runs the
// test binary as nobody with SHUATI_PERM_HELPER=folder.
func TestPermissionHelperProcess(t *testing.T) {
	base := os.Getenv("SHUATI_PERM_HELPER")
	if base == "" {
		t.Skip("helper for TestPermissionDenied")
	}
	fmt.Print(permissionChecks(base))
	os.Exit(0)
}

// permissionChecks opens the files TestPermissionDenied made and says,
// one line each, "ok …" or what is wrong.
func permissionChecks(base string) string {
	var b strings.Builder
	say := func(ok bool, format string, args ...any) {
		if ok {
			b.WriteString("ok ")
		} else {
			b.WriteString("FAIL ")
		}
		fmt.Fprintf(&b, format+"\n", args...)
	}
	denied := func(err error, path string) bool {
		return errors.Is(err, ErrPermission) && errors.Is(err, os.ErrPermission) && !errors.Is(err, ErrDamaged) &&
			strings.Contains(err.Error(), "permission denied") && strings.Contains(err.Error(), path)
	}
	readable := filepath.Join(base, "readable.db")
	if s, err := OpenReadOnly(readable); err != nil {
		say(false, "read-only open of a readable file: %v", err)
	} else {
		st, err := s.Stats(t0, nil)
		say(err == nil && st.Reviews == 300, "stats of a readable file: %d reviews, %v", st.Reviews, err)
		err = s.Backup(filepath.Join(os.TempDir(), fmt.Sprintf("perm-%d.db", os.Getpid())))
		say(err == nil, "backup of a readable file: %v", err)
		_ = os.Remove(filepath.Join(os.TempDir(), fmt.Sprintf("perm-%d.db", os.Getpid())))
		s.Close()
	}
	_, err := Open(readable)
	say(denied(err, readable), "writing open of a readable file: %v", err)
	unreadable := filepath.Join(base, "unreadable.db")
	_, err = OpenReadOnly(unreadable)
	say(denied(err, unreadable), "read-only open of an unreadable file: %v", err)
	_, err = Open(unreadable)
	say(denied(err, unreadable), "writing open of an unreadable file: %v", err)
	_, err = Check(unreadable)
	say(denied(err, unreadable), "check of an unreadable file: %v", err)
	fresh := filepath.Join(base, "closed", "new.db")
	_, err = Open(fresh)
	say(denied(err, fresh), "new file in a closed folder: %v", err)
	_, err = OpenReadOnly(fresh)
	say(errors.Is(err, ErrNoDatabase), "reading a file that is not there: %v", err)
	return b.String()
}

// TestReadOnlyFileSystem (issue 14.7): on a read-only mount, reading works
// and writing says "read-only". Needs permission to mount a tmpfs.
func TestReadOnlyFileSystem(t *testing.T) {
	dir := mountTmpfs(t, "size=4m")
	src, _ := historyPath(t, t.TempDir())
	path := filepath.Join(dir, "ro.db")
	if err := os.WriteFile(path, readFile(t, src), 0o600); err != nil {
		t.Fatal(err)
	}
	remountTmpfs(t, dir, true, "")
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("read-only open on a read-only mount: %v", err)
	}
	if st, err := s.Stats(t0, nil); err != nil || st.Reviews != 300 {
		t.Fatalf("stats: %d %v", st.Reviews, err)
	}
	s.Close()
	if _, err := Open(path); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "database "+path+" is read-only") {
		t.Fatalf("writing open: %v", err)
	}
	if r, err := Check(path); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", r.Problems, err)
	}
}

// TestFullDiskFirstRun (issue 14.5): the very first run on a disk with
// room for less than bbolt's first pages leaves a stub; once there is
// room, the next run creates the database instead of calling it damaged.
func TestFullDiskFirstRun(t *testing.T) {
	dir := mountTmpfs(t, "size=8k")
	path := filepath.Join(dir, "shuati.db")
	if s, err := Open(path); err == nil {
		s.Close()
		t.Fatal("a database created in 8 KiB")
	} else if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), path) {
		t.Fatalf("first run on a full disk: %v", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the first run left %d bytes", st.Size())
	if _, err := OpenReadOnly(path); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("reading the stub: %v", err)
	}
	remountTmpfs(t, dir, false, "size=4m")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("second run with room: %v", err)
	}
	mustRecord(t, s, ans("b/1", t0, true))
	s.Close()
	if r, err := Check(path); err != nil || !r.OK() || r.Reviews != 1 {
		t.Fatalf("%+v %v", r, err)
	}
}

// TestCheckHealthyDatabases: Check finds nothing wrong with databases made
// the ordinary ways — a migrated schema-1 file, answers undone, clock
// jumps, a rebuild under other settings.
func TestCheckHealthyDatabases(t *testing.T) {
	dir := t.TempDir()
	v1 := filepath.Join(dir, "v1.db")
	if err := os.WriteFile(v1, readFile(t, v1Fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	openTest(t, v1).Close()

	path := filepath.Join(dir, "mixed.db")
	s := openTest(t, path)
	rng := rand.New(rand.NewPCG(5, 6))
	at := t0
	var receipts []Receipt
	for range 400 {
		at = at.Add(time.Duration(rng.IntN(5000)-1000) * time.Minute)
		a := ans(fmt.Sprintf("b/%d", rng.IntN(30)), at, rng.IntN(3) != 0)
		if rng.IntN(4) == 0 {
			a.Correct, a.Rating = nil, fsrs.Rating(1+rng.IntN(4))
		}
		receipts = append(receipts, mustRecord(t, s, a))
		if rng.IntN(10) == 0 {
			if err := s.Undo(receipts[len(receipts)-1]); err != nil {
				t.Fatal(err)
			}
			receipts = receipts[:len(receipts)-1]
		}
	}
	s.Close()
	for _, p := range []string{v1, path} {
		if r, err := Check(p); err != nil || !r.OK() {
			t.Fatalf("%s: %v %v", p, r.Problems, err)
		}
	}
	s = openTest(t, path)
	set := DefaultSettings()
	set.LearningSteps, set.DesiredRetention, set.MasteryCount = []string{"5m"}, 0.8, 4
	if err := s.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if r, err := Check(path); err != nil || !r.OK() {
		t.Fatalf("after a rebuild under other settings: %v %v", r.Problems, err)
	}
}

// TestCloseWhileWriteWaits (issue 14.8): a write waiting for a reader to
// let go has not saved anything yet (its answer was never shown as saved):
// Close does not wait for it, the write fails, and nothing is half done.
func TestCloseWhileWriteWaits(t *testing.T) {
	if !canShare {
		t.Skip("readers wait for the writer to close on this system")
	}
	path := filepath.Join(t.TempDir(), "w.db")
	w := openTest(t, path)
	mustRecord(t, w, ans("b/0", t0, true))
	w.db.writeWait = time.Hour
	r, err := openReadOnly(path, time.Second, testZone)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	recorded := make(chan error, 1)
	go func() { _, err := w.RecordAnswer(ans("b/1", t0.Add(time.Minute), true), Position{}); recorded <- err }()
	time.Sleep(100 * time.Millisecond) // the write is waiting for the reader
	closed := make(chan error, 1)
	go func() { closed <- w.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("close: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close waits for a write that waits for a reader")
	}
	if err := <-recorded; err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("the waiting write: %v; want an error naming the file", err)
	}
	if st, err := r.Stats(t0, nil); err != nil || st.Reviews != 1 {
		t.Fatalf("after: %d reviews, %v", st.Reviews, err)
	}
}

// TestPageCycle: a damaged page pointer that makes a bucket's pages a
// cycle (a branch pointing at itself) sends bbolt round for ever — its
// Bucket.Stats overflows the stack, which nothing recovers from. Check
// and Rebuild walk the pages themselves first: Check reports the cycle, a
// rebuild repairs it in a derived bucket and refuses in the log.
func TestPageCycle(t *testing.T) {
	src, _ := historyPath(t, t.TempDir())
	valid := readFile(t, src)
	cyclic := func(bucket []byte) []byte {
		db, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var root int
		_ = db.View(func(tx *bolt.Tx) error {
			root = int(tx.Bucket(bucket).RootPage())
			return nil
		})
		b := bytes.Clone(valid)
		page := b[root*4096:]
		if binary.LittleEndian.Uint16(page[8:]) != branchPageFlag {
			t.Fatalf("bucket %s has no branch page at its root", bucket)
		}
		binary.LittleEndian.PutUint64(page[pageHeaderSize+8:], uint64(root)) // first child: itself
		return b
	}
	for _, c := range []struct {
		bucket  []byte
		derived bool
	}{{bLogIdx, true}, {bLog, false}} {
		path := filepath.Join(t.TempDir(), "cycle.db")
		content := cyclic(c.bucket)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Check(path)
		if err != nil || r.OK() || !strings.Contains(r.Problems[0].Detail, "reached twice") || r.RebuildRepairs() != c.derived {
			t.Fatalf("%s: check: %+v %v", c.bucket, r, err)
		}
		_, err = RebuildFile(path, RebuildOptions{Now: t0})
		switch {
		case c.derived && err != nil:
			t.Fatalf("%s: rebuild: %v", c.bucket, err)
		case c.derived:
			if r, err := Check(path); err != nil || !r.OK() || r.Reviews != 300 {
				t.Fatalf("after rebuild: %+v %v", r, err)
			}
		case !errors.Is(err, ErrDamaged) || !bytes.Equal(readFile(t, path), content):
			t.Fatalf("%s: rebuild: %v; want ErrDamaged and the file as it was", c.bucket, err)
		}
	}
}

// TestRebuildBesideOtherCalls: Rebuild replaces the file while other
// goroutines record, read and save settings (which take the settings lock
// and then the write lock): every call ends, nothing is lost.
func TestRebuildBesideOtherCalls(t *testing.T) {
	s := newTestStore(t)
	s.db.db.NoSync = true
	for i := range 50 {
		mustRecord(t, s, ans(fmt.Sprintf("b/%d", i%7), t0.Add(time.Duration(i)*time.Hour), i%2 == 0))
	}
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		at := t0.Add(100 * time.Hour)
		n := 0
		for {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			set := DefaultSettings()
			set.NewPerDay = 10 + n%5
			if err := s.SaveSettings(set); err != nil {
				done <- err
				return
			}
			at = at.Add(time.Minute)
			if _, err := s.RecordAnswer(ans("b/x", at, true), Position{}); err != nil {
				done <- err
				return
			}
			if _, err := s.Stats(at, nil); err != nil {
				done <- err
				return
			}
			n++
		}
	}()
	for range 3 {
		if _, err := s.RebuildWith(RebuildOptions{Now: t0}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if r, err := check(s.Path(), time.Second); err != nil || !r.OK() {
		t.Fatalf("%v %v", r.Problems, err)
	}
}
