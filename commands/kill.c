/*
 * kill - send a signal to processes, process groups and jobs.  POSIX XCU
 * "kill"; the calls are kill(2) and killpg(3), see also signal(7).
 *
 * The lesson: a signal is sent to a PID, to a whole process group (a
 * negative PID, or a %job with job control), or to nobody (-0 only asks
 * whether the process exists and may be signalled).  -v narrates each call.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"
#include "narrate.h"
#include "shell.h"
#include "trap.h"

/* The errno of a failed kill(2), explained for the class. */
static void hint_for(int err)
{
	switch (err) {
	case ESRCH:
		bi_hint("ESRCH: no process has that PID; it may have exited already");
		break;
	case EPERM:
		bi_hint("EPERM: the process is not yours; only its owner or root may signal it");
		break;
	case EINVAL:
		bi_hint("EINVAL: the kernel knows no signal with that number");
		break;
	}
}

/* kill -l: the table of signal numbers and names. */
static int list_signals(int argc, char **argv, int i)
{
	if (i < argc) {
		/* kill -l N: the name of N, or of the signal behind an exit
		 * status 128+N */
		for (; i < argc; i++) {
			char *end;
			long n = strtol(argv[i], &end, 10);

			if (*argv[i] && !*end) {
				if (n > 128)
					n -= 128;
				if (n <= 0 || n >= NSIG)
					return bi_error("%s: invalid signal number", argv[i]);
				printf("%s\n", trap_signal_name((int)n));
			} else {
				int sig = trap_signal_number(argv[i]);

				if (sig <= 0)
					return bi_error("%s: invalid signal name", argv[i]);
				printf("%d\n", sig);
			}
		}
		return 0;
	}
	int col = 0;

	for (int sig = 1; sig < NSIG; sig++) {
		const char *name = trap_signal_name(sig);

		/* glibc keeps 32 and 33 for itself: they have no name */
		if (name[0] >= '0' && name[0] <= '9')
			continue;
		printf("%2d) SIG%-10s%s", sig, name, ++col % 5 == 0 ? "\n" : " ");
	}
	if (col % 5)
		putchar('\n');
	return 0;
}

/* Send SIG to the target ARG: PID, -PGID or %job. */
static int send(const char *arg, int sig, bool verbose)
{
	const char *signame = sig ? narrate_signal_name(sig) : "0";
	bool narrating = verbose || shell.opt.narrate;
	char *end;
	long n;
	int r;

	if (arg[0] == '%') {
		const char *why;
		struct job *j = job_lookup(arg, &why);

		if (!j)
			return bi_error("%s: %s", arg, why);
		bool stopped = job_is_stopped(j);

		r = job_signal(j, sig, narrating);
		/* A stopped job would only act on the signal once continued
		 * (bash sends SIGCONT too). */
		if (r == 0 && stopped && sig != SIGCONT && sig != SIGSTOP &&
		    sig != SIGTSTP && sig != 0)
			job_signal(j, SIGCONT, narrating);
	} else {
		errno = 0;
		n = strtol(arg, &end, 10);
		/* 0 is the shell's own process group (POSIX) */
		if (!*arg || *end || errno || n < -2147483647L ||
		    n > 2147483647L)
			return bi_usage("%s: not a PID, -PGID or %%job", arg);
		r = kill((pid_t)n, sig);
		if (narrating)
			narrate(NR_kill, r, "%ld, %s%s", n, signame,
				n < 0 ? "\tthe whole process group"
				: n == 0 ? "\tthe caller's own process group" : "");
	}
	if (r < 0) {
		int err = errno;

		bi_error_errno("%s", arg);
		hint_for(err);
		return 1;
	}
	return 0;
}

static int kill_main(int argc, char **argv)
{
	int sig = SIGTERM;
	bool have_sig = false, verbose = false;
	int status = 0;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "-l") || !strcmp(a, "-L"))
			return list_signals(argc, argv, i + 1);
		if (!strcmp(a, "-v")) {
			verbose = true;
			continue;
		}
		if (!strcmp(a, "-s") || !strcmp(a, "-n")) {
			if (++i >= argc)
				return bi_usage("%s: a signal is required", a);
			a = argv[i];
		} else {
			/* after the signal, a negative number is a PGID */
			if (have_sig && a[1] >= '0' && a[1] <= '9')
				break;
			a++;	/* -TERM, -9, -0 */
		}
		have_sig = true;
		sig = trap_signal_number(a);
		if (sig < 0 || (sig == 0 && strcmp(a, "0") != 0)) {
			bi_error("%s: invalid signal", a);
			bi_hint("EINVAL: 'kill -l' lists the signals by number and name");
			return 1;
		}
	}
	if (i == argc)
		return bi_usage("a PID, -PGID or %%job is required");
	for (; i < argc; i++) {
		int r = send(argv[i], sig, verbose);

		if (r > status)
			status = r;	/* 2 for a usage error, else 1 */
	}
	return status;
}

const struct builtin builtin_kill = {
	.name = "kill",
	.synopsis = "kill [-v] [-s SIGNAL | -SIGNAL | -n NUMBER] PID|-PGID|%JOB... | kill -l [N]",
	.summary = "send a signal to processes, a process group or a job",
	.family = FAMILY_SIGNAL,
	.see_also = "kill(2) killpg(3) signal(7)",
	.syscalls = "kill killpg",
	.run = kill_main,
};
