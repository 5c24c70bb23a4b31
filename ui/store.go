package ui

import (
	"time"

	"github.com/shuati/shuati/store"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/optimize"
)

// Store is what the UI needs from the store; *store.Store satisfies it and
// tests use a small in-memory fake. Every call is made inside a tea.Cmd,
// and every user action is one call (one transaction): answering
// (RecordAnswer), handing in or self-grading an exam (HandInExam), undo,
// star, settings, keeping or dropping the exam paper in progress, saving
// or forgetting the sync folder. Sync runs in the background (autosync.go)
// while the learner answers; the store serialises them.
type Store interface {
	RecordAnswer(a store.Answer, p store.Position) (store.Receipt, error)
	Undo(r store.Receipt) error
	Card(key string) (fsrs.Card, bool, error)
	Preview(key string, now time.Time) ([4]fsrs.Card, error)
	DueQueue(now time.Time, keys []string, newLimit int) (store.Queue, error)
	Mistakes(f store.MistakeFilter) ([]store.Mistake, error)
	Stars() (map[string]bool, error)
	SetStar(key string, on bool) error
	Settings() (store.Settings, error)
	Progress(scope string) (int, error)
	SetProgress(scope string, pos int) error
	Stats(now time.Time, keys []string) (store.Stats, error)
	// exam, browse, settings screens
	History(key string) ([]store.LogEntry, error)
	Retrievability(key string, now time.Time) (float64, error)
	Exams() ([]store.ExamRecord, error)
	HandInExam(e store.ExamRecord, answers []store.Answer) error
	SaveSettings(s store.Settings) error
	// the learner's own edits: notes, the mistake book by hand
	SetNote(key, note string) error
	Notes() (map[string]string, error)
	MasterMistake(key string, at time.Time) error
	RemoveMistakes(keys []string, at time.Time) error
	// the memory model: the exam forecast and fitting the weights
	Scheduler() *fsrs.Scheduler
	CardStates(keys []string) (map[string]fsrs.Card, error)
	Weights() store.Weights
	ReviewLog() ([]optimize.Review, error)
	FitOptions() optimize.Options
	ApplyWeights(f store.Fit) error
	ResetWeights(at time.Time) error
	// the exam paper in progress (exampaper.go, examresume.go)
	SavePaper(p store.ExamPaper) error
	Paper() (store.ExamPaper, bool, error)
	DiscardPaper(id string) error
	// sync with the saved folder (autosync.go, settingssync.go)
	SyncFolder() (string, error)
	SetSyncFolder(dir string) (string, error)
	ForgetSyncFolder() error
	Sync(dir string, opt store.SyncOptions) (store.SyncReport, error)
}

var _ Store = (*store.Store)(nil)
