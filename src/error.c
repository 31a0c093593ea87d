/*
 * error.c - formatting and writing error messages.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "shell.h"

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Build "PREFIX: MSG[: strerror(ERR)]\n" and write it in one call.
 * A message longer than the buffer is cut, never split across writes.
 */
static void vmessage(const char *prefix, int err, const char *fmt, va_list ap)
{
	char buf[2048];
	size_t n = 0;
	int r;

	r = snprintf(buf, sizeof(buf), "%s", prefix);
	n = r < 0 ? 0 : (size_t)r;
	if (n < sizeof(buf)) {
		r = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
		n += r < 0 ? 0 : (size_t)r;
	}
	if (err && n < sizeof(buf)) {
		r = snprintf(buf + n, sizeof(buf) - n, ": %s", strerror(err));
		n += r < 0 ? 0 : (size_t)r;
	}
	if (n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	write_all(STDERR_FILENO, buf, n);
}

static void bi_prefix(char *buf, size_t size)
{
	const struct builtin *b = builtin_current();

	builtin_note_error();
	if (b)
		snprintf(buf, size, LABSH_NAME ": %s: ", b->name);
	else
		snprintf(buf, size, LABSH_NAME ": ");
}

void sh_warn(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vmessage(LABSH_NAME ": ", 0, fmt, ap);
	va_end(ap);
	errno = saved;
}

void sh_warn_errno(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vmessage(LABSH_NAME ": ", saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

int bi_error(const char *fmt, ...)
{
	char prefix[128];
	va_list ap;
	int saved = errno;

	bi_prefix(prefix, sizeof(prefix));
	va_start(ap, fmt);
	vmessage(prefix, 0, fmt, ap);
	va_end(ap);
	errno = saved;
	return 1;
}

int bi_error_errno(const char *fmt, ...)
{
	char prefix[128];
	va_list ap;
	int saved = errno;

	bi_prefix(prefix, sizeof(prefix));
	va_start(ap, fmt);
	vmessage(prefix, saved, fmt, ap);
	va_end(ap);
	errno = saved;
	return 1;
}

int bi_usage(const char *fmt, ...)
{
	char prefix[128];
	const struct builtin *b = builtin_current();
	va_list ap;

	bi_prefix(prefix, sizeof(prefix));
	va_start(ap, fmt);
	vmessage(prefix, 0, fmt, ap);
	va_end(ap);
	if (b)
		dprintf(STDERR_FILENO, "usage: %s\n", b->synopsis);
	return 2;
}

void bi_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("hint: ", 0, fmt, ap);
	va_end(ap);
}

static struct handler *handlers;
static int thrown_status;

void handler_push(struct handler *h)
{
	h->prev = handlers;
	handlers = h;
}

void handler_pop(struct handler *h)
{
	handlers = h->prev;
}

_Noreturn void sh_throw(int status)
{
	struct handler *h = handlers;

	thrown_status = status;
	if (!h)
		shell_exit(status);
	handlers = h->prev;
	siglongjmp(h->env, 1);
}

int handler_status(void)
{
	return thrown_status;
}

_Noreturn void out_of_memory(void)
{
	sh_warn("out of memory");
	shell_exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		out_of_memory();
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		out_of_memory();
	return p;
}
