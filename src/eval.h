/*
 * eval.h - walking the parse tree: lists, and-or lists, pipelines,
 * compound commands, functions; and the read-eval loop.
 */
#ifndef LABSH_EVAL_H
#define LABSH_EVAL_H

#include <stdbool.h>
#include <stddef.h>

struct input;
struct node;

enum {
	EV_EXIT = 1 << 0,	/* a child that exits after this: exec directly */
	EV_TESTED = 1 << 1,	/* a condition: set -e does not apply */
};

/* Run the tree N and return its exit status ($? is set too). */
int eval_node(struct node *n, int flags);

/*
 * Parse and run the text S (eval, `.`, -c, command substitution): all of
 * it, command by command.  A syntax error stops it with status 2.
 */
int eval_string(const char *s);
/* The same with EV_EXIT: the last command of S may replace the process. */
int eval_string_flags(const char *s, int flags);

/*
 * Read and run every command of IN: the top level of the shell, a
 * script, ~/.labshrc, a `.` file.  For the terminal, shows prompts and
 * records history.  Errors unwind to here; a non-interactive shell then
 * exits (POSIX XCU 2.8.1).  Returns the last status.
 */
int eval_input(struct input *in);

/* $(CMD): its output, trailing newlines removed, on the stack arena. */
char *eval_subst(const char *cmd);
/* The status of the last command substitution since the reset, or 0. */
void eval_subst_status_reset(void);
int eval_subst_status(void);

/* In a child just forked to run part of a tree: it is no longer the
 * interactive shell, and owns no jobs. */
void eval_enter_child(void);

/* break N, continue N, return N: request it; the loop or call acts on it. */
int eval_break(int n, bool is_continue);
void eval_return(int status);
/* After a function body: consume a pending `return`, give its status. */
int eval_take_return(int status);

/* A function body replaced or unset, freed once no function is running. */
void eval_retire(struct node *body);

/* Free what the evaluator holds (at exit). */
void eval_free_all(void);

#endif
