/*
 * sock_client.c - sock client: connect(2) or sendto(2), the messages out
 * and the replies back, a line at a time.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "error.h"
#include "narrate.h"
#include "sock.h"
#include "teach.h"

/* ---------------------------------------------------------------------
 * sock client.
 * --------------------------------------------------------------------- */

/* Replies, printed a line at a time: "reply: TEXT". */
struct lines {
	char buf[BUF_SIZE];
	size_t len;
};

static void lines_add(struct lines *l, const char *data, size_t n, bool flush)
{
	while (n > 0 || (flush && l->len)) {
		char *nl;
		size_t take = sizeof(l->buf) - l->len;

		if (take > n)
			take = n;
		memcpy(l->buf + l->len, data, take);
		l->len += take;
		data += take;
		n -= take;
		while ((nl = memchr(l->buf, '\n', l->len))) {
			size_t k = (size_t)(nl - l->buf);

			teach_out("reply: %.*s\n", (int)k, l->buf);
			memmove(l->buf, nl + 1, l->len - k - 1);
			l->len -= k + 1;
		}
		if (l->len == sizeof(l->buf) || (flush && n == 0 && l->len)) {
			teach_out("reply: %.*s\n", (int)l->len, l->buf);
			l->len = 0;
		}
	}
}

/* socket(2) and connect(2) to each address of E until one answers. */
static int client_connect(struct endpoint *e)
{
	struct addrinfo one = { 0 }, *ai;
	char arg[200];
	int fd = -1, err = 0, family = e->family;

	if (e->ai) {
		ai = e->ai;
	} else {
		one.ai_family = e->family;
		one.ai_socktype = e->type;
		one.ai_addr = (struct sockaddr *)&e->ss;
		one.ai_addrlen = e->len;
		ai = &one;
	}
	for (; ai; ai = ai->ai_next) {
		int r;

		fd = sock_socket(ai->ai_family, e->type, "the client's socket");
		if (fd < 0)
			return -1;
		r = connect(fd, ai->ai_addr, ai->ai_addrlen);
		narrate(NR_connect, r, "%d, %s, %u\t%s", fd,
			sock_addr_arg(ai->ai_addr, ai->ai_addrlen, arg, sizeof(arg)),
			(unsigned)ai->ai_addrlen,
			r < 0 ? (ai->ai_next ? "try the next address" : "") :
			e->type == SOCK_DGRAM ? "UDP: nothing is sent; the kernel only fixes the peer for send(2) and recv(2)" :
			ai->ai_family == AF_UNIX ? "connected through the socket file" :
			"three-way handshake done: connected");
		if (r == 0)
			return fd;
		err = errno;
		family = ai->ai_family;
		sock_close(fd, "this address did not answer");
	}
	errno = err;
	bi_error_errno("connect %s", e->text);
	sock_hint(err, family, e->type);
	return -1;
}

/* Send one message (TCP: a line; UDP: a datagram). 0, or 1. */
static int client_send(int fd, const struct endpoint *e, const char *msg, size_t len)
{
	char q[200];
	ssize_t n = send(fd, msg, len, MSG_NOSIGNAL);

	narrate(NR_send, n, "%d, %s, %zu, MSG_NOSIGNAL\t%s", fd, narrate_string(msg, len, 40, q, sizeof(q)),
		len, e->type == SOCK_DGRAM ? "one datagram" : "bytes into the stream");
	if (n < 0)
		return sock_fail("send", e->family, e->type);
	return 0;
}

/*
 * Read what the server sends.  Returns 1 when something was read, 0 at
 * end of file, -1 after an error.
 */
static int client_receive(int fd, const struct endpoint *e, struct lines *l)
{
	char buf[65536], q[200];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	if (n < 0 && errno == EINTR && !teach_interrupted())
		return 1;
	narrate(NR_recv, n, "%d, %s, %zu, 0\t%s", fd,
		n > 0 ? narrate_string(buf, (size_t)n, 40, q, sizeof(q)) : "buf", sizeof(buf),
		n == 0 ? "end of file: the server has closed the connection" :
		n < 0 ? "" : e->type == SOCK_DGRAM ? "one datagram" : "what the server sent");
	if (n < 0) {
		if (teach_interrupted())
			return -1;
		sock_fail("recv", e->family, e->type);
		return -1;
	}
	if (n == 0 && e->type == SOCK_STREAM)
		return 0;
	if (e->type == SOCK_DGRAM) {
		size_t k = (size_t)n;

		if (k && buf[k - 1] == '\n')
			k--;
		teach_out("reply: %.*s\n", (int)k, buf);
	} else {
		lines_add(l, buf, (size_t)n, false);
	}
	return 1;
}

static int client_run(struct endpoint *e, char **msgs, int nmsgs, long timeout)
{
	struct lines *l = xcalloc(1, sizeof(*l));
	bool sending = true, stdin_mode = nmsgs == 0;
	long sent = 0, replies = 0;
	char in[BUF_SIZE], line[BUF_SIZE + 2];
	size_t inlen = 0;
	int fd, status = 1, r;

	fd = client_connect(e);
	if (fd < 0)
		goto out;
	if (e->type == SOCK_STREAM && e->family != AF_UNIX) {
		struct sockaddr_storage me;
		socklen_t melen;
		char text[200];

		if (sock_getsockname(fd, &me, &melen, text, sizeof(text),
				  "connect(2) bound the client to a port the kernel chose") != 0)
			goto out;
	}
	for (int i = 0; i < nmsgs; i++) {
		size_t len = strlen(msgs[i]);

		if (e->type == SOCK_STREAM) {
			snprintf(line, sizeof(line), "%.*s\n", BUF_SIZE, msgs[i]);
			if (client_send(fd, e, line, strlen(line)) != 0)
				goto out;
		} else if (client_send(fd, e, msgs[i], len) != 0) {
			goto out;
		}
		sent++;
	}
	if (!stdin_mode && e->type == SOCK_STREAM) {
		r = shutdown(fd, SHUT_WR);
		narrate(NR_shutdown, r, "%d, SHUT_WR\tall sent: the server's read(2) returns 0, and it closes", fd);
		sending = false;
	}
	if (!stdin_mode)
		sending = false;

	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = fd, .events = POLLIN },
			{ .fd = STDIN_FILENO, .events = POLLIN },
		};
		int ms = -1;

		if (e->type == SOCK_DGRAM && !sending) {
			if (replies >= sent)
				break;
			ms = (int)timeout * 1000;
		} else if (timeout && e->type == SOCK_STREAM) {
			ms = (int)timeout * 1000;
		}
		r = poll(pfd, sending ? 2 : 1, ms);
		if (r < 0) {
			if (errno == EINTR && !teach_interrupted())
				continue;
			if (!teach_interrupted())
				sock_fail("poll", e->family, e->type);
			goto out;
		}
		if (r == 0) {
			narrate(NR_poll, 0, "[{fd=%d, POLLIN}], 1, %d\tno reply for %ld s", fd, ms, timeout);
			if (e->type == SOCK_DGRAM)
				teach_out("no reply for %ld s: %ld of %ld datagram%s answered (UDP: no connection, nobody says a datagram was lost or not answered)\n",
					  timeout, replies, sent, sent == 1 ? "" : "s");
			else
				teach_out("no reply for %ld s: --timeout gives up\n", timeout);
			status = e->type == SOCK_DGRAM ? 0 : 1;
			goto out;
		}
		if (pfd[0].revents) {
			r = client_receive(fd, e, l);
			if (r < 0)
				goto out;
			if (r == 0)
				break;
			replies++;
		}
		if (sending && pfd[1].revents) {
			ssize_t n = read(STDIN_FILENO, in + inlen, sizeof(in) - inlen);

			if (n < 0 && errno == EINTR && !teach_interrupted())
				continue;
			if (n < 0) {
				if (!teach_interrupted())
					bi_error_errno("read standard input");
				goto out;
			}
			inlen += (size_t)n;
			/* each complete line (or a full buffer, or the rest at
			 * end of input) is one message */
			for (;;) {
				char *nl = memchr(in, '\n', inlen);
				size_t k = nl ? (size_t)(nl - in) + 1 :
					   (n == 0 || inlen == sizeof(in)) ? inlen : 0;
				size_t send_len = k;

				if (k == 0)
					break;
				if (e->type == SOCK_DGRAM && in[k - 1] == '\n')
					send_len--;
				if (send_len || e->type == SOCK_STREAM) {
					if (client_send(fd, e, in, send_len) != 0)
						goto out;
					sent++;
				}
				memmove(in, in + k, inlen - k);
				inlen -= k;
			}
			if (n == 0) {
				sending = false;
				if (e->type == SOCK_STREAM) {
					r = shutdown(fd, SHUT_WR);
					narrate(NR_shutdown, r, "%d, SHUT_WR\tend of input: the server's read(2) returns 0",
						fd);
				}
			}
		}
	}
	lines_add(l, "", 0, true);
	status = 0;
out:
	lines_add(l, "", 0, true);
	if (fd >= 0)
		sock_close(fd, "the client's socket");
	free(l);
	return status;
}

int sock_client(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unix", required_argument, NULL, 'u' },
		{ "tcp", required_argument, NULL, 't' },
		{ "udp", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct endpoint e;
	struct where w = { 0 };
	long timeout = -1;
	int c, r;

	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
		case 't':
		case 'd':
			if ((r = sock_where_set(&w, c, optarg)) != 0)
				return r;
			break;
		case 'o':
			if ((r = sock_number("--timeout", optarg, 1, MAX_TIMEOUT, &timeout)))
				return r;
			break;
		default:
			return bi_usage("client: unknown option");
		}
	}
	if ((r = sock_where_resolve(&w, false, &e)) != 0)
		return r;
	if (timeout < 0)
		timeout = e.type == SOCK_DGRAM ? 2 : 0;
	r = client_run(&e, argv + optind, argc - optind, timeout);
	sock_endpoint_free(&e);
	return r;
}
