/*
 * shm - shared memory: System V shmget(2), shmat(2), shmdt(2), shmctl(2),
 * and POSIX shm_open(3), ftruncate(2), mmap(2), munmap(2), shm_unlink(3).
 *
 * The lesson: a segment is memory that the kernel keeps apart from any
 * process, named by a number (SysV: the shmid, found through a key) or by
 * a name (POSIX: a file of /dev/shm).  Processes attach it into their own
 * address space, maybe at different addresses, and then read and write
 * the same bytes with no system call at all.  It outlives the processes
 * that made it until it is removed, and a segment removed while attached
 * lives on until the last detach.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "procview.h"
#include "rundir.h"
#include "teach.h"

#define SHMMAX_FILE "/proc/sys/kernel/shmmax"
#define SYSV_FILE "/proc/sysvipc/shm"
#define DEMO_SIZE 4096

/* ---------------------------------------------------------------------
 * Errors, explained for the class.
 * --------------------------------------------------------------------- */

static void hint_for(enum syscall_id call, int err)
{
	bool sysv = call == NR_shmget || call == NR_shmat ||
		    call == NR_shmdt || call == NR_shmctl;

	switch (err) {
	case EINVAL:
		if (call == NR_shmget)
			bi_hint("EINVAL: the size is 0 or above SHMMAX (" SHMMAX_FILE "), or the key's segment exists and is smaller");
		else if (sysv)
			bi_hint("EINVAL: no segment has that id; it may have been removed ('shm ls' lists yours, 'ipcs -m' all)");
		else if (call == NR_mmap)
			bi_hint("EINVAL: the length is 0 or the offset is not a multiple of the page size");
		else
			bi_hint("EINVAL: the name must be /NAME, with no other slash");
		break;
	case EIDRM:
		bi_hint("EIDRM: the segment was removed (IPC_RMID) while we used it");
		break;
	case EACCES:
		if (sysv)
			bi_hint("EACCES: the segment's mode does not give you that access (another user's segment, or a mode without r/w for you); 'ipcs -m' shows owner and perms");
		else
			bi_hint("EACCES: the object's mode in /dev/shm does not let you open it that way (ls -l /dev/shm)");
		break;
	case EPERM:
		bi_hint("EPERM: only the owner, the creator or root may remove or change a segment");
		break;
	case EEXIST:
		if (sysv)
			bi_hint("EEXIST: a segment with that key exists already; IPC_CREAT|IPC_EXCL never reuses one: take another key or remove it ('shm ls')");
		else
			bi_hint("EEXIST: /dev/shm has that name already; O_EXCL refuses it: 'shm rm --posix NAME' first");
		break;
	case ENOENT:
		bi_hint("ENOENT: no POSIX shared memory object has that name; 'shm ls --posix' lists yours in /dev/shm");
		break;
	case ENOSPC:
		bi_hint("ENOSPC: the system's limit on segments (shmmni) or on all shared memory (shmall) is reached");
		break;
	case ENOMEM:
		bi_hint("ENOMEM: the kernel found no memory (or no address space) of that size");
		break;
	case EFBIG:
		bi_hint("EFBIG: the size is more than a file of /dev/shm may have");
		break;
	case EMFILE:
	case ENFILE:
		bi_hint("EMFILE: too many open files; close some (fds shows them)");
		break;
	}
}

/* "labsh: shm: CALL(ARG): strerror" and the hint; returns 1. */
static int fail(enum syscall_id call, const char *arg)
{
	int err = errno;

	bi_error_errno("%s(%s)", syscall_name(call), arg);
	hint_for(call, err);
	return 1;
}

/* ---------------------------------------------------------------------
 * Arguments.
 * --------------------------------------------------------------------- */

/* SIZE: digits with an optional K or M; 1 to LIMIT.  Usage error: 2. */
static int parse_size(const char *arg, unsigned long long limit, size_t *out)
{
	unsigned long long v;

	if (!teach_size(arg, ULLONG_MAX, &v))
		return bi_usage("%s: not a size (bytes, or with K, M or G)", arg);
	if (v == 0)
		return bi_usage("%s: EINVAL: a segment has at least 1 byte (SHMMIN)", arg);
	if (v > limit || v > SIZE_MAX)
		return bi_usage("%s: EINVAL: more than SHMMAX, %llu bytes (" SHMMAX_FILE ")",
				arg, limit);
	*out = (size_t)v;
	return 0;
}

static int parse_id(const char *arg, int *id)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < 0 || v > INT32_MAX)
		return bi_usage("%s: not a segment id (a number that shm create or ipcs -m printed)", arg);
	*id = (int)v;
	return 0;
}

/* A key: decimal, 0x hex or 0 octal, fitting in 32 bits. */
static int parse_key(const char *arg, key_t *key)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 0);
	if (!*arg || *end || errno || v < INT32_MIN || v > UINT32_MAX)
		return bi_usage("--key: %s: not a 32-bit key (0x1234abcd or decimal)", arg);
	*key = (key_t)(uint32_t)v;
	return 0;
}

static int parse_mode(const char *arg, mode_t *mode)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 8);
	if (!*arg || *end || errno || v < 0 || v > 0777)
		return bi_usage("-m: %s: not an octal mode from 0 to 0777", arg);
	*mode = (mode_t)v;
	return 0;
}

/* A POSIX name: "/name", one slash, 1 to NAME_MAX characters. */
static int check_name(const char *name)
{
	size_t len = strlen(name);

	if (name[0] != '/' || len < 2 || strchr(name + 1, '/') ||
	    len > NAME_MAX)
		return bi_usage("%s: a POSIX name is /NAME: one slash, first, then 1 to %d characters",
				name, NAME_MAX);
	return 0;
}

/* ---------------------------------------------------------------------
 * Showing what the kernel holds.
 * --------------------------------------------------------------------- */

static const char *user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);

	snprintf(buf, n, "%s", pw ? pw->pw_name : "?");
	return buf;
}

/* "rw-r-----" */
static const char *rwx(mode_t mode, char buf[10])
{
	static const char letters[] = "rwxrwxrwx";

	for (int i = 0; i < 9; i++)
		buf[i] = mode & (0400 >> i) ? letters[i] : '-';
	buf[9] = '\0';
	return buf;
}

struct sysv_row {
	long long key;
	int id, nattch;
	unsigned mode;
	unsigned long long size;
	long cpid, lpid;
	unsigned uid;
};

/* The row of segment ID in /proc/sysvipc/shm (ID < 0: the next row of
 * F); false at the end. */
static bool sysv_next(FILE *f, struct sysv_row *r)
{
	char line[512];

	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lld %d %o %llu %ld %ld %d %u", &r->key,
			   &r->id, &r->mode, &r->size, &r->cpid, &r->lpid,
			   &r->nattch, &r->uid) == 8)
			return true;
	return false;
}

/* The kernel's line for ID, shown; false if it has none. */
static bool show_proc_line(int id)
{
	FILE *f = fopen(SYSV_FILE, "re");
	struct sysv_row r;
	bool found = false;

	if (!f)
		return false;
	while (!found && sysv_next(f, &r))
		found = r.id == id;
	fclose(f);
	if (found)
		teach_out("  " SYSV_FILE ": key 0x%08x shmid %d perms %o size %llu nattch %d%s\n",
			  (unsigned)r.key, r.id, r.mode, r.size, r.nattch,
			  r.mode & SHM_DEST ? "  (dest: marked for removal)" : "");
	else
		teach_out("  " SYSV_FILE ": no line for shmid %d: the segment is gone\n",
			  id);
	return found;
}

/* shmctl(ID, IPC_STAT), narrated with what the class should look at;
 * an error is reported. */
static int sysv_stat_call(int id, struct shmid_ds *ds)
{
	int r = shmctl(id, IPC_STAT, ds);

	if (r < 0) {
		char arg[32];

		narrate(NR_shmctl, r, "%d, IPC_STAT, &ds", id);
		snprintf(arg, sizeof(arg), "%d, IPC_STAT", id);
		fail(NR_shmctl, arg);
	} else
		narrate(NR_shmctl, r, "%d, IPC_STAT, &ds\tkey 0x%08x, size %zu, nattch %lu%s",
			id, (unsigned)ds->shm_perm.__key, (size_t)ds->shm_segsz,
			(unsigned long)ds->shm_nattch,
			ds->shm_perm.mode & SHM_DEST ? ", SHM_DEST" : "");
	return r;
}

/* shmat(ID, NULL, FLAGS): the address, or NULL after the error. */
static void *attach(int id, int flags, const char *note)
{
	void *p = shmat(id, NULL, flags);
	char arg[32];

	if (p == (void *)-1) {
		narrate(NR_shmat, -1, "%d, NULL, %s", id,
			flags & SHM_RDONLY ? "SHM_RDONLY" : "0");
		snprintf(arg, sizeof(arg), "%d", id);
		fail(NR_shmat, arg);
		return NULL;
	}
	/* narrate() prints results in decimal: the address goes in the note */
	narrate(NR_shmat, NARRATE_NORESULT, "%d, NULL, %s\t= %p  %s", id,
		flags & SHM_RDONLY ? "SHM_RDONLY" : "0", p, note);
	return p;
}

static int detach(void *p, const char *note)
{
	int r = shmdt(p);

	narrate(NR_shmdt, r, "%p\t%s", p, note);
	if (r < 0)
		return fail(NR_shmdt, "");
	return 0;
}

/* ---------------------------------------------------------------------
 * System V.
 * --------------------------------------------------------------------- */

static int sysv_create(size_t size, key_t key, mode_t mode, bool keep)
{
	int id = shmget(key, size, IPC_CREAT | IPC_EXCL | (int)mode);
	char arg[64], k[16];

	if (key == IPC_PRIVATE)
		snprintf(k, sizeof(k), "IPC_PRIVATE");
	else
		snprintf(k, sizeof(k), "0x%08x", (unsigned)key);
	narrate(NR_shmget, id, "%s, %zu, IPC_CREAT|IPC_EXCL|0%03o\t%s", k,
		size, (unsigned)mode, id < 0 ? "" : "a new segment, zero-filled");
	if (id < 0) {
		snprintf(arg, sizeof(arg), "0x%08x, %zu", (unsigned)key, size);
		return fail(NR_shmget, arg);
	}
	if (!keep)
		cleanup_add(CLEAN_SHM, CLEAN_SHELL, id, NULL);
	teach_out("shmid %d key 0x%08x size %zu%s\n", id, (unsigned)key, size,
		  keep ? " (kept: remove it with shm rm)" : "");
	return 0;
}

static int sysv_write(int id, const char *text)
{
	struct shmid_ds ds;
	size_t need = strlen(text) + 1;
	char *p;

	if (sysv_stat_call(id, &ds) < 0)
		return 1;
	if (need > ds.shm_segsz) {
		bi_error("%d: the text needs %zu bytes with its NUL, the segment has %zu: nothing written",
			 id, need, (size_t)ds.shm_segsz);
		bi_hint("a segment never grows: make a bigger one (shm create SIZE) or write less; a store past the end of an attachment is a bug (SIGSEGV past its last page)");
		return 1;
	}
	p = attach(id, 0, "attached read-write");
	if (!p)
		return 1;
	memcpy(p, text, need);
	teach_out("wrote %zu byte%s (the text and its NUL) at %p, no system call\n",
		  need, need == 1 ? "" : "s", (void *)p);
	return detach(p, "detached; the bytes stay in the segment");
}

static int sysv_read(int id)
{
	struct shmid_ds ds;
	char *p;
	size_t len;

	if (sysv_stat_call(id, &ds) < 0)
		return 1;
	p = attach(id, SHM_RDONLY, "attached read-only");
	if (!p)
		return 1;
	len = strnlen(p, ds.shm_segsz);
	teach_out("%.*s\n", (int)len, p);
	return detach(p, "detached");
}

static int sysv_stat(int id)
{
	struct shmid_ds ds;
	char u[64], c[64], t1[32], t2[32], t3[32], m[10];
	mode_t mode;

	if (sysv_stat_call(id, &ds) < 0)
		return 1;
	mode = ds.shm_perm.mode;
	teach_out("shmid   %d\n"
		  "key     0x%08x%s\n"
		  "size    %zu\n"
		  "owner   uid %u (%s), gid %u\n"
		  "creator uid %u (%s), gid %u\n"
		  "mode    0%03o (%s)%s%s\n"
		  "nattch  %lu\n"
		  "cpid    %ld (created it)\n"
		  "lpid    %ld (last shmat or shmdt)\n"
		  "atime   %s\n"
		  "dtime   %s\n"
		  "ctime   %s\n",
		  id, (unsigned)ds.shm_perm.__key,
		  ds.shm_perm.__key == IPC_PRIVATE ? " (IPC_PRIVATE)" : "",
		  (size_t)ds.shm_segsz,
		  (unsigned)ds.shm_perm.uid, user_name(ds.shm_perm.uid, u, sizeof(u)),
		  (unsigned)ds.shm_perm.gid,
		  (unsigned)ds.shm_perm.cuid, user_name(ds.shm_perm.cuid, c, sizeof(c)),
		  (unsigned)ds.shm_perm.cgid,
		  (unsigned)(mode & 0777), rwx(mode & 0777, m),
		  mode & SHM_DEST ? ", SHM_DEST: marked for removal" : "",
		  mode & SHM_LOCKED ? ", SHM_LOCKED" : "",
		  (unsigned long)ds.shm_nattch, (long)ds.shm_cpid,
		  (long)ds.shm_lpid,
		  teach_time(ds.shm_atime, t1, sizeof(t1)),
		  teach_time(ds.shm_dtime, t2, sizeof(t2)),
		  teach_time(ds.shm_ctime, t3, sizeof(t3)));
	return 0;
}

static int sysv_rm(int id)
{
	int r = shmctl(id, IPC_RMID, NULL);

	narrate(NR_shmctl, r, "%d, IPC_RMID, NULL\t%s", id,
		r < 0 ? "" : "removed, or gone at the last detach");
	if (r < 0) {
		char arg[32];

		snprintf(arg, sizeof(arg), "%d, IPC_RMID", id);
		return fail(NR_shmctl, arg);
	}
	cleanup_forget(CLEAN_SHM, id, NULL);
	return 0;
}

/* Is shmid ID in this shell's cleanup registry? */
static bool recorded(enum clean_kind kind, long id, const char *name)
{
	struct clean_entry *list;
	size_t n = cleanup_shell_list(&list);
	bool found = false;

	for (size_t i = 0; i < n && !found; i++)
		found = list[i].kind == kind && list[i].id == id &&
			!strcmp(list[i].name, name ? name : "");
	free(list);
	return found;
}

/* Like ipcs -m, for this user's segments only. */
static int sysv_ls(void)
{
	FILE *f = teach_open_list(SYSV_FILE, "the kernel's list of segments");
	struct sysv_row r;
	char u[64];
	int shown = 0;

	if (!f)
		return 1;
	while (sysv_next(f, &r)) {
		if (r.uid != getuid())
			continue;
		if (shown++ == 0)
			teach_out("%-10s %-10s %-10s %-6s %-10s %-6s %s\n", "key",
				  "shmid", "owner", "perms", "bytes", "nattch",
				  "status");
		teach_out("0x%08x %-10d %-10s %-6o %-10llu %-6d %s%s\n",
			  (unsigned)r.key, r.id, user_name(r.uid, u, sizeof(u)),
			  r.mode & 0777, r.size, r.nattch,
			  r.mode & SHM_DEST ? "dest " : "",
			  recorded(CLEAN_SHM, r.id, NULL) ? "(this shell's)" : "");
	}
	fclose(f);
	if (!shown)
		teach_out("no segment of yours (" SYSV_FILE ")\n");
	return 0;
}

/* ---------------------------------------------------------------------
 * POSIX.
 * --------------------------------------------------------------------- */

static int posix_open(const char *name, int flags, mode_t mode)
{
	char fl[96];
	int fd = shm_open(name, flags, mode);

	narrate_open_flags(flags, fl, sizeof(fl));
	if (flags & O_CREAT)
		narrate(NR_shm_open, fd, "\"%s\", %s, 0%03o\t%s", name, fl,
			(unsigned)mode, fd < 0 ? "" : "a new empty file of /dev/shm");
	else
		narrate(NR_shm_open, fd, "\"%s\", %s", name, fl);
	if (fd < 0)
		fail(NR_shm_open, name);
	return fd;
}

static void close_fd(int fd, const char *note)
{
	int r = close(fd);

	narrate(NR_close, r, "%d\t%s", fd, note);
}

static int posix_create(const char *name, size_t size, mode_t mode, bool keep)
{
	int fd = posix_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	int r;

	if (fd < 0)
		return 1;
	if (!keep)
		cleanup_add(CLEAN_SHM_POSIX, CLEAN_SHELL, -1, name);
	r = ftruncate(fd, (off_t)size);
	narrate(NR_ftruncate, r, "%d, %zu\t%s", fd, size,
		r < 0 ? "" : "the object now has its size, zero-filled");
	if (r < 0) {
		fail(NR_ftruncate, name);
		close_fd(fd, "");
		r = shm_unlink(name);
		narrate(NR_shm_unlink, r, "\"%s\"\tnothing is left", name);
		cleanup_forget(CLEAN_SHM_POSIX, -1, name);
		return 1;
	}
	close_fd(fd, "the object stays, named in /dev/shm");
	teach_out("posix %s size %zu file /dev/shm%s%s\n", name, size, name,
		  keep ? " (kept: remove it with shm rm --posix)" : "");
	return 0;
}

/* Open NAME, fstat it, map all of it; NULL after the error. */
static char *posix_map(const char *name, bool writable, size_t *size)
{
	struct stat st;
	int fd = posix_open(name, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC, 0);
	int prot = writable ? PROT_READ | PROT_WRITE : PROT_READ;
	void *p;
	int r;

	if (fd < 0)
		return NULL;
	r = fstat(fd, &st);
	if (r < 0)
		narrate(NR_fstat, r, "%d, &st", fd);
	else
		narrate(NR_fstat, r, "%d, &st\tsize %lld", fd, (long long)st.st_size);
	if (r < 0 || st.st_size == 0) {
		if (r < 0)
			fail(NR_fstat, name);
		close_fd(fd, "");
		*size = 0;
		return r < 0 ? NULL : (char *)"";
	}
	*size = (size_t)st.st_size;
	p = mmap(NULL, *size, prot, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		narrate(NR_mmap, -1, "NULL, %zu, %s, MAP_SHARED, %d, 0", *size,
			writable ? "PROT_READ|PROT_WRITE" : "PROT_READ", fd);
		fail(NR_mmap, name);
		close_fd(fd, "");
		return NULL;
	}
	narrate(NR_mmap, NARRATE_NORESULT, "NULL, %zu, %s, MAP_SHARED, %d, 0\t= %p  mapped",
		*size, writable ? "PROT_READ|PROT_WRITE" : "PROT_READ", fd, p);
	close_fd(fd, "the mapping stays without the fd");
	return p;
}

static void posix_unmap(char *p, size_t size)
{
	int r;

	if (size == 0)
		return;
	r = munmap(p, size);
	narrate(NR_munmap, r, "%p, %zu", (void *)p, size);
}

static int posix_write(const char *name, const char *text)
{
	size_t size, need = strlen(text) + 1;
	char *p = posix_map(name, true, &size);

	if (!p)
		return 1;
	if (need > size) {
		posix_unmap(p, size);
		bi_error("%s: the text needs %zu bytes with its NUL, the object has %zu: nothing written",
			 name, need, size);
		bi_hint("make a bigger object (shm rm --posix, then shm create --posix NAME SIZE) or write less");
		return 1;
	}
	memcpy(p, text, need);
	teach_out("wrote %zu byte%s (the text and its NUL) at %p, no system call\n",
		  need, need == 1 ? "" : "s", (void *)p);
	posix_unmap(p, size);
	return 0;
}

static int posix_read(const char *name)
{
	size_t size;
	char *p = posix_map(name, false, &size);

	if (!p)
		return 1;
	teach_out("%.*s\n", (int)strnlen(p, size), p);
	posix_unmap(p, size);
	return 0;
}

static int posix_stat(const char *name)
{
	struct stat st;
	char u[64], t1[32], t2[32], m[10];
	int fd = posix_open(name, O_RDONLY | O_CLOEXEC, 0);
	int r;

	if (fd < 0)
		return 1;
	r = fstat(fd, &st);
	narrate(NR_fstat, r, "%d, &st", fd);
	if (r < 0) {
		fail(NR_fstat, name);
		close_fd(fd, "");
		return 1;
	}
	close_fd(fd, "");
	teach_out("name    %s\n"
		  "file    /dev/shm%s (inode %llu)\n"
		  "size    %lld\n"
		  "owner   uid %u (%s), gid %u\n"
		  "mode    0%03o (%s)\n"
		  "links   %lu\n"
		  "atime   %s\n"
		  "mtime   %s\n",
		  name, name, (unsigned long long)st.st_ino,
		  (long long)st.st_size, (unsigned)st.st_uid,
		  user_name(st.st_uid, u, sizeof(u)), (unsigned)st.st_gid,
		  (unsigned)(st.st_mode & 0777), rwx(st.st_mode & 0777, m),
		  (unsigned long)st.st_nlink,
		  teach_time(st.st_atime, t1, sizeof(t1)),
		  teach_time(st.st_mtime, t2, sizeof(t2)));
	return 0;
}

static int posix_rm(const char *name)
{
	int r = shm_unlink(name);

	narrate(NR_shm_unlink, r, "\"%s\"\t%s", name,
		r < 0 ? "" : "the name is gone; the memory goes with the last mapping");
	if (r < 0)
		return fail(NR_shm_unlink, name);
	cleanup_forget(CLEAN_SHM_POSIX, -1, name);
	return 0;
}

/* This user's files of /dev/shm, without the semaphores (sem.NAME). */
static int posix_ls(void)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *de;
	int shown = 0;

	if (!d)
		return fail(NR_open, "/dev/shm");
	while ((de = readdir(d))) {
		struct stat st;
		char name[NAME_MAX + 2], u[64], t[32];

		if (de->d_name[0] == '.' || !strncmp(de->d_name, "sem.", 4))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != getuid())
			continue;
		snprintf(name, sizeof(name), "/%s", de->d_name);
		if (shown++ == 0)
			teach_out("%-24s %-10s %-6s %-10s %-19s %s\n", "name",
				  "owner", "perms", "bytes", "mtime", "status");
		teach_out("%-24s %-10s %-6o %-10lld %-19s %s\n", name,
			  user_name(st.st_uid, u, sizeof(u)),
			  (unsigned)(st.st_mode & 0777), (long long)st.st_size,
			  teach_time(st.st_mtime, t, sizeof(t)),
			  recorded(CLEAN_SHM_POSIX, -1, name) ? "(this shell's)" : "");
	}
	closedir(d);
	if (!shown)
		teach_out("no object of yours in /dev/shm\n");
	return 0;
}

/* ---------------------------------------------------------------------
 * The demos.
 * --------------------------------------------------------------------- */

#define STOP_IF_INTERRUPTED() do { if (teach_interrupted()) goto out; } while (0)

/*
 * A Ctrl-C that reaches a new child before teach_fork has given it the
 * default disposition only sets the child's copy of the flag: end the
 * child as the signal would have.
 */
static void child_check_interrupt(void)
{
	int sig = teach_interrupted();

	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
		teach_child_exit(128 + sig);
	}
}

/* Parent and child share a counter; then IPC_RMID while attached. */
static int demo_sysv(void)
{
	struct shmid_ds ds;
	volatile int *counter = NULL;
	const char *dir = rundir();
	key_t key = IPC_PRIVATE;
	int id = -1, status = 1, ws, r;
	pid_t pid;

	/* a real key, so that IPC_RMID visibly turns it into IPC_PRIVATE */
	if (dir) {
		key = ftok(dir, 'S');
		narrate(NR_ftok, key, "\"%s\", 'S'\t0x%08x: 'S', the device and inode of the directory",
			dir, (unsigned)key);
		if (key == -1)
			key = IPC_PRIVATE;
	}
	STOP_IF_INTERRUPTED();
	id = shmget(key, DEMO_SIZE, IPC_CREAT | IPC_EXCL | 0600);
	narrate(NR_shmget, id, "0x%08x, %d, IPC_CREAT|IPC_EXCL|0600", (unsigned)key,
		DEMO_SIZE);
	if (id < 0 && errno == EEXIST) {
		/* somebody's segment has this key: a private one will do */
		key = IPC_PRIVATE;
		id = shmget(key, DEMO_SIZE, IPC_CREAT | IPC_EXCL | 0600);
		narrate(NR_shmget, id, "IPC_PRIVATE, %d, IPC_CREAT|IPC_EXCL|0600\tthe key was taken",
			DEMO_SIZE);
	}
	if (id < 0)
		return fail(NR_shmget, "demo");
	cleanup_add(CLEAN_SHM, CLEAN_DEMO, id, NULL);
	STOP_IF_INTERRUPTED();
	counter = attach(id, 0, "the parent's attachment");
	if (!counter)
		goto out;
	*counter = 0;
	teach_out("parent %ld: shmid %d attached at %p, counter = %d\n",
		  (long)getpid(), id, (void *)counter, *counter);
	STOP_IF_INTERRUPTED();

	pid = teach_fork();
	if (pid < 0)
		goto out;
	if (pid == 0) {
		volatile int *mine;

		/* the parent's attachment came along with fork; attach once
		 * more to see the same memory at another address */
		child_check_interrupt();
		mine = attach(id, 0, "the child's own attachment");
		if (!mine)
			teach_child_exit(1);
		if (sysv_stat_call(id, &ds) == 0)
			teach_out("child %ld: attached at %p (inherited at %p), nattch %lu\n",
				  (long)getpid(), (void *)mine, (void *)counter,
				  (unsigned long)ds.shm_nattch);
		for (int i = 0; i < 3; i++) {
			child_check_interrupt();
			++*mine;
			teach_out("child %ld: ++counter through %p: %d\n",
				  (long)getpid(), (void *)mine, *mine);
		}
		teach_child_exit(detach((void *)mine, "the child's own attachment; the inherited one goes at _exit"));
	}
	if (teach_wait(pid, &ws, 0) < 0 || teach_interrupted() ||
	    !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
		goto out;
	teach_out("parent %ld: counter at %p = %d, written by child %ld: the same memory\n",
		  (long)getpid(), (void *)counter, *counter, (long)pid);
	STOP_IF_INTERRUPTED();

	/* The second lesson: removal waits for the last detach. */
	if (sysv_stat_call(id, &ds) < 0)
		goto out;
	show_proc_line(id);
	STOP_IF_INTERRUPTED();
	r = shmctl(id, IPC_RMID, NULL);
	narrate(NR_shmctl, r, "%d, IPC_RMID, NULL\tmarked for removal: still attached, so it stays",
		id);
	if (r < 0)
		goto out;
	if (sysv_stat_call(id, &ds) < 0)
		goto out;
	teach_out("parent %ld: nattch %lu, key now 0x%08x (IPC_PRIVATE): nobody can shmget it any more, the attachment still works: counter = %d\n",
		  (long)getpid(), (unsigned long)ds.shm_nattch,
		  (unsigned)ds.shm_perm.__key, *counter);
	show_proc_line(id);
	STOP_IF_INTERRUPTED();
	r = shmdt((void *)counter);
	narrate(NR_shmdt, r, "%p\tthe last detach: the kernel frees the segment",
		(void *)counter);
	counter = NULL;
	r = shmctl(id, IPC_STAT, &ds);
	narrate(NR_shmctl, r, "%d, IPC_STAT, &ds\tgone", id);
	if (!show_proc_line(id))
		cleanup_forget(CLEAN_SHM, id, NULL);
	status = 0;
out:
	/* an attachment would keep a removed segment alive in the shell */
	if (counter)
		detach((void *)counter, "the demo ends");
	return status;
}

/* Read back FILE with read(2) and show it. */
static int read_back(const char *path)
{
	char buf[128];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	narrate(NR_open, fd, "\"%s\", O_RDONLY|O_CLOEXEC", path);
	if (fd < 0)
		return fail(NR_open, path);
	n = read(fd, buf, sizeof(buf) - 1);
	narrate(NR_read, n, "%d, buf, %zu\tthrough the page cache, the same pages", fd,
		sizeof(buf) - 1);
	if (n >= 0) {
		buf[n] = '\0';
		teach_out("parent %ld: read(2) of the file gives \"%s\"\n",
			  (long)getpid(), buf);
	}
	close_fd(fd, "");
	return n < 0;
}

/* MAP_SHARED against MAP_PRIVATE, then a file mapped and msync'd. */
static int demo_mmap(void)
{
	static const char msg[] = "written through the mapping";
	int *shared = MAP_FAILED, *priv = MAP_FAILED;
	char *file = MAP_FAILED, path[4096], name[64];
	int status = 1, fd, ws, r;
	bool have_path = false;
	pid_t pid;

	shared = mmap(NULL, DEMO_SIZE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		narrate(NR_mmap, -1, "NULL, %d, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0",
			DEMO_SIZE);
		fail(NR_mmap, "MAP_SHARED");
		goto out;
	}
	narrate(NR_mmap, NARRATE_NORESULT, "NULL, %d, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0\t= %p  shared with children",
		DEMO_SIZE, (void *)shared);
	priv = mmap(NULL, DEMO_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (priv == MAP_FAILED) {
		narrate(NR_mmap, -1, "NULL, %d, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0",
			DEMO_SIZE);
		fail(NR_mmap, "MAP_PRIVATE");
		goto out;
	}
	narrate(NR_mmap, NARRATE_NORESULT, "NULL, %d, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0\t= %p  copy-on-write after fork",
		DEMO_SIZE, (void *)priv);
	*shared = *priv = 0;
	teach_out("parent %ld: shared = %d at %p, private = %d at %p\n",
		  (long)getpid(), *shared, (void *)shared, *priv, (void *)priv);
	STOP_IF_INTERRUPTED();

	pid = teach_fork();
	if (pid < 0)
		goto out;
	if (pid == 0) {
		child_check_interrupt();
		*shared = 42;
		*priv = 42;
		teach_out("child %ld: wrote 42 to shared at %p and to private at %p\n",
			  (long)getpid(), (void *)shared, (void *)priv);
		teach_child_exit(0);
	}
	if (teach_wait(pid, &ws, 0) < 0 || teach_interrupted() ||
	    !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
		goto out;
	teach_out("parent %ld: shared = %d (the child's write), private = %d (the child wrote its own copy)\n",
		  (long)getpid(), *shared, *priv);
	STOP_IF_INTERRUPTED();

	/* A file: the mapping is the file's pages. */
	snprintf(name, sizeof(name), "shm-demo-%ld.data", (long)getpid());
	if (!rundir_path(name, path, sizeof(path))) {
		fail(NR_open, "runtime directory");
		goto out;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	narrate(NR_open, fd, "\"%s\", O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, 0600", path);
	if (fd < 0) {
		fail(NR_open, path);
		goto out;
	}
	cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, path);
	have_path = true;
	r = ftruncate(fd, DEMO_SIZE);
	narrate(NR_ftruncate, r, "%d, %d\tthe file has a page to map", fd, DEMO_SIZE);
	if (r == 0) {
		file = mmap(NULL, DEMO_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0);
		if (file == MAP_FAILED)
			narrate(NR_mmap, -1, "NULL, %d, PROT_READ|PROT_WRITE, MAP_SHARED, %d, 0",
				DEMO_SIZE, fd);
		else
			narrate(NR_mmap, NARRATE_NORESULT, "NULL, %d, PROT_READ|PROT_WRITE, MAP_SHARED, %d, 0\t= %p  the file's pages",
				DEMO_SIZE, fd, (void *)file);
	}
	close_fd(fd, "the mapping does not need the fd");
	if (r < 0 || file == MAP_FAILED) {
		fail(r < 0 ? NR_ftruncate : NR_mmap, path);
		goto out;
	}
	STOP_IF_INTERRUPTED();
	memcpy(file, msg, sizeof(msg));
	teach_out("parent %ld: copied \"%s\" to %p, no system call\n",
		  (long)getpid(), msg, (void *)file);
	r = msync(file, DEMO_SIZE, MS_SYNC);
	narrate(NR_msync, r, "%p, %d, MS_SYNC\twritten back to the file", (void *)file,
		DEMO_SIZE);
	STOP_IF_INTERRUPTED();
	if (read_back(path))
		goto out;
	status = 0;
out:
	if (file != MAP_FAILED) {
		r = munmap(file, DEMO_SIZE);
		narrate(NR_munmap, r, "%p, %d", (void *)file, DEMO_SIZE);
	}
	if (have_path) {
		r = unlink(path);
		narrate(NR_unlink, r, "\"%s\"", path);
		if (r == 0)
			cleanup_forget(CLEAN_PATH, -1, path);
	}
	if (priv != MAP_FAILED) {
		r = munmap(priv, DEMO_SIZE);
		narrate(NR_munmap, r, "%p, %d", (void *)priv, DEMO_SIZE);
	}
	if (shared != MAP_FAILED) {
		r = munmap(shared, DEMO_SIZE);
		narrate(NR_munmap, r, "%p, %d", (void *)shared, DEMO_SIZE);
	}
	return status;
}

/* ---------------------------------------------------------------------
 * The builtin.
 * --------------------------------------------------------------------- */

struct args {
	bool posix, keep, demo, mmap;
	const char *key, *mode;
};

/* One subcommand with its operands ARGV[0..ARGC-1]. */
static int subcommand(const struct args *a, int argc, char **argv)
{
	const char *cmd = argv[0];
	int id = -1, want = 0;
	size_t size;
	key_t key = IPC_PRIVATE;
	mode_t mode = 0600;

	if (!strcmp(cmd, "create"))
		want = a->posix ? 2 : 1;
	else if (!strcmp(cmd, "write"))
		want = 2;
	else if (!strcmp(cmd, "read") || !strcmp(cmd, "stat") || !strcmp(cmd, "rm"))
		want = 1;
	else if (!strcmp(cmd, "ls"))
		want = 0;
	else
		return bi_usage("%s: unknown subcommand (create, write, read, stat, rm, ls)", cmd);
	if (argc - 1 != want)
		return bi_usage("%s: %s", cmd, argc - 1 < want ? "an operand is missing" : "too many operands");
	if ((a->key || a->mode || a->keep) && strcmp(cmd, "create"))
		return bi_usage("--key, -m and --keep go with create");
	if (a->key && a->posix)
		return bi_usage("--key is for System V segments; a POSIX object has a name");
	if (a->key && parse_key(a->key, &key))
		return 2;
	if (a->mode && parse_mode(a->mode, &mode))
		return 2;
	if (a->posix && want > 0 && check_name(argv[1]))
		return 2;
	if (!a->posix && want > 0 && strcmp(cmd, "create") && parse_id(argv[1], &id))
		return 2;

	if (!strcmp(cmd, "create")) {
		if (a->posix)
			return parse_size(argv[2], (unsigned long long)INT64_MAX, &size)
			       ? 2 : posix_create(argv[1], size, mode, a->keep);
		return parse_size(argv[1], procview_sysctl(SHMMAX_FILE, SIZE_MAX), &size)
		       ? 2 : sysv_create(size, key, mode, a->keep);
	}
	if (!strcmp(cmd, "write"))
		return a->posix ? posix_write(argv[1], argv[2]) : sysv_write(id, argv[2]);
	if (!strcmp(cmd, "read"))
		return a->posix ? posix_read(argv[1]) : sysv_read(id);
	if (!strcmp(cmd, "stat"))
		return a->posix ? posix_stat(argv[1]) : sysv_stat(id);
	if (!strcmp(cmd, "rm"))
		return a->posix ? posix_rm(argv[1]) : sysv_rm(id);
	return a->posix ? posix_ls() : sysv_ls();
}

static int shm_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "mode", required_argument, NULL, 'm' },
		{ "keep", no_argument, NULL, 'K' },
		{ "posix", no_argument, NULL, 'p' },
		{ "demo", no_argument, NULL, 'd' },
		{ "mmap", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { 0 };
	int c;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	while ((c = getopt_long(argc, argv, ":m:", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			a.key = optarg;
			break;
		case 'm':
			a.mode = optarg;
			break;
		case 'K':
			a.keep = true;
			break;
		case 'p':
			a.posix = true;
			break;
		case 'd':
			a.demo = true;
			break;
		case 'M':
			a.mmap = true;
			break;
		case ':':
			return teach_end(bi_usage("%s: an argument is required", argv[optind - 1]));
		default:
			return teach_end(bi_usage("%s: unknown option", argv[optind - 1]));
		}
	}
	if (a.demo) {
		if (optind < argc || a.posix || a.key || a.mode || a.keep)
			return teach_end(bi_usage("--demo takes no operand and only --mmap"));
		return teach_end(a.mmap ? demo_mmap() : demo_sysv());
	}
	if (a.mmap)
		return teach_end(bi_usage("--mmap goes with --demo"));
	if (optind >= argc)
		return teach_end(bi_usage("a subcommand is required: create, write, read, stat, rm, ls or --demo"));
	return teach_end(subcommand(&a, argc - optind, argv + optind));
}

const struct builtin builtin_shm = {
	.name = "shm",
	.synopsis = "shm create SIZE [--key K] [-m MODE] [--keep] | "
		    "shm create --posix /NAME SIZE [-m MODE] [--keep] | "
		    "shm write [--posix] ID|/NAME TEXT | "
		    "shm read [--posix] ID|/NAME | "
		    "shm stat [--posix] ID|/NAME | "
		    "shm rm [--posix] ID|/NAME | "
		    "shm ls [--posix] | "
		    "shm --demo [--mmap] [--step] [--slow MS] [--quiet]",
	.summary = "shared memory: System V segments, POSIX objects, mmap; a demo of both",
	.family = FAMILY_IPC_SYSV,
	.see_also = "ipcrm(1) ipcs(1) labsh-ipc(1) ftruncate(2) mmap(2) msync(2) "
		    "munmap(2) shmat(2) shmctl(2) shmdt(2) shmget(2) ftok(3) "
		    "shm_open(3) shm_unlink(3) shm_overview(7) sysvipc(7)",
	.syscalls = "shmget shmat shmdt shmctl ftok shm_open shm_unlink ftruncate "
		    "mmap munmap msync fstat open read close unlink fork waitpid",
	.run = shm_main,
};
