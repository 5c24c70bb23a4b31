package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shuati/shuati/bank"
)

// The raw 题库 reader. Scraped documents glue a whole bank onto one line or
// break it anywhere, so the reader scans each line for markers — section
// headings (一、单项选择题), question numbers (1. 1、 1．), options (A. A、 A．
// A) "A "), 答案/正确答案/参考答案/答, 解析, true/false marks (√ × (错误) …),
// case sub-questions ((1) 问： 答：) — and the text between two markers goes
// to the field the first one opened. A marker only counts where the state
// allows it: question numbers in sequence (or restarting at 1 at the start
// of a line, or jumping ahead right after an answer, as cut documents do),
// options in letter order while a question is open and unanswered, and so on.

// choiceType is the pseudo-type of a 选择题 section: single or multiple is
// decided per question from its answer.
const choiceType bank.Type = "choice"

// Keywords of section headings, longest first within each type, in
// simplified and traditional characters.
var sectionKeys = []struct {
	key string
	typ bank.Type
}{
	{"单项选择题", bank.Single}, {"單項選擇題", bank.Single}, {"单项选择", bank.Single}, {"單項選擇", bank.Single},
	{"单选题", bank.Single}, {"單選題", bank.Single}, {"单选", bank.Single}, {"單選", bank.Single},
	{"多项选择题", bank.Multiple}, {"多項選擇題", bank.Multiple}, {"多项选择", bank.Multiple}, {"多項選擇", bank.Multiple},
	{"不定项选择题", bank.Multiple}, {"不定項選擇題", bank.Multiple},
	{"多选题", bank.Multiple}, {"多選題", bank.Multiple}, {"多选", bank.Multiple}, {"多選", bank.Multiple},
	{"选择题", choiceType}, {"選擇題", choiceType}, {"选择", choiceType}, {"選擇", choiceType},
	{"判断题", bank.TrueFalse}, {"判斷題", bank.TrueFalse}, {"判断", bank.TrueFalse}, {"判斷", bank.TrueFalse},
	{"是非题", bank.TrueFalse}, {"是非題", bank.TrueFalse},
	{"填空题", bank.Fill}, {"填空題", bank.Fill}, {"填空", bank.Fill},
	{"简答题", bank.Short}, {"簡答題", bank.Short}, {"简答", bank.Short}, {"簡答", bank.Short},
	{"问答题", bank.Short}, {"問答題", bank.Short}, {"问答", bank.Short}, {"問答", bank.Short},
	{"论述题", bank.Essay}, {"論述題", bank.Essay}, {"论述", bank.Essay}, {"論述", bank.Essay},
	{"名词解释", bank.Definition}, {"名詞解釋", bank.Definition}, {"名词解析", bank.Definition},
	{"案例分析题", bank.Case}, {"案例分析題", bank.Case}, {"案例分析", bank.Case}, {"案例题", bank.Case}, {"案例題", bank.Case},
	{"情景分析题", bank.Case}, {"情景分析題", bank.Case}, {"情景分析", bank.Case}, {"材料分析题", bank.Case}, {"材料分析", bank.Case},
	{"计算分析题", bank.Short}, {"计算题", bank.Short}, {"計算題", bank.Short}, {"辨析题", bank.Short}, {"辨析題", bank.Short},
	{"分析题", bank.Short}, {"综合题", bank.Short},
	// medical examinations: A-type questions have one best answer (A3/A4
	// share a case text, B1 share the options), X-type several
	{"A3/A4型题", bank.Single}, {"A1型题", bank.Single}, {"A2型题", bank.Single}, {"A3型题", bank.Single}, {"A4型题", bank.Single},
	{"A型题", bank.Single}, {"B1型题", bank.Single}, {"B型题", bank.Single}, {"X型题", bank.Multiple},
	{"最佳选择题", bank.Single}, {"配伍选择题", bank.Single}, {"综合分析选择题", bank.Single},
}

// sectionKeysByFirst indexes sectionKeys by their first rune (in order).
var sectionKeysByFirst = func() map[rune][]int {
	m := map[rune][]int{}
	for i, k := range sectionKeys {
		r, _ := utf8.DecodeRuneInString(k.key)
		m[r] = append(m[r], i)
	}
	return m
}()

// sectionType maps a heading keyword (or a 题型 cell) to its type.
func sectionType(s string) (bank.Type, bool) {
	s = trimSpace(s)
	for _, k := range sectionKeys {
		if s == k.key || s == k.key+"题" || s == k.key+"題" {
			if k.typ == choiceType {
				return bank.Single, true
			}
			return k.typ, true
		}
	}
	switch s {
	case "知识卡", "知识点", "卡片":
		return bank.Card, true
	}
	return "", false
}

// numerals number section headings: Chinese numerals and the Roman
// numerals of Chinese typesetting (Ⅰ、单项选择题).
const numerals = "一二三四五六七八九十ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"

type field uint8

const (
	fStem field = iota
	fOpt
	fAns
	fExpl
	fPartStem
	fPartAns
	fTag // a tag's value (【难度】易, 【知识点】…)
)

type rawSection struct {
	name   string // heading as written (with the sub-document title)
	typ    bank.Type
	tagged bool // opened by a type tag (【单选题】)
	style  int  // how its questions are numbered (numDot …)
	line   int
	qs     []*rawQ
	marks  []tfMark
}

// tfMark is a true/false mark standing between statements: after question
// index after (-1: before the first).
type tfMark struct {
	after int
	val   bool
	line  int
}

type rawPart struct {
	stem, ans textBuf
	hasAns    bool
}

type rawQ struct {
	sec      *rawSection
	field    field
	hasAns   bool // an answer marker or mark was met
	implicit bool // subjective answer taken from the lines after the stem (no marker)
	spaced   bool // option A was written "A 文字" (letter, space)
	lower    bool // option A was written "a)"
	paren    bool // option A was written "(A)"
	holder   bool // it holds what questions share (B1 options, A3 case text), and is no question
	grouped  bool // the answers of several sub-questions follow one marker ("答案：(1)…(2)…")
	num      int
	line     int
	idx      int // its place among all questions (rawParser.allQs)
	stem     textBuf
	opts     []bank.Option
	optBuf   textBuf // the text of the last option, while it is read
	ans      textBuf
	mark     *bool
	inStem   string // an answer given in the stem: "(ABC)"
	expl     textBuf
	parts    []*rawPart
	pi       int // the sub-question being read
	sub      int // numbered points met inside the answer
	tags     []string
	lines    int // input lines the question spans
	lastLine int
	problems []Note
	more     *rawQMore // what few questions need
}

// rawQMore is the part of a raw question few questions need (kept apart so
// that the question is small: a bank has up to millions).
type rawQMore struct {
	group    int      // with grouped answers, the first sub-question they answer
	tagName  string   // the name of the tag being read (fTag)
	absorbed [][2]int // lines taken in that look like question numbers: line, number
	// shared is the holder of what this question shares with others; a
	// holder has sharedFrom–sharedTo (0: to the end of its section) and
	// counts its uses.
	shared               *rawQ
	sharedFrom, sharedTo int
	sharedUses           int
}

// flushOption gives the last option the text read for it (optBuf).
func (q *rawQ) flushOption() {
	if len(q.opts) > 0 && q.optBuf.Len() > 0 {
		q.opts[len(q.opts)-1].Text = q.optBuf.String()
	}
	q.optBuf.Reset()
}

// x is q's rawQMore, made when first needed.
func (q *rawQ) x() *rawQMore {
	if q.more == nil {
		q.more = new(rawQMore)
	}
	return q.more
}

type stray struct {
	line int
	text string
}

type rawParser struct {
	opts    Options
	rep     *Report
	b       *bank.Bank
	docT    string // current sub-document title
	sec     *rawSection
	secs    []*rawSection
	cur     *rawQ
	last    int // last accepted question number
	prevEnd int // last number of the previous section
	strays  []stray
	lost    bool // two or more lines in a row placed nowhere: numbering is not trusted
	bullets bool // inside a site notice's bullet list
	typed   bool // the file has a typed section heading
	pdfNum  int  // the last PDF line number met on a line of its own
	key     *keyState
	// prevScanned is the last line read as text (not boilerplate).
	prevScanned int

	// per line
	n         int
	line      string
	lineStart bool   // no marker met yet on this line
	ansCtx    bool   // the last marker was an objective answer or a mark
	act       action // the last accepted number or option marker
	segStart  int    // where the text since the last marker on the line starts
	// pendingTitle is the line of a bare key title ("参考答案") under a
	// question still waiting for its answer: the next line decides.
	pendingTitle int
	pendingText  string
	shared       *rawQ           // the holder of shared options or case text in force
	allQs        []*rawQ         // every question, in order
	byNum        map[int][]*rawQ // allQs[:indexed] by number (see numbered)
	indexed      int
	// firstOpen is, per number, where in byNum the questions still
	// without an answer may start.
	firstOpen map[int]int
	holders   []*rawQ // every holder, for the report
	tagLine   int     // the line of the last type tag (【单选题】) and where it ends
	tagEnd    int
	qslab     []rawQ // fresh questions, allocated in blocks
}

func parseRaw(name, text string, opts Options, rep *Report) *bank.Bank {
	p := &rawParser{opts: opts, rep: rep, b: &bank.Bank{}}
	n := 0
	for len(text) > 0 {
		n++
		var l string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, ""
		}
		p.rawLine(n, l)
	}
	if p.pendingTitle > 0 {
		p.rep.unplaced(p.pendingTitle, p.pendingText)
	}
	p.closeSection()
	p.endKey()
	p.flushStrays(0)
	p.build()
	return p.b
}

func (p *rawParser) rawLine(n int, l string) {
	if !bank.Clean(l) {
		l = bank.Sanitize(l)
	}
	l, k := stripPinyin(l)
	p.rep.Pinyin += k
	t := trimSpace(strings.Trim(l, "\u3000"))
	if t == "" {
		return
	}
	if p.bullets && bulletLine(t) {
		p.rep.Boilerplate++
		return
	}
	p.bullets = false
	if siteLine(t) { // boilerplate(t) || readingPrompt(t)
		p.rep.Boilerplate++
		if strings.Contains(t, "温馨提示") || strings.Contains(t, "溫馨提示") {
			p.bullets = true
		}
		return
	}
	if allDigits(t) && len(t) <= 5 {
		p.rep.LineNumbers++
		fmt.Sscan(t, &p.pdfNum)
		return
	}
	if !pageRef(t) {
		t = p.stripLineNumber(t)
	}
	p.n = n
	if p.pendingTitle > 0 {
		p.resolveTitle(t)
	}
	if p.key != nil && p.keyLine(t) {
		return
	}
	if len(p.secs) > 0 {
		if keyTitleStart(t) {
			if keyTitle(t) {
				p.keyOrField(t)
				return
			}
			if rest, ok := keyTitleInline(t); ok && rest != "" && isDigit(firstRune(rest)) {
				// "参考答案：1-5 ABCDA 6.B": the key starts on its title's line.
				if es, _ := keyEntries(rest); len(es) > 0 && answerLike(es[0].val) {
					p.startKey()
					p.keyLine(rest)
					return
				}
			}
		}
		if p.bareKeyLine(t) || keyTableHead(t) {
			p.startKey()
			p.keyLine(t)
			return
		}
	}
	if p.cur != nil && p.sec != nil && p.sec.typ == "" && pageRef(t) && p.cur.lines <= 1 {
		// "P12-13" under a study-note title: the textbook page, kept as a tag.
		p.cur.tags = append(p.cur.tags, t)
		return
	}
	if partLine(t) {
		// "第1部分", "第三章 客户关系": a part of the document; it names the
		// sections that follow.
		p.closeQuestion()
		p.flushStrays(0)
		p.docT = t
		p.prevScanned = n
		return
	}
	if m := sharedLineMatch(t); m != nil {
		from, _ := strconv.Atoi(m[1])
		to, _ := strconv.Atoi(m[2])
		p.startShared(from, to)
		p.prevScanned = n
		return
	}
	p.scan(n, t)
	p.prevScanned = n
}

// partLine reports a line that is only a part or chapter heading: 第1部分,
// 第三章, 第二章 客户关系管理 (short).
func partLine(t string) bool {
	k := partPrefix(t)
	if k == 0 {
		return false
	}
	if rest := trimSpace(t[k:]); rest != "" {
		if utf8.RuneCountInString(rest) > 20 || strings.ContainsAny(rest, "。？?！!") || chapterLine(rest) {
			return false
		}
		for _, k := range sectionKeys {
			if strings.Contains(rest, k.key) {
				return false
			}
		}
	}
	return strings.Contains(t[:k], "部分") || strings.Contains(t[:k], "章") || strings.Contains(t[:k], "节") || strings.Contains(t[:k], "節")
}

// scan walks one line, splitting it at the markers the state accepts.
func (p *rawParser) scan(n int, l string) {
	p.n, p.line, p.lineStart = n, l, true
	seg := 0
	p.segStart = 0
	placed := false
	for i := 0; i < len(l); {
		if i > 0 {
			// Most runes start no marker: skip them without asking marker.
			if j := nextIn(l, i, markerStarts, markerASCII); j > i {
				i = j
				continue
			}
		}
		end, act := p.marker(l, i)
		if act == nil {
			_, size := decodeRune(l[i:])
			i += size
			continue
		}
		text := l[seg:i]
		if p.lineStart && act.heading && act.numeral == "一" && trimSpace(text) != "" && utf8.RuneCountInString(text) <= 60 {
			// "客户关系管理试题及答案一、单项选择题": the sub-document's title.
			p.closeQuestion()
			p.docT = trimSpace(text)
			if p.b.Title == "" {
				p.b.Title = p.docT
			}
		} else if p.emit(text, p.lineStart) {
			placed = true
		} else if p.lineStart && act.heading && text == "" && (act.numeral == "一" || act.numeral == "") && p.titleBefore() {
			// "综合题库" on the line before "一、单项选择题": its title.
		}
		if text != "" {
			// The text may have closed or changed the open question: ask
			// again whether the marker still counts.
			if end, act = p.marker(l, i); act == nil {
				_, size := utf8.DecodeRuneInString(l[i:])
				seg, i = i, i+size
				p.lineStart = false
				continue
			}
		}
		act.do(p)
		placed = true
		p.lineStart = false
		if end <= i {
			// A marker that stays in the text ("(1)" of a case): go on
			// after its first rune.
			_, size := utf8.DecodeRuneInString(l[i:])
			seg, i = i, i+size
			p.segStart = seg
			continue
		}
		seg, i = end, end
		p.segStart = seg
	}
	if p.emit(l[seg:], p.lineStart) {
		placed = true
	}
	if placed {
		if p.cur != nil {
			p.cur.lines++
			p.cur.lastLine = n
		}
	}
}

// action is an accepted marker.
type action struct {
	heading bool
	htyp    bank.Type // a heading's type
	numeral string
	apply   func()

	// The frequent markers (question numbers, options) say what to do in
	// these fields instead of a closure, and live in rawParser.act: no
	// allocation per marker.
	kind   actKind
	q      *rawQ
	num    int
	key    string
	spaced bool
	lower  bool
	paren  bool
	style  int // numbering style of a question number
	sec    *rawSection
	val    bool
}

// optionKeys are the option letters as strings (optionMarker's key is one
// of A–H).
var optionKeys = [...]string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"}

type actKind int

const (
	actFunc     actKind = iota // apply
	actQuestion                // openQuestion(num)
	actOption                  // option key of q
	actAnswer                  // q's answer follows
	actMark                    // a true/false mark (val) in sec, after q
)

// do carries the action out.
func (a *action) do(p *rawParser) {
	switch a.kind {
	case actQuestion:
		p.openQuestion(a.num)
		if len(p.sec.qs) == 1 {
			p.sec.style = a.style
		}
	case actOption:
		q := a.q
		if q.opts == nil {
			q.opts = make([]bank.Option, 0, 4)
		}
		q.flushOption()
		q.opts = append(q.opts, bank.Option{Key: a.key})
		q.field = fOpt
		if a.key == "A" {
			q.spaced, q.lower, q.paren = a.spaced, a.lower, a.paren
		}
	case actAnswer:
		q := a.q
		q.hasAns = true
		q.implicit = false
		q.ans.Reset()
		q.field = fAns
		p.ansCtx = p.objective(q)
	case actMark:
		q, sec := a.q, a.sec
		if q != nil && q.sec == sec && trimSpace(q.stem.String()) == "" {
			v := a.val
			q.mark = &v
			p.closeQuestion()
		} else {
			sec.marks = append(sec.marks, tfMark{after: len(sec.qs) - 1, val: a.val, line: p.n})
			p.closeQuestion()
		}
		p.ansCtx = true
	default:
		a.apply()
	}
}

// emit sends text to the open field; newLine says it starts a line. It
// reports whether the text found a place.
func (p *rawParser) emit(text string, newLine bool) bool {
	t := trimSpace(text)
	if t == "" {
		return false
	}
	q := p.cur
	if q == nil && newLine && p.sec != nil && p.sec.typ == bank.Case {
		// Case material needs no number: "资料" and the text after it.
		p.openQuestion(p.last + 1)
		q = p.cur
	}
	if q == nil {
		p.addStray(t)
		return false
	}
	if newLine && !p.continues(q, t) {
		p.closeQuestion()
		p.addStray(t)
		return false
	}
	p.lost = false
	p.strays = p.strays[:0:0]
	if newLine && p.pdfNum > 0 && wrapped(p.fieldText(q), t) {
		// A PDF breaks lines anywhere: a line that does not end a sentence
		// goes on in the next one.
		newLine = false
	}
	switch q.field {
	case fStem:
		appendText(&q.stem, t, newLine)
	case fOpt:
		appendText(&q.optBuf, t, newLine)
	case fAns:
		if p.objective(q) && !newLine {
			// "答案:A" then text: the letters (or 对/错) are the answer.
			v, rest := splitObjectiveAnswer(q, t)
			appendText(&q.ans, v, false)
			switch {
			case rest == "":
			case (strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（")) && q.expl.Len() == 0:
				// "答案:C(通常产品类型不是…)": a note on the answer.
				note := trimSpace(rest)
				for _, br := range [][2]string{{"(", ")"}, {"（", "）"}} {
					if strings.HasPrefix(note, br[0]) && strings.HasSuffix(note, br[1]) {
						note = trimSpace(note[len(br[0]) : len(note)-len(br[1])])
					}
				}
				q.expl.WriteString(note)
			default:
				p.addStray(rest)
			}
		} else {
			appendText(&q.ans, t, newLine)
		}
	case fExpl:
		appendText(&q.expl, t, newLine)
	case fPartStem:
		appendText(&q.parts[q.pi].stem, t, newLine)
	case fPartAns:
		appendText(&q.parts[q.pi].ans, t, newLine)
	case fTag:
		q.tags = appendTags(q.tags, q.x().tagName, t)
	}
	return true
}

// appendTags adds the tags a tag marker's value gives: "难度:易", or each
// knowledge point of "营销组合、定价".
func appendTags(tags []string, name, v string) []string {
	v = trimSpace(v)
	if v == "" {
		return tags
	}
	if name != "" {
		return append(tags, name+":"+v)
	}
	for _, t := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",，、;；", r) }) {
		if t = trimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

func appendText(b *textBuf, t string, newLine bool) {
	if b.Len() > 0 && newLine {
		b.WriteByte('\n')
	}
	b.WriteString(t)
}

// continues decides whether a line without a leading marker continues the
// open question.
func (p *rawParser) continues(q *rawQ, t string) bool {
	typ := q.sec.typ
	if q.holder {
		return q.field == fStem || q.field == fOpt && utf8.RuneCountInString(t) <= 30
	}
	switch q.field {
	case fExpl, fPartStem, fPartAns:
		return true
	}
	if typ == bank.Case {
		return true
	}
	if q.field == fAns && q.hasAns && q.ans.Len() == 0 {
		return true // "答案：" ended the line before: this is the answer
	}
	if p.objective(q) {
		if q.hasAns || q.mark != nil || q.inStem != "" {
			return false
		}
		if len(q.opts) > 0 {
			return utf8.RuneCountInString(t) <= 30 && q.field == fOpt
		}
		if typ == bank.TrueFalse {
			return !sentenceEnd(q.stem.String())
		}
		return true
	}
	if typ == bank.Fill {
		// A fill answer is one line; a stem goes on until it ends a sentence.
		return !q.hasAns && !sentenceEnd(q.stem.String())
	}
	// Subjective: lines after the stem are the answer — up to a line that
	// opens a numbered chapter of its own ("一、门店顾客管理的重要性"): that
	// is another document.
	if (q.implicit || q.field == fStem && !q.hasAns) && chapterLine(t) {
		return false
	}
	if q.field == fStem && !q.hasAns {
		q.field = fAns
		q.implicit = true
	}
	return true
}

func sentenceEnd(s string) bool {
	s = trimSpace(s)
	for _, e := range []string{"。", "？", "！", "?", "!", "）", ")"} {
		if strings.HasSuffix(s, e) {
			return true
		}
	}
	return false
}

func looksLikeQuestion(s string) bool {
	for _, k := range []string{"？", "?", "简述", "簡述", "论述", "論述", "什么", "什麼", "如何", "为什么", "為什麼", "哪些", "说明", "說明", "请", "請", "谈谈", "談談", "试述", "試述", "试分析", "試分析", "叙述", "敘述", "比较", "比較"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// objective reports whether q's answer is letters or a verdict.
func (p *rawParser) objective(q *rawQ) bool {
	switch q.sec.typ {
	case bank.Single, bank.Multiple, choiceType, bank.TrueFalse:
		return true
	case "":
		return len(q.opts) > 0
	}
	return false
}

// splitObjectiveAnswer cuts an objective answer value off the text after
// the answer marker: option letters ("A, B, C", "a, b, d", "(B)") or a
// verdict (错误, True, T).
func splitObjectiveAnswer(q *rawQ, t string) (string, string) {
	if q.sec.typ == bank.TrueFalse || (q.sec.typ == "" && len(q.opts) == 0) {
		for _, w := range tfAnswerWords {
			if strings.HasPrefix(t, w) && (len(t) == len(w) || !isASCIILetter(rune(t[len(w)])) || w[0] >= utf8.RuneSelf) {
				return w, trimSpace(strings.TrimLeft(t[len(w):], "。.，, "))
			}
		}
		if len(q.opts) == 0 {
			return t, ""
		}
	}
	i := 0
	parens := false
scan:
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case r >= 'A' && r <= maxOption || r >= 'Ａ' && r <= 'Ｊ':
		case r >= 'a' && r <= 'j':
			// a lone lower-case letter, not the start of a word
			if isASCIILetter(prevRune(t, i)) || i+1 < len(t) && isASCIILetter(rune(t[i+1])) {
				break scan
			}
		case r == ',' || r == '，' || r == '、' || r == ' ' || r == '\u3000':
		case r == '(' || r == '（':
			// "(B)", "(A)(B)(C)": letters in brackets; "C(通常…)" is a note
			k := strings.IndexAny(t[i:], ")）")
			if k < 0 {
				break scan
			}
			if inner := t[i+size : i+k]; inner == "" || strings.IndexFunc(inner, func(r rune) bool {
				return !(r >= 'A' && r <= maxOption || r >= 'a' && r <= 'j' || r >= 'Ａ' && r <= 'Ｊ' || strings.ContainsRune(",，、 ", r))
			}) >= 0 {
				break scan
			}
			parens = true
		case r == ')' || r == '）':
			if !parens {
				break scan
			}
		default:
			break scan
		}
		i += size
	}
	if i == 0 {
		return t, ""
	}
	v := t[:i]
	if parens {
		if strings.IndexFunc(v, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 'Ａ' && r <= 'Ｚ' }) < 0 {
			return t, "" // "(" alone: the explanation's note
		}
		v = strings.Map(func(r rune) rune {
			if strings.ContainsRune("()（）", r) {
				return -1
			}
			return r
		}, v)
	}
	return trimSpace(v), trimSpace(strings.TrimLeft(t[i:], "。.；; "))
}

// tfAnswerWords are the verdicts an answer marker may give, longest first.
var tfAnswerWords = []string{"正确", "正確", "错误", "錯誤", "对", "對", "错", "錯", "√", "×", "✓", "✗", "✔", "✘", "True", "TRUE", "true", "False", "FALSE", "false", "T", "F"}

func (p *rawParser) addStray(t string) {
	if p.cur == nil && len(p.strays) > 0 && p.strays[len(p.strays)-1].line == p.n {
		// The report shows an excerpt: a line glued from many strays
		// need not grow past it.
		if s := &p.strays[len(p.strays)-1]; len(s.text) < 400 {
			s.text += " " + t
		}
		return
	}
	p.strays = append(p.strays, stray{p.n, t})
	if len(p.strays) >= 2 {
		p.lost = true
	}
}

// flushStrays reports the stray lines; keep of them (from the front) are
// consumed as a title.
func (p *rawParser) flushStrays(keep int) {
	for _, s := range p.strays[keep:] {
		p.rep.unplaced(s.line, s.text)
	}
	p.strays = nil
}

// marker returns the marker the state accepts at l[i:], if any, with the
// index after it.
func (p *rawParser) marker(l string, i int) (int, *action) {
	if i == 0 {
		if end, act := p.bareHeading(l); act != nil {
			return end, act
		}
	}
	c := l[i]
	switch {
	case c >= '0' && c <= '9':
		return p.numberMarker(l, i)
	case c >= 'A' && c <= 'Z':
		if end, act := p.englishField(l, i); act != nil {
			return end, act
		}
		if c <= maxOption {
			return p.optionMarker(l, i, rune(c), 1, false)
		}
		return 0, nil
	case c >= 'a' && c <= 'j':
		if i+1 < len(l) && (l[i+1] == ')' || l[i+1] == '.') {
			return p.optionMarker(l, i, rune(c-'a'+'A'), 1, true)
		}
		return 0, nil
	case c == '(':
		return p.parenMarker(l, i)
	case c == '?':
		return p.garbledNumber(l, i)
	case c < utf8.RuneSelf:
		return 0, nil
	}
	r, size := decodeRune(l[i:])
	if !markerStarts.has(r) {
		return 0, nil
	}
	switch {
	case r >= 'Ａ' && r <= 'Ｊ':
		return p.optionMarker(l, i, r-'Ａ'+'A', size, false)
	case r >= '０' && r <= '９':
		return p.numberMarker(l, i)
	case isNumeral(r):
		return p.headingMarker(l, i)
	case r == '（':
		return p.parenMarker(l, i)
	case r == '√' || r == '×' || r == '✓' || r == '✗' || r == '✔' || r == '✘':
		return p.markMarker(l, i, i+size, r == '√' || r == '✓' || r == '✔')
	case r == '答' || r == '正' || r == '参' || r == '參' || r == '标' || r == '標' || r == '【' || r == '解' || r == '难' || r == '知' || r == '考':
		return p.fieldMarker(l, i)
	case r == '问' || r == '問':
		return p.askMarker(l, i)
	case r == '第':
		return p.ordinalMarker(l, i)
	}
	return 0, nil
}

func prevRune(l string, i int) rune {
	if i == 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(l[:i])
	return r
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// headingMarker: 一、单项选择题(每题2分,共20分)
func (p *rawParser) headingMarker(l string, i int) (int, *action) {
	j := i
	for j < len(l) {
		r, size := utf8.DecodeRuneInString(l[j:])
		if !isNumeral(r) {
			break
		}
		j += size
	}
	numeral := l[i:j]
	if utf8.RuneCountInString(numeral) > 3 || isNumeral(prevRune(l, i)) {
		return 0, nil
	}
	if pr := prevRune(l, i); pr == '第' || pr == '其' || pr == '之' || pr == '（' || pr == '(' {
		return 0, nil
	}
	sep, size := utf8.DecodeRuneInString(l[j:])
	if sep != '、' && sep != '.' && sep != '．' && sep != '，' {
		return 0, nil
	}
	j += size
	for j < len(l) && (l[j] == ' ') {
		j++
	}
	end, typ, ok := headingRest(l, j)
	if !ok {
		return 0, nil
	}
	name := trimSpace(l[i:end])
	return end, &action{heading: true, numeral: numeral, htyp: typ, apply: func() { p.openSection(name, typ) }}
}

// headingRest reads the keyword of a heading at l[j:] plus an optional
// "(每题2分,共20分)" and colon; it returns the end.
func headingRest(l string, j int) (int, bank.Type, bool) {
	rest := l[j:]
	rest = strings.TrimPrefix(rest, "【")
	if r, _ := decodeRune(rest); !headingStarts.has(r) {
		return 0, "", false
	}
	off := len(l) - len(rest)
	first, _ := decodeRune(rest)
	for _, ki := range sectionKeysByFirst[first] {
		k := sectionKeys[ki]
		if !strings.HasPrefix(rest, k.key) {
			continue
		}
		end := off + len(k.key)
		for _, s := range []string{"题", "題", "】"} {
			if strings.HasPrefix(l[end:], s) {
				end += len(s)
			}
		}
		// optional parenthetical
		if strings.HasPrefix(l[end:], "(") || strings.HasPrefix(l[end:], "（") {
			k2 := strings.IndexAny(l[end:], ")）")
			if k2 > 0 && utf8.RuneCountInString(l[end:end+k2]) <= 120 {
				_, sz := utf8.DecodeRuneInString(l[end+k2:])
				end += k2 + sz
			}
		}
		for _, s := range []string{"：", ":"} {
			if strings.HasPrefix(l[end:], s) {
				end += len(s)
			}
		}
		if end < len(l) {
			r, _ := utf8.DecodeRuneInString(l[end:])
			if !(unicode.IsSpace(r) || r >= '0' && r <= '9' || r == '(' || r == '（' || r == '【' || strings.HasSuffix(l[:end], "题") || strings.HasSuffix(l[:end], "題") || strings.HasSuffix(l[:end], "：") || strings.HasSuffix(l[:end], ":") || strings.HasSuffix(l[:end], ")") || strings.HasSuffix(l[:end], "）")) {
				continue
			}
		}
		return end, k.typ, true
	}
	return 0, "", false
}

// bareHeading: a whole line that is only a heading keyword ("判断题：").
func (p *rawParser) bareHeading(l string) (int, *action) {
	t := trimSpace(l)
	if t != "" && t[0] < utf8.RuneSelf {
		if typ, ok := englishHeading(t); ok {
			return len(l), &action{heading: true, htyp: typ, apply: func() { p.openSection(t, typ) }}
		}
	}
	start := partPrefix(t)
	end, typ, ok := headingRest(t, start)
	if !ok || trimSpace(t[end:]) != "" {
		return 0, nil
	}
	// A bare two-character word ("判断", "选择") on a line is not enough.
	if kw := strings.Trim(t[start:end], "【】：: "); !strings.ContainsAny(kw, "题題") && utf8.RuneCountInString(kw) < 4 {
		return 0, nil
	}
	return len(l), &action{heading: true, htyp: typ, apply: func() { p.openSection(t, typ) }}
}

// englishTypes are the type names of English section headings.
var englishTypes = map[string]bank.Type{
	"multiple choice": choiceType, "single choice": bank.Single, "single answer": bank.Single, "mcq": choiceType, "mcqs": choiceType,
	"choice": choiceType, "choose the best answer": choiceType, "choose the correct answer": choiceType,
	"multiple answer": bank.Multiple, "multiple answers": bank.Multiple, "multiple response": bank.Multiple,
	"multiple select": bank.Multiple, "multiple selection": bank.Multiple, "select all that apply": bank.Multiple,
	"true or false": bank.TrueFalse, "true/false": bank.TrueFalse, "true false": bank.TrueFalse, "t/f": bank.TrueFalse,
	"true or false statements": bank.TrueFalse, "judgment": bank.TrueFalse, "judgement": bank.TrueFalse,
	"fill in the blank": bank.Fill, "fill in the blanks": bank.Fill, "fill in blanks": bank.Fill, "completion": bank.Fill,
	"blank filling": bank.Fill, "gap filling": bank.Fill,
	"short answer": bank.Short, "short answers": bank.Short, "short questions": bank.Short, "questions and answers": bank.Short,
	"calculation": bank.Short, "calculations": bank.Short, "problems": bank.Short,
	"essay": bank.Essay, "essays": bank.Essay, "long answer": bank.Essay, "discussion": bank.Essay,
	"definitions": bank.Definition, "definition": bank.Definition, "key terms": bank.Definition, "terms": bank.Definition,
	"define the following terms": bank.Definition,
	"case study":                 bank.Case, "case studies": bank.Case, "case analysis": bank.Case,
}

// englishHeading reads a whole line that is an English section heading:
// "Part I. Multiple Choice", "Section B: True/False", "III. Fill in the
// Blanks", "Short Answer Questions (5 points each)".
func englishHeading(t string) (bank.Type, bool) {
	if len(t) > 80 {
		return "", false
	}
	// ASCII up to a bracket: look no further in Chinese lines.
	for i := 0; i < len(t) && t[i] != '('; i++ {
		if t[i] >= utf8.RuneSelf {
			if !strings.HasPrefix(t[i:], "（") {
				return "", false
			}
			break
		}
	}
	if _, end := englishOrdinal(t); end > 0 {
		t = t[end:]
	}
	t = strings.TrimLeft(t, ".:：、 ")
	if k := strings.IndexAny(t, "(（"); k > 0 {
		t = t[:k]
	}
	t = strings.ToLower(strings.TrimRight(t, ".:： "))
	t = strings.Join(strings.Fields(strings.ReplaceAll(t, "-", " ")), " ")
	for _, suffix := range []string{" questions", " question", " items", " section", " part"} {
		t = strings.TrimSuffix(t, suffix)
	}
	typ, ok := englishTypes[t]
	return typ, ok
}

func (p *rawParser) openSection(name string, typ bank.Type) {
	p.closeSection()
	p.flushStrays(0)
	p.lost = false
	if p.docT != "" {
		name = p.docT + " · " + name
	}
	p.sec = &rawSection{name: name, typ: typ, line: p.n}
	p.secs = append(p.secs, p.sec)
	p.prevEnd, p.last = p.last, 0
	p.shared = nil
}

// numberMarker: a question number "12." "12、" "12．", or "12)" "12）" at
// the start of a line; in ASCII or full-width digits, of any length.
func (p *rawParser) numberMarker(l string, i int) (int, *action) {
	pr := prevRune(l, i)
	if isDigit(pr) || pr == '.' || pr == '．' || pr == '-' || pr == '第' || pr == '~' || pr == '—' || pr == '_' || pr == '(' || pr == '（' || pr == '/' {
		return 0, nil
	}
	q := p.cur
	inAns := q != nil && q.field == fAns
	if isASCIILetter(pr) && !inAns {
		return 0, nil
	}
	num, j := readNumber(l, i)
	if j == i || num == 0 {
		return 0, nil
	}
	k := j
	for k < len(l) && l[k] == ' ' {
		k++
	}
	sep, size := utf8.DecodeRuneInString(l[k:])
	lineStart := blankBefore(l, i) || p.afterTag(i)
	style := numDot
	switch sep {
	case '.', '、', '．':
	case ')', '）':
		// "1)" numbers questions only where the section's questions are
		// numbered so: in others it numbers the points of an answer.
		if style = numParen; !lineStart || !p.styleFits(style) {
			return 0, nil
		}
	default:
		return 0, nil
	}
	end := k + size
	atStart := lineStart || i <= 16 && onlyMark(l[:i])
	if sep != '、' && end < len(l) && isDigitAt(l, end) {
		// "3.5" is a decimal; but "4．1KB等于（ ）字节" and "7.3.5英寸软盘"
		// are question 4 and 7 whose stems start with a digit: the number
		// expected next, at the start of a line, with text after the digits.
		if !(atStart && p.expected(num) && digitStem(l[end:])) {
			return 0, nil
		}
	}
	rest := l[end:]
	if !p.acceptNumber(num, atStart, rest) {
		return 0, nil
	}
	for end < len(l) && l[end] == ' ' {
		end++
	}
	p.act = action{kind: actQuestion, num: num, style: style}
	return end, &p.act
}

// Numbering styles of a section's questions.
const (
	numDot     = iota // 1. 1、 1． 第1题
	numParen          // 1)
	numBracket        // （1）
)

// styleFits reports that a question number in style may open the next
// question: the section has none yet, or numbers its questions so.
func (p *rawParser) styleFits(style int) bool {
	return p.sec == nil || len(p.sec.qs) == 0 || p.sec.style == style || p.cur != nil && p.cur.holder
}

// maxNumberDigits bounds a question number (9,999,999 questions).
const maxNumberDigits = 7

// readNumber reads the decimal digits (ASCII or full-width) at l[i:]; j
// is the index after them (i when there are none or too many).
func readNumber(l string, i int) (num, j int) {
	j = i
	digits := 0
	for j < len(l) {
		if c := l[j]; c >= '0' && c <= '9' {
			num = num*10 + int(c-'0')
			j++
		} else if r, size := decodeRune(l[j:]); r >= '０' && r <= '９' {
			num = num*10 + int(r-'０')
			j += size
		} else {
			break
		}
		if digits++; digits > maxNumberDigits {
			return 0, i
		}
	}
	return num, j
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isDigitAt(l string, i int) bool {
	if l[i] < utf8.RuneSelf {
		return l[i] >= '0' && l[i] <= '9'
	}
	r, _ := decodeRune(l[i:])
	return r >= '０' && r <= '９'
}

// digitStem reports text that starts with a number and goes on with more
// than a number: "1KB等于", "3.5英寸软盘", not "5" or "2.5 3.5".
func digitStem(s string) bool {
	_, j := readNumber(s, 0)
	if j < len(s) && (s[j] == '.' || strings.HasPrefix(s[j:], "．")) {
		k := j + 1
		if s[j] != '.' {
			k = j + len("．")
		}
		if _, k2 := readNumber(s, k); k2 > k {
			j = k2
		}
	}
	if j >= len(s) {
		return false
	}
	r, _ := decodeRune(s[j:])
	return !unicode.IsSpace(r) && r != '.' && r != '．' && r != '%' && r != '％'
}

// expected reports that num is the question number that comes next: the
// one after the last, or the first of a section not yet numbered.
func (p *rawParser) expected(num int) bool {
	if num == p.last+1 {
		return true
	}
	return p.sec != nil && len(p.sec.qs) == 0 && (num == 1 || num == p.prevEnd+1)
}

// afterTag reports that l[:i] ends with a type tag met on this line and
// nothing after it ("【单选题】1.4P营销组合…": the number starts the line).
func (p *rawParser) afterTag(i int) bool {
	return p.tagLine == p.n && p.tagEnd <= i && blankBefore(p.line[p.tagEnd:i], i-p.tagEnd)
}

// onlyMark reports a line prefix that is just a true/false mark ("×20、",
// "(错误)12.").
func onlyMark(s string) bool {
	s = trimSpace(s)
	if s == "" || isASCIILetter(rune(s[0])) {
		return false
	}
	_, ok := tfWord(s)
	return ok
}

func (p *rawParser) acceptNumber(num int, atStart bool, rest string) bool {
	q := p.cur
	sec := p.sec
	subjective := q != nil && !p.objective(q) && q.sec.typ != bank.Case && q.sec.typ != bank.Fill &&
		(q.field == fAns || q.field == fStem && q.stem.Len() > 0)
	// Numbered points inside a subjective answer (or right under its stem,
	// where they start the answer).
	if subjective {
		if num == 1 {
			q.sub = 1
			if q.field == fStem {
				q.field, q.implicit = fAns, true
			}
			return false
		}
		if q.sub > 0 && num == q.sub+1 {
			if !(num == p.last+1 && looksLikeQuestion(firstSentence(rest))) {
				q.sub++
				return false
			}
		}
	}
	if p.lost {
		return atStart && num == 1
	}
	if num == p.last+1 {
		return true
	}
	if sec != nil && len(sec.qs) == 0 && (num == 1 || num == p.prevEnd+1 || atStart) && (q == nil || q.sec != sec || q.holder) {
		return true
	}
	if atStart && num == 1 {
		return true
	}
	if atStart && p.sec == nil && q == nil {
		// The first question of a document that starts numbering further on
		// ("996. …": an excerpt of a larger bank).
		return true
	}
	if p.ansCtx && num > p.last && num <= p.last+10 {
		return true
	}
	if atStart && q != nil && !q.holder && num > p.last && num <= p.last+1000 && trimSpace(rest) != "" {
		// The line goes into q, but it looks like a question further on
		// (numbering that skips one): the report says so.
		if x := q.x(); len(x.absorbed) == 0 || x.absorbed[len(x.absorbed)-1][0] != p.n {
			x.absorbed = append(x.absorbed, [2]int{p.n, num})
		}
	}
	return false
}

// firstSentence is s up to its first sentence end (kept, so a question mark
// shows), at most 60 characters.
func firstSentence(s string) string {
	n := 0
	for i, r := range s {
		n++
		if strings.ContainsRune("。？！?!；;\n", r) || n > 60 {
			return s[:i+utf8.RuneLen(r)]
		}
	}
	return s
}

func (p *rawParser) openQuestion(num int) {
	restart := num == 1 && p.last > 0 || num <= p.last
	p.closeQuestion()
	if p.sec == nil || restart && p.sec != nil && len(p.sec.qs) > 0 {
		p.closeSection()
		// A new run of numbering without a heading: a new sub-document
		// whose title, if any, is the stray line before it.
		title := ""
		keep := 0
		if len(p.strays) > 0 && utf8.RuneCountInString(p.strays[0].text) <= 40 {
			title, keep = p.strays[0].text, 1
		}
		p.flushStrays(keep)
		var typ bank.Type
		name := title
		if p.sec != nil && title == "" {
			typ, name = p.sec.typ, p.sec.name
		}
		if title != "" {
			p.docT = title
		}
		p.sec = &rawSection{name: name, typ: typ, line: p.n}
		p.secs = append(p.secs, p.sec)
		p.prevEnd = p.last
	}
	p.flushStrays(0)
	p.lost = false
	p.last = num
	if len(p.qslab) == 0 {
		p.qslab = make([]rawQ, 256) // fewer, larger allocations
	}
	q := &p.qslab[0]
	p.qslab = p.qslab[1:]
	q.sec, q.num, q.line, q.idx = p.sec, num, p.n, len(p.allQs)
	p.sec.qs = append(p.sec.qs, q)
	p.allQs = append(p.allQs, q)
	p.cur = q
	p.ansCtx = false
	if h := p.shared; h != nil {
		hx := h.x()
		if h.sec == p.sec && (hx.sharedTo == 0 || num >= hx.sharedFrom && num <= hx.sharedTo) {
			q.x().shared = h
			hx.sharedUses++
		} else if hx.sharedTo != 0 && num > hx.sharedTo || h.sec != p.sec {
			p.shared = nil
		}
	}
}

// sharedLine reads "（7～9题共用备选答案）" / "(4～6题共用题干)": the options
// or the case text that follow belong to questions from to to.
var sharedLine = regexp.MustCompile(`^[（(【\[]?\s*(?:(\d+)\s*[～~\-—–至到]\s*(\d+)\s*题?\s*)?共用(备选答案|备选项|选项|題幹|题干|選項|備選答案)\s*[）)】\]]?\s*[：:]?$`)

func sharedLineMatch(t string) []string {
	if len(t) > 80 || !strings.Contains(t, "共用") {
		return nil
	}
	return sharedLine.FindStringSubmatch(t)
}

// startShared makes a holder for what a group of questions shares (B1
// questions' options, A3 questions' case text) the current question while
// it is read.
func (p *rawParser) startShared(from, to int) {
	p.closeQuestion()
	p.flushStrays(0)
	if p.sec == nil {
		p.sec = &rawSection{line: p.n}
		p.secs = append(p.secs, p.sec)
	}
	h := &rawQ{sec: p.sec, line: p.n, holder: true, more: &rawQMore{sharedFrom: from, sharedTo: to}}
	p.shared, p.cur = h, h
	p.holders = append(p.holders, h)
}

// bOptions reports a section of B1 questions (配伍选择): options first, then
// the questions that choose among them.
func bOptions(sec *rawSection) bool {
	return sec != nil && (strings.Contains(sec.name, "B1型") || strings.Contains(sec.name, "B型") || strings.Contains(sec.name, "配伍"))
}

func (p *rawParser) closeQuestion() {
	p.cur = nil
	p.ansCtx = false
}

// optionMarker: "A." "A、" "A．" "A)" "A：" or "A " before non-ASCII text;
// lower says the letter was written in lower case ("a)" "a." before a
// space: English quizzes), which takes ) or . only.
func (p *rawParser) optionMarker(l string, i int, key rune, size int, lower bool) (int, *action) {
	q := p.cur
	if q == nil && key == 'A' && bOptions(p.sec) && blankBefore(l, i) && p.shared == nil {
		// B1 questions: the options come first, for the questions after them.
		p.startShared(0, 0)
		q = p.cur
	}
	if q == nil || !p.optionsOpen(q) {
		return 0, nil
	}
	want := 'A' + rune(len(q.opts))
	if key != want || key > maxOption {
		return 0, nil
	}
	pr := prevRune(l, i)
	if isDigit(pr) || pr == '(' || pr == '（' || pr == '[' || pr == '【' || pr == '\'' || pr == '"' {
		return 0, nil
	}
	// "交易型CRMB. 客户保持型CRM": after option A, an upper-case letter may
	// end the previous option's text.
	upperBefore := pr >= 'A' && pr <= 'Z' && key != 'A' && !lower
	if isASCIILetter(pr) && !upperBefore {
		return 0, nil
	}
	if key != 'A' && p.emptyOption(q, l, i) {
		return 0, nil
	}
	j := i + size
	if j >= len(l) {
		return 0, nil
	}
	sep, ssize := utf8.DecodeRuneInString(l[j:])
	spaced := false
	switch {
	case lower:
		// "a) Data link layer", "b. Network layer"
		if sep != ')' && sep != '）' && sep != '.' || key != 'A' && !q.lower {
			return 0, nil
		}
		if j += ssize; j < len(l) && l[j] != ' ' && l[j] != '\t' {
			return 0, nil
		}
	case sep == '.' || sep == '．' || sep == '、' || sep == ')' || sep == '）' || sep == ':' || sep == '：':
		if upperBefore && j+ssize < len(l) && l[j+ssize] != ' ' && l[j+ssize] < utf8.RuneSelf {
			return 0, nil
		}
		j += ssize
	case sep == ' ' || sep == '\u3000':
		// "A 以客户为中心": a space, then text that is not ASCII (once
		// option A was written so, "B CRM核心活动" too).
		k := j + ssize
		for k < len(l) && l[k] == ' ' {
			k++
		}
		if k >= len(l) || upperBefore {
			return 0, nil
		}
		r, _ := utf8.DecodeRuneInString(l[k:])
		if !(unicode.Is(unicode.Han, pr) || pr == 0 || unicode.IsSpace(pr) || unicode.IsPunct(pr)) {
			return 0, nil
		}
		if r < utf8.RuneSelf && !(q.spaced && key != 'A' && r != ' ') {
			return 0, nil
		}
		j = k
		spaced = true
	default:
		return 0, nil
	}
	for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
		j++
	}
	p.act = action{kind: actOption, q: q, key: optionKeys[key-'A'], spaced: spaced, lower: lower}
	return j, &p.act
}

// answerBeforeOptions reports a choice question whose answer letters came
// before its options ("1．……（ ）答案：D" on the stem's line, the options
// under it): the options may still come.
func answerBeforeOptions(q *rawQ) bool {
	if q.field != fAns || len(q.opts) > 0 || q.stem.Len() == 0 {
		return false
	}
	switch q.sec.typ {
	case bank.Single, bank.Multiple, choiceType, "":
	default:
		return false
	}
	a := trimSpace(q.ans.String())
	_, ok := bank.ParseChoices(a)
	return ok && len(a) <= 20
}

// maxOption is the last option letter the reader takes.
const maxOption = 'J'

// optionsOpen reports that q may take (more) options.
func (p *rawParser) optionsOpen(q *rawQ) bool {
	if q.hasAns && q.field != fOpt && !answerBeforeOptions(q) {
		return false
	}
	if q.mark != nil || q.field == fExpl || q.field == fPartStem || q.field == fPartAns || q.field == fTag || q.field == fAns && !answerBeforeOptions(q) {
		return false
	}
	switch q.sec.typ {
	case bank.Short, bank.Essay, bank.Definition, bank.Fill, bank.Case:
		return false
	}
	return true
}

// emptyOption reports that the option before one at l[i:] would stay
// empty: nothing between its marker and this one on the line ("A. B. F.
// Skinner" is option A, the psychologist).
func (p *rawParser) emptyOption(q *rawQ, l string, i int) bool {
	if q.field != fOpt || len(q.opts) == 0 || blankBefore(l, i) {
		return false
	}
	return trimSpace(q.optBuf.String()) == "" && p.segStart <= i && trimSpace(l[p.segStart:i]) == ""
}

// fieldKind is what a field marker opens.
type fieldKind int

const (
	fkAnswer fieldKind = iota // 答案： 【答案】 Answer:
	fkReply                   // 答： (a subjective answer or a case's)
	fkExpl                    // 解析： 【解析】 Explanation:
	fkTag                     // 【难度】 【知识点】: a tag
)

// fieldWords are the field markers, longest first where one starts another.
var fieldWords = []struct {
	word string
	kind fieldKind
	tag  string // for fkTag: the tag's name, kept before its value ("难度:易"); "" keeps the value alone
}{
	{"正确答案", fkAnswer, ""}, {"正確答案", fkAnswer, ""}, {"参考答案", fkAnswer, ""}, {"參考答案", fkAnswer, ""},
	{"标准答案", fkAnswer, ""}, {"標準答案", fkAnswer, ""}, {"答案解析", fkExpl, ""}, {"答案", fkAnswer, ""},
	{"【答案】", fkAnswer, ""}, {"【参考答案】", fkAnswer, ""}, {"【正确答案】", fkAnswer, ""}, {"答", fkReply, ""},
	{"解析", fkExpl, ""}, {"【解析】", fkExpl, ""}, {"【答案解析】", fkExpl, ""}, {"【分析】", fkExpl, ""}, {"【点评】", fkExpl, ""},
	{"【难度】", fkTag, "难度"}, {"难度", fkTag, "难度"}, {"【難度】", fkTag, "难度"},
	{"【知识点】", fkTag, ""}, {"知识点", fkTag, ""}, {"【考点】", fkTag, ""}, {"考点", fkTag, ""}, {"【章节】", fkTag, ""},
}

// fieldWordsByFirst indexes fieldWords by their first rune (in order).
var fieldWordsByFirst = func() map[rune][]int {
	m := map[rune][]int{}
	for i, f := range fieldWords {
		r, _ := utf8.DecodeRuneInString(f.word)
		m[r] = append(m[r], i)
	}
	return m
}()

// fieldMarker: 答案: 正确答案: 参考答案: 标准答案: 【答案】 答: 解析: 【解析】,
// the tags 【难度】 【知识点】 (or 难度： 知识点：), and type tags (【单选题】).
func (p *rawParser) fieldMarker(l string, i int) (int, *action) {
	if l[i] == 0xe3 && strings.HasPrefix(l[i:], "【") {
		if end, act := p.typeTag(l, i); act != nil {
			return end, act
		}
	}
	q := p.cur
	if q == nil {
		return 0, nil
	}
	rest := l[i:]
	first, _ := decodeRune(rest)
	for _, fi := range fieldWordsByFirst[first] {
		f := fieldWords[fi]
		if !strings.HasPrefix(rest, f.word) {
			continue
		}
		end := i + len(f.word)
		if !strings.HasPrefix(f.word, "【") {
			if strings.HasPrefix(l[end:], "：") {
				end += len("：")
			} else if strings.HasPrefix(l[end:], ":") {
				end++
			} else if f.kind != fkAnswer {
				continue
			} else if !(end < len(l) && (l[end] >= 'A' && l[end] <= maxOption || l[end] == ' ')) {
				continue
			}
		}
		for end < len(l) && l[end] == ' ' {
			end++
		}
		return p.fieldAction(q, f.kind, f.tag, end)
	}
	return 0, nil
}

// englishFields are the English field markers (followed by a colon).
var englishFields = []struct {
	word string
	kind fieldKind
}{
	{"correct answer", fkAnswer}, {"right answer", fkAnswer}, {"answers", fkAnswer}, {"answer", fkAnswer}, {"ans", fkAnswer},
	{"key", fkAnswer}, {"solution", fkAnswer}, {"explanation", fkExpl}, {"analysis", fkExpl}, {"rationale", fkExpl},
}

// englishField: "Answer: b", "Correct answer: A, C", "Explanation: …".
func (p *rawParser) englishField(l string, i int) (int, *action) {
	q := p.cur
	if q == nil || i+3 > len(l) || !isASCIILetter(rune(l[i+1])) || !strings.ContainsRune("ACEKRSacekrs", rune(l[i])) || isASCIILetter(prevRune(l, i)) {
		return 0, nil
	}
	for _, f := range englishFields {
		end := i + len(f.word)
		if end > len(l) || !strings.EqualFold(l[i:end], f.word) {
			continue
		}
		for end < len(l) && l[end] == ' ' {
			end++
		}
		switch {
		case strings.HasPrefix(l[end:], ":"):
			end++
		case strings.HasPrefix(l[end:], "："):
			end += len("：")
		default:
			continue
		}
		for end < len(l) && l[end] == ' ' {
			end++
		}
		return p.fieldAction(q, f.kind, "", end)
	}
	return 0, nil
}

// fieldAction is what a field marker ending at end does to q, if the state
// accepts it.
func (p *rawParser) fieldAction(q *rawQ, kind fieldKind, tag string, end int) (int, *action) {
	switch kind {
	case fkExpl:
		return end, &action{apply: func() { q.field = fExpl; p.ansCtx = false }}
	case fkTag:
		return end, &action{apply: func() { q.field, q.x().tagName = fTag, tag }}
	case fkReply:
		if q.sec.typ == bank.Case {
			if len(q.parts) == 0 || q.parts[q.pi].hasAns {
				return 0, nil
			}
			return end, &action{apply: func() {
				q.parts[q.pi].hasAns = true
				q.field = fPartAns
			}}
		}
		if p.objective(q) || q.hasAns {
			return 0, nil
		}
	}
	if q.hasAns && q.field != fStem {
		return 0, nil
	}
	if q.sec.typ == bank.Case {
		open := 0 // sub-questions at the end still without an answer
		for k := len(q.parts) - 1; k >= 0 && !q.parts[k].hasAns; k-- {
			open++
		}
		switch {
		case open >= 2:
			// "问：(1)…(2)…" then "答案：(1)…(2)…": the answers of the open
			// sub-questions follow one another, each after its number.
			return end, &action{apply: func() {
				q.grouped, q.x().group = true, len(q.parts)-open
				q.pi = q.x().group
				q.parts[q.pi].hasAns = true
				q.field = fPartAns
			}}
		case open == 1:
			return end, &action{apply: func() {
				q.pi = len(q.parts) - 1
				q.parts[q.pi].hasAns = true
				q.field = fPartAns
			}}
		}
		return end, &action{apply: func() {
			q.parts = append(q.parts, &rawPart{hasAns: true})
			q.pi = len(q.parts) - 1
			q.field = fPartAns
		}}
	}
	p.act = action{kind: actAnswer, q: q}
	return end, &p.act
}

// typeTag: "【单选题】" before a question types the questions after it (a
// section of its own when the type changes).
func (p *rawParser) typeTag(l string, i int) (int, *action) {
	k := strings.Index(l[i:], "】")
	if k < 0 || k > 30 {
		return 0, nil
	}
	inner := trimSpace(l[i+len("【") : i+k])
	typ, ok := bank.Type(""), false
	for _, s := range sectionKeys {
		if s.key == inner || s.key+"题" == inner || s.key+"題" == inner {
			typ, ok = s.typ, true // 选择题 stays choice
			break
		}
	}
	if !ok {
		return 0, nil
	}
	end := i + k + len("】")
	for end < len(l) && l[end] == ' ' {
		end++
	}
	return end, &action{heading: true, apply: func() {
		p.closeQuestion()
		if p.sec == nil || p.sec.typ != typ || !p.sec.tagged {
			p.openSection(inner, typ)
			p.sec.tagged = true
		}
		p.tagLine, p.tagEnd = p.n, end
	}}
}

// askMarker: "问：" opens a sub-question of a case.
func (p *rawParser) askMarker(l string, i int) (int, *action) {
	q := p.cur
	if q == nil || q.sec.typ != bank.Case || !blankBefore(l, i) {
		return 0, nil
	}
	rest := l[i+len("问"):]
	end := i + len("问")
	switch {
	case strings.HasPrefix(rest, "："):
		end += len("：")
	case strings.HasPrefix(rest, ":"):
		end++
	default:
		return 0, nil
	}
	return end, &action{apply: func() { p.openPart(q) }}
}

func (p *rawParser) openPart(q *rawQ) {
	q.parts = append(q.parts, &rawPart{})
	q.pi = len(q.parts) - 1
	q.field = fPartStem
}

// parenMarker: "(√)" "(错误)" marks, "(1)" case sub-questions at a line
// start, "(ABC)" answers inside a stem.
func (p *rawParser) parenMarker(l string, i int) (int, *action) {
	if end, act := p.parenHeading(l, i); act != nil {
		return end, act
	}
	_, size := utf8.DecodeRuneInString(l[i:])
	// Only a close within 24 bytes counts: search no further.
	win := l[i+size:]
	if len(win) > 24+len("）") {
		win = win[:24+len("）")]
	}
	j := strings.IndexAny(win, ")）")
	if j < 0 || j > 24 {
		return 0, nil
	}
	inner := trimSpace(l[i+size : i+size+j])
	_, csize := utf8.DecodeRuneInString(l[i+size+j:])
	end := i + size + j + csize
	q := p.cur
	if q != nil && inner != "" && utf8.RuneCountInString(inner) == 1 {
		if key, lower := optionLetter(inner); key != 0 && p.parenOption(q, l, i, end, key, lower) {
			// "(A) 先进先出 (B) 后进先出", "（A）40～60次", "(a) Linux"
			for end < len(l) && (l[end] == ' ' || l[end] == '\t') {
				end++
			}
			p.act = action{kind: actOption, q: q, key: optionKeys[key-'A'], lower: lower, paren: true}
			return end, &p.act
		}
	}
	if v, ok := tfWord(inner); ok && inner != "" && !isASCIILetter(rune(inner[0])) {
		if q != nil && q.sec.typ != bank.TrueFalse && q.sec.typ != "" && !(p.sec != q.sec) {
			return 0, nil
		}
		if q == nil && (p.sec == nil || p.sec.typ != bank.TrueFalse) {
			return 0, nil
		}
		return p.markMarker(l, i, end, v)
	}
	if q != nil && q.sec.typ == bank.Case && q.grouped && q.field == fPartAns && allDigits(inner) && (blankBefore(l, i) || p.segStart <= i && trimSpace(l[p.segStart:i]) == "") {
		// "(2)" in grouped answers: the answer of sub-question 2 follows.
		if k, _ := strconv.Atoi(inner); k-1 >= q.x().group && k-1 < len(q.parts) {
			return end, &action{apply: func() {
				q.pi = k - 1
				q.parts[q.pi].hasAns = true
			}}
		}
	}
	if q != nil && q.sec.typ == bank.Case && allDigits(inner) && blankBefore(l, i) {
		return i, &action{apply: func() { p.openPart(q) }}
	}
	if blankBefore(l, i) && (q == nil || q.field != fExpl) {
		// "（1）辛亥革命的历史意义有（ ）": a question numbered in brackets,
		// in sequence.
		if num, k := readNumber(inner, 0); k == len(inner) && num > 0 && p.expected(num) && p.styleFits(numBracket) && p.acceptNumber(num, true, l[end:]) {
			for end < len(l) && l[end] == ' ' {
				end++
			}
			p.act = action{kind: actQuestion, num: num, style: numBracket}
			return end, &p.act
		}
	}
	if q != nil && q.field == fStem && !q.hasAns && q.inStem == "" {
		if c, ok := bank.ParseChoices(inner); ok && strings.IndexFunc(inner, func(r rune) bool { return r >= 'A' && r <= maxOption || r >= 'Ａ' && r <= 'Ｊ' }) >= 0 {
			switch q.sec.typ {
			case bank.Single, bank.Multiple, choiceType, "":
				return end, &action{apply: func() {
					q.inStem = c
					q.stem.WriteString("（ ）")
				}}
			}
		}
	}
	return 0, nil
}

// optionLetter reads an option letter (A–J, a–j, Ａ–Ｊ) as upper case.
func optionLetter(s string) (key rune, lower bool) {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case r >= 'A' && r <= maxOption:
		return r, false
	case r >= 'a' && r <= 'j':
		return r - 'a' + 'A', true
	case r >= 'Ａ' && r <= 'Ｊ':
		return r - 'Ａ' + 'A', false
	}
	return 0, false
}

// parenOption reports that the bracketed letter at l[i:end] opens q's next
// option: it is the letter expected, stands at the start of the line or
// after a space (or, once options are bracketed, right after the previous
// option's text), and text follows it. "…的是（A）。" and "(ABC)" in a
// stem are answers, not options.
func (p *rawParser) parenOption(q *rawQ, l string, i, end int, key rune, lower bool) bool {
	if !p.optionsOpen(q) || key != 'A'+rune(len(q.opts)) || key > maxOption {
		return false
	}
	if key != 'A' && (lower != q.lower || !q.paren) {
		return false
	}
	pr := prevRune(l, i)
	if !(blankBefore(l, i) || pr == ' ' || pr == '\t' || pr == '\u3000' || key != 'A' && q.field == fOpt && (trimSpace(q.optBuf.String()) != "" || trimSpace(l[p.segStart:i]) != "")) {
		return false
	}
	if key == 'A' && q.stem.Len() == 0 {
		return false
	}
	rest := trimSpace(l[end:])
	if rest == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !strings.ContainsRune("。．.，,；;：:）)", r)
}

// markMarker: a true/false mark. Right after the number it belongs to that
// statement; elsewhere it stands between statements and the section's
// layout decides (see decideMarks).
func (p *rawParser) markMarker(l string, i, end int, v bool) (int, *action) {
	q := p.cur
	sec := p.sec
	if sec == nil {
		return 0, nil
	}
	if q != nil && q.sec == sec {
		if p.objective(q) && len(q.opts) > 0 || q.hasAns || q.mark != nil || q.field != fStem {
			return 0, nil
		}
		if sec.typ != bank.TrueFalse && sec.typ != "" {
			return 0, nil
		}
	} else if sec.typ != bank.TrueFalse {
		return 0, nil
	}
	p.act = action{kind: actMark, q: q, sec: sec, val: v}
	return end, &p.act
}

// garbledNumber: "…斫狻?.客户满意度高…" — mojibake ate the digits of a
// question number. After an answered question, "?." followed by text counts
// as the next number; the question is noted for the learner to check.
func (p *rawParser) garbledNumber(l string, i int) (int, *action) {
	q := p.cur
	if q == nil || !(q.hasAns && (q.field == fExpl || q.field == fAns)) || p.last == 0 {
		return 0, nil
	}
	if pr := prevRune(l, i); pr < utf8.RuneSelf {
		return 0, nil
	}
	sep, size := utf8.DecodeRuneInString(l[i+1:])
	if sep != '.' && sep != '．' && sep != '、' {
		return 0, nil
	}
	end := i + 1 + size
	if end >= len(l) || l[end] == '?' || l[end] < utf8.RuneSelf && !(l[end] >= 'A' && l[end] <= 'Z') {
		return 0, nil
	}
	num := p.last + 1
	return end, &action{apply: func() {
		prev := p.cur
		p.openQuestion(num)
		if prev != nil {
			prev.problems = append(prev.problems, note("garbled.end", prev.line))
		}
		p.cur.problems = append(p.cur.problems, note("garbled.number", p.cur.line))
	}}
}

// chapterLine reports a line that starts "一、" (any Chinese numeral).
func chapterLine(t string) bool {
	j := 0
	for j < len(t) {
		r, size := utf8.DecodeRuneInString(t[j:])
		if !isNumeral(r) {
			break
		}
		j += size
	}
	return j > 0 && strings.HasPrefix(t[j:], "、")
}

// stripLineNumber removes a PDF line number glued to the end of a line
// ("…快速响应客30"): only in a file that has bare line numbers on lines of
// their own, and only the number that comes next in their sequence.
func (p *rawParser) stripLineNumber(t string) string {
	if p.pdfNum == 0 {
		return t
	}
	j := len(t)
	for j > 0 && t[j-1] >= '0' && t[j-1] <= '9' {
		j--
	}
	if j == len(t) || j == 0 || len(t)-j > 4 {
		return t
	}
	var num int
	fmt.Sscan(t[j:], &num)
	if num <= p.pdfNum || num > p.pdfNum+3 {
		return t
	}
	if r, _ := utf8.DecodeLastRuneInString(t[:j]); r < utf8.RuneSelf && !strings.ContainsRune(" ).,;:", r) {
		return t
	}
	p.pdfNum = num
	p.rep.LineNumbers++
	return strings.TrimRight(t[:j], " ")
}

// pageRef reports a page reference line: "P1", "P7-9", "P12-13".
func pageRef(t string) bool {
	if len(t) < 2 || t[0] != 'P' {
		return false
	}
	parts := strings.FieldsFunc(t[1:], func(r rune) bool { return r == '-' || r == '—' || r == '–' || r == '~' || r == '～' })
	if len(parts) == 0 || len(parts) > 2 || strings.HasSuffix(t, "-") {
		return false
	}
	for _, x := range parts {
		if !allDigits(x) || len(x) > 4 {
			return false
		}
	}
	return true
}

// blankBefore reports that l[:i] is only spaces (without scanning a long
// line back to its start more than needed).
func blankBefore(l string, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if l[k] != ' ' && l[k] != '\t' {
			return false
		}
	}
	return true
}

// ordinalMarker: "第12题" or "第十二题" (optionally followed by . 、 ： or a
// space) numbers a question like "12.".
func (p *rawParser) ordinalMarker(l string, i int) (int, *action) {
	j := i + len("第")
	for j < len(l) && l[j] == ' ' {
		j++ // "第 1 题"
	}
	num, k := readNumber(l, j)
	if k == j {
		num, k = readChineseNumber(l, j)
	}
	if k == j {
		return 0, nil
	}
	for k < len(l) && l[k] == ' ' {
		k++
	}
	if !(strings.HasPrefix(l[k:], "题") || strings.HasPrefix(l[k:], "題")) {
		return 0, nil
	}
	end := k + len("题")
	for _, sep := range []string{".", "．", "、", "：", ":", " ", "\u3000"} {
		if strings.HasPrefix(l[end:], sep) {
			end += len(sep)
			break
		}
	}
	if num == 0 || !p.acceptNumber(num, blankBefore(l, i), l[end:]) {
		return 0, nil
	}
	return end, &action{apply: func() { p.openQuestion(num) }}
}

// chineseDigit is the value of a Chinese digit (零/〇 … 九, 两), or -1.
func chineseDigit(r rune) int {
	switch r {
	case '零', '〇':
		return 0
	case '两':
		return 2
	}
	for d, c := range []rune("一二三四五六七八九") {
		if c == r {
			return d + 1
		}
	}
	return -1
}

// readChineseNumber reads a number in Chinese numerals (一 … 九十九, 一百二十三,
// 〇/零 inside) at l[i:]; j is the index after it (i when there is none).
func readChineseNumber(l string, i int) (num, j int) {
	j = i
	cur := 0 // the digit waiting for its unit
	seen := false
	for j < len(l) {
		r, size := decodeRune(l[j:])
		d := chineseDigit(r)
		switch {
		case d >= 0:
			cur = d
		case r == '十':
			if cur == 0 {
				cur = 1
			}
			num += cur * 10
			cur = 0
		case r == '百':
			num += cur * 100
			cur = 0
		case r == '千':
			num += cur * 1000
			cur = 0
		default:
			if !seen {
				return 0, i
			}
			return num + cur, j
		}
		seen = true
		j += size
	}
	if !seen {
		return 0, i
	}
	return num + cur, j
}

// partPrefix is the length of a "第一部分 " / "第2章 " / "第三节：" prefix of a
// heading line (0 if none).
func partPrefix(t string) int {
	if !strings.HasPrefix(t, "第") {
		return 0
	}
	j := len("第")
	k := j
	for k < len(t) {
		r, size := utf8.DecodeRuneInString(t[k:])
		if !(isNumeral(r) || r >= '0' && r <= '9') {
			break
		}
		k += size
	}
	if k == j {
		return 0
	}
	for _, w := range []string{"部分", "大题", "章", "节", "節", "题", "題"} {
		if strings.HasPrefix(t[k:], w) {
			k += len(w)
			for k < len(t) {
				r, size := utf8.DecodeRuneInString(t[k:])
				if !(unicode.IsSpace(r) || r == '：' || r == ':' || r == '、' || r == '.' || r == '．') {
					break
				}
				k += size
			}
			return k
		}
	}
	return 0
}

// parenHeading: "（一）单项选择题" / "(二)判断题".
func (p *rawParser) parenHeading(l string, i int) (int, *action) {
	_, size := utf8.DecodeRuneInString(l[i:])
	j := i + size
	k := j
	for k < len(l) {
		r, sz := utf8.DecodeRuneInString(l[k:])
		if !isNumeral(r) {
			break
		}
		k += sz
	}
	if k == j || k-j > 9 {
		return 0, nil
	}
	r, sz := utf8.DecodeRuneInString(l[k:])
	if r != ')' && r != '）' {
		return 0, nil
	}
	k += sz
	for k < len(l) && l[k] == ' ' {
		k++
	}
	end, typ, ok := headingRest(l, k)
	if !ok {
		return 0, nil
	}
	name := trimSpace(l[i:end])
	return end, &action{heading: true, numeral: l[j : j+len("一")], htyp: typ, apply: func() { p.openSection(name, typ) }}
}

// titleBefore takes the stray line just before a heading at the start of a
// line as the title of the sub-document that heading opens.
func (p *rawParser) titleBefore() bool {
	if len(p.strays) == 0 || p.cur != nil {
		return false
	}
	last := p.strays[len(p.strays)-1]
	if last.line != p.prevScanned || utf8.RuneCountInString(last.text) > 60 || sentenceEnd(last.text) && !strings.HasSuffix(last.text, "）") && !strings.HasSuffix(last.text, ")") {
		return false
	}
	p.strays = p.strays[:len(p.strays)-1]
	p.docT = last.text
	if p.b.Title == "" {
		p.b.Title = last.text
	}
	return true
}

// fieldText is the text of q's open field so far.
func (p *rawParser) fieldText(q *rawQ) string {
	switch q.field {
	case fStem:
		return q.stem.String()
	case fOpt:
		return q.optBuf.String()
	case fAns:
		return q.ans.String()
	case fExpl:
		return q.expl.String()
	case fPartStem:
		return q.parts[q.pi].stem.String()
	case fPartAns:
		return q.parts[q.pi].ans.String()
	}
	return ""
}

// wrapped reports that next continues prev's last line: prev does not end a
// sentence, and next does not start a point of its own (①, 1., (1), -).
func wrapped(prev, next string) bool {
	if prev == "" || strings.HasSuffix(prev, "\n") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune("。！？；：.!?;:", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	if first >= '①' && first <= '⑳' || first >= '0' && first <= '9' || strings.ContainsRune("(（-•·●■▪", first) {
		return false
	}
	// A short title-like line before is not wrapped text.
	if i := strings.LastIndexByte(prev, '\n'); utf8.RuneCountInString(prev[i+1:]) < 15 {
		return false
	}
	return true
}
