// Package clean holds the text repairs shared by the seed-extraction tools
// under data/prep (developer tools: they read ../shared/seeds and write drafts
// of data/*.md, which are then reviewed by hand). Nothing here runs in the app.
package clean

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
)

// pinyin matches a pinyin annotation the hosting site put after a character,
// as in 服務(wù): lower-case letters with at least one tone mark. Real
// parentheses ((CRM), (A), (√), （ ）blanks) never match.
var pinyin = regexp.MustCompile(`\(([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*)\)`)

// StripPinyin removes pinyin annotations.
func StripPinyin(s string) string { return pinyin.ReplaceAllString(s, "") }

// ToSimplified converts traditional to simplified Chinese with Debian's
// opencc (apt-get install opencc), config t2s.
func ToSimplified(s string) (string, error) {
	cmd := exec.Command("opencc", "-c", "t2s")
	cmd.Stdin = strings.NewReader(s)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("opencc t2s: %v: %s (install with: apt-get install opencc)", err, errb.String())
	}
	return out.String(), nil
}
