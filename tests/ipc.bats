#!/usr/bin/env bats
# ipc.bats - the cleanup registry as `ipc ls` and `ipc clean` show it, and
# the private runtime directory.

load lib/helpers

shm_exists() { awk -v id="$1" 'NR > 1 && $2 == id { f = 1 } END { exit !f }' /proc/sysvipc/shm; }

@test "ipc ls in a shell that made nothing: says so, and makes no runtime dir" {
	run -0 "$LABSH" -c 'ipc ls'
	[ "$output" = "nothing: no object made by this shell is left" ]
	[ ! -e "$XDG_RUNTIME_DIR/labsh" ]
}

@test "ipc ls lists what shm and msgq create made; ipc clean removes it, narrated" {
	local q=/labsh-ipc-test-$$
	echo "$q" >>mqs
	run -0 "$LABSH" -c "shm create 4096 >out 2>/dev/null; msgq create --posix $q >/dev/null 2>&1; ipc ls; ipc clean; ipc ls"
	local id
	id=$(grep -o 'shmid [0-9]*' out | awk '{ print $2 }')
	[ -n "$id" ] && echo "$id" >>shmids
	[[ ${lines[0]} == "KIND"*"ID"*"NAME" ]]
	[[ $output == *"shm        $id "* ]]
	[[ $output == *"mq-posix   -          $q"* ]]
	[[ $output == *"shmctl($id, IPC_RMID, NULL) = 0"* ]]
	[[ $output == *"mq_unlink(\"$q\") = 0"* ]]
	[[ $output == *"removed 2 objects"* ]]
	[ "${lines[${#lines[@]} - 1]}" = "nothing: no object made by this shell is left" ]
	! shm_exists "$id"
	[ ! -e "/dev/mqueue$q" ]
	rundir_empty
}

@test "an object made in a \$( ) subshell belongs to the shell: listed, and removed when it exits" {
	run -0 "$LABSH" -c 'id=$(shm create 64); echo "made: $id"; ipc ls; echo "pid $$"'
	local id
	id=$(sed -n 's/^made: shmid \([0-9]*\).*/\1/p' <<<"$output")
	[ -n "$id" ]
	echo "$id" >>shmids
	[[ $output == *"shm        $id "* ]]
	# the shell has exited: the segment is gone, and so is the registry
	! shm_exists "$id"
	rundir_empty
}

@test "an object somebody else removed is no longer listed" {
	run -0 "$LABSH" -c 'shm create 64 >out; id=$(sed "s/shmid \([0-9]*\).*/\1/" out); ipcrm -m $id; ipc ls'
	[ "${lines[${#lines[@]} - 1]}" = "nothing: no object made by this shell is left" ]
	rundir_empty
}

@test "--keep: not recorded, so it survives the shell" {
	run -0 "$LABSH" -c 'shm create 64 --keep; ipc ls'
	local id
	id=$(sed -n 's/^shmid \([0-9]*\).*/\1/p' <<<"$output")
	[ -n "$id" ]
	echo "$id" >>shmids
	[[ $output == *"nothing: no object made by this shell is left"* ]]
	shm_exists "$id"
}

@test "a script killed by SIGTERM leaves its objects; ipc clean --stale removes them" {
	"$LABSH" -c 'shm create 64 >out; sleep 30' &
	local pid=$! id i
	STARTED+=("$pid")
	for i in $(seq 50); do [ -s out ] && break; sleep 0.1; done
	id=$(sed -n 's/^shmid \([0-9]*\).*/\1/p' out)
	[ -n "$id" ]
	echo "$id" >>shmids
	shm_exists "$id"
	# waiting for `sleep 30`, a script with no trap dies of SIGTERM at
	# once: it cannot clean up, and its registry stays behind
	kill -TERM "$pid"
	wait "$pid" || true
	shm_exists "$id"
	run -0 "$LABSH" -c 'ipc ls; ipc clean --stale'
	[ "${lines[0]}" = "nothing: no object made by this shell is left" ]
	[[ $output == *"shmctl($id, IPC_RMID, NULL) = 0"* ]]
	[ "${lines[${#lines[@]} - 1]}" = "removed 1 object" ]
	! shm_exists "$id"
	rundir_empty
}

@test "ipc dir: \$XDG_RUNTIME_DIR/labsh, mode 0700, made on first use" {
	run -0 "$LABSH" -c 'ipc dir; stat -c %a "$(ipc dir)"'
	[ "${lines[0]}" = "$XDG_RUNTIME_DIR/labsh" ]
	[ "${lines[1]}" = 700 ]
	rundir_empty
}

@test "ipc dir without XDG_RUNTIME_DIR: labsh-UID in TMPDIR" {
	mkdir -m 0755 tmp
	run -0 env -u XDG_RUNTIME_DIR TMPDIR="$PWD/tmp" "$LABSH" -c 'ipc dir; stat -c %a "$(ipc dir)"'
	[ "${lines[0]}" = "$PWD/tmp/labsh-$(id -u)" ]
	[ "${lines[1]}" = 700 ]
}

@test "a runtime dir others may enter, or a symlink, is refused: EPERM / ENOTDIR with a hint" {
	mkdir -m 0755 "$XDG_RUNTIME_DIR/labsh"
	run -1 "$LABSH" -c 'ipc dir'
	[ "${lines[0]}" = "labsh: ipc: runtime directory: Operation not permitted" ]
	[[ ${lines[1]} == "hint: EPERM: "* ]]
	rmdir "$XDG_RUNTIME_DIR/labsh"
	mkdir elsewhere
	ln -s "$PWD/elsewhere" "$XDG_RUNTIME_DIR/labsh"
	run -1 "$LABSH" -c 'ipc dir'
	[ "${lines[0]}" = "labsh: ipc: runtime directory: Not a directory" ]
}

@test "ipc: usage errors, status 2" {
	run -2 "$LABSH" -c 'ipc'
	[[ ${lines[0]} == "labsh: ipc: a subcommand is required"* ]]
	[[ ${lines[1]} == "usage: ipc ls | ipc clean [--stale] | ipc dir" ]]
	run -2 "$LABSH" -c 'ipc frobnicate'
	[[ ${lines[0]} == "labsh: ipc: frobnicate: unknown subcommand"* ]]
}
