package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
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
func sniff(data []byte) (Kind, error) {
	head := data[:min(len(data), 1024)]
	switch {
	case isZip(data):
		return sniffZip(data)
	case bytes.Contains(head, []byte("%PDF-")):
		// The header may follow a little junk (PDF 1.7, 7.5.2 tolerates it).
		return KindPDF, nil
	case bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		return "", fmt.Errorf("%s: save it as .docx or .xlsx and import that", describeOLE(data))
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, []byte(m.magic)) && (m.also == "" || bytes.Contains(head, []byte(m.also))) {
			return "", fmt.Errorf("this is %s, not a question bank shuati can read (text, CSV/TSV, .xlsx, .docx or PDF)", m.what)
		}
	}
	if looksBinary(head) {
		return "", fmt.Errorf("this is binary data, not text, .xlsx, .docx or PDF")
	}
	return "", nil
}

// binaryMagic are formats that hold no importable text, by their first bytes
// (and a string that must appear in the first kilobyte as well).
var binaryMagic = []struct{ magic, also, what string }{
	{"\x89PNG\r\n\x1a\n", "", "a PNG image (a scan? shuati reads text, not pictures)"},
	{"\xff\xd8\xff", "", "a JPEG image (a scan? shuati reads text, not pictures)"},
	{"GIF87a", "", "a GIF image"},
	{"GIF89a", "", "a GIF image"},
	{"RIFF", "WEBP", "a WebP image"},
	{"II*\x00", "", "a TIFF image (a scan? shuati reads text, not pictures)"},
	{"MM\x00*", "", "a TIFF image (a scan? shuati reads text, not pictures)"},
	{"{\\rtf", "", "an RTF document: save it as .docx and import that"},
	{"\x1f\x8b", "", "a gzip archive: unpack it first"},
	{"7z\xbc\xaf\x27\x1c", "", "a 7-Zip archive: unpack it first"},
	{"Rar!\x1a\x07", "", "a RAR archive: unpack it first"},
	{"\x7fELF", "", "a program (ELF executable)"},
	{"MZ", "This program", "a Windows program"},
	{"AT&TFORM", "DJVU", "a DjVu document (scanned pages)"},
	{"\x00\x00\x00", "ftypheic", "a HEIC image"},
}

// looksBinary reports bytes that no text encoding shuati reads produces:
// NUL bytes (outside UTF-16 with a byte-order mark) or other control bytes
// beyond the few a damaged text file has.
func looksBinary(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false
	}
	nul, ctl := 0, 0
	for _, c := range head {
		switch {
		case c == 0:
			nul++
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b:
			ctl++
		}
	}
	return nul > 4 && nul*50 > len(head) || ctl > 8 && ctl*10 > len(head)
}

// describeOLE names an OLE2 compound file by the streams its directory
// lists (names are UTF-16LE).
func describeOLE(data []byte) string {
	has := func(name string) bool {
		u := make([]byte, 0, 2*len(name))
		for i := 0; i < len(name); i++ {
			u = append(u, name[i], 0)
		}
		return bytes.Contains(data, u)
	}
	switch {
	case has("EncryptionInfo") && has("EncryptedPackage"):
		return "this is a password-protected Office file: remove the password in Word or Excel (File ▸ Info ▸ Protect), save, and import that"
	case has("WordDocument"):
		return "this is an old Word document (.doc, Word 97–2003)"
	case has("Workbook") || has("Book"):
		return "this is an old Excel workbook (.xls, Excel 97–2003)"
	case has("PowerPoint Document"):
		return "this is an old PowerPoint presentation (.ppt)"
	}
	return "this is an old Microsoft Office file (OLE2 compound document)"
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
func sniffZip(data []byte) (Kind, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("a zip archive that cannot be read (damaged or cut short?): %w", err)
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
		return "", fmt.Errorf("this is a PowerPoint presentation (.pptx), not a question bank: copy its text into a .docx or text file")
	case names["mimetype"] != nil:
		mt := "OpenDocument"
		if f := names["mimetype"]; f.UncompressedSize64 < 100 {
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 100))
				rc.Close()
				mt = string(b)
			}
		}
		what := "an OpenDocument file"
		switch {
		case strings.Contains(mt, "opendocument.text"):
			what = "an OpenDocument text (.odt)"
		case strings.Contains(mt, "opendocument.spreadsheet"):
			what = "an OpenDocument spreadsheet (.ods)"
		case strings.Contains(mt, "opendocument.presentation"):
			what = "an OpenDocument presentation (.odp)"
		case strings.Contains(mt, "epub"):
			what = "an EPUB e-book"
		}
		return "", fmt.Errorf("this is %s: save it as .docx or .xlsx (File ▸ Save As) and import that", what)
	}
	return "", fmt.Errorf("this is a zip archive holding neither a Word document (word/document.xml) nor a workbook (xl/workbook.xml): unpack it and import the file inside")
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
