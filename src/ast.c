/*
 * ast.c - copying a parse tree to the heap, for function bodies.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "error.h"
#include "shell.h"

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		sh_warn("out of memory");
		shell_exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p) {
		sh_warn("out of memory");
		shell_exit(2);
	}
	return p;
}

static struct word *copy_words(const struct word *w)
{
	struct word *head = NULL, **tail = &head;

	for (; w; w = w->next) {
		*tail = xcalloc(sizeof(**tail));
		(*tail)->text = xstrdup(w->text);
		tail = &(*tail)->next;
	}
	return head;
}

static struct redir *copy_redirs(const struct redir *r)
{
	struct redir *head = NULL, **tail = &head;

	for (; r; r = r->next) {
		*tail = xcalloc(sizeof(**tail));
		**tail = *r;
		(*tail)->next = NULL;
		(*tail)->target = copy_words(r->target);
		(*tail)->body = xstrdup(r->body);
		tail = &(*tail)->next;
	}
	return head;
}

struct node *node_copy(const struct node *n)
{
	struct node *c;

	if (!n)
		return NULL;
	c = xcalloc(sizeof(*c));
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
		c->pipe.cmds = xcalloc((size_t)n->pipe.n * sizeof(*c->pipe.cmds));
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
		c->fors.var = xstrdup(n->fors.var);
		c->fors.words = copy_words(n->fors.words);
		c->fors.has_in = n->fors.has_in;
		c->fors.body = node_copy(n->fors.body);
		break;
	case N_CASE: {
		struct case_item **tail = &c->cases.items;

		c->cases.subject = copy_words(n->cases.subject);
		for (const struct case_item *i = n->cases.items; i; i = i->next) {
			*tail = xcalloc(sizeof(**tail));
			(*tail)->patterns = copy_words(i->patterns);
			(*tail)->body = node_copy(i->body);
			tail = &(*tail)->next;
		}
		break;
	}
	case N_FUNCDEF:
		c->func.name = xstrdup(n->func.name);
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
