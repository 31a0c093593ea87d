#!/usr/bin/env bats
# test.bats - test and [: the POSIX cases by argument count, the parser for
# longer expressions, file, string and integer primaries.

load ../lib/helpers

# is STATUS LINE...: each `labsh -c LINE` exits STATUS and writes nothing.
is() {
	local want=$1 line status
	shift
	for line in "$@"; do
		status=0
		"$LABSH" -c "$line" >out 2>err || status=$?
		[ "$status" = "$want" ] || { echo "$line: status $status"; cat err; false; }
		[ ! -s out ] && [ ! -s err ] || { echo "$line:"; cat out err; false; }
	done
}

# error LINE MESSAGE: `labsh -c LINE` exits 2 with MESSAGE on stderr.
error() {
	run -2 --separate-stderr "$LABSH" -c "$1"
	[ "$stderr" = "$2" ] || { echo "$1: $stderr"; false; }
	[ -z "$output" ]
}

@test "test: no argument is false, one is true when not empty" {
	is 1 'test' '[ ]' 'test ""' '[ "" ]'
	is 0 'test x' 'test -n' 'test -z' 'test !' '[ = ]' 'test --help' \
		'test " "'
}

@test "test: ! and the string primaries" {
	is 0 'test -n x' 'test ! x = y' 'test x = x' 'test x != y' \
		'test a "<" b' 'test b ">" a' 'test -z = -z' 'test ! ! x'
	is 1 'test -z x' 'test ! x' 'test x = y' 'test x != x' 'test b "<" a' \
		'test a ">" b' 'test ! -n' 'test -n ""' 'test "" = x'
	is 0 'test -z ""' 'test "" = ""' 'test "" != x' 'test "a b" = "a b"'
}

@test "test: integer comparisons" {
	is 0 'test 1 -eq 1' 'test 1 -ne 2' 'test 1 -lt 2' 'test 2 -le 2' \
		'test 3 -gt 2' 'test 3 -ge 3' 'test -5 -lt 0' 'test +7 -eq 7' \
		'test 007 -eq 7' 'test " 1 " -eq 1' 'test -9223372036854775808 -lt 9223372036854775807'
	is 1 'test 1 -eq 2' 'test 1 -ne 1' 'test 2 -lt 1' 'test 3 -le 2' \
		'test 2 -gt 3' 'test 2 -ge 3'
}

@test "test: a non-integer operand is an error, status 2" {
	error 'test abc -eq 1' 'labsh: test: abc: integer expression expected'
	error 'test 1 -lt 2x' 'labsh: test: 2x: integer expression expected'
	error 'test "" -eq 0' 'labsh: test: : integer expression expected'
	error 'test 99999999999999999999 -gt 1' \
		'labsh: test: 99999999999999999999: integer expression expected'
	error '[ 0x10 -eq 16 ]' 'labsh: [: 0x10: integer expression expected'
	error 'test -t abc' 'labsh: test: abc: integer expression expected'
}

@test "test: file primaries" {
	mkdir dir
	echo data >file
	: >empty
	ln -s file link
	ln -s nowhere dangling
	mkfifo fifo
	printf '#!/bin/sh\n' >exe
	chmod 755 exe
	chmod 644 file
	is 0 'test -e file' 'test -f file' 'test -d dir' 'test -e dir' \
		'test -s file' 'test -h link' 'test -L link' 'test -L dangling' \
		'test -f link' 'test -p fifo' 'test -c /dev/null' 'test -r file' \
		'test -x exe' 'test -x dir' 'test -w file'
	is 1 'test -e nosuch' 'test -f dir' 'test -d file' 'test -s empty' \
		'test -h file' 'test -e dangling' 'test -p file' 'test -b /dev/null' \
		'test -S file' 'test -x file' 'test -u file' 'test -g file' \
		'test -k file' 'test -r nosuch'
}

@test "test: set-id and sticky bits" {
	echo >f
	chmod 4755 f
	is 0 'test -u f'
	chmod 2755 f
	is 0 'test -g f'
	mkdir d
	chmod 1777 d
	is 0 'test -k d'
}

@test "test: -t FD is true only on a terminal" {
	is 1 'test -t 0' 'test -t 1' 'test -t 99'
	run -0 "$PTYDRIVE" -t 5 -- "$LABSH" -c 'test -t 0' </dev/null
}

@test "test: -nt, -ot and -ef" {
	touch -d '2001-01-01' old
	touch -d '2020-01-01' new
	ln old hard
	is 0 'test new -nt old' 'test old -ot new' 'test old -ef hard' \
		'test new -nt nosuch' 'test nosuch -ot old' 'test . -ef ./'
	is 1 'test old -nt new' 'test new -ot old' 'test old -ef new' \
		'test nosuch -nt old' 'test old -ot nosuch' 'test nosuch -ef nosuch'
}

@test "test: three and four arguments follow the POSIX table" {
	is 0 'test "(" x ")"' 'test ! -z x' 'test a -a b' 'test x -a -n' \
		'test a -o b' 'test ! x = y' 'test "(" -n x ")"' 'test ! = !'
	is 1 'test "(" -z x ")"' 'test ! "(" x ")"' 'test ! -n x' 'test ! = x'
}

@test "test: -a, -o, ! and parentheses, -a binding tighter" {
	is 0 'test x = x -a y = y' 'test x = x -o y = z' 'test -n x -a ! -z -z' \
		'test "(" x = y ")" -o "(" a = a ")"' 'test x = y -a y = y -o a = a' \
		'test ! "(" x = y ")" -a y' 'test x -a ! -z y -a "(" 1 -lt 2 ")"'
	is 1 'test x = x -a y = z' 'test x = y -o y = z' \
		'test x = x -a "(" a = b -o c = d ")"' 'test ! x = x -o a = b'
}

@test "test: malformed expressions are errors, status 2" {
	error 'test -q x' 'labsh: test: -q: unexpected operator'
	error 'test x y z' 'labsh: test: y: unexpected operator'
	error 'test a b c d e' 'labsh: test: b: unexpected operator'
	error 'test "(" x = x' "labsh: test: ')' expected"
	error 'test x = x -a' 'labsh: test: -a: argument expected'
	error 'test x -a x -a -n' 'labsh: test: -n: argument expected'
	error 'test 1 -eq' 'labsh: test: 1: unexpected operator'
}

@test "[: needs its closing ]" {
	is 0 '[ x ]' '[ 1 -lt 2 ]' '[ "(" x ")" ]'
	is 1 '[ ]' '[ x = y ]'
	error '[ x' "labsh: [: missing ']'"
	error '[' "labsh: [: missing ']'"
	error '[ ] ] ]' 'labsh: [: ]: unexpected operator'
	is 0 '[ --help ]'
}

@test "test: agrees with dash" {
	command -v "${DASH:-dash}" >/dev/null || skip "dash is not installed"
	local args want got
	touch -d '2001-01-01' old
	mkdir dir
	for args in 'x' '-n x' '! x' 'x = x' 'a < b' '1 -eq 1' '-d dir' \
		'-f dir' '( x )' '! ( x )' 'x = x -a y = z' 'x -o -z y' \
		'! -f old -a -d dir' '-q x' 'abc -eq 1' '( ( a ) )' '-z = -z' \
		'x != x -o ! ( -e old )' '-e old -a -e old -a -e nosuch'; do
		want=0 got=0
		# shellcheck disable=SC2086 # the words are meant to be split
		"${DASH:-dash}" -c 'test "$@"' test $args 2>/dev/null || want=$?
		# shellcheck disable=SC2086
		"$LABSH" -c 'test "$@"' test $args 2>/dev/null || got=$?
		[ "$want" = "$got" ] || { echo "test $args: $got, dash $want"; false; }
	done
}
