#!/usr/bin/env bats
# expand.bats - expansions seen from outside: labsh's own error messages and
# statuses, arithmetic at the edges of a 64-bit integer, pathname expansion
# in a directory of known files, and $$ and $! checked against /proc.
# What dash also does is compared in differential.bats (tests/diff/*.cases).

load lib/helpers

# script LINE...: write the lines to ./script.
script() {
	printf '%s\n' "$@" >script
}

@test "\${x:?msg}: 'labsh: x: msg', and a script stops with status 2" {
	script 'echo before' 'echo ${x:?msg with  blanks}' 'echo after'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = before ]
	[ "$stderr" = "labsh: x: msg with  blanks" ]
}

@test "\${x?} and \${x:?} without a word: 'parameter not set' or 'parameter null'" {
	run -2 --separate-stderr "$LABSH" -c 'echo ${x?}; echo after'
	[ -z "$output" ]
	[ "$stderr" = "labsh: x: parameter not set" ]
	run -2 --separate-stderr "$LABSH" -c 'x=; echo ${x?}; echo ${x:?}; echo after'
	[ "$output" = "" ]
	[ "$stderr" = "labsh: x: parameter null" ]
	run -0 --separate-stderr "$LABSH" -c 'x=set; echo ${x:?unused}'
	[ "$output" = set ] && [ -z "$stderr" ]
}

@test "set -u: 'labsh: y: parameter not set', status 2, the script stops" {
	script 'set -u' 'echo "[$*]" $# ${y-default} ${y:+alt}' 'echo $y' 'echo after'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = "[] 0 default" ]
	[ "$stderr" = "labsh: y: parameter not set" ]
	run -2 --separate-stderr "$LABSH" -c 'set -u; echo $1'
	[ "$stderr" = "labsh: 1: parameter not set" ]
}

@test "division by zero: a message naming it, status 2, the script stops" {
	script 'echo before' 'echo $((1/0))' 'echo after'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = before ]
	[ "$stderr" = "labsh: arithmetic: division by zero: 1/0" ]
	run -2 --separate-stderr "$LABSH" -c 'x=0; echo $((5 % x))'
	[ -z "$output" ]
	[[ $stderr == "labsh: arithmetic: division by zero"* ]]
	run -2 --separate-stderr "$LABSH" -c 'x=7; : $((x /= 0)); echo $x'
	[[ $stderr == "labsh: arithmetic: division by zero"* ]]
}

@test "arithmetic: INT64_MIN / -1 and % -1 give a result, not SIGFPE" {
	run -0 --separate-stderr "$LABSH" -c '
		echo $(( -9223372036854775807 - 1 ))
		echo $(( (-9223372036854775807 - 1) / -1 ))
		echo $(( (-9223372036854775807 - 1) % -1 ))
		x=$(( -9223372036854775807 - 1 )); : $(( x /= -1 )); echo $x
		echo $(( 9223372036854775807 + 1 ))'
	[ "$output" = "-9223372036854775808
-9223372036854775808
0
-9223372036854775808
-9223372036854775808" ]
	[ -z "$stderr" ]
}

@test "arithmetic: shifts by 63, 64 and more wrap as dash's do, without a crash" {
	run -0 --separate-stderr "$LABSH" -c \
		'echo $((1 << 63)) $((1 << 64)) $((1 << 65)) $((-1 >> 64)) $((8 >> 64)) $((8 >> 65))'
	[ "$output" = "-9223372036854775808 1 2 -1 8 4" ]
	[ -z "$stderr" ]
}

@test "glob: matches are sorted, one field each, dot files only by a leading dot" {
	touch b.c a.c C.c 'sp ace.c' .hid.c x.h
	run -0 --separate-stderr "$LABSH" -c 'for f in *.c; do echo "<$f>"; done; echo .*.c; echo [ab].c ?.h'
	[ "$output" = "<C.c>
<a.c>
<b.c>
<sp ace.c>
.hid.c
a.c b.c x.h" ]
	[ -z "$stderr" ]
}

@test "glob: no match leaves the pattern; quoted or escaped it is literal; set -f" {
	touch a.c b.c
	run -0 --separate-stderr "$LABSH" -c 'echo *.z; echo "*.c" '"'*.c'"' \*.c; set -f; echo *.c; set +f; echo *.c'
	[ "$output" = "*.z
*.c *.c *.c
*.c
a.c b.c" ]
	[ -z "$stderr" ]
}

@test "tilde: ~ is \$HOME, ~root root's home, only unquoted and at the start" {
	local roothome
	roothome=$(getent passwd root | cut -d: -f6)
	run -0 --separate-stderr "$LABSH" -c 'echo ~ ~/x a~ "~" \~; x=~/y; echo $x; echo ~root ~no-such-user-labsh'
	[ "$output" = "$HOME $HOME/x a~ ~ ~
$HOME/y
$roothome ~no-such-user-labsh" ]
	[ -z "$stderr" ]
}

@test "\"\$@\" keeps arguments intact through functions; \"\$*\" joins them" {
	run -0 --separate-stderr "$LABSH" -c '
		f() { echo $#; for a; do echo "[$a]"; done; }
		g() { f "$@"; }
		f "a b" "" c
		g "a b" "" c
		h() { f "$*"; }; h "a b" "" c
		IFS=-; h "a b" "" c'
	[ "$output" = "3
[a b]
[]
[c]
3
[a b]
[]
[c]
1
[a b  c]
1
[a b--c]" ]
	[ -z "$stderr" ]
}

@test "field splitting with a custom IFS: blanks merge, other characters do not" {
	run -0 --separate-stderr "$LABSH" -c '
		IFS=:; x="a:b::c"; set -- $x; echo $#; printf "[%s]" "$@"; echo
		IFS=" :"; x=" a : b  c :: d "; set -- $x; echo $#; printf "[%s]" "$@"; echo
		IFS=; x="a b:c"; set -- $x; echo $#'
	[ "$output" = "4
[a][b][][c]
5
[a][b][c][][d]
1" ]
	[ -z "$stderr" ]
}

@test "command substitution strips trailing newlines only" {
	run -0 --separate-stderr "$LABSH" -c '
		x=$(printf "\n\na\n\nb\n\n\n"); printf "[%s]\n" "$x"
		y=$(printf "\n\n"); echo "[$y]"
		z=`printf " a \n"`; echo "[$z]"'
	[ "$output" = "[

a

b]
[]
[ a ]" ]
	[ -z "$stderr" ]
}

@test "nested command substitutions, with \$( ) and with backquotes" {
	run -0 --separate-stderr "$LABSH" -c '
		echo $(echo a $(echo b $(echo c)))
		echo `echo a \`echo b\``
		echo "$(echo "in $(echo "deep  quote")")"
		echo $(echo `echo mixed`)'
	[ "$output" = "a b c
a b
in deep  quote
mixed" ]
	[ -z "$stderr" ]
}

@test "\$\$ is the shell's PID as /proc shows it, also in subshells and pipelines" {
	run -0 --separate-stderr "$LABSH" -c '
		echo $$
		awk "{ print \$4 }" /proc/self/stat
		sh -c "echo \$PPID"
		(echo $$)
		echo $$ | cat
		cat /proc/$$/comm
		:'
	local pid=${lines[0]}
	[[ $pid =~ ^[0-9]+$ ]]
	[ "$output" = "$pid
$pid
$pid
$pid
$pid
labsh" ]
	[ -z "$stderr" ]
}

@test "\$! is the PID of the background job, a child of the shell" {
	run -0 --separate-stderr "$LABSH" -c '
		sleep 1 & p=$!
		test -d /proc/$p && echo alive
		awk "{ print \$4 }" /proc/$p/stat
		echo $$
		wait $p; echo "wait=$?"
		test -d /proc/$p || echo reaped'
	[ "${lines[0]}" = alive ]
	[ "${lines[1]}" = "${lines[2]}" ]
	[ "${lines[3]}" = wait=0 ]
	[ "${lines[4]}" = reaped ]
	[ "${#lines[@]}" -eq 5 ]
	[ -z "$stderr" ]
}

@test "\$! names the process that runs the job: kill \$! ends it, wait \$! reports it" {
	run -0 --separate-stderr "$LABSH" -c '
		sleep 5 & p=$!
		i=0; while [ "$(cat /proc/$p/comm)" != sleep ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		tr "\0" " " </proc/$p/cmdline; echo
		kill $p; wait $p; echo "st=$?"'
	[ "${lines[0]}" = "sleep 5 " ]
	[ "${lines[1]}" = st=143 ]
	[ -z "$stderr" ]
}
