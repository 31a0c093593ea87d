/*
 * export, readonly, unset - variable attributes.  POSIX XCU "export",
 * "readonly", "unset" (special builtins).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "exec.h"
#include "vars.h"

static void print_decl(const char *name, const char *value, unsigned flags,
		       void *arg)
{
	(void)flags;
	if (value)
		printf("%s %s=%s\n", (const char *)arg, name, var_quote(value));
	else
		printf("%s %s\n", (const char *)arg, name);
}

/* export and readonly: NAME[=VALUE]... gets FLAG; -p lists. */
static int declare(int argc, char **argv, unsigned flag)
{
	int status = 0;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-p") == 0)
		i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc) {
		var_each(flag, print_decl, argv[0]);
		return 0;
	}
	for (; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		char *name;

		if (!var_valid_name(argv[i], len)) {
			status = bi_error("%s: not a valid identifier", argv[i]);
			continue;
		}
		name = strndup(argv[i], len);
		if (!name)
			return bi_error_errno("%s", argv[i]);
		if (var_set(name, eq ? eq + 1 : NULL, flag) < 0)
			status = 1;
		free(name);
	}
	return status;
}

static int export_main(int argc, char **argv)
{
	return declare(argc, argv, VAR_EXPORT);
}

static int readonly_main(int argc, char **argv)
{
	return declare(argc, argv, VAR_READONLY);
}

const struct builtin builtin_export = {
	.name = "export",
	.synopsis = "export [-p] [NAME[=VALUE]...]",
	.summary = "pass variables to the environment of the commands run",
	.family = FAMILY_SHELL,
	.see_also = "environ(7) execve(2)",
	.special = true,
	.run = export_main,
};

const struct builtin builtin_readonly = {
	.name = "readonly",
	.synopsis = "readonly [-p] [NAME[=VALUE]...]",
	.summary = "make variables read-only",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = readonly_main,
};

static int unset_main(int argc, char **argv)
{
	bool functions = false;
	int status = 0;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-f") == 0)
			functions = true;
		else if (strcmp(argv[i], "-v") == 0)
			functions = false;
		else
			return bi_usage("%s: invalid option", argv[i]);
	}
	for (; i < argc; i++) {
		if (functions) {
			func_unset(argv[i]);
		} else if (!var_valid_name(argv[i], strlen(argv[i]))) {
			status = bi_error("%s: not a valid identifier", argv[i]);
		} else if (var_flags(argv[i]) & VAR_READONLY) {
			status = bi_error("%s: is read only", argv[i]);
		} else {
			var_unset(argv[i]);
		}
	}
	return status;
}

const struct builtin builtin_unset = {
	.name = "unset",
	.synopsis = "unset [-f | -v] NAME...",
	.summary = "remove variables (or, with -f, functions)",
	.family = FAMILY_SHELL,
	.see_also = "sh(1p)",
	.special = true,
	.run = unset_main,
};
