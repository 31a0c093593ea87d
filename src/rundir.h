/*
 * rundir.h - the private runtime directory.
 *
 * FIFOs, socket files and the logs of demos live here, never at a fixed
 * name in a shared directory where another user could have put a symlink
 * or a file of their own first.  The directory is per user, so that two
 * labsh sessions of one student (two terminals) find each other's FIFOs:
 *
 *	$XDG_RUNTIME_DIR/labsh		when XDG_RUNTIME_DIR is set
 *	$TMPDIR/labsh-UID (or /tmp)	otherwise
 *
 * It is created mode 0700, and an existing one is used only if it is a
 * real directory (not a symlink) owned by the user with no access for
 * anybody else (tmux's rule for its socket directory).
 */
#ifndef LABSH_RUNDIR_H
#define LABSH_RUNDIR_H

#include <stddef.h>

/*
 * The directory's path, creating it on first use.  NULL with errno set
 * (EPERM: it belongs to somebody else or others may enter it), after
 * printing nothing: the caller names its own call in the message.
 */
const char *rundir(void);

/* The same, but only if it exists already: NULL (ENOENT) otherwise. */
const char *rundir_existing(void);

/*
 * "RUNDIR/NAME" in BUF of size N; NULL with errno set if the directory
 * cannot be had, or ENAMETOOLONG.
 */
char *rundir_path(const char *name, char *buf, size_t n);

/* At the shell's exit: remove the directory if nothing is left in it. */
void rundir_remove_if_empty(void);

#endif
