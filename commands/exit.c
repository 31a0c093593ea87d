/*
 * exit - leave the shell.  POSIX XCU "exit".
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"
#include "shell.h"

static int exit_main(int argc, char **argv)
{
	long n;
	char *end;

	if (argc > 2)
		return bi_usage("too many arguments");
	if (job_exit_blocked())
		return 1;	/* "There are stopped jobs."; exit again to leave */
	if (argc == 1)
		shell_exit(shell.status);
	errno = 0;
	n = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0' || errno == ERANGE) {
		bi_error("%s: numeric argument required", argv[1]);
		shell_exit(2);
	}
	/* The kernel keeps only the low 8 bits of an exit status. */
	shell_exit((int)(n & 0xff));
}

const struct builtin builtin_exit = {
	.name = "exit",
	.synopsis = "exit [N]",
	.summary = "leave the shell with status N (default: the last command's status)",
	.family = FAMILY_SHELL,
	.see_also = "exit(3) _exit(2)",
	.special = true,
	.run = exit_main,
};
