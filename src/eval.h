/*
 * eval.h - running what the user typed.
 */
#ifndef LABSH_EVAL_H
#define LABSH_EVAL_H

#include <stddef.h>

struct input;

/*
 * Run one line and return its exit status.  Until the full language lands,
 * a line is one simple command: words separated by blanks; a word starting
 * with '#' begins a comment.
 */
int eval_line(const char *line, size_t len);

/*
 * Read and run every line of IN.  For the terminal, shows the prompt and
 * records history.  Returns the status of the last command.
 */
int eval_input(struct input *in);

#endif
