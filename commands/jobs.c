/*
 * jobs, fg, bg, disown - the job table and job control.  POSIX XCU
 * "jobs", "fg", "bg"; see setpgid(2), tcsetpgrp(3), killpg(3).
 *
 * jobs -l is the teaching view: each process of a job with its PID and
 * the state the kernel reports for it in /proc (R, S, T, Z).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"

/* The job named by SPEC (default: the current job), or NULL after an
 * error message. */
static struct job *find(const char *spec)
{
	const char *why;
	struct job *j = job_lookup(spec ? spec : "%+", &why);

	if (!j)
		bi_error("%s: %s", spec ? spec : "current", why);
	return j;
}

static int jobs_main(int argc, char **argv)
{
	bool long_form = false, pids = false;
	int status = 0, c;

	while ((c = getopt(argc, argv, "+lp")) != -1) {
		switch (c) {
		case 'l':
			long_form = true;
			break;
		case 'p':
			pids = true;
			break;
		default:
			return bi_usage("-%c: invalid option", optopt);
		}
	}
	job_reap();
	if (optind == argc) {
		job_print(stdout, NULL, long_form, pids);
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		struct job *j = find(argv[i]);

		if (j)
			job_print(stdout, j, long_form, pids);
		else
			status = 1;
	}
	return status;
}

const struct builtin builtin_jobs = {
	.name = "jobs",
	.synopsis = "jobs [-l] [-p] [%JOB...]",
	.summary = "list the jobs; -l shows each process and its state in /proc",
	.family = FAMILY_SHELL,
	.see_also = "setpgid(2) proc(5)",
	.run = jobs_main,
};

static int fg_main(int argc, char **argv)
{
	struct job *j;

	if (argc > 2)
		return bi_usage("too many arguments");
	if (!job_control()) {
		bi_error("no job control in this shell");
		bi_hint("job control is on in an interactive shell on a terminal, or after set -m");
		return 1;
	}
	job_reap();
	j = find(argc == 2 ? argv[1] : NULL);
	if (!j)
		return 1;
	return job_foreground(j);
}

const struct builtin builtin_fg = {
	.name = "fg",
	.synopsis = "fg [%JOB]",
	.summary = "bring a job to the foreground: give it the terminal and SIGCONT",
	.family = FAMILY_SHELL,
	.see_also = "tcsetpgrp(3) killpg(3)",
	.run = fg_main,
};

static int bg_main(int argc, char **argv)
{
	int status = 0;

	if (!job_control()) {
		bi_error("no job control in this shell");
		bi_hint("job control is on in an interactive shell on a terminal, or after set -m");
		return 1;
	}
	job_reap();
	for (int i = 1; i < argc || i == 1; i++) {
		struct job *j = find(argc > 1 ? argv[i] : NULL);

		if (!j) {
			status = 1;
		} else if (job_is_running(j)) {
			bi_error("job %d already running in the background", job_id(j));
		} else {
			job_resume_background(j);
		}
		if (argc == 1)
			break;
	}
	return status;
}

const struct builtin builtin_bg = {
	.name = "bg",
	.synopsis = "bg [%JOB...]",
	.summary = "let a stopped job go on in the background (SIGCONT)",
	.family = FAMILY_SHELL,
	.see_also = "killpg(3)",
	.run = bg_main,
};

static int disown_main(int argc, char **argv)
{
	int status = 0;

	job_reap();
	for (int i = 1; i < argc || i == 1; i++) {
		struct job *j = find(argc > 1 ? argv[i] : NULL);

		if (j)
			job_disown(j);
		else
			status = 1;
		if (argc == 1)
			break;
	}
	return status;
}

const struct builtin builtin_disown = {
	.name = "disown",
	.synopsis = "disown [%JOB...]",
	.summary = "forget a job: the shell no longer waits for it or hangs it up",
	.family = FAMILY_SHELL,
	.see_also = "setsid(2)",
	.run = disown_main,
};
