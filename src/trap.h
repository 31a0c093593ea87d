/*
 * trap.h - the commands of `trap`, run between commands when their
 * signal arrives, and the EXIT trap.
 */
#ifndef LABSH_TRAP_H
#define LABSH_TRAP_H

#include <stdbool.h>

/* "INT", "SIGINT", "2" -> 2; "EXIT" or "0" -> 0; -1 if unknown. */
int trap_signal_number(const char *name);
/* "INT" for 2, "EXIT" for 0 (a static buffer for unnamed ones). */
const char *trap_signal_name(int sig);

/* ACTION NULL: default; "": ignore; else a command.  SIG 0 is EXIT. */
void trap_set(int sig, const char *action);
/* The command for SIG, "" if ignored, NULL if default. */
const char *trap_get(int sig);
/* True if SIG has a trap command. */
bool trap_is_set(int sig);
/* True if any trap command is set (no direct exec of a last command). */
bool trap_any(void);

/* Run the commands of caught signals that have arrived; $? is kept. */
void trap_run_pending(void);
/* Run the EXIT trap, once. */
void trap_run_exit(void);
/* In a child: traps with commands go back to default (POSIX). */
void trap_reset_for_child(void);

#endif
