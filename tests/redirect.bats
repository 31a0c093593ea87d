#!/usr/bin/env bats
# redirect.bats - redirections as the kernel sees them: which descriptors a
# child inherits and where they point (/proc/PID/fd), what is undone after a
# builtin, labsh's own error messages, and here-documents of any size.
# What dash also does is compared in differential.bats (tests/diff/*.cases).

load lib/helpers

# script LINE...: write the lines to ./script.
script() {
	printf '%s\n' "$@" >script
}

# The labsh command that lists the descriptors of a child process on one line:
# sh looks up /proc/$$/fd/N with lstat(2) only, so it opens none itself, as
# ls or a glob would.
FDS="sh -c 'n=0; while [ \$n -lt 1024 ]; do [ -h /proc/\$\$/fd/\$n ] && printf \"%s \" \$n; n=\$((n + 1)); done; echo'"

@test "exec 5>f: a child inherits fd 5, open on f, and can write through it" {
	run -0 --separate-stderr only_std_fds "$LABSH" -c "
		exec 5>f
		$FDS
		sh -c 'readlink /proc/\$\$/fd/5; :'
		echo from-shell >&5
		sh -c 'echo from-child >&5'
		cat f"
	[ "$output" = "0 1 2 5 
$PWD/f
from-shell
from-child" ]
	[ -z "$stderr" ]
}

@test "exec 5>f: the shell's own fd 5 is not close-on-exec" {
	run -0 --separate-stderr "$LABSH" -c 'exec 5>f; sed -n "s/^flags:[[:space:]]*//p" /proc/$$/fdinfo/5'
	[[ $output =~ ^[0-7]+$ ]]
	# O_CLOEXEC is 02000000; O_WRONLY is 1.
	[ $(( 0$output & 02000000 )) -eq 0 ]
	[ $(( 0$output & 3 )) -eq 1 ]
}

@test "exec 5>&- closes fd 5: a child no longer has it, writing to it fails" {
	run -2 --separate-stderr only_std_fds "$LABSH" -c "
		exec 5>f
		exec 5>&-
		$FDS
		echo lost >&5"
	[ "$output" = "0 1 2 " ]
	[ "$stderr" = "labsh: 5: Bad file descriptor" ]
	[ ! -s f ]
}

@test "the shell's own fds are close-on-exec everywhere: children see 0 1 2 (and 5)" {
	script "$FDS" "$FDS | cat" "($FDS)" "f() { $FDS; }; f | cat" \
		"$FDS & wait" "echo \$($FDS)" "$FDS <<EOF" "here" "EOF" \
		'exec 5>f' "$FDS" "$FDS | cat" "$FDS | cat | cat" "($FDS)" \
		"$FDS & wait" "echo \$($FDS)" "$FDS <<EOF" "here" "EOF"
	run -0 --separate-stderr only_std_fds "$LABSH" script
	[ "$output" = "0 1 2 
0 1 2 
0 1 2 
0 1 2 
0 1 2 
0 1 2
0 1 2 
0 1 2 5 
0 1 2 5 
0 1 2 5 
0 1 2 5 
0 1 2 5 
0 1 2 5
0 1 2 5 " ]
	[ -z "$stderr" ]
}

@test "cmd >f 2>&1 and cmd 2>&1 >f send stderr to different places" {
	script 'sh -c "echo out; echo err >&2" >f1 2>&1' 'echo ---' \
		'sh -c "echo out; echo err >&2" 2>&1 >f2'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "---
err" ]
	[ -z "$stderr" ]
	[ "$(cat f1)" = "out
err" ]
	[ "$(cat f2)" = out ]
}

@test "redirections on builtins and groups are undone afterwards" {
	printf 'in\n' >in
	run -0 --separate-stderr only_std_fds "$LABSH" -c "
		echo a >f; echo b
		{ echo c; echo d >&2; } >g 2>&1; echo e
		read x <in; echo \"x=\$x\"
		: 3>h
		$FDS"
	[ "$output" = "b
e
x=in
0 1 2 " ]
	[ -z "$stderr" ]
	[ "$(cat f)" = a ]
	[ "$(cat g)" = "c
d" ]
	[ -e h ]
}

@test "set -C refuses an existing file: 'labsh: f: cannot overwrite existing file'" {
	script 'echo one >f' 'set -C' 'echo two >f' 'echo "st=$?"' 'echo three >|f' \
		'echo four >>f' 'echo five >/dev/null' 'echo new >g' 'cat f g'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "st=2
three
four
new" ]
	[ "$stderr" = "labsh: f: cannot overwrite existing file" ]
}

@test "<> opens read-write at the start, without truncating, creating if need be" {
	echo hello >f
	run -0 --separate-stderr "$LABSH" -c '
		exec 3<>f; read x <&3; echo "[$x]"; echo world >&3; exec 3>&-
		cat f
		echo new 1<>g; cat g'
	[ "$output" = "[hello]
hello
world
new" ]
	[ -z "$stderr" ]
}

@test "N<&M duplicates an input descriptor; the offset is shared" {
	printf 'l1\nl2\nl3\n' >f
	run -2 --separate-stderr "$LABSH" -c 'exec 4<f; read a <&4; head -n 1 0<&4; exec 4<&-; echo "a=$a"; cat <&4'
	[ "$output" = "l2
a=l1" ]
	[ "$stderr" = "labsh: 4: Bad file descriptor" ]
}

@test ">&- then writing: the EBADF error is reported, status 1" {
	run -0 --separate-stderr "$LABSH" -c 'echo x >&-; echo "st=$?"; /bin/echo y >&-; echo "st=$?"'
	[ "$output" = "st=1
st=1" ]
	[ "$stderr" = "labsh: echo: write error: Bad file descriptor
/bin/echo: write error: Bad file descriptor" ]
}

@test "a failed redirection: the message, status 2, and the command did not run" {
	script 'touch marker >/nonexistent/x' 'echo "st=$?"' 'echo ran </nonexistent/y' 'echo "st=$?"'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "st=2
st=2" ]
	[ "$stderr" = "labsh: /nonexistent/x: No such file or directory
labsh: /nonexistent/y: No such file or directory" ]
	[ ! -e marker ]
}

@test "2>&1 | sends both streams down the pipe; 2>&1 >/dev/null | only stderr" {
	script 'sh -c "echo out; echo err >&2" 2>&1 | sort' \
		'sh -c "echo out; echo err >&2" 2>&1 >/dev/null | tr a-z A-Z'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "err
out
ERR" ]
	[ -z "$stderr" ]
}

@test "a small here-document comes through a pipe, over 64 KiB through a memfd" {
	mkdir tmp
	{
		echo 'readlink /proc/self/fd/0 <<EOF'
		echo small
		echo EOF
		echo 'readlink /proc/self/fd/0 <<EOF'
		yes "$(printf '%063d' 0)" | head -n 2048
		echo EOF
		echo 'ls -A "$TMPDIR" <<EOF'
		yes "$(printf '%063d' 0)" | head -n 2048
		echo EOF
		echo 'wc -c <<EOF'
		yes "$(printf '%063d' 0)" | head -n 2048
		echo EOF
	} >script
	TMPDIR=$PWD/tmp run -0 --separate-stderr "$LABSH" script
	[[ ${lines[0]} =~ ^pipe:\[[0-9]+\]$ ]]
	[[ ${lines[1]} == "/memfd:"*" (deleted)" ]]
	# ls printed nothing: no temporary file in $TMPDIR.
	[ "${lines[2]}" = 131072 ]
	[ "${#lines[@]}" -eq 3 ]
	[ -z "$stderr" ]
	[ -z "$(ls -A tmp)" ]
}

@test "a 100 MiB here-document passes through wc -c whole" {
	{
		echo 'wc -c <<EOF'
		yes "$(printf '%063d' 0)" | head -c $((100 * 1024 * 1024))
		echo EOF
		echo 'echo after'
	} >script
	run -0 --separate-stderr timeout 60 "$LABSH" script
	rm -f script
	[ "$output" = "104857600
after" ]
	[ -z "$stderr" ]
}

# The shell's own fds (the script it reads, saved copies, the terminal,
# the wake-up pipe) sit at 10 and up; a script that uses those numbers
# gets them, and the shell moves its own out of the way, as bash does.
@test "exec 10<&- ... 19>file in a script over 4 KiB: the shell's own fds move, the script runs on" {
	{
		echo 'i=10; while [ $i -lt 20 ]; do eval "exec $i<&-"; i=$((i + 1)); done'
		echo 'echo closed'
		echo 'i=10; while [ $i -lt 20 ]; do eval "exec $i>f$i"; i=$((i + 1)); done'
		echo 'echo to-fd-15 >&15'
		echo 'i=10; while [ $i -lt 20 ]; do eval "exec $i>&-"; i=$((i + 1)); done'
		yes '# a comment line, to make the script longer than one read' | head -n 200
		echo 'for f in /proc/$$/fd/*; do printf "%s " "${f##*/}"; done; echo'
		echo 'echo end-of-script'
	} >script
	run -0 --separate-stderr only_std_fds "$LABSH" script
	[ -z "$stderr" ]
	[ "${lines[0]}" = closed ]
	# the shell's fds: 0-2, the glob's own directory fd and the script,
	# moved to 64
	[ "${lines[1]}" = "0 1 2 3 64 " ]
	[ "${lines[2]}" = end-of-script ]
	[ "$(cat f15)" = to-fd-15 ]
}

@test "a saved fd survives a redirection of its number inside the block" {
	run -0 --separate-stderr only_std_fds "$LABSH" -c '
		exec 3>a
		{ i=10; while [ $i -lt 20 ]; do eval "exec $i<&-"; i=$((i + 1)); done; echo inner >&3; } 3>b
		echo outer >&3
		{ echo inner2 >&3; } 3>c 10>d 11>e
		echo outer2 >&3'
	[ -z "$stderr" ]
	[ "$(cat a)" = "outer
outer2" ]
	[ "$(cat b)" = inner ]
	[ "$(cat c)" = inner2 ]
}

@test "set -o narrate shows the shell's fd moving out of the way" {
	printf '%s\n' 'exec 10<&-' 'echo after' >script
	run -0 --separate-stderr only_std_fds "$LABSH" -o narrate script
	[ "$output" = after ]
	[[ $stderr == *"fcntl(10, F_DUPFD_CLOEXEC, 64) = 64 "*" the shell's own fd moves out of the way"* ]]
	[[ $stderr == *"close(10) = 0"* ]]
}
