/*
 * signals.c - the shell's own signal dispositions.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

#include "redir.h"
#include "signals.h"
#include "trap.h"

static volatile sig_atomic_t got_sigint;
static volatile sig_atomic_t got_sigchld;
static volatile sig_atomic_t pending[NSIG];	/* trapped signals arrived */
static volatile sig_atomic_t any_pending;
static bool interactive_shell;
static sigset_t ignored_on_entry;

/*
 * The self-pipe: the handler also writes a byte here, so code about to
 * block in read(2) can poll(2) on the pipe too and never miss a signal
 * that lands between checking the flag and blocking.
 */
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGINT)
		got_sigint = 1;
	if (sig == SIGCHLD) {
		got_sigchld = 1;
	} else {
		pending[sig] = 1;
		any_pending = 1;
	}
	if (wake_pipe[1] >= 0) {
		ssize_t r = write(wake_pipe[1], "", 1);	/* full pipe: fine */

		(void)r;
	}
	errno = saved;
}

/* Move FD above the ones a user redirects, close-on-exec, non-blocking. */
static int private_fd(int fd)
{
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);

	if (high < 0)
		return fd;
	close(fd);
	fcntl(high, F_SETFL, O_NONBLOCK);
	return high;
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
	sigemptyset(&ignored_on_entry);
	/*
	 * SIGCHLD only sets a flag (and wakes the prompt): the shell reaps
	 * between commands, so a finished background job is no zombie for
	 * long, and `set -b` can report it at once.  SA_RESTART: it comes
	 * often and must not break other system calls.
	 */
	{
		struct sigaction sa = { 0 };

		sigemptyset(&sa.sa_mask);
		sa.sa_handler = on_signal;
		sa.sa_flags = SA_RESTART;
		if (sigaction(SIGCHLD, &sa, NULL) == 0)
			sigaddset(&changed, SIGCHLD);
	}
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction old;

		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			sigaddset(&ignored_on_entry, sig);
	}
	interactive_shell = interactive;
	if (!interactive)
		return;
	if (pipe2(wake_pipe, O_CLOEXEC) == 0) {
		wake_pipe[0] = private_fd(wake_pipe[0]);
		wake_pipe[1] = private_fd(wake_pipe[1]);
		redir_private(&wake_pipe[0]);
		redir_private(&wake_pipe[1]);
	}
	/*
	 * No SA_RESTART: a read(2) at the prompt or a waitpid(2) must return
	 * EINTR so the shell sees the Ctrl-C.
	 */
	set_handler(SIGINT, on_signal);
	set_handler(SIGQUIT, SIG_IGN);
	set_handler(SIGTERM, SIG_IGN);
	/* A hangup (the terminal closed) ends the shell, but through its
	 * exit path, which hangs up its jobs as bash does. */
	set_handler(SIGHUP, on_signal);
}

void sig_catch(int sig)
{
	pending[sig] = 0;	/* only what comes after the trap counts */
	set_handler(sig, on_signal);
}

bool sig_ignored_on_entry(int sig)
{
	return sigismember(&ignored_on_entry, sig) == 1;
}

void sig_mark_pending(int sig)
{
	pending[sig] = 1;
	any_pending = 1;
}

int sig_peek_pending(void)
{
	if (!any_pending)
		return 0;
	for (int sig = 1; sig < NSIG; sig++)
		if (pending[sig])
			return sig;
	return 0;
}

void sig_ignore(int sig)
{
	struct sigaction sa = { 0 };

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(sig, &sa, NULL);
	/* an ignored signal stays ignored in children (POSIX) */
	sigdelset(&changed, sig);
}

void sig_default(int sig)
{
	/* The interactive shell's own Ctrl-C, SIGQUIT and SIGTERM
	 * handling is its default. */
	if (interactive_shell && sig == SIGINT) {
		set_handler(sig, on_signal);
	} else if (interactive_shell && (sig == SIGQUIT || sig == SIGTERM)) {
		set_handler(sig, SIG_IGN);
	} else {
		set_handler(sig, SIG_DFL);
		sigdelset(&changed, sig);
	}
	pending[sig] = 0;
}

int sig_next_pending(void)
{
	if (!any_pending)
		return 0;
	any_pending = 0;
	for (int sig = 1; sig < NSIG; sig++)
		if (pending[sig]) {
			pending[sig] = 0;
			any_pending = 1;	/* look again next time */
			return sig;
		}
	return 0;
}

bool sig_take_interrupt(void)
{
	bool r = got_sigint;
	char drain[64];

	got_sigint = 0;
	if (r && wake_pipe[0] >= 0)
		while (read(wake_pipe[0], drain, sizeof(drain)) > 0)
			;
	return r;
}

bool sig_hangup(void)
{
	return interactive_shell && pending[SIGHUP] && !trap_is_set(SIGHUP);
}

bool sig_take_child(void)
{
	bool r = got_sigchld;

	got_sigchld = 0;
	return r;
}

int sig_wait_input(int fd)
{
	struct pollfd p[2] = {
		{ .fd = fd, .events = POLLIN },
		{ .fd = wake_pipe[0], .events = POLLIN },
	};

	for (;;) {
		if (sig_hangup())
			return -1;
		if (sig_take_interrupt())
			return -2;
		if (got_sigchld)
			return -3;
		if (poll(p, wake_pipe[0] >= 0 ? 2 : 1, -1) >= 0) {
			if (p[0].revents)
				return 0;
			if (p[1].revents) {
				char drain[64];

				while (read(wake_pipe[0], drain, sizeof(drain)) > 0)
					;
			}
			continue;	/* the wake pipe: look at the flags */
		}
		if (errno != EINTR)
			return -1;
	}
}

void sig_job_control(bool on)
{
	static const int stops[] = { SIGTSTP, SIGTTIN, SIGTTOU };

	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		if (on) {
			set_handler(stops[i], SIG_IGN);
		} else {
			set_handler(stops[i], SIG_DFL);
			sigdelset(&changed, stops[i]);
		}
	}
}

void sig_changed_set(sigset_t *set)
{
	*set = changed;
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
	sigemptyset(&changed);
	interactive_shell = false;
	any_pending = 0;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
