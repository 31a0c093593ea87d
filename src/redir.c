/*
 * redir.c - redirections (POSIX XCU 2.7).
 *
 * For a builtin, a function or a compound command the shell itself must
 * see the redirection and then get its own fds back: each fd about to be
 * replaced is first copied with F_DUPFD_CLOEXEC to 10 or above, and the
 * copy is dup2'd back afterwards.
 *
 * Those copies, and the shell's other long-lived fds (the script it reads,
 * the terminal, the signal wake-up pipe), are the shell's own: the user's
 * fd 10 is free as far as a script can tell.  A redirection that names one
 * of their numbers (exec 10<&-, 10>file) first moves the shell's fd to
 * another free number, as bash moves its fd 255, so the script goes on.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "expand.h"
#include "narrate.h"
#include "redir.h"
#include "shell.h"

struct saved_fd {
	int fd;		/* the fd that was redirected */
	int copy;	/* its old open file, or -1 if it was closed */
};

static struct saved_fd *stack;
static int depth, cap;

#define PRIVATE_MAX	16

static int *private_fds[PRIVATE_MAX];
static int nprivate;

void redir_private(int *fdp)
{
	if (nprivate < PRIVATE_MAX)
		private_fds[nprivate++] = fdp;
}

void redir_unprivate(int *fdp)
{
	int i;

	for (i = 0; i < nprivate; i++)
		if (private_fds[i] == fdp) {
			private_fds[i] = private_fds[--nprivate];
			return;
		}
}

/*
 * Move the shell's fd FD to a free number above it, 64 or more if the
 * limit allows (never down onto one a script has just closed, and seldom
 * onto one it will use next); -1 if there is none.
 */
static int move_away(int fd, const char *what)
{
	int from = fd < 64 ? 64 : fd + 1;
	int to = fcntl(fd, F_DUPFD_CLOEXEC, from);

	if (to < 0 && from > fd + 1) {
		from = fd + 1;	/* ulimit -n under 64 */
		to = fcntl(fd, F_DUPFD_CLOEXEC, from);
	}
	if (shell.opt.narrate)
		narrate(NR_fcntl, to, "%d, F_DUPFD_CLOEXEC, %d\tthe shell's %s moves out of the way", fd, from, what);
	return to;
}

/* Before fd FD is replaced or closed: if the shell holds it, move it. */
static void make_room(int fd)
{
	bool moved = false;
	int i, to;

	for (i = 0; i < nprivate; i++)
		if (*private_fds[i] == fd && (to = move_away(fd, "own fd")) >= 0) {
			*private_fds[i] = to;	/* a signal handler may read it */
			moved = true;
		}
	for (i = 0; i < depth; i++)
		if (stack[i].copy == fd && (to = move_away(fd, "saved copy")) >= 0) {
			stack[i].copy = to;
			moved = true;
		}
	if (moved) {
		int c = close(fd);

		if (shell.opt.narrate)
			narrate(NR_close, c, "%d", fd);
	}
}

int redir_depth(void)
{
	return depth;
}

static void push_saved(int fd)
{
	int copy;

	if (depth == cap) {
		int ncap = cap ? cap * 2 : 16;
		stack = xrealloc(stack, (size_t)ncap * sizeof(*stack));
		cap = ncap;
	}
	fflush(NULL);	/* stdio's buffer belongs to the old fd 1 */
	make_room(fd);	/* the shell's own fd is not the user's to save */
	copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (shell.opt.narrate && copy >= 0)
		narrate(NR_fcntl, copy, "%d, F_DUPFD_CLOEXEC, 10\tsave fd %d to put it back later", fd, fd);
	stack[depth].fd = fd;
	stack[depth].copy = copy;	/* -1 with EBADF: it was closed */
	depth++;
}

void redir_restore(int to)
{
	fflush(NULL);
	while (depth > to) {
		struct saved_fd *s = &stack[--depth];

		if (s->copy >= 0) {
			int r = dup2(s->copy, s->fd);

			if (shell.opt.narrate)
				narrate(NR_dup2, r, "%d, %d\tfd %d restored", s->copy, s->fd, s->fd);
			r = close(s->copy);
			if (shell.opt.narrate)
				narrate(NR_close, r, "%d", s->copy);
		} else {
			int r = close(s->fd);

			if (shell.opt.narrate)
				narrate(NR_close, r, "%d\tfd %d was closed before", s->fd, s->fd);
		}
	}
}

void redir_forget(int to)
{
	while (depth > to) {
		struct saved_fd *s = &stack[--depth];

		if (s->copy >= 0)
			close(s->copy);
	}
}

/*
 * A readable fd holding a here-document body: a pipe when the body fits
 * in the pipe's buffer, else an anonymous memfd_create(2) file, so no
 * temporary file ever appears in a directory.
 */
static int heredoc_fd(const char *body)
{
	size_t len = strlen(body);
	int p[2];
	int fd;

	if (len <= 4096 && pipe2(p, O_CLOEXEC) == 0) {
		write_all(p[1], body, len);
		close(p[1]);
		return p[0];
	}
	fd = memfd_create("labsh-heredoc", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write_all(fd, body, len) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int redir_dup_source(const char *word, int *src)
{
	char *end;
	long n;

	if (strcmp(word, "-") == 0) {
		*src = -1;
		return 0;
	}
	n = strtol(word, &end, 10);
	if (*word == '\0' || *end != '\0' || n < 0 || n > 0xffff)
		return -1;
	*src = (int)n;
	return 0;
}

int redir_open(const struct redir *r, const char *target)
{
	int flags, fd;

	switch (r->kind) {
	case R_IN:
		flags = O_RDONLY;
		break;
	case R_APPEND:
		flags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	case R_RDWR:
		flags = O_RDWR | O_CREAT;
		break;
	case R_OUT:
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		if (shell.opt.noclobber) {
			struct stat st;

			/* noclobber refuses only an existing regular file */
			if (stat(target, &st) == 0 && S_ISREG(st.st_mode)) {
				sh_warn("%s: cannot overwrite existing file", target);
				return -1;
			}
			if (errno == ENOENT)
				flags |= O_EXCL;
		}
		break;
	default:	/* R_CLOBBER */
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		break;
	}
	fd = open(target, flags | O_CLOEXEC, 0666);
	if (shell.opt.narrate) {
		char f[128];

		narrate(NR_open, fd, "\"%s\", %s, 0666", target,
			narrate_open_flags(flags | O_CLOEXEC, f, sizeof(f)));
	}
	if (fd < 0)
		sh_warn_errno("%s", target);
	return fd;
}

/* dup2(FROM, TO), narrated; -1 after printing why. */
static int dup_onto(int from, int to)
{
	int d = dup2(from, to);

	if (shell.opt.narrate) {
		char where[64];

		narrate(NR_dup2, d, "%d, %d\tfd %d -> %s", from, to, to,
			narrate_fd_target(0, to, where, sizeof(where)));
	}
	if (d < 0)
		sh_warn_errno("%d", from);
	return d;
}

/* n<&m, n>&m, n>&-: duplicate or close. */
static int apply_dup(const struct redir *r, const char *target, bool save)
{
	int src, c;

	if (redir_dup_source(target, &src) < 0) {
		sh_warn("%s: bad file descriptor number", target);
		return -1;
	}
	if (save)
		push_saved(r->fd);
	else
		make_room(r->fd);
	if (src < 0) {
		c = close(r->fd);
		if (shell.opt.narrate)
			narrate(NR_close, c, "%d\t%d>&-", r->fd, r->fd);
		return 0;
	}
	if (src == r->fd) {
		/* n>&n: valid only if n is open */
		if (fcntl(src, F_GETFD) < 0) {
			sh_warn_errno("%d", src);
			return -1;
		}
		return 0;
	}
	return dup_onto(src, r->fd) < 0 ? -1 : 0;
}

static int apply_one(struct redir *r, bool save)
{
	char *target = NULL;
	int fd = -1, c;

	if (r->kind == R_HEREDOC) {
		fd = heredoc_fd(r->expand ? expand_heredoc(r->body) : r->body);
		if (fd < 0) {
			sh_warn_errno("here-document");
			return -1;
		}
	} else {
		target = expand_string(r->target->text);
		if (r->kind == R_DUPIN || r->kind == R_DUPOUT)
			return apply_dup(r, target, save);
	}
	/* Save first: open(2) may hand back r->fd itself if it was closed. */
	if (save)
		push_saved(r->fd);
	if (r->kind != R_HEREDOC) {
		fd = redir_open(r, target);
		if (fd < 0)
			return -1;
	}
	if (!save)
		make_room(r->fd);
	if (fd == r->fd) {
		/* opened right onto the fd: it must survive exec */
		fcntl(fd, F_SETFD, 0);
		return 0;
	}
	if (dup_onto(fd, r->fd) < 0) {
		close(fd);
		return -1;
	}
	c = close(fd);
	if (shell.opt.narrate)
		narrate(NR_close, c, "%d", fd);
	return 0;
}

int redir_apply(struct redir *r, bool save)
{
	for (; r; r = r->next)
		if (apply_one(r, save) < 0)
			return -1;
	return 0;
}
