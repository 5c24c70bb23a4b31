package importer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
)

// Answer keys: many documents give the questions first and the answers in a
// block at the end:
//
//	参考答案
//	一、单项选择题
//	1-5 ADBCA  6-10 BBCDA
//	二、多项选择题
//	1.ABC 2.BD 3.ABCD
//	三、判断题
//	1.√ 2.× 3.对
//
// A line that is only 参考答案 / 答案 / 答案与解析 … starts the key. In it a
// heading picks the section of the same type (the next one not yet given
// answers), and each entry — "N.X" or a range "N-M XXXXX" (one letter or
// mark per question, or space-separated groups) — answers the question with
// that number there. Questions that already have an answer keep it. The key
// ends at a heading whose type has no section left to answer, or at the end.

var keyTitles = map[string]bool{
	"参考答案": true, "參考答案": true, "答案": true, "标准答案": true, "標準答案": true,
	"参考答案及解析": true, "參考答案及解析": true, "答案及解析": true, "参考答案与解析": true, "答案与解析": true,
	"答案與解析": true, "试题答案": true, "試題答案": true, "习题答案": true, "習題答案": true,
}

func keyTitle(t string) bool {
	// Every title starts 参/參/答/标/標/试/試/习/習 once the brackets,
	// colons and spaces are trimmed: look at that rune first.
	i := 0
	for i < len(t) {
		r, size := decodeRune(t[i:])
		if !keyTrimSet.has(r) && !unicode.IsSpace(r) {
			if !keyTitleStarts.has(r) {
				return false
			}
			break
		}
		i += size
	}
	t = trimSpace(strings.Trim(t, keyTrim))
	return keyTitles[t]
}

const keyTrim = "【】[]:： \u3000"

var keyTrimSet = newRuneSet(keyTrim)

var keyTitleStarts = func() *runeSet {
	s := new(runeSet)
	for k := range keyTitles {
		r, _ := utf8.DecodeRuneInString(k)
		s.add(r)
	}
	return s
}()

type keyState struct {
	line    int
	targets []*rawSection
	used    map[*rawSection]bool
	sec     *rawSection // the section the key's entries answer now
	given   int
	unread  []Note
}

// startKey switches to the answer key.
func (p *rawParser) startKey() {
	p.closeSection()
	p.flushStrays(0)
	p.key = &keyState{line: p.n, targets: append([]*rawSection(nil), p.secs...), used: map[*rawSection]bool{}}
}

// endKey reports what the key gave and leaves it.
func (p *rawParser) endKey() {
	k := p.key
	if k == nil {
		return
	}
	p.key = nil
	p.rep.Notes = append(p.rep.Notes, note("key.given", k.line, k.line, k.given))
	p.rep.Notes = append(p.rep.Notes, k.unread...)
}

var (
	keyRange  = regexp.MustCompile(`^(\d{1,3})\s*[-–—~～至]\s*(\d{1,3})\s*[.．、:：]?\s*`)
	keySingle = regexp.MustCompile(`^(\d{1,3})\s*[.．、:：)）]\s*`)
	keyNext   = regexp.MustCompile(`\d{1,3}\s*(?:[-–—~～至]\s*\d{1,3}\s*[.．、:：]?|[.．、:：)）])`)
)

// keyLine reads one line of the answer key; false means the key has ended
// and the line is to be read as questions.
func (p *rawParser) keyLine(t string) bool {
	k := p.key
	if end, act := p.headingAt(t); act != nil {
		sec := p.keyHeading(t[:end])
		if sec == nil {
			p.endKey()
			return false
		}
		k.sec = sec
		t = trimSpace(t[end:])
	}
	for t != "" {
		if m := keyRange.FindStringSubmatch(t); m != nil {
			var lo, hi int
			fmt.Sscan(m[1], &lo)
			fmt.Sscan(m[2], &hi)
			t = t[len(m[0]):]
			val, rest := keyValue(t)
			t = rest
			p.keyRange(lo, hi, val)
			continue
		}
		if m := keySingle.FindStringSubmatch(t); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			t = t[len(m[0]):]
			val, rest := keyValue(t)
			t = rest
			p.keyAnswer(n, val)
			continue
		}
		// Text that is no entry: skip to the next entry.
		loc := keyNext.FindStringIndex(t)
		skipped := t
		if loc != nil && loc[0] > 0 {
			skipped, t = t[:loc[0]], t[loc[0]:]
		} else {
			t = ""
		}
		if trimSpace(skipped) != "" {
			p.rep.unplaced(p.n, skipped)
		}
	}
	return true
}

// keyValue cuts an entry's value off at the next entry.
func keyValue(t string) (string, string) {
	loc := keyNext.FindStringIndex(t)
	for loc != nil {
		// A digit glued to a letter value ("A2.B") or after a space starts the
		// next entry; one inside text does too when it follows a separator.
		return trimSpace(t[:loc[0]]), t[loc[0]:]
	}
	return trimSpace(t), ""
}

// keyHeading picks the section a heading of the key answers: the first one
// of the same type not yet answered by the key.
func (p *rawParser) keyHeading(h string) *rawSection {
	typ, ok := bank.Type(""), false
	for _, s := range sectionKeys {
		if strings.Contains(h, s.key) {
			typ, ok = s.typ, true
			break
		}
	}
	if !ok {
		return nil
	}
	for _, sec := range p.key.targets {
		if !p.key.used[sec] && (sec.typ == typ || typ == choiceType && (sec.typ == bank.Single || sec.typ == bank.Multiple) || sec.typ == choiceType && (typ == bank.Single || typ == bank.Multiple)) {
			p.key.used[sec] = true
			return sec
		}
	}
	return nil
}

func (p *rawParser) keyRange(lo, hi int, val string) {
	n := hi - lo + 1
	if n <= 0 || n > 100 {
		p.key.unread = append(p.key.unread, note("key.range", p.n, p.n, lo, hi))
		return
	}
	toks := strings.FieldsFunc(val, func(r rune) bool {
		return r == ' ' || r == '\u3000' || r == '、' || r == '，' || r == ',' || r == ';' || r == '；'
	})
	if len(toks) != n {
		joined := strings.Join(toks, "")
		if utf8.RuneCountInString(joined) == n {
			toks = toks[:0]
			for _, r := range joined {
				toks = append(toks, string(r))
			}
		} else {
			p.key.unread = append(p.key.unread, note("key.count", p.n, p.n, lo, hi, val, n))
			return
		}
	}
	for i, tok := range toks {
		p.keyAnswer(lo+i, tok)
	}
}

// keyAnswer gives question n of the key's section (or, before any heading,
// the first question numbered n still without an answer) the answer val.
func (p *rawParser) keyAnswer(n int, val string) {
	if val == "" {
		return
	}
	var secs []*rawSection
	if p.key.sec != nil {
		secs = []*rawSection{p.key.sec}
	} else {
		secs = p.key.targets
	}
	for _, sec := range secs {
		for _, q := range sec.qs {
			if q.num != n || q.hasAns || q.mark != nil {
				continue
			}
			if q.sec.typ == bank.TrueFalse || q.sec.typ == "" && len(q.opts) == 0 {
				if v, ok := tfWord(val); ok {
					q.mark = &v
					p.key.given++
					return
				}
			}
			q.ans.Reset()
			q.ans.WriteString(val)
			q.hasAns = true
			q.implicit = false
			p.key.given++
			return
		}
	}
	p.key.unread = append(p.key.unread, note("key.no-question", p.n, p.n, n, val))
}

// headingAt reads a section heading at the start of t, without touching the
// parser's state.
func (p *rawParser) headingAt(t string) (int, *action) {
	if end, act := p.bareHeading(t); act != nil {
		return end, act
	}
	r, _ := utf8.DecodeRuneInString(t)
	switch {
	case isNumeral(r):
		return p.headingMarker(t, 0)
	case r == '(' || r == '（':
		return p.parenHeading(t, 0)
	}
	return 0, nil
}

// keyMayStart tells an answer key's title from a question's own answer
// field: a bare "答案：" under an open subjective question (whose answer
// follows on the next lines) is that question's answer.
func (p *rawParser) keyMayStart(t string) bool {
	t = trimSpace(strings.Trim(t, keyTrim))
	if t != "答案" {
		return true
	}
	q := p.cur
	return q == nil || q.hasAns || q.mark != nil || p.objective(q) && len(q.opts) > 0
}
