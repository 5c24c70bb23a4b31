package pdf

import (
	"golang.org/x/text/encoding/charmap"
)

// The simple fonts' base encodings (PDF 1.7, Annex D), code → text.
var (
	standardEncoding = asciiEncoding(map[byte]string{0x27: "’", 0x60: "‘"})
	winAnsiEncoding  = charmapEncoding(charmap.Windows1252)
	macRomanEncoding = charmapEncoding(charmap.Macintosh)
)

func asciiEncoding(diff map[byte]string) [256]string {
	var e [256]string
	for c := 0x20; c < 0x7f; c++ {
		e[c] = string(rune(c))
	}
	for c, t := range diff {
		e[c] = t
	}
	return e
}

func charmapEncoding(cm *charmap.Charmap) [256]string {
	var e [256]string
	for c := 0x20; c < 0x100; c++ {
		if c == 0x7f {
			continue
		}
		r := cm.DecodeByte(byte(c))
		if r != '\ufffd' {
			e[c] = string(r)
		}
	}
	return e
}

func namedEncoding(n Name, base [256]string) [256]string {
	switch n {
	case "WinAnsiEncoding":
		return winAnsiEncoding
	case "MacRomanEncoding":
		return macRomanEncoding
	case "StandardEncoding":
		return standardEncoding
	}
	return base
}

// glyphNames are the Adobe glyph names that Differences arrays of 题库
// PDFs use (letters are their own names and handled apart).
var glyphNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
	"ampersand": "&", "quotesingle": "'", "quoteright": "’", "quoteleft": "‘", "parenleft": "(", "parenright": ")",
	"asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-", "minus": "−", "period": ".", "slash": "/",
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "colon": ":", "semicolon": ";", "less": "<", "equal": "=", "greater": ">",
	"question": "?", "at": "@", "bracketleft": "[", "backslash": "\\", "bracketright": "]", "asciicircum": "^",
	"underscore": "_", "grave": "`", "braceleft": "{", "bar": "|", "braceright": "}", "asciitilde": "~",
	"bullet": "•", "endash": "–", "emdash": "—", "ellipsis": "…", "quotedblleft": "“", "quotedblright": "”",
	"quotesinglbase": "‚", "quotedblbase": "„", "dagger": "†", "daggerdbl": "‡", "periodcentered": "·",
	"multiply": "×", "divide": "÷", "degree": "°", "plusminus": "±", "section": "§", "paragraph": "¶",
	"copyright": "©", "registered": "®", "trademark": "™", "fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
	"nbspace": " ", "sfthyphen": "-", "check": "√", "checkmark": "√", "radical": "√", "uni221A": "√",
	"circle": "○", "triangle": "△", "Euro": "€", "sterling": "£", "yen": "¥", "cent": "¢",
	"aacute": "á", "agrave": "à", "acircumflex": "â", "adieresis": "ä", "atilde": "ã", "aring": "å",
	"eacute": "é", "egrave": "è", "ecircumflex": "ê", "edieresis": "ë", "iacute": "í", "igrave": "ì",
	"icircumflex": "î", "idieresis": "ï", "oacute": "ó", "ograve": "ò", "ocircumflex": "ô", "odieresis": "ö",
	"otilde": "õ", "uacute": "ú", "ugrave": "ù", "ucircumflex": "û", "udieresis": "ü", "ccedilla": "ç",
	"ntilde": "ñ", "germandbls": "ß", "Eacute": "É", "Adieresis": "Ä", "Odieresis": "Ö", "Udieresis": "Ü",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "pi": "π", "mu": "μ", "sigma": "σ", "Omega": "Ω",
	"lessequal": "≤", "greaterequal": "≥", "notequal": "≠", "infinity": "∞", "arrowright": "→",
}
