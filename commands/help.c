/*
 * help - the builtins, grouped by syscall family, and the man pages behind
 * them.  Everything shown comes from the registry (commands/builtins.def)
 * and the syscall table (src/syscalls.def).
 */
#include "config.h"

#include <getopt.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"
#include "exec.h"
#include "narrate.h"

/* Every builtin, grouped under its family's heading. */
static void list_by_family(void)
{
	const struct builtin *b;

	for (int f = 0; f < FAMILY_COUNT; f++) {
		bool heading = false;

		for (size_t i = 0; (b = builtin_at(i)) != NULL; i++) {
			if ((int)b->family != f)
				continue;
			if (!heading) {
				printf("%s%s:\n", f ? "\n" : "",
				       family_heading((enum family)f));
				heading = true;
			}
			printf("  %-14s %s\n", b->name, b->summary);
		}
	}
	printf("\nType 'help NAME' for one builtin, or 'NAME --help'.\n");
}

static int show_builtins(char **names, int n)
{
	const struct builtin *b;
	int status = 0;

	for (int i = 0; i < n; i++) {
		b = builtin_find(names[i]);
		if (!b) {
			status = bi_error("%s: no such builtin", names[i]);
			continue;
		}
		printf("%s%s - %s\n", i > 0 ? "\n" : "", b->name,
		       family_heading(b->family));
		builtin_print_help(b);
	}
	return status;
}

/* ---------------------------------------------------------------------
 * help -s: the system calls.
 * --------------------------------------------------------------------- */

/* Does the space-separated LIST hold the word NAME? */
static bool has_word(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p && *p; p += strcspn(p, " ")) {
		p += strspn(p, " ");
		if (strncmp(p, name, len) == 0 &&
		    (p[len] == ' ' || p[len] == '\0'))
			return true;
	}
	return false;
}

/*
 * Where the system's page NAME(SECTION) is, as man(1) would look: in
 * manSECTION/ of each directory of MANPATH (default /usr/local/share/man
 * and /usr/share/man).  Writes the path to BUF; false if none.
 */
static bool find_man_page(const char *name, int section, char *buf, size_t n)
{
	const char *manpath = getenv("MANPATH");
	char dirs[1024], pattern[1200];
	bool found = false;

	if (!manpath || !*manpath)
		manpath = "/usr/local/share/man:/usr/share/man";
	snprintf(dirs, sizeof(dirs), "%s", manpath);
	for (char *save, *dir = strtok_r(dirs, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		glob_t g;

		snprintf(pattern, sizeof(pattern), "%s/man%d/%s.%d*", dir,
			 section, name, section);
		if (glob(pattern, 0, NULL, &g) == 0) {
			snprintf(buf, n, "%s", g.gl_pathv[0]);
			found = true;
		}
		globfree(&g);
	}
	return found;
}

/* The Levenshtein distance of A and B, for names under 64 characters. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], diag;

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* Is CALL near the unknown NAME: a typo away, or sharing its start? */
static bool near(const char *call, const char *name)
{
	size_t lc = strlen(call), ln = strlen(name);

	if (edit_distance(call, name) <= 2)
		return true;
	if (ln >= 2 && strncmp(call, name, ln) == 0)
		return true;	/* sem -> semget */
	return lc >= 3 && strncmp(call, name, lc) == 0;	/* "forks" -> fork */
}

static int unknown_syscall(const char *name)
{
	char list[512];
	size_t len = 0;

	bi_error("%s: unknown system call", name);
	list[0] = '\0';
	for (int i = 0; i < NR_COUNT && len < sizeof(list) - 32; i++) {
		const char *call = syscall_name((enum syscall_id)i);

		if (near(call, name))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? " " : "", call);
	}
	if (len)
		bi_hint("did you mean: %s", list);
	else
		bi_hint("'help -s' lists the system calls labsh knows; see labsh-syscalls(7)");
	return 1;
}

/* help -s NAME: its section, family, builtins and the system's page. */
static int show_syscall(const char *name)
{
	enum syscall_id id = syscall_lookup(name);
	const struct builtin *b;
	char page[1024];
	bool any = false;

	if (id == NR_COUNT)
		return unknown_syscall(name);
	printf("%s(%d) - %s\n", name, syscall_section(id),
	       family_heading(syscall_family(id)));
	printf("Family: %s\n", family_name(syscall_family(id)));
	printf("Builtins:");
	for (size_t i = 0; (b = builtin_at(i)) != NULL; i++) {
		if (b->syscalls && has_word(b->syscalls, name)) {
			printf(" %s", b->name);
			any = true;
		}
	}
	printf("%s\n", any ? "" : " none");
	if (find_man_page(name, syscall_section(id), page, sizeof(page)))
		printf("Man page: %s\n", page);
	else
		printf("Man page: not installed (Debian: apt install manpages-dev)\n");
	return 0;
}

/* help -s alone: every call of the table, by family. */
static void list_syscalls(void)
{
	for (int f = 0; f < FAMILY_COUNT; f++) {
		int col = 0;

		for (int i = 0; i < NR_COUNT; i++) {
			enum syscall_id id = (enum syscall_id)i;
			char item[64];
			int w;

			if ((int)syscall_family(id) != f)
				continue;
			if (col == 0)
				printf("%s:\n ",
				       family_heading((enum family)f));
			w = snprintf(item, sizeof(item), " %s(%d)",
				     syscall_name(id), syscall_section(id));
			if (col > 1 && col + w > 72) {
				printf("\n ");
				col = 1;
			}
			printf("%s", item);
			col += w;
		}
		if (col)
			printf("\n");
	}
}

/* ---------------------------------------------------------------------
 * help -m: the builtin's own manual page.
 * --------------------------------------------------------------------- */

/*
 * Run $LABSH_MAN (default man) on labsh-NAME(1), or labsh(1) for the
 * shell's ordinary builtins; with $LABSH_MANDIR, the page found there
 * (man -l FILE), so an uninstalled build can show its own pages.
 */
static int open_man_page(const char *name)
{
	const struct builtin *b = NULL;
	const char *man = getenv("LABSH_MAN");
	const char *mandir = getenv("LABSH_MANDIR");
	char page[256], file[1024];
	char *argv[4];

	if (name) {
		b = builtin_find(name);
		if (!b)
			return bi_error("%s: no such builtin", name);
	}
	if (!b || b->family == FAMILY_SHELL)
		snprintf(page, sizeof(page), "labsh");
	else
		snprintf(page, sizeof(page), "labsh-%s", b->name);
	if (!man || !*man)
		man = "man";
	argv[0] = (char *)man;
	if (mandir && *mandir) {
		snprintf(file, sizeof(file), "%s/%s.1", mandir, page);
		argv[1] = "-l";
		argv[2] = file;
	} else {
		argv[1] = "1";
		argv[2] = page;
	}
	argv[3] = NULL;
	/* A foreground job, as if the user had typed the man command. */
	return exec_argv(3, argv);
}

static int help_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const struct builtin *b;
	int mode = 0;
	int status = 0;
	int c;

	while ((c = getopt_long(argc, argv, "+lms", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
		case 'm':
		case 's':
			if (mode && mode != c)
				return bi_usage("-%c and -%c exclude each other",
						mode, c);
			mode = c;
			break;
		default:
			return bi_usage("%s: invalid option", argv[optind - 1]);
		}
	}
	switch (mode) {
	case 'l':
		for (size_t i = 0; (b = builtin_at(i)) != NULL; i++)
			printf("%s\n", b->name);
		return 0;
	case 'm':
		if (argc - optind > 1)
			return bi_usage("-m takes one NAME");
		return open_man_page(optind < argc ? argv[optind] : NULL);
	case 's':
		if (optind == argc)
			list_syscalls();
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				printf("\n");
			status |= show_syscall(argv[i]);
		}
		return status;
	}
	if (optind == argc) {
		list_by_family();
		return 0;
	}
	return show_builtins(argv + optind, argc - optind);
}

const struct builtin builtin_help = {
	.name = "help",
	.synopsis = "help [-l | -m | -s] [NAME...]",
	.summary = "list the builtins by family, or show one with its system calls and man pages",
	.family = FAMILY_SHELL,
	.see_also = "labsh(1) man(1) labsh-syscalls(7)",
	.run = help_main,
};
