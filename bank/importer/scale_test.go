package importer

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/shuati/shuati/bank"
)

// Scale of issue 6 for the raw-text importer: 100,000 questions of mixed
// types written as scraped 题库 documents have them (numbered questions
// under 一、二、… headings, options on one line or several, 答案 lines,
// (√)/(×) marks), and the importer's throughput as a ratio to reading the
// same bytes from memory in the same run.

const rawScale = 100_000

// rawBank writes n questions of raw 题库 text, cycling through single
// choice, multiple choice, true/false and short answer in sections of 50.
func rawBank(n int) []byte {
	var b bytes.Buffer
	heads := []string{"单项选择题", "多项选择题", "判断题", "简答题"}
	nums := []string{"一", "二", "三", "四"}
	stems := []string{
		"客户关系管理的核心是以客户为中心，通过对客户信息的收集与分析提高客户满意度",
		"在客户服务中处理客户投诉的首要步骤是认真倾听客户的意见并表示理解",
		"企业实施客户细分的主要依据包括客户的价值、需求特征以及购买行为",
		"“360度客户视图”指的是客户与公司所有互动记录的集合",
	}
	for i := 0; i < n; i++ {
		kind := (i / 50) % 4
		if i%50 == 0 {
			fmt.Fprintf(&b, "\n%s、%s\n", nums[kind], heads[kind])
		}
		num := i%50 + 1
		stem := stems[i%len(stems)]
		switch kind {
		case 0:
			fmt.Fprintf(&b, "%d. %s（第%d题）（ ）\nA. 提高客户满意度 B. 降低生产成本 C. 增加市场份额 D. 优化组织结构\n答案：%c\n解析：本题考查基本概念，编号%d。\n", num, stem, i+1, 'A'+i%4, i)
		case 1:
			fmt.Fprintf(&b, "%d. %s，下列正确的有（第%d题）（ ）\nA. 建立客户档案\nB. 提供个性化服务\nC. 忽视客户意见\nD. 加强沟通\n答案：ABD\n", num, stem, i+1)
		case 2:
			mark := "√"
			if i%2 == 1 {
				mark = "×"
			}
			fmt.Fprintf(&b, "%d. %s（第%d题）。（%s）\n", num, stem, i+1, mark)
		default:
			fmt.Fprintf(&b, "%d. 简述：%s（第%d题）。\n答案：\n1. 建立完善的客户信息档案；\n2. 提供个性化的产品和服务；\n3. 及时处理客户的意见和投诉。\n", num, stem, i+1)
		}
	}
	return b.Bytes()
}

// TestRawBank100k imports the 100,000-question raw text: every question is
// recognised with its type and answer, nothing is left unplaced.
func TestRawBank100k(t *testing.T) {
	if testing.Short() {
		t.Skip("big input")
	}
	in := rawBank(rawScale)
	start := time.Now()
	b, rep, err := Import("raw-100k.txt", in, Options{Name: "raw100k"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes, %d questions imported in %v", len(in), len(b.Questions), time.Since(start).Round(time.Millisecond))
	if len(b.Questions) != rawScale || len(rep.Unplaced) != 0 || len(rep.NoAnswer) != 0 {
		t.Fatalf("%d questions (want %d), %d unplaced (%+v), %d without answer", len(b.Questions), rawScale, len(rep.Unplaced), rep.Unplaced[:min(4, len(rep.Unplaced))], len(rep.NoAnswer))
	}
	counts := map[bank.Type]int{}
	for _, q := range b.Questions {
		counts[q.Type]++
	}
	for _, typ := range []bank.Type{bank.Single, bank.Multiple, bank.TrueFalse, bank.Short} {
		if counts[typ] != rawScale/4 {
			t.Errorf("%s: %d questions, want %d (all: %v)", typ, counts[typ], rawScale/4, counts)
		}
	}
}

// BenchmarkImportRawVsRead imports the 100,000-question raw text and, in the
// same iteration, reads the same bytes from memory into a string as
// ui/bankimport reads a file; it reports both rates and import/read.
func BenchmarkImportRawVsRead(b *testing.B) {
	in := rawBank(rawScale)
	var imp, read time.Duration
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		var sink strings.Builder
		sink.Grow(len(in))
		if _, err := io.Copy(&sink, bytes.NewReader(in)); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		bk, _, err := ImportString("raw-100k.txt", sink.String(), Options{Name: "raw100k"})
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if len(bk.Questions) != rawScale {
			b.Fatalf("%d questions", len(bk.Questions))
		}
		read += t1.Sub(t0)
		imp += t2.Sub(t1)
	}
	mb := float64(len(in)) * float64(b.N) / 1e6
	b.ReportMetric(mb/imp.Seconds(), "import-MB/s")
	b.ReportMetric(mb/read.Seconds(), "read-MB/s")
	b.ReportMetric(float64(imp)/float64(read), "import/read")
}
