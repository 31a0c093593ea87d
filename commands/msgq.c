/*
 * msgq - message queues: System V msgget(2), msgsnd(2), msgrcv(2),
 * msgctl(2), and POSIX mq_open(3), mq_send(3), mq_receive(3),
 * mq_getattr(3), mq_unlink(3).  See sysvipc(7) and mq_overview(7).
 *
 * The lesson: a queue is a kernel object that outlives the process that
 * made it; any process that knows its id (or name) and may use it sends
 * and receives typed (or prioritised) messages, and the kernel puts a
 * receiver to sleep on an empty queue and a sender on a full one.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "narrate.h"
#include "procview.h"
#include "teach.h"

/* A System V message: the type, then the bytes. */
struct qmsg {
	long mtype;
	char mtext[];
};

/* What the command line asked for. */
struct msgq_args {
	const char *sub;	/* create, send, recv, stat, rm, ls */
	bool posix, keep, nowait, demo;
	bool has_key, has_type, has_prio, has_maxmsg, has_msgsize, has_mode;
	key_t key;
	long type;
	unsigned prio;
	long maxmsg, msgsize;
	mode_t mode;
	char **ops;		/* the operands after the subcommand */
	int nops;
};


/* ---------------------------------------------------------------------
 * The errors, explained.
 * --------------------------------------------------------------------- */

/* The errno of a failed System V call on queue ID, for the class.  LEN
 * is the message's length for msgsnd, else 0. */
static void sysv_hint(int err, int id, size_t len)
{
	long msgmax = (long)procview_sysctl("/proc/sys/kernel/msgmax", 8192);

	switch (err) {
	case EINVAL:
		if (len > (size_t)msgmax)
			bi_hint("EINVAL: the message has %zu bytes, more than MSGMAX (/proc/sys/kernel/msgmax = %ld), the largest message the kernel takes",
				len, msgmax);
		else
			bi_hint("EINVAL: no queue has id %d (it was removed, or the id is mistyped: 'msgq ls' lists yours)",
				id);
		break;
	case EIDRM:
		bi_hint("EIDRM: the queue was removed (msgctl IPC_RMID) while this process waited on it");
		break;
	case EACCES:
		bi_hint("EACCES: the queue's mode does not let you do that ('msgq stat %d' shows its perms); only its owner can change them",
			id);
		break;
	case EPERM:
		bi_hint("EPERM: only the queue's owner, its creator or root may change or remove it");
		break;
	case ENOMSG:
		bi_hint("ENOMSG: no message of that type is waiting, and IPC_NOWAIT said not to wait for one");
		break;
	case EAGAIN:
		bi_hint("EAGAIN: the queue is full (msg_qbytes reached) and IPC_NOWAIT said not to wait for room");
		break;
	case E2BIG:
		bi_hint("E2BIG: the message is longer than the buffer given to msgrcv (MSG_NOERROR would cut it instead)");
		break;
	case EEXIST:
		bi_hint("EEXIST: a queue with that key exists already and IPC_EXCL asked for a new one; choose another key, or remove it");
		break;
	case ENOSPC:
		bi_hint("ENOSPC: the system's limit on queues (/proc/sys/kernel/msgmni) is reached");
		break;
	case ENOMEM:
		bi_hint("ENOMEM: the kernel has no memory for the message or the queue");
		break;
	}
}

static void posix_hint(int err, const char *name, size_t len)
{
	switch (err) {
	case ENOENT:
		bi_hint("ENOENT: no queue is called %s ('msgq ls --posix' lists them)", name);
		break;
	case EEXIST:
		bi_hint("EEXIST: a queue called %s exists already and O_EXCL asked for a new one", name);
		break;
	case EINVAL:
		bi_hint("EINVAL: the name must be one slash and a word (/jobs), and --maxmsg and --msgsize must be 1 up to /proc/sys/fs/mqueue/msg_max and msgsize_max");
		break;
	case EACCES:
		bi_hint("EACCES: the queue's mode does not let you open it that way ('ls -l /dev/mqueue' shows it)");
		break;
	case EMSGSIZE:
		bi_hint("EMSGSIZE: the message has %zu bytes, more than the queue's mq_msgsize ('msgq stat --posix %s')",
			len, name);
		break;
	case EAGAIN:
		bi_hint("EAGAIN: with O_NONBLOCK the call does not wait: the queue is empty (or full)");
		break;
	case ENAMETOOLONG:
		bi_hint("ENAMETOOLONG: a queue name has at most NAME_MAX (255) characters");
		break;
	case EMFILE:
	case ENFILE:
	case ENOSPC:
	case ENOMEM:
		bi_hint("%s: a limit on queues was reached (/proc/sys/fs/mqueue/queues_max, or RLIMIT_MSGQUEUE: ulimit -q)",
			err == EMFILE ? "EMFILE" : err == ENFILE ? "ENFILE" :
			err == ENOSPC ? "ENOSPC" : "ENOMEM");
		break;
	}
}

/* After a failed call: quiet if Ctrl-C cut it (teach_end says 130),
 * otherwise the error line and its hint.  Returns 1. */
static int sysv_fail(const char *call, int id, size_t len)
{
	int err = errno;

	if (err == EINTR && teach_interrupted())
		return 1;
	bi_error_errno("%s %d", call, id);
	sysv_hint(err, id, len);
	return 1;
}

static int posix_fail(const char *call, const char *name, size_t len)
{
	int err = errno;

	if (err == EINTR && teach_interrupted())
		return 1;
	bi_error_errno("%s %s", call, name);
	posix_hint(err, name, len);
	return 1;
}

/* ---------------------------------------------------------------------
 * System V queues.
 * --------------------------------------------------------------------- */

static bool queue_stat(int id, struct msqid_ds *ds, const char *why)
{
	int r = msgctl(id, IPC_STAT, ds);

	if (r < 0)
		narrate(NR_msgctl, r, "%d, IPC_STAT, &buf", id);
	else
		narrate(NR_msgctl, r, "%d, IPC_STAT, &buf\t%smsg_qnum %lu, msg_cbytes %lu, msg_lspid %ld, msg_lrpid %ld",
			id, why, (unsigned long)ds->msg_qnum,
			(unsigned long)ds->__msg_cbytes, (long)ds->msg_lspid,
			(long)ds->msg_lrpid);
	return r == 0;
}

static int sysv_create(const struct msgq_args *a)
{
	mode_t mode = a->has_mode ? a->mode : 0600;
	key_t key = a->has_key ? a->key : IPC_PRIVATE;
	char kb[32];
	int id;

	id = msgget(key, IPC_CREAT | IPC_EXCL | (int)mode);
	narrate(NR_msgget, id, "%s, IPC_CREAT|IPC_EXCL|0%03o\ta new queue%s",
		narrate_ipc_key(key, kb, sizeof(kb)), (unsigned)mode,
		id >= 0 ? a->keep ? ", kept after the shell exits (--keep)"
			: ", removed when the shell exits" : "");
	if (id < 0) {
		int err = errno;

		bi_error_errno("msgget %s", narrate_ipc_key(key, kb, sizeof(kb)));
		sysv_hint(err, -1, 0);
		return 1;
	}
	if (!a->keep)
		cleanup_add(CLEAN_MSG, CLEAN_SHELL, id, NULL);
	teach_out("msqid %d key 0x%08x\n", id, (unsigned)key);
	return 0;
}

static int sysv_send(int id, long type, const char *text)
{
	size_t len = strlen(text);
	struct qmsg *m = xmalloc(sizeof(*m) + len + 1);
	struct msqid_ds ds;
	char q[128];
	int r;

	m->mtype = type;
	memcpy(m->mtext, text, len);
	r = msgsnd(id, m, len, 0);
	narrate(NR_msgsnd, r, "%d, {mtype=%ld, mtext=%s}, %zu, 0%s", id, type,
		narrate_string(text, len, 40, q, sizeof(q)), len,
		r == 0 ? "\tqueued; a receiver asleep in msgrcv wakes up" : "");
	free(m);
	if (r < 0 && errno == EINVAL && type <= 0) {
		bi_error_errno("msgsnd %d", id);
		bi_hint("EINVAL: a message's type (mtype) must be above 0; 0 and below are for choosing in msgrcv");
		return 1;
	}
	if (r < 0)
		return sysv_fail("msgsnd", id, len);
	if (queue_stat(id, &ds, "now "))
		teach_out("sent type %ld, %zu bytes: %lu message%s in queue %d\n",
			  type, len, (unsigned long)ds.msg_qnum,
			  ds.msg_qnum == 1 ? "" : "s", id);
	return 0;
}

static const char *type_rule(long type, char *buf, size_t n)
{
	if (type == 0)
		return "type 0: the first message of any type";
	if (type > 0)
		snprintf(buf, n, "type %ld: the first message of type %ld", type, type);
	else
		snprintf(buf, n, "type %ld: the first of the lowest type up to %ld",
			 type, -type);
	return buf;
}

static int sysv_recv(int id, long type, bool nowait)
{
	long max = (long)procview_sysctl("/proc/sys/kernel/msgmax", 8192);
	struct qmsg *m = xmalloc(sizeof(*m) + (size_t)max + 1);
	char rule[96], q[128];
	ssize_t n;

	n = msgrcv(id, m, (size_t)max, type, nowait ? IPC_NOWAIT : 0);
	if (n < 0) {
		narrate(NR_msgrcv, -1, "%d, &buf, %ld, %ld, %s\t%s", id, max, type,
			nowait ? "IPC_NOWAIT" : "0",
			type_rule(type, rule, sizeof(rule)));
		free(m);
		return sysv_fail("msgrcv", id, 0);
	}
	m->mtext[n] = '\0';
	narrate(NR_msgrcv, n, "%d, &buf, %ld, %ld, %s\tgot mtype=%ld, mtext=%s; %s",
		id, max, type, nowait ? "IPC_NOWAIT" : "0", m->mtype,
		narrate_string(m->mtext, (size_t)n, 40, q, sizeof(q)),
		type_rule(type, rule, sizeof(rule)));
	teach_out("type %ld: %s\n", m->mtype, m->mtext);
	free(m);
	return 0;
}

static int sysv_stat(int id)
{
	struct msqid_ds ds;
	char t1[32], t2[32], t3[32];

	if (!queue_stat(id, &ds, ""))
		return sysv_fail("msgctl IPC_STAT", id, 0);
	teach_out("msqid %d key 0x%08x perms %04o owner %ld:%ld creator %ld:%ld\n"
		  "msg_qnum   %-10lu messages in the queue\n"
		  "msg_cbytes %-10lu bytes in the queue\n"
		  "msg_qbytes %-10lu the most bytes it may hold (IPC_SET changes it)\n"
		  "msg_lspid  %-10ld the last process that sent (msgsnd)\n"
		  "msg_lrpid  %-10ld the last process that received (msgrcv)\n"
		  "msg_stime  %s\nmsg_rtime  %s\nmsg_ctime  %s\n",
		  id, (unsigned)ds.msg_perm.__key, (unsigned)ds.msg_perm.mode & 0777,
		  (long)ds.msg_perm.uid, (long)ds.msg_perm.gid,
		  (long)ds.msg_perm.cuid, (long)ds.msg_perm.cgid,
		  (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
		  (unsigned long)ds.msg_qbytes, (long)ds.msg_lspid,
		  (long)ds.msg_lrpid, teach_time(ds.msg_stime, t1, sizeof(t1)),
		  teach_time(ds.msg_rtime, t2, sizeof(t2)),
		  teach_time(ds.msg_ctime, t3, sizeof(t3)));
	return 0;
}

static int sysv_rm(int id)
{
	int r = msgctl(id, IPC_RMID, NULL);

	narrate(NR_msgctl, r, "%d, IPC_RMID, NULL%s", id,
		r == 0 ? "\tgone; its messages too, and sleepers get EIDRM" : "");
	if (r < 0)
		return sysv_fail("msgctl IPC_RMID", id, 0);
	cleanup_forget(CLEAN_MSG, id, NULL);
	teach_out("removed msqid %d\n", id);
	return 0;
}

/* This user's queues, as the kernel lists them in /proc/sysvipc/msg. */
static int sysv_ls(void)
{
	static const char path[] = "/proc/sysvipc/msg";
	char line[512];
	int shown = 0;
	FILE *f = teach_open_list(path, "the kernel's list of queues");

	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		long key, id, qbytes, qnum, lspid, lrpid, uid;
		unsigned perms;

		if (sscanf(line, "%ld %ld %o %ld %ld %ld %ld %ld", &key, &id,
			   &perms, &qbytes, &qnum, &lspid, &lrpid, &uid) != 8 ||
		    uid != (long)getuid())
			continue;
		if (!shown++)
			teach_out("%-10s %-10s %-5s %-8s %-6s %-8s %s\n", "KEY",
				  "MSQID", "PERMS", "CBYTES", "QNUM", "LSPID",
				  "LRPID");
		teach_out("0x%08x %-10ld %04o  %-8ld %-6ld %-8ld %ld\n",
			  (unsigned)key, id, perms & 0777, qbytes, qnum, lspid,
			  lrpid);
	}
	fclose(f);
	if (!shown)
		teach_out("no message queue of yours (uid %ld)\n", (long)getuid());
	return 0;
}

/* ---------------------------------------------------------------------
 * POSIX queues.
 * --------------------------------------------------------------------- */

static mqd_t posix_open(const char *name, int flags)
{
	char fl[80];
	mqd_t q = mq_open(name, flags);

	narrate(NR_mq_open, (long)q, "\"%s\", %s\t%s", name,
		narrate_open_flags(flags, fl, sizeof(fl)),
		q == (mqd_t)-1 ? "" : "a descriptor for the queue");
	return q;
}

static void posix_close(mqd_t q)
{
	int r = mq_close(q);

	narrate(NR_mq_close, r, "%ld", (long)q);
}

static bool posix_getattr(mqd_t q, struct mq_attr *at)
{
	int r = mq_getattr(q, at);

	if (r < 0)
		narrate(NR_mq_getattr, r, "%ld, &attr", (long)q);
	else
		narrate(NR_mq_getattr, r, "%ld, &attr\tmq_maxmsg %ld, mq_msgsize %ld, mq_curmsgs %ld",
			(long)q, at->mq_maxmsg, at->mq_msgsize, at->mq_curmsgs);
	return r == 0;
}

static int posix_create(const struct msgq_args *a, const char *name)
{
	mode_t mode = a->has_mode ? a->mode : 0600;
	struct mq_attr at = { 0 }, got;
	char fl[80];
	mqd_t q;

	at.mq_maxmsg = a->has_maxmsg ? a->maxmsg
		: (long)procview_sysctl("/proc/sys/fs/mqueue/msg_default", 10);
	at.mq_msgsize = a->has_msgsize ? a->msgsize
		: (long)procview_sysctl("/proc/sys/fs/mqueue/msgsize_default", 8192);
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode, &at);
	narrate(NR_mq_open, (long)q, "\"%s\", %s, 0%03o, {mq_maxmsg=%ld, mq_msgsize=%ld}%s",
		name, narrate_open_flags(O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, fl,
					 sizeof(fl)),
		(unsigned)mode, at.mq_maxmsg, at.mq_msgsize,
		q == (mqd_t)-1 ? "" : a->keep ? "\ta new queue, kept after the shell exits (--keep)"
		: "\ta new queue, removed when the shell exits");
	if (q == (mqd_t)-1)
		return posix_fail("mq_open", name, 0);
	if (!a->keep)
		cleanup_add(CLEAN_MQ_POSIX, CLEAN_SHELL, -1, name);
	if (posix_getattr(q, &got))
		at = got;
	posix_close(q);
	teach_out("mq %s maxmsg %ld msgsize %ld\n", name, at.mq_maxmsg,
		  at.mq_msgsize);
	return 0;
}

static int posix_send(const char *name, unsigned prio, const char *text)
{
	size_t len = strlen(text);
	struct mq_attr at;
	char q[128];
	mqd_t mq = posix_open(name, O_WRONLY | O_CLOEXEC);
	int r;

	if (mq == (mqd_t)-1)
		return posix_fail("mq_open", name, 0);
	r = mq_send(mq, text, len, prio);
	narrate(NR_mq_send, r, "%ld, %s, %zu, %u%s", (long)mq,
		narrate_string(text, len, 40, q, sizeof(q)), len, prio,
		r == 0 ? "\tqueued by priority: higher ones are received first" : "");
	if (r < 0) {
		posix_fail("mq_send", name, len);
		posix_close(mq);
		return 1;
	}
	if (posix_getattr(mq, &at))
		teach_out("sent prio %u, %zu bytes: %ld message%s in %s\n", prio, len,
			  at.mq_curmsgs, at.mq_curmsgs == 1 ? "" : "s", name);
	posix_close(mq);
	return 0;
}

static int posix_recv(const char *name, bool nowait)
{
	struct mq_attr at;
	char *buf, q[128];
	unsigned prio = 0;
	ssize_t n;
	mqd_t mq = posix_open(name, O_RDONLY | O_CLOEXEC | (nowait ? O_NONBLOCK : 0));

	if (mq == (mqd_t)-1)
		return posix_fail("mq_open", name, 0);
	if (!posix_getattr(mq, &at)) {
		posix_fail("mq_getattr", name, 0);
		posix_close(mq);
		return 1;
	}
	buf = xmalloc((size_t)at.mq_msgsize + 1);
	n = mq_receive(mq, buf, (size_t)at.mq_msgsize, &prio);
	if (n < 0) {
		narrate(NR_mq_receive, -1, "%ld, &buf, %ld, &prio", (long)mq,
			at.mq_msgsize);
		posix_fail("mq_receive", name, 0);
	} else {
		buf[n] = '\0';
		narrate(NR_mq_receive, n, "%ld, &buf, %ld, &prio\tgot %s, prio %u: the oldest of the highest priority",
			(long)mq, at.mq_msgsize, narrate_string(buf, (size_t)n, 40, q, sizeof(q)),
			prio);
		teach_out("prio %u: %s\n", prio, buf);
	}
	free(buf);
	posix_close(mq);
	return n < 0;
}

static int posix_stat(const char *name)
{
	struct mq_attr at;
	char path[300], line[256] = "";
	mqd_t mq = posix_open(name, O_RDONLY | O_CLOEXEC);
	FILE *f;

	if (mq == (mqd_t)-1)
		return posix_fail("mq_open", name, 0);
	if (!posix_getattr(mq, &at)) {
		posix_fail("mq_getattr", name, 0);
		posix_close(mq);
		return 1;
	}
	posix_close(mq);
	teach_out("mq %s\nmq_flags   %ld\nmq_maxmsg  %-8ld the most messages it holds\n"
		  "mq_msgsize %-8ld the largest message\nmq_curmsgs %-8ld messages in the queue\n",
		  name, at.mq_flags, at.mq_maxmsg, at.mq_msgsize, at.mq_curmsgs);
	snprintf(path, sizeof(path), "/dev/mqueue%s", name);
	f = fopen(path, "re");
	if (f) {
		if (fgets(line, sizeof(line), f))
			teach_out("%s: %s", path, line);
		fclose(f);
	}
	return 0;
}

static int posix_rm(const char *name)
{
	int r = mq_unlink(name);

	narrate(NR_mq_unlink, r, "\"%s\"%s", name,
		r == 0 ? "\tthe name is gone; the queue goes when the last descriptor closes" : "");
	if (r < 0)
		return posix_fail("mq_unlink", name, 0);
	cleanup_forget(CLEAN_MQ_POSIX, -1, name);
	teach_out("removed %s\n", name);
	return 0;
}

/* This user's queues, as the mqueue file system shows them. */
static int posix_ls(void)
{
	static const char dir[] = "/dev/mqueue";
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), shown = 0;
	struct dirent *de;
	DIR *d;

	narrate(NR_open, fd, "\"%s\", O_RDONLY|O_DIRECTORY|O_CLOEXEC\tthe mqueue file system", dir);
	if (fd < 0 || !(d = fdopendir(fd))) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		bi_error_errno("%s", dir);
		if (err == ENOENT)
			bi_hint("ENOENT: the mqueue file system is not mounted here (as root: mkdir -p /dev/mqueue; mount -t mqueue none /dev/mqueue); the queues exist anyway, and mq_open finds them by name");
		return 1;
	}
	while ((de = readdir(d))) {
		char line[256] = "";
		struct stat st;
		long qsize = 0;
		FILE *f;
		int efd;

		if (de->d_name[0] == '.' ||
		    fstatat(fd, de->d_name, &st, 0) < 0 || st.st_uid != getuid())
			continue;
		efd = openat(fd, de->d_name, O_RDONLY | O_CLOEXEC);
		if (efd >= 0 && (f = fdopen(efd, "r"))) {
			if (fgets(line, sizeof(line), f))
				sscanf(line, "QSIZE:%ld", &qsize);
			fclose(f);
		} else if (efd >= 0) {
			close(efd);
		}
		if (!shown++)
			teach_out("%-24s %-5s %s\n", "NAME", "MODE", "QSIZE");
		teach_out("/%-23s %04o  %ld\n", de->d_name,
			  (unsigned)st.st_mode & 0777, qsize);
	}
	closedir(d);
	if (!shown)
		teach_out("no POSIX message queue of yours in %s\n", dir);
	return 0;
}

/* ---------------------------------------------------------------------
 * --demo: a producer and a consumer, and the kernel putting each to sleep.
 * --------------------------------------------------------------------- */

#define DEMO_MSGSIZE 32
#define DEMO_COUNT 8
#define DEMO_QBYTES (4 * DEMO_MSGSIZE)

struct demo_msg {
	long mtype;
	char mtext[DEMO_MSGSIZE];
};

/*
 * Until PID sleeps in the kernel (state S) in a function whose name holds
 * WHERE, as /proc/PID/stat and /proc/PID/wchan show it; up to 10 s.  A
 * kernel that hides wchan ("0") is taken at its state alone.
 */
static bool wait_blocked(pid_t pid, const char *where, char *wchan, size_t n)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/wchan", (long)pid);
	for (int i = 0; i < 1000 && !teach_interrupted(); i++) {
		struct procview_proc p;
		FILE *f = fopen(path, "re");

		wchan[0] = '\0';
		if (f) {
			if (!fgets(wchan, (int)n, f))
				wchan[0] = '\0';
			fclose(f);
		}
		if (procview_proc(pid, &p) < 0)
			return false;
		if (p.state == 'S' && (strstr(wchan, where) || !strcmp(wchan, "0") ||
				       !wchan[0]))
			return true;
		teach_sleep(10);
	}
	return false;
}

static void show_blocked(const char *who, pid_t pid, const char *where,
			 const char *why)
{
	char wchan[128];

	if (wait_blocked(pid, where, wchan, sizeof(wchan)))
		teach_out("kernel's view: %s %ld is in state S (sleeping), /proc/%ld/wchan: %s: %s\n",
			  who, (long)pid, (long)pid, wchan[0] ? wchan : "?", why);
	else if (!teach_interrupted())
		teach_out("kernel's view: %s %ld was not seen asleep in %s\n", who,
			  (long)pid, where);
}

/* The consumer: one message on an empty queue, then, once let go, the rest. */
static _Noreturn void consumer(int id, int go)
{
	struct demo_msg m;
	char c;

	for (int i = 0; i < DEMO_COUNT; i++) {
		ssize_t n = msgrcv(id, &m, DEMO_MSGSIZE, 0, 0);

		narrate(NR_msgrcv, n, "%d, &buf, %d, 0, 0%s", id, DEMO_MSGSIZE,
			n < 0 ? "" : i == 0 ? "\twoken by the producer's msgsnd"
			: "\tone message out: room for the producer");
		if (n < 0)
			teach_child_exit(1);
		teach_out("consumer %ld: received type %ld \"%.*s\"\n",
			  (long)getpid(), m.mtype, DEMO_MSGSIZE, m.mtext);
		if (i == 0) {
			/* wait until the parent has seen the producer blocked */
			ssize_t r = read(go, &c, 1);

			narrate(NR_read, r, "%d, &c, 1\tthe parent lets the consumer go on", go);
			if (r != 1)
				teach_child_exit(1);
		}
	}
	teach_child_exit(0);
}

static _Noreturn void producer(int id)
{
	struct demo_msg m;

	for (int i = 1; i <= DEMO_COUNT; i++) {
		int r;

		m.mtype = 1;
		memset(m.mtext, 0, sizeof(m.mtext));
		snprintf(m.mtext, sizeof(m.mtext), "#%d from %ld", i, (long)getpid());
		r = msgsnd(id, &m, DEMO_MSGSIZE, 0);
		narrate(NR_msgsnd, r, "%d, {mtype=1, mtext=\"%s\"}, %d, 0", id,
			m.mtext, DEMO_MSGSIZE);
		if (r < 0)
			teach_child_exit(1);
	}
	teach_child_exit(0);
}

static int demo_body(int id, int go[2], pid_t *cons, pid_t *prod)
{
	struct msqid_ds ds;
	int r, ws;

	teach_out("1. the consumer starts first: the queue is empty, so msgrcv puts it to sleep\n");
	*cons = teach_fork();
	if (*cons < 0)
		return 1;
	if (*cons == 0) {
		close(go[1]);
		consumer(id, go[0]);
	}
	r = close(go[0]);
	narrate(NR_close, r, "%d\tthe parent keeps the write end", go[0]);
	go[0] = -1;
	show_blocked("consumer", *cons, "msgrcv", "asleep in msgrcv until a message comes");

	if (teach_interrupted() || !queue_stat(id, &ds, ""))
		return 1;
	ds.msg_qbytes = DEMO_QBYTES;
	r = msgctl(id, IPC_SET, &ds);
	narrate(NR_msgctl, r, "%d, IPC_SET, {msg_qbytes=%d}\tthe queue now holds at most %d bytes: %d messages of %d",
		id, DEMO_QBYTES, DEMO_QBYTES, DEMO_QBYTES / DEMO_MSGSIZE,
		DEMO_MSGSIZE);
	if (r < 0)
		return sysv_fail("msgctl IPC_SET", id, 0);

	teach_out("2. the producer sends %d messages of %d bytes; the consumer takes one and waits for the parent\n",
		  DEMO_COUNT, DEMO_MSGSIZE);
	*prod = teach_fork();
	if (*prod < 0)
		return 1;
	if (*prod == 0) {
		close(go[1]);
		producer(id);
	}
	show_blocked("producer", *prod, "msgsnd", "asleep in msgsnd: the queue is full");
	if (teach_interrupted() || !queue_stat(id, &ds, "full: "))
		return 1;

	teach_out("3. the parent lets the consumer go on: each msgrcv makes room and wakes the producer\n");
	r = (int)write(go[1], "g", 1);
	narrate(NR_write, r, "%d, \"g\", 1\tto the consumer", go[1]);
	if (teach_wait(*prod, &ws, 0) < 0 || teach_wait(*cons, &ws, 0) < 0)
		return 1;
	*prod = *cons = 0;
	if (!queue_stat(id, &ds, "at the end: "))
		return 1;
	teach_out("last sender (msg_lspid) %ld, last receiver (msg_lrpid) %ld, %lu messages left\n",
		  (long)ds.msg_lspid, (long)ds.msg_lrpid, (unsigned long)ds.msg_qnum);
	return 0;
}

static int msgq_demo(void)
{
	pid_t cons = 0, prod = 0;
	int go[2] = { -1, -1 }, id, r, status;

	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	narrate(NR_msgget, id, "IPC_PRIVATE, IPC_CREAT|0600\tthe demo's queue");
	if (id < 0)
		return sysv_fail("msgget", -1, 0);
	cleanup_add(CLEAN_MSG, CLEAN_DEMO, id, NULL);
	teach_out("demo queue: msqid %d (parent %ld)\n", id, (long)getpid());
	r = pipe2(go, O_CLOEXEC);
	narrate(NR_pipe2, r, "[%d, %d], O_CLOEXEC\tthe parent's go-ahead to the consumer",
		go[0], go[1]);
	if (r < 0) {
		bi_error_errno("pipe2");
		status = 1;
	} else {
		status = demo_body(id, go, &cons, &prod);
	}
	if (go[0] >= 0)
		close(go[0]);
	if (go[1] >= 0)
		close(go[1]);
	/* an interrupted demo: teach_end kills and reaps the children */
	if (!teach_interrupted()) {
		r = msgctl(id, IPC_RMID, NULL);
		narrate(NR_msgctl, r, "%d, IPC_RMID, NULL\tthe demo's queue is gone", id);
		if (r == 0)
			cleanup_forget(CLEAN_MSG, id, NULL);
	}
	return status;
}

/* ---------------------------------------------------------------------
 * The command line.
 * --------------------------------------------------------------------- */

enum {
	OPT_POSIX = 256, OPT_KEY, OPT_KEEP, OPT_TYPE, OPT_PRIO, OPT_NOWAIT,
	OPT_MAXMSG, OPT_MSGSIZE, OPT_DEMO,
};

static int parse(int argc, char **argv, struct msgq_args *a)
{
	static const struct option longopts[] = {
		{ "posix", no_argument, NULL, OPT_POSIX },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "mode", required_argument, NULL, 'm' },
		{ "keep", no_argument, NULL, OPT_KEEP },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "prio", required_argument, NULL, OPT_PRIO },
		{ "nowait", no_argument, NULL, OPT_NOWAIT },
		{ "maxmsg", required_argument, NULL, OPT_MAXMSG },
		{ "msgsize", required_argument, NULL, OPT_MSGSIZE },
		{ "demo", no_argument, NULL, OPT_DEMO },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	long v;

	memset(a, 0, sizeof(*a));
	a->type = 1;
	while ((c = getopt_long(argc, argv, "m:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_POSIX: a->posix = true; break;
		case OPT_KEEP: a->keep = true; break;
		case OPT_NOWAIT: a->nowait = true; break;
		case OPT_DEMO: a->demo = true; break;
		case OPT_KEY:
			if (!teach_number(optarg, 0, 1, 0xffffffffL, &v))
				return bi_usage("--key: %s: a key is a number from 1 to 0xffffffff", optarg);
			a->key = (key_t)(unsigned)v;
			a->has_key = true;
			break;
		case 'm':
			if (!teach_number(optarg, 8, 0, 0777, &v))
				return bi_usage("-m: %s: a mode is an octal number up to 0777", optarg);
			a->mode = (mode_t)v;
			a->has_mode = true;
			break;
		case OPT_TYPE:
			if (!teach_number(optarg, 10, LONG_MIN, LONG_MAX, &a->type))
				return bi_usage("--type: %s: not a number", optarg);
			a->has_type = true;
			break;
		case OPT_PRIO:
			if (!teach_number(optarg, 10, 0, 32767, &v))
				return bi_usage("--prio: %s: a priority is 0 to 32767 (MQ_PRIO_MAX - 1)", optarg);
			a->prio = (unsigned)v;
			a->has_prio = true;
			break;
		case OPT_MAXMSG:
		case OPT_MSGSIZE:
			if (!teach_number(optarg, 10, 1, INT_MAX, &v))
				return bi_usage("%s: %s: a number from 1 up is needed",
						c == OPT_MAXMSG ? "--maxmsg" : "--msgsize", optarg);
			if (c == OPT_MAXMSG) {
				a->maxmsg = v;
				a->has_maxmsg = true;
			} else {
				a->msgsize = v;
				a->has_msgsize = true;
			}
			break;
		default:
			return bi_usage("unknown option");
		}
	}
	if (a->demo) {
		if (optind < argc)
			return bi_usage("--demo: %s: unexpected argument", argv[optind]);
		return 0;
	}
	if (optind >= argc)
		return bi_usage("a subcommand is required: create, send, recv, stat, rm, ls or --demo");
	a->sub = argv[optind];
	a->ops = argv + optind + 1;
	a->nops = argc - optind - 1;
	return 0;
}

/* Options that SUB does not take are usage errors. */
static int check_options(const struct msgq_args *a)
{
	const char *s = a->sub;
	bool create = !strcmp(s, "create"), send = !strcmp(s, "send"),
	     recv = !strcmp(s, "recv");

	if (!create && !send && !recv && strcmp(s, "stat") && strcmp(s, "rm") &&
	    strcmp(s, "ls"))
		return bi_usage("%s: unknown subcommand (create, send, recv, stat, rm, ls)", s);
	if ((a->has_key || a->keep || a->has_mode) && !create)
		return bi_usage("%s: --key, -m and --keep go with create", s);
	if (a->has_key && a->posix)
		return bi_usage("--key: a POSIX queue has a name, not a key");
	if ((a->has_maxmsg || a->has_msgsize) && !(create && a->posix))
		return bi_usage("--maxmsg and --msgsize go with create --posix");
	if (a->has_type && (a->posix || !(send || recv)))
		return bi_usage("--type goes with System V send and recv");
	if (a->has_prio && !(a->posix && send))
		return bi_usage("--prio goes with send --posix");
	if (a->nowait && !recv)
		return bi_usage("--nowait goes with recv");
	return 0;
}

static int run(const struct msgq_args *a)
{
	const char *s = a->sub;
	int want = !strcmp(s, "ls") ? 0 : !strcmp(s, "send") ? 2
		: !strcmp(s, "create") ? (a->posix ? 1 : 0) : 1;
	long id = -1;

	if (!strcmp(s, "send") && a->nops < 2)
		return bi_usage("send: a queue and a text are needed");
	if (strcmp(s, "send") && a->nops != want)
		return a->nops < want ? bi_usage("%s: %s is needed", s,
						 a->posix ? "a /name" : "a queue id")
			: bi_usage("%s: unexpected argument", a->ops[want]);
	if (want && !a->posix && strcmp(s, "create") &&
	    !teach_number(a->ops[0], 10, 0, INT_MAX, &id))
		return bi_usage("%s: not a queue id (msgq ls lists them)%s", a->ops[0],
				a->ops[0][0] == '/' ? "; a /name needs --posix" : "");
	if (!strcmp(s, "send")) {
		/* the words of the text, joined by spaces as echo does */
		size_t len = 0;
		char *text;
		int r;

		for (int i = 1; i < a->nops; i++)
			len += strlen(a->ops[i]) + 1;
		text = xmalloc(len + 1);
		text[0] = '\0';
		for (int i = 1; i < a->nops; i++) {
			if (i > 1)
				strcat(text, " ");
			strcat(text, a->ops[i]);
		}
		r = a->posix ? posix_send(a->ops[0], a->prio, text)
			: sysv_send((int)id, a->type, text);
		free(text);
		return r;
	}
	if (!strcmp(s, "create"))
		return a->posix ? posix_create(a, a->ops[0]) : sysv_create(a);
	if (!strcmp(s, "recv"))
		return a->posix ? posix_recv(a->ops[0], a->nowait)
			: sysv_recv((int)id, a->has_type ? a->type : 0, a->nowait);
	if (!strcmp(s, "stat"))
		return a->posix ? posix_stat(a->ops[0]) : sysv_stat((int)id);
	if (!strcmp(s, "rm"))
		return a->posix ? posix_rm(a->ops[0]) : sysv_rm((int)id);
	return a->posix ? posix_ls() : sysv_ls();
}

static int msgq_main(int argc, char **argv)
{
	struct msgq_args a;
	int status;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	status = parse(argc, argv, &a);
	if (status)
		return teach_end(status);
	if (a.demo)
		return teach_end(msgq_demo());
	status = check_options(&a);
	if (status)
		return teach_end(status);
	return teach_end(run(&a));
}

const struct builtin builtin_msgq = {
	.name = "msgq",
	.synopsis = "msgq create [--key K] [-m MODE] [--keep] | "
		"msgq send ID [--type T] TEXT | "
		"msgq recv ID [--type T] [--nowait] | "
		"msgq stat ID | msgq rm ID | msgq ls | "
		"msgq create --posix /NAME [--maxmsg N] [--msgsize S] [-m MODE] [--keep] | "
		"msgq send --posix /NAME [--prio P] TEXT | "
		"msgq recv --posix /NAME [--nowait] | "
		"msgq stat --posix /NAME | msgq rm --posix /NAME | msgq ls --posix | "
		"msgq [--step] [--slow MS] [--quiet] --demo",
	.summary = "message queues: System V msgget(2), msgsnd(2), msgrcv(2) and POSIX mq_open(3)",
	.family = FAMILY_IPC_SYSV,
	.see_also = "ipcs(1) labsh-ipc(1) msgctl(2) msgget(2) msgrcv(2) msgsnd(2) mq_getattr(3) mq_open(3) mq_receive(3) mq_send(3) mq_unlink(3) mq_overview(7) sysvipc(7)",
	.syscalls = "msgget msgsnd msgrcv msgctl mq_open mq_send mq_receive mq_getattr mq_close mq_unlink open fork waitpid pipe2 read write close",
	.run = msgq_main,
};
