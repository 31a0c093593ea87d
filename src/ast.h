/*
 * ast.h - the parse tree: one small struct per kind of command.
 *
 * Words are kept as the raw text the user typed (quotes, $ and all);
 * expand.c interprets them when the command runs.  Trees made by the
 * parser live on the stack arena; function bodies are copied to the heap
 * (node_copy) because they outlive the line that defined them.
 */
#ifndef LABSH_AST_H
#define LABSH_AST_H

#include <stdbool.h>

struct word {
	struct word *next;
	char *text;		/* raw: "x=$HOME/'a b'" exactly as typed */
};

enum redir_kind {
	R_IN,		/* <   */
	R_OUT,		/* >   */
	R_CLOBBER,	/* >|  */
	R_APPEND,	/* >>  */
	R_DUPIN,	/* <&  */
	R_DUPOUT,	/* >&  */
	R_RDWR,		/* <>  */
	R_HEREDOC,	/* << and <<- */
};

struct redir {
	struct redir *next;
	enum redir_kind kind;
	int fd;			/* the fd redirected: 0 for <, 1 for > ... */
	struct word *target;	/* file, fd number or '-'; heredoc: delimiter */
	char *body;		/* heredoc text, read after the line */
	bool expand;		/* heredoc with an unquoted delimiter */
};

enum node_kind {
	N_SIMPLE,	/* assignments, words and redirections */
	N_PIPE,		/* a | b | c */
	N_AND,		/* a && b */
	N_OR,		/* a || b */
	N_NOT,		/* ! pipeline */
	N_SEQ,		/* a ; b  (and newlines) */
	N_BG,		/* a &    */
	N_SUBSHELL,	/* ( list ) */
	N_GROUP,	/* { list; } */
	N_IF,
	N_WHILE,
	N_UNTIL,
	N_FOR,
	N_CASE,
	N_FUNCDEF,
};

struct case_item {
	struct case_item *next;
	struct word *patterns;
	struct node *body;	/* may be NULL: pattern) ;; */
};

struct node {
	enum node_kind kind;
	int lineno;
	struct redir *redirs;	/* simple and compound commands */
	union {
		struct {
			struct word *assigns;
			struct word *args;
		} simple;
		struct {
			struct node **cmds;
			int n;
		} pipe;
		struct {
			struct node *left, *right;
		} pair;		/* N_AND, N_OR, N_SEQ */
		struct node *body;	/* N_NOT, N_BG, N_SUBSHELL, N_GROUP */
		struct {
			struct node *cond, *then, *els;
		} ifs;
		struct {
			struct node *cond, *body;
		} loop;		/* N_WHILE, N_UNTIL */
		struct {
			char *var;
			struct word *words;
			bool has_in;	/* for x in ...; without it, "$@" */
			struct node *body;
		} fors;
		struct {
			struct word *subject;
			struct case_item *items;
		} cases;
		struct {
			char *name;
			struct node *body;
		} func;
	};
};

/* A deep copy of N on the heap, for a function body. */
struct node *node_copy(const struct node *n);
/* The command N as text, for the job table: "sleep 10 | cat > f"
 * (compound commands abbreviated); on the stack arena. */
char *node_text(const struct node *n);

/* Free a tree made by node_copy. */
void node_free(struct node *n);

#endif
