/*
 * getopts - parse options in a script.  POSIX XCU "getopts".
 *
 * The position inside a cluster like -abc is kept here between calls;
 * OPTIND is the shell variable the script sees and may reset to 1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "vars.h"

static int next_char = 1;	/* index into the current argument */
static long seen_optind = 1;	/* OPTIND as we last left it */

static void set_optind(long n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%ld", n);
	var_set("OPTIND", buf, 0);
	seen_optind = n;
}

static int set_name(const char *name, char c)
{
	char buf[2] = { c, '\0' };

	return var_set(name, buf, 0) < 0 ? 2 : 0;
}

static int getopts_main(int argc, char **argv)
{
	const char *optstring, *name, *arg, *spec;
	const char *optind_s = var_get("OPTIND");
	char **args;
	int nargs;
	bool silent;
	long optind;
	char c;

	if (argc < 3)
		return bi_usage("an option string and a variable name are required");
	optstring = argv[1];
	name = argv[2];
	if (!var_valid_name(name, strlen(name)))
		return bi_error("%s: not a valid identifier", name);
	silent = optstring[0] == ':';
	if (argc > 3) {
		args = argv + 3;
		nargs = argc - 3;
	} else {
		nargs = pos_count();
		args = malloc(((size_t)nargs + 1) * sizeof(*args));
		if (!args)
			return bi_error_errno("getopts");
		for (int i = 0; i < nargs; i++)
			args[i] = (char *)pos_get(i + 1);
	}
	optind = optind_s ? strtol(optind_s, NULL, 10) : 1;
	if (optind < 1)
		optind = 1;
	if (optind != seen_optind)
		next_char = 1;	/* the script reset OPTIND */

	if (optind > nargs)
		goto done;
	arg = args[optind - 1];
	if (next_char == 1) {
		if (arg[0] != '-' || arg[1] == '\0')
			goto done;
		if (strcmp(arg, "--") == 0) {
			optind++;
			goto done;
		}
	}
	c = arg[next_char++];
	spec = c == ':' ? NULL : strchr(optstring + silent, c);
	var_unset("OPTARG");
	if (!spec) {
		if (silent) {
			char buf[2] = { c, '\0' };

			var_set("OPTARG", buf, 0);
		} else {
			fprintf(stderr, "labsh: getopts: illegal option -- %c\n", c);
		}
		c = '?';
	} else if (spec[1] == ':') {
		if (arg[next_char]) {
			var_set("OPTARG", arg + next_char, 0);
		} else if (optind < nargs) {
			var_set("OPTARG", args[optind], 0);
			optind++;
		} else if (silent) {
			char buf[2] = { c, '\0' };

			var_set("OPTARG", buf, 0);
			c = ':';
		} else {
			fprintf(stderr, "labsh: getopts: option requires an argument -- %c\n", c);
			c = '?';
		}
		next_char = 1;
		optind++;
	}
	if (next_char > 1 && arg[next_char] == '\0') {
		next_char = 1;
		optind++;
	}
	set_optind(optind);
	if (args != argv + 3)
		free(args);
	return set_name(name, c);
done:
	next_char = 1;
	set_optind(optind);
	if (args != argv + 3)
		free(args);
	set_name(name, '?');
	return 1;
}

const struct builtin builtin_getopts = {
	.name = "getopts",
	.synopsis = "getopts OPTSTRING NAME [ARG...]",
	.summary = "take the next option from the arguments of a script",
	.family = FAMILY_SHELL,
	.see_also = "getopt(3) sh(1p)",
	.run = getopts_main,
};
