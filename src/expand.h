/*
 * expand.h - words to fields (POSIX XCU 2.6): tilde, parameters, command
 * substitution, arithmetic, field splitting, pathname expansion (glob(3))
 * and quote removal, in that order.
 *
 * Results live on the stack arena.  Errors such as ${x:?} or an unset
 * variable under `set -u` are printed and thrown (status 2).
 */
#ifndef LABSH_EXPAND_H
#define LABSH_EXPAND_H

#include <stdbool.h>
#include <stddef.h>

struct word;

/*
 * Expand the words W into fields: the argument list of a command, or the
 * words of a for loop.  Returns a NULL-terminated array; *ARGC gets the count.
 */
char **expand_fields(const struct word *w, int *argc);

/* One word to one string, with no field splitting and no globbing: a
 * redirection target, a case subject. */
char *expand_string(const char *raw);

/* The value of an assignment NAME=VALUE: as expand_string, plus a tilde
 * after each ':' (PATH=~/bin:~/sbin).  RAW is the part after '='. */
char *expand_assign_value(const char *raw);

/* A pattern for fnmatch(3): quoted characters are escaped with '\' so
 * they match themselves.  For case patterns and ${x#pattern}. */
char *expand_pattern(const char *raw);

/* A here-document body: parameters, $(...), $((...)) and `...`, with
 * backslash quoting only $ ` \ and newline. */
char *expand_heredoc(const char *body);

/*
 * Split S on $IFS as `read` does, into at most MAX fields (0: no limit);
 * the last field takes the rest of the line, less trailing IFS white
 * space and one final IFS delimiter.  LITERAL (or NULL) marks the
 * characters of S that were escaped with '\': they never separate.
 */
char **expand_split_ifs(const char *s, const char *literal, int max,
			int *count);

#endif
