/*
 * sock_server.c - sock server: one client at a time, a thread per client
 * or a process per client, until Ctrl-C, kill %job, a limit or a timeout.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "sock.h"
#include "teach.h"

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
	pid_t tid = sock_tid();
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
		sock_close(fd, "the connection nobody can serve");
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
		sock_close(fd, "the connection nobody can serve");
		return 1;
	}
	if (pid == 0) {
		int r;

		sock_close(s->lfd, "the child's copy of the listening socket");
		teach_out("client %ld: served by process PID %ld\n", s->served, (long)getpid());
		r = serve_connection(fd, s->served, s->print, 0);
		sock_close(fd, "the connection");
		teach_child_exit(r);
	}
	sock_close(fd, "the parent's copy of the connection: the child serves it");
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
		  sock_addr_text(peer, plen, text, sizeof(text)), fd);
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
			s->lfd, sock_addr_arg((struct sockaddr *)&peer, plen, arg, sizeof(arg)),
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
			sock_close(fd, "the connection");
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
			sock_addr_arg((struct sockaddr *)&from, flen, arg, sizeof(arg)), (unsigned)flen);
		sock_addr_text((struct sockaddr *)&from, flen, text, sizeof(text));
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
	s->lfd = sock_socket(s->ep.family, s->ep.type,
			  s->ep.type == SOCK_DGRAM ? "the server's UDP socket" :
			  "the server's socket, no address yet");
	if (s->lfd < 0)
		return 1;
	if (s->ep.family != AF_UNIX && s->ep.type == SOCK_STREAM &&
	    sock_reuseaddr(s->lfd) != 0)
		goto out;
	if (sock_bind(s->lfd, (struct sockaddr *)&s->ep.ss, s->ep.len, s->ep.type,
		   s->ep.family == AF_UNIX ? "bind(2) made the socket file" :
		   "the server's address") != 0)
		goto out;
	if (s->ep.family == AF_UNIX) {
		snprintf(s->path, sizeof(s->path), "%s", s->ep.text);
		cleanup_add(CLEAN_PATH, CLEAN_DEMO, -1, s->path);
		snprintf(text, sizeof(text), "%s", s->path);
	} else if (sock_getsockname(s->lfd, &ss, &len, text, sizeof(text),
				 "the address, with the port the kernel chose for port 0") != 0) {
		goto out;
	}
	if (s->ep.type == SOCK_STREAM && sock_listen(s->lfd, 16) != 0)
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
	sock_close(s->lfd, "the listening socket: no new clients");
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
		sock_close(s->done[0], "the done pipe");
		sock_close(s->done[1], "the done pipe");
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

int sock_server(int argc, char **argv)
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
			if ((r = sock_where_set(&w, c, optarg)) != 0)
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
			if ((r = sock_number("--max-clients", optarg, 1, MAX_CLIENTS, &s.max_clients)))
				return r;
			break;
		case 'o':
			if ((r = sock_number("--timeout", optarg, 1, MAX_TIMEOUT, &s.timeout)))
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
	if ((r = sock_where_resolve(&w, true, &s.ep)) != 0)
		return r;
	r = server_run(&s);
	sock_endpoint_free(&s.ep);
	return r;
}
