/*
 * fuzz.h - what the fuzz harnesses share (tests/fuzz/README).
 */
#ifndef LABSH_FUZZ_H
#define LABSH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* What every $(...) and `...` expands to inside a harness: a blank, a
 * glob character and an IFS character, so splitting still has work. */
#define FUZZ_SUBST_TEXT ((char *)"sub st*\n")

/* Give the shell a fixed, known state: variables, positional
 * parameters, options.  Called before every input. */
void fuzz_reset(void);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
