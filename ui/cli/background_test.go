package cli

import "testing"

func TestParseBackground(t *testing.T) {
	tests := []struct {
		answer          string
		dark, found, ok bool
	}{
		{"\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[24;80R", true, true, true},
		{"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[1;1R", false, true, true},
		{"\x1b]11;rgb:fd/f6/e3\x1b\\\x1b[3;7R", false, true, true}, // solarized light, 2 digits
		{"\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\\x1b[3;7R", true, true, true},
		{"\x1b[24;80R", false, false, true},                       // OSC 11 ignored: known at once
		{"\x1b]11;rgb:ffff/ffff/ffff\x1b\\", false, false, false}, // the cursor report still to come
		{"", false, false, false},
	}
	for _, tt := range tests {
		dark, found, ok := parseBackground([]byte(tt.answer))
		if dark != tt.dark || found != tt.found || ok != tt.ok {
			t.Errorf("%q: dark %v found %v ok %v, want %v %v %v", tt.answer, dark, found, ok, tt.dark, tt.found, tt.ok)
		}
	}
}

func TestDarkFromColorFGBG(t *testing.T) {
	for v, want := range map[string]bool{"15;0": true, "0;15": false, "7;default;0": true, "0;7": false, "": true, "junk": true, "0;8": true} {
		if got := darkFromColorFGBG(v, true); got != want {
			t.Errorf("COLORFGBG=%q: dark %v, want %v", v, got, want)
		}
	}
	if darkFromColorFGBG("", false) {
		t.Error("the default is not kept")
	}
}
