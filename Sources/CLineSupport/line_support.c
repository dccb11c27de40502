#include "line_support.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <readline/readline.h>

static volatile sig_atomic_t sigint_flag = 0;
static volatile sig_atomic_t sigterm_flag = 0;
static volatile sig_atomic_t line_cancelled = 0;

static void on_signal(int sig) {
    if (sig == SIGTERM) sigterm_flag = 1;
    sigint_flag = 1;
}

void varlab_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    // A parent may have started us with these blocked (the mask is inherited): unblock.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int varlab_interrupted(void) { return sigint_flag != 0; }
int varlab_terminated(void) { return sigterm_flag != 0; }
void varlab_clear_interrupt(void) { sigint_flag = 0; }
void varlab_request_interrupt(void) { sigint_flag = 1; }

int varlab_take_line_cancelled(void) {
    int c = line_cancelled;
    line_cancelled = 0;
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
        if (sigint_flag) {
            sigint_flag = 0;
            line_cancelled = 1;
            rl_replace_line("", 0);
            return '\n';
        }
    }
}

static varlab_completion_generator generator_hook = NULL;

static char **attempt_completion(const char *text, int start, int end) {
    (void)start; (void)end;
    rl_attempted_completion_over = 1;  // no file-name completion fallback
    // Nothing after a completed word: a name may go on with '.field' or '(' (a space had
    // made myn<Tab>.wi into "mynet .wi"), an argument ends in ": " already, a folder in '/'.
    rl_completion_append_character = '\0';
    return generator_hook ? rl_completion_matches(text, generator_hook) : NULL;
}

static const char *language_breaks = " \t\n\"\\'`@$><=;|&{([,:+-*/%^";

// A file name is one word: after ":load", and inside a string ("examples/01-range.var"),
// '/' and '-' do not break it (":load examples/less<Tab>" had done nothing).
static char *word_breaks(void) {
    const char *line = rl_line_buffer ? rl_line_buffer : "";
    while (*line == ' ' || *line == '\t') line++;
    if (strncmp(line, ":load", 5) == 0) return (char *)" \t\n";
    int quotes = 0;
    for (int i = 0; i < rl_point && rl_line_buffer[i]; i++) if (rl_line_buffer[i] == '"') quotes++;
    return (char *)(quotes % 2 == 1 ? " \t\n\"" : language_breaks);
}

void varlab_readline_setup(varlab_completion_generator generator, const char *name) {
    rl_readline_name = name;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 1;
    rl_getc_function = varlab_getc;
    generator_hook = generator;
    rl_attempted_completion_function = attempt_completion;
    rl_basic_word_break_characters = (char *)language_breaks;
    rl_completion_word_break_hook = word_breaks;
}

const char *varlab_line_before_cursor(char *buffer, int size) {
    const char *line = rl_line_buffer ? rl_line_buffer : "";
    int n = 0;
    while (n < rl_point && n < size - 1 && line[n]) { buffer[n] = line[n]; n++; }
    buffer[n] = '\0';
    return buffer;
}

int varlab_terminal_size(int fd, int *columns, int *rows) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    *columns = size.ws_col;
    *rows = size.ws_row;
    return 1;
}
