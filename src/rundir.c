/*
 * rundir.c - the private runtime directory (see rundir.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rundir.h"

static char dir[PATH_MAX];
static int made;	/* 1: dir holds a checked path */

/* Is PATH a directory of ours that nobody else may enter?  Creates it
 * when missing if CREATE. */
static int check_or_make(const char *path, bool create)
{
	struct stat st;

	if (create && mkdir(path, 0700) < 0 && errno != EEXIST)
		return -1;
	if (lstat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* Work out the path into dir; -1 with errno if it does not fit. */
static int compute(void)
{
	const char *base = getenv("XDG_RUNTIME_DIR");
	int n;

	if (base && base[0] == '/')
		n = snprintf(dir, sizeof(dir), "%s/labsh", base);
	else {
		base = getenv("TMPDIR");
		if (!base || base[0] != '/')
			base = "/tmp";
		n = snprintf(dir, sizeof(dir), "%s/labsh-%ld", base,
			     (long)geteuid());
	}
	if (n < 0 || (size_t)n >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

const char *rundir(void)
{
	if (made)
		return dir;
	if (compute() < 0 || check_or_make(dir, true) < 0)
		return NULL;
	made = 1;
	return dir;
}

const char *rundir_existing(void)
{
	if (made)
		return dir;
	if (compute() < 0 || check_or_make(dir, false) < 0)
		return NULL;
	made = 1;
	return dir;
}

char *rundir_path(const char *name, char *buf, size_t n)
{
	const char *d = rundir();
	int len;

	if (!d)
		return NULL;
	len = snprintf(buf, n, "%s/%s", d, name);
	if (len < 0 || (size_t)len >= n) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return buf;
}

void rundir_remove_if_empty(void)
{
	int saved = errno;

	if (made)
		rmdir(dir);	/* ENOTEMPTY: another session's files */
	errno = saved;
}
