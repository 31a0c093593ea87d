#!/usr/bin/env bats
# shm.bats - shared memory: System V segments and POSIX objects made, used
# and removed across processes, the demos, bad input and Ctrl-C.
#
# Everything is checked against the kernel's own view (/proc/sysvipc/shm,
# ipcs -m -i, /dev/shm), by id: other users of the machine may have
# segments of their own.  Every segment and name a test makes is noted in
# SEGS / NAMES and removed by teardown, whatever happened.

load lib/helpers

eval "helpers_$(declare -f teardown)"

SEGS=()
NAMES=()

setup() {
	labsh_setup
	# a POSIX name of this test only
	PNAME=/labsh-bats-$$-$BATS_TEST_NUMBER
	NAMES+=("$PNAME")
}

teardown() {
	local id name
	for id in "${SEGS[@]}"; do
		ipcrm -m "$id" 2>/dev/null || true
	done
	for name in "${NAMES[@]}"; do
		rm -f "/dev/shm${name}" "/dev/shm/sem.${name#/}"
	done
	helpers_teardown
}

# seg ID: the line of segment ID in /proc/sysvipc/shm (empty if gone):
# key shmid perms size cpid lpid nattch uid ...
seg() {
	awk -v id="$1" 'NR > 1 && $2 == id' /proc/sysvipc/shm
}

# field ID N: field N of that line
field() {
	seg "$1" | awk -v n="$2" '{ print $n }'
}

# gone_within ID: the segment disappears within 5 s (a shell exiting)
gone_within() {
	local i
	for i in $(seq 50); do
		[ -z "$(seg "$1")" ] && return 0
		sleep 0.1
	done
	echo "segment $1 still there: $(seg "$1")"
	return 1
}

# new_id: the shmid in "shmid N key 0x... size S" of $output; noted for
# teardown.
new_id() {
	[[ $output =~ shmid\ ([0-9]+)\ key\ 0x[0-9a-f]{8}\ size\ [0-9]+ ]] ||
		{ echo "no shmid in: $output"; return 1; }
	ID=${BASH_REMATCH[1]}
	SEGS+=("$ID")
}

@test "create, write, read, stat, rm: the kernel shows size, perms 600, nattch 0" {
	run -0 --separate-stderr "$LABSH" -c 'shm create 4K --keep'
	new_id
	[ "$output" = "shmid $ID key 0x00000000 size 4096 (kept: remove it with shm rm)" ]
	[[ $stderr =~ ^\[([0-9]+)\]\ shmget\(IPC_PRIVATE,\ 4096,\ IPC_CREAT\|IPC_EXCL\|0600\)\ =\ $ID\  ]]
	local creator=${BASH_REMATCH[1]}
	# key 0, perms 600, size 4096, cpid the creating shell, nattch 0
	[ "$(seg "$ID" | awk '{ print $1, $3, $4, $5, $7 }')" = "0 600 4096 $creator 0" ]
	run -0 ipcs -m -i "$ID"
	[[ $output == *"mode=0600"* && $output == *"bytes=4096"* && $output == *"nattch=0"* ]]

	run -0 --separate-stderr "$LABSH" -c "shm write $ID 'hello, world'"
	[ "$output" = "$(printf '%s\n' "$output" | grep '^wrote 13 bytes')" ]
	[[ $stderr == *"shmat($ID, NULL, 0)"*"shmdt("*") = 0"* ]]
	run -0 --separate-stderr "$LABSH" -c "shm read $ID"
	[ "$output" = "hello, world" ]
	[[ $stderr =~ \[([0-9]+)\]\ shmat\($ID,\ NULL,\ SHM_RDONLY\) ]]
	local reader=${BASH_REMATCH[1]}
	# the last shmat/shmdt was the reader's; nothing is attached now
	[ "$(field "$ID" 6)" = "$reader" ]
	[ "$(field "$ID" 7)" = 0 ]

	run -0 --separate-stderr "$LABSH" -c "shm stat $ID"
	[[ $output == *$'\nsize    4096\n'* ]]
	[[ $output == *$'\nmode    0600 (rw-------)\n'* ]]
	[[ $output == *$'\nnattch  0\n'* ]]
	[[ $output == *$'\ncpid    '"$creator"$' (created it)\n'* ]]
	[[ $output == *$'\nlpid    '"$reader"$' (last shmat or shmdt)\n'* ]]
	[[ $output == *$'\nowner   uid '"$(id -u)"' '* ]]

	run -0 --separate-stderr "$LABSH" -c "shm rm $ID"
	[[ $stderr == *"shmctl($ID, IPC_RMID, NULL) = 0"* ]]
	[ -z "$(seg "$ID")" ]
	rundir_empty
}

@test "one labsh creates, a second writes, a third reads; the first removes it when it exits" {
	mkfifo go
	"$LABSH" -c 'shm create 4096 >id; read x <go; echo end' >out 2>err &
	local first=$!
	STARTED+=("$first")
	for _ in $(seq 50); do [ -s id ] && break; sleep 0.1; done
	output=$(cat id)
	new_id
	[ "$(field "$ID" 5)" = "$first" ]

	run -0 --separate-stderr "$LABSH" -c "shm write $ID 'from the second'"
	[[ $stderr =~ \[([0-9]+)\]\ shmat\($ID, ]]
	local second=${BASH_REMATCH[1]}
	run -0 --separate-stderr "$LABSH" -c "shm read $ID"
	[ "$output" = "from the second" ]
	[[ $stderr =~ \[([0-9]+)\]\ shmat\($ID, ]]
	local third=${BASH_REMATCH[1]}
	[ "$first" != "$second" ] && [ "$second" != "$third" ]
	[ "$(field "$ID" 6)" = "$third" ]

	# the first shell's `ipc ls` is not reachable; its registry file is
	grep -q "^shm $ID " "$XDG_RUNTIME_DIR"/labsh/objects-"$first"
	echo >go
	wait "$first"
	gone_within "$ID"
	grep -q "shmctl($ID, IPC_RMID, NULL) = 0 .*cleanup: left behind, removed now" err
	rundir_empty
}

@test "a shell that exits removes what it created; --keep survives it" {
	run -0 --separate-stderr "$LABSH" -c 'shm create 4096'
	new_id
	[[ $stderr == *"shmctl($ID, IPC_RMID, NULL) = 0"*"cleanup: left behind, removed now"* ]]
	[ -z "$(seg "$ID")" ]

	run -0 --separate-stderr "$LABSH" -c 'shm create 4096 --keep'
	new_id
	[[ $stderr != *IPC_RMID* ]]
	[ -n "$(seg "$ID")" ]
	ipcrm -m "$ID"
	rundir_empty
}

@test "id=\$(shm create 64 | ...): made in a subshell, listed by ipc ls, removed at exit" {
	run -0 --separate-stderr "$LABSH" -c 'id=$(shm create 64 | cut -d" " -f2)
		echo "id=$id"
		shm write $id sub
		shm read $id
		ipc ls
		shm ls'
	[[ ${lines[0]} =~ ^id=([0-9]+)$ ]]
	ID=${BASH_REMATCH[1]}
	SEGS+=("$ID")
	[[ $output == *$'\nsub\n'* ]]
	printf '%s\n' "${lines[@]}" | grep -Eq "^shm +$ID +-$"
	printf '%s\n' "${lines[@]}" | grep -Eq "^0x00000000 $ID +[^ ]+ +600 +64 +0 +\(this shell's\)$"
	# the subshell's PID made it; the shell removed it
	[[ $stderr =~ \[([0-9]+)\]\ shmget\(IPC_PRIVATE,\ 64, ]]
	local sub=${BASH_REMATCH[1]}
	[[ $stderr =~ \[([0-9]+)\]\ shmctl\($ID,\ IPC_RMID,\ NULL\)\ =\ 0 ]]
	[ "${BASH_REMATCH[1]}" != "$sub" ]
	[[ $stderr == *'open("/proc/sysvipc/shm", O_RDONLY|O_CLOEXEC) = '*"the kernel's list of segments"* ]]
	[ -z "$(seg "$ID")" ]
	rundir_empty
}

@test "--key and -m: the key in hex, the mode in the kernel, EEXIST for a second create" {
	local key
	key=$(printf '0x%08x' $(( 0x10000000 | (RANDOM << 12) | (RANDOM & 0xfff) )))
	run -1 --separate-stderr "$LABSH" -c "shm create 100 --key $key -m 640
		shm ls
		shm create 200 --key $key"
	new_id
	[ "${lines[0]}" = "shmid $ID key $key size 100" ]
	printf '%s\n' "${lines[@]}" | grep -Eq "^$key $ID +[^ ]+ +640 +100 +0 +\(this shell's\)$"
	[ "$(printf '0x%08x' "$(field "$ID" 1)")" = "$key" ] || [ -z "$(seg "$ID")" ]
	[[ $stderr == *"shmget($key, 200, IPC_CREAT|IPC_EXCL|0600) = -1 EEXIST (File exists)"* ]]
	[[ $stderr == *$'\nlabsh: shm: shmget('"$key"$', 200): File exists\nhint: EEXIST: '* ]]
	[ -z "$(seg "$ID")" ]
}

@test "POSIX: create, write, read, stat, ls, rm, seen in /dev/shm" {
	touch "/dev/shm/sem.${PNAME#/}"	# a semaphore's file: not listed
	run -0 --separate-stderr "$LABSH" -c "shm create --posix $PNAME 4K --keep"
	[ "$output" = "posix $PNAME size 4096 file /dev/shm$PNAME (kept: remove it with shm rm --posix)" ]
	[[ $stderr == *"shm_open(\"$PNAME\", O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, 0600) = "* ]]
	[[ $stderr == *"ftruncate("*", 4096) = 0"* ]]
	[ "$(stat -c '%s %a %u' "/dev/shm$PNAME")" = "4096 600 $(id -u)" ]

	run -0 --separate-stderr "$LABSH" -c "shm write --posix $PNAME 'posix text'"
	[[ $stderr == *"mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED, "* ]]
	[ "$(head -c 11 "/dev/shm$PNAME" | od -An -c | tr -s ' ')" = " p o s i x t e x t \\0" ]
	run -0 --separate-stderr "$LABSH" -c "shm read --posix $PNAME"
	[ "$output" = "posix text" ]
	run -0 --separate-stderr "$LABSH" -c "shm stat --posix $PNAME"
	[[ $output == *$'\nsize    4096\n'* && $output == *$'\nmode    0600 (rw-------)\n'* ]]
	[[ $output == *"inode $(stat -c %i "/dev/shm$PNAME")"* ]]
	run -0 --separate-stderr "$LABSH" -c "shm ls --posix"
	printf '%s\n' "${lines[@]}" | grep -Eq "^$PNAME +[^ ]+ +600 +4096 "
	[[ $output != *"sem.${PNAME#/}"* ]]
	run -0 --separate-stderr "$LABSH" -c "shm rm --posix $PNAME"
	[[ $stderr == *"shm_unlink(\"$PNAME\") = 0"* ]]
	[ ! -e "/dev/shm$PNAME" ]
}

@test "POSIX: not kept, the object is listed by ipc ls and unlinked when the shell exits" {
	run -0 --separate-stderr "$LABSH" -c "shm create --posix $PNAME 64; ipc ls; test -e /dev/shm$PNAME && echo there"
	printf '%s\n' "${lines[@]}" | grep -Eq "^shm-posix +- +$PNAME$"
	[ "${lines[-1]}" = there ]
	[[ $stderr == *"shm_unlink(\"$PNAME\") = 0"*"cleanup: left behind, removed now"* ]]
	[ ! -e "/dev/shm$PNAME" ]
	rundir_empty
}

@test "--demo: the child's increments are seen by the parent; fork's result is the child's PID" {
	run -0 --separate-stderr "$LABSH" -c 'shm --demo'
	[[ $stderr =~ \[([0-9]+)\]\ shmget\(0x[0-9a-f]{8},\ 4096,\ IPC_CREAT\|IPC_EXCL\|0600\)\ =\ ([0-9]+) ]]
	local parent=${BASH_REMATCH[1]} id=${BASH_REMATCH[2]}
	SEGS+=("$id")
	[[ $stderr =~ \[$parent\]\ fork\(\)\ =\ ([0-9]+) ]]
	local child=${BASH_REMATCH[1]}
	[[ $stderr == *"[$child] fork() = 0 "* ]]
	[[ $stderr =~ \[$parent\]\ shmat\($id,\ NULL,\ 0\)\ +=\ (0x[0-9a-f]+) ]]
	local paddr=${BASH_REMATCH[1]}
	[[ $stderr =~ \[$child\]\ shmat\($id,\ NULL,\ 0\)\ +=\ (0x[0-9a-f]+) ]]
	local caddr=${BASH_REMATCH[1]}
	# the child's own attachment is another address, the same memory
	[ "$paddr" != "$caddr" ]
	[[ $output == *"child $child: attached at $caddr (inherited at $paddr), nattch 3"* ]]
	[[ $output == *"child $child: ++counter through $caddr: 3"* ]]
	[[ $output == *"parent $parent: counter at $paddr = 3, written by child $child: the same memory"* ]]
	[[ $stderr == *"[$parent] waitpid($child, &status, 0) = $child "*"exited, status 0"* ]]
	# nothing left
	[ -z "$(seg "$id")" ]
	[ ! -e "/proc/$child" ]
	rundir_empty
}

@test "--demo: a segment removed while attached lives, key IPC_PRIVATE and dest, until the last shmdt" {
	run -0 --separate-stderr "$LABSH" -c 'shm --demo'
	[[ $stderr =~ ftok\([^\)]*\)\ =\ [0-9]+\ +(0x[0-9a-f]{8}) ]]
	local key=${BASH_REMATCH[1]}
	[[ $stderr =~ shmget\($key,\ 4096,[^=]*=\ ([0-9]+) ]]
	local id=${BASH_REMATCH[1]}
	SEGS+=("$id")
	local o
	o=$(printf '%s\n' "$output" | grep -F "/proc/sysvipc/shm: ")
	# before, after IPC_RMID, after the last shmdt
	[ "$(sed -n 1p <<<"$o")" = "  /proc/sysvipc/shm: key $key shmid $id perms 600 size 4096 nattch 1" ]
	[ "$(sed -n 2p <<<"$o")" = "  /proc/sysvipc/shm: key 0x00000000 shmid $id perms 1600 size 4096 nattch 1  (dest: marked for removal)" ]
	[ "$(sed -n 3p <<<"$o")" = "  /proc/sysvipc/shm: no line for shmid $id: the segment is gone" ]
	[[ $stderr == *"shmctl($id, IPC_RMID, NULL) = 0"*"shmctl($id, IPC_STAT, &ds) = 0 "*"key 0x00000000, size 4096, nattch 1, SHM_DEST"*"shmdt("*"the last detach"*"shmctl($id, IPC_STAT, &ds) = -1 EINVAL"* ]]
	[[ $output == *"key now 0x00000000 (IPC_PRIVATE)"*"counter = 3"* ]]
	[ -z "$(seg "$id")" ]
}

@test "--demo seen from outside: perms 1600, key 0, status dest in ipcs while it waits for shmdt" {
	"$LABSH" -c 'shm --demo --slow 1000' >out 2>err &
	STARTED+=("$!")
	local i id=
	for i in $(seq 150); do
		grep -q 'IPC_RMID' err && break
		sleep 0.1
	done
	[[ $(cat err) =~ shmctl\(([0-9]+),\ IPC_RMID ]]
	id=${BASH_REMATCH[1]}
	SEGS+=("$id")
	# the demo now pauses 1 s after each call until its shmdt
	[ "$(seg "$id" | awk '{ print $1, $3, $7 }')" = "0 1600 1" ]
	ipcs -m | grep -E "^0x00000000 +$id .* dest *$"
	wait "$!"
	[ -z "$(seg "$id")" ]
}

@test "--demo --mmap: the child's write shows in MAP_SHARED, not in MAP_PRIVATE; the file is read back" {
	run -0 --separate-stderr "$LABSH" -c 'shm --demo --mmap'
	[[ $stderr =~ \[([0-9]+)\]\ fork\(\)\ =\ ([1-9][0-9]*) ]]
	local parent=${BASH_REMATCH[1]} child=${BASH_REMATCH[2]}
	[[ $stderr == *"[$child] fork() = 0 "* ]]
	[[ $stderr =~ mmap\(NULL,\ 4096,\ PROT_READ\|PROT_WRITE,\ MAP_SHARED\|MAP_ANONYMOUS,\ -1,\ 0\)\ +=\ (0x[0-9a-f]+) ]]
	local shared=${BASH_REMATCH[1]}
	[[ $stderr =~ mmap\(NULL,\ 4096,\ PROT_READ\|PROT_WRITE,\ MAP_PRIVATE\|MAP_ANONYMOUS,\ -1,\ 0\)\ +=\ (0x[0-9a-f]+) ]]
	local private=${BASH_REMATCH[1]}
	[[ $output == *"child $child: wrote 42 to shared at $shared and to private at $private"* ]]
	[[ $output == *"parent $parent: shared = 42 (the child's write), private = 0 (the child wrote its own copy)"* ]]
	# the file: mapped, written, msync'd, read back, removed
	[[ $stderr =~ open\(\"($XDG_RUNTIME_DIR/labsh/shm-demo-$parent.data)\",\ O_RDWR\|O_CREAT\|O_EXCL ]]
	local file=${BASH_REMATCH[1]}
	[[ $stderr == *"msync("*", 4096, MS_SYNC) = 0"* ]]
	[[ $output == *"parent $parent: read(2) of the file gives \"written through the mapping\""* ]]
	[[ $stderr == *"unlink(\"$file\") = 0"* ]]
	[ ! -e "$file" ]
	[ ! -e "/proc/$child" ]
	rundir_empty
}

@test "--quiet: the results only" {
	run -0 --separate-stderr "$LABSH" -c 'shm --demo --quiet'
	[ -z "$stderr" ]
	[[ $output =~ parent\ [0-9]+:\ counter\ at\ 0x[0-9a-f]+\ =\ 3, ]]
	run -0 --separate-stderr "$LABSH" -c 'shm create 64 --quiet --keep'
	new_id
	[ -z "$stderr" ]
}

@test "a bad or removed id: EINVAL with its hint, status 1" {
	run -0 --separate-stderr "$LABSH" -c 'shm create 64 --keep'
	new_id
	ipcrm -m "$ID"
	local cmd
	for cmd in "read $ID" "write $ID x" "stat $ID"; do
		run -1 --separate-stderr "$LABSH" -c "shm $cmd"
		[ "${stderr_lines[1]}" = "labsh: shm: shmctl($ID, IPC_STAT): Invalid argument" ]
		[ "${stderr_lines[2]}" = "hint: EINVAL: no segment has that id; it may have been removed ('shm ls' lists yours, 'ipcs -m' all)" ]
		[ "${#stderr_lines[@]}" -eq 3 ]
		[ -z "$output" ]
	done
	run -1 --separate-stderr "$LABSH" -c "shm rm $ID"
	[ "${stderr_lines[1]}" = "labsh: shm: shmctl($ID, IPC_RMID): Invalid argument" ]
	[[ ${stderr_lines[2]} == "hint: EINVAL: "* ]]
	run -2 --separate-stderr "$LABSH" -c 'shm read 12x'
	[ "${stderr_lines[0]}" = "labsh: shm: 12x: not a segment id (a number that shm create or ipcs -m printed)" ]
	[[ ${stderr_lines[1]} == "usage: shm create SIZE "* ]]
}

@test "a missing POSIX name: ENOENT with its hint, nothing created" {
	local cmd
	for cmd in "read --posix $PNAME" "write --posix $PNAME x" "stat --posix $PNAME" "rm --posix $PNAME"; do
		run -1 --separate-stderr "$LABSH" -c "shm $cmd"
		[[ ${stderr_lines[0]} == *"(\"$PNAME\""*") = -1 ENOENT (No such file or directory)" ]]
		[[ ${stderr_lines[1]} == "labsh: shm: shm_"*"($PNAME): No such file or directory" ]]
		[ "${stderr_lines[2]}" = "hint: ENOENT: no POSIX shared memory object has that name; 'shm ls --posix' lists yours in /dev/shm" ]
		[ ! -e "/dev/shm$PNAME" ]
	done
	run -2 --separate-stderr "$LABSH" -c 'shm read --posix no/slash'
	[[ ${stderr_lines[0]} == "labsh: shm: no/slash: a POSIX name is /NAME"* ]]
}

@test "another user's segment, or a mode without write: EACCES; removing it: EPERM" {
	[ "$(id -u)" = 0 ] || skip "needs root to act as another user"
	command -v setpriv >/dev/null || skip "no setpriv"
	run -0 --separate-stderr "$LABSH" -c 'shm create 64 --keep -m 644'
	new_id
	local other
	other() { setpriv --reuid=65534 --regid=65534 --clear-groups env -u XDG_RUNTIME_DIR HOME=/ "$LABSH" -c "$1"; }
	"$LABSH" -c "shm write $ID mine" 2>/dev/null
	# 644: others may read, not write
	run -0 --separate-stderr other "shm read $ID"
	[ "$output" = mine ]
	run -1 --separate-stderr other "shm write $ID theirs"
	[[ $stderr == *"shmat($ID, NULL, 0) = -1 EACCES (Permission denied)"* ]]
	[[ $stderr == *$'\nlabsh: shm: shmat('"$ID"$'): Permission denied\nhint: EACCES: '* ]]
	run -1 --separate-stderr other "shm rm $ID"
	[[ $stderr == *$'\nhint: EPERM: only the owner, the creator or root may remove or change a segment'* ]]
	[ -n "$(seg "$ID")" ]
	run -0 --separate-stderr "$LABSH" -c "shm read $ID"
	[ "$output" = mine ]
	# 600: others may not even look
	run -0 --separate-stderr "$LABSH" -c 'shm create 64 --keep'
	new_id
	run -1 --separate-stderr other "shm read $ID"
	[ "${stderr_lines[1]}" = "labsh: shm: shmctl($ID, IPC_STAT): Permission denied" ]
	[[ ${stderr_lines[2]} == "hint: EACCES: the segment's mode does not give you that access"* ]]
}

@test "size 0, above SHMMAX or not a size: usage error naming the limit, no call made" {
	local max
	max=$(cat /proc/sys/kernel/shmmax)
	run -2 --separate-stderr "$LABSH" -c 'shm create 0'
	[ "${stderr_lines[0]}" = "labsh: shm: 0: EINVAL: a segment has at least 1 byte (SHMMIN)" ]
	[[ ${stderr_lines[1]} == "usage: shm create SIZE "* ]]
	run -2 --separate-stderr "$LABSH" -c 'shm create 18446744073709551615'
	[ "${stderr_lines[0]}" = "labsh: shm: 18446744073709551615: EINVAL: more than SHMMAX, $max bytes (/proc/sys/kernel/shmmax)" ]
	run -2 --separate-stderr "$LABSH" -c 'shm create 20000000000000M'
	[[ ${stderr_lines[0]} == *"more than SHMMAX, $max bytes"* ]]
	run -2 --separate-stderr "$LABSH" -c 'shm create 12Q'
	[ "${stderr_lines[0]}" = "labsh: shm: 12Q: not a size (bytes, or with K, M or G)" ]
	run -2 --separate-stderr "$LABSH" -c "shm create --posix $PNAME 0"
	[ ! -e "/dev/shm$PNAME" ]
	[[ $stderr != *shmget* && $stderr != *shm_open* ]]
	run -2 --separate-stderr "$LABSH" -c 'shm frobnicate'
	[[ ${stderr_lines[0]} == "labsh: shm: frobnicate: unknown subcommand"* ]]
	run -2 --separate-stderr "$LABSH" -c 'shm create 64 --bogus'
	[ "${stderr_lines[0]}" = "labsh: shm: --bogus: unknown option" ]
	rundir_empty
}

@test "write longer than the segment: refused, nothing written" {
	run -0 --separate-stderr "$LABSH" -c 'shm create 16 --keep'
	new_id
	"$LABSH" -c "shm write $ID before" 2>/dev/null
	run -1 --separate-stderr "$LABSH" -c "shm write $ID 'sixteen bytes ok'"
	[ "${stderr_lines[1]}" = "labsh: shm: $ID: the text needs 17 bytes with its NUL, the segment has 16: nothing written" ]
	[[ ${stderr_lines[2]} == "hint: a segment never grows"* ]]
	[[ $stderr != *shmat* ]]
	run -0 --separate-stderr "$LABSH" -c "shm read $ID"
	[ "$output" = before ]
	run -0 --separate-stderr "$LABSH" -c "shm write $ID '15 bytes is ok'; shm read $ID"
	[ "${lines[-1]}" = "15 bytes is ok" ]
	# POSIX too
	run -0 "$LABSH" -c "shm create --posix $PNAME 4 --keep"
	run -1 --separate-stderr "$LABSH" -c "shm write --posix $PNAME abcd"
	[[ $stderr == *"labsh: shm: $PNAME: the text needs 5 bytes with its NUL, the object has 4: nothing written"* ]]
	[ "$(od -An -tx1 "/dev/shm$PNAME" | tr -d ' ')" = 00000000 ]
}

@test "Ctrl-C during shm --demo --slow 800: prompt back, status 130, no segment or child left" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send shm --demo --slow 800\r
	expect in the parent: fork returns the child
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send exit 0\r
	wait
	EOF
	local text
	text=$(screen_text)
	[[ $text =~ shmget\([^\)]*\)\ =\ ([0-9]+) ]]
	local id=${BASH_REMATCH[1]}
	SEGS+=("$id")
	[[ $text =~ \[([0-9]+)\]\ fork\(\)\ =\ ([1-9][0-9]*) ]]
	local shell=${BASH_REMATCH[1]} child=${BASH_REMATCH[2]}
	# the child died of the Ctrl-C; the parent detached, then the
	# cleanup removed the segment
	[[ $text == *"waitpid($child, &status, 0) = $child "*"killed by SIGINT"* ]]
	[[ $text != *"written by child"* ]]
	[[ $text == *"shmdt("*"the demo ends"*"shmctl($id, IPC_RMID, NULL) = 0"*"cleanup: left behind"* ]]
	[ -z "$(seg "$id")" ]
	[ ! -e "/proc/$child" ]
	[ ! -e "/proc/$shell" ] || no_children_of "$shell"
	rundir_empty
}
