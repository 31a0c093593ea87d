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
	fgjob sleep 1
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

# ---------------------------------------------------------------------
# The teaching part: trap --show, trap --demo mask|signalfd|queue.
# ---------------------------------------------------------------------

# The shell's own lines of its /proc/PID/status, read by the shell itself
# (a builtin loop: no child, so nothing else blocks signals meanwhile; a
# posix_spawn'ed grep may catch the shell with every signal blocked while
# it waits for the exec), each as "proc Field: hex".
PROC_SIGS='while read -r f v; do case $f in Sig???:|ShdPnd:) echo "proc $f $v";; esac; done </proc/$$/status'

# proc_mask FIELD: the hex of FIELD in those lines of $output.
proc_mask() {
	sed -n "s/^proc $1: \([0-9a-f]*\)\$/\1/p" <<<"$output" | tail -n 1
}

# shown_mask FIELD: the hex that trap --show or a demo printed for FIELD.
shown_mask() {
	sed -n "s/^  $1: \([0-9a-f]*\) .*/\1/p" <<<"$output" | tail -n 1
}

@test "trap --show: dispositions, and the /proc masks decoded as the kernel has them" {
	run -0 --separate-stderr "$LABSH" -c "trap '' USR2; trap 'echo' USR1; trap --show; $PROC_SIGS"
	# the dispositions, with the trap behind each
	grep -q "^  SIGUSR1 *handler *trap -- echo" <<<"$output"
	grep -q "^  SIGUSR2 *SIG_IGN *trap -- ''" <<<"$output"
	grep -q "^blocked (sigprocmask): {}\$" <<<"$output"
	grep -q "^pending (sigpending):  {}\$" <<<"$output"
	# USR1 decoded into the caught set, USR2 into the ignored one
	grep -q "^  SigCgt: [0-9a-f]\{16\}  .*\bUSR1\b.* caught" <<<"$output"
	grep -q "^  SigIgn: [0-9a-f]\{16\}  .*\bUSR2\b.* ignored" <<<"$output"
	! grep -q "^  SigCgt: .*\bUSR2\b" <<<"$output"
	! grep -q "^  SigIgn: .*\bUSR1\b" <<<"$output"
	# the hex printed is the kernel's, field by field
	local f
	for f in SigPnd ShdPnd SigBlk SigIgn SigCgt; do
		[ -n "$(proc_mask $f)" ] || { echo "no $f in /proc"; false; }
		[ "$(shown_mask $f)" = "$(proc_mask $f)" ] ||
			{ echo "$f: shown $(shown_mask $f), /proc $(proc_mask $f)"; false; }
	done
	(( (16#$(proc_mask SigCgt) >> (USR1 - 1)) & 1 ))
	(( (16#$(proc_mask SigIgn) >> ($(kill -l USR2) - 1)) & 1 ))
	# every call narrated, the answers with it
	[[ $stderr == *"sigaction(SIGUSR1, NULL, &old) = 0 "*"a handler"* ]]
	[[ $stderr == *"sigaction(SIGUSR2, NULL, &old) = 0 "*"SIG_IGN"* ]]
	[[ $stderr == *"sigprocmask(SIG_BLOCK, NULL, &old) = 0"* ]]
	[[ $stderr == *"sigpending(&set) = 0"* ]]
	[[ $stderr == *'open("/proc/self/status", O_RDONLY|O_CLOEXEC) = '* ]]
}

@test "trap --demo mask: pending while blocked, pause() loses the wakeup, sigsuspend does not" {
	run -0 --separate-stderr "$LABSH" -c "trap 'echo trapped' USR1; $PROC_SIGS; trap --demo mask; echo \"status \$?\"; $PROC_SIGS; kill -USR1 \$\$"
	local pid
	pid=$(sed -n '1s/^\[\([0-9]*\)\].*/\1/p' <<<"$stderr")
	[[ $stderr == *"[$pid] sigprocmask(SIG_BLOCK, {SIGUSR1}, &old) = 0"* ]]
	[[ $stderr == *"[$pid] raise(SIGUSR1) = 0"* ]]
	[[ $stderr == *"[$pid] sigpending(&set) = 0 "*"{SIGUSR1}"* ]]
	# pending, seen by sigpending and by the kernel's SigPnd (bit 9)
	grep -q "^pending (sigpending): {SIGUSR1}\$" <<<"$output"
	grep -q "^  SigPnd: 0000000000000200  USR1 " <<<"$output"
	grep -q "^  SigBlk: 0000000000000200  USR1 " <<<"$output"
	# the race: pause() woken by the alarm, not by SIGUSR1
	[[ $stderr == *"pause() = -1 EINTR (Interrupted system call) woken by SIGALRM"* ]]
	[[ $output == *"a lost wakeup"* ]]
	# the cure
	[[ $stderr == *"sigsuspend({}) = -1 EINTR (Interrupted system call)"* ]]
	grep -q "^sigsuspend woke: the handler ran (count 1 -> 2)" <<<"$output"
	grep -q "^status 0\$" <<<"$output"
	# the shell as it was: nothing blocked or pending, the same handlers,
	# and the trap still runs
	[ "$(sed -n 's/^proc SigBlk: //p' <<<"$output" | sort -u)" = 0000000000000000 ]
	[ "$(sed -n 's/^proc SigPnd: //p' <<<"$output" | sort -u)" = 0000000000000000 ]
	[ "$(sed -n 's/^proc SigCgt: //p' <<<"$output" | sort -u | wc -l)" -eq 1 ]
	[ "${lines[-1]}" = trapped ]
}

@test "trap --demo signalfd: the sender's PID read from the fd is the child's" {
	run -0 --separate-stderr "$LABSH" -c "trap --demo signalfd; $PROC_SIGS; ls -l /proc/\$\$/fd"
	local shell child
	[[ $stderr =~ \[([0-9]+)\]\ fork\(\)\ =\ ([1-9][0-9]*) ]]
	shell=${BASH_REMATCH[1]} child=${BASH_REMATCH[2]}
	# the child narrates its own kills, to the shell
	[[ $stderr == *"[$child] kill($shell, SIGUSR1) = 0"* ]]
	[[ $stderr == *"[$child] kill($shell, SIGUSR2) = 0"* ]]
	[[ $stderr == *"[$shell] signalfd(-1, {SIGUSR1, SIGUSR2}, SFD_CLOEXEC) = "*"anon_inode:[signalfd]"* ]]
	grep -q "^/proc/self/fdinfo/[0-9]*: sigmask 0000000000000a00 = USR1 USR2\$" <<<"$output"
	grep -qx "read from the signalfd: ssi_signo 10 (SIGUSR1), ssi_pid $child (the child), ssi_uid $(id -u), ssi_code SI_USER (kill)" <<<"$output"
	grep -qx "read from the signalfd: ssi_signo 12 (SIGUSR2), ssi_pid $child (the child), ssi_uid $(id -u), ssi_code SI_USER (kill)" <<<"$output"
	# reaped, the fd closed, the mask back
	[[ $stderr == *"[$shell] waitpid($child, &status, 0) = $child "*"exited, status 0"* ]]
	[ ! -e "/proc/$child" ]
	[[ $stderr == *"[$shell] close("*") = 0"*"the signalfd"* ]]
	# the shell's fd table has no signalfd left (ls, a child, reads it)
	[[ $output == *" 0 -> "* ]]
	[[ $output != *"-> anon_inode:[signalfd]"* ]]
	[ "$(proc_mask SigBlk)" = 0000000000000000 ]
	[ "$(proc_mask ShdPnd)" = 0000000000000000 ]
}

@test "trap --demo queue: SIGUSR1 five times is delivered once, SIGRTMIN five times, in order" {
	run -0 --separate-stderr "$LABSH" -c "trap --demo queue; $PROC_SIGS"
	[ "$(grep -c 'kill([0-9]*, SIGUSR1) = 0' <<<"$stderr")" -eq 5 ]
	[ "$(grep -c 'sigqueue([0-9]*, SIGRTMIN, {sival_int = [1-5]}) = 0' <<<"$stderr")" -eq 5 ]
	grep -q "^SIGUSR1: sent 5 times, delivered 1 time: " <<<"$output"
	grep -q "^SIGRTMIN: sent 5 times, delivered 5 times, in the order sent: " <<<"$output"
	# the five values, 1 to 5, in that order, each from si_value
	[ "$(sed -n 's/^delivery \([0-9]\): SIGRTMIN, si_value \([0-9]*\), si_code SI_QUEUE, .*/\1=\2/p' <<<"$output" | tr '\n' ' ')" = "1=1 2=2 3=3 4=4 5=5 " ]
	# pending as one bit each in the kernel's view
	grep -q "^  ShdPnd: 0000000000000200  USR1 " <<<"$output"
	grep -q "^  ShdPnd: 0000000200000000  RTMIN " <<<"$output"
	# and the mask empty again, nothing left pending
	[ "$(proc_mask SigBlk)" = 0000000000000000 ]
	[ "$(proc_mask ShdPnd)" = 0000000000000000 ]
	[ "$(proc_mask SigCgt)" = "$("$LABSH" -c "$PROC_SIGS" | sed -n 's/^proc SigCgt: //p')" ]
}

@test "trap --quiet --demo queue: the results, no narration" {
	run -0 --separate-stderr "$LABSH" -c 'trap --quiet --demo queue'
	[ -z "$stderr" ]
	grep -q "^SIGUSR1: sent 5 times, delivered 1 time" <<<"$output"
}

@test "trap --demo with a bad name or no mode: usage error, status 2" {
	run -2 --separate-stderr "$LABSH" -c 'trap --demo nope'
	[ "${stderr_lines[0]}" = "labsh: trap: --demo: nope: not a demo (mask, signalfd or queue)" ]
	[[ ${stderr_lines[1]} == "usage: trap "* ]]
	[ -z "$output" ]
	run -2 --separate-stderr "$LABSH" -c 'trap --show --demo mask'
	[[ ${stderr_lines[0]} == *"one of --show and --demo NAME is required"* ]]
	run -2 --separate-stderr "$LABSH" -c 'trap --step'
	[[ ${stderr_lines[0]} == *"one of --show and --demo NAME is required"* ]]
	run -2 --separate-stderr "$LABSH" -c 'trap --show extra'
	[ "${stderr_lines[0]}" = "labsh: trap: extra: unexpected argument" ]
	# After --, or as an ACTION, they are plain POSIX operands.
	run -0 "$LABSH" -c 'trap -- --show USR1; trap'
	[ "$output" = "trap -- --show USR1" ]
}

@test "Ctrl-C during trap --demo mask: status 130, mask and trap as they were" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send trap 'echo got''usr1' USR1\r
	match labsh\[[0-9]+\][$#] $
	send trap --demo mask --slow 500\r
	expect pending for this thread
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send while read -r f v; do case $f in SigBlk:|SigPnd:) echo "mask$f $v";; esac; done </proc/$$/status\r
	expect maskSigPnd:
	send kill -USR1 $$\r
	expect gotusr1
	send exit\r
	wait
	EOF
	local text
	text=$(screen_text)
	[[ $text == *"maskSigBlk: 0000000000000000"* ]]
	[[ $text == *"maskSigPnd: 0000000000000000"* ]]
	[[ $text == *"the shell's disposition, as it was"* ]]
}

@test "Ctrl-C during trap --demo signalfd: the child reaped, the signals taken, the mask back" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send trap --demo signalfd --slow 700\r
	expect in the parent: fork returns
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send while read -r f v; do case $f in SigBlk:|ShdPnd:) echo "mask$f $v";; esac; done </proc/$$/status\r
	expect maskShdPnd:
	send echo alive\r
	expect alive
	send exit\r
	wait
	EOF
	local text child
	text=$(screen_text)
	[[ $text =~ \]\ fork\(\)\ =\ ([1-9][0-9]*) ]]
	child=${BASH_REMATCH[1]}
	[ ! -e "/proc/$child" ]
	[[ $text == *"maskSigBlk: 0000000000000000"* ]]
	[[ $text == *"maskShdPnd: 0000000000000000"* ]]
	[[ $text == *"the shell's mask, as it was"* ]]
}

@test "Ctrl-C during trap --demo queue: the signals it sent are taken, the trap never sees them" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send trap 'echo got''usr1' USR1\r
	match labsh\[[0-9]+\][$#] $
	send trap --demo queue --slow 400\r
	expect #2: already pending
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send while read -r f v; do case $f in SigBlk:|ShdPnd:) echo "mask$f $v";; esac; done </proc/$$/status\r
	expect maskShdPnd:
	send echo al''ive\r
	expect alive
	send exit\r
	wait
	EOF
	local text
	text=$(screen_text)
	[[ $text == *"sigwaitinfo({SIGUSR1}, &info) = $USR1 "*"taken: the demo sent it"* ]]
	[[ $text == *"maskSigBlk: 0000000000000000"* ]]
	[[ $text == *"maskShdPnd: 0000000000000000"* ]]
	[[ $text != *gotusr1* ]]
}
