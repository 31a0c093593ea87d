/*
 * sock_ls.c - sock ls: the sockets of the shell and its jobs matched by
 * inode in /proc/net; sock byteorder: htons(3) and friends, byte by byte.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "error.h"
#include "procview.h"
#include "shell.h"
#include "sock.h"
#include "teach.h"

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
	sock_addr_text((struct sockaddr *)&ss, sizeof(ss), text, sizeof(text));
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

static const struct sockrow *socktab_find(const struct socktab *t, unsigned long ino)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].inode == ino)
			return &t->rows[i];
	return NULL;
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

/*
 * The other end of each AF_UNIX socket, which /proc/net/unix does not
 * show: asked of sock_diag(7) (procview_unix_peers), shown by the path the
 * peer is bound to, else as socket:[INODE] for fds to match.
 */
static void unix_peers(struct socktab *t)
{
	unsigned long *inodes = calloc(t->n ? t->n : 1, sizeof(*inodes));
	unsigned long *peers = calloc(t->n ? t->n : 1, sizeof(*peers));

	if (inodes && peers) {
		for (size_t i = 0; i < t->n; i++)
			inodes[i] = t->rows[i].inode;	/* only AF_UNIX ones answer */
		if (procview_unix_peers(inodes, peers, t->n) == 0)
			for (size_t i = 0; i < t->n; i++) {
				const struct sockrow *p = peers[i] ? socktab_find(t, peers[i]) : NULL;

				if (p && p->local[0] == '/')
					snprintf(t->rows[i].peer, sizeof(t->rows[i].peer), "%s", p->local);
				else if (peers[i])
					snprintf(t->rows[i].peer, sizeof(t->rows[i].peer),
						 "socket:[%lu]", peers[i]);
			}
	}
	free(inodes);
	free(peers);
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

int sock_ls(int argc, char **argv)
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
	unix_peers(&t);
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

int sock_byteorder(int argc, char **argv)
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
