/*
 * exec.c - one simple command (POSIX XCU 2.9.1): expand, assign,
 * redirect, then find the command: special builtin, function, builtin,
 * or a program in PATH run in a child with fork, execve and waitpid.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "expand.h"
#include "jobs.h"
#include "narrate.h"
#include "redir.h"
#include "shell.h"
#include "signals.h"
#include "trap.h"
#include "vars.h"

extern char **environ;

/* ------------------------------------------------------------------ */
/* PATH search                                                          */

/* A regular file we may execute.  Directories are never "found". */
static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EACCES;
		return -1;
	}
	if (access(path, X_OK) < 0)
		return -1;
	return 0;
}

char *exec_path_search(const char *name)
{
	const char *path = var_get("PATH");
	size_t nlen = strlen(name);
	int err = ENOENT;

	if (strchr(name, '/'))
		return executable(name) == 0 ? (char *)name : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		size_t dlen = (size_t)(end - p);
		char *full = st_alloc(dlen + nlen + 3);

		/* An empty PATH entry means the current directory. */
		if (dlen == 0)
			sprintf(full, "./%s", name);
		else
			sprintf(full, "%.*s/%s", (int)dlen, p, name);
		if (executable(full) == 0)
			return full;
		if (errno == EACCES)
			err = EACCES;
		if (*end == '\0')
			break;
		p = end;
	}
	errno = err;
	return NULL;
}

int exec_wait_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	if (WIFSTOPPED(wstatus))
		return 128 + WSTOPSIG(wstatus);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Assignments and tracing                                              */

/*
 * Expand and set each NAME=VALUE of W with FLAGS.  Assigning a readonly
 * variable is an error that ends a script (XCU 2.8.1), so it is thrown.
 */
static void assign_all(const struct word *w, unsigned flags, bool local)
{
	for (; w; w = w->next) {
		const char *eq = strchr(w->text, '=');
		char *name = st_strndup(w->text, (size_t)(eq - w->text));
		char *value = expand_assign_value(eq + 1);

		if (local)
			var_local(name);
		if (var_set(name, value, flags) < 0)
			sh_throw(2);
	}
}

/* set -x: "+ x=1 echo a b" on stderr, in one write. */
static void trace(const struct word *assigns, char **argv)
{
	struct strbuf b;
	const char *ps4 = var_get("PS4");

	sb_init(&b);
	sb_adds(&b, ps4 ? expand_string(ps4) : "+ ");
	for (const struct word *w = assigns; w; w = w->next) {
		const char *eq = strchr(w->text, '=');

		sb_addn(&b, w->text, (size_t)(eq - w->text) + 1);
		sb_adds(&b, expand_assign_value(eq + 1));
		if (w->next || (argv && *argv))
			sb_addc(&b, ' ');
	}
	for (char **a = argv; a && *a; a++) {
		sb_adds(&b, *a);
		if (a[1])
			sb_addc(&b, ' ');
	}
	sb_addc(&b, '\n');
	write_all(STDERR_FILENO, b.s, b.len);
}

/* ------------------------------------------------------------------ */
/* Programs                                                             */

/* execve("/usr/bin/ls", ["ls", "-l"], envp), before the call. */
static void narrate_execve(const char *path, char **argv)
{
	struct strbuf b;

	sb_init(&b);
	for (char **a = argv; *a; a++) {
		sb_adds(&b, a == argv ? "\"" : ", \"");
		sb_adds(&b, *a);
		sb_addc(&b, '"');
	}
	narrate(NR_execve, NARRATE_NORESULT, "\"%s\", [%s], envp", path,
		sb_finish(&b));
}

int exec_program(char **argv, const struct word *assigns)
{
	char *path = exec_path_search(argv[0]);
	int argc = 0;

	if (!path) {
		if (errno == ENOENT && !strchr(argv[0], '/')) {
			sh_warn("%s: command not found", argv[0]);
			return 127;
		}
		sh_warn_errno("%s", argv[0]);
		return errno == ENOENT ? 127 : 126;
	}
	assign_all(assigns, VAR_EXPORT, false);
	while (argv[argc])
		argc++;
	sig_reset_for_child();
	if (shell.opt.narrate)
		narrate_execve(path, argv);
	execve(path, argv, var_environ());
	if (shell.opt.narrate)
		narrate(NR_execve, -1, "\"%s\"", path);
	if (errno == ENOEXEC) {
		/* No #! line and not a binary: a shell script (POSIX).
		 * Run it with this shell, as dash and bash do. */
		char **nargv = st_alloc(((size_t)argc + 2) * sizeof(*nargv));

		nargv[0] = (char *)shell.arg0;
		nargv[1] = path;
		for (int i = 1; i <= argc; i++)
			nargv[i + 1] = argv[i];
		execve("/proc/self/exe", nargv, var_environ());
		errno = ENOEXEC;
	}
	sh_warn_errno("%s", argv[0]);
	return errno == ENOENT ? 127 : 126;
}

/*
 * The environment for a program run with the assignments ASSIGNS in
 * front of it: the exported variables, with the assignments exported
 * over them (on the stack arena).
 */
static char **environ_with(const struct word *assigns)
{
	char **env = var_environ();
	size_t n = 0, extra = 0, k = 0;
	char **out;

	for (const struct word *w = assigns; w; w = w->next)
		extra++;
	while (env[n])
		n++;
	out = st_alloc((n + extra + 1) * sizeof(*out));
	for (const struct word *w = assigns; w; w = w->next) {
		const char *eq = strchr(w->text, '=');
		struct strbuf b;

		sb_init(&b);
		sb_addn(&b, w->text, (size_t)(eq - w->text) + 1);
		sb_adds(&b, expand_assign_value(eq + 1));
		out[k++] = sb_finish(&b);
	}
	for (size_t i = 0; i < n; i++) {
		bool shadowed = false;

		for (const struct word *w = assigns; w && !shadowed; w = w->next) {
			size_t len = (size_t)(strchr(w->text, '=') - w->text) + 1;

			shadowed = strncmp(env[i], w->text, len) == 0;
		}
		if (!shadowed)
			out[k++] = env[i];
	}
	out[k] = NULL;
	return out;
}

/*
 * The fast path for a program: posix_spawn(3), which glibc runs with
 * vfork semantics, so the shell's pages are not copied for a child that
 * only calls execve.  The redirections become spawn file actions (the
 * files are opened here, in the shell).  Returns false when the command
 * needs the general fork path: narration (which shows fork itself), a
 * here-document, a command not found (its error message must go through
 * the redirections), a file the kernel will not execute (ENOEXEC).
 */
static bool spawn_program(struct node *n, char **argv, int *status)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t defaults, none;
	int opened[16];
	int nopened = 0;
	char *path;
	bool ok = true, handled = true;
	pid_t pid;
	int r;

	/* With job control the child must join its process group and take
	 * the terminal before it runs: the fork path does that. */
	if (shell.opt.narrate || job_control())
		return false;
	for (struct redir *rd = n->redirs; rd; rd = rd->next)
		if (rd->kind == R_HEREDOC || ++nopened > 16)
			return false;
	path = exec_path_search(argv[0]);
	if (!path)
		return false;
	nopened = 0;
	posix_spawn_file_actions_init(&fa);
	for (struct redir *rd = n->redirs; rd && ok; rd = rd->next) {
		const char *target = expand_string(rd->target->text);
		int fd, src;

		if (rd->kind == R_DUPIN || rd->kind == R_DUPOUT) {
			if (redir_dup_source(target, &src) < 0) {
				sh_warn("%s: bad file descriptor number", target);
				ok = false;
			} else if (src < 0) {
				posix_spawn_file_actions_addclose(&fa, rd->fd);
			} else if (src != rd->fd) {
				posix_spawn_file_actions_adddup2(&fa, src, rd->fd);
			}
			continue;
		}
		fd = redir_open(rd, target);
		if (fd < 0) {
			ok = false;
			break;
		}
		opened[nopened++] = fd;
		posix_spawn_file_actions_adddup2(&fa, fd, rd->fd);
	}
	if (!ok) {
		*status = 2;
		goto out;
	}
	posix_spawnattr_init(&attr);
	sig_changed_set(&defaults);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	fflush(NULL);
	r = posix_spawn(&pid, path, &fa, &attr, argv,
			n->simple.assigns ? environ_with(n->simple.assigns)
					  : var_environ());
	posix_spawnattr_destroy(&attr);
	if (r == ENOEXEC) {
		handled = false;	/* a script without #!: the fork path runs it */
	} else if (r != 0) {
		errno = r;
		sh_warn_errno("%s", argv[0]);
		*status = r == ENOENT ? 127 : 126;
	} else {
		struct job *j = job_new(node_text(n), false);

		job_add(j, pid);
		*status = job_wait_foreground(j);
	}
out:
	for (int i = 0; i < nopened; i++)
		close(opened[i]);
	posix_spawn_file_actions_destroy(&fa);
	return handled;
}

/* Fork and exec ARGV; the parent waits and returns the status. */
static int run_program(struct node *n, char **argv, int flags)
{
	struct job *j;
	pid_t pid;
	int status;

	/* A child about to exit may become the program, unless it still
	 * has a trap to run (an EXIT trap runs after the command), or, the
	 * shell itself, objects of its teaching builtins to remove. */
	if ((flags & EV_EXIT) && !trap_any() &&
	    (getpid() != shell.pid || !cleanup_shell_pending())) {
		if (redir_apply(n->redirs, false) < 0)
			_exit(2);
		_exit(exec_program(argv, n->simple.assigns));
	}
	if (!(flags & EV_EXIT) && spawn_program(n, argv, &status))
		return status;
	/* Build the environment here, not in the child, so the parent's
	 * cache serves the next command too. */
	if (!n->simple.assigns)
		var_environ();
	j = job_new(node_text(n), false);
	pid = job_fork(j);
	if (shell.opt.narrate && pid != 0)
		narrate(NR_fork, pid, "\tthe child will run %s", argv[0]);
	if (pid < 0) {
		job_wait_foreground(j);
		return 2;
	}
	if (pid == 0) {
		eval_enter_child();
		if (redir_apply(n->redirs, false) < 0)
			_exit(2);
		_exit(exec_program(argv, n->simple.assigns));
	}
	return job_wait_foreground(j);
}

/* ------------------------------------------------------------------ */
/* Builtins and functions in the shell itself                           */

static int run_builtin(struct node *n, const struct builtin *b, int argc,
		       char **argv)
{
	int depth = redir_depth();
	bool scoped = !b->special && n->simple.assigns;
	int status;

	if (scoped)
		var_scope_push();
	assign_all(n->simple.assigns, 0, scoped);
	if (redir_apply(n->redirs, !b->permanent_redirs) < 0) {
		redir_restore(depth);
		if (scoped)
			var_scope_pop();
		/* A special builtin's redirection error ends a script. */
		if (b->special)
			sh_throw(2);
		return 2;
	}
	status = builtin_run(b, argc, argv);
	if (b->permanent_redirs)
		redir_forget(depth);
	else
		redir_restore(depth);
	if (scoped)
		var_scope_pop();
	/* So does any error a special builtin reports (XCU 2.8.1). */
	if (b->special && builtin_last_failed() && status != 0)
		sh_throw(2);
	return status;
}

static int run_function(struct node *n, struct node *body, int argc,
			char **argv, int flags)
{
	int depth = redir_depth();
	int status;

	var_scope_push();
	assign_all(n->simple.assigns, VAR_EXPORT, true);
	if (redir_apply(n->redirs, true) < 0) {
		redir_restore(depth);
		var_scope_pop();
		return 2;
	}
	status = func_call(body, argc, argv, flags);
	redir_restore(depth);
	var_scope_pop();
	return status;
}

int exec_argv(int argc, char **argv)
{
	const struct builtin *b = builtin_find(argv[0]);
	struct job *j;
	pid_t pid;

	if (b)
		return builtin_run(b, argc, argv);
	j = job_new(argv[0], false);
	pid = job_fork(j);
	if (pid < 0) {
		job_wait_foreground(j);
		return 2;
	}
	if (pid == 0) {
		eval_enter_child();
		_exit(exec_program(argv, NULL));
	}
	return job_wait_foreground(j);
}

/* No command name: assignments change the shell; redirections are done
 * (files get created) and undone. */
static int run_assignments(struct node *n)
{
	int depth = redir_depth();
	int status;

	eval_subst_status_reset();
	assign_all(n->simple.assigns, 0, false);
	status = eval_subst_status();
	if (redir_apply(n->redirs, true) < 0)
		status = 2;
	redir_restore(depth);
	return status;
}

int exec_simple(struct node *n, int flags)
{
	const struct builtin *b;
	struct node *body;
	char **argv;
	int argc;

	argv = expand_fields(n->simple.args, &argc);
	if (shell.opt.xtrace)
		trace(n->simple.assigns, argv);
	if (argc == 0)
		return run_assignments(n);

	b = builtin_find(argv[0]);
	if (b && b->special)
		return run_builtin(n, b, argc, argv);
	body = func_lookup(argv[0]);
	if (body)
		return run_function(n, body, argc, argv, flags);
	if (b)
		return run_builtin(n, b, argc, argv);
	return run_program(n, argv, flags);
}

/* ------------------------------------------------------------------ */
/* The function table                                                   */

struct func {
	char *name;
	struct node *body;
	struct func *next;
};

static struct func *funcs;

/* Function calls in progress, for `return` and for unwinding. */
struct frame {
	struct posparams saved;
};
static struct frame *frames;
static int nframes, frames_cap;

void func_define(const char *name, const struct node *body)
{
	struct func *f;

	for (f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			break;
	if (!f) {
		f = xcalloc(1, sizeof(*f));
		f->name = xstrdup(name);
		f->next = funcs;
		funcs = f;
	} else {
		/* The old body may be running (a function redefining
		 * itself); it is freed only when the table is. */
		eval_retire(f->body);
	}
	f->body = node_copy(body);
}

struct node *func_lookup(const char *name)
{
	for (struct func *f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f->body;
	return NULL;
}

int func_unset(const char *name)
{
	for (struct func **pp = &funcs; *pp; pp = &(*pp)->next) {
		struct func *f = *pp;

		if (strcmp(f->name, name) == 0) {
			*pp = f->next;
			eval_retire(f->body);
			free(f->name);
			free(f);
			return 0;
		}
	}
	return -1;
}

int func_depth(void)
{
	return nframes;
}

int func_call(struct node *body, int argc, char **argv, int flags)
{
	struct posparams params = { 0, NULL };
	struct posparams empty = { 0, NULL };
	int status;

	if (nframes == frames_cap) {
		int ncap = frames_cap ? frames_cap * 2 : 16;
		frames = xrealloc(frames, (size_t)ncap * sizeof(*frames));
		frames_cap = ncap;
	}
	/* Each call recurses in C too: stop long before the stack does. */
	if (nframes >= 1000) {
		sh_warn("%s: maximum function nesting level exceeded", argv[0]);
		sh_throw(2);
	}
	pos_swap(&empty, &frames[nframes].saved);
	pos_set(argc - 1, argv + 1);
	nframes++;
	status = eval_node(body, flags & ~EV_EXIT);
	status = eval_take_return(status);
	nframes--;
	pos_swap(&frames[nframes].saved, &params);
	pos_free(&params);
	return status;
}

void func_unwind(int depth)
{
	while (nframes > depth) {
		struct posparams cur;

		nframes--;
		pos_swap(&frames[nframes].saved, &cur);
		pos_free(&cur);
	}
}

void func_free_all(void)
{
	func_unwind(0);
	while (funcs) {
		struct func *f = funcs;

		funcs = f->next;
		node_free(f->body);
		free(f->name);
		free(f);
	}
	free(frames);
	frames = NULL;
	nframes = frames_cap = 0;
}
