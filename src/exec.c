/*
 * exec.c - one simple command: builtin lookup, PATH search, fork, execve,
 * waitpid.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "exec.h"
#include "shell.h"
#include "signals.h"

extern char **environ;

/* A regular file we may execute.  Directories are never "found". */
static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EACCES;
		return -1;
	}
	if (access(path, X_OK) < 0)
		return -1;
	return 0;
}

char *exec_path_search(const char *name)
{
	const char *path = getenv("PATH");
	const char *p;
	int err = ENOENT;

	if (strchr(name, '/')) {
		if (executable(name) < 0)
			return NULL;
		return strdup(name);
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p++) {
		const char *end = strchrnul(p, ':');
		size_t dlen = (size_t)(end - p);
		char *full = malloc(dlen + strlen(name) + 3);

		if (!full)
			return NULL;
		/* An empty PATH entry means the current directory. */
		if (dlen == 0)
			sprintf(full, "./%s", name);
		else
			sprintf(full, "%.*s/%s", (int)dlen, p, name);
		if (executable(full) == 0)
			return full;
		if (errno == EACCES)
			err = EACCES;
		free(full);
		if (*end == '\0')
			break;
		p = end;
	}
	errno = err;
	return NULL;
}

int exec_wait_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	if (WIFSTOPPED(wstatus))
		return 128 + WSTOPSIG(wstatus);
	return 1;
}

/*
 * In the child: replace this process with PATH.  A file that the kernel
 * will not run (ENOEXEC: no #! line, not ELF) is a shell script by POSIX
 * rules, so run it with this shell.  Never returns.
 */
static _Noreturn void exec_child(const char *path, int argc, char **argv)
{
	sig_reset_for_child();
	execve(path, argv, environ);
	if (errno == ENOEXEC) {
		char **nargv = calloc((size_t)argc + 2, sizeof(*nargv));

		if (nargv) {
			nargv[0] = (char *)shell.arg0;
			nargv[1] = (char *)path;
			for (int i = 1; i < argc; i++)
				nargv[i + 1] = argv[i];
			execve("/proc/self/exe", nargv, environ);
		}
		errno = ENOEXEC;
	}
	sh_warn_errno("%s", argv[0]);
	_exit(errno == ENOENT ? 127 : 126);
}

/* Report how a child died, as bash does; a Ctrl-C only ends the line. */
static void report_signal(int wstatus)
{
	int sig;

	if (!WIFSIGNALED(wstatus))
		return;
	sig = WTERMSIG(wstatus);
	if (sig == SIGINT) {
		if (shell.interactive)
			write_all(STDERR_FILENO, "\n", 1);
		return;
	}
	if (sig == SIGPIPE)
		return;
	dprintf(STDERR_FILENO, "%s%s\n", strsignal(sig),
		WCOREDUMP(wstatus) ? " (core dumped)" : "");
}

int exec_simple(int argc, char **argv)
{
	const struct builtin *b = builtin_find(argv[0]);
	char *path;
	pid_t pid;
	int wstatus;

	if (b)
		return builtin_run(b, argc, argv);

	path = exec_path_search(argv[0]);
	if (!path) {
		if (errno == ENOENT && !strchr(argv[0], '/')) {
			sh_warn("%s: command not found", argv[0]);
			return 127;
		}
		sh_warn_errno("%s", argv[0]);
		return errno == ENOENT ? 127 : 126;
	}

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		sh_warn_errno("fork");
		free(path);
		return 126;
	}
	if (pid == 0)
		exec_child(path, argc, argv);
	free(path);

	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR) {
			sh_warn_errno("waitpid");
			return 1;
		}
	}
	report_signal(wstatus);
	return exec_wait_status(wstatus);
}
