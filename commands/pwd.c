/*
 * pwd - write the working directory: the logical $PWD when it is right,
 * else the physical one from getcwd(3).  POSIX XCU "pwd".
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

/*
 * POSIX: $PWD may be written for -L only if it is absolute, has no . or ..
 * component, and names the working directory (the same inode: it may take
 * a path through symbolic links).
 */
static bool pwd_names_cwd(const char *pwd)
{
	struct stat a, b;

	if (!pwd || pwd[0] != '/')
		return false;
	for (const char *p = pwd; (p = strstr(p, "/.")) != NULL; p++) {
		size_t n = p[2] == '.' ? 3 : 2;

		if (p[n] == '/' || p[n] == '\0')
			return false;
	}
	return stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int pwd_main(int argc, char **argv)
{
	const char *pwd = var_get("PWD");
	bool physical = false;
	char *cwd = NULL;
	int c;

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
	/* Operands are ignored, as dash and bash do. */
	if (physical || !pwd_names_cwd(pwd)) {
		cwd = getcwd(NULL, 0);
		if (!cwd)
			return bi_error_errno("getcwd");
		pwd = cwd;
	}
	puts(pwd);
	free(cwd);
	return 0;
}

const struct builtin builtin_pwd = {
	.name = "pwd",
	.synopsis = "pwd [-L|-P]",
	.summary = "write the working directory (-L logical, -P physical)",
	.family = FAMILY_SHELL,
	.see_also = "pwd(1) getcwd(3)",
	.run = pwd_main,
};
