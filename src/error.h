/*
 * error.h - the one message shape: "labsh: WHO: WHAT: strerror".
 *
 * Messages are lowercase, without a final full stop, and each is written
 * with a single write(2) so it never tears against a child's output.
 */
#ifndef LABSH_ERROR_H
#define LABSH_ERROR_H

#include <stdarg.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* "labsh: MSG" on stderr. */
void sh_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* "labsh: MSG: strerror(errno)" on stderr; errno is preserved. */
void sh_warn_errno(const char *fmt, ...) PRINTF_LIKE(1, 2);

/*
 * For builtins: WHO is the builtin being run, taken from the dispatcher so
 * that a handler cannot get it wrong.  Both return 1, so a handler can say
 * `return bi_error_errno("fork");`.
 */
int bi_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
int bi_error_errno(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* A usage error: the message, then "usage: SYNOPSIS"; returns 2. */
int bi_usage(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* The teaching builtins' second line: "hint: MSG". */
void bi_hint(const char *fmt, ...) PRINTF_LIKE(1, 2);

/*
 * Unwinding to the prompt.  A syntax error, a failed expansion such as
 * ${x:?}, or Ctrl-C in the middle of a command cannot simply return: they
 * jump back to the innermost handler (the read-eval loop, `eval`, `.`),
 * which frees the command's memory and restores the shell's state.
 *
 *	struct handler h;
 *	handler_push(&h);
 *	if (sigsetjmp(h.env, 0)) { ...failed with handler_status()... }
 *	else { ...work...; handler_pop(&h); }
 *
 * (sigsetjmp must stand alone in the condition: C allows nothing else.)
 */
#include <setjmp.h>
struct handler {
	sigjmp_buf env;
	struct handler *prev;
};
void handler_push(struct handler *h);
/* Remove H, which must be the innermost handler. */
void handler_pop(struct handler *h);
/* Jump to the innermost handler (it is removed); with none, exit. */
_Noreturn void sh_throw(int status);
/* The status given to the last sh_throw. */
int handler_status(void);

/*
 * Allocation that cannot fail: on ENOMEM, "labsh: out of memory" and
 * exit status 2 (toybox's x* wrappers).  For state the shell keeps; a
 * command's own memory comes from the stack arena (arena.h).
 */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Print the message and exit 2. */
_Noreturn void out_of_memory(void);

/* Write all of BUF to FD, retrying on EINTR and short writes; -1 on error. */
int write_all(int fd, const void *buf, size_t len);

#endif
