// Command seed000 extracts the question bank of seed 000 (2025年客户服务管理题库及答案,
// a document-site preview page in traditional characters with pinyin annotations)
// into the bank text format (README.md, "The bank format").
//
// Run from the repository root:
//
//	go run ./data/prep/seed000 /work/shared/seeds/000_089b691d4190df77.txt > data/000-kefu-2025.md
//
// It needs Debian's opencc (apt-get install opencc) through clean.ToSimplified.
// Every manual correction is an explicit table below (mojibake, opencc
// variants, line layout of subjective answers); re-running the tool
// reproduces data/000-kefu-2025.md byte for byte. Each table entry must
// match, so a changed seed makes the tool fail instead of silently drifting.
//
// What the seed holds: the site's page titles (第1页…第5页), boilerplate
// (已阅读5页, 下载本文档, 版权说明, 温馨提示, 评论) and one very long line,
// the 文档简介, carrying the whole question run once (not repeated): 10
// single, 10 multiple, 10 true/false, 5 short-answer and 3 essay questions.
// The preview stops in the middle of the answer to essay question 3.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/shuati/shuati/data/prep/clean"
)

const (
	bankName = "kefu-2025"
	source   = "000_089b691d4190df77.txt（文档站预览页：单选、多选、判断、简答、论述；论述题第3题的答案在预览末尾截断）"
)

// mojibake repairs, applied to the raw seed line (traditional text with pinyin
// annotations) before anything else. The site lost bytes of the underlying
// GBK text at these places (a one-byte misalignment: "理解" survives as
// "蚶斫", the "4" of question 4 is swallowed). Each repair is certain from
// the context; the reason is given per entry.
var mojibake = []struct{ old, new, why string }{
	{"收益??蛻魸M意度", "收益。客户满意度",
		"sentence ends after 收益; 客户满意度和忠诚度 repeats options B/C of the question"},
	{"?yè)p失", "损失",
		"可能会给企业带来损失: 損 lost, 失 survives"},
	{"接受度??蛻舴\ue848?wù)和", "接受度。客户服务和",
		"sentence ends; 客户服务和营销并不是相互独立的 refutes option D 客户服务和营销相互独立"},
	{"因?yàn)樵诋a(chǎn)品", "因为在产品",
		"客户投诉往往是因为在产品或服务方面遇到了问题; 品 and the pinyin of 产 survive"},
	{"確??蛻裟軌蚶斫狻?.客戶", "确保客户能够理解。4.客户",
		"确保客户能够理解 (理解 survives shifted as 蚶斫); the next question is number 4 (between 3 and 5)"},
	{"不滿??蛻魸M意度", "不满。客户满意度",
		"sentence ends after 不满; 客户满意度取决于服务的质量"},
	{"果:?jiǎn)栴}解決", "果:问题解决",
		"确认结果：问题解决后，与客户确认处理结果"},
	{"確??蛻魸M意??偨Y(jié)與", "确保客户满意。总结与",
		"确保客户满意; the next step of the listed process is 总结与改进 (结 survives as Y(jié))"},
	{"能夠?yàn)槠髽I(yè)戰", "能够为企业战",
		"能够为企业战略的制定提供重要依据; the pinyin of 业 survives"},
	{"?;\ue2c4谶@些", "。基于这些",
		"sentence ends; 基于这些反馈 (the second GBK byte of 于 survives)"},
	{"談?wù)勅绾卫\ue380脭?shù)據", "谈谈如何利用数据",
		"the answer repeats the question: 说明如何利用数据分析提升客户服务管理水平"},
	{"因?yàn)殚_(kāi)戶", "因为开户",
		"是因为开户手续繁琐; the pinyin of 开 survives"},
}

// variants fixes opencc t2s choices that are wrong in this text.
var variants = []struct{ old, new string }{
	{"意味著", "意味着"}, // verb suffix 着, not 著 (著作)
	{"发挥著", "发挥着"},
}

// headings are the essay sub-headings, run together with the paragraph that
// follows them in the source; the tool puts a line break after each.
var headings = []string{
	"（一）客户服务管理是企业战略的重要组成部分",
	"（二）客户服务管理影响企业战略的制定",
	"（三）企业战略指导客户服务管理的实施",
	"（四）良好的客户服务管理有助于企业战略的实施和实现",
	"（一）了解客户需求",
	"（二）评估服务效果",
	"（三）预测客户行为",
	"（四）优化服务流程",
	"（五）制定营销策略",
	"（一）建立良好客户关系的方法",
}

// truncated marks the answer the preview cuts off.
const truncatedTail = "加强沟通与互动：与客户保持密切的沟通"

type section struct {
	heading, typ string
	count        int
}

var sections = []section{
	{"一、单项选择题", "single", 10},
	{"二、多项选择题", "multiple", 10},
	{"三、判断题", "truefalse", 10},
	{"四、简答题", "short", 5},
	{"五、论述题", "essay", 3},
}

type question struct {
	stem        string
	options     []string
	answer      string
	explanation string
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./data/prep/seed000 SEED.txt > data/000-kefu-2025.md")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "seed000:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	line := ""
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.Contains(clean.StripPinyin(l), "一、單項選擇題") {
			if line != "" {
				return fmt.Errorf("question run found twice")
			}
			line = l
		}
	}
	if line == "" {
		return fmt.Errorf("no line with 一、單項選擇題")
	}
	for _, m := range mojibake {
		if n := strings.Count(line, m.old); n != 1 {
			return fmt.Errorf("mojibake %q: %d matches, want 1", m.old, n)
		}
		line = strings.Replace(line, m.old, m.new, 1)
	}
	text, err := clean.ToSimplified(clean.StripPinyin(line))
	if err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	for _, v := range variants {
		if !strings.Contains(text, v.old) {
			return fmt.Errorf("variant %q not found", v.old)
		}
		text = strings.ReplaceAll(text, v.old, v.new)
	}
	if err := leftovers(text); err != nil {
		return err
	}

	first := strings.Index(text, sections[0].heading)
	title := text[:first]
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "# %s\nbank: %s\nsource: %s\n", title, bankName, source)

	id := 0
	for i, s := range sections {
		start := strings.Index(text, s.heading)
		if start < 0 {
			return fmt.Errorf("section %s not found", s.heading)
		}
		body := text[start+len(s.heading):]
		if i+1 < len(sections) {
			end := strings.Index(body, sections[i+1].heading)
			if end < 0 {
				return fmt.Errorf("section %s not found", sections[i+1].heading)
			}
			body = body[:end]
		}
		items, err := split(body, s.count)
		if err != nil {
			return fmt.Errorf("%s: %v", s.heading, err)
		}
		fmt.Fprintf(w, "\n## %s {%s}\n", s.heading, s.typ)
		for n, item := range items {
			q, err := parse(item, s.typ)
			if err != nil {
				return fmt.Errorf("%s %d: %v", s.heading, n+1, err)
			}
			id++
			fmt.Fprintf(w, "\n[%s-%03d] %s\n", bankName, id, q.stem)
			for k, o := range q.options {
				fmt.Fprintf(w, "%c. %s\n", 'A'+k, o)
			}
			if strings.Contains(q.answer, "\n") {
				fmt.Fprintf(w, "答案：\n%s\n", q.answer)
			} else {
				fmt.Fprintf(w, "答案：%s\n", q.answer)
			}
			if q.explanation != "" {
				fmt.Fprintf(w, "解析：%s\n", q.explanation)
			}
		}
	}
	return nil
}

// leftovers refuses text that still holds mojibake or pinyin.
func leftovers(text string) error {
	bad := regexp.MustCompile(`[a-z\x{e000}-\x{f8ff}\x{fffd}@_}]|\?\?`)
	if loc := bad.FindStringIndex(text); loc != nil {
		from := max(0, loc[0]-30)
		return fmt.Errorf("leftover mojibake or pinyin near %q", text[from:min(len(text), loc[1]+30)])
	}
	for _, q := range regexp.MustCompile(`.{0,6}\?`).FindAllString(text, -1) {
		if !strings.HasSuffix(q, "服务水平?") { // the question mark of short-answer question 3
			return fmt.Errorf("unexpected ? in %q", q)
		}
	}
	return nil
}

// split cuts a section body into its count questions at the markers "1.",
// "2.", … searched in order.
func split(body string, count int) ([]string, error) {
	if !strings.HasPrefix(body, "1.") {
		return nil, errors.New("does not start with \"1.\"")
	}
	var items []string
	pos := 2
	for n := 2; n <= count; n++ {
		k := strings.Index(body[pos:], strconv.Itoa(n)+".")
		if k < 0 {
			return nil, fmt.Errorf("question %d not found", n)
		}
		items = append(items, body[pos:pos+k])
		pos += k + len(strconv.Itoa(n)+".")
	}
	items = append(items, body[pos:])
	if strings.Contains(items[len(items)-1], strconv.Itoa(count+1)+".") {
		return nil, fmt.Errorf("more than %d questions", count)
	}
	return items, nil
}

func parse(item, typ string) (question, error) {
	var q question
	cut := func(s, sep string) (string, string, error) {
		a, b, ok := strings.Cut(s, sep)
		if !ok {
			return "", "", fmt.Errorf("no %q in %q", sep, s)
		}
		return a, b, nil
	}
	var err error
	switch typ {
	case "single", "multiple":
		var opts, rest string
		if q.stem, rest, err = cut(item, "A."); err != nil {
			return q, err
		}
		if opts, rest, err = cut(rest, "答案:"); err != nil {
			return q, err
		}
		letters := "BCDEFGH"
		for _, l := range letters {
			a, b, ok := strings.Cut(opts, string(l)+".")
			if !ok {
				break
			}
			q.options = append(q.options, punct(a))
			opts = b
		}
		q.options = append(q.options, punct(opts))
		if q.answer, q.explanation, err = cut(rest, "解析:"); err != nil {
			return q, err
		}
		if !regexp.MustCompile(`^[A-H]+$`).MatchString(q.answer) {
			return q, fmt.Errorf("answer %q", q.answer)
		}
		if typ == "single" && len(q.answer) != 1 {
			return q, fmt.Errorf("single with answer %q", q.answer)
		}
		for _, l := range q.answer {
			if int(l-'A') >= len(q.options) {
				return q, fmt.Errorf("answer %q beyond the options", q.answer)
			}
		}
	case "truefalse":
		var rest string
		if q.stem, rest, err = cut(item, "答案:"); err != nil {
			return q, err
		}
		if q.answer, q.explanation, err = cut(rest, "解析:"); err != nil {
			return q, err
		}
		if q.answer != "正确" && q.answer != "错误" {
			return q, fmt.Errorf("answer %q", q.answer)
		}
	case "short", "essay":
		if q.stem, q.answer, err = cut(item, "答:"); err != nil {
			return q, err
		}
		q.answer = layout(punct(q.answer))
		if strings.HasSuffix(q.answer, truncatedTail) {
			// The preview ends here, mid-answer: say so instead of
			// letting the cut look like the end of the answer.
			q.answer += "……"
		}
	}
	q.stem = punct(q.stem)
	q.explanation = punct(q.explanation)
	return q, nil
}

// punct normalises punctuation: full-width in Chinese text, the blank as （ ）.
var punctR = strings.NewReplacer(
	"()", "（ ）", "(", "（", ")", "）", ",", "，", ":", "：", ";", "；", "?", "？",
)

func punct(s string) string { return strings.TrimSpace(punctR.Replace(s)) }

// point matches a titled point of a subjective answer ("倾听与记录：…")
// after the colon of the lead sentence or the full stop of the previous point.
var point = regexp.MustCompile(`([：。])([^，。：；、“”（）\n]{2,12}：)`)

// layout puts each titled point, essay sub-heading and closing paragraph of
// a subjective answer on its own line.
func layout(s string) string {
	for _, h := range headings {
		s = strings.Replace(s, h, "\n"+h+"\n", 1)
	}
	s = strings.ReplaceAll(s, "综上所述", "\n综上所述")
	s = point.ReplaceAllString(s, "$1\n$2")
	return strings.TrimSpace(strings.ReplaceAll(s, "\n\n", "\n"))
}
