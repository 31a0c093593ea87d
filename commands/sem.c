/*
 * sem - semaphores: System V semget(2), semop(2), semctl(2), and POSIX
 * named semaphores, sem_open(3), sem_wait(3), sem_post(3).  See
 * sysvipc(7) and sem_overview(7).
 *
 * The lesson: a semaphore is a counter in the kernel that P (take one)
 * and V (give one back) change atomically; P sleeps while it is 0.  The
 * race demo shows processes losing updates to a shared counter without
 * one, and none with one; the counting demo lets at most K in at once.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "teach.h"

#define MAX_WORKERS 64
#define RACE_ITERATIONS 200000L
#define LOCKED_ITERATIONS 50000L
#define YIELD_EVERY 1000

/* semctl(2): the caller defines it. */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* What the command line asked for. */
struct sem_args {
	const char *sub;	/* create, p, v, get, stat, rm, ls */
	bool posix, keep, nowait, undo, race, demo;
	bool has_key, has_value, has_mode, has_iter, has_limit, has_workers;
	key_t key;
	long value, iterations, limit, workers;
	mode_t mode;
	char **ops;
	int nops;
};

static void sysv_hint(int err, int id)
{
	switch (err) {
	case EINVAL:
		bi_hint("EINVAL: no semaphore set has id %d (it was removed, or the id is mistyped: 'sem ls' lists yours)", id);
		break;
	case EIDRM:
		bi_hint("EIDRM: the semaphore set was removed (semctl IPC_RMID) while this process waited on it");
		break;
	case EACCES:
		bi_hint("EACCES: the set's mode does not let you do that ('sem stat %d' shows its perms)", id);
		break;
	case EPERM:
		bi_hint("EPERM: only the set's owner, its creator or root may change or remove it");
		break;
	case EAGAIN:
		bi_hint("EAGAIN: the value is 0, so P would have to wait, and IPC_NOWAIT said not to");
		break;
	case ERANGE:
		bi_hint("ERANGE: a semaphore's value may not go above SEMVMX (32767)");
		break;
	case EEXIST:
		bi_hint("EEXIST: a set with that key exists already and IPC_EXCL asked for a new one; choose another key, or remove it");
		break;
	case ENOSPC:
		bi_hint("ENOSPC: the system's limit on semaphores (/proc/sys/kernel/sem) is reached");
		break;
	case ENOMEM:
		bi_hint("ENOMEM: the kernel has no memory for the set or its undo record");
		break;
	}
}

static void posix_hint(int err, const char *name)
{
	switch (err) {
	case ENOENT:
		bi_hint("ENOENT: no semaphore is called %s ('sem ls --posix' lists /dev/shm/sem.*)", name);
		break;
	case EEXIST:
		bi_hint("EEXIST: a semaphore called %s exists already and O_EXCL asked for a new one", name);
		break;
	case EINVAL:
		bi_hint("EINVAL: the name must be one slash and a word (/lock), and the value at most SEM_VALUE_MAX");
		break;
	case EACCES:
		bi_hint("EACCES: the semaphore's mode does not let you open it (ls -l /dev/shm shows it)");
		break;
	case EAGAIN:
		bi_hint("EAGAIN: the value is 0, so sem_wait would have to wait, and sem_trywait does not");
		break;
	case EOVERFLOW:
		bi_hint("EOVERFLOW: the value may not go above SEM_VALUE_MAX");
		break;
	case ENAMETOOLONG:
		bi_hint("ENAMETOOLONG: the name is too long");
		break;
	}
}

/* After a failed call: nothing if Ctrl-C cut it short (status 130),
 * otherwise the error line and its hint.  Returns 1. */
static int sysv_fail(const char *call, int id)
{
	int err = errno;

	if (err == EINTR && teach_interrupted())
		return 1;
	bi_error_errno("%s %d", call, id);
	sysv_hint(err, id);
	return 1;
}

static int posix_fail(const char *call, const char *name)
{
	int err = errno;

	if (err == EINTR && teach_interrupted())
		return 1;
	bi_error_errno("%s %s", call, name);
	posix_hint(err, name);
	return 1;
}

/* ---------------------------------------------------------------------
 * System V semaphore sets of one semaphore.
 * --------------------------------------------------------------------- */

/* semctl(ID, 0, CMD) for the GET commands, narrated with NOTE. */
static int sem_get(int id, int cmd, const char *name, const char *note)
{
	int r = semctl(id, 0, cmd);

	narrate(NR_semctl, r, "%d, 0, %s\t%s", id, name, r < 0 ? "" : note);
	return r;
}

static int sysv_create(const struct sem_args *a)
{
	mode_t mode = a->has_mode ? a->mode : 0600;
	key_t key = a->has_key ? a->key : IPC_PRIVATE;
	int value = a->has_value ? (int)a->value : 1;
	union semun arg = { .val = value };
	char kb[32];
	int id, r;

	id = semget(key, 1, IPC_CREAT | IPC_EXCL | (int)mode);
	narrate(NR_semget, id, "%s, 1, IPC_CREAT|IPC_EXCL|0%03o\ta set of one semaphore%s",
		narrate_ipc_key(key, kb, sizeof(kb)), (unsigned)mode,
		id < 0 ? "" : a->keep ? ", kept after the shell exits (--keep)"
		: ", removed when the shell exits");
	if (id < 0) {
		int err = errno;

		bi_error_errno("semget %s", narrate_ipc_key(key, kb, sizeof(kb)));
		sysv_hint(err, -1);
		return 1;
	}
	if (!a->keep)
		cleanup_add(CLEAN_SEM, CLEAN_SHELL, id, NULL);
	r = semctl(id, 0, SETVAL, arg);
	narrate(NR_semctl, r, "%d, 0, SETVAL, %d\tthe value starts at %d", id, value, value);
	if (r < 0)
		return sysv_fail("semctl SETVAL", id);
	teach_out("semid %d key 0x%08x value %d\n", id, (unsigned)key, value);
	return 0;
}

/* One semop of DELTA on semaphore 0, narrated. */
static int sysv_op(int id, int delta, bool nowait, bool undo, const char *note)
{
	struct sembuf op = { 0, (short)delta, 0 };
	const char *fl = "0";
	int r;

	if (nowait && undo)
		fl = "IPC_NOWAIT|SEM_UNDO";
	else if (nowait)
		fl = "IPC_NOWAIT";
	else if (undo)
		fl = "SEM_UNDO";
	op.sem_flg = (short)((nowait ? IPC_NOWAIT : 0) | (undo ? SEM_UNDO : 0));
	r = semop(id, &op, 1);
	narrate(NR_semop, r, "%d, {{0, %+d, %s}}, 1\t%s", id, delta, fl,
		r < 0 ? "" : note);
	return r;
}

/* P or V in the shell itself. */
static int sysv_pv(int id, bool p, bool nowait)
{
	int v;

	if (p && !nowait) {
		v = sem_get(id, GETVAL, "GETVAL", "");
		if (v < 0)
			return sysv_fail("semctl GETVAL", id);
		if (v == 0)
			teach_out("value 0: P sleeps until somebody does V (sem v %d), or Ctrl-C\n", id);
	}
	if (sysv_op(id, p ? -1 : 1, nowait, false,
		    p ? "P: the value was above 0; took 1" : "V: gave 1 back; a sleeper in P wakes") < 0)
		return sysv_fail("semop", id);
	v = sem_get(id, GETVAL, "GETVAL", "the value now");
	if (v < 0)
		return sysv_fail("semctl GETVAL", id);
	teach_out("%s on semid %d: value now %d\n", p ? "P" : "V", id, v);
	return 0;
}

/*
 * --undo: SEM_UNDO is undone when the process that did the semop exits.
 * The builtin runs in the shell, which does not exit, so a child does it.
 */
static int sysv_undo(int id, bool p, bool nowait)
{
	int before, after, ws;
	pid_t pid;

	before = sem_get(id, GETVAL, "GETVAL", "before the child");
	if (before < 0)
		return sysv_fail("semctl GETVAL", id);
	pid = teach_fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		int v;

		if (sysv_op(id, p ? -1 : 1, nowait, true,
			    p ? "SEM_UNDO: the kernel notes +1 to give back when this process exits" : "SEM_UNDO: the kernel notes -1 to take back when this process exits") < 0)
			teach_child_exit(sysv_fail("semop", id));
		v = sem_get(id, GETVAL, "GETVAL", "while the child lives");
		teach_out("child %ld: did %s with SEM_UNDO, value now %d; exits without %s\n",
			  (long)getpid(), p ? "P" : "V", v, p ? "V" : "P");
		teach_child_exit(0);
	}
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	after = sem_get(id, GETVAL, "GETVAL", "after the child exited: its semop is undone");
	if (after < 0)
		return sysv_fail("semctl GETVAL", id);
	teach_out("after child %ld exited: value %d (it was %d before): the kernel undid its %s\n",
		  (long)pid, after, before, p ? "P" : "V");
	return ws != 0;
}

static int sysv_get(int id)
{
	int val, pid, ncnt, zcnt;

	val = sem_get(id, GETVAL, "GETVAL", "the value");
	if (val < 0)
		return sysv_fail("semctl GETVAL", id);
	pid = sem_get(id, GETPID, "GETPID", "the last process that did semop");
	ncnt = sem_get(id, GETNCNT, "GETNCNT", "processes asleep in P, waiting for the value to rise");
	zcnt = sem_get(id, GETZCNT, "GETZCNT", "processes asleep waiting for the value to be 0");
	if (pid < 0 || ncnt < 0 || zcnt < 0)
		return sysv_fail("semctl", id);
	teach_out("semval  %-8d the value\nsempid  %-8d the last process that did semop\n"
		  "semncnt %-8d processes waiting for the value to rise (in P)\n"
		  "semzcnt %-8d processes waiting for it to be 0\n", val, pid, ncnt, zcnt);
	return 0;
}

static int sysv_stat(int id)
{
	struct semid_ds ds;
	union semun arg = { .buf = &ds };
	char t1[32], t2[32];
	int r = semctl(id, 0, IPC_STAT, arg);

	narrate(NR_semctl, r, "%d, 0, IPC_STAT, &buf", id);
	if (r < 0)
		return sysv_fail("semctl IPC_STAT", id);
	teach_out("semid %d key 0x%08x perms %04o owner %ld:%ld creator %ld:%ld\n"
		  "sem_nsems %-8lu semaphores in the set\nsem_otime %s\nsem_ctime %s\n",
		  id, (unsigned)ds.sem_perm.__key, (unsigned)ds.sem_perm.mode & 0777,
		  (long)ds.sem_perm.uid, (long)ds.sem_perm.gid,
		  (long)ds.sem_perm.cuid, (long)ds.sem_perm.cgid,
		  (unsigned long)ds.sem_nsems, teach_time(ds.sem_otime, t1, sizeof(t1)),
		  teach_time(ds.sem_ctime, t2, sizeof(t2)));
	return 0;
}

static int sysv_rm(int id)
{
	int r = semctl(id, 0, IPC_RMID);

	narrate(NR_semctl, r, "%d, 0, IPC_RMID%s", id,
		r == 0 ? "\tgone; sleepers in semop get EIDRM" : "");
	if (r < 0)
		return sysv_fail("semctl IPC_RMID", id);
	cleanup_forget(CLEAN_SEM, id, NULL);
	teach_out("removed semid %d\n", id);
	return 0;
}

static int sysv_ls(void)
{
	static const char path[] = "/proc/sysvipc/sem";
	char line[512];
	int shown = 0;
	FILE *f = teach_open_list(path, "the kernel's list of semaphore sets");

	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		long key, id, nsems, uid;
		unsigned perms;
		union semun none = { 0 };
		int v;

		if (sscanf(line, "%ld %ld %o %ld %ld", &key, &id, &perms, &nsems,
			   &uid) != 5 || uid != (long)getuid())
			continue;
		if (!shown++)
			teach_out("%-10s %-10s %-5s %-5s %s\n", "KEY", "SEMID", "PERMS",
				  "NSEMS", "VALUE");
		v = semctl((int)id, 0, GETVAL, none);
		if (v < 0)
			teach_out("0x%08x %-10ld %04o  %-5ld ?\n", (unsigned)key, id,
				  perms & 0777, nsems);
		else
			teach_out("0x%08x %-10ld %04o  %-5ld %d\n", (unsigned)key, id,
				  perms & 0777, nsems, v);
	}
	fclose(f);
	if (!shown)
		teach_out("no semaphore set of yours (uid %ld)\n", (long)getuid());
	return 0;
}

/* ---------------------------------------------------------------------
 * POSIX named semaphores: a small file in /dev/shm, mapped.
 * --------------------------------------------------------------------- */

static sem_t *posix_open(const char *name)
{
	sem_t *s = sem_open(name, 0);

	if (s == SEM_FAILED)
		narrate(NR_sem_open, -1, "\"%s\", 0", name);
	else
		narrate(NR_sem_open, NARRATE_NORESULT, "\"%s\", 0\t= %p: /dev/shm/sem.%s, mapped",
			name, (void *)s, name + (name[0] == '/'));
	return s;
}

static void posix_close(sem_t *s)
{
	int r = sem_close(s);

	narrate(NR_sem_close, r, "%p", (void *)s);
}

static int posix_value(sem_t *s, const char *note)
{
	int v = -1, r = sem_getvalue(s, &v);

	narrate(NR_sem_getvalue, r, "%p, &value\t%s%d", (void *)s, note, v);
	return r < 0 ? -1 : v;
}

static int posix_create(const struct sem_args *a, const char *name)
{
	mode_t mode = a->has_mode ? a->mode : 0600;
	unsigned value = a->has_value ? (unsigned)a->value : 1;
	sem_t *s = sem_open(name, O_CREAT | O_EXCL, mode, value);

	if (s == SEM_FAILED) {
		narrate(NR_sem_open, -1, "\"%s\", O_CREAT|O_EXCL, 0%03o, %u", name,
			(unsigned)mode, value);
		return posix_fail("sem_open", name);
	}
	narrate(NR_sem_open, NARRATE_NORESULT, "\"%s\", O_CREAT|O_EXCL, 0%03o, %u\t= %p: a new /dev/shm/sem.%s%s",
		name, (unsigned)mode, value, (void *)s, name + (name[0] == '/'),
		a->keep ? ", kept (--keep)" : ", removed when the shell exits");
	if (!a->keep)
		cleanup_add(CLEAN_SEM_POSIX, CLEAN_SHELL, -1, name);
	posix_close(s);
	teach_out("sem %s value %u\n", name, value);
	return 0;
}

static int posix_pv(const char *name, int what, bool nowait)
{
	sem_t *s = posix_open(name);
	int r = 0, v;

	if (s == SEM_FAILED)
		return posix_fail("sem_open", name);
	if (what == 'g') {
		v = posix_value(s, "the value: ");
		if (v < 0)
			r = posix_fail("sem_getvalue", name);
		else
			teach_out("value %d\n", v);
		posix_close(s);
		return r;
	}
	if (what == 'p' && !nowait && posix_value(s, "before P: ") == 0)
		teach_out("value 0: sem_wait sleeps until somebody does V (sem v --posix %s), or Ctrl-C\n",
			  name);
	if (what == 'v') {
		r = sem_post(s);
		narrate(NR_sem_post, r, "%p%s", (void *)s, r ? "" : "\tV: gave 1 back; a sleeper wakes");
	} else if (nowait) {
		r = sem_trywait(s);
		narrate(NR_sem_trywait, r, "%p%s", (void *)s, r ? "" : "\tP: the value was above 0; took 1");
	} else {
		r = sem_wait(s);
		narrate(NR_sem_wait, r, "%p%s", (void *)s, r ? "" : "\tP: took 1");
	}
	if (r < 0) {
		posix_fail(what == 'v' ? "sem_post" : nowait ? "sem_trywait" : "sem_wait", name);
	} else {
		v = posix_value(s, "the value now: ");
		teach_out("%s on %s: value now %d\n", what == 'v' ? "V" : "P", name, v);
	}
	posix_close(s);
	return r < 0;
}

static int posix_rm(const char *name)
{
	int r = sem_unlink(name);

	narrate(NR_sem_unlink, r, "\"%s\"%s", name,
		r == 0 ? "\tthe name is gone; processes that have it open keep it" : "");
	if (r < 0)
		return posix_fail("sem_unlink", name);
	cleanup_forget(CLEAN_SEM_POSIX, -1, name);
	teach_out("removed %s\n", name);
	return 0;
}

static int posix_ls(void)
{
	static const char dir[] = "/dev/shm";
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), shown = 0;
	struct dirent *de;
	DIR *d;

	narrate(NR_open, fd, "\"%s\", O_RDONLY|O_DIRECTORY|O_CLOEXEC\tnamed semaphores are files sem.NAME here", dir);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return bi_error_errno("%s", dir);
	}
	while ((de = readdir(d))) {
		struct stat st;

		if (strncmp(de->d_name, "sem.", 4) ||
		    fstatat(fd, de->d_name, &st, 0) < 0 || st.st_uid != getuid())
			continue;
		if (!shown++)
			teach_out("%-24s %s\n", "NAME", "MODE");
		teach_out("/%-23s %04o\n", de->d_name + 4, (unsigned)st.st_mode & 0777);
	}
	closedir(d);
	if (!shown)
		teach_out("no named semaphore of yours in %s\n", dir);
	return 0;
}

/* ---------------------------------------------------------------------
 * The demos: a counter in shared memory, and workers around it.
 * --------------------------------------------------------------------- */

struct shared {
	volatile long counter;	/* the race's counter */
	int go;			/* the workers start together */
	int inside;		/* the counting demo: workers inside now */
	int most;		/* and the most at once */
};

struct demo {
	int shmid, semid;
	struct shared *sh;
	pid_t kids[MAX_WORKERS];
	int nkids;
};

static int demo_setup(struct demo *d, int value)
{
	union semun arg = { .val = value };
	int r;

	d->shmid = shmget(IPC_PRIVATE, sizeof(*d->sh), IPC_CREAT | 0600);
	narrate(NR_shmget, d->shmid, "IPC_PRIVATE, %zu, IPC_CREAT|0600\tshared memory for the counter",
		sizeof(*d->sh));
	if (d->shmid < 0)
		return sysv_fail("shmget", -1);
	cleanup_add(CLEAN_SHM, CLEAN_DEMO, d->shmid, NULL);
	d->sh = shmat(d->shmid, NULL, 0);
	if (d->sh == (void *)-1) {
		narrate(NR_shmat, -1, "%d, NULL, 0", d->shmid);
		d->sh = NULL;
		return sysv_fail("shmat", d->shmid);
	}
	narrate(NR_shmat, NARRATE_NORESULT, "%d, NULL, 0\t= %p: the children inherit the mapping",
		d->shmid, (void *)d->sh);
	memset(d->sh, 0, sizeof(*d->sh));
	d->semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	narrate(NR_semget, d->semid, "IPC_PRIVATE, 1, IPC_CREAT|0600\tthe semaphore");
	if (d->semid < 0)
		return sysv_fail("semget", -1);
	cleanup_add(CLEAN_SEM, CLEAN_DEMO, d->semid, NULL);
	r = semctl(d->semid, 0, SETVAL, arg);
	narrate(NR_semctl, r, "%d, 0, SETVAL, %d\t%s", d->semid, value,
		value == 1 ? "a binary semaphore: a lock" : "a counting semaphore");
	if (r < 0)
		return sysv_fail("semctl SETVAL", d->semid);
	teach_out("shared memory: shmid %d; semaphore: semid %d\n", d->shmid, d->semid);
	return 0;
}

/* Remove what demo_setup made, narrated; on Ctrl-C teach_end does it. */
static void demo_teardown(struct demo *d)
{
	int r;

	if (d->sh) {
		r = shmdt(d->sh);
		narrate(NR_shmdt, r, "%p", (void *)d->sh);
	}
	if (teach_interrupted())
		return;
	if (d->semid >= 0) {
		r = semctl(d->semid, 0, IPC_RMID);
		narrate(NR_semctl, r, "%d, 0, IPC_RMID\tthe demo's semaphore is gone", d->semid);
		if (r == 0)
			cleanup_forget(CLEAN_SEM, d->semid, NULL);
	}
	if (d->shmid >= 0) {
		r = shmctl(d->shmid, IPC_RMID, NULL);
		narrate(NR_shmctl, r, "%d, IPC_RMID, NULL\tthe demo's shared memory is gone", d->shmid);
		if (r == 0)
			cleanup_forget(CLEAN_SHM, d->shmid, NULL);
	}
}

/* Wait for every worker; 0 if all exited 0. */
static int wait_all(struct demo *d)
{
	int status = 0;

	for (int i = 0; i < d->nkids; i++) {
		int ws;

		if (teach_wait(d->kids[i], &ws, 0) < 0)
			return 1;
		if (ws)
			status = 1;
	}
	d->nkids = 0;
	return status;
}

/* The race's worker: ITER increments, with P and V around each if LOCKED. */
static _Noreturn void race_worker(struct demo *d, int n, long iter, bool locked)
{
	while (!__atomic_load_n(&d->sh->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (long i = 0; i < iter; i++) {
		/* only the first P and V of each worker are narrated */
		bool say = i == 0;
		struct sembuf p = { 0, -1, 0 }, v = { 0, 1, 0 };
		int r;

		if (locked) {
			r = semop(d->semid, &p, 1);
			if (say || r < 0)
				narrate(NR_semop, r, "%d, {{0, -1, 0}}, 1\tP: in (the next %ld P and V are not narrated)",
					d->semid, iter - 1);
			if (r < 0)
				teach_child_exit(1);
		}
		/*
		 * load, add, store: three steps another process can come
		 * between.  Every YIELD_EVERY-th time this one gives up the
		 * CPU between its load and its store, as a preemption would,
		 * so that the race shows even on one CPU.
		 */
		long c = d->sh->counter;

		if (i % YIELD_EVERY == YIELD_EVERY - 1)
			sched_yield();
		d->sh->counter = c + 1;
		if (locked) {
			r = semop(d->semid, &v, 1);
			if (say || r < 0)
				narrate(NR_semop, r, "%d, {{0, +1, 0}}, 1\tV: out", d->semid);
			if (r < 0)
				teach_child_exit(1);
		}
	}
	teach_out("worker %d (PID %ld): %ld increments done\n", n, (long)getpid(), iter);
	teach_child_exit(0);
}

/* One pass of the race; the counter it ends with in *SEEN. */
static int race_pass(struct demo *d, int n, long iter, bool locked, long *seen)
{
	d->sh->counter = 0;
	__atomic_store_n(&d->sh->go, 0, __ATOMIC_RELEASE);
	for (int i = 0; i < n && !teach_interrupted(); i++) {
		pid_t pid = teach_fork();

		if (pid < 0)
			return 1;
		if (pid == 0)
			race_worker(d, i + 1, iter, locked);
		d->kids[d->nkids++] = pid;
	}
	if (teach_interrupted())
		return 1;
	teach_out("parent: %d workers ready; go\n", n);
	__atomic_store_n(&d->sh->go, 1, __ATOMIC_RELEASE);
	if (wait_all(d))
		return 1;
	*seen = d->sh->counter;
	return 0;
}

static int race(int n, long iter, long locked_iter)
{
	struct demo d = { .shmid = -1, .semid = -1 };
	long seen = 0, expected;
	int status;

	status = demo_setup(&d, 1);
	if (status == 0) {
		expected = (long)n * iter;
		teach_out("1. without a semaphore: %d workers, %ld increments each of one counter\n",
			  n, iter);
		status = race_pass(&d, n, iter, false, &seen);
	}
	if (status == 0) {
		if (seen == expected)
			teach_out("without a semaphore: expected %ld, counted %ld: no update lost this time (try again)\n",
				  expected, seen);
		else
			teach_out("without a semaphore: expected %ld, counted %ld: %ld updates lost\n",
				  expected, seen, expected - seen);
		expected = (long)n * locked_iter;
		teach_out("2. with the semaphore around each increment: %ld each%s\n",
			  locked_iter, locked_iter < iter
			  ? " (fewer: P and V are two system calls per increment; --iterations sets both)" : "");
		status = race_pass(&d, n, locked_iter, true, &seen);
	}
	if (status == 0)
		teach_out("with a semaphore: expected %ld, counted %ld: %s\n", expected,
			  seen, seen == expected ? "exact" : "WRONG");
	demo_teardown(&d);
	return status;
}

/* The counting demo's worker: P, inside a while, V. */
static _Noreturn void limit_worker(struct demo *d, int n, int limit)
{
	struct shared *sh = d->sh;
	int now, most;

	if (sysv_op(d->semid, -1, false, false, "P: in") < 0)
		teach_child_exit(1);
	now = __atomic_add_fetch(&sh->inside, 1, __ATOMIC_SEQ_CST);
	most = __atomic_load_n(&sh->most, __ATOMIC_SEQ_CST);
	while (now > most && !__atomic_compare_exchange_n(&sh->most, &most, now, false,
							   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	teach_out("worker %d (PID %ld) in:  inside now %d (limit %d)\n", n,
		  (long)getpid(), now, limit);
	teach_sleep(150);
	now = __atomic_sub_fetch(&sh->inside, 1, __ATOMIC_SEQ_CST);
	teach_out("worker %d (PID %ld) out: inside now %d\n", n, (long)getpid(), now);
	if (sysv_op(d->semid, 1, false, false, "V: out; one more may come in") < 0)
		teach_child_exit(1);
	teach_child_exit(0);
}

static int limit_demo(int n, int limit)
{
	struct demo d = { .shmid = -1, .semid = -1 };
	int status = demo_setup(&d, limit);

	if (status == 0)
		teach_out("%d workers, a semaphore of value %d: at most %d inside at once\n",
			  n, limit, limit);
	for (int i = 0; status == 0 && i < n && !teach_interrupted(); i++) {
		pid_t pid = teach_fork();

		if (pid < 0)
			status = 1;
		else if (pid == 0)
			limit_worker(&d, i + 1, limit);
		else
			d.kids[d.nkids++] = pid;
	}
	if (status == 0 && teach_sleep(50) == 0) {
		sem_get(d.semid, GETVAL, "GETVAL", "the places left");
		sem_get(d.semid, GETNCNT, "GETNCNT", "workers asleep in P, waiting for a V");
	}
	if (status == 0 && !teach_interrupted())
		status = wait_all(&d);
	if (status == 0 && !teach_interrupted())
		teach_out("the most inside at once: %d (limit %d)\n", d.sh->most, limit);
	demo_teardown(&d);
	return status || teach_interrupted();
}

/* ---------------------------------------------------------------------
 * The command line.
 * --------------------------------------------------------------------- */

enum {
	OPT_POSIX = 256, OPT_KEY, OPT_KEEP, OPT_VALUE, OPT_NOWAIT, OPT_UNDO,
	OPT_RACE, OPT_ITER, OPT_LIMIT, OPT_DEMO,
};

static int parse(int argc, char **argv, struct sem_args *a)
{
	static const struct option longopts[] = {
		{ "posix", no_argument, NULL, OPT_POSIX },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "mode", required_argument, NULL, 'm' },
		{ "keep", no_argument, NULL, OPT_KEEP },
		{ "value", required_argument, NULL, OPT_VALUE },
		{ "nowait", no_argument, NULL, OPT_NOWAIT },
		{ "undo", no_argument, NULL, OPT_UNDO },
		{ "race", no_argument, NULL, OPT_RACE },
		{ "iterations", required_argument, NULL, OPT_ITER },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "demo", no_argument, NULL, OPT_DEMO },
		{ "workers", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	long v;

	memset(a, 0, sizeof(*a));
	while ((c = getopt_long(argc, argv, "m:n:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_POSIX: a->posix = true; break;
		case OPT_KEEP: a->keep = true; break;
		case OPT_NOWAIT: a->nowait = true; break;
		case OPT_UNDO: a->undo = true; break;
		case OPT_RACE: a->race = true; break;
		case OPT_DEMO: a->demo = true; break;
		case OPT_KEY:
			if (!teach_number(optarg, 0, 1, 0xffffffffL, &v))
				return bi_usage("--key: %s: a key is a number from 1 to 0xffffffff", optarg);
			a->key = (key_t)(unsigned)v;
			a->has_key = true;
			break;
		case 'm':
			if (!teach_number(optarg, 8, 0, 0777, &v))
				return bi_usage("-m: %s: a mode is an octal number up to 0777", optarg);
			a->mode = (mode_t)v;
			a->has_mode = true;
			break;
		case OPT_VALUE:
			if (!teach_number(optarg, 10, 0, 32767, &a->value))
				return bi_usage("--value: %s: a value is 0 to 32767 (SEMVMX)", optarg);
			a->has_value = true;
			break;
		case OPT_ITER:
			if (!teach_number(optarg, 10, 1, 100000000L, &a->iterations))
				return bi_usage("--iterations: %s: 1 to 100000000", optarg);
			a->has_iter = true;
			break;
		case OPT_LIMIT:
			if (!teach_number(optarg, 10, 1, MAX_WORKERS, &a->limit))
				return bi_usage("--limit: %s: 1 to %d", optarg, MAX_WORKERS);
			a->has_limit = true;
			break;
		case 'n':
			if (!teach_number(optarg, 10, 2, MAX_WORKERS, &a->workers))
				return bi_usage("-n: %s: 2 to %d workers", optarg, MAX_WORKERS);
			a->has_workers = true;
			break;
		default:
			return bi_usage("unknown option");
		}
	}
	a->ops = argv + optind;
	a->nops = argc - optind;
	if (a->race || a->demo)
		return 0;
	if (a->nops == 0)
		return bi_usage("a subcommand is required: create, p, v, get, stat, rm, ls, --race or --demo");
	a->sub = a->ops[0];
	a->ops++;
	a->nops--;
	return 0;
}

static int run_demo(const struct sem_args *a)
{
	long n = 4;

	if (a->race && a->demo)
		return bi_usage("--race and --demo: one at a time");
	if (a->sub || a->posix || a->keep || a->nowait || a->undo || a->has_key ||
	    a->has_value || a->has_mode)
		return bi_usage("--race and --demo take only -n, --iterations and --limit");
	if (a->race && a->nops == 1 && !teach_number(a->ops[0], 10, 2, MAX_WORKERS, &n))
		return bi_usage("--race: %s: 2 to %d processes", a->ops[0], MAX_WORKERS);
	if (a->nops > (a->race ? 1 : 0))
		return bi_usage("%s: unexpected argument", a->ops[a->race ? 1 : 0]);
	if (a->has_workers)
		n = a->workers;
	if (a->demo || a->has_limit) {
		if (a->has_iter)
			return bi_usage("--iterations goes with --race without --limit");
		if (a->demo && !a->has_workers)
			n = 5;
		return limit_demo((int)n, a->has_limit ? (int)a->limit : 2);
	}
	return race((int)n, a->has_iter ? a->iterations : RACE_ITERATIONS,
		    a->has_iter ? a->iterations : LOCKED_ITERATIONS);
}

static int run(const struct sem_args *a)
{
	const char *s = a->sub;
	bool create = !strcmp(s, "create"), p = !strcmp(s, "p"), v = !strcmp(s, "v");
	int want = !strcmp(s, "ls") || (create && !a->posix) ? 0 : 1;
	long id = -1;

	if (!create && !p && !v && strcmp(s, "get") && strcmp(s, "stat") &&
	    strcmp(s, "rm") && strcmp(s, "ls"))
		return bi_usage("%s: unknown subcommand (create, p, v, get, stat, rm, ls)", s);
	if ((a->has_key || a->keep || a->has_mode || a->has_value) && !create)
		return bi_usage("%s: --key, --value, -m and --keep go with create", s);
	if (a->has_key && a->posix)
		return bi_usage("--key: a POSIX semaphore has a name, not a key");
	if (a->nowait && !p)
		return bi_usage("--nowait goes with p");
	if (a->undo && (a->posix || !(p || v)))
		return bi_usage("--undo goes with System V p and v");
	if (a->has_iter || a->has_limit || a->has_workers)
		return bi_usage("-n, --iterations and --limit go with --race or --demo");
	if (a->posix && !strcmp(s, "stat"))
		return bi_usage("stat: a POSIX semaphore has only its value: sem get --posix");
	if (a->nops != want)
		return a->nops < want ? bi_usage("%s: %s is needed", s,
						 a->posix ? "a /name" : "a semaphore id")
			: bi_usage("%s: unexpected argument", a->ops[want]);
	if (want && !a->posix && !teach_number(a->ops[0], 10, 0, INT_MAX, &id))
		return bi_usage("%s: not a semaphore id (sem ls lists them)%s", a->ops[0],
				a->ops[0][0] == '/' ? "; a /name needs --posix" : "");
	if (a->posix) {
		if (create)
			return posix_create(a, a->ops[0]);
		if (!strcmp(s, "rm"))
			return posix_rm(a->ops[0]);
		if (!strcmp(s, "ls"))
			return posix_ls();
		return posix_pv(a->ops[0], p ? 'p' : v ? 'v' : 'g', a->nowait);
	}
	if (create)
		return sysv_create(a);
	if (p || v)
		return a->undo ? sysv_undo((int)id, p, a->nowait)
			: sysv_pv((int)id, p, a->nowait);
	if (!strcmp(s, "get"))
		return sysv_get((int)id);
	if (!strcmp(s, "stat"))
		return sysv_stat((int)id);
	if (!strcmp(s, "rm"))
		return sysv_rm((int)id);
	return sysv_ls();
}

static int sem_main(int argc, char **argv)
{
	struct sem_args a;
	int status;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	status = parse(argc, argv, &a);
	if (status)
		return teach_end(status);
	if (a.race || a.demo)
		return teach_end(run_demo(&a));
	return teach_end(run(&a));
}

const struct builtin builtin_sem = {
	.name = "sem",
	.synopsis = "sem create [--key K] [--value N] [-m MODE] [--keep] | "
		"sem p ID [--nowait] [--undo] | sem v ID [--undo] | "
		"sem get ID | sem stat ID | sem rm ID | sem ls | "
		"sem create --posix /NAME [--value N] [-m MODE] [--keep] | "
		"sem p --posix /NAME [--nowait] | sem v --posix /NAME | "
		"sem get --posix /NAME | sem rm --posix /NAME | sem ls --posix | "
		"sem [--step] [--slow MS] [--quiet] --race [N] [--iterations K] | "
		"sem [--step] [--slow MS] [--quiet] --race [N] --limit K | "
		"sem [--step] [--slow MS] [--quiet] --demo [-n N] [--limit K]",
	.summary = "semaphores: System V semget(2), semop(2), semctl(2) and POSIX sem_open(3)",
	.family = FAMILY_IPC_SYSV,
	.see_also = "ipcs(1) labsh-ipc(1) semctl(2) semget(2) semop(2) shmget(2) sem_getvalue(3) sem_open(3) sem_post(3) sem_unlink(3) sem_wait(3) sem_overview(7) sysvipc(7)",
	.syscalls = "semget semop semctl shmget shmat shmdt shmctl sem_open sem_wait sem_trywait sem_post sem_getvalue sem_close sem_unlink open fork waitpid",
	.run = sem_main,
};
