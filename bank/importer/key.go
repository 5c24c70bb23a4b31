package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
)

// Answer keys: many documents give the questions first and the answers in a
// block at the end (of the document or of each section):
//
//	参考答案
//	一、单项选择题                 一、1-5 BCCBC 6-8 DCC
//	1-5 ADBCA  6-10 BBCDA         二、9．ABD 10．ABC
//	二、多项选择题                 三、13．√ 14．×
//	1.ABC 2.BD 3.ABCD
//	三、判断题                     单选题：1～5：ABCDA
//	1.√ 2.× 3.对                  Part II: 9. T  10. F
//
// A line that is only a key title (参考答案, 答案, 答案与解析, Answer Key,
// Answers …) starts the key; so does a title with entries after it (答案：1.B
// 2.C), a line of entries alone (1.B 2.B 3.C 4.D) for questions without an
// answer, and a key table (a 题号 row and an 答案 row under it, cells split
// by tabs, | or spaces). Under a question still waiting for its answer a
// bare title is that question's answer field unless the next line reads as
// a key. In the key a heading picks the section of the same type (the next
// one not yet given answers), a numeral-only heading (一、, （二）, Part II,
// III.) the n-th section; each entry — "N.X" or a range "N-M XXXXX" (one
// letter or mark per question, or space-separated groups) — answers the
// question with that number there, or without a heading the first question
// with that number still without one. Questions that already have an
// answer keep it (the report notes the entry). The key ends at a heading
// whose type has no section left to answer, at a line without entries, or
// at the end.

var keyTitles = map[string]bool{
	"参考答案": true, "參考答案": true, "答案": true, "标准答案": true, "標準答案": true,
	"参考答案及解析": true, "參考答案及解析": true, "答案及解析": true, "参考答案与解析": true, "答案与解析": true,
	"答案與解析": true, "试题答案": true, "試題答案": true, "习题答案": true, "習題答案": true,
	"参考答案与评分标准": true, "答案解析": true, "标准答案及评分标准": true, "答案汇总": true,
	"answer key": true, "answer keys": true, "answers": true, "key": true, "key to the exercises": true,
}

func keyTitle(t string) bool {
	if !keyTitleStart(t) {
		return false
	}
	t = trimKey(t)
	if keyTitles[t] {
		return true
	}
	return len(t) >= len("key") && isASCII(t) && keyTitles[strings.ToLower(t)]
}

// trimKey trims the brackets, colons and spaces around a key title.
func trimKey(t string) string {
	for t != "" {
		r, size := decodeRune(t)
		if !keyTrimSet.has(r) && !unicode.IsSpace(r) {
			break
		}
		t = t[size:]
	}
	for t != "" {
		r, size := utf8.DecodeLastRuneInString(t)
		if !keyTrimSet.has(r) && !unicode.IsSpace(r) {
			break
		}
		t = t[:len(t)-size]
	}
	return t
}

// keyTitleStart reports that t may start a key title: every title starts
// 参/參/答/标/標/试/試/习/習 or a letter once the brackets, colons and spaces
// are trimmed, so look at that rune first.
func keyTitleStart(t string) bool {
	for i := 0; i < len(t); {
		r, size := decodeRune(t[i:])
		if keyTitleStarts.has(r) {
			return true
		}
		if !keyTrimSet.has(r) && r != '\t' {
			return false
		}
		i += size
	}
	return false
}

// keyTitleInline splits "参考答案：1-5 ABCDA 6.B" into the title and the
// entries after it.
func keyTitleInline(t string) (string, bool) {
	if !keyTitleStart(t) {
		return "", false
	}
	head := t
	if len(head) > 64 {
		head = head[:64]
	}
	for _, sep := range []string{"：", ":", " ", "\t"} {
		k := strings.Index(head, sep)
		if k <= 0 || k > 40 {
			continue
		}
		if keyTitle(t[:k]) {
			return trimSpace(t[k+len(sep):]), true
		}
	}
	return "", false
}

const keyTrim = "【】[]:： \u3000"

var keyTrimSet = newRuneSet(keyTrim)

var keyTitleStarts = func() *runeSet {
	s := new(runeSet)
	for k := range keyTitles {
		r, _ := utf8.DecodeRuneInString(k)
		s.add(r)
		s.add(unicode.ToUpper(r))
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
	limit   int // questions before the key (p.allQs[:limit]) are the ones it answers
	// tableNums are the question numbers of a key table's 题号 row, waiting
	// for its 答案 row.
	tableNums []int
}

// startKey switches to the answer key.
func (p *rawParser) startKey() {
	p.closeSection()
	p.flushStrays(0)
	p.key = &keyState{line: p.n, targets: append([]*rawSection(nil), p.secs...), used: map[*rawSection]bool{}, limit: len(p.allQs)}
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
	keyRange  = regexp.MustCompile(`^(\d{1,7})\s*[-–—~～至]\s*(\d{1,7})\s*[.．、:：]?\s*`)
	keySingle = regexp.MustCompile(`^(\d{1,7})\s*[.．、:：)）]\s*`)
	keyNext   = regexp.MustCompile(`\d{1,7}\s*(?:[-–—~～至]\s*\d{1,7}\s*[.．、:：]?|[.．、:：)）])`)
)

// keyEntry is one entry of a key: question lo (to hi) answered val.
type keyEntry struct {
	lo, hi int
	val    string
}

// keyEntries reads the entries of a key line ("1-5 ADBCA 6.AB 7.√");
// skipped is the text between them that is no entry.
func keyEntries(t string) (es []keyEntry, skipped []string) {
	t = strings.Map(foldDigit, t)
	for t != "" {
		if m := keyRange.FindStringSubmatch(t); m != nil {
			lo, _ := strconv.Atoi(m[1])
			hi, _ := strconv.Atoi(m[2])
			val, rest := keyValue(t[len(m[0]):])
			es = append(es, keyEntry{lo, hi, val})
			t = rest
			continue
		}
		if m := keySingle.FindStringSubmatch(t); m != nil {
			n, _ := strconv.Atoi(m[1])
			val, rest := keyValue(t[len(m[0]):])
			es = append(es, keyEntry{n, n, val})
			t = rest
			continue
		}
		// Text that is no entry: skip to the next entry.
		loc := keyNext.FindStringIndex(t)
		skip := t
		if loc != nil && loc[0] > 0 {
			skip, t = t[:loc[0]], t[loc[0]:]
		} else {
			t = ""
		}
		if s := trimSpace(strings.Trim(skip, " ,，;；|")); s != "" {
			skipped = append(skipped, s)
		}
	}
	return es, skipped
}

// foldDigit maps full-width digits to ASCII.
func foldDigit(r rune) rune {
	if r >= '０' && r <= '９' {
		return r - '０' + '0'
	}
	return r
}

// answerLike reports a key value that reads as an answer: option letters
// or a true/false mark (a range's several values too).
func answerLike(v string) bool {
	if v == "" {
		return false
	}
	if _, ok := tfWord(v); ok {
		return true
	}
	if _, ok := bank.ParseChoices(v); ok {
		return true
	}
	for _, r := range v {
		if _, ok := tfWord(string(r)); !ok && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// bareKeyLine reports a line with no title that is only key entries ("1.B
// 2.B 3.C 4.D", "10.ABC 11.ABC") for questions of the document that have
// no answer yet.
func (p *rawParser) bareKeyLine(t string) bool {
	if len(p.secs) == 0 || !isDigit(firstRune(t)) || !keyValueNext(t) {
		return false
	}
	es, skipped := keyEntries(t)
	if len(skipped) > 0 || len(es) == 0 || len(es) == 1 && es[0].lo == es[0].hi {
		return false
	}
	known := false
	for _, e := range es {
		if !answerLike(e.val) {
			return false
		}
		if !known && p.unanswered(e.lo) {
			known = true
		}
	}
	return known
}

// keyValueNext is the cheap test before bareKeyLine reads a line: after the
// first number (or range) and its separator comes an answer's first rune —
// an option letter or a true/false mark — not a question's text.
func keyValueNext(t string) bool {
	_, j := readNumber(t, 0)
	for k := 0; k < 2 && j < len(t); k++ {
		for j < len(t) && t[j] == ' ' {
			j++
		}
		r, size := decodeRune(t[j:])
		switch {
		case r >= 'A' && r <= maxOption || r >= 'a' && r <= 'j' || r >= 'Ａ' && r <= 'Ｊ':
			return true
		case r == '.' || r == '、' || r == '．' || r == ':' || r == '：' || r == ')' || r == '）':
			j += size
		case r == '-' || r == '～' || r == '~' || r == '—' || r == '–' || r == '至':
			j += size
			_, j = readNumber(t, j)
		default:
			return tfMarkRune(r)
		}
	}
	return false
}

// tfMarkRune reports a rune that is a true/false answer on its own.
func tfMarkRune(r rune) bool {
	switch r {
	case '√', '×', '✓', '✗', '✔', '✘', '对', '對', '错', '錯', '正', 'T', 'F':
		return true
	}
	return false
}

// unanswered reports a question numbered n without an answer.
func (p *rawParser) unanswered(n int) bool {
	for _, q := range p.numbered(n) {
		if !q.hasAns && q.mark == nil && q.inStem == "" {
			return true
		}
	}
	return false
}

func firstRune(s string) rune {
	r, _ := decodeRune(s)
	return r
}

// keyLine reads one line of the answer key; false means the key has ended
// (a line without any entry) and the line is to be read as questions.
func (p *rawParser) keyLine(t string) bool {
	k := p.key
	if end, act := p.headingAt(t); act != nil {
		sec := p.keyHeading(t[:end], act.htyp)
		if sec == nil {
			p.endKey()
			return false
		}
		k.sec = sec
		t = trimSpace(t[end:])
	} else if end, typ, ok := headingRest(t, 0); ok && end < len(t) {
		// "单选题：1-5 ABCDA": the heading and its entries on one line
		if sec := p.keyHeading(t[:end], typ); sec != nil {
			k.sec = sec
			t = trimSpace(t[end:])
		}
	} else if n, end := keyOrdinal(t); n > 0 {
		// "一、1-5 ABCDA", "Part II: 9. T": the n-th section.
		k.sec = nil
		seen := 0
		for _, sec := range k.targets {
			if len(sec.qs) > 0 {
				if seen++; seen == n {
					k.sec = sec
					break
				}
			}
		}
		if k.sec == nil {
			k.unread = append(k.unread, note("key.no-section", p.n, p.n, excerpt(t[:end])))
		}
		t = trimSpace(t[end:])
	}
	if t == "" {
		return true
	}
	if p.keyTable(t) {
		return true
	}
	es, skipped := keyEntries(t)
	if len(es) == 0 {
		p.endKey()
		return false
	}
	for _, s := range skipped {
		p.rep.unplaced(p.n, s)
	}
	for _, e := range es {
		if e.lo == e.hi {
			p.keyAnswer(e.lo, e.val)
		} else {
			p.keyRange(e.lo, e.hi, e.val)
		}
	}
	return true
}

// keyOrdinal reads a heading of a key that only numbers its part: "一、",
// "（二）", "Part I:", "Part II", "II.", "Section B:". It returns the
// number and the end of the heading (0, 0 if none).
func keyOrdinal(t string) (int, int) {
	if r := firstRune(t); isNumeral(r) {
		n, j := readChineseNumber(t, 0)
		if j == 0 {
			n, j = romanNumeral(r), len(string(r))
		}
		for _, sep := range []string{"、", "．", ".", "：", ":"} {
			if strings.HasPrefix(t[j:], sep) {
				return n, j + len(sep)
			}
		}
		return 0, 0
	}
	if strings.HasPrefix(t, "（") || strings.HasPrefix(t, "(") {
		_, size := utf8.DecodeRuneInString(t)
		n, j := readChineseNumber(t, size)
		if n > 0 && (strings.HasPrefix(t[j:], "）") || strings.HasPrefix(t[j:], ")")) {
			_, csize := utf8.DecodeRuneInString(t[j:])
			return n, j + csize
		}
		return 0, 0
	}
	if n, end := englishOrdinal(t); n > 0 {
		rest := t[end:]
		if rest == "" || rest[0] == ' ' || rest[0] == ':' || rest[0] == '.' {
			for end < len(t) && (t[end] == ':' || t[end] == '.' || t[end] == ' ') {
				end++
			}
			return n, end
		}
	}
	return 0, 0
}

// romanNumeral is the value of a Roman numeral character (Ⅰ … Ⅻ), or 0.
func romanNumeral(r rune) int {
	if r >= 'Ⅰ' && r <= 'Ⅻ' {
		return int(r-'Ⅰ') + 1
	}
	return 0
}

// englishOrdinal reads "Part I", "Part 2", "Section B", "II" (a Roman
// numeral followed by "." or ":") at the start of t.
func englishOrdinal(t string) (int, int) {
	i := 0
	prefixed := false
	for _, w := range []string{"Part ", "PART ", "part ", "Section ", "SECTION ", "section "} {
		if strings.HasPrefix(t, w) {
			i, prefixed = len(w), true
			break
		}
	}
	for i < len(t) && t[i] == ' ' {
		i++
	}
	if n, j := readNumber(t, i); j > i && prefixed {
		return n, j
	}
	if n, j := readRoman(t, i); n > 0 && (prefixed || j < len(t) && (t[j] == '.' || t[j] == ':')) {
		return n, j
	}
	if prefixed && i < len(t) && t[i] >= 'A' && t[i] <= 'H' && (i+1 == len(t) || !isASCIILetter(rune(t[i+1]))) {
		return int(t[i]-'A') + 1, i + 1
	}
	return 0, 0
}

// readRoman reads a Roman numeral (I … XXXIX) at t[i:].
func readRoman(t string, i int) (int, int) {
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10}
	n, j, prev := 0, i, 0
	for j < len(t) {
		v, ok := val[t[j]]
		if !ok {
			break
		}
		if prev > 0 && v > prev {
			n += v - 2*prev
		} else {
			n += v
		}
		prev = v
		j++
	}
	if j < len(t) && isASCIILetter(rune(t[j])) {
		return 0, i
	}
	return n, j
}

// keyTable reads a key written as a table: a 题号 row of question numbers
// and a 答案 row of answers under it (cells split by |, tabs or spaces),
// the rows of a Markdown table included.
func (p *rawParser) keyTable(t string) bool {
	cells := tableCells(t)
	if len(cells) == 0 {
		return false
	}
	head := strings.ToLower(strings.Trim(cells[0], "：: "))
	if len(cells) >= 2 && strings.Trim(t, "|-:： \t") == "" {
		return true // |---|---| under the header row
	}
	if keyNumberWord(head) && len(cells) >= 2 {
		var nums []int
		for _, c := range cells[1:] {
			n, j := readNumber(c, 0)
			if j != len(c) || n == 0 {
				return false
			}
			nums = append(nums, n)
		}
		p.key.tableNums = nums
		return true
	}
	if keyAnswerWord(head) && p.key.tableNums != nil {
		vals := cells[1:]
		nums := p.key.tableNums
		p.key.tableNums = nil
		if len(vals) != len(nums) {
			p.key.unread = append(p.key.unread, note("key.table-count", p.n, p.n, len(nums), len(vals)))
			return true
		}
		for i, v := range vals {
			p.keyAnswer(nums[i], v)
		}
		return true
	}
	return false
}

// keyTableHead reports the 题号 row of a key table.
func keyTableHead(t string) bool {
	i := 0
	for i < len(t) && (t[i] == '|' || t[i] == ' ') {
		i++
	}
	if strings.HasPrefix(t[i:], "｜") {
		i += len("｜")
	}
	switch firstRune(t[i:]) {
	case '题', '題', '序', 'Q', 'q', 'N', 'n':
	default:
		return false
	}
	cells := tableCells(t)
	if len(cells) < 3 || !keyNumberWord(strings.ToLower(strings.Trim(cells[0], "：: "))) {
		return false
	}
	for _, c := range cells[1:] {
		if n, j := readNumber(c, 0); j != len(c) || n == 0 {
			return false
		}
	}
	return true
}

func keyNumberWord(s string) bool {
	switch s {
	case "题号", "題號", "题目", "序号", "序號", "题", "no", "no.", "question", "questions", "q":
		return true
	}
	return false
}

func keyAnswerWord(s string) bool {
	switch s {
	case "答案", "参考答案", "參考答案", "正确答案", "正確答案", "标准答案", "answer", "answers", "key":
		return true
	}
	return false
}

// tableCells splits a table row on | (trimming the outer ones), tabs, or
// runs of spaces.
func tableCells(t string) []string {
	var raw []string
	switch {
	case strings.Contains(t, "|") || strings.Contains(t, "｜"):
		raw = strings.FieldsFunc(t, func(r rune) bool { return r == '|' || r == '｜' })
	case strings.Contains(t, "\t"):
		raw = strings.Split(t, "\t")
	default:
		raw = strings.Fields(t)
	}
	var out []string
	for _, c := range raw {
		if c = trimSpace(strings.Trim(c, "\u3000")); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// keyValue cuts an entry's value off at the next entry.
func keyValue(t string) (string, string) {
	if loc := keyNext.FindStringIndex(t); loc != nil {
		return trimSpace(t[:loc[0]]), t[loc[0]:]
	}
	return trimSpace(t), ""
}

// keyHeading picks the section a heading of the key answers: the first one
// of the same type not yet answered by the key.
func (p *rawParser) keyHeading(h string, typ bank.Type) *rawSection {
	for _, s := range sectionKeys {
		if typ == "" && strings.Contains(h, s.key) {
			typ = s.typ
			break
		}
	}
	if typ == "" {
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
	qs := p.numbered(n)
	if p.key.sec == nil {
		// Questions before the first still unanswered have answers: a key
		// that numbers many sub-documents' questions 1, 2, … again and
		// again does not scan them each time.
		k := p.firstOpen[n]
		for k < len(qs) && (qs[k].hasAns || qs[k].mark != nil) {
			k++
		}
		p.firstOpen[n] = k
		qs = qs[k:]
	}
	for _, q := range qs {
		if q.hasAns || q.mark != nil || q.idx >= p.key.limit || p.key.sec != nil && q.sec != p.key.sec {
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
	p.key.unread = append(p.key.unread, note("key.no-question", p.n, p.n, n, val))
}

// numbered returns the questions numbered n so far, in document order. The
// index is brought up to date when asked: only documents with answer keys
// need it.
func (p *rawParser) numbered(n int) []*rawQ {
	if p.byNum == nil {
		p.byNum, p.firstOpen = map[int][]*rawQ{}, map[int]int{}
	}
	for _, q := range p.allQs[p.indexed:] {
		p.byNum[q.num] = append(p.byNum[q.num], q)
	}
	p.indexed = len(p.allQs)
	return p.byNum[n]
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

// keyOrField decides what a line that is only a key title ("参考答案",
// "答案：") opens. With no open question still waiting for its answer it
// is an answer key. Under one it can be either: "答案：" then "B" or "（1）…"
// is that question's answer, "参考答案" then "1-5 ABCDA" a key. The next
// line decides (see pendingTitle).
func (p *rawParser) keyOrField(t string) {
	q := p.cur
	if q == nil || q.holder || q.hasAns || q.mark != nil || q.inStem != "" {
		p.startKey()
		return
	}
	p.pendingTitle, p.pendingText = p.n, t
}

// resolveTitle settles a pending key title with the line after it: key
// entries, a key heading or a key table make it a key; anything else is
// the answer of the open question.
func (p *rawParser) resolveTitle(t string) {
	p.pendingTitle = 0
	if p.keyStarts(t) {
		p.startKey()
		return
	}
	if q := p.cur; q != nil {
		q.hasAns, q.implicit = true, false
		q.ans.Reset()
		q.field = fAns
		p.ansCtx = p.objective(q)
	}
}

// keyStarts reports a line an answer key starts with: entries ("1-5
// ABCDA", "1.B 2.C"), a heading of the key, or a key table.
func (p *rawParser) keyStarts(t string) bool {
	if _, act := p.headingAt(t); act != nil {
		return true
	}
	if n, _ := keyOrdinal(t); n > 0 {
		return true
	}
	if end, _, ok := headingRest(t, 0); ok && isDigit(firstRune(trimSpace(t[end:]))) {
		return true
	}
	if keyTableHead(t) {
		return true
	}
	if !isDigit(firstRune(t)) {
		return false
	}
	es, _ := keyEntries(t)
	return len(es) > 0 && answerLike(es[0].val)
}
