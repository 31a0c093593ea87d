/*
 * parse.c - recursive descent over the POSIX shell grammar (XCU 2.10).
 *
 * One function per grammar rule, in the order of the grammar: list,
 * and_or, pipeline, command, then the compound commands.  Reserved words
 * are recognised only where a command may start.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "lex.h"
#include "parse.h"
#include "vars.h"

/*
 * Nesting deeper than this is refused with a syntax error: the parser,
 * the evaluator and the expander all recurse once per level, and a
 * student's `((((...` must not crash the shell by overflowing the stack.
 */
enum { MAX_NESTING = 1024 };
static int nesting;

static struct node *parse_and_or(struct lexer *lx);
static struct node *parse_compound_list(struct lexer *lx);
static struct node *parse_command_node(struct lexer *lx);

static _Noreturn void syntax_error(struct lexer *lx, const struct token *t)
{
	if (t->type == T_EOF)
		sh_warn("line %d: syntax error: unexpected end of file",
			t->lineno);
	else
		sh_warn("line %d: syntax error near unexpected token '%s'",
			t->lineno, tok_name(t));
	(void)lx;
	sh_throw(2);
}

static struct node *new_node(enum node_kind kind, int lineno)
{
	struct node *n = st_alloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->lineno = lineno;
	return n;
}

static struct node *pair(enum node_kind kind, struct node *l, struct node *r)
{
	struct node *n = new_node(kind, l->lineno);

	n->pair.left = l;
	n->pair.right = r;
	return n;
}

static struct word *new_word(char *text)
{
	struct word *w = st_alloc(sizeof(*w));

	w->next = NULL;
	w->text = text;
	return w;
}

/* The next token is the unquoted word WORD. */
static bool at_word(struct lexer *lx, const char *word)
{
	struct token *t = lex_peek(lx);

	return t->type == T_WORD && strcmp(t->text, word) == 0;
}

/* Words that end a compound list where a command could start. */
static bool at_list_end(struct lexer *lx)
{
	static const char *const enders[] = {
		"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL,
	};
	struct token *t = lex_peek(lx);

	if (t->type == T_EOF || t->type == T_RPAREN || t->type == T_DSEMI)
		return true;
	if (t->type != T_WORD)
		return false;
	for (int i = 0; enders[i]; i++)
		if (strcmp(t->text, enders[i]) == 0)
			return true;
	return false;
}

static void skip_newlines(struct lexer *lx)
{
	while (lex_peek(lx)->type == T_NEWLINE)
		lex_next(lx);
}

static void expect_word(struct lexer *lx, const char *word)
{
	struct token t;

	if (at_word(lx, word)) {
		lex_next(lx);
		return;
	}
	t = lex_next(lx);
	syntax_error(lx, &t);
}

static void expect(struct lexer *lx, enum tok type)
{
	struct token t = lex_next(lx);

	if (t.type != type)
		syntax_error(lx, &t);
}

bool parse_is_assignment(const char *word)
{
	const char *eq = strchr(word, '=');

	return eq && var_valid_name(word, (size_t)(eq - word));
}

static bool is_redir_op(enum tok t)
{
	return t >= T_LESS && t <= T_DLESSDASH;
}

/* [n] op word, appended to *TAIL. */
static void parse_redir(struct lexer *lx, struct redir ***tail)
{
	static const enum redir_kind kinds[] = {
		[T_LESS] = R_IN, [T_GREAT] = R_OUT, [T_CLOBBER] = R_CLOBBER,
		[T_DGREAT] = R_APPEND, [T_LESSAND] = R_DUPIN,
		[T_GREATAND] = R_DUPOUT, [T_LESSGREAT] = R_RDWR,
		[T_DLESS] = R_HEREDOC, [T_DLESSDASH] = R_HEREDOC,
	};
	struct redir *r = st_alloc(sizeof(*r));
	struct token t = lex_next(lx);
	struct token target;
	int fd = -1;

	memset(r, 0, sizeof(*r));
	if (t.type == T_IO_NUMBER) {
		long n = strtol(t.text, NULL, 10);

		fd = n > 0xffff ? 0xffff : (int)n;	/* far past any limit */
		t = lex_next(lx);
	}
	if (!is_redir_op(t.type))
		syntax_error(lx, &t);
	r->kind = kinds[t.type];
	if (fd < 0)
		fd = (t.type == T_LESS || t.type == T_LESSAND ||
		      t.type == T_LESSGREAT || t.type == T_DLESS ||
		      t.type == T_DLESSDASH) ? 0 : 1;
	r->fd = fd;
	target = lex_next(lx);
	if (target.type != T_WORD)
		syntax_error(lx, &target);
	r->target = new_word(target.text);
	if (r->kind == R_HEREDOC)
		lex_heredoc(lx, r, t.type == T_DLESSDASH);
	**tail = r;
	*tail = &r->next;
}

static void parse_redirs(struct lexer *lx, struct node *n)
{
	struct redir **tail = &n->redirs;

	while (*tail)
		tail = &(*tail)->next;
	for (;;) {
		enum tok t = lex_peek(lx)->type;

		if (t != T_IO_NUMBER && !is_redir_op(t))
			return;
		parse_redir(lx, &tail);
	}
}

/* list: and_or ((';' | '&') and_or)* up to a newline, at top level. */
static struct node *parse_line_list(struct lexer *lx)
{
	struct node *list = NULL;

	for (;;) {
		struct node *n = parse_and_or(lx);
		enum tok t = lex_peek(lx)->type;

		if (t == T_AMP) {
			struct node *bg = new_node(N_BG, n->lineno);

			bg->body = n;
			n = bg;
		}
		list = list ? pair(N_SEQ, list, n) : n;
		if (t != T_SEMI && t != T_AMP)
			return list;
		lex_next(lx);
		t = lex_peek(lx)->type;
		if (t == T_NEWLINE || t == T_EOF)
			return list;
	}
}

struct node *parse_command(struct lexer *lx, bool *empty)
{
	struct token *t;
	struct node *n;

	*empty = false;
	nesting = 0;	/* an error may have left it anywhere */
	t = lex_peek(lx);
	if (t->type == T_EOF)
		return NULL;
	if (t->type == T_NEWLINE) {
		lex_next(lx);
		*empty = true;
		return NULL;
	}
	n = parse_line_list(lx);
	t = lex_peek(lx);
	if (t->type == T_NEWLINE)
		lex_next(lx);
	else if (t->type != T_EOF) {
		struct token bad = lex_next(lx);

		syntax_error(lx, &bad);
	}
	return n;
}

/*
 * compound_list: newlines, then and_or lists separated by ';', '&' or
 * newlines, up to a word that closes the construct.  Never empty.
 */
static struct node *parse_compound_list(struct lexer *lx)
{
	struct node *list = NULL;

	skip_newlines(lx);
	for (;;) {
		struct node *n;
		enum tok t;

		if (at_list_end(lx))
			break;
		n = parse_and_or(lx);
		t = lex_peek(lx)->type;
		if (t == T_AMP) {
			struct node *bg = new_node(N_BG, n->lineno);

			bg->body = n;
			n = bg;
		}
		list = list ? pair(N_SEQ, list, n) : n;
		if (t == T_SEMI || t == T_AMP)
			lex_next(lx);
		else if (t != T_NEWLINE)
			break;
		skip_newlines(lx);
	}
	if (!list) {
		struct token bad = lex_next(lx);

		syntax_error(lx, &bad);
	}
	return list;
}

static struct node *parse_pipeline(struct lexer *lx)
{
	bool bang = false;
	struct node *first, *n;
	struct node *cmds[64];
	struct node **many = cmds;
	int count = 0, cap = 64;

	if (at_word(lx, "!")) {
		lex_next(lx);
		bang = true;
		if (at_word(lx, "!")) {
			struct token bad = lex_next(lx);

			syntax_error(lx, &bad);
		}
	}
	first = parse_command_node(lx);
	n = first;
	if (lex_peek(lx)->type == T_PIPE) {
		many[count++] = first;
		while (lex_peek(lx)->type == T_PIPE) {
			lex_next(lx);
			skip_newlines(lx);
			if (count == cap) {
				struct node **bigger = st_alloc(2 * (size_t)cap * sizeof(*bigger));

				memcpy(bigger, many, (size_t)cap * sizeof(*bigger));
				many = bigger;
				cap *= 2;
			}
			many[count++] = parse_command_node(lx);
		}
		n = new_node(N_PIPE, first->lineno);
		n->pipe.n = count;
		n->pipe.cmds = st_alloc((size_t)count * sizeof(*n->pipe.cmds));
		memcpy(n->pipe.cmds, many, (size_t)count * sizeof(*many));
	}
	if (bang) {
		struct node *not = new_node(N_NOT, n->lineno);

		not->body = n;
		n = not;
	}
	return n;
}

static struct node *parse_and_or(struct lexer *lx)
{
	struct node *n = parse_pipeline(lx);

	for (;;) {
		enum tok t = lex_peek(lx)->type;

		if (t != T_AND_IF && t != T_OR_IF)
			return n;
		lex_next(lx);
		skip_newlines(lx);
		n = pair(t == T_AND_IF ? N_AND : N_OR, n, parse_pipeline(lx));
	}
}

static struct node *parse_if(struct lexer *lx, int lineno)
{
	struct node *n = new_node(N_IF, lineno);

	n->ifs.cond = parse_compound_list(lx);
	expect_word(lx, "then");
	n->ifs.then = parse_compound_list(lx);
	if (at_word(lx, "elif")) {
		int l = lex_peek(lx)->lineno;

		lex_next(lx);
		n->ifs.els = parse_if(lx, l);
		return n;	/* the inner if consumed the "fi" */
	}
	if (at_word(lx, "else")) {
		lex_next(lx);
		n->ifs.els = parse_compound_list(lx);
	}
	expect_word(lx, "fi");
	return n;
}

static struct node *parse_loop(struct lexer *lx, enum node_kind kind, int lineno)
{
	struct node *n = new_node(kind, lineno);

	n->loop.cond = parse_compound_list(lx);
	expect_word(lx, "do");
	n->loop.body = parse_compound_list(lx);
	expect_word(lx, "done");
	return n;
}

static struct node *parse_for(struct lexer *lx, int lineno)
{
	struct node *n = new_node(N_FOR, lineno);
	struct token t = lex_next(lx);
	struct word **tail = &n->fors.words;

	if (t.type != T_WORD || !var_valid_name(t.text, strlen(t.text)))
		syntax_error(lx, &t);
	n->fors.var = t.text;
	skip_newlines(lx);
	if (at_word(lx, "in")) {
		lex_next(lx);
		n->fors.has_in = true;
		while (lex_peek(lx)->type == T_WORD) {
			*tail = new_word(lex_next(lx).text);
			tail = &(*tail)->next;
		}
		t = lex_next(lx);
		if (t.type != T_SEMI && t.type != T_NEWLINE)
			syntax_error(lx, &t);
	} else if (lex_peek(lx)->type == T_SEMI) {
		lex_next(lx);
	}
	skip_newlines(lx);
	expect_word(lx, "do");
	n->fors.body = parse_compound_list(lx);
	expect_word(lx, "done");
	return n;
}

static struct node *parse_case(struct lexer *lx, int lineno)
{
	struct node *n = new_node(N_CASE, lineno);
	struct case_item **tail = &n->cases.items;
	struct token t = lex_next(lx);

	if (t.type != T_WORD)
		syntax_error(lx, &t);
	n->cases.subject = new_word(t.text);
	skip_newlines(lx);
	expect_word(lx, "in");
	skip_newlines(lx);
	while (!at_word(lx, "esac")) {
		struct case_item *item = st_alloc(sizeof(*item));
		struct word **ptail = &item->patterns;

		memset(item, 0, sizeof(*item));
		if (lex_peek(lx)->type == T_LPAREN)
			lex_next(lx);
		for (;;) {
			t = lex_next(lx);
			if (t.type != T_WORD)
				syntax_error(lx, &t);
			*ptail = new_word(t.text);
			ptail = &(*ptail)->next;
			if (lex_peek(lx)->type != T_PIPE)
				break;
			lex_next(lx);
		}
		expect(lx, T_RPAREN);
		skip_newlines(lx);
		if (lex_peek(lx)->type != T_DSEMI && !at_word(lx, "esac"))
			item->body = parse_compound_list(lx);
		*tail = item;
		tail = &item->next;
		if (lex_peek(lx)->type == T_DSEMI) {
			lex_next(lx);
			skip_newlines(lx);
		} else if (!at_word(lx, "esac")) {
			t = lex_next(lx);
			syntax_error(lx, &t);
		}
	}
	lex_next(lx);	/* esac */
	return n;
}

/* name ( ) linebreak compound_command [redirections] */
static struct node *parse_funcdef(struct lexer *lx, char *name, int lineno)
{
	struct node *n = new_node(N_FUNCDEF, lineno);
	struct node *body;
	struct token *t;

	expect(lx, T_LPAREN);
	expect(lx, T_RPAREN);
	skip_newlines(lx);
	t = lex_peek(lx);
	if (!(t->type == T_LPAREN ||
	      (t->type == T_WORD &&
	       (!strcmp(t->text, "{") || !strcmp(t->text, "if") ||
		!strcmp(t->text, "while") || !strcmp(t->text, "until") ||
		!strcmp(t->text, "for") || !strcmp(t->text, "case"))))) {
		struct token bad = lex_next(lx);

		syntax_error(lx, &bad);
	}
	body = parse_command_node(lx);
	n->func.name = name;
	n->func.body = body;
	return n;
}

static struct node *parse_simple(struct lexer *lx)
{
	struct node *n = new_node(N_SIMPLE, lex_peek(lx)->lineno);
	struct word **atail = &n->simple.assigns;
	struct word **wtail = &n->simple.args;
	struct redir **rtail = &n->redirs;
	bool any = false;

	for (;;) {
		struct token *t = lex_peek(lx);

		if (t->type == T_IO_NUMBER || is_redir_op(t->type)) {
			parse_redir(lx, &rtail);
		} else if (t->type == T_WORD) {
			struct token w = lex_next(lx);

			if (!n->simple.args && parse_is_assignment(w.text)) {
				*atail = new_word(w.text);
				atail = &(*atail)->next;
			} else {
				if (!n->simple.args && !n->simple.assigns &&
				    !n->redirs &&
				    lex_peek(lx)->type == T_LPAREN &&
				    var_valid_name(w.text, strlen(w.text)))
					return parse_funcdef(lx, w.text, n->lineno);
				*wtail = new_word(w.text);
				wtail = &(*wtail)->next;
			}
		} else {
			break;
		}
		any = true;
	}
	if (!any) {
		struct token bad = lex_next(lx);

		syntax_error(lx, &bad);
	}
	return n;
}

static struct node *parse_compound_node(struct lexer *lx);

static void nest(struct lexer *lx)
{
	if (nesting >= MAX_NESTING) {
		sh_warn("line %d: syntax error: commands nested more than %d deep",
			lex_lineno(lx), MAX_NESTING);
		nesting = 0;
		sh_throw(2);
	}
	nesting++;
}

static struct node *parse_command_node(struct lexer *lx)
{
	struct node *n;

	nest(lx);
	n = parse_compound_node(lx);
	nesting--;
	return n;
}

static struct node *parse_compound_node(struct lexer *lx)
{
	struct token *t = lex_peek(lx);
	int lineno = t->lineno;
	struct node *n;

	if (t->type == T_LPAREN) {
		lex_next(lx);
		n = new_node(N_SUBSHELL, lineno);
		n->body = parse_compound_list(lx);
		expect(lx, T_RPAREN);
	} else if (t->type != T_WORD) {
		return parse_simple(lx);
	} else if (!strcmp(t->text, "{")) {
		lex_next(lx);
		n = new_node(N_GROUP, lineno);
		n->body = parse_compound_list(lx);
		expect_word(lx, "}");
	} else if (!strcmp(t->text, "if")) {
		lex_next(lx);
		n = parse_if(lx, lineno);
	} else if (!strcmp(t->text, "while")) {
		lex_next(lx);
		n = parse_loop(lx, N_WHILE, lineno);
	} else if (!strcmp(t->text, "until")) {
		lex_next(lx);
		n = parse_loop(lx, N_UNTIL, lineno);
	} else if (!strcmp(t->text, "for")) {
		lex_next(lx);
		n = parse_for(lx, lineno);
	} else if (!strcmp(t->text, "case")) {
		lex_next(lx);
		n = parse_case(lx, lineno);
	} else if (at_list_end(lx)) {
		struct token bad = lex_next(lx);

		syntax_error(lx, &bad);
	} else {
		return parse_simple(lx);
	}
	parse_redirs(lx, n);
	return n;
}

void parse_skip_subst(struct lexer *lx)
{
	nest(lx);	/* $( $( $( ... nests without a command between */
	skip_newlines(lx);
	if (lex_peek(lx)->type != T_RPAREN)
		parse_compound_list(lx);
	expect(lx, T_RPAREN);
	nesting--;
}

size_t parse_subst_length(const char *s, size_t n)
{
	char *copy = xstrndup(s, n);
	struct input *in;
	struct lexer *lx;
	struct handler h;
	size_t off;

	in = input_from_string(copy);
	free(copy);
	lx = lex_new(in, NULL);
	handler_push(&h);
	if (sigsetjmp(h.env, 0)) {
		lex_free(lx);
		input_free(in);
		sh_throw(handler_status());
	}
	parse_skip_subst(lx);
	handler_pop(&h);
	off = lex_offset(lx);
	lex_free(lx);
	input_free(in);
	return off;
}
