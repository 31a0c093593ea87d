#!/usr/bin/env bats
# msgq.bats - message queues: System V create/send/recv/stat/rm/ls checked
# against ipcs and /proc/sysvipc/msg, message types, IPC_NOWAIT, two labsh
# processes sharing a queue, POSIX queues and priorities, the cleanup at
# the shell's exit, the producer/consumer demo (and Ctrl-C in it), and the
# errors with their hints.
#
# Every id or name a test makes is appended to ./msqids or ./mqs by the
# script that made it; the teardown of lib/helpers.bash removes whatever
# is still there.

load lib/helpers

# A queue with this id exists (the kernel's list, not labsh's).
msq_exists() {
	awk -v id="$1" 'NR > 1 && $2 == id { f = 1 } END { exit !f }' /proc/sysvipc/msg
}

# FIELD of `ipcs -q -i ID`: qnum, lspid, lrpid, cbytes, qbytes.
ipcs_field() {
	ipcs -q -i "$1" | tr '\t ' '\n\n' | sed -n "s/^$2=//p"
}

# The line of $output (or of $2) that is exactly $1.
line() {
	grep -qxF -- "$1" <<<"${2:-$output}" || { echo "no line: $1"; return 1; }
}

# mqfs CMD...: run CMD with the mqueue file system at $MQFS: /dev/mqueue,
# or a private mount of it (it shows the same queues) when /dev/mqueue is
# not mounted here.  Fails if neither can be had.
mqfs() {
	if [ -d /dev/mqueue ] && grep -q ' /dev/mqueue mqueue ' /proc/mounts; then
		MQFS=/dev/mqueue "$@"
		return
	fi
	mkdir -p "$BATS_TEST_TMPDIR/mqfs"
	unshare -m sh -c 'mount -t mqueue none "$0" 2>/dev/null || exit 99
		MQFS=$0 "$@"' "$BATS_TEST_TMPDIR/mqfs" "$@"
}
mqfs_usable() {
	mqfs true
}

# A unique POSIX name for this test.
qname() {
	echo "/labsh-test-$$-$BATS_TEST_NUMBER${1:-}"
}

@test "create, send, recv, rm: ipcs -q -i shows qnum and the sender's PID as lspid" {
	run -0 --separate-stderr "$LABSH" -c 'msgq create >out; read _ id _ <out; echo $id >>msqids
		echo "pid $$ id $id"; cat out
		msgq send $id hello world; ipcs -q -i $id >sent
		msgq recv $id; ipcs -q -i $id >received
		msgq rm $id'
	local pid id
	read -r _ pid _ id <<<"${lines[0]}"
	[ "${lines[1]}" = "msqid $id key 0x00000000" ]
	line "sent type 1, 11 bytes: 1 message in queue $id"
	line "type 1: hello world"
	line "removed msqid $id"
	# the kernel's view after the send, and after the receive
	grep -q "qnum=1" sent
	grep -q "lspid=$pid" sent
	grep -q "cbytes=11" sent
	grep -q "qnum=0" received
	grep -q "lrpid=$pid" received
	# narrated by the shell, with its PID
	line "[$pid] msgsnd($id, {mtype=1, mtext=\"hello world\"}, 11, 0) = 0 queued; a receiver asleep in msgrcv wakes up" "$stderr"
	grep -Eq "^\[$pid\] msgget\(IPC_PRIVATE, IPC_CREAT\|IPC_EXCL\|0600\) = $id " <<<"$stderr"
	grep -Eq "^\[$pid\] msgrcv\($id, &buf, [0-9]+, 0, 0\) = 11 +got mtype=1" <<<"$stderr"
	grep -Eq "^\[$pid\] msgctl\($id, IPC_RMID, NULL\) = 0" <<<"$stderr"
	! msq_exists "$id"
	rundir_empty
}

@test "stat shows the msqid_ds fields; ls lists the queue from /proc/sysvipc/msg" {
	run -0 --separate-stderr "$LABSH" -c 'msgq create -m 640 >out; read _ id _ <out; echo $id >>msqids
		echo "pid $$ id $id"; msgq send $id --type 4 four; msgq stat $id; msgq ls'
	local pid id
	read -r _ pid _ id <<<"${lines[0]}"
	[[ $output == *"msqid $id key 0x00000000 perms 0640 "* ]]
	[[ $output =~ msg_qnum\ +1\  ]]
	[[ $output =~ msg_cbytes\ +4\  ]]
	[[ $output =~ msg_lspid\ +$pid\  ]]
	[[ $output =~ msg_lrpid\ +0\  ]]
	[[ $output == *"msg_rtime  never"* ]]
	# a new queue may hold MSGMNB bytes
	[[ $output =~ msg_qbytes\ +$(cat /proc/sys/kernel/msgmnb)\  ]]
	# ls: the header and the queue's row with its count and sender
	line "KEY        MSQID      PERMS CBYTES   QNUM   LSPID    LRPID"
	grep -Eq "^0x00000000 $id +0640 +4 +1 +$pid +0\$" <<<"$output"
	[[ $stderr =~ \[$pid\]\ open\(\"/proc/sysvipc/msg\",\ O_RDONLY\|O_CLOEXEC\)\ =\ [0-9]+\ +the\ kernel\'s\ list\ of\ queues ]]
	# the shell has exited and removed it
	! msq_exists "$id"
}

@test "recv --type: 0 the first, T the first of type T, -T the lowest type up to T" {
	run -0 --separate-stderr "$LABSH" -c 'msgq create >out; read _ id _ <out; echo $id >>msqids
		msgq send $id --type 3 three; msgq send $id --type 1 one
		msgq send $id --type 2 two; msgq send $id --type 5 five
		echo "--"; msgq recv $id --type 2; msgq recv $id --type -5
		msgq recv $id; msgq recv $id --type -4 --nowait; echo "status $?"
		msgq recv $id --type 0'
	local got
	got=$(sed -n '/^--$/,$p' <<<"$output" | tail -n +2)
	[ "$got" = "type 2: two
type 1: one
type 3: three
status 1
type 5: five" ]
	[[ $stderr == *"type -5: the first of the lowest type up to 5"* ]]
	[[ $stderr == *"type 2: the first message of type 2"* ]]
}

@test "recv --nowait on an empty queue: IPC_NOWAIT gives ENOMSG, explained; the queue stays" {
	run -1 "$LABSH" -c 'msgq create --quiet >out; read _ id _ <out; echo $id >>msqids
		echo "id $id"; msgq recv --quiet $id --nowait || { s=$?; msgq --quiet stat $id >/dev/null && echo "still there"; exit $s; }'
	local id=${lines[0]#id }
	[ "${lines[1]}" = "labsh: msgq: msgrcv $id: No message of desired type" ]
	[ "${lines[2]}" = "hint: ENOMSG: no message of that type is waiting, and IPC_NOWAIT said not to wait for one" ]
	[ "${lines[3]}" = "still there" ]
	# and the shell removes it as it exits
	[[ ${lines[4]} =~ ^\[[0-9]+\]\ msgctl\($id,\ IPC_RMID,\ NULL\)\ =\ 0\ +cleanup: ]]
	[ "${#lines[@]}" -eq 5 ]
}

@test "two labsh processes: one sends, another receives; lspid and lrpid name them" {
	# A keeps the queue (and removes it when it exits); B sends, C receives.
	"$LABSH" -c 'msgq --quiet create >out; read _ id _ <out; echo $id >>msqids
		while [ ! -e done ]; do sleep 0.05; done' 3>&- &
	local a=$! id i
	STARTED+=("$a")
	for i in $(seq 100); do [ -s out ] && break; sleep 0.05; done
	read -r _ id _ <out
	[ -n "$id" ]
	run -0 "$LABSH" -c "msgq --quiet send $id from another shell; echo \"b \$\$\""
	local b=${lines[1]#b }
	[ "$(ipcs_field "$id" lspid)" = "$b" ]
	[ "$(ipcs_field "$id" qnum)" = 1 ]
	run -0 "$LABSH" -c "msgq --quiet recv $id; echo \"c \$\$\""
	local c=${lines[1]#c }
	[ "${lines[0]}" = "type 1: from another shell" ]
	[ "$(ipcs_field "$id" lrpid)" = "$c" ]
	[ "$b" != "$c" ] && [ "$b" != "$a" ]
	# A made it and removes it at its exit; B and C did not
	msq_exists "$id"
	touch done
	wait "$a"
	! msq_exists "$id"
}

@test "a recv blocked in one labsh (state S, wchan do_msgrcv) is woken by a send from another" {
	run -0 "$LABSH" -c 'msgq --quiet create --keep; ipc ls'
	local id
	id=$(sed -n 's/^msqid \([0-9]*\) .*/\1/p' <<<"$output")
	[ -n "$id" ]
	echo "$id" >>msqids
	[[ $output == *"nothing: no object made by this shell is left"* ]]
	"$LABSH" -c "msgq recv $id" >recv.out 2>recv.err 3>&- &
	local r=$! i st=""
	STARTED+=("$r")
	# asleep in the kernel, in msgrcv (or at least sleeping, if the
	# kernel hides wchan)
	for i in $(seq 100); do
		st=$(sed 's/^[0-9]* (.*) \(.\).*/\1/' "/proc/$r/stat" 2>/dev/null)
		w=$(cat "/proc/$r/wchan" 2>/dev/null)
		[ "$st" = S ] && { [[ $w == *msgrcv* ]] || [ "$w" = 0 ]; } && break
		sleep 0.05
	done
	[ "$st" = S ]
	[ ! -s recv.out ]
	run -0 "$LABSH" -c "msgq --quiet send $id --type 7 wake up; echo \$\$"
	local s=${lines[1]}
	wait "$r"
	[ "$(cat recv.out)" = "type 7: wake up" ]
	grep -Eq "^\[$r\] msgrcv\($id, &buf, [0-9]+, 0, 0\) = 7 " recv.err
	[ "$(ipcs_field "$id" lspid)" = "$s" ]
	[ "$(ipcs_field "$id" lrpid)" = "$r" ]
	ipcrm -q "$id"
}

@test "POSIX: priorities come out highest first; /dev/mqueue shows the queue; rm unlinks it" {
	local q
	q=$(qname)
	echo "$q" >>mqs
	run -0 --separate-stderr "$LABSH" -c "msgq create --posix $q --maxmsg 4 --msgsize 32 --keep
		msgq send --posix $q --prio 1 low; msgq send --posix $q --prio 9 high
		msgq send --posix $q mid --prio 5; msgq stat --posix $q; msgq ls --posix >ls.out 2>&1
		cat /dev/mqueue$q 2>/dev/null >entry; echo --
		msgq recv --posix $q; msgq recv --posix $q; msgq recv --posix $q
		msgq recv --posix $q --nowait; echo \"status \$?\"; echo \$\$"
	[ "${lines[0]}" = "mq $q maxmsg 4 msgsize 32" ]
	line "sent prio 9, 4 bytes: 2 messages in $q"
	[[ $output =~ mq_curmsgs\ +3\  ]]
	[[ $output =~ mq_maxmsg\ +4\  ]]
	local got
	got=$(sed -n '/^--$/,$p' <<<"$output" | sed -n 2,5p)
	[ "$got" = "prio 9: high
prio 5: mid
prio 1: low
status 1" ]
	local pid=${lines[${#lines[@]} - 1]}
	grep -Eq "^\[$pid\] mq_send\([0-9]+, \"high\", 4, 9\) = 0" <<<"$stderr"
	grep -Eq "^\[$pid\] mq_receive\([0-9]+, &buf, 32, &prio\) = -1 EAGAIN" <<<"$stderr"
	[[ $stderr == *"hint: EAGAIN: with O_NONBLOCK the call does not wait"* ]]
	# the queue exists until rm, and its file system lists it
	if mqfs_usable; then
		run -0 mqfs sh -c 'cat "$MQFS'"$q"'"'
		[[ $output == "QSIZE:0 "* ]]
	fi
	if [ -s entry ]; then
		[[ $(cat entry) == "QSIZE:10 "* ]]
		grep -q "^${q#/} " ls.out || grep -q "^$q " ls.out
	fi
	run -0 "$LABSH" -c "msgq rm --posix $q"
	[ "$output" = "removed $q" ] || [[ $output == *"mq_unlink(\"$q\") = 0"* ]]
	run -1 "$LABSH" -c "msgq --quiet stat --posix $q"
	[ "${lines[0]}" = "labsh: msgq: mq_open $q: No such file or directory" ]
	[[ ${lines[1]} == "hint: ENOENT: no queue is called $q"* ]]
}

@test "POSIX: the queue's entry in the mqueue file system counts the bytes queued" {
	mqfs_usable || skip "no mqueue file system at /dev/mqueue, and it cannot be mounted privately"
	local q
	q=$(qname)
	echo "$q" >>mqs
	run -0 "$LABSH" -c "msgq --quiet create --posix $q --keep
		msgq --quiet send --posix $q --prio 3 abcde; msgq --quiet send --posix $q xyz"
	run -0 mqfs sh -c 'cat "$MQFS'"$q"'"; stat -c "%a %u" "$MQFS'"$q"'"'
	[[ ${lines[0]} == "QSIZE:8 "* ]]
	[ "${lines[1]}" = "600 $(id -u)" ]
	"$LABSH" -c "msgq --quiet rm --posix $q"
	run -0 mqfs sh -c 'ls -A "$MQFS"'
	! grep -qx "${q#/}" <<<"$output"
}

@test "the shell removes the System V queues it made when it exits; --keep survives it" {
	run -0 --separate-stderr "$LABSH" -c 'msgq create; msgq create --keep; ipc ls'
	local made kept
	made=$(sed -n '1s/^msqid \([0-9]*\) .*/\1/p' <<<"$output")
	kept=$(sed -n '2s/^msqid \([0-9]*\) .*/\1/p' <<<"$output")
	[ -n "$made" ] && [ -n "$kept" ]
	echo "$made $kept" >>msqids
	# ipc ls lists only the recorded one
	grep -Eq "^msg +$made +-\$" <<<"$output"
	! grep -Eq "^msg +$kept " <<<"$output"
	[[ $stderr == *"msgctl($made, IPC_RMID, NULL) = 0"*"cleanup: left behind, removed now"* ]]
	! msq_exists "$made"
	msq_exists "$kept"
	ipcrm -q "$kept"
	rundir_empty
}

@test "the shell removes the POSIX queues it made when it exits; --keep survives it" {
	local q1 q2
	q1=$(qname a)
	q2=$(qname b)
	echo "$q1 $q2" >>mqs
	run -0 "$LABSH" -c "msgq --quiet create --posix $q1; msgq --quiet create --posix $q2 --keep"
	run -1 "$LABSH" -c "msgq --quiet stat --posix $q1"
	run -0 "$LABSH" -c "msgq --quiet stat --posix $q2"
	"$LABSH" -c "msgq --quiet rm --posix $q2"
}

@test "ipc ls lists a queue that msgq create made; ipc clean removes it" {
	run -0 --separate-stderr "$LABSH" -c 'msgq --quiet create >out; read _ id _ <out; echo $id >>msqids
		echo "id $id"; ipc ls; ipc clean; ipc ls'
	local id=${lines[0]#id }
	grep -Eq "^msg +$id +-\$" <<<"$output"
	[[ $stderr == *"msgctl($id, IPC_RMID, NULL) = 0"* ]]
	line "removed 1 object"
	! msq_exists "$id"
}

@test "--demo: the consumer sleeps in msgrcv, the producer in msgsnd on a full queue; nothing is left" {
	run -0 --separate-stderr timeout 60 "$LABSH" -c 'msgq --demo; echo "shell $$"'
	local id parent cons prod shell
	id=$(sed -n 's/^demo queue: msqid \([0-9]*\) (parent \([0-9]*\))$/\1/p' <<<"$output")
	parent=$(sed -n 's/^demo queue: msqid [0-9]* (parent \([0-9]*\))$/\1/p' <<<"$output")
	shell=${lines[${#lines[@]} - 1]#shell }
	[ -n "$id" ] && [ "$parent" = "$shell" ]
	cons=$(sed -n 's/^consumer \([0-9]*\): received.*/\1/p' <<<"$output" | sort -u)
	prod=$(sed -n 's/.*"#1 from \([0-9]*\)"$/\1/p' <<<"$output")
	[ -n "$cons" ] && [ -n "$prod" ] && [ "$cons" != "$prod" ]
	# both children forked by the shell, and reaped by it
	grep -Eq "^\[$shell\] fork\(\) = $cons " <<<"$stderr"
	grep -Eq "^\[$shell\] fork\(\) = $prod " <<<"$stderr"
	grep -Eq "^\[$shell\] waitpid\($cons, &status, 0\) = $cons +exited, status 0" <<<"$stderr"
	grep -Eq "^\[$shell\] waitpid\($prod, &status, 0\) = $prod +exited, status 0" <<<"$stderr"
	# the kernel's view of each sleeper
	grep -Eq "^kernel's view: consumer $cons is in state S \(sleeping\), /proc/$cons/wchan: ([a-z_]*msgrcv[a-z_]*|0): " <<<"$output"
	grep -Eq "^kernel's view: producer $prod is in state S \(sleeping\), /proc/$prod/wchan: ([a-z_]*msgsnd[a-z_]*|0): " <<<"$output"
	# the queue was shrunk, and was full when the producer slept
	grep -Eq "^\[$shell\] msgctl\($id, IPC_SET, \{msg_qbytes=128\}\) = 0" <<<"$stderr"
	grep -Eq "^\[$shell\] msgctl\($id, IPC_STAT, &buf\) = 0 +full: msg_qnum 4, msg_cbytes 128" <<<"$stderr"
	# eight messages, each sent by the producer and received by the consumer, in order
	[ "$(grep -c "^\[$prod\] msgsnd($id, {mtype=1, mtext=\"#[1-8] from $prod\"}, 32, 0) = 0" <<<"$stderr")" -eq 8 ]
	[ "$(grep -c "^\[$cons\] msgrcv($id, &buf, 32, 0, 0) = 32" <<<"$stderr")" -eq 8 ]
	[ "$(sed -n 's/^consumer [0-9]*: received type 1 "#\([0-9]\) from [0-9]*"$/\1/p' <<<"$output" | tr -d '\n')" = 12345678 ]
	line "last sender (msg_lspid) $prod, last receiver (msg_lrpid) $cons, 0 messages left"
	grep -Eq "^\[$shell\] msgctl\($id, IPC_RMID, NULL\) = 0" <<<"$stderr"
	! msq_exists "$id"
	[ ! -e "/proc/$cons" ] && [ ! -e "/proc/$prod" ]
	rundir_empty
}

@test "--demo --quiet: the results only, no narration" {
	run -0 --separate-stderr timeout 60 "$LABSH" -c 'msgq --demo --quiet'
	[ -z "$stderr" ]
	[[ ${lines[0]} == "demo queue: msqid "* ]]
	[ "$(grep -c '^consumer [0-9]*: received type 1' <<<"$output")" -eq 8 ]
	local id
	id=$(sed -n 's/^demo queue: msqid \([0-9]*\) .*/\1/p' <<<"$output")
	! msq_exists "$id"
}

@test "Ctrl-C in the middle of msgq --demo --slow 800: status 130, no child and no queue left" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	run -0 pty -t 30 <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send msgq --demo --slow 800\r
	expect 1. the consumer starts first
	match \[[0-9]+\] fork\(\) = 0
	sleep 300
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ipcs -q; echo end-""of-ipcs\r
	expect end-of-ipcs
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local id kids k
	id=$(screen_text | sed -n 's/^demo queue: msqid \([0-9]*\) .*/\1/p')
	[ -n "$id" ]
	echo "$id" >>msqids
	kids=$(screen_text | sed -n 's/^\[\([0-9]*\)\] fork() = 0 .*/\1/p')
	[ -n "$kids" ]
	# removed before the shell's prompt came back: ipcs, typed at it, lists no such queue
	! screen_text | sed -n '/ipcs -q; echo/,/^end-of-ipcs/p' | awk -v id="$id" '$2 == id { f = 1 } END { exit !f }'
	screen_text | grep -Eq "msgctl\($id, IPC_RMID, NULL\) = 0 +cleanup: left behind, removed now"
	! msq_exists "$id"
	for k in $kids; do [ ! -e "/proc/$k" ] || { echo "child $k is left"; false; }; done
}

@test "Ctrl-C ends a recv that waits on an empty queue: status 130, the queue stays" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	run -0 pty -t 20 <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send msgq --quiet create --keep >out; read _ id _ <out; echo $id >>msqids; echo "id=$id"\r
	match id=[0-9]+
	match labsh\[[0-9]+\][$#] $
	send msgq recv $id\r
	sleep 500
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send msgq --quiet stat $id | head -n 1\r
	match msqid [0-9]+ key
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local id
	id=$(screen_text | sed -n 's/^id=\([0-9]*\)$/\1/p')
	screen_text | grep -Eq "msgrcv\($id, &buf, [0-9]+, 0, 0\) = -1 EINTR"
	msq_exists "$id"
}

@test "a bad id (EINVAL), a removed queue, a missing POSIX queue: one error line, a hint, status 1" {
	run -1 "$LABSH" -c 'msgq --quiet send 2147480000 hi'
	[ "${lines[0]}" = "labsh: msgq: msgsnd 2147480000: Invalid argument" ]
	[ "${lines[1]}" = "hint: EINVAL: no queue has id 2147480000 (it was removed, or the id is mistyped: 'msgq ls' lists yours)" ]
	[ "${#lines[@]}" -eq 2 ]
	run -1 "$LABSH" -c 'msgq --quiet create >out; read _ id _ <out; echo $id >>msqids
		msgq --quiet rm $id >/dev/null; msgq --quiet recv $id --nowait'
	[[ ${lines[0]} =~ ^labsh:\ msgq:\ msgrcv\ [0-9]+:\ Invalid\ argument$ ]]
	[[ ${lines[1]} == "hint: EINVAL: no queue has id "* ]]
	run -1 "$LABSH" -c "msgq --quiet send --posix $(qname) hi"
	[ "${lines[0]}" = "labsh: msgq: mq_open $(qname): No such file or directory" ]
	[[ ${lines[1]} == "hint: ENOENT: "* ]]
}

@test "type 0 and a message over MSGMAX: EINVAL explained, and the queue loses nothing" {
	local max
	max=$(cat /proc/sys/kernel/msgmax)
	run -0 --separate-stderr "$LABSH" -c 'msgq --quiet create >out; read _ id _ <out; echo $id >>msqids
		echo "id $id"; msgq --quiet send $id first
		msgq --quiet send $id --type 0 zero; echo "status $?"
		msgq --quiet send $id "$(head -c '"$((max + 1))"' /dev/zero | tr "\0" x)"; echo "status $?"
		msgq --quiet stat $id | grep msg_qnum; msgq --quiet recv $id'
	local id=${lines[0]#id }
	line "status 1"
	[ "$(grep -c '^status 1$' <<<"$output")" -eq 2 ]
	[[ $output =~ msg_qnum\ +1\  ]]
	line "type 1: first"
	line "labsh: msgq: msgsnd $id: Invalid argument" "$stderr"
	line "hint: EINVAL: a message's type (mtype) must be above 0; 0 and below are for choosing in msgrcv" "$stderr"
	line "hint: EINVAL: the message has $((max + 1)) bytes, more than MSGMAX (/proc/sys/kernel/msgmax = $max), the largest message the kernel takes" "$stderr"
}

@test "EACCES: a queue whose mode does not let you write; EEXIST: a key in use" {
	if [ "$(id -u)" -eq 0 ]; then
		# root may use any queue: try it as nobody
		command -v setpriv >/dev/null || skip "running as root, and no setpriv"
		local as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		(cd / && "${as_nobody[@]}" "$LABSH" -c true) 2>/dev/null || skip "user 65534 cannot run $LABSH"
		run -0 "$LABSH" -c 'msgq --quiet create --keep'
		local id
		id=$(sed -n 's/^msqid \([0-9]*\) .*/\1/p' <<<"$output")
		echo "$id" >>msqids
		run -1 bash -c 'cd / && exec "$@"' as_nobody "${as_nobody[@]}" "$LABSH" -c "msgq --quiet send $id hi"
	else
		run -0 "$LABSH" -c 'msgq --quiet create --keep -m 400'
		local id
		id=$(sed -n 's/^msqid \([0-9]*\) .*/\1/p' <<<"$output")
		echo "$id" >>msqids
		run -1 "$LABSH" -c "msgq --quiet send $id hi"
	fi
	[ "${lines[0]}" = "labsh: msgq: msgsnd $id: Permission denied" ]
	[ "${lines[1]}" = "hint: EACCES: the queue's mode does not let you do that ('msgq stat $id' shows its perms); only its owner can change them" ]
	[ "$(ipcs_field "$id" qnum)" = 0 ]
	ipcrm -q "$id"

	local key=$((0x4c000000 + ($$ % 65536) * 16 + BATS_TEST_NUMBER))
	run -1 "$LABSH" -c "msgq --quiet create --key $key >out; read _ id _ <out; echo \$id >>msqids
		msgq --quiet create --key $key"
	[ "${lines[0]}" = "labsh: msgq: msgget $(printf '0x%08x' "$key"): File exists" ]
	[[ ${lines[1]} == "hint: EEXIST: a queue with that key exists already"* ]]
}

@test "usage errors: status 2, the usage line, and nothing created" {
	local bad
	for bad in "msgq" "msgq frob" "msgq send abc hi" "msgq send 1" "msgq recv /x" \
		"msgq create --posix" "msgq send 1 --prio 3 hi" "msgq create --type 2" \
		"msgq recv 1 --type x" "msgq create --key 0" "msgq create -m 999" \
		"msgq create extra" "msgq --demo now" "msgq send --posix /q --type 2 hi" \
		"msgq create --posix /q --msgsize 0"; do
		run -2 "$LABSH" -c "$bad"
		[[ ${lines[0]} == "labsh: msgq: "* ]] || { echo "$bad: ${lines[0]}"; false; }
		[[ $output == *"usage: msgq create [--key K]"* ]] || { echo "$bad: no usage"; false; }
	done
	run -2 "$LABSH" -c "msgq recv /x"
	[ "${lines[0]}" = "labsh: msgq: /x: not a queue id (msgq ls lists them); a /name needs --posix" ]
	# nothing recorded: no registry, no runtime dir
	rundir_empty
}
