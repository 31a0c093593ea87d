/*
 * sock - sockets: socket(2), bind(2), listen(2), accept(2), connect(2),
 * read/write, send/recv, sendto/recvfrom, shutdown(2), close(2).
 *
 * The lesson: a socket is an fd like a pipe's, but it has an address
 * (a path for AF_UNIX, an IP address and a port for AF_INET), it carries
 * data both ways, and a server gets a new fd for each client from
 * accept(2) while the listening fd stays.  TCP is a byte stream (two
 * writes may arrive as one read); UDP keeps each datagram whole.  A
 * server serves several clients at once with one thread or one process
 * per client.
 *
 *	sock demo	server and client, two processes, every call shown
 *	sock pair	socketpair(2) against pipe(2)
 *	sock server	a real server, until Ctrl-C, kill %job, or a limit
 *	sock client	a real client
 *	sock ls		the sockets of the shell and its jobs, from /proc
 *	sock byteorder	htons(3) and friends, the bytes in memory
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "procview.h"
#include "rundir.h"
#include "shell.h"
#include "teach.h"

#define SUN_PATH_MAX	sizeof(((struct sockaddr_un *)0)->sun_path)
#define BUF_SIZE	4096
#define MAX_CLIENTS	1024
#define MAX_TIMEOUT	86400

/* ---------------------------------------------------------------------
 * Words for the narration: families, addresses, data, errors.
 * --------------------------------------------------------------------- */

static const char *af_name(int family)
{
	return family == AF_UNIX ? "AF_UNIX" : family == AF_INET ? "AF_INET" :
	       family == AF_INET6 ? "AF_INET6" : "AF_?";
}

static const char *type_name(int type)
{
	return type == SOCK_STREAM ? "SOCK_STREAM" :
	       type == SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_?";
}

/* "127.0.0.1:80", "[::1]:80", "/run/x.sock", "(unnamed)". */
static const char *addr_text(const struct sockaddr *sa, socklen_t len,
			     char *buf, size_t n)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int saved = errno;	/* a decoder among narrate()'s arguments */

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(buf, n, "%s:%u", host, ntohs(in->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(buf, n, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else if (sa->sa_family == AF_UNIX) {
		const struct sockaddr_un *un = (const void *)sa;
		size_t off = offsetof(struct sockaddr_un, sun_path);
		size_t plen = len > off ? len - off : 0;

		if (plen > SUN_PATH_MAX)
			plen = SUN_PATH_MAX;
		if (plen == 0)
			snprintf(buf, n, "(unnamed)");
		else if (un->sun_path[0] == '\0')
			snprintf(buf, n, "@%.*s", (int)plen - 1, un->sun_path + 1);
		else
			snprintf(buf, n, "%.*s", (int)strnlen(un->sun_path, plen),
				 un->sun_path);
	} else {
		snprintf(buf, n, "(family %d)", sa->sa_family);
	}
	errno = saved;
	return buf;
}

/* The address as a narration argument: {AF_INET, 127.0.0.1:0}. */
static const char *addr_arg(const struct sockaddr *sa, socklen_t len,
			    char *buf, size_t n)
{
	char text[160];
	int saved = errno;

	addr_text(sa, len, text, sizeof(text));
	if (sa->sa_family == AF_UNIX && len <= offsetof(struct sockaddr_un, sun_path))
		snprintf(buf, n, "{AF_UNIX, unnamed}");
	else if (sa->sa_family == AF_UNIX)
		snprintf(buf, n, "{AF_UNIX, \"%s\"}", text);
	else
		snprintf(buf, n, "{%s, %s}", af_name(sa->sa_family), text);
	errno = saved;
	return buf;
}


/* The errno of a failed socket call, explained for the class. */
static void hint_for(int err, int family, int type)
{
	switch (err) {
	case EADDRINUSE:
		if (family == AF_UNIX)
			bi_hint("EADDRINUSE: a file is already at that path: a server still running there (try sock client --unix PATH), or one that died without unlinking its socket; labsh never removes a file it did not create: rm it yourself if it is stale, or pick another name");
		else
			bi_hint("EADDRINUSE: another socket is bound to that port already, a server still running (sock ls, ss -ltn); SO_REUSEADDR only lets a new server bind over connections of an old one still in TIME_WAIT, never over a live listener; pick another port, or port 0 for any free one");
		break;
	case ECONNREFUSED:
		if (family == AF_UNIX)
			bi_hint("ECONNREFUSED: the socket file is there but no process listens on it any more (its server died without unlinking it)");
		else if (type == SOCK_DGRAM)
			bi_hint("ECONNREFUSED: an ICMP \"port unreachable\" came back: no socket is bound to that UDP port; start a server first (sock server --udp PORT &)");
		else
			bi_hint("ECONNREFUSED: nothing listens on that port: the kernel answered the connection request (SYN) with a reset (RST); start a server first (sock server --tcp PORT &) and check the port it printed");
		break;
	case ENOENT:
		bi_hint("ENOENT: no socket file at that path: start the server first, or check the name (a bare name is looked up in the runtime directory, see ipc dir)");
		break;
	case EACCES:
		if (family == AF_UNIX)
			bi_hint("EACCES: you may not create or use a file there: a directory on the path is not writable or searchable for you");
		else
			bi_hint("EACCES: ports below 1024 are reserved to root (CAP_NET_BIND_SERVICE); use a port of 1024 or more, or port 0");
		break;
	case EADDRNOTAVAIL:
		bi_hint("EADDRNOTAVAIL: no interface of this machine has that address (ip addr lists them); use 127.0.0.1, [::1] or 0.0.0.0");
		break;
	case ENETUNREACH:
	case EHOSTUNREACH:
		bi_hint("%s: no route to that network or host; check the address, or use 127.0.0.1",
			err == ENETUNREACH ? "ENETUNREACH" : "EHOSTUNREACH");
		break;
	case ETIMEDOUT:
		bi_hint("ETIMEDOUT: the other side never answered (a firewall that drops packets, or a host that is down)");
		break;
	case ECONNRESET:
		bi_hint("ECONNRESET: the other side ended the connection abruptly (a reset: it closed with unread data, or it died)");
		break;
	case EPIPE:
		bi_hint("EPIPE: the other side has closed the connection; writing more is an error (and would raise SIGPIPE without MSG_NOSIGNAL)");
		break;
	case EMFILE:
	case ENFILE:
		bi_hint("%s: no free file descriptor (ulimit -n): every socket, and every accepted connection, takes one",
			err == EMFILE ? "EMFILE" : "ENFILE");
		break;
	case EAFNOSUPPORT:
		bi_hint("EAFNOSUPPORT: the kernel does not support that address family here (is IPv6 disabled?)");
		break;
	}
}

/* The message and the hint of a failed call named WHAT; returns 1. */
static int sock_fail(const char *what, int family, int type)
{
	int err = errno;

	bi_error_errno("%s", what);
	hint_for(err, family, type);
	return 1;
}

static pid_t my_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---------------------------------------------------------------------
 * Narrated calls shared by the subcommands.
 * --------------------------------------------------------------------- */

static int n_socket(int family, int type, const char *note)
{
	char target[64];
	int fd = socket(family, type | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		narrate(NR_socket, -1, "%s, %s|SOCK_CLOEXEC, 0", af_name(family),
			type_name(type));
		sock_fail("socket", family, type);
		return -1;
	}
	narrate(NR_socket, fd, "%s, %s|SOCK_CLOEXEC, 0\tfd %d -> %s: %s",
		af_name(family), type_name(type), fd,
		narrate_fd_target(0, fd, target, sizeof(target)), note);
	return fd;
}

static void n_close(int fd, const char *note)
{
	int r;

	if (fd < 0)
		return;
	r = close(fd);
	narrate(NR_close, r, "%d\t%s", fd, note);
}

static int n_reuseaddr(int fd)
{
	int one = 1;
	int r = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));

	narrate(NR_setsockopt, r, "%d, SOL_SOCKET, SO_REUSEADDR, [1], 4\tbind even if old connections on the port are in TIME_WAIT",
		fd);
	if (r < 0)
		return sock_fail("setsockopt SO_REUSEADDR", AF_INET, SOCK_STREAM);
	return 0;
}

static int n_bind(int fd, const struct sockaddr *sa, socklen_t len, int type,
		  const char *note)
{
	char arg[200];
	int r = bind(fd, sa, len);

	narrate(NR_bind, r, "%d, %s, %u\t%s", fd,
		addr_arg(sa, len, arg, sizeof(arg)), (unsigned)len,
		r == 0 ? note : "");
	if (r < 0) {
		char what[220];

		snprintf(what, sizeof(what), "bind %s",
			 addr_text(sa, len, arg, sizeof(arg)));
		return sock_fail(what, sa->sa_family, type);
	}
	return 0;
}

/* getsockname(2) into SS; the address in TEXT.  0, or 1 after an error. */
static int n_getsockname(int fd, struct sockaddr_storage *ss, socklen_t *len,
			 char *text, size_t n, const char *note)
{
	int r;

	*len = sizeof(*ss);
	r = getsockname(fd, (struct sockaddr *)ss, len);
	if (r < 0) {
		narrate(NR_getsockname, -1, "%d, &addr, &len", fd);
		return sock_fail("getsockname", AF_UNSPEC, 0);
	}
	addr_text((struct sockaddr *)ss, *len, text, n);
	narrate(NR_getsockname, r, "%d, {%s, %s}, [%u]\t%s", fd,
		af_name(ss->ss_family), text, (unsigned)*len, note);
	return 0;
}

static int n_listen(int fd, int backlog)
{
	int r = listen(fd, backlog);

	narrate(NR_listen, r, "%d, %d\tpassive now: the kernel queues up to %d connections until accept(2) takes them",
		fd, backlog, backlog);
	if (r < 0)
		return sock_fail("listen", AF_UNSPEC, SOCK_STREAM);
	return 0;
}

/* ---------------------------------------------------------------------
 * Addresses from the command line.
 * --------------------------------------------------------------------- */

struct endpoint {
	int family;			/* AF_UNIX, AF_INET, AF_INET6 */
	int type;			/* SOCK_STREAM, SOCK_DGRAM */
	struct sockaddr_storage ss;	/* the (first) address */
	socklen_t len;
	struct addrinfo *ai;		/* every address of HOST, for connect */
	char text[200];			/* the address, as shown */
};

/* A port: digits, 0 (any free one; servers only) to 65535.  0 or 2. */
static int parse_port(const char *s, bool server, char *out, size_t n)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || *s == '-' || *s == '+')
		return bi_usage("%s: not a port number", s);
	if (v > 65535 || (!server && v == 0))
		return bi_usage("port %s: out of range: a port is 16 bits, %s to 65535%s",
				s, server ? "0" : "1",
				server ? " (0: the kernel picks a free one)" : "");
	snprintf(out, n, "%ld", v);
	return 0;
}

/*
 * AF_UNIX: a bare name (no slash) goes into the private runtime
 * directory; a path is used as it is.  0, or 1 after an error.
 */
static int endpoint_unix(const char *arg, bool server, struct endpoint *e)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&e->ss;
	char path[4096];

	memset(e, 0, sizeof(*e));
	e->family = AF_UNIX;
	e->type = SOCK_STREAM;
	if (!*arg)
		return bi_usage("--unix: a path or a name is required");
	if (strchr(arg, '/')) {
		snprintf(path, sizeof(path), "%s", arg);
	} else if (server) {
		if (!rundir_path(arg, path, sizeof(path)))
			return bi_error_errno("runtime directory");
	} else {
		const char *dir = rundir_existing();

		if (!dir) {
			bi_error("%s: no such socket: the runtime directory does not exist yet", arg);
			bi_hint("ENOENT: no server has made a socket there; start one first (sock server --unix %s &)", arg);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, arg);
	}
	if (strlen(path) >= SUN_PATH_MAX) {
		bi_error("%.60s...: path too long for an AF_UNIX address (%zu bytes)",
			 path, strlen(path));
		bi_hint("ENAMETOOLONG: sun_path in struct sockaddr_un holds %zu bytes, so a path of at most %zu characters and its NUL; use a shorter path, or a bare name (it goes into the runtime directory)",
			SUN_PATH_MAX, SUN_PATH_MAX - 1);
		return 1;
	}
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, strlen(path) + 1);
	e->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
	snprintf(e->text, sizeof(e->text), "%s", path);
	return 0;
}

/* "AI_PASSIVE|AI_NUMERICSERV" */
static const char *ai_flags(int flags)
{
	return flags & AI_PASSIVE ? "AI_PASSIVE|AI_NUMERICSERV" : "AI_NUMERICSERV";
}

/*
 * [ADDR:]PORT for a server (ADDR 127.0.0.1 by default), HOST:PORT for a
 * client; [v6addr]:PORT.  getaddrinfo(3) makes the addresses.  0, 1 after
 * an error, 2 after a usage message.
 */
static int endpoint_inet(const char *arg, int type, bool server,
			 struct endpoint *e)
{
	const char *opt = type == SOCK_DGRAM ? "--udp" : "--tcp";
	char host[256], port[24], text[200];
	const char *colon, *p;
	struct addrinfo hints = { 0 }, *res, *ai;
	int r, n = 0;

	memset(e, 0, sizeof(*e));
	e->type = type;
	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (!close || close[1] != ':' || (size_t)(close - arg - 1) >= sizeof(host))
			return bi_usage("%s %s: an IPv6 address is written [ADDR]:PORT, e.g. [::1]:8080",
					opt, arg);
		memcpy(host, arg + 1, (size_t)(close - arg - 1));
		host[close - arg - 1] = '\0';
		p = close + 2;
	} else if ((colon = strrchr(arg, ':'))) {
		if ((size_t)(colon - arg) >= sizeof(host))
			return bi_usage("%s %s: host name too long", opt, arg);
		memcpy(host, arg, (size_t)(colon - arg));
		host[colon - arg] = '\0';
		p = colon + 1;
		if (strchr(host, ':'))
			return bi_usage("%s %s: an IPv6 address is written [ADDR]:PORT, e.g. [::1]:8080",
					opt, arg);
	} else {
		snprintf(host, sizeof(host), "127.0.0.1");
		p = arg;
	}
	if (!*host)
		snprintf(host, sizeof(host), "127.0.0.1");
	if ((r = parse_port(p, server, port, sizeof(port))) != 0)
		return r;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = type;
	hints.ai_flags = AI_NUMERICSERV | (server ? AI_PASSIVE : 0);
	r = getaddrinfo(host, port, &hints, &res);
	if (r != 0) {
		int err = errno;

		narrate(NR_getaddrinfo, r, "\"%s\", \"%s\", {%s, %s}, &res\t%s",
			host, port, ai_flags(hints.ai_flags), type_name(type),
			gai_strerror(r));
		if (r == EAI_SYSTEM) {
			errno = err;
			bi_error_errno("getaddrinfo: %s", host);
		} else {
			bi_error("getaddrinfo: %s: %s", host, gai_strerror(r));
		}
		if (r == EAI_NONAME)
			bi_hint("EAI_NONAME: no host has that name (looked up in /etc/hosts, then DNS, as /etc/nsswitch.conf says); check the spelling, or give a numeric address such as 127.0.0.1 or [::1]");
		else if (r == EAI_AGAIN)
			bi_hint("EAI_AGAIN: the name server did not answer (no network?); try again, or give a numeric address such as 127.0.0.1");
		else if (r == EAI_FAMILY || r == EAI_ADDRFAMILY)
			bi_hint("that host has no address of a family this machine supports; try 127.0.0.1");
		else
			bi_hint("the name could not be turned into an address; give a numeric address such as 127.0.0.1 or [::1]");
		return 1;
	}
	for (ai = res; ai; ai = ai->ai_next)
		n++;
	narrate(NR_getaddrinfo, 0, "\"%s\", \"%s\", {%s, %s}, &res\t%d address%s, the first %s",
		host, port, ai_flags(hints.ai_flags), type_name(type), n,
		n == 1 ? "" : "es",
		addr_text(res->ai_addr, res->ai_addrlen, text, sizeof(text)));
	e->family = res->ai_family;
	memcpy(&e->ss, res->ai_addr, res->ai_addrlen);
	e->len = res->ai_addrlen;
	snprintf(e->text, sizeof(e->text), "%s", text);
	e->ai = res;
	return 0;
}

static void endpoint_free(struct endpoint *e)
{
	if (e->ai)
		freeaddrinfo(e->ai);
	e->ai = NULL;
}

/* --unix PATH | --tcp SPEC | --udp SPEC, seen by getopt_long. */
struct where {
	int kind;		/* 'u', 't', 'd', or 0 */
	const char *arg;
};

static int where_set(struct where *w, int kind, const char *arg)
{
	if (w->kind)
		return bi_usage("give only one of --unix, --tcp and --udp");
	w->kind = kind;
	w->arg = arg;
	return 0;
}

static int where_resolve(const struct where *w, bool server, struct endpoint *e)
{
	if (!w->kind)
		return bi_usage("one of --unix, --tcp or --udp is required");
	if (w->kind == 'u')
		return endpoint_unix(w->arg, server, e);
	return endpoint_inet(w->arg, w->kind == 't' ? SOCK_STREAM : SOCK_DGRAM,
			     server, e);
}

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

	n_close(lfd, "the child's copy of the listening socket: a client does not need it");
	teach_out("client: PID %ld, connects in 0.3 s, so that the server's accept(2) is seen waiting\n",
		  (long)getpid());
	if (teach_sleep(300) < 0)
		teach_child_exit(1);
	fd = n_socket(sa->sa_family, SOCK_STREAM, "the client's socket, no address yet");
	if (fd < 0)
		teach_child_exit(1);
	r = connect(fd, sa, salen);
	narrate(NR_connect, r, "%d, %s, %u\t%s", fd, addr_arg(sa, salen, arg, sizeof(arg)),
		(unsigned)salen,
		sa->sa_family == AF_UNIX ? "connected through the socket file" :
		"three-way handshake done (SYN, SYN-ACK, ACK)");
	if (r < 0) {
		sock_fail("connect", sa->sa_family, SOCK_STREAM);
		teach_child_exit(1);
	}
	if (sa->sa_family != AF_UNIX &&
	    n_getsockname(fd, &me, &melen, text, sizeof(text),
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
	n_close(fd, "the client's socket: the connection is gone");
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
	lfd = n_socket(family, SOCK_STREAM, "the server's socket, no address yet");
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

		if (n_reuseaddr(lfd) != 0)
			goto out;
		in->sin_family = AF_INET;
		in->sin_port = htons(0);
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*in);
	}
	if (n_bind(lfd, (struct sockaddr *)&ss, len, SOCK_STREAM,
		   family == AF_UNIX ? "bind(2) made the socket file" :
		   "port 0: the kernel picks a free port") != 0)
		goto out;
	if (family == AF_UNIX) {
		cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, path);
		have_path = true;
	} else if (n_getsockname(lfd, &ss, &len, text, sizeof(text),
				 "the port the kernel chose") != 0) {
		goto out;
	}
	teach_out("server: bound to %s\n", family == AF_UNIX ? path : text);
	if (n_listen(lfd, 8) != 0)
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
		lfd, addr_arg((struct sockaddr *)&peer, plen, arg, sizeof(arg)),
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
			  addr_text((struct sockaddr *)&peer, plen, text, sizeof(text)));
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
	n_close(cfd, "the connection's fd: the client's read(2) now returns 0");
	cfd = -1;
	n_close(lfd, "the listening socket: no more connections");
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
	n_close(cfd, "the connection");
	n_close(lfd, "the listening socket");
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

	n_close(sfd, "the child's copy of the server's socket");
	fd = n_socket(sa->sa_family, SOCK_DGRAM, "the client's socket");
	if (fd < 0)
		teach_child_exit(1);
	for (int i = 0; i < 2; i++) {
		n = sendto(fd, msgs[i], strlen(msgs[i]), 0, sa, salen);
		narrate(NR_sendto, n, "%d, %s, %zu, 0, %s, %u\t%s", fd,
			narrate_string(msgs[i], strlen(msgs[i]), 40, q, sizeof(q)),
			strlen(msgs[i]), addr_arg(sa, salen, arg, sizeof(arg)),
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
		addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)),
		(unsigned)flen);
	buf[n] = '\0';
	teach_out("client: got \"%s\" from %s\n", buf,
		  addr_text((struct sockaddr *)&from, flen, text, sizeof(text)));
	n_close(fd, "the client's socket");
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
	fd = n_socket(AF_INET, SOCK_DGRAM, "a UDP socket");
	if (fd < 0)
		return 1;
	memset(&ss, 0, sizeof(ss));
	in->sin_family = AF_INET;
	in->sin_port = htons(0);
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (n_bind(fd, (struct sockaddr *)&ss, len, SOCK_DGRAM,
		   "port 0: the kernel picks a free port") != 0)
		goto out;
	if (n_getsockname(fd, &ss, &len, text, sizeof(text), "the port the kernel chose") != 0)
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
			addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)),
			(unsigned)flen, sizeof(buf) - 1);
		buf[n] = '\0';
		teach_out("server: datagram %d: \"%s\" (%zd bytes) from %s\n", i + 1, buf, n,
			  addr_text((struct sockaddr *)&from, flen, text, sizeof(text)));
	}
	snprintf(reply, sizeof(reply), "got 2 datagrams");
	n = sendto(fd, reply, strlen(reply), 0, (struct sockaddr *)&from, flen);
	narrate(NR_sendto, n, "%d, %s, %zu, 0, %s, %u\tthe reply goes to the address recvfrom(2) gave",
		fd, narrate_string(reply, strlen(reply), 40, q, sizeof(q)), strlen(reply),
		addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)), (unsigned)flen);
	if (n < 0) {
		sock_fail("sendto", AF_INET, SOCK_DGRAM);
		goto out;
	}
	n_close(fd, "the server's socket");
	fd = -1;
	if (teach_wait(pid, &ws, 0) < 0)
		goto out;
	status = WIFEXITED(ws) && WEXITSTATUS(ws) == 0 ? 0 : 1;
	if (status == 0)
		teach_out("server: two sendto(2), two recvfrom(2): datagram boundaries are kept\n");
out:
	n_close(fd, "the server's socket");
	return status;
}

static int sock_demo(int argc, char **argv)
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

static int sock_pair(int argc, char **argv)
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
		n_close(sv[0], "the parent's end");
		r = pair_talk(sv[1], "child");
		n_close(sv[1], "done");
		teach_child_exit(r);
	}
	n_close(sv[1], "the child's end");
	sv[1] = -1;
	r = pair_talk(sv[0], "parent");
	n_close(sv[0], "done");
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
	n_close(p[0], "the pipe's read end");
	n_close(p[1], "the pipe's write end");
	status = n < 0 ? 0 : 1;
out:
	n_close(sv[0], "the parent's end");
	n_close(sv[1], "the child's end");
	return status;
}

/* ---------------------------------------------------------------------
 * sock server.
 * --------------------------------------------------------------------- */

enum model { ONE_AT_A_TIME, THREADS, PROCESSES };

struct client {
	long number;		/* 1, 2, ... */
	int fd;			/* -1 once closed; under lock */
	bool done;		/* the thread has finished; under lock */
	pid_t tid;		/* its thread's TID; under lock */
	bool print;
	pthread_t thread;
	pthread_mutex_t lock;
	int done_fd;		/* the write end of the server's done pipe */
};

struct server {
	struct endpoint ep;
	bool print;		/* --print; else --echo */
	enum model model;
	long max_clients;	/* 0: no limit */
	long timeout;		/* seconds idle; 0: none */
	int lfd;
	long served;
	char path[200];		/* the socket file we made, or "" */
	struct client **clients;	/* THREADS: not joined yet */
	size_t nclients;
	int done[2];		/* THREADS: each thread writes a byte at its end */
	pid_t *kids;		/* PROCESSES: not reaped yet */
	size_t nkids;
};

/*
 * Serve one connection until the client closes it: echo or print what it
 * sends.  TID is 0 in the main thread.  0, or 1 after an error.
 */
static int serve_connection(int fd, long number, bool print, pid_t tid)
{
	char buf[BUF_SIZE], q[200], who[40];
	long long total = 0;

	who[0] = '\0';
	if (tid)
		snprintf(who, sizeof(who), "tid %ld: ", (long)tid);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR && !teach_interrupted())
			continue;
		narrate(NR_read, n, "%d, %s, %zu\t%s%s", fd,
			n > 0 ? narrate_string(buf, (size_t)n, 40, q, sizeof(q)) : "buf", sizeof(buf),
			who, n == 0 ? "end of file: the client has closed or shut down its end" :
			n > 0 ? "what the client sent" : "");
		if (n < 0) {
			if (teach_interrupted()) {
				teach_out("client %ld: the server is stopping\n", number);
				return 0;
			}
			if (errno == ECONNRESET)
				break;
			return sock_fail("read", AF_UNSPEC, SOCK_STREAM);
		}
		if (n == 0)
			break;
		total += n;
		if (print) {
			const char *p = buf, *end = buf + n;

			while (p < end) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

				teach_out("client %ld: %.*s\n", number, (int)l, p);
				p += l + (nl != NULL);
			}
		} else {
			ssize_t w = send(fd, buf, (size_t)n, MSG_NOSIGNAL);

			narrate(NR_send, w, "%d, %s, %zd, MSG_NOSIGNAL\t%sthe echo", fd,
				narrate_string(buf, (size_t)n, 40, q, sizeof(q)), n, who);
			if (w < 0) {
				if (errno == EPIPE || errno == ECONNRESET)
					break;
				return sock_fail("send", AF_UNSPEC, SOCK_STREAM);
			}
			teach_out("client %ld: echoed %zd bytes\n", number, n);
		}
	}
	teach_out("client %ld: disconnected after %lld bytes\n", number, total);
	return 0;
}

static void *client_thread(void *arg)
{
	struct client *c = arg;
	pid_t tid = my_tid();
	ssize_t w;

	narrate(NR_gettid, tid, "\ttid %ld: the thread serving client %ld",
		(long)tid, c->number);
	pthread_mutex_lock(&c->lock);
	c->tid = tid;
	pthread_mutex_unlock(&c->lock);
	teach_out("client %ld: served by thread TID %ld of PID %ld\n", c->number,
		  (long)tid, (long)getpid());
	serve_connection(c->fd, c->number, c->print, tid);
	pthread_mutex_lock(&c->lock);
	{
		int r = close(c->fd);

		narrate(NR_close, r, "%d\ttid %ld: client %ld's connection", c->fd,
			(long)tid, c->number);
	}
	c->fd = -1;
	c->done = true;
	pthread_mutex_unlock(&c->lock);
	w = write(c->done_fd, "", 1);
	narrate(NR_write, w, "%d, \"\\0\", 1\ttid %ld: tell the main thread to join me",
		c->done_fd, (long)tid);
	return NULL;
}

/* The stop signals, which only the main thread may take. */
static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGQUIT);
}

static int start_thread(struct server *s, int fd)
{
	struct client *c = xcalloc(1, sizeof(*c));
	sigset_t stop, old;
	int r;

	c->number = s->served;
	c->fd = fd;
	c->print = s->print;
	c->done_fd = s->done[1];
	pthread_mutex_init(&c->lock, NULL);
	stop_signals(&stop);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	narrate(NR_pthread_sigmask, 0, "SIG_BLOCK, [INT TERM HUP QUIT], &old\tthe new thread inherits this mask: Ctrl-C and kill stay for the main thread");
	r = pthread_create(&c->thread, NULL, client_thread, c);
	narrate_errnum(NR_pthread_create, r, "&thread, NULL, client_thread, client %ld\t%s",
		       c->number, r ? "" : "one thread per client");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	narrate(NR_pthread_sigmask, 0, "SIG_SETMASK, &old, NULL\tthe main thread takes the stop signals again");
	if (r != 0) {
		errno = r;
		bi_error_errno("pthread_create");
		if (r == EAGAIN)
			bi_hint("EAGAIN: the limit on threads was reached (ulimit -u, threads-max)");
		n_close(fd, "the connection nobody can serve");
		pthread_mutex_destroy(&c->lock);
		free(c);
		return 1;
	}
	s->clients = xrealloc(s->clients, (s->nclients + 1) * sizeof(*s->clients));
	s->clients[s->nclients++] = c;
	return 0;
}

/* Join the threads that have finished (ALL: every thread, waiting). */
static void join_threads(struct server *s, bool all)
{
	size_t i = 0;

	while (i < s->nclients) {
		struct client *c = s->clients[i];
		bool done;
		pid_t tid;
		int r;

		pthread_mutex_lock(&c->lock);
		done = c->done;
		tid = c->tid;
		pthread_mutex_unlock(&c->lock);
		if (!done && !all) {
			i++;
			continue;
		}
		r = pthread_join(c->thread, NULL);
		narrate_errnum(NR_pthread_join, r, "thread of client %ld, NULL\tthread %ld has ended; its stack is freed",
			       c->number, (long)tid);
		pthread_mutex_destroy(&c->lock);
		free(c);
		s->clients[i] = s->clients[--s->nclients];
	}
}

/* Threads still serving a client. */
static size_t threads_busy(struct server *s)
{
	size_t busy = 0;

	for (size_t i = 0; i < s->nclients; i++) {
		pthread_mutex_lock(&s->clients[i]->lock);
		busy += !s->clients[i]->done;
		pthread_mutex_unlock(&s->clients[i]->lock);
	}
	return busy;
}

/* Wake every thread's read(2) with end of file: the server is stopping. */
static void shutdown_threads(struct server *s)
{
	for (size_t i = 0; i < s->nclients; i++) {
		struct client *c = s->clients[i];

		pthread_mutex_lock(&c->lock);
		if (c->fd >= 0) {
			int r = shutdown(c->fd, SHUT_RDWR);

			narrate(NR_shutdown, r, "%d, SHUT_RDWR\tclient %ld: wakes thread %ld's read(2) with end of file",
				c->fd, c->number, (long)c->tid);
		}
		pthread_mutex_unlock(&c->lock);
	}
}

/* Reap the children that have ended, without waiting (WNOHANG). */
static void reap_kids(struct server *s)
{
	size_t i = 0;

	while (i < s->nkids) {
		char what[80];
		int ws;
		pid_t r = waitpid(s->kids[i], &ws, WNOHANG);

		if (r == 0 || (r < 0 && errno == EINTR)) {
			i++;
			continue;
		}
		if (r > 0) {
			narrate(NR_waitpid, r, "%ld, &status, WNOHANG\t%s: reaped, no zombie left",
				(long)r, narrate_wait_status(ws, what, sizeof(what)));
			cleanup_forget(CLEAN_PROCESS, r, NULL);
		}
		s->kids[i] = s->kids[--s->nkids];
	}
}

/* At the end: wait for every child (after SIGTERM when stopping). */
static void wait_kids(struct server *s)
{
	bool killed = false;
	int tries = 0;

	while (s->nkids > 0 && tries < 100) {
		pid_t pid = s->kids[s->nkids - 1];

		if (teach_interrupted() && !killed) {
			for (size_t i = 0; i < s->nkids; i++) {
				int r = kill(s->kids[i], SIGTERM);

				narrate(NR_kill, r, "%ld, SIGTERM\tthe server is stopping: end the child serving a client",
					(long)s->kids[i]);
			}
			killed = true;
		}
		if (teach_wait(pid, NULL, 0) == pid) {
			s->nkids--;
			continue;
		}
		if (!teach_interrupted())
			break;		/* ECHILD: teach_end cleans up */
		tries++;		/* a signal cut the wait: again */
	}
}

/*
 * --fork: a child that ends sends SIGCHLD; the handler (which also runs
 * the shell's own) lets poll(2) return EINTR, so the server reaps the
 * child at once instead of leaving a zombie until the next client.
 */
static struct sigaction old_chld;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
	if (old_chld.sa_flags & SA_SIGINFO) {
		if (old_chld.sa_sigaction)
			old_chld.sa_sigaction(sig, si, ctx);
	} else if (old_chld.sa_handler != SIG_DFL &&
		   old_chld.sa_handler != SIG_IGN) {
		old_chld.sa_handler(sig);
	}
}

static bool catch_chld(void)
{
	struct sigaction sa = { 0 };
	int r;

	sigaction(SIGCHLD, NULL, &old_chld);
	if (old_chld.sa_handler == SIG_IGN)
		return false;	/* children are reaped by the kernel */
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO;	/* no SA_RESTART: poll(2) sees EINTR */
	sigemptyset(&sa.sa_mask);
	r = sigaction(SIGCHLD, &sa, NULL);
	narrate(NR_sigaction, r, "SIGCHLD, {handler, no SA_RESTART}, &old\ta child's end interrupts poll(2): reap it at once, no zombie");
	return r == 0;
}

static void restore_chld(void)
{
	int r = sigaction(SIGCHLD, &old_chld, NULL);

	narrate(NR_sigaction, r, "SIGCHLD, &old, NULL\tthe shell's own SIGCHLD handling again");
}

static int start_process(struct server *s, int fd)
{
	pid_t pid = teach_fork();

	if (pid < 0) {
		n_close(fd, "the connection nobody can serve");
		return 1;
	}
	if (pid == 0) {
		int r;

		n_close(s->lfd, "the child's copy of the listening socket");
		teach_out("client %ld: served by process PID %ld\n", s->served, (long)getpid());
		r = serve_connection(fd, s->served, s->print, 0);
		n_close(fd, "the connection");
		teach_child_exit(r);
	}
	n_close(fd, "the parent's copy of the connection: the child serves it");
	s->kids = xrealloc(s->kids, (s->nkids + 1) * sizeof(*s->kids));
	s->kids[s->nkids++] = pid;
	return 0;
}

/* Who connected: the peer's address, or its PID for AF_UNIX. */
static void show_peer(int fd, const struct sockaddr *peer, socklen_t plen,
		      long number)
{
	char text[200];

	if (peer->sa_family == AF_UNIX) {
		struct ucred cr;
		socklen_t crlen = sizeof(cr);
		int r = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen);

		if (r == 0) {
			narrate(NR_getsockopt, r, "%d, SOL_SOCKET, SO_PEERCRED, {pid=%ld, uid=%ld, gid=%ld}\tan AF_UNIX peer has no address, but the kernel knows who it is",
				fd, (long)cr.pid, (long)cr.uid, (long)cr.gid);
			teach_out("client %ld connected: PID %ld, UID %ld (fd %d)\n",
				  number, (long)cr.pid, (long)cr.uid, fd);
			return;
		}
		narrate(NR_getsockopt, r, "%d, SOL_SOCKET, SO_PEERCRED", fd);
		teach_out("client %ld connected (fd %d)\n", number, fd);
		return;
	}
	teach_out("client %ld connected from %s (fd %d)\n", number,
		  addr_text(peer, plen, text, sizeof(text)), fd);
}

/* poll(2) the listening socket (and the done pipe); the narrated result. */
static int server_poll(struct server *s, bool *done_ready)
{
	struct pollfd pfd[2] = {
		{ .fd = s->lfd, .events = POLLIN },
		{ .fd = s->done[0], .events = POLLIN },
	};
	nfds_t n = s->done[0] >= 0 ? 2 : 1;
	int ms = s->timeout ? (int)(s->timeout * 1000) : -1;
	int r;

	*done_ready = false;
	r = poll(pfd, n, ms);
	if (r < 0 && errno == EINTR && !teach_interrupted())
		return -2;		/* SIGCHLD: look again */
	if (r < 0) {
		narrate(NR_poll, -1, "[{fd=%d, POLLIN}%s], %lu, %d\t%s", s->lfd,
			n == 2 ? ", {done pipe}" : "", (unsigned long)n, ms,
			teach_interrupted() ? "interrupted by a stop signal: the server ends" : "");
		return -1;
	}
	if (r == 0) {
		narrate(NR_poll, 0, "[{fd=%d, POLLIN}%s], %lu, %d\tnothing for %ld s",
			s->lfd, n == 2 ? ", {done pipe}" : "", (unsigned long)n, ms,
			s->timeout);
		return 0;
	}
	*done_ready = n == 2 && (pfd[1].revents & POLLIN);
	if (pfd[0].revents)
		narrate(NR_poll, r, "[{fd=%d, POLLIN}%s], %lu, %d\t%s", s->lfd,
			n == 2 ? ", {done pipe}" : "", (unsigned long)n, ms,
			s->ep.type == SOCK_DGRAM ? "a datagram is waiting" :
			"a client is waiting in the listen queue");
	return pfd[0].revents ? 1 : 2;
}

static int server_stream(struct server *s)
{
	int status = 0;

	for (;;) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		bool done_ready;
		char arg[200];
		int r, fd;

		if (s->max_clients && s->served >= s->max_clients) {
			teach_out("served %ld client%s: --max-clients reached\n", s->served,
				  s->served == 1 ? "" : "s");
			break;
		}
		if (teach_interrupted())
			break;
		r = server_poll(s, &done_ready);
		if (done_ready) {
			char buf[64];
			ssize_t n = read(s->done[0], buf, sizeof(buf));

			narrate(NR_read, n, "%d, buf, %zu\tthe done pipe: %zd thread%s finished",
				s->done[0], sizeof(buf), n, n == 1 ? "" : "s");
			join_threads(s, false);
		}
		if (s->model == PROCESSES)
			reap_kids(s);
		if (r == -2 || r == 2)
			continue;
		if (r < 0) {
			if (!teach_interrupted())
				status = sock_fail("poll", AF_UNSPEC, 0);
			break;
		}
		if (r == 0) {
			if ((s->model == THREADS && threads_busy(s)) ||
			    (s->model == PROCESSES && s->nkids))
				continue;	/* clients are still busy: not idle */
			teach_out("no client for %ld s: --timeout ends the server\n", s->timeout);
			break;
		}
		fd = accept4(s->lfd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
		if (fd < 0) {
			narrate(NR_accept4, -1, "%d, &addr, &len, SOCK_CLOEXEC", s->lfd);
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
				continue;
			status = sock_fail("accept", s->ep.family, SOCK_STREAM);
			break;
		}
		s->served++;
		narrate(NR_accept4, fd, "%d, %s, [%u], SOCK_CLOEXEC\tclient %ld: a new fd for this connection; fd %d still listens",
			s->lfd, addr_arg((struct sockaddr *)&peer, plen, arg, sizeof(arg)),
			(unsigned)plen, s->served, s->lfd);
		show_peer(fd, (struct sockaddr *)&peer, plen, s->served);
		if (s->model == THREADS) {
			if (start_thread(s, fd) != 0) {
				status = 1;
				break;
			}
		} else if (s->model == PROCESSES) {
			if (start_process(s, fd) != 0) {
				status = 1;
				break;
			}
			reap_kids(s);
		} else {
			if (serve_connection(fd, s->served, s->print, 0) != 0)
				status = 1;
			n_close(fd, "the connection");
		}
	}
	return status;
}

static int server_dgram(struct server *s)
{
	char buf[65536], q[200], arg[200], text[200];
	int status = 0;

	for (;;) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		bool done_ready;
		ssize_t n;
		int r;

		if (s->max_clients && s->served >= s->max_clients) {
			teach_out("received %ld datagram%s: --max-clients reached\n",
				  s->served, s->served == 1 ? "" : "s");
			break;
		}
		r = server_poll(s, &done_ready);
		if (r == -2)
			continue;
		if (r < 0) {
			if (!teach_interrupted())
				status = sock_fail("poll", AF_UNSPEC, 0);
			break;
		}
		if (r == 0) {
			teach_out("no datagram for %ld s: --timeout ends the server\n", s->timeout);
			break;
		}
		n = recvfrom(s->lfd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
		if (n < 0) {
			narrate(NR_recvfrom, -1, "%d, buf, %zu, 0, &from, &len", s->lfd, sizeof(buf));
			if (errno == EINTR)
				continue;
			status = sock_fail("recvfrom", s->ep.family, SOCK_DGRAM);
			break;
		}
		s->served++;
		narrate(NR_recvfrom, n, "%d, %s, %zu, 0, %s, [%u]\tone whole datagram, never part of one nor two",
			s->lfd, narrate_string(buf, (size_t)n, 40, q, sizeof(q)), sizeof(buf),
			addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)), (unsigned)flen);
		addr_text((struct sockaddr *)&from, flen, text, sizeof(text));
		teach_out("datagram %ld from %s: %zd bytes: %.*s\n", s->served, text, n,
			  (int)(n > 200 ? 200 : n), buf);
		if (!s->print) {
			ssize_t w = sendto(s->lfd, buf, (size_t)n, 0, (struct sockaddr *)&from, flen);

			narrate(NR_sendto, w, "%d, %s, %zd, 0, %s, %u\tthe echo, to the sender's address",
				s->lfd, narrate_string(buf, (size_t)n, 40, q, sizeof(q)), n, arg, (unsigned)flen);
			if (w < 0)
				sock_fail("sendto", s->ep.family, SOCK_DGRAM);
		}
	}
	return status;
}

/* A bound AF_UNIX server refuses to bind over a file that is not a socket. */
static int check_unix_path(const char *path)
{
	struct stat st;
	int r = stat(path, &st);

	narrate(NR_stat, r, "\"%s\", &st\t%s", path,
		r < 0 ? "free: bind(2) will create the socket file there" :
		S_ISSOCK(st.st_mode) ? "a socket file is already there" :
		"a file that is not a socket is already there");
	if (r == 0 && !S_ISSOCK(st.st_mode)) {
		bi_error("%s: file exists and is not a socket: refusing to bind there", path);
		bi_hint("EEXIST: bind(2) creates the socket file and fails if anything is at the path; labsh never removes a file it did not create: pick another path, or a bare name (it goes into the runtime directory)");
		return 1;
	}
	return 0;
}

static int server_run(struct server *s)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char text[200];
	int status = 1, r;
	bool chld = false;

	s->lfd = s->done[0] = s->done[1] = -1;
	s->path[0] = '\0';
	if (s->ep.family == AF_UNIX && check_unix_path(s->ep.text) != 0)
		return 1;
	s->lfd = n_socket(s->ep.family, s->ep.type,
			  s->ep.type == SOCK_DGRAM ? "the server's UDP socket" :
			  "the server's socket, no address yet");
	if (s->lfd < 0)
		return 1;
	if (s->ep.family != AF_UNIX && s->ep.type == SOCK_STREAM &&
	    n_reuseaddr(s->lfd) != 0)
		goto out;
	if (n_bind(s->lfd, (struct sockaddr *)&s->ep.ss, s->ep.len, s->ep.type,
		   s->ep.family == AF_UNIX ? "bind(2) made the socket file" :
		   "the server's address") != 0)
		goto out;
	if (s->ep.family == AF_UNIX) {
		snprintf(s->path, sizeof(s->path), "%s", s->ep.text);
		cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, s->path);
		snprintf(text, sizeof(text), "%s", s->path);
	} else if (n_getsockname(s->lfd, &ss, &len, text, sizeof(text),
				 "the address, with the port the kernel chose for port 0") != 0) {
		goto out;
	}
	if (s->ep.type == SOCK_STREAM && n_listen(s->lfd, 16) != 0)
		goto out;
	if (s->model == THREADS) {
		r = pipe2(s->done, O_CLOEXEC);
		narrate(NR_pipe2, r, "[%d, %d], O_CLOEXEC\tthe threads tell the main thread here when they end",
			s->done[0], s->done[1]);
		if (r < 0) {
			s->done[0] = s->done[1] = -1;
			status = sock_fail("pipe2", AF_UNSPEC, 0);
			goto out;
		}
	}
	if (s->model == PROCESSES)
		chld = catch_chld();
	teach_out("listening on %s (%s, %s, %s); Ctrl-C or kill %%JOB ends it\n", text,
		  s->ep.family == AF_UNIX ? "AF_UNIX stream" :
		  s->ep.type == SOCK_DGRAM ? "UDP" : "TCP",
		  s->print ? "print" : "echo",
		  s->ep.type == SOCK_DGRAM ? "one socket for every client" :
		  s->model == THREADS ? "one thread per client" :
		  s->model == PROCESSES ? "one process per client" :
		  "one client at a time");
	status = s->ep.type == SOCK_DGRAM ? server_dgram(s) : server_stream(s);
out:
	n_close(s->lfd, "the listening socket: no new clients");
	s->lfd = -1;
	if (s->path[0]) {
		r = unlink(s->path);
		narrate(NR_unlink, r, "\"%s\"\tthe socket file labsh made", s->path);
		cleanup_forget(CLEAN_PATH, -1, s->path);
	}
	if (s->model == THREADS) {
		if (teach_interrupted())
			shutdown_threads(s);
		join_threads(s, true);
		n_close(s->done[0], "the done pipe");
		n_close(s->done[1], "the done pipe");
		free(s->clients);
	}
	if (s->model == PROCESSES) {
		wait_kids(s);
		free(s->kids);
		if (chld)
			restore_chld();
	}
	return status;
}

/* A number LO to HI for OPT; 0, or 2 after a usage message. */
static int parse_long(const char *opt, const char *s, long lo, long hi, long *out)
{
	if (!teach_number(s, 10, lo, hi, out))
		return bi_usage("%s %s: a number from %ld to %ld is required", opt, s, lo, hi);
	return 0;
}

static int sock_server(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unix", required_argument, NULL, 'u' },
		{ "tcp", required_argument, NULL, 't' },
		{ "udp", required_argument, NULL, 'd' },
		{ "echo", no_argument, NULL, 'e' },
		{ "print", no_argument, NULL, 'p' },
		{ "threads", no_argument, NULL, 'T' },
		{ "fork", no_argument, NULL, 'F' },
		{ "max-clients", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct server s;
	struct where w = { 0 };
	int c, r, mode = 0, model = 0;

	memset(&s, 0, sizeof(s));
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'u':
		case 't':
		case 'd':
			if ((r = where_set(&w, c, optarg)) != 0)
				return r;
			break;
		case 'e':
		case 'p':
			if (mode && mode != c)
				return bi_usage("server: give only one of --echo and --print");
			mode = c;
			break;
		case 'T':
		case 'F':
			if (model && model != c)
				return bi_usage("server: give only one of --threads and --fork");
			model = c;
			break;
		case 'm':
			if ((r = parse_long("--max-clients", optarg, 1, MAX_CLIENTS, &s.max_clients)))
				return r;
			break;
		case 'o':
			if ((r = parse_long("--timeout", optarg, 1, MAX_TIMEOUT, &s.timeout)))
				return r;
			break;
		default:
			return bi_usage("server: unknown option");
		}
	}
	if (optind < argc)
		return bi_usage("server: %s: unexpected argument", argv[optind]);
	if (w.kind == 'd' && model)
		return bi_usage("server: --threads and --fork need connections: --tcp or --unix");
	s.print = mode == 'p';
	s.model = model == 'T' ? THREADS : model == 'F' ? PROCESSES : ONE_AT_A_TIME;
	if ((r = where_resolve(&w, true, &s.ep)) != 0)
		return r;
	r = server_run(&s);
	endpoint_free(&s.ep);
	return r;
}

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

		fd = n_socket(ai->ai_family, e->type, "the client's socket");
		if (fd < 0)
			return -1;
		r = connect(fd, ai->ai_addr, ai->ai_addrlen);
		narrate(NR_connect, r, "%d, %s, %u\t%s", fd,
			addr_arg(ai->ai_addr, ai->ai_addrlen, arg, sizeof(arg)),
			(unsigned)ai->ai_addrlen,
			r < 0 ? (ai->ai_next ? "try the next address" : "") :
			e->type == SOCK_DGRAM ? "UDP: nothing is sent; the kernel only fixes the peer for send(2) and recv(2)" :
			ai->ai_family == AF_UNIX ? "connected through the socket file" :
			"three-way handshake done: connected");
		if (r == 0)
			return fd;
		err = errno;
		family = ai->ai_family;
		n_close(fd, "this address did not answer");
	}
	errno = err;
	bi_error_errno("connect %s", e->text);
	hint_for(err, family, e->type);
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

		if (n_getsockname(fd, &me, &melen, text, sizeof(text),
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
		n_close(fd, "the client's socket");
	free(l);
	return status;
}

static int sock_client(int argc, char **argv)
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
			if ((r = where_set(&w, c, optarg)) != 0)
				return r;
			break;
		case 'o':
			if ((r = parse_long("--timeout", optarg, 1, MAX_TIMEOUT, &timeout)))
				return r;
			break;
		default:
			return bi_usage("client: unknown option");
		}
	}
	if ((r = where_resolve(&w, false, &e)) != 0)
		return r;
	if (timeout < 0)
		timeout = e.type == SOCK_DGRAM ? 2 : 0;
	r = client_run(&e, argv + optind, argc - optind, timeout);
	endpoint_free(&e);
	return r;
}

/* ---------------------------------------------------------------------
 * sock ls: the sockets of the shell and its descendants, from /proc.
 * --------------------------------------------------------------------- */

struct sockrow {
	unsigned long inode;
	const char *family, *type;
	char state[16];
	char local[112], peer[112];
};

struct socktab {
	struct sockrow *rows;
	size_t n;
};

static struct sockrow *socktab_add(struct socktab *t)
{
	t->rows = xrealloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	memset(&t->rows[t->n], 0, sizeof(t->rows[0]));
	return &t->rows[t->n++];
}

/* /proc/net/tcp and friends print each 32-bit word as it sits in memory. */
static void proc_address(const char *hex, unsigned port, bool any_port, char *buf, size_t n)
{
	struct sockaddr_storage ss;
	char text[112];

	memset(&ss, 0, sizeof(ss));
	if (strlen(hex) == 8) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		in->sin_addr.s_addr = (uint32_t)strtoul(hex, NULL, 16);
		in->sin_port = htons((uint16_t)port);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		for (int i = 0; i < 4 && strlen(hex) == 32; i++) {
			char word[9];
			uint32_t w;

			memcpy(word, hex + 8 * i, 8);
			word[8] = '\0';
			w = (uint32_t)strtoul(word, NULL, 16);
			memcpy(&in6->sin6_addr.s6_addr[4 * i], &w, 4);
		}
		in6->sin6_port = htons((uint16_t)port);
	}
	addr_text((struct sockaddr *)&ss, sizeof(ss), text, sizeof(text));
	if (any_port && port == 0) {
		char *colon = strrchr(text, ':');

		if (colon)
			strcpy(colon + 1, "*");
	}
	snprintf(buf, n, "%s", text);
}

static void load_inet(struct socktab *t, const char *proto)
{
	static const char *const tcp_states[] = { "?", "ESTABLISHED",
		"SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
		"CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING" };
	bool tcp = proto[0] == 't', v6 = strchr(proto, '6') != NULL;
	char path[64], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/net/%s", proto);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char lhex[33], rhex[33];
		unsigned lport, rport, st;
		unsigned long ino;
		struct sockrow *row;

		if (sscanf(line, " %*d: %32[0-9A-Fa-f]:%x %32[0-9A-Fa-f]:%x %x "
			   "%*x:%*x %*x:%*x %*x %*u %*u %lu", lhex, &lport,
			   rhex, &rport, &st, &ino) != 6 || ino == 0)
			continue;
		row = socktab_add(t);
		row->inode = ino;
		row->family = v6 ? "AF_INET6" : "AF_INET";
		row->type = tcp ? "SOCK_STREAM" : "SOCK_DGRAM";
		if (tcp)
			snprintf(row->state, sizeof(row->state), "%s",
				 st < 12 ? tcp_states[st] : "?");
		else
			snprintf(row->state, sizeof(row->state), "%s",
				 st == 1 ? "CONNECTED" : "UNCONN");
		proc_address(lhex, lport, false, row->local, sizeof(row->local));
		proc_address(rhex, rport, true, row->peer, sizeof(row->peer));
	}
	fclose(f);
}

/* /proc/net/unix: "Num RefCount Protocol Flags Type St Inode Path". */
static void load_unix(struct socktab *t)
{
	static const char *const states[] = { "FREE", "UNCONNECTED",
		"CONNECTING", "CONNECTED", "DISCONNECTING" };
	char line[512];
	FILE *f = fopen("/proc/self/net/unix", "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned flags, type, st;
		unsigned long ino;
		struct sockrow *row;
		const char *name;
		char *nl;
		int off = 0;

		if (sscanf(line, "%*s %*x %*x %x %x %x %lu%n", &flags, &type,
			   &st, &ino, &off) != 4)
			continue;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		name = line + off + strspn(line + off, " ");
		row = socktab_add(t);
		row->inode = ino;
		row->family = "AF_UNIX";
		row->type = type == 1 ? "SOCK_STREAM" : type == 2 ? "SOCK_DGRAM" :
			    type == 5 ? "SOCK_SEQPACKET" : "?";
		/* __SO_ACCEPTCON: listen(2) was called */
		snprintf(row->state, sizeof(row->state), "%s",
			 flags & 0x10000 ? "LISTEN" : st < 5 ? states[st] : "?");
		snprintf(row->local, sizeof(row->local), "%s", *name ? name : "(unnamed)");
		snprintf(row->peer, sizeof(row->peer), "-");
	}
	fclose(f);
}

static const struct sockrow *socktab_find(const struct socktab *t, unsigned long ino)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].inode == ino)
			return &t->rows[i];
	return NULL;
}

/* Is P the process ROOT or one of its descendants? */
static bool descends(const struct procview_proc *procs, size_t n, pid_t p, pid_t root)
{
	for (int depth = 0; depth < 256 && p > 0; depth++) {
		size_t lo = 0, hi = n;

		if (p == root)
			return true;
		while (lo < hi) {	/* sorted by PID */
			size_t mid = (lo + hi) / 2;

			if (procs[mid].pid < p)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n || procs[lo].pid != p)
			return false;
		p = procs[lo].ppid;
	}
	return false;
}

static int sock_ls(int argc, char **argv)
{
	struct socktab t = { 0 };
	struct procview_proc *procs;
	pid_t root = shell.pid ? shell.pid : getpid();
	ssize_t np;
	int shown = 0;

	if (argc > 1)
		return bi_usage("ls: %s: unexpected argument", argv[1]);
	np = procview_procs(&procs);
	if (np < 0)
		return bi_error_errno("reading /proc");
	load_unix(&t);
	load_inet(&t, "tcp");
	load_inet(&t, "tcp6");
	load_inet(&t, "udp");
	load_inet(&t, "udp6");
	for (ssize_t i = 0; i < np; i++) {
		char dir[64];
		DIR *d;
		struct dirent *de;

		if (!descends(procs, (size_t)np, procs[i].pid, root))
			continue;
		snprintf(dir, sizeof(dir), "/proc/%ld/fd", (long)procs[i].pid);
		d = opendir(dir);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			char link[PATH_MAX], target[128];
			unsigned long ino;
			const struct sockrow *row;
			ssize_t k;

			if (de->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
			k = readlink(link, target, sizeof(target) - 1);
			if (k <= 0)
				continue;
			target[k] = '\0';
			if (sscanf(target, "socket:[%lu]", &ino) != 1)
				continue;
			if (!shown++)
				teach_out("%-7s %-3s %-8s %-14s %-12s %-24s %-22s %s\n", "PID", "FD",
					  "FAMILY", "TYPE", "STATE", "LOCAL", "PEER", "COMMAND");
			row = socktab_find(&t, ino);
			if (row)
				teach_out("%-7ld %-3s %-8s %-14s %-12s %-24s %-22s %s\n",
					  (long)procs[i].pid, de->d_name, row->family, row->type,
					  row->state, row->local, row->peer, procs[i].comm);
			else
				teach_out("%-7ld %-3s %-8s %-14s %-12s %-24s %-22s %s\n",
					  (long)procs[i].pid, de->d_name, "?", "?", "?",
					  target, "-", procs[i].comm);
		}
		closedir(d);
	}
	if (!shown)
		teach_out("no socket is open in the shell (PID %ld) or its jobs\n", (long)root);
	free(t.rows);
	free(procs);
	return 0;
}

/* ---------------------------------------------------------------------
 * sock byteorder.
 * --------------------------------------------------------------------- */

static const char *bytes_of(const void *p, size_t n, char *buf, size_t size)
{
	const unsigned char *b = p;
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 4 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%02x", i ? " " : "", b[i]);
	return buf;
}

/* One row of the table: LABEL, the value, its bytes in address order. */
static void show_row(const char *label, unsigned long v, int digits,
		     const void *mem, size_t size, const char *note)
{
	char b[16];

	teach_out("  %-22s %#0*lx   in memory: %-12s %s\n", label, digits + 2, v,
		  mem ? bytes_of(mem, size, b, sizeof(b)) : "", note);
}

static void show16(uint16_t v, const char *what)
{
	uint16_t net = htons(v), back = ntohs(net);
	char l1[32], l2[32];

	teach_out("\nuint16_t %#06x (%u)%s\n", v, v, what);
	snprintf(l1, sizeof(l1), "htons(%#06x) =", v);
	snprintf(l2, sizeof(l2), "ntohs(%#06x) =", net);
	show_row("in host order", v, 4, &v, sizeof(v), "(lowest address first)");
	show_row(l1, net, 4, &net, sizeof(net), "(network order: what goes on the wire)");
	show_row(l2, back, 4, &back, sizeof(back), "(back in host order)");
}

static void show32(uint32_t v, const char *what)
{
	uint32_t net = htonl(v), back = ntohl(net);
	char l1[32], l2[32];

	teach_out("\nuint32_t %#010x (%u)%s\n", v, v, what);
	snprintf(l1, sizeof(l1), "htonl(%#010x) =", v);
	snprintf(l2, sizeof(l2), "ntohl(%#010x) =", net);
	show_row("in host order", v, 8, &v, sizeof(v), "(lowest address first)");
	show_row(l1, net, 8, &net, sizeof(net), "(network order: what goes on the wire)");
	show_row(l2, back, 8, &back, sizeof(back), "(back in host order)");
}

static int sock_byteorder(int argc, char **argv)
{
	union {
		uint32_t word;
		unsigned char byte[4];
	} probe = { .word = 0x01020304 };
	bool little = probe.byte[0] == 0x04;
	char b[16];

	unsigned long long v = 0;

	if (argc > 2)
		return bi_usage("byteorder: %s: unexpected argument", argv[2]);
	if (argc == 2) {
		long n;

		if (argv[1][0] == '-' || !teach_number(argv[1], 0, 0, 0xffffffffL, &n))
			return bi_usage("byteorder: %s: a number from 0 to 0xffffffff is required (decimal, 0x hex or 0 octal)",
					argv[1]);
		v = (unsigned long long)n;
	}
	teach_out("this host is %s-endian: 0x01020304 sits in memory as %s\n",
		  little ? "little" : probe.byte[0] == 0x01 ? "big" : "mixed",
		  bytes_of(probe.byte, 4, b, sizeof(b)));
	teach_out("network byte order is big-endian (most significant byte first, RFC 1700): hosts of either order agree on the numbers in a packet's headers, so a port or an address goes through htons(3)/htonl(3) into struct sockaddr_in and through ntohs(3)/ntohl(3) out of it; %s\n",
		  little ? "on this host they swap the bytes" :
		  "on this host they change nothing, but portable code calls them anyway");
	if (argc == 2) {
		if (v <= 0xffff)
			show16((uint16_t)v, "");
		show32((uint32_t)v, "");
		return 0;
	}
	show16(0x1234, "");
	show16(80, ": port 80, as it goes into sin_port");
	show32(0x12345678, "");
	return 0;
}

/* ---------------------------------------------------------------------
 * The builtin.
 * --------------------------------------------------------------------- */

static int sock_main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
		{ "demo", sock_demo },
		{ "pair", sock_pair },
		{ "server", sock_server },
		{ "client", sock_client },
		{ "ls", sock_ls },
		{ "byteorder", sock_byteorder },
	};

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	if (argc < 2)
		return teach_end(bi_usage("a subcommand is required: demo, pair, server, client, ls or byteorder"));
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			return teach_end(subs[i].run(argc - 1, argv + 1));
	return teach_end(bi_usage("%s: unknown subcommand (demo, pair, server, client, ls, byteorder)",
				  argv[1]));
}

const struct builtin builtin_sock = {
	.name = "sock",
	.synopsis = "sock demo [--unix | --tcp | --udp] | sock pair | "
		    "sock server {--unix PATH | --tcp [ADDR:]PORT | --udp [ADDR:]PORT} "
		    "[--echo | --print] [--threads | --fork] [--max-clients N] [--timeout S] | "
		    "sock client {--unix PATH | --tcp HOST:PORT | --udp HOST:PORT} "
		    "[--timeout S] [MESSAGE ...] | sock ls | sock byteorder [N]",
	.summary = "sockets: a server and its clients, AF_UNIX and AF_INET, TCP and UDP",
	.family = FAMILY_SOCKET,
	.see_also = "labsh-pipe(1) labsh-thread(1) accept(2) bind(2) connect(2) listen(2) socket(2) socketpair(2) "
		    "byteorder(3) getaddrinfo(3) ip(7) socket(7) tcp(7) udp(7) unix(7)",
	.syscalls = "socket socketpair bind listen accept4 connect send recv sendto "
		    "recvfrom shutdown setsockopt getsockopt getaddrinfo getsockname "
		    "read write close poll stat unlink pipe2 fork waitpid kill sigaction _exit "
		    "pthread_create pthread_join pthread_sigmask gettid",
	.run = sock_main,
};
