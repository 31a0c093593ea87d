/*
 * lex.h - shell text to tokens.
 *
 * The lexer pulls lines from an input as it needs them (showing PS2 for
 * the lines that continue a command), removes backslash-newlines, finds
 * where each word ends (through quotes, $(...), ${...}, $((...)) and
 * backquotes), and reads here-document bodies after the line that asked
 * for them.  It does no expansion: a word's token text is what was typed.
 */
#ifndef LABSH_LEX_H
#define LABSH_LEX_H

#include <stdbool.h>
#include <stddef.h>

struct input;
struct redir;

enum tok {
	T_EOF,
	T_NEWLINE,
	T_WORD,
	T_IO_NUMBER,	/* the 2 of 2>file */
	T_AND_IF,	/* && */
	T_OR_IF,	/* || */
	T_DSEMI,	/* ;; */
	T_SEMI,		/* ;  */
	T_AMP,		/* &  */
	T_PIPE,		/* |  */
	T_LPAREN,	/* (  */
	T_RPAREN,	/* )  */
	T_LESS,		/* <  */
	T_GREAT,	/* >  */
	T_CLOBBER,	/* >| */
	T_DGREAT,	/* >> */
	T_LESSAND,	/* <& */
	T_GREATAND,	/* >& */
	T_LESSGREAT,	/* <> */
	T_DLESS,	/* << */
	T_DLESSDASH,	/* <<- */
};

struct token {
	enum tok type;
	char *text;	/* T_WORD and T_IO_NUMBER, on the stack arena */
	int lineno;
};

struct lexer;

/*
 * A lexer reading IN.  PROMPT1 gives the prompt for the first line of a
 * command (NULL: no prompts); continuation lines show $PS2.
 */
struct lexer *lex_new(struct input *in, const char *(*prompt1)(void));
void lex_free(struct lexer *lx);

/* Begin a new command: drop consumed text; the next line shows PS1. */
void lex_start_command(struct lexer *lx);
/* After an error: forget the rest of the current line and any lookahead. */
void lex_discard(struct lexer *lx);

struct token *lex_peek(struct lexer *lx);
/* True if only blanks, newlines and comments are left (reads ahead, but
 * consumes nothing and makes no token). */
bool lex_at_eof(struct lexer *lx);
struct token lex_next(struct lexer *lx);

/* Read R's here-document body (delimiter DELIM) after the next newline. */
void lex_heredoc(struct lexer *lx, struct redir *r, bool strip_tabs);

/* The text of the command read since lex_start_command, without the
 * final newline, on the stack arena (for history). */
char *lex_command_text(struct lexer *lx);

/* How far into its text the lexer has read (no token pending). */
size_t lex_offset(const struct lexer *lx);

/* Line number of the last token. */
int lex_lineno(const struct lexer *lx);

/* A printable name for a token, for syntax errors: "fi", "newline". */
const char *tok_name(const struct token *t);

#endif
