#ifndef VARLAB_LINE_SUPPORT_H
#define VARLAB_LINE_SUPPORT_H
// Signal flags and readline hooks for the varlab REPL. Compiled once, in C, so that every
// Swift file sees the same flags and readline gets plain C function pointers.

/// SIGINT and SIGTERM only set flags; without SA_RESTART a blocked read returns EINTR.
void varlab_install_signal_handlers(void);
/// True after Ctrl-C (or SIGTERM) until cleared.
int varlab_interrupted(void);
/// True after SIGTERM.
int varlab_terminated(void);
void varlab_clear_interrupt(void);
/// Sets the interrupt flag as Ctrl-C would (the kernel's control thread: interrupt_request).
void varlab_request_interrupt(void);
/// True (once) when Ctrl-C cancelled the line being edited; readline then returned "".
int varlab_take_line_cancelled(void);

typedef char *(*varlab_completion_generator)(const char *text, int state);
/// Installs varlab's readline hooks: our key reader (for Ctrl-C), no readline signal
/// handlers, and completion through `generator` (which returns malloc'ed strings).
void varlab_readline_setup(varlab_completion_generator generator, const char *name);
/// The line being edited up to the cursor, copied into `buffer` (readline's globals stay
/// on the C side, where Swift 6 need not prove them safe).
const char *varlab_line_before_cursor(char *buffer, int size);
/// The terminal's size on `fd` (ioctl TIOCGWINSZ, a macro Swift cannot import on macOS):
/// 1 and the size, or 0 when fd is not a terminal.
int varlab_terminal_size(int fd, int *columns, int *rows);
#endif
