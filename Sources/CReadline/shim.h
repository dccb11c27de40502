// GNU readline for the varlab REPL, plus the few global hooks Swift should not touch
// directly (readline's globals are C mutable state; signals need async-signal-safe code).
#include <stdio.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

// Set by SIGINT/SIGTERM; read and cleared by the REPL and the interpreter's cancellation check.
static volatile sig_atomic_t varlab_sigint_flag = 0;
static volatile sig_atomic_t varlab_sigterm_flag = 0;
// Set when a Ctrl-C cancelled the line being edited (readline then returns "").
static volatile sig_atomic_t varlab_line_cancelled = 0;

static void varlab_on_signal(int sig) {
    if (sig == SIGTERM) varlab_sigterm_flag = 1;
    varlab_sigint_flag = 1;
}

// SIGINT and SIGTERM set flags only; without SA_RESTART a blocked read returns EINTR.
static inline void varlab_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = varlab_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static inline int varlab_interrupted(void) { return varlab_sigint_flag != 0; }
static inline int varlab_terminated(void) { return varlab_sigterm_flag != 0; }
static inline void varlab_clear_interrupt(void) { varlab_sigint_flag = 0; }
static inline int varlab_take_line_cancelled(void) {
    int c = varlab_line_cancelled;
    varlab_line_cancelled = 0;
    return c;
}

// Reads one key for readline; a Ctrl-C while editing drops the line and ends it.
static int varlab_getc(FILE *stream) {
    for (;;) {
        unsigned char c;
        ssize_t r = read(fileno(stream), &c, 1);
        if (r == 1) return c;
        if (r == 0) return EOF;
        if (errno != EINTR) return EOF;
        if (varlab_sigint_flag) {
            varlab_sigint_flag = 0;
            varlab_line_cancelled = 1;
            rl_replace_line("", 0);
            return '\n';
        }
    }
}

typedef char *(*varlab_completion_generator)(const char *text, int state);
static varlab_completion_generator varlab_generator = NULL;

static char **varlab_attempt_completion(const char *text, int start, int end) {
    (void)start; (void)end;
    rl_attempted_completion_over = 1;  // no filename completion fallback
    return varlab_generator ? rl_completion_matches(text, varlab_generator) : NULL;
}

// Installs varlab's hooks: our key reader (for Ctrl-C), no readline signal handlers,
// and completion through `generator`, which must return malloc'ed strings.
static inline void varlab_readline_setup(varlab_completion_generator generator, const char *name) {
    rl_readline_name = name;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 1;
    rl_getc_function = varlab_getc;
    varlab_generator = generator;
    rl_attempted_completion_function = varlab_attempt_completion;
    rl_basic_word_break_characters = " \t\n\"\\'`@$><=;|&{([,:+-*/%^";
}
