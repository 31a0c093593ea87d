/*
 * narrate.c - the one place that prints narration, and the syscall table.
 *
 * A line is built in a buffer and written with one write(2): pipes and
 * terminals keep a single write of up to PIPE_BUF bytes whole, so lines of
 * a parent and its fifty children interleave but never tear.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "narrate.h"

/* Well under PIPE_BUF (4096), so one write(2) to a pipe is atomic. */
#define LINE_MAX_BYTES	1024
/* The note starts after the call and result, padded to this column. */
#define NOTE_COLUMN	44

static const struct {
	const char *name;
	int section;
	enum family family;
} syscalls[] = {
#define S(id, nm, sec, fam) { nm, sec, FAMILY_##fam },
#include "syscalls.def"
#undef S
};

const char *syscall_name(enum syscall_id id)
{
	return id < NR_COUNT ? syscalls[id].name : "?";
}

int syscall_section(enum syscall_id id)
{
	return id < NR_COUNT ? syscalls[id].section : 0;
}

enum family syscall_family(enum syscall_id id)
{
	return id < NR_COUNT ? syscalls[id].family : FAMILY_SHELL;
}

enum syscall_id syscall_lookup(const char *name)
{
	for (int i = 0; i < NR_COUNT; i++)
		if (strcmp(syscalls[i].name, name) == 0)
			return (enum syscall_id)i;
	return NR_COUNT;
}

/* ---------------------------------------------------------------------
 * Building one line.
 * --------------------------------------------------------------------- */

/* SGR colours of the families' call names; the shell's own has none. */
static const char *const family_colors[FAMILY_COUNT] = {
	[FAMILY_PROCESS] = "32",	/* green */
	[FAMILY_FILE] = "34",		/* blue */
	[FAMILY_PIPE] = "36",		/* cyan */
	[FAMILY_SIGNAL] = "31",		/* red */
	[FAMILY_IPC_SYSV] = "35",	/* magenta */
	[FAMILY_IPC_POSIX] = "95",	/* bright magenta */
	[FAMILY_SOCKET] = "33",		/* yellow */
	[FAMILY_THREAD] = "92",		/* bright green */
	[FAMILY_MEMORY] = "94",		/* bright blue */
	[FAMILY_MODULE] = "91",		/* bright red */
};

#define SGR_DIM		"\033[2m"
#define SGR_RESET	"\033[0m"

static int narrate_fd = STDERR_FILENO;
static enum narrate_color color_mode = COLOR_AUTO;

static bool quiet;
static void (*after)(void);

void narrate_set_quiet(bool on)
{
	quiet = on;
}

void narrate_set_after(void (*fn)(void))
{
	after = fn;
}

void narrate_set_fd(int fd)
{
	narrate_fd = fd;
}

void narrate_set_color(enum narrate_color mode)
{
	color_mode = mode;
}

/*
 * Asked on every line: a builtin's `2>file` moves the narration fd off the
 * terminal for one command.  An explicit mode beats NO_COLOR, as
 * https://no-color.org asks.
 */
static bool use_color(void)
{
	const char *no_color;

	switch (color_mode) {
	case COLOR_ALWAYS:
		return true;
	case COLOR_NEVER:
		return false;
	case COLOR_AUTO:
		break;
	}
	no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	return isatty(narrate_fd);
}

struct line {
	char buf[LINE_MAX_BYTES];
	size_t len;		/* bytes used */
	size_t width;		/* columns shown: escape sequences excluded */
	bool cut;		/* something did not fit */
};

/* Room is kept for "...\n" at the end. */
#define LINE_ROOM (LINE_MAX_BYTES - 4)

static void line_vadd(struct line *l, bool visible, const char *fmt,
		      va_list ap) __attribute__((format(printf, 3, 0)));

static void line_vadd(struct line *l, bool visible, const char *fmt,
		      va_list ap)
{
	size_t room = LINE_ROOM - l->len;
	int r;

	if (l->cut)
		return;
	r = vsnprintf(l->buf + l->len, room + 1, fmt, ap);
	if (r < 0)
		return;
	if ((size_t)r > room) {
		r = (int)room;
		l->cut = true;
	}
	l->len += (size_t)r;
	if (visible)
		l->width += (size_t)r;
}

static void line_add(struct line *l, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line_vadd(l, true, fmt, ap);
	va_end(ap);
}

/* An escape sequence: takes bytes, not columns. */
static void line_sgr(struct line *l, const char *sgr)
{
	size_t n = strlen(sgr);

	if (!l->cut && l->len + n <= LINE_ROOM) {
		memcpy(l->buf + l->len, sgr, n);
		l->len += n;
	}
}

/*
 * One write(2) of the whole line; the loop only finishes a write that a
 * signal or a full disk cut short.  (Not error.c's write_all: narrate.c
 * stands alone, so the test program links it by itself.)
 */
static void write_line(const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(narrate_fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

static const char *errno_name(int err)
{
#ifdef HAVE_STRERRORNAME_NP
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
#else
	(void)err;
	return "E?";
#endif
}

/* RESULT_ERRNUM: a call that returns an error number (pthread_*): ERR is
 * its value, printed "= 0" or "= EAGAIN (text)". */
#define RESULT_ERRNUM (LONG_MIN + 1)

static void vnarrate(enum syscall_id id, long result, int err, const char *fmt,
		     va_list ap)
{
	int saved = errno;
	bool color;
	struct line l = { .len = 0 };
	char args[LINE_MAX_BYTES];
	const char *note = NULL;
	char *tab;

	if (quiet)
		return;
	color = use_color();
	errno = saved;
	vsnprintf(args, sizeof(args), fmt, ap);
	tab = strchr(args, '\t');
	if (tab) {
		*tab = '\0';
		note = tab + 1;
	}

	/* getpid(2) each time: this line may come from a forked child. */
	if (color)
		line_sgr(&l, SGR_DIM);
	line_add(&l, "[%ld]", (long)getpid());
	if (color)
		line_sgr(&l, SGR_RESET);
	line_add(&l, " ");
	if (color && family_colors[syscall_family(id)]) {
		line_sgr(&l, "\033[");
		line_sgr(&l, family_colors[syscall_family(id)]);
		line_sgr(&l, "m");
	}
	line_add(&l, "%s", syscall_name(id));
	if (color && family_colors[syscall_family(id)])
		line_sgr(&l, SGR_RESET);
	line_add(&l, "(%s)", args);

	if (result == RESULT_ERRNUM && err)
		line_add(&l, " = %s (%s)", errno_name(err), strerror(err));
	else if (result == RESULT_ERRNUM)
		line_add(&l, " = 0");
	else if (result == -1)
		line_add(&l, " = -1 %s (%s)", errno_name(saved),
			 strerror(saved));
	else if (result != NARRATE_NORESULT)
		line_add(&l, " = %ld", result);

	if (note && *note) {
		int pad = 0;

		if (l.width < NOTE_COLUMN)
			pad = (int)(NOTE_COLUMN - l.width);

		line_add(&l, "%*s %s", pad, "", note);
	}

	if (l.cut) {
		memcpy(l.buf + l.len, "...", 3);
		l.len += 3;
	}
	l.buf[l.len++] = '\n';
	write_line(l.buf, l.len);
	if (after)
		after();
	errno = saved;
}

void narrate(enum syscall_id id, long result, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnarrate(id, result, 0, fmt, ap);
	va_end(ap);
}

void narrate_errnum(enum syscall_id id, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnarrate(id, RESULT_ERRNUM, err, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------------
 * Decoders.
 * --------------------------------------------------------------------- */

/* Append S to BUF (size N, *LEN used so far), cutting at the end. */
static void buf_add(char *buf, size_t n, size_t *len, const char *s)
{
	int r;

	if (*len + 1 >= n)
		return;
	r = snprintf(buf + *len, n - *len, "%s", s);
	if (r > 0)
		*len += (size_t)r < n - *len ? (size_t)r : n - *len - 1;
}

const char *narrate_open_flags(int flags, char *buf, size_t n)
{
	/* A flag made of several bits comes before the bits it contains. */
	static const struct {
		int value;
		const char *name;
	} table[] = {
		{ O_CREAT, "O_CREAT" },
		{ O_EXCL, "O_EXCL" },
		{ O_NOCTTY, "O_NOCTTY" },
		{ O_TRUNC, "O_TRUNC" },
		{ O_APPEND, "O_APPEND" },
		{ O_NONBLOCK, "O_NONBLOCK" },
		{ O_SYNC, "O_SYNC" },
		{ O_DSYNC, "O_DSYNC" },
		{ O_ASYNC, "O_ASYNC" },
		{ O_DIRECT, "O_DIRECT" },
		{ O_LARGEFILE, "O_LARGEFILE" },
		{ O_TMPFILE, "O_TMPFILE" },
		{ O_DIRECTORY, "O_DIRECTORY" },
		{ O_NOFOLLOW, "O_NOFOLLOW" },
		{ O_NOATIME, "O_NOATIME" },
		{ O_PATH, "O_PATH" },
		{ O_CLOEXEC, "O_CLOEXEC" },
	};
	static const char *const modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
					     "O_ACCMODE" };
	int saved = errno;
	int rest = flags & ~O_ACCMODE;
	size_t len = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	buf_add(buf, n, &len, modes[flags & O_ACCMODE]);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		int v = table[i].value;

		/* O_LARGEFILE is 0 where it is implied (64-bit ABIs). */
		if (v != 0 && (rest & v) == v) {
			buf_add(buf, n, &len, "|");
			buf_add(buf, n, &len, table[i].name);
			rest &= ~v;
		}
	}
	if (rest) {
		char octal[24];

		snprintf(octal, sizeof(octal), "|0%o", (unsigned)rest);
		buf_add(buf, n, &len, octal);
	}
	errno = saved;
	return buf;
}

const char *narrate_wait_status(int wstatus, char *buf, size_t n)
{
	int saved = errno;

	if (WIFEXITED(wstatus))
		snprintf(buf, n, "exited, status %d", WEXITSTATUS(wstatus));
	else if (WIFSIGNALED(wstatus))
		snprintf(buf, n, "killed by %s%s",
			 narrate_signal_name(WTERMSIG(wstatus)),
			 WCOREDUMP(wstatus) ? " (core dumped)" : "");
	else if (WIFSTOPPED(wstatus))
		snprintf(buf, n, "stopped by %s",
			 narrate_signal_name(WSTOPSIG(wstatus)));
	else if (WIFCONTINUED(wstatus))
		snprintf(buf, n, "continued");
	else
		snprintf(buf, n, "status 0x%x", (unsigned)wstatus);
	errno = saved;
	return buf;
}

const char *narrate_fd_target(pid_t pid, int fd, char *buf, size_t n)
{
	int saved = errno;
	char path[64];
	ssize_t r;

	if (n == 0)
		return buf;
	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%ld/fd/%d", (long)pid, fd);
	else
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = readlink(path, buf, n - 1);
	if (r < 0)
		snprintf(buf, n, "?");
	else
		buf[r] = '\0';
	errno = saved;
	return buf;
}

#ifndef HAVE_SIGABBREV_NP
/* Without sigabbrev_np(3) (glibc < 2.32): the signals of signal(7). */
static const char *const signal_abbrevs[NSIG] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT",
	[SIGILL] = "ILL", [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",
	[SIGBUS] = "BUS", [SIGFPE] = "FPE", [SIGKILL] = "KILL",
	[SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM",
	[SIGCHLD] = "CHLD", [SIGCONT] = "CONT", [SIGSTOP] = "STOP",
	[SIGTSTP] = "TSTP", [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU",
	[SIGURG] = "URG", [SIGXCPU] = "XCPU", [SIGXFSZ] = "XFSZ",
	[SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
	[SIGIO] = "IO", [SIGPWR] = "PWR", [SIGSYS] = "SYS",
#ifdef SIGSTKFLT
	[SIGSTKFLT] = "STKFLT",
#endif
};
#endif

const char *narrate_ipc_key(int key, char *buf, size_t n)
{
	if (key == 0)	/* IPC_PRIVATE; narrate.c stands alone, no <sys/ipc.h> */
		snprintf(buf, n, "IPC_PRIVATE");
	else
		snprintf(buf, n, "0x%08x", (unsigned)key);
	return buf;
}

const char *narrate_string(const void *data, long len, size_t max, char *buf, size_t n)
{
	const unsigned char *p = data;
	int saved = errno;
	size_t o = 0, i;

	if (n < 10) {	/* room for "", an escape and ... */
		if (n)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (i = 0; len > 0 && i < (size_t)len && i < max && o + 9 < n; i++) {
		if (p[i] == '\n')
			o += (size_t)snprintf(buf + o, n - o, "\\n");
		else if (p[i] == '\t')
			o += (size_t)snprintf(buf + o, n - o, "\\t");
		else if (p[i] == '"' || p[i] == '\\')
			o += (size_t)snprintf(buf + o, n - o, "\\%c", p[i]);
		else if (p[i] < ' ' || p[i] > '~')
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", p[i]);
		else
			buf[o++] = (char)p[i];
	}
	buf[o++] = '"';
	buf[o] = '\0';
	if (len > 0 && i < (size_t)len)
		snprintf(buf + o, n - o, "...");
	errno = saved;
	return buf;
}

const char *narrate_signal_name(int sig)
{
	/* Per thread, so a demo's threads never write the same bytes. */
	static _Thread_local char names[NSIG][24];
	int saved = errno;
	char *name;

	if (sig <= 0 || sig >= NSIG)
		return "SIG?";
	name = names[sig];
	if (name[0] == '\0') {
		const char *abbrev;

#ifdef HAVE_SIGABBREV_NP
		abbrev = sigabbrev_np(sig);
#else
		abbrev = signal_abbrevs[sig];
#endif
		if (sig == SIGRTMIN)
			snprintf(name, sizeof(names[0]), "SIGRTMIN");
		else if (sig == SIGRTMAX)
			snprintf(name, sizeof(names[0]), "SIGRTMAX");
		else if (sig > SIGRTMIN && sig < SIGRTMAX)
			snprintf(name, sizeof(names[0]), "SIGRTMIN+%d",
				 sig - SIGRTMIN);
		else if (abbrev)
			snprintf(name, sizeof(names[0]), "SIG%s", abbrev);
		else
			snprintf(name, sizeof(names[0]), "SIG%d", sig);
	}
	errno = saved;
	return name;
}
