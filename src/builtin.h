/*
 * builtin.h - the builtin descriptor and the registry.
 *
 * A builtin is one file in commands/ holding a `const struct builtin` and its
 * handler, plus one X() line in commands/builtins.def.  help, completion and
 * the man-page test all read the registry, so they never drift from it.
 */
#ifndef LABSH_BUILTIN_H
#define LABSH_BUILTIN_H

#include <stdbool.h>
#include <stddef.h>

enum family {
#define F(id, name, heading) FAMILY_##id,
#include "family.def"
#undef F
	FAMILY_COUNT
};

struct builtin {
	const char *name;	/* as typed: "fork-demo" */
	const char *synopsis;	/* one line, as in the man page SYNOPSIS */
	const char *summary;	/* one line: what it does */
	enum family family;
	const char *see_also;	/* man pages, space separated: "fork(2) wait(2)" */
	const char *syscalls;	/* calls it makes, space separated: "fork
				   waitpid"; each a name of src/syscalls.def */
	bool no_help_option;	/* --help is an ordinary argument (echo, test) */
	bool special;		/* a POSIX special builtin (XCU 2.14): found
				 * before functions, assignments persist */
	bool permanent_redirs;	/* exec: its redirections are not undone */
	int (*run)(int argc, char **argv);	/* returns an exit status */
};

/* The builtin called NAME, or NULL. */
const struct builtin *builtin_find(const char *name);

/* The Ith builtin in registry (alphabetical) order, or NULL past the end. */
const struct builtin *builtin_at(size_t i);

/*
 * Run B with ARGV (argv[0] is its name) in the current process and return its
 * exit status.  Resets getopt(3) state first, answers --help, and records B
 * as the current builtin so error messages can name it.
 */
int builtin_run(const struct builtin *b, int argc, char **argv);

/*
 * Error bookkeeping for XCU 2.8.1, where an error in a special builtin
 * ends a script: bi_error and friends note it against the builtin being
 * run; builtin_last_failed tells whether the builtin that builtin_run
 * last returned from reported one itself (not a builtin nested in it).
 */
void builtin_note_error(void);
bool builtin_last_failed(void);

/* The builtin being run, or NULL between builtins. */
const struct builtin *builtin_current(void);

/* The short name and the heading of a family, for help. */
const char *family_name(enum family f);
const char *family_heading(enum family f);

/*
 * Print "usage: SYNOPSIS", the summary, the system calls with their man
 * sections ("System calls: fork(2) waitpid(2)") and SEE ALSO of B to stdout.
 */
void builtin_print_help(const struct builtin *b);

#endif
