/*
 * lex.c - shell text to tokens (POSIX XCU 2.3, "Token Recognition").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "input.h"
#include "lex.h"
#include "parse.h"
#include "shell.h"
#include "vars.h"

struct pending {
	struct redir *r;
	bool strip_tabs;
	int lineno;		/* of the << that asked for it */
	struct pending *next;
};

struct lexer {
	struct input *in;
	const char *(*prompt1)(void);
	char *buf;		/* text read so far (malloc'd) */
	size_t len, cap, pos;
	bool first_line;	/* the next line read starts a command */
	bool eof;
	int lineno;		/* line of buf[pos] */
	struct token peeked;
	bool have_peek;
	struct pending *heredocs;	/* bodies to read after the newline */
	int depth;		/* ${ and $(( being scanned, one inside another */
};

/* ${...} and $((...)) nested deeper than this are a syntax error: the
 * scanner recurses once per level, and so does the expander later. */
enum { LEX_MAX_NESTING = 1024 };

struct lexer *lex_new(struct input *in, const char *(*prompt1)(void))
{
	struct lexer *lx = calloc(1, sizeof(*lx));

	if (!lx) {
		sh_warn_errno("lexer");
		shell_exit(2);
	}
	lx->in = in;
	lx->prompt1 = prompt1;
	lx->first_line = true;
	lx->lineno = 1;
	return lx;
}

void lex_free(struct lexer *lx)
{
	if (!lx)
		return;
	free(lx->buf);
	free(lx);
}

void lex_start_command(struct lexer *lx)
{
	if (lx->pos > 0)
		memmove(lx->buf, lx->buf + lx->pos, lx->len - lx->pos);
	lx->len -= lx->pos;
	lx->pos = 0;
	lx->first_line = true;
	lx->heredocs = NULL;
	lx->depth = 0;	/* an error may have left it anywhere */
}

void lex_discard(struct lexer *lx)
{
	/* Skip to the end of the current line: the rest of a bad line is
	 * not run, but the next line is read afresh. */
	while (lx->pos < lx->len && lx->buf[lx->pos] != '\n')
		lx->pos++;
	if (lx->pos < lx->len)
		lx->pos++, lx->lineno++;
	lx->have_peek = false;
	lx->heredocs = NULL;
	lex_start_command(lx);
}

size_t lex_offset(const struct lexer *lx)
{
	return lx->pos;
}

int lex_lineno(const struct lexer *lx)
{
	return lx->lineno;
}

/* Append the next input line to the buffer; false at end of input. */
static bool more(struct lexer *lx)
{
	const char *prompt = NULL;
	bool interrupted;
	size_t n, keep;
	char *line;

	if (lx->eof)
		return false;
	if (lx->prompt1)
		prompt = lx->first_line ? lx->prompt1() : var_get("PS2");
	line = input_read(lx->in, prompt, &n, &interrupted);
	lx->first_line = false;
	if (interrupted) {
		/* Ctrl-C in the middle of a command abandons all of it. */
		lx->len = lx->pos = 0;
		lx->have_peek = false;
		lx->first_line = true;
		sh_throw(130);
	}
	if (!line) {
		lx->eof = true;
		return false;
	}
	if (shell.opt.verbose) {	/* set -v: echo input as it is read */
		write_all(STDERR_FILENO, line, n);
		write_all(STDERR_FILENO, "\n", 1);
	}
	if (lx->cap - lx->len < n + 2) {
		size_t ncap = lx->cap ? lx->cap : 256;
		char *nb;

		while (ncap - lx->len < n + 2)
			ncap *= 2;
		nb = realloc(lx->buf, ncap);
		if (!nb) {
			sh_warn_errno("input line");
			shell_exit(2);
		}
		lx->buf = nb;
		lx->cap = ncap;
	}
	/* NUL bytes cannot be part of a C string: drop them, as bash does. */
	keep = 0;
	for (size_t i = 0; i < n; i++)
		if (line[i] != '\0')
			lx->buf[lx->len + keep++] = line[i];
	if (keep != n)
		sh_warn("line %d: NUL byte ignored", lx->lineno);
	lx->len += keep;
	lx->buf[lx->len++] = '\n';
	return true;
}

/* The character OFF places ahead, reading more input if needed; EOF at the end. */
static int peekc(struct lexer *lx, size_t off)
{
	while (lx->pos + off >= lx->len)
		if (!more(lx))
			return EOF;
	return (unsigned char)lx->buf[lx->pos + off];
}

static void adv(struct lexer *lx, size_t n)
{
	for (size_t i = 0; i < n && lx->pos < lx->len; i++)
		if (lx->buf[lx->pos++] == '\n')
			lx->lineno++;
}

/* Remove the backslash-newline at pos (XCU 2.2.1: it is not a token). */
static void drop_continuation(struct lexer *lx)
{
	memmove(lx->buf + lx->pos, lx->buf + lx->pos + 2, lx->len - lx->pos - 2);
	lx->len -= 2;
	lx->lineno++;
}

static _Noreturn void lex_error(struct lexer *lx, const char *what)
{
	sh_warn("line %d: syntax error: %s", lx->lineno, what);
	sh_throw(2);
}

static void scan_dollar(struct lexer *lx, bool in_dq);
static void scan_dquote(struct lexer *lx);

static void scan_backquote(struct lexer *lx)
{
	adv(lx, 1);
	for (;;) {
		int c = peekc(lx, 0);

		if (c == EOF)
			lex_error(lx, "unterminated `...` command substitution");
		if (c == '`') {
			adv(lx, 1);
			return;
		}
		adv(lx, c == '\\' && peekc(lx, 1) != EOF ? 2 : 1);
	}
}

static void scan_squote(struct lexer *lx)
{
	adv(lx, 1);
	for (;;) {
		int c = peekc(lx, 0);

		if (c == EOF)
			lex_error(lx, "unterminated quoted string");
		adv(lx, 1);
		if (c == '\'')
			return;
	}
}

/*
 * What every scan of a nested construct shares: a backslash (a
 * backslash-newline disappears), $, `, and quotes.  IN_DQ: inside "...",
 * where a single quote is an ordinary character.  Returns false, having
 * consumed nothing, for any other character.
 */
static bool scan_common(struct lexer *lx, int c, bool in_dq)
{
	switch (c) {
	case '\\':
		if (peekc(lx, 1) == '\n')
			drop_continuation(lx);
		else
			adv(lx, peekc(lx, 1) == EOF ? 1 : 2);
		return true;
	case '$':
		scan_dollar(lx, in_dq);
		return true;
	case '`':
		scan_backquote(lx);
		return true;
	case '"':
		scan_dquote(lx);
		return true;
	case '\'':
		if (in_dq)
			adv(lx, 1);	/* literal inside "...", "${x-'a'}" */
		else
			scan_squote(lx);
		return true;
	}
	return false;
}

static void scan_dquote(struct lexer *lx)
{
	adv(lx, 1);
	for (;;) {
		int c = peekc(lx, 0);

		if (c == EOF)
			lex_error(lx, "unterminated quoted string");
		if (c == '"') {
			adv(lx, 1);
			return;
		}
		if (!scan_common(lx, c, true))
			adv(lx, 1);
	}
}

/* $(( ... )): to the "))" that closes it, counting parentheses. */
static void scan_arith(struct lexer *lx)
{
	int depth = 0;

	adv(lx, 3);
	for (;;) {
		int c = peekc(lx, 0);

		if (c == EOF)
			lex_error(lx, "unterminated $((...))");
		if (c == ')' && depth == 0) {
			if (peekc(lx, 1) != ')')
				lex_error(lx, "unbalanced parentheses in $((...))");
			adv(lx, 2);
			return;
		}
		if (c == '(' || c == ')') {
			depth += c == '(' ? 1 : -1;
			adv(lx, 1);
		} else if (!scan_common(lx, c, false)) {
			adv(lx, 1);
		}
	}
}

/* ${ ... }: to the matching brace. */
static void scan_brace(struct lexer *lx, bool in_dq)
{
	adv(lx, 2);
	for (;;) {
		int c = peekc(lx, 0);

		if (c == EOF)
			lex_error(lx, "unterminated ${...}");
		if (c == '}') {
			adv(lx, 1);
			return;
		}
		if (!scan_common(lx, c, in_dq))
			adv(lx, 1);
	}
}

static void scan_dollar(struct lexer *lx, bool in_dq)
{
	int c = peekc(lx, 1);

	if ((c == '(' && peekc(lx, 2) == '(') || c == '{') {
		if (lx->depth >= LEX_MAX_NESTING)
			lex_error(lx, "${...} or $((...)) nested too deeply");
		lx->depth++;
		if (c == '{')
			scan_brace(lx, in_dq);
		else
			scan_arith(lx);
		lx->depth--;
	} else if (c == '(') {
		/* Parse the command inside to find its ')': a case pattern's
		 * ')' or a quoted one would fool a parenthesis counter. */
		adv(lx, 2);
		parse_skip_subst(lx);
	} else {
		adv(lx, 1);
	}
}

static bool is_meta(int c)
{
	return c == EOF || c == ' ' || c == '\t' || c == '\n' || c == ';' ||
	       c == '&' || c == '|' || c == '(' || c == ')' || c == '<' ||
	       c == '>';
}

static void scan_word(struct lexer *lx)
{
	for (;;) {
		int c = peekc(lx, 0);

		if (is_meta(c))
			return;
		if (!scan_common(lx, c, false))
			adv(lx, 1);
	}
}

/* Strip the quotes from a here-document delimiter; true if it had any. */
static bool unquote_delimiter(const char *raw, char *out)
{
	bool quoted = false;
	char q = 0;

	for (; *raw; raw++) {
		if (q) {
			if (*raw == q)
				q = 0;
			else
				*out++ = *raw;
		} else if (*raw == '\'' || *raw == '"') {
			q = *raw;
			quoted = true;
		} else if (*raw == '\\' && raw[1]) {
			*out++ = *++raw;
			quoted = true;
		} else {
			*out++ = *raw;
		}
	}
	*out = '\0';
	return quoted;
}

/* Read the body of one here-document, line by line, up to its delimiter. */
static void read_heredoc(struct lexer *lx, struct pending *p)
{
	const char *raw = p->r->target->text;
	char *delim = st_alloc(strlen(raw) + 1);
	size_t dlen;
	struct strbuf body;

	p->r->expand = !unquote_delimiter(raw, delim);
	dlen = strlen(delim);
	sb_init(&body);
	for (;;) {
		size_t start, end;

		if (peekc(lx, 0) == EOF) {
			sh_warn("line %d: here-document delimited by end of file "
				"(wanted '%s')", p->lineno, delim);
			break;
		}
		/* Make sure the whole line is in the buffer. */
		for (end = 0; peekc(lx, end) != '\n' && peekc(lx, end) != EOF; end++)
			;
		start = lx->pos;
		if (p->strip_tabs)
			while (start < lx->pos + end && lx->buf[start] == '\t')
				start++;
		if ((size_t)(lx->pos + end - start) == dlen &&
		    memcmp(lx->buf + start, delim, dlen) == 0) {
			adv(lx, end + 1);
			break;
		}
		sb_addn(&body, lx->buf + start, lx->pos + end - start);
		sb_addc(&body, '\n');
		adv(lx, end + 1);
	}
	p->r->body = sb_finish(&body);
}

void lex_heredoc(struct lexer *lx, struct redir *r, bool strip_tabs)
{
	struct pending *p = st_alloc(sizeof(*p));
	struct pending **tail = &lx->heredocs;

	p->r = r;
	p->strip_tabs = strip_tabs;
	p->lineno = lx->lineno;
	p->next = NULL;
	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
}

static struct token scan_token(struct lexer *lx)
{
	struct token t = { T_EOF, NULL, 0 };
	size_t start;
	int c;

	for (;;) {
		c = peekc(lx, 0);
		if (c == ' ' || c == '\t') {
			adv(lx, 1);
		} else if (c == '\\' && peekc(lx, 1) == '\n') {
			drop_continuation(lx);
		} else if (c == '#') {
			while ((c = peekc(lx, 0)) != '\n' && c != EOF)
				adv(lx, 1);
		} else {
			break;
		}
	}
	t.lineno = lx->lineno;
	switch (c) {
	case EOF:
		t.type = T_EOF;
		return t;
	case '\n':
		adv(lx, 1);
		t.type = T_NEWLINE;
		while (lx->heredocs) {
			struct pending *p = lx->heredocs;

			lx->heredocs = p->next;
			read_heredoc(lx, p);
		}
		return t;
	case '&':
		t.type = peekc(lx, 1) == '&' ? T_AND_IF : T_AMP;
		break;
	case '|':
		t.type = peekc(lx, 1) == '|' ? T_OR_IF : T_PIPE;
		break;
	case ';':
		t.type = peekc(lx, 1) == ';' ? T_DSEMI : T_SEMI;
		break;
	case '(':
		t.type = T_LPAREN;
		break;
	case ')':
		t.type = T_RPAREN;
		break;
	case '<':
		c = peekc(lx, 1);
		if (c == '<')
			t.type = peekc(lx, 2) == '-' ? T_DLESSDASH : T_DLESS;
		else if (c == '&')
			t.type = T_LESSAND;
		else if (c == '>')
			t.type = T_LESSGREAT;
		else
			t.type = T_LESS;
		break;
	case '>':
		c = peekc(lx, 1);
		if (c == '>')
			t.type = T_DGREAT;
		else if (c == '&')
			t.type = T_GREATAND;
		else if (c == '|')
			t.type = T_CLOBBER;
		else
			t.type = T_GREAT;
		break;
	default:
		start = lx->pos;
		if (c >= '0' && c <= '9') {
			size_t n = 0;

			while ((c = peekc(lx, n)) >= '0' && c <= '9')
				n++;
			if (c == '<' || c == '>') {
				t.type = T_IO_NUMBER;
				t.text = st_strndup(lx->buf + start, n);
				adv(lx, n);
				return t;
			}
		}
		scan_word(lx);
		t.type = T_WORD;
		t.text = st_strndup(lx->buf + start, lx->pos - start);
		return t;
	}
	/* An operator: its length follows from its type. */
	switch (t.type) {
	case T_AND_IF: case T_OR_IF: case T_DSEMI: case T_DLESS:
	case T_LESSAND: case T_LESSGREAT: case T_DGREAT: case T_GREATAND:
	case T_CLOBBER:
		adv(lx, 2);
		break;
	case T_DLESSDASH:
		adv(lx, 3);
		break;
	default:
		adv(lx, 1);
	}
	return t;
}

bool lex_at_eof(struct lexer *lx)
{
	size_t off = 0;
	int c;

	if (lx->have_peek)
		return lx->peeked.type == T_EOF;
	for (;;) {
		c = peekc(lx, off);
		if (c == ' ' || c == '\t' || c == '\n') {
			off++;
		} else if (c == '#') {
			while ((c = peekc(lx, off)) != '\n' && c != EOF)
				off++;
		} else {
			return c == EOF;
		}
	}
}

struct token *lex_peek(struct lexer *lx)
{
	if (!lx->have_peek) {
		lx->peeked = scan_token(lx);
		lx->have_peek = true;
	}
	return &lx->peeked;
}

struct token lex_next(struct lexer *lx)
{
	if (lx->have_peek) {
		lx->have_peek = false;
		return lx->peeked;
	}
	return scan_token(lx);
}

char *lex_command_text(struct lexer *lx)
{
	size_t end = lx->pos;

	while (end > 0 && lx->buf[end - 1] == '\n')
		end--;
	return st_strndup(lx->buf, end);
}

const char *tok_name(const struct token *t)
{
	static const char *const names[] = {
		[T_EOF] = "end of file", [T_NEWLINE] = "newline",
		[T_AND_IF] = "&&", [T_OR_IF] = "||", [T_DSEMI] = ";;",
		[T_SEMI] = ";", [T_AMP] = "&", [T_PIPE] = "|",
		[T_LPAREN] = "(", [T_RPAREN] = ")", [T_LESS] = "<",
		[T_GREAT] = ">", [T_CLOBBER] = ">|", [T_DGREAT] = ">>",
		[T_LESSAND] = "<&", [T_GREATAND] = ">&", [T_LESSGREAT] = "<>",
		[T_DLESS] = "<<", [T_DLESSDASH] = "<<-",
	};

	if (t->type == T_WORD || t->type == T_IO_NUMBER)
		return t->text;
	return names[t->type];
}
