#!/usr/bin/env bats
# fds.bats - the fd table of the shell and of other processes, from /proc.

load lib/helpers

# row FD: the row of fd FD in $output, blanks squeezed.
row() {
	printf '%s\n' "$output" | tr -s ' ' | grep -E "^ ?$1 "
}

@test "fds: a header, then 0 1 2 with mode, flags, offset and target" {
	echo data >in
	only_std_fds "$LABSH" -c fds <in >out 2>>err
	output=$(cat out)
	[ "$(printf '%s\n' "$output" | head -n 1 | tr -s ' ')" = " FD MODE FLAGS OFFSET TARGET NOTE" ]
	[ "$(row 0)" = " 0 r - 0 $PWD/in" ]
	[ "$(row 1)" = " 1 w - 0 $PWD/out" ]
	[ "$(row 2)" = " 2 w O_APPEND 0 $PWD/err" ]
	[ ! -s err ]
}

@test "fds after exec 5>f shows fd 5 -> f, write-only" {
	run -0 only_std_fds "$LABSH" -c 'exec 5>f; fds'
	[ "$(row 5)" = " 5 w - 0 $PWD/f" ]
}

@test "the shell's own fds (close-on-exec, >= 10) are marked (labsh)" {
	echo fds >script
	run -0 only_std_fds "$LABSH" script
	row '[0-9]{2,}' | grep -q "O_CLOEXEC [0-9]* $PWD/script (labsh)$"
}

# start_pipeline: `sleep 30 | sleep 30` in the background; sets WRITER
# and READER to the PIDs of its two stages.
start_pipeline() {
	sh -c 'echo $$ >writer; exec sleep 30' 3>&- | sleep 30 3>&- &
	READER=$!
	STARTED+=("$READER")
	for _ in $(seq 50); do [ -s writer ] && break; sleep 0.1; done
	WRITER=$(cat writer)
	STARTED+=("$WRITER")
	wait_for_exec "$WRITER" sleep
	wait_for_exec "$READER" sleep
}

@test "fds PID of a pipeline stage shows the pipe and who holds the other end" {
	start_pipeline
	run -0 "$LABSH" -c "fds $READER"
	[ "${lines[0]}" = "PID $READER (sleep)" ]
	[[ $(row 0) =~ ^\ 0\ r\ -\ -\ pipe:\[([0-9]+)\]\ write\ end\ held\ by\ $WRITER\ \(sleep\)$ ]]
	local inode=${BASH_REMATCH[1]}

	run -0 "$LABSH" -c "fds $WRITER"
	[ "$(row 1)" = " 1 w - - pipe:[$inode] read end held by $READER (sleep)" ]

	# -a: both ends, this process included.
	run -0 "$LABSH" -c "fds -a $WRITER"
	[ "$(row 1)" = " 1 w - - pipe:[$inode] write end held by $WRITER (sleep); read end held by $READER (sleep)" ]
}

@test "a pipe whose other end is closed says so" {
	start_pipeline
	kill -KILL "$WRITER"
	for _ in $(seq 50); do
		run -0 "$LABSH" -c "fds $READER"
		[[ $(row 0) == *"no write end open: a read gets end of file" ]] && return 0
		sleep 0.1
	done
	false
}

@test "fds PID shows a socket's type, state and address" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	python3 -c '
import socket, sys, time
u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
u.bind(sys.argv[1]); u.listen(1)
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.bind(("127.0.0.1", 0)); t.listen(1)
print(t.getsockname()[1], flush=True)
time.sleep(30)' "$PWD/sock" 3>&- >port &
	local pid=$!
	STARTED+=("$pid")
	for _ in $(seq 50); do [ -s port ] && break; sleep 0.1; done
	run -0 "$LABSH" -c "fds $pid"
	[[ $output =~ socket:\[[0-9]+\]\ +unix\ stream,\ listening,\ $PWD/sock ]]
	[[ $output =~ socket:\[[0-9]+\]\ +tcp,\ listening\ on\ 127\.0\.0\.1:$(cat port) ]]
}

@test "fds 999999: no such process, status 1" {
	run -1 --separate-stderr "$LABSH" -c 'fds 999999'
	[ "${stderr_lines[0]}" = "labsh: fds: 999999: no such process" ]
	[ "${stderr_lines[1]}" = "hint: ESRCH: no process has that PID; it may have exited already" ]
	[ -z "$output" ]
}

@test "fds of another user's process: Permission denied, and why" {
	local as=()
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || skip "setpriv is not installed"
		as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		cd /
	elif [ -O /proc/1 ]; then
		skip "PID 1 belongs to this user"
	fi
	run -1 --separate-stderr "${as[@]}" "$LABSH" -c 'fds 1'
	[ "${stderr_lines[0]}" = "labsh: fds: 1: Permission denied" ]
	[ "${stderr_lines[1]}" = "hint: /proc/1/fd of another user's process is readable only by root or that user (see proc(5))" ]
}

@test "fds with a non-numeric PID or a bad option: usage error, status 2" {
	run -2 --separate-stderr "$LABSH" -c 'fds abc'
	[ "${stderr_lines[0]}" = "labsh: fds: abc: not a process ID or %job" ]
	[ "${stderr_lines[1]}" = "usage: fds [-a] [PID | %JOB...]" ]
	run -2 --separate-stderr "$LABSH" -c 'fds 12x'
	[ "${stderr_lines[0]}" = "labsh: fds: 12x: not a process ID or %job" ]
	run -2 --separate-stderr "$LABSH" -c 'fds -z'
	[ "${stderr_lines[0]}" = "labsh: fds: -z: invalid option" ]
}

@test "fds on a terminal names the controlling terminal" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send fds\r
	match /dev/pts/[0-9]+ +controlling terminal
	send exit\r
	wait
	EOF
	screen_text | tr -s ' ' | grep -Eq '^ 0 rw - [0-9]+ /dev/pts/[0-9]+ controlling terminal$'
}
