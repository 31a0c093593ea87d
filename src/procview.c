/*
 * procview.c - reading /proc: fd tables and process states.
 *
 * The files, all described in proc(5):
 *   /proc/PID/fd/N       a symbolic link to what fd N refers to
 *   /proc/PID/fdinfo/N   "pos:" offset and "flags:" (octal open(2) flags)
 *   /proc/PID/stat       pid (comm) state ppid pgrp session tty_nr tpgid ...
 *   /proc/PID/cmdline    the arguments, each ended by a NUL byte
 *   /proc/PID/net/{unix,tcp,tcp6,udp,udp6}   sockets by inode
 * and, for the other end of an AF_UNIX socket, which /proc does not show,
 * the kernel's sock_diag(7) netlink interface.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "procview.h"

/* Read at most N-1 bytes of PATH into BUF and end them with a NUL. */
static ssize_t read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -1;
	while (len < n - 1) {
		ssize_t r = read(fd, buf + len, n - 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

/* A directory entry of /proc/PID/fd or /proc: digits only. */
static bool parse_number(const char *s, long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtol(s, &end, 10);
	return *end == '\0' && errno == 0;
}

/* The value after "NAME" at the start of a line of BUF, or NULL. */
static const char *field(const char *buf, const char *name)
{
	size_t len = strlen(name);

	for (const char *line = buf; line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, name, len) == 0)
			return line + len;
	}
	return NULL;
}

/* "pipe:[1234]" with PREFIX "pipe:[" gives 1234; anything else 0. */
static unsigned long link_inode(const char *target, const char *prefix)
{
	size_t len = strlen(prefix);

	if (strncmp(target, prefix, len) != 0)
		return 0;
	return strtoul(target + len, NULL, 10);
}

static void read_fdinfo(pid_t pid, int fd, int *flags, long long *pos)
{
	char path[64], buf[512];
	const char *v;

	*flags = -1;
	*pos = -1;
	snprintf(path, sizeof(path), "/proc/%ld/fdinfo/%d", (long)pid, fd);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return;
	v = field(buf, "pos:");
	if (v)
		*pos = strtoll(v, NULL, 10);
	v = field(buf, "flags:");
	if (v)
		*flags = (int)strtol(v, NULL, 8);
}

static void read_comm(pid_t pid, char *buf, size_t n)
{
	char path[64];
	char *nl;

	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	if (read_small(path, buf, n) < 0) {
		snprintf(buf, n, "?");
		return;
	}
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
}

/* ---------------------------------------------------------------------
 * Sockets, found by inode in /proc/PID/net.
 * --------------------------------------------------------------------- */

/* /proc/net/unix: "Num RefCount Protocol Flags Type St Inode Path". */
static bool unix_socket(pid_t pid, unsigned long inode, char *buf, size_t n)
{
	static const char *const states[] = { "free", "unconnected",
		"connecting", "connected", "disconnecting" };
	char path[64], line[512];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/net/unix", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned flags, type, st;
		unsigned long ino;
		const char *kind, *state, *name;
		int off = 0;
		char *nl;

		if (sscanf(line, "%*s %*x %*x %x %x %x %lu%n", &flags, &type,
			   &st, &ino, &off) != 4 || ino != inode)
			continue;
		found = true;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		name = line + off + strspn(line + off, " ");
		kind = type == 1 ? "stream" : type == 2 ? "dgram" :
		       type == 5 ? "seqpacket" : "?";
		/* __SO_ACCEPTCON: listen(2) was called. */
		state = flags & 0x10000 ? "listening" :
			st < 5 ? states[st] : "?";
		snprintf(buf, n, "unix %s, %s%s%s", kind, state,
			 *name ? ", " : "", name);
	}
	fclose(f);
	return found;
}

/*
 * An address of /proc/net/tcp*: the kernel prints each 32-bit word of the
 * address as it sits in memory ("0100007F" is 127.0.0.1 on x86), and the
 * port in host order.
 */
static void inet_address(const char *hex, unsigned port, char *buf, size_t n)
{
	char text[INET6_ADDRSTRLEN] = "?";

	if (strlen(hex) == 8) {
		struct in_addr a;

		a.s_addr = (uint32_t)strtoul(hex, NULL, 16);
		inet_ntop(AF_INET, &a, text, sizeof(text));
		snprintf(buf, n, "%s:%u", text, port);
	} else if (strlen(hex) == 32) {
		struct in6_addr a;

		for (int i = 0; i < 4; i++) {
			char word[9];
			uint32_t w;

			memcpy(word, hex + 8 * i, 8);
			word[8] = '\0';
			w = (uint32_t)strtoul(word, NULL, 16);
			memcpy(&a.s6_addr[4 * i], &w, 4);
		}
		inet_ntop(AF_INET6, &a, text, sizeof(text));
		snprintf(buf, n, "[%s]:%u", text, port);
	} else {
		snprintf(buf, n, "?:%u", port);
	}
}

/* PROTO is "tcp", "tcp6", "udp" or "udp6": the file and the name shown. */
static bool inet_socket(pid_t pid, const char *proto, unsigned long inode,
			char *buf, size_t n)
{
	static const char *const tcp_states[] = { "?", "established",
		"syn_sent", "syn_recv", "fin_wait1", "fin_wait2", "time_wait",
		"close", "close_wait", "last_ack", "listening", "closing" };
	bool tcp = proto[0] == 't';
	char path[64], line[512];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/net/%s", (long)pid, proto);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char lhex[33], rhex[33], local[64], remote[64];
		unsigned lport, rport, st;
		unsigned long ino;

		if (sscanf(line, " %*d: %32[0-9A-Fa-f]:%x %32[0-9A-Fa-f]:%x %x "
			   "%*x:%*x %*x:%*x %*x %*u %*u %lu", lhex, &lport,
			   rhex, &rport, &st, &ino) != 6 || ino != inode)
			continue;
		found = true;
		inet_address(lhex, lport, local, sizeof(local));
		inet_address(rhex, rport, remote, sizeof(remote));
		if (tcp && st == 10)
			snprintf(buf, n, "%s, listening on %s", proto, local);
		else if (tcp)
			snprintf(buf, n, "%s, %s, %s -> %s", proto,
				 st < 12 ? tcp_states[st] : "?", local, remote);
		else if (st == 1)	/* connect(2)ed UDP */
			snprintf(buf, n, "%s, %s -> %s", proto, local, remote);
		else
			snprintf(buf, n, "%s, bound to %s", proto, local);
	}
	fclose(f);
	return found;
}

/*
 * The inode of the socket at the other end of each AF_UNIX socket in
 * INODES (PEERS[i] for INODES[i], 0 when unconnected or unknown), from
 * one sock_diag(7) dump with UDIAG_SHOW_PEER.  Returns 0, or -1 with
 * errno when the kernel has no sock_diag for AF_UNIX (CONFIG_UNIX_DIAG).
 */
int procview_unix_peers(const unsigned long *inodes, unsigned long *peers, size_t n)
{
	struct {
		struct nlmsghdr nlh;
		struct unix_diag_req req;
	} q = {
		.nlh = {
			.nlmsg_len = sizeof(q),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		},
		.req = {
			.sdiag_family = AF_UNIX,
			.udiag_states = ~0U,
			.udiag_show = UDIAG_SHOW_PEER,
		},
	};
	long buf[8192 / sizeof(long)];	/* aligned for struct nlmsghdr */
	bool done = false;
	int fd, err = 0;

	memset(peers, 0, n * sizeof(*peers));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -1;
	if (send(fd, &q, sizeof(q), 0) < 0) {
		err = errno;
		done = true;
	}
	while (!done) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		int len = (int)got;

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			err = got < 0 ? errno : EIO;
			break;
		}
		for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			struct unix_diag_msg *m = NLMSG_DATA(h);
			struct rtattr *a;
			int alen;

			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				err = e->error ? -e->error : EIO;
				done = true;
				break;
			}
			alen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
			for (a = (struct rtattr *)(m + 1); RTA_OK(a, alen);
			     a = RTA_NEXT(a, alen)) {
				if (a->rta_type != UNIX_DIAG_PEER)
					continue;
				for (size_t i = 0; i < n; i++)
					if (inodes[i] == m->udiag_ino)
						peers[i] = *(uint32_t *)RTA_DATA(a);
			}
		}
	}
	close(fd);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

static void socket_detail(pid_t pid, unsigned long inode, char *buf, size_t n)
{
	static const char *const protos[] = { "tcp", "tcp6", "udp", "udp6" };

	if (unix_socket(pid, inode, buf, n))
		return;
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (inet_socket(pid, protos[i], inode, buf, n))
			return;
	snprintf(buf, n, "not a unix, tcp or udp socket");
}

/* ---------------------------------------------------------------------
 * The fd table.
 * --------------------------------------------------------------------- */

static int compare_fd(const void *a, const void *b)
{
	const struct procview_fd *x = a, *y = b;

	return (x->fd > y->fd) - (x->fd < y->fd);
}

static bool is_tty_path(const char *target)
{
	return strncmp(target, "/dev/pts/", 9) == 0 ||
	       strncmp(target, "/dev/tty", 8) == 0 ||
	       strcmp(target, "/dev/console") == 0;
}

/* Kind, inode and detail of F, whose target is already read. */
static void classify(pid_t pid, struct procview_fd *f, const char *ctty)
{
	unsigned long pipe_inode = link_inode(f->target, "pipe:[");
	unsigned long socket_inode = link_inode(f->target, "socket:[");

	if (pipe_inode) {
		f->kind = PROCVIEW_PIPE;
		f->inode = pipe_inode;
	} else if (socket_inode) {
		f->kind = PROCVIEW_SOCKET;
		f->inode = socket_inode;
		socket_detail(pid, f->inode, f->detail, sizeof(f->detail));
	} else if (is_tty_path(f->target)) {
		bool ours = strcmp(f->target + strlen("/dev/"), ctty) == 0;

		f->kind = PROCVIEW_TTY;
		snprintf(f->detail, sizeof(f->detail), "%sterminal",
			 ours ? "controlling " : "");
	} else if (f->target[0] == '/') {
		f->kind = PROCVIEW_FILE;
	} else {
		f->kind = PROCVIEW_OTHER;
	}
}

static bool table_has_pipe(const struct procview_fdtable *t,
			   unsigned long inode)
{
	for (size_t i = 0; i < t->nfds; i++)
		if (t->fds[i].kind == PROCVIEW_PIPE && t->fds[i].inode == inode)
			return true;
	return false;
}

static int add_holder(struct procview_fdtable *t, size_t *cap,
		      const struct procview_holder *h)
{
	if (t->nholders == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;
		struct procview_holder *p;

		p = realloc(t->holders, ncap * sizeof(*p));
		if (!p)
			return -1;
		t->holders = p;
		*cap = ncap;
	}
	t->holders[t->nholders++] = *h;
	return 0;
}

static bool table_has_peer(const struct procview_fdtable *t,
			   unsigned long inode)
{
	for (size_t i = 0; i < t->nfds; i++)
		if (t->fds[i].peer == inode)
			return true;
	return false;
}

/* Add every fd of process PID that is on one of T's pipes or peers. */
static int scan_process(struct procview_fdtable *t, size_t *cap, pid_t pid)
{
	char path[64], target[64];
	struct procview_holder h = { .pid = pid };
	struct dirent *e;
	int status = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	d = opendir(path);
	if (!d)
		return 0;	/* exited, or another user's */
	while (status == 0 && (e = readdir(d)) != NULL) {
		long fd;
		int flags;
		long long pos;
		ssize_t r;

		if (!parse_number(e->d_name, &fd))
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fd/%ld", (long)pid, fd);
		r = readlink(path, target, sizeof(target) - 1);
		if (r < 0)
			continue;
		target[r] = '\0';
		h.inode = link_inode(target, "pipe:[");
		if (h.inode == 0 || !table_has_pipe(t, h.inode)) {
			h.inode = link_inode(target, "socket:[");
			if (h.inode == 0 || !table_has_peer(t, h.inode))
				continue;
		}
		if (h.comm[0] == '\0')
			read_comm(pid, h.comm, sizeof(h.comm));
		read_fdinfo(pid, (int)fd, &flags, &pos);
		h.fd = (int)fd;
		h.accmode = flags < 0 ? -1 : flags & O_ACCMODE;
		status = add_holder(t, cap, &h);
	}
	closedir(d);
	return status;
}

static int scan_holders(struct procview_fdtable *t)
{
	struct dirent *e;
	size_t cap = 0;
	int status = 0;
	DIR *proc;

	proc = opendir("/proc");
	if (!proc)
		return -1;
	while (status == 0 && (e = readdir(proc)) != NULL) {
		long pid;

		if (parse_number(e->d_name, &pid))
			status = scan_process(t, &cap, (pid_t)pid);
	}
	closedir(proc);
	return status;
}

/*
 * Set the peer of each AF_UNIX socket of T; returns how many have one.
 * Every socket's inode is asked about: sock_diag answers for AF_UNIX ones
 * only.  Without sock_diag the peers stay unknown (0), as in /proc.
 */
static size_t find_peers(struct procview_fdtable *t)
{
	unsigned long *inodes, *peers;
	size_t n = 0, found = 0;

	for (size_t i = 0; i < t->nfds; i++)
		n += t->fds[i].kind == PROCVIEW_SOCKET;
	if (n == 0)
		return 0;
	inodes = calloc(n, sizeof(*inodes));
	peers = calloc(n, sizeof(*peers));
	n = 0;
	if (inodes && peers) {
		for (size_t i = 0; i < t->nfds; i++)
			if (t->fds[i].kind == PROCVIEW_SOCKET)
				inodes[n++] = t->fds[i].inode;
		if (procview_unix_peers(inodes, peers, n) == 0)
			for (size_t i = 0, j = 0; i < t->nfds; i++)
				if (t->fds[i].kind == PROCVIEW_SOCKET) {
					t->fds[i].peer = peers[j++];
					found += t->fds[i].peer != 0;
				}
	}
	free(inodes);
	free(peers);
	return found;
}

/* Read the fd numbers and link targets of T->pid. */
static int list_fds(struct procview_fdtable *t)
{
	char path[64], target[4096];
	size_t cap = 0;
	struct dirent *e;
	int skip = -1;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)t->pid);
	d = opendir(path);
	if (!d) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	/* Reading our own table: the directory's own fd is no part of it. */
	if (t->pid == getpid())
		skip = dirfd(d);
	while ((e = readdir(d)) != NULL) {
		struct procview_fd *f;
		long fd;
		ssize_t r;

		if (!parse_number(e->d_name, &fd) || fd == skip)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fd/%ld", (long)t->pid,
			 fd);
		r = readlink(path, target, sizeof(target) - 1);
		if (r < 0)
			continue;	/* closed meanwhile */
		target[r] = '\0';
		if (t->nfds == cap) {
			size_t ncap = cap ? 2 * cap : 16;

			f = realloc(t->fds, ncap * sizeof(*f));
			if (!f)
				goto nomem;
			t->fds = f;
			cap = ncap;
		}
		f = &t->fds[t->nfds];
		memset(f, 0, sizeof(*f));
		f->fd = (int)fd;
		f->target = strdup(target);
		if (!f->target)
			goto nomem;
		t->nfds++;
	}
	closedir(d);
	return 0;
nomem:
	closedir(d);
	errno = ENOMEM;
	return -1;
}

int procview_fds(pid_t pid, struct procview_fdtable *t)
{
	struct procview_proc p;
	char ctty[32] = "";
	bool pipes = false;

	memset(t, 0, sizeof(*t));
	t->pid = pid;
	if (list_fds(t) < 0)
		goto fail;
	qsort(t->fds, t->nfds, sizeof(t->fds[0]), compare_fd);
	if (procview_proc(pid, &p) == 0)
		procview_tty_name(p.tty_nr, ctty, sizeof(ctty));
	for (size_t i = 0; i < t->nfds; i++) {
		struct procview_fd *f = &t->fds[i];

		read_fdinfo(pid, f->fd, &f->flags, &f->pos);
		classify(pid, f, ctty);
		pipes |= f->kind == PROCVIEW_PIPE;
	}
	if (find_peers(t) > 0)
		pipes = true;	/* their holders are looked for with the pipes' */
	if (pipes && scan_holders(t) < 0)
		goto fail;
	return 0;
fail:
	{
		int saved = errno;

		procview_fds_free(t);
		errno = saved;
	}
	return -1;
}

void procview_fds_free(struct procview_fdtable *t)
{
	for (size_t i = 0; i < t->nfds; i++)
		free(t->fds[i].target);
	free(t->fds);
	free(t->holders);
	memset(t, 0, sizeof(*t));
}

/* ---------------------------------------------------------------------
 * Processes.
 * --------------------------------------------------------------------- */

int procview_proc(pid_t pid, struct procview_proc *p)
{
	char path[64], buf[1024];
	const char *lparen, *rparen;
	ssize_t len;
	size_t n;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (read_small(path, buf, sizeof(buf)) < 0) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	/* comm may hold spaces and ')': it ends at the LAST ')'. */
	lparen = strchr(buf, '(');
	rparen = strrchr(buf, ')');
	if (!lparen || !rparen || rparen < lparen) {
		errno = EINVAL;
		return -1;
	}
	n = (size_t)(rparen - lparen - 1);
	if (n >= sizeof(p->comm))
		n = sizeof(p->comm) - 1;
	memcpy(p->comm, lparen + 1, n);
	if (sscanf(rparen + 1, " %c %d %d %d %d %d", &p->state, &p->ppid,
		   &p->pgid, &p->sid, &p->tty_nr, &p->tpgid) != 6) {
		errno = EINVAL;
		return -1;
	}
	p->pid = pid;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	len = read_small(path, p->cmd, sizeof(p->cmd));
	for (ssize_t i = 0; i < len; i++)
		if (p->cmd[i] == '\0')
			p->cmd[i] = ' ';
	while (len > 0 && p->cmd[len - 1] == ' ')
		p->cmd[--len] = '\0';
	/* Kernel threads and zombies have no arguments; ps shows [comm]. */
	if (len <= 0)
		snprintf(p->cmd, sizeof(p->cmd), "[%s]", p->comm);
	return 0;
}

static int compare_pid(const void *a, const void *b)
{
	const struct procview_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

ssize_t procview_procs(struct procview_proc **out)
{
	struct procview_proc *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *proc;

	*out = NULL;
	proc = opendir("/proc");
	if (!proc)
		return -1;
	while ((e = readdir(proc)) != NULL) {
		long pid;

		if (!parse_number(e->d_name, &pid))
			continue;
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			struct procview_proc *p = realloc(v, ncap * sizeof(*p));

			if (!p) {
				free(v);
				closedir(proc);
				errno = ENOMEM;
				return -1;
			}
			v = p;
			cap = ncap;
		}
		if (procview_proc((pid_t)pid, &v[n]) == 0)
			n++;
	}
	closedir(proc);
	qsort(v, n, sizeof(*v), compare_pid);
	*out = v;
	return (ssize_t)n;
}

bool procview_parse_pid(const char *arg, pid_t *pid)
{
	long l;

	if (!parse_number(arg, &l) || l <= 0 || l > INT_MAX)
		return false;
	*pid = (pid_t)l;
	return true;
}

bool procview_owns_tty(const struct procview_proc *p)
{
	return p->tty_nr != 0 && p->tpgid > 0 && p->pgid == p->tpgid;
}

const char *procview_tty_name(int tty_nr, char *buf, size_t n)
{
	/* proc(5)'s tty_nr: the minor is in bits 31-20 and 7-0. */
	unsigned major = ((unsigned)tty_nr >> 8) & 0xfff;
	unsigned minor = ((unsigned)tty_nr & 0xff) |
			 (((unsigned)tty_nr >> 12) & 0xfff00);

	if (tty_nr == 0)
		snprintf(buf, n, "?");
	else if (major >= 136 && major <= 143)	/* Unix98 ptys, devices.txt */
		snprintf(buf, n, "pts/%u", (major - 136) * 256 + minor);
	else if (major == 4 && minor < 64)
		snprintf(buf, n, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, n, "ttyS%u", minor - 64);
	else if (major == 5 && minor == 1)
		snprintf(buf, n, "console");
	else
		snprintf(buf, n, "%u:%u", major, minor);
	return buf;
}

const char *procview_state_name(char state)
{
	switch (state) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "in uninterruptible sleep";
	case 'T': return "stopped";
	case 't': return "stopped by a tracer";
	case 'Z': return "zombie: exited, not yet reaped";
	case 'X': return "dead";
	case 'I': return "idle";
	}
	return "?";
}

const char *procview_mode_name(int flags)
{
	if (flags < 0)
		return "?";
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return "r";
	case O_WRONLY:
		return "w";
	case O_RDWR:
		return "rw";
	}
	return "?";
}

unsigned long long procview_sysctl(const char *path, unsigned long long fallback)
{
	unsigned long long v = fallback;
	FILE *f = fopen(path, "re");

	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = fallback;
		fclose(f);
	}
	return v;
}
