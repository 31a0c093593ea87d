/*
 * expand.c - words to fields (POSIX XCU 2.6).
 *
 * A word is expanded into a growing field whose every character carries a
 * flag: F_QUOTED (it came from inside quotes, or was escaped: it is never
 * split and matches itself in a pattern) or F_SPLIT (it came from an
 * unquoted expansion: IFS characters among them separate fields).  Plain
 * literal characters have neither.  Field splitting, globbing and quote
 * removal then read the flags; no quote character is ever copied.
 */
#include "config.h"

#include <fnmatch.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "arith.h"
#include "ast.h"
#include "error.h"
#include "eval.h"
#include "expand.h"
#include "parse.h"
#include "shell.h"
#include "vars.h"

enum { F_QUOTED = 1, F_SPLIT = 2 };

enum mode {
	M_FIELDS,	/* split and glob */
	M_STRING,	/* one string */
	M_ASSIGN,	/* one string, ~ after ':' too */
	M_PATTERN,	/* one string, quoted characters escaped */
	M_HEREDOC,	/* a here-document body */
	M_ARITH,	/* the inside of $((...)) */
};

struct field {
	char *chars;
	char *flags;
	size_t len;
	bool quoted;	/* had quotes: kept even when empty */
};

struct exp {
	enum mode mode;
	struct strbuf chars, flags;
	bool quoted;		/* the current field had quotes */
	struct field *fields;	/* finished fields (for "$@") */
	size_t nfields, cap;
};

static void expand_part(struct exp *e, const char *p, const char *end, bool dq);

static void add(struct exp *e, char c, char flag)
{
	sb_addc(&e->chars, c);
	sb_addc(&e->flags, flag);
}

static void add_str(struct exp *e, const char *s, size_t n, char flag)
{
	sb_addn(&e->chars, s, n);
	for (size_t i = 0; i < n; i++)
		sb_addc(&e->flags, flag);
}

/* End the current field and start a new one (between "$@" words). */
static void field_break(struct exp *e)
{
	struct field *f;

	if (e->nfields == e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 8;
		struct field *n = st_alloc(ncap * sizeof(*n));

		if (e->nfields)
			memcpy(n, e->fields, e->nfields * sizeof(*n));
		e->fields = n;
		e->cap = ncap;
	}
	f = &e->fields[e->nfields++];
	f->len = e->chars.len;
	f->chars = sb_finish(&e->chars);
	f->flags = sb_finish(&e->flags);
	f->quoted = e->quoted;
	sb_init(&e->chars);
	sb_init(&e->flags);
	e->quoted = false;
}

static void exp_init(struct exp *e, enum mode mode)
{
	memset(e, 0, sizeof(*e));
	e->mode = mode;
	sb_init(&e->chars);
	sb_init(&e->flags);
}

/* ------------------------------------------------------------------ */
/* Finding the end of a construct inside raw text                       */

static const char *skip_squote(const char *p, const char *end)
{
	for (p++; p < end && *p != '\''; p++)
		;
	return p < end ? p + 1 : end;
}

static const char *skip_backquote(const char *p, const char *end)
{
	for (p++; p < end && *p != '`'; p++)
		if (*p == '\\' && p + 1 < end)
			p++;
	return p < end ? p + 1 : end;
}

/*
 * The skip_ functions recurse once per level of ${...}, $((...)) and
 * "..." inside them.  The lexer refuses a word nested deeper than
 * LEX_MAX_NESTING, but a here-document body is read without that check:
 * nesting deeper than this is an error, not a stack overflow.
 */
enum { MAX_NESTING = 1024 };

static const char *skip_dollar(const char *p, const char *end, bool dq,
			       int nest);

static const char *skip_dquote(const char *p, const char *end, int nest)
{
	for (p++; p < end && *p != '"';) {
		if (*p == '\\' && p + 1 < end)
			p += 2;
		else if (*p == '$')
			p = skip_dollar(p, end, true, nest);
		else if (*p == '`')
			p = skip_backquote(p, end);
		else
			p++;
	}
	return p < end ? p + 1 : end;
}

/* P at "${": past the matching '}'. */
static const char *skip_brace(const char *p, const char *end, bool dq,
			      int nest)
{
	for (p += 2; p < end && *p != '}';) {
		if (*p == '\\' && p + 1 < end)
			p += 2;
		else if (*p == '$')
			p = skip_dollar(p, end, dq, nest);
		else if (*p == '`')
			p = skip_backquote(p, end);
		else if (*p == '"')
			p = skip_dquote(p, end, nest);
		else if (*p == '\'' && !dq)
			p = skip_squote(p, end);
		else
			p++;
	}
	return p < end ? p + 1 : end;
}

/* P at "$((": past the closing "))". */
static const char *skip_arith(const char *p, const char *end, int nest)
{
	int depth = 0;	/* parentheses */

	for (p += 3; p < end;) {
		if (*p == '(') {
			depth++;
			p++;
		} else if (*p == ')') {
			if (depth == 0)
				return p + 2 <= end ? p + 2 : end;
			depth--;
			p++;
		} else if (*p == '\\' && p + 1 < end) {
			p += 2;
		} else if (*p == '$') {
			p = skip_dollar(p, end, false, nest);
		} else if (*p == '`') {
			p = skip_backquote(p, end);
		} else if (*p == '"') {
			p = skip_dquote(p, end, nest);
		} else if (*p == '\'') {
			p = skip_squote(p, end);
		} else {
			p++;
		}
	}
	return end;
}

static const char *skip_dollar(const char *p, const char *end, bool dq,
			       int nest)
{
	if (++nest > MAX_NESTING) {
		sh_warn("expansions nested more than %d deep", MAX_NESTING);
		sh_throw(2);
	}
	if (p + 2 < end && p[1] == '(' && p[2] == '(')
		return skip_arith(p, end, nest);
	if (p + 1 < end && p[1] == '(')
		return p + 2 + parse_subst_length(p + 2, (size_t)(end - p - 2));
	if (p + 1 < end && p[1] == '{')
		return skip_brace(p, end, dq, nest);
	return p + 1;
}

/* ------------------------------------------------------------------ */
/* Parameters                                                           */

static bool is_name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static const char *ifs(void)
{
	const char *v = var_get("IFS");

	return v ? v : " \t\n";
}

/* $-: the single-letter options in effect. */
static char *option_letters(void)
{
	char *s = st_alloc(16), *p = s;
	const struct options *o = &shell.opt;

	if (o->allexport) *p++ = 'a';
	if (o->notify) *p++ = 'b';
	if (o->noclobber) *p++ = 'C';
	if (o->errexit) *p++ = 'e';
	if (o->noglob) *p++ = 'f';
	if (o->hashall) *p++ = 'h';
	if (shell.interactive) *p++ = 'i';
	if (o->monitor) *p++ = 'm';
	if (o->noexec) *p++ = 'n';
	if (o->nounset) *p++ = 'u';
	if (o->verbose) *p++ = 'v';
	if (o->xtrace) *p++ = 'x';
	*p = '\0';
	return s;
}

static char *number(long n)
{
	char *s = st_alloc(24);

	snprintf(s, 24, "%ld", n);
	return s;
}

/*
 * The value of the parameter NAME[0..LEN) — a name, a number, or one of
 * the special characters — or NULL when unset.  "@" and "*" give the
 * positional parameters joined by a space (callers that need the fields
 * handle them separately).
 */
static const char *param_value(const char *name, size_t len)
{
	char c = name[0];

	if (len == 1 && !is_name_char(c)) {
		switch (c) {
		case '?':
			return number(shell.status);
		case '$':
			return number(shell.pid);
		case '!':
			return shell.last_bg ? number(shell.last_bg) : NULL;
		case '#':
			return number(pos_count());
		case '-':
			return option_letters();
		case '@':
		case '*': {
			struct strbuf b;
			const char *sep = c == '*' ? ifs() : " ";

			sb_init(&b);
			for (int i = 1; i <= pos_count(); i++) {
				if (i > 1 && *sep)
					sb_addc(&b, *sep);
				sb_adds(&b, pos_get(i));
			}
			return pos_count() ? sb_finish(&b) : NULL;
		}
		}
		return NULL;
	}
	if (c >= '0' && c <= '9') {
		long n = strtol(st_strndup(name, len), NULL, 10);

		if (n == 0)
			return shell.arg0;
		return n > pos_count() ? NULL : pos_get((int)n);
	}
	if (len < 64) {
		char buf[64];

		memcpy(buf, name, len);
		buf[len] = '\0';
		return var_get(buf);
	}
	return var_get(st_strndup(name, len));
}

static _Noreturn void param_error(const char *name, size_t len, const char *msg)
{
	sh_warn("%.*s: %s", (int)len, name, msg);
	sh_throw(2);
}

/* Add VALUE, the result of an expansion, as split-able or quoted text. */
static void add_value(struct exp *e, const char *value, bool dq)
{
	/* Unquoted results are split (fields) or stay pattern characters
	 * (case patterns, ${x#$p}); quoted ones match only themselves. */
	char flag = dq ? F_QUOTED : e->mode == M_FIELDS ? F_SPLIT : 0;

	if (value)
		add_str(e, value, strlen(value), flag);
}

/* "$@" and unquoted $@ / $*: one field per positional parameter. */
static void add_positional(struct exp *e, char which, bool dq)
{
	int n = pos_count();

	if (e->mode != M_FIELDS || (dq && which == '*')) {
		add_value(e, param_value(&which, 1), dq);
		return;
	}
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			field_break(e);
		add_value(e, pos_get(i), dq);
		if (dq)
			e->quoted = true;
	}
}

static bool fnmatch_ok(const char *pat, const char *s)
{
	return fnmatch(pat, s, 0) == 0;
}

/* Build an fnmatch(3) pattern from E's field: quoted characters that are
 * special to fnmatch get a backslash, so they match only themselves. */
static char *expand_pattern_from(struct exp *e)
{
	struct strbuf b;

	sb_init(&b);
	for (size_t i = 0; i < e->chars.len; i++) {
		char c = e->chars.s[i];

		if ((e->flags.s[i] & F_QUOTED) && strchr("\\*?[]", c))
			sb_addc(&b, '\\');
		sb_addc(&b, c);
	}
	return sb_finish(&b);
}

/* Remove the shortest or longest prefix or suffix of VALUE matching PAT. */
static const char *trim(const char *value, const char *pat, bool suffix,
			bool longest)
{
	size_t len = strlen(value);
	char *copy = st_strdup(value);

	if (!suffix) {
		for (size_t i = longest ? len + 1 : 0; longest ? i-- > 0 : i <= len;
		     longest ? (void)0 : (void)i++) {
			char save = copy[i];

			copy[i] = '\0';
			if (fnmatch_ok(pat, copy)) {
				copy[i] = save;
				return value + i;
			}
			copy[i] = save;
		}
		return value;
	}
	for (size_t i = longest ? 0 : len + 1; longest ? i <= len : i-- > 0;
	     longest ? (void)i++ : (void)0) {
		if (fnmatch_ok(pat, value + i))
			return st_strndup(value, i);
	}
	return value;
}

/* Expand the word inside ${...} to a plain string (for a default, a
 * message) or a pattern (for # and %). */
static char *sub_word(const char *p, const char *end, bool pattern, bool dq)
{
	struct exp sub;

	exp_init(&sub, pattern ? M_PATTERN : M_STRING);
	expand_part(&sub, p, end, dq);
	if (pattern)
		return expand_pattern_from(&sub);
	return sb_finish(&sub.chars);
}

/* P at "${", END past the matching '}'. */
static void expand_brace(struct exp *e, const char *p, const char *end, bool dq)
{
	const char *name = p + 2, *q = name;
	const char *close = end - 1;	/* the '}' */
	bool length = false;
	const char *value;
	size_t nlen;
	char op = 0, op2 = 0;

	if (*q == '#' && q + 1 < close) {
		length = true;
		name = ++q;
	}
	if (is_name_start(*q)) {
		while (q < close && is_name_char(*q))
			q++;
	} else if (*q >= '0' && *q <= '9') {
		while (q < close && *q >= '0' && *q <= '9')
			q++;
	} else if (q < close && strchr("@*#?-$!", *q)) {
		q++;
	}
	nlen = (size_t)(q - name);
	if (nlen == 0)
		goto bad;
	if (length) {
		if (q != close)
			goto bad;
		value = param_value(name, nlen);
		if (!value && shell.opt.nounset && !(nlen == 1 && (*name == '@' || *name == '*')))
			param_error(name, nlen, "parameter not set");
		add_value(e, number(value ? (long)strlen(value) : 0), dq);
		return;
	}
	if (q < close) {
		if (*q == ':' && q + 1 < close && strchr("-=?+", q[1])) {
			op = ':';
			op2 = q[1];
			q += 2;
		} else if (strchr("-=?+", *q)) {
			op2 = *q++;
		} else if (*q == '%' || *q == '#') {
			op = *q++;
			if (q < close && *q == op) {
				op2 = op;
				q++;
			}
		} else {
			goto bad;
		}
	}
	if (nlen == 1 && (*name == '@' || *name == '*') && !op && !op2) {
		if (pos_count() == 0 && shell.opt.nounset && false)
			param_error(name, nlen, "parameter not set");
		add_positional(e, *name, dq);
		return;
	}
	value = param_value(name, nlen);
	if (op == '%' || op == '#') {
		/* The pattern is not quoted by an enclosing "...": only
		 * its own quotes make characters literal. */
		char *pat;

		/* The pattern may set the variable (${x#$((x=1))}), which
		 * frees its value: trim a copy, as bash and dash trim the
		 * value from before. */
		if (value)
			value = st_strdup(value);
		pat = sub_word(q, close, true, false);
		if (!value && shell.opt.nounset)
			param_error(name, nlen, "parameter not set");
		value = trim(value ? value : "", pat, op == '%', op2 != 0);
		add_value(e, value, dq);
		return;
	}
	if (op2) {
		bool unset = !value || (op == ':' && !*value);

		switch (op2) {
		case '-':
			if (unset) {
				expand_part(e, q, close, dq);
				return;
			}
			break;
		case '+':
			if (!unset)
				expand_part(e, q, close, dq);
			return;
		case '=':
			if (unset) {
				char *v = sub_word(q, close, false, dq);
				char *n = st_strndup(name, nlen);

				if (!var_valid_name(name, nlen)) {
					sh_warn("%s: cannot assign in this way", n);
					sh_throw(2);
				}
				if (var_set(n, v, 0) < 0)
					sh_throw(2);
				value = v;
			}
			break;
		case '?':
			if (unset) {
				char *msg = sub_word(q, close, false, dq);

				param_error(name, nlen, *msg ? msg
					    : (value ? "parameter null"
						     : "parameter not set"));
			}
			break;
		}
	} else if (!value && shell.opt.nounset) {
		param_error(name, nlen, "parameter not set");
	}
	add_value(e, value, dq);
	return;
bad:
	sh_warn("%.*s: bad substitution", (int)(end - p), p);
	sh_throw(2);
}

/* P at '$': expand it; returns the position after it. */
static const char *expand_dollar(struct exp *e, const char *p, const char *end,
				 bool dq)
{
	const char *q;

	if (p + 1 >= end) {
		add(e, '$', dq ? F_QUOTED : 0);
		return p + 1;
	}
	if (p[1] == '(' && p + 2 < end && p[2] == '(') {
		q = skip_arith(p, end, 0);
		struct exp inner;
		char *text;

		exp_init(&inner, M_ARITH);
		expand_part(&inner, p + 3, q - 2, false);
		text = sb_finish(&inner.chars);
		add_value(e, number(arith_eval(text)), dq);
		return q;
	}
	if (p[1] == '(') {
		size_t n = parse_subst_length(p + 2, (size_t)(end - p - 2));
		/* the text between "$(" and its ')' */
		char *cmd = st_strndup(p + 2, n ? n - 1 : 0);

		add_value(e, eval_subst(cmd), dq);
		return p + 2 + n;
	}
	if (p[1] == '{') {
		q = skip_brace(p, end, dq, 0);
		expand_brace(e, p, q, dq);
		return q;
	}
	q = p + 1;
	if (is_name_start(*q)) {
		while (q < end && is_name_char(*q))
			q++;
	} else if ((*q >= '0' && *q <= '9') || strchr("@*#?-$!", *q)) {
		q++;
	} else {
		add(e, '$', dq ? F_QUOTED : 0);	/* a lone '$' is literal */
		return p + 1;
	}
	if (q - p == 2 && (p[1] == '@' || p[1] == '*')) {
		add_positional(e, p[1], dq);
		return q;
	}
	{
		const char *value = param_value(p + 1, (size_t)(q - p - 1));

		if (!value && shell.opt.nounset && p[1] != '!' )
			param_error(p + 1, (size_t)(q - p - 1), "parameter not set");
		add_value(e, value, dq);
	}
	return q;
}

/* `...`: backslash quotes only $ ` \ (and " inside double quotes). */
static const char *expand_backquote(struct exp *e, const char *p,
				    const char *end, bool dq)
{
	const char *q = skip_backquote(p, end);
	struct strbuf cmd;

	sb_init(&cmd);
	for (const char *s = p + 1; s < q - 1; s++) {
		if (*s == '\\' && s + 1 < q - 1 &&
		    (s[1] == '$' || s[1] == '`' || s[1] == '\\' ||
		     (dq && s[1] == '"')))
			s++;
		sb_addc(&cmd, *s);
	}
	add_value(e, eval_subst(sb_finish(&cmd)), dq);
	return q;
}

/* ~ or ~user at P; returns the position after the prefix, or P. */
static const char *expand_tilde(struct exp *e, const char *p, const char *end)
{
	const char *q = p + 1;
	const char *home = NULL;

	while (q < end && *q != '/' && !(e->mode == M_ASSIGN && *q == ':')) {
		if (!is_name_char(*q) && *q != '.' && *q != '-')
			return p;	/* quoted or odd: not a tilde prefix */
		q++;
	}
	if (q == p + 1) {
		home = var_get("HOME");
		if (!home) {
			struct passwd *pw = getpwuid(geteuid());

			home = pw ? pw->pw_dir : NULL;
		}
	} else {
		struct passwd *pw = getpwnam(st_strndup(p + 1, (size_t)(q - p - 1)));

		home = pw ? pw->pw_dir : NULL;
	}
	if (!home)
		return p;
	add_str(e, home, strlen(home), F_QUOTED);
	return q;
}

/*
 * Expand the raw text [P, END) into E.  DQ: inside double quotes.
 */
static void expand_part(struct exp *e, const char *p, const char *end, bool dq)
{
	bool heredoc = e->mode == M_HEREDOC;
	const char *start = p;

	while (p < end) {
		char c = *p;

		switch (c) {
		case '\\':
			if (p + 1 >= end) {
				add(e, '\\', dq ? F_QUOTED : 0);
				p++;
			} else if (p[1] == '\n') {
				p += 2;	/* line continuation (here-documents) */
			} else if (dq && !strchr(heredoc ? "$`\\" : "$`\"\\", p[1])) {
				add(e, '\\', F_QUOTED);	/* stays: "\a" is \a */
				p++;
			} else {
				add(e, p[1], F_QUOTED);
				p += 2;
			}
			break;
		case '\'':
			if (dq) {
				add(e, c, F_QUOTED);
				p++;
				break;
			}
			{
				const char *q = skip_squote(p, end);

				add_str(e, p + 1, (size_t)(q - p - 2 < 0 ? 0 : q - p - 2), F_QUOTED);
				e->quoted = true;
				p = q;
			}
			break;
		case '"':
			if (heredoc) {
				add(e, c, F_QUOTED);
				p++;
				break;
			}
			{
				/* Inside "..." this can only be a quote nested
				 * in ${x-"..."}: quotes again. */
				const char *q = skip_dquote(p, end, 0);
				size_t inner = (size_t)(q - p - 2);

				/* "$@" with no parameters makes no field at all */
				if (!((inner == 2 && !strncmp(p + 1, "$@", 2)) ||
				      (inner == 4 && !strncmp(p + 1, "${@}", 4))) ||
				    pos_count() > 0)
					e->quoted = true;
				expand_part(e, p + 1, q - 1, true);
				p = q;
			}
			break;
		case '$':
			p = expand_dollar(e, p, end, dq);
			break;
		case '`':
			p = expand_backquote(e, p, end, dq);
			break;
		case '~':
			if (!dq && (e->mode == M_FIELDS || e->mode == M_STRING ||
				    e->mode == M_ASSIGN || e->mode == M_PATTERN) &&
			    (p == start || (e->mode == M_ASSIGN && p[-1] == ':'))) {
				const char *q = expand_tilde(e, p, end);

				if (q != p) {
					p = q;
					break;
				}
			}
			add(e, c, dq ? F_QUOTED : 0);
			p++;
			break;
		default:
			add(e, c, dq ? F_QUOTED : 0);
			p++;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Field splitting, pathname expansion, and the public entry points     */

struct out {
	char **v;
	int n, cap;
};

static void out_add(struct out *o, char *s)
{
	if (o->n + 1 >= o->cap) {
		int ncap = o->cap ? o->cap * 2 : 16;
		char **nv = st_alloc((size_t)ncap * sizeof(*nv));

		if (o->n)
			memcpy(nv, o->v, (size_t)o->n * sizeof(*nv));
		o->v = nv;
		o->cap = ncap;
	}
	o->v[o->n++] = s;
	o->v[o->n] = NULL;
}

/*
 * An unquoted * or ?, or a [ closed by a later ]: only then can the
 * field match anything but itself, so only then is the directory read
 * (`[ $i -lt 9 ]` in a loop must not scan the directory each time).
 */
static bool has_glob(const char *chars, const char *flags, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (flags[i] & F_QUOTED)
			continue;
		if (chars[i] == '*' || chars[i] == '?')
			return true;
		if (chars[i] == '[' && i + 2 < len && memchr(chars + i + 2, ']', len - i - 2))
			return true;
	}
	return false;
}

static int compare_strings(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/* Pathname expansion of one field; without a match, the field itself. */
static void glob_field(struct out *o, const char *chars, const char *flags,
		       size_t len)
{
	struct strbuf pat;
	glob_t g;
	int r;

	if (shell.opt.noglob || !has_glob(chars, flags, len)) {
		out_add(o, st_strndup(chars, len));
		return;
	}
	sb_init(&pat);
	for (size_t i = 0; i < len; i++) {
		if ((flags[i] & F_QUOTED) && strchr("\\*?[]", chars[i]))
			sb_addc(&pat, '\\');
		sb_addc(&pat, chars[i]);
	}
	r = glob(sb_finish(&pat), GLOB_NOSORT, NULL, &g);
	if (r != 0 || g.gl_pathc == 0) {
		if (r == 0)
			globfree(&g);
		out_add(o, st_strndup(chars, len));
		return;
	}
	qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), compare_strings);
	for (size_t i = 0; i < g.gl_pathc; i++)
		out_add(o, st_strdup(g.gl_pathv[i]));
	globfree(&g);
}

static bool in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static bool is_ifs_space(char c, const char *set)
{
	return (c == ' ' || c == '\t' || c == '\n') && in_set(c, set);
}

/* Split one field on the IFS characters that came from expansions
 * (XCU 2.6.5), then glob each piece. */
static void split_field(struct out *o, const struct field *f)
{
	const char *set = ifs();
	size_t i = 0, start, len = f->len;
	const char *c = f->chars, *fl = f->flags;
	bool any_split = false;

	for (size_t k = 0; k < len; k++)
		if ((fl[k] & F_SPLIT) && in_set(c[k], set)) {
			any_split = true;
			break;
		}
	if (!any_split) {
		if (len > 0 || f->quoted)
			glob_field(o, c, fl, len);
		return;
	}
	while (i < len && (fl[i] & F_SPLIT) && is_ifs_space(c[i], set))
		i++;
	start = i;
	while (i < len) {
		if ((fl[i] & F_SPLIT) && in_set(c[i], set)) {
			glob_field(o, c + start, fl + start, i - start);
			while (i < len && (fl[i] & F_SPLIT) && is_ifs_space(c[i], set))
				i++;
			if (i < len && (fl[i] & F_SPLIT) && in_set(c[i], set) &&
			    !is_ifs_space(c[i], set)) {
				i++;
				while (i < len && (fl[i] & F_SPLIT) &&
				       is_ifs_space(c[i], set))
					i++;
			}
			start = i;
			continue;
		}
		i++;
	}
	if (start < len)
		glob_field(o, c + start, fl + start, len - start);
}

/* A word with nothing to expand: no quotes, $, `, ~ or pattern chars
 * ("[" and "]" alone, as in `[ ... ]`, are plain). */
static bool is_plain(const char *s)
{
	const char *b;

	if (strpbrk(s, "$'\"\\`~*?"))
		return false;
	b = strchr(s, '[');
	return !b || !b[1] || !strchr(b + 2, ']');
}

char **expand_fields(const struct word *w, int *argc)
{
	struct out o = { NULL, 0, 0 };

	out_add(&o, NULL);
	o.n = 0;
	for (; w; w = w->next) {
		struct exp e;

		if (is_plain(w->text)) {
			out_add(&o, w->text);
			continue;
		}
		exp_init(&e, M_FIELDS);
		expand_part(&e, w->text, w->text + strlen(w->text), false);
		field_break(&e);
		for (size_t i = 0; i < e.nfields; i++)
			split_field(&o, &e.fields[i]);
	}
	*argc = o.n;
	return o.v;
}

static char *expand_one(const char *raw, enum mode mode)
{
	struct exp e;

	if (is_plain(raw))
		return (char *)raw;
	exp_init(&e, mode);
	expand_part(&e, raw, raw + strlen(raw), false);
	if (mode == M_PATTERN)
		return expand_pattern_from(&e);
	return sb_finish(&e.chars);
}

char *expand_string(const char *raw)
{
	return expand_one(raw, M_STRING);
}

char *expand_assign_value(const char *raw)
{
	return expand_one(raw, M_ASSIGN);
}

char *expand_pattern(const char *raw)
{
	return expand_one(raw, M_PATTERN);
}

char *expand_heredoc(const char *body)
{
	struct exp e;

	if (!strpbrk(body, "$`\\"))
		return (char *)body;
	exp_init(&e, M_HEREDOC);
	expand_part(&e, body, body + strlen(body), true);
	return sb_finish(&e.chars);
}

char **expand_split_ifs(const char *s, const char *literal, int max,
			int *count)
{
	const char *set = ifs();
	struct out o = { NULL, 0, 0 };
	size_t len = strlen(s), i = 0;

#define DELIM(k) (!(literal && literal[k]) && in_set(s[k], set))
#define SPACE(k) (!(literal && literal[k]) && is_ifs_space(s[k], set))
	out_add(&o, NULL);
	o.n = 0;
	while (i < len && SPACE(i))
		i++;
	while (i < len) {
		size_t start = i;

		if (max > 0 && o.n == max - 1) {
			size_t end = len;

			while (end > i && SPACE(end - 1))
				end--;
			/* one final delimiter goes, unless another precedes it */
			if (end > i && DELIM(end - 1) &&
			    !(end - 1 > i && DELIM(end - 2)))
				end--;
			out_add(&o, st_strndup(s + i, end - i));
			break;
		}
		while (i < len && !DELIM(i))
			i++;
		out_add(&o, st_strndup(s + start, i - start));
		while (i < len && SPACE(i))
			i++;
		if (i < len && DELIM(i)) {
			i++;
			while (i < len && SPACE(i))
				i++;
		}
	}
#undef DELIM
#undef SPACE
	*count = o.n;
	return o.v;
}

