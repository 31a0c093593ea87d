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

/* The options of `set`; the letter is the one $- shows. */
struct options {
	bool allexport;		/* -a */
	bool notify;		/* -b */
	bool noclobber;		/* -C */
	bool errexit;		/* -e */
	bool noglob;		/* -f */
	bool hashall;		/* -h */
	bool monitor;		/* -m */
	bool noexec;		/* -n */
	bool nounset;		/* -u */
	bool verbose;		/* -v */
	bool xtrace;		/* -x */
	bool pipefail;		/* -o pipefail */
	bool narrate;		/* -o narrate: narrate the shell's syscalls */
};

struct shell {
	pid_t pid;		/* $$: the shell's own PID, fixed at start */
	int status;		/* $?: exit status of the last command */
	pid_t last_bg;		/* $!: PID of the last background command */
	bool interactive;	/* reading commands from a terminal */
	bool norc;		/* --norc: do not read ~/.labshrc */
	const char *arg0;	/* $0: the shell or script name */
	struct options opt;
};

extern struct shell shell;

/*
 * Leave the shell with STATUS: save history, run cleanups, exit(3).
 * Only the shell process itself calls this; a forked child uses _exit(2).
 */
_Noreturn void shell_exit(int status);

#endif
