/*
 * shell.h - the few pieces of state the whole shell shares.
 *
 * Everything else is static inside its module and reached through that
 * module's header.  Keep this struct small.
 */
#ifndef LABSH_SHELL_H
#define LABSH_SHELL_H

#include <stdbool.h>
#include <sys/types.h>

#define LABSH_NAME "labsh"

struct shell {
	pid_t pid;		/* $$: the shell's own PID, fixed at start */
	int status;		/* $?: exit status of the last command */
	bool interactive;	/* reading commands from a terminal */
	bool norc;		/* --norc: do not read ~/.labshrc */
	const char *arg0;	/* $0: the shell or script name */
};

extern struct shell shell;

/*
 * Leave the shell with STATUS: save history, run cleanups, exit(3).
 * Only the shell process itself calls this; a forked child uses _exit(2).
 */
_Noreturn void shell_exit(int status);

#endif
