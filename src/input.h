/*
 * input.h - where command lines come from.
 *
 * A source is a string (-c), a file descriptor (a script, a pipe), or the
 * terminal (with the line editor, or the plain reader in a build without
 * one).  The evaluator asks for one line at a time.
 */
#ifndef LABSH_INPUT_H
#define LABSH_INPUT_H

#include <stdbool.h>
#include <stddef.h>

struct input;

/* Lines of the string S (copied). */
struct input *input_from_string(const char *s);

/*
 * Lines read from FD.  The source owns FD and closes it in input_free,
 * unless FD is 0.  Reading stdin never consumes more than the current line,
 * so a command that reads stdin gets the rest (POSIX, XCU 2.1 and sh(1)).
 */
struct input *input_from_fd(int fd);

/*
 * Interactive input on fd 0: prompts are shown and lines go to history; the
 * line editor (if built in) reads it when fd 0 is a terminal.
 */
struct input *input_from_terminal(void);

/*
 * The next line without its newline, or NULL at end of input.  PROMPT is
 * shown only for the terminal.  The line stays valid until the next call;
 * *LEN (if not NULL) gets its length, which counts any NUL bytes in it.
 * *INTERRUPTED (if not NULL) is set when Ctrl-C abandoned the line: the
 * result is then an empty line.
 */
char *input_read(struct input *in, const char *prompt, size_t *len,
		 bool *interrupted);

/* After end of input on the terminal (Ctrl-D), read again: true if IN
 * is a terminal source that can. */
bool input_reopen(struct input *in);

/* True for the terminal source: prompts are shown, lines go to history. */
bool input_is_terminal(const struct input *in);

void input_free(struct input *in);

#endif
