package importer

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shuati/shuati/bank"
)

// ProblemTag is the tag an imported question gets when it is kept with a
// problem noted in the report, so the learner can find and check it.
const ProblemTag = "待核对"

// Report is what an import understood.
type Report struct {
	File     string
	Kind     Kind
	Encoding string
	Bank     string

	Total  int               // questions in the bank
	ByType map[bank.Type]int // questions recognised, by type

	// Unplaced are input lines that are not part of any question and not
	// recognised boilerplate, with their line numbers (row numbers for tables).
	Unplaced []Line
	// NoAnswer are the questions the input gives no answer for: they are
	// kept and self-graded.
	NoAnswer []Item
	// Skipped are ambiguous items left out of the bank, each with its reason.
	Skipped []Item
	// Noted are questions kept in the bank with a problem: each carries the
	// tag ProblemTag and the reason here.
	Noted []Item
	// Notes are remarks about whole sections or the whole file (e.g. true/false
	// marks whose owner the layout does not show).
	Notes []string

	Boilerplate int // lines skipped as site boilerplate (温馨提示, 版权说明, …)
	LineNumbers int // bare PDF line numbers skipped
	Pinyin      int // pinyin annotations removed (服務(wù) → 服務)
	Traditional int // questions written in traditional characters (left as they are)
	Kept        int // questions that kept the ID of the previous import
}

// Line is one input line the importer could not place.
type Line struct {
	Line int
	Text string
}

// Item is one question (or would-be question) the report names.
type Item struct {
	Line   int
	ID     string
	Type   bank.Type
	Text   string // an excerpt of the stem
	Reason string
}

func (r *Report) recognised(q *bank.Question) {
	if r.ByType == nil {
		r.ByType = map[bank.Type]int{}
	}
	r.ByType[q.Type]++
}

func (r *Report) unplaced(n int, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	r.Unplaced = append(r.Unplaced, Line{Line: n, Text: excerpt(s)})
}

// typeNames are the Chinese names of the types, as the report prints them.
var typeNames = map[bank.Type]string{
	bank.Single: "单选", bank.Multiple: "多选", bank.TrueFalse: "判断", bank.Fill: "填空",
	bank.Short: "简答", bank.Essay: "论述", bank.Definition: "名词解释", bank.Case: "案例", bank.Card: "知识卡",
}

// Write prints the report for the terminal: a summary line per type, then
// every skipped, noted, unanswered and unplaced item with its line number.
// Every text in it comes from sanitised input.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s), bank %q: %d questions\n", r.File, kindName(r.Kind), r.Encoding, r.Bank, r.Total)
	for _, t := range bank.Types {
		if n := r.ByType[t]; n > 0 {
			fmt.Fprintf(&b, "  %-10s %-4s %d\n", t, typeNames[t], n)
		}
	}
	if r.Kept > 0 {
		fmt.Fprintf(&b, "IDs kept from the previous import: %d\n", r.Kept)
	}
	if r.Boilerplate+r.LineNumbers+r.Pinyin > 0 {
		fmt.Fprintf(&b, "cleaned: %d boilerplate lines skipped, %d PDF line numbers skipped, %d pinyin annotations removed\n",
			r.Boilerplate, r.LineNumbers, r.Pinyin)
	}
	if r.Traditional > 0 {
		fmt.Fprintf(&b, "note: %d questions are in traditional characters; they are kept as they are\n", r.Traditional)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, "skipped (ambiguous, not stored): %d\n", len(r.Skipped))
		for _, it := range r.Skipped {
			fmt.Fprintf(&b, "  line %d: %s — %s\n", it.Line, it.Reason, it.Text)
		}
	}
	if len(r.Noted) > 0 {
		fmt.Fprintf(&b, "stored with a problem noted (tag %s): %d\n", ProblemTag, len(r.Noted))
		for _, it := range r.Noted {
			fmt.Fprintf(&b, "  line %d [%s]: %s — %s\n", it.Line, it.ID, it.Reason, it.Text)
		}
	}
	if len(r.NoAnswer) > 0 {
		fmt.Fprintf(&b, "without an answer (self-graded): %d\n", len(r.NoAnswer))
		for _, it := range r.NoAnswer {
			fmt.Fprintf(&b, "  line %d [%s %s]: %s\n", it.Line, it.ID, it.Type, it.Text)
		}
	}
	if len(r.Unplaced) > 0 {
		fmt.Fprintf(&b, "lines not placed in any question: %d\n", len(r.Unplaced))
		for _, l := range r.Unplaced {
			fmt.Fprintf(&b, "  line %d: %s\n", l.Line, l.Text)
		}
	}
	_, err := io.WriteString(w, bank.Sanitize(b.String()))
	return err
}

// Summary is the per-type counts as one line, e.g. "single 20, multiple 5".
func (r *Report) Summary() string {
	var parts []string
	for _, t := range bank.Types {
		if n := r.ByType[t]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t, n))
		}
	}
	return strings.Join(parts, ", ")
}

func kindName(k Kind) string {
	switch k {
	case KindBank:
		return "bank format"
	case KindCSV:
		return "CSV"
	case KindTSV:
		return "TSV"
	case KindXLSX:
		return "XLSX"
	case KindRaw:
		return "raw text"
	}
	return string(k)
}

// sortItems orders report items by line.
func sortItems(items []Item) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Line < items[j].Line })
}
