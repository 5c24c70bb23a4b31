package drill

import (
	"reflect"
	"testing"

	"github.com/shuati/shuati/bank"
	"github.com/shuati/shuati/store/fsrs"
)

// The questions of the tests, one of each kind and the edge cases.
var (
	abcd = []bank.Option{{Key: "A", Text: "电话"}, {Key: "B", Text: "邮件"}, {Key: "C", Text: "传真"}, {Key: "D", Text: "以上都是"}}

	single      = &bank.Question{Bank: "t", ID: "s1", Type: bank.Single, Options: abcd, Answer: &bank.Answer{Choices: "D"}}
	multiple    = &bank.Question{Bank: "t", ID: "m1", Type: bank.Multiple, Options: abcd, Answer: &bank.Answer{Choices: "ABD"}}
	singleMulti = &bank.Question{Bank: "t", ID: "s2", Type: bank.Single, Options: abcd, Answer: &bank.Answer{Choices: "AB"}}
	noOptions   = &bank.Question{Bank: "t", ID: "s3", Type: bank.Single, Answer: &bank.Answer{Choices: "A"}}
	multiNoOpts = &bank.Question{Bank: "t", ID: "m2", Type: bank.Multiple, Answer: &bank.Answer{Choices: "AB"}}
	noAnswer    = &bank.Question{Bank: "t", ID: "s4", Type: bank.Single, Options: abcd}
	tfTrue      = &bank.Question{Bank: "t", ID: "t1", Type: bank.TrueFalse, Answer: &bank.Answer{True: true}}
	tfFalse     = &bank.Question{Bank: "t", ID: "t2", Type: bank.TrueFalse, Answer: &bank.Answer{True: false}}
	tfNoAnswer  = &bank.Question{Bank: "t", ID: "t3", Type: bank.TrueFalse}
	fill        = &bank.Question{Bank: "t", ID: "f1", Type: bank.Fill, Answer: &bank.Answer{Blanks: [][]string{
		{"Customer Relationship Management", "客户关系管理（CRM）"}, {"客户关系管理|顾客关系管理"}}}}
	fillNoBlank = &bank.Question{Bank: "t", ID: "f2", Type: bank.Fill, Answer: &bank.Answer{Text: "客户"}}
	short       = &bank.Question{Bank: "t", ID: "e1", Type: bank.Short, Answer: &bank.Answer{Text: "1. 以客户为中心"}}
	caseQ       = &bank.Question{Bank: "t", ID: "c1", Type: bank.Case, Stem: "材料", Parts: []bank.Part{
		{Stem: "（1）分析", Answer: &bank.Answer{Text: "要点一"}}, {Stem: "（2）评价"}, {Stem: "（3）建议", Answer: &bank.Answer{Text: "要点三"}}}}
	card = &bank.Question{Bank: "t", ID: "k1", Type: bank.Card, Stem: "CRM", Answer: &bank.Answer{Text: "客户关系管理"}}
)

func TestKindOf(t *testing.T) {
	for _, c := range []struct {
		q    *bank.Question
		want Kind
	}{
		{single, Single},
		{multiple, Multiple},
		{singleMulti, Multiple}, // a single choice with several right letters
		{noOptions, SelfGraded},
		{multiNoOpts, SelfGraded},
		{noAnswer, SelfGraded}, // the source gives no answer
		{tfTrue, TrueFalse},
		{tfNoAnswer, SelfGraded},
		{fill, Fill},
		{fillNoBlank, SelfGraded},
		{short, SelfGraded},
		{caseQ, SelfGraded},
		{card, SelfGraded},
	} {
		if got := KindOf(c.q); got != c.want {
			t.Errorf("KindOf(%s) = %v, want %v", c.q.ID, got, c.want)
		}
		if got := KindOf(c.q).Objective(); got != (c.want != SelfGraded) {
			t.Errorf("%s: Objective = %v", c.q.ID, got)
		}
	}
}

func TestGrade(t *testing.T) {
	for _, c := range []struct {
		name string
		q    *bank.Question
		g    Given
		want Verdict
		ok   bool
	}{
		{"single right", single, Given{Kind: Single, Choices: "D"}, Verdict{Right: true}, true},
		{"single wrong", single, Given{Kind: Single, Choices: "B"}, Verdict{Missed: "D", Extra: "B"}, true},
		{"single empty", single, Given{Kind: Single}, Verdict{Missed: "D"}, true},
		{"multiple right", multiple, Given{Kind: Multiple, Choices: "ABD"}, Verdict{Right: true}, true},
		{"multiple short", multiple, Given{Kind: Multiple, Choices: "AB"}, Verdict{Missed: "D", Short: true}, true},
		{"multiple short of one", multiple, Given{Kind: Multiple, Choices: "D"}, Verdict{Missed: "AB", Short: true}, true},
		{"multiple extra", multiple, Given{Kind: Multiple, Choices: "ABCD"}, Verdict{Extra: "C"}, true},
		{"multiple both", multiple, Given{Kind: Multiple, Choices: "BC"}, Verdict{Missed: "AD", Extra: "C"}, true},
		{"multiple empty", multiple, Given{Kind: Multiple}, Verdict{Missed: "ABD"}, true},
		{"single as multiple", singleMulti, Given{Kind: Multiple, Choices: "AB"}, Verdict{Right: true}, true},
		{"true right", tfTrue, Given{Kind: TrueFalse, TF: True}, Verdict{Right: true}, true},
		{"true wrong", tfTrue, Given{Kind: TrueFalse, TF: False}, Verdict{}, true},
		{"false right", tfFalse, Given{Kind: TrueFalse, TF: False}, Verdict{Right: true}, true},
		{"tf unanswered", tfFalse, Given{Kind: TrueFalse}, Verdict{}, true},
		{"fill right", fill, Given{Kind: Fill, Blanks: []string{"customer relationship management", "顾客关系管理"}}, Verdict{Right: true, Blanks: []bool{true, true}}, true},
		{"fill abbreviation", fill, Given{Kind: Fill, Blanks: []string{" ＣＲＭ ", "客户 关系 管理。"}}, Verdict{Right: true, Blanks: []bool{true, true}}, true},
		{"fill one wrong", fill, Given{Kind: Fill, Blanks: []string{"CRM", "客户管理"}}, Verdict{Blanks: []bool{true, false}}, true},
		{"fill empty", fill, Given{Kind: Fill, Blanks: []string{"", ""}}, Verdict{Blanks: []bool{false, false}}, true},
		{"fill too few", fill, Given{Kind: Fill, Blanks: []string{"CRM"}}, Verdict{Blanks: []bool{true, false}}, true},
		{"self-graded", short, Given{Kind: SelfGraded, Text: "以客户为中心"}, Verdict{}, false},
		{"no answer in the bank", noAnswer, Given{Kind: SelfGraded, Text: "D"}, Verdict{}, false},
		{"tf no answer in the bank", tfNoAnswer, Given{Kind: SelfGraded, Text: "对"}, Verdict{}, false},
		{"kind mismatch", single, Given{Kind: TrueFalse, TF: True}, Verdict{}, false},
	} {
		got, ok := Grade(c.q, c.g)
		if ok != c.ok || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Grade = %+v, %v; want %+v, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestRightOption(t *testing.T) {
	for _, c := range []struct {
		q    *bank.Question
		key  string
		want bool
	}{
		{multiple, "A", true}, {multiple, "C", false}, {multiple, "", false}, {noAnswer, "A", false},
	} {
		if got := RightOption(c.q, c.key); got != c.want {
			t.Errorf("RightOption(%s, %q) = %v", c.q.ID, c.key, got)
		}
	}
}

func TestMatchBlank(t *testing.T) {
	cases := []struct {
		given string
		alts  []string
		want  bool
	}{
		{"客户关系管理", []string{"客户关系管理"}, true},
		{" 客户 关系 管理。", []string{"客户关系管理"}, true},
		{"ＣＲＭ", []string{"crm"}, true}, // full-width letters
		{"customer relationship management", []string{"Customer Relationship Management"}, true},
		{"Customer-Relationship Management!", []string{"Customer Relationship Management"}, true},
		{"顾客关系管理", []string{"客户关系管理", "顾客关系管理"}, true},
		{"顾客关系管理", []string{"客户关系管理|顾客关系管理"}, true},
		{"１２３", []string{"123"}, true},
		{"客户管理", []string{"客户关系管理"}, false},
		{"", []string{"客户关系管理"}, false},
		{"，。", []string{"客户"}, false},
		{"客户", nil, false},          // no alternatives
		{"，", []string{"，"}, false}, // nothing left after normalising
		// a bracketed addition may be left out; an abbreviation typed alone
		{"客户关系管理", []string{"客户关系管理（CRM）"}, true},
		{"客户关系管理CRM", []string{"客户关系管理（CRM）"}, true},
		{"crm", []string{"客户关系管理(CRM)"}, true},
		{"客户", []string{"客户（关系）管理"}, false},
		{"客户管理", []string{"客户（关系）管理"}, true},
		{"关系", []string{"客户（关系）管理"}, false},
	}
	for _, c := range cases {
		if got := MatchBlank(c.given, c.alts); got != c.want {
			t.Errorf("MatchBlank(%q, %q) = %v, want %v", c.given, c.alts, got, c.want)
		}
	}
}

func TestSplitBlanks(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want []string
	}{
		{"a；b", 2, []string{"a", "b"}},
		{"CRM 客户关系管理", 2, []string{"CRM", "客户关系管理"}}, // whitespace fallback
		{"a,b、c", 3, []string{"a", "b", "c"}},
		{"a b", 1, []string{"a b"}},
		{"a；b；c", 2, []string{"a", "b", "c"}}, // neither gives 2: the separators' split
	} {
		if got := SplitBlanks(c.s, c.n); !reflect.DeepEqual(got, c.want) {
			t.Errorf("SplitBlanks(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

func TestSpreadBlanks(t *testing.T) {
	for _, c := range []struct {
		in, want []string
	}{
		{[]string{"CRM；客户关系管理", ""}, []string{"CRM", "客户关系管理"}},
		{[]string{" a / b ", " "}, []string{"a", "b"}},
		{[]string{"a；b", "c"}, []string{"a；b", "c"}},   // the second blank was typed
		{[]string{"a；b；c", ""}, []string{"a；b；c", ""}}, // does not split into two
		{[]string{"a；b"}, []string{"a；b"}},             // one blank
		{nil, nil},
	} {
		in := append([]string(nil), c.in...)
		if got := SpreadBlanks(c.in); !reflect.DeepEqual(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("SpreadBlanks(%q) = %q, want %q", c.in, got, c.want)
		}
		if !reflect.DeepEqual(in, c.in) {
			t.Errorf("SpreadBlanks changed its argument: %q", c.in)
		}
	}
}

// TestEncode pins the log's byte format: databases written by earlier
// versions must read back the same.
func TestEncode(t *testing.T) {
	for _, c := range []struct {
		g    Given
		want string
	}{
		{Given{Kind: Single, Choices: "D"}, "D"},
		{Given{Kind: Multiple, Choices: "ABD"}, "ABD"},
		{Given{Kind: Multiple}, ""},
		{Given{Kind: TrueFalse, TF: True}, "true"},
		{Given{Kind: TrueFalse, TF: False}, "false"},
		{Given{Kind: TrueFalse}, ""},
		{Given{Kind: Fill, Blanks: []string{" CRM ", "客户关系管理\n"}}, "CRM；客户关系管理"},
		{Given{Kind: Fill, Blanks: []string{"", "b"}}, "；b"},
		{Given{Kind: Fill, Blanks: []string{"", ""}}, "；"},
		{Given{Kind: SelfGraded, Text: "  以客户为中心\n"}, "以客户为中心"},
		{Given{Kind: SelfGraded}, ""},
	} {
		if got := c.g.Encode(); got != c.want {
			t.Errorf("%+v.Encode() = %q, want %q", c.g, got, c.want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, c := range []struct {
		q    *bank.Question
		s    string
		want Given
	}{
		{single, "D", Given{Kind: Single, Choices: "D"}},
		{single, "", Given{Kind: Single}},
		{multiple, "ABD", Given{Kind: Multiple, Choices: "ABD"}},
		{multiple, "true", Given{Kind: Multiple}}, // not letters
		{tfTrue, "true", Given{Kind: TrueFalse, TF: True}},
		{tfTrue, "false", Given{Kind: TrueFalse, TF: False}},
		{tfTrue, "", Given{Kind: TrueFalse}},
		{tfTrue, "AB", Given{Kind: TrueFalse}},
		{fill, "CRM；客户关系管理", Given{Kind: Fill, Blanks: []string{"CRM", "客户关系管理"}}},
		{fill, "CRM", Given{Kind: Fill, Blanks: []string{"CRM", ""}}},
		{fill, "a；b；c", Given{Kind: Fill, Blanks: []string{"a", "b"}}},
		{fill, "", Given{Kind: Fill, Blanks: []string{"", ""}}},
		{short, "以客户为中心", Given{Kind: SelfGraded, Text: "以客户为中心"}},
		{noAnswer, "D", Given{Kind: SelfGraded, Text: "D"}},
	} {
		if got := Decode(c.q, c.s); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Decode(%s, %q) = %+v, want %+v", c.q.ID, c.s, got, c.want)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, c := range []struct {
		g    Given
		want bool
	}{
		{Given{Kind: Single}, true},
		{Given{Kind: Single, Choices: "A"}, false},
		{Given{Kind: TrueFalse}, true},
		{Given{Kind: TrueFalse, TF: False}, false},
		{Given{Kind: Fill, Blanks: []string{" ", ""}}, true},
		{Given{Kind: Fill, Blanks: []string{" ", "x"}}, false},
		{Given{Kind: SelfGraded, Text: " \n"}, true},
		{Given{Kind: SelfGraded, Text: "x"}, false},
	} {
		if got := c.g.Empty(); got != c.want {
			t.Errorf("%+v.Empty() = %v", c.g, got)
		}
	}
}

// FuzzDecode: whatever a log holds, Decode reads it without failing, and
// what it reads encodes back to a form that decodes the same.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "D", "ABD", "true", "false", "CRM；客户关系管理", "；；", "a；b；c", "\xff"} {
		f.Add(s)
	}
	qs := []*bank.Question{single, multiple, tfTrue, fill, short, noAnswer}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range qs {
			g := Decode(q, s)
			if g.Kind != KindOf(q) {
				t.Fatalf("Decode(%s, %q) has kind %v", q.ID, s, g.Kind)
			}
			if g.Kind == Fill && len(g.Blanks) != len(q.Answer.Blanks) {
				t.Fatalf("Decode(%s, %q) has %d blanks", q.ID, s, len(g.Blanks))
			}
			again := Decode(q, g.Encode())
			if again.Encode() != g.Encode() {
				t.Fatalf("%s %q: %q decodes to %q", q.ID, s, g.Encode(), again.Encode())
			}
			Grade(q, g)
		}
	})
}

func TestAnswerText(t *testing.T) {
	for _, c := range []struct {
		q    *bank.Question
		want string
	}{
		{single, "D"},
		{multiple, "ABD"},
		{tfTrue, "对"},
		{tfFalse, "错"},
		{fill, "Customer Relationship Management|客户关系管理（CRM）；客户关系管理|顾客关系管理"},
		{short, "1. 以客户为中心"},
		{noAnswer, ""},
		{caseQ, "(1) 要点一\n(3) 要点三"},
		{card, "客户关系管理"},
	} {
		if got := AnswerText(c.q); got != c.want {
			t.Errorf("AnswerText(%s) = %q, want %q", c.q.ID, got, c.want)
		}
	}
}

func ptr(b bool) *bool { return &b }

func TestScore(t *testing.T) {
	paper := []ExamItem{
		{single, 2, Given{Kind: Single, Choices: "D"}},                                     // right
		{single, 2, Given{Kind: Single}},                                                   // unanswered
		{multiple, 4, Given{Kind: Multiple, Choices: "AB"}},                                // 少选
		{multiple, 4, Given{Kind: Multiple, Choices: "ABC"}},                               // wrong option
		{tfTrue, 1, Given{Kind: TrueFalse, TF: True}},                                      // right
		{fill, 3, Given{Kind: Fill, Blanks: []string{"CRM", "顾客关系管理"}}},                    // right
		{short, 10, Given{Kind: SelfGraded, Text: "以客户为中心"}},                               // not graded yet
		{noAnswer, 2, Given{Kind: SelfGraded, Text: "D"}},                                  // self-graded: no answer in the bank
		{multiple, 4, Given{Kind: Multiple}},                                               // unanswered
		{fill, 3, Given{Kind: Fill, Blanks: []string{"", ""}}},                             // unanswered
		{tfFalse, 1, Given{Kind: TrueFalse}},                                               // unanswered
		{singleMulti, 2, Given{Kind: Multiple, Choices: "A"}},                              // 少选 of a single choice with two letters
		{multiple, 4, Given{Kind: Multiple, Choices: "D"}},                                 // 少选
		{tfFalse, 1, Given{Kind: TrueFalse, TF: True}},                                     // wrong
		{fill, 3, Given{Kind: Fill, Blanks: []string{"customer relationship management"}}}, // one blank missing
	}
	wantCorrect := []*bool{ptr(true), ptr(false), ptr(false), ptr(false), ptr(true), ptr(true), nil, nil,
		ptr(false), ptr(false), ptr(false), ptr(false), ptr(false), ptr(false), ptr(false)}
	for _, c := range []struct {
		partial    float64
		wantScore  float64
		wantPoints []float64
	}{
		{0, 6, []float64{2, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{0.5, 11, []float64{2, 0, 2, 0, 1, 3, 0, 0, 0, 0, 0, 1, 2, 0, 0}},
		{2, 16, []float64{2, 0, 4, 0, 1, 3, 0, 0, 0, 0, 0, 2, 4, 0, 0}}, // clamped to 1
	} {
		sc := Scoring{PartialCredit: c.partial}.Score(paper)
		if sc.Score != c.wantScore || sc.Total != 46 {
			t.Errorf("partial %v: %v/%v, want %v/46", c.partial, sc.Score, sc.Total, c.wantScore)
		}
		for i, m := range sc.Marks {
			if m.Points != c.wantPoints[i] {
				t.Errorf("partial %v: question %d scores %v, want %v", c.partial, i+1, m.Points, c.wantPoints[i])
			}
			if w := wantCorrect[i]; (m.Correct == nil) != (w == nil) || w != nil && *m.Correct != *w {
				t.Errorf("partial %v: question %d correct %v, want %v", c.partial, i+1, m.Correct, w)
			}
		}
		wantMulti := TypeScore{Count: 4, Correct: 0, Score: c.wantPoints[2] + c.wantPoints[12], Total: 16}
		if got := sc.ByType[bank.Multiple]; got != wantMulti {
			t.Errorf("partial %v: multiple %+v, want %+v", c.partial, got, wantMulti)
		}
		wantSingle := TypeScore{Count: 4, Correct: 1, Score: 2 + c.wantPoints[11], Total: 8}
		if got := sc.ByType[bank.Single]; got != wantSingle {
			t.Errorf("partial %v: single %+v, want %+v", c.partial, got, wantSingle)
		}
		if got := sc.ByType[bank.Fill]; got != (TypeScore{Count: 3, Correct: 1, Score: 3, Total: 9}) {
			t.Errorf("partial %v: fill %+v", c.partial, got)
		}
	}
	if sc := (Scoring{}).Score(nil); sc.Score != 0 || sc.Total != 0 || len(sc.Marks) != 0 || len(sc.ByType) != 0 {
		t.Errorf("empty paper: %+v", sc)
	}
}

func TestSelfGrade(t *testing.T) {
	paper := []ExamItem{
		{short, 10, Given{Kind: SelfGraded, Text: "a"}},
		{short, 10, Given{Kind: SelfGraded}},
		{single, 2, Given{Kind: Single, Choices: "D"}},
	}
	for _, c := range []struct {
		r         fsrs.Rating
		points    float64
		right     bool
		typeRight int
	}{
		{fsrs.Again, 0, false, 0},
		{fsrs.Hard, 5, true, 1},
		{fsrs.Good, 10, true, 1},
		{fsrs.Easy, 10, true, 1},
	} {
		sc := Scoring{}.Score(paper)
		sc.SelfGrade(0, bank.Short, c.r)
		m := sc.Marks[0]
		if m.Correct == nil || *m.Correct != c.right || m.Points != c.points {
			t.Errorf("%v: mark %v %v, want %v %v", c.r, m.Correct, m.Points, c.right, c.points)
		}
		if ts := sc.ByType[bank.Short]; ts.Score != c.points || ts.Correct != c.typeRight || ts.Total != 20 || ts.Count != 2 {
			t.Errorf("%v: short %+v", c.r, ts)
		}
		if sc.Score != 2+c.points || sc.Total != 22 {
			t.Errorf("%v: total %v/%v", c.r, sc.Score, sc.Total)
		}
		// graded once: a second grade, or a grade of an objective answer, changes nothing
		before := sc.Score
		sc.SelfGrade(0, bank.Short, fsrs.Easy)
		sc.SelfGrade(2, bank.Single, fsrs.Again)
		sc.SelfGrade(7, bank.Short, fsrs.Easy)
		if sc.Score != before || *sc.Marks[2].Correct != true {
			t.Errorf("%v: graded twice: %v, want %v", c.r, sc.Score, before)
		}
	}
}
