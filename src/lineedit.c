/*
 * lineedit.c - GNU Readline or libedit behind lineedit.h.
 *
 * libedit implements readline's interface, so one file serves both; the
 * few differences are marked.  Ctrl-C is caught by the shell's own SIGINT
 * handler (readline's are turned off): our getc function sees read(2) fail
 * with EINTR, and ends the line so the shell can drop it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if LINEEDIT_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#else
#include <editline/readline.h>
#endif

#include "builtin.h"
#include "error.h"
#include "lineedit.h"
#include "signals.h"

static bool interrupted;

static int getc_interruptible(FILE *f)
{
	unsigned char c;

	for (;;) {
		ssize_t n;

		if (sig_wait_input(fileno(f)) == -2) {
			/* The terminal does not echo ^C while the editor
			 * has echo off, so show it as bash does. */
			interrupted = true;
			write_all(STDERR_FILENO, "^C", 2);
			return '\n';
		}
		n = read(fileno(f), &c, 1);
		if (n == 1)
			return c;
		if (n == 0)
			return EOF;
		if (errno != EINTR && errno != EAGAIN)
			return EOF;
	}
}

static char *builtin_names(const char *text, int state)
{
	static size_t i, len;
	const struct builtin *b;

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	while ((b = builtin_at(i++)) != NULL)
		if (strncmp(b->name, text, len) == 0)
			return strdup(b->name);
	return NULL;
}

/* Only blanks before START: the word being completed is a command name. */
static bool command_position(int start)
{
	for (int i = 0; i < start; i++)
		if (rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t')
			return false;
	return true;
}

/* Command names at the start of a line; file names everywhere else. */
static char **complete(const char *text, int start, int end)
{
	(void)end;
	if (command_position(start))
		return rl_completion_matches(text, builtin_names);
	return NULL;
}

void lineedit_init(void)
{
	rl_readline_name = "labsh";
	rl_catch_signals = 0;
	rl_getc_function = getc_interruptible;
	rl_attempted_completion_function = complete;
	/* POSIX sends the prompt to stderr; keep stdout for command output. */
	rl_outstream = stderr;
}

char *lineedit_read(const char *prompt, bool *was_interrupted)
{
	char *line;

	interrupted = false;
	line = readline(prompt);
	*was_interrupted = interrupted;
	return line;
}

void lineedit_history_push(const char *line)
{
	add_history(line);
}

const char *lineedit_version(void)
{
#if LINEEDIT_READLINE
	static char v[64];

	snprintf(v, sizeof(v), "GNU Readline %s", rl_library_version);
	return v;
#else
	return "libedit " LIBEDIT_VERSION;
#endif
}

void lineedit_finish(void)
{
	clear_history();
}
