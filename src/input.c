/*
 * input.c - line sources: strings, file descriptors, the terminal.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "input.h"
#include "jobs.h"
#include "lineedit.h"
#include "redir.h"
#include "signals.h"

enum source { SRC_STRING, SRC_FD, SRC_TERMINAL };

struct input {
	enum source src;
	int fd;
	bool editor;		/* the line editor reads the terminal */
	const char *prompt;	/* being shown, to draw again after set -b */
	bool unbuffered;	/* stdin on a pipe: read a byte at a time */
	bool seek_back;		/* stdin on a file: give back what we read ahead */
	bool eof;
	char *buf;		/* bytes read but not yet returned: [start, end) */
	size_t start, end, cap;
	char *edited;		/* the line editor's last line */
};

/* Never NULL: every caller reads from the result at once, so running
 * out of memory here is "labsh: out of memory", not a crash. */
static struct input *input_new(enum source src, int fd)
{
	struct input *in = xcalloc(1, sizeof(*in));

	in->src = src;
	in->fd = fd;
	return in;
}

struct input *input_from_string(const char *s)
{
	struct input *in = input_new(SRC_STRING, -1);
	size_t len = strlen(s);

	in->buf = xmalloc(len + 1);
	memcpy(in->buf, s, len);
	in->end = in->cap = len;
	in->eof = true;
	return in;
}

struct input *input_from_fd(int fd)
{
	struct input *in = input_new(SRC_FD, fd);

	if (fd > STDERR_FILENO)
		redir_private(&in->fd);	/* exec 10<&- must not cut it off */
	if (fd == STDIN_FILENO) {
		if (lseek(fd, 0, SEEK_CUR) < 0)
			in->unbuffered = true;
		else
			in->seek_back = true;
	}
	return in;
}

struct input *input_from_terminal(void)
{
	struct input *in = input_from_fd(STDIN_FILENO);

	in->src = SRC_TERMINAL;
#if HAVE_LINEEDIT
	in->editor = isatty(STDIN_FILENO);
#endif
	return in;
}

/* Make room for at least WANT more bytes after end. */
static int reserve(struct input *in, size_t want)
{
	size_t ncap;
	char *n;

	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->cap - in->end >= want)
		return 0;
	ncap = in->cap ? in->cap : 4096;
	while (ncap - in->end < want)
		ncap *= 2;
	n = realloc(in->buf, ncap + 1);	/* +1: room for the final NUL */
	if (!n)
		return -1;
	in->buf = n;
	in->cap = ncap;
	return 0;
}

/*
 * Read more bytes into the buffer.  Returns >0 bytes read, 0 at end of
 * input, -1 on error, -2 when Ctrl-C interrupted a terminal read.
 */
static ssize_t fill(struct input *in)
{
	size_t want = in->unbuffered ? 1 : 4096;
	ssize_t n;

	if (in->eof)
		return 0;
	if (reserve(in, want) < 0) {
		sh_warn_errno("input");
		return -1;
	}
	for (;;) {
		if (in->src == SRC_TERMINAL) {
			int w = sig_wait_input(in->fd);

			if (w == -2)
				return -2;
			if (w == -1)
				return 0;	/* hung up: end of input */
			if (w == -3) {
				if (job_child_changed_at_prompt() && in->prompt)
					write_all(STDERR_FILENO, in->prompt, strlen(in->prompt));
				continue;
			}
		}
		n = read(in->fd, in->buf + in->end, want);
		if (n >= 0)
			break;
		if (errno != EINTR) {
			sh_warn_errno("read");
			return -1;
		}
	}
	if (n == 0)
		in->eof = true;
	in->end += (size_t)n;
	return n;
}

/*
 * Return the next line from the buffer, reading as needed.  The newline is
 * replaced by a NUL in place, so no copy is made.
 */
static char *buffered_line(struct input *in, const char *prompt, size_t *len,
			   bool *interrupted)
{
	size_t scanned = 0;
	char *nl;
	char *line;
	size_t n;

	in->prompt = prompt;
	if (prompt)
		write_all(STDERR_FILENO, prompt, strlen(prompt));
	for (;;) {
		nl = NULL;
		if (in->end - in->start > scanned)
			nl = memchr(in->buf + in->start + scanned, '\n',
				    in->end - in->start - scanned);
		if (nl)
			break;
		scanned = in->end - in->start;
		ssize_t r = fill(in);

		if (r == -2) {
			/* Ctrl-C at the prompt: the terminal has already
			 * dropped the typed text; drop ours too. */
			in->start = in->end;
			*interrupted = true;
			write_all(STDERR_FILENO, "\n", 1);
			in->buf[in->start] = '\0';
			*len = 0;
			return in->buf + in->start;
		}
		if (r == 0 && in->src == SRC_TERMINAL && scanned > 0 &&
		    !sig_hangup()) {
			/* Ctrl-D after some text sends that text without a
			 * newline; the line is not finished yet. */
			in->eof = false;
			continue;
		}
		if (r <= 0) {
			if (in->start == in->end)
				return NULL;
			nl = in->buf + in->end;	/* last line, no newline */
			break;
		}
	}
	line = in->buf + in->start;
	n = (size_t)(nl - line);
	in->start = nl - in->buf + (nl < in->buf + in->end);
	*nl = '\0';
	*len = n;
	if (in->seek_back && in->start < in->end) {
		/* Leave the file offset just after this line, for the
		 * commands that will read the rest of stdin. */
		if (lseek(in->fd, -(off_t)(in->end - in->start), SEEK_CUR) >= 0) {
			in->end = in->start;
			in->eof = false;
		}
	}
	return line;
}

char *input_read(struct input *in, const char *prompt, size_t *len,
		 bool *interrupted)
{
	size_t dummy_len;
	bool dummy_intr;

	if (!len)
		len = &dummy_len;
	if (!interrupted)
		interrupted = &dummy_intr;
	*interrupted = false;

#if HAVE_LINEEDIT
	if (in->editor) {
		free(in->edited);
		in->edited = lineedit_read(prompt ? prompt : "", interrupted);
		if (in->edited) {
			*len = strlen(in->edited);
			if (*interrupted) {
				in->edited[0] = '\0';
				*len = 0;
			}
		}
		return in->edited;
	}
#endif
	return buffered_line(in, in->src == SRC_TERMINAL ? prompt : NULL,
			     len, interrupted);
}

bool input_reopen(struct input *in)
{
	if (in->src != SRC_TERMINAL || !isatty(in->fd))
		return false;
	in->eof = false;
	return true;
}

bool input_is_terminal(const struct input *in)
{
	return in->src == SRC_TERMINAL;
}

void input_free(struct input *in)
{
	if (!in)
		return;
	if (in->fd > STDIN_FILENO) {
		redir_unprivate(&in->fd);
		close(in->fd);
	}
	free(in->buf);
	free(in->edited);
	free(in);
}
