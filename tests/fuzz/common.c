/*
 * common.c - the fixed shell state every fuzz input starts from.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "shell.h"
#include "vars.h"

void fuzz_reset(void)
{
	static char *env[] = {
		"HOME=/nonexistent/home", "PATH=/usr/bin:/bin", "x=abc",
		"e=", "sp=a b  c", "glob=*.c [ab]?", "n=42", "neg=-7",
		"self=self", "big=9223372036854775807", "asg=asg+=1",
		"cond=n?x:y", NULL,
	};
	static char *params[] = { "one", "two words", "", "*", NULL };

	var_free_all();
	var_init(env);
	pos_set(4, params);
	memset(&shell.opt, 0, sizeof(shell.opt));
	/* Never read the real file system: a field with * stays as it is. */
	shell.opt.noglob = true;
	shell.arg0 = "labsh";
	shell.pid = 4242;
	shell.status = 1;
	shell.last_bg = 0;
	shell.interactive = false;
}
