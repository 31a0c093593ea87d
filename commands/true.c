/*
 * :, true, false - do nothing, successfully or not.
 * POSIX XCU "colon", "true", "false".
 */
#include "config.h"

#include "builtin.h"

static int true_main(int argc, char **argv)
{
	return 0;
}

static int false_main(int argc, char **argv)
{
	return 1;
}

/* `:` is a special builtin: its arguments are expanded, then ignored. */
const struct builtin builtin_colon = {
	.name = ":",
	.synopsis = ": [ARG...]",
	.summary = "do nothing and succeed; the arguments are only expanded",
	.family = FAMILY_SHELL,
	.see_also = "true(1)",
	.no_help_option = true,
	.special = true,
	.run = true_main,
};

const struct builtin builtin_true = {
	.name = "true",
	.synopsis = "true",
	.summary = "succeed: exit status 0",
	.family = FAMILY_SHELL,
	.see_also = "true(1)",
	.run = true_main,
};

const struct builtin builtin_false = {
	.name = "false",
	.synopsis = "false",
	.summary = "fail: exit status 1",
	.family = FAMILY_SHELL,
	.see_also = "false(1)",
	.run = false_main,
};
