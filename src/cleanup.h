/*
 * cleanup.h - the registry of what labsh created and must remove.
 *
 * A teaching builtin records every process, IPC object and file it makes
 * at the moment it makes it, and says for how long it may live:
 *
 *	CLEAN_DEMO	until the builtin returns, or Ctrl-C ends it
 *			(teach_end removes what is left)
 *	CLEAN_SHELL	until the shell exits (`shm create`, a daemon), or
 *			`ipc clean`; objects made with --keep are not recorded
 *
 * Demo entries live in this process's memory.  Shell entries are kept in
 * a file in the runtime directory named after the shell's PID, so an
 * object made in a subshell (`id=$(shm create 64)`) is still removed by
 * the shell when it exits, and `ipc ls` in that shell lists it.
 *
 * Removing an entry is narrated ("cleanup: shmctl(..., IPC_RMID)") so the
 * class sees what was left and that it is gone.
 */
#ifndef LABSH_CLEANUP_H
#define LABSH_CLEANUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum clean_kind {
	CLEAN_PROCESS,		/* ID a PID: SIGKILL, and waitpid if ours */
	CLEAN_PATH,		/* NAME a path (FIFO, socket, log): unlink */
	CLEAN_SHM,		/* ID a SysV shmid: shmctl IPC_RMID */
	CLEAN_MSG,		/* ID a SysV msqid: msgctl IPC_RMID */
	CLEAN_SEM,		/* ID a SysV semid: semctl IPC_RMID */
	CLEAN_SHM_POSIX,	/* NAME "/name": shm_unlink */
	CLEAN_MQ_POSIX,		/* NAME "/name": mq_unlink */
	CLEAN_SEM_POSIX,	/* NAME "/name": sem_unlink */
	CLEAN_KIND_COUNT
};

enum clean_scope {
	CLEAN_DEMO,
	CLEAN_SHELL,
};

struct clean_entry {
	enum clean_kind kind;
	enum clean_scope scope;
	long id;		/* PID or IPC id; -1 for named objects */
	char name[256];		/* path or POSIX name; "" for numbered ones */
	unsigned long long start;	/* a process: its start time in
					   /proc/PID/stat, against PID reuse */
};

/*
 * Record an object.  For CLEAN_PROCESS, ID is the PID and the process must
 * still exist (its start time is read now).  Returns 0, or -1 after a
 * warning if a shell-scope entry could not be written down.
 */
int cleanup_add(enum clean_kind kind, enum clean_scope scope, long id,
		const char *name);

/* The object is gone (the demo removed it, or waited for the child):
 * forget it, in either scope. */
void cleanup_forget(enum clean_kind kind, long id, const char *name);

/* Remove one object now, narrated with the note WHY (NULL: "cleanup:
 * left behind, removed now"); 0, or -1 with errno set. */
int cleanup_remove(const struct clean_entry *e, const char *why);

/* Remove this process's demo entries from index MARK on (see
 * cleanup_mark), newest first. */
size_t cleanup_mark(void);
void cleanup_demo(size_t mark);

/* In a demo's forked child: drop the inherited demo entries unseen (they
 * are the parent's to remove). */
void cleanup_after_fork(void);

/*
 * The shell's entries, read from its file: *OUT is malloc'd (free it);
 * returns the count.  Objects already gone are included; ipc ls checks.
 */
size_t cleanup_shell_list(struct clean_entry **out);

/* Remove every shell entry (the shell's exit, `ipc clean`); returns how
 * many objects were removed. */
size_t cleanup_shell(void);

/* Has the shell anything recorded to remove at its exit?  (Then its last
 * command must not replace it with execve.) */
bool cleanup_shell_pending(void);

/* The same for the files of shells that no longer run (killed before
 * they could clean up): `ipc clean --stale`. */
size_t cleanup_stale(void);

/* Field 22 of /proc/PID/stat, the process's start time in clock ticks
 * since boot (with the PID, a name no later process can take); 0 if the
 * process is gone. */
unsigned long long cleanup_start_time(pid_t pid);

/* "process", "path", "shm", "msg", "sem", "shm-posix", "mq-posix",
 * "sem-posix". */
const char *cleanup_kind_name(enum clean_kind kind);

/* Does the object still exist? */
bool cleanup_alive(const struct clean_entry *e);

#endif
