/*
 * builtin.c - the builtin registry and dispatch.
 *
 * The only place commands/builtins.def is expanded.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio_ext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "error.h"
#include "narrate.h"

#define X(id) extern const struct builtin builtin_##id;
#include "../commands/builtins.def"
#undef X

static const struct builtin *const builtins[] = {
#define X(id) &builtin_##id,
#include "../commands/builtins.def"
#undef X
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static const struct builtin *current;
static int depth;		/* builtins running, nested through eval */
static int failed_depth;	/* the depth that reported an error, or 0 */
static bool last_failed;

static int compare_name(const void *key, const void *elem)
{
	const struct builtin *const *b = elem;

	return strcmp(key, (*b)->name);
}

const struct builtin *builtin_find(const char *name)
{
	const struct builtin *const *b;

	/* builtins.def is kept sorted by name; tests/builtins.bats checks. */
	b = bsearch(name, builtins, NBUILTINS, sizeof(builtins[0]), compare_name);
	return b ? *b : NULL;
}

const struct builtin *builtin_at(size_t i)
{
	return i < NBUILTINS ? builtins[i] : NULL;
}

const struct builtin *builtin_current(void)
{
	return current;
}

static const char *const family_names[] = {
#define F(id, name, heading) name,
#include "family.def"
#undef F
};

static const char *const family_headings[] = {
#define F(id, name, heading) heading,
#include "family.def"
#undef F
};

const char *family_name(enum family f)
{
	return f < FAMILY_COUNT ? family_names[f] : "?";
}

const char *family_heading(enum family f)
{
	return f < FAMILY_COUNT ? family_headings[f] : "?";
}

void builtin_print_help(const struct builtin *b)
{
	printf("usage: %s\n%s\n", b->synopsis, b->summary);
	if (b->syscalls && *b->syscalls) {
		char name[64];
		const char *p = b->syscalls;
		int len;

		printf("System calls:");
		while (sscanf(p, " %63s%n", name, &len) == 1) {
			enum syscall_id id = syscall_lookup(name);

			if (id == NR_COUNT)
				printf(" %s(?)", name);
			else
				printf(" %s(%d)", name, syscall_section(id));
			p += len;
		}
		printf("\n");
	}
	if (b->see_also && *b->see_also)
		printf("See also: %s\n", b->see_also);
	fflush(stdout);
}

void builtin_note_error(void)
{
	failed_depth = depth;
}

bool builtin_last_failed(void)
{
	return last_failed;
}

int builtin_run(const struct builtin *b, int argc, char **argv)
{
	const struct builtin *outer = current;
	int status;

	if (argc == 2 && !b->no_help_option && strcmp(argv[1], "--help") == 0) {
		builtin_print_help(b);
		return 0;
	}
	/*
	 * getopt(3) keeps its position in globals.  0, not 1, also resets
	 * GNU getopt's internal state (see NOTES in getopt(3)).
	 */
	optind = 0;
	opterr = 0;
	current = b;
	depth++;
	failed_depth = 0;
	clearerr(stdout);
	status = b->run(argc, argv);
	/* Builtins print with stdio: a failed write (stdout closed, a full
	 * disk, a reader gone) shows only here, when the buffer goes out. */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		int err = errno;

		__fpurge(stdout);	/* never let it reach a later stdout */
		clearerr(stdout);
		errno = err;
		bi_error_errno("write error");
		if (status == 0)
			status = 1;
	}
	last_failed = failed_depth == depth;
	depth--;
	failed_depth = 0;
	current = outer;
	return status;
}
