/*
 * vars.c - shell variables in a hash table, the environment built from the
 * exported ones, scopes for `local`, and the positional parameters.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "error.h"
#include "shell.h"
#include "vars.h"

struct var {
	char *name;
	char *value;		/* NULL: declared (export x) but unset */
	unsigned flags;
	struct var *next;	/* the next in this hash bucket */
};

enum { NBUCKETS = 256 };
static struct var *table[NBUCKETS];

static char **env_cache;	/* rebuilt when an exported variable changes */
static bool env_stale = true;

/* A saved state for var_scope_pop: the variable as it was, or absent. */
struct saved {
	char *name;
	char *value;
	unsigned flags;
	bool existed;
	struct saved *next;
};

struct scope {
	struct saved *saved;
	struct scope *up;
};
static struct scope *scopes;
static int depth;

static struct posparams params;

static unsigned hash(const char *s)
{
	unsigned h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % NBUCKETS;
}

static struct var **slot(const char *name)
{
	struct var **v = &table[hash(name)];

	while (*v && strcmp((*v)->name, name) != 0)
		v = &(*v)->next;
	return v;
}

static struct var *lookup(const char *name)
{
	return *slot(name);
}

bool var_valid_name(const char *s, size_t len)
{
	if (len == 0 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') ||
			  (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 1; i < len; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

const char *var_get(const char *name)
{
	struct var *v = lookup(name);

	return v ? v->value : NULL;
}

unsigned var_flags(const char *name)
{
	struct var *v = lookup(name);

	return v ? v->flags : 0;
}

/* Set without the readonly check, for scope restores. */
static struct var *set_raw(const char *name, const char *value, unsigned flags)
{
	struct var **s = slot(name);
	struct var *v = *s;

	if (!v) {
		v = xcalloc(1, sizeof(*v));
		v->name = xstrdup(name);
		*s = v;
	}
	if (value) {
		char *nv = xstrdup(value);

		free(v->value);
		v->value = nv;
	}
	v->flags |= flags;
	if (v->flags & VAR_EXPORT)
		env_stale = true;
	return v;
}

int var_set(const char *name, const char *value, unsigned flags)
{
	struct var *v = lookup(name);

	if (v && (v->flags & VAR_READONLY) && value) {
		sh_warn("%s: is read only", name);
		return -1;
	}
	if (shell.opt.allexport && value)
		flags |= VAR_EXPORT;
	set_raw(name, value, flags);
	return 0;
}

int var_assign(const char *assignment, unsigned flags)
{
	const char *eq = strchr(assignment, '=');
	char name[256];
	size_t len;

	if (!eq)
		return var_set(assignment, NULL, flags);
	len = (size_t)(eq - assignment);
	if (len < sizeof(name)) {
		memcpy(name, assignment, len);
		name[len] = '\0';
		return var_set(name, eq + 1, flags);
	} else {
		char *n = xstrndup(assignment, len);
		int r = var_set(n, eq + 1, flags);

		free(n);
		return r;
	}
}

static void free_var(struct var *v)
{
	free(v->name);
	free(v->value);
	free(v);
}

static void unset_raw(const char *name)
{
	struct var **s = slot(name);
	struct var *v = *s;

	if (!v)
		return;
	if (v->flags & VAR_EXPORT)
		env_stale = true;
	*s = v->next;
	free_var(v);
}

int var_unset(const char *name)
{
	struct var *v = lookup(name);

	if (v && (v->flags & VAR_READONLY)) {
		sh_warn("%s: is read only", name);
		return -1;
	}
	unset_raw(name);
	return 0;
}

char **var_environ(void)
{
	size_t n = 0, i = 0;

	if (!env_stale && env_cache)
		return env_cache;
	if (env_cache) {
		for (char **e = env_cache; *e; e++)
			free(*e);
		free(env_cache);
	}
	for (int b = 0; b < NBUCKETS; b++)
		for (struct var *v = table[b]; v; v = v->next)
			if ((v->flags & VAR_EXPORT) && v->value)
				n++;
	env_cache = xcalloc(n + 1, sizeof(*env_cache));
	for (int b = 0; b < NBUCKETS; b++)
		for (struct var *v = table[b]; v; v = v->next)
			if ((v->flags & VAR_EXPORT) && v->value &&
			    asprintf(&env_cache[i], "%s=%s", v->name, v->value) >= 0)
				i++;
	env_cache[i] = NULL;
	env_stale = false;
	return env_cache;
}

static int compare_vars(const void *a, const void *b)
{
	const struct var *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

void var_each(unsigned flags, void (*fn)(const char *, const char *, unsigned,
					 void *),
	      void *arg)
{
	size_t n = 0, i = 0;
	struct var **all;

	for (int b = 0; b < NBUCKETS; b++)
		for (struct var *v = table[b]; v; v = v->next)
			n++;
	all = malloc((n ? n : 1) * sizeof(*all));
	if (!all)
		return;
	for (int b = 0; b < NBUCKETS; b++)
		for (struct var *v = table[b]; v; v = v->next)
			if ((v->flags & flags) == flags)
				all[i++] = v;
	qsort(all, i, sizeof(*all), compare_vars);
	for (size_t j = 0; j < i; j++)
		fn(all[j]->name, all[j]->value, all[j]->flags, arg);
	free(all);
}

void var_scope_push(void)
{
	struct scope *s = xcalloc(1, sizeof(*s));

	s->up = scopes;
	scopes = s;
	depth++;
}

void var_local(const char *name)
{
	struct var *v = lookup(name);
	struct saved *sv;

	if (!scopes)
		return;
	for (sv = scopes->saved; sv; sv = sv->next)
		if (strcmp(sv->name, name) == 0)
			return;	/* already local in this scope */
	sv = xcalloc(1, sizeof(*sv));
	sv->name = xstrdup(name);
	if (v) {
		sv->existed = true;
		sv->value = v->value ? xstrdup(v->value) : NULL;
		sv->flags = v->flags;
	}
	sv->next = scopes->saved;
	scopes->saved = sv;
}

void var_scope_pop(void)
{
	struct scope *s = scopes;

	if (!s)
		return;
	while (s->saved) {
		struct saved *sv = s->saved;

		s->saved = sv->next;
		unset_raw(sv->name);
		if (sv->existed) {
			struct var *v = set_raw(sv->name, NULL, sv->flags);

			v->value = sv->value;	/* hand the copy over */
			sv->value = NULL;
			if (v->flags & VAR_EXPORT)
				env_stale = true;
		}
		free(sv->name);
		free(sv->value);
		free(sv);
	}
	scopes = s->up;
	free(s);
	depth--;
}

int var_scope_depth(void)
{
	return depth;
}

void pos_set(int n, char *const *v)
{
	struct posparams np = { n, NULL };

	np.values = xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++)
		np.values[i] = xstrdup(v[i]);
	pos_free(&params);
	params = np;
}

int pos_count(void)
{
	return params.count;
}

const char *pos_get(int i)
{
	return i >= 1 && i <= params.count ? params.values[i - 1] : NULL;
}

int pos_shift(int n)
{
	if (n < 0 || n > params.count)
		return -1;
	for (int i = 0; i < n; i++)
		free(params.values[i]);
	memmove(params.values, params.values + n,
		(size_t)(params.count - n + 1) * sizeof(char *));
	params.count -= n;
	return 0;
}

void pos_swap(struct posparams *new_params, struct posparams *old)
{
	*old = params;
	params = *new_params;
}

void pos_free(struct posparams *p)
{
	if (!p->values)
		return;
	for (int i = 0; i < p->count; i++)
		free(p->values[i]);
	free(p->values);
	p->values = NULL;
	p->count = 0;
}

void var_init(char **envp)
{
	char buf[32];
	char *cwd;

	for (char **e = envp; e && *e; e++) {
		const char *eq = strchr(*e, '=');

		if (eq && var_valid_name(*e, (size_t)(eq - *e)))
			var_assign(*e, VAR_EXPORT);
	}
	/* IFS is never taken from the environment (POSIX). */
	var_set("IFS", " \t\n", 0);
	if (!var_get("PS2"))
		var_set("PS2", "> ", 0);
	if (!var_get("PS4"))
		var_set("PS4", "+ ", 0);
	var_set("OPTIND", "1", 0);
	snprintf(buf, sizeof(buf), "%ld", (long)getppid());
	var_set("PPID", buf, 0);
	/* PWD from the environment only if it really names the cwd (it may
	 * be a path through symbolic links, so compare inodes). */
	cwd = getcwd(NULL, 0);
	if (cwd) {
		const char *pwd = var_get("PWD");
		struct stat a, b;

		if (!pwd || *pwd != '/' || stat(pwd, &a) < 0 ||
		    stat(cwd, &b) < 0 || a.st_dev != b.st_dev ||
		    a.st_ino != b.st_ino)
			var_set("PWD", cwd, VAR_EXPORT);
		free(cwd);
	}
}

char *var_quote(const char *s)
{
	struct strbuf b;

	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_-./:,+@%=") == strlen(s))
		return (char *)s;
	sb_init(&b);
	sb_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_adds(&b, "'\\''");
		else
			sb_addc(&b, *s);
	}
	sb_addc(&b, '\'');
	return sb_finish(&b);
}

void var_free_all(void)
{
	while (scopes)
		var_scope_pop();
	for (int b = 0; b < NBUCKETS; b++) {
		while (table[b]) {
			struct var *v = table[b];

			table[b] = v->next;
			free_var(v);
		}
	}
	if (env_cache) {
		for (char **e = env_cache; *e; e++)
			free(*e);
		free(env_cache);
		env_cache = NULL;
	}
	pos_free(&params);
}
