/*
 * arith.h - $((...)): C integer arithmetic on shell variables.
 */
#ifndef LABSH_ARITH_H
#define LABSH_ARITH_H

/*
 * Evaluate EXPR (already parameter-expanded) with the C operators of
 * XCU 2.6.4: unary + - ! ~, * / %, + -, << >>, comparisons, & ^ |, && ||,
 * ?:, and = *= /= %= += -= <<= >>= &= ^= |= on variables.  Integers are
 * 64-bit and wrap; shift counts are taken modulo 64.  Errors (division
 * by zero, bad syntax) are printed and thrown with status 2.
 */
long arith_eval(const char *expr);

#endif
