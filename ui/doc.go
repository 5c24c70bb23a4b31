// Package ui is shuati's terminal interface (Bubble Tea v1).
//
// The root Model (ui.go) owns a stack of screens, the terminal size, the
// global keys (ctrl+c quits anywhere, ? toggles full help, esc goes back, q
// quits from home), the error view and the help bar. Screens share one
// *common (config, language, Styles, bank index, store, clock, settings).
//
// Adding a screen:
//  1. Write a type implementing Screen (Init, Update, View, SetSize, Title,
//     ShortHelp, FullHelp) in its own file, with a keymap struct of
//     key.Binding and a constructor taking *common. All IO goes in tea.Cmds
//     that return a typed message (or errMsg); View is pure.
//  2. Add one row to menu() in home.go: {ID, Title, Desc, Open}. The row's
//     position gives its number key; ID is its Config.Start name.
//  3. Navigate with push(s), replace(s), back(), home(); show an error by
//     returning errCmd(err). Init runs each time the screen becomes active.
//  4. Optional: OwnsKey(tea.KeyMsg) bool to keep esc/?/q (e.g. while
//     typing); Flush() tea.Cmd to save pending work on ctrl+c.
//  5. Every string goes in catalog (i18n.go) in zh and en; draw selection
//     with a glyph as well as a style; wrap text with wrap/wrapIndent.
//  6. Drill questions by pushing newSession(c, sessionSource{...}).
package ui
