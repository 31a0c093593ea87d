/*
 * arith.c - a recursive-descent evaluator for $((...)), one function per
 * precedence level, lowest first.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "arith.h"
#include "error.h"
#include "vars.h"

struct ar {
	const char *p;
	const char *expr;
	int noeval;	/* inside the branch not taken by && || ?: */
	int depth;
};

enum { MAX_DEPTH = 1000 };

static long assign_expr(struct ar *a);

static _Noreturn void ar_error(struct ar *a, const char *msg)
{
	sh_warn("arithmetic: %s: %s", msg, a->expr);
	sh_throw(2);
}

static void skip_space(struct ar *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

/* Accept the operator OP (and not a longer one starting with it). */
static bool accept(struct ar *a, const char *op)
{
	size_t n = strlen(op);

	skip_space(a);
	if (strncmp(a->p, op, n) != 0)
		return false;
	/* "<" must not take the first char of "<<" or "<=", and so on */
	if (n == 1 && strchr("<>&|=!", op[0]) && a->p[1] &&
	    (a->p[1] == op[0] || a->p[1] == '='))
		return false;
	if (n == 2 && (op[0] == '<' || op[0] == '>') && op[1] == op[0] &&
	    a->p[2] == '=')
		return false;
	if (n == 1 && strchr("+-*/%^", op[0]) && a->p[1] == '=')
		return false;
	a->p += n;
	return true;
}

/* Wrapping arithmetic: signed overflow is undefined in C, so go through
 * unsigned, which wraps as the hardware does. */
static long wrap_add(long x, long y)
{
	return (long)((unsigned long)x + (unsigned long)y);
}

static long wrap_sub(long x, long y)
{
	return (long)((unsigned long)x - (unsigned long)y);
}

static long wrap_mul(long x, long y)
{
	return (long)((unsigned long)x * (unsigned long)y);
}

static long divide(struct ar *a, long x, long y, bool mod)
{
	if (a->noeval)
		return 0;
	if (y == 0)
		ar_error(a, "division by zero");
	if (x == LONG_MIN && y == -1)	/* the one quotient that overflows */
		return mod ? 0 : LONG_MIN;
	return mod ? x % y : x / y;
}

static long shift(long x, long y, bool left)
{
	unsigned n = (unsigned long)y & 63;

	return left ? (long)((unsigned long)x << n) : x >> n;
}

/* The value of a variable: empty or unset is 0; otherwise the value is
 * itself an expression (as in bash, so x=y y=3 gives $((x)) = 3). */
static long var_value(struct ar *a, const char *name)
{
	const char *v = var_get(name);
	struct ar sub;
	long r;

	if (!v || !*v)
		return 0;
	if (a->depth > MAX_DEPTH)
		ar_error(a, "expression recursion too deep");
	/* A copy: the value may assign to its own variable (x='x=5'),
	 * which frees V while it is being read. */
	sub.p = sub.expr = st_strdup(v);
	sub.noeval = a->noeval;
	sub.depth = a->depth + 1;
	r = assign_expr(&sub);
	skip_space(&sub);
	if (*sub.p)
		ar_error(&sub, "syntax error in variable value");
	return r;
}

static char *read_name(struct ar *a)
{
	const char *s = a->p;

	while (isalnum((unsigned char)*a->p) || *a->p == '_')
		a->p++;
	return st_strndup(s, (size_t)(a->p - s));
}

static long primary(struct ar *a)
{
	skip_space(a);
	if (++a->depth > MAX_DEPTH)
		ar_error(a, "expression nested too deeply");
	if (accept(a, "(")) {
		long v = assign_expr(a);

		if (!accept(a, ")"))
			ar_error(a, "missing ')'");
		a->depth--;
		return v;
	}
	if (isdigit((unsigned char)*a->p)) {
		char *end;
		unsigned long v = strtoul(a->p, &end, 0);

		if (isalnum((unsigned char)*end) || *end == '_')
			ar_error(a, "invalid number");
		a->p = end;
		a->depth--;
		return (long)v;
	}
	if (isalpha((unsigned char)*a->p) || *a->p == '_') {
		long v = var_value(a, read_name(a));

		a->depth--;
		return v;
	}
	if (*a->p == '\0')
		ar_error(a, "expression expected");
	ar_error(a, "syntax error");
}

static long unary(struct ar *a)
{
	long v;

	skip_space(a);
	if (++a->depth > MAX_DEPTH)
		ar_error(a, "expression nested too deeply");
	if (accept(a, "!"))
		v = !unary(a);
	else if (accept(a, "~"))
		v = ~unary(a);
	else if (accept(a, "-"))
		v = wrap_sub(0, unary(a));
	else if (accept(a, "+"))
		v = unary(a);
	else
		v = primary(a);
	a->depth--;
	return v;
}

static long mul(struct ar *a)
{
	long v = unary(a);

	for (;;) {
		if (accept(a, "*"))
			v = wrap_mul(v, unary(a));
		else if (accept(a, "/"))
			v = divide(a, v, unary(a), false);
		else if (accept(a, "%"))
			v = divide(a, v, unary(a), true);
		else
			return v;
	}
}

static long add(struct ar *a)
{
	long v = mul(a);

	for (;;) {
		if (accept(a, "+"))
			v = wrap_add(v, mul(a));
		else if (accept(a, "-"))
			v = wrap_sub(v, mul(a));
		else
			return v;
	}
}

static long shifts(struct ar *a)
{
	long v = add(a);

	for (;;) {
		if (accept(a, "<<"))
			v = shift(v, add(a), true);
		else if (accept(a, ">>"))
			v = shift(v, add(a), false);
		else
			return v;
	}
}

static long relational(struct ar *a)
{
	long v = shifts(a);

	for (;;) {
		if (accept(a, "<="))
			v = v <= shifts(a);
		else if (accept(a, ">="))
			v = v >= shifts(a);
		else if (accept(a, "<"))
			v = v < shifts(a);
		else if (accept(a, ">"))
			v = v > shifts(a);
		else
			return v;
	}
}

static long equality(struct ar *a)
{
	long v = relational(a);

	for (;;) {
		if (accept(a, "=="))
			v = v == relational(a);
		else if (accept(a, "!="))
			v = v != relational(a);
		else
			return v;
	}
}

static long bit_and(struct ar *a)
{
	long v = equality(a);

	while (accept(a, "&"))
		v &= equality(a);
	return v;
}

static long bit_xor(struct ar *a)
{
	long v = bit_and(a);

	while (accept(a, "^"))
		v ^= bit_and(a);
	return v;
}

static long bit_or(struct ar *a)
{
	long v = bit_xor(a);

	while (accept(a, "|"))
		v |= bit_xor(a);
	return v;
}

static long logical_and(struct ar *a)
{
	long v = bit_or(a);

	while (accept(a, "&&")) {
		long r;

		if (!v)
			a->noeval++;
		r = bit_or(a);
		if (!v)
			a->noeval--;
		v = v && r;
	}
	return v;
}

static long logical_or(struct ar *a)
{
	long v = logical_and(a);

	while (accept(a, "||")) {
		long r;

		if (v)
			a->noeval++;
		r = logical_and(a);
		if (v)
			a->noeval--;
		v = v || r;
	}
	return v;
}

/* Go one level deeper: a ?: or assignment chain recurses once per
 * operator, so 100000 of them must be refused, not overflow the stack. */
static void deeper(struct ar *a)
{
	if (++a->depth > MAX_DEPTH)
		ar_error(a, "expression nested too deeply");
}

static long conditional(struct ar *a)
{
	long c = logical_or(a);
	long x, y;

	if (!accept(a, "?"))
		return c;
	if (!c)
		a->noeval++;
	deeper(a);
	x = assign_expr(a);
	a->depth--;
	if (!c)
		a->noeval--;
	if (!accept(a, ":"))
		ar_error(a, "':' expected");
	if (c)
		a->noeval++;
	deeper(a);
	y = conditional(a);
	a->depth--;
	if (c)
		a->noeval--;
	return c ? x : y;
}

static long assign_expr(struct ar *a)
{
	static const char *const ops[] = {
		"<<=", ">>=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "=",
	};
	const char *save;
	char *name;
	long v, old;

	skip_space(a);
	if (!(isalpha((unsigned char)*a->p) || *a->p == '_'))
		return conditional(a);
	save = a->p;
	name = read_name(a);
	skip_space(a);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i]);
		char buf[24];

		if (strncmp(a->p, ops[i], n) != 0 || (n == 1 && a->p[1] == '='))
			continue;
		a->p += n;
		deeper(a);
		v = assign_expr(a);
		a->depth--;
		if (a->noeval)
			return v;
		old = n > 1 ? var_value(a, name) : 0;
		switch (ops[i][0]) {
		case '*': v = wrap_mul(old, v); break;
		case '/': v = divide(a, old, v, false); break;
		case '%': v = divide(a, old, v, true); break;
		case '+': v = wrap_add(old, v); break;
		case '-': v = wrap_sub(old, v); break;
		case '&': v = old & v; break;
		case '^': v = old ^ v; break;
		case '|': v = old | v; break;
		case '<': v = shift(old, v, true); break;
		case '>': v = shift(old, v, false); break;
		}
		snprintf(buf, sizeof(buf), "%ld", v);
		if (var_set(name, buf, 0) < 0)
			sh_throw(2);
		return v;
	}
	a->p = save;
	return conditional(a);
}

long arith_eval(const char *expr)
{
	struct ar a = { expr, expr, 0, 0 };
	long v;

	skip_space(&a);
	if (!*a.p)
		return 0;	/* $(( )) is 0 */
	v = assign_expr(&a);
	skip_space(&a);
	if (*a.p)
		ar_error(&a, "syntax error");
	return v;
}
