#!/usr/bin/env bats
# thread.bats - the thread teaching builtin: real TIDs that /proc lists,
# the lost updates of a race, an exact count under a mutex, values through
# pthread_join, detached and cancelled threads, bad numbers, EAGAIN, and
# Ctrl-C on a real pseudo-terminal, after which the shell has one task.

load lib/helpers

# created_tids TEXT: the TIDs the narration of pthread_create gives, in order.
created_tids() {
	sed -n 's/.*pthread_create(&t[0-9]*, .*) = 0 *thread [0-9]*, TID \([0-9]*\)$/\1/p' <<<"$1"
}

@test "each thread has its own TID, narrated and listed in /proc/PID/task" {
	run -0 --separate-stderr "$LABSH" -c 'thread -n 3 --iterations 1000'
	local tids listed pid
	tids=$(created_tids "$stderr")
	[ "$(wc -l <<<"$tids")" -eq 3 ]
	# distinct
	[ "$(sort -u <<<"$tids" | wc -l)" -eq 3 ]
	# gettid in each thread gave the same TID
	for t in $tids; do
		[[ $stderr == *"gettid() = $t "*"called by thread "* ]]
	done
	# The main thread's TID is the PID of every narration line.
	pid=$(sed -n '1s/^\[\([0-9]*\)\].*/\1/p' <<<"$stderr")
	[[ $stderr == *"[$pid] gettid() = $pid "*"main thread"* ]]
	for t in $tids; do [ "$t" != "$pid" ]; done
	# The listing of /proc/PID/task: the main thread and the three.
	[[ $output == *"/proc/$pid/task, the kernel's tasks"* ]]
	listed=$(sed -n 's/^  TID \([0-9]*\) *thread [0-9].*/\1/p' <<<"$output" | sort)
	[ "$listed" = "$(sort <<<"$tids")" ]
	grep -q "^  TID $pid  *main thread" <<<"$output"
	[ "$(grep -c '^  TID ' <<<"$output")" -eq 4 ]
}

@test "the TIDs narrated are the kernel's: /proc/PID/task seen from outside" {
	"$LABSH" -c 'thread -n 3 --mutex --iterations 1000 --slow 300' >out 2>err &
	local pid=$! seen="" i now
	STARTED+=("$pid")
	# Poll while the demo runs: the three threads and the main one.
	for i in $(seq 200); do
		now=$(ls "/proc/$pid/task" 2>/dev/null | sort -n | tr '\n' ' ')
		[ "$(wc -w <<<"$now")" -eq 4 ] && { seen=$now; break; }
		sleep 0.05
	done
	wait "$pid"
	[ -n "$seen" ] || { echo "never saw 4 tasks"; false; }
	[ "$(printf '%s\n' $pid $(created_tids "$(cat err)") | sort -n | tr '\n' ' ')" = "$seen" ]
	grep -q "^\[$pid\] pthread_create" err
}

@test "--race loses updates at the default size (statistical: up to 3 runs)" {
	local try lost=0
	for try in 1 2 3; do
		run -0 --separate-stderr "$LABSH" -c 'thread --race'
		[[ $output =~ expected\ 4000000,\ observed\ ([0-9]+):\ ([0-9]+)\ updates\ lost ]]
		[ $((4000000 - BASH_REMATCH[1])) -eq "${BASH_REMATCH[2]}" ]
		lost=${BASH_REMATCH[2]}
		[ "$lost" -gt 0 ] && break
	done
	[ "$lost" -gt 0 ]
	[[ $output == *"load, an add and a store"* ]]
	# four threads were created and joined
	[ "$(grep -c 'pthread_create(.*) = 0' <<<"$stderr")" -eq 4 ]
	[ "$(grep -c 'pthread_join(.*) = 0' <<<"$stderr")" -eq 4 ]
	# the default is the race
	run -0 --separate-stderr "$LABSH" -c 'thread -n 2 --iterations 10'
	[[ $output == *"expected 20, observed "* ]]
}

@test "--mutex is exact, and each thread's lock calls are told" {
	run -0 --separate-stderr "$LABSH" -c 'thread --mutex -n 4 --iterations 200000'
	[[ $output == *"expected 800000, observed 800000: exact"* ]]
	[ "$(grep -c 'pthread_mutex_lock(&counter_lock) = 0 .*called 200000 times' <<<"$stderr")" -eq 4 ]
	[ "$(grep -c 'pthread_mutex_unlock(&counter_lock) = 0 .*called 200000 times' <<<"$stderr")" -eq 4 ]
}

@test "--join: each thread returns its partial sum through pthread_join" {
	run -0 --separate-stderr "$LABSH" -c 'thread --join -n 4 --iterations 100'
	local k from sum
	for k in 1 2 3 4; do
		from=$(( (k - 1) * 100 + 1 ))
		sum=$(( (from + from + 99) * 100 / 2 ))
		grep -q "pthread_join(t$k, &retval) = 0 .*thread $k, TID [0-9]* has ended: retval -> $sum\$" <<<"$stderr" ||
			{ echo "no join of t$k returning $sum"; false; }
		grep -q "^thread $k, TID [0-9]*: sum of $from\.\.$((from + 99)) = $sum\$" <<<"$output"
	done
	[[ $output == *"add up to 80200; 1 + 2 + ... + 400 = 80200: equal"* ]]
}

@test "--detach: join is refused with EINVAL, the threads end by themselves" {
	run -0 --separate-stderr "$LABSH" -c 'thread --detach -n 3 --iterations 1000; ls /proc/$$/task | wc -l'
	[ "$(grep -c 'pthread_detach(t[0-9]) = 0 ' <<<"$stderr")" -eq 3 ]
	[[ $stderr == *"pthread_join(t1, &retval) = EINVAL (Invalid argument)"* ]]
	[[ $output == *"refused thread 1 with EINVAL"* ]]
	[[ $output == *"all 3 detached threads have finished"* ]]
	[[ $output == *"expected 3000, observed 3000: exact"* ]]
	# no join succeeded: nobody joins a detached thread
	! grep -q 'pthread_join(.*) = 0' <<<"$stderr"
	# and the shell has one task again
	[ "${lines[-1]}" = 1 ]
}

@test "--cancel: pthread_cancel, and join gives PTHREAD_CANCELED" {
	run -0 --separate-stderr "$LABSH" -c 'thread --cancel -n 4'
	[ "$(grep -c 'pthread_cancel(t[0-9]) = 0 ' <<<"$stderr")" -eq 4 ]
	[ "$(grep -c 'pthread_join(t[0-9], &retval) = 0 .*retval PTHREAD_CANCELED' <<<"$stderr")" -eq 4 ]
	grep -q 'pthread_join(t1, .*PTHREAD_CANCELED, cancelled in pause()' <<<"$stderr"
	grep -q 'pthread_join(t2, .*PTHREAD_CANCELED, cancelled in pthread_testcancel()' <<<"$stderr"
	grep -q 'pthread_testcancel() .*thread 2, TID [0-9]*: called [1-9][0-9]* times' <<<"$stderr"
	[[ $output == *"4 threads cancelled"* ]]
}

@test "--quiet: the results only, no narration" {
	run -0 --separate-stderr "$LABSH" -c 'thread --quiet --mutex -n 2 --iterations 50'
	[ -z "$stderr" ]
	[[ $output == *"expected 100, observed 100: exact"* ]]
}

@test "numbers out of range: usage error with the range, status 2, nothing created" {
	local args
	for args in "-n 0" "-n 257" "-n -3" "-n x" "--iterations 0" \
		    "--iterations -5" "--iterations 10000001" "--iterations 1e3" "-n ''"; do
		run -2 --separate-stderr "$LABSH" -c "thread $args"
		[ -z "$output" ]
		[[ ${stderr_lines[0]} == "labsh: thread: "*": must be a number from 1 to "* ]] ||
			{ echo "$args: ${stderr_lines[0]}"; false; }
		[[ ${stderr_lines[1]} == "usage: thread "* ]]
		[[ $stderr != *pthread_create* ]]
	done
	run -2 --separate-stderr "$LABSH" -c 'thread -n 257'
	[ "${stderr_lines[0]}" = "labsh: thread: -n: 257: must be a number from 1 to 256" ]
	run -2 --separate-stderr "$LABSH" -c 'thread --iterations 0'
	[ "${stderr_lines[0]}" = "labsh: thread: --iterations: 0: must be a number from 1 to 10000000" ]
	run -2 --separate-stderr "$LABSH" -c 'thread --race --mutex'
	[[ ${stderr_lines[0]} == *"exclude each other"* ]]
	run -2 --separate-stderr "$LABSH" -c 'thread extra'
	[ "${stderr_lines[0]}" = "labsh: thread: extra: unexpected argument" ]
}

@test "EAGAIN from pthread_create: error, hint, the started threads joined" {
	# A sanitizer's shadow memory does not fit under ulimit -v.
	! grep -q __asan_init "$LABSH" || skip "built with AddressSanitizer"
	# 100 MB stacks under a 400 MB address space: a few threads fit.
	run -1 --separate-stderr bash -c 'ulimit -s 100000 && ulimit -v 400000 &&
		exec "$1" -c "thread -n 16 --iterations 10; s=\$?; echo tasks \$(ls /proc/\$\$/task | wc -l) >&2; exit \$s"' _ "$LABSH"
	[[ $stderr == *"pthread_create(&t"*") = EAGAIN (Resource temporarily unavailable)"* ]]
	grep -qx "labsh: thread: pthread_create: Resource temporarily unavailable" <<<"$stderr"
	grep -q "^hint: EAGAIN: .*stopped and joined" <<<"$stderr"
	local made joined
	made=$(grep -c 'pthread_create(.*) = 0' <<<"$stderr")
	joined=$(grep -c 'pthread_join(.*) = 0' <<<"$stderr")
	[ "$made" -ge 1 ] && [ "$made" -lt 16 ]
	[ "$joined" -eq "$made" ]
	[[ $stderr == *"tasks 1"* ]]
}

@test "Ctrl-C during a long run: prompt back, status 130, one task left" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send thread --mutex -n 4 --iterations 10000000 --slow 500\r
	expect the threads start together
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send echo tasks: $(ls /proc/$$/task | wc -l)\r
	match tasks: [0-9]+
	send exit\r
	wait
	EOF
	local text
	text=$(screen_text)
	[[ $text == *"tasks: 1"* ]]
	# every thread created was joined
	[ "$(grep -c 'pthread_create(.*) = 0' <<<"$text")" -eq 4 ]
	[ "$(grep -c 'pthread_join(.*) = 0' <<<"$text")" -eq 4 ]
	[[ $text != *"observed"* ]]
}

@test "Ctrl-C while the threads are created: the ones started are joined" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send thread --cancel -n 8 --slow 400\r
	expect thread 2, TID
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send echo tasks: $(ls /proc/$$/task | wc -l)\r
	match tasks: [0-9]+
	send exit\r
	wait
	EOF
	local text made
	text=$(screen_text)
	[[ $text == *"tasks: 1"* ]]
	made=$(grep -c 'pthread_create(.*) = 0' <<<"$text")
	[ "$made" -ge 2 ] && [ "$made" -lt 8 ]
	[ "$(grep -c 'pthread_join(.*) = 0 .*PTHREAD_CANCELED' <<<"$text")" -eq "$made" ]
}
