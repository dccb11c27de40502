// GNU readline and its history, for the varlab REPL (see CLineSupport for the hooks).
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
