/*
 * jobs.h - the job table and job control (POSIX XCU 2.11; see
 * credentials(7), setpgid(2), tcsetpgrp(3)).
 *
 * Every pipeline the shell starts is a job of one or more processes.
 * With job control (an interactive shell, or set -m) each job is its own
 * process group, the foreground job owns the terminal, and a stopped job
 * waits in the table for fg or bg.
 */
#ifndef LABSH_JOBS_H
#define LABSH_JOBS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct job;

/*
 * For an interactive shell: put the shell in its own process group, wait
 * until it is in the foreground of its terminal, take the terminal, and
 * remember the terminal modes to restore after each job.  Turns set -m on.
 * Returns false (job control stays off) without a usable terminal.
 */
bool job_control_init(void);

/* Job control is on: set -m and a terminal. */
bool job_control(void);

/* A new, empty job for the command text CMD (copied). */
struct job *job_new(const char *cmd, bool background);

/*
 * fork(2) a process of job J.  With job control, the child joins the
 * job's process group (the first child founds it) and a foreground job
 * takes the terminal; the parent does both too, to close the race
 * (XCU 2.11; dash does the same).  Returns as fork does; on failure the
 * error is printed.
 */
pid_t job_fork(struct job *j);

/* Record that PID, started for J (by job_fork or posix_spawn), is part
 * of it. */
void job_add(struct job *j, pid_t pid);

/*
 * Wait for the foreground job J.  If it stops (Ctrl-Z), it stays in the
 * table and "[1]+  Stopped  cmd" is printed; otherwise it is freed.  The
 * shell takes the terminal back and restores its modes.  Returns the
 * status as $? shows it (pipefail aware; 128+N if stopped by signal N).
 */
int job_wait_foreground(struct job *j);

/* Keep the background job J ($! is its last process); interactive
 * shells print "[1] 4242". */
void job_background(struct job *j);

/* Reap what has finished or stopped, without blocking. */
void job_reap(void);

/* Before a prompt: report jobs that finished or stopped in the
 * background ("[1]+  Done  sleep 1") and forget the finished ones.
 * True if anything was printed. */
bool job_notify(void);

/*
 * SIGCHLD woke the prompt: reap, and with set -b report finished or
 * stopped jobs at once.  True if something was printed (the line being
 * typed must then be drawn again).
 */
bool job_child_changed_at_prompt(void);

/*
 * The job named by SPEC: %n %+ %% %- %string %?string, or a PID of one
 * of its processes.  NULL if there is none (*WHY says why).
 */
struct job *job_lookup(const char *spec, const char **why);

/* Send SIG to J: its process group with job control (killpg), else
 * each of its processes (kill); narrated with NARRATING.  Returns as
 * kill(2). */
int job_signal(struct job *j, int sig, bool narrating);

/* The ids of the jobs in the table, at most MAX; returns the count. */
int job_ids(int *ids, int max);

/* The PIDs of J's processes still alive, at most MAX; returns the count. */
int job_processes(const struct job *j, pid_t *pids, int max);

/* Continue J in the foreground (fg) or the background (bg). */
int job_foreground(struct job *j);
int job_resume_background(struct job *j);
bool job_is_stopped(const struct job *j);
bool job_is_running(const struct job *j);
int job_id(const struct job *j);

/* jobs [-l] [-p]: one job, or every job when J is NULL. */
void job_print(FILE *f, struct job *j, bool long_form, bool pids_only);

/*
 * For `wait`: wait for PID (a child of this shell) and return its status,
 * or 127 if it is not a known child; PID 0 waits for every job and
 * returns 0.  With ANY, wait for whichever job ends first (wait -n).
 * A trapped signal or Ctrl-C ends the wait with 128+N.
 */
int job_wait_pid(pid_t pid);
int job_wait_job(struct job *j);
int job_wait_any(void);

/* Forget J (disown): the shell will not report, wait for or hang it up. */
void job_disown(struct job *j);

/* Any job stopped (to warn before exit). */
bool job_any_stopped(void);

/*
 * Before an interactive shell exits: the first time there are stopped
 * jobs, print "There are stopped jobs." and return true (do not exit).
 */
bool job_exit_blocked(void);
/* The read-eval loop counts its commands (for job_exit_blocked). */
void job_note_command(void);

/* At exit: SIGHUP (and SIGCONT) to every job, as bash does on hangup. */
void job_hangup_all(void);

/* In a child just after fork: no job control there; the table stays
 * readable for `jobs`. */
void job_enter_child(void);

#endif
