package store

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestOpenCreatesFolderAndFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "shuati.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("folder: %v %v", st.Mode(), err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("file: %v %v", st.Mode(), err)
	}
	got := dump(t, s)
	for _, b := range allBuckets {
		if !strings.Contains(got, "["+string(b)+"]") {
			t.Errorf("bucket %s missing", b)
		}
	}
	if !strings.Contains(got, `"schema" = "3"`) {
		t.Errorf("schema version not written:\n%s", got)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q", s.Path())
	}
}

func TestReopenDoesNotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	s := openTest(t, path)
	mustRecord(t, s, ans("b/1", t0, false))
	s.Close()
	before := fileSum(t, path)
	s = openTest(t, path)
	s.Close()
	if fileSum(t, path) != before {
		t.Fatal("opening an intact database wrote to it")
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/xdg/data")
	if p, _ := DefaultPath(); p != "/xdg/data/shuati/shuati.db" {
		t.Errorf("with XDG_DATA_HOME: %s", p)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultPath(); p != "/home/u/.local/share/shuati/shuati.db" {
		t.Errorf("without XDG_DATA_HOME: %s", p)
	}
	t.Setenv("SHUATI_DB", "/env.db")
	if p, _ := ResolvePath("/flag.db"); p != "/flag.db" {
		t.Errorf("flag: %s", p)
	}
	if p, _ := ResolvePath(""); p != "/env.db" {
		t.Errorf("env: %s", p)
	}
}

// bbolt locks with flock(2), which conflicts between two open file
// descriptions of one process on Linux, so a second Open in the same
// process sees the lock exactly as a second shuati would.
func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	s2, err := Open(path)
	took := time.Since(start)
	if err == nil {
		s2.Close()
		t.Fatal("second Open succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
	if want := "database " + path + " is in use by another shuati"; err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}
	if took > 1500*time.Millisecond {
		t.Fatalf("lock error took %v", took)
	}
	// The failed attempt must not have released the first holder's lock.
	if s3, err := open(path, 50*time.Millisecond, testZone); !errors.Is(err, ErrLocked) {
		if s3 != nil {
			s3.Close()
		}
		t.Fatalf("third Open: %v", err)
	}
	if _, err := s.RecordAnswer(ans("b/1", t0, true), Position{}); err != nil {
		t.Fatalf("first store unusable after the failed opens: %v", err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s.Close()
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// validDB builds a real shuati database with some history and returns its bytes.
func validDB(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "valid.db")
	s := openTest(t, path)
	for i := range 300 {
		mustRecord(t, s, ans("bank/"+strings.Repeat("x", i%40), t0.Add(time.Duration(i)*time.Hour), i%3 == 0))
	}
	s.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenDamagedLeavesFileUntouched(t *testing.T) {
	valid := validDB(t)
	rng := rand.New(rand.NewPCG(7, 7))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	flipMetas := append([]byte(nil), valid...)
	flipMetas[16+20] ^= 0xFF      // meta 0, inside the checksummed bytes
	flipMetas[4096+16+20] ^= 0xFF // meta 1
	foreign := foreignBolt(t)

	cases := map[string][]byte{
		"random bytes":       random,
		"text file":          []byte(strings.Repeat("这不是数据库 this is not a database\n", 500)),
		"one byte":           {1},
		"truncated to 4 KiB": valid[:4096],
		"truncated to 8 KiB": valid[:8192],
		"truncated to half":  valid[:len(valid)/2],
		"both metas damaged": flipMetas,
		"foreign bbolt file": foreign,
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shuati.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileSum(t, path)
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("got %v, want ErrDamaged", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the file", err)
			}
			if fileSum(t, path) != before {
				t.Fatal("the damaged file was changed")
			}
			st, _ := os.Stat(path)
			if st.Size() != int64(len(content)) {
				t.Fatalf("size changed to %d", st.Size())
			}
		})
	}
	// The intact original opens.
	path := filepath.Join(t.TempDir(), "ok.db")
	if err := os.WriteFile(path, valid, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openTest(t, path)
	if h, err := s.History("bank/"); err != nil || len(h) == 0 {
		t.Fatalf("intact copy: %d entries, %v", len(h), err)
	}
	s.Close()
}

// foreignBolt is a valid bbolt file some other program wrote.
func foreignBolt(t *testing.T) []byte {
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, _ := os.ReadFile(path)
	return b
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
	s := openTest(t, path)
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, []byte("99")) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := fileSum(t, path)
	if _, err := Open(path); !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), path) {
		t.Fatalf("got %v, want ErrNewer naming the file", err)
	}
	if fileSum(t, path) != before {
		t.Fatal("file changed")
	}
}

func TestOpenUnwritable(t *testing.T) {
	// A folder that cannot be created (its parent is a file): works as root too.
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(filepath.Join(blocker, "sub", "shuati.db"))
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "cannot create database folder "+filepath.Join(blocker, "sub")) {
		t.Fatalf("got %v", err)
	}
	// A path that is a folder.
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), dir+" is a folder") {
		t.Fatalf("folder as database: %v", err)
	}

	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not stop writes")
	}
	path := filepath.Join(dir, "ro.db")
	s := openTest(t, path)
	s.Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); !errors.Is(err, ErrPermission) || !strings.Contains(err.Error(), "database "+path+": permission denied") {
		t.Fatalf("read-only file: %v", err)
	}
	rodir := filepath.Join(dir, "ro")
	if err := os.Mkdir(rodir, 0o500); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(rodir, "x.db")); !errors.Is(err, ErrPermission) || !strings.Contains(err.Error(), filepath.Join(rodir, "x.db")) {
		t.Fatalf("read-only folder: %v", err)
	}
}

func TestBackup(t *testing.T) {
	s := newTestStore(t)
	for i := range 50 {
		mustRecord(t, s, ans("b/"+strings.Repeat("y", i%7), t0.Add(time.Duration(i)*time.Hour), i%2 == 0))
	}
	if err := s.SetStar("b/y", true); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(dst); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dst); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", st.Mode(), err)
	}
	b, err := openReadOnly(dst, time.Second, testZone)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got, want := dump(t, b), dump(t, s); got != want {
		t.Fatalf("backup differs: %s", firstDiff(want, got))
	}
	if err := s.Backup(s.Path()); err == nil {
		t.Fatal("backup onto the database itself succeeded")
	}
	// Only the backup itself is left in its folder.
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Fatalf("leftover files: %v", entries)
	}
}

// TestLockHelperProcess is not a test: TestOpenLockedByOtherProcess runs the
// test binary with SHUATI_LOCK_HELPER=path to hold the database open in a
// second process, with one answer recorded, until its stdin closes.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv("SHUATI_LOCK_HELPER")
	if path == "" {
		t.Skip("helper for TestOpenLockedByOtherProcess")
	}
	s, err := Open(path)
	if err == nil {
		_, err = s.RecordAnswer(ans("b/helper", t0, true), Position{})
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	_, _ = io.ReadAll(os.Stdin)
	s.Close()
	os.Exit(0)
}

func TestOpenLockedByOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shuati.db")
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
	defer func() {
		stdin.Close()
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper: %q %v", line, err)
	}
	start := time.Now()
	s, err := Open(path)
	took := time.Since(start)
	if err == nil {
		s.Close()
		t.Fatal("Open succeeded while another process holds the database")
	}
	if !errors.Is(err, ErrLocked) || err.Error() != "database "+path+" is in use by another shuati" {
		t.Fatalf("got %v", err)
	}
	if took > 1500*time.Millisecond {
		t.Fatalf("lock error took %v", took)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatalf("Open after the other process quit: %v", err)
	}
	s.Close()
}
