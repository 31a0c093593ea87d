/*
 * options.c - the table of shell options.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "shell.h"

static const struct {
	char letter;	/* 0: only a -o name */
	const char *name;
	size_t offset;	/* of the flag in struct options */
} table[] = {
	{ 'a', "allexport", offsetof(struct options, allexport) },
	{ 'b', "notify", offsetof(struct options, notify) },
	{ 'C', "noclobber", offsetof(struct options, noclobber) },
	{ 'e', "errexit", offsetof(struct options, errexit) },
	{ 'f', "noglob", offsetof(struct options, noglob) },
	{ 'h', "hashall", offsetof(struct options, hashall) },
	{ 'm', "monitor", offsetof(struct options, monitor) },
	{ 'n', "noexec", offsetof(struct options, noexec) },
	{ 'u', "nounset", offsetof(struct options, nounset) },
	{ 'v', "verbose", offsetof(struct options, verbose) },
	{ 'x', "xtrace", offsetof(struct options, xtrace) },
	{ 0, "pipefail", offsetof(struct options, pipefail) },
	{ 0, "narrate", offsetof(struct options, narrate) },
};

#define NOPTIONS (sizeof(table) / sizeof(table[0]))

static bool *flag(size_t i)
{
	return (bool *)((char *)&shell.opt + table[i].offset);
}

int opt_set_letter(char c, bool on)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (table[i].letter && table[i].letter == c) {
			*flag(i) = on;
			return 0;
		}
	return -1;
}

int opt_set_name(const char *name, bool on)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strcmp(table[i].name, name) == 0) {
			*flag(i) = on;
			return 0;
		}
	return -1;
}

void opt_print(bool as_commands)
{
	for (size_t i = 0; i < NOPTIONS; i++) {
		if (as_commands)
			printf("set %co %s\n", *flag(i) ? '-' : '+', table[i].name);
		else
			printf("%-16s%s\n", table[i].name, *flag(i) ? "on" : "off");
	}
}
