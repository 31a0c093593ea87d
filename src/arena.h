/*
 * arena.h - a stack of memory for one command's parse tree and expansions.
 *
 * Everything the parser and the expander make for a command line comes
 * from the stack arena and is released in one step when the command is
 * done (or when an error unwinds to the prompt), so nothing can leak on
 * an error path.  This is dash's "stalloc" idea.
 */
#ifndef LABSH_ARENA_H
#define LABSH_ARENA_H

#include <stddef.h>

struct arena_chunk;

/* A position in the arena, to release back to. */
struct arena_mark {
	struct arena_chunk *chunk;
	size_t used;
};

/* Memory for SIZE bytes, aligned for any type; never NULL (exits). */
void *st_alloc(size_t size);
/* A copy of S[0..LEN) with a final NUL. */
char *st_strndup(const char *s, size_t len);
char *st_strdup(const char *s);

void st_mark(struct arena_mark *m);
/* Free everything allocated since M was taken. */
void st_release(const struct arena_mark *m);

/* Free the whole arena (at exit, for leak checkers). */
void st_free_all(void);

/*
 * A growable string on the arena (for building expansions).  The string
 * may move while it grows; sb_finish returns its final address.
 */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_init(struct strbuf *b);
void sb_addc(struct strbuf *b, char c);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_adds(struct strbuf *b, const char *s);
/* NUL-terminate and return the string. */
char *sb_finish(struct strbuf *b);

#endif
