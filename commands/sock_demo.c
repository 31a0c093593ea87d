/*
 * sock_demo.c - sock demo and sock pair: the whole conversation of a server
 * and a client, every call narrated, and socketpair(2) against pipe(2).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "rundir.h"
#include "sock.h"
#include "teach.h"

/* ---------------------------------------------------------------------
 * sock demo: server and client, two processes, one conversation.
 * --------------------------------------------------------------------- */

/* The client side of the stream demo, in the child; never returns. */
static _Noreturn void demo_stream_client(int lfd, const struct sockaddr *sa,
					 socklen_t salen)
{
	char msg[64], buf[256], q[200], arg[200], text[160];
	struct sockaddr_storage me;
	socklen_t melen;
	ssize_t n;
	int fd, r;

	sock_close(lfd, "the child's copy of the listening socket: a client does not need it");
	teach_out("client: PID %ld, connects in 0.3 s, so that the server's accept(2) is seen waiting\n",
		  (long)getpid());
	if (teach_sleep(300) < 0)
		teach_child_exit(1);
	fd = sock_socket(sa->sa_family, SOCK_STREAM, "the client's socket, no address yet");
	if (fd < 0)
		teach_child_exit(1);
	r = connect(fd, sa, salen);
	narrate(NR_connect, r, "%d, %s, %u\t%s", fd, sock_addr_arg(sa, salen, arg, sizeof(arg)),
		(unsigned)salen,
		sa->sa_family == AF_UNIX ? "connected through the socket file" :
		"three-way handshake done (SYN, SYN-ACK, ACK)");
	if (r < 0) {
		sock_fail("connect", sa->sa_family, SOCK_STREAM);
		teach_child_exit(1);
	}
	if (sa->sa_family != AF_UNIX &&
	    sock_getsockname(fd, &me, &melen, text, sizeof(text),
			  "connect(2) bound the client to a port the kernel chose") != 0)
		teach_child_exit(1);
	snprintf(msg, sizeof(msg), "hello from %ld", (long)getpid());
	n = write(fd, msg, strlen(msg));
	narrate(NR_write, n, "%d, %s, %zu\ta socket is an fd: write(2) works as on a pipe",
		fd, narrate_string(msg, strlen(msg), 40, q, sizeof(q)), strlen(msg));
	if (n < 0) {
		sock_fail("write", sa->sa_family, SOCK_STREAM);
		teach_child_exit(1);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	narrate(NR_read, n, "%d, %s, %zu\tthe server's reply", fd,
		n > 0 ? narrate_string(buf, (size_t)n, 40, q, sizeof(q)) : "\"\"", sizeof(buf) - 1);
	if (n < 0) {
		sock_fail("read", sa->sa_family, SOCK_STREAM);
		teach_child_exit(1);
	}
	buf[n] = '\0';
	teach_out("client: got \"%s\" back\n", buf);
	r = shutdown(fd, SHUT_WR);
	narrate(NR_shutdown, r, "%d, SHUT_WR\tnothing more to send: the server's read(2) will return 0",
		fd);
	n = read(fd, buf, sizeof(buf));
	narrate(NR_read, n, "%d, buf, %zu\t%s", fd, sizeof(buf),
		n == 0 ? "0: end of file, the server has closed its end too" : "");
	sock_close(fd, "the client's socket: the connection is gone");
	teach_child_exit(r < 0 || n != 0);
}

/* AF_UNIX or AF_INET, SOCK_STREAM: the whole sequence. */
static int demo_stream(int family)
{
	struct sockaddr_storage ss, peer;
	socklen_t len, plen;
	char path[SUN_PATH_MAX + 64], text[200], arg[200], q[200], buf[256],
	     name[64];
	struct timespec t0;
	int lfd, cfd = -1, status = 1, r, ws;
	bool have_path = false;
	ssize_t n;
	pid_t pid;

	teach_out("server: PID %ld: socket, bind, listen, then accept; the client is a child process\n",
		  (long)getpid());
	lfd = sock_socket(family, SOCK_STREAM, "the server's socket, no address yet");
	if (lfd < 0)
		return 1;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_UNIX) {
		struct sockaddr_un *un = (struct sockaddr_un *)&ss;

		snprintf(name, sizeof(name), "sock-demo-%ld.sock", (long)getpid());
		if (!rundir_path(name, path, sizeof(path))) {
			bi_error_errno("runtime directory");
			goto out;
		}
		if (strlen(path) >= SUN_PATH_MAX) {
			bi_error("%s: the runtime directory's path is too long for sun_path (%zu bytes)",
				 path, SUN_PATH_MAX);
			goto out;
		}
		un->sun_family = AF_UNIX;
		memcpy(un->sun_path, path, strlen(path) + 1);
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
	} else {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		if (sock_reuseaddr(lfd) != 0)
			goto out;
		in->sin_family = AF_INET;
		in->sin_port = htons(0);
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*in);
	}
	if (sock_bind(lfd, (struct sockaddr *)&ss, len, SOCK_STREAM,
		   family == AF_UNIX ? "bind(2) made the socket file" :
		   "port 0: the kernel picks a free port") != 0)
		goto out;
	if (family == AF_UNIX) {
		cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, path);
		have_path = true;
	} else if (sock_getsockname(lfd, &ss, &len, text, sizeof(text),
				 "the port the kernel chose") != 0) {
		goto out;
	}
	teach_out("server: bound to %s\n", family == AF_UNIX ? path : text);
	if (sock_listen(lfd, 8) != 0)
		goto out;

	pid = teach_fork();
	if (pid < 0)
		goto out;
	if (pid == 0)
		demo_stream_client(lfd, (struct sockaddr *)&ss, len);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	plen = sizeof(peer);
	cfd = accept4(lfd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	if (cfd < 0) {
		narrate(NR_accept4, -1, "%d, &addr, &len, SOCK_CLOEXEC", lfd);
		if (!teach_interrupted())
			sock_fail("accept", family, SOCK_STREAM);
		goto out;
	}
	narrate(NR_accept4, cfd, "%d, %s, [%u], SOCK_CLOEXEC\tblocked %.1f s until the client connected; fd %d is this connection, fd %d still listens",
		lfd, sock_addr_arg((struct sockaddr *)&peer, plen, arg, sizeof(arg)),
		(unsigned)plen, teach_seconds_since(&t0), cfd, lfd);
	if (family == AF_UNIX) {
		struct ucred cr;
		socklen_t crlen = sizeof(cr);

		r = getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen);
		if (r == 0)
			narrate(NR_getsockopt, r, "%d, SOL_SOCKET, SO_PEERCRED, {pid=%ld, uid=%ld, gid=%ld}\tthe kernel tells who is at the other end",
				cfd, (long)cr.pid, (long)cr.uid, (long)cr.gid);
		else
			narrate(NR_getsockopt, r, "%d, SOL_SOCKET, SO_PEERCRED", cfd);
		if (r == 0)
			teach_out("server: a client connected: PID %ld (the child), UID %ld\n",
				  (long)cr.pid, (long)cr.uid);
	} else {
		teach_out("server: a client connected from %s\n",
			  sock_addr_text((struct sockaddr *)&peer, plen, text, sizeof(text)));
	}
	n = read(cfd, buf, sizeof(buf) - 1);
	narrate(NR_read, n, "%d, %s, %zu\tthe client's message", cfd,
		n > 0 ? narrate_string(buf, (size_t)n, 40, q, sizeof(q)) : "\"\"", sizeof(buf) - 1);
	if (n <= 0) {
		if (n < 0 && !teach_interrupted())
			sock_fail("read", family, SOCK_STREAM);
		goto out;
	}
	buf[n] = '\0';
	teach_out("server: got \"%s\", sends it back\n", buf);
	r = (int)send(cfd, buf, (size_t)n, MSG_NOSIGNAL);
	narrate(NR_send, r, "%d, %s, %zd, MSG_NOSIGNAL\tsend(2) is write(2) with flags: no SIGPIPE if the client is gone",
		cfd, narrate_string(buf, (size_t)n, 40, q, sizeof(q)), n);
	if (r < 0) {
		sock_fail("send", family, SOCK_STREAM);
		goto out;
	}
	n = read(cfd, buf, sizeof(buf));
	narrate(NR_read, n, "%d, buf, %zu\t%s", cfd, sizeof(buf),
		n == 0 ? "0: end of file, the client called shutdown(SHUT_WR)" : "");
	if (n < 0) {
		if (!teach_interrupted())
			sock_fail("read", family, SOCK_STREAM);
		goto out;
	}
	sock_close(cfd, "the connection's fd: the client's read(2) now returns 0");
	cfd = -1;
	sock_close(lfd, "the listening socket: no more connections");
	lfd = -1;
	if (have_path) {
		r = unlink(path);
		narrate(NR_unlink, r, "\"%s\"\tthe socket file outlives close(2): the server removes it",
			path);
		cleanup_forget(CLEAN_PATH, -1, path);
		have_path = false;
	}
	if (teach_wait(pid, &ws, 0) < 0)
		goto out;
	status = WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? 0 : 1;
	if (status == 0)
		teach_out("server: the round trip is done: both processes closed their sockets\n");
out:
	sock_close(cfd, "the connection");
	sock_close(lfd, "the listening socket");
	/* the socket file and the child: teach_end removes what is left */
	return status;
}

/* The client side of the UDP demo, in the child; never returns. */
static _Noreturn void demo_udp_client(int sfd, const struct sockaddr *sa,
				      socklen_t salen)
{
	static const char *const msgs[] = { "first", "second" };
	char buf[256], q[200], arg[200], text[160];
	struct sockaddr_storage from;
	socklen_t flen;
	ssize_t n;
	int fd;

	sock_close(sfd, "the child's copy of the server's socket");
	fd = sock_socket(sa->sa_family, SOCK_DGRAM, "the client's socket");
	if (fd < 0)
		teach_child_exit(1);
	for (int i = 0; i < 2; i++) {
		n = sendto(fd, msgs[i], strlen(msgs[i]), 0, sa, salen);
		narrate(NR_sendto, n, "%d, %s, %zu, 0, %s, %u\t%s", fd,
			narrate_string(msgs[i], strlen(msgs[i]), 40, q, sizeof(q)),
			strlen(msgs[i]), sock_addr_arg(sa, salen, arg, sizeof(arg)),
			(unsigned)salen,
			i == 0 ? "no connect(2): each datagram carries its address; the first sendto(2) binds a port" :
			"a second datagram, sent right after the first");
		if (n < 0) {
			sock_fail("sendto", sa->sa_family, SOCK_DGRAM);
			teach_child_exit(1);
		}
	}
	flen = sizeof(from);
	n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &flen);
	if (n < 0) {
		narrate(NR_recvfrom, -1, "%d, buf, %zu, 0, &from, &len", fd, sizeof(buf) - 1);
		sock_fail("recvfrom", sa->sa_family, SOCK_DGRAM);
		teach_child_exit(1);
	}
	narrate(NR_recvfrom, n, "%d, %s, %zu, 0, %s, [%u]\tthe server's reply", fd,
		narrate_string(buf, (size_t)n, 40, q, sizeof(q)), sizeof(buf) - 1,
		sock_addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)),
		(unsigned)flen);
	buf[n] = '\0';
	teach_out("client: got \"%s\" from %s\n", buf,
		  sock_addr_text((struct sockaddr *)&from, flen, text, sizeof(text)));
	sock_close(fd, "the client's socket");
	teach_child_exit(0);
}

static int demo_udp(void)
{
	struct sockaddr_storage ss, from;
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	socklen_t len = sizeof(*in), flen;
	char text[200], arg[200], q[200], buf[256], reply[64];
	int fd, status = 1, ws;
	ssize_t n;
	pid_t pid;

	teach_out("server: PID %ld: socket and bind; no listen, no accept, no connect: UDP has no connections\n",
		  (long)getpid());
	fd = sock_socket(AF_INET, SOCK_DGRAM, "a UDP socket");
	if (fd < 0)
		return 1;
	memset(&ss, 0, sizeof(ss));
	in->sin_family = AF_INET;
	in->sin_port = htons(0);
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (sock_bind(fd, (struct sockaddr *)&ss, len, SOCK_DGRAM,
		   "port 0: the kernel picks a free port") != 0)
		goto out;
	if (sock_getsockname(fd, &ss, &len, text, sizeof(text), "the port the kernel chose") != 0)
		goto out;
	teach_out("server: bound to %s\n", text);
	pid = teach_fork();
	if (pid < 0)
		goto out;
	if (pid == 0)
		demo_udp_client(fd, (struct sockaddr *)&ss, len);
	for (int i = 0; i < 2; i++) {
		flen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &flen);
		if (n < 0) {
			narrate(NR_recvfrom, -1, "%d, buf, %zu, 0, &from, &len", fd, sizeof(buf) - 1);
			if (!teach_interrupted())
				sock_fail("recvfrom", AF_INET, SOCK_DGRAM);
			goto out;
		}
		narrate(NR_recvfrom, n, "%d, %s, %zu, 0, %s, [%u]\texactly one datagram, though the buffer holds %zu bytes",
			fd, narrate_string(buf, (size_t)n, 40, q, sizeof(q)), sizeof(buf) - 1,
			sock_addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)),
			(unsigned)flen, sizeof(buf) - 1);
		buf[n] = '\0';
		teach_out("server: datagram %d: \"%s\" (%zd bytes) from %s\n", i + 1, buf, n,
			  sock_addr_text((struct sockaddr *)&from, flen, text, sizeof(text)));
	}
	snprintf(reply, sizeof(reply), "got 2 datagrams");
	n = sendto(fd, reply, strlen(reply), 0, (struct sockaddr *)&from, flen);
	narrate(NR_sendto, n, "%d, %s, %zu, 0, %s, %u\tthe reply goes to the address recvfrom(2) gave",
		fd, narrate_string(reply, strlen(reply), 40, q, sizeof(q)), strlen(reply),
		sock_addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)), (unsigned)flen);
	if (n < 0) {
		sock_fail("sendto", AF_INET, SOCK_DGRAM);
		goto out;
	}
	sock_close(fd, "the server's socket");
	fd = -1;
	if (teach_wait(pid, &ws, 0) < 0)
		goto out;
	status = WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? 0 : 1;
	if (status == 0)
		teach_out("server: two sendto(2), two recvfrom(2): datagram boundaries are kept\n");
out:
	sock_close(fd, "the server's socket");
	return status;
}

int sock_demo(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unix", no_argument, NULL, 'u' },
		{ "tcp", no_argument, NULL, 't' },
		{ "udp", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	int kind = 0, c;

	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (c == '?')
			return bi_usage("demo: unknown option");
		if (kind && kind != c)
			return bi_usage("demo: give only one of --unix, --tcp and --udp");
		kind = c;
	}
	if (optind < argc)
		return bi_usage("demo: %s: unexpected argument", argv[optind]);
	if (kind == 'd')
		return demo_udp();
	return demo_stream(kind == 'u' ? AF_UNIX : AF_INET);
}

/* ---------------------------------------------------------------------
 * sock pair: socketpair(2), both directions at once; a pipe has one.
 * --------------------------------------------------------------------- */

/* Write MSG on FD, then read the other side's message.  0 or 1. */
static int pair_talk(int fd, const char *who)
{
	char msg[64], buf[256], q[200];
	ssize_t n;

	snprintf(msg, sizeof(msg), "%s %ld says hello", who, (long)getpid());
	n = write(fd, msg, strlen(msg));
	narrate(NR_write, n, "%d, %s, %zu\tthe %s writes first, without waiting", fd,
		narrate_string(msg, strlen(msg), 40, q, sizeof(q)), strlen(msg), who);
	if (n < 0)
		return sock_fail("write", AF_UNIX, SOCK_STREAM);
	n = read(fd, buf, sizeof(buf) - 1);
	narrate(NR_read, n, "%d, %s, %zu\tthen reads what the other side wrote", fd,
		n > 0 ? narrate_string(buf, (size_t)n, 40, q, sizeof(q)) : "\"\"", sizeof(buf) - 1);
	if (n <= 0) {
		if (n < 0 && !teach_interrupted())
			sock_fail("read", AF_UNIX, SOCK_STREAM);
		return 1;
	}
	buf[n] = '\0';
	teach_out("%s %ld: read \"%s\"\n", who, (long)getpid(), buf);
	return 0;
}

int sock_pair(int argc, char **argv)
{
	char t0[64], t1[64], q[20];
	int sv[2] = { -1, -1 }, p[2] = { -1, -1 }, r, ws, status = 1;
	ssize_t n;
	pid_t pid;

	if (argc > 1)
		return bi_usage("pair: %s: unexpected argument", argv[1]);
	r = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	if (r < 0) {
		narrate(NR_socketpair, -1, "AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, sv");
		return sock_fail("socketpair", AF_UNIX, SOCK_STREAM);
	}
	narrate(NR_socketpair, r, "AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [%d, %d]\tfd %d -> %s, fd %d -> %s: two sockets, connected to each other",
		sv[0], sv[1], sv[0], narrate_fd_target(0, sv[0], t0, sizeof(t0)),
		sv[1], narrate_fd_target(0, sv[1], t1, sizeof(t1)));
	teach_out("parent %ld: socketpair gave fds %d and %d; the child keeps %d, the parent %d\n",
		  (long)getpid(), sv[0], sv[1], sv[1], sv[0]);
	pid = teach_fork();
	if (pid < 0)
		goto out;
	if (pid == 0) {
		sock_close(sv[0], "the parent's end");
		r = pair_talk(sv[1], "child");
		sock_close(sv[1], "done");
		teach_child_exit(r);
	}
	sock_close(sv[1], "the child's end");
	sv[1] = -1;
	r = pair_talk(sv[0], "parent");
	sock_close(sv[0], "done");
	sv[0] = -1;
	if (teach_wait(pid, &ws, 0) < 0 || r != 0)
		goto out;
	if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
		goto out;
	teach_out("both wrote before reading, and neither blocked: a socket pair is full duplex, one buffer each way\n");

	/* The pipe, for comparison. */
	r = pipe2(p, O_CLOEXEC);
	if (r < 0) {
		narrate(NR_pipe2, -1, "fds, O_CLOEXEC");
		sock_fail("pipe2", AF_UNIX, SOCK_STREAM);
		goto out;
	}
	narrate(NR_pipe2, r, "[%d, %d], O_CLOEXEC\tfd %d and fd %d -> %s: one pipe, a read end and a write end",
		p[0], p[1], p[0], p[1], narrate_fd_target(0, p[0], t0, sizeof(t0)));
	n = write(p[0], "x", 1);
	narrate(NR_write, n, "%d, %s, 1\tthe read end cannot be written: a pipe goes one way",
		p[0], narrate_string("x", 1, 40, q, sizeof(q)));
	if (n < 0)
		teach_out("pipe: write(2) on the read end (fd %d) fails with %s: for two directions, two pipes are needed\n",
			  p[0], errno == EBADF ? "EBADF" : strerror(errno));
	sock_close(p[0], "the pipe's read end");
	sock_close(p[1], "the pipe's write end");
	status = n < 0 ? 0 : 1;
out:
	sock_close(sv[0], "the parent's end");
	sock_close(sv[1], "the child's end");
	return status;
}
