// Package forecast predicts what a learner will recall on an exam date: for
// each question answered before, the FSRS retrievability of its card at the
// exam time, assuming no review in between (what is known today, not what
// more study would add). Questions never answered are counted apart and not
// guessed: the model knows nothing of them.
//
// It also scores a paper's expected points, ranks the questions an exam
// date most needs reviewed, and bins past predictions against what
// happened (calibration).
//
// The package is pure: the scheduler, the cards and the times are
// arguments; nothing here reads the clock or the database.
package forecast

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/shuati/shuati/store/fsrs"
)

// ExamHour is the local hour an exam date's forecast is made for: a
// morning exam.
const ExamHour = 9

// DateLayout is how an exam date is written: "2006-01-02".
const DateLayout = time.DateOnly

// ExamTime is the time an exam on date (DateLayout) is forecast for:
// ExamHour o'clock on that day in loc.
func ExamTime(date string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(DateLayout, date, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("exam date %q: want a date such as 2025-06-14", date)
	}
	return d.Add(ExamHour * time.Hour), nil
}

// DaysLeft is the number of calendar days in loc from now's day to the
// exam's day: 0 on the exam day, negative after it.
func DaysLeft(now, exam time.Time, loc *time.Location) int {
	a, b := now.In(loc), exam.In(loc)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// Question is one question of a bank and its card; Seen is false for a
// question never answered (its Card is ignored).
type Question struct {
	Key     string
	Section string
	Card    fsrs.Card
	Seen    bool
}

// Bank is a bank's questions and the time of its exam.
type Bank struct {
	Name      string
	ExamAt    time.Time
	Questions []Question
}

// Recall is the forecast for a set of questions.
type Recall struct {
	Seen     int     // questions answered before: predicted
	Unseen   int     // questions never answered: not predicted
	Expected float64 // the sum of the seen questions' recall probabilities
}

// Mean is the predicted share of the seen questions recalled (0 when none
// was seen).
func (r Recall) Mean() float64 {
	if r.Seen == 0 {
		return 0
	}
	return r.Expected / float64(r.Seen)
}

func (r *Recall) add(o Recall) {
	r.Seen += o.Seen
	r.Unseen += o.Unseen
	r.Expected += o.Expected
}

// Section is a section's forecast.
type Section struct {
	Name string
	Recall
}

// BankForecast is a bank's forecast at its exam time, with its sections in
// the order they first occur.
type BankForecast struct {
	Name   string
	ExamAt time.Time
	Recall
	Sections []Section
}

// Forecast is the forecast over all banks (each at its own exam time) and
// bank by bank.
type Forecast struct {
	Recall
	Banks []BankForecast
}

// Predict forecasts each bank's recall at its exam time with the scheduler
// s (its weights and forgetting curve).
func Predict(s *fsrs.Scheduler, banks []Bank) Forecast {
	var f Forecast
	f.Banks = make([]BankForecast, len(banks))
	for i, b := range banks {
		bf := BankForecast{Name: b.Name, ExamAt: b.ExamAt}
		index := map[string]int{}
		k := -1
		for j := range b.Questions {
			q := &b.Questions[j]
			// A bank's questions come section by section: look the
			// section up only when it changes.
			if k < 0 || bf.Sections[k].Name != q.Section {
				var ok bool
				if k, ok = index[q.Section]; !ok {
					k = len(bf.Sections)
					index[q.Section] = k
					bf.Sections = append(bf.Sections, Section{Name: q.Section})
				}
			}
			sec := &bf.Sections[k].Recall
			if !q.Seen {
				sec.Unseen++
				continue
			}
			sec.Seen++
			sec.Expected += s.Retrievability(q.Card, b.ExamAt)
		}
		for _, sec := range bf.Sections {
			bf.Recall.add(sec.Recall)
		}
		f.Recall.add(bf.Recall)
		f.Banks[i] = bf
	}
	return f
}

// PaperQuestion is a question of a drawn exam paper: its card and what it
// is worth.
type PaperQuestion struct {
	Card   fsrs.Card
	Seen   bool
	Points float64
}

// Paper is a paper's predicted score.
type Paper struct {
	// Expected is the predicted score of the seen questions, out of
	// SeenPoints; the unseen ones are worth UnseenPoints and not predicted.
	Expected, SeenPoints, UnseenPoints float64
	Seen, Unseen                       int
	// Recall is each question's predicted recall, in the paper's order;
	// NaN for an unseen question.
	Recall []float64
}

// PredictPaper predicts the score of a paper sat at at.
func PredictPaper(s *fsrs.Scheduler, qs []PaperQuestion, at time.Time) Paper {
	recall, points := make([]float64, len(qs)), make([]float64, len(qs))
	for i, q := range qs {
		recall[i], points[i] = math.NaN(), q.Points
		if q.Seen {
			recall[i] = s.Retrievability(q.Card, at)
		}
	}
	return PaperOf(recall, points)
}

// PaperOf is the predicted score of a paper whose questions have the
// recall (NaN: unseen) and are worth the points, in the paper's order: a
// paper predicted before, kept and resumed.
func PaperOf(recall, points []float64) Paper {
	p := Paper{Recall: recall}
	for i, r := range recall {
		if math.IsNaN(r) {
			p.Unseen++
			p.UnseenPoints += points[i]
			continue
		}
		p.Seen++
		p.SeenPoints += points[i]
		p.Expected += r * points[i]
	}
	return p
}

// Weak is a seen question whose recall at the exam time is below the
// target.
type Weak struct {
	Key    string
	Recall float64
}

// Weakest lists the seen questions of banks whose recall at their bank's
// exam time is below target, lowest recall first (ties in bank order).
// Reviewing them does not touch their FSRS state beyond what the answers
// themselves do.
func Weakest(s *fsrs.Scheduler, banks []Bank, target float64) []Weak {
	var out []Weak
	for _, b := range banks {
		for _, q := range b.Questions {
			if !q.Seen {
				continue
			}
			if r := s.Retrievability(q.Card, b.ExamAt); r < target {
				out = append(out, Weak{Key: q.Key, Recall: r})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Weak) int {
		switch {
		case a.Recall < b.Recall:
			return -1
		case a.Recall > b.Recall:
			return 1
		}
		return 0
	})
	return out
}

// PerDay is how many reviews a day reviewing n questions takes with
// daysLeft days to go: all of them today when the exam is today or past.
func PerDay(n, daysLeft int) int {
	if daysLeft < 1 {
		return n
	}
	return (n + daysLeft - 1) / daysLeft
}

// Outcome is one past prediction and what happened: the predicted recall
// of a question in an exam and whether it was answered right.
type Outcome struct {
	Predicted float64
	Correct   bool
}

// Bin is one band of predicted recall: how many predictions fell in it,
// their mean, and the share that came true.
type Bin struct {
	Lo, Hi    float64 // the band [Lo, Hi), the last one [Lo, 1]
	Count     int
	Predicted float64 // mean predicted recall
	Actual    float64 // share answered right
}

// Calibrate bins outcomes into bins bands of predicted recall of equal
// width; a well calibrated model has Actual close to Predicted in every
// band. Empty bands are kept (Count 0).
func Calibrate(outcomes []Outcome, bins int) []Bin {
	out := make([]Bin, bins)
	for i := range out {
		out[i].Lo, out[i].Hi = float64(i)/float64(bins), float64(i+1)/float64(bins)
	}
	for _, o := range outcomes {
		if math.IsNaN(o.Predicted) {
			continue
		}
		i := min(max(int(o.Predicted*float64(bins)), 0), bins-1)
		out[i].Count++
		out[i].Predicted += o.Predicted
		if o.Correct {
			out[i].Actual++
		}
	}
	for i := range out {
		if n := float64(out[i].Count); n > 0 {
			out[i].Predicted /= n
			out[i].Actual /= n
		}
	}
	return out
}
