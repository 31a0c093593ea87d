/*
 * vars.h - shell variables, the environment, positional parameters.
 *
 * Values are owned by this module: a pointer from var_get() is valid until
 * that variable is next set or unset.
 */
#ifndef LABSH_VARS_H
#define LABSH_VARS_H

#include <stdbool.h>
#include <stddef.h>

enum {
	VAR_EXPORT = 1 << 0,	/* passed to commands in their environment */
	VAR_READONLY = 1 << 1,	/* readonly: cannot be set or unset */
};

/* Import ENVP (every entry exported) and set the shell's defaults. */
void var_init(char **envp);

/* The value of NAME, or NULL when it is unset. */
const char *var_get(const char *name);

/*
 * Set NAME to VALUE (NULL: declare without a value, as `export x` does) and
 * add FLAGS.  With `set -a`, every variable set is exported.  Returns 0, or
 * -1 after printing an error when NAME is readonly.
 */
int var_set(const char *name, const char *value, unsigned flags);

/* Set from "NAME=VALUE"; the text before '=' must be a valid name. */
int var_assign(const char *assignment, unsigned flags);

/* Unset NAME; -1 after printing an error when it is readonly. */
int var_unset(const char *name);

/* The flags of NAME (0 when it does not exist). */
unsigned var_flags(const char *name);

/* True when S[0..LEN) is a name: [A-Za-z_][A-Za-z0-9_]*. */
bool var_valid_name(const char *s, size_t len);

/* The environment for execve(2): every exported variable that has a value. */
char **var_environ(void);

/*
 * Call FN for every variable having all of FLAGS (0: all), in name order.
 * VALUE is NULL for a declared but unset variable.
 */
void var_each(unsigned flags, void (*fn)(const char *name, const char *value,
					 unsigned flags, void *arg),
	      void *arg);

/*
 * Scopes for functions (`local`) and for assignments in front of a builtin
 * or a function (`x=1 f`): var_local saves NAME's current state, to be
 * restored by the matching var_scope_pop.
 */
void var_scope_push(void);
void var_scope_pop(void);
void var_local(const char *name);
/* Nonzero while a scope is open (for `local` outside a function). */
int var_scope_depth(void);

/* Positional parameters $1 ... ; $0 is shell.arg0. */
struct posparams {
	int count;
	char **values;
};
/* Replace the positional parameters with copies of V[0..N). */
void pos_set(int n, char *const *v);
int pos_count(void);
/* $I for I >= 1, or NULL past the end. */
const char *pos_get(int i);
/* Drop the first N; -1 if there are fewer. */
int pos_shift(int n);
/* Swap in NEW, handing back the old set in OLD (for function calls). */
void pos_swap(struct posparams *new_params, struct posparams *old);
/* Free a set handed back by pos_swap. */
void pos_free(struct posparams *p);

/* S quoted for reuse as shell input ('it'\''s'), on the stack arena;
 * S itself when it needs no quotes. */
char *var_quote(const char *s);

/* Free everything (at exit, for leak checkers). */
void var_free_all(void);

#endif
