/*
 * sock.h - what the files of the sock builtin share: the addresses a
 * command line names, the narrated socket calls and the error hints
 * (commands/sock.c), and each subcommand's entry point.
 */
#ifndef LABSH_SOCK_H
#define LABSH_SOCK_H

#include <netdb.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#define SUN_PATH_MAX	sizeof(((struct sockaddr_un *)0)->sun_path)
#define BUF_SIZE	4096
#define MAX_CLIENTS	1024
#define MAX_TIMEOUT	86400

struct endpoint {
	int family;			/* AF_UNIX, AF_INET, AF_INET6 */
	int type;			/* SOCK_STREAM, SOCK_DGRAM */
	struct sockaddr_storage ss;	/* the (first) address */
	socklen_t len;
	struct addrinfo *ai;		/* every address of HOST, for connect */
	char text[200];			/* the address, as shown */
};

/* --unix PATH | --tcp SPEC | --udp SPEC, seen by getopt_long. */
struct where {
	int kind;		/* 'u', 't', 'd', or 0 */
	const char *arg;
};

/* "127.0.0.1:80", "[::1]:80", "/run/x.sock", "(unnamed)". */
const char *sock_addr_text(const struct sockaddr *sa, socklen_t len,
			     char *buf, size_t n);
/* The address as a narration argument: {AF_INET, 127.0.0.1:0}. */
const char *sock_addr_arg(const struct sockaddr *sa, socklen_t len,
			    char *buf, size_t n);
/* The errno of a failed socket call, explained for the class. */
void sock_hint(int err, int family, int type);
/* The message and the hint of a failed call named WHAT; returns 1. */
int sock_fail(const char *what, int family, int type);
pid_t sock_tid(void);
int sock_socket(int family, int type, const char *note);
void sock_close(int fd, const char *note);
int sock_reuseaddr(int fd);
int sock_bind(int fd, const struct sockaddr *sa, socklen_t len, int type,
		  const char *note);
/* getsockname(2) into SS; the address in TEXT.  0, or 1 after an error. */
int sock_getsockname(int fd, struct sockaddr_storage *ss, socklen_t *len,
			 char *text, size_t n, const char *note);
int sock_listen(int fd, int backlog);
void sock_endpoint_free(struct endpoint *e);
int sock_where_set(struct where *w, int kind, const char *arg);
int sock_where_resolve(const struct where *w, bool server, struct endpoint *e);
/* A number LO to HI for OPT; 0, or 2 after a usage message. */
int sock_number(const char *opt, const char *s, long lo, long hi, long *out);

/* The subcommands: sock_demo.c, sock_server.c, sock_client.c, sock_ls.c. */
int sock_demo(int argc, char **argv);
int sock_pair(int argc, char **argv);
int sock_server(int argc, char **argv);
int sock_client(int argc, char **argv);
int sock_ls(int argc, char **argv);
int sock_byteorder(int argc, char **argv);

#endif
