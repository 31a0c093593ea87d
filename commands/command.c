/*
 * command, type - how a name would be found: keyword, function, builtin
 * or a program in PATH.  POSIX XCU "command" and "type".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "exec.h"

static bool is_keyword(const char *name)
{
	static const char *const words[] = {
		"!", "{", "}", "case", "do", "done", "elif", "else", "esac",
		"fi", "for", "if", "in", "then", "until", "while", NULL,
	};

	for (int i = 0; words[i]; i++)
		if (strcmp(words[i], name) == 0)
			return true;
	return false;
}

/*
 * Say what NAME is: VERBOSE as `type` and `command -V` do
 * ("ls is /usr/bin/ls"), else as `command -v` ("/usr/bin/ls").
 * Returns 0 if found.
 */
static int describe(const char *name, bool verbose, bool functions)
{
	const struct builtin *b = builtin_find(name);
	const char *path;

	if (is_keyword(name)) {
		printf(verbose ? "%s is a shell keyword\n" : "%s\n", name);
		return 0;
	}
	if (b && b->special) {
		printf(verbose ? "%s is a special shell builtin\n" : "%s\n", name);
		return 0;
	}
	if (functions && func_lookup(name)) {
		printf(verbose ? "%s is a function\n" : "%s\n", name);
		return 0;
	}
	if (b) {
		printf(verbose ? "%s is a shell builtin\n" : "%s\n", name);
		return 0;
	}
	path = exec_path_search(name);
	if (path) {
		if (verbose)
			printf("%s is %s\n", name, path);
		else
			printf("%s\n", path);
		return 0;
	}
	if (verbose)
		bi_error("%s: not found", name);
	return 1;
}

static int command_main(int argc, char **argv)
{
	bool v = false, V = false;
	int i = 1;
	int status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'v')
				v = true;
			else if (*p == 'V')
				V = true;
			else if (*p != 'p')	/* -p: PATH is the default here */
				return bi_usage("-%c: invalid option", *p);
		}
	}
	if (i == argc)
		return 0;
	if (v || V) {
		for (; i < argc; i++)
			if (describe(argv[i], V, true) != 0)
				status = 127;	/* as dash: "not found" */
		return status;
	}
	return exec_argv(argc - i, argv + i);
}

const struct builtin builtin_command = {
	.name = "command",
	.synopsis = "command [-p] [-v | -V] NAME [ARG...]",
	.summary = "run NAME as a builtin or program, never a function; -v/-V say what NAME is",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p) execve(2)",
	.run = command_main,
};

static int type_main(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++)
		if (describe(argv[i], true, true) != 0)
			status = 1;
	return status;
}

const struct builtin builtin_type = {
	.name = "type",
	.synopsis = "type NAME...",
	.summary = "say whether each NAME is a keyword, function, builtin or program",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.run = type_main,
};
