/*
 * parse.h - tokens to a tree (POSIX XCU 2.10, the shell grammar).
 */
#ifndef LABSH_PARSE_H
#define LABSH_PARSE_H

#include <stdbool.h>
#include <stddef.h>

struct lexer;
struct node;

/*
 * Parse one complete command: a list ended by a newline.  Returns NULL at
 * end of input, or a tree on the stack arena.  A syntax error is printed
 * ("labsh: line 3: syntax error near unexpected token 'fi'") and thrown
 * with status 2 (see sh_throw).  *EMPTY is set for a blank line.
 */
struct node *parse_command(struct lexer *lx, bool *empty);

/*
 * Called by the lexer just after "$(": parse the command inside, only to
 * find the ')' that ends it, and consume that ')'.
 */
void parse_skip_subst(struct lexer *lx);

/*
 * The length of the command substitution body at S (just after its
 * "$("), up to and including the ')' that ends it.  S[0..N) is the rest
 * of an already-checked word.
 */
size_t parse_subst_length(const char *s, size_t n);

/* True when WORD (raw text) is NAME=... with a valid NAME. */
bool parse_is_assignment(const char *word);

#endif
