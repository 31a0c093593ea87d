/*
 * exec.h - running one simple command.
 */
#ifndef LABSH_EXEC_H
#define LABSH_EXEC_H

/*
 * Run ARGV (NULL-terminated, ARGC words, ARGC >= 1): a builtin in the
 * shell itself, else a program found through PATH in a forked child that
 * the shell waits for.  Returns the exit status as $? shows it: the
 * program's code, 126 found but not runnable, 127 not found, 128+N killed
 * by signal N.
 */
int exec_simple(int argc, char **argv);

/*
 * Find NAME as execvp(3) would: NAME itself if it contains a '/', else
 * each directory of PATH in turn.  Returns a malloc'd path, or NULL with
 * errno ENOENT (nowhere) or EACCES (found, but none executable).
 */
char *exec_path_search(const char *name);

/* Turn a waitpid(2) status into an exit status (128+N for signal N). */
int exec_wait_status(int wstatus);

#endif
