/*
 * options.h - the shell options of set(1p): one table for `set`, for the
 * command line and for $-.
 */
#ifndef LABSH_OPTIONS_H
#define LABSH_OPTIONS_H

#include <stdbool.h>

/* Turn the option with letter C on or off; -1 if there is none. */
int opt_set_letter(char c, bool on);
/* Turn the option NAME (allexport, errexit, ...) on or off; -1 if none. */
int opt_set_name(const char *name, bool on);
/* `set -o`: every option and its state; `set +o`: as commands. */
void opt_print(bool as_commands);

#endif
