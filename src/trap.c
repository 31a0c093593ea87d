/*
 * trap.c - the trap table.  The signal handler only records that a
 * signal came (signals.c); the command runs later, between commands,
 * where running shell code is safe.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "eval.h"
#include "narrate.h"
#include "shell.h"
#include "signals.h"
#include "trap.h"

static char *actions[NSIG];	/* [0] is EXIT */
static bool in_exit_trap;

int trap_signal_number(const char *name)
{
	char *end;
	long n;

	if (strcasecmp(name, "EXIT") == 0)
		return 0;
	n = strtol(name, &end, 10);
	if (*name && !*end)
		return n >= 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && strcasecmp(abbrev, name) == 0)
			return sig;
	}
	if (strncasecmp(name, "RTMIN+", 6) == 0) {
		n = strtol(name + 6, &end, 10);
		if (!*end && SIGRTMIN + n <= SIGRTMAX)
			return SIGRTMIN + (int)n;
	}
	return -1;
}

const char *trap_signal_name(int sig)
{
	const char *name;

	if (sig == 0)
		return "EXIT";
	name = narrate_signal_name(sig);	/* "SIGINT", "SIGRTMIN+3", "SIG32" */
	return name + 3;
}

void trap_set(int sig, const char *action)
{
	char *copy;

	/* Signals ignored on entry to a non-interactive shell stay so. */
	if (sig > 0 && !shell.interactive && sig_ignored_on_entry(sig))
		return;
	copy = action ? xstrdup(action) : NULL;
	free(actions[sig]);
	actions[sig] = copy;
	if (sig == 0)
		return;
	if (!action)
		sig_default(sig);
	else if (!*action)
		sig_ignore(sig);
	else
		sig_catch(sig);
}

const char *trap_get(int sig)
{
	return actions[sig];
}

bool trap_is_set(int sig)
{
	return actions[sig] && *actions[sig];
}

bool trap_any(void)
{
	for (int sig = 0; sig < NSIG; sig++)
		if (actions[sig] && *actions[sig])
			return true;
	return false;
}

void trap_run_pending(void)
{
	int sig;

	while ((sig = sig_next_pending()) != 0) {
		int status = shell.status;

		if (actions[sig] && *actions[sig]) {
			eval_string(actions[sig]);
			shell.status = status;	/* a trap does not change $? */
		}
	}
}

void trap_run_exit(void)
{
	char *action = actions[0];

	if (!action || in_exit_trap)
		return;
	in_exit_trap = true;
	actions[0] = NULL;
	{
		struct handler h;

		handler_push(&h);
		if (sigsetjmp(h.env, 0) == 0) {
			eval_string(action);
			handler_pop(&h);
		}
	}
	free(action);
}

void trap_reset_for_child(void)
{
	for (int sig = 0; sig < NSIG; sig++) {
		/* ignored signals stay ignored; commands are not inherited */
		if (actions[sig] && *actions[sig]) {
			free(actions[sig]);
			actions[sig] = NULL;
		}
	}
}
