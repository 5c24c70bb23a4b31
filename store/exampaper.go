package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A mock exam being answered is kept as it is answered, so that one left
// for later, or cut short by a closed terminal or a killed program, can be
// resumed. It lives in its own bucket, created by the first save:
//
//	paper  "paper" → ExamPaper (JSON)
//
// There is one paper in progress at most: starting another replaces it.
// Handing the exam in (HandInExam) removes it in the same transaction.
var (
	bPaper = []byte("paper")
	kPaper = []byte("paper")
)

// ErrHandedIn is returned by SavePaper for a paper whose exam was already
// handed in: it is not saved again.
var ErrHandedIn = errors.New("the exam was already handed in")

// ExamPaper is a mock exam in progress: the questions drawn, in order, the
// answers so far and the time left.
type ExamPaper struct {
	ID      string    `json:"id"`
	Started time.Time `json:"started"`
	Saved   time.Time `json:"saved"`
	// Left is the time left on the clock when saved; the clock stops
	// while the paper waits to be resumed.
	Left          time.Duration   `json:"left"`
	Minutes       int             `json:"minutes"` // the time limit
	Bank          string          `json:"bank"`    // as ExamRecord.Bank: bank names joined by ","; "" all
	PartialCredit float64         `json:"partial_credit"`
	Current       int             `json:"current"` // the question on screen
	Questions     []PaperQuestion `json:"questions"`
	// Predicted: the set-up predicted the paper's score (each question's
	// Recall), to be kept with the exam record when it is handed in.
	Predicted bool `json:"predicted,omitempty"`
}

// PaperQuestion is one question of a paper in progress.
type PaperQuestion struct {
	Key     string        `json:"key"`
	Points  float64       `json:"points"`
	Given   string        `json:"given,omitempty"` // as ExamAnswer.Given: "" not answered
	Flagged bool          `json:"flagged,omitempty"`
	Took    time.Duration `json:"took,omitempty"`
	// Order is the order the options are shown in (display position →
	// option index), when they were shuffled.
	Order []int `json:"order,omitempty"`
	// Recall is the question's predicted recall when the paper was drawn
	// (as ExamAnswer.Recall); nil for a question never answered before.
	Recall *float64 `json:"recall,omitempty"`
}

// Answered counts the questions with an answer.
func (p *ExamPaper) Answered() int {
	n := 0
	for _, q := range p.Questions {
		if q.Given != "" {
			n++
		}
	}
	return n
}

// maxPaperMinutes bounds a paper's time limit (ten hours is what the exam
// set-up offers; a day leaves room).
const maxPaperMinutes = 24 * 60

// checkPaper reports what is wrong with a paper, or nil.
func checkPaper(p *ExamPaper) error {
	switch {
	case p.ID == "":
		return errors.New("no exam ID")
	case p.Started.IsZero():
		return errors.New("no start time")
	case p.Minutes < 1 || p.Minutes > maxPaperMinutes:
		return fmt.Errorf("time limit %d minutes: want 1 to %d", p.Minutes, maxPaperMinutes)
	case p.Left < 0 || p.Left > time.Duration(p.Minutes)*time.Minute:
		return fmt.Errorf("time left %v: want 0 to the limit of %d minutes", p.Left, p.Minutes)
	case !(p.PartialCredit >= 0 && p.PartialCredit <= 1):
		return fmt.Errorf("partial credit %v: want 0 to 1", p.PartialCredit)
	case len(p.Questions) == 0:
		return errors.New("no questions")
	case p.Current < 0 || p.Current >= len(p.Questions):
		return fmt.Errorf("current question %d of %d", p.Current, len(p.Questions))
	}
	seen := map[string]bool{}
	for i, q := range p.Questions {
		switch {
		case q.Key == "":
			return fmt.Errorf("question %d: no key", i+1)
		case seen[q.Key]:
			return fmt.Errorf("question %d: %s is drawn twice", i+1, q.Key)
		case !(q.Points >= 0) || math.IsInf(q.Points, 0):
			return fmt.Errorf("question %d (%s): points %v", i+1, q.Key, q.Points)
		case q.Took < 0:
			return fmt.Errorf("question %d (%s): time taken %v", i+1, q.Key, q.Took)
		case q.Recall != nil && !(*q.Recall >= 0 && *q.Recall <= 1):
			return fmt.Errorf("question %d (%s): predicted recall %v: want 0 to 1", i+1, q.Key, *q.Recall)
		case q.Recall != nil && !p.Predicted:
			return fmt.Errorf("question %d (%s): a predicted recall on a paper without a prediction", i+1, q.Key)
		}
		seen[q.Key] = true
		if q.Order != nil && !isPermutation(q.Order) {
			return fmt.Errorf("question %d (%s): option order %v is not an order of its options", i+1, q.Key, q.Order)
		}
	}
	return nil
}

// isPermutation reports whether order holds 0 to len(order)-1, once each.
func isPermutation(order []int) bool {
	seen := make([]bool, len(order))
	for _, i := range order {
		if i < 0 || i >= len(order) || seen[i] {
			return false
		}
		seen[i] = true
	}
	return true
}

// decodePaper reads a stored paper and checks it.
func decodePaper(v []byte) (ExamPaper, error) {
	var p ExamPaper
	dec := json.NewDecoder(bytes.NewReader(v))
	if err := dec.Decode(&p); err != nil {
		return ExamPaper{}, err
	}
	if dec.More() {
		return ExamPaper{}, errors.New("data after the paper")
	}
	if err := checkPaper(&p); err != nil {
		return ExamPaper{}, err
	}
	return p, nil
}

// SavePaper keeps the paper in progress, replacing the one kept before, in
// one write transaction. A paper whose exam was handed in is not saved
// (ErrHandedIn): a save that comes late cannot bring it back.
func (s *Store) SavePaper(p ExamPaper) error {
	if err := checkPaper(&p); err != nil {
		return fmt.Errorf("save exam paper: %w", err)
	}
	v, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("save exam paper %s: %w", p.ID, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bExams).Get(examKey(ExamRecord{ID: p.ID, Started: p.Started})) != nil {
			return ErrHandedIn
		}
		b, err := tx.CreateBucketIfNotExists(bPaper)
		if err != nil {
			return err
		}
		if err := b.Put(kPaper, v); err != nil {
			return err
		}
		return s.hook("paper")
	})
	if err != nil {
		return fmt.Errorf("save exam paper %s: %w", p.ID, err)
	}
	return nil
}

// Paper returns the paper in progress; ok is false when there is none.
func (s *Store) Paper() (p ExamPaper, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPaper)
		if b == nil {
			return nil
		}
		v := b.Get(kPaper)
		if v == nil {
			return nil
		}
		p, err = decodePaper(v)
		ok = err == nil
		return err
	})
	if err != nil {
		return ExamPaper{}, false, fmt.Errorf("exam paper in progress in %s: %w", s.path, err)
	}
	return p, ok, nil
}

// DiscardPaper removes the paper in progress if it is exam id's (a paper
// kept since, of another exam, stays), in one write transaction.
func (s *Store) DiscardPaper(id string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := dropPaper(tx, id); err != nil {
			return err
		}
		return s.hook("paper")
	})
	if err != nil {
		return fmt.Errorf("discard exam paper %s: %w", id, err)
	}
	return nil
}

// dropPaper deletes the paper in progress if it is exam id's. A paper that
// cannot be read is deleted too: it could never be resumed.
func dropPaper(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bPaper)
	if b == nil {
		return nil
	}
	v := b.Get(kPaper)
	if v == nil {
		return nil
	}
	if p, err := decodePaper(v); err == nil && p.ID != id {
		return nil
	}
	return b.Delete(kPaper)
}
