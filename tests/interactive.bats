#!/usr/bin/env bats
# interactive.bats - the prompt, Ctrl-C, Ctrl-D, history, completion and
# startup files, all through a real pseudo-terminal (tests/lib/ptydrive).
#
# A pty echoes what is typed, so each test expects text that only the
# command's output contains (expr 40 + 2 types "40 + 2", prints "42").

load lib/helpers

@test "a command typed at the prompt runs and its output appears" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send expr 40 + 2\r
	expect 42
	send exit\r
	wait
	EOF
}

@test "the prompt shows the shell's own PID" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send awk '{print $4}' /proc/self/stat\r
	match \[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	# awk's parent is the shell: the PID it prints is the prompt's PID.
	local pid
	pid=$(screen_text | grep -m1 -o 'labsh\[[0-9]*\]' | tr -dc 0-9)
	[ -n "$pid" ]
	screen_text | grep -qx "$pid"
}

@test "the prompt shows a non-zero status, and only then" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send false\r
	match labsh\[[0-9]+\] 1[$#] $
	send true\r
	match labsh\[[0-9]+\][$#] $
	send no-such-cmd\r
	expect command not found
	match labsh\[[0-9]+\] 127[$#] $
	send exit 0\r
	wait
	EOF
}

@test "Ctrl-C at the prompt abandons the line and shows a fresh prompt" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	sleep 200
	send sleep 1000 abandoned
	sleep 100
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send expr 40 + 2\r
	expect 42
	send exit 0\r
	wait
	EOF
	# The abandoned line never ran (sleep would reject 'abandoned').
	[[ $output != *"invalid time interval"* ]]
	[[ $output == *"^C"* ]]
}

@test "Ctrl-C ends a foreground program, not the shell" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	sleep 200
	send expr 40 + 2\r
	expect 42
	send exit 0\r
	wait
	EOF
	# one ^C (the terminal's echo), and no second, spurious prompt
	[ "$(screen_text | grep -o '\^C' | wc -l)" -eq 1 ]
	[ "$(screen_text | grep -c '130[$#] ')" -eq 1 ]
}

@test "Ctrl-D on an empty line exits with the last status" {
	run -1 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send false\r
	match 1[$#] $
	sleep 200
	send \^D
	expect exit
	wait
	EOF
}

@test "programs started from the prompt get default signal dispositions" {
	# The shell ignores SIGQUIT and SIGTERM and catches SIGINT for itself;
	# its children must have them back at SIG_DFL.
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send grep SigIgn /proc/self/status\r
	match SigIgn:.[0-9a-f]{16}
	send exit 0\r
	wait
	EOF
	local mask
	mask=$(screen_text | sed -n 's/^SigIgn:\t//p')
	[ -n "$mask" ]
	# bits of SIGINT (2), SIGQUIT (3) and SIGTERM (15)
	[ $(( 0x$mask & ((1 << 1) | (1 << 2) | (1 << 14)) )) -eq 0 ]
}

@test "the shell itself survives SIGTERM and SIGQUIT at the prompt" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	signal TERM
	signal QUIT
	send expr 40 + 2\r
	expect 42
	send exit 0\r
	wait
	EOF
}

@test "history: the history builtin lists what was typed" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send expr 1 + 1\r
	expect 2
	send history\r
	expect 1  expr 1 + 1
	expect 2  history
	send exit 0\r
	wait
	EOF
}

@test "history: Up arrow recalls the previous line" {
	has_editor || skip "built without a line editor (plain reader has no recall)"
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send expr 20 + 3\r
	expect 23
	match labsh\[[0-9]+\][$#] $
	send \e[A\r
	expect 23
	send exit 0\r
	wait
	EOF
}

@test "history is saved in ~/.labsh_history and read by the next session" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send expr 5 + 5\r
	expect 10
	send exit 0\r
	wait
	EOF
	grep -qx 'expr 5 + 5' "$HOME/.labsh_history"
	[ "$(stat -c %a "$HOME/.labsh_history")" = 600 ]
	if has_editor; then
		# The last two lines were "expr 5 + 5" and "exit 0".
		run -0 pty -- --norc <<-'EOF'
		match labsh\[[0-9]+\][$#] $
		send \e[A\e[A\r
		expect 10
		send exit 0\r
		wait
		EOF
	fi
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send history\r
	expect 1  expr 5 + 5
	send exit 0\r
	wait
	EOF
}

@test "an unreadable history file: a warning, and the shell still starts" {
	mkdir "$HOME/.labsh_history"
	run -0 pty -- --norc <<-'EOF'
	expect Is a directory
	match labsh\[[0-9]+\][$#] $
	send expr 40 + 2\r
	expect 42
	send exit 0\r
	wait
	EOF
	[[ $output == *"labsh: history file $HOME/.labsh_history: Is a directory"* ]]
}

@test "~/.labshrc runs at start; --norc skips it" {
	echo 'expr 1000 + 1' >"$HOME/.labshrc"
	run -0 pty <<-'EOF'
	expect 1001
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	[[ $output != *1001* ]]
}

@test "an unreadable ~/.labshrc: a warning, and the shell still starts" {
	mkdir "$HOME/.labshrc"
	run -0 pty <<-'EOF'
	expect .labshrc: Is a directory
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
}

@test "Tab completes builtin names at the start of a line" {
	has_editor || skip "built without a line editor"
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send hist\t\r
	expect 1  history
	send exit 0\r
	wait
	EOF
}

@test "Tab completes file names after the command" {
	has_editor || skip "built without a line editor"
	echo 'completed-file-content' >"$BATS_TEST_TMPDIR/unique-name.txt"
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send cat uniq\t\r
	expect completed-file-content
	send exit 0\r
	wait
	EOF
}

@test "-i forces an interactive shell on a pipe: prompts on stderr" {
	run -0 --separate-stderr bash -c "echo 'expr 2 + 2' | '$LABSH' -i --norc"
	[ "$output" = 4 ]
	[[ $stderr =~ $PROMPT_RE ]]
}

@test "Tab completes \$VARIABLE names" {
	has_editor || skip "built without a line editor"
	run -0 env LABSH_TEST_VARIABLE=found-it "$PTYDRIVE" -t 10 -- "$LABSH" --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send echo $LABSH_TEST_VAR\t\r
	expect found-it
	send exit 0\r
	wait
	EOF
}

@test "Tab lists signal names after trap, and a builtin's options from its synopsis" {
	has_editor || skip "built without a line editor"
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send trap - USR\t\t
	expect USR2
	send \^C
	match 130[$#] $
	send help -\t\t
	expect -s
	sleep 100
	send \^C
	match 130[$#] $
	send exit 0\r
	wait
	EOF
	screen_text | grep -q 'USR1 *USR2'
	screen_text | grep -Eq -- '-l +-m +-s'
}

@test "Tab completes job specs after fg, kill and friends" {
	has_editor || skip "built without a line editor"
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100 &\r
	match \[1\] [0-9]+
	send sleep 101 &\r
	match \[2\] [0-9]+
	sleep 200
	send kill %\t\t
	expect %2
	send \^C
	match 130[$#] $
	send kill %1 %2\r
	sleep 200
	send exit 0\r
	wait
	EOF
	screen_text | grep -Eq '%\+ +%- +%1 +%2'
}

@test "a line typed the instant the prompt shows is echoed once" {
	local i script=''
	for i in $(seq 30); do
		script+="match labsh\\[[0-9]+\\][\$#] \$"$'\n'"send echo \"line\"\"-$i\"\\r"$'\n'"expect line-$i"$'\n'
	done
	run -0 pty -- --norc <<-EOF
	${script}match labsh\\[[0-9]+\\][\$#] \$
	send exit\\r
	wait
	EOF
	for i in $(seq 30); do
		# the typed line once, and the output line once
		[ "$(screen_text | grep -c "echo \"line\"\"-$i\"\$")" -eq 1 ] ||
			{ echo "line $i echoed $(screen_text | grep -c "echo \"line\"\"-$i\"\$") times"; false; }
		[ "$(screen_text | grep -cx "line-$i")" -eq 1 ]
	done
}
