/*
 * arena.c - the stack arena: chunks of memory handed out in order and
 * released back to a mark.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "error.h"
#include "shell.h"

enum { CHUNK_SIZE = 64 * 1024, ALIGN = 16 };

struct arena_chunk {
	struct arena_chunk *prev;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

static struct arena_chunk *top;
/* One spare chunk kept after a release, so a loop that marks and
 * releases every iteration does not call malloc and free each time. */
static struct arena_chunk *spare;

static struct arena_chunk *new_chunk(size_t want)
{
	struct arena_chunk *c;
	size_t size = want > CHUNK_SIZE ? want : CHUNK_SIZE;

	if (spare && spare->size >= size) {
		c = spare;
		spare = NULL;
	} else {
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
	}
	c->used = 0;
	c->prev = top;
	top = c;
	return c;
}

void *st_alloc(size_t size)
{
	size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	void *p;

	if (need < size)
		out_of_memory();
	if (!top || top->size - top->used < need)
		new_chunk(need);
	p = top->data + top->used;
	top->used += need;
	return p;
}

char *st_strndup(const char *s, size_t len)
{
	char *p = st_alloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *st_strdup(const char *s)
{
	return st_strndup(s, strlen(s));
}

void st_mark(struct arena_mark *m)
{
	m->chunk = top;
	m->used = top ? top->used : 0;
}

void st_release(const struct arena_mark *m)
{
	while (top && top != m->chunk) {
		struct arena_chunk *c = top;

		top = c->prev;
		if (!spare || c->size > spare->size) {
			free(spare);
			spare = c;
		} else {
			free(c);
		}
	}
	if (top)
		top->used = m->used;
}

void st_free_all(void)
{
	struct arena_mark zero = { NULL, 0 };

	st_release(&zero);
	free(spare);
	spare = NULL;
}

void sb_init(struct strbuf *b)
{
	b->len = 0;
	b->cap = 64;
	b->s = st_alloc(b->cap);
}

static void sb_grow(struct strbuf *b, size_t more)
{
	size_t ncap = b->cap;
	char *n;

	while (ncap - b->len < more + 1)
		ncap *= 2;
	if (ncap == b->cap)
		return;
	/* If the string is the last thing allocated, grow it in place. */
	if (top && (unsigned char *)b->s + b->cap == top->data + top->used &&
	    (size_t)((unsigned char *)b->s - top->data) + ncap <= top->size) {
		top->used += ncap - b->cap;
		b->cap = ncap;
		return;
	}
	n = st_alloc(ncap);
	memcpy(n, b->s, b->len);
	b->s = n;
	b->cap = ncap;
}

void sb_addc(struct strbuf *b, char c)
{
	if (b->cap - b->len < 2)
		sb_grow(b, 1);
	b->s[b->len++] = c;
}

void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n + 1)
		sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

void sb_adds(struct strbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

char *sb_finish(struct strbuf *b)
{
	b->s[b->len] = '\0';
	return b->s;
}
