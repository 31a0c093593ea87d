#!/usr/bin/env bats
# fork-demo.bats - the fork-demo teaching builtin: the tour and each demo,
# checked against each other's PIDs and against /proc; the daemon and its
# cleanup; usage errors; Ctrl-C.
#
# Each script ends with $LEFT, which lists every child of the shell still
# in /proc (with grep, not with labsh), and prints "checked": `clean`
# asserts it found none.  The runtime dir must be empty after every test.

load lib/helpers

# Every child of the shell still in /proc, found by grep: grep itself is
# one, but it has gone by the time the loop tests its file.
LEFT='for f in $(grep -l "^PPid:[[:space:]]*$$\$" /proc/[0-9]*/status 2>/dev/null); do
	[ -e "$f" ] && echo "left: $f"; done; echo checked'

# fd SCRIPT: run "echo shell $$; SCRIPT; echo status $?; $LEFT" in labsh.
fd() {
	run --separate-stderr timeout 60 "$LABSH" -c "echo shell \$\$; $1
		echo status \$?; $LEFT"
	SHELL_PID=$(sed -n '1s/^shell //p' <<<"$output")
}

# clean: the script reached its check and no child of the shell was left;
# nothing is left in the runtime dir.
clean() {
	[[ $output == *checked* ]] || { echo "no check ran"; return 1; }
	[[ $output != *"left: "* ]] || { echo "$output" | grep 'left: '; return 1; }
	rundir_empty
}

# line TEXT: one line of $output is exactly TEXT.
line() {
	local l
	for l in "${lines[@]}"; do
		[ "$l" = "$1" ] && return 0
	done
	echo "no line: $1"
	return 1
}

# narrated ERE: a line of the narration (stderr) matches ERE.
narrated() {
	grep -Eq -- "$1" <<<"$stderr" || { echo "not narrated: $1"; echo "$stderr"; return 1; }
}

# state PID: the state letter of /proc/PID/stat, empty if gone.
state() {
	sed 's/^[0-9]* (.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null || true
}

# ended PID: gone from /proc, or a zombie for whoever inherited it (3 s).
ended() {
	local i s
	for i in $(seq 30); do
		s=$(state "$1")
		{ [ -z "$s" ] || [ "$s" = Z ]; } && return 0
		sleep 0.1
	done
	echo "$1 is still there, state $s"
	return 1
}

@test "the tour: fork's result in the parent is the child's PID, whose parent is the shell" {
	fd 'fork-demo'
	[ "$status" -eq 0 ]
	line "status 0"
	local shell=$SHELL_PID child
	[ -n "$shell" ]
	grep -Eqx "parent: PID $shell, PPID [0-9]+" <<<"$output"
	narrated "^\[$shell\] getpid\(\) = $shell "
	child=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" <<<"$stderr")
	[ -n "$child" ] && [ "$child" != "$shell" ]
	narrated "^\[$child\] fork\(\) = 0 .*my PID is $child\$"
	narrated "^\[$child\] getpid\(\) = $child "
	narrated "^\[$child\] getppid\(\) = $shell "
	narrated "^\[$child\] _exit\(1\)"
	narrated "^\[$shell\] waitpid\($child, &status, 0\) = $child +exited, status 1\$"
	line "child 1: PID $child, PPID $shell"
	line "parent: child $child exited with status 1 (WIFEXITED, WEXITSTATUS)"
	clean
}

@test "-n 3: three children of the shell, each with its own PID and status" {
	fd 'fork-demo -n 3'
	line "status 0"
	local shell=$SHELL_PID kids i pid
	kids=($(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" <<<"$stderr"))
	[ "${#kids[@]}" -eq 3 ]
	[ "$(printf '%s\n' "${kids[@]}" | sort -u | wc -l)" -eq 3 ]
	for i in 1 2 3; do
		pid=${kids[i - 1]}
		line "child $i: PID $pid, PPID $shell"
		line "parent: child $pid exited with status $i (WIFEXITED, WEXITSTATUS)"
	done
	clean
}

@test "--tree: each generation is the child of the one before, its counter one more" {
	fd 'fork-demo --tree'
	line "status 0"
	local shell=$SHELL_PID gen pid ppid counter prev=$SHELL_PID n=0
	while read -r gen pid ppid counter; do
		[ "$ppid" = "$prev" ] || { echo "generation $gen: PPID $ppid, not $prev"; false; }
		[ "$counter" = "$gen" ]
		prev=$pid n=$((n + 1))
	done < <(sed -n 's/^generation \([1-9]\): PID \([0-9]*\), PPID \([0-9]*\), counter \([0-9]*\)$/\1 \2 \3 \4/p' <<<"$output")
	[ "$n" -eq 3 ]
	grep -Eqx "generation 0: PID $shell, PPID [0-9]+, counter 0" <<<"$output"
	narrated "prctl\(PR_SET_PDEATHSIG, SIGKILL\) = 0"
	clean
	fd 'fork-demo --tree 5'
	[ "$(grep -c '^generation [1-9]: PID' <<<"$output")" -eq 5 ]
	line "status 0"
	clean
}

@test "--zombie: state Z in /proc while the parent waits late, then gone" {
	fd 'fork-demo --zombie'
	line "status 0"
	local shell=$SHELL_PID child
	child=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" <<<"$stderr")
	[ -n "$child" ]
	line "kernel: /proc/$child/stat: state Z (zombie: exited, not yet reaped), PPID $shell"
	line "kernel: /proc/$child: gone, waitpid reaped the zombie"
	narrated "^\[$shell\] kill\($child, 0\) = 0 "
	narrated "^\[$shell\] kill\($child, 0\) = -1 ESRCH"
	clean
}

@test "--zombie seen independently: /proc/PID/stat says Z during the demo, and the PID goes" {
	"$LABSH" -c 'fork-demo --zombie --slow 400' >out 2>err &
	local shell=$! child= i s seen=
	STARTED+=("$shell")
	for i in $(seq 200); do
		child=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" err)
		[ -n "$child" ] && break
		sleep 0.05
	done
	[ -n "$child" ] || { cat err; false; }
	for i in $(seq 400); do
		s=$(state "$child")
		[ "$s" = Z ] && { seen=1; break; }
		[ -z "$s" ] && break
		sleep 0.025
	done
	[ -n "$seen" ] || { echo "never saw $child in state Z"; cat err; false; }
	# its parent is the shell, which has not waited yet
	grep -q "^PPid:[[:space:]]*$shell\$" "/proc/$child/status"
	wait "$shell"
	[ -z "$(state "$child")" ]
	grep -q "^kernel: /proc/$child: gone" out
	rundir_empty
}

@test "--orphan: the grandchild's new parent is not the middle child that died" {
	fd 'fork-demo --orphan'
	line "status 0"
	local shell=$SHELL_PID middle grand new
	middle=$(sed -n 's/^middle child: PID \([0-9]*\), PPID.*/\1/p' <<<"$output")
	grand=$(sed -n 's/^grandchild: PID \([0-9]*\), PPID.*/\1/p' <<<"$output")
	[ -n "$middle" ] && [ -n "$grand" ]
	line "middle child: PID $middle, PPID $shell"
	line "grandchild: PID $grand, PPID $middle"
	line "kernel: /proc/$grand/stat: PPID $middle, the middle child"
	new=$(sed -n "s/^kernel: \/proc\/$grand\/stat: PPID \([0-9]*\) (.*), no longer $middle: the orphan was adopted\$/\1/p" <<<"$output")
	[ -n "$new" ] && [ "$new" != "$middle" ]
	# the grandchild saw the same parent with getppid()
	line "grandchild: PPID was $middle, now $new"
	narrated "^\[$grand\] getppid\(\) = $new "
	[[ $output == *"note: adopted by "* ]]
	ended "$grand"
	clean
}

@test "--cow: the child's change is not seen by the parent, at the same virtual address" {
	fd 'fork-demo --cow'
	line "status 0"
	local before child after
	before=$(sed -n 's/^parent: value = 1 at \(0x[0-9a-f]*\)$/\1/p' <<<"$output")
	child=$(sed -n 's/^child: value = 42 at \(0x[0-9a-f]*\) .*/\1/p' <<<"$output")
	after=$(sed -n 's/^parent: value = 1 at \(0x[0-9a-f]*\) (unchanged.*/\1/p' <<<"$output")
	[ -n "$before" ] && [ "$before" = "$child" ] && [ "$child" = "$after" ]
	clean
}

@test "--shared-offset: the child's write moves the parent's offset; the file holds three lines in order" {
	fd 'fork-demo --shared-offset'
	line "status 0"
	local shell=$SHELL_PID child l1 l2 path
	child=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" <<<"$stderr")
	l1="1 parent $shell, before fork"
	l2="2 child $child, after fork"
	local off1=$((${#l1} + 1)) off2=$((${#l1} + ${#l2} + 2))
	line "parent: offset $off1 before fork"
	line "child: offset $off1, inherited"
	line "child: offset $off2 after its write"
	line "parent: offset $off2 after the child's write (was $off1)"
	narrated "^\[$child\] lseek\(3, 0, SEEK_CUR\) = $off1 " ||
		narrated "^\[$child\] lseek\([0-9]+, 0, SEEK_CUR\) = $off1 "
	path=$(sed -n 's/^file \(.*\):$/\1/p' <<<"$output")
	[[ $path == "$XDG_RUNTIME_DIR"/labsh/* ]]
	# the content, just after the "file" line
	[ "$(grep -A3 '^file ' <<<"$output" | tail -n 3)" = "$l1
$l2
3 parent $shell, after wait" ]
	[ ! -e "$path" ]
	narrated "unlink\(\"$path\"\) = 0"
	clean
}

@test "--status: exited, signalled, stopped, continued, and WNOHANG polling" {
	fd 'fork-demo --status'
	line "status 0"
	grep -Eq '^status: child [0-9]+: WIFEXITED true, WEXITSTATUS 3$' <<<"$output"
	grep -Eq '^status: child [0-9]+: WIFEXITED false, WIFSIGNALED true, WTERMSIG 15 \(SIGTERM\)$' <<<"$output"
	grep -Eq '^status: child [0-9]+: WIFSTOPPED true, WSTOPSIG 19 \(SIGSTOP\)$' <<<"$output"
	grep -Eq '^kernel: /proc/[0-9]+/stat: state T \(stopped\)$' <<<"$output"
	grep -Eq '^status: child [0-9]+: WIFCONTINUED true$' <<<"$output"
	grep -Eq '^status: child [0-9]+: WIFSIGNALED true, WTERMSIG 9 \(SIGKILL\)$' <<<"$output"
	grep -Eq '^status: child [0-9]+: WNOHANG returned 0 [1-9][0-9]* times, then WIFEXITED true, WEXITSTATUS 0$' <<<"$output"
	narrated 'waitpid\([0-9]+, &status, WUNTRACED\) = [0-9]+ +stopped by SIGSTOP$'
	narrated 'waitpid\([0-9]+, &status, WCONTINUED\) = [0-9]+ +continued$'
	narrated 'waitpid\([0-9]+, &status, WNOHANG\) = 0 '
	clean
}

@test "--exec runs a program in the child: execve narrated with its path, the status reported" {
	fd 'fork-demo --exec echo hello from exec'
	line "status 0"
	line "hello from exec"
	local shell=$SHELL_PID child
	child=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" <<<"$stderr")
	narrated "^\[$child\] execve\(\"/[^\"]*/echo\", \[\"echo\", \"hello\", \"from\", \"exec\"\], envp\)"
	line "parent: child $child exited with status 0 (WIFEXITED, WEXITSTATUS)"
	clean
}

@test "--exec of a missing program: ENOENT and its hint from the child, 127 reported, status 1" {
	fd 'fork-demo --exec nosuch-program-4217 arg'
	line "status 1"
	local shell=$SHELL_PID child
	child=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" <<<"$stderr")
	narrated "^\[$child\] execvp\(\"nosuch-program-4217\", .*\) = -1 ENOENT"
	grep -qx 'labsh: fork-demo: nosuch-program-4217: No such file or directory' <<<"$stderr"
	grep -q '^hint: ENOENT: ' <<<"$stderr"
	line "parent: child $child exited with status 127 (WIFEXITED, WEXITSTATUS)"
	clean
}

@test "--exec of a file that is not executable: EACCES, its hint, 126" {
	[ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null || skip "root, and no setpriv"
	printf 'echo hi\n' >notexec
	chmod 644 notexec
	fd 'fork-demo --exec ./notexec'
	line "status 1"
	grep -qx 'labsh: fork-demo: ./notexec: Permission denied' <<<"$stderr"
	grep -q '^hint: EACCES: ' <<<"$stderr"
	grep -Eq '^parent: child [0-9]+ exited with status 126 ' <<<"$output"
	clean
}

@test "--daemon: a daemon with no terminal whose log grows; --stop kills it" {
	"$LABSH" -c 'fork-demo --daemon; echo "status $?"; read -r go <go.fifo
		fork-demo --daemon --stop; echo "status $?"' >out 2>err &
	local shell=$! pid= i log n1 n2
	STARTED+=("$shell")
	mkfifo go.fifo
	for i in $(seq 200); do
		grep -q '^status ' out && break
		sleep 0.05
	done
	pid=$(sed -n 's/^daemon: PID \([0-9]*\), PPID.*/\1/p' out)
	[ -n "$pid" ] || { cat out err; false; }
	STARTED+=("$pid")
	grep -qx 'status 0' out
	# the kernel's view: running, not the shell's child, no terminal,
	# its own session (not led by it)
	[ -d "/proc/$pid" ]
	[ "$(state "$pid")" != Z ]
	! grep -q "^PPid:[[:space:]]*$shell\$" "/proc/$pid/status"
	read -r -a f < <(sed 's/^[0-9]* (.*) //' "/proc/$pid/stat")
	# after the comm: state ppid pgrp session tty_nr
	[ "${f[4]}" = 0 ]
	[ "${f[3]}" != "$pid" ]
	grep -q "^daemon: tty_nr 0 in /proc/$pid/stat: no controlling terminal\$" out
	grep -q "^daemon: SID ${f[3]}, " out
	# it holds no descriptor of the test: 0-2 on /dev/null, and its log
	[ "$(readlink "/proc/$pid/fd/1")" = /dev/null ]
	log=$(sed -n 's/^daemon: log \(.*\), a heartbeat line every second$/\1/p' out)
	[ "$log" = "$XDG_RUNTIME_DIR/labsh/fork-demo-daemon.$pid.log" ]
	n1=$(wc -l <"$log")
	sleep 2.2
	n2=$(wc -l <"$log")
	[ "$n2" -gt "$n1" ] || { echo "the log did not grow: $n1 $n2"; false; }
	grep -q "^heartbeat [0-9]*: PID $pid, " "$log"
	# --stop, in the same shell
	echo go >go.fifo
	wait "$shell"
	rm go.fifo
	grep -q "^daemon $pid: stopped, $log removed\$" out
	[ "$(tail -n 1 out)" = "status 0" ]
	grep -Eq "^\[$shell\] kill\($pid, SIGKILL\) = 0 +--stop: the daemon of this shell ends\$" err
	ended "$pid"
	[ ! -e "$log" ]
	rundir_empty
}

@test "--daemon: the shell's exit kills the daemon and removes its log" {
	run --separate-stderr timeout 30 "$LABSH" -c 'fork-demo --daemon --quiet'
	[ "$status" -eq 0 ]
	local pid
	pid=$(sed -n 's/^daemon: PID \([0-9]*\), PPID.*/\1/p' <<<"$output")
	[ -n "$pid" ]
	STARTED+=("$pid")
	# killed by the shell as it exited, not a second later by itself
	[ -z "$(state "$pid")" ] || [ "$(state "$pid")" = Z ]
	grep -Eq "^\[[0-9]+\] kill\($pid, SIGKILL\) = 0 +cleanup: left behind, removed now" <<<"$stderr"
	[ ! -e "$XDG_RUNTIME_DIR/labsh/fork-demo-daemon.$pid.log" ]
	rundir_empty
	fd 'fork-demo --daemon --stop'
	line "no daemon of this shell to stop"
	line "status 0"
	clean
}

@test "--daemon interrupted half-way (SIGTERM to the script): no daemon and no log survive" {
	"$LABSH" -c 'fork-demo --daemon --slow 300; echo after' >out 2>err &
	local shell=$! i st=0 p pids
	STARTED+=("$shell")
	# the first child has forked the daemon, which has not reported yet
	for i in $(seq 300); do
		grep -q 'the session leader leaves' err && break
		sleep 0.05
	done
	grep -q 'the session leader leaves' err || { cat err; false; }
	kill -TERM "$shell"
	wait "$shell" || st=$?
	[ "$st" -eq 143 ]
	[[ $(cat out) != *after* ]]
	pids=$(sed -n 's/^.*\] fork() = \([1-9][0-9]*\) .*/\1/p' err)
	[ "$(wc -w <<<"$pids")" -eq 2 ]
	for p in $pids; do
		s=$(state "$p")
		[ -z "$s" ] || [ "$s" = Z ] || { echo "$p still running"; cat err; false; }
	done
	rundir_empty
}

@test "bad numbers and options: usage error with the range, status 2, nothing created" {
	local args msg
	while IFS='|' read -r args msg; do
		fd "fork-demo $args"
		line "status 2" || { echo "fork-demo $args"; false; }
		[ "${stderr_lines[0]}" = "labsh: fork-demo: $msg" ] || { echo "$args: ${stderr_lines[0]}"; false; }
		[[ ${stderr_lines[1]} == "usage: fork-demo "* ]]
		[[ $stderr != *"fork()"* ]]
		[ "$(grep -vc -e '^shell ' -e '^status ' -e '^checked$' <<<"$output")" -eq 0 ]
		clean
	done <<-'EOF'
	-n 0|-n: 0: the number of children must be 1 to 64
	-n 65|-n: 65: the number of children must be 1 to 64
	-n abc|-n: abc: the number of children must be 1 to 64
	-n 3x|-n: 3x: the number of children must be 1 to 64
	--tree 0|--tree: 0: the depth must be 1 to 8
	--tree 9|--tree: 9: the depth must be 1 to 8
	--tree=-1|--tree: -1: the depth must be 1 to 8
	--bogus|--bogus: invalid option
	-z|-z: invalid option
	-n|-n: an argument is required
	--exec|--exec: a command to run is required
	--zombie --cow|--zombie and --cow: one demo at a time
	--stop|--stop: only with --daemon
	extra|extra: unexpected argument
	EOF
}

@test "fork failing with EAGAIN: the error, its hint, status 1, the children reaped" {
	command -v setpriv >/dev/null && command -v prlimit >/dev/null ||
		skip "needs setpriv and prlimit"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change to another user"
	# nobody: a user with (almost) no processes, limited to 4 of them
	ps -u 65534 -o pid= 2>/dev/null | grep -q . && skip "user 65534 has processes"
	cd /
	run --separate-stderr timeout 30 setpriv --reuid=65534 --regid=65534 --clear-groups \
		prlimit --nproc=4 "$LABSH" -c "fork-demo -n 10; echo status \$?; $LEFT"
	grep -qx 'status 1' <<<"$output"
	grep -qx 'labsh: fork-demo: fork: Resource temporarily unavailable' <<<"$stderr"
	grep -q '^hint: EAGAIN: ' <<<"$stderr"
	grep -Eq '^\[[0-9]+\] fork\(\) = -1 EAGAIN' <<<"$stderr"
	# the ones that were made were reaped
	[ "$(grep -c 'exited with status' <<<"$output")" -ge 1 ]
	[[ $output == *checked* && $output != *"left: "* ]]
}

@test "Ctrl-C during --tree --slow: a fresh prompt with 130, no generation left" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send fork-demo --tree 3 --slow 1000\r
	match generation 2: PID
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ptree $$\r
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	local pids p
	pids=$(screen_text | sed -n 's/^.*\] fork() = \([1-9][0-9]*\) .*/\1/p')
	[ -n "$pids" ]
	for p in $pids; do
		ended "$p"
	done
	# ptree $$ showed the shell alone
	[[ $(screen_text) == *"PID    PPID"* ]]
	[[ $(screen_text | sed -n '/ptree/,$p') != *'\_ '* ]]
	rundir_empty
}
