/*
 * break, continue, return, local - control flow inside loops and
 * functions.  POSIX XCU "break", "continue", "return" (special builtins);
 * local is not POSIX but dash and bash have it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "shell.h"
#include "vars.h"

/* The loop count N of break N / continue N: 1 or more. */
static int loop_count(int argc, char **argv, long *n)
{
	char *end;

	*n = 1;
	if (argc > 2)
		return bi_usage("too many arguments");
	if (argc == 1)
		return 0;
	errno = 0;
	*n = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end || errno || *n < 1)
		return bi_usage("%s: loop count out of range", argv[1]);
	return 0;
}

static int break_main(int argc, char **argv)
{
	long n;
	int r = loop_count(argc, argv, &n);

	if (r)
		return r;
	return eval_break(n > 100000 ? 100000 : (int)n, strcmp(argv[0], "continue") == 0);
}

const struct builtin builtin_break = {
	.name = "break",
	.synopsis = "break [N]",
	.summary = "leave the innermost N for, while or until loops",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = break_main,
};

const struct builtin builtin_continue = {
	.name = "continue",
	.synopsis = "continue [N]",
	.summary = "go on with the next round of the Nth enclosing loop",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = break_main,
};

static int return_main(int argc, char **argv)
{
	long n = shell.status;

	if (argc > 2)
		return bi_usage("too many arguments");
	if (argc == 2) {
		char *end;

		errno = 0;
		n = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end || errno)
			return bi_usage("%s: numeric argument required", argv[1]);
	}
	eval_return((int)(n & 0xff));
	return (int)(n & 0xff);
}

const struct builtin builtin_return = {
	.name = "return",
	.synopsis = "return [N]",
	.summary = "leave a function or a '.' file with status N",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = return_main,
};

static int local_main(int argc, char **argv)
{
	int status = 0;

	if (func_depth() == 0)
		return bi_error("can only be used in a function");
	for (int i = 1; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		char *name = strndup(argv[i], len);

		if (!name)
			return bi_error_errno("local");
		if (!var_valid_name(name, len)) {
			status = bi_error("%s: not a valid identifier", argv[i]);
		} else {
			var_local(name);
			if (eq && var_set(name, eq + 1, 0) < 0)
				status = 1;
		}
		free(name);
	}
	return status;
}

const struct builtin builtin_local = {
	.name = "local",
	.synopsis = "local NAME[=VALUE]...",
	.summary = "make variables local to the function being run",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.run = local_main,
};
