// Package ui is shuati's terminal interface (Bubble Tea v1).
//
// The root Model (ui.go) owns a stack of screens, the terminal size, the
// global keys (ctrl+c quits anywhere but on the exam paper, which asks; ?
// toggles full help, esc goes back, q quits from home), the error view
// and the help bar. Screens share one
// *common: config, language (c.T), Styles (c.st), bank index (c.all,
// c.question), store, clock (c.now) and settings.
//
// Adding a screen:
//  1. Write a type implementing Screen (Init, Update, View, SetSize, Title,
//     ShortHelp, FullHelp) in its own file, with a keymap struct of
//     key.Binding and a constructor taking *common. All IO goes in tea.Cmds
//     that return a typed message (or errMsg{err}, shown by the root); View
//     is pure and stays inside the SetSize area (the root cuts what is not).
//     Scrolled text goes in a pager (pager.go), which draws like the
//     bubbles viewport but keeps runs of lines instead of re-splitting and
//     measuring the whole content on every change; a one-line listing of
//     user text cuts it with lineHead before sanitizing it.
//  2. Add one row to menu() in home.go: {ID, Title, Desc, Open}. The row's
//     position gives its number key; ID is its Config.Start name, and Open
//     gets start=true when the program was started straight into it.
//  3. Navigate with push(s), replace(s), back(), home(); Init runs each
//     time a screen becomes the active one.
//  4. Optional: OwnsKey(tea.KeyMsg) bool keeps esc/?/q for the screen (e.g.
//     while typing); Flush() tea.Cmd saves pending work on ctrl+c;
//     AsksBeforeQuit() bool sends ctrl+c to the screen instead, to ask
//     (the exam paper);
//     SetLang(Lang) rebuilds keys' help when the language changes. After
//     saving settings, return SettingsChangedMsg.
//  5. Strings go in the catalog (package ui/i18n) in zh and en; selection is drawn
//     with a glyph as well as a style; plain text is wrapped with
//     wrap/wrapIndent (CJK-aware) and user text passed through sanitize.
//  6. To drill questions push newSession(c, sessionSource{...}); to draw or
//     grade one question elsewhere use question (question.go, drawn in
//     questionview.go): newQuestion,
//     body(width) (bodyParts for a pager: the wrapped stem, options and
//     feedback are cached in the question per width and language, so a
//     key costs only what it changes), inputView(width);
//     choose/submitMultiple/answerTF/submitFill answer at once,
//     pick/pickTF with hold set answer without
//     feedback and grade() ends it (the exam); given() and answer() are
//     what is recorded, restoreQ and givenText read it back. The rules
//     (kinds, grading, the log's form of an answer, exam scoring) are
//     bank/drill's: a screen asks drill and never grades itself.
package ui
