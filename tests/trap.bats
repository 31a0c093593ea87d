#!/usr/bin/env bats
# trap.bats - the trap builtin: commands run between commands, ignored
# signals inherited by children, caught ones reset, listing, EXIT, errors,
# and Ctrl-C with an INT trap on a real pseudo-terminal.

load lib/helpers

USR1=$(kill -l USR1)

# has_sig FIELD SIG: the bit of signal number SIG is set in FIELD (SigIgn,
# SigCgt, ...) of the /proc/PID/status text in $output.
has_sig() {
	local hex
	hex=$(sed -n "s/^$1:[[:space:]]*//p" <<<"$output")
	[ -n "$hex" ] || { echo "no $1 line in: $output"; return 2; }
	(( (16#$hex >> ($2 - 1)) & 1 ))
}

# lacks_sig FIELD SIG: the bit is clear (and the field is there).
lacks_sig() {
	local r=0
	has_sig "$@" || r=$?
	[ "$r" -eq 1 ]
}

# Start the shell with SIGINT at its default action, whatever the harness
# running the tests ignores.
labsh_dfl() {
	env --default-signal=INT "$LABSH" "$@"
}

@test "trap 'cmd' USR1: kill -USR1 \$\$ runs the command" {
	run -0 "$LABSH" -c 'trap "echo caught USR1" USR1; kill -USR1 $$; echo after'
	[ "$output" = $'caught USR1\nafter' ]
}

@test "the command runs after the foreground command, and keeps its \$?" {
	# The child signals the shell and goes on; the trap waits for it to end,
	# sees its status 5, and leaves $? at 5 although its echo succeeded.
	run -0 "$LABSH" -c 'trap "echo \"trap sees \$?\"" USR1
		sh -c "kill -USR1 \$PPID; echo child goes on; exit 5"
		echo "after $?"'
	[ "$output" = $'child goes on\ntrap sees 5\nafter 5' ]
	run -0 "$LABSH" -c 'trap "(exit 7)" USR1; kill -USR1 $$; echo "status $?"'
	[ "$output" = "status 0" ]
}

@test "trap '' INT: a child inherits SIG_IGN, across fork and execve" {
	env --default-signal=INT true 2>/dev/null || skip "env has no --default-signal"
	# Not ignored to begin with ...
	run -0 labsh_dfl -c 'cat /proc/self/status'
	lacks_sig SigIgn 2
	# ... ignored after trap '', in cat's own /proc/self/status.
	run -0 labsh_dfl -c "trap '' INT; cat /proc/self/status"
	has_sig SigIgn 2
	# The kernel drops the signal: the child survives it.
	run -0 labsh_dfl -c "trap '' INT; sh -c 'kill -INT \$\$; echo survived'"
	[ "$output" = survived ]
}

@test "a trap with a command is reset to the default in a child" {
	env --default-signal=INT true 2>/dev/null || skip "env has no --default-signal"
	# The shell itself catches both signals ...
	run -0 labsh_dfl -c "trap 'echo x' INT USR1; cat /proc/\$\$/status"
	has_sig SigCgt 2
	has_sig SigCgt "$USR1"
	# ... a child neither catches nor ignores them, even INT ignored before.
	run -0 labsh_dfl -c "trap '' INT; trap 'echo x' INT USR1; cat /proc/self/status"
	lacks_sig SigIgn 2
	lacks_sig SigCgt 2
	lacks_sig SigCgt "$USR1"
	# A subshell has no trap either: USR1 kills it with the default action.
	run -0 --separate-stderr "$LABSH" -c "trap 'echo caught' USR1; (trap; sh -c 'kill -USR1 \$PPID'; echo not reached); echo \"subshell \$?\""
	[ "$output" = "subshell $((128 + USR1))" ]
	# as bash does, the shell says how a foreground job died
	[ "$stderr" = "User defined signal 1" ]
}

@test "trap - USR1 resets the default action" {
	run "$LABSH" -c 'trap "echo caught" USR1; trap - USR1; trap; cat /proc/$$/status'
	[ "$status" -eq 0 ]
	lacks_sig SigCgt "$USR1"
	run "$LABSH" -c 'trap "echo caught" USR1; trap - USR1; kill -USR1 $$; echo not reached'
	[ "$status" -eq $((128 + USR1)) ]
	[ "$output" = "" ]
}

@test "a number first: every operand is a signal to reset" {
	run -0 "$LABSH" -c 'trap "echo x" INT TERM; trap 2 15; trap; echo end'
	[ "$output" = end ]
}

@test "trap and trap -p list as trap -- 'cmd' SIG, which reads back" {
	cat >script <<-'EOF'
	trap 'echo "it'\''s USR1"' USR1
	trap '' INT
	trap
	trap -p
	EOF
	run -0 "$LABSH" script
	[ "${lines[0]}" = "trap -- '' INT" ]
	[ "${lines[1]}" = "trap -- 'echo \"it'\\''s USR1\"' USR1" ]
	[ "${lines[2]}" = "${lines[0]}" ]
	[ "${lines[3]}" = "${lines[1]}" ]
	[ "${#lines[@]}" -eq 4 ]
	# The listing, run again, sets the same traps.
	cat >>script <<-'EOF'
	trap >saved
	trap - USR1 INT
	trap
	echo reset
	. ./saved
	trap
	kill -USR1 $$
	EOF
	run -0 "$LABSH" script
	[ "${lines[4]}" = reset ]
	[ "${lines[5]}" = "${lines[0]}" ]
	[ "${lines[6]}" = "${lines[1]}" ]
	[ "${lines[7]}" = "it's USR1" ]
	[ "${#lines[@]}" -eq 8 ]
}

@test "the EXIT trap runs at the end and sees \$?" {
	run -1 "$LABSH" -c 'trap "echo \"exit with \$?\"" EXIT; echo body; false'
	[ "$output" = $'body\nexit with 1' ]
	run -3 "$LABSH" -c 'trap "echo \"exit with \$?\"" 0; exit 3; echo not reached'
	[ "$output" = "exit with 3" ]
	# At the end of a script file; the trap may change the status.
	printf '%s\n' 'trap "echo bye; exit 4" EXIT' 'echo last line' >script
	run -4 "$LABSH" script
	[ "$output" = $'last line\nbye' ]
}

@test "an EXIT trap in a subshell runs when the subshell exits" {
	run -0 "$LABSH" -c '(trap "echo sub done" EXIT; echo in sub); echo after'
	[ "$output" = $'in sub\nsub done\nafter' ]
	# The shell's own EXIT trap is not run by its subshells: once, at the end.
	run -0 "$LABSH" -c 'trap "echo shell done" EXIT; (echo sub); echo after'
	[ "$output" = $'sub\nafter\nshell done' ]
}

@test "trap 'x' KILL is refused with a hint, and ends a script" {
	local sig
	for sig in KILL STOP; do
		run -0 --separate-stderr "$LABSH" -c "command trap 'echo x' $sig; echo \"status \$?\"; trap"
		[ "$output" = "status 1" ]
		[ "${stderr_lines[0]}" = "labsh: trap: $sig: cannot be caught or ignored" ]
		[[ ${stderr_lines[1]} == "hint: "* ]]
		[ "${#stderr_lines[@]}" -eq 2 ]
	done
	# trap is a special builtin: its error ends a script, status 2.
	printf '%s\n' "trap 'echo x' KILL" 'echo next line' >script
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "labsh: trap: KILL: cannot be caught or ignored" ]
	[[ ${stderr_lines[1]} == "hint: "* ]]
}

@test "an unknown signal name is refused with a hint" {
	run -0 --separate-stderr "$LABSH" -c 'command trap "echo x" NOPE USR1; echo "status $?"; trap'
	[ "${lines[0]}" = "status 1" ]
	# The good signal named after the bad one is still set.
	[ "${lines[1]}" = "trap -- 'echo x' USR1" ]
	[ "${stderr_lines[0]}" = "labsh: trap: NOPE: bad signal name" ]
	[[ ${stderr_lines[1]} == "hint: "* ]]
	run -2 --separate-stderr "$LABSH" -c 'trap "echo x" NOPE; echo not reached'
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "labsh: trap: NOPE: bad signal name" ]
}

@test "no process is left behind by trapped signals" {
	"$LABSH" -c 'trap "echo got USR1" USR1
		(sleep 0.1; kill -USR1 $$) &
		sleep 0.5
		wait
		exec sleep 10' >out &
	local pid=$! i
	# Once the shell has become the sleep, anything it left is still its child.
	for i in $(seq 100); do
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] && break
		sleep 0.05
	done
	[ "$(cat "/proc/$pid/comm")" = sleep ]
	no_children_of "$pid"
	kill "$pid"
	wait "$pid" || true
	[ "$(cat out)" = "got USR1" ]
}

@test "an INT trap runs when Ctrl-C ends a foreground program" {
	# The pty echoes what is typed: 'trap''ped' is typed, 'trapped' printed.
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send trap 'echo trap''ped' INT\r
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	sleep 300
	send \^C
	expect trapped
	match labsh\[[0-9]+\] 130[$#] $
	sleep 300
	send expr 40 + 2\r
	expect 42
	send exit 0\r
	wait
	EOF
}

@test "an INT trap runs on Ctrl-C at the prompt" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send trap 'echo trap''ped' INT\r
	match labsh\[[0-9]+\][$#] $
	send \^C
	expect trapped
	match labsh\[[0-9]+\] 130[$#] $
	send exit 0\r
	wait
	EOF
}

@test "a Ctrl-C that came before an INT trap was set does not run it" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send trap 'echo trap''ped' INT\r
	match labsh\[[0-9]+\][$#] $
	send echo do''ne\r
	expect done
	send exit 0\r
	wait
	EOF
	[[ $(screen_text) != *trapped* ]]
}

@test "wait returns >128 at once when a trapped signal arrives" {
	run -0 "$LABSH" -c 'trap "echo got USR1" USR1
		sleep 5 & pid=$!
		(sleep 0.2; kill -USR1 $$) &
		wait $pid; echo "wait $?"
		kill $pid'
	[ "$output" = "got USR1
wait $((128 + USR1))" ] || [ "$output" = "wait $((128 + USR1))
got USR1" ]
}

@test "a signal ignored when a script starts cannot be trapped" {
	env --ignore-signal=INT true 2>/dev/null || skip "env has no --ignore-signal"
	run -0 env --ignore-signal=INT "$LABSH" -c "trap 'echo x' INT; cat /proc/self/status"
	has_sig SigIgn 2
}
