package importer

import (
	"fmt"
	"slices"
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
	// Invalid are the lines of UTF-8 input that hold invalid bytes (kept
	// as UTF-8, each bad byte shown as U+FFFD; a note says so).
	Invalid []int
	// Notes are remarks about whole sections or the whole file (e.g. true/false
	// marks whose owner the layout does not show).
	Notes []Note
	// GBKLines are, in a file that mixes UTF-8 and GB18030/GBK, the lines
	// read as GB18030/GBK (a note says so); nil otherwise.
	GBKLines []int

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
	Line int
	ID   string
	Type bank.Type
	Text string // an excerpt of the stem
	// Reasons say why it is skipped or what its problem is.
	Reasons []Note
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

// sortItems orders report items by line.
func sortItems(items []Item) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Line < items[j].Line })
}

// withTag adds tag to tags unless it is there (a re-imported export keeps
// one ProblemTag).
func withTag(tags []string, tag string) []string {
	if slices.Contains(tags, tag) {
		return tags
	}
	return append(tags, tag)
}
