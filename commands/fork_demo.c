/*
 * fork-demo - processes: fork(2), getpid(2), getppid(2), waitpid(2),
 * execve(2), _exit(2), and what /proc shows of them (proc(5)).
 *
 * The lesson: fork returns twice, once in each process; the child is a
 * copy with its own PID whose parent is the caller; the parent waits for
 * it and decodes how it ended.  The other demos each show one consequence:
 * a chain of generations, exec, the wait statuses, zombies, orphans,
 * copy-on-write memory, the shared file offset, and a daemon.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "exec.h"
#include "narrate.h"
#include "procview.h"
#include "rundir.h"
#include "shell.h"
#include "teach.h"
#include "vars.h"

extern char **environ;

#define MAX_CHILDREN 64
#define MAX_DEPTH 8
#define DEFAULT_DEPTH 3

/* ---------------------------------------------------------------------
 * Small helpers.
 * --------------------------------------------------------------------- */

/* Both sides say who they are. */
static void whoami(const char *who)
{
	pid_t pid = getpid(), ppid = getppid();

	narrate(NR_getpid, pid, "\t%s", who);
	narrate(NR_getppid, ppid, "\t%s's parent", who);
	teach_out("%s: PID %ld, PPID %ld\n", who, (long)pid, (long)ppid);
}

/* End a demo's child, narrated. */
_Noreturn static void child_exit(int status)
{
	narrate(NR__exit, NARRATE_NORESULT, "%d\tthe child ends; its parent will get the status", status);
	teach_child_exit(status);
}

/*
 * Poll /proc/PID/stat every 10 ms, 5 s at most, until the state is one of
 * STATES.  True when seen (P filled in); false when the process is gone,
 * the time is up or the demo was interrupted.
 */
static bool await_state(pid_t pid, const char *states, struct procview_proc *p)
{
	for (int i = 0; i < 500; i++) {
		if (procview_proc(pid, p) < 0)
			return false;
		if (strchr(states, p->state))
			return true;
		if (teach_sleep(10) < 0)
			return false;
	}
	return false;
}

/* The same, until the parent of PID is no longer OLD. */
static bool await_new_parent(pid_t pid, pid_t old, struct procview_proc *p)
{
	for (int i = 0; i < 500; i++) {
		if (procview_proc(pid, p) < 0)
			return false;
		if (p->ppid != old)
			return true;
		if (teach_sleep(10) < 0)
			return false;
	}
	return false;
}

/* kill(2), narrated. */
static int send_signal(pid_t pid, int sig, const char *note)
{
	int r = kill(pid, sig);

	narrate(NR_kill, r, "%ld, %s\t%s", (long)pid,
		sig ? narrate_signal_name(sig) : "0", note);
	if (r < 0)
		bi_error_errno("kill %ld", (long)pid);
	return r;
}

/* close(2), narrated. */
static void close_fd(int fd, const char *note)
{
	int r = close(fd);

	narrate(NR_close, r, "%d\t%s", fd, note);
}

/* pipe2(2) with O_CLOEXEC, narrated. */
static int make_pipe(int fd[2], const char *note)
{
	int r = pipe2(fd, O_CLOEXEC);

	if (r < 0) {
		narrate(NR_pipe2, r, "fds, O_CLOEXEC");
		return bi_error_errno("pipe2"), -1;
	}
	narrate(NR_pipe2, r, "[%d, %d], O_CLOEXEC\t%s", fd[0], fd[1], note);
	return 0;
}

/* Read a PID written as text on FD (up to a newline); -1 when interrupted
 * or at end of file. */
static pid_t read_pid(int fd, const char *note)
{
	char buf[32];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR && !teach_interrupted())
			continue;
		if (n <= 0) {
			narrate(NR_read, n, "%d, buf, %zu", fd, sizeof(buf) - 1 - len);
			return -1;
		}
		len += (size_t)n;
		if (buf[len - 1] == '\n')
			break;
	}
	buf[len] = '\0';
	narrate(NR_read, (long)len, "%d, \"%.*s\\n\", %zu\t%s", fd,
		(int)strcspn(buf, "\n"), buf, sizeof(buf) - 1, note);
	return (pid_t)strtol(buf, NULL, 10);
}

/* Write "PID\n" on FD, narrated. */
static int write_pid(int fd, pid_t pid, const char *note)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%ld\n", (long)pid);
	ssize_t n = write(fd, buf, (size_t)len);

	narrate(NR_write, n, "%d, \"%ld\\n\", %d\t%s", fd, (long)pid, len, note);
	return n == len ? 0 : -1;
}

/* "parent: child 4101 exited with status 3 (WIFEXITED, WEXITSTATUS)" */
static void report_status(const char *who, pid_t pid, int ws)
{
	if (WIFEXITED(ws))
		teach_out("%s: child %ld exited with status %d (WIFEXITED, WEXITSTATUS)\n",
			  who, (long)pid, WEXITSTATUS(ws));
	else if (WIFSIGNALED(ws))
		teach_out("%s: child %ld was killed by signal %d, %s (WIFSIGNALED, WTERMSIG)\n",
			  who, (long)pid, WTERMSIG(ws), narrate_signal_name(WTERMSIG(ws)));
	else if (WIFSTOPPED(ws))
		teach_out("%s: child %ld was stopped by signal %d, %s (WIFSTOPPED, WSTOPSIG)\n",
			  who, (long)pid, WSTOPSIG(ws), narrate_signal_name(WSTOPSIG(ws)));
	else if (WIFCONTINUED(ws))
		teach_out("%s: child %ld was continued (WIFCONTINUED)\n", who, (long)pid);
}

/* ---------------------------------------------------------------------
 * The default tour: N children.
 * --------------------------------------------------------------------- */

static int tour(int n)
{
	pid_t kids[MAX_CHILDREN];
	int made = 0, status = 0;

	whoami("parent");
	for (int i = 0; i < n && !teach_interrupted(); i++) {
		pid_t pid = teach_fork();

		if (pid < 0) {
			status = 1;
			break;
		}
		if (pid == 0) {
			char who[32];

			snprintf(who, sizeof(who), "child %d", i + 1);
			whoami(who);
			child_exit(i + 1);
		}
		kids[made++] = pid;
	}
	for (int i = 0; i < made && !teach_interrupted(); i++) {
		int ws;

		if (teach_wait(kids[i], &ws, 0) < 0)
			break;
		report_status("parent", kids[i], ws);
	}
	return status;
}

/* ---------------------------------------------------------------------
 * --tree: a chain of generations, each the child of the one before.
 * --------------------------------------------------------------------- */

static int tree(int depth)
{
	pid_t parent = getpid();
	int counter = 0;

	teach_out("generation 0: PID %ld, PPID %ld, counter %d\n",
		  (long)getpid(), (long)getppid(), counter);
	for (int gen = 1; gen <= depth; gen++) {
		pid_t pid = teach_fork();
		int ws;

		if (pid < 0) {
			if (gen == 1)
				return 1;
			child_exit(1);
		}
		if (pid > 0) {
			if (teach_wait(pid, &ws, 0) < 0) {
				if (gen == 1)
					return 1;
				child_exit(1);
			}
			char who[32];

			snprintf(who, sizeof(who), "generation %d", gen - 1);
			report_status(who, pid, ws);
			if (gen == 1)
				return 0;
			child_exit(WIFEXITED(ws) ? WEXITSTATUS(ws) : 1);
		}
		/* The child: one generation further, a copy of the counter. */
		int r = prctl(PR_SET_PDEATHSIG, SIGKILL);

		narrate(NR_prctl, r, "PR_SET_PDEATHSIG, SIGKILL\tif my parent dies, so do I: no stray generation");
		if (getppid() != parent)	/* it died before the prctl */
			teach_child_exit(1);
		parent = getpid();
		counter++;
		teach_out("generation %d: PID %ld, PPID %ld, counter %d\n", gen,
			  (long)getpid(), (long)getppid(), counter);
	}
	child_exit(0);
}

/* ---------------------------------------------------------------------
 * --exec CMD...: fork, execvp in the child, waitpid in the parent.
 * --------------------------------------------------------------------- */

static void exec_hint(int err)
{
	switch (err) {
	case ENOENT:
		bi_hint("ENOENT: no program of that name in any directory of PATH (echo $PATH), or the path does not exist; the child exits 127");
		break;
	case EACCES:
		bi_hint("EACCES: the file exists but is not executable (chmod +x), or a directory on its path is not searchable; the child exits 126");
		break;
	case ENOEXEC:
		bi_hint("ENOEXEC: the file is neither a program the kernel can load nor a script with #!");
		break;
	case E2BIG:
		bi_hint("E2BIG: the arguments and environment are too long");
		break;
	}
}

static int run_exec(char **cmd)
{
	pid_t pid;
	int ws;

	pid = teach_fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		char args[1024];
		const char *path = exec_path_search(cmd[0]);
		size_t len = 0;

		args[0] = '\0';
		for (char **a = cmd; *a && len < sizeof(args); a++)
			len += (size_t)snprintf(args + len, sizeof(args) - len,
						"%s\"%s\"", a == cmd ? "" : ", ", *a);
		narrate(NR_execve, NARRATE_NORESULT,
			"\"%s\", [%s], envp\tthe child becomes %s; nothing after this runs if it works",
			path ? path : cmd[0], args, cmd[0]);
		environ = var_environ();
		execvp(cmd[0], cmd);

		int err = errno;

		narrate(NR_execvp, -1, "\"%s\", [%s]", cmd[0], args);
		errno = err;
		bi_error_errno("%s", cmd[0]);
		exec_hint(err);
		child_exit(err == ENOENT ? 127 : 126);
	}
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	report_status("parent", pid, ws);
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
		teach_out("parent: 127: the exec failed, the program was not found\n");
		return 1;
	}
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 126) {
		teach_out("parent: 126: the exec failed, the program could not be run\n");
		return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * --status: exited, killed, stopped and continued, and WNOHANG.
 * --------------------------------------------------------------------- */

/* A child that waits for signals: pause(2) forever. */
static pid_t paused_child(void)
{
	pid_t pid = teach_fork();

	if (pid == 0) {
		narrate(NR_pause, NARRATE_NORESULT, "\twaits for a signal");
		for (;;)
			pause();
	}
	return pid;
}

static int status_demo(void)
{
	struct procview_proc p;
	pid_t pid;
	int ws, polls = 0;

	/* 1. An exit code. */
	teach_out("1. a child that exits with a code\n");
	pid = teach_fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		child_exit(3);
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	teach_out("status: child %ld: WIFEXITED %s, WEXITSTATUS %d\n", (long)pid,
		  WIFEXITED(ws) ? "true" : "false", WEXITSTATUS(ws));

	/* 2. Killed by a signal. */
	teach_out("2. a child killed by a signal\n");
	pid = paused_child();
	if (pid < 0)
		return 1;
	await_state(pid, "S", &p);
	if (teach_interrupted() || send_signal(pid, SIGTERM, "its default action ends the process") < 0)
		return 1;
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	teach_out("status: child %ld: WIFEXITED %s, WIFSIGNALED %s, WTERMSIG %d (%s)\n",
		  (long)pid, WIFEXITED(ws) ? "true" : "false",
		  WIFSIGNALED(ws) ? "true" : "false",
		  WIFSIGNALED(ws) ? WTERMSIG(ws) : 0,
		  WIFSIGNALED(ws) ? narrate_signal_name(WTERMSIG(ws)) : "-");

	/* 3. Stopped, continued, killed. */
	teach_out("3. a child stopped, continued, then killed\n");
	pid = paused_child();
	if (pid < 0)
		return 1;
	await_state(pid, "S", &p);
	if (teach_interrupted() || send_signal(pid, SIGSTOP, "stop it: it cannot catch or ignore SIGSTOP") < 0)
		return 1;
	if (teach_wait(pid, &ws, WUNTRACED) < 0)
		return 1;
	teach_out("status: child %ld: WIFSTOPPED %s, WSTOPSIG %d (%s)\n", (long)pid,
		  WIFSTOPPED(ws) ? "true" : "false",
		  WIFSTOPPED(ws) ? WSTOPSIG(ws) : 0,
		  WIFSTOPPED(ws) ? narrate_signal_name(WSTOPSIG(ws)) : "-");
	if (procview_proc(pid, &p) == 0)
		teach_out("kernel: /proc/%ld/stat: state %c (%s)\n", (long)pid,
			  p.state, procview_state_name(p.state));
	if (send_signal(pid, SIGCONT, "let it go on") < 0)
		return 1;
	if (teach_wait(pid, &ws, WCONTINUED) < 0)
		return 1;
	teach_out("status: child %ld: WIFCONTINUED %s\n", (long)pid,
		  WIFCONTINUED(ws) ? "true" : "false");
	if (teach_interrupted() || send_signal(pid, SIGKILL, "end it: SIGKILL cannot be caught") < 0)
		return 1;
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	teach_out("status: child %ld: WIFSIGNALED %s, WTERMSIG %d (%s)\n", (long)pid,
		  WIFSIGNALED(ws) ? "true" : "false",
		  WIFSIGNALED(ws) ? WTERMSIG(ws) : 0,
		  WIFSIGNALED(ws) ? narrate_signal_name(WTERMSIG(ws)) : "-");

	/* 4. Polling with WNOHANG. */
	teach_out("4. polling with WNOHANG while the child works\n");
	pid = teach_fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		int r = poll(NULL, 0, 300);

		narrate(NR_poll, r, "NULL, 0, 300\tthe child works for 300 ms");
		child_exit(0);
	}
	for (;;) {
		pid_t r = teach_wait(pid, &ws, WNOHANG);

		if (r < 0)
			return 1;
		if (r == pid)
			break;
		polls++;
		if (polls > 100 || teach_interrupted())
			return 1;
		int pr = poll(NULL, 0, 100);

		narrate(NR_poll, pr, "NULL, 0, 100\tthe parent is free to do other work meanwhile");
		if (teach_interrupted())
			return 1;
	}
	teach_out("status: child %ld: WNOHANG returned 0 %d times, then WIFEXITED %s, WEXITSTATUS %d\n",
		  (long)pid, polls, WIFEXITED(ws) ? "true" : "false", WEXITSTATUS(ws));
	return 0;
}

/* ---------------------------------------------------------------------
 * --zombie: the child exits, the parent waits late.
 * --------------------------------------------------------------------- */

static int zombie(void)
{
	struct procview_proc p;
	pid_t pid;
	int ws, r;

	pid = teach_fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		whoami("child");
		child_exit(0);
	}
	if (!await_state(pid, "Z", &p)) {
		if (teach_interrupted())
			return 1;
		return bi_error("%ld: never seen in state Z", (long)pid);
	}
	r = kill(pid, 0);
	narrate(NR_kill, r, "%ld, 0\tthe PID still exists: a zombie keeps it until it is reaped",
		(long)pid);
	teach_out("kernel: /proc/%ld/stat: state %c (%s), PPID %ld\n", (long)pid,
		  p.state, procview_state_name(p.state), (long)p.ppid);
	if (teach_interrupted())
		return 1;
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	report_status("parent", pid, ws);
	if (procview_proc(pid, &p) < 0)
		teach_out("kernel: /proc/%ld: gone, waitpid reaped the zombie\n", (long)pid);
	else
		teach_out("kernel: /proc/%ld/stat: state %c, still there\n", (long)pid, p.state);
	r = kill(pid, 0);
	narrate(NR_kill, r, "%ld, 0\tno such process any more", (long)pid);
	return 0;
}

/* ---------------------------------------------------------------------
 * --orphan: the middle child exits first; the grandchild is adopted.
 * --------------------------------------------------------------------- */

/* The grandchild: wait to be orphaned, say so, then wait for the demo to
 * close DOWN, and end. */
_Noreturn static void grandchild(pid_t middle, int up, int down)
{
	char c;

	whoami("grandchild");
	if (write_pid(up, getpid(), "tells the demo my PID") < 0)
		teach_child_exit(1);
	for (int i = 0; i < 1000 && getppid() == middle; i++)
		teach_sleep(10);

	pid_t ppid = getppid();

	narrate(NR_getppid, ppid, "\tmy parent %ld has exited: I was adopted", (long)middle);
	teach_out("grandchild: PPID was %ld, now %ld\n", (long)middle, (long)ppid);
	while (read(down, &c, 1) > 0 || errno == EINTR)
		;
	child_exit(0);
}

static int orphan(void)
{
	struct procview_proc p, reaper;
	int up[2], down[2], ws, status = 1;
	pid_t middle, grand = -1;
	char c = 'x';

	if (make_pipe(up, "the grandchild's PID comes up this pipe") < 0)
		return 1;
	if (make_pipe(down, "the demo releases the middle child and the grandchild") < 0) {
		close_fd(up[0], "");
		close_fd(up[1], "");
		return 1;
	}
	middle = teach_fork();
	if (middle == 0) {
		pid_t pid;

		close_fd(up[0], "the middle child keeps the write end");
		close_fd(down[1], "and the read end");
		whoami("middle child");
		pid = teach_fork();
		if (pid < 0)
			child_exit(1);
		if (pid == 0)
			grandchild(getppid(), up[1], down[0]);
		/* Wait for the demo's go, then leave the grandchild behind. */
		while (read(down[0], &c, 1) < 0 && errno == EINTR)
			;
		narrate(NR_read, 1, "%d, \"x\", 1\tthe demo says: go", down[0]);
		child_exit(0);
	}
	close_fd(up[1], "the parent keeps the read end");
	close_fd(down[0], "and the write end");
	if (middle < 0)
		goto out;
	grand = read_pid(up[0], "the grandchild's PID");
	if (grand <= 0)
		goto out;
	cleanup_add(CLEAN_PROCESS, CLEAN_DEMO, grand, NULL);
	if (procview_proc(grand, &p) == 0)
		teach_out("kernel: /proc/%ld/stat: PPID %ld, the middle child\n",
			  (long)grand, (long)p.ppid);
	ssize_t n = write(down[1], &c, 1);

	narrate(NR_write, n, "%d, \"x\", 1\tlet the middle child exit first", down[1]);
	if (n != 1 || teach_wait(middle, &ws, 0) < 0)
		goto out;
	report_status("parent", middle, ws);
	if (!await_new_parent(grand, middle, &p)) {
		if (!teach_interrupted())
			bi_error("%ld: its parent never changed", (long)grand);
		goto out;
	}
	if (procview_proc(p.ppid, &reaper) < 0)
		snprintf(reaper.comm, sizeof(reaper.comm), "?");
	teach_out("kernel: /proc/%ld/stat: PPID %ld (%s), no longer %ld: the orphan was adopted\n",
		  (long)grand, (long)p.ppid, reaper.comm, (long)middle);
	if (p.ppid == 1)
		teach_out("note: adopted by init, PID 1, which will reap it\n");
	else
		teach_out("note: adopted by PID %ld, a subreaper (prctl PR_SET_CHILD_SUBREAPER), not by init: the nearest ancestor that asked to reap orphans\n",
			  (long)p.ppid);
	/* Give the grandchild time to say so itself, then release it. */
	teach_sleep(100);
	close_fd(down[1], "end of file for the grandchild: it exits");
	down[1] = -1;
	/* Its new parent reaps it; we can only watch. */
	for (int i = 0; i < 300; i++) {
		if (procview_proc(grand, &p) < 0 || p.state == 'Z' ||
		    teach_sleep(10) < 0)
			break;
	}
	if (procview_proc(grand, &p) < 0)
		teach_out("kernel: /proc/%ld: gone, reaped by its new parent\n", (long)grand);
	else
		teach_out("kernel: /proc/%ld/stat: state %c (%s), up to PID %ld to reap\n",
			  (long)grand, p.state, procview_state_name(p.state), (long)p.ppid);
	if (p.state == 'Z' || procview_proc(grand, &p) < 0)
		cleanup_forget(CLEAN_PROCESS, grand, NULL);
	status = 0;
out:
	close_fd(up[0], "");
	if (down[1] >= 0)
		close_fd(down[1], "");
	return status;
}

/* ---------------------------------------------------------------------
 * --cow: copy-on-write.
 * --------------------------------------------------------------------- */

static volatile int cow_value = 1;

static int cow(void)
{
	pid_t pid;
	int ws;

	teach_out("parent: value = %d at %p\n", cow_value, (void *)&cow_value);
	pid = teach_fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		cow_value = 42;
		teach_out("child: value = %d at %p (changed in the child)\n",
			  cow_value, (void *)&cow_value);
		child_exit(0);
	}
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	teach_out("parent: value = %d at %p (unchanged: the same virtual address, but the child wrote to its own copy of the page)\n",
		  cow_value, (void *)&cow_value);
	return 0;
}

/* ---------------------------------------------------------------------
 * --shared-offset: one open file description, two processes.
 * --------------------------------------------------------------------- */

static long offset_now(int fd, const char *note)
{
	off_t off = lseek(fd, 0, SEEK_CUR);

	narrate(NR_lseek, (long)off, "%d, 0, SEEK_CUR\t%s", fd, note);
	return (long)off;
}

static int write_line(int fd, const char *line)
{
	size_t len = strlen(line);
	ssize_t n = write(fd, line, len);

	narrate(NR_write, n, "%d, \"%.*s\\n\", %zu", fd, (int)len - 1, line, len);
	return n == (ssize_t)len ? 0 : -1;
}

static int shared_offset(void)
{
	char path[4096], line[128], flags[96], content[1024];
	long before, after;
	pid_t pid;
	int fd, ws, status = 1;
	ssize_t n;

	snprintf(line, sizeof(line), "fork-demo-offset.%ld.txt", (long)getpid());
	if (!rundir_path(line, path, sizeof(path)))
		return bi_error_errno("runtime directory");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	narrate(NR_open, fd, "\"%s\", %s, 0600\tone open file description", path,
		narrate_open_flags(O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
				   flags, sizeof(flags)));
	if (fd < 0)
		return bi_error_errno("open %s", path);
	cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, path);
	snprintf(line, sizeof(line), "1 parent %ld, before fork\n", (long)getpid());
	if (write_line(fd, line) < 0)
		goto out;
	before = offset_now(fd, "the parent's offset");
	teach_out("parent: offset %ld before fork\n", before);
	pid = teach_fork();
	if (pid < 0)
		goto out;
	if (pid == 0) {
		long off = offset_now(fd, "the same offset: the fd was inherited");

		teach_out("child: offset %ld, inherited\n", off);
		snprintf(line, sizeof(line), "2 child %ld, after fork\n", (long)getpid());
		if (write_line(fd, line) < 0)
			child_exit(1);
		off = offset_now(fd, "moved by the child's write");
		teach_out("child: offset %ld after its write\n", off);
		child_exit(0);
	}
	if (teach_wait(pid, &ws, 0) < 0)
		goto out;
	after = offset_now(fd, "moved by the child: the offset is shared");
	teach_out("parent: offset %ld after the child's write (was %ld)\n", after, before);
	snprintf(line, sizeof(line), "3 parent %ld, after wait\n", (long)getpid());
	if (write_line(fd, line) < 0)
		goto out;
	off_t r = lseek(fd, 0, SEEK_SET);

	narrate(NR_lseek, (long)r, "%d, 0, SEEK_SET\tback to the start, to read it", fd);
	n = read(fd, content, sizeof(content) - 1);
	narrate(NR_read, n, "%d, buf, %zu", fd, sizeof(content) - 1);
	if (n < 0) {
		bi_error_errno("read %s", path);
		goto out;
	}
	content[n] = '\0';
	teach_out("file %s:\n%s", path, content);
	status = 0;
out:
	close_fd(fd, "");
	int u = unlink(path);

	narrate(NR_unlink, u, "\"%s\"", path);
	if (u == 0)
		cleanup_forget(CLEAN_PATH, -1, path);
	return status;
}

/* ---------------------------------------------------------------------
 * --daemon: the classic double fork.
 * --------------------------------------------------------------------- */

/* Is process PID an entry of the shell's cleanup registry? */
static bool registered(pid_t pid)
{
	struct clean_entry *list;
	size_t n = cleanup_shell_list(&list);
	bool found = false;

	for (size_t i = 0; i < n; i++)
		if (list[i].kind == CLEAN_PROCESS && list[i].id == pid)
			found = true;
	free(list);
	return found;
}

/* "RUNDIR/fork-demo-daemon.PID.log" */
static char *daemon_log(pid_t pid, char *buf, size_t n)
{
	char name[64];

	snprintf(name, sizeof(name), "fork-demo-daemon.%ld.log", (long)pid);
	return rundir_path(name, buf, n);
}

/*
 * The daemon's life: a heartbeat line every second.  It is on a leash:
 * it ends by itself (removing its log) when the shell is gone without
 * having stopped it, or when it is not in the shell's registry (the demo
 * was interrupted before recording it, or its entry was removed).
 */
_Noreturn static void heartbeat(int log, const char *path,
				unsigned long long shell_start, unsigned grace)
{
	bool seen = false;
	pid_t self = getpid();

	for (unsigned beat = 1;; beat++) {
		char line[128];
		struct timespec t = { 1, 0 };
		int len = snprintf(line, sizeof(line), "heartbeat %u: PID %ld, PPID %ld, SID %ld\n",
				   beat, (long)self, (long)getppid(), (long)getsid(0));

		if (write(log, line, (size_t)len) < 0)
			break;
		while (nanosleep(&t, &t) < 0 && errno == EINTR)
			;
		if (cleanup_start_time(shell.pid) != shell_start)
			break;
		if (registered(self))
			seen = true;
		else if (seen || beat > grace)
			break;
	}
	unlink(path);
	cleanup_forget(CLEAN_PROCESS, self, NULL);
	cleanup_forget(CLEAN_PATH, -1, path);
	_exit(0);
}

/* Close every fd above 2 but KEEP1 and KEEP2, narrated. */
static void close_inherited(int keep1, int keep2)
{
	int fds[256], n = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) && n < 256) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd > 2 && fd != keep1 && fd != keep2 &&
		    fd != dirfd(d))
			fds[n++] = fd;
	}
	closedir(d);
	for (int i = 0; i < n; i++) {
		char target[128];

		narrate_fd_target(0, fds[i], target, sizeof(target));
		close_fd(fds[i], target);
	}
}

/* The second child, the daemon: report, detach the narration, beat. */
_Noreturn static void daemon_second_child(int up, int nfd,
					  unsigned long long shell_start,
					  unsigned grace)
{
	char path[4096], flags[96];
	pid_t pid = getpid(), ppid = getppid(), sid = getsid(0);
	int log;

	narrate(NR_getpid, pid, "\tthe daemon");
	narrate(NR_getppid, ppid, "\t%s", ppid == sid ? "the first child, about to exit"
		: "the first child has exited: I was adopted");
	narrate(NR_getsid, sid, "0\tthe first child's session: I do not lead it, so no terminal can ever become mine");
	if (!daemon_log(pid, path, sizeof(path)))
		teach_child_exit(1);
	log = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	narrate(NR_open, log, "\"%s\", %s, 0600\tthe heartbeat log", path,
		narrate_open_flags(O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC,
				   flags, sizeof(flags)));
	if (log < 0)
		teach_child_exit(1);
	if (write_pid(up, pid, "tells the demo my PID") < 0) {
		unlink(path);
		teach_child_exit(1);
	}
	close_fd(up, "");
	/* After this close nothing the daemon says can reach the class. */
	narrate(NR_close, NARRATE_NORESULT, "%d\tthe narration's copy of stderr; from now on the daemon writes only to its log", nfd);
	close(nfd);
	narrate_set_fd(STDERR_FILENO);
	narrate_set_quiet(true);
	heartbeat(log, path, shell_start, grace);
}

/* The first child: a new session, no terminal, then the second fork. */
_Noreturn static void daemon_first_child(int up, unsigned long long shell_start,
					 unsigned grace)
{
	char note[200];
	int nfd, r, null;
	pid_t pid;
	mode_t old;

	pid = setsid();
	narrate(NR_setsid, pid, "\ta new session and process group, both %ld: no controlling terminal",
		(long)pid);
	if (pid < 0)
		child_exit(1);
	old = umask(0);
	narrate(NR_umask, (long)old, "0\tthe old mask, %03o in octal: now files get exactly the mode asked for",
		(unsigned)old);
	r = chdir("/");
	narrate(NR_chdir, r, "\"/\"\tkeeps no directory busy (a file system could not be unmounted)");
	/* The class should still see what the daemon does: narrate on a
	 * copy of stderr until it is set up, then close that too. */
	nfd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 10);
	narrate(NR_fcntl, nfd, "2, F_DUPFD_CLOEXEC, 10\ta copy of stderr for this narration only");
	if (nfd >= 0)
		narrate_set_fd(nfd);
	for (int fd = 0; fd <= 2; fd++)
		close_fd(fd, fd == 0 ? "stdin" : fd == 1 ? "stdout" : "stderr");
	null = open("/dev/null", O_RDWR);
	narrate(NR_open, null, "\"/dev/null\", O_RDWR\tthe lowest free fd: the new stdin");
	for (int fd = 1; fd <= 2; fd++) {
		r = dup2(null, fd);
		narrate(NR_dup2, r, "%d, %d\t%s -> /dev/null", null, fd,
			fd == 1 ? "stdout" : "stderr");
	}
	close_inherited(up, nfd);
	pid = teach_fork();
	if (pid < 0)
		child_exit(1);
	if (pid == 0)
		daemon_second_child(up, nfd, shell_start, grace);
	snprintf(note, sizeof(note), "the session leader leaves; its child %ld is the daemon", (long)pid);
	narrate(NR__exit, NARRATE_NORESULT, "0\t%s", note);
	teach_child_exit(0);
}

/* Stop the daemon of the registry entry PROC, whose log is LOG. */
static void daemon_remove(const struct clean_entry *proc, const struct clean_entry *log)
{
	if (cleanup_alive(proc))
		cleanup_remove(proc, "--stop: the daemon of this shell ends");
	cleanup_forget(CLEAN_PROCESS, proc->id, NULL);
	if (log) {
		if (cleanup_alive(log))
			cleanup_remove(log, "--stop: its log goes too");
		cleanup_forget(CLEAN_PATH, -1, log->name);
	}
}

/* A process PID that is not ours: kill it now, and its log. */
static void daemon_kill_now(pid_t pid)
{
	struct clean_entry proc = { .kind = CLEAN_PROCESS, .id = pid };
	struct clean_entry log = { .kind = CLEAN_PATH, .id = -1 };

	proc.start = cleanup_start_time(pid);
	if (!daemon_log(pid, log.name, sizeof(log.name)))
		log.name[0] = '\0';
	daemon_remove(&proc, log.name[0] ? &log : NULL);
}

/*
 * The demo was interrupted before the daemon's PID came: end the first
 * child, then every process left in its process group (the daemon, if it
 * was forked), with its log.
 */
static void daemon_abort(pid_t first)
{
	struct procview_proc *all;
	ssize_t n;
	int r = kill(first, SIGKILL);

	narrate(NR_kill, r, "%ld, SIGKILL\tthe first child: it forks no more", (long)first);
	if (r == 0)
		teach_wait(first, NULL, 0);
	n = procview_procs(&all);
	for (ssize_t i = 0; i < n; i++)
		if (all[i].pgid == first && all[i].pid != first)
			daemon_kill_now(all[i].pid);
	if (n >= 0)
		free(all);
}

static int daemon_start(void)
{
	unsigned long long shell_start = cleanup_start_time(shell.pid);
	unsigned grace = 5 + 2 * (teach.slow_ms + 999) / 1000;
	struct procview_proc p, reaper;
	char path[4096], tty[32];
	int up[2], ws, status = 1;
	pid_t first, pid = -1;

	if (!rundir()) {
		bi_error_errno("runtime directory");
		bi_hint("the daemon's log goes in the private runtime directory ($XDG_RUNTIME_DIR/labsh), which could not be made");
		return 1;
	}
	whoami("parent");
	if (make_pipe(up, "the daemon's PID comes up this pipe") < 0)
		return 1;
	first = teach_fork();
	if (first == 0) {
		close_fd(up[0], "");
		daemon_first_child(up[1], shell_start, grace);
	}
	close_fd(up[1], "");
	if (first < 0)
		goto out;
	pid = read_pid(up[0], "the daemon's PID");
	if (pid <= 0)
		goto out;
	/* Recorded at once: the shell's exit or --stop ends it. */
	daemon_log(pid, path, sizeof(path));
	cleanup_add(CLEAN_PATH, CLEAN_SHELL, -1, path);
	cleanup_add(CLEAN_PROCESS, CLEAN_SHELL, pid, NULL);
	if (teach_wait(first, &ws, 0) < 0)
		goto out;
	report_status("parent", first, ws);
	if (procview_proc(pid, &p) < 0) {
		bi_error("daemon %ld: gone already", (long)pid);
		goto out;
	}
	if (procview_proc(p.ppid, &reaper) < 0)
		snprintf(reaper.comm, sizeof(reaper.comm), "?");
	teach_out("daemon: PID %ld, PPID %ld (%s): adopted when the first child %ld exited\n",
		  (long)pid, (long)p.ppid, reaper.comm, (long)first);
	teach_out("daemon: SID %ld, PGID %ld: not a session leader (SID is not its PID)\n",
		  (long)p.sid, (long)p.pgid);
	teach_out("daemon: tty_nr %d in /proc/%ld/stat: %s\n", p.tty_nr, (long)pid,
		  p.tty_nr == 0 ? "no controlling terminal"
		  : procview_tty_name(p.tty_nr, tty, sizeof(tty)));
	teach_out("daemon: log %s, a heartbeat line every second\n", path);
	teach_out("daemon: 'fork-demo --daemon --stop' stops it, and so does the shell's exit\n");
	status = 0;
out:
	close_fd(up[0], "");
	if (status != 0 && pid <= 0 && first > 0)
		daemon_abort(first);
	if (status != 0 && pid > 0)
		daemon_kill_now(pid);
	return status;
}

/* --daemon --stop: every daemon this shell started, by the registry. */
static int daemon_stop(void)
{
	struct clean_entry *list;
	size_t n = cleanup_shell_list(&list);
	int stopped = 0;

	for (size_t i = 0; i < n; i++) {
		const struct clean_entry *log = NULL;
		char path[4096];

		if (list[i].kind != CLEAN_PROCESS ||
		    !daemon_log((pid_t)list[i].id, path, sizeof(path)))
			continue;
		for (size_t j = 0; j < n; j++)
			if (list[j].kind == CLEAN_PATH && !strcmp(list[j].name, path))
				log = &list[j];
		if (!log)	/* not a fork-demo daemon */
			continue;
		bool alive = cleanup_alive(&list[i]);

		daemon_remove(&list[i], log);
		teach_out("daemon %ld: %s, %s removed\n", list[i].id,
			  alive ? "stopped" : "had ended already", path);
		stopped++;
	}
	free(list);
	if (!stopped)
		teach_out("no daemon of this shell to stop\n");
	return 0;
}

/* ---------------------------------------------------------------------
 * Options.
 * --------------------------------------------------------------------- */

enum demo { TOUR, TREE, EXEC, STATUS, ZOMBIE, ORPHAN, COW, OFFSET, DAEMON };

static const char *const demo_option[] = {
	[TOUR] = "-n", [TREE] = "--tree", [EXEC] = "--exec",
	[STATUS] = "--status", [ZOMBIE] = "--zombie", [ORPHAN] = "--orphan",
	[COW] = "--cow", [OFFSET] = "--shared-offset", [DAEMON] = "--daemon",
};

/* ARG as a number from LO to HI, or -1. */
static int number(const char *arg, int lo, int hi)
{
	long v;

	return teach_number(arg, 10, lo, hi, &v) ? (int)v : -1;
}

static int fork_demo_main(int argc, char **argv)
{
	enum { OPT_TREE = 256, OPT_EXEC, OPT_STATUS, OPT_ZOMBIE, OPT_ORPHAN,
	       OPT_COW, OPT_OFFSET, OPT_DAEMON, OPT_STOP };
	static const struct option longopts[] = {
		{ "children", required_argument, NULL, 'n' },
		{ "tree", optional_argument, NULL, OPT_TREE },
		{ "exec", no_argument, NULL, OPT_EXEC },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "zombie", no_argument, NULL, OPT_ZOMBIE },
		{ "orphan", no_argument, NULL, OPT_ORPHAN },
		{ "cow", no_argument, NULL, OPT_COW },
		{ "shared-offset", no_argument, NULL, OPT_OFFSET },
		{ "daemon", no_argument, NULL, OPT_DAEMON },
		{ "stop", no_argument, NULL, OPT_STOP },
		{ NULL, 0, NULL, 0 },
	};
	enum demo demo = TOUR;
	bool chosen = false, stop = false;
	int n = 1, depth = DEFAULT_DEPTH, c;
	char **cmd = NULL;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	while (!cmd && (c = getopt_long(argc, argv, "+:n:", longopts, NULL)) != -1) {
		enum demo which;
		const char *v;

		switch (c) {
		case 'n':
			which = TOUR;
			n = number(optarg, 1, MAX_CHILDREN);
			if (n < 0)
				return teach_end(bi_usage("-n: %s: the number of children must be 1 to %d",
							  optarg, MAX_CHILDREN));
			break;
		case OPT_TREE:
			which = TREE;
			v = optarg;
			/* "--tree 4" as well as "--tree=4"; "--tree" alone: 3 */
			if (!v && optind < argc && argv[optind][0] != '-')
				v = argv[optind++];
			if (v && (depth = number(v, 1, MAX_DEPTH)) < 0)
				return teach_end(bi_usage("--tree: %s: the depth must be 1 to %d",
							  v, MAX_DEPTH));
			break;
		case OPT_EXEC:
			which = EXEC;
			if (optind < argc && !strcmp(argv[optind], "--"))
				optind++;
			if (optind >= argc)
				return teach_end(bi_usage("--exec: a command to run is required"));
			cmd = argv + optind;
			break;
		case OPT_STATUS: which = STATUS; break;
		case OPT_ZOMBIE: which = ZOMBIE; break;
		case OPT_ORPHAN: which = ORPHAN; break;
		case OPT_COW: which = COW; break;
		case OPT_OFFSET: which = OFFSET; break;
		case OPT_DAEMON: which = DAEMON; break;
		case OPT_STOP:
			stop = true;
			continue;
		case ':':
			return teach_end(bi_usage("%s: an argument is required",
						  argv[optind - 1]));
		default:
			return teach_end(bi_usage("%s: invalid option", argv[optind - 1]));
		}
		if (chosen && which != demo)
			return teach_end(bi_usage("%s and %s: one demo at a time",
						  demo_option[demo], demo_option[which]));
		demo = which;
		chosen = true;
	}
	if (!cmd && optind < argc)
		return teach_end(bi_usage("%s: unexpected argument", argv[optind]));
	if (stop && demo != DAEMON)
		return teach_end(bi_usage("--stop: only with --daemon"));

	switch (demo) {
	case TOUR: return teach_end(tour(n));
	case TREE: return teach_end(tree(depth));
	case EXEC: return teach_end(run_exec(cmd));
	case STATUS: return teach_end(status_demo());
	case ZOMBIE: return teach_end(zombie());
	case ORPHAN: return teach_end(orphan());
	case COW: return teach_end(cow());
	case OFFSET: return teach_end(shared_offset());
	case DAEMON: return teach_end(stop ? daemon_stop() : daemon_start());
	}
	return teach_end(2);
}

const struct builtin builtin_fork_demo = {
	.name = "fork-demo",
	.synopsis = "fork-demo [--step] [--slow MS] [--quiet] [-n N | --tree [DEPTH] | --status | --zombie | --orphan | --cow | --shared-offset | --daemon [--stop] | --exec CMD [ARG ...]]",
	.summary = "create processes with fork(2), run programs, reap them with waitpid(2)",
	.family = FAMILY_PROCESS,
	.see_also = "_exit(2) execve(2) fork(2) getpid(2) getppid(2) lseek(2) prctl(2) setsid(2) wait(2) waitpid(2) execvp(3) proc(5) credentials(7)",
	.syscalls = "fork getpid getppid waitpid execve execvp _exit kill pause poll prctl pipe2 read write close open lseek unlink setsid umask chdir dup2 fcntl getsid",
	.run = fork_demo_main,
};
