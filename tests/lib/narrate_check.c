/*
 * narrate_check - drive src/narrate.c from tests/narrate.bats.
 *
 *   narrate_check [--color=auto|always|never] COMMAND [ARG...]
 *
 *   lines          typical lines: a note, an error, no result, and two
 *                  calls that return an error number (pthread_*)
 *   errno          narrate() leaves errno as the failed call set it
 *   fork N M       the parent and N children each narrate M lines at once;
 *                  stdout gets "child K pid P" for each child
 *   tty            narrate onto a pseudo-terminal; stdout gets its bytes
 *   long           a line longer than narrate's buffer
 *   flags N...     narrate_open_flags of each N (strtol base 0)
 *   status         narrate_wait_status of real and made-up statuses
 *   signal N...    narrate_signal_name of each N
 *   target         narrate_fd_target of a pipe's two ends and a closed fd
 *   string MAX S...  narrate_string of each S (printf escapes taken), cut
 *                  after MAX bytes; then of a failed read, errno kept
 *
 * Narration goes to stderr, as in the shell.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "narrate.h"

static void lines(void)
{
	int fd;

	narrate(NR_pipe, 0, "[%d, %d]\tfd %d read end, fd %d write end",
		3, 4, 3, 4);
	narrate(NR_fork, 4101, "%s", "");
	narrate(NR_execve, NARRATE_NORESULT, "\"%s\", [\"%s\"], envp",
		"/usr/bin/ls", "ls");
	narrate(NR_waitpid, 4101, "4101, WUNTRACED\texited, status 0");
	fd = open("missing", O_RDONLY);
	narrate(NR_open, fd, "\"missing\", O_RDONLY");
	errno = ENOENT;
	narrate_errnum(NR_pthread_join, EINVAL, "t1, &retval");
	narrate_errnum(NR_pthread_create, 0, "&t1, NULL, worker, NULL");
}

static int check_errno(void)
{
	int fd = open("missing", O_RDONLY);

	narrate(NR_open, fd, "\"missing\", O_RDONLY");
	printf("errno after narrate: %s\n",
	       errno == ENOENT ? "ENOENT" : "changed");
	return errno == ENOENT ? 0 : 1;
}

/* Children wait for the parent to close GO, so all of them write at once. */
static int fork_many(int children, int count)
{
	char filler[300];
	int go[2];

	memset(filler, 'x', sizeof(filler) - 1);
	filler[sizeof(filler) - 1] = '\0';
	if (pipe(go) < 0)
		return 1;
	fflush(stdout);
	for (int k = 1; k <= children; k++) {
		pid_t pid = fork();
		char c;

		if (pid < 0)
			return 1;
		if (pid > 0) {
			printf("child %d pid %ld\n", k, (long)pid);
			continue;
		}
		close(go[1]);
		while (read(go[0], &c, 1) < 0 && errno == EINTR)
			;
		for (int i = 0; i < count; i++)
			narrate(NR_write, (long)sizeof(filler),
				"\"%s\"\tchild %d line %d", filler, k, i);
		_exit(0);
	}
	fflush(stdout);
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < count; i++)
		narrate(NR_write, (long)sizeof(filler),
			"\"%s\"\tchild 0 line %d", filler, i);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}

static int tty(void)
{
	char buf[4096];
	int master, slave;
	ssize_t n;

	if (openpty(&master, &slave, NULL, NULL, NULL) < 0) {
		perror("openpty");
		return 1;
	}
	narrate_set_fd(slave);
	narrate(NR_pipe, 0, "[3, 4]\tfd 3 read end, fd 4 write end");
	narrate(NR_kill, 0, "4101, SIGINT");
	close(slave);
	/* With the slave closed, the master reads what is left, then EIO. */
	while ((n = read(master, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	return 0;
}

static void long_line(void)
{
	static char huge[5000];

	memset(huge, 'y', sizeof(huge) - 1);
	narrate(NR_write, 4999, "1, \"%s\", 4999\tnote never seen", huge);
}

static int status(void)
{
	char buf[64];
	int st;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(3);
	waitpid(pid, &st, 0);
	printf("exit: %s\n", narrate_wait_status(st, buf, sizeof(buf)));

	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	printf("stop: %s\n", narrate_wait_status(st, buf, sizeof(buf)));
	kill(pid, SIGCONT);
	waitpid(pid, &st, WCONTINUED);
	printf("cont: %s\n", narrate_wait_status(st, buf, sizeof(buf)));
	kill(pid, SIGINT);
	waitpid(pid, &st, 0);
	printf("kill: %s\n", narrate_wait_status(st, buf, sizeof(buf)));

	/* Whether a real core is written depends on RLIMIT_CORE. */
	st = W_EXITCODE(0, SIGSEGV) | WCOREFLAG;
	printf("core: %s\n", narrate_wait_status(st, buf, sizeof(buf)));
	st = W_STOPCODE(SIGTSTP);
	printf("tstp: %s\n", narrate_wait_status(st, buf, sizeof(buf)));
	return 0;
}

static int target(void)
{
	char a[64], b[64], c[64];
	int fd[2];

	if (pipe(fd) < 0)
		return 1;
	close(9);
	printf("%s %s %s\n", narrate_fd_target(0, fd[0], a, sizeof(a)),
	       narrate_fd_target(getpid(), fd[1], b, sizeof(b)),
	       narrate_fd_target(0, 9, c, sizeof(c)));
	return 0;
}

int main(int argc, char **argv)
{
	char buf[256];
	int i = 1;

	if (i < argc && strncmp(argv[i], "--color=", 8) == 0) {
		const char *mode = argv[i++] + 8;

		narrate_set_color(strcmp(mode, "always") == 0 ? COLOR_ALWAYS :
				  strcmp(mode, "never") == 0 ? COLOR_NEVER :
				  COLOR_AUTO);
	}
	if (i >= argc) {
		fprintf(stderr, "usage: narrate_check [--color=MODE] COMMAND [ARG...]\n");
		return 2;
	}
	if (strcmp(argv[i], "lines") == 0) {
		lines();
	} else if (strcmp(argv[i], "errno") == 0) {
		return check_errno();
	} else if (strcmp(argv[i], "fork") == 0 && i + 2 < argc) {
		return fork_many(atoi(argv[i + 1]), atoi(argv[i + 2]));
	} else if (strcmp(argv[i], "tty") == 0) {
		return tty();
	} else if (strcmp(argv[i], "long") == 0) {
		long_line();
	} else if (strcmp(argv[i], "flags") == 0) {
		while (++i < argc) {
			int flags = (int)strtol(argv[i], NULL, 0);

			printf("%s\n", narrate_open_flags(flags, buf, sizeof(buf)));
		}
	} else if (strcmp(argv[i], "status") == 0) {
		return status();
	} else if (strcmp(argv[i], "signal") == 0) {
		while (++i < argc)
			printf("%s\n", narrate_signal_name(atoi(argv[i])));
	} else if (strcmp(argv[i], "target") == 0) {
		return target();
	} else if (strcmp(argv[i], "string") == 0 && i + 1 < argc) {
		size_t max = strtoul(argv[++i], NULL, 10);

		while (++i < argc)
			printf("%s\n", narrate_string(argv[i], (long)strlen(argv[i]), max,
						      buf, sizeof(buf)));
		errno = EBADF;
		narrate_string("x", -1, max, buf, sizeof(buf));
		printf("%s %s\n", buf, errno == EBADF ? "errno kept" : "errno lost");
		/* a buffer too small for the whole string: cut, never overrun */
		printf("%s\n", narrate_string("abcdefghijklmnopqrstuvwxyz", 26, max, buf, 16));
	} else {
		fprintf(stderr, "narrate_check: %s: unknown command\n", argv[i]);
		return 2;
	}
	return 0;
}
