/*
 * pipe - pipes: pipe(2), fork(2), close(2), dup2(2), fcntl(2) F_GETPIPE_SZ.
 *
 * The lessons:
 *  - pipe(2) gives two fds, a read end and a write end, on one kernel
 *    buffer; fork(2) copies both into the child, so each side closes the
 *    end it does not use.  A read returns 0 (end of file) only when every
 *    write end, in every process, is closed: a reader that keeps its own
 *    copy of the write end waits forever.
 *  - the buffer is finite (65536 bytes by default, F_GETPIPE_SZ): a
 *    non-blocking write to a full pipe fails with EAGAIN;
 *  - a write with no read end left kills the writer with SIGPIPE, or fails
 *    with EPIPE when SIGPIPE is ignored;
 *  - a shell builds `a | b` with one pipe, two children and dup2(2).
 *
 * Every fd table shown is read from /proc/PID/fd (procview.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "narrate.h"
#include "procview.h"
#include "teach.h"

/* The shell keeps its own fds close-on-exec and at or above this number. */
#define PRIVATE_FD_MIN 10
#define CHUNK 4096			/* --capacity: bytes per write */
#define BENCH_CHUNK 65536		/* --bench: bytes per write and read */
#define BENCH_DEFAULT (256ULL << 20)
#define BENCH_MAX (4ULL << 30)

static const char *const default_wire[2][3] = {
	{ "ls", "/", NULL },
	{ "wc", "-l", NULL },
};

/* ---- the kernel's view --------------------------------------------- */

/* Append printf-style text to BUF (size N) at *LEN, cutting at the end. */
PRINTF_LIKE(4, 5)
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*len + 1 >= n)
		return;
	va_start(ap, fmt);
	r = vsnprintf(buf + *len, n - *len, fmt, ap);
	va_end(ap);
	if (r > 0)
		*len += (size_t)r < n - *len ? (size_t)r : n - *len - 1;
}

/*
 * Print the fd table of PID, WHO its role ("parent", "child 1"), WHEN the
 * moment ("after fork"), with one teach_out so that it never tears.  The
 * shell's own fds (close-on-exec, >= 10) are counted, not listed.  Fills
 * *ENDS (if not NULL) with a copy of the table for show_ends.
 */
static void show_fds(pid_t pid, const char *who, const char *when,
		     unsigned long inode, struct procview_fdtable *ends)
{
	struct procview_fdtable t;
	char buf[4096];
	size_t len = 0;
	int hidden = 0;

	if (procview_fds(pid, &t) < 0) {
		teach_out("fd table of %s %ld: cannot read /proc/%ld/fd: %s\n",
			  who, (long)pid, (long)pid, strerror(errno));
		return;
	}
	add(buf, sizeof(buf), &len, "fd table of %s %ld %s (/proc/%ld/fd):\n",
	    who, (long)pid, when, (long)pid);
	for (size_t i = 0; i < t.nfds; i++) {
		const struct procview_fd *f = &t.fds[i];
		const char *note = "";

		if (f->fd >= PRIVATE_FD_MIN && f->flags >= 0 &&
		    (f->flags & O_CLOEXEC)) {
			hidden++;
			continue;
		}
		if (f->kind == PROCVIEW_PIPE && f->inode == inode)
			note = (f->flags & O_ACCMODE) == O_RDONLY ?
			       "read end of the demo's pipe" :
			       "write end of the demo's pipe";
		if (*note)
			add(buf, sizeof(buf), &len, "  %3d %-2s %-22s %s\n",
			    f->fd, procview_mode_name(f->flags), f->target, note);
		else
			add(buf, sizeof(buf), &len, "  %3d %-2s %s\n", f->fd,
			    procview_mode_name(f->flags), f->target);
	}
	if (hidden)
		add(buf, sizeof(buf), &len,
		    "  (and %d fds of labsh's own, >= %d and close-on-exec: an exec closes them)\n",
		    hidden, PRIVATE_FD_MIN);
	teach_out("%s", buf);
	if (ends && ends->holders == NULL && t.nholders) {
		*ends = t;
		return;
	}
	procview_fds_free(&t);
}

/*
 * Who holds which end of pipe INODE, from the holders of table T (every
 * process we can read): the reason a read sees end of file or not.
 */
static void show_ends(struct procview_fdtable *t, unsigned long inode)
{
	char buf[1024];
	size_t len = 0;

	add(buf, sizeof(buf), &len, "pipe:[%lu] is held by", inode);
	for (int end = 0; end < 2; end++) {
		int want = end ? O_WRONLY : O_RDONLY, n = 0;

		add(buf, sizeof(buf), &len, "%s", end ? "; write ends: " :
		    " read ends: ");
		for (size_t i = 0; i < t->nholders; i++) {
			const struct procview_holder *h = &t->holders[i];

			if (h->inode != inode || h->accmode != want)
				continue;
			add(buf, sizeof(buf), &len, "%sPID %ld fd %d", n ? ", " : "",
			    (long)h->pid, h->fd);
			n++;
		}
		if (!n)
			add(buf, sizeof(buf), &len, "none");
	}
	teach_out("%s\n", buf);
	procview_fds_free(t);
	memset(t, 0, sizeof(*t));
}

/* The inode of the pipe behind our fd FD, from /proc/self/fd. */
static unsigned long pipe_inode(int fd)
{
	char target[64];
	unsigned long ino = 0;

	narrate_fd_target(0, fd, target, sizeof(target));
	sscanf(target, "pipe:[%lu]", &ino);
	return ino;
}

/* ---- small narrated calls ------------------------------------------- */

static int do_pipe(int fds[2], int flags)
{
	char target[64];
	int r = flags ? pipe2(fds, flags) : pipe(fds);

	if (r < 0) {
		int err = errno;

		if (flags)
			narrate(NR_pipe2, -1, "fds, O_NONBLOCK");
		else
			narrate(NR_pipe, -1, "fds");
		errno = err;
		bi_error_errno("pipe");
		if (err == EMFILE)
			bi_hint("EMFILE: this process has as many fds open as its limit allows (ulimit -n)");
		else if (err == ENFILE)
			bi_hint("ENFILE: the system-wide limit on open files was reached");
		return -1;
	}
	narrate_fd_target(0, fds[0], target, sizeof(target));
	if (flags)
		narrate(NR_pipe2, r, "[%d, %d], O_NONBLOCK\tfd %d read end, fd %d write end, both on %s",
			fds[0], fds[1], fds[0], fds[1], target);
	else
		narrate(NR_pipe, r, "[%d, %d]\tfd %d read end, fd %d write end, both on %s",
			fds[0], fds[1], fds[0], fds[1], target);
	return 0;
}

static void do_close(int fd, const char *why)
{
	int r = close(fd);

	narrate(NR_close, r, "%d\t%s", fd, why);
}

/* Wait for a child, narrated; the child is known to exist. */
static int reap(pid_t pid, int *ws)
{
	int dummy;

	return teach_wait(pid, ws ? ws : &dummy, 0) < 0 ? -1 : 0;
}

/* The child stops itself so that the parent can read its fd table. */
static void stop_self(void)
{
	int r = raise(SIGSTOP);

	narrate(NR_raise, r, "SIGSTOP\tI was stopped until the parent had read my fd table and sent SIGCONT");
}

/* The parent waits for CHILD to stop (stop_self); -1 if it ended. */
static int wait_stopped(pid_t child)
{
	int ws = 0;

	if (teach_wait(child, &ws, WUNTRACED) < 0)
		return -1;
	return WIFSTOPPED(ws) ? 0 : -1;
}

static void cont(pid_t child)
{
	int r = kill(child, SIGCONT);

	narrate(NR_kill, r, "%ld, SIGCONT\tthe child goes on", (long)child);
}

/* ---- pipe: the tour -------------------------------------------------- */

/* S with newlines as \n, in BUF. */
static const char *escaped(const char *s, char *buf, size_t n)
{
	size_t len = 0;

	for (; *s; s++)
		add(buf, n, &len, "%s", *s == '\n' ? "\\n" : (char[]){ *s, 0 });
	if (len == 0)
		buf[0] = '\0';
	return buf;
}

static int tour(void)
{
	struct procview_fdtable ends = { 0 };
	char msg[600], buf[256];
	int fds[2], ws, status = 0;
	unsigned long ino;
	pid_t kid;
	ssize_t n;

	teach_out("parent: PID %ld\n", (long)getpid());
	if (do_pipe(fds, 0) < 0)
		return 1;
	ino = pipe_inode(fds[0]);
	show_fds(getpid(), "parent", "after pipe()", ino, NULL);

	kid = teach_fork();
	if (kid < 0) {
		close(fds[0]);
		close(fds[1]);
		return 1;
	}
	if (kid == 0) {
		/* the child writes */
		stop_self();
		do_close(fds[0], "the writer closes its copy of the read end: a write with no read end left would get SIGPIPE, not hang");
		stop_self();
		for (int i = 1; i <= 2; i++) {
			int len = snprintf(msg, sizeof(msg),
					   "message %d from PID %ld\n", i,
					   (long)getpid());

			n = write(fds[1], msg, (size_t)len);
			narrate(NR_write, (long)n, "%d, \"message %d from PID %ld\\n\", %d\tinto the pipe's buffer",
				fds[1], i, (long)getpid(), len);
		}
		do_close(fds[1], "the last write end closes: the reader's next read returns 0 (end of file)");
		teach_child_exit(0);
	}

	teach_out("child: PID %ld (from another terminal: fds %ld)\n",
		  (long)kid, (long)kid);
	if (wait_stopped(kid) < 0)
		goto out;
	teach_out("after fork(2) both processes hold both ends:\n");
	show_fds(getpid(), "parent", "after fork()", ino, &ends);
	show_fds(kid, "child", "after fork()", ino, &ends);
	show_ends(&ends, ino);

	do_close(fds[1], "the reader closes its copy of the write end: otherwise its own fd keeps the pipe open for writing and read() never returns 0");
	cont(kid);
	if (teach_interrupted() || wait_stopped(kid) < 0)
		goto out;
	teach_out("after the closes each process holds one end:\n");
	show_fds(getpid(), "parent", "after close()", ino, &ends);
	show_fds(kid, "child", "after close()", ino, &ends);
	show_ends(&ends, ino);
	cont(kid);

	/* the parent reads until end of file */
	for (;;) {
		n = read(fds[0], buf, sizeof(buf) - 1);
		if (n < 0 && errno == EINTR && !teach_interrupted())
			continue;
		if (n > 0) {
			buf[n] = '\0';
			narrate(NR_read, (long)n, "%d, buf, %zu\t%zd bytes of data",
				fds[0], sizeof(buf) - 1, n);
			teach_out("parent read %zd bytes: \"%s\"%s\n", n,
				  escaped(buf, msg, sizeof(msg)),
				  memchr(buf, '\n', (size_t)n - 1) ?
				  "  (a pipe is a stream of bytes: two writes, one read)" : "");
			continue;
		}
		if (n == 0)
			narrate(NR_read, 0, "%d, buf, %zu\tend of file: no write end is open in any process",
				fds[0], sizeof(buf) - 1);
		else
			narrate(NR_read, -1, "%d, buf, %zu", fds[0], sizeof(buf) - 1);
		break;
	}
	if (teach_interrupted())
		goto out;
	if (reap(kid, &ws) < 0)
		status = 1;
	kid = 0;
out:
	do_close(fds[0], "done reading");
	if (kid > 0 && !teach_interrupted())
		status = 1;
	return status;
}

/* ---- pipe --capacity -------------------------------------------------- */

/* Write CHUNK-byte blocks to the non-blocking FD until EAGAIN; the count. */
static long fill(int fd, const char *buf, long already)
{
	long total = 0;

	while (!teach_interrupted()) {
		ssize_t n = write(fd, buf, CHUNK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				narrate(NR_write, -1, "%d, buf, %d\tthe pipe is full: %ld bytes are in it, nobody reads, and O_NONBLOCK says do not wait",
					fd, CHUNK, already + total);
			else
				narrate(NR_write, -1, "%d, buf, %d", fd, CHUNK);
			return errno == EAGAIN ? total : -1;
		}
		total += n;
		narrate(NR_write, (long)n, "%d, buf, %d\t%ld bytes in the pipe", fd,
			CHUNK, already + total);
	}
	return -1;
}

static int capacity(void)
{
	static char block[CHUNK];
	int fds[2], status = 1, size, newsize;
	long count;

	memset(block, 'x', sizeof(block));
	teach_out("one process, PID %ld: it writes and nobody reads\n",
		  (long)getpid());
	if (do_pipe(fds, O_NONBLOCK) < 0)
		return 1;
	size = fcntl(fds[1], F_GETPIPE_SZ);
	narrate(NR_fcntl, size, "%d, F_GETPIPE_SZ\tthe kernel's buffer for this pipe, in bytes",
		fds[1]);
	if (size < 0)
		goto out;
	count = fill(fds[1], block, 0);
	if (count < 0)
		goto out;
	teach_out("filled: %ld bytes written before EAGAIN; F_GETPIPE_SZ says %d%s\n",
		  count, size, count == size ? ": the same" : "");

	newsize = fcntl(fds[1], F_SETPIPE_SZ, 2 * size);
	if (newsize < 0) {
		int err = errno;

		narrate(NR_fcntl, -1, "%d, F_SETPIPE_SZ, %d", fds[1], 2 * size);
		errno = err;
		bi_error_errno("fcntl F_SETPIPE_SZ");
		if (err == EPERM)
			bi_hint("EPERM: only root may make a pipe larger than /proc/sys/fs/pipe-max-size, or past the per-user limit (pipe-user-pages-soft)");
		else if (err == EBUSY)
			bi_hint("EBUSY: the pipe holds more data than the new size would");
		goto out;
	}
	narrate(NR_fcntl, newsize, "%d, F_SETPIPE_SZ, %d\tthe new capacity: the %ld bytes in it stay",
		fds[1], 2 * size, count);
	size = fcntl(fds[1], F_GETPIPE_SZ);
	narrate(NR_fcntl, size, "%d, F_GETPIPE_SZ\tnew capacity", fds[1]);
	if (size < 0)
		goto out;
	{
		long more = fill(fds[1], block, count);

		if (more < 0)
			goto out;
		teach_out("filled again: %ld + %ld = %ld bytes before EAGAIN; F_GETPIPE_SZ says %d%s\n",
			  count, more, count + more, size,
			  count + more == size ? ": the same" : "");
	}
	status = 0;
out:
	do_close(fds[0], "the data still in the pipe is thrown away with its last fd");
	do_close(fds[1], "");
	return status;
}

/* ---- pipe --sigpipe --------------------------------------------------- */

static int sigpipe(void)
{
	static const char msg[] = "anybody there?\n";
	struct sigaction ign = { 0 }, dfl = { 0 }, old;
	char what[80];
	int fds[2], ws, status = 0, r;
	ssize_t n;
	pid_t kid;

	teach_out("parent: PID %ld\n", (long)getpid());
	if (do_pipe(fds, 0) < 0)
		return 1;
	do_close(fds[0], "the only read end is gone: nobody can ever read this pipe");

	kid = teach_fork();
	if (kid < 0) {
		close(fds[1]);
		return 1;
	}
	if (kid == 0) {
		sigemptyset(&dfl.sa_mask);
		dfl.sa_handler = SIG_DFL;
		r = sigaction(SIGPIPE, &dfl, NULL);
		narrate(NR_sigaction, r, "SIGPIPE, {SIG_DFL}, NULL\tthe default action of SIGPIPE: end the process");
		teach_out("child %ld: about to write to a pipe with no reader\n",
			  (long)getpid());
		n = write(fds[1], msg, sizeof(msg) - 1);
		/* not reached while SIGPIPE kills */
		narrate(NR_write, (long)n, "%d, \"anybody there?\\n\", %zu", fds[1],
			sizeof(msg) - 1);
		teach_child_exit(0);
	}
	teach_out("child: PID %ld\n", (long)kid);
	if (teach_wait(kid, &ws, 0) < 0) {
		status = 1;
		goto out;
	}
	teach_out("child %ld: %s: its write(2) never returned; the kernel sent SIGPIPE, whose default action ends the process\n",
		  (long)kid, narrate_wait_status(ws, what, sizeof(what)));
	if (teach_interrupted())
		goto out;

	/* The same write in the parent, with SIGPIPE ignored for a moment. */
	sigemptyset(&ign.sa_mask);
	ign.sa_handler = SIG_IGN;
	r = sigaction(SIGPIPE, &ign, &old);
	narrate(NR_sigaction, r, "SIGPIPE, {SIG_IGN}, &old\tignored for now (it was %s): the write fails instead",
		old.sa_handler == SIG_IGN ? "ignored already" :
		old.sa_handler == SIG_DFL ? "SIG_DFL" : "caught");
	if (r < 0) {
		status = 1;
		goto out;
	}
	n = write(fds[1], msg, sizeof(msg) - 1);
	narrate(NR_write, (long)n, "%d, \"anybody there?\\n\", %zu\t%s", fds[1],
		sizeof(msg) - 1, n < 0 && errno == EPIPE ?
		"no read end: the kernel sent SIGPIPE (ignored) and the call fails with EPIPE" : "");
	if (n < 0 && errno == EPIPE)
		teach_out("parent %ld: write returned -1 EPIPE (Broken pipe)\n",
			  (long)getpid());
	r = sigaction(SIGPIPE, &old, NULL);
	narrate(NR_sigaction, r, "SIGPIPE, &old, NULL\tthe disposition is back as it was");
out:
	do_close(fds[1], "");
	return status;
}

/* ---- pipe --wire ------------------------------------------------------ */

static void argv_text(char *const *av, char *buf, size_t n)
{
	size_t len = 0;

	add(buf, n, &len, "[");
	for (int i = 0; av[i]; i++)
		add(buf, n, &len, "%s\"%s\"", i ? ", " : "", av[i]);
	add(buf, n, &len, "]");
}

/* In child WHICH (0 writes, 1 reads): wire the pipe, stop, exec AV. */
_Noreturn static void wire_child(int which, int fds[2], char *const *av)
{
	char target[64], args[512];
	int to = which ? STDIN_FILENO : STDOUT_FILENO;
	int from = which ? fds[0] : fds[1];
	int r, err;

	r = dup2(from, to);
	narrate_fd_target(0, to, target, sizeof(target));
	narrate(NR_dup2, r, "%d, %d\t%s -> %s: %s", from, to,
		which ? "stdin" : "stdout", target,
		which ? "the program reads the pipe as its standard input" :
			"the program writes its standard output into the pipe");
	if (r < 0)
		teach_child_exit(126);
	do_close(fds[0], which ? "the original read end: fd 0 is a copy of it now" :
				 "the read end: this child only writes");
	do_close(fds[1], which ? "the write end: if it stayed open, this reader would never see end of file" :
				 "the original write end: fd 1 is a copy of it now");
	stop_self();
	argv_text(av, args, sizeof(args));
	narrate(NR_execvp, NARRATE_NORESULT, "\"%s\", %s\tthe fd table is kept across exec",
		av[0], args);
	execvp(av[0], av);
	err = errno;
	narrate(NR_execvp, -1, "\"%s\", %s", av[0], args);
	errno = err;
	bi_error_errno("execvp %s", av[0]);
	if (err == ENOENT)
		bi_hint("ENOENT: no program of that name in any directory of $PATH");
	else if (err == EACCES)
		bi_hint("EACCES: the file is not executable, or a directory on the way may not be searched");
	teach_child_exit(err == ENOENT ? 127 : 126);
}

static int wire(char *const *cmd1, char *const *cmd2)
{
	char what[80];
	int fds[2], ws, status = 0;
	pid_t kid[2] = { 0, 0 };
	int exited[2] = { 0, 0 };
	unsigned long ino;

	teach_out("parent (the shell): PID %ld, building: %s ... | %s ...\n",
		  (long)getpid(), cmd1[0], cmd2[0]);
	if (do_pipe(fds, 0) < 0)
		return 1;
	ino = pipe_inode(fds[0]);
	for (int i = 0; i < 2; i++) {
		kid[i] = teach_fork();
		if (kid[i] < 0) {
			status = 1;
			break;
		}
		if (kid[i] == 0)
			wire_child(i, fds, i ? cmd2 : cmd1);
	}
	do_close(fds[0], "the shell uses neither end: it closes both");
	do_close(fds[1], "if the shell kept the write end, the reader would wait for end of file forever");
	for (int i = 0; i < 2 && kid[i] > 0; i++) {
		char who[32];

		if (wait_stopped(kid[i]) < 0) {
			exited[i] = 1;
			continue;
		}
		snprintf(who, sizeof(who), "child %d (%s)", i + 1,
			 i ? cmd2[0] : cmd1[0]);
		show_fds(kid[i], who, "after dup2() and close()", ino, NULL);
	}
	for (int i = 0; i < 2; i++)
		if (kid[i] > 0 && !exited[i])
			cont(kid[i]);
	for (int i = 0; i < 2; i++) {
		if (kid[i] <= 0 || teach_interrupted())
			continue;
		if (teach_wait(kid[i], &ws, 0) < 0) {
			status = 1;
			continue;
		}
		teach_out("child %d (%s, PID %ld): %s\n", i + 1,
			  i ? cmd2[0] : cmd1[0], (long)kid[i],
			  narrate_wait_status(ws, what, sizeof(what)));
		/* the status of a pipeline is its last command's */
		if (i == 1)
			status = WIFEXITED(ws) ? WEXITSTATUS(ws) :
				 WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : 1;
	}
	return status;
}

/* ---- pipe --bench ----------------------------------------------------- */

static int bench(unsigned long long size)
{
	unsigned long long got = 0, writes = (size + BENCH_CHUNK - 1) / BENCH_CHUNK;
	struct timespec t0;
	char *buf;
	int fds[2], ws, status = 0, r;
	ssize_t n;
	pid_t kid;
	double secs;

	buf = xmalloc(BENCH_CHUNK);
	memset(buf, 'x', BENCH_CHUNK);
	teach_out("parent %ld reads and times; a child writes %llu bytes in %llu writes of at most %d\n",
		  (long)getpid(), size, writes, BENCH_CHUNK);
	if (do_pipe(fds, 0) < 0) {
		free(buf);
		return 1;
	}
	r = clock_gettime(CLOCK_MONOTONIC, &t0);
	narrate(NR_clock_gettime, r, "CLOCK_MONOTONIC, &t0\tthe clock starts");
	kid = teach_fork();
	if (kid < 0) {
		close(fds[0]);
		close(fds[1]);
		free(buf);
		return 1;
	}
	if (kid == 0) {
		unsigned long long left = size, i = 0;

		do_close(fds[0], "the writer needs no read end");
		while (left > 0) {
			size_t len = left < BENCH_CHUNK ? (size_t)left : BENCH_CHUNK;

			n = write(fds[1], buf, len);
			if (n < 0 && errno == EINTR)
				continue;
			i++;
			if (n < 0 || i == 1 || left == (size_t)n)
				narrate(NR_write, (long)n, "%d, buf, %zu\twrite %llu of %llu%s",
					fds[1], len, i, writes,
					i == 1 && writes > 2 ? " (the ones between are not narrated)" : "");
			if (n < 0)
				teach_child_exit(1);
			left -= (unsigned long long)n;
		}
		do_close(fds[1], "all written: the reader will see end of file");
		free(buf);
		teach_child_exit(0);
	}
	do_close(fds[1], "the reader closes its write end, or it would never see end of file");
	for (unsigned long long reads = 0; !teach_interrupted();) {
		n = read(fds[0], buf, BENCH_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		reads++;
		if (n <= 0 || reads == 1)
			narrate(NR_read, (long)n, "%d, buf, %d\t%s", fds[0], BENCH_CHUNK,
				n == 0 ? "end of file" :
				n > 0 ? "the first read (the ones between are not narrated)" : "");
		if (n <= 0) {
			if (n < 0)
				status = 1;
			break;
		}
		got += (unsigned long long)n;
	}
	secs = teach_seconds_since(&t0);
	narrate(NR_clock_gettime, 0, "CLOCK_MONOTONIC, &t1\tthe clock stops: %.3f s", secs);
	do_close(fds[0], "");
	if (!teach_interrupted()) {
		if (teach_wait(kid, &ws, 0) < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws))
			status = 1;
		if (got == size && status == 0)
			teach_out("%llu bytes in %.3f s: %.1f MB/s (MB = 10^6 bytes)\n",
				  got, secs, secs > 0 ? (double)got / secs / 1e6 : 0.0);
		else
			teach_out("read %llu of %llu bytes\n", got, size);
	}
	free(buf);
	return status;
}

/* ---- options ---------------------------------------------------------- */

static int pipe_main(int argc, char **argv)
{
	enum { TOUR, CAPACITY, SIGPIPE_DEMO, WIRE, BENCH } mode = TOUR;
	unsigned long long size = BENCH_DEFAULT;
	char *const *cmd1 = (char *const *)default_wire[0];
	char *const *cmd2 = (char *const *)default_wire[1];
	int i;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	i = 1;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i < argc) {
		const char *a = argv[i++];

		if (!strcmp(a, "--capacity"))
			mode = CAPACITY;
		else if (!strcmp(a, "--sigpipe"))
			mode = SIGPIPE_DEMO;
		else if (!strcmp(a, "--wire"))
			mode = WIRE;
		else if (!strcmp(a, "--bench") || !strncmp(a, "--bench=", 8)) {
			const char *v = a[7] == '=' ? a + 8 : i < argc ? argv[i++] : NULL;

			mode = BENCH;
			if (v && !teach_size(v, BENCH_MAX, &size))
				size = 0;
			if (size == 0)
				return teach_end(bi_usage("--bench: %s: SIZE must be 1 to 4G bytes, with an optional K, M or G (powers of 1024)",
							  v));
		} else {
			return teach_end(bi_usage("%s: unknown option", a));
		}
	}
	if (mode == WIRE && i < argc) {
		int sep = i;

		while (sep < argc && strcmp(argv[sep], "--"))
			sep++;
		if (sep == i || sep >= argc - 1)
			return teach_end(bi_usage("--wire: write CMD1 [ARG...] -- CMD2 [ARG...]"));
		argv[sep] = NULL;
		cmd1 = argv + i;
		cmd2 = argv + sep + 1;
		i = argc;
	}
	if (i < argc)
		return teach_end(bi_usage("%s: unexpected argument", argv[i]));

	switch (mode) {
	case CAPACITY:
		return teach_end(capacity());
	case SIGPIPE_DEMO:
		return teach_end(sigpipe());
	case WIRE:
		return teach_end(wire(cmd1, cmd2));
	case BENCH:
		return teach_end(bench(size));
	default:
		return teach_end(tour());
	}
}

const struct builtin builtin_pipe = {
	.name = "pipe",
	.synopsis = "pipe [--step] [--slow MS] [--quiet] [--capacity | --sigpipe | --wire [CMD1 [ARG ...] -- CMD2 [ARG ...]] | --bench [SIZE]]",
	.summary = "a pipe between two processes: pipe(2), fork(2), dup2(2), F_GETPIPE_SZ",
	.family = FAMILY_PIPE,
	.see_also = "labsh-fds(1) labsh-mkfifo(1) close(2) dup2(2) fcntl(2) fork(2) pipe(2) pipe(7) signal(7)",
	.syscalls = "pipe pipe2 fork close read write raise kill waitpid fcntl sigaction dup2 execvp clock_gettime _exit",
	.run = pipe_main,
};
