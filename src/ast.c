/*
 * ast.c - copying a parse tree to the heap, for function bodies.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "shell.h"

/* A copy of S, or NULL for NULL. */
static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct word *copy_words(const struct word *w)
{
	struct word *head = NULL, **tail = &head;

	for (; w; w = w->next) {
		*tail = xcalloc(1, sizeof(**tail));
		(*tail)->text = dup_or_null(w->text);
		tail = &(*tail)->next;
	}
	return head;
}

static struct redir *copy_redirs(const struct redir *r)
{
	struct redir *head = NULL, **tail = &head;

	for (; r; r = r->next) {
		*tail = xcalloc(1, sizeof(**tail));
		**tail = *r;
		(*tail)->next = NULL;
		(*tail)->target = copy_words(r->target);
		(*tail)->body = dup_or_null(r->body);
		tail = &(*tail)->next;
	}
	return head;
}

struct node *node_copy(const struct node *n)
{
	struct node *c;

	if (!n)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->kind = n->kind;
	c->lineno = n->lineno;
	c->redirs = copy_redirs(n->redirs);
	switch (n->kind) {
	case N_SIMPLE:
		c->simple.assigns = copy_words(n->simple.assigns);
		c->simple.args = copy_words(n->simple.args);
		break;
	case N_PIPE:
		c->pipe.n = n->pipe.n;
		c->pipe.cmds = xcalloc((size_t)n->pipe.n, sizeof(*c->pipe.cmds));
		for (int i = 0; i < n->pipe.n; i++)
			c->pipe.cmds[i] = node_copy(n->pipe.cmds[i]);
		break;
	case N_AND:
	case N_OR:
	case N_SEQ:
		c->pair.left = node_copy(n->pair.left);
		c->pair.right = node_copy(n->pair.right);
		break;
	case N_NOT:
	case N_BG:
	case N_SUBSHELL:
	case N_GROUP:
		c->body = node_copy(n->body);
		break;
	case N_IF:
		c->ifs.cond = node_copy(n->ifs.cond);
		c->ifs.then = node_copy(n->ifs.then);
		c->ifs.els = node_copy(n->ifs.els);
		break;
	case N_WHILE:
	case N_UNTIL:
		c->loop.cond = node_copy(n->loop.cond);
		c->loop.body = node_copy(n->loop.body);
		break;
	case N_FOR:
		c->fors.var = dup_or_null(n->fors.var);
		c->fors.words = copy_words(n->fors.words);
		c->fors.has_in = n->fors.has_in;
		c->fors.body = node_copy(n->fors.body);
		break;
	case N_CASE: {
		struct case_item **tail = &c->cases.items;

		c->cases.subject = copy_words(n->cases.subject);
		for (const struct case_item *i = n->cases.items; i; i = i->next) {
			*tail = xcalloc(1, sizeof(**tail));
			(*tail)->patterns = copy_words(i->patterns);
			(*tail)->body = node_copy(i->body);
			tail = &(*tail)->next;
		}
		break;
	}
	case N_FUNCDEF:
		c->func.name = dup_or_null(n->func.name);
		c->func.body = node_copy(n->func.body);
		break;
	}
	return c;
}

static void free_words(struct word *w)
{
	while (w) {
		struct word *next = w->next;

		free(w->text);
		free(w);
		w = next;
	}
}

static void free_redirs(struct redir *r)
{
	while (r) {
		struct redir *next = r->next;

		free_words(r->target);
		free(r->body);
		free(r);
		r = next;
	}
}

void node_free(struct node *n)
{
	if (!n)
		return;
	free_redirs(n->redirs);
	switch (n->kind) {
	case N_SIMPLE:
		free_words(n->simple.assigns);
		free_words(n->simple.args);
		break;
	case N_PIPE:
		for (int i = 0; i < n->pipe.n; i++)
			node_free(n->pipe.cmds[i]);
		free(n->pipe.cmds);
		break;
	case N_AND:
	case N_OR:
	case N_SEQ:
		node_free(n->pair.left);
		node_free(n->pair.right);
		break;
	case N_NOT:
	case N_BG:
	case N_SUBSHELL:
	case N_GROUP:
		node_free(n->body);
		break;
	case N_IF:
		node_free(n->ifs.cond);
		node_free(n->ifs.then);
		node_free(n->ifs.els);
		break;
	case N_WHILE:
	case N_UNTIL:
		node_free(n->loop.cond);
		node_free(n->loop.body);
		break;
	case N_FOR:
		free(n->fors.var);
		free_words(n->fors.words);
		node_free(n->fors.body);
		break;
	case N_CASE:
		free_words(n->cases.subject);
		while (n->cases.items) {
			struct case_item *i = n->cases.items;

			n->cases.items = i->next;
			free_words(i->patterns);
			node_free(i->body);
			free(i);
		}
		break;
	case N_FUNCDEF:
		free(n->func.name);
		node_free(n->func.body);
		break;
	}
	free(n);
}

/* ------------------------------------------------------------------ */
/* The text of a tree, for the job table ("sleep 10 | cat")            */

static void text_node(struct strbuf *b, const struct node *n);

static void text_words(struct strbuf *b, const struct word *w)
{
	for (; w; w = w->next) {
		if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '(')
			sb_addc(b, ' ');
		sb_adds(b, w->text);
	}
}

static void text_redirs(struct strbuf *b, const struct redir *r)
{
	static const char *const ops[] = {
		[R_IN] = "<", [R_OUT] = ">", [R_CLOBBER] = ">|",
		[R_APPEND] = ">>", [R_DUPIN] = "<&", [R_DUPOUT] = ">&",
		[R_RDWR] = "<>", [R_HEREDOC] = "<<",
	};

	for (; r; r = r->next) {
		int dflt = (r->kind == R_IN || r->kind == R_DUPIN ||
			    r->kind == R_RDWR || r->kind == R_HEREDOC) ? 0 : 1;
		char fd[16] = "";

		if (r->fd != dflt)
			snprintf(fd, sizeof(fd), "%d", r->fd);
		if (b->len)
			sb_addc(b, ' ');
		sb_adds(b, fd);
		sb_adds(b, ops[r->kind]);
		sb_adds(b, r->target->text);
	}
}

static void text_list(struct strbuf *b, const char *open, const struct node *n,
		      const char *close)
{
	if (b->len && b->s[b->len - 1] != ' ')
		sb_addc(b, ' ');
	sb_adds(b, open);
	sb_addc(b, ' ');
	text_node(b, n);
	sb_adds(b, close);
}

static void text_node(struct strbuf *b, const struct node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_SIMPLE:
		text_words(b, n->simple.assigns);
		text_words(b, n->simple.args);
		break;
	case N_PIPE:
		for (int i = 0; i < n->pipe.n; i++) {
			if (i)
				sb_adds(b, " | ");
			text_node(b, n->pipe.cmds[i]);
		}
		break;
	case N_AND:
	case N_OR:
		text_node(b, n->pair.left);
		sb_adds(b, n->kind == N_AND ? " && " : " || ");
		text_node(b, n->pair.right);
		break;
	case N_SEQ:
		text_node(b, n->pair.left);
		sb_adds(b, "; ");
		text_node(b, n->pair.right);
		break;
	case N_NOT:
		sb_adds(b, "! ");
		text_node(b, n->body);
		break;
	case N_BG:
		text_node(b, n->body);
		sb_adds(b, " &");
		break;
	case N_SUBSHELL:
		sb_addc(b, '(');
		text_node(b, n->body);
		sb_addc(b, ')');
		break;
	case N_GROUP:
		text_list(b, "{", n->body, "; }");
		break;
	case N_IF:
		text_list(b, "if", n->ifs.cond, "; then ...; fi");
		break;
	case N_WHILE:
	case N_UNTIL:
		text_list(b, n->kind == N_WHILE ? "while" : "until",
			  n->loop.cond, "; do ...; done");
		break;
	case N_FOR:
		sb_adds(b, "for ");
		sb_adds(b, n->fors.var);
		if (n->fors.has_in) {
			sb_adds(b, " in");
			text_words(b, n->fors.words);
		}
		sb_adds(b, "; do ...; done");
		break;
	case N_CASE:
		sb_adds(b, "case ");
		sb_adds(b, n->cases.subject->text);
		sb_adds(b, " in ... esac");
		break;
	case N_FUNCDEF:
		sb_adds(b, n->func.name);
		sb_adds(b, "() ...");
		break;
	}
	if (n->kind != N_SIMPLE || n->redirs)
		text_redirs(b, n->redirs);
}

char *node_text(const struct node *n)
{
	struct strbuf b;

	sb_init(&b);
	text_node(&b, n);
	return sb_finish(&b);
}
