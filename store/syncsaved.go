package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// The sync folder the learner chose is remembered by this database alone
// (each machine mounts the folder where it likes: it is never an event),
// under "folder" in the sync state's meta bucket. The TUI syncs with it
// when it starts and when it quits; `shuati sync` without a folder uses it.

var kFolder = []byte("folder")

// Errors SetSyncFolder gives for a folder it will not save (besides the
// file system's own), each wrapped with the folder's name.
var (
	ErrNotADirectory    = errors.New("not a directory")
	ErrDatabaseInFolder = errors.New("the database is inside the sync folder")
)

// SyncFolder returns the saved sync folder, or "" if there is none.
func (s *Store) SyncFolder() (string, error) {
	var dir string
	err := s.db.View(func(tx *bolt.Tx) error {
		if root := tx.Bucket(bSync); root != nil {
			if meta := root.Bucket(bsMeta); meta != nil {
				dir = string(meta.Get(kFolder))
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("sync folder: %w", err)
	}
	return dir, nil
}

// SetSyncFolder remembers dir as the sync folder, in one transaction, and
// returns it as saved (absolute). dir must be an existing directory that
// does not hold the database.
func (s *Store) SetSyncFolder(dir string) (string, error) {
	abs, err := s.usableFolder(dir)
	if err != nil {
		return "", err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		sb, _, err := syncBucketsOf(tx, true)
		if err != nil {
			return err
		}
		return sb.meta.Put(kFolder, []byte(abs))
	})
	if err != nil {
		return "", fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return abs, nil
}

// ForgetSyncFolder forgets the saved sync folder, in one transaction (the
// folder and this database's sync state stay as they are).
func (s *Store) ForgetSyncFolder() error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(bSync)
		if root == nil || root.Bucket(bsMeta) == nil {
			return nil
		}
		return root.Bucket(bsMeta).Delete(kFolder)
	})
	if err != nil {
		return fmt.Errorf("sync folder: %w", err)
	}
	return nil
}

// usableFolder checks that dir is an existing directory outside which the
// database lives, and returns it absolute.
func (s *Store) usableFolder(dir string) (string, error) {
	if dir == "" {
		return "", fmt.Errorf("%w: empty folder name", ErrSyncFolder)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrSyncFolder, dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrSyncFolder, err)
	}
	if !fi.IsDir() {
		return "", &folderError{ErrNotADirectory, fmt.Sprintf("%v: %s is not a directory", ErrSyncFolder, dir)}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrSyncFolder, err)
	}
	if inside(real, s.abs) {
		return "", s.inFolderErr(dir)
	}
	return abs, nil
}

func (s *Store) inFolderErr(dir string) error {
	return &folderError{ErrDatabaseInFolder, fmt.Sprintf("%v: the database %s is inside the sync folder %s; keep it outside (a sync engine would copy the live file)",
		ErrSyncFolder, s.path, dir)}
}

// folderError is an ErrSyncFolder of a kind (ErrNotADirectory,
// ErrDatabaseInFolder) with its whole message.
type folderError struct {
	kind error
	msg  string
}

func (e *folderError) Error() string        { return e.msg }
func (e *folderError) Is(target error) bool { return target == ErrSyncFolder || target == e.kind }
