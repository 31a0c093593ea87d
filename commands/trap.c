/*
 * trap - run commands when signals arrive.  POSIX XCU "trap" (a special
 * builtin).  See sigaction(2) and signal(7): the shell's handler only
 * records the signal; the command runs between commands.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "trap.h"
#include "vars.h"

static void print_traps(void)
{
	for (int sig = 0; sig < NSIG; sig++) {
		const char *a = trap_get(sig);

		if (a)
			printf("trap -- %s %s\n", *a ? var_quote(a) : "''",
			       trap_signal_name(sig));
	}
}

static int trap_main(int argc, char **argv)
{
	const char *action;
	int i = 1;
	int status = 0;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc || strcmp(argv[i], "-p") == 0) {
		print_traps();
		return 0;
	}
	/* "trap N..." with a number first resets those signals (POSIX). */
	if (trap_signal_number(argv[i]) >= 0 &&
	    strspn(argv[i], "0123456789") == strlen(argv[i]))
		action = NULL;
	else
		action = argv[i++];
	if (action && strcmp(action, "-") == 0)
		action = NULL;
	if (i == argc)
		return bi_usage("a signal name is required");
	for (; i < argc; i++) {
		int sig = trap_signal_number(argv[i]);

		if (sig < 0) {
			status = bi_error("%s: bad signal name", argv[i]);
			bi_hint("'kill -l' lists the signal names; EXIT (0) is the shell's own exit");
			continue;
		}
		if (sig == SIGKILL || sig == SIGSTOP) {
			status = bi_error("%s: cannot be caught or ignored", argv[i]);
			bi_hint("the kernel never lets a process handle SIGKILL or SIGSTOP (see signal(7))");
			continue;
		}
		trap_set(sig, action);
	}
	return status;
}

const struct builtin builtin_trap = {
	.name = "trap",
	.synopsis = "trap [-p] | trap ACTION SIGNAL... | trap - SIGNAL...",
	.summary = "run ACTION when a signal arrives, or ignore ('') or reset (-) it",
	.family = FAMILY_SIGNAL,
	.see_also = "sh(1p) sigaction(2) signal(7)",
	.special = true,
	.run = trap_main,
};
