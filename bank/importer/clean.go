package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stripPinyin removes pinyin annotations that document sites put after
// characters: 服務(wù) → 服務. An annotation is "(" + 1–7 lower-case pinyin
// letters (tone marks allowed) + ")" right after a Han character; real
// parentheses — blanks "()", "(CRM)", "(A)", "(√)", "(1)" — never match. It
// returns the text and the number of annotations removed.
func stripPinyin(s string) (string, int) {
	if !strings.Contains(s, "(") {
		return s, 0
	}
	var b strings.Builder
	n := 0
	last := rune(0)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '(' && unicode.Is(unicode.Han, last) {
			if j := pinyinEnd(s, i+1); j > 0 {
				n++
				i = j
				continue
			}
		}
		b.WriteString(s[i : i+size])
		last = r
		i += size
	}
	if n == 0 {
		return s, 0
	}
	return b.String(), n
}

// pinyinEnd returns the index after the ")" closing a pinyin syllable that
// starts at s[i], or 0.
func pinyinEnd(s string, i int) int {
	k := 0
	tone := false
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ')':
			if k == 0 || k > 7 {
				return 0
			}
			// A bare vowel-less run (e.g. "(s)") is not a syllable.
			if !tone && !strings.ContainsAny(s[i-k:i], "aeiouv") && s[i-k:i] != "m" && s[i-k:i] != "n" && s[i-k:i] != "ng" {
				return 0
			}
			return i + 1
		case r >= 'a' && r <= 'z':
		case strings.ContainsRune("āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ", r):
			tone = true
		default:
			return 0
		}
		k += size
		i += size
	}
	return 0
}

// boilerplate reports lines that document sites add around a document.
func boilerplate(l string) bool {
	if len(l) > 160 && utf8.RuneCountInString(l) > 160 {
		return false
	}
	return containsAny(l, boilerKeys) || boilerShape(l)
}

// siteLine is boilerplate(t) || readingPrompt(t) in one pass over t.
func siteLine(t string) bool {
	short := len(t) <= 160 || utf8.RuneCountInString(t) <= 160
	reading := false
	for i := nextIn(t, 0, boilerStarts, nil); i < len(t); i = nextIn(t, i+1, boilerStarts, nil) {
		rest := t[i:]
		r, _ := decodeRune(rest)
		if short {
			for _, k := range boilerByFirst[r] {
				if strings.HasPrefix(rest, k) {
					return true
				}
			}
		}
		if !reading && r == '已' {
			for _, k := range readingKeys {
				if strings.HasPrefix(rest, k) {
					reading = true
				}
			}
		}
	}
	if short && boilerShape(t) {
		return true
	}
	return reading && (strings.Contains(t, "页") || strings.Contains(t, "頁"))
}

// boilerShape reports boilerplate lines told by their whole shape.
func boilerShape(l string) bool {
	t := trimSpace(l)
	switch t {
	case "评论", "評論", "提交评论", "提交評論", "0/150", "文档简介", "文檔簡介", "相关文档", "相關文檔", "猜你喜欢", "猜你喜歡":
		return true
	}
	// "- 格式:docx", "- 大小:16.19 KB", "- 文档页数:4"
	if strings.HasPrefix(t, "- ") {
		for _, k := range []string{"格式:", "格式：", "大小:", "大小：", "文档页数", "文檔頁數", "页数", "頁數", "上传时间", "上傳時間", "浏览", "瀏覽", "下载", "下載"} {
			if strings.HasPrefix(t[2:], k) {
				return true
			}
		}
	}
	// "（考试时间：120分钟　满分：100分）": an exam paper's instructions
	if (strings.HasPrefix(t, "（") || strings.HasPrefix(t, "(")) && (strings.HasSuffix(t, "）") || strings.HasSuffix(t, ")")) {
		for _, k := range []string{"考试时间", "满分", "总分", "考試時間", "滿分", "總分"} {
			if strings.Contains(t, k) {
				return true
			}
		}
	}
	// "2025年客戶服務管理題庫及答案_第1頁"
	if strings.IndexByte(t, '_') < 0 {
		return false
	}
	if j := strings.LastIndex(t, "_第"); j >= 0 {
		rest := strings.TrimRight(t[j+len("_第"):], "页頁")
		if rest != t[j+len("_第"):] && allDigits(rest) {
			return true
		}
	}
	return false
}

var boilerKeys = []string{
	"温馨提示", "溫馨提示", "版权说明", "版權說明", "下载本文档", "下載本文檔",
	"继续免费阅读", "繼續免費閱讀", "本站所有资源", "本站所有資源", "人人文库网", "人人文庫網",
	"点击下载", "點擊下載", "文档贡献者", "文檔貢獻者", "本文档由用户提供并上传", "本文檔由用戶提供並上傳",
}

// bulletLine reports the "• 1. 本站…" lines of a site notice.
func bulletLine(l string) bool {
	t := trimSpace(l)
	return strings.HasPrefix(t, "•") || strings.HasPrefix(t, "·") && strings.Contains(t, "本站")
}

// readLine reports "已阅读5页,还剩24页未读": a site's reading prompt.
func readingPrompt(l string) bool {
	return containsAny(l, readingKeys) && (strings.Contains(l, "页") || strings.Contains(l, "頁"))
}

var readingKeys = []string{"已阅读", "已閱讀"} // all start with 已

// boilerByFirst is boilerKeys by first rune.
var boilerByFirst = func() map[rune][]string {
	m := map[rune][]string{}
	for _, k := range boilerKeys {
		r, _ := utf8.DecodeRuneInString(k)
		m[r] = append(m[r], k)
	}
	return m
}()

// containsAny reports whether s contains one of keys, in one pass over s:
// only at a rune that starts some boilerplate phrase (boilerStarts) are the
// keys compared. Every key's first rune must be in boilerStarts.
func containsAny(s string, keys []string) bool {
	for i := nextIn(s, 0, boilerStarts, nil); i < len(s); i = nextIn(s, i+1, boilerStarts, nil) {
		rest := s[i:]
		for _, k := range keys {
			if strings.HasPrefix(rest, k) {
				return true
			}
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
