package store

import (
	"fmt"
	"time"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
	"github.com/shuati/shuati/store/fsrs/forecast"
)

// Modes an answer can be given in (Answer.Mode, LogEntry.Mode).
const (
	ModeReview   = "review"
	ModePractice = "practice"
	ModeExam     = "exam"
	ModeMistakes = "mistakes"
)

func validMode(m string) bool {
	switch m {
	case ModeReview, ModePractice, ModeExam, ModeMistakes:
		return true
	}
	return false
}

// Answer is one answer to record.
type Answer struct {
	Key     string    // question key, bank.Question.Key() ("bank/id")
	Type    bank.Type // the question's type
	Section string    // the question's section
	Mode    string    // review | practice | exam | mistakes
	Given   string    // what the learner answered ("" if nothing typed)
	Correct *bool     // nil for self-graded questions
	Rating  fsrs.Rating
	Took    time.Duration
	At      time.Time
}

// wrong reports whether the answer counts as wrong for the mistake book and
// the accuracy figures: a graded answer that is not correct, or a
// self-graded one rated Again.
func (e *LogEntry) wrong() bool {
	if e.Correct != nil {
		return !*e.Correct
	}
	return e.Rating == fsrs.Again
}

// LogEntry is one line of the review log: an answer as it was recorded.
type LogEntry struct {
	Key         string        `json:"key"`
	At          time.Time     `json:"at"`
	Mode        string        `json:"mode"`
	Given       string        `json:"given"`
	Correct     *bool         `json:"correct"`
	Rating      fsrs.Rating   `json:"rating"`
	Took        time.Duration `json:"took"`
	Type        bank.Type     `json:"type"`
	Section     string        `json:"section"`
	StateBefore fsrs.State    `json:"state_before"`
}

// Mistake is one entry of the wrong-answer book. An open mistake, the one
// figure home, stats, the mistake book and its drill all count, is an
// entry not mastered whose question a bank in scope holds (the keys passed
// to Stats, MistakeFilter.Keys); entries of questions no bank holds any
// more (an edited bank re-imported) are listed apart (MistakeFilter.Gone).
type Mistake struct {
	Key         string    `json:"key"`
	Type        bank.Type `json:"type"`
	Section     string    `json:"section"`
	TimesWrong  int       `json:"times_wrong"`
	LastWrong   string    `json:"last_wrong"`
	LastWrongAt time.Time `json:"last_wrong_at"`
	Consecutive int       `json:"consecutive"` // correct answers in a row since the last wrong one
	Mastered    bool      `json:"mastered"`
	MasteredAt  time.Time `json:"mastered_at,omitzero"`
	Reopened    int       `json:"reopened"` // times a mastered entry was answered wrong again
}

// MistakeFilter selects entries of the mistake book; zero fields match all.
type MistakeFilter struct {
	Open    bool // only entries not mastered
	Bank    string
	Type    bank.Type
	Section string
	// Keys, when not nil, is the scope (every question the banks hold):
	// only entries of these questions match, or with Gone only the others.
	Keys []string
	Gone bool
}

// Queue is what a review session shows, as question keys in showing order.
type Queue struct {
	Due      []string // review cards due by now, most overdue first
	Learning []string // learning and relearning cards due by now, earliest first
	New      []string // unseen questions in bank order, up to what is left of today's new limit
	// NextLearning is when the next learning card in scope that is not yet
	// due becomes due (zero if none), so a session can wait for it.
	NextLearning time.Time
	// NewLeft is what was left of today's new limit before this queue.
	NewLeft int
}

// ExamTypeScore is one question type's result in an exam.
type ExamTypeScore struct {
	Count   int     `json:"count"`
	Correct int     `json:"correct"`
	Score   float64 `json:"score"`
	Total   float64 `json:"total"`
}

// ExamAnswer is one question of an exam as answered.
type ExamAnswer struct {
	Key     string  `json:"key"`
	Given   string  `json:"given"`
	Correct *bool   `json:"correct"`
	Points  float64 `json:"points"`
	// Recall is the question's predicted recall when the paper was drawn;
	// nil for a question never answered before (not predicted). Worth is
	// what the question was worth.
	Recall *float64 `json:"recall,omitempty"`
	Worth  float64  `json:"worth,omitempty"`
}

// ExamRecord is one finished mock exam.
type ExamRecord struct {
	ID       string                      `json:"id"`
	Started  time.Time                   `json:"started"`
	Finished time.Time                   `json:"finished"`
	Bank     string                      `json:"bank"`
	Score    float64                     `json:"score"`
	Total    float64                     `json:"total"`
	ByType   map[bank.Type]ExamTypeScore `json:"by_type"`
	Answers  []ExamAnswer                `json:"answers"`
	// Forecast is the paper's predicted score when it was drawn; nil for
	// exams from before forecasts.
	Forecast *ExamForecast `json:"forecast,omitempty"`

	// Used is the time on the clock (zero in records from before it was
	// kept: Finished - Started); a paper resumed later was not on the
	// clock while it waited.
	Used time.Duration `json:"used,omitempty"`
}

// ExamForecast is a paper's predicted score: Expected points out of the
// SeenPoints its questions answered before are worth; the Unseen questions
// (worth UnseenPoints) are not predicted.
type ExamForecast struct {
	Expected     float64 `json:"expected"`
	SeenPoints   float64 `json:"seen_points"`
	UnseenPoints float64 `json:"unseen_points"`
	Seen         int     `json:"seen"`
	Unseen       int     `json:"unseen"`
}

// Predicted compares the forecast with the score over the questions that
// were predicted (those with a Recall) and have a verdict: the points
// predicted, the points scored, what they were worth, and how many.
func (r ExamRecord) Predicted() (predicted, actual, worth float64, n int) {
	for _, a := range r.Answers {
		if a.Recall == nil || a.Correct == nil {
			continue
		}
		n++
		predicted += *a.Recall * a.Worth
		actual += a.Points
		worth += a.Worth
	}
	return predicted, actual, worth, n
}

// Settings are the learner's preferences, kept in the database.
type Settings struct {
	NewPerDay        int      `json:"new_per_day"`       // daily limit of new questions in review
	DesiredRetention float64  `json:"desired_retention"` // FSRS request retention, in (0, 1)
	MasteryCount     int      `json:"mastery_count"`     // consecutive correct answers that master a mistake
	Lang             string   `json:"lang"`              // "zh", "en" or "" (from the environment)
	ShuffleOptions   bool     `json:"shuffle_options"`
	LearningSteps    []string `json:"learning_steps"`   // e.g. ["1m","10m"]
	RelearningSteps  []string `json:"relearning_steps"` // e.g. ["10m"]
	// ExamDate is the day of the exam the forecast is for ("2006-01-02",
	// local); "" for none. ExamDates gives a bank its own day.
	ExamDate  string            `json:"exam_date,omitempty"`
	ExamDates map[string]string `json:"exam_dates,omitempty"`
	// TargetExam makes review put first the questions with the lowest
	// predicted recall on the exam date.
	TargetExam bool `json:"target_exam,omitempty"`
	// Interleave: a review brings new cards in with banks and types
	// taking turns, instead of in bank order.
	Interleave bool `json:"interleave"`
	// LastPractice is the practice set-up's last selection (nil: none).
	LastPractice *PracticeChoice `json:"last_practice,omitempty"`
	// ExamPartialCredit is the share of a multiple choice's points a mock
	// exam gives an answer with right options only, not all (少选): 0 to 1.
	ExamPartialCredit float64 `json:"exam_partial_credit,omitempty"`
	// ExamAutoAdvance: a mock exam goes to the next question once a
	// single choice or true/false is answered.
	ExamAutoAdvance bool `json:"exam_auto_advance,omitempty"`
}

// PracticeChoice is a selection of the practice set-up.
type PracticeChoice struct {
	Banks    []string `json:"banks,omitempty"`
	Sections []string `json:"sections,omitempty"`
	Types    []string `json:"types,omitempty"`
	Starred  bool     `json:"starred,omitempty"`
	Random   bool     `json:"random,omitempty"`
	Recite   bool     `json:"recite,omitempty"`
}

// ExamDateOf is the exam day of the bank: its own, else ExamDate ("" if
// neither is set).
func (set Settings) ExamDateOf(bank string) string {
	if d := set.ExamDates[bank]; d != "" {
		return d
	}
	return set.ExamDate
}

// DefaultSettings are the settings of a new database.
func DefaultSettings() Settings {
	p := fsrs.DefaultParams()
	return Settings{
		NewPerDay:        20,
		DesiredRetention: p.RequestRetention,
		MasteryCount:     2,
		Interleave:       true,
		LearningSteps:    formatSteps(p.LearningSteps),
		RelearningSteps:  formatSteps(p.RelearningSteps),
	}
}

func formatSteps(ds []time.Duration) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fsrs.FormatStep(d)
	}
	return out
}

func parseSteps(ss []string) ([]time.Duration, error) {
	out := make([]time.Duration, 0, len(ss))
	for _, s := range ss {
		d, err := fsrs.ParseStep(s)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// scheduler validates the settings and builds the scheduler they describe
// with the weights w. Fuzz stays off so that replaying the log (Rebuild)
// gives the same states.
func (set Settings) scheduler(w [21]float64) (*fsrs.Scheduler, error) {
	if set.NewPerDay < 0 {
		return nil, fmt.Errorf("new per day %d is negative", set.NewPerDay)
	}
	if set.MasteryCount < 1 {
		return nil, fmt.Errorf("mastery count %d must be at least 1", set.MasteryCount)
	}
	if !(set.ExamPartialCredit >= 0 && set.ExamPartialCredit <= 1) {
		return nil, fmt.Errorf("exam partial credit %v: want 0 to 1", set.ExamPartialCredit)
	}
	switch set.Lang {
	case "", "zh", "en":
	default:
		return nil, fmt.Errorf("language %q: want zh, en or empty", set.Lang)
	}
	if set.ExamDate != "" {
		if _, err := forecast.ExamTime(set.ExamDate, time.UTC); err != nil {
			return nil, err
		}
	}
	for b, d := range set.ExamDates {
		if d == "" {
			continue // no date of its own
		}
		if _, err := forecast.ExamTime(d, time.UTC); err != nil {
			return nil, fmt.Errorf("bank %s: %w", b, err)
		}
	}
	p := fsrs.DefaultParams()
	p.W = w
	p.RequestRetention = set.DesiredRetention
	p.EnableFuzz = false
	var err error
	if p.LearningSteps, err = parseSteps(set.LearningSteps); err != nil {
		return nil, fmt.Errorf("learning steps: %w", err)
	}
	if p.RelearningSteps, err = parseSteps(set.RelearningSteps); err != nil {
		return nil, fmt.Errorf("relearning steps: %w", err)
	}
	return fsrs.New(p)
}

// TypeStats counts answers of one type or section.
type TypeStats struct {
	Answered int `json:"answered"`
	Correct  int `json:"correct"`
}

// Stats are the figures of the stats screen and `shuati stats --json`.
type Stats struct {
	Reviews          int                  `json:"reviews"`       // answers ever recorded
	ReviewsToday     int                  `json:"reviews_today"` // answers recorded today (local day)
	Due              int                  `json:"due"`           // review cards due by now
	New              int                  `json:"new"`           // questions in scope never answered
	Learning         int                  `json:"learning"`      // cards in learning or relearning
	MistakesOpen     int                  `json:"mistakes_open"`
	MistakesTotal    int                  `json:"mistakes_total"`
	ByType           map[string]TypeStats `json:"by_type"`
	BySection        map[string]TypeStats `json:"by_section"`        // by SectionKey: "bank/section"
	PerDay           map[string]int       `json:"per_day"`           // "2006-01-02" (local) → answers
	Forecast         [30]int              `json:"forecast"`          // cards due on each of the next 30 local days, overdue on day 0
	TrueRetention    float64              `json:"true_retention"`    // share of reviews of Review-state cards not rated Again
	RetentionReviews int                  `json:"retention_reviews"` // reviews of Review-state cards TrueRetention rests on (0: no figure yet)
	Streak           int                  `json:"streak"`            // consecutive local days with answers, up to today (or yesterday)
	NewToday         int                  `json:"new_today"`         // new questions introduced today
}

// ExamOutcomes are the predictions made for the exams' questions with what
// happened to them (answered right or not), for forecast.Calibrate.
func ExamOutcomes(exams []ExamRecord) []forecast.Outcome {
	var out []forecast.Outcome
	for _, e := range exams {
		for _, a := range e.Answers {
			if a.Recall != nil && a.Correct != nil {
				out = append(out, forecast.Outcome{Predicted: *a.Recall, Correct: *a.Correct})
			}
		}
	}
	return out
}
