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
 *
 * This file holds what the subcommands share (the words of the narration,
 * the narrated calls, the addresses of a command line; sock.h) and the
 * builtin itself; the subcommands live in sock_demo.c, sock_server.c,
 * sock_client.c and sock_ls.c.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "narrate.h"
#include "rundir.h"
#include "sock.h"
#include "teach.h"

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
const char *sock_addr_text(const struct sockaddr *sa, socklen_t len,
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
const char *sock_addr_arg(const struct sockaddr *sa, socklen_t len,
			    char *buf, size_t n)
{
	char text[160];
	int saved = errno;

	sock_addr_text(sa, len, text, sizeof(text));
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
void sock_hint(int err, int family, int type)
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
int sock_fail(const char *what, int family, int type)
{
	int err = errno;

	bi_error_errno("%s", what);
	sock_hint(err, family, type);
	return 1;
}

pid_t sock_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---------------------------------------------------------------------
 * Narrated calls shared by the subcommands.
 * --------------------------------------------------------------------- */

int sock_socket(int family, int type, const char *note)
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

void sock_close(int fd, const char *note)
{
	int r;

	if (fd < 0)
		return;
	r = close(fd);
	narrate(NR_close, r, "%d\t%s", fd, note);
}

int sock_reuseaddr(int fd)
{
	int one = 1;
	int r = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));

	narrate(NR_setsockopt, r, "%d, SOL_SOCKET, SO_REUSEADDR, [1], 4\tbind even if old connections on the port are in TIME_WAIT",
		fd);
	if (r < 0)
		return sock_fail("setsockopt SO_REUSEADDR", AF_INET, SOCK_STREAM);
	return 0;
}

int sock_bind(int fd, const struct sockaddr *sa, socklen_t len, int type,
		  const char *note)
{
	char arg[200];
	int r = bind(fd, sa, len);

	narrate(NR_bind, r, "%d, %s, %u\t%s", fd,
		sock_addr_arg(sa, len, arg, sizeof(arg)), (unsigned)len,
		r == 0 ? note : "");
	if (r < 0) {
		char what[220];

		snprintf(what, sizeof(what), "bind %s",
			 sock_addr_text(sa, len, arg, sizeof(arg)));
		return sock_fail(what, sa->sa_family, type);
	}
	return 0;
}

/* getsockname(2) into SS; the address in TEXT.  0, or 1 after an error. */
int sock_getsockname(int fd, struct sockaddr_storage *ss, socklen_t *len,
			 char *text, size_t n, const char *note)
{
	int r;

	*len = sizeof(*ss);
	r = getsockname(fd, (struct sockaddr *)ss, len);
	if (r < 0) {
		narrate(NR_getsockname, -1, "%d, &addr, &len", fd);
		return sock_fail("getsockname", AF_UNSPEC, 0);
	}
	sock_addr_text((struct sockaddr *)ss, *len, text, n);
	narrate(NR_getsockname, r, "%d, {%s, %s}, [%u]\t%s", fd,
		af_name(ss->ss_family), text, (unsigned)*len, note);
	return 0;
}

int sock_listen(int fd, int backlog)
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
		sock_addr_text(res->ai_addr, res->ai_addrlen, text, sizeof(text)));
	e->family = res->ai_family;
	memcpy(&e->ss, res->ai_addr, res->ai_addrlen);
	e->len = res->ai_addrlen;
	snprintf(e->text, sizeof(e->text), "%s", text);
	e->ai = res;
	return 0;
}

void sock_endpoint_free(struct endpoint *e)
{
	if (e->ai)
		freeaddrinfo(e->ai);
	e->ai = NULL;
}

int sock_where_set(struct where *w, int kind, const char *arg)
{
	if (w->kind)
		return bi_usage("give only one of --unix, --tcp and --udp");
	w->kind = kind;
	w->arg = arg;
	return 0;
}

int sock_where_resolve(const struct where *w, bool server, struct endpoint *e)
{
	if (!w->kind)
		return bi_usage("one of --unix, --tcp or --udp is required");
	if (w->kind == 'u')
		return endpoint_unix(w->arg, server, e);
	return endpoint_inet(w->arg, w->kind == 't' ? SOCK_STREAM : SOCK_DGRAM,
			     server, e);
}

/* A number LO to HI for OPT; 0, or 2 after a usage message. */
int sock_number(const char *opt, const char *s, long lo, long hi, long *out)
{
	if (!teach_number(s, 10, lo, hi, out))
		return bi_usage("%s %s: a number from %ld to %ld is required", opt, s, lo, hi);
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
	.see_also = "labsh-fds(1) labsh-pipe(1) labsh-thread(1) accept(2) bind(2) connect(2) listen(2) socket(2) socketpair(2) "
		    "byteorder(3) getaddrinfo(3) ip(7) sock_diag(7) socket(7) tcp(7) udp(7) unix(7)",
	.syscalls = "socket socketpair bind listen accept4 connect send recv sendto "
		    "recvfrom shutdown setsockopt getsockopt getaddrinfo getsockname "
		    "read write close poll stat unlink pipe2 fork waitpid kill sigaction _exit "
		    "pthread_create pthread_join pthread_sigmask gettid",
	.run = sock_main,
};
