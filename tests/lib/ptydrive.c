/*
 * ptydrive: expect-like test driver that runs PROGRAM on a real pty.
 * Script on stdin, one command a line ('#' comments): send TEXT, expect TEXT,
 * match ERE, sleep MS, signal SIG, winsize COLS ROWS, wait, close, and
 * the process waits below.  TEXT knows \r \n \t \\ \e \xHH \^X.  Pty
 * output is copied raw to stdout; exit is the child's status after
 * wait/close, 124 on timeout, 125 on other errors.
 *
 * Process waits, so that a script never guesses how long a busy machine
 * takes to fork and exec (COMM is the name in /proc/PID/comm, N a count):
 *   fgjob COMM N     the terminal's foreground group is not the program's
 *                    own and has exactly N running processes named COMM
 *   running COMM N   the program's session has exactly N running (or
 *                    sleeping) processes named COMM
 *   stopped COMM N   ... exactly N stopped ones
 *   alone            every process the program started has ended (its
 *                    session holds no live process but the program)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK	4096
#define LAST_OUTPUT_MAX	300

static struct {
	int master;
	pid_t pid;
	bool reaped;		/* pid has been waited for, status is valid */
	bool waited;		/* wait/close used: exit with the child's status */
	bool eof;		/* nobody has the slave open any more */
	int status;
	char *buf;		/* everything read from the master */
	size_t len, cap;
	size_t pos;		/* just past the last match */
	int64_t timeout_ms;
	double timeout_s;
	unsigned long lineno;	/* 0 outside the script */
	char what[256];		/* current step, for error messages */
	char *line;
	char *scratch;		/* decoded TEXT of the current step */
	char *tail;		/* NUL-free copy of buf + pos for regexec() */
	regex_t re;
	bool re_valid;
} d = { .master = -1 };

static const struct {
	const char *name;
	int num;
} signals[] = {
	{ "HUP", SIGHUP },	{ "INT", SIGINT },	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },	{ "TRAP", SIGTRAP },	{ "ABRT", SIGABRT },
	{ "BUS", SIGBUS },	{ "FPE", SIGFPE },	{ "KILL", SIGKILL },
	{ "USR1", SIGUSR1 },	{ "SEGV", SIGSEGV },	{ "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE },	{ "ALRM", SIGALRM },	{ "TERM", SIGTERM },
	{ "CHLD", SIGCHLD },	{ "CONT", SIGCONT },	{ "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },	{ "TTIN", SIGTTIN },	{ "TTOU", SIGTTOU },
	{ "URG", SIGURG },	{ "XCPU", SIGXCPU },	{ "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },	{ "WINCH", SIGWINCH },
	{ "IO", SIGIO },	{ "SYS", SIGSYS },
};

static void cleanup(void)
{
	if (d.master >= 0)
		close(d.master);
	d.master = -1;
	if (d.re_valid)
		regfree(&d.re);
	d.re_valid = false;
	free(d.buf);
	free(d.line);
	free(d.scratch);
	free(d.tail);
	d.buf = d.line = d.scratch = d.tail = NULL;
}

static void kill_child(void)
{
	if (d.master >= 0) {
		close(d.master);
		d.master = -1;
	}
	if (d.pid <= 0)
		return;
	/* The group outlives a reaped leader only while members remain. */
	kill(-d.pid, SIGKILL);
	if (d.reaped)
		return;
	kill(d.pid, SIGKILL);
	while (waitpid(d.pid, &d.status, 0) < 0 && errno == EINTR)
		;
	d.reaped = true;
}

static void show_last_output(void)
{
	char out[LAST_OUTPUT_MAX * 4 + 4], *o = out;
	const unsigned char *p = (const unsigned char *)d.buf + d.pos;
	size_t n = d.buf ? d.len - d.pos : 0;

	if (n > LAST_OUTPUT_MAX) {
		o = stpcpy(o, "...");
		p += n - LAST_OUTPUT_MAX;
		n = LAST_OUTPUT_MAX;
	}
	for (; n > 0; n--, p++) {
		if (*p == '\r')
			o = stpcpy(o, "\\r");
		else if (*p == '\n')
			o = stpcpy(o, "\\n");
		else if (*p == '\t')
			o = stpcpy(o, "\\t");
		else if (*p == '\\')
			o = stpcpy(o, "\\\\");
		else if (*p < 0x20 || *p >= 0x7f)
			o += sprintf(o, "\\x%02x", *p);
		else
			*o++ = *p;
	}
	*o = '\0';
	fprintf(stderr, "ptydrive: last output: %s\n", out);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
fail(int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (d.lineno)
		fprintf(stderr, "ptydrive: line %lu: %s\n", d.lineno, msg);
	else
		fprintf(stderr, "ptydrive: %s\n", msg);
	show_last_output();
	kill_child();
	cleanup();
	exit(code);
}

static void __attribute__((noreturn)) step_timeout(void)
{
	fail(124, "%s: timeout after %gs", d.what, d.timeout_s);
}

static void __attribute__((noreturn)) usage(void)
{
	fputs("usage: ptydrive [-t SECONDS] [-w COLS] [-h ROWS] [--] "
	      "PROGRAM [ARG...]\n", stderr);
	exit(2);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left until deadline, 0 once it has passed. */
static int remaining(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	if (left <= 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

static bool parse_long(const char *s, long min, long max, long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtol(s, &end, 10);
	return !*end && !errno && *v >= min && *v <= max;
}

static void write_stdout(const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(STDOUT_FILENO, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			fail(125, "%s: write to stdout: %s", d.what,
			     strerror(errno));
		}
		p += w;
		n -= w;
	}
}

static void reserve(size_t room)
{
	size_t cap = d.cap ? d.cap : 16384;
	char *p;

	if (d.cap - d.len >= room)
		return;
	while (cap - d.len < room)
		cap *= 2;
	p = realloc(d.buf, cap);
	if (!p)
		fail(125, "out of memory");
	d.buf = p;
	d.cap = cap;
}

static void read_master(void)
{
	ssize_t n;

	reserve(READ_CHUNK);
	n = read(d.master, d.buf + d.len, d.cap - d.len);
	if (n > 0) {
		d.len += n;
		write_stdout(d.buf + d.len - n, n);
	} else if (n == 0 || errno == EIO) {
		/* EIO: every slave fd is closed, i.e. the child is gone. */
		d.eof = true;
	} else if (errno != EINTR && errno != EAGAIN) {
		fail(125, "%s: read from pty: %s", d.what, strerror(errno));
	}
}

/*
 * Wait up to ms for the pty and copy any output to stdout; if outlen > 0,
 * also write as much of out as the pty accepts.  Returns bytes written.
 */
static size_t pump(int ms, const char *out, size_t outlen)
{
	struct pollfd pfd = { .fd = d.master, .events = POLLIN };
	ssize_t n;

	if (d.master < 0 || d.eof) {
		poll(NULL, 0, ms);
		return 0;
	}
	if (outlen)
		pfd.events |= POLLOUT;
	if (poll(&pfd, 1, ms) < 0) {
		if (errno != EINTR)
			fail(125, "%s: poll: %s", d.what, strerror(errno));
		return 0;
	}
	if (pfd.revents & (POLLIN | POLLHUP | POLLERR))
		read_master();
	if (!outlen || d.eof || !(pfd.revents & POLLOUT))
		return 0;
	n = write(d.master, out, outlen);
	if (n >= 0)
		return n;
	if (errno != EINTR && errno != EAGAIN)
		fail(125, "%s: write to pty: %s", d.what, strerror(errno));
	return 0;
}

/* Output may stop arriving, so every waiting step goes through here. */
static void await_output(int64_t deadline)
{
	int ms;

	if (d.eof || d.master < 0)
		fail(125, "%s: child exited before match", d.what);
	ms = remaining(deadline);
	if (!ms)
		step_timeout();
	pump(ms, NULL, 0);
}

static bool wait_child(int64_t deadline)
{
	size_t before;
	pid_t r;
	int ms;

	while (!d.reaped) {
		r = waitpid(d.pid, &d.status, WNOHANG);
		if (r == d.pid) {
			d.reaped = true;
			break;
		}
		if (r < 0 && errno != EINTR)
			fail(125, "%s: waitpid: %s", d.what, strerror(errno));
		ms = remaining(deadline);
		if (!ms)
			return false;
		/* Output wakes us early; child exit is noticed within 10ms. */
		pump(ms < 10 ? ms : 10, NULL, 0);
	}
	/*
	 * Collect output still in flight.  A background job may keep the
	 * slave open, so stop at the first quiet 100ms rather than at EOF.
	 */
	for (before = SIZE_MAX; d.master >= 0 && !d.eof && d.len != before;) {
		before = d.len;
		pump(100, NULL, 0);
	}
	return true;
}

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' :
	       tolower((unsigned char)c) - 'a' + 10;
}

/* Decode the escapes of TEXT into d.scratch; returns its length. */
static size_t decode(const char *s)
{
	char *o;
	int c;

	free(d.scratch);
	d.scratch = o = malloc(strlen(s) + 1);
	if (!o)
		fail(125, "out of memory");
	while (*s) {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		switch (s[1]) {
		case 'r':
			*o++ = '\r';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case 'e':
			*o++ = '\033';
			break;
		case 'x':
			if (!isxdigit((unsigned char)s[2]) ||
			    !isxdigit((unsigned char)s[3]))
				fail(125, "%s: bad \\x escape", d.what);
			*o++ = hexval(s[2]) << 4 | hexval(s[3]);
			s += 2;
			break;
		case '^':
			c = toupper((unsigned char)s[2]);
			if (c == '?')
				*o++ = 0x7f;
			else if (c >= '@' && c <= '_')
				*o++ = c ^ 0x40;
			else
				fail(125, "%s: bad \\^ escape", d.what);
			s++;
			break;
		default:
			fail(125, "%s: bad escape \"\\%c\"", d.what, s[1]);
		}
		s += 2;
	}
	return o - d.scratch;
}

static void need_arg(const char *arg)
{
	if (!arg || !*arg)
		fail(125, "%s: missing argument", d.what);
}

static void cmd_send(char *arg)
{
	int64_t deadline = now_ms() + d.timeout_ms;
	size_t n, off = 0;
	int ms;

	need_arg(arg);
	n = decode(arg);
	while (off < n) {
		if (d.master < 0)
			fail(125, "%s: pty already closed", d.what);
		if (d.eof)
			fail(125, "%s: child has exited", d.what);
		ms = remaining(deadline);
		if (!ms)
			step_timeout();
		off += pump(ms, d.scratch + off, n - off);
	}
}

static void cmd_expect(char *arg)
{
	int64_t deadline = now_ms() + d.timeout_ms;
	const char *p;
	size_t n;

	need_arg(arg);
	n = decode(arg);
	for (;;) {
		p = memmem(d.buf + d.pos, d.len - d.pos, d.scratch, n);
		if (p) {
			d.pos = p - d.buf + n;
			return;
		}
		await_output(deadline);
	}
}

/* regexec() stops at NUL, so match a copy with NULs replaced. */
static void copy_tail(void)
{
	size_t i, n = d.len - d.pos;
	char *t = realloc(d.tail, n + 1);

	if (!t)
		fail(125, "out of memory");
	d.tail = t;
	memcpy(t, d.buf + d.pos, n);
	for (i = 0; i < n; i++)
		if (!t[i])
			t[i] = '\x01';
	t[n] = '\0';
}

static void cmd_match(char *arg)
{
	int64_t deadline = now_ms() + d.timeout_ms;
	size_t seen = SIZE_MAX;
	char msg[128];
	regmatch_t m;
	int err;

	need_arg(arg);
	err = regcomp(&d.re, arg, REG_EXTENDED);
	if (err) {
		regerror(err, &d.re, msg, sizeof(msg));
		fail(125, "%s: %s", d.what, msg);
	}
	d.re_valid = true;
	for (;;) {
		if (d.len != seen) {
			seen = d.len;
			copy_tail();
			err = regexec(&d.re, d.tail, 1, &m, 0);
			if (!err) {
				d.pos += m.rm_eo;
				regfree(&d.re);
				d.re_valid = false;
				return;
			}
			if (err != REG_NOMATCH) {
				regerror(err, &d.re, msg, sizeof(msg));
				fail(125, "%s: %s", d.what, msg);
			}
		}
		await_output(deadline);
	}
}

static void cmd_sleep(char *arg)
{
	int64_t deadline;
	long ms;
	int left;

	need_arg(arg);
	if (!parse_long(arg, 0, 86400000, &ms))
		fail(125, "%s: bad number of milliseconds", d.what);
	deadline = now_ms() + ms;
	while ((left = remaining(deadline)))
		pump(left, NULL, 0);
}

static void cmd_signal(char *arg)
{
	const char *name;
	int sig = -1;
	size_t i;
	long n;

	need_arg(arg);
	if (parse_long(arg, 1, NSIG - 1, &n)) {
		sig = n;
	} else {
		name = strncasecmp(arg, "SIG", 3) ? arg : arg + 3;
		for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
			if (!strcasecmp(name, signals[i].name))
				sig = signals[i].num;
	}
	if (sig < 0)
		fail(125, "%s: unknown signal", d.what);
	if (d.reaped)
		fail(125, "%s: child already exited", d.what);
	if (kill(d.pid, sig) < 0)
		fail(125, "%s: kill: %s", d.what, strerror(errno));
}

static void cmd_winsize(char *arg)
{
	struct winsize ws = { 0 };
	char *rows;
	long c, r;

	need_arg(arg);
	rows = strchr(arg, ' ');
	if (rows)
		*rows++ = '\0';
	if (!rows || !parse_long(arg, 1, USHRT_MAX, &c) ||
	    !parse_long(rows, 1, USHRT_MAX, &r))
		fail(125, "%s: expected COLS ROWS", d.what);
	if (d.master < 0)
		fail(125, "%s: pty already closed", d.what);
	ws.ws_col = c;
	ws.ws_row = r;
	if (ioctl(d.master, TIOCSWINSZ, &ws) < 0)
		fail(125, "%s: TIOCSWINSZ: %s", d.what, strerror(errno));
}

enum proc_want { WANT_FG, WANT_RUNNING, WANT_STOPPED, WANT_ANY };

/*
 * How many processes of the child's session, the child itself aside (of
 * the terminal's foreground group for WANT_FG), are named comm (any name
 * for a NULL comm) and in the wanted state.  -1 when the foreground group
 * is still the child's own.
 */
static long count_procs(enum proc_want want, const char *comm)
{
	char path[300], buf[512], *name, *end;
	struct dirent *e;
	pid_t fg = -1;
	long n = 0;
	int fd, pgrp, sid;
	ssize_t r;
	char state;
	DIR *dir;

	if (want == WANT_FG) {
		fg = d.master >= 0 ? tcgetpgrp(d.master) : -1;
		if (fg < 0 || fg == d.pid)
			return -1;
	}
	dir = opendir("/proc");
	if (!dir)
		fail(125, "%s: /proc: %s", d.what, strerror(errno));
	while ((e = readdir(dir))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		r = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (r <= 0)
			continue;
		buf[r] = '\0';
		/* pid (comm) state ppid pgrp session ... */
		name = strchr(buf, '(');
		end = strrchr(buf, ')');
		if (!name || !end || end < name ||
		    sscanf(end + 1, " %c %*d %d %d", &state, &pgrp, &sid) != 3)
			continue;
		*end = '\0';
		if (sid != d.pid || atoi(buf) == d.pid ||
		    (comm && strcmp(name + 1, comm)))
			continue;
		if (want == WANT_FG && pgrp != fg)
			continue;
		if (state == 'Z' || state == 'X')
			continue;
		if (want == WANT_ANY ||
		    (state == 'T' || state == 't') == (want == WANT_STOPPED))
			n++;
	}
	closedir(dir);
	return n;
}

static void await_procs(enum proc_want want, char *arg)
{
	int64_t deadline = now_ms() + d.timeout_ms;
	char *count = NULL;
	long n = 0;
	int ms;

	if (want == WANT_ANY) {
		if (arg)
			fail(125, "%s: unexpected argument", d.what);
	} else {
		need_arg(arg);
		count = strrchr(arg, ' ');
		if (count)
			*count++ = '\0';
		if (!count || !*arg || !parse_long(count, 0, 100000, &n))
			fail(125, "%s: expected COMM N", d.what);
	}
	while (count_procs(want, arg) != n) {
		if (d.reaped || d.eof)
			fail(125, "%s: child has exited", d.what);
		ms = remaining(deadline);
		if (!ms)
			step_timeout();
		pump(ms < 10 ? ms : 10, NULL, 0);
	}
}

static void cmd_fgjob(char *arg)
{
	await_procs(WANT_FG, arg);
}

static void cmd_running(char *arg)
{
	await_procs(WANT_RUNNING, arg);
}

static void cmd_stopped(char *arg)
{
	await_procs(WANT_STOPPED, arg);
}

static void cmd_alone(char *arg)
{
	await_procs(WANT_ANY, arg);
}

static void cmd_wait(char *arg)
{
	if (arg)
		fail(125, "%s: unexpected argument", d.what);
	if (!wait_child(now_ms() + d.timeout_ms))
		step_timeout();
	d.waited = true;
}

static void cmd_close(char *arg)
{
	if (d.master >= 0) {
		close(d.master);
		d.master = -1;
	}
	cmd_wait(arg);
}

static const struct {
	const char *name;
	void (*run)(char *arg);	/* arg is NULL when the line has none */
} commands[] = {
	{ "send", cmd_send },		{ "expect", cmd_expect },
	{ "match", cmd_match },		{ "sleep", cmd_sleep },
	{ "signal", cmd_signal },	{ "winsize", cmd_winsize },
	{ "wait", cmd_wait },		{ "close", cmd_close },
	{ "fgjob", cmd_fgjob },		{ "running", cmd_running },
	{ "stopped", cmd_stopped },	{ "alone", cmd_alone },
};

static void run_line(char *line)
{
	char *arg;
	size_t i;

	if (line[0] == '#' || !line[strspn(line, " \t")])
		return;
	arg = strchr(line, ' ');
	if (arg)
		*arg++ = '\0';
	if (arg)
		snprintf(d.what, sizeof(d.what), "%s \"%s\"", line, arg);
	else
		snprintf(d.what, sizeof(d.what), "%s", line);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(line, commands[i].name)) {
			commands[i].run(arg);
			return;
		}
	}
	fail(125, "unknown command \"%s\"", line);
}

static void close_fds(void)
{
	long fd, max;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		close(fd);
}

static void __attribute__((noreturn)) exec_child(char **argv)
{
	sigset_t none;
	int sig;

	/* Inherited fds (e.g. Bats' fd 3) would keep the caller waiting. */
	close_fds();
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], argv);
	/* stderr is the pty here, so this shows up in the output. */
	fprintf(stderr, "ptydrive: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_col = 80, .ws_row = 24 };
	size_t linecap = 0;
	char *end;
	ssize_t n;
	int opt, flags, code = 0;
	long v;

	d.timeout_s = 10;
	while ((opt = getopt(argc, argv, "+t:w:h:")) != -1) {
		switch (opt) {
		case 't':
			d.timeout_s = strtod(optarg, &end);
			if (end == optarg || *end ||
			    !(d.timeout_s > 0 && d.timeout_s <= 1e6)) {
				fprintf(stderr, "ptydrive: bad timeout \"%s\"\n",
					optarg);
				usage();
			}
			break;
		case 'w':
		case 'h':
			if (!parse_long(optarg, 1, USHRT_MAX, &v)) {
				fprintf(stderr, "ptydrive: bad -%c \"%s\"\n",
					opt, optarg);
				usage();
			}
			if (opt == 'w')
				ws.ws_col = v;
			else
				ws.ws_row = v;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	d.timeout_ms = (int64_t)(d.timeout_s * 1000 + 0.5);
	snprintf(d.what, sizeof(d.what), "startup");
	reserve(READ_CHUNK);

	d.pid = forkpty(&d.master, NULL, NULL, &ws);
	if (d.pid < 0) {
		fprintf(stderr, "ptydrive: forkpty: %s\n", strerror(errno));
		cleanup();
		return 125;
	}
	if (d.pid == 0)
		exec_child(argv + optind);

	/* A vanished reader of stdout must give EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	flags = fcntl(d.master, F_GETFL);
	if (flags < 0 || fcntl(d.master, F_SETFL, flags | O_NONBLOCK) < 0)
		fail(125, "fcntl: %s", strerror(errno));

	while ((n = getline(&d.line, &linecap, stdin)) >= 0) {
		d.lineno++;
		if (n > 0 && d.line[n - 1] == '\n')
			d.line[n - 1] = '\0';
		run_line(d.line);
	}
	d.lineno = 0;
	snprintf(d.what, sizeof(d.what), "end of script");
	if (ferror(stdin))
		fail(125, "reading script: %s", strerror(errno));

	if (!d.reaped) {
		close(d.master);
		d.master = -1;
		if (!wait_child(now_ms() + d.timeout_ms))
			kill_child();
	}
	if (d.waited)
		code = WIFEXITED(d.status) ? WEXITSTATUS(d.status) :
		       128 + WTERMSIG(d.status);
	cleanup();
	return code;
}
