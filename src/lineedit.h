/*
 * lineedit.h - the line editor behind one small API.
 *
 * Built with GNU Readline or with libedit's readline interface (lineedit.c);
 * without either (--with-line-editing=none) the functions below are no-ops
 * and input.c reads the terminal itself.
 */
#ifndef LABSH_LINEEDIT_H
#define LABSH_LINEEDIT_H

#include <stdbool.h>

#if HAVE_LINEEDIT
/* Set up completion and signal handling; call once before lineedit_read. */
void lineedit_init(void);

/*
 * Show PROMPT and read one line from the terminal with editing.  Returns a
 * malloc'd line without its newline, or NULL at end of input (Ctrl-D on an
 * empty line).  *INTERRUPTED is set when Ctrl-C abandoned the line.
 */
char *lineedit_read(const char *prompt, bool *interrupted);

/* Make LINE reachable with the Up arrow. */
void lineedit_history_push(const char *line);

/* "GNU Readline 8.2" or "libedit 3.1". */
const char *lineedit_version(void);

/* Release what the editor holds. */
void lineedit_finish(void);
#else
static inline void lineedit_history_push(const char *line)
{
	(void)line;
}
#endif

#endif
