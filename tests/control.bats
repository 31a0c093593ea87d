#!/usr/bin/env bats
# control.bats - compound commands and functions: which branch runs, loop
# control through several levels, recursion, local, set -e and the exact
# set -x trace labsh writes.
# What dash also does is compared in differential.bats (tests/diff/*.cases).

load lib/helpers

@test "if/elif/else: the first true condition's branch, and its status" {
	run -0 --separate-stderr "$LABSH" -c '
		for v in 1 2 3; do
			if [ $v = 1 ]; then echo one
			elif [ $v = 2 ]; then echo two
			else echo other; fi
		done
		if false; then echo no; fi; echo "none=$?"
		if true; then (exit 5); fi; echo "branch=$?"
		if (exit 3); then :; elif (exit 4); then :; else echo "else sees $?"; fi'
	[ "$output" = "one
two
other
none=0
branch=5
else sees 4" ]
	[ -z "$stderr" ]
}

@test "while and until, with break N and continue N across three loops" {
	run -0 --separate-stderr "$LABSH" -c '
		i=0; until [ $i -ge 3 ]; do i=$((i + 1)); echo "u$i"; done
		i=0; while [ $i -lt 5 ]; do i=$((i + 1)); [ $i = 2 ] && continue; [ $i = 4 ] && break; echo "w$i"; done
		for a in 1 2 3; do
			for b in x y; do
				for c in p q; do
					[ $c = q ] && continue 2
					[ $a = 2 ] && continue 3
					[ $a = 3 ] && break 3
					echo "$a$b$c"
				done
				echo never
			done
		done
		echo "after=$a"
		while :; do while :; do break 9; done; echo never; done; echo broke-all'
	[ "$output" = "u1
u2
u3
w1
w3
1xp
1yp
after=3
broke-all" ]
	[ -z "$stderr" ]
}

@test "a loop's status: its last body command's, or 0 when the body never ran" {
	run -0 --separate-stderr "$LABSH" -c '
		while false; do :; done; echo $?
		for i in 1 2; do (exit $i); done; echo $?
		for i in; do echo never; done; echo $?
		i=0; until [ $i = 1 ]; do i=1; (exit 7); done; echo $?'
	[ "$output" = "0
2
0
7" ]
	[ -z "$stderr" ]
}

@test "for: with a word list, without 'in' (the positional parameters)" {
	run -0 --separate-stderr "$LABSH" -c '
		for w in a "b c" "" d; do echo "[$w]"; done
		set -- x "y z"
		for p do echo "<$p>"; done
		for p
		do echo "{$p}"; done
		f() { for q; do echo "($q)"; done; }; f 1 "2 3"
		echo "last=$w"' labsh-name
	[ "$output" = "[a]
[b c]
[]
[d]
<x>
<y z>
{x}
{y z}
(1)
(2 3)
last=d" ]
	[ -z "$stderr" ]
}

@test "case: | alternatives, classes, quoted patterns are literal, first match wins" {
	run -0 --separate-stderr "$LABSH" -c '
		for w in a.c b.h B "x|y" "*" "[ab]" zz; do
			case $w in
			*.c | *.h) echo "$w: source" ;;
			[A-Z]) echo "$w: upper" ;;
			"x|y") echo "$w: bar" ;;
			"*") echo "$w: star" ;;
			\[ab\]) echo "$w: brackets" ;;
			z*) echo "$w: z" ;;
			zz) echo "$w: never" ;;
			esac
		done
		p="*"
		case abc in "$p") echo never ;; $p) echo "unquoted variable matches" ;; esac
		case nomatch in a) ;; esac; echo "no match: $?"'
	[ "$output" = "a.c: source
b.h: source
B: upper
x|y: bar
*: star
[ab]: brackets
zz: z
unquoted variable matches
no match: 0" ]
	[ -z "$stderr" ]
}

@test "functions: recursion (fib 15) with local variables and with \$( )" {
	run -0 --separate-stderr "$LABSH" -c '
		fib() {
			local n=$1 a
			if [ $n -lt 2 ]; then r=$n; return; fi
			fib $((n - 1)); a=$r
			fib $((n - 2)); r=$((a + r))
		}
		fib 15; echo $r
		sfib() {
			if [ $1 -lt 2 ]; then echo $1; return; fi
			echo $(( $(sfib $(($1 - 1))) + $(sfib $(($1 - 2))) ))
		}
		sfib 15'
	[ "$output" = "610
610" ]
	[ -z "$stderr" ]
}

@test "return N, return alone, return from inside loops; arguments are restored" {
	run -0 --separate-stderr "$LABSH" -c '
		f() { return 7; echo never; }; f; echo "f=$?"
		g() { false; return; }; g; echo "g=$?"
		h() { for i in 1 2; do while :; do return 4; done; done; echo never; }; h; echo "h=$?"
		set -- a b
		m() { echo "in: $# $1"; }; m z
		echo "out: $# $1"'
	[ "$output" = "f=7
g=1
h=4
in: 1 z
out: 2 a" ]
	[ -z "$stderr" ]
}

@test "local: dynamic scope, the outer value is back after return" {
	run -0 --separate-stderr "$LABSH" -c '
		x=top
		h() { local x=h-local; k; echo "h sees $x"; }
		k() { echo "k sees $x"; x=set-by-k; }
		h
		echo "top sees $x"
		u() { local y; echo "y=${y-unset}"; y=1; }
		u; echo "after u: ${y-unset}"'
	[ "$output" = "k sees h-local
h sees set-by-k
top sees top
y=unset
after u: unset" ]
	[ -z "$stderr" ]
}

@test "set -e: exits at the first failing command, status kept" {
	printf '%s\n' 'set -e' 'echo one' '(exit 3)' 'echo never' >script
	run -3 --separate-stderr "$LABSH" script
	[ "$output" = one ]
	[ -z "$stderr" ]
	run -1 --separate-stderr "$LABSH" -c 'set -e; x=$(false); echo never'
	[ -z "$output" ]
	run -1 --separate-stderr "$LABSH" -c 'set -e; true && false; echo never'
	[ -z "$output" ]
	run -1 --separate-stderr "$LABSH" -c 'set -e; { false; echo never; }; echo never'
	[ -z "$output" ]
}

@test "set -e: not in conditions, &&/|| lists, ! or a pipeline's early stages" {
	run -0 --separate-stderr "$LABSH" -c '
		set -e
		if false; then :; fi
		while false; do :; done
		until true; do :; done
		false && echo never
		false || echo or-ran
		! true
		false | true
		f() { false; echo "in f, failure ignored"; }
		if f; then :; fi
		f || :
		echo survived'
	[ "$output" = "or-ran
in f, failure ignored
in f, failure ignored
survived" ]
	[ -z "$stderr" ]
}

@test "set -x: '+ CMD ARGS' on stderr, after expansion, PS4 as the prefix" {
	run -0 --separate-stderr "$LABSH" -c '
		set -x
		echo a "b c" $((1 + 1))
		x=1
		f() { return 0; }; f
		for i in 1; do :; done
		[ 1 = 1 ]
		set +x
		echo untraced
		PS4="TRACE> "; set -x; echo p'
	[ "$output" = "a b c 2
untraced
p" ]
	[ "$stderr" = "+ echo a b c 2
+ x=1
+ f
+ return 0
+ :
+ [ 1 = 1 ]
+ set +x
TRACE> echo p" ]
}
