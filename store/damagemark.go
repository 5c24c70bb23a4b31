package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// The damage mark: "<file>.damaged" beside the database, written by any
// shuati (a reading command included) that finds the file damaged, so that
// every later writer, in whatever process, refuses it. It is never written
// inside the damaged file. It names the file it was written for by a
// fingerprint (its size, its modification time and its two meta pages,
// which stay as they are while nothing writes the file): a file put in
// its place (a restored backup, a rebuilt file) is not the damaged one,
// and the mark is then dropped by the next writer. `shuati check` drops it once it finds the
// file sound, and a rebuild once the new file is in place.
//
// A writer's open also walks the pages of a file that changed since the
// last writer closed it (verified.go); the mark is what keeps writers off
// damage only a reader's use of the file found (a value that cannot be
// read, an index that disagrees with the log). It costs one stat per open
// and per write.

// damageMarkSuffix is appended to the database path to name its mark.
const damageMarkSuffix = ".damaged"

// damageMark is what the mark file holds.
type damageMark struct {
	Found       time.Time `json:"found"`
	Damage      string    `json:"damage"`
	Fingerprint string    `json:"fingerprint"`
}

// DamageMarkPath is the mark beside the database at path.
func DamageMarkPath(path string) string { return path + damageMarkSuffix }

// fingerprint names the file's present state: its size, its modification
// time and a hash of its meta pages (two pages of the size its header
// gives, else 4096 bytes). A backup copied back in place has the meta
// pages of the damaged file when nothing was written between the backup
// and the damage, but not its modification time.
func fingerprint(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	pageSize := int64(4096)
	if m, kind, _ := readMeta(f); kind == fileIntact {
		pageSize = int64(m.pageSize)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, 2*pageSize)); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d:%d:%s", st.Size(), st.ModTime().UnixNano(), hex.EncodeToString(h.Sum(nil))), nil
}

// markDamaged writes the mark for the file at path, found damaged with
// cause, unless one is there already. It is a best effort: a folder the
// user may not write keeps no mark (each shuati then finds the damage
// itself where it reads it).
func markDamaged(path string, cause error) {
	if _, err := os.Lstat(DamageMarkPath(path)); err == nil {
		return
	}
	fp, err := fingerprint(path)
	if err != nil {
		return
	}
	data, err := json.Marshal(damageMark{Found: time.Now(), Damage: rootCause(cause), Fingerprint: fp})
	if err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".damaged-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	if cerr := tmp.Close(); werr != nil || serr != nil || cerr != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	// A link, not a rename: a mark already there is kept as it is.
	_ = os.Link(tmp.Name(), DamageMarkPath(path))
	_ = os.Remove(tmp.Name())
	syncDir(filepath.Dir(path))
}

// clearDamageMark removes the mark of the file at path: it was found sound,
// or replaced.
func clearDamageMark(path string) {
	if err := os.Remove(DamageMarkPath(path)); err == nil {
		syncDir(filepath.Dir(path))
	}
}

// markedDamaged is the error a writer gets when the file at path carries a
// damage mark that names it; nil when there is none. With dropStale, a mark
// naming another file (the damaged one was replaced) is removed.
func markedDamaged(path string, dropStale bool) error {
	data, err := os.ReadFile(DamageMarkPath(path))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var m damageMark
	if err == nil && json.Unmarshal(data, &m) == nil && m.Fingerprint != "" {
		fp, ferr := fingerprint(path)
		if errors.Is(ferr, os.ErrNotExist) || ferr == nil && fp != m.Fingerprint {
			if dropStale {
				clearDamageMark(path)
			}
			return nil
		}
	}
	// A mark that cannot be read counts as one: writing stops until check
	// finds the file sound.
	what := "a shuati found it damaged"
	if !m.Found.IsZero() {
		what = fmt.Sprintf("a shuati found it damaged on %s", m.Found.Local().Format("2006-01-02 15:04"))
	}
	if m.Damage != "" {
		what += ": " + m.Damage
	}
	return &openError{
		msg:      fmt.Sprintf("database %s is damaged (%s; see %s); nothing is written to it until `shuati check` finds it sound", path, what, DamageMarkPath(path)),
		sentinel: ErrDamaged, advice: true,
	}
}
