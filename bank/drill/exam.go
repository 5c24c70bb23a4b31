package drill

import (
	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// Scoring is how a mock exam is scored. The zero value is the default.
type Scoring struct {
	// PartialCredit is the share of a multiple choice's points earned by
	// an answer that chose only right options but not all of them (少选),
	// from 0 (nothing, the default) to 1.
	PartialCredit float64
}

// ExamItem is one question of a paper as handed in.
type ExamItem struct {
	Question *bank.Question
	Points   float64 // what the question is worth
	Given    Given
}

// Mark is one question's result in an exam.
type Mark struct {
	Correct *bool // nil: self-graded and not graded yet
	Points  float64
}

// TypeScore is one question type's result in an exam.
type TypeScore struct {
	Count   int
	Correct int
	Score   float64
	Total   float64
}

// ExamScore is an exam's result: in total, by type, and one mark per
// question in paper order.
type ExamScore struct {
	Score, Total float64
	ByType       map[bank.Type]TypeScore
	Marks        []Mark
}

// Score grades and scores a paper. An objective question scores its points
// when right, its points times PartialCredit when it is a multiple choice
// answered short (少选, Verdict.Short), nothing otherwise; unanswered, it is
// wrong. A self-graded question has no verdict and scores nothing until
// SelfGrade.
func (s Scoring) Score(items []ExamItem) ExamScore {
	sc := ExamScore{ByType: map[bank.Type]TypeScore{}, Marks: make([]Mark, 0, len(items))}
	partial := min(max(s.PartialCredit, 0), 1)
	for _, it := range items {
		t := it.Question.Type
		ts := sc.ByType[t]
		ts.Count++
		ts.Total += it.Points
		var m Mark
		if v, ok := Grade(it.Question, it.Given); ok {
			right := v.Right // an empty answer is never right
			m.Correct = &right
			switch {
			case right:
				m.Points = it.Points
				ts.Correct++
			case it.Given.Kind == Multiple && v.Short:
				m.Points = it.Points * partial
			}
		}
		ts.Score += m.Points
		sc.ByType[t] = ts
		sc.Score += m.Points
		sc.Total += it.Points
		sc.Marks = append(sc.Marks, m)
	}
	return sc
}

// SelfGradeShare is the share of a self-graded question's points a grade
// earns: Again nothing, Hard half, Good and Easy all.
func SelfGradeShare(r fsrs.Rating) float64 {
	switch r {
	case fsrs.Again:
		return 0
	case fsrs.Hard:
		return 0.5
	}
	return 1
}

// SelfGrade scores question i, a self-graded question of type t, graded r
// by the learner: it is right above Again and earns SelfGradeShare of its
// points (every question of a type is worth the same: the type's total
// over its count). A question already graded is left as it is, so a grade
// counts once.
func (sc *ExamScore) SelfGrade(i int, t bank.Type, r fsrs.Rating) {
	if i < 0 || i >= len(sc.Marks) || sc.Marks[i].Correct != nil {
		return
	}
	ts := sc.ByType[t]
	each := ts.Total / float64(max(ts.Count, 1))
	ok := r > fsrs.Again
	m := Mark{Correct: &ok, Points: each * SelfGradeShare(r)}
	sc.Marks[i] = m
	ts.Score += m.Points
	if ok {
		ts.Correct++
	}
	sc.ByType[t] = ts
	sc.Score += m.Points
}
