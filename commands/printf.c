/*
 * printf - write the arguments under the control of a format.
 * POSIX XCU "printf"; each conversion is handed to printf(3), one at a time.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "error.h"

/* The operands after the format, and how many the conversions have used. */
struct args {
	char **v;
	int count;
	int next;
	int status;		/* 1 once a number did not convert */
};

/* One conversion specification, parsed: %[flags][width][.precision]C */
struct spec {
	char flags[6];
	bool has_width, has_prec;
	bool too_big;		/* a width or precision above INT_MAX */
	int width, prec;
	char conv;
};

enum outcome { GO_ON, STOP, BAD_FORMAT };

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

static const char *next_arg(struct args *a)
{
	return a->next < a->count ? a->v[a->next++] : NULL;
}

/*
 * The numeric operands.  A missing one is 0; 'c or "c is the code of c.
 * A bad one is reported, but printf goes on with what did convert.
 */
static bool char_code(const char *s, intmax_t *v)
{
	if (*s != '\'' && *s != '"')
		return false;
	*v = (unsigned char)s[1];
	return true;
}

static void check_number(struct args *a, const char *s, const char *end)
{
	if (*end != '\0') {
		bi_error("%s: invalid number", s);
		a->status = 1;
	} else if (errno == ERANGE) {
		bi_error_errno("%s", s);
		a->status = 1;
	}
}

static intmax_t arg_int(struct args *a)
{
	const char *s = next_arg(a);
	intmax_t v = 0;
	char *end;

	if (!s || char_code(s, &v))
		return v;
	errno = 0;
	v = strtoimax(s, &end, 0);
	check_number(a, s, end);
	return v;
}

static uintmax_t arg_uint(struct args *a)
{
	const char *s = next_arg(a);
	intmax_t code = 0;
	uintmax_t v;
	char *end;

	if (!s || char_code(s, &code))
		return (uintmax_t)code;
	errno = 0;
	v = strtoumax(s, &end, 0);
	check_number(a, s, end);
	return v;
}

static double arg_double(struct args *a)
{
	const char *s = next_arg(a);
	intmax_t code = 0;
	double v;
	char *end;

	if (!s || char_code(s, &code))
		return (double)code;
	errno = 0;
	v = strtod(s, &end);
	check_number(a, s, end);
	return v;
}

/* A `*` width or precision: an int operand (0 when it is out of range). */
static int arg_star(struct args *a)
{
	const char *s = a->next < a->count ? a->v[a->next] : NULL;
	intmax_t v = arg_int(a);

	if (v > INT_MAX || v < -INT_MAX) {
		if (a->status == 0)
			bi_error("%s: field width or precision too large", s);
		a->status = 1;
		return 0;
	}
	return (int)v;
}

/*
 * Decode the escape after a backslash in the format itself: \\ \a \b \f \n
 * \r \t \v, \e (ESC: not POSIX, but dash has it) and \NNN (1 to 3 octal
 * digits).  Anything else is not an escape and the backslash is written as
 * it is.  Returns the text after it.
 */
static const char *put_format_escape(const char *s)
{
	static const char from[] = "\\abefnrtv", to[] = "\\\a\b\033\f\n\r\t\v";
	const char *e = *s ? strchr(from, *s) : NULL;
	int c = 0;

	if (e) {
		putchar(to[e - from]);
		return s + 1;
	}
	if (!is_octal(*s)) {
		putchar('\\');
		return s;
	}
	for (int i = 0; i < 3 && is_octal(*s); i++)
		c = c * 8 + (*s++ - '0');
	putchar(c & 0xff);
	return s;
}

/*
 * Decode the operand of %b into BUF (at least strlen(S) + 1 bytes: escapes
 * only shrink).  Octal is \0NNN here, as in echo.  Sets *LEN; returns false
 * when a \c ended the text, which ends all output.
 */
static bool decode_b(const char *s, char *buf, size_t *len)
{
	static const char from[] = "\\abefnrtv", to[] = "\\\a\b\033\f\n\r\t\v";
	size_t n = 0;
	bool go_on = true;

	while (*s) {
		const char *e;
		int c;

		if (*s != '\\') {
			buf[n++] = *s++;
			continue;
		}
		s++;
		e = *s ? strchr(from, *s) : NULL;
		if (*s == 'c') {
			go_on = false;
			break;
		} else if (e) {
			buf[n++] = to[e - from];
			s++;
		} else if (is_octal(*s)) {
			if (*s == '0' && is_octal(s[1]))
				s++;
			c = 0;
			for (int i = 0; i < 3 && is_octal(*s); i++)
				c = c * 8 + (*s++ - '0');
			buf[n++] = (char)c;
		} else {
			buf[n++] = '\\';
		}
	}
	*len = n;
	return go_on;
}

/* *N = *N * 10 + digit C; false (and *N unchanged) past INT_MAX. */
static bool add_digit(int *n, char c)
{
	int d = c - '0';

	if (*n > (INT_MAX - d) / 10)
		return false;
	*n = *n * 10 + d;
	return true;
}

/* Parse the specification at *P (just after the %), reading `*` operands. */
static bool parse_spec(const char **p, struct args *a, struct spec *sp)
{
	const char *s = *p;
	size_t nflags = 0;

	memset(sp, 0, sizeof(*sp));
	/* Keep each flag once, so the rebuilt format has a bounded size. */
	for (; *s && strchr("#-+ 0", *s); s++)
		if (!memchr(sp->flags, *s, nflags))
			sp->flags[nflags++] = *s;
	if (*s == '*') {
		sp->has_width = true;
		sp->width = arg_star(a);
		s++;
	} else {
		for (; *s >= '0' && *s <= '9'; s++) {
			sp->has_width = true;
			sp->too_big |= !add_digit(&sp->width, *s);
		}
	}
	if (*s == '.') {
		sp->has_prec = true;
		s++;
		if (*s == '*') {
			sp->prec = arg_star(a);
			s++;
		} else {
			for (; *s >= '0' && *s <= '9'; s++)
				sp->too_big |= !add_digit(&sp->prec, *s);
		}
	}
	sp->conv = *s;
	*p = *s ? s + 1 : s;
	return *s != '\0';
}

/* Rebuild SP as a printf(3) format for one value, with LENGTH ("j" or ""). */
static void make_format(char *buf, size_t size, const struct spec *sp,
			const char *length)
{
	int width = sp->width;
	int n;

	n = snprintf(buf, size, "%%%s", sp->flags);
	/* A negative `*` width means the - flag (printf(3)). */
	if (sp->has_width && width < 0) {
		n += snprintf(buf + n, size - (size_t)n, "-");
		width = -width;
	}
	if (sp->has_width)
		n += snprintf(buf + n, size - (size_t)n, "%d", width);
	/* A negative `*` precision is taken as if it were omitted. */
	if (sp->has_prec && sp->prec >= 0)
		n += snprintf(buf + n, size - (size_t)n, ".%d", sp->prec);
	snprintf(buf + n, size - (size_t)n, "%s%c", length, sp->conv);
}

/* The format is built at run time from the user's one, checked above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void put_with(const struct spec *sp, struct args *a)
{
	const char *s;
	char fmt[64];
	int r = 0;

	/* intmax_t operands take the j length modifier. */
	make_format(fmt, sizeof(fmt), sp,
		    strchr("diouxX", sp->conv) ? "j" : "");
	switch (sp->conv) {
	case 'd': case 'i':
		r = printf(fmt, arg_int(a));
		break;
	case 'o': case 'u': case 'x': case 'X':
		r = printf(fmt, arg_uint(a));
		break;
	case 'a': case 'A': case 'e': case 'E':
	case 'f': case 'F': case 'g': case 'G':
		r = printf(fmt, arg_double(a));
		break;
	case 'c':
		s = next_arg(a);
		r = printf(fmt, s ? *s : '\0');
		break;
	case 's':
		s = next_arg(a);
		r = printf(fmt, s ? s : "");
		break;
	}
	/* A write error is reported once, at the end; this is printf(3)
	 * refusing the conversion (EOVERFLOW past INT_MAX bytes, ENOMEM). */
	if (r < 0 && !ferror(stdout)) {
		bi_error_errno("%s", fmt);
		a->status = 1;
	}
}
#pragma GCC diagnostic pop

/* %b: the operand's escapes decoded; it may hold NUL bytes. */
static enum outcome put_b(const struct spec *sp, struct args *a)
{
	const char *s = next_arg(a);
	size_t len, pad = 0;
	bool go_on, left;
	char *buf;

	if (!s)
		s = "";
	buf = malloc(strlen(s) + 1);
	if (!buf) {
		bi_error_errno("%%b");
		return STOP;
	}
	go_on = decode_b(s, buf, &len);
	if (sp->has_prec && sp->prec >= 0 && (size_t)sp->prec < len)
		len = (size_t)sp->prec;
	if (sp->has_width && (size_t)abs(sp->width) > len)
		pad = (size_t)abs(sp->width) - len;
	left = sp->width < 0 || strchr(sp->flags, '-');

	for (; !left && pad > 0; pad--)
		putchar(' ');
	fwrite(buf, 1, len, stdout);
	for (; pad > 0; pad--)
		putchar(' ');
	free(buf);
	return go_on ? GO_ON : STOP;
}

/* One pass over the format.  *P is just after a %. */
static enum outcome conversion(const char **p, struct args *a)
{
	const char *start = *p - 1;
	struct spec sp;

	if (!parse_spec(p, a, &sp)) {
		bi_error("%s: missing format character", start);
		return BAD_FORMAT;
	}
	if (sp.too_big) {
		bi_error("%.*s: field width or precision too large",
			 (int)(*p - start), start);
		return BAD_FORMAT;
	}
	if (sp.conv == 'b')
		return put_b(&sp, a);
	if (!strchr("diouxXaAeEfFgGcs", sp.conv)) {
		bi_error("%.*s: invalid directive", (int)(*p - start), start);
		return BAD_FORMAT;
	}
	put_with(&sp, a);
	return GO_ON;
}

static enum outcome one_pass(const char *fmt, struct args *a)
{
	const char *p = fmt;

	while (*p) {
		enum outcome r;

		if (*p == '\\') {
			p = put_format_escape(p + 1);
		} else if (*p != '%') {
			putchar(*p++);
		} else if (p[1] == '%') {
			putchar('%');
			p += 2;
		} else {
			p++;
			r = conversion(&p, a);
			if (r != GO_ON)
				return r;
		}
	}
	return GO_ON;
}

static int printf_main(int argc, char **argv)
{
	struct args a;
	enum outcome r;
	int first;
	int i = 1;

	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0')
		return bi_usage("%s: invalid option", argv[i]);
	if (i >= argc)
		return bi_usage("missing format");
	a.v = argv + i + 1;
	a.count = argc - i - 1;
	a.next = 0;
	a.status = 0;
	/* The format is used again while it uses operands and some remain. */
	do {
		first = a.next;
		r = one_pass(argv[i], &a);
	} while (r == GO_ON && a.next > first && a.next < a.count);
	return r == BAD_FORMAT ? 2 : a.status;
}

const struct builtin builtin_printf = {
	.name = "printf",
	.synopsis = "printf FORMAT [ARG...]",
	.summary = "write the arguments as FORMAT says: %s %d %x %b %c %f ...",
	.family = FAMILY_SHELL,
	.see_also = "printf(1) printf(3) echo(1)",
	.run = printf_main,
};
