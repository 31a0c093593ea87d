#!/usr/bin/env bats
# narrate-shell.bats - `set -o narrate` / --narrate: the shell narrates
# its own system calls, with real PIDs.

load lib/helpers

# The narration lines of $stderr, without PIDs' brackets stripped.
narr() {
	printf '%s\n' "${stderr_lines[@]}"
}

@test "echo hi | cat > f: pipe, two forks, dup2 into 1 and 0, open f, two waits" {
	run -0 --separate-stderr "$LABSH" --narrate -c 'echo hi | cat > f; echo done'
	[ "$output" = done ]
	[ "$(cat f)" = hi ]
	local shell_pid
	shell_pid=$(narr | sed -n '1s/^\[\([0-9]*\)\] pipe2(.*/\1/p')
	[ -n "$shell_pid" ]
	# two forks by the shell, each naming a child
	local kids
	kids=$(narr | sed -n "s/^\[$shell_pid\] fork() = \([0-9]*\) .*/\1/p")
	[ "$(echo "$kids" | wc -l)" -eq 2 ]
	local left right
	left=$(echo "$kids" | sed -n 1p)
	right=$(echo "$kids" | sed -n 2p)
	# the left child puts the pipe's write end on fd 1, the right its read end on 0
	narr | grep -Eq "^\[$left\] dup2\([0-9]+, 1\) = 1 +fd 1 -> pipe:\[[0-9]+\]$"
	narr | grep -Eq "^\[$right\] dup2\([0-9]+, 0\) = 0 +fd 0 -> pipe:\[[0-9]+\]$"
	# the right child opens f for the redirection, and execs cat
	narr | grep -Eq "^\[$right\] open\(\"f\", O_WRONLY\|O_CREAT\|O_TRUNC\|O_CLOEXEC, 0666\) = [0-9]+$"
	narr | grep -Eq "^\[$right\] execve\(\"/(usr/)?bin/cat\", \[\"cat\"\], envp\)$"
	# the shell waits for both, with their decoded statuses
	narr | grep -Eq "^\[$shell_pid\] waitpid\($left, &status, 0\) = $left +exited, status 0$"
	narr | grep -Eq "^\[$shell_pid\] waitpid\($right, &status, 0\) = $right +exited, status 0$"
}

@test "the narrated PID of a background job is \$!" {
	run -0 --separate-stderr "$LABSH" --narrate -c 'sleep 0 & echo $!; wait'
	narr | grep -Eq "^\[[0-9]+\] fork\(\) = $output +a background job"
}

@test "a failed open is narrated with its errno" {
	run -2 --separate-stderr "$LABSH" --narrate -c 'cat < /nonexistent/x'
	narr | grep -Eq '^\[[0-9]+\] open\("/nonexistent/x", O_RDONLY\|O_CLOEXEC, 0666\) = -1 ENOENT \(No such file or directory\)$'
	narr | grep -qx 'labsh: /nonexistent/x: No such file or directory'
}

@test "a builtin's redirection is saved and put back" {
	run -0 --separate-stderr "$LABSH" --narrate -c 'echo x > f'
	narr | grep -Eq '^\[[0-9]+\] fcntl\(1, F_DUPFD_CLOEXEC, 10\) = [0-9]+ +save fd 1'
	narr | grep -Eq '^\[[0-9]+\] dup2\([0-9]+, 1\) = 1 +fd 1 restored$'
}

@test "set -o narrate turns it on inside a script, set +o narrate off" {
	run -0 --separate-stderr "$LABSH" -c 'true; set -o narrate; /bin/true; set +o narrate; /bin/true; echo end'
	[ "$output" = end ]
	[ "$(narr | grep -c 'execve("/bin/true"')" -eq 1 ]
}

@test "without narration, nothing is narrated" {
	run -0 --separate-stderr "$LABSH" -c 'echo hi | cat > f; /bin/true'
	[ -z "$stderr" ]
}

@test "narration lines stay whole with 50 children writing at once" {
	run -0 --separate-stderr "$LABSH" --narrate -c '
		i=0
		while [ $i -lt 50 ]; do /bin/true & i=$((i + 1)); done
		wait'
	local bad
	bad=$(narr | grep -Evc '^\[[0-9]+\] [a-z_0-9]+\(.*\)( = .*)?$' || true)
	[ "$bad" -eq 0 ]
	[ "$(narr | grep -c 'execve("/bin/true"')" -eq 50 ]
}

@test "NO_COLOR: no escape sequence, even on a terminal" {
	run -0 env NO_COLOR=1 "$PTYDRIVE" -t 10 -- "$LABSH" --norc --narrate <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send /bin/true\r
	expect execve(
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	# readline's own bracketed-paste codes aside, no SGR colour codes
	local sgr=$'\e''\[[0-9;]*m'
	! [[ $output =~ $sgr ]]
}

@test "on a terminal without NO_COLOR the calls are coloured" {
	run -0 env -u NO_COLOR "$PTYDRIVE" -t 10 -- "$LABSH" --norc --narrate <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send /bin/true\r
	expect execve
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	local sgr=$'\e''\[[0-9;]*m'
	[[ $output =~ $sgr ]]
}
