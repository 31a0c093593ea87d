#!/usr/bin/env bats
# ptree.bats - the process tree, from /proc/PID/stat and cmdline.

load lib/helpers

# state PID: the state letter /proc gives for PID.
state() {
	sed 's/.*) \(.\).*/\1/' "/proc/$1/stat"
}

# until_state PID LETTER: wait (at most 5 s) for PID to be in state LETTER.
until_state() {
	local i
	for i in $(seq 50); do
		[ "$(state "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	echo "$1 never reached state $2"
	return 1
}

# field N of /proc/PID/stat, counted after the command name.
stat_field() {
	sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f"$2"
}

HEADER='PID PPID PGID SID STAT TTY CMD'

@test "ptree PID: a stopped process shows state T" {
	sleep 30 3>&- &
	local pid=$!
	STARTED+=("$pid")
	wait_for_exec "$pid" sleep
	kill -STOP "$pid"
	until_state "$pid" T
	run -0 "$LABSH" -c "ptree $pid"
	[ "$(echo "${lines[0]}" | tr -s ' ' | sed 's/^ //')" = "$HEADER" ]
	[ "${#lines[@]}" -eq 2 ]
	read -r p pp pg sid st tty cmd <<<"${lines[1]}"
	[ "$p" = "$pid" ]
	[ "$pp" = "$(stat_field "$pid" 2)" ]
	[ "$pg" = "$(stat_field "$pid" 3)" ]
	[ "$sid" = "$(stat_field "$pid" 4)" ]
	[ "$st" = T ]
	[ "$cmd" = "sleep 30" ]
}

@test "children are indented under their parent, in PID order" {
	sh -c 'sleep 30 & sleep 31 & wait' 3>&- &
	local parent=$!
	STARTED+=("$parent")
	for _ in $(seq 50); do
		[ "$(grep -l "^PPid:[[:space:]]*$parent\$" /proc/[0-9]*/status 2>/dev/null | wc -l)" -eq 2 ] && break
		sleep 0.1
	done
	STARTED+=($(grep -l "^PPid:[[:space:]]*$parent\$" /proc/[0-9]*/status | cut -d/ -f3))
	until_state "$parent" S
	run -0 "$LABSH" -c "ptree $parent"
	[ "${#lines[@]}" -eq 4 ]
	[[ ${lines[1]} =~ ^\ +$parent\ .*\ sh\ -c\ sleep\ 30 ]]
	[[ ${lines[2]} =~ ^\ +[0-9]+\ +$parent\ .*\ \ \\_\ sleep\ 30$ ]]
	[[ ${lines[3]} =~ ^\ +[0-9]+\ +$parent\ .*\ \ \\_\ sleep\ 31$ ]]
}

@test "a zombie shows state Z and <defunct>" {
	# The exec'd sleep is the parent of a child it never waits for.
	bash -c 'sleep 0.1 & exec sleep 30' 3>&- &
	local parent=$!
	STARTED+=("$parent")
	local i
	for i in $(seq 50); do
		run -0 "$LABSH" -c "ptree $parent"
		[[ ${lines[2]:-} =~ \ Z\ .*\\_\ \[sleep\]\ \<defunct\>$ ]] && return 0
		sleep 0.1
	done
	false
}

@test "a command name with spaces and ')' does not confuse the parser" {
	cp /bin/sleep "a) (b"
	"./a) (b" 30 3>&- &
	local pid=$!
	STARTED+=("$pid")
	wait_for_exec "$pid" "a) (b"
	run -0 "$LABSH" -c "ptree $pid"
	read -r p pp pg sid st tty cmd <<<"${lines[1]}"
	[ "$p" = "$pid" ]
	[ "$pp" = "$BASHPID" ]
	[[ $st == [RS] ]]
	[ "$cmd" = "./a) (b 30" ]
}

@test "ptree alone: the shell itself, running, as the root" {
	run -0 "$LABSH" -c ptree
	read -r p pp pg sid st tty cmd <<<"${lines[1]}"
	[ "$st" = R ]
	[ "$cmd" = "$LABSH -c ptree" ]
}

@test "on a terminal, '+' marks the group that owns it" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send ptree\r
	match R\+ +pts/[0-9]+ +.*labsh --norc
	send exit\r
	wait
	EOF
}

@test "ptree 999999: no such process, status 1" {
	run -1 --separate-stderr "$LABSH" -c 'ptree 999999'
	[ "${stderr_lines[0]}" = "labsh: ptree: 999999: no such process" ]
	[ -z "$output" ]
}

@test "ptree with a non-numeric PID or two PIDs: usage error, status 2" {
	run -2 --separate-stderr "$LABSH" -c 'ptree abc'
	[ "${stderr_lines[0]}" = "labsh: ptree: abc: not a process ID or %job" ]
	[ "${stderr_lines[1]}" = "usage: ptree [PID | %JOB]" ]
	run -2 --separate-stderr "$LABSH" -c 'ptree 1 2'
	[ "${stderr_lines[0]}" = "labsh: ptree: too many arguments" ]
}
