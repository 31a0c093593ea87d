/*
 * procview.h - reading /proc: fd tables and process states.
 *
 * Everything here is a snapshot: a process may exit or close an fd while it
 * is read, and such entries are skipped rather than reported as errors.
 * See proc(5) for the files read.
 */
#ifndef LABSH_PROCVIEW_H
#define LABSH_PROCVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* What an fd refers to, by the target of its /proc/PID/fd link. */
enum procview_kind {
	PROCVIEW_FILE,		/* a path: file, directory, device, FIFO */
	PROCVIEW_TTY,		/* /dev/pts/N, /dev/ttyN, /dev/console */
	PROCVIEW_PIPE,		/* pipe:[INODE] */
	PROCVIEW_SOCKET,	/* socket:[INODE] */
	PROCVIEW_OTHER,		/* anon_inode:[eventfd] and the like */
};

struct procview_fd {
	int fd;
	int flags;		/* open(2) flags + O_CLOEXEC from fdinfo; -1 */
	long long pos;		/* the file offset from fdinfo; -1 if unknown */
	enum procview_kind kind;
	unsigned long inode;	/* of a pipe or socket, else 0 */
	unsigned long peer;	/* an AF_UNIX socket's other end, else 0 */
	char *target;		/* readlink(2) of /proc/PID/fd/FD */
	char detail[160];	/* "tcp, listening on 0.0.0.0:80"; terminal */
};

/*
 * One fd, of some process, on a pipe that the table's process uses, or on
 * the other end of one of its AF_UNIX sockets.
 */
struct procview_holder {
	unsigned long inode;	/* the pipe, or the peer socket */
	pid_t pid;
	int fd;
	int accmode;		/* O_RDONLY (read end), O_WRONLY, O_RDWR; -1 */
	char comm[32];
};

struct procview_fdtable {
	pid_t pid;
	struct procview_fd *fds;	/* sorted by fd */
	size_t nfds;
	/*
	 * Every fd of every process we may read (the table's own included)
	 * that refers to one of the table's pipes or to a socket at the other
	 * end of one of its AF_UNIX sockets.
	 */
	struct procview_holder *holders;
	size_t nholders;
};

/*
 * Fill T with the fd table of process PID.  Returns 0, or -1 with errno
 * ESRCH (no such process), EACCES (another user's process) or ENOMEM.
 * The table of the caller itself leaves out the fd used to read it.
 * Free with procview_fds_free().
 */
int procview_fds(pid_t pid, struct procview_fdtable *t);
void procview_fds_free(struct procview_fdtable *t);

/*
 * PEERS[i] := the inode of the socket at the other end of the AF_UNIX
 * socket INODES[i] (0: unconnected, or not AF_UNIX), asked of the kernel
 * through sock_diag(7), as ss -x does; /proc/net/unix does not say.
 * Returns 0, or -1 with errno (a kernel without CONFIG_UNIX_DIAG).
 */
int procview_unix_peers(const unsigned long *inodes, unsigned long *peers, size_t n);

struct procview_proc {
	pid_t pid, ppid, pgid, sid;
	pid_t tpgid;		/* foreground group of its terminal, or -1 */
	char state;		/* R S D T t Z X I, as the kernel gives it */
	int tty_nr;		/* controlling terminal as a device number; 0 */
	char comm[32];
	char cmd[256];		/* the arguments joined by spaces; "[comm]" */
};

/* The number in a /proc/sys file (/proc/sys/kernel/shmmax), or FALLBACK
 * when it cannot be read. */
unsigned long long procview_sysctl(const char *path, unsigned long long fallback);

/* A state letter of /proc/PID/stat in words: 'Z' "zombie: exited, not yet
 * reaped"; "?" for one it does not know. */
const char *procview_state_name(char state);

/* An fd's access mode from its flags: "r", "w", "rw"; "?" if unknown. */
const char *procview_mode_name(int flags);

/* Read /proc/PID/stat and cmdline into P: 0, or -1 with errno (ESRCH). */
int procview_proc(pid_t pid, struct procview_proc *p);

/*
 * A snapshot of every process, sorted by PID, in *OUT (malloc'd, the
 * caller frees it).  Returns the count, or -1 with errno.
 */
ssize_t procview_procs(struct procview_proc **out);

/* Parse ARG as a process ID: digits only, 1 to INT_MAX. */
bool procview_parse_pid(const char *arg, pid_t *pid);

/* True if P's process group is the foreground group of its terminal. */
bool procview_owns_tty(const struct procview_proc *p);

/* The name of terminal device TTY_NR: "pts/3", "tty1", "ttyS0"; "?" for 0. */
const char *procview_tty_name(int tty_nr, char *buf, size_t n);

#endif
