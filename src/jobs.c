/*
 * jobs.c - the job table.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "exec.h"
#include "jobs.h"
#include "narrate.h"
#include "shell.h"
#include "signals.h"
#include "trap.h"

struct proc {
	pid_t pid;
	int wstatus;
	bool done;
};

struct job {
	struct job *next;
	int id;
	char *cmd;
	bool background;
	int nprocs, cap;
	struct proc *procs;
};

static struct job *jobs;	/* background jobs, newest first */

struct job *job_new(const char *cmd, bool background)
{
	struct job *j = calloc(1, sizeof(*j));

	if (!j || !(j->cmd = strdup(cmd ? cmd : ""))) {
		sh_warn("out of memory");
		shell_exit(2);
	}
	j->background = background;
	return j;
}

void job_add(struct job *j, pid_t pid)
{
	if (j->nprocs == j->cap) {
		int ncap = j->cap ? j->cap * 2 : 4;
		struct proc *p = realloc(j->procs, (size_t)ncap * sizeof(*p));

		if (!p) {
			sh_warn("out of memory");
			shell_exit(2);
		}
		j->procs = p;
		j->cap = ncap;
	}
	j->procs[j->nprocs].pid = pid;
	j->procs[j->nprocs].wstatus = 0;
	j->procs[j->nprocs].done = false;
	j->nprocs++;
}

static void job_free(struct job *j)
{
	free(j->procs);
	free(j->cmd);
	free(j);
}

/* Record STATUS for PID in whichever job holds it. */
static void record(pid_t pid, int wstatus)
{
	for (struct job *j = jobs; j; j = j->next)
		for (int i = 0; i < j->nprocs; i++)
			if (j->procs[i].pid == pid) {
				j->procs[i].wstatus = wstatus;
				j->procs[i].done = true;
				return;
			}
}

static bool job_done(const struct job *j)
{
	for (int i = 0; i < j->nprocs; i++)
		if (!j->procs[i].done)
			return false;
	return true;
}

static int job_status(const struct job *j)
{
	int status = 0;

	if (j->nprocs == 0)
		return 0;
	if (shell.opt.pipefail) {
		for (int i = 0; i < j->nprocs; i++) {
			int s = exec_wait_status(j->procs[i].wstatus);

			if (s != 0)
				status = s;
		}
		return status;
	}
	return exec_wait_status(j->procs[j->nprocs - 1].wstatus);
}

/* Report a foreground process killed by a signal, as bash does. */
static void report_signal(int wstatus)
{
	int sig;

	if (!WIFSIGNALED(wstatus))
		return;
	sig = WTERMSIG(wstatus);
	if (sig == SIGINT) {
		if (shell.interactive)
			write_all(STDERR_FILENO, "\n", 1);
		return;
	}
	if (sig == SIGPIPE)
		return;
	dprintf(STDERR_FILENO, "%s%s\n", strsignal(sig),
		WCOREDUMP(wstatus) ? " (core dumped)" : "");
}

int job_wait_foreground(struct job *j)
{
	int status;

	for (int i = 0; i < j->nprocs; i++) {
		struct proc *p = &j->procs[i];

		while (!p->done) {
			int ws;
			pid_t r = waitpid(p->pid, &ws, 0);

			if (r == p->pid) {
				p->wstatus = ws;
				p->done = true;
				if (shell.opt.narrate) {
					char how[64];

					narrate(NR_waitpid, r, "%ld, &status, 0\t%s",
						(long)p->pid,
						narrate_wait_status(ws, how, sizeof(how)));
				}
			} else if (r < 0 && errno != EINTR) {
				sh_warn_errno("waitpid %ld", (long)p->pid);
				p->done = true;
				p->wstatus = 127 << 8;
			}
		}
	}
	if (j->nprocs > 0)
		report_signal(j->procs[j->nprocs - 1].wstatus);
	/* A Ctrl-C meant for the job must not also cancel the next prompt
	 * line (a trap on INT still runs: the pending mark stays). */
	sig_take_interrupt();
	status = job_status(j);
	job_free(j);
	return status;
}

void job_background(struct job *j)
{
	j->id = jobs ? jobs->id + 1 : 1;
	j->next = jobs;
	jobs = j;
	if (j->nprocs > 0)
		shell.last_bg = j->procs[j->nprocs - 1].pid;
}

/* Drop finished background jobs from the table. */
static void prune(void)
{
	struct job **pp = &jobs;

	while (*pp) {
		struct job *j = *pp;

		if (job_done(j)) {
			*pp = j->next;
			job_free(j);
		} else {
			pp = &j->next;
		}
	}
}

void job_reap(void)
{
	int ws;
	pid_t pid;

	while ((pid = waitpid(-1, &ws, WNOHANG)) > 0)
		record(pid, ws);
	/* A script may still `wait $!` for a job that has finished, so
	 * only an interactive shell forgets finished jobs here. */
	if (shell.interactive)
		prune();
}

int job_wait_pid(pid_t pid)
{
	int status = 0;

	for (;;) {
		struct job *target = NULL;
		int ws;
		pid_t r;

		for (struct job *j = jobs; j; j = j->next)
			for (int i = 0; i < j->nprocs; i++)
				if (pid == 0 ? !j->procs[i].done
					     : j->procs[i].pid == pid)
					target = j;
		if (!target)
			return pid == 0 ? 0 : 127;
		for (int i = 0; i < target->nprocs; i++)
			if (target->procs[i].pid == pid && target->procs[i].done) {
				status = exec_wait_status(target->procs[i].wstatus);
				prune();
				return status;
			}
		r = waitpid(pid == 0 ? -1 : pid, &ws, 0);
		if (r > 0) {
			record(r, ws);
		} else if (errno == EINTR) {
			/* A trapped signal ends the wait (its trap runs
			 * next), as does Ctrl-C. */
			int sig = sig_peek_pending();

			if (sig && trap_get(sig) && *trap_get(sig))
				return 128 + sig;
			if (sig_take_interrupt())
				return 128 + SIGINT;
		} else if (errno == ECHILD) {
			/* Not our child after all (reaped elsewhere). */
			for (struct job *j = jobs; j; j = j->next)
				for (int i = 0; i < j->nprocs; i++)
					j->procs[i].done = true;
		}
		if (pid == 0)
			prune();
	}
}

void job_forget_all(void)
{
	while (jobs) {
		struct job *j = jobs;

		jobs = j->next;
		job_free(j);
	}
}
