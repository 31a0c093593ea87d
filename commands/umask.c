/*
 * umask - show or set the file mode creation mask with umask(2): the
 * permission bits that open(2) and mkdir(2) will clear.  POSIX XCU "umask".
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <sys/stat.h>

#include "builtin.h"
#include "error.h"

/* The bits for u, g and o; `a` is all three. */
static mode_t who_bits(char c)
{
	switch (c) {
	case 'u': return 0700;
	case 'g': return 0070;
	case 'o': return 0007;
	}
	return 0777;
}

/*
 * A symbolic mode, as for chmod(1): clauses [ugoa...]{+-=}[rwxXst | u|g|o]
 * separated by commas.  It edits the *permissions* ~MASK, which is how
 * `umask u=rwx,g=rx,o=` reads.  False on a syntax error.
 */
static bool parse_symbolic(const char *s, mode_t mask, mode_t *out)
{
	mode_t perm = ~mask & 0777;

	for (;;) {
		mode_t who = 0;

		for (; *s && strchr("ugoa", *s); s++)
			who |= who_bits(*s);
		if (who == 0)
			who = 0777;
		if (*s != '+' && *s != '-' && *s != '=')
			return false;
		while (*s == '+' || *s == '-' || *s == '=') {
			char op = *s++;
			mode_t bits = 0;

			if (*s && strchr("ugo", *s)) {
				/* g=u: copy u's current bits to the others. */
				int shift = *s == 'u' ? 6 : *s == 'g' ? 3 : 0;

				bits = ((perm >> shift) & 7) * 0111;
				s++;
			}
			for (; *s && strchr("rwxXst", *s); s++) {
				if (*s == 'r')
					bits |= 0444;
				else if (*s == 'w')
					bits |= 0222;
				else if (*s == 'x')
					bits |= 0111;
				/* X: execute if anyone may execute already. */
				else if (*s == 'X' && (perm & 0111))
					bits |= 0111;
				/* s and t have no place in a umask. */
			}
			bits &= who;
			if (op == '+')
				perm |= bits;
			else if (op == '-')
				perm &= ~bits;
			else
				perm = (perm & ~who) | bits;
		}
		if (*s == '\0')
			break;
		if (*s++ != ',')
			return false;
	}
	*out = ~perm & 0777;
	return true;
}

static bool parse_mode(const char *s, mode_t mask, mode_t *out)
{
	mode_t m = 0;

	if (!(*s >= '0' && *s <= '9'))
		return parse_symbolic(s, mask, out);
	for (; *s; s++) {
		if (*s < '0' || *s > '7')
			return false;
		m = m * 8 + (mode_t)(*s - '0');
		if (m > 0777)
			return false;
	}
	*out = m;
	return true;
}

static void print_symbolic(mode_t mask)
{
	static const char who[] = "ugo";
	mode_t perm = ~mask & 0777;

	for (int i = 0; i < 3; i++) {
		mode_t p = (perm >> (6 - 3 * i)) & 7;

		printf("%s%c=%s%s%s", i ? "," : "", who[i], p & 4 ? "r" : "",
		       p & 2 ? "w" : "", p & 1 ? "x" : "");
	}
	putchar('\n');
}

static int umask_main(int argc, char **argv)
{
	bool symbolic = false;
	mode_t mask, set;
	int c;

	while ((c = getopt(argc, argv, "+S")) != -1) {
		switch (c) {
		case 'S':
			symbolic = true;
			break;
		default:
			return bi_usage("-%c: invalid option", optopt);
		}
	}
	if (argc - optind > 1)
		return bi_usage("too many arguments");
	/* umask(2) cannot read the mask without setting it: put it back. */
	mask = umask(0);
	umask(mask);
	if (optind < argc) {
		if (!parse_mode(argv[optind], mask, &set))
			return bi_error("%s: invalid mode", argv[optind]);
		umask(set);
		return 0;
	}
	if (symbolic)
		print_symbolic(mask);
	else
		printf("%04o\n", (unsigned)mask);
	return 0;
}

const struct builtin builtin_umask = {
	.name = "umask",
	.synopsis = "umask [-S] [MASK]",
	.summary = "show or set the file creation mask: 022 or u=rwx,g=rx,o=rx",
	.family = FAMILY_SHELL,
	.see_also = "umask(2) chmod(1) open(2)",
	.run = umask_main,
};
