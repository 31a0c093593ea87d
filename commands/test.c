/*
 * test, [ - evaluate a conditional expression: files, strings, integers.
 * POSIX XCU "test": up to 4 arguments by its table of cases, more (with
 * -a, -o and parentheses) by a small recursive-descent parser.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"

/* The arguments being parsed; the first error ends evaluation. */
struct test {
	char **argv;
	int pos, end;
	int depth;		/* of parentheses: bounded, for the C stack */
	bool failed;
};

#define MAX_DEPTH 1000

static bool is(const char *s, const char *word)
{
	return strcmp(s, word) == 0;
}

/* Report "ARG: WHAT" (or WHAT) unless an error was reported already. */
static bool fail(struct test *t, const char *arg, const char *what)
{
	if (!t->failed && arg)
		bi_error("%s: %s", arg, what);
	else if (!t->failed)
		bi_error("%s", what);
	t->failed = true;
	return false;
}

static bool is_unary(const char *s)
{
	return s[0] == '-' && s[1] != '\0' && s[2] == '\0' &&
	       strchr("bcdefghkLnprSstuwxz", s[1]);
}

static const char *const binary_ops[] = {
	"=", "!=", "<", ">", "-eq", "-ne", "-gt", "-ge", "-lt", "-le",
	"-nt", "-ot", "-ef", NULL,
};

static bool is_binary(const char *s)
{
	for (int i = 0; binary_ops[i]; i++)
		if (is(s, binary_ops[i]))
			return true;
	return false;
}

/* An integer operand: optional blanks, a sign, decimal digits, blanks. */
static bool integer(struct test *t, const char *s, intmax_t *v)
{
	char *end;

	errno = 0;
	*v = strtoimax(s, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (end == s || *end != '\0' || errno == ERANGE)
		return fail(t, s, "integer expression expected");
	return true;
}

static bool unary(struct test *t, char op, const char *arg)
{
	struct stat st;
	intmax_t fd;

	switch (op) {
	case 'n':
		return arg[0] != '\0';
	case 'z':
		return arg[0] == '\0';
	case 't':
		return integer(t, arg, &fd) && fd >= 0 && fd <= INT_MAX &&
		       isatty((int)fd);
	case 'h':
	case 'L':
		return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	/* Permission is the effective user's, as POSIX asks, not the real. */
	case 'r':
		return faccessat(AT_FDCWD, arg, R_OK, AT_EACCESS) == 0;
	case 'w':
		return faccessat(AT_FDCWD, arg, W_OK, AT_EACCESS) == 0;
	case 'x':
		return faccessat(AT_FDCWD, arg, X_OK, AT_EACCESS) == 0;
	}
	if (stat(arg, &st) < 0)
		return false;
	switch (op) {
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'e': return true;
	case 'f': return S_ISREG(st.st_mode);
	case 'g': return (st.st_mode & S_ISGID) != 0;
	case 'k': return (st.st_mode & S_ISVTX) != 0;
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 's': return st.st_size > 0;
	case 'u': return (st.st_mode & S_ISUID) != 0;
	}
	return false;
}

/* -1, 0 or 1 as the modification time of A is before, equal or after B's. */
static int mtime_cmp(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec < b->st_mtim.tv_sec ? -1 : 1;
	if (a->st_mtim.tv_nsec != b->st_mtim.tv_nsec)
		return a->st_mtim.tv_nsec < b->st_mtim.tv_nsec ? -1 : 1;
	return 0;
}

static bool files(const char *op, const char *a, const char *b)
{
	struct stat sa, sb;
	bool has_a = stat(a, &sa) == 0, has_b = stat(b, &sb) == 0;

	/* POSIX 2024: an existing file is newer than a missing one. */
	if (is(op, "-nt"))
		return has_a && (!has_b || mtime_cmp(&sa, &sb) > 0);
	if (is(op, "-ot"))
		return has_b && (!has_a || mtime_cmp(&sa, &sb) < 0);
	return has_a && has_b && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static bool binary(struct test *t, const char *a, const char *op,
		   const char *b)
{
	intmax_t x, y;

	if (is(op, "="))
		return strcmp(a, b) == 0;
	if (is(op, "!="))
		return strcmp(a, b) != 0;
	if (is(op, "<"))
		return strcmp(a, b) < 0;
	if (is(op, ">"))
		return strcmp(a, b) > 0;
	if (is(op, "-nt") || is(op, "-ot") || is(op, "-ef"))
		return files(op, a, b);
	if (!integer(t, a, &x) || !integer(t, b, &y))
		return false;
	if (is(op, "-eq"))
		return x == y;
	if (is(op, "-ne"))
		return x != y;
	if (is(op, "-gt"))
		return x > y;
	if (is(op, "-ge"))
		return x >= y;
	if (is(op, "-lt"))
		return x < y;
	return x <= y;	/* -le */
}

/*
 * The grammar for the general case, loosest binding first:
 *   or      := and { -o and }
 *   and     := not { -a not }
 *   not     := ! not | primary
 *   primary := ( or ) | WORD BINOP WORD | UNOP WORD | WORD
 */
static bool parse_or(struct test *t);

static bool parse_primary(struct test *t)
{
	char **v = t->argv;
	const char *s;
	bool r;

	if (t->pos >= t->end)
		return fail(t, v[t->pos - 1], "argument expected");
	s = v[t->pos];
	if (t->pos + 2 < t->end && is_binary(v[t->pos + 1])) {
		t->pos += 3;
		return binary(t, s, v[t->pos - 2], v[t->pos - 1]);
	}
	if (is(s, "(") && t->pos + 1 < t->end) {
		if (++t->depth > MAX_DEPTH)
			return fail(t, NULL, "expression too deeply nested");
		t->pos++;
		r = parse_or(t);
		t->depth--;
		if (t->pos >= t->end || !is(v[t->pos], ")"))
			return fail(t, NULL, "')' expected");
		t->pos++;
		return r;
	}
	if (is_unary(s)) {
		if (t->pos + 1 >= t->end)
			return fail(t, s, "argument expected");
		t->pos += 2;
		return unary(t, s[1], v[t->pos - 1]);
	}
	t->pos++;
	return s[0] != '\0';
}

/* A loop, not recursion: any number of ! must not exhaust the stack. */
static bool parse_not(struct test *t)
{
	bool negate = false;

	/* A last ! is a plain word, as in dash. */
	while (t->pos + 1 < t->end && is(t->argv[t->pos], "!")) {
		negate = !negate;
		t->pos++;
	}
	return parse_primary(t) != negate;
}

static bool parse_and(struct test *t)
{
	bool r = parse_not(t);

	while (!t->failed && t->pos < t->end && is(t->argv[t->pos], "-a")) {
		t->pos++;
		/* Both sides are parsed: an error on the right still counts. */
		r = parse_not(t) && r;
	}
	return r;
}

static bool parse_or(struct test *t)
{
	bool r = parse_and(t);

	while (!t->failed && t->pos < t->end && is(t->argv[t->pos], "-o")) {
		t->pos++;
		r = parse_and(t) || r;
	}
	return r;
}

static bool parse_all(struct test *t, char **v, int n)
{
	bool r;

	t->argv = v;
	t->pos = 0;
	t->end = n;
	r = parse_or(t);

	if (!t->failed && t->pos < t->end)
		return fail(t, v[t->pos], "unexpected operator");
	return r;
}

/* POSIX decides by the number of arguments; the parser covers the rest. */
static bool eval(struct test *t, char **v, int n)
{
	switch (n) {
	case 0:
		return false;
	case 1:
		return v[0][0] != '\0';
	case 2:
		if (is(v[0], "!"))
			return !eval(t, v + 1, 1);
		if (is_unary(v[0]))
			return unary(t, v[0][1], v[1]);
		return fail(t, v[0], "unexpected operator");
	case 3:
		if (is_binary(v[1]))
			return binary(t, v[0], v[1], v[2]);
		if (is(v[1], "-a"))
			return eval(t, v, 1) && eval(t, v + 2, 1);
		if (is(v[1], "-o"))
			return eval(t, v, 1) || eval(t, v + 2, 1);
		if (is(v[0], "!"))
			return !eval(t, v + 1, 2);
		if (is(v[0], "(") && is(v[2], ")"))
			return eval(t, v + 1, 1);
		break;
	case 4:
		if (is(v[0], "!"))
			return !eval(t, v + 1, 3);
		if (is(v[0], "(") && is(v[3], ")"))
			return eval(t, v + 1, 2);
		break;
	}
	return parse_all(t, v, n);
}

static int test_main(int argc, char **argv)
{
	struct test t = { .failed = false };
	bool r = eval(&t, argv + 1, argc - 1);

	if (t.failed)
		return 2;
	return r ? 0 : 1;
}

static int bracket_main(int argc, char **argv)
{
	if (argc < 2 || !is(argv[argc - 1], "]")) {
		bi_error("missing ']'");
		return 2;
	}
	return test_main(argc - 1, argv);
}

const struct builtin builtin_test = {
	.name = "test",
	.synopsis = "test EXPRESSION",
	.summary = "evaluate a condition on files, strings or integers",
	.family = FAMILY_SHELL,
	.see_also = "test(1) stat(2) access(2) isatty(3)",
	.no_help_option = true,
	.run = test_main,
};

const struct builtin builtin_bracket = {
	.name = "[",
	.synopsis = "[ EXPRESSION ]",
	.summary = "the same as test, with a closing ]",
	.family = FAMILY_SHELL,
	.see_also = "test(1) stat(2) access(2) isatty(3)",
	.no_help_option = true,
	.run = bracket_main,
};
