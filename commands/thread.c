/*
 * thread - POSIX threads: pthread_create(3), pthread_join(3),
 * pthread_detach(3), pthread_cancel(3), mutexes, gettid(2).
 *
 * The lesson: threads are tasks of one process (one PID, a TID each,
 * listed in /proc/PID/task as `ps -L` shows them); they share memory, so
 * `counter = counter + 1` from several threads loses updates unless a
 * mutex makes it one step at a time.  A thread returns a value through
 * pthread_join, is detached so nobody joins it, or is cancelled at a
 * cancellation point.
 *
 * Only the main thread narrates (a --step pause reads the terminal):
 * workers record what they did and the main thread tells it.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "narrate.h"
#include "procview.h"
#include "teach.h"

#define MAX_THREADS	256
#define MAX_ITERATIONS	10000000L
#define CHECK_EVERY	4096	/* iterations between looks at the stop flag */
#define WORK		20	/* steps of "computing" between load and store */

enum mode { MODE_RACE, MODE_MUTEX, MODE_JOIN, MODE_DETACH, MODE_CANCEL };

struct worker {
	int num;			/* 1..N */
	pthread_t id;
	bool created;
	pid_t tid;			/* gettid(2) in the thread */
	long done;			/* iterations it made */
	long long sum;			/* --join: its partial sum, returned */
	long long from, to;		/* --join: the numbers it adds */
	long long testcancels;		/* --cancel: pthread_testcancel calls */
};

/* What the threads share.  lock guards arrived, finished and go. */
static struct {
	enum mode mode;
	long iterations;
	pthread_mutex_t lock;
	pthread_cond_t changed;		/* broadcast whenever they change */
	int arrived, finished;
	bool go;
	atomic_bool stop;		/* Ctrl-C or an error: finish now */
	int nthreads;
	atomic_int running;		/* threads past the gate */
	volatile long counter;		/* the shared counter */
	pthread_mutex_t counter_lock;	/* --mutex, --detach */
} S = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.changed = PTHREAD_COND_INITIALIZER,
	.counter_lock = PTHREAD_MUTEX_INITIALIZER,
};

static struct worker workers[MAX_THREADS];

/* ---------------------------------------------------------------------
 * The threads.
 * --------------------------------------------------------------------- */

static bool stopping(void)
{
	return atomic_load_explicit(&S.stop, memory_order_relaxed);
}

/* N steps of busy work that the compiler may not remove (an empty asm
 * statement; not a volatile local, which would live on the stack, where
 * a sanitizer's markings outlast a cancelled thread). */
static inline void busy(int n)
{
	for (int j = 0; j < n; j++)
		__asm__ __volatile__("");
}

/*
 * counter = counter + 1, with a little work between the load and the
 * store, as real code computes a new value from the old one.  The
 * variable is volatile, so each iteration really loads and stores it;
 * another thread that stores in between has its update overwritten.
 */
static void increment(void)
{
	long v = S.counter;		/* load */

	busy(WORK);			/* compute... */
	S.counter = v + 1;		/* store */
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	long i, k = S.iterations;

	w->tid = gettid();
	pthread_mutex_lock(&S.lock);
	S.arrived++;
	pthread_cond_broadcast(&S.changed);
	/* Wait at the gate: the main thread lists /proc/PID/task while every
	 * thread exists, then lets them all start at once. */
	while (S.mode != MODE_CANCEL && !S.go && !stopping())
		pthread_cond_wait(&S.changed, &S.lock);
	pthread_mutex_unlock(&S.lock);
	/* The start line: wait, on the CPU, until every thread is past the
	 * gate, so they all count at the same time (woken threads may
	 * otherwise run one after the other on a busy machine). */
	atomic_fetch_add(&S.running, 1);
	while (S.mode != MODE_CANCEL && atomic_load(&S.running) < S.nthreads &&
	       !stopping())
		sched_yield();

	switch (S.mode) {
	case MODE_RACE:
		for (i = 0; i < k; i++) {
			if (i % CHECK_EVERY == 0 && stopping())
				break;
			increment();	/* no lock: the race */
		}
		w->done = i;
		break;
	case MODE_MUTEX:
	case MODE_DETACH:
		for (i = 0; i < k; i++) {
			if (i % CHECK_EVERY == 0 && stopping())
				break;
			pthread_mutex_lock(&S.counter_lock);
			increment();
			pthread_mutex_unlock(&S.counter_lock);
		}
		w->done = i;
		break;
	case MODE_JOIN:
		w->sum = 0;
		for (i = 0; i < k; i++) {
			if (i % CHECK_EVERY == 0 && stopping())
				break;
			w->sum += w->from + i;
		}
		w->done = i;
		break;
	case MODE_CANCEL:
		if (w->num % 2) {
			/* pause(2) is a cancellation point: the request ends
			 * the thread inside it.  Every signal is blocked here,
			 * so nothing else wakes it. */
			for (;;)
				pause();
		}
		for (;;) {
			/* Busy work has no cancellation point: ask for one. */
			busy(1000);
			w->testcancels++;
			pthread_testcancel();
		}
		break;
	}
	pthread_mutex_lock(&S.lock);
	S.finished++;
	pthread_cond_broadcast(&S.changed);
	pthread_mutex_unlock(&S.lock);
	/* Not its stack: the worker array outlives the thread. */
	return &w->sum;
}

/* ---------------------------------------------------------------------
 * The main thread.
 * --------------------------------------------------------------------- */

static void hint_for(int err)
{
	switch (err) {
	case EAGAIN:
		bi_hint("EAGAIN: no room for another thread: the limit on processes and threads (ulimit -u, /proc/sys/kernel/threads-max) or the memory for its stack (ulimit -s, ulimit -v); the threads started so far are stopped and joined");
		break;
	case EPERM:
		bi_hint("EPERM: the thread attributes asked for a scheduling policy this user may not set");
		break;
	case EINVAL:
		bi_hint("EINVAL: the thread is not joinable (detached), or the attributes are wrong");
		break;
	case ESRCH:
		bi_hint("ESRCH: no thread with that ID: it has ended and been joined already");
		break;
	case EDEADLK:
		bi_hint("EDEADLK: a thread tried to join itself, or two threads each other");
		break;
	}
}

/*
 * Wait until WANT threads have reached COUNT (arrived or finished), a
 * tenth of a second at a time so Ctrl-C is seen: the handler runs in this
 * thread, and pthread_cond_wait does not return for a signal.  Returns
 * false if interrupted first (unless IGNORE_STOP: waiting for the threads
 * to finish after a stop).
 */
static bool wait_count(int *count, int want, bool ignore_stop)
{
	bool ok = true;

	pthread_mutex_lock(&S.lock);
	while (*count < want) {
		struct timespec until;

		if (!ignore_stop && teach_interrupted()) {
			ok = false;
			break;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&S.changed, &S.lock, &until);
	}
	pthread_mutex_unlock(&S.lock);
	return ok;
}

/* The thread whose TID is TID, or NULL. */
static struct worker *by_tid(pid_t tid, int n)
{
	for (int i = 0; i < n; i++)
		if (workers[i].created && workers[i].tid == tid)
			return &workers[i];
	return NULL;
}

/* The state letter of task TID of this process, from its stat file. */
static char task_state(pid_t tid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t len;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/stat", (long)tid);
	f = fopen(path, "re");
	if (!f)
		return '?';
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	p = strrchr(buf, ')');	/* comm may hold spaces and parentheses */
	return p && p[1] == ' ' && p[2] ? p[2] : '?';
}

/* Count the tasks of this process; with SHOW, list them with the
 * thread each one is. */
static int list_tasks(int n, bool show)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int count = 0;
	pid_t pid = getpid();

	if (!d)
		return -1;
	if (show)
		teach_out("/proc/%ld/task, the kernel's tasks of this process (the LWPs of ps -L):\n",
			  (long)pid);
	while ((e = readdir(d))) {
		pid_t tid;
		struct worker *w;
		char state, label[48];

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		count++;
		if (!show)
			continue;
		tid = (pid_t)atol(e->d_name);
		state = task_state(tid);
		w = by_tid(tid, n);
		if (tid == pid)
			snprintf(label, sizeof(label), "main thread (its TID is the PID)");
		else if (w)
			snprintf(label, sizeof(label), "thread %d", w->num);
		else
			snprintf(label, sizeof(label), "another thread of labsh");
		teach_out("  TID %-8ld %-33s %c %s\n", (long)tid, label, state,
			  procview_state_name(state));
	}
	closedir(d);
	return count;
}

/* Create thread W, with every signal blocked in it so that Ctrl-C goes
 * to the main thread.  0, or the error number. */
static int create(struct worker *w)
{
	sigset_t all, old;
	int r, r2;
	char args[96];

	sigfillset(&all);
	r = pthread_sigmask(SIG_BLOCK, &all, &old);
	if (r)
		narrate_errnum(NR_pthread_sigmask, r, "SIG_BLOCK, {all}, &old");
	else
		narrate(NR_pthread_sigmask, 0, "SIG_BLOCK, {all}, &old\tthe new thread inherits this mask: signals go to the main thread");
	r = pthread_create(&w->id, NULL, worker_main, w);
	r2 = pthread_sigmask(SIG_SETMASK, &old, NULL);
	snprintf(args, sizeof(args), "&t%d, NULL, worker, &w[%d]", w->num, w->num);
	if (r) {
		narrate_errnum(NR_pthread_create, r, "%s", args);
	} else {
		w->created = true;
		/* Its TID is known once it has run gettid and arrived. */
		wait_count(&S.arrived, w->num, true);
		narrate(NR_pthread_create, 0, "%s\tthread %d, TID %ld", args,
			w->num, (long)w->tid);
		narrate(NR_gettid, w->tid, "\tcalled by thread %d, TID %ld: a new task of PID %ld",
			w->num, (long)w->tid, (long)getpid());
	}
	if (r2)
		narrate_errnum(NR_pthread_sigmask, r2, "SIG_SETMASK, &old, NULL");
	else
		narrate(NR_pthread_sigmask, 0, "SIG_SETMASK, &old, NULL\tmain thread: its signals unblocked again");
	return r;
}

/* Open the gate: every thread starts its work. */
static void release(void)
{
	pthread_mutex_lock(&S.lock);
	S.go = true;
	pthread_cond_broadcast(&S.changed);
	pthread_mutex_unlock(&S.lock);
	narrate(NR_pthread_mutex_lock, 0, "&lock\tmain, TID %ld: go = 1, pthread_cond_broadcast wakes the threads",
		(long)gettid());
	narrate(NR_pthread_mutex_unlock, 0, "&lock\tmain: the threads start together");
}

/* Stop the threads: they see the flag within CHECK_EVERY iterations. */
static void stop_all(int n)
{
	atomic_store(&S.stop, true);
	pthread_mutex_lock(&S.lock);
	pthread_cond_broadcast(&S.changed);
	pthread_mutex_unlock(&S.lock);
	if (S.mode == MODE_CANCEL)
		for (int i = 0; i < n; i++)
			if (workers[i].created)
				pthread_cancel(workers[i].id);
}

/* Join every created thread, narrating what each returned. */
static int join_all(int n)
{
	int status = 0;

	for (int i = 0; i < n; i++) {
		struct worker *w = &workers[i];
		void *ret = NULL;
		char args[48];
		int r;

		if (!w->created)
			continue;
		r = pthread_join(w->id, &ret);
		snprintf(args, sizeof(args), "t%d, &retval", w->num);
		if (r) {
			narrate_errnum(NR_pthread_join, r, "%s", args);
			errno = r;
			bi_error_errno("pthread_join");
			hint_for(r);
			status = 1;
			continue;
		}
		w->created = false;
		if (ret == PTHREAD_CANCELED)
			narrate(NR_pthread_join, 0, "%s\tthread %d, TID %ld: retval PTHREAD_CANCELED, cancelled in %s",
				args, w->num, (long)w->tid,
				w->num % 2 ? "pause()" : "pthread_testcancel()");
		else if (S.mode == MODE_JOIN)
			narrate(NR_pthread_join, 0, "%s\tthread %d, TID %ld has ended: retval -> %lld",
				args, w->num, (long)w->tid, *(long long *)ret);
		else
			narrate(NR_pthread_join, 0, "%s\tthread %d, TID %ld has ended; its task leaves /proc/PID/task",
				args, w->num, (long)w->tid);
	}
	return status;
}

/* Detached threads end by themselves: wait until the kernel shows only
 * the main thread (at most 5 s). */
static int wait_tasks_gone(int n)
{
	for (int i = 0; i < 500; i++) {
		if (list_tasks(n, false) <= 1)
			return 0;
		struct timespec t = { 0, 10000000L };

		nanosleep(&t, NULL);
	}
	return -1;
}

static void report(int n)
{
	long long expected = (long long)n * S.iterations;

	switch (S.mode) {
	case MODE_RACE: {
		long long lost = expected - S.counter;

		teach_out("expected %lld, observed %ld: %lld updates lost (%.1f%%)\n",
			  expected, S.counter, lost,
			  100.0 * (double)lost / (double)expected);
		if (lost > 0)
			teach_out("counter = counter + 1 is a load, an add and a store: two threads that load the same value both store value+1, and one update is lost\n");
		else
			teach_out("no update was lost this time: the threads did not overlap; run it again, or with more iterations\n");
		break;
	}
	case MODE_MUTEX:
	case MODE_DETACH:
		for (int i = 0; i < n; i++) {
			narrate(NR_pthread_mutex_lock, 0, "&counter_lock\tthread %d, TID %ld: called %ld times, before each counter + 1",
				workers[i].num, (long)workers[i].tid, workers[i].done);
			narrate(NR_pthread_mutex_unlock, 0, "&counter_lock\tthread %d, TID %ld: called %ld times, after each",
				workers[i].num, (long)workers[i].tid, workers[i].done);
		}
		teach_out("expected %lld, observed %ld: %s\n", expected, S.counter,
			  S.counter == expected ? "exact, the mutex lets one thread at a time update the counter"
			  : "NOT exact");
		break;
	case MODE_JOIN: {
		long long total = 0, last = (long long)n * S.iterations;

		for (int i = 0; i < n; i++) {
			teach_out("thread %d, TID %ld: sum of %lld..%lld = %lld\n",
				  workers[i].num, (long)workers[i].tid,
				  workers[i].from, workers[i].to, workers[i].sum);
			total += workers[i].sum;
		}
		teach_out("main: the returned sums add up to %lld; 1 + 2 + ... + %lld = %lld: %s\n",
			  total, last, last * (last + 1) / 2,
			  total == last * (last + 1) / 2 ? "equal" : "DIFFERENT");
		break;
	}
	case MODE_CANCEL:
		for (int i = 0; i < n; i++)
			if (workers[i].num % 2 == 0)
				narrate(NR_pthread_testcancel, NARRATE_NORESULT,
					"\tthread %d, TID %ld: called %lld times; the last one did not return",
					workers[i].num, (long)workers[i].tid,
					workers[i].testcancels);
		teach_out("%d thread%s cancelled: pthread_join gave PTHREAD_CANCELED for each\n",
			  n, n == 1 ? "" : "s");
		break;
	}
}

static int run(int n)
{
	int status = 0, made = 0, r = 0;

	S.arrived = S.finished = 0;
	S.nthreads = n;
	atomic_store(&S.running, 0);
	S.go = false;
	S.counter = 0;
	atomic_store(&S.stop, false);
	memset(workers, 0, sizeof(workers));

	narrate(NR_gettid, gettid(), "\tmain thread: its TID is the PID, %ld", (long)getpid());
	for (int i = 0; i < n && !teach_interrupted(); i++) {
		struct worker *w = &workers[i];

		w->num = i + 1;
		w->from = (long long)i * S.iterations + 1;
		w->to = (long long)(i + 1) * S.iterations;
		r = create(w);
		if (r) {
			errno = r;
			bi_error_errno("pthread_create");
			hint_for(r);
			status = 1;
			break;
		}
		made++;
		if (S.mode == MODE_DETACH) {
			r = pthread_detach(w->id);
			if (r) {
				char args[16];

				snprintf(args, sizeof(args), "t%d", w->num);
				narrate_errnum(NR_pthread_detach, r, "%s", args);
				errno = r;
				bi_error_errno("pthread_detach");
				hint_for(r);
				status = 1;
				break;
			}
			narrate(NR_pthread_detach, 0, "t%d\tthread %d, TID %ld: nobody joins it; it frees itself when it ends",
				w->num, w->num, (long)w->tid);
		}
	}
	if (!status && !teach_interrupted() && wait_count(&S.arrived, n, false)) {
		list_tasks(n, true);
		if (S.mode == MODE_DETACH) {
			void *ret;

			/* Thread 1 waits at the gate: it still exists, so
			 * asking to join it is well defined and refused. */
			r = pthread_join(workers[0].id, &ret);
			if (r) {
				narrate_errnum(NR_pthread_join, r, "t1, &retval");
				teach_out("pthread_join refused thread 1 with %s: a detached thread cannot be joined; the demo counts finished threads under a mutex and waits on a condition variable instead\n",
					  r == EINVAL ? "EINVAL" : strerror(r));
			} else {
				narrate(NR_pthread_join, 0, "t1, &retval");
			}
		}
		if (S.mode == MODE_CANCEL) {
			for (int i = 0; i < n && !teach_interrupted(); i++) {
				struct worker *w = &workers[i];

				r = pthread_cancel(w->id);
				if (r) {
					char args[16];

					snprintf(args, sizeof(args), "t%d", w->num);
					narrate_errnum(NR_pthread_cancel, r, "%s", args);
				} else {
					narrate(NR_pthread_cancel, 0, "t%d\tthread %d, TID %ld: ends at its next cancellation point, %s",
						w->num, w->num, (long)w->tid,
						w->num % 2 ? "in pause()" : "pthread_testcancel()");
				}
			}
		} else {
			release();
			wait_count(&S.finished, n, false);
		}
	}
	/* From here on, whatever happened: stop, join, nothing left. */
	if (teach_interrupted() || status)
		stop_all(n);
	if (S.mode == MODE_DETACH) {
		wait_count(&S.finished, made, true);
		for (int i = 0; i < n; i++)
			workers[i].created = false;
		if (wait_tasks_gone(n) < 0)
			status = bi_error("detached threads are still running after 5 s");
		else if (!teach_interrupted() && !status)
			teach_out("all %d detached threads have finished; /proc/%ld/task lists the main thread only\n",
				  n, (long)getpid());
	} else {
		if (join_all(n))
			status = 1;
		/* A joined thread has exited; the kernel may take a moment
		 * more to drop its task. */
		else if (wait_tasks_gone(n) < 0)
			status = bi_error("threads are still listed in /proc/self/task after 5 s");
		else if (!teach_interrupted())
			teach_out("after the joins, /proc/%ld/task lists the main thread only\n",
				  (long)getpid());
	}
	if (teach_interrupted() && S.mode != MODE_CANCEL) {
		for (int i = 0; i < made; i++)
			teach_out("interrupted: thread %d, TID %ld saw the stop flag after %ld of %ld iterations\n",
				  workers[i].num, (long)workers[i].tid,
				  workers[i].done, S.iterations);
	} else if (!status && !teach_interrupted()) {
		report(n);
	}
	return status;
}

static int parse_number(const char *opt, const char *arg, long max, long *out)
{
	if (!teach_number(arg, 10, 1, max, out))
		return bi_usage("%s: %s: must be a number from 1 to %ld", opt, arg, max);
	return 0;
}

static int thread_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'k' },
		{ "race", no_argument, NULL, 'r' },
		{ "mutex", no_argument, NULL, 'm' },
		{ "join", no_argument, NULL, 'j' },
		{ "detach", no_argument, NULL, 'd' },
		{ "cancel", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	long n = 4, k = 1000000;
	int c, modes = 0;
	enum mode mode = MODE_RACE;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	while ((c = getopt_long(argc, argv, "+n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_number("-n", optarg, MAX_THREADS, &n))
				return teach_end(2);
			break;
		case 'k':
			if (parse_number("--iterations", optarg, MAX_ITERATIONS, &k))
				return teach_end(2);
			break;
		case 'r':
			mode = MODE_RACE, modes++;
			break;
		case 'm':
			mode = MODE_MUTEX, modes++;
			break;
		case 'j':
			mode = MODE_JOIN, modes++;
			break;
		case 'd':
			mode = MODE_DETACH, modes++;
			break;
		case 'c':
			mode = MODE_CANCEL, modes++;
			break;
		default:
			return teach_end(bi_usage("unknown option"));
		}
	}
	if (optind < argc)
		return teach_end(bi_usage("%s: unexpected argument", argv[optind]));
	if (modes > 1)
		return teach_end(bi_usage("--race, --mutex, --join, --detach and --cancel exclude each other"));
	S.mode = mode;
	S.iterations = k;
	return teach_end(run((int)n));
}

const struct builtin builtin_thread = {
	.name = "thread",
	.synopsis = "thread [--step] [--slow MS] [--quiet] [-n N] [--iterations K] [--race | --mutex | --join | --detach | --cancel]",
	.summary = "run N POSIX threads on a shared counter: a race, a mutex, join, detach, cancel",
	.family = FAMILY_THREAD,
	.see_also = "gettid(2) pthread_cancel(3) pthread_create(3) pthread_detach(3) pthread_join(3) pthread_sigmask(3) pthread_mutex_lock(3p) proc(5) pthreads(7)",
	.syscalls = "pthread_create pthread_join pthread_detach pthread_cancel pthread_mutex_lock pthread_mutex_unlock pthread_sigmask pthread_testcancel gettid pause",
	.run = thread_main,
};
