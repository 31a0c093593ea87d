/*
 * jobs.h - the job table: every pipeline the shell starts is a job of one
 * or more processes.  The shell waits for a foreground job at once and
 * keeps background jobs (cmd &) until they are reaped.
 */
#ifndef LABSH_JOBS_H
#define LABSH_JOBS_H

#include <stdbool.h>
#include <sys/types.h>

struct job;

/* A new, empty job for the command text CMD (copied). */
struct job *job_new(const char *cmd, bool background);

/* Record that PID, just forked, belongs to J. */
void job_add(struct job *j, pid_t pid);

/*
 * Wait for every process of the foreground job J and free it.  Returns
 * the status of the last process (with pipefail, of the last that
 * failed), as $? shows it.
 */
int job_wait_foreground(struct job *j);

/* Keep background job J in the table ($! is its last process). */
void job_background(struct job *j);

/* Reap finished background processes without blocking. */
void job_reap(void);

/*
 * For `wait`: wait for PID (a child of this shell) and return its status,
 * or 127 if it is not a known child.  PID 0 waits for every background
 * job and returns 0.  Returns 128+SIGINT if interrupted by Ctrl-C.
 */
int job_wait_pid(pid_t pid);

/* Forget every job (in a child just after fork). */
void job_forget_all(void);

#endif
