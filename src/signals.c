/*
 * signals.c - the shell's own signal dispositions.
 */
#include "config.h"

#include <signal.h>
#include <stddef.h>

#include "signals.h"

static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

/*
 * Signals whose disposition the shell changed, and so must restore in its
 * children.  A signal ignored when the shell started stays ignored (POSIX).
 */
static sigset_t changed;

static void set_handler(int sig, void (*handler)(int))
{
	struct sigaction sa = { 0 };

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = handler;
	if (sigaction(sig, &sa, NULL) == 0)
		sigaddset(&changed, sig);
}

void sig_init(bool interactive)
{
	sigemptyset(&changed);
	if (!interactive)
		return;
	/*
	 * No SA_RESTART: a read(2) at the prompt or a waitpid(2) must return
	 * EINTR so the shell sees the Ctrl-C.
	 */
	set_handler(SIGINT, on_sigint);
	set_handler(SIGQUIT, SIG_IGN);
	set_handler(SIGTERM, SIG_IGN);
}

bool sig_take_interrupt(void)
{
	bool r = got_sigint;

	got_sigint = 0;
	return r;
}

void sig_reset_for_child(void)
{
	struct sigaction sa = { 0 };
	sigset_t none;

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&changed, sig) == 1)
			sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
