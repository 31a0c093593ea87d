/*
 * redir.h - redirections: open(2), dup2(2), close(2) on the fds a command
 * names, and undoing them for commands that run inside the shell.
 */
#ifndef LABSH_REDIR_H
#define LABSH_REDIR_H

#include <stdbool.h>

struct redir;

/*
 * Perform the redirections R in order.  With SAVE, each fd's previous
 * state is kept (on a close-on-exec fd >= 10) so redir_restore can undo
 * it; without, the changes are permanent (in a child about to exec, or
 * for `exec >f`).  On error, prints one line and returns -1; the
 * redirections already done stay done (undo them with redir_restore).
 */
int redir_apply(struct redir *r, bool save);

/* The depth of the save stack, to restore to later. */
int redir_depth(void);

/* Undo saved redirections down to DEPTH (innermost first). */
void redir_restore(int depth);

/* Forget saved state above DEPTH without undoing it (exec >f, and in a
 * child after fork), closing the saved copies. */
void redir_forget(int depth);

#endif
