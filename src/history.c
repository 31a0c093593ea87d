/*
 * history.c - the command history list and its file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "history.h"
#include "lineedit.h"

enum { HISTORY_MAX = 1000 };

static char **entries;
static size_t count, cap;
static size_t first_new;	/* entries before this came from the file */
static bool file_too_long;	/* the file holds more than HISTORY_MAX */
static char *file;

static char *history_path(void)
{
	const char *h = getenv("HISTFILE");
	const char *home;
	char *p;

	if (h)
		return *h ? strdup(h) : NULL;	/* HISTFILE= turns it off */
	home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	if (asprintf(&p, "%s/.labsh_history", home) < 0)
		return NULL;
	return p;
}

/* Drop the oldest entry when the list is full. */
static void push(char *line)
{
	if (count == HISTORY_MAX) {
		free(entries[0]);
		memmove(entries, entries + 1, (count - 1) * sizeof(*entries));
		count--;
		if (first_new > 0)
			first_new--;
	}
	if (count == cap) {
		size_t ncap = cap ? cap * 2 : 64;
		char **n = realloc(entries, ncap * sizeof(*n));

		if (!n) {
			free(line);
			return;
		}
		entries = n;
		cap = ncap;
	}
	entries[count++] = line;
}

void hist_load(void)
{
	FILE *f;
	char *line = NULL;
	size_t size = 0;
	ssize_t n;
	size_t lines = 0;

	file = history_path();
	if (!file)
		return;
	f = fopen(file, "re");
	if (!f) {
		if (errno != ENOENT)
			sh_warn_errno("history file %s", file);
		return;
	}
	while ((n = getline(&line, &size, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		lines++;
		if (*line) {
			char *copy = strdup(line);

			if (copy) {
				push(copy);
				lineedit_history_push(copy);
			}
		}
	}
	if (ferror(f))
		sh_warn_errno("history file %s", file);
	free(line);
	fclose(f);
	first_new = count;
	file_too_long = lines > HISTORY_MAX;
}

void hist_add(const char *line)
{
	char *copy;

	if (!*line || strspn(line, " \t\n") == strlen(line))
		return;
	if (count > 0 && strcmp(entries[count - 1], line) == 0)
		return;
	copy = strdup(line);
	if (!copy)
		return;
	push(copy);
	lineedit_history_push(copy);
}

size_t hist_count(void)
{
	return count;
}

const char *hist_get(size_t i)
{
	return i < count ? entries[i] : NULL;
}

/* Write entries FROM..count-1, one line each; newlines become spaces. */
static int write_entries(int fd, size_t from)
{
	for (size_t i = from; i < count; i++) {
		size_t len = strlen(entries[i]);
		char *l = malloc(len + 1);
		int r;

		if (!l)
			return -1;
		for (size_t j = 0; j < len; j++)
			l[j] = entries[i][j] == '\n' ? ' ' : entries[i][j];
		l[len] = '\n';
		r = write_all(fd, l, len + 1);
		free(l);
		if (r < 0)
			return -1;
	}
	return 0;
}

void hist_save(void)
{
	int fd;
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

	if (!file || (first_new == count && !file_too_long))
		return;
	/*
	 * Append what this session added, so two shells in two terminals
	 * both keep their lines; rewrite only to trim an overlong file.
	 */
	flags |= file_too_long ? O_TRUNC : O_APPEND;
	fd = open(file, flags, 0600);
	if (fd < 0) {
		sh_warn_errno("history file %s", file);
		return;
	}
	if (write_entries(fd, file_too_long ? 0 : first_new) < 0)
		sh_warn_errno("history file %s", file);
	if (close(fd) < 0)
		sh_warn_errno("history file %s", file);
	first_new = count;
	file_too_long = false;
}

void hist_free(void)
{
	for (size_t i = 0; i < count; i++)
		free(entries[i]);
	free(entries);
	free(file);
	entries = NULL;
	file = NULL;
	count = cap = first_new = 0;
}
