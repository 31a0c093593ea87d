/*
 * main.c - options, startup files, and the read-eval loop.
 *
 * Invocation follows sh(1p):
 *   labsh [-abCefhimnuvx] [-o opt]... [+abCefhimnuvx] [+o opt]...
 *         [-c string [name [arg...]] | -s [arg...] | file [arg...]]
 * plus GNU-style --help, --version, --norc and --narrate.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "cleanup.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "history.h"
#include "input.h"
#include "jobs.h"
#include "lineedit.h"
#include "narrate.h"
#include "options.h"
#include "rundir.h"
#include "shell.h"
#include "signals.h"
#include "trap.h"
#include "vars.h"

struct shell shell;

extern char **environ;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTION]... [FILE [ARG]...]\n"
		"       %s [OPTION]... -c COMMAND [NAME [ARG]...]\n",
		LABSH_NAME, LABSH_NAME);
}

static void help(void)
{
	usage(stdout);
	printf("A Unix shell for teaching systems programming.\n"
	       "\n"
	       "  -c             read commands from the COMMAND string\n"
	       "  -i             interactive: prompt, line editing, history\n"
	       "  -s             read commands from standard input\n"
	       "  -abCefhmnuvx   set options, as the set builtin does "
	       "(+ turns them off)\n"
	       "  -o OPTION      set an option by name (+o turns it off)\n"
	       "      --norc     do not read ~/.labshrc\n"
	       "      --narrate  narrate the system calls the shell makes "
	       "(set -o narrate)\n"
	       "      --color=WHEN  colour narration: auto, always or never\n"
	       "      --help     display this help and exit\n"
	       "      --version  output version information and exit\n"
	       "\n"
	       "With no FILE and no -c, commands are read from standard "
	       "input;\nthe shell is interactive when standard input and "
	       "standard error are terminals.\n"
	       "Type 'help' at the prompt for the builtins; see labsh(1).\n");
}

static void version(void)
{
	printf(LABSH_NAME " " PACKAGE_VERSION "\n");
#if HAVE_LINEEDIT
	printf("line editing: %s\n", lineedit_version());
#else
	printf("line editing: none (plain reader)\n");
#endif
	printf("License GPLv2+: GNU GPL version 2 or later "
	       "<https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and "
	       "redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n");
}

_Noreturn void shell_exit(int status)
{
	/* The EXIT trap sees the exit status in $? (it may exit itself). */
	shell.status = status;
	trap_run_exit();
	/* A forked child (a subshell, a pipeline stage) leaves quietly:
	 * the history and the cleanups belong to the shell itself. */
	if (getpid() != shell.pid) {
		fflush(NULL);
		_exit(status & 0xff);
	}
	if (shell.interactive) {
		job_hangup_all();	/* as bash does when it exits */
		hist_save();
#if HAVE_LINEEDIT
		lineedit_finish();
#endif
	}
	/* What the teaching builtins made to outlive them (`shm create`, a
	 * daemon) goes with the shell. */
	cleanup_shell();
	rundir_remove_if_empty();
	fflush(NULL);
	hist_free();
	func_free_all();
	eval_free_all();
	var_free_all();
	st_free_all();
	exit(status & 0xff);
}

/*
 * Open a file of commands on a private, close-on-exec descriptor above the
 * ones a user is likely to redirect.  A directory opens fine but cannot be
 * read, so it is refused here with EISDIR.  Returns -1 with errno set.
 */
static int open_commands(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int high;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (high >= 0) {
		close(fd);
		fd = high;
	}
	return fd;
}

/* Run the commands of FD to the end; an error stops the file only. */
static void run_file_guarded(int fd)
{
	struct input *in = input_from_fd(fd);
	struct handler h;

	if (!in)
		return;
	handler_push(&h);
	if (sigsetjmp(h.env, 0) == 0) {
		eval_input(in);
		handler_pop(&h);
	}
	input_free(in);
}

/*
 * Run the commands of ~/.labshrc.  A missing file is normal; one that
 * cannot be read gets a warning and the shell starts anyway.
 */
static void run_rc(void)
{
	const char *home = getenv("HOME");
	char *path;
	int fd;

	if (!home || !*home)
		return;
	if (asprintf(&path, "%s/.labshrc", home) < 0)
		return;
	fd = open_commands(path);
	if (fd < 0 && errno != ENOENT)
		sh_warn_errno("%s", path);
	free(path);
	if (fd >= 0)
		run_file_guarded(fd);
}

/* Open the script FILE; exit with 127 if it is missing, else 126. */
static struct input *open_script(const char *file)
{
	struct input *in;
	int fd = open_commands(file);

	if (fd < 0) {
		sh_warn_errno("%s", file);
		exit(errno == ENOENT ? 127 : 126);
	}
	in = input_from_fd(fd);
	if (!in) {
		sh_warn_errno("%s", file);
		exit(126);
	}
	return in;
}

struct invocation {
	bool c, i, s;
};

static _Noreturn void bad_option(const char *what)
{
	sh_warn("%s: invalid option", what);
	usage(stderr);
	exit(2);
}

/* Parse the options; returns the index of the first operand. */
static int parse_options(int argc, char **argv, struct invocation *inv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool on = a[0] == '-';

		if (strcmp(a, "--") == 0 || strcmp(a, "-") == 0)
			return i + 1;
		if (strcmp(a, "--help") == 0) {
			help();
			exit(0);
		}
		if (strcmp(a, "--version") == 0) {
			version();
			exit(0);
		}
		if (strcmp(a, "--norc") == 0) {
			shell.norc = true;
			continue;
		}
		if (strcmp(a, "--narrate") == 0) {
			shell.opt.narrate = true;
			continue;
		}
		if (strncmp(a, "--color", 7) == 0) {
			const char *when = a[7] == '=' ? a + 8 : a[7] ? NULL : "always";

			if (when && strcmp(when, "never") == 0)
				narrate_set_color(COLOR_NEVER);
			else if (when && strcmp(when, "always") == 0)
				narrate_set_color(COLOR_ALWAYS);
			else if (when && strcmp(when, "auto") == 0)
				narrate_set_color(COLOR_AUTO);
			else
				bad_option(a);
			continue;
		}
		if (a[0] == '-' && a[1] == '-')
			bad_option(a);
		if ((a[0] != '-' && a[0] != '+') || a[1] == '\0')
			return i;
		for (const char *p = a + 1; *p; p++) {
			if (*p == 'c' && on) {
				inv->c = true;
			} else if (*p == 'i') {
				inv->i = on;
			} else if (*p == 's' && on) {
				inv->s = true;
			} else if (*p == 'o') {
				if (++i >= argc) {
					/* "labsh -o" alone: print the options */
					opt_print(!on);
					exit(0);
				}
				if (opt_set_name(argv[i], on) < 0)
					bad_option(argv[i]);
			} else if (opt_set_letter(*p, on) < 0) {
				char buf[3] = { on ? '-' : '+', *p, '\0' };

				bad_option(buf);
			}
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	struct invocation inv = { false, false, false };
	const char *command = NULL;
	struct input *in = NULL;
	int first;

	static char outbuf[BUFSIZ];

	/*
	 * Builtins print through stdout.  A buffer of our own, not one
	 * malloc(3)ed at the first printf, means a child forked for $(echo)
	 * allocates nothing and copies fewer pages.  The mode is glibc's own
	 * default: line-buffered on a terminal.
	 */
	setvbuf(stdout, outbuf, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, sizeof(outbuf));
	shell.pid = getpid();
	shell.arg0 = argv[0];
	var_init(environ);

	first = parse_options(argc, argv, &inv);
	if (inv.c) {
		if (first >= argc) {
			sh_warn("-c: option requires an argument");
			usage(stderr);
			return 2;
		}
		command = argv[first++];
		if (first < argc)
			shell.arg0 = argv[first++];
	} else if (first < argc && !inv.s) {
		shell.arg0 = argv[first];
		in = open_script(argv[first++]);
	} else {
		/* POSIX: interactive if stdin and stderr are terminals. */
		inv.i = inv.i || (isatty(STDIN_FILENO) && isatty(STDERR_FILENO));
		in = inv.i ? input_from_terminal() : input_from_fd(STDIN_FILENO);
		if (!in) {
			sh_warn_errno("input");
			return 2;
		}
	}
	pos_set(argc - first, argv + first);
	shell.interactive = inv.i;

	sig_init(shell.interactive);
	if (shell.interactive && input_is_terminal(in) && isatty(STDIN_FILENO))
		job_control_init();
	if (shell.interactive) {
#if HAVE_LINEEDIT
		lineedit_init();
#endif
		hist_load();
		if (!shell.norc)
			run_rc();
	}

	if (command) {
		/* The last command of -c replaces the shell, as in dash. */
		eval_string_flags(command, EV_EXIT);
		shell_exit(shell.status);
	}
	/* Ctrl-D with stopped jobs warns once instead of leaving. */
	do {
		eval_input(in);
	} while (input_is_terminal(in) && !sig_hangup() && input_reopen(in) &&
		 job_exit_blocked());
	if (sig_hangup()) {
		input_free(in);
		shell_exit(128 + SIGHUP);	/* SIGHUP to the jobs on the way */
	}
	if (input_is_terminal(in))
		write_all(STDERR_FILENO, "exit\n", 5);	/* after Ctrl-D */
	input_free(in);
	shell_exit(shell.status);
}
