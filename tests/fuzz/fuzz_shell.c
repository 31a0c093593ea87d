/*
 * fuzz_shell.c - libFuzzer harness: the lexer, the parser and the word
 * expansions of the shell, with nothing executed (tests/fuzz/README).
 *
 * The input is a script, NUL bytes and all (it is read from a memfd, as
 * a script file would be).  Each command is parsed as the read-eval loop
 * does, including recovery after a syntax error; then every word of the
 * tree is expanded the way the evaluator would expand it (arguments to
 * fields, assignments, redirection targets, here-document bodies, case
 * subjects and patterns, for-loop words), each under its own error
 * handler.  Command substitution is the stub of stubs.c and pathname
 * expansion is off (set -f), so nothing touches processes or files.
 * The tree is also copied, printed (as the job table does) and freed,
 * as a function definition would be.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "expand.h"
#include "input.h"
#include "lex.h"
#include "parse.h"
#include "shell.h"

#include "fuzz.h"

static void expand_node(const struct node *n);

/* Run one expansion under its own handler: an error such as ${x:?} or
 * $((1/0)) unwinds to here, as it would to the read-eval loop. */
#define GUARDED(stmt)                                   \
	do {                                            \
		struct handler h_;                      \
		handler_push(&h_);                      \
		if (sigsetjmp(h_.env, 0) == 0) {        \
			stmt;                           \
			handler_pop(&h_);               \
		}                                       \
	} while (0)

static void expand_words(const struct word *w)
{
	int argc = 0;
	char **volatile argv = NULL;

	GUARDED(argv = expand_fields(w, &argc));
	if (argv)
		for (int i = 0; i < argc; i++)
			if (!argv[i])
				abort();	/* argc counts the fields */
}

static void expand_redirs(const struct redir *r)
{
	for (; r; r = r->next) {
		if (r->kind == R_HEREDOC) {
			if (r->expand && r->body)
				GUARDED(expand_heredoc(r->body));
		} else {
			GUARDED(expand_string(r->target->text));
		}
	}
}

static void expand_assigns(const struct word *w)
{
	for (; w; w = w->next) {
		const char *eq = strchr(w->text, '=');

		if (!eq)
			abort();	/* the parser said NAME=... */
		GUARDED(expand_assign_value(eq + 1));
	}
}

static void expand_case(const struct node *n)
{
	char *volatile subject = NULL;

	GUARDED(subject = expand_string(n->cases.subject->text));
	for (const struct case_item *c = n->cases.items; c; c = c->next) {
		for (const struct word *p = c->patterns; p; p = p->next) {
			char *volatile pat = NULL;

			GUARDED(pat = expand_pattern(p->text));
			if (pat && subject)
				(void)fnmatch(pat, subject, 0);
		}
		expand_node(c->body);
	}
}

static void expand_node(const struct node *n)
{
	if (!n)
		return;
	expand_redirs(n->redirs);
	switch (n->kind) {
	case N_SIMPLE:
		expand_assigns(n->simple.assigns);
		expand_words(n->simple.args);
		break;
	case N_PIPE:
		for (int i = 0; i < n->pipe.n; i++)
			expand_node(n->pipe.cmds[i]);
		break;
	case N_AND:
	case N_OR:
	case N_SEQ:
		expand_node(n->pair.left);
		expand_node(n->pair.right);
		break;
	case N_NOT:
	case N_BG:
	case N_SUBSHELL:
	case N_GROUP:
		expand_node(n->body);
		break;
	case N_IF:
		expand_node(n->ifs.cond);
		expand_node(n->ifs.then);
		expand_node(n->ifs.els);
		break;
	case N_WHILE:
	case N_UNTIL:
		expand_node(n->loop.cond);
		expand_node(n->loop.body);
		break;
	case N_FOR:
		expand_words(n->fors.words);
		expand_node(n->fors.body);
		break;
	case N_CASE:
		expand_case(n);
		break;
	case N_FUNCDEF:
		expand_node(n->func.body);
		break;
	}
}

/* The input as a file: a memfd keeps NUL bytes, which a string cannot. */
static struct input *input_of(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	size_t off = 0;

	if (fd < 0)
		abort();
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return input_from_fd(fd);	/* closed by input_free */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input *in;
	struct lexer *lx;

	fuzz_reset();
	/* Some inputs run under set -u, deterministically. */
	shell.opt.nounset = size % 5 == 0;
	in = input_of(data, size);
	lx = lex_new(in, NULL);
	for (volatile int commands = 0; commands < 10000; commands++) {
		struct arena_mark m;
		struct handler h;
		struct node *n;
		bool empty;

		st_mark(&m);
		handler_push(&h);
		if (sigsetjmp(h.env, 0)) {
			lex_discard(lx);
			st_release(&m);
			continue;
		}
		lex_start_command(lx);
		n = parse_command(lx, &empty);
		if (!n) {
			handler_pop(&h);
			st_release(&m);
			if (empty)
				continue;
			break;
		}
		(void)lex_command_text(lx);
		(void)node_text(n);
		node_free(node_copy(n));
		expand_node(n);
		handler_pop(&h);
		st_release(&m);
	}
	lex_free(lx);
	input_free(in);
	return 0;
}
