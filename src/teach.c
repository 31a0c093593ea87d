/*
 * teach.c - what every teaching builtin shares (see teach.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "shell.h"
#include "signals.h"
#include "teach.h"
#include "trap.h"

struct teach_options teach;

/* The signals that end a demo, and what they did before it began. */
static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define NSTOP (sizeof(stop_signals) / sizeof(stop_signals[0]))
static struct sigaction saved_action[NSTOP];

static volatile sig_atomic_t stop_sig;
static pid_t owner;		/* the process that ran teach_begin */
static pid_t owner_tid;		/* and its thread: only it pauses for --step */
static bool active;
static size_t mark;		/* the cleanup registry's mark */

static void on_stop(int sig)
{
	if (!stop_sig)
		stop_sig = sig;
}

int teach_interrupted(void)
{
	return stop_sig;
}

int teach_sleep(unsigned ms)
{
	struct timespec left = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&left, &left) < 0) {
		if (errno != EINTR || stop_sig)
			return -1;
	}
	return stop_sig ? -1 : 0;
}

bool teach_number(const char *s, int base, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, base);
	if (!*s || *end || errno || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool teach_size(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0, mult = 1;
	bool huge = false;	/* past ULLONG_MAX: taken as ULLONG_MAX */
	const char *p = s;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (ULLONG_MAX - d) / 10)
			huge = true;
		else
			v = v * 10 + d;
	}
	switch (*p) {
	case 'k': case 'K':
		mult = 1ULL << 10;
		p++;
		break;
	case 'm': case 'M':
		mult = 1ULL << 20;
		p++;
		break;
	case 'g': case 'G':
		mult = 1ULL << 30;
		p++;
		break;
	}
	if (*p == 'B' || *p == 'b')
		p++;
	if (*p)
		return false;
	v = huge || v > ULLONG_MAX / mult ? ULLONG_MAX : v * mult;
	if (v > max)
		return false;
	*out = v;
	return true;
}

double teach_seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

const char *teach_time(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (t == 0)
		snprintf(buf, n, "never");
	else if (!localtime_r(&t, &tm) ||
		 !strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, n, "%lld", (long long)t);
	return buf;
}

/* --step: wait for Enter at the terminal; "q" stops the demo. */
static void step_pause(void)
{
	static const char prompt[] = "    -- step: Enter for the next call, q to stop -- ";
	char c = 0, first = 0;
	ssize_t n;

	if (write_all(STDERR_FILENO, prompt, sizeof(prompt) - 1) < 0)
		return;
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR && !stop_sig)
			continue;
		if (n <= 0 || c == '\n')
			break;
		if (!first)
			first = c;
	}
	if (n == 0)	/* end of input: no more pauses */
		teach.step = false;
	if (first == 'q' && !stop_sig)
		stop_sig = SIGINT;
}

/* Called by narrate() after each line. */
static void after_narration(void)
{
	if (!active || stop_sig)
		return;
	if (teach.step && gettid() == owner_tid && isatty(STDIN_FILENO))
		step_pause();
	if (teach.slow_ms)
		teach_sleep(teach.slow_ms);
}

int teach_begin(int argc, char **argv)
{
	int out = 1, i;

	memset(&teach, 0, sizeof(teach));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			break;
		} else if (!strcmp(a, "--step")) {
			teach.step = true;
		} else if (!strcmp(a, "--quiet")) {
			teach.quiet = true;
		} else if (!strcmp(a, "--slow") || !strncmp(a, "--slow=", 7)) {
			const char *v = a[6] == '=' ? a + 7 : argv[++i];
			long ms;

			if (!v)
				return bi_usage("--slow: a number of milliseconds is required"), -1;
			if (!teach_number(v, 10, 0, 60000, &ms))
				return bi_usage("--slow: %s: not a number of milliseconds (0 to 60000)", v), -1;
			teach.slow_ms = (unsigned)ms;
		} else {
			argv[out++] = argv[i];
		}
	}
	for (; i < argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;

	fflush(NULL);
	stop_sig = 0;
	owner = getpid();
	owner_tid = gettid();
	active = true;
	mark = cleanup_mark();
	narrate_set_quiet(teach.quiet);
	narrate_set_after(after_narration);
	for (size_t k = 0; k < NSTOP; k++) {
		struct sigaction sa = { 0 };

		sigaction(stop_signals[k], NULL, &saved_action[k]);
		if (saved_action[k].sa_handler == SIG_IGN)
			continue;
		sa.sa_handler = on_stop;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = 0;	/* no SA_RESTART: blocking calls see EINTR */
		sigaction(stop_signals[k], &sa, NULL);
	}
	return out;
}

int teach_end(int status)
{
	int sig = stop_sig;

	if (!active || getpid() != owner)
		return status;
	fflush(NULL);
	/* Pacing off first: the cleanup is narrated without pauses. */
	teach.step = false;
	teach.slow_ms = 0;
	cleanup_demo(mark);
	narrate_set_after(NULL);
	narrate_set_quiet(false);
	active = false;
	for (size_t k = 0; k < NSTOP; k++)
		sigaction(stop_signals[k], &saved_action[k], NULL);
	if (!sig)
		return status;
	stop_sig = 0;

	/*
	 * Let the signal do what it would have done without the demo: kill
	 * a script (after the shell's own cleanup, since it will not reach
	 * its exit path), run a trap, hang up the interactive shell.  Ctrl-C
	 * at an interactive shell just ends the demo.
	 */
	for (size_t k = 0; k < NSTOP; k++) {
		const struct sigaction *old = &saved_action[k];
		const char *action = trap_get(sig);

		if (stop_signals[k] != sig)
			continue;
		if (old->sa_handler == SIG_IGN)
			break;
		if (old->sa_handler == SIG_DFL) {
			if (getpid() == shell.pid)
				cleanup_shell();
			raise(sig);
		} else if (sig != SIGINT || !shell.interactive ||
			   (action && *action)) {
			raise(sig);
		}
		break;
	}
	return 128 + sig;
}

int teach_out(const char *fmt, ...)
{
	char buf[4096], *p = buf;
	va_list ap;
	int n, r;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof(buf)) {
		p = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fflush(stdout);
	r = write_all(STDOUT_FILENO, p, (size_t)n);
	if (p != buf)
		free(p);
	return r;
}

FILE *teach_open_list(const char *path, const char *note)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;
	FILE *f = NULL;

	narrate(NR_open, fd, "\"%s\", O_RDONLY|O_CLOEXEC\t%s", path, note);
	if (fd >= 0 && (f = fdopen(fd, "r")) != NULL)
		return f;
	err = errno;
	if (fd >= 0)
		close(fd);
	errno = err;
	bi_error_errno("%s", path);
	return NULL;
}

pid_t teach_fork(void)
{
	sigset_t stops, old;
	pid_t pid;

	/* Block the stop signals across fork: a Ctrl-C that reached the
	 * child before it put SIGINT back to SIG_DFL would only set the
	 * child's copy of the flag, and be lost. */
	sigemptyset(&stops);
	for (size_t k = 0; k < NSTOP; k++)
		sigaddset(&stops, stop_signals[k]);
	sigprocmask(SIG_BLOCK, &stops, &old);
	fflush(NULL);
	pid = fork();
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		int err = errno;

		narrate(NR_fork, -1, "%s", "");
		errno = err;
		bi_error_errno("fork");
		if (err == EAGAIN)
			bi_hint("EAGAIN: the limit on processes was reached (ulimit -u, or the kernel's pid_max / threads-max); what was started is cleaned up");
		else if (err == ENOMEM)
			bi_hint("ENOMEM: the kernel could not find memory for the new process's tables");
		return -1;
	}
	if (pid == 0) {
		cleanup_after_fork();
		for (size_t k = 0; k < NSTOP; k++)
			if (saved_action[k].sa_handler != SIG_IGN)
				signal(stop_signals[k], SIG_DFL);
		/* Then the shell's other dispositions, and unblock all: a stop
		 * signal pending since the fork acts now, at its default. */
		sig_reset_for_child();
		/* Ctrl-Z cannot stop a builtin, so it stops none of its
		 * children either: the demo would wait for them forever. */
		if (shell.interactive)
			signal(SIGTSTP, SIG_IGN);
		narrate(NR_fork, 0, "\tin the child: fork returns 0; my PID is %ld",
			(long)getpid());
		return 0;
	}
	cleanup_add(CLEAN_PROCESS, CLEAN_DEMO, pid, NULL);
	narrate(NR_fork, pid, "\tin the parent: fork returns the child's PID");
	return pid;
}

_Noreturn void teach_child_exit(int status)
{
	fflush(NULL);
	_exit(status);
}

/* "WNOHANG|WUNTRACED" */
static const char *wait_options(int options, char *buf, size_t n)
{
	buf[0] = '\0';
	if (options & WNOHANG)
		snprintf(buf + strlen(buf), n - strlen(buf), "|WNOHANG");
	if (options & WUNTRACED)
		snprintf(buf + strlen(buf), n - strlen(buf), "|WUNTRACED");
	if (options & WCONTINUED)
		snprintf(buf + strlen(buf), n - strlen(buf), "|WCONTINUED");
	if (!buf[0])
		return "0";
	return buf + 1;
}

pid_t teach_wait(pid_t pid, int *wstatus, int options)
{
	char opts[64], what[80];
	int ws = 0;
	pid_t r;

	while ((r = waitpid(pid, &ws, options)) < 0 && errno == EINTR &&
	       !stop_sig)
		;
	if (r < 0) {
		narrate(NR_waitpid, -1, "%ld, &status, %s", (long)pid,
			wait_options(options, opts, sizeof(opts)));
		return -1;
	}
	if (r == 0) {
		narrate(NR_waitpid, 0, "%ld, &status, %s\tno child has changed state yet",
			(long)pid, wait_options(options, opts, sizeof(opts)));
		return 0;
	}
	narrate(NR_waitpid, r, "%ld, &status, %s\t%s", (long)pid,
		wait_options(options, opts, sizeof(opts)),
		narrate_wait_status(ws, what, sizeof(what)));
	if (WIFEXITED(ws) || WIFSIGNALED(ws))
		cleanup_forget(CLEAN_PROCESS, r, NULL);
	if (wstatus)
		*wstatus = ws;
	return r;
}
