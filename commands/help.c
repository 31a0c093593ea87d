/*
 * help - the builtins, grouped by syscall family, and the man pages behind
 * them.  Everything shown comes from the registry (commands/builtins.def).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "builtin.h"
#include "error.h"

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

static int help_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	const struct builtin *b;
	bool names = false;
	int status = 0;
	int c;

	while ((c = getopt_long(argc, argv, "+l", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			names = true;
			break;
		default:
			return bi_usage("%s: invalid option", argv[optind - 1]);
		}
	}
	if (names) {
		for (size_t i = 0; (b = builtin_at(i)) != NULL; i++)
			printf("%s\n", b->name);
		return 0;
	}
	if (optind == argc) {
		list_by_family();
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		b = builtin_find(argv[i]);
		if (!b) {
			status = bi_error("%s: no such builtin", argv[i]);
			continue;
		}
		printf("%s%s - %s\n", i > optind ? "\n" : "", b->name,
		       family_heading(b->family));
		builtin_print_help(b);
	}
	return status;
}

const struct builtin builtin_help = {
	.name = "help",
	.synopsis = "help [-l] [NAME...]",
	.summary = "list the builtins by family, or show one with its man pages",
	.family = FAMILY_SHELL,
	.see_also = "labsh(1) man(1)",
	.run = help_main,
};
