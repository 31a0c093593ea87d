#!/usr/bin/env bats
# lang-builtins.bats - the sh builtins of the shell language (exec, ., eval,
# read, type, command, umask, wait, shift) seen from outside: the shell's
# own fd table in /proc, the exact output formats and labsh's messages, and
# special builtin errors in a script and at the terminal.
# Per-builtin suites are in tests/builtins/ (cd, echo, printf, test, times,
# umask) and trap.bats; what dash also does is compared in differential.bats.

load lib/helpers

# script LINE...: write the lines to ./script.
script() {
	printf '%s\n' "$@" >script
}

@test "exec with only redirections changes the shell's own fds (the dup2 lesson)" {
	run -0 --separate-stderr "$LABSH" -c '
		exec 3>out
		readlink /proc/$$/fd/3
		echo hi >&3
		exec 3>&-
		test -e /proc/$$/fd/3 || echo "fd 3 closed"
		cat out
		exec 4>&1 >log
		echo to-log
		exec 1>&4 4>&-
		echo back
		cat log'
	[ "$output" = "$PWD/out
fd 3 closed
hi
back
to-log" ]
	[ -z "$stderr" ]
}

@test "exec CMD replaces the shell: same PID, nothing after it runs" {
	run -0 --separate-stderr "$LABSH" -c 'echo $$; exec sh -c "echo \$\$; cat /proc/\$\$/comm"; echo never'
	[[ ${lines[0]} =~ ^[0-9]+$ ]]
	[ "${lines[1]}" = "${lines[0]}" ]
	[ "${lines[2]}" = sh ]
	[ "${#lines[@]}" -eq 3 ]
	[ -z "$stderr" ]
	run -127 --separate-stderr "$LABSH" -c 'exec no-such-cmd; echo never'
	[ -z "$output" ]
	[ "$stderr" = "labsh: no-such-cmd: command not found" ]
}

@test ". and source: arguments for the file, then the caller's are back; return" {
	printf '%s\n' 'echo "in: $# [$1] [$2]"' 'y=set-by-dot' 'return 5' 'echo never' >lib.sh
	run -0 --separate-stderr "$LABSH" -c '
		set -- outer
		. ./lib.sh a "b c"; echo "st=$? y=$y args=$*"
		source ./lib.sh; echo "st=$? args=$*"'
	[ "$output" = "in: 2 [a] [b c]
st=5 y=set-by-dot args=outer
in: 1 [outer] []
st=5 args=outer" ]
	[ -z "$stderr" ]
}

@test "eval: joins its arguments, runs them in this shell, gives their status" {
	run -0 --separate-stderr "$LABSH" -c '
		cmd="echo evaled; x=2"; eval "$cmd"; echo "x=$x"
		eval false; echo "st=$?"
		eval; echo "empty=$?"
		eval echo "\$((1 + 1))" "\$x"
		v=y; eval "$v=indirect"; echo "$y"'
	[ "$output" = "evaled
x=2
st=1
empty=0
2 2
indirect" ]
	[ -z "$stderr" ]
	run -2 --separate-stderr "$LABSH" -c 'eval "if"; echo never'
	[ -z "$output" ]
	[[ $stderr == "labsh: line "*": syntax error: unexpected end of file" ]]
}

@test "read: -r, IFS, the last variable takes the rest, continuation lines" {
	printf 'a\\b c d  e \n' >in1
	printf 'one:two:three:four\n' >in2
	printf 'line1\\\ncont\n' >in3
	printf '  lead  trail  \n' >in4
	run -0 --separate-stderr "$LABSH" -c '
		read -r x y <in1; printf "[%s][%s]\n" "$x" "$y"
		read x y <in1; printf "[%s][%s]\n" "$x" "$y"
		IFS=: read a b c <in2; echo "[$a][$b][$c]"
		read a b c d e <in2; echo "[$a][${b-unset}][$e]"
		read x <in3; echo "[$x]"
		read -r x <in3; printf "[%s]\n" "$x"
		read x <in4; echo "[$x]"
		IFS= read x <in4; echo "[$x]"'
	[ "$output" = '[a\b][c d  e]
[ab][c d  e]
[one][two][three:four]
[one:two:three:four][][]
[line1cont]
[line1\]
[lead  trail]
[  lead  trail  ]' ]
	[ -z "$stderr" ]
}

@test "read: end of file gives status 1, keeping a last line without newline" {
	printf 'noeol' >in
	run -0 --separate-stderr "$LABSH" -c '
		read x <in; echo "st=$? [$x]"
		read x </dev/null; echo "st=$? [$x]"
		echo piped | read z; echo "subshell: [${z-unset}]"'
	[ "$output" = "st=1 [noeol]
st=1 []
subshell: [unset]" ]
	[ -z "$stderr" ]
}

@test "type and command -v/-V: the output formats" {
	local ls
	ls=$(command -v ls)
	run -0 --separate-stderr "$LABSH" -c 'f() { :; }; type echo if ls f cd; command -v echo if ls f :; command -V echo ls if f'
	[ "$output" = "echo is a shell builtin
if is a shell keyword
ls is $ls
f is a function
cd is a shell builtin
echo
if
$ls
f
:
echo is a shell builtin
ls is $ls
if is a shell keyword
f is a function" ]
	[ -z "$stderr" ]
}

@test "type and command -v of an unknown name: message, status 1 and 127" {
	run -1 --separate-stderr "$LABSH" -c 'type echo no-such-cmd'
	[ "$output" = "echo is a shell builtin" ]
	[ "$stderr" = "labsh: type: no-such-cmd: not found" ]
	run -127 --separate-stderr "$LABSH" -c 'command -v no-such-cmd'
	[ -z "$output" ] && [ -z "$stderr" ]
}

@test "umask 027: printed as 0027; the shell's and its children's files get 640" {
	run -0 --separate-stderr "$LABSH" -c 'umask 027; umask; : >by-shell; touch by-child; mkdir dir'
	[ "$output" = 0027 ]
	[ -z "$stderr" ]
	[ "$(stat -c %a by-shell by-child dir)" = "640
640
750" ]
}

@test "times: two lines of user and system time" {
	run -0 --separate-stderr "$LABSH" -c times
	local t='[0-9]+m[0-9]+\.[0-9]+s'
	[ "${#lines[@]}" -eq 2 ]
	[[ ${lines[0]} =~ ^$t\ $t$ ]] && [[ ${lines[1]} =~ ^$t\ $t$ ]]
}

@test "wait: a job's status; a PID that is not a child gives 127" {
	run -0 --separate-stderr "$LABSH" -c '
		(exit 5) & wait $!; echo "job=$?"
		wait 1; echo "init=$?"
		wait; echo "all=$?"'
	[ "$output" = "job=5
init=127
all=0" ]
}

@test "the EXIT trap also runs when an error ends a script, with \$? = 2" {
	# (trap itself is covered by trap.bats)
	script 'trap "echo \"exit trap: \$?\"" EXIT' 'echo ${x:?gone}' 'echo never'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = "exit trap: 2" ]
	[ "$stderr" = "labsh: x: gone" ]
	script 'trap "echo \"exit trap: \$?\"" EXIT' 'shift 3' 'echo never'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = "exit trap: 2" ]
}

@test "a special builtin error ends a script: shift 5, status 2, next line not run" {
	script 'echo one' 'shift 5' 'echo never'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = one ]
	[ "$stderr" = "labsh: shift: can't shift that many" ]
	run -2 --separate-stderr "$LABSH" -c 'readonly r=1; r=2; echo never'
	[ -z "$output" ]
	[ "$stderr" = "labsh: r: is read only" ]
	run -2 --separate-stderr "$LABSH" -c 'set -o bogus; echo never'
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "labsh: set: bogus: no such option" ]
}

@test "a regular builtin error does not end a script" {
	script 'cd /no/such/dir || echo "cd failed"' 'read x || echo "read failed"' \
		'printf %d abc || echo "printf failed"' 'echo end'
	run -0 --separate-stderr "$LABSH" script </dev/null
	[ "$output" = "cd failed
read failed
0printf failed
end" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
}

@test "interactive: a special builtin error ends the line, not the shell" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send shift 5; echo same-line\r
	expect can't shift that many
	match labsh\[[0-9]+\] 2[$#] $
	send readonly r=1; r=2\r
	expect is read only
	match labsh\[[0-9]+\] 2[$#] $
	send expr 40 + 2\r
	expect 42
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	screen_text | grep -qx "labsh: shift: can't shift that many"
	screen_text | grep -qx "labsh: r: is read only"
	[ "$(screen_text | grep -cx same-line)" -eq 0 ]
}
