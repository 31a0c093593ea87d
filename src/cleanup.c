/*
 * cleanup.c - the registry of what labsh created and must remove (see
 * cleanup.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "rundir.h"
#include "shell.h"

static const char *const kind_names[CLEAN_KIND_COUNT] = {
	[CLEAN_PROCESS] = "process",
	[CLEAN_PATH] = "path",
	[CLEAN_SHM] = "shm",
	[CLEAN_MSG] = "msg",
	[CLEAN_SEM] = "sem",
	[CLEAN_SHM_POSIX] = "shm-posix",
	[CLEAN_MQ_POSIX] = "mq-posix",
	[CLEAN_SEM_POSIX] = "sem-posix",
};

const char *cleanup_kind_name(enum clean_kind kind)
{
	return kind < CLEAN_KIND_COUNT ? kind_names[kind] : "?";
}

static enum clean_kind kind_by_name(const char *s)
{
	for (int k = 0; k < CLEAN_KIND_COUNT; k++)
		if (!strcmp(s, kind_names[k]))
			return (enum clean_kind)k;
	return CLEAN_KIND_COUNT;
}

/* The demo entries of this process, oldest first. */
static struct clean_entry *demo;
static size_t ndemo, demo_cap;

/* Field 22 of /proc/PID/stat, the start time in clock ticks; 0 if gone. */
unsigned long long cleanup_start_time(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long t = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* the command name may hold spaces and ')': start after the last */
	char *p = strrchr(buf, ')');

	if (!p)
		return 0;
	/* fields 3..21 come first */
	p++;
	for (int field = 3; field <= 22 && p; field++) {
		while (*p == ' ')
			p++;
		if (field == 22)
			t = strtoull(p, NULL, 10);
		p = strchr(p, ' ');
	}
	return t;
}

static bool same(const struct clean_entry *e, enum clean_kind kind, long id,
		 const char *name)
{
	return e->kind == kind && e->id == id && !strcmp(e->name, name);
}

static void fill(struct clean_entry *e, enum clean_kind kind,
		 enum clean_scope scope, long id, const char *name)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->scope = scope;
	e->id = id;
	snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
	if (kind == CLEAN_PROCESS)
		e->start = cleanup_start_time((pid_t)id);
}

/* ---------------------------------------------------------------------
 * The shell's file.
 * --------------------------------------------------------------------- */

/* The path of the shell's file; CREATE: make the runtime dir if need be
 * (only to add an entry, never just to look). */
static char *shell_file_of(pid_t pid, char *buf, size_t n, bool create)
{
	const char *d = create ? rundir() : rundir_existing();
	int len;

	if (!d)
		return NULL;
	len = snprintf(buf, n, "%s/objects-%ld", d, (long)pid);
	if (len < 0 || (size_t)len >= n) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return buf;
}

static pid_t registry_pid;	/* whose file: 0 for this shell's */

static char *shell_file(char *buf, size_t n, bool create)
{
	return shell_file_of(registry_pid ? registry_pid : shell.pid, buf, n,
			     create);
}

static int format_entry(const struct clean_entry *e, char *buf, size_t n)
{
	return snprintf(buf, n, "%s %ld %llu %s\n", kind_names[e->kind], e->id,
			e->start, e->name[0] ? e->name : "-");
}

static bool parse_entry(char *line, struct clean_entry *e)
{
	char kind[32];
	int used = 0;

	memset(e, 0, sizeof(*e));
	if (sscanf(line, "%31s %ld %llu %n", kind, &e->id, &e->start,
		   &used) != 3 || !used)
		return false;
	e->kind = kind_by_name(kind);
	if (e->kind == CLEAN_KIND_COUNT)
		return false;
	e->scope = CLEAN_SHELL;
	line[strcspn(line, "\n")] = '\0';
	if (strcmp(line + used, "-"))
		snprintf(e->name, sizeof(e->name), "%s", line + used);
	return true;
}

static int shell_append(const struct clean_entry *e)
{
	char path[4096], line[512];
	int fd, len;

	if (!shell_file(path, sizeof(path), true))
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	len = format_entry(e, line, sizeof(line));
	/* O_APPEND and one write: subshells append side by side */
	if (write_all(fd, line, (size_t)len) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return close(fd);
}

size_t cleanup_shell_list(struct clean_entry **out)
{
	char path[4096], line[512];
	size_t n = 0, cap = 0;
	FILE *f;

	*out = NULL;
	if (!shell_file(path, sizeof(path), false))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		struct clean_entry e;

		if (!parse_entry(line, &e))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[n++] = e;
	}
	fclose(f);
	return n;
}

/* Rewrite the shell's file with the entries of LIST (N of them). */
static void shell_rewrite(const struct clean_entry *list, size_t n)
{
	char path[4096], tmp[4200], line[512];
	FILE *f;

	if (!shell_file(path, sizeof(path), false))
		return;
	if (n == 0) {
		unlink(path);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	f = fopen(tmp, "we");
	if (!f)
		return;
	for (size_t i = 0; i < n; i++) {
		format_entry(&list[i], line, sizeof(line));
		fputs(line, f);
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		unlink(tmp);
}

/* ---------------------------------------------------------------------
 * The API.
 * --------------------------------------------------------------------- */

int cleanup_add(enum clean_kind kind, enum clean_scope scope, long id,
		const char *name)
{
	struct clean_entry e;

	fill(&e, kind, scope, id, name);
	if (scope == CLEAN_SHELL) {
		if (shell_append(&e) == 0)
			return 0;
		sh_warn_errno("cleanup registry: cannot record %s %s%ld",
			      kind_names[kind], e.name, id);
		return -1;
	}
	if (ndemo == demo_cap) {
		demo_cap = demo_cap ? 2 * demo_cap : 16;
		demo = xrealloc(demo, demo_cap * sizeof(*demo));
	}
	demo[ndemo++] = e;
	return 0;
}

void cleanup_forget(enum clean_kind kind, long id, const char *name)
{
	struct clean_entry *list;
	size_t n, kept = 0;

	if (!name)
		name = "";
	for (size_t i = ndemo; i-- > 0;)
		if (same(&demo[i], kind, id, name)) {
			memmove(&demo[i], &demo[i + 1],
				(ndemo - i - 1) * sizeof(*demo));
			ndemo--;
			return;
		}
	n = cleanup_shell_list(&list);
	for (size_t i = 0; i < n; i++)
		if (!same(&list[i], kind, id, name))
			list[kept++] = list[i];
	if (kept != n)
		shell_rewrite(list, kept);
	free(list);
}

bool cleanup_alive(const struct clean_entry *e)
{
	struct stat st;
	struct shmid_ds shm;
	struct msqid_ds msq;
	int fd;

	switch (e->kind) {
	case CLEAN_PROCESS:
		return e->start && cleanup_start_time((pid_t)e->id) == e->start;
	case CLEAN_PATH:
		return lstat(e->name, &st) == 0;
	case CLEAN_SHM:
		return shmctl((int)e->id, IPC_STAT, &shm) == 0;
	case CLEAN_MSG:
		return msgctl((int)e->id, IPC_STAT, &msq) == 0;
	case CLEAN_SEM:
		return semctl((int)e->id, 0, GETVAL) >= 0 || errno == EACCES;
	case CLEAN_SHM_POSIX:
		fd = shm_open(e->name, O_RDONLY, 0);
		if (fd < 0)
			return errno != ENOENT;
		close(fd);
		return true;
	case CLEAN_MQ_POSIX: {
		/* /dev/mqueue is not mounted everywhere: ask mq_open */
		mqd_t q = mq_open(e->name, O_RDONLY | O_NONBLOCK);

		if (q == (mqd_t)-1)
			return errno != ENOENT;
		mq_close(q);
		return true;
	}
	case CLEAN_SEM_POSIX: {
		sem_t *sem = sem_open(e->name, 0);

		if (sem == SEM_FAILED)
			return errno != ENOENT;
		sem_close(sem);
		return true;
	}
	case CLEAN_KIND_COUNT:
		break;
	}
	return false;
}


int cleanup_remove(const struct clean_entry *e, const char *why)
{
	int r = 0;

	if (!why)
		why = "cleanup: left behind, removed now";

	switch (e->kind) {
	case CLEAN_PROCESS:
		/* a PID that now names another process is not ours to kill */
		if (!cleanup_alive(e))
			break;
		r = kill((pid_t)e->id, SIGKILL);
		narrate(NR_kill, r, "%ld, SIGKILL\t%s", e->id, why);
		if (r == 0) {
			int ws;
			pid_t w;

			/* reap it if it is our child; ECHILD if not */
			while ((w = waitpid((pid_t)e->id, &ws, 0)) < 0 &&
			       errno == EINTR)
				;
			if (w > 0) {
				char what[64];

				narrate(NR_waitpid, w, "%ld, &status, 0\t%s",
					e->id, narrate_wait_status(ws, what,
								   sizeof(what)));
			}
		}
		break;
	case CLEAN_PATH:
		r = unlink(e->name);
		narrate(NR_unlink, r, "\"%s\"\t%s", e->name, why);
		break;
	case CLEAN_SHM:
		r = shmctl((int)e->id, IPC_RMID, NULL);
		narrate(NR_shmctl, r, "%ld, IPC_RMID, NULL\t%s", e->id, why);
		break;
	case CLEAN_MSG:
		r = msgctl((int)e->id, IPC_RMID, NULL);
		narrate(NR_msgctl, r, "%ld, IPC_RMID, NULL\t%s", e->id, why);
		break;
	case CLEAN_SEM:
		r = semctl((int)e->id, 0, IPC_RMID);
		narrate(NR_semctl, r, "%ld, 0, IPC_RMID\t%s", e->id, why);
		break;
	case CLEAN_SHM_POSIX:
		r = shm_unlink(e->name);
		narrate(NR_shm_unlink, r, "\"%s\"\t%s", e->name, why);
		break;
	case CLEAN_MQ_POSIX:
		r = mq_unlink(e->name);
		narrate(NR_mq_unlink, r, "\"%s\"\t%s", e->name, why);
		break;
	case CLEAN_SEM_POSIX:
		r = sem_unlink(e->name);
		narrate(NR_sem_unlink, r, "\"%s\"\t%s", e->name, why);
		break;
	case CLEAN_KIND_COUNT:
		break;
	}
	return r;
}

size_t cleanup_mark(void)
{
	return ndemo;
}

void cleanup_demo(size_t mark)
{
	int saved = errno;

	while (ndemo > mark) {
		struct clean_entry e = demo[--ndemo];

		/* already gone (an object the demo removed without saying):
		 * nothing to narrate */
		if (cleanup_alive(&e))
			cleanup_remove(&e, NULL);
	}
	if (ndemo == 0) {
		free(demo);
		demo = NULL;
		demo_cap = 0;
	}
	errno = saved;
}

void cleanup_after_fork(void)
{
	ndemo = 0;
}

bool cleanup_shell_pending(void)
{
	char path[4096];
	struct stat st;
	int saved = errno;
	bool r = shell_file(path, sizeof(path), false) && stat(path, &st) == 0;

	errno = saved;
	return r;
}

size_t cleanup_stale(void)
{
	const char *d = rundir_existing();
	size_t removed = 0;
	struct dirent *de;
	DIR *dir;

	if (!d || !(dir = opendir(d)))
		return 0;
	while ((de = readdir(dir))) {
		char *end;
		long pid;

		if (strncmp(de->d_name, "objects-", 8))
			continue;
		pid = strtol(de->d_name + 8, &end, 10);
		if (*end || pid <= 0 || pid == shell.pid)
			continue;
		/* a shell that still runs keeps its own */
		if (kill((pid_t)pid, 0) == 0 || errno == EPERM)
			continue;
		registry_pid = (pid_t)pid;
		removed += cleanup_shell();
		registry_pid = 0;
	}
	closedir(dir);
	return removed;
}

size_t cleanup_shell(void)
{
	struct clean_entry *list;
	size_t n = cleanup_shell_list(&list), removed = 0;

	/* newest first: a process may hold an object made before it */
	for (size_t i = n; i-- > 0;)
		if (cleanup_alive(&list[i]) && cleanup_remove(&list[i], NULL) == 0)
			removed++;
	free(list);
	if (n)
		shell_rewrite(NULL, 0);
	return removed;
}
