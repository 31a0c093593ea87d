/*
 * jobs.c - the job table and job control.
 *
 * Order of the file: the table, then taking the terminal, then starting
 * jobs (fork, process groups), then waiting and reaping, then the
 * operations behind jobs, fg, bg, wait and disown.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "error.h"
#include "exec.h"
#include "jobs.h"
#include "narrate.h"
#include "procview.h"
#include "redir.h"
#include "shell.h"
#include "signals.h"
#include "trap.h"

enum pstate { P_RUNNING, P_STOPPED, P_DONE };

struct proc {
	pid_t pid;
	int wstatus;
	enum pstate state;
};

struct job {
	struct job *next;
	int id;			/* [1], [2]: 0 until it enters the table */
	pid_t pgid;		/* with job control; else 0 */
	char *cmd;
	bool background;
	bool changed;		/* finished or stopped since last reported */
	unsigned long seq;	/* recency, for the current (+) job */
	struct termios modes;	/* the terminal as a stopped job left it */
	bool have_modes;
	int nprocs, cap;
	struct proc *procs;
};

static struct job *table;	/* jobs kept for later, by id */
static unsigned long seq;
static int ttyfd = -1;		/* the controlling terminal, private fd */
static pid_t shell_pgid;
static struct termios shell_modes;
static bool exit_warned;
static unsigned long commands, warned_at;	/* for the exit warning */

/* ------------------------------------------------------------------ */
/* The table                                                            */

struct job *job_new(const char *cmd, bool background)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->cmd = xstrdup(cmd ? cmd : "");
	j->background = background;
	return j;
}

static void job_free(struct job *j)
{
	free(j->procs);
	free(j->cmd);
	free(j);
}

static bool in_table(const struct job *j)
{
	for (const struct job *t = table; t; t = t->next)
		if (t == j)
			return true;
	return false;
}

/* Enter J in the table with the lowest id above every other job's. */
static void table_add(struct job *j)
{
	struct job **pp = &table;
	int id = 1;

	if (in_table(j))
		return;
	while (*pp) {
		id = (*pp)->id + 1;
		pp = &(*pp)->next;
	}
	j->id = id;
	j->next = NULL;
	*pp = j;
}

static void table_remove(struct job *j)
{
	for (struct job **pp = &table; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			return;
		}
}

static bool job_done(const struct job *j)
{
	for (int i = 0; i < j->nprocs; i++)
		if (j->procs[i].state != P_DONE)
			return false;
	return true;
}

bool job_is_stopped(const struct job *j)
{
	bool any = false;

	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == P_RUNNING)
			return false;
		if (j->procs[i].state == P_STOPPED)
			any = true;
	}
	return any;
}

bool job_is_running(const struct job *j)
{
	return !job_done(j) && !job_is_stopped(j);
}

int job_id(const struct job *j)
{
	return j->id;
}

/* The current (+) and previous (-) jobs: the two most recently
 * stopped or put in the background. */
static void current_jobs(struct job **cur, struct job **prev)
{
	*cur = *prev = NULL;
	for (struct job *j = table; j; j = j->next) {
		if (!*cur || j->seq > (*cur)->seq) {
			*prev = *cur;
			*cur = j;
		} else if (!*prev || j->seq > (*prev)->seq) {
			*prev = j;
		}
	}
}

static char marker(const struct job *j)
{
	struct job *cur, *prev;

	current_jobs(&cur, &prev);
	return j == cur ? '+' : j == prev ? '-' : ' ';
}

/* ------------------------------------------------------------------ */
/* The terminal                                                         */

bool job_control(void)
{
	return shell.opt.monitor && ttyfd >= 0;
}

/* tcsetpgrp with SIGTTOU ignored: a background process group may not
 * otherwise change the foreground group (tcsetpgrp(3)). */
static void give_terminal(pid_t pgid)
{
	int r = tcsetpgrp(ttyfd, pgid);

	if (shell.opt.narrate)
		narrate(NR_tcsetpgrp, r, "%d, %ld\tthe terminal's foreground group is now %ld",
			ttyfd, (long)pgid, (long)pgid);
}

bool job_control_init(void)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	pid_t pgrp;

	if (fd < 0)
		return false;
	ttyfd = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	close(fd);
	if (ttyfd < 0)
		return false;
	redir_private(&ttyfd);
	/* Started in the background (labsh &): wait to be brought to the
	 * foreground before taking the terminal from its owner. */
	while ((pgrp = tcgetpgrp(ttyfd)) >= 0 && pgrp != getpgrp())
		kill(0, SIGTTIN);
	sig_job_control(true);
	shell_pgid = getpid();
	if (getpgrp() != shell_pgid && setpgid(0, shell_pgid) < 0) {
		sh_warn_errno("setpgid");
		close(ttyfd);
		ttyfd = -1;
		sig_job_control(false);
		return false;
	}
	give_terminal(shell_pgid);
	if (tcgetattr(ttyfd, &shell_modes) < 0) {
		close(ttyfd);
		ttyfd = -1;
		sig_job_control(false);
		return false;
	}
	shell.opt.monitor = true;
	return true;
}

/* Take the terminal back after a foreground job, with the shell's modes
 * (a job that ran `stty -echo` must not leave the prompt without echo). */
static void take_terminal(struct job *j)
{
	if (j && tcgetattr(ttyfd, &j->modes) == 0)
		j->have_modes = true;
	give_terminal(shell_pgid);
	tcsetattr(ttyfd, TCSADRAIN, &shell_modes);
}

/* ------------------------------------------------------------------ */
/* Starting                                                             */

void job_add(struct job *j, pid_t pid)
{
	if (j->nprocs == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 4;
		j->procs = xrealloc(j->procs, (size_t)j->cap * sizeof(*j->procs));
	}
	j->procs[j->nprocs].pid = pid;
	j->procs[j->nprocs].wstatus = 0;
	j->procs[j->nprocs].state = P_RUNNING;
	j->nprocs++;
	if (!job_control())
		return;
	if (!j->pgid)
		j->pgid = pid;
	/* Also done by the child: whichever runs first wins, and the
	 * other fails harmlessly (EACCES once the child has exec'd). */
	if (setpgid(pid, j->pgid) == 0 && shell.opt.narrate)
		narrate(NR_setpgid, 0, "%ld, %ld\t%ld joins process group %ld",
			(long)pid, (long)j->pgid, (long)pid, (long)j->pgid);
	if (!j->background && j->nprocs == 1)
		give_terminal(j->pgid);
}

pid_t job_fork(struct job *j)
{
	sigset_t all, old;
	pid_t pid;

	/*
	 * Block every signal across fork: the child inherits the shell's
	 * dispositions (SIGTERM ignored, say) until eval_enter_child resets
	 * them, and a `kill $!` sent in that window must wait, pending,
	 * rather than be ignored.  sig_reset_for_child unblocks.
	 */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fflush(NULL);
	pid = fork();
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		if (shell.opt.narrate)
			narrate(NR_fork, -1, "%s", "");
		sh_warn_errno("fork");
		return -1;
	}
	if (pid == 0) {
		if (job_control()) {
			pid_t pgid = j->pgid ? j->pgid : getpid();

			setpgid(0, pgid);
			if (!j->background)
				tcsetpgrp(ttyfd, pgid);
		}
		return 0;
	}
	job_add(j, pid);
	return pid;
}

void job_background(struct job *j)
{
	table_add(j);
	j->background = true;
	j->seq = ++seq;
	if (j->nprocs > 0)
		shell.last_bg = j->procs[j->nprocs - 1].pid;
	if (shell.interactive && j->nprocs > 0)
		fprintf(stderr, "[%d] %ld\n", j->id, (long)shell.last_bg);
}

/* ------------------------------------------------------------------ */
/* Waiting                                                              */

/* Record status WS of PID if it belongs to J; true if it did. */
static bool record_in(struct job *j, pid_t pid, int ws)
{
	for (int i = 0; i < j->nprocs; i++) {
		struct proc *p = &j->procs[i];
		bool was_stopped = job_is_stopped(j), was_done = job_done(j);

		if (p->pid != pid)
			continue;
		if (WIFCONTINUED(ws)) {
			p->state = P_RUNNING;
			return true;
		}
		p->state = WIFSTOPPED(ws) ? P_STOPPED : P_DONE;
		p->wstatus = ws;
		if ((job_done(j) && !was_done) ||
		    (job_is_stopped(j) && !was_stopped))
			j->changed = true;
		return true;
	}
	return false;
}

/* Record a status from waitpid for the job in the table that holds PID,
 * or for EXTRA (a foreground job, not in the table). */
static void record(struct job *extra, pid_t pid, int ws)
{
	for (struct job *j = table; j; j = j->next)
		if (record_in(j, pid, ws))
			return;
	if (extra)
		record_in(extra, pid, ws);
}

/* The status of J as $? shows it. */
static int job_status(const struct job *j)
{
	int status = 0;

	if (j->nprocs == 0)
		return 0;
	for (int i = 0; i < j->nprocs; i++)
		if (j->procs[i].state == P_STOPPED)
			return exec_wait_status(j->procs[i].wstatus);
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

/* "Done", "Exit 3", "Terminated", "Stopped", "Stopped (tty input)". */
static const char *state_text(const struct job *j, char *buf, size_t n)
{
	const struct proc *last = &j->procs[j->nprocs - 1];

	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state != P_STOPPED)
			continue;
		switch (WSTOPSIG(j->procs[i].wstatus)) {
		case SIGTTIN:
			return "Stopped (tty input)";
		case SIGTTOU:
			return "Stopped (tty output)";
		case SIGSTOP:
			return "Stopped (signal)";
		default:
			return "Stopped";
		}
	}
	if (!job_done(j))
		return "Running";
	if (WIFSIGNALED(last->wstatus)) {
		snprintf(buf, n, "%s%s", strsignal(WTERMSIG(last->wstatus)),
			 WCOREDUMP(last->wstatus) ? " (core dumped)" : "");
		return buf;
	}
	if (WEXITSTATUS(last->wstatus) == 0)
		return "Done";
	snprintf(buf, n, "Exit %d", WEXITSTATUS(last->wstatus));
	return buf;
}

/* "[1]+  Stopped                 sleep 100", as bash prints it. */
static void print_state(FILE *f, const struct job *j)
{
	char buf[64];

	fprintf(f, "[%d]%c  %-24s%s%s\n", j->id, marker(j),
		state_text(j, buf, sizeof(buf)), j->cmd,
		job_is_running(j) ? " &" : "");
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

static void narrate_wait(pid_t pid, pid_t r, int ws, int options)
{
	char how[64];

	if (!shell.opt.narrate)
		return;
	narrate(NR_waitpid, r, "%ld, &status, %s\t%s", (long)pid,
		options ? "WUNTRACED" : "0",
		narrate_wait_status(ws, how, sizeof(how)));
}

int job_wait_foreground(struct job *j)
{
	int options = job_control() ? WUNTRACED : 0;
	int status;

	while (!job_done(j) && !job_is_stopped(j)) {
		int ws;
		/* Without job control, wait for this job's processes only:
		 * background ones are reaped between commands. */
		pid_t want = -1;

		if (!options)
			for (int i = 0; i < j->nprocs; i++)
				if (j->procs[i].state == P_RUNNING) {
					want = j->procs[i].pid;
					break;
				}
		pid_t r = waitpid(want, &ws, options);

		if (r < 0) {
			if (errno == EINTR && sig_hangup()) {
				/* The terminal hung up: the job goes with the
				 * shell, as in bash (SIGCONT in case it is
				 * stopped in the meantime). */
				for (int i = 0; i < j->nprocs; i++)
					if (j->procs[i].state != P_DONE)
						kill(j->pgid ? -j->pgid : j->procs[i].pid,
						     SIGHUP);
				if (j->pgid)
					killpg(j->pgid, SIGCONT);
				shell_exit(128 + SIGHUP);
			}
			if (errno == EINTR)
				continue;
			if (errno != ECHILD)
				sh_warn_errno("waitpid");
			for (int i = 0; i < j->nprocs; i++)
				if (j->procs[i].state == P_RUNNING) {
					j->procs[i].state = P_DONE;
					j->procs[i].wstatus = 127 << 8;
				}
			break;
		}
		narrate_wait(r, r, ws, options);
		record(j, r, ws);
	}
	if (job_control())
		take_terminal(job_is_stopped(j) ? j : NULL);
	/* A Ctrl-C meant for the job must not also cancel the next prompt
	 * line (a trap on INT still runs: the pending mark stays). */
	sig_take_interrupt();
	status = job_status(j);
	if (job_is_stopped(j)) {
		table_add(j);
		j->background = false;
		j->seq = ++seq;
		j->changed = false;
		fputc('\n', stderr);
		print_state(stderr, j);
		return status;
	}
	if (j->nprocs > 0) {
		int ws = j->procs[j->nprocs - 1].wstatus;

		report_signal(ws);
		/* Ctrl-C went to the job, not to the shell (its own group),
		 * yet the user pressed it: run an INT trap as bash does. */
		if (WIFSIGNALED(ws) && WTERMSIG(ws) == SIGINT)
			sig_mark_pending(SIGINT);
	}
	table_remove(j);
	job_free(j);
	return status;
}

void job_reap(void)
{
	int ws;
	pid_t pid;
	int options = WNOHANG | (job_control() ? WUNTRACED | WCONTINUED : 0);

	while ((pid = waitpid(-1, &ws, options)) > 0)
		record(NULL, pid, ws);
}

bool job_notify(void)
{
	struct job *j = table, *next;
	bool printed = false;

	for (; j; j = next) {
		next = j->next;
		if (j->changed) {
			j->changed = false;
			print_state(stderr, j);
			printed = true;
		}
		/* reported (here or by `jobs`): a finished job goes */
		if (job_done(j)) {
			table_remove(j);
			job_free(j);
		}
	}
	return printed;
}

bool job_child_changed_at_prompt(void)
{
	sig_take_child();
	job_reap();
	if (!shell.opt.notify)
		return false;
	/* set -b: report at once, on a line of its own */
	for (struct job *j = table; j; j = j->next)
		if (j->changed) {
			fputc('\n', stderr);
			return job_notify();
		}
	return false;
}

/* ------------------------------------------------------------------ */
/* fg, bg, jobs, wait, disown                                           */

struct job *job_lookup(const char *spec, const char **why)
{
	struct job *cur, *prev, *found = NULL;

	current_jobs(&cur, &prev);
	*why = "no such job";
	if (spec[0] != '%') {
		pid_t pid;

		if (!procview_parse_pid(spec, &pid))
			return NULL;
		for (struct job *j = table; j; j = j->next)
			for (int i = 0; i < j->nprocs; i++)
				if (j->procs[i].pid == pid)
					return j;
		return NULL;
	}
	spec++;
	if (!*spec || !strcmp(spec, "%") || !strcmp(spec, "+")) {
		if (!cur)
			*why = "no current job";
		return cur;
	}
	if (!strcmp(spec, "-")) {
		/* with one job, %- names it as %+ does (bash) */
		if (!prev && !cur)
			*why = "no previous job";
		return prev ? prev : cur;
	}
	if (spec[0] >= '0' && spec[0] <= '9') {
		char *end;
		long id = strtol(spec, &end, 10);

		for (struct job *j = table; j && !*end; j = j->next)
			if (j->id == id)
				return j;
		return NULL;
	}
	for (struct job *j = table; j; j = j->next) {
		bool match = spec[0] == '?' ? strstr(j->cmd, spec + 1) != NULL
				: strncmp(j->cmd, spec, strlen(spec)) == 0;

		if (!match)
			continue;
		if (found) {
			*why = "ambiguous job spec";
			return NULL;
		}
		found = j;
	}
	return found;
}

int job_ids(int *ids, int max)
{
	int n = 0;

	for (struct job *j = table; j && n < max; j = j->next)
		ids[n++] = j->id;
	return n;
}

int job_processes(const struct job *j, pid_t *pids, int max)
{
	int n = 0;

	for (int i = 0; i < j->nprocs && n < max; i++)
		if (j->procs[i].state != P_DONE)
			pids[n++] = j->procs[i].pid;
	return n;
}

int job_signal(struct job *j, int sig, bool narrating)
{
	const char *name = sig ? narrate_signal_name(sig) : "0";
	int r = 0;

	if (j->pgid) {
		r = killpg(j->pgid, sig);
		if (narrating)
			narrate(NR_killpg, r, "%ld, %s\tjob %d, every process of group %ld",
				(long)j->pgid, name, j->id, (long)j->pgid);
		return r;
	}
	if (job_done(j)) {
		errno = ESRCH;	/* every process of the job has ended */
		return -1;
	}
	for (int i = 0; i < j->nprocs; i++) {
		int k;

		if (j->procs[i].state == P_DONE)
			continue;
		k = kill(j->procs[i].pid, sig);
		if (narrating)
			narrate(NR_kill, k, "%ld, %s\tprocess %d of job %d",
				(long)j->procs[i].pid, name, i + 1, j->id);
		if (k < 0)
			r = -1;
	}
	return r;
}

/* Send SIGCONT to J's process group (or to each process). */
static void continue_job(struct job *j)
{
	job_signal(j, SIGCONT, shell.opt.narrate);
	for (int i = 0; i < j->nprocs; i++)
		if (j->procs[i].state == P_STOPPED)
			j->procs[i].state = P_RUNNING;
}

int job_foreground(struct job *j)
{
	fprintf(stderr, "%s\n", j->cmd);
	j->background = false;
	give_terminal(j->pgid);
	if (j->have_modes)
		tcsetattr(ttyfd, TCSADRAIN, &j->modes);
	if (job_is_stopped(j))
		continue_job(j);
	return job_wait_foreground(j);
}

int job_resume_background(struct job *j)
{
	j->background = true;
	j->seq = ++seq;
	continue_job(j);
	fprintf(stderr, "[%d]%c %s &\n", j->id, marker(j), j->cmd);
	return 0;
}

void job_print(FILE *f, struct job *j, bool long_form, bool pids_only)
{
	for (struct job *t = j ? j : table; t; t = j ? NULL : t->next) {
		char buf[64];

		if (pids_only) {
			fprintf(f, "%ld\n", (long)(t->pgid ? t->pgid : t->procs[0].pid));
			continue;
		}
		if (!long_form) {
			print_state(f, t);
			t->changed = false;
			continue;
		}
		/* -l: the process group, then each process with the state
		 * the kernel reports in /proc (R S T Z): the teaching part. */
		fprintf(f, "[%d]%c  %-24s%s\n", t->id, marker(t),
			state_text(t, buf, sizeof(buf)), t->cmd);
		if (t->pgid)
			fprintf(f, "      process group %ld\n", (long)t->pgid);
		else
			fprintf(f, "      in the shell's process group (no job control)\n");
		for (int i = 0; i < t->nprocs; i++) {
			struct procview_proc p;
			char state = '?';
			const char *cmd = "";

			if (procview_proc(t->procs[i].pid, &p) == 0) {
				state = p.state;
				cmd = p.cmd;
			} else if (t->procs[i].state == P_DONE) {
				state = '-';	/* reaped: gone from /proc */
			}
			fprintf(f, "      %7ld  %c  %s\n", (long)t->procs[i].pid,
				state, cmd);
		}
		t->changed = false;
	}
}

/* Wait (blocking) for any child; record it.  Returns 0, or 128+N when a
 * trapped signal or Ctrl-C cut the wait short, or -1 with no children. */
static int trapped_pending(void)
{
	int sig = sig_peek_pending();

	return sig && trap_get(sig) && *trap_get(sig) ? sig : 0;
}

static int wait_one(void)
{
	int ws, sig;
	pid_t r;

	/* A trapped signal that came while we were not yet blocked in
	 * waitpid(2) ends the wait too (it cannot interrupt what has not
	 * started). */
	sig = trapped_pending();
	if (sig)
		return 128 + sig;
	r = waitpid(-1, &ws, job_control() ? WUNTRACED : 0);

	if (r > 0) {
		narrate_wait(-1, r, ws, 0);
		record(NULL, r, ws);
		return 0;
	}
	if (errno == EINTR) {
		sig = trapped_pending();
		if (sig)
			return 128 + sig;
		if (sig_take_interrupt())
			return 128 + SIGINT;
		return 0;
	}
	return -1;
}

int job_wait_job(struct job *j)
{
	int status;

	while (!job_done(j)) {
		int r = wait_one();

		if (r > 0)
			return r;
		if (r < 0)
			break;
	}
	status = job_status(j);
	if (job_done(j)) {
		table_remove(j);
		job_free(j);
	}
	return status;
}

int job_wait_pid(pid_t pid)
{
	if (pid == 0) {
		while (table) {
			struct job *j = table;
			int r;

			if (job_done(j)) {
				table_remove(j);
				job_free(j);
				continue;
			}
			r = wait_one();
			if (r > 0)
				return r;
			if (r < 0)
				break;
		}
		return 0;
	}
	for (struct job *j = table; j; j = j->next)
		for (int i = 0; i < j->nprocs; i++)
			if (j->procs[i].pid == pid) {
				while (j->procs[i].state != P_DONE) {
					int r = wait_one();

					if (r > 0)
						return r;
					if (r < 0)
						break;
				}
				{
					int status = exec_wait_status(j->procs[i].wstatus);

					if (job_done(j)) {
						table_remove(j);
						job_free(j);
					}
					return status;
				}
			}
	return 127;
}

int job_wait_any(void)
{
	for (;;) {
		int r;

		for (struct job *j = table; j; j = j->next)
			if (job_done(j) && j->nprocs > 0) {
				int status = job_status(j);

				table_remove(j);
				job_free(j);
				return status;
			}
		if (!table)
			return 127;
		r = wait_one();
		if (r > 0)
			return r;
		if (r < 0)
			return 127;
	}
}

void job_disown(struct job *j)
{
	table_remove(j);
	job_free(j);
}

bool job_any_stopped(void)
{
	for (struct job *j = table; j; j = j->next) {
		if (!job_is_stopped(j))
			continue;
		/* Ask the kernel too: a job just sent SIGKILL may not have
		 * been reaped yet, but it is no longer in state T. */
		for (int i = 0; i < j->nprocs; i++) {
			struct procview_proc p;

			if (j->procs[i].state == P_STOPPED &&
			    procview_proc(j->procs[i].pid, &p) == 0 &&
			    (p.state == 'T' || p.state == 't'))
				return true;
		}
	}
	return false;
}

void job_note_command(void)
{
	commands++;
}

bool job_exit_blocked(void)
{
	job_reap();	/* a job killed just now is no longer stopped */
	/* Leave if the warning came just before this exit, as bash does;
	 * warn again after any other command. */
	if (!shell.interactive || !job_any_stopped() ||
	    (exit_warned && warned_at >= commands - 1))
		return false;
	exit_warned = true;
	warned_at = commands;
	fprintf(stderr, "There are stopped jobs.\n");
	return true;
}

void job_hangup_all(void)
{
	for (struct job *j = table; j; j = j->next) {
		if (job_done(j) || !j->pgid)
			continue;
		killpg(j->pgid, SIGHUP);
		if (job_is_stopped(j))
			killpg(j->pgid, SIGCONT);
	}
}

void job_enter_child(void)
{
	/* The table stays, so `jobs -p | cat` and $(jobs) still list the
	 * parent's jobs, as in bash; but a subshell does no job control
	 * (XCU 2.11). */
	if (ttyfd >= 0) {
		close(ttyfd);
		ttyfd = -1;
	}
	shell.opt.monitor = false;
}
