/*
 * main.c - options, startup files, and the read-eval loop.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "eval.h"
#include "history.h"
#include "input.h"
#include "lineedit.h"
#include "shell.h"
#include "signals.h"

struct shell shell;

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
	       "      --norc     do not read ~/.labshrc\n"
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
	if (shell.interactive) {
		history_save();
#if HAVE_LINEEDIT
		lineedit_finish();
#endif
	}
	history_free();
	fflush(NULL);
	exit(status);
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

/*
 * Run the commands of ~/.labshrc.  A missing file is normal; one that
 * cannot be read gets a warning and the shell starts anyway.
 */
static void run_rc(void)
{
	const char *home = getenv("HOME");
	struct input *in;
	char *path;
	int fd;

	if (!home || !*home)
		return;
	if (asprintf(&path, "%s/.labshrc", home) < 0)
		return;
	fd = open_commands(path);
	if (fd < 0) {
		if (errno != ENOENT)
			sh_warn_errno("%s", path);
		free(path);
		return;
	}
	free(path);
	in = input_from_fd(fd);
	if (in) {
		eval_input(in);
		input_free(in);
	}
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'H' },
		{ "version", no_argument, NULL, 'V' },
		{ "norc", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	bool opt_c = false, opt_i = false, opt_s = false;
	struct input *in;
	int c;

	shell.pid = getpid();
	shell.arg0 = argv[0];

	opterr = 0;
	/* '+': stop at the first operand, which is the script or NAME. */
	while ((c = getopt_long(argc, argv, "+cis", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opt_c = true;
			break;
		case 'i':
			opt_i = true;
			break;
		case 's':
			opt_s = true;
			break;
		case 'R':
			shell.norc = true;
			break;
		case 'H':
			help();
			return 0;
		case 'V':
			version();
			return 0;
		default:
			if (optopt)
				sh_warn("-%c: invalid option", optopt);
			else
				sh_warn("%s: invalid option", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}

	if (opt_c) {
		if (optind >= argc) {
			sh_warn("-c: option requires an argument");
			usage(stderr);
			return 2;
		}
		in = input_from_string(argv[optind++]);
		if (optind < argc)
			shell.arg0 = argv[optind++];
	} else if (optind < argc && !opt_s) {
		shell.arg0 = argv[optind];
		in = open_script(argv[optind++]);
	} else {
		/* POSIX: interactive if stdin and stderr are terminals. */
		opt_i = opt_i || (isatty(STDIN_FILENO) && isatty(STDERR_FILENO));
		in = opt_i ? input_from_terminal() : input_from_fd(STDIN_FILENO);
	}
	if (!in) {
		sh_warn_errno("input");
		return 2;
	}
	shell.interactive = opt_i;

	sig_init(shell.interactive);
	if (shell.interactive) {
#if HAVE_LINEEDIT
		lineedit_init();
#endif
		history_load();
		if (!shell.norc)
			run_rc();
	}

	eval_input(in);
	if (input_is_terminal(in))
		write_all(STDERR_FILENO, "exit\n", 5);	/* after Ctrl-D */
	input_free(in);
	shell_exit(shell.status);
}
