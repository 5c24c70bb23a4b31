// Package drill holds the rules of answering a question: what input a
// question takes (Kind), how a given answer is graded (Grade: choices,
// multiple choice with the missed and extra options, true/false, fill-in
// blanks compared after bank.Normalize with alternatives), how a given
// answer is written to and read back from the review log and the exam
// record (Given.Encode, Decode), a question's answer as text (AnswerText),
// and how a mock exam is scored (Scoring.Score, ExamScore.SelfGrade).
//
// It is pure: no terminal, no database, no clock. The screens and the
// command line call it; nothing else grades.
//
// Kinds. A single or multiple choice takes option letters (a single
// choice whose answer has several letters is answered as a multiple
// choice); a true/false question takes true or false; a fill-in question
// one text per blank. A question whose source gives no answer, a choice
// without options, a fill-in without blanks, and every short answer,
// essay, definition, case and card is self-graded: the learner compares
// what they wrote with the reference answer and grades it.
//
// Grading. A choice is right when the chosen letters are exactly the
// answer's (a multiple choice needs every right option and no wrong one).
// A blank is right when its text, normalised, equals one of the accepted
// alternatives normalised; an alternative may hold more alternatives
// split by "|", and one with a bracketed addition is also right without
// it, or as the bracketed abbreviation alone ("客户关系管理（CRM）":
// 客户关系管理, CRM). A fill-in question is right when every blank is.
//
// Exam scoring. An objective question scores its points when it is right,
// nothing otherwise; an unanswered question scores nothing. Partial
// credit for a multiple choice that chose only right options but not all
// of them (少选) is a parameter (Scoring.PartialCredit), off by default. A
// self-graded question scores nothing until the learner grades it: Again
// nothing, Hard half its points, Good or Easy all of them.
package drill
