package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Limits bound what reading one file may cost.
type Limits struct {
	Objects     int   // cross-reference entries
	Pages       int   // pages read
	StreamBytes int64 // one decoded stream
	TotalBytes  int64 // all streams decoded, together (the work done)
	Ops         int   // content-stream operators interpreted, together
}

// DefaultLimits suit question banks: a 2,000-page PDF is far inside them.
var DefaultLimits = Limits{
	Objects:     2_000_000,
	Pages:       5_000,
	StreamBytes: 16 << 20,
	TotalBytes:  512 << 20,
	Ops:         50_000_000,
}

// Errors the caller tells the user about in its own words.
var (
	ErrEncrypted = errors.New("the PDF is encrypted")
	ErrLimit     = errors.New("the PDF exceeds shuati's limits")
	ErrDamaged   = errors.New("the PDF is damaged")
)

type xrefEntry struct {
	offset int64 // in the file (for a compressed object: its index in the stream, unused)
	stream int64 // object stream number, 0 if not compressed
	ok     bool
}

// file is an open PDF.
type file struct {
	data    []byte
	lim     Limits
	xref    map[int64]xrefEntry
	trailer Dict
	cache   map[int64]any
	objstm  map[int64]*objStream
	decoded int64 // bytes decoded so far
	ops     int
	busy    map[int64]bool // objects being resolved (reference loops)
	// Scratch buffers of the page being read.
	glyphs, visible []placed
}

type objStream struct {
	data    []byte
	offsets map[int64]int
}

func open(data []byte, lim Limits) (*file, error) {
	f := &file{data: data, lim: lim, xref: map[int64]xrefEntry{}, cache: map[int64]any{}, objstm: map[int64]*objStream{}, busy: map[int64]bool{}}
	if err := f.readXref(); err != nil || f.trailer["Root"] == nil {
		// Damaged or missing cross-reference: find the objects by scanning.
		if errors.Is(err, ErrLimit) {
			return nil, err
		}
		if rerr := f.rebuildXref(); rerr != nil {
			if err == nil {
				err = rerr
			}
			return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
	}
	if f.trailer["Encrypt"] != nil {
		return nil, ErrEncrypted
	}
	return f, nil
}

// readXref follows startxref and the /Prev chain.
func (f *file) readXref() error {
	tail := f.data[max(0, len(f.data)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return errors.New("no startxref")
	}
	l := &lexer{b: tail, pos: i + len("startxref")}
	tok, _, _ := l.token()
	off, ok := tok.(int64)
	if !ok {
		return errors.New("bad startxref")
	}
	seen := map[int64]bool{}
	first := true
	for off > 0 && !seen[off] && len(seen) < 64 {
		seen[off] = true
		if off >= int64(len(f.data)) {
			return errors.New("startxref points past the end")
		}
		trailer, err := f.readXrefAt(off)
		if err != nil {
			return err
		}
		if first {
			f.trailer = trailer
			first = false
		}
		// A hybrid file's extra cross-reference stream.
		if x, ok := trailer["XRefStm"].(int64); ok && x > 0 && x < int64(len(f.data)) && !seen[x] {
			seen[x] = true
			if _, err := f.readXrefAt(x); err != nil {
				return err
			}
		}
		off, _ = trailer["Prev"].(int64)
	}
	return nil
}

// readXrefAt reads a table ("xref") or a cross-reference stream at off.
// Entries already known (from a newer section) are kept.
func (f *file) readXrefAt(off int64) (Dict, error) {
	l := &lexer{b: f.data, pos: int(off)}
	tok, _, err := l.token()
	if err != nil {
		return nil, err
	}
	if tok == keyword("xref") {
		return f.readXrefTable(l)
	}
	// "n g obj << … >> stream"
	l.pos = int(off)
	obj, err := f.objectAt(l, -1)
	if err != nil {
		return nil, err
	}
	s, ok := obj.(*Stream)
	if !ok || s.Dict["Type"] != Name("XRef") {
		return nil, errors.New("startxref points at neither a table nor a stream")
	}
	return s.Dict, f.readXrefStream(s)
}

func (f *file) readXrefTable(l *lexer) (Dict, error) {
	for {
		tok, ok, err := l.token()
		if err != nil || !ok {
			return nil, errors.New("cross-reference table cut short")
		}
		if tok == keyword("trailer") {
			d, err := l.object()
			if err != nil {
				return nil, err
			}
			td, ok := d.(Dict)
			if !ok {
				return nil, errors.New("trailer is not a dictionary")
			}
			return td, nil
		}
		start, ok1 := tok.(int64)
		tok, _, _ = l.token()
		count, ok2 := tok.(int64)
		if !ok1 || !ok2 || start < 0 || count < 0 {
			return nil, errors.New("bad cross-reference subsection")
		}
		if count > int64(f.lim.Objects) || len(f.xref)+int(count) > f.lim.Objects {
			return nil, fmt.Errorf("%w: more than %d objects", ErrLimit, f.lim.Objects)
		}
		for i := int64(0); i < count; i++ {
			// "oooooooooo ggggg n" — read as three tokens (spacing varies).
			t1, _, _ := l.token()
			_, _, _ = l.token()
			t3, _, _ := l.token()
			o, ok := t1.(int64)
			if !ok {
				return nil, errors.New("bad cross-reference entry")
			}
			num := start + i
			if _, known := f.xref[num]; known {
				continue
			}
			if t3 == keyword("n") {
				f.xref[num] = xrefEntry{offset: o, ok: true}
			} else {
				f.xref[num] = xrefEntry{}
			}
		}
	}
}

func (f *file) readXrefStream(s *Stream) error {
	data, err := f.decode(s)
	if err != nil {
		return err
	}
	w, _ := s.Dict["W"].(Array)
	if len(w) != 3 {
		return errors.New("cross-reference stream without /W")
	}
	var widths [3]int
	total := 0
	for i, v := range w {
		n, ok := v.(int64)
		if !ok || n < 0 || n > 8 {
			return errors.New("bad /W in cross-reference stream")
		}
		widths[i] = int(n)
		total += int(n)
	}
	if total == 0 {
		return errors.New("bad /W in cross-reference stream")
	}
	size, _ := s.Dict["Size"].(int64)
	index, _ := s.Dict["Index"].(Array)
	if index == nil {
		index = Array{int64(0), size}
	}
	pos := 0
	field := func(k int) int64 {
		var v int64
		for j := 0; j < widths[k]; j++ {
			v = v<<8 | int64(data[pos])
			pos++
		}
		return v
	}
	for i := 0; i+1 < len(index); i += 2 {
		start, ok1 := index[i].(int64)
		count, ok2 := index[i+1].(int64)
		if !ok1 || !ok2 || start < 0 || count < 0 {
			return errors.New("bad /Index in cross-reference stream")
		}
		if count > int64(f.lim.Objects) || len(f.xref)+int(count) > f.lim.Objects {
			return fmt.Errorf("%w: more than %d objects", ErrLimit, f.lim.Objects)
		}
		for j := int64(0); j < count; j++ {
			if pos+total > len(data) {
				return nil // cut short: keep what was read
			}
			typ := int64(1)
			if widths[0] > 0 {
				typ = field(0)
			}
			a, b := field(1), field(2)
			num := start + j
			if _, known := f.xref[num]; known {
				continue
			}
			switch typ {
			case 1:
				f.xref[num] = xrefEntry{offset: a, ok: true}
			case 2:
				f.xref[num] = xrefEntry{stream: a, offset: b, ok: true}
			default:
				f.xref[num] = xrefEntry{}
			}
		}
	}
	return nil
}

// rebuildXref finds every "n g obj" in the file (the last one of a number
// wins, as in an updated file) and the trailer: the last trailer dictionary,
// or a cross-reference stream's, or else the catalog object.
func (f *file) rebuildXref() error {
	clear(f.xref)
	clear(f.cache)
	f.trailer = nil
	var catalog int64 = -1
	for i := 0; i < len(f.data); {
		j := bytes.Index(f.data[i:], []byte("obj"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + 3
		// Back over "n g " before "obj".
		k := at - 1
		for k >= 0 && isWhite(f.data[k]) {
			k--
		}
		ge := k + 1
		for k >= 0 && f.data[k] >= '0' && f.data[k] <= '9' {
			k--
		}
		if k+1 == ge || k < 0 || !isWhite(f.data[k]) {
			continue
		}
		gs := k + 1
		for k >= 0 && isWhite(f.data[k]) {
			k--
		}
		ne := k + 1
		for k >= 0 && f.data[k] >= '0' && f.data[k] <= '9' {
			k--
		}
		if k+1 == ne {
			continue
		}
		num, err1 := strconv.ParseInt(string(f.data[k+1:ne]), 10, 64)
		_, err2 := strconv.ParseInt(string(f.data[gs:ge]), 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		if len(f.xref) >= f.lim.Objects {
			return fmt.Errorf("%w: more than %d objects", ErrLimit, f.lim.Objects)
		}
		f.xref[num] = xrefEntry{offset: int64(k + 1), ok: true}
		if bytes.Contains(f.data[at:min(len(f.data), at+200)], []byte("/Catalog")) {
			catalog = num
		}
	}
	if i := bytes.LastIndex(f.data, []byte("trailer")); i >= 0 {
		l := &lexer{b: f.data, pos: i + len("trailer")}
		if d, err := l.object(); err == nil {
			if td, ok := d.(Dict); ok && td["Root"] != nil {
				f.trailer = td
			}
		}
	}
	if f.trailer == nil {
		for num := range f.xref {
			if s, ok := f.resolveNum(num).(*Stream); ok && s.Dict["Type"] == Name("XRef") && s.Dict["Root"] != nil {
				f.trailer = s.Dict
				_ = f.readXrefStream(s)
				break
			}
		}
	}
	if f.trailer == nil && catalog >= 0 {
		f.trailer = Dict{"Root": Ref{Num: catalog}}
	}
	if f.trailer == nil {
		return errors.New("no document catalog found")
	}
	return nil
}

// objectAt reads "n g obj … endobj" at the lexer's position. want is the
// expected object number (-1: any).
func (f *file) objectAt(l *lexer, want int64) (any, error) {
	t1, _, _ := l.token()
	t2, _, _ := l.token()
	t3, _, _ := l.token()
	n, ok1 := t1.(int64)
	_, ok2 := t2.(int64)
	if !ok1 || !ok2 || t3 != keyword("obj") || want >= 0 && n != want {
		return nil, fmt.Errorf("object %d not found where the cross-reference says", want)
	}
	obj, err := l.object()
	if err != nil {
		return nil, err
	}
	d, ok := obj.(Dict)
	if !ok {
		return obj, nil
	}
	save := l.pos
	tok, _, _ := l.token()
	if tok != keyword("stream") {
		l.pos = save
		return d, nil
	}
	// The data starts after the end of line that follows "stream".
	p := l.pos
	if p < len(l.b) && l.b[p] == '\r' {
		p++
	}
	if p < len(l.b) && l.b[p] == '\n' {
		p++
	}
	length := int64(-1)
	switch v := d["Length"].(type) {
	case int64:
		length = v
	case Ref:
		if v.Num != want {
			if n, ok := f.resolve(v).(int64); ok {
				length = n
			}
		}
	}
	end := -1
	if length >= 0 && int64(p)+length <= int64(len(l.b)) {
		e := int(int64(p) + length)
		rest := l.b[e:min(len(l.b), e+32)]
		if bytes.Contains(rest, []byte("endstream")) {
			end = e
		}
	}
	if end < 0 {
		// A wrong /Length: the data ends at "endstream".
		k := bytes.Index(l.b[p:], []byte("endstream"))
		if k < 0 {
			return nil, errors.New("stream without endstream")
		}
		end = p + k
		for end > p && (l.b[end-1] == '\n' || l.b[end-1] == '\r') {
			end--
		}
	}
	return &Stream{Dict: d, Raw: l.b[p:end]}, nil
}

// resolve follows references (to depth 16).
func (f *file) resolve(v any) any {
	for range 16 {
		r, ok := v.(Ref)
		if !ok {
			return v
		}
		v = f.resolveNum(r.Num)
	}
	return nil
}

func (f *file) resolveNum(num int64) any {
	if v, ok := f.cache[num]; ok {
		return v
	}
	if f.busy[num] {
		return nil
	}
	f.busy[num] = true
	defer delete(f.busy, num)
	e, ok := f.xref[num]
	var v any
	switch {
	case !ok || !e.ok:
	case e.stream > 0:
		v = f.compressedObject(e.stream, num)
	case e.offset >= 0 && e.offset < int64(len(f.data)):
		l := &lexer{b: f.data, pos: int(e.offset)}
		obj, err := f.objectAt(l, num)
		if err == nil {
			v = obj
		}
	}
	f.cache[num] = v
	return v
}

// compressedObject reads object num from object stream sn.
func (f *file) compressedObject(sn, num int64) any {
	os, ok := f.objstm[sn]
	if !ok {
		f.objstm[sn] = nil // a loop through this stream reads nothing
		s, isStream := f.resolveNum(sn).(*Stream)
		if !isStream {
			return nil
		}
		data, err := f.decode(s)
		if err != nil {
			return nil
		}
		n, _ := s.Dict["N"].(int64)
		first, _ := s.Dict["First"].(int64)
		if n < 0 || n > int64(f.lim.Objects) || first < 0 || first > int64(len(data)) {
			return nil
		}
		os = &objStream{data: data[first:], offsets: map[int64]int{}}
		l := &lexer{b: data[:first]}
		for i := int64(0); i < n; i++ {
			t1, _, _ := l.token()
			t2, _, _ := l.token()
			on, ok1 := t1.(int64)
			off, ok2 := t2.(int64)
			if !ok1 || !ok2 {
				break
			}
			if off >= 0 && off < int64(len(os.data)) {
				os.offsets[on] = int(off)
			}
		}
		f.objstm[sn] = os
	}
	if os == nil {
		return nil
	}
	off, ok := os.offsets[num]
	if !ok {
		return nil
	}
	l := &lexer{b: os.data, pos: off}
	v, err := l.object()
	if err != nil {
		return nil
	}
	return v
}

// decode applies a stream's filters, within the limits.
func (f *file) decode(s *Stream) ([]byte, error) {
	data := s.Raw
	filters := f.resolve(s.Dict["Filter"])
	params := f.resolve(s.Dict["DecodeParms"])
	var names []Name
	var parms []any
	switch v := filters.(type) {
	case Name:
		names = []Name{v}
		parms = []any{params}
	case Array:
		for i, x := range v {
			if n, ok := f.resolve(x).(Name); ok {
				names = append(names, n)
				var p any
				if pa, ok := params.(Array); ok && i < len(pa) {
					p = f.resolve(pa[i])
				}
				parms = append(parms, p)
			}
		}
	}
	for i, n := range names {
		var err error
		pd, _ := parms[i].(Dict)
		switch n {
		case "FlateDecode", "Fl":
			data, err = f.inflate(data)
			if err == nil {
				data, err = unpredict(data, pd, f)
			}
		case "ASCIIHexDecode", "AHx":
			data, err = asciiHex(data)
		case "ASCII85Decode", "A85":
			data, err = ascii85(data)
		case "RunLengthDecode", "RL":
			data, err = runLength(data, f.lim.StreamBytes)
		case "LZWDecode", "LZW":
			early := true
			if v, ok := pd["EarlyChange"].(int64); ok && v == 0 {
				early = false
			}
			data, err = lzwDecode(data, early, f.lim.StreamBytes)
			if err == nil {
				data, err = unpredict(data, pd, f)
			}
		default:
			// Image codecs (DCT, JPX, CCITT, JBIG2) hold no text.
			return nil, fmt.Errorf("unsupported filter %s", n)
		}
		if err != nil {
			return nil, err
		}
	}
	f.decoded += int64(len(data))
	if f.decoded > f.lim.TotalBytes {
		return nil, fmt.Errorf("%w: more than %d MB of streams", ErrLimit, f.lim.TotalBytes>>20)
	}
	return data, nil
}

// inflate decodes zlib data, at most StreamBytes of it. A stream cut short
// keeps what was decoded (PDF writers often leave a bad checksum).
func (f *file) inflate(data []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(zr, f.lim.StreamBytes+1))
	if n > f.lim.StreamBytes {
		return nil, fmt.Errorf("%w: a stream inflates to more than %d MB", ErrLimit, f.lim.StreamBytes>>20)
	}
	if err != nil && out.Len() == 0 {
		return nil, err
	}
	return out.Bytes(), nil
}

// unpredict undoes a PNG or TIFF predictor (DecodeParms /Predictor).
func unpredict(data []byte, pd Dict, f *file) ([]byte, error) {
	if pd == nil {
		return data, nil
	}
	pred, _ := f.resolve(pd["Predictor"]).(int64)
	if pred <= 1 {
		return data, nil
	}
	colors, bpc, columns := int64(1), int64(8), int64(1)
	if v, ok := f.resolve(pd["Colors"]).(int64); ok && v > 0 && v <= 32 {
		colors = v
	}
	if v, ok := f.resolve(pd["BitsPerComponent"]).(int64); ok && v > 0 && v <= 16 {
		bpc = v
	}
	if v, ok := f.resolve(pd["Columns"]).(int64); ok && v > 0 && v <= 1<<20 {
		columns = v
	}
	bpp := int((colors*bpc + 7) / 8)
	row := int((colors*bpc*columns + 7) / 8)
	if row > len(data) {
		return data, nil // not even one row: nothing to undo
	}
	if pred == 2 {
		if bpc != 8 {
			return data, nil
		}
		for i := 0; i+row <= len(data); i += row {
			for j := bpp; j < row; j++ {
				data[i+j] += data[i+j-bpp]
			}
		}
		return data, nil
	}
	out := make([]byte, 0, len(data))
	prev := make([]byte, row)
	for i := 0; i+1+row <= len(data); i += 1 + row {
		typ := data[i]
		cur := data[i+1 : i+1+row]
		for j := 0; j < row; j++ {
			var a, c byte
			if j >= bpp {
				a = cur[j-bpp]
				c = prev[j-bpp]
			}
			b := prev[j]
			switch typ {
			case 1:
				cur[j] += a
			case 2:
				cur[j] += b
			case 3:
				cur[j] += byte((int(a) + int(b)) / 2)
			case 4:
				cur[j] += paeth(a, b, c)
			}
		}
		out = append(out, cur...)
		copy(prev, cur)
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func asciiHex(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data)/2)
	var hi byte
	half := false
	for _, c := range data {
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, nil
}

func ascii85(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data)*4/5)
	var group [5]byte
	n := 0
	flush := func(k int) {
		for i := k; i < 5; i++ {
			group[i] = 'u' - '!'
		}
		var v uint32
		for i := 0; i < 5; i++ {
			v = v*85 + uint32(group[i])
		}
		b := [4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		out = append(out, b[:k-1]...)
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '~':
			if n > 1 {
				flush(n)
			}
			return out, nil
		case c == 'z' && n == 0:
			out = append(out, 0, 0, 0, 0)
		case c >= '!' && c <= 'u':
			group[n] = c - '!'
			n++
			if n == 5 {
				flush(5)
				n = 0
			}
		}
	}
	if n > 1 {
		flush(n)
	}
	return out, nil
}

func runLength(data []byte, limit int64) ([]byte, error) {
	var out []byte
	for i := 0; i < len(data); {
		n := int(data[i])
		i++
		switch {
		case n == 128:
			return out, nil
		case n < 128:
			end := min(i+n+1, len(data))
			out = append(out, data[i:end]...)
			i = end
		default:
			if i < len(data) {
				for k := 0; k < 257-n; k++ {
					out = append(out, data[i])
				}
				i++
			}
		}
		if int64(len(out)) > limit {
			return nil, fmt.Errorf("%w: a stream decodes to more than %d MB", ErrLimit, limit>>20)
		}
	}
	return out, nil
}

// lzwDecode is PDF's LZW (MSB first, 9–12 bit codes, EarlyChange).
func lzwDecode(data []byte, early bool, limit int64) ([]byte, error) {
	var out []byte
	table := make([][]byte, 0, 4096)
	reset := func() {
		table = table[:0]
		for i := 0; i < 256; i++ {
			table = append(table, []byte{byte(i)})
		}
		table = append(table, nil, nil) // 256 clear, 257 end
	}
	reset()
	width := 9
	var bits uint32
	nbits := 0
	var prev []byte
	for _, c := range data {
		bits = bits<<8 | uint32(c)
		nbits += 8
		for nbits >= width {
			code := int(bits >> (nbits - width) & (1<<width - 1))
			nbits -= width
			switch {
			case code == 256:
				reset()
				width, prev = 9, nil
				continue
			case code == 257:
				return out, nil
			}
			var entry []byte
			switch {
			case code < len(table) && table[code] != nil:
				entry = table[code]
			case code == len(table) && prev != nil:
				entry = append(append([]byte(nil), prev...), prev[0])
			default:
				return out, errors.New("bad LZW code")
			}
			out = append(out, entry...)
			if int64(len(out)) > limit {
				return nil, fmt.Errorf("%w: a stream decodes to more than %d MB", ErrLimit, limit>>20)
			}
			if prev != nil && len(table) < 4096 {
				table = append(table, append(append([]byte(nil), prev...), entry[0]))
			}
			prev = entry
			n := len(table)
			if early {
				n++
			}
			switch {
			case n >= 2048:
				width = 12
			case n >= 1024:
				width = 11
			case n >= 512:
				width = 10
			}
		}
	}
	return out, nil
}
