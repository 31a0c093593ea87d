/*
 * echo - write the arguments, separated by blanks, and a newline.
 * POSIX XCU "echo" (with the XSI escapes, as dash does); -n alone is an
 * option, and only as the first argument.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "builtin.h"
#include "error.h"

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/*
 * Write S with its backslash escapes decoded.  Returns false after \c,
 * which ends all output, the newline included.
 */
static bool put_escaped(const char *s)
{
	while (*s) {
		int c = (unsigned char)*s++;

		if (c != '\\') {
			putchar(c);
			continue;
		}
		switch (*s) {
		case 'c':
			return false;
		case 'a': c = '\a'; break;
		case 'b': c = '\b'; break;
		case 'e': c = '\033'; break;	/* not POSIX; dash has it */
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'v': c = '\v'; break;
		case '\\': c = '\\'; break;
		default:
			if (!is_octal(*s)) {
				/* Not an escape: the backslash is itself. */
				putchar('\\');
				continue;
			}
			/* \0NNN; like dash, \NNN without the 0 works too. */
			if (*s == '0' && is_octal(s[1]))
				s++;
			c = 0;
			for (int i = 0; i < 3 && is_octal(*s); i++)
				c = c * 8 + (*s++ - '0');
			putchar(c & 0xff);
			continue;
		}
		s++;
		putchar(c);
	}
	return true;
}

static int echo_main(int argc, char **argv)
{
	bool newline = true;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-n") == 0) {
		newline = false;
		i++;
	}
	for (; i < argc; i++) {
		if (!put_escaped(argv[i])) {
			newline = false;
			break;
		}
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return 0;
}

const struct builtin builtin_echo = {
	.name = "echo",
	.synopsis = "echo [-n] [STRING...]",
	.summary = "write the arguments, decoding \\n \\t \\c \\0NNN",
	.family = FAMILY_SHELL,
	.see_also = "echo(1) printf(1) write(2)",
	.no_help_option = true,
	.run = echo_main,
};
