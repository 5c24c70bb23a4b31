package importer

// How Import works, in more detail than the package comment.
//
// # Input kinds
//
// Detected in this order (Options.Kind forces one):
//
//   - By content (detect.go), whatever the file's name: a zip holding
//     word/document.xml is a Word document, one holding xl/workbook.xml a
//     workbook; "%PDF-" is a PDF. Old Office files (.doc/.xls, OLE2),
//     password-protected Office files, images, .pptx, OpenDocument files,
//     other archives and binary data are refused with a message saying what
//     the file looks like and what to do.
//   - XLSX: the first worksheet, through excelize, streamed row by row.
//   - DOCX (docx.go): paragraphs as lines with Word's automatic numbers
//     (numbering.xml) rendered, tabs, breaks, split runs joined; template
//     tables read as tables, answer-key tables as key lines; then raw text.
//   - PDF (pdfread.go, package pdf): the text layer in reading order, page
//     headers, footers and numbers dropped, wrapped lines joined; then raw
//     text. A scan (no text layer) or an encrypted PDF is refused with a
//     message.
//   - Zip archives (XLSX, DOCX) are checked against zip bombs before they
//     are read (zipguard.go): declared sizes, expansion ratio, and for
//     workbooks the counts of rows, cells and shared strings.
//   - TSV / CSV: the first line has at least two template column names,
//     one of them the stem (题干/题目/stem/question): tab-separated first,
//     then comma-separated; or the .tsv/.csv extension.
//   - The bank format: a "bank:" header among the first five lines and an
//     "[ID]" question line. Read by bank.Parse (not strict); its IDs are the
//     file's own.
//   - Raw 题库 text: everything else.
//
// Text is decoded first: UTF-8 (a BOM is dropped), UTF-16 with a BOM, and
// otherwise — when the bytes are not UTF-8 beyond a few stray bytes —
// GB18030 (a superset of GBK and GB2312). A file that mixes the two (valid
// UTF-8 lines with Chinese text next to lines that read as GB2312 Chinese
// in GB18030) is decoded line by line; Report.Encoding is "UTF-8 +
// GB18030/GBK", Report.GBKLines and a note name the lines of each (mixed.go).
// CRLF and CR line ends become LF.
// "A few stray bytes" (mostlyUTF8): invalid sequences under 1% of the
// non-ASCII characters, or fewer than the characters outside GB2312 that
// reading the bytes as GB18030 would give (UTF-8 read as GBK lands outside
// GB2312 for about half its byte pairs; GBK read as UTF-8 is invalid almost
// everywhere). Such a file stays UTF-8, each bad byte shows as U+FFFD, and
// the report lists the lines (Report.Invalid and a note). UTF-8 input that
// needs no change is read in place, not copied; detach then gives every
// string of the result that still points into it a copy of its own.
// Every text field goes through bank.Sanitize (no escape sequence or control
// character survives), and so does the report.
//
// # Template columns (CSV, TSV, XLSX)
//
// 题干, 题型, 选项A … 选项H, 正确答案, 解析, 章节, and optionally 编号 (a
// stable ID, kept when valid and unique) and 标签 (tags, comma separated).
// English names work too: stem, type, A … H / option_a … option_h, answer,
// explanation, section, id, tags. 题型: 单选题 多选题 判断题 填空题 简答题 论述题
// 名词解释 案例分析 知识卡 (short forms such as 单选 and the English type
// names too); an empty 题型 is guessed from the row. True/false answers:
// 对/错, 正确/错误, √/×, T/F, or A/B (A = true), also when 选项A/选项B hold
// 正确/错误. Fill answers: blanks separated by ；, alternatives by |. A case's
// sub-questions follow its material inside the 题干 cell as 问：/答： lines.
// A row without a stem is skipped and reported.
//
// # Raw text
//
// Site boilerplate lines are skipped (温馨提示 and its bullet list, 版权说明,
// 下载本文档, 已阅读…页, 文档简介, "- 格式:" lines, "…_第N页" page titles,
// 评论), and so are bare PDF line numbers; in a file that has those, a line
// number glued to the end of a line is removed too. Pinyin annotations after
// Han characters (服務(wù)) are removed; real parentheses stay. Traditional
// characters are kept as they are; the report counts such questions.
//
// Markers are recognised anywhere on a line, because sites glue a whole bank
// onto one line:
//
//   - section headings: 一、单项选择题(每题2分…), （二）判断题, Ⅰ、单选题, 第一部分
//     单选题, or a line that is only a heading word (单项选择题, 名词解释; not a
//     bare 判断); English ones on a line of their own: Part I. Multiple
//     Choice, Section B: True/False, III. Fill in the Blanks, Essay. Text
//     before a heading 一、 at the start of a line is the title of a new
//     sub-document and prefixes the following sections' names. Types: 单选
//     多选 不定项选择 (multiple) 选择 (single or multiple by the answer) 判断
//     填空 名词解释 简答 问答 论述 案例/材料分析 (case) 计算 辨析 (short); medical
//     A1/A2/A3/A4/B1 型题 (single) and X型题 (multiple).
//   - type tags before a question: 【单选题】1. … (a section of its own when
//     the type changes, numbering going on).
//   - question numbers 12. 12、 12． １２． 第12题 第十二题, of any length, and
//     12) or （12） where a section numbers its questions so: accepted in
//     sequence; 1 at the start of a line restarts the numbering (a new
//     sub-document, titled by the stray line before it); right after an
//     answer the number may jump ahead (cut documents); the first number of
//     a document may be any ("996. …"). "4．1KB等于…" and "1.4P营销组合…" are
//     questions 4 and 1 whose stems start with a digit when that number is
//     the one expected next at the start of a line. A line taken into a
//     question that looks like a question further on is noted
//     (num.absorbed). "?." after an answered question stands for a number
//     lost to mojibake (noted on both questions).
//   - options A. A、 A． A) A： Ａ． "A 文字", (A) （A） after a space, and a)
//     a. (a) in English quizzes; A–J, in letter order, while the question is
//     open (also right after its answer letters: "1．…（ ）答案：D" then the
//     options); several on a line. An option letter right after an empty
//     option is text ("A. B. F. Skinner"). B1 questions share the options
//     before them (（7～9题共用备选答案）, or options first in a B1 section);
//     A3/A4 questions share the case text after （4～6题共用题干）, which
//     goes before each stem.
//   - answers: 答案： 正确答案： 参考答案： 标准答案： 【答案】 Answer: Correct
//     answer: (the value on the same line or the next), and 答： for
//     subjective questions; (ABC) （ B ） （Ｃ） inside a choice stem;
//     letters as ABD, A C D, A、C、D, a, b, d, (A)(B); true/false marks
//     (√) (×) (正确) (错误) √ × 对 错 T F True False (see below); a
//     parenthetical right after the answer letters ("答案:C(…)") is the
//     explanation.
//   - 解析： 【解析】 Explanation: Analysis: : the explanation, going on over
//     the next lines. 【难度】易 / 难度： becomes the tag "难度:易", 【知识点】
//     and 【考点】 a tag per point.
//   - cases: the material (资料 lines and all), sub-questions (1) / 问：, answers
//     答： after each, or all after one 答案： as (1)… (2)…; a last sentence
//     such as 请分析… becomes the sub-question when there is no other. An item
//     of a case section without sub-questions is short.
//   - answer keys: see key.go.
//
// Types come from the section heading (选择题 decides single or multiple per
// answer; a single-choice section question with several letters becomes
// multiple). Where nothing names the type, a question is typed from what
// it has: options → choice (one letter single, several multiple), a
// verdict → true/false, blanks with a short answer → fill, an answer →
// short. Numbered prose without any answer marker
// becomes knowledge cards only in a file with no typed section at all
// (study notes; "P12" page references under a title become tags); next to
// real questions it is an article or a work plan and is reported as
// unplaced lines.
//
// Subjective questions without an answer marker: the first line is the
// stem, the lines under it are the answer up to the next question, heading
// or numbered chapter (一、…); numbered points inside (1. 2. …) stay in the
// answer. The report says how many answers were taken this way.
//
// True/false marks that stand between two statements (seed 003: "(错误)12.",
// seed 004: "×" lines) belong to the statement before or after them, and
// documents differ. Where the layout shows it — every statement has one mark
// after it, or a mark follows the last statement and none precedes the first
// (after), or the mirror case (before) — the marks are assigned. Otherwise
// the answers are left out, the statements kept self-graded, and the report
// says so; Options.TFMarks (TFBefore/TFAfter) then decides.
//
// # What the report lists, and what is stored
//
// The report holds message codes and their arguments (Note), never
// sentences, and a file that cannot be imported gets an *Error, a code too:
// the interface's catalog (ui/i18n) has the Chinese and English text of
// every code of Codes and puts the report and the errors into words.
//
//   - skipped (not stored, with the reason): a choice question without
//     options or with a single option, options without a question, an
//     answer without a question, sub-questions without case material —
//     mostly what a scrape cut off; table rows without a stem.
//   - stored with the problem noted (tag 待核对, and listed with the reason):
//     an answer naming an option the question does not have, an answer that
//     cannot be read for the type (left out), a fill answer whose blanks do
//     not match the stem, two marks for one statement, garbled numbers.
//   - without an answer: every question the input gives no answer for
//     (stored, self-graded). No answer is ever made up: an answer is only
//     what a marker, a mark, a bracket in the stem or a key entry gives.
//   - unplaced lines: every input line (row) not used in any question and
//     not boilerplate, with its number.
//
// # Stable IDs
//
// See AssignIDs: IDs are "q" + 10 hex digits of SHA-1 over the normalised
// section and stem (bank.Normalize: full-width folded, lower case, whitespace,
// punctuation and symbols removed), so the same text always gets the same
// ID; on re-import (Options.Previous = the stored bank) a question keeps the
// ID of a previous question with the same normalised stem, or with a
// similar one (Dice coefficient of character bigrams ≥ Similar = 0.8, same
// type, both at least 6 characters), and a removed question's ID is never
// given to another.
//
// # Wiring
//
//	shuati import FILE [--name NAME] [--dry-run] [--tf-marks before|after]
//	    ui/bankimport.Load reads the file and calls ImportString (again
//	    with Options.Previous when the bank is stored already); the CLI
//	    and the import screen print the report with ui/i18n.
//	shuati bank export [--bank NAME] [--format jsonl|md|csv|anki]
//	    importer.WriteFormat(stdout, format, banks...)
//
// CSV export neutralises cells that
// start with = + - @, a tab or CR (a leading apostrophe, OWASP's rule) and
// the CSV import takes it off again; the bank-format import refuses (with a
// reason) questions the CSV template cannot hold — no stem, options not
// lettered A, B, C … in order, an empty last option — so an export always
// imports back to the same bank.
//
// User banks for `bank list`, export and the home screen come from
// store.UserBanks.
