/*
 * mkfifo - named pipes: mkfifo(3), open(2)'s blocking rules, unlink(2).
 *
 * The utility: `mkfifo [-m MODE] PATH...` makes FIFOs where the user says,
 * as coreutils does, and leaves them there: they are the user's files.
 *
 * The lessons:
 *  --demo	a FIFO is a pipe with a name in the file system (type p in
 *		ls -l); open(2) for reading blocks until a writer opens and
 *		the other way round; with O_NONBLOCK a reader opens at once
 *		while a writer with no reader gets ENXIO; the data never
 *		touches the disk; unlink(2) removes the name.
 *  --chat	the classic homework: two processes that know only a name
 *		talk through two FIFOs, one each way, with poll(2) over the
 *		keyboard and the FIFO.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "rundir.h"
#include "teach.h"

#define DEMO_PAUSE_MS 1000	/* the --demo writer's pause before open */
#define CHAT_NAME_MAX 64

/* "prw-r--r--", as ls -l shows it. */
static const char *mode_string(mode_t m, char buf[11])
{
	static const char rwx[] = "rwxrwxrwx";

	buf[0] = S_ISFIFO(m) ? 'p' : S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' :
		 S_ISSOCK(m) ? 's' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : '-';
	for (int i = 0; i < 9; i++)
		buf[i + 1] = m & (0400 >> i) ? rwx[i] : '-';
	if (m & S_ISUID)
		buf[3] = buf[3] == 'x' ? 's' : 'S';
	if (m & S_ISGID)
		buf[6] = buf[6] == 'x' ? 's' : 'S';
	if (m & S_ISVTX)
		buf[9] = buf[9] == 'x' ? 't' : 'T';
	buf[10] = '\0';
	return buf;
}

static const char *file_kind(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? "a directory" :
	       S_ISLNK(m) ? "a symbolic link" : S_ISSOCK(m) ? "a socket" :
	       S_ISREG(m) ? "a regular file" : "a device";
}

/* The directory part of PATH, in BUF. */
static const char *dir_of(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, n, ".");
	else if (slash == path)
		snprintf(buf, n, "/");
	else
		snprintf(buf, n, "%.*s", (int)(slash - path), path);
	return buf;
}

/* The hint line for a failed mkfifo(3) or open(2) of PATH. */
static void hint_for(int err, const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	switch (err) {
	case EEXIST:
		if (lstat(path, &st) == 0)
			bi_hint("EEXIST: %s is already there, %s; mkfifo never replaces a file: choose another name, or remove it first (rm %s)",
				path, file_kind(st.st_mode), path);
		else
			bi_hint("EEXIST: something named %s is already there; mkfifo never replaces a file", path);
		break;
	case ENOENT:
		bi_hint("ENOENT: the directory %s does not exist; mkfifo makes no directories (mkdir -p %s first)",
			dir_of(path, dir, sizeof(dir)), dir);
		break;
	case EACCES:
		bi_hint("EACCES: you may not write in the directory %s, or may not search a directory on the way (ls -ld %s)",
			dir_of(path, dir, sizeof(dir)), dir);
		break;
	case ENOTDIR:
		bi_hint("ENOTDIR: a part of %s before the last / is not a directory", path);
		break;
	case EROFS:
		bi_hint("EROFS: that file system is mounted read-only");
		break;
	case ENAMETOOLONG:
		bi_hint("ENAMETOOLONG: the path or one of its names is longer than the system allows");
		break;
	case ELOOP:
		bi_hint("ELOOP: too many symbolic links on the way: a loop?");
		break;
	case ENOSPC:
	case EDQUOT:
		bi_hint("%s: no room for a new inode on that file system, or your quota is used up",
			err == ENOSPC ? "ENOSPC" : "EDQUOT");
		break;
	case EPERM:
		bi_hint("EPERM: that file system does not support FIFOs");
		break;
	case ENXIO:
		bi_hint("ENXIO: a non-blocking open for writing needs a process that has the FIFO open for reading");
		break;
	}
}

/* ---- the utility ------------------------------------------------------ */

/* The umask from /proc/self/status, without changing it; -1 if unknown. */
static long current_umask(void)
{
	char line[128];
	long mask = -1;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Umask: %lo", &mask) == 1)
			break;
	fclose(f);
	return mask;
}

/* Show what the kernel made at PATH: one narrated stat(2). */
static void show_stat(const char *path)
{
	char ms[11];
	struct stat st;
	int r = stat(path, &st);

	if (r == 0)
		narrate(NR_stat, r, "\"%s\", &st\t%s %04o: S_ISFIFO is %s",
			path, mode_string(st.st_mode, ms),
			(unsigned)(st.st_mode & 07777),
			S_ISFIFO(st.st_mode) ? "true" : "false");
	else
		narrate(NR_stat, r, "\"%s\", &st", path);
}

static int make_one(const char *path, bool have_mode, mode_t mode)
{
	mode_t old = 0;
	long mask = current_umask();
	int r, err;

	if (have_mode) {
		/* -m is exact (POSIX): the umask is set aside for the call */
		old = umask(0);
		narrate(NR_umask, (long)old, "0\tthe old mask, %03o in octal: set aside so that -m %04o is exact",
			(unsigned)old, (unsigned)mode);
	}
	r = mkfifo(path, have_mode ? mode : 0666);
	err = errno;
	if (have_mode)
		narrate(NR_mkfifo, r, "\"%s\", %04o\t%s", path, (unsigned)mode,
			r == 0 ? "a new FIFO, with exactly that mode" : "");
	else if (mask >= 0)
		narrate(NR_mkfifo, r, "\"%s\", 0666\t%s%04o & ~umask %04o = %04o",
			path, r == 0 ? "a new FIFO, mode " : "would be mode ",
			0666u, (unsigned)mask, 0666u & ~(unsigned)mask);
	else
		narrate(NR_mkfifo, r, "\"%s\", 0666", path);
	if (have_mode) {
		mode_t back = umask(old);

		narrate(NR_umask, (long)back, "%03o\tthe umask is back", (unsigned)old);
	}
	if (r < 0) {
		errno = err;
		bi_error_errno("cannot create fifo '%s'", path);
		hint_for(err, path);
		return 1;
	}
	show_stat(path);
	return 0;
}

/* "0644", "644", "1777": octal, at most 07777. */
static bool parse_mode(const char *s, mode_t *out)
{
	unsigned long v = 0;
	size_t n = strlen(s);

	if (n == 0 || n > 5)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '7')
			return false;
		v = v * 8 + (unsigned long)(*p - '0');
	}
	if (v > 07777)
		return false;
	*out = (mode_t)v;
	return true;
}

static int open_error(const char *path)
{
	int err = errno;

	bi_error_errno("open %s", path);
	hint_for(err, path);
	return 1;
}

/* O_NONBLOCK: a reader opens at once; a writer needs a reader (ENXIO). */
static int nonblocking_rules(const char *path)
{
	char fl[64];
	int rfd, wfd, flags, err;

	flags = O_WRONLY | O_NONBLOCK;
	wfd = open(path, flags);
	err = wfd < 0 ? errno : 0;
	narrate(NR_open, wfd, "\"%s\", %s\t%s", path,
		narrate_open_flags(flags, fl, sizeof(fl)),
		err == ENXIO ?
		"no process has the FIFO open for reading: a non-blocking writer is refused" : "");
	if (wfd >= 0)
		close(wfd);
	else if (err == ENXIO)
		teach_out("a writer with O_NONBLOCK and no reader: ENXIO (No such device or address)\n");

	flags = O_RDONLY | O_NONBLOCK;
	rfd = open(path, flags);
	narrate(NR_open, rfd, "\"%s\", %s\t%s", path,
		narrate_open_flags(flags, fl, sizeof(fl)),
		rfd >= 0 ? "a non-blocking reader opens at once, with or without a writer" : "");
	if (rfd < 0)
		return open_error(path);
	teach_out("a reader with O_NONBLOCK: fd %d at once\n", rfd);

	flags = O_WRONLY | O_NONBLOCK;
	wfd = open(path, flags);
	narrate(NR_open, wfd, "\"%s\", %s\t%s", path,
		narrate_open_flags(flags, fl, sizeof(fl)),
		wfd >= 0 ? "now a reader has it open: the same open succeeds" : "");
	if (wfd >= 0) {
		int r = close(wfd);

		narrate(NR_close, r, "%d", wfd);
	}
	{
		int r = close(rfd);

		narrate(NR_close, r, "%d\tno reader and no writer again", rfd);
	}
	return 0;
}

/* The demo's writer: pause, open (a reader is waiting), write, close. */
_Noreturn static void demo_writer(const char *path, unsigned pause_ms)
{
	struct timespec t0;
	char msg[96];
	int fd, len;
	ssize_t n;
	double secs;

	if (teach_sleep(pause_ms) < 0)
		teach_child_exit(1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = open(path, O_WRONLY);
	secs = teach_seconds_since(&t0);
	narrate(NR_open, fd, "\"%s\", O_WRONLY\t%s (%.2f s)", path,
		secs < 0.05 ? "a reader was waiting: no wait for the writer" :
			      "blocked until a reader opened",
		secs);
	if (fd < 0)
		teach_child_exit(1);
	len = snprintf(msg, sizeof(msg), "hello through the FIFO from PID %ld\n",
		       (long)getpid());
	n = write(fd, msg, (size_t)len);
	narrate(NR_write, (long)n, "%d, \"hello through the FIFO from PID %ld\\n\", %d",
		fd, (long)getpid(), len);
	{
		int r = close(fd);

		narrate(NR_close, r, "%d\tthe only writer closes: the reader gets end of file", fd);
	}
	teach_child_exit(0);
}

static int demo(void)
{
	char name[64], path[PATH_MAX], ms[11], buf[256];
	struct timespec t0;
	struct stat st;
	int r, fd, ws, status = 0;
	double secs;
	ssize_t n;
	pid_t kid;

	snprintf(name, sizeof(name), "demo-%ld.fifo", (long)getpid());
	if (!rundir_path(name, path, sizeof(path)))
		return bi_error_errno("the runtime directory");
	teach_out("PID %ld makes a FIFO in its private runtime directory\n",
		  (long)getpid());
	r = mkfifo(path, 0600);
	narrate(NR_mkfifo, r, "\"%s\", 0600\t%s", path,
		r == 0 ? "a name in the file system for a pipe; no data on disk, ever" : "");
	if (r < 0) {
		int err = errno;

		bi_error_errno("cannot create fifo '%s'", path);
		hint_for(err, path);
		return 1;
	}
	cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, path);
	teach_out("FIFO: %s\n  (from another terminal: ls -l %s)\n", path, path);

	r = stat(path, &st);
	narrate(NR_stat, r, "\"%s\", &st\t%s", path,
		r == 0 && S_ISFIFO(st.st_mode) ? "S_ISFIFO(st.st_mode) is true" : "");
	if (r == 0)
		teach_out("%s %ld bytes  %s   (type p: a FIFO; ls -l shows the same)\n",
			  mode_string(st.st_mode, ms), (long)st.st_size, path);

	if (teach_interrupted() || nonblocking_rules(path) != 0)
		goto out;
	if (teach_interrupted())
		goto out;

	/* The blocking rules: the reader waits for a writer. */
	kid = teach_fork();
	if (kid < 0) {
		status = 1;
		goto out;
	}
	if (kid == 0)
		demo_writer(path, DEMO_PAUSE_MS + 2 * teach.slow_ms);
	teach_out("parent %ld opens for reading; child %ld opens for writing after %d ms\n",
		  (long)getpid(), (long)kid, DEMO_PAUSE_MS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* a Ctrl-C that came before the open would not interrupt it */
	if (teach_interrupted())
		goto out;
	do
		fd = open(path, O_RDONLY);
	while (fd < 0 && errno == EINTR && !teach_interrupted());
	secs = teach_seconds_since(&t0);
	narrate(NR_open, fd, "\"%s\", O_RDONLY\t%s %.2f s%s", path,
		fd >= 0 ? "blocked" : "interrupted after", secs,
		fd >= 0 ? ", until a writer opened the other end" : "");
	if (fd < 0) {
		if (!teach_interrupted())
			status = open_error(path);
		goto out;
	}
	teach_out("the open for reading blocked %.2f s\n", secs);
	for (;;) {
		n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0 && errno == EINTR && !teach_interrupted())
			continue;
		narrate(NR_read, (long)n, "%d, buf, %zu\t%s", fd, sizeof(buf) - 1,
			n == 0 ? "end of file: the writer closed" :
			n > 0 ? "the data went through the kernel, not the disk" : "");
		if (n <= 0)
			break;
		buf[n] = '\0';
		teach_out("parent read: %s%s", buf, buf[n - 1] == '\n' ? "" : "\n");
	}
	r = close(fd);
	narrate(NR_close, r, "%d", fd);
	if (teach_interrupted() || teach_wait(kid, &ws, 0) < 0)
		goto out;

	r = unlink(path);
	narrate(NR_unlink, r, "\"%s\"\t%s", path,
		r == 0 ? "the name is gone; a FIFO that nobody has open is gone with it" : "");
	if (r == 0) {
		cleanup_forget(CLEAN_PATH, -1, path);
		r = stat(path, &st);
		narrate(NR_stat, r, "\"%s\", &st\tno such file any more", path);
	}
out:
	return status;
}

/* ---- --chat ------------------------------------------------------------ */

struct chat {
	int rfd, wfd;
	long peer;		/* the peer's PID, from its first line; 0 */
	bool hello;		/* the first line (the peer's PID) was read */
	char in[4096];		/* a partial line from the peer */
	size_t inlen;
};

static bool valid_chat_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > CHAT_NAME_MAX || s[0] == '.')
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '-' && *s != '_' &&
		    *s != '.')
			return false;
	return true;
}

/* Print the complete lines received (a final partial one with ALL). */
static void chat_lines(struct chat *c, bool all)
{
	char *start = c->in, *nl;
	size_t left = c->inlen;

	while (left > 0) {
		size_t len;

		nl = memchr(start, '\n', left);
		if (!nl && !all && left < sizeof(c->in))
			break;
		len = nl ? (size_t)(nl - start) : left;
		if (!c->hello) {
			char line[64];

			c->hello = true;
			snprintf(line, sizeof(line), "%.*s", (int)(len < 63 ? len : 63), start);
			if (sscanf(line, "pid %ld", &c->peer) == 1) {
				teach_out("the peer is PID %ld\n", c->peer);
				goto next;
			}
		}
		if (c->peer)
			teach_out("%ld> %.*s\n", c->peer, (int)len, start);
		else
			teach_out("?> %.*s\n", (int)len, start);
next:
		len += nl ? 1 : 0;
		start += len;
		left -= len;
	}
	memmove(c->in, start, left);
	c->inlen = left;
}

/* Send LEN bytes typed at the keyboard; false if the peer is gone. */
static bool chat_send(struct chat *c, const char *buf, size_t len)
{
	ssize_t n = write(c->wfd, buf, len);

	bool nl = len && buf[len - 1] == '\n';

	narrate(NR_write, (long)n, "%d, \"%.*s%s\", %zu\t%s", c->wfd,
		(int)(nl ? len - 1 : len), buf, nl ? "\\n" : "", len,
		n < 0 && errno == EPIPE ? "the peer is gone: no reader (SIGPIPE is ignored)" :
		"to the peer");
	return n >= 0;
}

static void chat_close_write(struct chat *c, const char *why)
{
	int r;

	if (c->wfd < 0)
		return;
	r = close(c->wfd);
	narrate(NR_close, r, "%d\t%s", c->wfd, why);
	c->wfd = -1;
}

static int chat_loop(struct chat *c)
{
	char buf[1024];
	int status = 0;
	bool stdin_open = true;
	struct pollfd p[2];

	for (;;) {
		int r;

		p[0].fd = stdin_open ? STDIN_FILENO : -1;
		p[0].events = POLLIN;
		p[1].fd = c->rfd;
		p[1].events = POLLIN;
		p[0].revents = p[1].revents = 0;
		if (teach_interrupted())
			break;
		r = poll(p, 2, -1);
		if (r < 0 && errno == EINTR && !teach_interrupted())
			continue;
		narrate(NR_poll, r, "[{%d, POLLIN}, {%d, POLLIN}], 2, -1\t%s%s%s",
			p[0].fd, p[1].fd,
			r > 0 ? "ready: " : "",
			p[0].revents ? (p[1].revents ? "standard input and the FIFO" : "standard input") : "",
			!p[0].revents && p[1].revents ? "the FIFO" : "");
		if (r < 0)
			break;
		if (p[0].revents) {
			ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

			if (n < 0 && errno == EINTR && !teach_interrupted())
				continue;
			narrate(NR_read, (long)n, "0, buf, %zu\t%s", sizeof(buf),
				n == 0 ? "end of input (Ctrl-D)" : "a line typed");
			if (n < 0)
				break;
			if (n == 0) {
				stdin_open = false;
				chat_close_write(c, "the peer's read gets end of file: it ends too");
			} else if (c->wfd >= 0 && !chat_send(c, buf, (size_t)n)) {
				status = 1;
				break;
			}
		}
		if (p[1].revents) {
			ssize_t n = read(c->rfd, c->in + c->inlen,
					 sizeof(c->in) - c->inlen);

			if (n < 0 && errno == EINTR && !teach_interrupted())
				continue;
			narrate(NR_read, (long)n, "%d, buf, %zu\t%s", c->rfd,
				sizeof(c->in) - c->inlen,
				n == 0 ? "end of file: the peer closed its write end" : "from the peer");
			if (n < 0)
				break;
			if (n == 0) {
				chat_lines(c, true);
				chat_close_write(c, "so the peer sees end of file too");
				teach_out("the chat is over\n");
				break;
			}
			c->inlen += (size_t)n;
			chat_lines(c, false);
		}
	}
	return status;
}

/* Open PATH with FLAGS, narrated; blocks until the other side opens. */
static int chat_open(const char *path, int flags, const char *note)
{
	char fl[32];
	int fd;

	if (teach_interrupted())
		return -1;
	do
		fd = open(path, flags | O_CLOEXEC);
	while (fd < 0 && errno == EINTR && !teach_interrupted());
	narrate(NR_open, fd, "\"%s\", %s\t%s", path,
		narrate_open_flags(flags | O_CLOEXEC, fl, sizeof(fl)),
		fd >= 0 ? note : "");
	if (fd < 0 && !teach_interrupted())
		open_error(path);
	return fd;
}

static int chat(const char *name)
{
	char a2b[PATH_MAX], b2a[PATH_MAX], fn[CHAT_NAME_MAX + 8], hello[48];
	struct chat c = { .rfd = -1, .wfd = -1 };
	struct sigaction ign = { 0 }, old;
	bool creator = false, made_b2a = false, sig_saved = false;
	int r, len, status = 1;
	char side;

	snprintf(fn, sizeof(fn), "%s.a2b", name);
	if (!rundir_path(fn, a2b, sizeof(a2b)))
		return bi_error_errno("the runtime directory");
	snprintf(fn, sizeof(fn), "%s.b2a", name);
	if (!rundir_path(fn, b2a, sizeof(b2a)))
		return bi_error_errno("the runtime directory");

	r = mkfifo(a2b, 0600);
	narrate(NR_mkfifo, r, "\"%s\", 0600\t%s", a2b,
		r == 0 ? "first to arrive: I make both FIFOs and am side a" :
		errno == EEXIST ? "the other side made it: I am side b" : "");
	if (r == 0) {
		creator = true;
		cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, a2b);
		r = mkfifo(b2a, 0600);
		narrate(NR_mkfifo, r, "\"%s\", 0600", b2a);
		if (r < 0 && errno != EEXIST) {
			int err = errno;

			bi_error_errno("cannot create fifo '%s'", b2a);
			hint_for(err, b2a);
			goto out;
		}
		made_b2a = r == 0;
		if (made_b2a)
			cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, b2a);
	} else if (errno != EEXIST) {
		int err = errno;

		bi_error_errno("cannot create fifo '%s'", a2b);
		hint_for(err, a2b);
		return 1;
	}
	side = creator ? 'a' : 'b';
	teach_out("chat %s: I am side %c, PID %ld\n  I write to  %s\n  I read from %s\n",
		  name, side, (long)getpid(), creator ? a2b : b2a,
		  creator ? b2a : a2b);
	if (creator)
		teach_out("  (the other side: mkfifo --chat %s in another labsh)\n", name);

	/* A dead peer must give EPIPE, not end this shell. */
	sigemptyset(&ign.sa_mask);
	ign.sa_handler = SIG_IGN;
	r = sigaction(SIGPIPE, &ign, &old);
	narrate(NR_sigaction, r, "SIGPIPE, {SIG_IGN}, &old\ta peer that leaves gives EPIPE, not the end of this shell");
	sig_saved = r == 0;

	/* Both open a2b first, then b2a: the same order, so no deadlock. */
	if (creator) {
		c.wfd = chat_open(a2b, O_WRONLY, "blocked until side b opened it for reading");
		if (c.wfd >= 0)
			c.rfd = chat_open(b2a, O_RDONLY, "blocked until side b opened it for writing");
	} else {
		c.rfd = chat_open(a2b, O_RDONLY, "side a has it open for writing");
		if (c.rfd >= 0)
			c.wfd = chat_open(b2a, O_WRONLY, "side a has it open for reading");
	}
	if (c.rfd < 0 || c.wfd < 0)
		goto out;
	len = snprintf(hello, sizeof(hello), "pid %ld\n", (long)getpid());
	if (!chat_send(&c, hello, (size_t)len))
		goto out;
	if (isatty(STDIN_FILENO))
		teach_out("connected: type lines; Ctrl-D ends the chat on both sides\n");
	status = chat_loop(&c);
out:
	chat_close_write(&c, "");
	if (c.rfd >= 0) {
		r = close(c.rfd);
		narrate(NR_close, r, "%d", c.rfd);
	}
	if (sig_saved) {
		r = sigaction(SIGPIPE, &old, NULL);
		narrate(NR_sigaction, r, "SIGPIPE, &old, NULL\tthe disposition is back as it was");
	}
	if (creator && !teach_interrupted()) {
		/* I made them: I remove them */
		r = unlink(a2b);
		narrate(NR_unlink, r, "\"%s\"\tI made it, I remove it", a2b);
		if (r == 0)
			cleanup_forget(CLEAN_PATH, -1, a2b);
		if (made_b2a) {
			r = unlink(b2a);
			narrate(NR_unlink, r, "\"%s\"", b2a);
			if (r == 0)
				cleanup_forget(CLEAN_PATH, -1, b2a);
		}
	}
	return status;
}

/* ---- options ------------------------------------------------------------ */

static int mkfifo_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "demo", no_argument, NULL, 'D' },
		{ "chat", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	const char *chat_name = NULL;
	bool have_mode = false, do_demo = false;
	mode_t mode = 0;
	int c, status = 0;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	while ((c = getopt_long(argc, argv, "+m:", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!parse_mode(optarg, &mode))
				return teach_end(bi_usage("-m: %s: not an octal mode (0 to 7777, such as 644 or 0600); symbolic modes are not accepted",
							  optarg));
			have_mode = true;
			break;
		case 'D':
			do_demo = true;
			break;
		case 'C':
			chat_name = optarg;
			break;
		default:
			return teach_end(bi_usage("unknown option"));
		}
	}
	if (do_demo || chat_name) {
		if ((do_demo && chat_name) || have_mode || optind < argc)
			return teach_end(bi_usage("--demo and --chat take no other argument or option"));
		if (do_demo)
			return teach_end(demo());
		if (!valid_chat_name(chat_name))
			return teach_end(bi_usage("--chat: %s: a NAME is 1 to %d letters, digits, '-', '_' or '.', not first", chat_name, CHAT_NAME_MAX));
		return teach_end(chat(chat_name));
	}
	if (optind >= argc)
		return teach_end(bi_usage("a PATH is required"));
	for (int i = optind; i < argc && !teach_interrupted(); i++)
		status |= make_one(argv[i], have_mode, mode);
	return teach_end(status);
}

const struct builtin builtin_mkfifo = {
	.name = "mkfifo",
	.synopsis = "mkfifo [--step] [--slow MS] [--quiet] [-m MODE] PATH ... | mkfifo [--step] [--slow MS] [--quiet] --demo | mkfifo [--step] [--slow MS] [--quiet] --chat NAME",
	.summary = "make named pipes (FIFOs), and see open(2) wait for the other side",
	.family = FAMILY_PIPE,
	.see_also = "labsh-pipe(1) open(2) poll(2) umask(2) unlink(2) mkfifo(3) fifo(7)",
	.syscalls = "mkfifo umask stat open read write close poll fork waitpid sigaction unlink _exit",
	.run = mkfifo_main,
};
