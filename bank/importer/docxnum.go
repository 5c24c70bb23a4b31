package importer

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// Word automatic numbering (numbering.xml, ECMA-376 Part 1, 17.9): a
// paragraph names a numbering instance (numId) and a level (ilvl); the
// instance points to an abstract definition whose level gives the start
// value, the number format and the label text ("%1." "（%1）" "%1.%2").
// Counters belong to the abstract definition, so instances sharing one
// continue each other's numbering unless an instance overrides a level's
// start (Word's "restart numbering"), which takes effect where the instance
// is first used. Using a level restarts the levels below it (unless a
// level's lvlRestart says otherwise).

type numLevel struct {
	start   int
	format  string // numFmt: decimal, upperLetter, chineseCounting, bullet, …
	text    string // lvlText
	suffix  string // tab (default), space, nothing
	restart int    // lvlRestart: -1 absent (restart after any higher level), 0 never, n after level n-1
	legal   bool   // isLgl: show every level's number as decimal
}

type numInstance struct {
	abstract  string
	overrides map[int]numOverride
}

type numOverride struct {
	start    int
	hasStart bool      // startOverride given
	lvl      *numLevel // a whole level given instead of the abstract one's
}

type numCounters struct {
	value   [9]int
	started [9]bool
}

// numbering renders the labels of numbered paragraphs in document order.
type numbering struct {
	abstract  map[string]*[9]*numLevel
	styleLink map[string]string // abstractNumId → numbering style it links to
	instances map[string]*numInstance
	counters  map[string]*numCounters
	applied   map[string]bool // instances whose start overrides took effect
	styleNum  func(style string) (numID string, ok bool)
}

type xmlVal struct {
	Val string `xml:"val,attr"`
}

type xmlLvl struct {
	Ilvl    string  `xml:"ilvl,attr"`
	Start   *xmlVal `xml:"start"`
	NumFmt  *xmlVal `xml:"numFmt"`
	LvlText *xmlVal `xml:"lvlText"`
	Suff    *xmlVal `xml:"suff"`
	Restart *xmlVal `xml:"lvlRestart"`
	IsLgl   *xmlVal `xml:"isLgl"`
}

func (x xmlLvl) level() *numLevel {
	l := &numLevel{start: 1, format: "decimal", restart: -1, suffix: "tab"}
	if x.Start != nil {
		if n, err := strconv.Atoi(x.Start.Val); err == nil && n >= 0 && n < 1<<20 {
			l.start = n
		}
	}
	if x.NumFmt != nil {
		l.format = x.NumFmt.Val
	}
	if x.LvlText != nil {
		l.text = x.LvlText.Val
	}
	if x.Suff != nil {
		l.suffix = x.Suff.Val
	}
	if x.Restart != nil {
		if n, err := strconv.Atoi(x.Restart.Val); err == nil && n >= 0 && n <= 9 {
			l.restart = n
		}
	}
	l.legal = x.IsLgl != nil && onOff(x.IsLgl.Val)
	return l
}

// onOff reads an OOXML on/off value: absent or empty, 1, true, on are on.
func onOff(v string) bool { return v == "" || v == "1" || v == "true" || v == "on" }

// parseNumbering reads numbering.xml.
func parseNumbering(data []byte) (*numbering, error) {
	var doc struct {
		Abstract []struct {
			ID        string   `xml:"abstractNumId,attr"`
			StyleLink *xmlVal  `xml:"numStyleLink"`
			Lvl       []xmlLvl `xml:"lvl"`
		} `xml:"abstractNum"`
		Num []struct {
			ID       string `xml:"numId,attr"`
			Abstract xmlVal `xml:"abstractNumId"`
			Override []struct {
				Ilvl  string  `xml:"ilvl,attr"`
				Start *xmlVal `xml:"startOverride"`
				Lvl   *xmlLvl `xml:"lvl"`
			} `xml:"lvlOverride"`
		} `xml:"num"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	n := &numbering{
		abstract:  map[string]*[9]*numLevel{},
		styleLink: map[string]string{},
		instances: map[string]*numInstance{},
		counters:  map[string]*numCounters{},
		applied:   map[string]bool{},
	}
	for _, a := range doc.Abstract {
		levels := new([9]*numLevel)
		for _, x := range a.Lvl {
			if i, err := strconv.Atoi(x.Ilvl); err == nil && i >= 0 && i < 9 {
				levels[i] = x.level()
			}
		}
		n.abstract[a.ID] = levels
		if a.StyleLink != nil {
			n.styleLink[a.ID] = a.StyleLink.Val
		}
	}
	for _, x := range doc.Num {
		inst := &numInstance{abstract: x.Abstract.Val, overrides: map[int]numOverride{}}
		for _, o := range x.Override {
			i, err := strconv.Atoi(o.Ilvl)
			if err != nil || i < 0 || i >= 9 {
				continue
			}
			var ov numOverride
			if o.Start != nil {
				if s, err := strconv.Atoi(o.Start.Val); err == nil && s >= 0 && s < 1<<20 {
					ov.start, ov.hasStart = s, true
				}
			}
			if o.Lvl != nil {
				ov.lvl = o.Lvl.level()
			}
			inst.overrides[i] = ov
		}
		n.instances[x.ID] = inst
	}
	return n, nil
}

// resolve finds the abstract definition of an instance, following a
// numStyleLink (a definition that only points at a numbering style, whose
// own numId names the real one) at most a few steps.
func (n *numbering) resolve(numID string) (string, *numInstance) {
	inst := n.instances[numID]
	if inst == nil {
		return "", nil
	}
	abs := inst.abstract
	for range 4 {
		link, ok := n.styleLink[abs]
		if !ok || n.styleNum == nil {
			break
		}
		id, ok := n.styleNum(link)
		if !ok || n.instances[id] == nil {
			break
		}
		abs = n.instances[id].abstract
	}
	return abs, inst
}

// level is the definition of level ilvl of an instance, override included.
func (n *numbering) level(abs string, inst *numInstance, ilvl int) *numLevel {
	if ov, ok := inst.overrides[ilvl]; ok && ov.lvl != nil {
		return ov.lvl
	}
	if levels := n.abstract[abs]; levels != nil {
		return levels[ilvl]
	}
	return nil
}

// start is where level ilvl of an instance starts: its startOverride, or
// the level's own start.
func (n *numbering) start(inst *numInstance, lvl *numLevel, ilvl int) int {
	if ov, ok := inst.overrides[ilvl]; ok && ov.hasStart {
		return ov.start
	}
	return lvl.start
}

// label advances the counters for a paragraph numbered (numID, ilvl) and
// returns the label as Word shows it, with its suffix ("" for none).
func (n *numbering) label(numID string, ilvl int) string {
	if n == nil || numID == "" || numID == "0" || ilvl < 0 || ilvl >= 9 {
		return ""
	}
	abs, inst := n.resolve(numID)
	if inst == nil {
		return ""
	}
	lvl := n.level(abs, inst, ilvl)
	if lvl == nil {
		return ""
	}
	c := n.counters[abs]
	if c == nil {
		c = &numCounters{}
		n.counters[abs] = c
	}
	if !n.applied[numID] {
		n.applied[numID] = true
		for i, ov := range inst.overrides {
			if ov.hasStart {
				c.started[i] = false
			}
		}
	}
	if c.started[ilvl] {
		c.value[ilvl]++
	} else {
		c.value[ilvl], c.started[ilvl] = n.start(inst, lvl, ilvl), true
	}
	for j := ilvl + 1; j < 9; j++ {
		lj := n.level(abs, inst, j)
		if lj == nil || lj.restart < 0 || ilvl < lj.restart {
			c.started[j] = false
		}
	}
	if lvl.format == "none" && !strings.Contains(lvl.text, "%") && lvl.text == "" {
		return ""
	}
	var b strings.Builder
	t := lvl.text
	for i := 0; i < len(t); i++ {
		if t[i] == '%' && i+1 < len(t) && t[i+1] >= '1' && t[i+1] <= '9' {
			k := int(t[i+1] - '1')
			i++
			lk := n.level(abs, inst, k)
			if lk == nil {
				continue
			}
			v := c.value[k]
			if !c.started[k] {
				v = n.start(inst, lk, k)
			}
			format := lk.format
			if lvl.legal && format != "bullet" && format != "none" {
				format = "decimal"
			}
			b.WriteString(formatNumber(v, format))
			continue
		}
		b.WriteByte(t[i])
	}
	s := b.String()
	if lvl.format == "bullet" {
		s = bulletText(s)
	}
	if s == "" {
		return ""
	}
	switch lvl.suffix {
	case "nothing":
	case "space":
		s += " "
	default:
		s += docxTab
	}
	return s
}

// bulletText is a bullet as the reader sees it: symbol-font bullets (private
// use characters) become •.
func bulletText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0xe000 && r <= 0xf8ff || r < 0x20 {
			r = '•'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// formatNumber writes n in a numFmt of Word.
func formatNumber(n int, format string) string {
	switch format {
	case "decimal", "":
		return strconv.Itoa(n)
	case "decimalZero":
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	case "upperLetter":
		return letterNumber(n, 'A')
	case "lowerLetter":
		return letterNumber(n, 'a')
	case "upperRoman":
		return romanNumber(n)
	case "lowerRoman":
		return strings.ToLower(romanNumber(n))
	case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "ideographDigital", "taiwaneseCountingThousand", "japaneseDigitalTenThousand":
		return chineseNumber(n, "〇一二三四五六七八九", "十百千")
	case "chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal":
		return chineseNumber(n, "零壹贰叁肆伍陆柒捌玖", "拾佰仟")
	case "ideographTraditional":
		return cycle(n, "甲乙丙丁戊己庚辛壬癸")
	case "ideographZodiac":
		return cycle(n, "子丑寅卯辰巳午未申酉戌亥")
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, r := range strconv.Itoa(n) {
			b.WriteRune(r - '0' + '０')
		}
		return b.String()
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "decimalEnclosedFullstop":
		if n >= 1 && n <= 20 {
			return string(rune('⒈' + n - 1))
		}
	case "decimalEnclosedParen":
		if n >= 1 && n <= 20 {
			return string(rune('⑴' + n - 1))
		}
	case "bullet", "none":
		return ""
	}
	return strconv.Itoa(n)
}

// letterNumber: A … Z, then AA … ZZ, AAA … (Word repeats the letter).
func letterNumber(n int, a rune) string {
	if n <= 0 {
		return strconv.Itoa(n)
	}
	k := (n - 1) / 26
	return strings.Repeat(string(a+rune((n-1)%26)), min(k+1, 50))
}

func romanNumber(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// chineseNumber writes 1–9999 in Chinese counting: 十一, 二十, 一百零五.
func chineseNumber(n int, digits, units string) string {
	d := []rune(digits)
	u := []rune(units)
	if n <= 0 || n >= 10000 {
		if n == 0 {
			return string(d[0])
		}
		return strconv.Itoa(n)
	}
	var b strings.Builder
	parts := [4]int{n / 1000, n / 100 % 10, n / 10 % 10, n % 10}
	unit := [4]rune{u[2], u[1], u[0], 0}
	zero := false
	started := false
	for i, p := range parts {
		if p == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteRune(d[0])
			zero = false
		}
		// 十一 rather than 一十一 when ten is the highest unit.
		if !(i == 2 && p == 1 && !started) || unit[i] == 0 {
			b.WriteRune(d[p])
		}
		if unit[i] != 0 {
			b.WriteRune(unit[i])
		}
		started = true
	}
	return b.String()
}

func cycle(n int, set string) string {
	r := []rune(set)
	if n <= 0 {
		return strconv.Itoa(n)
	}
	return string(r[(n-1)%len(r)])
}
