/*
 * eval.c - walking the tree (POSIX XCU 2.9): one switch over the node
 * kinds, like xv6's runcmd; then the pieces that fork: pipelines,
 * subshells, background jobs and command substitution; then the
 * read-eval loop that everything else ends up in.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "error.h"
#include "eval.h"
#include "exec.h"
#include "expand.h"
#include "history.h"
#include "input.h"
#include "jobs.h"
#include "lex.h"
#include "narrate.h"
#include "parse.h"
#include "redir.h"
#include "shell.h"
#include "signals.h"
#include "trap.h"
#include "vars.h"

/* A pending break, continue or return, and how many levels it spans. */
enum skip { SKIP_NONE, SKIP_BREAK, SKIP_CONTINUE, SKIP_RETURN };
static enum skip skip;
static int skip_count;
static int loop_depth;

static int subst_status;

/* Function bodies replaced while they might be running. */
struct retired {
	struct node *body;
	struct retired *next;
};
static struct retired *retired;

static int eval_tree(struct node *n, int flags);

/* ------------------------------------------------------------------ */
/* State that an error must put back                                    */

struct state {
	int redirs, scopes, frames, loops;
};

static void state_save(struct state *s)
{
	s->redirs = redir_depth();
	s->scopes = var_scope_depth();
	s->frames = func_depth();
	s->loops = loop_depth;
}

static void state_restore(const struct state *s)
{
	redir_restore(s->redirs);
	while (var_scope_depth() > s->scopes)
		var_scope_pop();
	func_unwind(s->frames);
	loop_depth = s->loops;
	skip = SKIP_NONE;
}

/* ------------------------------------------------------------------ */
/* Children                                                             */

void eval_enter_child(void)
{
	shell.interactive = false;
	job_enter_child();
	trap_reset_for_child();
	sig_reset_for_child();
}

/*
 * In a forked child, the parent's record of the job the child is part
 * of.  The child never uses it, but it stays allocated until the child
 * exits: keep it reachable, or a leak checker reports it as lost
 * (make check-valgrind).
 */
static struct job *volatile forked_job;	/* volatile: never read */

/* Leave a forked child: its own EXIT trap, flush, no atexit work. */
static _Noreturn void exit_child(int status)
{
	shell_exit(status);	/* in a child: EXIT trap, flush, _exit */
}

/* The narration of fork(2), from the parent: who was born. */
static void narrate_fork(pid_t pid, const char *what)
{
	if (shell.opt.narrate && pid != 0)
		narrate(NR_fork, pid, "\t%s", what);
}

/* dup2(FROM, TO) and close(FROM), narrated when asked. */
static void move_fd(int from, int to)
{
	int r = dup2(from, to);

	if (shell.opt.narrate) {
		char target[64];

		narrate(NR_dup2, r, "%d, %d\tfd %d -> %s", from, to, to,
			narrate_fd_target(0, to, target, sizeof(target)));
	}
	r = close(from);
	if (shell.opt.narrate)
		narrate(NR_close, r, "%d", from);
}

static void close_fd(int fd)
{
	int r = close(fd);

	if (shell.opt.narrate)
		narrate(NR_close, r, "%d", fd);
}

static pid_t fork_child(const char *what)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	narrate_fork(pid, what);
	if (pid < 0) {
		sh_warn_errno("fork");
		sh_throw(2);
	}
	if (pid == 0)
		eval_enter_child();
	return pid;
}

static int wait_child(pid_t pid)
{
	int ws;
	pid_t r;

	while ((r = waitpid(pid, &ws, 0)) < 0)
		if (errno != EINTR) {
			sh_warn_errno("waitpid");
			return 2;
		}
	if (shell.opt.narrate) {
		char how[64];

		narrate(NR_waitpid, r, "%ld, &status, 0\t%s", (long)pid,
			narrate_wait_status(ws, how, sizeof(how)));
	}
	return exec_wait_status(ws);
}

/* ------------------------------------------------------------------ */
/* Loop control                                                         */

int eval_break(int n, bool is_continue)
{
	if (loop_depth == 0)
		return 0;	/* outside a loop: nothing to do (as dash) */
	skip = is_continue ? SKIP_CONTINUE : SKIP_BREAK;
	skip_count = n > loop_depth ? loop_depth : n;
	return 0;
}

void eval_return(int status)
{
	skip = SKIP_RETURN;
	shell.status = status;
}

int eval_take_return(int status)
{
	if (skip == SKIP_RETURN) {
		skip = SKIP_NONE;
		return shell.status;
	}
	return status;
}

/*
 * After a loop body: decide whether the loop goes on.  Returns true to
 * leave the loop.
 */
static bool loop_should_end(void)
{
	if (skip == SKIP_CONTINUE && --skip_count <= 0) {
		skip = SKIP_NONE;
		return false;
	}
	if (skip == SKIP_BREAK && --skip_count <= 0) {
		skip = SKIP_NONE;
		return true;
	}
	return skip != SKIP_NONE;
}

/* ------------------------------------------------------------------ */
/* The node kinds that fork                                             */

/*
 * In a child of a background job without job control: an async list
 * must not steal the terminal's input (stdin from /dev/null, for the
 * process that would read it) or die of the user's Ctrl-C (XCU 2.9.3).
 */
static void background_child(bool reads_stdin)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	if (reads_stdin) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd >= 0 && fd != STDIN_FILENO) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
	}
}

/* A pipeline: one process per stage, each its own job's member; a
 * background pipeline (a | b &) is a job of those same processes. */
static int eval_pipe(struct node *n, int flags, bool background)
{
	struct job *j = job_new(node_text(n), background);
	bool jc = job_control();
	int prev = -1;

	for (int i = 0; i < n->pipe.n; i++) {
		int p[2] = { -1, -1 };
		pid_t pid;

		if (i < n->pipe.n - 1) {
			int r = pipe2(p, O_CLOEXEC);

			if (shell.opt.narrate)
				narrate(NR_pipe2, r, "[%d, %d], O_CLOEXEC\tfd %d read end, fd %d write end",
					p[0], p[1], p[0], p[1]);
			if (r < 0) {
				sh_warn_errno("pipe");
				if (prev >= 0)
					close(prev);
				job_wait_foreground(j);
				return 2;
			}
		}
		pid = job_fork(j);
		narrate_fork(pid, "a stage of the pipeline");
		if (pid < 0) {
			close(p[0]);
			close(p[1]);
			if (prev >= 0)
				close(prev);
			job_wait_foreground(j);
			return 2;
		}
		if (pid == 0) {
			forked_job = j;
			eval_enter_child();
			if (background && !jc)
				background_child(i == 0);
			if (prev >= 0)
				move_fd(prev, STDIN_FILENO);
			if (p[1] >= 0) {
				move_fd(p[1], STDOUT_FILENO);
				close_fd(p[0]);
			}
			exit_child(eval_tree(n->pipe.cmds[i], EV_EXIT));
		}
		/* The parent keeps no pipe ends: a reader sees end of file
		 * only when every write end is closed. */
		if (prev >= 0)
			close_fd(prev);
		if (p[1] >= 0)
			close_fd(p[1]);
		prev = p[0];
	}
	(void)flags;
	if (background) {
		job_background(j);
		return 0;
	}
	return job_wait_foreground(j);
}

/* A subshell is a job of one process: Ctrl-Z stops ( sleep 9 ) too. */
static int eval_subshell(struct node *n, int flags)
{
	struct job *j;
	pid_t pid;

	if (flags & EV_EXIT)
		return eval_tree(n->body, EV_EXIT);
	j = job_new(node_text(n), false);
	pid = job_fork(j);
	narrate_fork(pid, "a subshell ( ... )");
	if (pid < 0) {
		job_wait_foreground(j);
		return 2;
	}
	if (pid == 0) {
		forked_job = j;
		eval_enter_child();
		exit_child(eval_tree(n->body, EV_EXIT));
	}
	return job_wait_foreground(j);
}

static int eval_background(struct node *n)
{
	struct job *j;
	bool job_control_was_on = job_control();
	pid_t pid;

	if (n->body->kind == N_PIPE && !n->body->redirs)
		return eval_pipe(n->body, 0, true);
	j = job_new(node_text(n->body), true);
	pid = job_fork(j);

	narrate_fork(pid, "a background job (&)");
	if (pid < 0) {
		job_wait_foreground(j);
		return 2;
	}
	if (pid == 0) {
		forked_job = j;
		eval_enter_child();
		if (!job_control_was_on)
			background_child(true);
		exit_child(eval_tree(n->body, EV_EXIT));
	}
	job_background(j);
	return 0;
}

void eval_subst_status_reset(void)
{
	subst_status = 0;
}

int eval_subst_status(void)
{
	return subst_status;
}

/* Every command LX reads, as one list. */
static struct node *parse_list(struct lexer *lx)
{
	struct node *all = NULL;

	for (;;) {
		bool empty;
		struct node *n;

		lex_start_command(lx);
		n = parse_command(lx, &empty);
		if (!n && !empty)
			break;
		if (!n)
			continue;
		if (all) {
			struct node *seq = st_alloc(sizeof(*seq));

			memset(seq, 0, sizeof(*seq));
			seq->kind = N_SEQ;
			seq->lineno = all->lineno;
			seq->pair.left = all;
			seq->pair.right = n;
			n = seq;
		}
		all = n;
	}
	return all;
}

/*
 * Every command of S as one tree (a list), on the stack arena.  A syntax
 * error is thrown before anything runs.
 */
static struct node *parse_all(const char *s)
{
	struct input *in = input_from_string(s);
	struct lexer *lx = lex_new(in, NULL);
	struct handler h;
	struct node *all;

	handler_push(&h);
	if (sigsetjmp(h.env, 0)) {
		lex_free(lx);
		input_free(in);
		sh_throw(handler_status());
	}
	all = parse_list(lx);
	handler_pop(&h);
	lex_free(lx);
	input_free(in);
	return all;
}

char *eval_subst(const char *cmd)
{
	struct strbuf out;
	char buf[4096];
	struct node *tree;
	int p[2];
	pid_t pid;
	ssize_t n;

	/* Parse here, in the shell, not in the child: the child then only
	 * reads the tree, and copies none of the pages a parse would write. */
	tree = parse_all(cmd);
	n = pipe2(p, O_CLOEXEC);
	if (shell.opt.narrate)
		narrate(NR_pipe2, (long)n, "[%d, %d], O_CLOEXEC\tfor $(%s)", p[0], p[1], cmd);
	if (n < 0) {
		sh_warn_errno("pipe");
		sh_throw(2);
	}
	pid = fork_child("a command substitution $(...)");
	if (pid == 0) {
		close_fd(p[0]);
		if (p[1] != STDOUT_FILENO)
			move_fd(p[1], STDOUT_FILENO);
		exit_child(shell.opt.noexec ? 0 : eval_tree(tree, EV_EXIT));
	}
	close_fd(p[1]);
	sb_init(&out);
	for (;;) {
		n = read(p[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != '\0')	/* a C string cannot hold NUL */
				sb_addc(&out, buf[i]);
	}
	close(p[0]);
	subst_status = wait_child(pid);
	while (out.len > 0 && out.s[out.len - 1] == '\n')
		out.len--;
	return sb_finish(&out);
}

/* ------------------------------------------------------------------ */
/* The walk                                                             */

static int eval_for(struct node *n, int flags)
{
	char **words;
	int count, status = 0;

	if (n->fors.has_in) {
		words = expand_fields(n->fors.words, &count);
	} else {
		count = pos_count();
		words = st_alloc(((size_t)count + 1) * sizeof(*words));
		for (int i = 0; i < count; i++)
			words[i] = st_strdup(pos_get(i + 1));
	}
	loop_depth++;
	for (int i = 0; i < count; i++) {
		if (var_set(n->fors.var, words[i], 0) < 0) {
			status = 1;
			break;
		}
		status = eval_tree(n->fors.body, flags & ~EV_EXIT);
		if (loop_should_end())
			break;
	}
	loop_depth--;
	return status;
}

static int eval_loop(struct node *n, int flags)
{
	int status = 0;

	loop_depth++;
	for (;;) {
		struct arena_mark m;
		int cond;

		st_mark(&m);
		cond = eval_tree(n->loop.cond, EV_TESTED);
		st_release(&m);
		if (skip != SKIP_NONE) {
			if (loop_should_end())
				break;
			continue;
		}
		if ((n->kind == N_WHILE) != (cond == 0))
			break;
		status = eval_tree(n->loop.body, flags & ~EV_EXIT);
		st_release(&m);
		if (loop_should_end())
			break;
	}
	loop_depth--;
	return status;
}

static int eval_case(struct node *n, int flags)
{
	const char *subject = expand_string(n->cases.subject->text);

	for (struct case_item *i = n->cases.items; i; i = i->next)
		for (struct word *p = i->patterns; p; p = p->next)
			if (fnmatch(expand_pattern(p->text), subject, 0) == 0)
				return i->body ? eval_tree(i->body, flags) : 0;
	return 0;
}

/* The node itself, without its redirections. */
static int eval_kind(struct node *n, int flags)
{
	int status;

	switch (n->kind) {
	case N_SIMPLE:
		return exec_simple(n, flags);
	case N_PIPE:
		return eval_pipe(n, flags, false);
	case N_AND:
	case N_OR:
		status = eval_tree(n->pair.left, (flags | EV_TESTED) & ~EV_EXIT);
		if (skip != SKIP_NONE)
			return status;
		if ((status == 0) == (n->kind == N_AND))
			status = eval_tree(n->pair.right, flags);
		return status;
	case N_NOT:
		return !eval_tree(n->body, (flags | EV_TESTED) & ~EV_EXIT);
	case N_SEQ:
		status = eval_tree(n->pair.left, flags & ~EV_EXIT);
		if (skip != SKIP_NONE)
			return status;
		return eval_tree(n->pair.right, flags);
	case N_BG:
		return eval_background(n);
	case N_SUBSHELL:
		return eval_subshell(n, flags);
	case N_GROUP:
		return eval_tree(n->body, flags);
	case N_IF:
		status = eval_tree(n->ifs.cond, EV_TESTED);
		if (skip != SKIP_NONE)
			return status;
		if (status == 0)
			return eval_tree(n->ifs.then, flags);
		return n->ifs.els ? eval_tree(n->ifs.els, flags) : 0;
	case N_WHILE:
	case N_UNTIL:
		return eval_loop(n, flags);
	case N_FOR:
		return eval_for(n, flags);
	case N_CASE:
		return eval_case(n, flags);
	case N_FUNCDEF:
		func_define(n->func.name, n->func.body);
		return 0;
	}
	return 0;
}

static int eval_tree(struct node *n, int flags)
{
	struct arena_mark m;
	int status;

	if (!n || (shell.opt.noexec && !shell.interactive))
		return 0;	/* set -n: read, check, do not run */
	st_mark(&m);
	if (n->kind != N_SIMPLE && n->redirs) {
		int depth = redir_depth();

		if (redir_apply(n->redirs, true) < 0)
			status = 2;
		else
			status = eval_kind(n, flags & ~EV_EXIT);
		redir_restore(depth);
	} else {
		status = eval_kind(n, flags);
	}
	st_release(&m);
	shell.status = status;
	if (sig_take_child())
		job_reap();	/* no zombie outlives the next command */
	trap_run_pending();
	/* set -e: a failure outside any condition ends the shell. */
	if (status != 0 && shell.opt.errexit && !(flags & EV_TESTED) &&
	    skip == SKIP_NONE &&
	    (n->kind == N_SIMPLE || n->kind == N_PIPE || n->kind == N_SUBSHELL))
		shell_exit(status);
	return status;
}

int eval_node(struct node *n, int flags)
{
	return eval_tree(n, flags);
}

/* ------------------------------------------------------------------ */
/* Reading and running text                                             */

void eval_retire(struct node *body)
{
	struct retired *r = malloc(sizeof(*r));

	if (!r) {
		node_free(body);	/* risky but better than leaking */
		return;
	}
	r->body = body;
	r->next = retired;
	retired = r;
}

static void free_retired(void)
{
	if (func_depth() > 0)
		return;
	while (retired) {
		struct retired *r = retired;

		retired = r->next;
		node_free(r->body);
		free(r);
	}
}

/*
 * Run all the commands of LX.  With EXIT_LAST, the last command of a
 * child's text is run with EV_EXIT (no fork for a final program).
 */
static int run_lexer(struct lexer *lx, int exit_last)
{
	int status = 0;

	for (;;) {
		struct arena_mark m;
		struct node *n;
		bool empty;
		int flags = 0;

		st_mark(&m);
		lex_start_command(lx);
		n = parse_command(lx, &empty);
		if (!n) {
			st_release(&m);
			if (empty)
				continue;
			break;
		}
		if (exit_last && lex_at_eof(lx))
			flags = EV_EXIT;
		if (!shell.opt.noexec)
			status = eval_node(n, flags);
		st_release(&m);
		if (skip != SKIP_NONE)
			break;
	}
	return status;
}

int eval_string_flags(const char *s, int flags)
{
	struct input *in = input_from_string(s);
	struct lexer *lx = lex_new(in, NULL);
	struct handler h;
	int status;

	handler_push(&h);
	if (sigsetjmp(h.env, 0)) {
		lex_free(lx);
		input_free(in);
		sh_throw(handler_status());
	}
	status = run_lexer(lx, flags & EV_EXIT);
	handler_pop(&h);
	lex_free(lx);
	input_free(in);
	return status;
}

int eval_string(const char *s)
{
	return eval_string_flags(s, 0);
}

/* PS1, or the default "labsh[PID]$ " with the last status when not 0. */
static const char *prompt1(void)
{
	static char buf[256];
	const char *ps1 = var_get("PS1");
	char mark = geteuid() == 0 ? '#' : '$';

	if (ps1) {
		struct handler h;
		const char *p = ps1;

		handler_push(&h);
		if (sigsetjmp(h.env, 0) == 0) {
			p = expand_string(ps1);
			handler_pop(&h);
		}
		snprintf(buf, sizeof(buf), "%s", p);
		return buf;
	}
	if (shell.status != 0)
		snprintf(buf, sizeof(buf), LABSH_NAME "[%ld] %d%c ",
			 (long)shell.pid, shell.status, mark);
	else
		snprintf(buf, sizeof(buf), LABSH_NAME "[%ld]%c ",
			 (long)shell.pid, mark);
	return buf;
}

int eval_input(struct input *in)
{
	bool terminal = input_is_terminal(in);
	struct lexer *lx = lex_new(in, terminal ? prompt1 : NULL);

	for (;;) {
		struct arena_mark m;
		struct state st;
		struct handler h;
		struct node *n;
		bool empty;

		st_mark(&m);
		state_save(&st);
		handler_push(&h);
		if (sigsetjmp(h.env, 0)) {
			int status = handler_status();

			state_restore(&st);
			lex_discard(lx);
			st_release(&m);
			shell.status = status;
			trap_run_pending();	/* trap ... INT at the prompt */
			if (terminal)
				continue;
			/* A script stops at an error (XCU 2.8.1); let the
			 * caller (main, or `.`) decide what follows. */
			lex_free(lx);
			sh_throw(status);
		}
		lex_start_command(lx);
		job_reap();
		if (terminal)
			job_notify();	/* [1]+  Done  sleep 1 */
		n = parse_command(lx, &empty);
		if (!n) {
			handler_pop(&h);
			st_release(&m);
			if (empty)
				continue;
			break;
		}
		if (terminal) {
			hist_add(lex_command_text(lx));
			job_note_command();
		}
		if (!shell.opt.noexec || shell.interactive)
			eval_node(n, 0);
		handler_pop(&h);
		st_release(&m);
		free_retired();
		if (skip == SKIP_RETURN) {
			/* `return` in a `.` file ends the file. */
			if (func_depth() == 0)
				skip = SKIP_NONE;
			break;
		}
		skip = SKIP_NONE;	/* break outside a loop */
	}
	lex_free(lx);
	return shell.status;
}

void eval_free_all(void)
{
	free_retired();
}
