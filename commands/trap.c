/*
 * trap - run commands when signals arrive.  POSIX XCU "trap" (a special
 * builtin).  See sigaction(2) and signal(7): the shell's handler only
 * records the signal; the command runs between commands.
 *
 * The teaching part (trap --show, trap --demo NAME) shows what the kernel
 * keeps for each process: a disposition per signal, a mask of blocked
 * signals, the pending ones, as sigaction(2), sigprocmask(2) and
 * sigpending(2) report them and as /proc/PID/status shows them in hex.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "narrate.h"
#include "teach.h"
#include "trap.h"
#include "vars.h"

static int trap_teach(int argc, char **argv);
static bool teaching_option(const char *arg);

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

	if (argc > 1 && teaching_option(argv[1]))
		return trap_teach(argc, argv);
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

/* ---------------------------------------------------------------------
 * The teaching part: trap --show, trap --demo mask|signalfd|queue.
 * --------------------------------------------------------------------- */

static const char *const teach_opts[] = {
	"--show", "--demo", "--step", "--slow", "--quiet",
};

/* Is ARG one of ours?  Only as the first operand: `trap -- --show INT`
 * and `trap ACTION --demo` stay POSIX (and fail as bad signal names). */
static bool teaching_option(const char *arg)
{
	for (size_t i = 0; i < sizeof(teach_opts) / sizeof(teach_opts[0]); i++) {
		size_t n = strlen(teach_opts[i]);

		if (strncmp(arg, teach_opts[i], n) == 0 &&
		    (arg[n] == '\0' || arg[n] == '='))
			return true;
	}
	return false;
}

/* "{SIGUSR1, SIGRTMIN}", "{}" */
static const char *set_text(const sigset_t *set, char *buf, size_t n)
{
	size_t len = 0;

	len += (size_t)snprintf(buf, n, "{");
	for (int sig = 1; sig < NSIG && len < n; sig++)
		if (sigismember(set, sig) == 1)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len > 1 ? ", " : "",
						narrate_signal_name(sig));
	if (len < n)
		snprintf(buf + len, n - len, "}");
	return buf;
}

/* "INT USR1 CHLD" for the bits of a /proc mask (bit n-1 is signal n). */
static const char *mask_names(unsigned long long mask, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int sig = 1; sig <= 64 && sig < NSIG && len < n; sig++)
		if (mask >> (sig - 1) & 1)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? " " : "", trap_signal_name(sig));
	if (!buf[0])
		snprintf(buf, n, "none");
	return buf;
}

static void hint_for(int err)
{
	switch (err) {
	case EINVAL:
		bi_hint("EINVAL: the kernel refused the signal number or the flags (SIGKILL and SIGSTOP cannot be caught or blocked)");
		break;
	case EAGAIN:
		bi_hint("EAGAIN: the limit on queued real-time signals was reached (ulimit -i, SigQ in /proc/PID/status)");
		break;
	case EMFILE:
	case ENFILE:
		bi_hint("EMFILE: no free file descriptor for the signalfd (ulimit -n)");
		break;
	case ENOMEM:
		bi_hint("ENOMEM: the kernel could not allocate the signalfd");
		break;
	case EPERM:
		bi_hint("EPERM: the process is not yours; only its owner or root may signal it");
		break;
	case ESRCH:
		bi_hint("ESRCH: no process has that PID; it may have exited already");
		break;
	}
}

/* /proc/self/status (or another /proc file), read with open, read and
 * close. */
struct status_file {
	char path[64];
	int fd, open_err;
	ssize_t n;
	int read_err, close_r, close_err;
	char text[8192];
};

static void proc_read(struct status_file *st, const char *path)
{
	snprintf(st->path, sizeof(st->path), "%s", path);
	st->n = -1;
	st->read_err = st->close_err = 0;
	st->close_r = -1;
	st->text[0] = '\0';
	st->fd = open(path, O_RDONLY | O_CLOEXEC);
	st->open_err = errno;
	if (st->fd < 0)
		return;
	/* One read: the kernel builds the whole file for it. */
	st->n = read(st->fd, st->text, sizeof(st->text) - 1);
	st->read_err = errno;
	if (st->n >= 0)
		st->text[st->n] = '\0';
	st->close_r = close(st->fd);
	st->close_err = errno;
}

static void status_read(struct status_file *st)
{
	proc_read(st, "/proc/self/status");
}

static void status_narrate(const struct status_file *st)
{
	char flags[64];
	int saved = errno;

	errno = st->open_err;
	narrate(NR_open, st->fd, "\"%s\", %s\tthe kernel's view", st->path,
		narrate_open_flags(O_RDONLY | O_CLOEXEC, flags, sizeof(flags)));
	if (st->fd < 0) {
		errno = saved;
		return;
	}
	errno = st->read_err;
	narrate(NR_read, st->n, "%d, buf, %zu", st->fd, sizeof(st->text) - 1);
	errno = st->close_err;
	narrate(NR_close, st->close_r, "%d", st->fd);
	errno = saved;
}

/* The hex mask of FIELD ("SigBlk"), or false if the file lacks it. */
static bool status_mask(const struct status_file *st, const char *field,
			unsigned long long *mask)
{
	const char *p = st->text;
	size_t n = strlen(field);

	while (p && *p) {
		if (strncmp(p, field, n) == 0 && p[n] == ':') {
			*mask = strtoull(p + n + 1, NULL, 16);
			return true;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

static const struct {
	const char *field, *meaning;
} status_fields[] = {
	{ "SigPnd", "pending for this thread" },
	{ "ShdPnd", "pending for the whole process" },
	{ "SigBlk", "blocked (the mask)" },
	{ "SigIgn", "ignored (SIG_IGN)" },
	{ "SigCgt", "caught (a handler)" },
};

/* Print FIELDS (a bit per entry of status_fields) of the file, raw and
 * decoded. */
static void status_print(const struct status_file *st, unsigned fields)
{
	if (st->n < 0)
		return;
	teach_out("/proc/%ld/status (bit n-1 of each hex mask stands for signal n):\n",
		  (long)getpid());
	for (size_t i = 0; i < sizeof(status_fields) / sizeof(status_fields[0]); i++) {
		unsigned long long m;
		char names[512];

		if (!(fields >> i & 1) || !status_mask(st, status_fields[i].field, &m))
			continue;
		teach_out("  %s: %016llx  %-30s %s\n", status_fields[i].field, m,
			  mask_names(m, names, sizeof(names)),
			  status_fields[i].meaning);
	}
}

#define F_PND	(1u << 0 | 1u << 1 | 1u << 2)
#define F_ALL	0x1fu

/* ----- trap --show ----- */

/* What --show reads before teach_begin installs the demo's own Ctrl-C
 * handling, so it shows the shell as it is between commands. */
static struct {
	struct sigaction act[NSIG];
	int act_r[NSIG], act_err[NSIG];
	sigset_t blocked, pending;
	int mask_r, mask_err, pend_r, pend_err;
	struct status_file st;
} snap;

/* glibc keeps signals 32 and 33 for its threads: sigaction refuses them. */
static bool glibc_reserved(int sig)
{
	return sig >= 32 && sig < SIGRTMIN;
}

static void show_snapshot(void)
{
	for (int sig = 1; sig < NSIG; sig++) {
		if (glibc_reserved(sig))
			continue;
		snap.act_r[sig] = sigaction(sig, NULL, &snap.act[sig]);
		snap.act_err[sig] = errno;
	}
	snap.mask_r = sigprocmask(SIG_BLOCK, NULL, &snap.blocked);
	snap.mask_err = errno;
	snap.pend_r = sigpending(&snap.pending);
	snap.pend_err = errno;
	status_read(&snap.st);
}

static const char *disposition(int sig, const struct sigaction *sa)
{
	static char buf[256];
	const char *a = trap_get(sig);

	if (sa->sa_handler == SIG_DFL)
		return "SIG_DFL";
	if (sa->sa_handler == SIG_IGN)
		snprintf(buf, sizeof(buf), "SIG_IGN   %s", a && !*a ? "trap -- ''"
			 : "ignored by the shell itself, or since it started");
	else
		snprintf(buf, sizeof(buf), "handler   %s%s%s%s",
			 a && *a ? "trap -- " : "the shell's own handler",
			 a && *a ? var_quote(a) : "",
			 sa->sa_flags & SA_RESTART ? ", SA_RESTART" : "",
			 sa->sa_flags & SA_SIGINFO ? ", SA_SIGINFO" : "");
	return buf;
}

static int show(void)
{
	char set[1024];
	int status = 0, shown = 0;

	for (int sig = 1; sig < NSIG; sig++) {
		const struct sigaction *sa = &snap.act[sig];

		if (glibc_reserved(sig))
			continue;
		errno = snap.act_err[sig];
		narrate(NR_sigaction, snap.act_r[sig], "%s, NULL, &old\t%s",
			narrate_signal_name(sig),
			snap.act_r[sig] ? "" : sa->sa_handler == SIG_DFL ? "SIG_DFL"
			: sa->sa_handler == SIG_IGN ? "SIG_IGN" : "a handler");
	}
	errno = snap.mask_err;
	narrate(NR_sigprocmask, snap.mask_r, "SIG_BLOCK, NULL, &old\tblocks nothing more, only reads the mask");
	errno = snap.pend_err;
	narrate(NR_sigpending, snap.pend_r, "&set");
	status_narrate(&snap.st);

	teach_out("dispositions (sigaction; the signals not listed are SIG_DFL):\n");
	for (int sig = 1; sig < NSIG; sig++) {
		if (glibc_reserved(sig) || snap.act_r[sig] ||
		    snap.act[sig].sa_handler == SIG_DFL)
			continue;
		teach_out("  %-11s %s\n", narrate_signal_name(sig),
			  disposition(sig, &snap.act[sig]));
		shown++;
	}
	if (!shown)
		teach_out("  every signal has its default action\n");
	if (snap.mask_r == 0)
		teach_out("blocked (sigprocmask): %s\n",
			  set_text(&snap.blocked, set, sizeof(set)));
	if (snap.pend_r == 0)
		teach_out("pending (sigpending):  %s\n",
			  set_text(&snap.pending, set, sizeof(set)));
	status_print(&snap.st, F_ALL);
	if (snap.st.fd < 0) {
		errno = snap.st.open_err;
		status = bi_error_errno("open /proc/self/status");
		bi_hint("is /proc mounted? (mount -t proc proc /proc)");
	}
	return status;
}

/* ----- the demos: what they change, and putting it back ----- */

static volatile sig_atomic_t usr1_count, alarm_came, nrec;
static struct {
	int signo, value, code;
	pid_t pid;
} rec[16];

static void count_handler(int sig)
{
	if (sig == SIGUSR1)
		usr1_count++;
	else if (sig == SIGALRM)
		alarm_came = 1;
}

/* SA_SIGINFO: the kernel hands over who sent the signal and its value. */
static void info_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (nrec < (int)(sizeof(rec) / sizeof(rec[0]))) {
		rec[nrec].signo = sig;
		rec[nrec].value = si->si_value.sival_int;
		rec[nrec].code = si->si_code;
		rec[nrec].pid = si->si_pid;
		nrec++;
	}
}

/* What a demo changed: the mask, and the actions of a few signals. */
static struct {
	bool mask_saved;
	sigset_t mask;
	int nact;
	int sig[4];
	struct sigaction act[4];
	bool alarm_set;
} saved;

/* Install HANDLER for SIG, keeping the old action to restore. */
static int take_signal(int sig, void (*handler)(int), void (*info)(int, siginfo_t *, void *))
{
	struct sigaction sa = { 0 }, old;
	int r;

	sigemptyset(&sa.sa_mask);
	if (info) {
		sa.sa_sigaction = info;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = handler;
	}
	r = sigaction(sig, &sa, &old);
	narrate(NR_sigaction, r, "%s, {%s%s}, &old\ta temporary handler for the demo",
		narrate_signal_name(sig), info ? "sa_sigaction" : "sa_handler",
		info ? ", SA_SIGINFO" : "");
	if (r < 0) {
		int err = errno;

		bi_error_errno("sigaction %s", narrate_signal_name(sig));
		hint_for(err);
		return -1;
	}
	saved.sig[saved.nact] = sig;
	saved.act[saved.nact++] = old;
	return 0;
}

/* sigprocmask(HOW, SET), the shell's mask kept the first time. */
static int mask(int how, const sigset_t *set, const char *note)
{
	sigset_t old;
	char buf[256];
	int r;

	r = sigprocmask(how, set, &old);
	narrate(NR_sigprocmask, r, "%s, %s, &old\t%s",
		how == SIG_BLOCK ? "SIG_BLOCK" : how == SIG_UNBLOCK ? "SIG_UNBLOCK"
		: "SIG_SETMASK", set_text(set, buf, sizeof(buf)), note);
	if (r < 0) {
		int err = errno;

		bi_error_errno("sigprocmask");
		hint_for(err);
		return -1;
	}
	if (!saved.mask_saved) {
		saved.mask = old;
		saved.mask_saved = true;
	}
	return 0;
}

/* Show what is pending: sigpending, then /proc/self/status. */
static int show_pending(void)
{
	struct status_file st;
	sigset_t set;
	char buf[256];
	int r = sigpending(&set);

	narrate(NR_sigpending, r, "&set\t%s", r ? "" : set_text(&set, buf, sizeof(buf)));
	if (r < 0)
		return bi_error_errno("sigpending");
	teach_out("pending (sigpending): %s\n", set_text(&set, buf, sizeof(buf)));
	status_read(&st);
	status_narrate(&st);
	status_print(&st, F_PND);
	return 0;
}

/*
 * Put back what the demo changed.  The signals it sent and did not take
 * are taken first, while still blocked: left pending, they would reach
 * the shell's own disposition (or its trap) when the mask comes back.
 */
static void restore(const sigset_t *ours)
{
	sigset_t pend;

	if (saved.alarm_set) {
		unsigned left = alarm(0);

		narrate(NR_alarm, (long)left, "0\tno alarm left behind");
		saved.alarm_set = false;
	}
	while (sigpending(&pend) == 0) {
		sigset_t one;
		siginfo_t si;
		int sig = 0, r;

		for (int s = 1; s < NSIG && !sig; s++)
			if (sigismember(ours, s) == 1 && sigismember(&pend, s) == 1)
				sig = s;
		if (!sig)
			break;
		sigemptyset(&one);
		sigaddset(&one, sig);
		r = sigwaitinfo(&one, &si);
		narrate(NR_sigwaitinfo, r, "{%s}, &info\ttaken: the demo sent it, the shell must not get it",
			narrate_signal_name(sig));
		if (r < 0)
			break;
	}
	if (saved.mask_saved) {
		char buf[256];
		int r = sigprocmask(SIG_SETMASK, &saved.mask, NULL);

		narrate(NR_sigprocmask, r, "SIG_SETMASK, %s, NULL\tthe shell's mask, as it was",
			set_text(&saved.mask, buf, sizeof(buf)));
		saved.mask_saved = false;
	}
	while (saved.nact > 0) {
		int i = --saved.nact, r;

		r = sigaction(saved.sig[i], &saved.act[i], NULL);
		narrate(NR_sigaction, r, "%s, &old, NULL\tthe shell's disposition, as it was",
			narrate_signal_name(saved.sig[i]));
	}
}

/* ----- trap --demo mask ----- */

static int demo_mask(void)
{
	sigset_t usr1, without;
	int r;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	if (take_signal(SIGUSR1, count_handler, NULL) < 0 ||
	    take_signal(SIGALRM, count_handler, NULL) < 0 ||
	    mask(SIG_BLOCK, &usr1, "SIGUSR1 is blocked: it will wait, pending") < 0)
		return 1;
	r = raise(SIGUSR1);
	narrate(NR_raise, r, "SIGUSR1\tsent to this thread, but blocked");
	if (r)
		return bi_error_errno("raise");
	if (show_pending())
		return 1;
	teach_out("the handler has run %d times: a blocked signal waits\n", (int)usr1_count);
	if (teach_interrupted())
		return 1;

	/* The race: unblock, then wait for the signal with pause().  The
	 * pending signal is delivered the moment it is unblocked, before
	 * pause() starts; pause() then waits for a signal that came. */
	teach_out("\nthe race: unblock, then pause() to wait for SIGUSR1\n");
	if (mask(SIG_UNBLOCK, &usr1, "unblocked: the pending SIGUSR1 is delivered now") < 0)
		return 1;
	teach_out("the handler ran during sigprocmask (count %d): SIGUSR1 came before pause()\n",
		  (int)usr1_count);
	if (teach_interrupted())
		return 1;
	r = (int)alarm(2 + (teach.slow_ms + 999) / 1000);
	saved.alarm_set = true;
	narrate(NR_alarm, r, "%u\ta timeout, so the lost wakeup does not hang the shell",
		2 + (teach.slow_ms + 999) / 1000);
	if (teach_interrupted())
		return 1;
	if (alarm_came) {
		teach_out("SIGALRM already came during the pause between calls: pause() not called\n");
	} else {
		int before = usr1_count;

		r = pause();
		narrate(NR_pause, r, "\twoken by %s", teach_interrupted()
			? narrate_signal_name(teach_interrupted())
			: alarm_came ? "SIGALRM, not SIGUSR1" : "another signal");
		if (teach_interrupted())
			return 1;
		teach_out("pause() waited for the timeout: SIGUSR1 had come before it and woke nothing (count %d -> %d): a lost wakeup\n",
			  before, (int)usr1_count);
	}
	r = (int)alarm(0);
	saved.alarm_set = false;
	narrate(NR_alarm, r, "0\tthe timeout cancelled");
	if (teach_interrupted())
		return 1;

	/* The cure: sigsuspend swaps in a mask without SIGUSR1 and waits,
	 * in one step: the signal cannot slip in between. */
	teach_out("\nthe cure: keep SIGUSR1 blocked until sigsuspend() unblocks it and waits, atomically\n");
	if (mask(SIG_BLOCK, &usr1, "blocked again") < 0)
		return 1;
	r = raise(SIGUSR1);
	narrate(NR_raise, r, "SIGUSR1\tpending again");
	if (r)
		return bi_error_errno("raise");
	if (show_pending())
		return 1;
	if (teach_interrupted())
		return 1;
	sigprocmask(SIG_BLOCK, NULL, &without);
	sigdelset(&without, SIGUSR1);
	{
		int before = usr1_count;
		char buf[256];

		r = sigsuspend(&without);
		narrate(NR_sigsuspend, r, "%s\tthe mask without SIGUSR1, and wait: woke at once",
			set_text(&without, buf, sizeof(buf)));
		if (teach_interrupted())
			return 1;
		teach_out("sigsuspend woke: the handler ran (count %d -> %d) and sigsuspend returned -1 EINTR, with SIGUSR1 blocked again\n",
			  before, (int)usr1_count);
	}
	return 0;
}

/* ----- trap --demo signalfd ----- */

static int demo_signalfd(void)
{
	sigset_t both;
	char buf[256], target[128];
	int fd, got = 0, status = 0;
	pid_t child;

	sigemptyset(&both);
	sigaddset(&both, SIGUSR1);
	sigaddset(&both, SIGUSR2);
	/* Blocked, so they are not delivered: they wait for the fd. */
	if (mask(SIG_BLOCK, &both, "blocked: they stay pending, for the signalfd to read") < 0)
		return 1;
	fd = signalfd(-1, &both, SFD_CLOEXEC);
	narrate(NR_signalfd, fd, "-1, %s, SFD_CLOEXEC\tfd %d -> %s", set_text(&both, buf, sizeof(buf)),
		fd, fd < 0 ? "" : narrate_fd_target(0, fd, target, sizeof(target)));
	if (fd < 0) {
		int err = errno;

		bi_error_errno("signalfd");
		hint_for(err);
		return 1;
	}
	{
		/* The kernel's view of the fd: its mask, in fdinfo. */
		struct status_file st;
		char path[64];
		const char *line;

		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
		proc_read(&st, path);
		status_narrate(&st);
		line = st.n > 0 ? strstr(st.text, "sigmask:") : NULL;
		if (line) {
			unsigned long long m = strtoull(line + 8, NULL, 16);

			teach_out("%s: sigmask %016llx = %s\n", path, m,
				  mask_names(m, buf, sizeof(buf)));
		}
	}
	child = teach_fork();
	if (child < 0) {
		status = 1;
	} else if (child == 0) {
		pid_t parent = getppid();
		int r;

		close(fd);
		r = kill(parent, SIGUSR1);
		narrate(NR_kill, r, "%ld, SIGUSR1\tthe child signals the shell", (long)parent);
		r = kill(parent, SIGUSR2);
		narrate(NR_kill, r, "%ld, SIGUSR2", (long)parent);
		teach_child_exit(0);
	}
	while (child > 0 && got < 2 && !teach_interrupted()) {
		struct signalfd_siginfo si;
		ssize_t n = read(fd, &si, sizeof(si));

		if (n < 0 && errno == EINTR && !teach_interrupted())
			continue;
		narrate(NR_read, (long)n, "%d, &info, %zu\t%s", fd, sizeof(si),
			n == (ssize_t)sizeof(si) ? "one struct signalfd_siginfo" : "");
		if (n != (ssize_t)sizeof(si)) {
			if (n < 0 && !teach_interrupted())
				status = bi_error_errno("read signalfd");
			break;
		}
		got++;
		teach_out("read from the signalfd: ssi_signo %u (%s), ssi_pid %u%s, ssi_uid %u, ssi_code %s\n",
			  si.ssi_signo, narrate_signal_name((int)si.ssi_signo),
			  si.ssi_pid, si.ssi_pid == (unsigned)child ? " (the child)" : "",
			  si.ssi_uid, si.ssi_code == SI_USER ? "SI_USER (kill)" : "?");
	}
	if (child > 0) {
		if (teach_interrupted()) {
			int r = kill(child, SIGKILL);

			narrate(NR_kill, r, "%ld, SIGKILL\tthe demo was interrupted", (long)child);
		}
		while (teach_wait(child, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (got == 2)
		teach_out("both signals came through the fd, not a handler: the sender's PID %ld is the child's\n",
			  (long)child);
	{
		int r = close(fd);

		narrate(NR_close, r, "%d\tthe signalfd", fd);
	}
	return status;
}

/* ----- trap --demo queue ----- */

static int demo_queue(void)
{
	sigset_t usr1, rt;
	int r;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);

	teach_out("a standard signal: SIGUSR1, blocked, sent 5 times\n");
	nrec = 0;
	if (take_signal(SIGUSR1, NULL, info_handler) < 0 ||
	    mask(SIG_BLOCK, &usr1, "SIGUSR1 waits while blocked") < 0)
		return 1;
	for (int i = 1; i <= 5 && !teach_interrupted(); i++) {
		r = kill(getpid(), SIGUSR1);
		narrate(NR_kill, r, "%ld, SIGUSR1\t#%d%s", (long)getpid(), i,
			i > 1 ? ": already pending, so it merges with the first" : "");
		if (r)
			return bi_error_errno("kill");
	}
	if (teach_interrupted() || show_pending() ||
	    mask(SIG_UNBLOCK, &usr1, "the handler runs now") < 0)
		return 1;
	teach_out("SIGUSR1: sent 5 times, delivered %d time%s: standard signals coalesce, one pending bit each\n",
		  (int)nrec, nrec == 1 ? "" : "s");

	teach_out("\na real-time signal: SIGRTMIN (%d), blocked, sigqueue'd 5 times with values 1 to 5\n",
		  SIGRTMIN);
	nrec = 0;
	if (take_signal(SIGRTMIN, NULL, info_handler) < 0 ||
	    mask(SIG_BLOCK, &rt, "SIGRTMIN waits while blocked") < 0)
		return 1;
	for (int i = 1; i <= 5 && !teach_interrupted(); i++) {
		union sigval v = { .sival_int = i };

		r = sigqueue(getpid(), SIGRTMIN, v);
		narrate(NR_sigqueue, r, "%ld, SIGRTMIN, {sival_int = %d}\tqueued: %d waiting",
			(long)getpid(), i, i);
		if (r) {
			int err = errno;

			bi_error_errno("sigqueue");
			hint_for(err);
			return 1;
		}
	}
	if (teach_interrupted() || show_pending() ||
	    mask(SIG_UNBLOCK, &rt, "the handler runs once per queued signal") < 0)
		return 1;
	for (int i = 0; i < nrec; i++)
		teach_out("delivery %d: %s, si_value %d, si_code %s, si_pid %ld\n", i + 1,
			  narrate_signal_name(rec[i].signo), rec[i].value,
			  rec[i].code == SI_QUEUE ? "SI_QUEUE" : "?", (long)rec[i].pid);
	{
		bool in_order = true;

		for (int i = 0; i < nrec; i++)
			in_order = in_order && rec[i].value == i + 1;
		teach_out("SIGRTMIN: sent 5 times, delivered %d time%s, %s: real-time signals queue\n",
			  (int)nrec, nrec == 1 ? "" : "s",
			  in_order ? "in the order sent" : "NOT in the order sent");
	}
	return 0;
}

static int trap_teach(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "show", no_argument, NULL, 's' },
		{ "demo", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *demo = NULL;
	bool show_it = false;
	sigset_t ours;
	int c, status;

	/* --show reads the shell's signal state before teach_begin catches
	 * Ctrl-C for the demo. */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--show"))
			show_snapshot();
	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			show_it = true;
			break;
		case 'd':
			demo = optarg;
			break;
		default:
			return teach_end(bi_usage("unknown option"));
		}
	}
	if (optind < argc)
		return teach_end(bi_usage("%s: unexpected argument", argv[optind]));
	if (show_it == (demo != NULL))
		return teach_end(bi_usage("one of --show and --demo NAME is required"));
	if (show_it)
		return teach_end(show());

	memset(&saved, 0, sizeof(saved));
	usr1_count = alarm_came = nrec = 0;
	sigemptyset(&ours);
	if (!strcmp(demo, "mask")) {
		sigaddset(&ours, SIGUSR1);
		sigaddset(&ours, SIGALRM);
		status = demo_mask();
	} else if (!strcmp(demo, "signalfd")) {
		sigaddset(&ours, SIGUSR1);
		sigaddset(&ours, SIGUSR2);
		status = demo_signalfd();
	} else if (!strcmp(demo, "queue")) {
		sigaddset(&ours, SIGUSR1);
		sigaddset(&ours, SIGRTMIN);
		status = demo_queue();
	} else {
		return teach_end(bi_usage("--demo: %s: not a demo (mask, signalfd or queue)", demo));
	}
	restore(&ours);
	return teach_end(status);
}

const struct builtin builtin_trap = {
	.name = "trap",
	.synopsis = "trap [-p] | trap ACTION SIGNAL... | trap - SIGNAL... | trap [--step] [--slow MS] [--quiet] --show | trap [--step] [--slow MS] [--quiet] --demo mask|signalfd|queue",
	.summary = "run ACTION when a signal arrives, or ignore ('') or reset (-) it",
	.family = FAMILY_SIGNAL,
	.see_also = "sh(1p) pause(2) sigaction(2) signalfd(2) sigpending(2) sigprocmask(2) sigsuspend(2) sigqueue(3) proc(5) signal(7)",
	.syscalls = "sigaction sigprocmask sigpending sigsuspend pause alarm raise kill sigqueue sigwaitinfo signalfd open read close fork waitpid",
	.special = true,
	.run = trap_main,
};
