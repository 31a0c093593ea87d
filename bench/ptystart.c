/*
 * ptystart: time an interactive shell's start on a pty, 'exit' typed.
 *
 *   ptystart K PROGRAM [ARG...]
 *
 * K times: forkpty, exec PROGRAM, type "exit\r", read the pty until the
 * child closes it, waitpid.  Prints the median wall time of one run in ms.
 * Exit 0, or 1 when a run failed (status shown on stderr), 124 when a run
 * took more than 10 s.  bench/run compiles it with $CC when it can; unlike
 * tests/lib/ptydrive, whose wait step polls for the child every 10 ms, it
 * blocks in read(2) and waitpid(2) so the time is not rounded up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "ptystart: timed out after 10 s\n";
	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(124);
	_exit(124);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct sigaction sa;
	double *t;
	long k, i;
	char buf[4096];

	if (argc < 3 || (k = atol(argv[1])) < 1) {
		fprintf(stderr, "usage: ptystart K PROGRAM [ARG...]\n");
		return 2;
	}
	t = calloc(k, sizeof *t);
	if (!t)
		return 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	for (i = 0; i < k; i++) {
		double t0 = now_ms();
		int master, status;
		pid_t pid;
		ssize_t n;

		alarm(10);
		pid = forkpty(&master, NULL, NULL, &ws);
		if (pid < 0) {
			perror("ptystart: forkpty");
			return 1;
		}
		if (pid == 0) {
			execvp(argv[2], argv + 2);
			perror(argv[2]);
			_exit(127);
		}
		if (write(master, "exit\r", 5) != 5) {
			perror("ptystart: write");
			return 1;
		}
		/* Read until the slave side is closed (EIO on Linux). */
		while ((n = read(master, buf, sizeof buf)) > 0 ||
		       (n < 0 && errno == EINTR))
			;
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR) {
				perror("ptystart: waitpid");
				return 1;
			}
		close(master);
		alarm(0);
		t[i] = now_ms() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "ptystart: %s: %s %d\n", argv[2],
				WIFEXITED(status) ? "exit status" : "signal",
				WIFEXITED(status) ? WEXITSTATUS(status) :
				WTERMSIG(status));
			return 1;
		}
	}
	qsort(t, k, sizeof *t, cmp);
	printf("%.4f\n", k % 2 ? t[k / 2] : (t[k / 2 - 1] + t[k / 2]) / 2);
	return 0;
}
