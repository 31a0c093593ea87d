/*
 * fuzz_arith.c - libFuzzer harness: the $((...)) evaluator alone
 * (tests/fuzz/README).
 *
 * The input, cut at its first NUL, is given to arith_eval() as the
 * already-expanded text of $((...)).  Variables x, n, neg, big, self
 * (whose value is "self": endless recursion) are set by fuzz_reset(), so
 * assignments, x++-like misuse and recursive values all get exercised.
 * Division by zero and syntax errors are thrown (status 2) and caught.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "arith.h"
#include "error.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena_mark m;
	struct handler h;
	char *expr;

	fuzz_reset();
	st_mark(&m);
	expr = st_strndup((const char *)data, size);
	handler_push(&h);
	if (sigsetjmp(h.env, 0) == 0) {
		(void)arith_eval(expr);
		handler_pop(&h);
	} else if (handler_status() != 2) {
		abort();	/* arithmetic errors are status 2 */
	}
	st_release(&m);
	return 0;
}
