/*
 * eval.c - the read-eval loop and, for now, the simplest evaluator: a line
 * is one simple command.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "eval.h"
#include "exec.h"
#include "history.h"
#include "input.h"
#include "shell.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int eval_line(const char *line, size_t len)
{
	char *copy;
	char **argv = NULL;
	size_t argc = 0, cap = 0;
	int status = shell.status;
	char *p;

	if (len != strlen(line)) {
		sh_warn("line contains a NUL byte; ignored");
		return 2;
	}
	copy = strdup(line);
	if (!copy) {
		sh_warn_errno("eval");
		return 2;
	}
	for (p = copy;;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (argc + 2 > cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **n = realloc(argv, ncap * sizeof(*n));

			if (!n) {
				sh_warn_errno("eval");
				status = 2;
				goto out;
			}
			argv = n;
			cap = ncap;
		}
		argv[argc++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	if (argc > 0) {
		argv[argc] = NULL;
		status = exec_simple((int)argc, argv);
	}
out:
	free(argv);
	free(copy);
	return status;
}

/* "labsh[PID]$ ", with the last status when it is not 0: "labsh[PID] 1$ ". */
static void make_prompt(char *buf, size_t size)
{
	char mark = geteuid() == 0 ? '#' : '$';

	if (shell.status != 0)
		snprintf(buf, size, LABSH_NAME "[%ld] %d%c ", (long)shell.pid,
			 shell.status, mark);
	else
		snprintf(buf, size, LABSH_NAME "[%ld]%c ", (long)shell.pid,
			 mark);
}

int eval_input(struct input *in)
{
	bool terminal = input_is_terminal(in);
	char prompt[64] = "";
	char *line;
	size_t len;
	bool interrupted;

	for (;;) {
		if (terminal)
			make_prompt(prompt, sizeof(prompt));
		line = input_read(in, prompt, &len, &interrupted);
		if (!line)
			break;
		if (interrupted) {
			shell.status = 130;
			continue;
		}
		if (terminal)
			history_add(line);
		shell.status = eval_line(line, len);
	}
	return shell.status;
}
