/*
 * read - one line of standard input into variables.  POSIX XCU "read".
 *
 * Reads a byte at a time: the bytes after the newline belong to whatever
 * reads standard input next, so read(2) must not take them.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "builtin.h"
#include "error.h"
#include "expand.h"
#include "signals.h"
#include "vars.h"

static int read_main(int argc, char **argv)
{
	bool raw = false;
	const char *prompt = NULL;
	struct strbuf line, literal;
	bool got_newline = false;
	char **fields;
	int nfields, nvars, c;
	static char reply[] = "REPLY";
	char *defaults[] = { reply, NULL };
	char **vars;

	while ((c = getopt(argc, argv, "+rp:")) != -1) {
		switch (c) {
		case 'r':
			raw = true;
			break;
		case 'p':
			prompt = optarg;
			break;
		default:
			return bi_usage("-%c: invalid option", optopt);
		}
	}
	vars = optind < argc ? argv + optind : defaults;
	nvars = optind < argc ? argc - optind : 1;
	for (int i = 0; i < nvars; i++)
		if (!var_valid_name(vars[i], strlen(vars[i])))
			return bi_error("%s: not a valid identifier", vars[i]);
	if (prompt && isatty(STDIN_FILENO))
		write_all(STDERR_FILENO, prompt, strlen(prompt));

	sb_init(&line);
	sb_init(&literal);
	for (;;) {
		bool escaped = false;
		char ch;
		ssize_t n = read(STDIN_FILENO, &ch, 1);

		if (n < 0) {
			if (errno == EINTR) {
				if (sig_take_interrupt())
					return 128 + SIGINT;
				continue;
			}
			return bi_error_errno("read error");
		}
		if (n == 0)
			break;
		if (ch == '\n') {
			got_newline = true;
			break;
		}
		if (ch == '\\' && !raw) {
			n = read(STDIN_FILENO, &ch, 1);
			if (n <= 0)
				break;
			if (ch == '\n')
				continue;	/* line continuation */
			escaped = true;	/* kept, and never a separator */
		}
		if (ch != '\0') {
			sb_addc(&line, ch);
			sb_addc(&literal, escaped);
		}
	}
	fields = expand_split_ifs(sb_finish(&line), literal.s, nvars, &nfields);
	for (int i = 0; i < nvars; i++)
		if (var_set(vars[i], i < nfields ? fields[i] : "", 0) < 0)
			return 2;
	return got_newline ? 0 : 1;
}

const struct builtin builtin_read = {
	.name = "read",
	.synopsis = "read [-r] [-p PROMPT] [NAME...]",
	.summary = "read a line of standard input and split it into variables",
	.family = FAMILY_SHELL,
	.see_also = "read(2) sh(1p)",
	.run = read_main,
};
