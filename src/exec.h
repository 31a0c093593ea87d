/*
 * exec.h - one simple command: assignments, redirections, and the lookup
 * of its name as a special builtin, a function, a builtin or a program
 * found through PATH.  Also the function table.
 */
#ifndef LABSH_EXEC_H
#define LABSH_EXEC_H

#include <stdbool.h>

struct node;
struct word;

/*
 * Run the simple command N.  FLAGS are eval.h's EV_* flags; with EV_EXIT
 * the process is a child that will exit after this command, so a program
 * is exec'd without another fork.  Returns the exit status: 126 found
 * but not runnable, 127 not found, 128+N killed by signal N.
 */
int exec_simple(struct node *n, int flags);

/*
 * Run ARGV as a command found without functions: a builtin, else a
 * program in PATH (forked and waited for).  For `command NAME`.
 */
int exec_argv(int argc, char **argv);

/*
 * Replace this process with the program ARGV[0] (searched in PATH), after
 * exporting the assignments ASSIGNS (raw words, expanded here).  Returns
 * only on failure, with the status to exit with (126 or 127), after
 * printing why.
 */
int exec_program(char **argv, const struct word *assigns);

/*
 * Find NAME as execvp(3) would: NAME itself if it contains a '/', else
 * each directory of PATH in turn.  Returns a path on the stack arena, or
 * NULL with errno ENOENT (nowhere) or EACCES (found, not executable).
 */
char *exec_path_search(const char *name);

/* Turn a waitpid(2) status into an exit status (128+N for signal N). */
int exec_wait_status(int wstatus);

/* Functions: define (the body is copied), look up, remove. */
void func_define(const char *name, const struct node *body);
struct node *func_lookup(const char *name);
int func_unset(const char *name);
/* Call F's body with ARGV[1..] as $1...; returns its status. */
int func_call(struct node *body, int argc, char **argv, int flags);
/* Nonzero inside a function (for `return` and `local`). */
int func_depth(void);
/* Free every function (at exit, for leak checkers). */
void func_free_all(void);

/* Restore positional parameters of function calls above DEPTH (after an
 * error unwound through them). */
void func_unwind(int depth);

#endif
