/*
 * teach.h - what every teaching builtin shares.
 *
 * The common options, taken out of argv before the builtin parses its own:
 *
 *	--step		after each narrated call, wait for Enter (only when
 *			standard input is a terminal), so a lecturer can talk;
 *			q then Enter stops the demo
 *	--slow MS	pause MS milliseconds after each narrated call
 *	--quiet		no narration: the results only
 *
 * and a clean end.  Between teach_begin and teach_end, Ctrl-C (SIGINT),
 * SIGTERM, SIGHUP and SIGQUIT only set a flag: blocking calls return EINTR,
 * the demo sees teach_interrupted() and returns, and teach_end removes
 * every process and object the demo recorded (cleanup.h), then lets the
 * signal act as it would have (a script still dies of it, a trap still
 * runs).  A demo's shape:
 *
 *	static int demo_main(int argc, char **argv)
 *	{
 *		argc = teach_begin(argc, argv);
 *		if (argc < 0)
 *			return 2;
 *		...parse the rest with getopt_long; return teach_end(2)
 *		   after bi_usage...
 *		pid_t pid = teach_fork();	// narrated, recorded
 *		if (pid == 0) { ...; teach_child_exit(0); }
 *		if (teach_wait(pid, &ws, 0) < 0) return teach_end(1);
 *		return teach_end(0);
 *	}
 *
 * Results go through teach_out(), one write(2) per call, so they stay in
 * order with the narration (which is unbuffered) and never tear against a
 * child's lines.
 */
#ifndef LABSH_TEACH_H
#define LABSH_TEACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "error.h"

struct teach_options {
	bool step;		/* --step */
	bool quiet;		/* --quiet */
	unsigned slow_ms;	/* --slow MS */
};

/* The options of the demo being run. */
extern struct teach_options teach;

/*
 * Take the common options out of ARGV (up to a "--"), moving the rest
 * down; set up the interrupt handling and the narration pacing.  Returns
 * the new argc, or -1 after a usage message (the builtin returns 2).
 */
int teach_begin(int argc, char **argv);

/*
 * End the demo: remove what it recorded and is still there, put the
 * signal dispositions back.  Returns STATUS, or 128+N when signal N
 * interrupted the demo.
 */
int teach_end(int status);

/* The signal that interrupted the demo (Ctrl-C: SIGINT), or 0. */
int teach_interrupted(void);

/*
 * Print a result line (printf-style) with one write(2) to standard
 * output.  Returns 0, or -1 if the write failed.
 */
int teach_out(const char *fmt, ...) PRINTF_LIKE(1, 2);

/*
 * Open PATH, a list the kernel keeps (/proc/sysvipc/msg), for reading,
 * narrated as open(2) with NOTE.  NULL after the error has been printed.
 */
FILE *teach_open_list(const char *path, const char *note);

/*
 * fork(2) for a demo, narrated, the child recorded for cleanup.  In the
 * child: default signal dispositions (Ctrl-C kills it), no step pauses,
 * no inherited cleanup entries; it must end with teach_child_exit.
 * Returns what fork returned (-1 after an error message with a hint).
 */
pid_t teach_fork(void);

/* End a demo's child: flush stdio, _exit(STATUS). */
_Noreturn void teach_child_exit(int status);

/*
 * waitpid(2) for a child of teach_fork, narrated with the decoded status;
 * retries EINTR unless the demo was interrupted.  Once the child is
 * reaped it is forgotten by the cleanup registry.  Returns what waitpid
 * returned.
 */
pid_t teach_wait(pid_t pid, int *wstatus, int options);

/* Sleep MS milliseconds, cut short by an interrupt.  0, or -1 if cut. */
int teach_sleep(unsigned ms);

/*
 * S as a whole number in BASE (10; 0 also takes 0x.. and 0..) from MIN to
 * MAX: true with *OUT set, or false.  The builtin words its own usage
 * error, naming the range.
 */
bool teach_number(const char *s, int base, long min, long max, long *out);

/*
 * S as a byte count: digits, then K, M or G (powers of 1024) and an
 * optional B (a size past 2^64 counts as ULLONG_MAX).  True with *OUT
 * set, or false when S is not a size or is over MAX.
 */
bool teach_size(const char *s, unsigned long long max, unsigned long long *out);

/* Seconds from T0 (CLOCK_MONOTONIC) to now. */
double teach_seconds_since(const struct timespec *t0);

/* T as "2026-11-21 15:04:05" in local time, "never" for 0 (IPC times). */
const char *teach_time(time_t t, char *buf, size_t n);

#endif
