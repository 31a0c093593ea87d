#!/usr/bin/env bats
# teach.bats - the options every teaching builtin shares (teach.h): --quiet,
# --slow MS, --step, and the clean end on Ctrl-C and on SIGTERM in a
# script.  They are exercised through fork-demo, whose children make the
# "nothing left behind" checks meaningful.

load lib/helpers

# state PID: the state letter of /proc/PID/stat, empty if gone.
state() {
	sed 's/^[0-9]* (.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null || true
}

# not_running PID...: each is gone or a zombie, right now.
not_running() {
	local p s
	for p in "$@"; do
		s=$(state "$p")
		[ -z "$s" ] || [ "$s" = Z ] || { echo "$p is still running: state $s"; return 1; }
	done
}

# children_of PID: the PIDs whose parent is PID, from /proc.
children_of() {
	grep -ls "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status | cut -d/ -f3 || true
}

# now: seconds since the epoch, with a fraction.
now() {
	date +%s.%N
}

# A pty session driven step by step: the script goes through a FIFO, so
# the test can look at /proc while the shell still runs.  ptydrive copies
# the terminal's output to ./transcript whenever a step reads it.
pty_start() {
	mkfifo script.fifo
	PTY_TIMEOUT=30 pty -- --norc <script.fifo >transcript 2>pty.err &
	PTY_PID=$!
	STARTED+=("$PTY_PID")
	exec {PTY_FD}>script.fifo
}
pty_say() {
	printf '%s\n' "$@" >&"$PTY_FD"
}
# pty_await ERE: the transcript matches ERE (20 s at most).
pty_await() {
	local i
	for i in $(seq 200); do
		transcript | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	echo "never saw: $1"
	transcript | tail -n 20
	return 1
}
pty_finish() {
	pty_say 'send exit 0\r' wait
	exec {PTY_FD}>&-
	wait "$PTY_PID"
}
transcript() {
	sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\r//g' transcript
}

@test "--quiet: the results, and not one line of narration" {
	run --separate-stderr timeout 30 "$LABSH" -c 'fork-demo --quiet -n 2; echo "status $?"'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ] || { echo "narrated: $stderr"; false; }
	grep -Eq '^parent: PID [0-9]+, PPID [0-9]+$' <<<"$output"
	grep -Eq '^child 1: PID [0-9]+, PPID [0-9]+$' <<<"$output"
	grep -Eq '^child 2: PID [0-9]+, PPID [0-9]+$' <<<"$output"
	[ "$(grep -c 'exited with status' <<<"$output")" -eq 2 ]
	[ "${lines[-1]}" = "status 0" ]
	# without --quiet the same demo narrates
	run --separate-stderr timeout 30 "$LABSH" -c 'fork-demo -n 2'
	grep -Eq '^\[[0-9]+\] fork\(\) = [0-9]+ ' <<<"$stderr"
	rundir_empty
}

@test "--slow 300: the demo takes at least its pauses" {
	local t0 t1
	t0=$(now)
	run --separate-stderr timeout 60 "$LABSH" -c 'fork-demo --slow 300 -n 1'
	t1=$(now)
	[ "$status" -eq 0 ]
	# 8 narrated lines, of which at least 7 follow one another:
	# getpid, getppid, fork, then the child's 4, then waitpid
	[ "$(grep -c '^\[[0-9]*\] ' <<<"$stderr")" -eq 8 ]
	awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 2.0) }' ||
		{ echo "took $t0 .. $t1"; false; }
	# --slow=MS is the same option
	run --separate-stderr timeout 60 "$LABSH" -c 'fork-demo --slow=0 -n 1'
	[ "$status" -eq 0 ]
}

@test "--slow with a bad value: usage error, status 2, nothing started" {
	local v
	for v in abc -1 60001 1.5 ''; do
		run --separate-stderr timeout 30 "$LABSH" -c "fork-demo --slow '$v' -n 1"
		[ "$status" -eq 2 ] || { echo "--slow '$v': status $status"; false; }
		[ "${stderr_lines[0]}" = "labsh: fork-demo: --slow: $v: not a number of milliseconds (0 to 60000)" ]
		[[ ${stderr_lines[1]} == "usage: fork-demo "* ]]
		[ -z "$output" ]
		[[ $stderr != *"fork()"* ]]
	done
	run --separate-stderr timeout 30 "$LABSH" -c 'fork-demo -n 1 --slow'
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "labsh: fork-demo: --slow: a number of milliseconds is required" ]
	rundir_empty
}

@test "--step on a terminal: waits after each call; Enter goes on; q stops with 130, no child left" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send fork-demo --step -n 1\r
	expect -- step: Enter for the next call, q to stop --
	sleep 800
	send go1\r
	expect -- step: Enter for the next call, q to stop --
	send go2\r
	match fork\(\) = [0-9]+
	expect -- step: Enter for the next call, q to stop --
	sleep 300
	send q\r
	match labsh\[[0-9]+\] 130[$#] $
	send ptree $$\r
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	local text shell child
	text=$(screen_text)
	shell=$(grep -m1 -o 'labsh\[[0-9]*\]' <<<"$text" | tr -dc 0-9)
	# the first pause: after getpid, and nothing more until go1 was typed
	[ "$(sed -n '/fork-demo --step/,/go1/p' <<<"$text" | grep -c '^\[[0-9]*\] ')" -eq 1 ] ||
		{ sed -n '/fork-demo --step/,/go1/p' <<<"$text"; false; }
	grep -Eq "^\[$shell\] getpid\(\) = $shell " <<<"$text"
	# Enter went on: getppid came after go1
	sed -n '/go1/,$p' <<<"$text" | grep -Eq "^\[$shell\] getppid\(\) = "
	# q stopped it: the child was reaped by the cleanup, no waitpid of the demo's
	child=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" <<<"$text")
	[ -n "$child" ]
	[[ $text != *"parent: child $child exited"* ]]
	# ptree $$ showed the shell alone, and the child is gone
	[[ $(sed -n '/ptree/,$p' <<<"$text") == *"PID    PPID"* ]]
	[[ $(sed -n '/ptree/,$p' <<<"$text") != *'\_ '* ]]
	[ -z "$(state "$child")" ]
	rundir_empty
}

@test "--step when standard input is not a terminal: no pause" {
	mkfifo in.fifo
	exec 5<>in.fifo		# a reader that would wait forever
	run --separate-stderr timeout 20 "$LABSH" -c 'fork-demo --step -n 1' <in.fifo
	exec 5>&-
	[ "$status" -eq 0 ]
	[[ $stderr != *"-- step:"* ]]
	[ "$(grep -c '^\[[0-9]*\] ' <<<"$stderr")" -eq 8 ]
	grep -q 'exited with status 1' <<<"$output"
}

@test "Ctrl-C during fork-demo --slow 1000 -n 3: prompt with 130, children cleaned up, none left" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	pty_start
	pty_say 'match labsh\[[0-9]+\][$#] $' \
		'send fork-demo --slow 1000 -n 3\r' \
		'match child 1: PID [0-9]+'
	pty_await 'child 1: PID [0-9]+'
	local shell kids p
	shell=$(transcript | grep -m1 -o 'labsh\[[0-9]*\]' | tr -dc 0-9)
	[ -n "$shell" ]
	# the demo's children are there, children of the shell
	[ -n "$(children_of "$shell")" ]
	pty_say 'send \^C' 'match labsh\[[0-9]+\] 130[$#] $'
	pty_await "labsh\[$shell\] 130[\$#] \$"
	# the kernel's view, while the shell still runs: no child at all
	[ -z "$(children_of "$shell")" ] || { echo "left: $(children_of "$shell")"; false; }
	kids=$(transcript | sed -n "s/^.*\[$shell\] fork() = \([0-9]*\) .*/\1/p")
	[ -n "$kids" ]
	not_running $kids
	# the cleanup was narrated for the children still there
	transcript | grep -Eq "\[$shell\] kill\([0-9]+, SIGKILL\) = 0 +cleanup: left behind, removed now"
	# and the shell is still usable
	pty_say 'send echo alive-$((40 + 2))\r' 'expect alive-42'
	pty_await 'alive-42'
	pty_finish
	rundir_empty
}

@test "SIGTERM to a script during a demo: children killed, the shell dies with 143, nothing after" {
	"$LABSH" -c 'fork-demo --slow 1000 -n 3; echo after' >out 2>err &
	local shell=$! i kids st=0
	STARTED+=("$shell")
	# wait for all three forks (the first child lives about 4 s)
	for i in $(seq 200); do
		[ "$(grep -c "^\[$shell\] fork() = [0-9]" err)" -ge 3 ] && break
		sleep 0.05
	done
	kids=$(sed -n "s/^\[$shell\] fork() = \([0-9]*\) .*/\1/p" err)
	[ "$(wc -w <<<"$kids")" -eq 3 ] || { cat err; false; }
	kill -TERM "$shell"
	wait "$shell" || st=$?
	[ "$st" -eq 143 ] || { echo "status $st"; cat err; false; }
	# at once, not when they would have ended by themselves
	not_running $kids
	[[ $(cat out) != *after* ]]
	grep -Eq "^\[$shell\] kill\([0-9]+, SIGKILL\) = 0 +cleanup: left behind, removed now" err
	rundir_empty
}

# The fds of process PID, as "N -> target" lines, without the listing's own.
fd_table() {
	local f
	for f in /proc/"$1"/fd/*; do
		printf '%s -> %s\n' "${f##*/}" "$(readlink "$f")"
	done
}

@test "after each teaching builtin the shell holds the fds it held before, and a child sees only 0, 1, 2" {
	# One demo per builtin, quiet and quick; after each, the shell's own
	# fd table (read by a child from /proc/\$\$) and a child's own.
	cat >script <<-'EOF2'
	# ls runs while the shell only waits for it: inside $( ) it could see
	# the shell still holding the write end of the substitution's pipe
	table() { ls /proc/$$/fd >fds.list; sort -n fds.list | tr '\n' ' '; }
	table >fds.before
	before=$(cat fds.before)
	check() {
		table >fds.now
		now=$(cat fds.now)
		[ "$now" = "$before" ] || echo "after $1: shell fds: $now (were $before)"
		kid=$(ls /proc/self/fd | sort -n | tr '\n' ' ')
		# ls itself holds one fd on /proc/self/fd
		case $kid in "0 1 2 3 "|"0 1 2 ") ;; *) echo "after $1: a child has: $kid" ;; esac
	}
	fork-demo --quiet >/dev/null; check fork-demo
	fork-demo --quiet --shared-offset >/dev/null; check fork-demo--shared-offset
	thread --quiet -n 2 --iterations 1000 >/dev/null; check thread
	trap --quiet --demo signalfd >/dev/null; check trap
	pipe --quiet >/dev/null; check pipe
	pipe --quiet --capacity >/dev/null; check pipe--capacity
	mkfifo --quiet --demo >/dev/null; check mkfifo
	shm --quiet --demo >/dev/null; check shm
	shm --quiet --demo --mmap >/dev/null; check shm--mmap
	msgq --quiet --demo >/dev/null; check msgq
	sem --quiet --race 2 --iterations 1000 >/dev/null; check sem
	sock --quiet demo --unix >/dev/null; check sock-unix
	sock --quiet demo --tcp >/dev/null; check sock-tcp
	sock --quiet pair >/dev/null; check sock-pair
	ipc ls >/dev/null; check ipc
	echo done
	EOF2
	run -0 only_std_fds timeout 120 "$LABSH" script
	[ "$output" = done ]
	rundir_empty
}
