/*
 * ptree - the process tree under the shell, or under PID.
 *
 * Lesson: every process has a parent (fork(2)), a process group (setpgid(2),
 * one per job) and a session (setsid(2), one per login); the terminal
 * belongs to one foreground group at a time (tcsetpgrp(3)).  Everything
 * shown is read from /proc/PID/stat and /proc/PID/cmdline, see proc(5).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"
#include "procview.h"

static void print_proc(const struct procview_proc *p, int depth)
{
	char stat[4], tty[16];

	/* ps(1)'s mark: '+' for a member of its terminal's foreground group. */
	snprintf(stat, sizeof(stat), "%c%s", p->state,
		 procview_owns_tty(p) ? "+" : "");
	procview_tty_name(p->tty_nr, tty, sizeof(tty));
	printf("%7ld %7ld %7ld %7ld %-4s %-7s ", (long)p->pid, (long)p->ppid,
	       (long)p->pgid, (long)p->sid, stat, tty);
	/* Indented like ps f: each generation one step to the right. */
	if (depth > 0)
		printf("%*s\\_ ", 4 * (depth - 1) + 1, "");
	printf("%s%s\n", p->cmd, p->state == 'Z' ? " <defunct>" : "");
}

/* Print V[ROOT] and, below it, its descendants in PID order. */
static void print_tree(const struct procview_proc *v, size_t n, size_t root,
		       int depth)
{
	print_proc(&v[root], depth);
	for (size_t i = 0; i < n; i++)
		if (v[i].ppid == v[root].pid && i != root)
			print_tree(v, n, i, depth + 1);
}

static int ptree_main(int argc, char **argv)
{
	const char *who = argc == 2 ? argv[1] : "self";
	struct procview_proc *v;
	pid_t pid = getpid();
	ssize_t n;
	size_t root;

	if (argc > 2)
		return bi_usage("too many arguments");
	if (argc == 2 && argv[1][0] == '%') {
		/* a job: the tree under its first process */
		const char *why;
		struct job *j = job_lookup(argv[1], &why);

		if (!j)
			return bi_error("%s: %s", argv[1], why);
		if (job_processes(j, &pid, 1) != 1)
			return bi_error("%s: no process of the job is alive", argv[1]);
	} else if (argc == 2 && !procview_parse_pid(argv[1], &pid)) {
		return bi_usage("%s: not a process ID or %%job", argv[1]);
	}
	n = procview_procs(&v);
	if (n < 0)
		return bi_error_errno("/proc");
	for (root = 0; root < (size_t)n && v[root].pid != pid; root++)
		;
	if (root == (size_t)n) {
		free(v);
		bi_error("%s: no such process", who);
		bi_hint("ESRCH: no process has that PID; it may have exited already");
		return 1;
	}
	printf("%7s %7s %7s %7s %-4s %-7s %s\n", "PID", "PPID", "PGID", "SID",
	       "STAT", "TTY", "CMD");
	print_tree(v, (size_t)n, root, 0);
	free(v);
	return 0;
}

const struct builtin builtin_ptree = {
	.name = "ptree",
	.synopsis = "ptree [PID | %JOB]",
	.summary = "show the process tree under the shell or PID, with groups, sessions and states",
	.family = FAMILY_PROCESS,
	.see_also = "ps(1) setpgid(2) setsid(2) tcsetpgrp(3) proc(5) credentials(7)",
	.syscalls = "getpid open read close",
	.run = ptree_main,
};
