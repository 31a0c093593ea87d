/*
 * fds - the file descriptor table of the shell or of a process.
 *
 * Lesson: an fd is an index into a per-process table; open(2), pipe(2) and
 * dup2(2) fill its slots, fork(2) copies it, execve(2) keeps all but the
 * close-on-exec ones.  Everything shown is read from /proc/PID/fd and
 * /proc/PID/fdinfo, see proc(5).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"
#include "procview.h"

/* The shell keeps its own fds close-on-exec and at or above this number. */
#define PRIVATE_FD_MIN 10

static void offset_text(const struct procview_fd *f, char *buf, size_t n)
{
	/* Pipes and sockets are streams: the kernel keeps no offset. */
	if (f->pos < 0 || f->kind == PROCVIEW_PIPE ||
	    f->kind == PROCVIEW_SOCKET || f->kind == PROCVIEW_OTHER)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%lld", f->pos);
}

/* Append S to BUF (size N) at *LEN, cutting at the end. */
static void append(char *buf, size_t n, size_t *len, const char *s)
{
	int r;

	if (*len + 1 >= n)
		return;
	r = snprintf(buf + *len, n - *len, "%s", s);
	if (r > 0)
		*len += (size_t)r < n - *len ? (size_t)r : n - *len - 1;
}

/* The flags a student can change with fcntl(2), or "-". */
static void flag_names(int flags, char *buf, size_t n)
{
	static const struct {
		int flag;
		const char *name;
	} shown[] = {
		{ O_APPEND, "O_APPEND" },
		{ O_NONBLOCK, "O_NONBLOCK" },
		{ O_CLOEXEC, "O_CLOEXEC" },
	};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		if (flags < 0 || !(flags & shown[i].flag))
			continue;
		append(buf, n, &len, len ? "|" : "");
		append(buf, n, &len, shown[i].name);
	}
	if (len == 0)
		append(buf, n, &len, "-");
}

/*
 * Does H hold END (O_RDONLY: the read end) of F's pipe?  F itself counts
 * only with SELF.
 */
static bool holds_end(const struct procview_fdtable *t,
		      const struct procview_fd *f,
		      const struct procview_holder *h, int end, bool self)
{
	if (h->inode != f->inode)
		return false;
	if (!self && h->pid == t->pid && h->fd == f->fd)
		return false;
	return h->accmode == end || h->accmode == O_RDWR;
}

/*
 * "write end held by 4101 (cat), 4102 (sh)": the processes holding END of
 * F's pipe, each named once; F's own process only for another fd than F,
 * unless SELF.
 */
static void pipe_end_note(const struct procview_fdtable *t,
			  const struct procview_fd *f, int end, bool self,
			  char *buf, size_t n, size_t *len)
{
	char item[64];
	bool any = false;

	for (size_t i = 0; i < t->nholders; i++) {
		const struct procview_holder *h = &t->holders[i];
		bool seen = false;

		if (!holds_end(t, f, h, end, self))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = t->holders[j].pid == h->pid &&
			       holds_end(t, f, &t->holders[j], end, self);
		if (seen)
			continue;
		if (!any)
			append(buf, n, len, end == O_RDONLY ?
			       "read end held by " : "write end held by ");
		snprintf(item, sizeof(item), "%s%ld (%s)", any ? ", " : "",
			 (long)h->pid, h->comm);
		append(buf, n, len, item);
		any = true;
	}
	if (!any)
		append(buf, n, len, end == O_RDONLY ?
		       "no read end open: a write gets EPIPE" :
		       "no write end open: a read gets end of file");
}

/*
 * "; peer socket:[4242] held by 4101 (labsh) fd 4": who holds the other end
 * of F, an AF_UNIX socket, each process and fd named once.
 */
static void peer_note(const struct procview_fdtable *t,
		      const struct procview_fd *f, char *buf, size_t n,
		      size_t *len)
{
	char item[96];
	bool any = false;

	snprintf(item, sizeof(item), "; peer socket:[%lu]", f->peer);
	append(buf, n, len, item);
	for (size_t i = 0; i < t->nholders; i++) {
		const struct procview_holder *h = &t->holders[i];

		if (h->inode != f->peer)
			continue;
		snprintf(item, sizeof(item), "%s%ld (%s) fd %d",
			 any ? ", " : " held by ", (long)h->pid, h->comm, h->fd);
		append(buf, n, len, item);
		any = true;
	}
	if (!any)
		append(buf, n, len, ", held by no process we can read");
}

/* The note of F: who holds the pipe's ends, the socket, the terminal. */
static void note_of(const struct procview_fdtable *t,
		    const struct procview_fd *f, bool all, bool self,
		    char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	if (f->kind == PROCVIEW_PIPE) {
		int mode = f->flags < 0 ? O_RDWR : f->flags & O_ACCMODE;

		/* Default: the other end; -a: both, this fd included. */
		if (all || mode != O_WRONLY)
			pipe_end_note(t, f, O_WRONLY, all, buf, n, &len);
		if (all || mode == O_RDWR)
			append(buf, n, &len, "; ");
		if (all || mode != O_RDONLY)
			pipe_end_note(t, f, O_RDONLY, all, buf, n, &len);
	} else {
		append(buf, n, &len, f->detail);
		if (f->peer)
			peer_note(t, f, buf, n, &len);
	}
	if (self && f->fd >= PRIVATE_FD_MIN && f->flags >= 0 &&
	    (f->flags & O_CLOEXEC)) {
		append(buf, n, &len, len ? " " : "");
		append(buf, n, &len, "(labsh)");
	}
}

static void print_table(const struct procview_fdtable *t, bool all)
{
	bool self = t->pid == getpid();
	int flags_width = 5, target_width = 6;
	char flags[48], offset[24], note[512];

	for (size_t i = 0; i < t->nfds; i++) {
		int w = (int)strlen(t->fds[i].target);

		flag_names(t->fds[i].flags, flags, sizeof(flags));
		if ((int)strlen(flags) > flags_width)
			flags_width = (int)strlen(flags);
		if (w > target_width)
			target_width = w < 40 ? w : 40;
	}
	printf("%3s %-4s %-*s %6s %-*s %s\n", "FD", "MODE", flags_width,
	       "FLAGS", "OFFSET", target_width, "TARGET", "NOTE");
	for (size_t i = 0; i < t->nfds; i++) {
		const struct procview_fd *f = &t->fds[i];

		flag_names(f->flags, flags, sizeof(flags));
		offset_text(f, offset, sizeof(offset));
		note_of(t, f, all, self, note, sizeof(note));
		printf("%3d %-4s %-*s %6s ", f->fd, procview_mode_name(f->flags),
		       flags_width, flags, offset);
		if (note[0])
			printf("%-*s %s\n", target_width, f->target, note);
		else
			printf("%s\n", f->target);
	}
}

/* Show the table of PID; ARG is how the user named it.  Returns a status. */
static int show(pid_t pid, const char *arg, bool all, bool title)
{
	struct procview_fdtable t;
	struct procview_proc p;

	if (procview_fds(pid, &t) < 0) {
		int err = errno;

		/* The tables shown so far come before the message. */
		fflush(stdout);
		errno = err;
		if (err == ESRCH) {
			bi_error("%s: no such process", arg);
			bi_hint("ESRCH: no process has that PID; it may have exited already");
		} else if (err == EACCES) {
			bi_error_errno("%s", arg);
			bi_hint("/proc/%ld/fd of another user's process is readable only by root or that user (see proc(5))",
				(long)pid);
		} else {
			bi_error_errno("%s", arg);
		}
		return 1;
	}
	if (title) {
		if (procview_proc(pid, &p) < 0)
			snprintf(p.comm, sizeof(p.comm), "?");
		printf("PID %ld (%s)\n", (long)pid, p.comm);
	}
	print_table(&t, all);
	procview_fds_free(&t);
	return 0;
}

static int fds_main(int argc, char **argv)
{
	bool all = false;
	int status = 0;
	pid_t pid;
	int c;

	while ((c = getopt(argc, argv, "+a")) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		default:
			return bi_usage("%s: invalid option", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		if (argv[i][0] != '%' && !procview_parse_pid(argv[i], &pid))
			return bi_usage("%s: not a process ID or %%job", argv[i]);
	if (optind == argc)
		return show(getpid(), "self", all, false);
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			printf("\n");
		if (argv[i][0] == '%') {
			/* a job: the table of each of its processes */
			const char *why;
			struct job *j = job_lookup(argv[i], &why);
			pid_t pids[64];
			int n;

			if (!j) {
				status |= bi_error("%s: %s", argv[i], why);
				continue;
			}
			n = job_processes(j, pids, 64);
			for (int k = 0; k < n; k++) {
				char who[32];

				snprintf(who, sizeof(who), "%ld", (long)pids[k]);
				if (k)
					printf("\n");
				status |= show(pids[k], who, all, true);
			}
			continue;
		}
		procview_parse_pid(argv[i], &pid);
		status |= show(pid, argv[i], all, true);
	}
	return status;
}

const struct builtin builtin_fds = {
	.name = "fds",
	.synopsis = "fds [-a] [PID | %JOB...]",
	.summary = "show the file descriptor table of the shell or of processes",
	.family = FAMILY_FILE,
	.see_also = "dup(2) fcntl(2) open(2) proc(5) pipe(7) sock_diag(7) unix(7)",
	.syscalls = "getpid open read close",
	.run = fds_main,
};
