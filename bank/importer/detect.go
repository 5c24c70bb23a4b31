package importer

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
)

// Input kinds read from documents rather than text.
const (
	KindDocx Kind = "docx" // Word document (Office Open XML)
	KindPDF  Kind = "pdf"  // PDF: its text layer
)

// documentKind reports the kinds that are read from the file's bytes, not
// from decoded text.
func documentKind(k Kind) bool { return k == KindXLSX || k == KindDocx || k == KindPDF }

// sniff tells the kind of a file from its first bytes (magic numbers) and,
// for a zip archive, from the parts inside it. It returns "" for text (the
// text detection decides then) and an error, saying what the file looks
// like, for a format that holds no importable text.
func sniff(data string) (Kind, error) {
	head := data[:min(len(data), 1024)]
	switch {
	case isZip(data):
		return sniffZip(data)
	case strings.Contains(head, "%PDF-"):
		// The header may follow a little junk (PDF 1.7, 7.5.2 tolerates it).
		return KindPDF, nil
	case strings.HasPrefix(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return "", fail(describeOLE(data))
	}
	for _, m := range binaryMagic {
		if strings.HasPrefix(data, m.magic) && (m.also == "" || strings.Contains(head, m.also)) {
			return "", fail("detect.not-bank", Note{Code: m.what})
		}
	}
	if looksBinary(head) {
		return "", fail("detect.binary")
	}
	return "", nil
}

// binaryMagic are formats that hold no importable text, by their first bytes
// (and a string that must appear in the first kilobyte as well).
// what is the code of the format's name.
var binaryMagic = []struct{ magic, also, what string }{
	{"\x89PNG\r\n\x1a\n", "", "what.png"},
	{"\xff\xd8\xff", "", "what.jpeg"},
	{"GIF87a", "", "what.gif"},
	{"GIF89a", "", "what.gif"},
	{"RIFF", "WEBP", "what.webp"},
	{"II*\x00", "", "what.tiff"},
	{"MM\x00*", "", "what.tiff"},
	{"{\\rtf", "", "what.rtf"},
	{"\x1f\x8b", "", "what.gzip"},
	{"7z\xbc\xaf\x27\x1c", "", "what.7z"},
	{"Rar!\x1a\x07", "", "what.rar"},
	{"\x7fELF", "", "what.elf"},
	{"MZ", "This program", "what.exe"},
	{"AT&TFORM", "DJVU", "what.djvu"},
	{"\x00\x00\x00", "ftypheic", "what.heic"},
}

// looksBinary reports bytes that no text encoding shuati reads produces:
// NUL bytes (outside UTF-16 with a byte-order mark) or other control bytes
// beyond the few a damaged text file has.
func looksBinary(head string) bool {
	if strings.HasPrefix(head, "\xff\xfe") || strings.HasPrefix(head, "\xfe\xff") {
		return false
	}
	nul, ctl := 0, 0
	for i := 0; i < len(head); i++ {
		c := head[i]
		switch {
		case c == 0:
			nul++
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b:
			ctl++
		}
	}
	return nul > 4 && nul*50 > len(head) || ctl > 8 && ctl*10 > len(head)
}

// describeOLE is the code of the message that names an OLE2 compound file
// by the streams its directory lists (names are UTF-16LE).
func describeOLE(data string) string {
	has := func(name string) bool {
		u := make([]byte, 0, 2*len(name))
		for i := 0; i < len(name); i++ {
			u = append(u, name[i], 0)
		}
		return strings.Contains(data, string(u))
	}
	switch {
	case has("EncryptionInfo") && has("EncryptedPackage"):
		return "detect.ole-locked"
	case has("WordDocument"):
		return "detect.doc"
	case has("Workbook") || has("Book"):
		return "detect.xls"
	case has("PowerPoint Document"):
		return "detect.ppt"
	}
	return "detect.ole"
}

// Content types of the main part of a Word document, by [Content_Types].xml.
var wordMainTypes = map[string]bool{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": true,
	"application/vnd.ms-word.document.macroEnabled.main+xml":                           true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": true,
	"application/vnd.ms-word.template.macroEnabledTemplate.main+xml":                   true,
}

// sniffZip tells a Word document from a workbook (and from other zip
// archives) by the parts the archive lists.
func sniffZip(data string) (Kind, error) {
	zr, err := zip.NewReader(strings.NewReader(data), int64(len(data)))
	if err != nil {
		return "", wrap(err, "detect.zip-damaged")
	}
	names := map[string]*zip.File{}
	for _, f := range zr.File {
		names[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	switch {
	case names["word/document.xml"] != nil || wordMainPart(zr) != "":
		return KindDocx, nil
	case names["xl/workbook.xml"] != nil:
		return KindXLSX, nil
	case names["ppt/presentation.xml"] != nil:
		return "", fail("detect.pptx")
	case names["mimetype"] != nil:
		mt := "OpenDocument"
		if f := names["mimetype"]; f.UncompressedSize64 < 100 {
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 100))
				rc.Close()
				mt = string(b)
			}
		}
		what := "what.odf"
		switch {
		case strings.Contains(mt, "opendocument.text"):
			what = "what.odt"
		case strings.Contains(mt, "opendocument.spreadsheet"):
			what = "what.ods"
		case strings.Contains(mt, "opendocument.presentation"):
			what = "what.odp"
		case strings.Contains(mt, "epub"):
			what = "what.epub"
		}
		return "", fail("detect.office-save", Note{Code: what})
	}
	return "", fail("detect.zip-other")
}

// wordMainPart finds the main document part of a Word document whose part
// is not word/document.xml, by [Content_Types].xml ("" if none).
func wordMainPart(zr *zip.Reader) string {
	for _, f := range zr.File {
		if !strings.EqualFold(f.Name, "[Content_Types].xml") || f.UncompressedSize64 > 1<<20 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		var ct struct {
			Override []struct {
				PartName    string `xml:"PartName,attr"`
				ContentType string `xml:"ContentType,attr"`
			} `xml:"Override"`
		}
		if xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&ct) != nil {
			return ""
		}
		for _, o := range ct.Override {
			if wordMainTypes[o.ContentType] {
				return strings.TrimPrefix(o.PartName, "/")
			}
		}
	}
	return ""
}
