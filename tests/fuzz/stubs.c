/*
 * stubs.c - what the fuzz harnesses link instead of the rest of the shell.
 *
 * The harnesses link the shell core that needs no execution (lexer,
 * parser, tree, expansion, arithmetic, variables, arena, input, errors)
 * and this file in place of main.c, eval.c, builtin.c, signals.c, jobs.c,
 * redir.c and the line editor.  In particular eval_subst() here runs nothing: a
 * command substitution `$(...)` or `...` expands to the fixed text
 * FUZZ_SUBST_TEXT, so no fuzz input can ever start a process.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "builtin.h"
#include "error.h"
#include "eval.h"
#include "jobs.h"
#include "lineedit.h"
#include "redir.h"
#include "shell.h"
#include "signals.h"

#include "fuzz.h"

struct shell shell;

/* A throw with no handler would exit the shell; in a harness that is a
 * bug of the harness, so make it loud. */
_Noreturn void shell_exit(int status)
{
	(void)status;
	abort();
}

char *eval_subst(const char *cmd)
{
	(void)cmd;
	return FUZZ_SUBST_TEXT;
}

void builtin_note_error(void)
{
}

const struct builtin *builtin_current(void)
{
	return NULL;
}

/* Never reached: the harnesses read strings, never the terminal. */
int sig_wait_input(int fd)
{
	(void)fd;
	return 0;
}

bool sig_hangup(void)
{
	return false;
}

bool job_child_changed_at_prompt(void)
{
	return false;
}

/* No redirection ever runs here, so no fd of the shell need move. */
void redir_private(int *fdp)
{
	(void)fdp;
}

void redir_unprivate(int *fdp)
{
	(void)fdp;
}

#if HAVE_LINEEDIT
char *lineedit_read(const char *prompt, bool *interrupted)
{
	(void)prompt;
	*interrupted = false;
	return NULL;
}
#endif
