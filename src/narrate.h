/*
 * narrate.h - the one place that prints narration, and the syscall table.
 *
 * One line per event, in strace's shape:
 *
 *	[4100] pipe([3, 4]) = 0                      fd 3 read end, fd 4 write end
 *	[4100] open("missing", O_RDONLY) = -1 ENOENT (No such file or directory)
 *
 * Make the call first, then narrate it; never nest the call in narrate()'s
 * arguments (C leaves their order of evaluation unspecified).  Teaching
 * builtins narrate unconditionally; only the shell core checks
 * `set -o narrate`.
 */
#ifndef LABSH_NARRATE_H
#define LABSH_NARRATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "builtin.h"
#include "error.h"

/*
 * The ids are NR_<name>, the spelling the STYLE guide uses; they do not
 * clash with <sys/syscall.h>'s SYS_* or <asm/unistd.h>'s __NR_* macros.
 */

/* NR_fork, NR_pipe, ...: one per row of syscalls.def, in its order. */
enum syscall_id {
#define S(id, name, section, fam) NR_##id,
#include "syscalls.def"
#undef S
	NR_COUNT
};

/* The name as the man page spells it ("_exit"); "?" for NR_COUNT. */
const char *syscall_name(enum syscall_id id);
/* The man-page section: 2 or 3; 0 for NR_COUNT. */
int syscall_section(enum syscall_id id);
/* The family whose colour and builtins go with the call. */
enum family syscall_family(enum syscall_id id);
/* The id of the call named NAME, or NR_COUNT if the table lacks it. */
enum syscall_id syscall_lookup(const char *name);

/* A result that narrate() does not print: execve(2) before the call. */
#define NARRATE_NORESULT LONG_MIN

/*
 * Print "[PID] name(ARGS) = RESULT", then, if FMT's text has a TAB, the
 * note after it, starting at column 45.  RESULT -1 prints errno as
 * "-1 ENOENT (No such file or directory)"; NARRATE_NORESULT prints no
 * result.  The PID is getpid() at the time of the call, so a child's line
 * names the child.  The line goes out in one write(2) to the narration fd,
 * so lines of parent and children never tear; a line too long for the
 * buffer is cut and ends in "...".  errno is the same on return.
 */
void narrate(enum syscall_id id, long result, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/*
 * The same for a call that returns an error number instead of setting
 * errno (pthread_create, pthread_join...): ERR 0 prints "= 0", ERR
 * EAGAIN "= EAGAIN (Resource temporarily unavailable)".
 */
void narrate_errnum(enum syscall_id id, int err, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/* --quiet: narrate() prints nothing until turned off again. */
void narrate_set_quiet(bool on);

/* Call FN after each line is written (NULL: nothing): the teaching
 * builtins' --step and --slow pauses. */
void narrate_set_after(void (*fn)(void));

/* Narration goes to FD (default: 2, standard error). */
void narrate_set_fd(int fd);

enum narrate_color {
	COLOR_AUTO,	/* colour only on a terminal without NO_COLOR */
	COLOR_ALWAYS,
	COLOR_NEVER,
};

/* Colour the call name by family, and dim the PID (default COLOR_AUTO). */
void narrate_set_color(enum narrate_color mode);

/*
 * Decoders for narration arguments and notes.  Each writes into BUF (of
 * size N, cutting if short), returns BUF, and leaves errno alone, so they
 * may sit among narrate()'s arguments right after the call they describe.
 */

/* open(2) flags: "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC", access mode first. */
const char *narrate_open_flags(int flags, char *buf, size_t n);

/*
 * A waitpid(2) status: "exited, status 0", "killed by SIGINT",
 * "killed by SIGSEGV (core dumped)", "stopped by SIGTSTP", "continued".
 */
const char *narrate_wait_status(int wstatus, char *buf, size_t n);

/*
 * What fd FD of process PID (0: the caller) refers to, as readlink(2) of
 * /proc/PID/fd/FD gives it: "pipe:[91234]", "/dev/pts/3", "/tmp/x";
 * "?" if that fails.
 */
const char *narrate_fd_target(pid_t pid, int fd, char *buf, size_t n);

/* A System V IPC key: "IPC_PRIVATE", or "0x0000abcd" as ipcs(1) shows it. */
const char *narrate_ipc_key(int key, char *buf, size_t n);

/*
 * LEN bytes of DATA as a narration shows a buffer, the way strace(1) does:
 * "hi\n" in double quotes, with \n \t \" \\ and \xHH escapes, cut after
 * MAX bytes and then followed by ...; "" when LEN is 0 or less (a failed
 * read).  Leaves errno alone, so it can sit among narrate()'s arguments.
 */
const char *narrate_string(const void *data, long len, size_t max, char *buf, size_t n);

/*
 * "SIGINT"; real-time signals as "SIGRTMIN+3"; "SIG32" for a number
 * without a name, "SIG?" for one out of range.  The string is static and
 * stays valid in the calling thread; errno is left alone.
 */
const char *narrate_signal_name(int sig);

#endif
