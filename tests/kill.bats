#!/usr/bin/env bats
# kill.bats - the kill builtin: signals by PID, %job and -PGID, the signal
# options, -0, -l, -v narration, the errors with their hints, and usage.
#
# Every process a test starts is the shell's own child, reaped by the shell
# (wait), and the script ends with `ptree $$`, which shows that no child is
# left.  Their PIDs also go to ./pids, which teardown kills if a test failed
# half-way.

load lib/helpers

eval "helpers_$(declare -f teardown)"

teardown() {
	local p comm
	if [ -f "$BATS_TEST_TMPDIR/pids" ]; then
		for p in $(cat "$BATS_TEST_TMPDIR/pids"); do
			comm=$(cat "/proc/$p/comm" 2>/dev/null) || continue
			case $comm in sleep | sh) kill -9 "$p" 2>/dev/null || true ;; esac
		done
	fi
	helpers_teardown
}

# alone: the output ends with the table of `ptree $$`, and it shows the
# shell with no child under it (a child's row has \_ before its command).
alone() {
	[[ $output == *"PID    PPID    PGID"* ]] || { echo "no ptree table"; return 1; }
	[[ $output != *'\_ '* ]] || { echo "a child of the shell is left"; return 1; }
}

# labsh_t ARG...: labsh, ended after 30 s, so that a signal that never
# arrives fails the test instead of leaving it waiting for a sleep 3017.
labsh_t() {
	timeout 30 "$LABSH" "$@"
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

@test "kill PID sends SIGTERM: wait gives 143 (128 + 15)" {
	run -0 labsh_t -c 'sleep 3017 & echo $! >>pids
		kill $!; wait $!; echo "status $?"; ptree $$'
	line "status 143"
	alone
}

@test "kill %1 signals the job, with SIGTERM by default" {
	run -0 labsh_t -c 'sleep 3017 & echo $! >>pids
		kill %1; wait %1; echo "status $?"; ptree $$'
	line "status 143"
	alone
}

@test "-s KILL, -KILL, -SIGKILL, -kill, -9 and -n 9 all send SIGKILL: 137" {
	local opt
	for opt in "-s KILL" "-s sigkill" -KILL -SIGKILL -kill -9 "-n 9"; do
		run -0 labsh_t -c "sleep 3017 & echo \$! >>pids
			kill $opt \$!; wait \$!; echo \"status \$?\"; ptree \$\$"
		line "status 137" || { echo "kill $opt"; false; }
		alone
	done
}

@test "kill -STOP stops a process (state T in /proc), kill -CONT continues it" {
	# The kernel's view, read by cut from /proc/PID/stat (field 3 is the
	# state; sleep's name has no blank to shift the fields).
	run -0 labsh_t -c 'sleep 3017 & p=$!; echo $p >>pids
		state() { cut -d" " -f3 /proc/$p/stat; }
		kill -STOP $p
		i=0; until [ "$(state)" = T ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
		echo "after STOP: $(state)"
		kill -CONT $p
		i=0; until [ "$(state)" != T ] || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
		echo "after CONT: $(state)"
		kill $p; wait $p; echo "status $?"; ptree $$'
	line "after STOP: T"
	line "after CONT: S" || line "after CONT: R"
	line "status 143"
	alone
}

@test "kill -0 on a live process succeeds and prints nothing, and sends nothing" {
	run -0 labsh_t -c 'sleep 3017 & p=$!; echo $p >>pids
		kill -0 $p; echo "status $?"
		echo "state $(cut -d" " -f3 /proc/$p/stat)"
		kill $p; wait $p; ptree $$'
	[ "${lines[0]}" = "status 0" ]
	# still sleeping: signal 0 was only a check
	[ "${lines[1]}" = "state S" ] || [ "${lines[1]}" = "state R" ]
	alone
}

@test "kill -0 on a process that has ended fails with ESRCH and its hint" {
	run -0 labsh_t -c 'sleep 3017 & p=$!; echo $p >>pids
		kill -9 $p; wait $p
		echo "pid $p"; kill -0 $p; echo "status $?"'
	local pid=${lines[0]#pid }
	[ "${lines[1]}" = "labsh: kill: $pid: No such process" ]
	[ "${lines[2]}" = "hint: ESRCH: no process has that PID; it may have exited already" ]
	[ "${lines[3]}" = "status 1" ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "kill -v narrates kill(2): [shell PID] kill(PID, SIGTERM) = 0" {
	run -0 labsh_t -c 'sleep 3017 & echo $! >>pids; echo "shell $$ child $!"
		kill -v $!; wait $!; echo "status $?"; ptree $$'
	local shell child
	read -r _ shell _ child <<<"${lines[0]}"
	[ -n "$shell" ] && [ -n "$child" ] && [ "$shell" != "$child" ]
	line "[$shell] kill($child, SIGTERM) = 0"
	line "status 143"
	alone
}

@test "kill -v narrates the failure too, and the signal 0 of -0" {
	run -1 labsh_t -c 'sleep 3017 & p=$!; echo $p >>pids; echo "shell $$ child $p"
		kill -v -0 $p || exit 9
		kill -9 $p; wait $p
		kill -v -0 $p'
	local shell child
	read -r _ shell _ child <<<"${lines[0]}"
	line "[$shell] kill($child, 0) = 0"
	line "[$shell] kill($child, 0) = -1 ESRCH (No such process)"
	line "labsh: kill: $child: No such process"
}

@test "without job control, kill -v %1 calls kill(2) for each process of the job" {
	run -0 labsh_t -c 'sleep 3017 & echo $! >>pids; echo "shell $$ child $!"
		kill -v %1; wait %1; echo "status $?"; ptree $$'
	local shell child
	read -r _ shell _ child <<<"${lines[0]}"
	[[ $output =~ "[$shell] kill($child, SIGTERM) = 0"\ +"process 1 of job 1" ]]
	line "status 143"
	alone
}

@test "with job control, kill -v %1 signals the job's process group with killpg(3)" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 3017 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	send until [ "$(cat /proc/$!/comm)" = sleep ]; do :; done\r
	match labsh\[[0-9]+\][$#] $
	send kill -v %1; wait %1; echo "job status $?"\r
	expect job status 143
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local shell job
	shell=$(screen_text | grep -m1 -o 'labsh\[[0-9]*\]' | tr -dc 0-9)
	job=$(screen_text | sed -n 's/^\[1\] \([0-9]*\)$/\1/p')
	[ -n "$shell" ] && [ -n "$job" ]
	screen_text | grep -Eq "^\[$shell\] killpg\($job, SIGTERM\) = 0 +job 1, every process of group $job\$"
	# The shell reaped it: the process is gone.
	[ ! -e "/proc/$job" ]
}

@test "kill -- -PGID and kill -15 -PGID signal every process of a group" {
	# setsid puts sh in a new session and group, whose ID is its PID; sh
	# starts two sleeps in that group, then ignores SIGTERM itself, writes
	# their PIDs to ./ready and reaps them, reporting how each ended.
	local script='setsid sh -c '\''sleep 3017 & a=$!; sleep 3017 & b=$!; trap "" TERM
		echo "$a $b" >ready; wait $a; echo "member $a status $?"; wait $b; echo "member $b status $?"'\'' 2>/dev/null &
	g=$!; echo $g >>pids; echo "shell $$ leader $g"
	i=0; until [ -s ready ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done
	cat ready >>pids
	echo "group of leader: $(cut -d" " -f5 /proc/$g/stat)"
	for p in $(cat ready); do echo "group of member: $(cut -d" " -f5 /proc/$p/stat)"; done
	KILL -v'
	local form shell leader
	for form in "--" "-15"; do
		rm -f "$BATS_TEST_TMPDIR/ready"
		run -0 labsh_t -c "${script/KILL/kill} $form -\$g; wait \$g; echo \"leader status \$?\"; ptree \$\$"
		read -r _ shell _ leader <<<"${lines[0]}"
		line "group of leader: $leader"
		[ "$(grep -c "^group of member: $leader\$" <<<"$output")" -eq 2 ]
		[[ $output =~ "[$shell] kill(-$leader, SIGTERM) = 0"\ +"the whole process group" ]]
		# both members died of SIGTERM; the leader ignored it and exited 0
		[ "$(grep -c '^member [0-9]* status 143$' <<<"$output")" -eq 2 ]
		line "leader status 0"
		alone
	done
}

@test "EPERM: a process of another user cannot be signalled; the hint says why" {
	if [ "$(id -u)" -eq 0 ]; then
		# As root every kill(2) is allowed: drop to nobody to try one.
		command -v setpriv >/dev/null || skip "running as root, and no setpriv to drop privileges"
		local as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		(cd / && "${as_nobody[@]}" "$LABSH" -c true) 2>/dev/null ||
			skip "running as root, and user 65534 cannot run $LABSH"
		sleep 3017 3>&- &
		local pid=$!
		echo "$pid" >>"$BATS_TEST_TMPDIR/pids"
		run -0 bash -c 'cd / && exec "$@"' as_nobody "${as_nobody[@]}" \
			"$LABSH" -c "kill -v -0 $pid; echo \"status \$?\""
		kill "$pid"
		wait "$pid" || true
	else
		local pid=1
		[ "$(stat -c %u /proc/1)" != "$(id -u)" ] || skip "no process of another user (PID 1 is ours)"
		run -0 "$LABSH" -c "kill -v -0 $pid; echo \"status \$?\""
	fi
	[[ ${lines[0]} =~ ^\[[0-9]+\]\ kill\($pid,\ 0\)\ =\ -1\ EPERM\ \(Operation\ not\ permitted\)$ ]]
	[ "${lines[1]}" = "labsh: kill: $pid: Operation not permitted" ]
	[ "${lines[2]}" = "hint: EPERM: the process is not yours; only its owner or root may signal it" ]
	[ "${lines[3]}" = "status 1" ]
}

@test "an unknown signal is refused before any call: invalid signal, EINVAL hint, status 1" {
	local opt
	for opt in -FOO "-s FOO" "-n 99" -SIGFOO; do
		run -0 labsh_t -c "sleep 3017 & p=\$!; echo \$p >>pids
			kill $opt \$p; echo \"status \$?\"
			echo \"state \$(cut -d' ' -f3 /proc/\$p/stat)\"
			kill \$p; wait \$p; ptree \$\$"
		local name=${opt##* }
		name=${name#-}
		[ "${lines[0]}" = "labsh: kill: $name: invalid signal" ] || { echo "kill $opt"; false; }
		[ "${lines[1]}" = "hint: EINVAL: 'kill -l' lists the signals by number and name" ]
		[ "${lines[2]}" = "status 1" ]
		# the process got nothing
		[ "${lines[3]}" = "state S" ] || [ "${lines[3]}" = "state R" ]
		alone
	done
}

@test "kill -l lists the signals by number and name" {
	run -0 "$LABSH" -c 'kill -l'
	[[ $output =~ (^|[[:space:]])"15) SIGTERM"[[:space:]] ]]
	[[ $output =~ (^|[[:space:]])" 9) SIGKILL"[[:space:]] ]]
	[[ $output =~ (^|[[:space:]])" 2) SIGINT"[[:space:]] ]]
	# as many entries as the system's kill -l has numbers (1 to NSIG-1)
	[ "$(grep -o '[0-9]*) SIG' <<<"$output" | wc -l)" -ge 31 ]
}

@test "kill -l N names a signal, and an exit status 128+N its signal" {
	run -0 "$LABSH" -c 'kill -l 15; kill -l 143; kill -l 9 137; kill -l TERM; kill -l SIGKILL'
	[ "$output" = $'TERM\nTERM\nKILL\nKILL\n15\n9' ]
	run -0 labsh_t -c 'sleep 3017 & echo $! >>pids; kill -9 $!; wait $!; kill -l $?'
	[ "$output" = KILL ]
	run -1 "$LABSH" -c 'kill -l 99'
	[ "$output" = "labsh: kill: 99: invalid signal number" ]
	run -1 "$LABSH" -c 'kill -l NOPE'
	[ "$output" = "labsh: kill: NOPE: invalid signal name" ]
}

@test "kill -l names no signal RTMIN+-2: 32 and 33 are not RTMIN+n" {
	run -0 "$LABSH" -c 'kill -l'
	[[ $output != *"+-"* ]]
	run "$LABSH" -c 'kill -l 32'
	[[ $output != *"+-"* ]]
}

@test "usage errors: status 2 and the synopsis" {
	local usage
	usage=$("$LABSH" -c 'help kill' | sed -n 2p)
	[[ $usage == "usage: kill "* ]]
	run -2 "$LABSH" -c 'kill'
	[ "${lines[0]}" = "labsh: kill: a PID, -PGID or %job is required" ]
	[ "${lines[1]}" = "$usage" ]
	run -2 "$LABSH" -c 'kill -9'
	[ "${lines[0]}" = "labsh: kill: a PID, -PGID or %job is required" ]
	run -2 "$LABSH" -c 'kill -s'
	[ "${lines[0]}" = "labsh: kill: -s: a signal is required" ]
	run "$LABSH" -c 'kill abc'
	[ "${lines[0]}" = "labsh: kill: abc: not a PID, -PGID or %job" ]
	[ "${lines[1]}" = "$usage" ]
}

@test "an operand that is not a PID, -PGID or %job is a usage error: status 2" {
	run -2 "$LABSH" -c 'kill abc'
	run -2 labsh_t -c 'sleep 3017 & echo $! >>pids; kill $! abc; s=$?; wait; exit $s'
}

@test "kill %9: no such job, status 1; %% and %- without jobs" {
	run -0 "$LABSH" -c 'kill %9; echo "status $?"'
	[ "$output" = $'labsh: kill: %9: no such job\nstatus 1' ]
	run -1 "$LABSH" -c 'kill %%'
	[ "$output" = "labsh: kill: %%: no current job" ]
	run -1 "$LABSH" -c 'kill %-'
	[ "$output" = "labsh: kill: %-: no previous job" ]
}

@test "job specs %?string, %string, %- and an ambiguous %string" {
	# %- is job 1 only while job 2, the current job, is in the table.
	run -0 labsh_t -c 'sleep 3017 & echo $! >>pids; sleep 3018 & echo $! >>pids
		kill %sleep; echo "ambiguous $?"
		kill %-; wait %1; echo "job 1 $?"
		kill %?3018; wait %2; echo "job 2 $?"; ptree $$'
	line "labsh: kill: %sleep: ambiguous job spec"
	line "ambiguous 1"
	line "job 2 143"
	line "job 1 143"
	alone
}

@test "kill %1 of a job that has ended fails: nothing was signalled" {
	# Waiting for job 2 reaps job 1 too (waitpid(-1)), which stays in the
	# table, Done, until it is reported.
	run -0 labsh_t -c 'true & p=$!; sleep 0.3 & wait $!
		[ -e /proc/$p ] || echo "job 1 reaped"
		kill %1; echo "status $?"'
	[ "${lines[0]}" = "job 1 reaped" ]
	[[ ${lines[1]} =~ ^"labsh: kill: %1: "("no such job"|"No such process")$ ]]
	line "status 1"
}

@test "kill -0 0 checks the shell's own process group, as POSIX says" {
	run -0 "$LABSH" -c 'kill -0 0; echo "status $?"'
	[ "$output" = "status 0" ]
}
