/*
 * set, shift - shell options and positional parameters.  POSIX XCU "set"
 * and "shift" (special builtins).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"
#include "options.h"
#include "shell.h"
#include "vars.h"

static void print_var(const char *name, const char *value, unsigned flags,
		      void *arg)
{
	(void)flags;
	(void)arg;
	if (value)
		printf("%s=%s\n", name, var_quote(value));
}

static int set_main(int argc, char **argv)
{
	int i;

	if (argc == 1) {
		var_each(0, print_var, NULL);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool on = a[0] == '-';

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "-") == 0) {
			/* historical: turn off -x and -v, end options */
			shell.opt.xtrace = shell.opt.verbose = false;
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || a[1] == '\0')
			break;
		for (const char *p = a + 1; *p; p++) {
			if (*p == 'o') {
				if (i + 1 >= argc) {
					opt_print(!on);
					return 0;
				}
				if (opt_set_name(argv[++i], on) < 0)
					return bi_usage("%s: no such option", argv[i]);
			} else if (*p == 'i') {
				return bi_usage("-i: can only be given when the shell starts");
			} else if (opt_set_letter(*p, on) < 0) {
				return bi_usage("%c%c: invalid option", on ? '-' : '+', *p);
			}
		}
	}
	if (i < argc || (i > 1 && strcmp(argv[i - 1], "--") == 0))
		pos_set(argc - i, argv + i);
	/* set -m: job control needs the terminal; take it now. */
	if (shell.opt.monitor && !job_control() && !job_control_init())
		shell.opt.monitor = false;
	return 0;
}

const struct builtin builtin_set = {
	.name = "set",
	.synopsis = "set [-abCefhmnuvx] [-o OPTION] [+abCefhmnuvx] [+o OPTION] [--] [ARG...]",
	.summary = "set shell options and the positional parameters $1, $2, ...",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = set_main,
};

static int shift_main(int argc, char **argv)
{
	long n = 1;

	if (argc > 2)
		return bi_usage("too many arguments");
	if (argc == 2) {
		char *end;

		errno = 0;
		n = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end || errno || n < 0)
			return bi_usage("%s: numeric argument required", argv[1]);
	}
	if (n > pos_count())
		return bi_error("can't shift that many");
	pos_shift((int)n);
	return 0;
}

const struct builtin builtin_shift = {
	.name = "shift",
	.synopsis = "shift [N]",
	.summary = "drop the first N positional parameters (default 1)",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = shift_main,
};
