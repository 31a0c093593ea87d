/*
 * history - list the command history.
 */
#include "config.h"

#include <stdio.h>

#include "builtin.h"
#include "error.h"
#include "history.h"

static int history_main(int argc, char **argv)
{
	size_t n = hist_count();

	if (argc > 1)
		return bi_usage("%s: unexpected argument", argv[1]);
	for (size_t i = 0; i < n; i++)
		printf("%5zu  %s\n", i + 1, hist_get(i));
	return 0;
}

const struct builtin builtin_history = {
	.name = "history",
	.synopsis = "history",
	.summary = "list the commands typed at the prompt, oldest first",
	.family = FAMILY_SHELL,
	.see_also = "readline(3)",
	.run = history_main,
};
