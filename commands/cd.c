/*
 * cd - change the working directory with chdir(2), keeping $PWD and
 * $OLDPWD.  POSIX XCU "cd": the steps of its DESCRIPTION are marked below.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "vars.h"

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "A/B", or "./B" for an empty A; NULL when out of memory. */
static char *join(const char *a, size_t alen, const char *b)
{
	char *s = malloc(alen + strlen(b) + 3);

	if (!s)
		return NULL;
	if (alen == 0)
		sprintf(s, "./%s", b);
	else if (a[alen - 1] == '/')
		sprintf(s, "%.*s%s", (int)alen, a, b);
	else
		sprintf(s, "%.*s/%s", (int)alen, a, b);
	return s;
}

/*
 * Steps 3-6: DIR itself, or the first CDPATH entry holding a directory
 * DIR.  *FOUND is set when that entry was a non-empty one: cd then prints
 * where it went, since the user did not type it.
 */
static char *search_cdpath(const char *dir, bool *found)
{
	const char *cdpath = var_get("CDPATH");
	bool dotted = strcmp(dir, ".") == 0 || strcmp(dir, "..") == 0 ||
		      strncmp(dir, "./", 2) == 0 || strncmp(dir, "../", 3) == 0;

	*found = false;
	if (dir[0] != '/' && !dotted && cdpath) {
		for (const char *p = cdpath;; p++) {
			const char *end = strchrnul(p, ':');
			char *try = join(p, (size_t)(end - p), dir);

			if (!try)
				return NULL;
			if (is_dir(try)) {
				*found = end > p;
				return try;
			}
			free(try);
			if (*end == '\0')
				break;
			p = end;
		}
	}
	return strdup(dir);
}

/*
 * Step 8: PATH (absolute) with its . and .. components resolved as text,
 * so `cd ..` leaves a symbolic link the way it was entered.  The part
 * before each .. must still be a directory.  NULL with errno on error.
 */
static char *canonical(const char *path)
{
	char *out = malloc(strlen(path) + 2);
	size_t len = 0;
	struct stat st;

	if (!out)
		return NULL;
	for (const char *p = path; *p;) {
		const char *end;
		size_t n;

		while (*p == '/')
			p++;
		end = strchrnul(p, '/');
		n = (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			out[len] = '\0';
			if (stat(len ? out : "/", &st) < 0) {
				free(out);
				return NULL;
			}
			if (!S_ISDIR(st.st_mode)) {
				free(out);
				errno = ENOTDIR;
				return NULL;
			}
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p = end;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return out;
}

/* $PWD when it is absolute and names the working directory, else getcwd. */
static char *logical_cwd(void)
{
	const char *pwd = var_get("PWD");
	struct stat a, b;

	if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 &&
	    stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return strdup(pwd);
	return getcwd(NULL, 0);
}

static int print_dir(const char *dir)
{
	puts(dir);
	return 0;
}

/* Steps 7-10 for DIR, whose name to report is NAME.  Returns the status. */
static int change_dir(const char *name, const char *dir, bool physical,
		      bool print)
{
	char *old = logical_cwd();
	char *curpath = NULL, *full = NULL, *newpwd = NULL;
	int status = 1;

	if (physical) {
		curpath = strdup(dir);
	} else {
		/* Step 7: relative to $PWD, not to what getcwd would say. */
		if (dir[0] != '/' && old)
			full = join(old, strlen(old), dir);
		curpath = canonical(full ? full : dir);
	}
	if (!curpath || chdir(curpath) < 0) {
		bi_error_errno("%s", name);
		status = 2;	/* as dash; POSIX asks only for >0 */
		goto out;
	}
	newpwd = physical ? getcwd(NULL, 0) : strdup(curpath);
	if (!newpwd) {
		bi_error_errno("getcwd");
		goto out;
	}
	if (old)
		var_set("OLDPWD", old, VAR_EXPORT);
	var_set("PWD", newpwd, VAR_EXPORT);
	status = print ? print_dir(newpwd) : 0;
out:
	free(newpwd);
	free(full);
	free(curpath);
	free(old);
	return status;
}

static int cd_main(int argc, char **argv)
{
	bool physical = false, print = false, found;
	const char *dir;
	char *path, *name;
	int c, status;

	while ((c = getopt(argc, argv, "+LP")) != -1) {
		switch (c) {
		case 'L':
			physical = false;
			break;
		case 'P':
			physical = true;
			break;
		default:
			return bi_usage("-%c: invalid option", optopt);
		}
	}
	if (argc - optind > 1)
		return bi_error("too many arguments");
	if (optind == argc) {
		/* Steps 1-2. */
		dir = var_get("HOME");
		if (!dir)
			return bi_error("HOME not set");
		if (!*dir)
			return 0;
	} else if (strcmp(argv[optind], "-") == 0) {
		dir = var_get("OLDPWD");
		if (!dir)
			return bi_error("OLDPWD not set");
		print = true;
	} else {
		dir = argv[optind];
		/* POSIX 2024 makes an empty operand an error. */
		if (!*dir)
			return bi_error("empty directory operand");
	}
	/* $OLDPWD changes under us: work on a copy of DIR. */
	path = search_cdpath(dir, &found);
	name = strdup(dir);
	if (!path || !name)
		status = bi_error_errno("%s", dir);
	else
		status = change_dir(name, path, physical, print || found);
	free(name);
	free(path);
	return status;
}

const struct builtin builtin_cd = {
	.name = "cd",
	.synopsis = "cd [-L|-P] [DIR | -]",
	.summary = "change the working directory (default $HOME; - is $OLDPWD)",
	.family = FAMILY_SHELL,
	.see_also = "chdir(2) getcwd(3)",
	.run = cd_main,
};
