/*
 * lineedit.c - GNU Readline or libedit behind lineedit.h.
 *
 * libedit implements readline's interface, so one file serves both; the
 * few differences are marked.  Ctrl-C is caught by the shell's own SIGINT
 * handler (readline's are turned off): our getc function sees read(2) fail
 * with EINTR, and ends the line so the shell can drop it.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#if LINEEDIT_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#else
#include <editline/readline.h>
#endif

#include "builtin.h"
#include "jobs.h"
#include "error.h"
#include "lineedit.h"
#include "signals.h"
#include "vars.h"

static bool interrupted;

static int getc_interruptible(FILE *f)
{
	unsigned char c;

	for (;;) {
		ssize_t n;
		int w = sig_wait_input(fileno(f));

		if (w == -3) {
			if (job_child_changed_at_prompt())
				rl_forced_update_display();
			continue;
		}
		if (w == -1)
			return EOF;	/* hung up */
		if (w == -2) {
			/* The terminal does not echo ^C while the editor
			 * has echo off, so show it as bash does. */
			interrupted = true;
			write_all(STDERR_FILENO, "^C", 2);
			return '\n';
		}
		n = read(fileno(f), &c, 1);
		if (n == 1)
			return c;
		if (n == 0)
			return EOF;
		if (errno != EINTR && errno != EAGAIN)
			return EOF;
	}
}

/*
 * Completion works in two steps: complete() looks at the line and fills
 * a list of candidates for this context, all read from the registry, the
 * variables, the signal table or PATH; readline then asks next_candidate
 * for those that start with the text typed.
 */
static char **cands;
static size_t ncands, cands_cap;

static void cands_clear(void)
{
	for (size_t i = 0; i < ncands; i++)
		free(cands[i]);
	ncands = 0;
}

static void cands_add(const char *prefix, const char *s)
{
	char *c;

	if (ncands == cands_cap) {
		size_t ncap = cands_cap ? cands_cap * 2 : 64;
		char **n = realloc(cands, ncap * sizeof(*n));

		if (!n)
			return;
		cands = n;
		cands_cap = ncap;
	}
	if (asprintf(&c, "%s%s", prefix, s) >= 0)
		cands[ncands++] = c;
}

static char *next_candidate(const char *text, int state)
{
	static size_t i, len;

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	while (i < ncands) {
		const char *c = cands[i++];

		if (strncmp(c, text, len) == 0)
			return strdup(c);
	}
	return NULL;
}

static void add_var(const char *name, const char *value, unsigned flags,
		    void *arg)
{
	(void)value;
	(void)flags;
	(void)arg;
	cands_add("$", name);
}

static void add_signals(const char *prefix)
{
	for (int sig = 1; sig < NSIG; sig++) {
		const char *name = sigabbrev_np(sig);

		if (name)
			cands_add(prefix, name);
	}
}

/* Builtins, then the programs in PATH that start with TEXT. */
static void add_commands(const char *text)
{
	const char *path = getenv("PATH");
	size_t len = strlen(text);
	const struct builtin *b;

	for (size_t i = 0; (b = builtin_at(i)) != NULL; i++)
		cands_add("", b->name);
	if (strchr(text, '/') || !path)
		return;
	for (const char *p = path; *p;) {
		const char *end = strchrnul(p, ':');
		char *dir = strndup(p, (size_t)(end - p));
		DIR *d = dir && *dir ? opendir(dir) : NULL;
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL) {
			char *full;

			if (strncmp(e->d_name, text, len) != 0 || e->d_name[0] == '.')
				continue;
			if (asprintf(&full, "%s/%s", dir, e->d_name) >= 0) {
				if (access(full, X_OK) == 0)
					cands_add("", e->d_name);
				free(full);
			}
		}
		if (d)
			closedir(d);
		free(dir);
		p = *end ? end + 1 : end;
	}
}

/*
 * The options and subcommands of builtin B, read from its synopsis: every
 * "-x" or "--word", and every plain word that follows B's own name
 * ("insmod-demo load" gives "load").
 */
static void add_from_synopsis(const struct builtin *b, bool options)
{
	const char *s = b->synopsis;
	size_t nlen = strlen(b->name);

	while (*s) {
		size_t n;

		while (*s && !(isalnum((unsigned char)*s) || *s == '-'))
			s++;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
		if (n == 0) {
			if (*s)
				s++;
			continue;
		}
		if (options && s[0] == '-' && n > 1) {
			char *opt = strndup(s, n);

			if (opt) {
				cands_add("", opt);
				free(opt);
			}
		} else if (!options && n == nlen && strncmp(s, b->name, n) == 0) {
			const char *w = s + n;

			while (*w == ' ')
				w++;
			n = strspn(w, "abcdefghijklmnopqrstuvwxyz-");
			if (n > 0 && w[0] != '-' && (w[n] == ' ' || w[n] == '\0' ||
						     w[n] == ']' || w[n] == '|')) {
				char *sub = strndup(w, n);

				if (sub) {
					cands_add("", sub);
					free(sub);
				}
			}
			s = w;
			continue;
		}
		s += n;
	}
}

/* The first word of the simple command that ends at START, and whether
 * the word at START is that command's first argument. */
static char *command_word(int start, bool *first_arg)
{
	int i = start, words = 0;
	int cmd_start;

	while (i > 0 && !strchr(";|&(`", rl_line_buffer[i - 1]))
		i--;
	cmd_start = i;
	while (rl_line_buffer[cmd_start] == ' ' || rl_line_buffer[cmd_start] == '\t')
		cmd_start++;
	for (int j = cmd_start; j < start; j++)
		if ((rl_line_buffer[j] == ' ' || rl_line_buffer[j] == '\t') &&
		    j > cmd_start && rl_line_buffer[j - 1] != ' ' &&
		    rl_line_buffer[j - 1] != '\t')
			words++;
	*first_arg = words == 1;
	if (cmd_start >= start)
		return NULL;
	return strndup(rl_line_buffer + cmd_start,
		       strcspn(rl_line_buffer + cmd_start, " \t"));
}

static char **complete(const char *text, int start, int end)
{
	const struct builtin *b;
	bool first_arg;
	char *cmd;
	char **matches = NULL;

	(void)end;
	cands_clear();
	cmd = command_word(start, &first_arg);
	if (text[0] == '$') {
		var_each(0, add_var, NULL);
	} else if (text[0] == '%' && cmd) {
		/* job specs, for fg, bg, kill, wait, jobs, disown, fds... */
		int ids[64], n = job_ids(ids, 64);

		for (int i = 0; i < n; i++) {
			char spec[16];

			snprintf(spec, sizeof(spec), "%%%d", ids[i]);
			cands_add("", spec);
		}
		if (n > 0) {
			cands_add("", "%+");
			cands_add("", "%-");
		}
	} else if (!cmd) {
		add_commands(text);
	} else if (strcmp(cmd, "kill") == 0 && text[0] == '-') {
		add_signals("-");
		cands_add("", "-l");
		cands_add("", "-s");
	} else if (strcmp(cmd, "trap") == 0 && !first_arg) {
		add_signals("");
		cands_add("", "EXIT");
	} else if ((b = builtin_find(cmd)) != NULL &&
		   (text[0] == '-' || first_arg)) {
		add_from_synopsis(b, text[0] == '-');
	}
	free(cmd);
	if (ncands > 0)
		matches = rl_completion_matches(text, next_candidate);
	return matches;	/* NULL: readline completes file names */
}

void lineedit_init(void)
{
	rl_readline_name = "labsh";
	rl_catch_signals = 0;
	rl_getc_function = getc_interruptible;
	rl_attempted_completion_function = complete;
	/* '$' and '-' belong to the word: $HO<Tab>, kill -IN<Tab> */
	rl_basic_word_break_characters = " \t\n\"'`><=;|&(";
	/* POSIX sends the prompt to stderr; keep stdout for command output. */
	rl_outstream = stderr;
#if !LINEEDIT_READLINE
	/* Now, while the terminal echoes: libedit's first readline() would
	 * find echo off (see lineedit_read) and turn editing off for good. */
	rl_initialize();
#endif
}

char *lineedit_read(const char *prompt, bool *was_interrupted)
{
	char *line;
#if !LINEEDIT_READLINE
	/*
	 * libedit prints the prompt before it turns the terminal's echo off,
	 * so a line typed the instant the prompt shows (a paste, a test
	 * driver) was echoed twice: by the terminal, then by the editor.
	 * Turn echo and canonical mode off first, as readline does.  libedit
	 * learns only the modes it finds in canonical mode, so it keeps the
	 * ones it had; the shell's own come back once the line is read.
	 */
	struct termios saved, quiet;
	bool changed = false;

	if (tcgetattr(STDIN_FILENO, &saved) == 0) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ICANON);
		changed = tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet) == 0;
	}
#endif
	interrupted = false;
	line = readline(prompt);
	*was_interrupted = interrupted;
#if !LINEEDIT_READLINE
	if (changed)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
#endif
	return line;
}

void lineedit_history_push(const char *line)
{
	add_history(line);
}

const char *lineedit_version(void)
{
#if LINEEDIT_READLINE
	static char v[64];

	snprintf(v, sizeof(v), "GNU Readline %s", rl_library_version);
	return v;
#else
	return "libedit " LIBEDIT_VERSION;
#endif
}

void lineedit_finish(void)
{
	cands_clear();
	free(cands);
	cands = NULL;
	cands_cap = 0;
	clear_history();
}
