#!/usr/bin/env bats
# sem.bats - semaphores: System V create/p/v/get/stat/rm/ls checked against
# ipcs and /proc/sysvipc/sem, IPC_NOWAIT, a P in one labsh released by a V
# in another, SEM_UNDO, POSIX named semaphores in /dev/shm, the race demo
# with and without a semaphore, the counting demo, Ctrl-C, and the errors.
#
# Every id or name a test makes is appended to ./semids or ./psems by the
# script that made it; the teardown of lib/helpers.bash removes whatever
# is still there.

load lib/helpers

sem_exists() {
	awk -v id="$1" 'NR > 1 && $2 == id { f = 1 } END { exit !f }' /proc/sysvipc/sem
}
shm_exists() {
	awk -v id="$1" 'NR > 1 && $2 == id { f = 1 } END { exit !f }' /proc/sysvipc/shm
}

# COLUMN of semaphore 0 in `ipcs -s -i ID`: value, ncount, zcount, pid.
ipcs_sem() {
	ipcs -s -i "$1" | awk -v want="$2" '
		$1 == "semnum" { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == "0" && (want in col) { print $col[want] }'
}

line() {
	grep -qxF -- "$1" <<<"${2:-$output}" || { echo "no line: $1"; return 1; }
}

# A unique POSIX name for this test.
sname() {
	echo "/labsh-test-$$-$BATS_TEST_NUMBER${1:-}"
}

@test "create --value 3, then p, v, get: the value in ipcs -s -i, sempid the shell's PID" {
	run -0 --separate-stderr "$LABSH" -c 'sem create --value 3 >out; read _ id _ <out; echo $id >>semids
		echo "pid $$ id $id"; cat out; ipcs -s -i $id >created
		sem p $id; sem p $id; sem v $id; ipcs -s -i $id >after; sem get $id'
	local pid id
	read -r _ pid _ id <<<"${lines[0]}"
	[ "${lines[1]}" = "semid $id key 0x00000000 value 3" ]
	[ "${lines[2]}" = "P on semid $id: value now 2" ]
	[ "${lines[3]}" = "P on semid $id: value now 1" ]
	[ "${lines[4]}" = "V on semid $id: value now 2" ]
	line "semval  2        the value"
	line "sempid  $pid    the last process that did semop" ||
		grep -Eq "^sempid  $pid +the last process" <<<"$output"
	[ "$(awk '$1 == "0" { print $2 }' created)" = 3 ]
	[ "$(awk '$1 == "0" { print $2 }' after)" = 2 ]
	[ "$(awk '$1 == "0" { print $5 }' after)" = "$pid" ]
	grep -Eq "^\[$pid\] semget\(IPC_PRIVATE, 1, IPC_CREAT\|IPC_EXCL\|0600\) = $id " <<<"$stderr"
	line "[$pid] semctl($id, 0, SETVAL, 3) = 0          the value starts at 3" "$stderr" ||
		grep -Eq "^\[$pid\] semctl\($id, 0, SETVAL, 3\) = 0 +the value starts at 3" <<<"$stderr"
	grep -Eq "^\[$pid\] semop\($id, \{\{0, -1, 0\}\}, 1\) = 0 +P: " <<<"$stderr"
	grep -Eq "^\[$pid\] semop\($id, \{\{0, \+1, 0\}\}, 1\) = 0 +V: " <<<"$stderr"
	grep -Eq "^\[$pid\] semctl\($id, 0, GETNCNT\) = 0 " <<<"$stderr"
	# the shell removed it as it exited
	grep -Eq "^\[$pid\] semctl\($id, 0, IPC_RMID\) = 0 +cleanup: " <<<"$stderr"
	! sem_exists "$id"
	rundir_empty
}

@test "stat and ls: the semid_ds of the set, and this user's sets with their values" {
	run -0 "$LABSH" -c 'sem create --quiet --value 0 -m 640 >out; read _ id _ <out; echo $id >>semids
		echo "id $id"; sem stat --quiet $id; sem ls --quiet'
	local id=${lines[0]#id }
	line "semid $id key 0x00000000 perms 0640 owner $(id -u):$(id -g) creator $(id -u):$(id -g)"
	grep -Eq "^sem_nsems 1 +semaphores in the set" <<<"$output"
	line "sem_otime never"
	line "KEY        SEMID      PERMS NSEMS VALUE"
	grep -Eq "^0x00000000 $id +0640 +1 +0\$" <<<"$output"
}

@test "p --nowait at 0: IPC_NOWAIT gives EAGAIN, explained; the value stays 0" {
	run -1 "$LABSH" -c 'sem create --quiet --value 0 >out; read _ id _ <out; echo $id >>semids
		echo "id $id"; sem p --quiet $id --nowait || { s=$?; sem get --quiet $id | head -n 1; exit $s; }'
	local id=${lines[0]#id }
	[ "${lines[1]}" = "labsh: sem: semop $id: Resource temporarily unavailable" ]
	[ "${lines[2]}" = "hint: EAGAIN: the value is 0, so P would have to wait, and IPC_NOWAIT said not to" ]
	[ "${lines[3]}" = "semval  0        the value" ]
}

@test "a P blocked in a background labsh (GETNCNT 1) goes on when another labsh does V" {
	run -0 "$LABSH" -c 'sem --quiet create --value 0 --keep'
	local id
	id=$(sed -n 's/^semid \([0-9]*\) .*/\1/p' <<<"$output")
	[ -n "$id" ]
	echo "$id" >>semids
	"$LABSH" -c "sem p $id; echo \"status \$?\"" >p.out 2>p.err 3>&- &
	local bg=$! i n=""
	STARTED+=("$bg")
	for i in $(seq 100); do
		n=$(ipcs_sem "$id" ncount)
		[ "$n" = 1 ] && break
		sleep 0.05
	done
	[ "$n" = 1 ]
	# asleep in semop, in the kernel
	[ "$(sed 's/^[0-9]* (.*) \(.\).*/\1/' "/proc/$bg/stat")" = S ]
	grep -q "^value 0: P sleeps until somebody does V (sem v $id), or Ctrl-C" p.out
	run -0 "$LABSH" -c "sem --quiet v $id; echo \$\$"
	local v=${lines[1]}
	wait "$bg"
	line "P on semid $id: value now 0" "$(cat p.out)"
	line "status 0" "$(cat p.out)"
	grep -Eq "^\[$bg\] semop\($id, \{\{0, -1, 0\}\}, 1\) = 0 " p.err
	[ "$(ipcs_sem "$id" value)" = 0 ]
	[ "$(ipcs_sem "$id" ncount)" = 0 ]
	# the last semop was the background shell's P, after the V of $v
	[ "$(ipcs_sem "$id" pid)" = "$bg" ]
	[ "$v" != "$bg" ]
	ipcrm -s "$id"
}

@test "--undo: a child's P and V with SEM_UNDO are undone by the kernel when it exits" {
	run -0 --separate-stderr "$LABSH" -c 'sem create --quiet --value 1 >out; read _ id _ <out; echo $id >>semids
		echo "pid $$ id $id"; sem p $id --undo; sem v $id --undo; sem get --quiet $id | head -n 1'
	local pid id child1 child2
	read -r _ pid _ id <<<"${lines[0]}"
	child1=$(sed -n 's/^child \([0-9]*\): did P with SEM_UNDO, value now 0; exits without V$/\1/p' <<<"$output")
	child2=$(sed -n 's/^child \([0-9]*\): did V with SEM_UNDO, value now 2; exits without P$/\1/p' <<<"$output")
	[ -n "$child1" ] && [ -n "$child2" ] && [ "$child1" != "$pid" ]
	line "after child $child1 exited: value 1 (it was 1 before): the kernel undid its P"
	line "after child $child2 exited: value 1 (it was 1 before): the kernel undid its V"
	line "semval  1        the value"
	grep -Eq "^\[$child1\] semop\($id, \{\{0, -1, SEM_UNDO\}\}, 1\) = 0 " <<<"$stderr"
	grep -Eq "^\[$child2\] semop\($id, \{\{0, \+1, SEM_UNDO\}\}, 1\) = 0 " <<<"$stderr"
	grep -Eq "^\[$pid\] waitpid\($child1, &status, 0\) = $child1 +exited, status 0" <<<"$stderr"
	grep -Eq "^\[$pid\] semctl\($id, 0, GETVAL\) = 1 +after the child exited" <<<"$stderr"
}

@test "POSIX: create makes /dev/shm/sem.NAME; p, p --nowait (EAGAIN), v, get; rm removes the file" {
	local s
	s=$(sname)
	echo "$s" >>psems
	run -0 --separate-stderr "$LABSH" -c "sem create --posix $s --value 2; stat -c '%a %u' /dev/shm/sem.${s#/}
		sem p --posix $s; sem p --posix $s --nowait; sem p --posix $s --nowait; echo \"status \$?\"
		sem v --posix $s; sem get --posix $s; sem ls --posix; echo \$\$"
	[ "${lines[0]}" = "sem $s value 2" ]
	[ "${lines[1]}" = "600 $(id -u)" ]
	[ "${lines[2]}" = "P on $s: value now 1" ]
	[ "${lines[3]}" = "P on $s: value now 0" ]
	[ "${lines[4]}" = "status 1" ]
	[ "${lines[5]}" = "V on $s: value now 1" ]
	[ "${lines[6]}" = "value 1" ]
	grep -Eq "^$s +0600\$" <<<"$output"
	local pid=${lines[${#lines[@]} - 1]}
	grep -Eq "^\[$pid\] sem_trywait\(0x[0-9a-f]+\) = -1 EAGAIN" <<<"$stderr"
	line "labsh: sem: sem_trywait $s: Resource temporarily unavailable" "$stderr"
	line "hint: EAGAIN: the value is 0, so sem_wait would have to wait, and sem_trywait does not" "$stderr"
	grep -Eq "^\[$pid\] sem_post\(0x[0-9a-f]+\) = 0 " <<<"$stderr"
	grep -Eq "^\[$pid\] sem_open\(\"$s\", O_CREAT\|O_EXCL, 0600, 2\) += 0x[0-9a-f]+: a new /dev/shm/sem.${s#/}" <<<"$stderr"
	# the shell removed it as it exited
	grep -Eq "^\[$pid\] sem_unlink\(\"$s\"\) = 0 +cleanup: " <<<"$stderr"
	[ ! -e "/dev/shm/sem.${s#/}" ]
	rundir_empty
}

@test "POSIX: --keep survives the shell; rm unlinks it; a missing name is ENOENT" {
	local s
	s=$(sname)
	echo "$s" >>psems
	run -0 "$LABSH" -c "sem --quiet create --posix $s --keep --value 0"
	[ -e "/dev/shm/sem.${s#/}" ]
	run -0 "$LABSH" -c "sem --quiet rm --posix $s"
	[ "$output" = "removed $s" ]
	[ ! -e "/dev/shm/sem.${s#/}" ]
	run -1 "$LABSH" -c "sem --quiet v --posix $s"
	[ "${lines[0]}" = "labsh: sem: sem_open $s: No such file or directory" ]
	[ "${lines[1]}" = "hint: ENOENT: no semaphore is called $s ('sem ls --posix' lists /dev/shm/sem.*)" ]
}

@test "POSIX: a sem_wait blocked in one labsh goes on after sem_post in another" {
	local s
	s=$(sname)
	echo "$s" >>psems
	run -0 "$LABSH" -c "sem --quiet create --posix $s --keep --value 0"
	"$LABSH" -c "sem p --posix $s" >p.out 2>p.err 3>&- &
	local bg=$! i st=""
	STARTED+=("$bg")
	for i in $(seq 100); do
		st=$(sed 's/^[0-9]* (.*) \(.\).*/\1/' "/proc/$bg/stat" 2>/dev/null)
		[ "$st" = S ] && grep -q "value 0: sem_wait sleeps" p.out && break
		sleep 0.05
	done
	[ "$st" = S ]
	run -0 "$LABSH" -c "sem --quiet v --posix $s"
	wait "$bg"
	line "P on $s: value now 0" "$(cat p.out)"
	grep -Eq "^\[$bg\] sem_wait\(0x[0-9a-f]+\) = 0 " p.err
	rm -f "/dev/shm/sem.${s#/}"
}

@test "--race: updates are lost without a semaphore, and none with one; nothing is left" {
	local try lost=no shm sid
	for try in 1 2 3; do
		run -0 --separate-stderr timeout 120 "$LABSH" -c 'sem --race'
		shm=$(sed -n 's/^shared memory: shmid \([0-9]*\); semaphore: semid \([0-9]*\)$/\1/p' <<<"$output")
		sid=$(sed -n 's/^shared memory: shmid \([0-9]*\); semaphore: semid \([0-9]*\)$/\2/p' <<<"$output")
		[ -n "$shm" ] && [ -n "$sid" ]
		echo "$shm" >>shmids
		echo "$sid" >>semids
		# exact with the semaphore, every time
		line "with a semaphore: expected 200000, counted 200000: exact"
		line "2. with the semaphore around each increment: 50000 each (fewer: P and V are two system calls per increment; --iterations sets both)"
		[ "$(grep -c '^worker [0-9] (PID [0-9]*): 200000 increments done$' <<<"$output")" -eq 4 ]
		[ "$(grep -c '^worker [0-9] (PID [0-9]*): 50000 increments done$' <<<"$output")" -eq 4 ]
		! shm_exists "$shm"
		! sem_exists "$sid"
		if grep -Eq '^without a semaphore: expected 800000, counted [0-9]+: [0-9]+ updates lost$' <<<"$output"; then
			local counted n
			counted=$(sed -n 's/^without a semaphore: expected 800000, counted \([0-9]*\): \([0-9]*\) updates lost$/\1/p' <<<"$output")
			n=$(sed -n 's/^without a semaphore: expected 800000, counted \([0-9]*\): \([0-9]*\) updates lost$/\2/p' <<<"$output")
			[ "$((counted + n))" -eq 800000 ] && [ "$counted" -lt 800000 ]
			lost=yes
			break
		fi
	done
	[ "$lost" = yes ]
	# narrated: the segment, the semaphore, one P and V per locked worker
	grep -Eq "^\[[0-9]+\] shmget\(IPC_PRIVATE, [0-9]+, IPC_CREAT\|0600\) = $shm " <<<"$stderr"
	grep -Eq "^\[[0-9]+\] semctl\($sid, 0, SETVAL, 1\) = 0 +a binary semaphore" <<<"$stderr"
	[ "$(grep -Ec "^\[[0-9]+\] semop\($sid, \{\{0, -1, 0\}\}, 1\) = 0 +P: in \(the next 49999 P and V are not narrated\)" <<<"$stderr")" -eq 4 ]
	grep -Eq "^\[[0-9]+\] shmctl\($shm, IPC_RMID, NULL\) = 0" <<<"$stderr"
	grep -Eq "^\[[0-9]+\] semctl\($sid, 0, IPC_RMID\) = 0" <<<"$stderr"
}

@test "--race N --iterations K: N workers, K each in both passes" {
	run -0 timeout 60 "$LABSH" -c 'sem --race 3 --iterations 3000 --quiet'
	[ "$(grep -c '^worker [1-3] (PID [0-9]*): 3000 increments done$' <<<"$output")" -eq 6 ]
	line "with a semaphore: expected 9000, counted 9000: exact"
	grep -Eq "^without a semaphore: expected 9000, counted [0-9]+: " <<<"$output"
}

@test "--race 6 --limit 2: never more than 2 workers inside, and every worker in and out" {
	run -0 --separate-stderr timeout 60 "$LABSH" -c 'sem --race 6 --limit 2'
	local n shm sid
	[ "$(grep -c '^worker [1-6] (PID [0-9]*) in:  inside now [0-9]* (limit 2)$' <<<"$output")" -eq 6 ]
	[ "$(grep -c '^worker [1-6] (PID [0-9]*) out: inside now [0-9]*$' <<<"$output")" -eq 6 ]
	for n in $(sed -n 's/.* inside now \([0-9]*\).*/\1/p' <<<"$output"); do
		[ "$n" -ge 0 ] && [ "$n" -le 2 ] || { echo "inside: $n"; false; }
	done
	n=$(sed -n 's/^the most inside at once: \([0-9]*\) (limit 2)$/\1/p' <<<"$output")
	[ "$n" -ge 1 ] && [ "$n" -le 2 ]
	shm=$(sed -n 's/^shared memory: shmid \([0-9]*\); .*/\1/p' <<<"$output")
	sid=$(sed -n 's/.*; semaphore: semid \([0-9]*\)$/\1/p' <<<"$output")
	echo "$shm" >>shmids
	echo "$sid" >>semids
	grep -Eq "^\[[0-9]+\] semctl\($sid, 0, SETVAL, 2\) = 0 +a counting semaphore" <<<"$stderr"
	! shm_exists "$shm"
	! sem_exists "$sid"
}

@test "--demo: 5 workers, limit 2 by default; -n and --limit change them" {
	run -0 timeout 60 "$LABSH" -c 'sem --demo --quiet'
	line "5 workers, a semaphore of value 2: at most 2 inside at once"
	[ "$(grep -c ' in:  inside now [12] (limit 2)$' <<<"$output")" -eq 5 ]
	run -0 timeout 60 "$LABSH" -c 'sem --demo --quiet -n 4 --limit 3'
	line "4 workers, a semaphore of value 3: at most 3 inside at once"
	for n in $(sed -n 's/.* inside now \([0-9]*\).*/\1/p' <<<"$output"); do
		[ "$n" -le 3 ] || { echo "inside: $n"; false; }
	done
}

@test "Ctrl-C in the middle of sem --race 4 --slow 300: status 130, no worker, segment or semaphore left" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	run -0 pty -t 40 <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sem --race 4 --slow 300\r
	expect 1. without a semaphore
	match \[[0-9]+\] fork\(\) = 0
	sleep 300
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ipcs -m -s; echo end-""of-ipcs\r
	expect end-of-ipcs
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local shm sid kids k
	shm=$(screen_text | sed -n 's/^shared memory: shmid \([0-9]*\); .*/\1/p')
	sid=$(screen_text | sed -n 's/.*; semaphore: semid \([0-9]*\)$/\1/p')
	[ -n "$shm" ] && [ -n "$sid" ]
	echo "$shm" >>shmids
	echo "$sid" >>semids
	kids=$(screen_text | sed -n 's/^\[\([0-9]*\)\] fork() = 0 .*/\1/p')
	[ -n "$kids" ]
	screen_text | grep -Eq "shmctl\($shm, IPC_RMID, NULL\) = 0 +cleanup: left behind, removed now"
	screen_text | grep -Eq "semctl\($sid, 0, IPC_RMID\) = 0 +cleanup: left behind, removed now"
	# gone before the prompt came back: the ipcs typed at it lists neither
	! screen_text | sed -n '/ipcs -m -s; echo/,/^end-of-ipcs/p' | awk -v m="$shm" -v s="$sid" '
		/Shared Memory/ { t = "m" } /Semaphore/ { t = "s" }
		(t == "m" && $2 == m) || (t == "s" && $2 == s) { f = 1 } END { exit !f }'
	! shm_exists "$shm"
	! sem_exists "$sid"
	for k in $kids; do [ ! -e "/proc/$k" ] || { echo "worker $k is left"; false; }; done
}

@test "Ctrl-C ends a P that waits: status 130, EINTR narrated, the value still 0" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	run -0 pty -t 20 <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sem --quiet create --value 0 >out; read _ id _ <out; echo $id >>semids; echo "id=$id"\r
	match id=[0-9]+
	match labsh\[[0-9]+\][$#] $
	send sem p $id\r
	expect value 0: P sleeps
	sleep 300
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send sem --quiet get $id | head -n 1\r
	expect semval  0
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local id
	id=$(screen_text | sed -n 's/^id=\([0-9]*\)$/\1/p')
	screen_text | grep -Eq "semop\($id, \{\{0, -1, 0\}\}, 1\) = -1 EINTR"
	# made without --keep: the shell removed it as it exited
	! sem_exists "$id"
}

@test "a bad id (EINVAL), a removed set, EACCES, a key in use: one error line, a hint, status 1" {
	run -1 "$LABSH" -c 'sem --quiet v 2147480000'
	[ "${lines[0]}" = "labsh: sem: semop 2147480000: Invalid argument" ]
	[ "${lines[1]}" = "hint: EINVAL: no semaphore set has id 2147480000 (it was removed, or the id is mistyped: 'sem ls' lists yours)" ]
	[ "${#lines[@]}" -eq 2 ]
	run -1 "$LABSH" -c 'sem --quiet create >out; read _ id _ <out; echo $id >>semids
		sem --quiet rm $id; sem --quiet get $id'
	[[ ${lines[0]} =~ ^removed\ semid\ [0-9]+$ ]]
	[[ ${lines[1]} =~ ^labsh:\ sem:\ semctl\ GETVAL\ [0-9]+:\ Invalid\ argument$ ]]
	local key=$((0x53000000 + ($$ % 65536) * 16 + BATS_TEST_NUMBER))
	run -1 "$LABSH" -c "sem --quiet create --key $key >out; read _ id _ <out; echo \$id >>semids
		sem --quiet create --key $key"
	[ "${lines[0]}" = "labsh: sem: semget $(printf '0x%08x' "$key"): File exists" ]
	[[ ${lines[1]} == "hint: EEXIST: "* ]]
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || skip "running as root, and no setpriv"
		local as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		(cd / && "${as_nobody[@]}" "$LABSH" -c true) 2>/dev/null || skip "user 65534 cannot run $LABSH"
		run -0 "$LABSH" -c 'sem --quiet create --keep'
		local id
		id=$(sed -n 's/^semid \([0-9]*\) .*/\1/p' <<<"$output")
		echo "$id" >>semids
		run -1 bash -c 'cd / && exec "$@"' as_nobody "${as_nobody[@]}" "$LABSH" -c "sem --quiet v $id"
		[ "${lines[0]}" = "labsh: sem: semop $id: Permission denied" ]
		[ "${lines[1]}" = "hint: EACCES: the set's mode does not let you do that ('sem stat $id' shows its perms)" ]
		[ "$(ipcs_sem "$id" value)" = 1 ]
		ipcrm -s "$id"
	fi
}

@test "usage errors: status 2, the usage line, and nothing created" {
	local bad
	for bad in "sem" "sem frob" "sem p abc" "sem p" "sem v /x" "sem create --value 40000" \
		"sem create --value x" "sem --race 1" "sem --race 65" "sem --race 4 --iterations 0" \
		"sem --race x" "sem p 1 --value 2" "sem v 1 --nowait" "sem p --posix /x --undo" \
		"sem create --posix" "sem stat --posix /x" "sem --demo --limit 0" "sem --demo -n 1" \
		"sem --race --demo" "sem --race 4 5" "sem create --keep extra" "sem p 1 --limit 2" \
		"sem --race 4 --limit 2 --iterations 5"; do
		run -2 "$LABSH" -c "$bad"
		[[ ${lines[0]} == "labsh: sem: "* ]] || { echo "$bad: ${lines[0]}"; false; }
		[[ $output == *"usage: sem create [--key K]"* ]] || { echo "$bad: no usage"; false; }
	done
	run -2 "$LABSH" -c "sem v /x"
	[ "${lines[0]}" = "labsh: sem: /x: not a semaphore id (sem ls lists them); a /name needs --posix" ]
	rundir_empty
}
