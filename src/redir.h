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

/*
 * For callers that hand redirections to posix_spawn(3): open the file
 * that R names (TARGET, already expanded) as R says (noclobber too),
 * close-on-exec; -1 after printing why.  R is not a dup or heredoc.
 */
int redir_open(const struct redir *r, const char *target);

/*
 * *FDP is one of the shell's own long-lived fds: a redirection naming its
 * number moves it elsewhere (and updates *FDP) instead of taking it.
 * redir_unprivate forgets FDP.
 */
void redir_private(int *fdp);
void redir_unprivate(int *fdp);

/* The source of <& or >&: a fd number, or -1 for "-"; -1 if neither. */
int redir_dup_source(const char *word, int *src);

#endif
