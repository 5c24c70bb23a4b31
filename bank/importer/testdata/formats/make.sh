#!/bin/sh
# Regenerates the format fixtures: the flat-ODF sources and expected
# questions (gen.py), then .docx and .pdf files made by LibreOffice, and an
# encrypted copy of a PDF made by qpdf.
#   apt-get install -y libreoffice-writer-nogui fonts-wqy-microhei qpdf python3
set -e
cd "$(dirname "$0")"
python3 gen.py
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in kuaiji jisuanji huli; do
	soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$out" "src/$f.fodt" >/dev/null
	cp "$out/$f.docx" .
done
soffice --headless --convert-to pdf --outdir "$out" src/guanli.fodt src/scanned.fodt >/dev/null
cp "$out/guanli.pdf" "$out/scanned.pdf" .
# The numbered .docx printed to PDF as well (numbers drawn, not typed).
soffice --headless --convert-to pdf --outdir "$out" kuaiji.docx >/dev/null
cp "$out/kuaiji.pdf" .
cp kuaiji.expect kuaiji-pdf.expect
qpdf --encrypt user-pw owner-pw 256 -- guanli.pdf encrypted.pdf
# The same PDF with object streams and a cross-reference stream (PDF 1.5),
# as Acrobat and many tools write them.
qpdf --object-streams=generate kuaiji.pdf kuaiji-objstm.pdf
cp kuaiji.expect kuaiji-objstm-pdf.expect
