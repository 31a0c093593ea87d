/*
 * history.h - the command history, the same in every line-editing build.
 *
 * labsh keeps the list itself and mirrors it into readline or libedit, so
 * the history file has one format (a line per entry) whichever editor was
 * compiled in, and the plain reader has a history too.
 */
#ifndef LABSH_HISTORY_H
#define LABSH_HISTORY_H

#include <stddef.h>

/*
 * Load the file named by $HISTFILE, else ~/.labsh_history.  A missing file
 * is normal; an unreadable one gets a warning and an empty history.
 */
void hist_load(void);

/* Append LINE (blank lines and repeats of the last entry are skipped). */
void hist_add(const char *line);

/* Number of entries, and entry I (0 = oldest). */
size_t hist_count(void);
const char *hist_get(size_t i);

/* Write the entries added this session to the file; warn on failure. */
void hist_save(void);

/* Free the list. */
void hist_free(void);

#endif
