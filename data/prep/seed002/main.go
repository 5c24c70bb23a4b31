// Command seed002 turns seed 002 (the slide outline "客户服务与管理概述", scraped
// as two long run-together lines) into the knowledge-card bank kefu-slides.
//
// Run from the module root:
//
//	go run ./data/prep/seed002 /work/shared/seeds/002_020064edc9f0df51.txt > data/002-kefu-slides.md
//
// One card per content slide: stem = the slide's title, answer = one line
// "label：text" per point of the slide, 标签 = the chapter. Sections are the
// six chapters.
//
// The scrape runs slide titles, point labels, texts and the slides' 01/02/ABCD
// enumerators together, and the label sits sometimes before its text,
// sometimes after it, sometimes all labels come first and the texts follow in
// another order. Telling them apart is a reading job, so the slides are
// written out by hand in the table below, verbatim from the seed (the only
// change the tool makes is full-width punctuation). The tool checks the table
// against the seed: every title, label and text must occur in the seed's
// content lines, and once they, the chapter markers and the title page / table
// of contents are cut out, nothing may be left but the slides' enumerators
// (digits and "ABCD"). So nothing is invented and nothing is lost. Dropped as
// not being knowledge: the title page (汇报人/date), the table of contents
// (it only lists the chapters), the chapter divider slides, and the site
// boilerplate (版权说明, 文档简介, 温馨提示, 最新文档, 评论).
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

const (
	bankName = "kefu-slides"
	title    = "客户服务与管理概述"
	// titlePage is the first slide: title, presenter, date, then "目录CONTENTS"
	// and the chapter list (checked against the chapters below).
	titlePage = "客户服务与管理概述汇报人:AA2024-01-25目录CONTENTS"
)

type point struct{ label, text string }

type slide struct {
	title  string
	points []point // in the slide's own order (its 01/02/03 numbering where it has one)
}

type chapter struct {
	name   string
	slides []slide
}

var chapters = []chapter{
	{"客户服务基本概念与重要性", []slide{
		// label after its text: "…的过程。定义"
		{"客户服务定义及内涵", []point{
			{"定义", "客户服务是指企业为满足客户需求,通过一系列活动和措施,提供产品、信息、支持和解决方案的过程。"},
			{"内涵", "客户服务不仅局限于售后服务,还包括售前咨询、售中支持和持续关怀等,旨在建立长期、稳定、互信的客户关系。"},
		}},
		// first text, then the three labels together, then the other two texts, numbered 03 02 01
		{"优质客户服务对企业意义", []point{
			{"提升品牌形象", "优质的客户服务能够提升企业在客户心中的形象和口碑,增强品牌竞争力。"},
			{"促进销售增长", "良好的客户服务能够提高客户满意度,进而促进客户再次购买和推荐新客户,实现销售增长。"},
			{"降低客户流失率", "通过提供优质的客户服务,能够减少客户流失,维护稳定的客户群体。"},
		}},
		// title first, then label before text
		{"客户满意度与忠诚度关系", []point{
			{"客户满意度", "客户对企业提供的产品或服务的满意程度,是衡量客户服务质量的重要指标。"},
			{"客户忠诚度", "客户对企业品牌、产品或服务的信任和依赖程度,体现为客户持续购买和推荐行为。"},
			{"关系", "客户满意度是客户忠诚度的基础,高满意度能够促进客户忠诚度的提升;同时,客户忠诚度也能反过来提高客户满意度,形成良性循环。"},
		}},
	}},
	{"客户服务策略与技巧", []slide{
		// label after its text; slide title last
		{"了解客户需求和心理", []point{
			{"深入了解客户的购买动机和需求", "通过市场调研、数据分析等方式,了解客户的购买偏好、消费习惯和需求特点,以便为客户提供更加精准的服务。"},
			{"关注客户的情感需求", "在与客户交流过程中,注意倾听客户的情感表达,理解客户的情感需求,并给予积极的回应和支持。"},
			{"掌握客户心理变化", "了解客户在购买过程中的心理变化,如认知、情感、决策等阶段的特点,以便更好地引导客户完成购买行为。"},
		}},
		{"有效沟通技巧", []point{
			{"清晰表达", "用简洁明了的语言表达自己的想法,避免使用过于专业或晦涩的词汇,确保客户能够准确理解。"},
			{"倾听能力", "认真倾听客户的诉求和意见,不要打断客户的发言,给予客户充分的表达空间。"},
			{"情绪管理", "保持平和、友好的态度,遇到客户情绪激动时能够冷静应对,避免情绪激化。"},
		}},
		{"处理投诉和抱怨方法", []point{
			{"积极响应", "对于客户的投诉和抱怨,要给予高度重视,及时响应并处理,避免问题扩大化。"},
			{"了解情况", "详细了解客户投诉或抱怨的具体情况,包括时间、地点、涉及人员等,以便更好地解决问题。"},
			{"提供解决方案", "根据客户投诉或抱怨的性质和严重程度,提供相应的解决方案,如退款、换货、道歉等,确保客户满意。"},
			{"跟踪反馈", "在解决问题后,及时跟踪客户的反馈情况,确保问题得到妥善解决,并收集客户的意见和建议,以便改进服务质量。"},
		}},
	}},
	{"客户关系管理(CRM)系统及应用", []slide{
		// label after its text; numbered 02 01 03 04 05 in the scrape
		{"CRM系统基本原理和功能", []point{
			{"客户信息整合", "通过数据仓库技术,将分散在企业内部和外部的客户信息进行整合,形成全面的客户视图。"},
			{"营销自动化", "通过自动化的营销流程,实现精准营销和个性化推广。"},
			{"客户细分与定位", "基于客户属性、行为、价值等多维度进行客户细分,实现精准的客户定位。"},
			{"客户关系维护", "通过自动化的服务流程,提供个性化的客户服务,提高客户满意度和忠诚度。"},
			{"销售机会管理", "识别并跟踪销售机会,提高销售效率和成功率。"},
		}},
		// four labels, the title, 01-04, then the four texts in the labels' order
		{"数据挖掘在CRM中应用", []point{
			{"客户行为分析", "通过分析客户历史行为数据,发现客户购买偏好、消费习惯等规律。"},
			{"客户价值评估", "基于客户行为、交易数据等,评估客户价值,为企业制定差异化服务策略提供依据。"},
			{"潜在客户挖掘", "利用数据挖掘技术,在海量数据中识别潜在客户群体,为企业拓展市场提供支持。"},
			{"风险预警与预测", "通过建立风险预测模型,实现对客户流失、欺诈等风险的预警和预测。"},
		}},
		// four labels, the title, then the texts in ANOTHER order
		// (AI, 社交化, 大数据, 移动化): matched by content.
		{"智能化技术在CRM中发展趋势", []point{
			{"人工智能技术应用", "利用自然语言处理、机器学习等技术,实现智能化的客户服务与营销。"},
			{"大数据分析与挖掘", "结合大数据技术,对海量客户数据进行深度分析和挖掘,发现更多有价值的客户信息。"},
			{"社交化CRM", "将社交媒体与CRM系统相结合,实现与客户在社交媒体上的互动和服务。"},
			{"移动化CRM", "通过移动设备随时随地访问CRM系统,提高客户服务响应速度和效率。"},
		}},
	}},
	{"提升客户服务质量途径", []slide{
		// "03label text 01label text 02label text", then the title: put in 01-03 order
		{"完善服务流程和规范", []point{
			{"制定标准化的服务流程", "明确服务步骤和顺序,确保服务的一致性和高效性。"},
			{"设立服务规范和标准", "制定详细的服务准则,包括礼仪、用语、响应时间等,提升整体服务水平。"},
			{"定期评估和调整", "根据客户需求和反馈,不断优化服务流程和规范,确保满足客户需求。"},
		}},
		// label before its text; slide title last
		{"培训专业化、高素质员工队伍", []point{
			{"服务意识和态度培养", "强化员工的服务意识和客户至上的理念,培养良好的服务态度。"},
			{"团队协作和沟通能力提升", "加强团队协作训练,提高员工间的沟通协作能力,确保服务的高效执行。"},
			{"专业技能培训", "针对员工岗位需求,提供专业技能培训,提高员工业务能力和服务水平。"},
		}},
		// label after its text; slide title last
		{"创新服务模式,提高个性化水平", []point{
			{"个性化服务定制", "根据客户需求和偏好,提供个性化的服务方案,增强客户满意度和忠诚度。"},
			{"智能化服务应用", "利用先进技术手段,如人工智能、大数据等,实现智能化服务,提高服务效率和准确性。"},
			{"多渠道服务模式", "拓展服务渠道,如电话、网络、社交媒体等,为客户提供便捷、多样化的服务方式。"},
		}},
	}},
	{"评估客户服务效果指标体系", []slide{
		// text, label 响应时间, the other three labels, their three texts, the title
		{"关键绩效指标(KPI)设定", []point{
			{"响应时间", "衡量客户服务团队对客户请求或问题的反应速度,通常以分钟、小时或天为单位进行计量。"},
			{"一次解决率", "反映客户服务团队在首次接触时解决客户问题的能力,是评估服务效率的重要指标。"},
			{"客户满意度", "通过定期的客户满意度调查收集数据,衡量客户对服务的整体满意程度。"},
			{"客户流失率", "反映因服务不佳或其他原因导致的客户流失情况,是评估客户忠诚度的重要指标。"},
		}},
		// title, the four texts, then the four labels and "ABCD"
		{"客户满意度调查方法", []point{
			{"问卷调查", "通过设计问卷,收集客户对服务各方面的评价和建议。"},
			{"电话访谈", "通过电话与客户进行深入交流,了解他们的需求和感受。"},
			{"神秘顾客", "聘请第三方人员以顾客身份体验服务,并提供客观的评价报告。"},
			{"社交媒体监测", "关注社交媒体上客户对服务的评价和反馈,及时了解客户需求和意见。"},
		}},
		// title, then label before its text
		{"持续改进策略", []point{
			{"定期评估", "定期对客户服务效果进行评估,发现问题并制定改进措施。"},
			{"引入新技术", "积极引入先进的客户服务技术,如人工智能、大数据分析等,提升服务体验和客户满意度。"},
			{"培训和发展", "针对客户服务团队的需求,提供培训和发展机会,提高服务质量和效率。"},
			{"建立激励机制", "建立合理的激励机制,鼓励客户服务团队提供优质服务,并给予相应的奖励和认可。"},
		}},
	}},
	{"未来发展趋势及挑战", []slide{
		// label after its text; slide title last
		{"数字化、智能化转型趋势", []point{
			{"数字化服务渠道拓展", "随着互联网的普及,客户服务逐渐从传统的电话、邮件等方式转向在线聊天、社交媒体等数字化渠道,提高服务效率和用户满意度。"},
			{"智能化技术应用", "人工智能、大数据等技术在客户服务中的应用,如智能语音应答、智能推荐等,提升服务质量和个性化体验。"},
			{"自助服务趋势", "通过提供自助服务平台和工具,如知识库、FAQ等,使客户能够自行解决问题,减轻客服负担,提高服务效率。"},
		}},
		// label before its text; slide title last
		{"社交媒体在客户服务中应用", []point{
			{"社交媒体数据分析", "通过对社交媒体上的用户数据进行分析,了解客户需求和行为特征,为产品和服务优化提供依据。"},
			{"社交媒体危机应对", "在出现危机事件时,通过社交媒体及时发布信息、回应质疑,维护企业形象和信誉。"},
			{"社交媒体作为服务渠道", "越来越多的企业利用社交媒体平台提供客户服务,通过即时互动解决用户问题,提升品牌形象和用户满意度。"},
		}},
	}},
}

// leftover is what may remain of the content once every piece is cut out:
// the slides' enumerators (01 02 03, 123, ABCD).
var leftover = regexp.MustCompile(`^(?:\d|ABCD|\x00)*$`)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./data/prep/seed002 SEED_002.txt > data/002-kefu-slides.md")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "seed002:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := check(content(string(raw))); err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "# %s\nbank: %s\nsource: 002_020064edc9f0df51.txt（演示文稿大纲《%s》，人人文库网）\n", title, bankName, title)
	n := 0
	for ci, c := range chapters {
		fmt.Fprintf(w, "\n## %02d %s {card}\n", ci+1, punct(c.name))
		for _, s := range c.slides {
			n++
			fmt.Fprintf(w, "\n[%s-%03d] %s\n标签：%s\n答案：\n", bankName, n, punct(s.title), punct(c.name))
			for _, p := range s.points {
				fmt.Fprintf(w, "%s：%s\n", punct(p.label), punct(p.text))
			}
		}
	}
	return w.Flush()
}

// content returns the seed's slide text: the lines between the site's
// "文档简介" and "温馨提示", run together.
func content(seed string) string {
	var b strings.Builder
	in := false
	for _, l := range strings.Split(seed, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "文档简介":
			in = true
		case l == "温馨提示":
			in = false
		case in:
			b.WriteString(l)
		}
	}
	return b.String()
}

// check cuts every piece of the table out of the seed's content, longest
// first (so a short label is never cut out of a longer text), and fails if a
// piece is missing or anything but enumerators is left over.
func check(text string) error {
	toc := ""
	var pieces []string
	for i, c := range chapters {
		toc += c.name
		pieces = append(pieces, fmt.Sprintf("%02d%sCHAPTER", i+1, c.name))
		for _, s := range c.slides {
			pieces = append(pieces, s.title)
			for _, p := range s.points {
				pieces = append(pieces, p.label, p.text)
			}
		}
	}
	pieces = append(pieces, titlePage+toc)
	sort.SliceStable(pieces, func(i, j int) bool { return len(pieces[i]) > len(pieces[j]) })
	for _, p := range pieces {
		i := strings.Index(text, p)
		if i < 0 {
			return fmt.Errorf("not in the seed (or used twice): %q", p)
		}
		text = text[:i] + "\x00" + text[i+len(p):]
	}
	if !leftover.MatchString(text) {
		return fmt.Errorf("seed text not covered by the table: %q", strings.ReplaceAll(text, "\x00", " | "))
	}
	return nil
}

// punct makes ASCII punctuation in the Chinese text full-width.
var punctRepl = strings.NewReplacer(",", "，", ":", "：", ";", "；", "(", "（", ")", "）")

func punct(s string) string { return punctRepl.Replace(s) }
