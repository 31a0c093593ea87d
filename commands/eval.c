/*
 * eval, ., source, exec - run text, a file, or another program in place
 * of the shell.  POSIX XCU "eval", "dot", "exec" (special builtins).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "builtin.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "input.h"
#include "shell.h"
#include "vars.h"

static int eval_main(int argc, char **argv)
{
	struct strbuf b;

	if (argc == 1)
		return 0;
	sb_init(&b);
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			sb_addc(&b, ' ');
		sb_adds(&b, argv[i]);
	}
	return eval_string(sb_finish(&b));
}

const struct builtin builtin_eval = {
	.name = "eval",
	.synopsis = "eval [ARG...]",
	.summary = "join the arguments with spaces and run them as shell commands",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.no_help_option = true,
	.run = eval_main,
};

/* FILE itself if it has a '/', else the first regular FILE in PATH (not
 * the current directory, unless PATH says so), or NULL. */
static char *find_dot_file(const char *file)
{
	const char *path = var_get("PATH");

	if (strchr(file, '/'))
		return (char *)file;
	if (!path)
		return NULL;
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		char *full = st_alloc((size_t)(end - p) + strlen(file) + 3);
		struct stat st;

		if (end == p)
			strcpy(full, file);
		else
			sprintf(full, "%.*s/%s", (int)(end - p), p, file);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
			return full;
		if (*end == '\0')
			break;
		p = end;
	}
	return NULL;
}

static int dot_main(int argc, char **argv)
{
	struct posparams args, saved;
	struct input *in;
	struct handler h;
	char *path;
	int fd, high, status;

	if (argc < 2)
		return bi_usage("a file name is required");
	path = find_dot_file(argv[1]);
	if (!path)
		return bi_error("%s: not found", argv[1]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bi_error_errno("%s", argv[1]);
	high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (high >= 0) {
		close(fd);
		fd = high;
	}
	in = input_from_fd(fd);
	if (argc > 2) {
		pos_swap(&(struct posparams){ 0, NULL }, &saved);
		pos_set(argc - 2, argv + 2);
	}
	handler_push(&h);
	if (sigsetjmp(h.env, 0)) {
		/* An error in the file: put things back, pass it on. */
		status = handler_status();
		if (argc > 2) {
			pos_swap(&saved, &args);
			pos_free(&args);
		}
		input_free(in);
		sh_throw(status);
	}
	status = eval_input(in);
	handler_pop(&h);
	if (argc > 2) {
		pos_swap(&saved, &args);
		pos_free(&args);
	}
	input_free(in);
	return status;
}

const struct builtin builtin_dot = {
	.name = ".",
	.synopsis = ". FILE [ARG...]",
	.summary = "run the commands of FILE in this shell",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = dot_main,
};

const struct builtin builtin_source = {
	.name = "source",
	.synopsis = "source FILE [ARG...]",
	.summary = "the same as '.': run the commands of FILE in this shell",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.run = dot_main,
};

static int exec_main(int argc, char **argv)
{
	int status;

	if (argc == 1)
		return 0;	/* its redirections stay: .permanent_redirs */
	if (strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
		if (argc == 1)
			return 0;
	}
	status = exec_program(argv + 1, NULL);
	if (!shell.interactive)
		shell_exit(status);
	return status;
}

const struct builtin builtin_exec = {
	.name = "exec",
	.synopsis = "exec [COMMAND [ARG...]] [REDIRECTION...]",
	.summary = "replace the shell with COMMAND, or change the shell's own fds",
	.family = FAMILY_SHELL,
	.see_also = "execve(2) dup2(2)",
	.special = true,
	.permanent_redirs = true,
	.run = exec_main,
};
