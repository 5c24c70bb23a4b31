package bank

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser, in both modes: it must never
// panic, and on success every question has a valid type and an ID, and the
// bank round-trips through WriteBankFormat. The seed corpus is in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add(header + "## 节 {single}\n[a] 题\nA. 甲\nB. 乙\n答案：A\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, strict := range []bool{false, true} {
			b, err := ParseBytes("f.md", []byte(src), ParseOptions{Strict: strict})
			if err != nil {
				if b != nil {
					t.Fatal("bank returned along with an error")
				}
				if _, ok := err.(ErrorList); !ok {
					t.Fatalf("error %T is not an ErrorList", err)
				}
				continue
			}
			for _, q := range b.Questions {
				if !q.Type.Valid() || q.ID == "" {
					t.Fatalf("question %q has type %q", q.ID, q.Type)
				}
				if q.Bank != b.Name || q.Line < 1 {
					t.Fatalf("question %q: bank %q line %d", q.ID, q.Bank, q.Line)
				}
				if q.Answer != nil && (q.Type == Single || q.Type == Multiple) && q.Answer.Choices == "" {
					t.Fatalf("question %q: empty choice answer", q.ID)
				}
				for _, s := range append([]string{q.Stem, q.Section, q.Explanation}, q.Tags...) {
					if !Clean(s) {
						t.Fatalf("question %q: unsanitised text %q", q.ID, s)
					}
				}
			}
			var buf bytes.Buffer
			if err := WriteBankFormat(&buf, b); err != nil {
				t.Fatal(err)
			}
			back, err := ParseBytes("f.md", buf.Bytes(), ParseOptions{})
			if err != nil {
				t.Fatalf("export does not parse: %v\n%s", err, buf.String())
			}
			if !equalBanks(b, back) {
				t.Fatalf("round trip differs\ninput:\n%q\nexport:\n%q", src, buf.String())
			}
			if err := WriteJSONL(&buf, b); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// corpusString reads a seed file of the fuzz corpus ("go test fuzz v1" and
// one string or []byte value).
func corpusString(file string) (string, bool) {
	rest, ok := strings.CutPrefix(file, "go test fuzz v1\n")
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	for _, p := range []string{"string(", "[]byte("} {
		if v, ok := strings.CutPrefix(rest, p); ok {
			s, err := strconv.Unquote(strings.TrimSuffix(v, ")"))
			return s, err == nil
		}
	}
	return "", false
}

// generateBank writes a bank of n questions cycling through every type, with
// text like the built-in bank's: the input of BenchmarkParse and of the
// round-trip test.
func generateBank(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff# 生成的题库：客户服务管理与客户关系管理综合练习\nbank: generated\nsource: 基准测试生成（不是真实题目）\n")
	stems := []string{
		"客户关系管理(CRM)的核心是以客户为中心，通过对客户信息的收集、分析和利用，提高客户满意度和忠诚度",
		"在客户服务中，处理客户投诉的首要步骤是认真倾听客户的意见，并对客户表示理解和歉意",
		"企业实施客户细分的主要依据包括客户的价值、需求特征以及购买行为等多个方面的因素",
		"“360度客户视图”指的是客户与公司所有互动记录的集合，是客户关系管理系统的基础",
	}
	section := Type("")
	for i := 0; i < n; i++ {
		t := Types[(i/25)%len(Types)]
		if t != section {
			section = t
			fmt.Fprintf(&b, "\n## 第%d部分 %s {%s}\n", i/25+1, t, t)
		}
		stem := stems[i%len(stems)]
		fmt.Fprintf(&b, "\n[gen-%06d] %d. %s", i, i+1, stem)
		switch t {
		case Single, Multiple:
			b.WriteString("（ ）\n")
			for k, o := range []string{"提高客户满意度和忠诚度", "降低企业的生产成本", "增加产品的市场份额", "优化企业组织结构和业务流程"} {
				fmt.Fprintf(&b, "%c. %s\n", 'A'+k, o)
			}
			if t == Single {
				fmt.Fprintf(&b, "答案：%c\n", 'A'+i%4)
			} else {
				b.WriteString("答案：A、B、D\n")
			}
		case TrueFalse:
			b.WriteString("。\n答案：√\n")
		case Fill:
			b.WriteString("，其英文缩写是 ____。\n答案：CRM|客户关系管理\n")
		case Case:
			b.WriteString("。\n某企业近年来客户投诉量明显上升，老客户流失严重，新客户增长缓慢。\n问：（1）分析客户流失的原因。\n答：服务响应慢，产品质量不稳定。\n问：（2）提出改进措施。\n")
		default:
			b.WriteString("。\n答案：\n1. 建立完善的客户信息档案，对客户进行分类管理；\n2. 提供个性化的产品和服务，满足不同客户的需求；\n3. 加强与客户的沟通，及时处理客户的意见和投诉。\n")
		}
		b.WriteString("解析：本题考查客户关系管理的基本概念，属于基础知识点，须熟练掌握。\n")
		if i%3 == 0 {
			b.WriteString("标签：第一章, 重点\n")
		}
	}
	return b.Bytes()
}

// generateBankSize generates a bank of at least size bytes.
func generateBankSize(size int) []byte {
	per := len(generateBank(100)) / 100
	return generateBank(size/per + 1)
}

func TestGenerateBank(t *testing.T) {
	data := generateBank(1000)
	b, err := ParseBytes("gen.md", data, ParseOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Questions) != 1000 {
		t.Errorf("%d questions, want 1000", len(b.Questions))
	}
}

// BenchmarkParse parses a generated bank of about 5 MB in strict mode; the
// MB/s figure is the parser's throughput (the target is 50 MB/s or more).
func BenchmarkParse(b *testing.B) {
	data := generateBankSize(5 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ParseBytes("gen.md", data, ParseOptions{Strict: true}); err != nil {
			b.Fatal(err)
		}
	}
}
