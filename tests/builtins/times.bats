#!/usr/bin/env bats
# times.bats - times: CPU time of the shell and of its children, from
# times(2), in the POSIX format "%dm%fs %dm%fs\n%dm%fs %dm%fs\n".

load ../lib/helpers

TIME='[0-9]+m[0-9]+\.[0-9]{6}s'

@test "times: two lines, user and system time, POSIX format" {
	run -0 --separate-stderr "$LABSH" -c times
	[ "${#lines[@]}" = 2 ]
	[[ ${lines[0]} =~ ^$TIME\ $TIME$ ]]
	[[ ${lines[1]} =~ ^$TIME\ $TIME$ ]]
	[ -z "$stderr" ]
	run -0 "$LABSH" -c 'times ignored operands'
	[ "${#lines[@]}" = 2 ]
}

@test "times: a waited-for child's CPU time shows on the second line" {
	printf '%s\n' 'dd if=/dev/zero of=/dev/null bs=1M count=4000 status=none' \
		times >script
	run -0 "$LABSH" script
	[[ ${lines[1]} =~ ^([0-9]+)m([0-9]+)\.([0-9]+)s\ ([0-9]+)m([0-9]+)\.([0-9]+)s$ ]]
	local r=("${BASH_REMATCH[@]}")
	# user + system of the children is above zero
	[ "${r[1]}${r[2]}${r[3]}${r[4]}${r[5]}${r[6]}" -gt 0 ]
}

closed_stdout() {
	"$@" >&-
}

@test "times: a write error is reported; a special builtin's error ends the script" {
	run -2 --separate-stderr closed_stdout "$LABSH" -c 'times; echo not-reached >&2'
	[ "$stderr" = "labsh: times: write error: Bad file descriptor" ]
}
