/*
 * signals.h - the shell's own signal dispositions.
 *
 * Handlers only set a flag; the code that was interrupted (a read(2) or a
 * waitpid(2) returning EINTR) looks at the flag and decides what to do.
 */
#ifndef LABSH_SIGNALS_H
#define LABSH_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

/*
 * Install the shell's dispositions.  An interactive shell catches SIGINT
 * (so Ctrl-C abandons the line instead of killing the shell) and ignores
 * SIGQUIT and SIGTERM, as bash and dash do.
 */
void sig_init(bool interactive);

/*
 * Dispositions for `trap`: catch SIG (its arrival is recorded and the
 * trap runs between commands), ignore it, or give it back its default
 * (for the interactive shell, its own handling of SIGINT, SIGQUIT and
 * SIGTERM).
 */
void sig_catch(int sig);
void sig_ignore(int sig);
void sig_default(int sig);
/* True if SIG was ignored when the shell started: a non-interactive
 * shell may not trap it (POSIX). */
bool sig_ignored_on_entry(int sig);
/* Record SIG as arrived, as its handler would. */
void sig_mark_pending(int sig);
/* A caught signal that has arrived, without taking it, or 0. */
int sig_peek_pending(void);
/* A caught signal that arrived since it was last taken, or 0. */
int sig_next_pending(void);

/* True once if SIGINT arrived since the last call; clears the flag. */
bool sig_take_interrupt(void);

/*
 * Block until FD is readable or SIGINT arrives, without the race of
 * checking a flag and then calling read(2).  Returns 0 when FD is
 * readable (or at end of file), -2 on SIGINT (the flag is taken), -1 on
 * error with errno set.
 */
int sig_wait_input(int fd);
/* (sig_wait_input also returns -3 when SIGCHLD came: a child changed
 * state while the shell waited at the prompt; the flag stays set.) */

/* The interactive shell was hung up (SIGHUP, no trap on it). */
bool sig_hangup(void);

/* True once if SIGCHLD arrived since the last call. */
bool sig_take_child(void);

/*
 * With job control the shell ignores the stop signals (SIGTSTP, SIGTTIN,
 * SIGTTOU) for itself; its children get them back at SIG_DFL.
 */
void sig_job_control(bool on);

/* The signals sig_reset_for_child would reset (for posix_spawn). */
void sig_changed_set(sigset_t *set);

/*
 * In a freshly forked child, before execve(2): restore the default
 * disposition of every signal the shell changed and unblock all signals,
 * so the command starts as if launched from a plain login.
 */
void sig_reset_for_child(void);

#endif
