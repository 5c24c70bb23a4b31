package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/shuati/shuati/bank"
)

// The recognition corpus (testdata/corpus): question banks written for this
// test across subjects and the notations real 题库 use. Each NAME.txt has a
// NAME.expect.jsonl: a header line {"subject": …, "notations": […]} and then
// one line per question, in order: {"stem": start of the stem, "type": …,
// "answer": …}. The answer is as the JSONL export writes it ("B", "ABD",
// true, ["成长期", "衰退期"]); for the subjective types the start of the
// reference answer; for a case the starts of its parts' answers; null when
// the source gives none (the import must give none either).

// corpusMin is the share of questions that must come out with the right
// type and answer.
const corpusMin = 0.98

type corpusHeader struct {
	Subject   string   `json:"subject"`
	Notations []string `json:"notations"`
}

type corpusWant struct {
	Stem   string          `json:"stem"`
	Type   bank.Type       `json:"type"`
	Answer json.RawMessage `json:"answer"`
	line   int
}

type corpusFile struct {
	name  string
	head  corpusHeader
	wants []corpusWant
}

func readCorpus(t *testing.T) []corpusFile {
	t.Helper()
	files, _ := filepath.Glob("testdata/corpus/*.expect.jsonl")
	var out []corpusFile
	for _, f := range files {
		cf := corpusFile{name: strings.TrimSuffix(filepath.Base(f), ".expect.jsonl")}
		sc := bufio.NewScanner(bytes.NewReader(readFile(t, f)))
		n := 0
		for sc.Scan() {
			n++
			l := strings.TrimSpace(sc.Text())
			if l == "" {
				continue
			}
			if n == 1 {
				if err := json.Unmarshal([]byte(l), &cf.head); err != nil || len(cf.head.Notations) == 0 {
					t.Fatalf("%s:1: header: %v", f, err)
				}
				continue
			}
			var w corpusWant
			if err := json.Unmarshal([]byte(l), &w); err != nil || !w.Type.Valid() || w.Stem == "" {
				t.Fatalf("%s:%d: %v (type %q)", f, n, err, w.Type)
			}
			w.line = n
			cf.wants = append(cf.wants, w)
		}
		out = append(out, cf)
	}
	return out
}

// corpusResult is how one file came out.
type corpusResult struct {
	right, wants, extra int
	invented            []string // expected no answer, got one
	wrong               []string
}

// checkCorpusFile imports one corpus file and compares it with its
// expectations. Questions are matched in order by the start of the stem
// (Normalize'd), so one lost question does not fail the rest.
func checkCorpusFile(t *testing.T, cf corpusFile) corpusResult {
	var res corpusResult
	res.wants = len(cf.wants)
	path := filepath.Join("testdata/corpus", cf.name+".txt")
	b, _, err := Import(path, readFile(t, path), Options{Name: "corpus"})
	if err != nil {
		res.wrong = append(res.wrong, err.Error())
		return res
	}
	got := b.Questions
	j := 0
	for _, w := range cf.wants {
		prefix := bank.Normalize(w.Stem)
		k := -1
		for x := j; x < len(got) && x < j+8; x++ {
			if strings.HasPrefix(bank.Normalize(got[x].Stem), prefix) {
				k = x
				break
			}
		}
		if k < 0 {
			res.wrong = append(res.wrong, fmt.Sprintf("line %d: missing %q (%s)", w.line, w.Stem, w.Type))
			continue
		}
		for _, q := range got[j:k] {
			res.extra++
			res.wrong = append(res.wrong, fmt.Sprintf("extra question (line %d) %s %q", q.Line, q.Type, excerpt(q.Stem)))
		}
		j = k + 1
		q := got[k]
		okType := q.Type == w.Type
		okAns, invented := corpusAnswer(q, w.Answer)
		if invented {
			res.invented = append(res.invented, fmt.Sprintf("line %d %q: no answer in the source, got %v", w.line, w.Stem, bank.JSONAnswer(q)))
		}
		if okType && okAns {
			res.right++
			continue
		}
		res.wrong = append(res.wrong, fmt.Sprintf("line %d %q: got %s %s, want %s %s", w.line, w.Stem, q.Type, answerJSON(q), w.Type, w.Answer))
	}
	for _, q := range got[j:] {
		res.extra++
		res.wrong = append(res.wrong, fmt.Sprintf("extra question (line %d) %s %q", q.Line, q.Type, excerpt(q.Stem)))
	}
	return res
}

func answerJSON(q *bank.Question) string {
	var v any = bank.JSONAnswer(q)
	if q.Type == bank.Case {
		var parts []any
		for _, p := range q.Parts {
			if p.Answer != nil {
				parts = append(parts, p.Answer.Text)
			} else {
				parts = append(parts, nil)
			}
		}
		v = parts
	}
	s, _ := json.Marshal(v)
	return excerpt(string(s))
}

// corpusAnswer compares q's answer with the expected one; invented is an
// answer where the source has none.
func corpusAnswer(q *bank.Question, raw json.RawMessage) (ok, invented bool) {
	var want any
	if err := json.Unmarshal(raw, &want); err != nil {
		return false, false
	}
	if q.Type == bank.Case {
		parts, _ := want.([]any)
		if want == nil {
			for _, p := range q.Parts {
				if p.Answer != nil {
					return false, true
				}
			}
			return true, false
		}
		if len(parts) != len(q.Parts) {
			return false, false
		}
		for i, p := range q.Parts {
			ok, inv := textAnswer(p.Answer, parts[i])
			if inv {
				return false, true
			}
			if !ok {
				return false, false
			}
		}
		return true, false
	}
	if want == nil {
		return q.Answer == nil, q.Answer != nil
	}
	if q.Answer == nil {
		return false, false
	}
	switch q.Type {
	case bank.Single, bank.Multiple:
		s, _ := want.(string)
		return q.Answer.Choices == s, false
	case bank.TrueFalse:
		v, isBool := want.(bool)
		return isBool && q.Answer.True == v, false
	case bank.Fill:
		ws, _ := want.([]any)
		got := bank.JSONAnswer(q).([]string)
		var wl []string
		for _, x := range ws {
			s, _ := x.(string)
			wl = append(wl, s)
		}
		return reflect.DeepEqual(got, wl), false
	}
	return textAnswer(q.Answer, want)
}

// textAnswer: a reference answer that starts like want (nil: none).
func textAnswer(a *bank.Answer, want any) (ok, invented bool) {
	if want == nil {
		return a == nil, a != nil
	}
	s, _ := want.(string)
	return a != nil && strings.HasPrefix(bank.Normalize(a.Text), bank.Normalize(s)), false
}

// TestCorpus prints the recognition rate per file and per notation, and
// fails below corpusMin overall or when an answer is invented.
func TestCorpus(t *testing.T) {
	files := readCorpus(t)
	if len(files) < 30 {
		t.Fatalf("%d corpus files, want at least 30", len(files))
	}
	subjects := map[string]bool{}
	type tally struct{ right, total, files int }
	byNotation := map[string]*tally{}
	var right, total int
	var table strings.Builder
	fmt.Fprintf(&table, "%-32s %-12s %9s\n", "file", "subject", "right")
	for _, cf := range files {
		subjects[cf.head.Subject] = true
		res := checkCorpusFile(t, cf)
		n := res.wants + res.extra
		right += res.right
		total += n
		fmt.Fprintf(&table, "%-32s %-12s %4d/%-4d\n", cf.name, cf.head.Subject, res.right, n)
		for _, nt := range cf.head.Notations {
			if byNotation[nt] == nil {
				byNotation[nt] = &tally{}
			}
			byNotation[nt].right += res.right
			byNotation[nt].total += n
			byNotation[nt].files++
		}
		for _, w := range res.wrong {
			t.Logf("%s: %s", cf.name, w)
		}
		for _, inv := range res.invented {
			t.Errorf("%s: invented answer: %s", cf.name, inv)
		}
	}
	names := make([]string, 0, len(byNotation))
	for n := range byNotation {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(&table, "\n%-24s %5s %9s %7s\n", "notation", "files", "right", "rate")
	for _, n := range names {
		tl := byNotation[n]
		fmt.Fprintf(&table, "%-24s %5d %4d/%-4d %6.1f%%\n", n, tl.files, tl.right, tl.total, 100*float64(tl.right)/float64(tl.total))
	}
	rate := float64(right) / float64(total)
	fmt.Fprintf(&table, "\nall: %d files, %d subjects, %d/%d questions right (%.1f%%)\n", len(files), len(subjects), right, total, 100*rate)
	t.Log("\n" + table.String())
	if len(subjects) < 8 {
		t.Errorf("%d subjects, want at least 8", len(subjects))
	}
	if rate < corpusMin {
		t.Errorf("recognition rate %.1f%%, want at least %.0f%%", 100*rate, 100*corpusMin)
	}
}

// TestCorpusInventsNoAnswer: across the corpus, every question whose source
// gives no answer (a paper handed out without its key, a key that skips
// questions) comes out without one, and the report lists it as such.
func TestCorpusInventsNoAnswer(t *testing.T) {
	none := 0
	for _, cf := range readCorpus(t) {
		path := filepath.Join("testdata/corpus", cf.name+".txt")
		b, rep, err := Import(path, readFile(t, path), Options{Name: "corpus"})
		if err != nil {
			t.Fatal(err)
		}
		listed := map[int]bool{}
		for _, it := range rep.NoAnswer {
			listed[it.Line] = true
		}
		for _, w := range cf.wants {
			if string(w.Answer) != "null" {
				continue
			}
			none++
			for _, q := range b.Questions {
				if !strings.HasPrefix(bank.Normalize(q.Stem), bank.Normalize(w.Stem)) {
					continue
				}
				if _, invented := corpusAnswer(q, w.Answer); invented {
					t.Errorf("%s line %d %q: no answer in the source, got %s", cf.name, w.line, w.Stem, answerJSON(q))
				} else if !listed[q.Line] {
					t.Errorf("%s line %d %q: not listed as without an answer", cf.name, w.line, w.Stem)
				}
				break
			}
		}
	}
	if none < 20 {
		t.Errorf("%d questions without an answer in the corpus, want at least 20", none)
	}
}

// TestCorpusDump prints what the import of one corpus file gives, for
// looking into a failure:
//
//	SHUATI_CORPUS=acc-keyend go test -run TestCorpusDump ./bank/importer
func TestCorpusDump(t *testing.T) {
	name := os.Getenv("SHUATI_CORPUS")
	if name == "" {
		t.Skip("SHUATI_CORPUS not set")
	}
	path := filepath.Join("testdata/corpus", name+".txt")
	b, rep, err := Import(path, readFile(t, path), Options{Name: "corpus"})
	if err != nil {
		t.Log(err)
	}
	var sb strings.Builder
	if b != nil {
		bank.WriteBankFormat(&sb, b)
	}
	fmt.Fprintf(&sb, "%+v\n", rep)
	t.Log("\n" + sb.String())
}
