#!/usr/bin/env bats
# pipeline.bats - pipelines as the kernel sees them: one process per stage,
# each a child of the shell, joined by one pipe; builtins in a stage run in
# a child; statuses, SIGPIPE, and no zombies left behind.
# What dash also does is compared in differential.bats (tests/diff/*.cases).

load lib/helpers

@test "each stage is its own process, and every one is a child of the shell" {
	# The last stage lists the children of its parent (the shell) from
	# /proc, once both sleeps have exec'd: "PID COMM" lines.
	cat >stages <<-'EOF'
	i=0
	while [ $i -lt 50 ]; do
		list=$(for p in /proc/[0-9]*; do
			read -r stat 2>/dev/null <$p/stat || continue
			set -- $stat
			[ "$4" = "$PPID" ] && echo "$1 $2"
		done)
		[ "$(printf '%s\n' "$list" | grep -c '(sleep)$')" -eq 2 ] && break
		sleep 0.1; i=$((i + 1))
	done
	printf '%s\n' "$list"
	EOF
	run -0 --separate-stderr "$LABSH" -c 'echo $$; sleep 2 | sleep 2 | sh ./stages; :'
	[ -z "$stderr" ]
	local shell=${lines[0]}
	[ "${#lines[@]}" -eq 4 ]
	# three processes: the two sleeps and sh, with distinct PIDs, none the shell
	[ "$(printf '%s\n' "${lines[@]:1}" | awk '{ print $2 }' | sort | tr '\n' ' ')" = "(sh) (sleep) (sleep) " ]
	[ "$(printf '%s\n' "${lines[@]:1}" | awk '{ print $1 }' | sort -u | wc -l)" -eq 3 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | grep -c "^$shell ")" -eq 0 ]
}

@test "the stages are joined by one pipe: stage 1's stdout is stage 2's stdin" {
	run -0 --separate-stderr "$LABSH" -c '
		sh -c "readlink /proc/\$\$/fd/1; sleep 0.2" | sh -c "readlink /proc/\$\$/fd/0; cat"'
	[[ ${lines[0]} =~ ^pipe:\[[0-9]+\]$ ]]
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${#lines[@]}" -eq 2 ]
	[ -z "$stderr" ]
}

@test "a builtin in a pipeline runs in a child: its changes are lost" {
	run -0 --separate-stderr "$LABSH" -c '
		x=1 | true; echo "x=${x-unset}"
		cd / | true; pwd
		exit 3 | true; echo still here
		set -- a b | true; echo "args=$#"'
	[ "$output" = "x=unset
$PWD
still here
args=0" ]
	[ -z "$stderr" ]
}

@test "a builtin stage is a child of the shell with its own PID; \$\$ stays the shell's" {
	run -0 --separate-stderr "$LABSH" -c '
		echo $$
		echo $$ | cat
		sh -c "echo \$PPID" | cat
		{ read -r pid comm state ppid rest </proc/self/stat; echo "$pid $ppid"; } | cat'
	local shell=${lines[0]}
	[[ $shell =~ ^[0-9]+$ ]]
	[ "${lines[1]}" = "$shell" ]
	[ "${lines[2]}" = "$shell" ]
	local pid ppid
	read -r pid ppid <<<"${lines[3]}"
	[ "$ppid" = "$shell" ]
	[ "$pid" != "$shell" ]
	[ -z "$stderr" ]
}

@test "a pipeline's status is its last stage's; pipefail; ! inverts" {
	run -0 --separate-stderr "$LABSH" -c '
		true | false; echo $?
		false | true; echo $?
		(exit 3) | (exit 4); echo $?
		set -o pipefail
		false | true; echo $?
		(exit 3) | (exit 4) | true; echo $?
		true | true; echo $?
		! (exit 3) | true; echo $?
		set +o pipefail
		! true | false; echo $?
		! true; echo $?'
	[ "$output" = "1
0
4
1
4
0
0
0
1" ]
	[ -z "$stderr" ]
}

@test "yes | head -1 ends by SIGPIPE: status 0, no message; 141 under pipefail" {
	run -0 --separate-stderr timeout 10 "$LABSH" -c 'yes | head -1; echo "st=$?"; set -o pipefail; yes | head -1; echo "st=$?"'
	[ "$output" = "y
st=0
y
st=141" ]
	[ -z "$stderr" ]
}

@test "1,000 two-stage pipelines leave no zombie behind" {
	cat >script <<-'EOF'
	i=0
	while [ $i -lt 1000 ]; do echo x | cat >/dev/null; i=$((i + 1)); done
	echo $$ >pid
	exec sleep 10
	EOF
	"$LABSH" script 3>&- &
	local pid=$! i
	for i in $(seq 300); do
		[ "$(cat /proc/$pid/comm 2>/dev/null)" = sleep ] && break
		sleep 0.1
	done
	# exec keeps the PID and its children: any unreaped stage would show
	# up as a child (a zombie) of the sleep.
	[ "$(cat /proc/$pid/comm)" = sleep ]
	[ "$(cat pid)" = "$pid" ]
	local ok=0
	no_children_of "$pid" || ok=1
	kill "$pid"
	wait "$pid" || true
	[ "$ok" -eq 0 ]
}
