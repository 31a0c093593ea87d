#!/usr/bin/env bats
# narrate.bats - the narration module, through tests/lib/narrate_check.

load lib/helpers

setup() {
	labsh_setup
	: "${NARRATE_CHECK:=$(dirname "$LABSH")/../tests/lib/narrate_check}"
	[ -x "$NARRATE_CHECK" ] || skip "narrate_check is not built (make check builds it)"
	unset NO_COLOR
}

@test "a line: [PID] call(args) = result, the note at column 45" {
	run -0 --separate-stderr "$NARRATE_CHECK" lines
	local pid='\[[0-9]+\]'
	[[ ${stderr_lines[0]} =~ ^$pid\ pipe\(\[3,\ 4\]\)\ =\ 0\ +fd\ 3\ read\ end,\ fd\ 4\ write\ end$ ]]
	local left=${stderr_lines[0]%%fd 3 read*}
	[ "${#left}" -eq 45 ]
	[[ ${stderr_lines[1]} =~ ^$pid\ fork\(\)\ =\ 4101$ ]]
	[[ ${stderr_lines[3]} =~ ^$pid\ waitpid\(4101,\ WUNTRACED\)\ =\ 4101\ +exited,\ status\ 0$ ]]
}

@test "the PID is the narrating process's own" {
	run -0 --separate-stderr bash -c 'echo $$; exec "$0" lines' "$NARRATE_CHECK"
	[[ ${stderr_lines[0]} == "[$output] pipe("* ]]
}

@test "a failure shows -1, the errno name and its text" {
	run -0 --separate-stderr "$NARRATE_CHECK" lines
	[[ ${stderr_lines[4]} =~ ^\[[0-9]+\]\ open\(\"missing\",\ O_RDONLY\)\ =\ -1\ ENOENT\ \(No\ such\ file\ or\ directory\)$ ]]
}

@test "a call that returns an error number: = EINVAL, or = 0; not errno" {
	run -0 --separate-stderr "$NARRATE_CHECK" lines
	[[ ${stderr_lines[5]} =~ ^\[[0-9]+\]\ pthread_join\(t1,\ \&retval\)\ =\ EINVAL\ \(Invalid\ argument\)$ ]]
	[[ ${stderr_lines[6]} =~ ^\[[0-9]+\]\ pthread_create\(\&t1,\ NULL,\ worker,\ NULL\)\ =\ 0$ ]]
}

@test "narrate() leaves errno alone" {
	run -0 --separate-stderr "$NARRATE_CHECK" errno
	[ "$output" = "errno after narrate: ENOENT" ]
	[[ $stderr == *"= -1 ENOENT"* ]]
}

@test "NARRATE_NORESULT: execve before the call has no result" {
	run -0 --separate-stderr "$NARRATE_CHECK" lines
	[[ ${stderr_lines[2]} =~ ^\[[0-9]+\]\ execve\(\"/usr/bin/ls\",\ \[\"ls\"\],\ envp\)$ ]]
}

@test "lines of a parent and 50 children through one pipe are all whole" {
	"$NARRATE_CHECK" fork 50 20 2>&1 >pids | cat >lines
	[ "$(wc -l <pids)" -eq 50 ]
	[ "$(wc -l <lines)" -eq $((51 * 20)) ]
	local x
	x=$(printf 'x%.0s' {1..299})
	# Every line is one complete narration, nothing glued or split.
	run grep -cvE "^\[[0-9]+\] write\(\"$x\"\) = 300 +child [0-9]+ line [0-9]+\$" lines
	[ "$output" = 0 ]
	# Each child's 20 lines carry that child's own PID (getpid(), not cached).
	local k pid
	while read -r _ k _ pid; do
		[ "$(grep -c "^\[$pid\] .*child $k line" lines)" -eq 20 ] || { echo "child $k ($pid)"; false; }
	done <pids
}

@test "a line too long for the buffer is cut, ends in ..., and is one line" {
	run -0 --separate-stderr "$NARRATE_CHECK" long
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == *"yyy..." ]]
	[ "${#stderr}" -le 1024 ]
}

@test "on a terminal the call is coloured by family and the PID dimmed" {
	run -0 "$NARRATE_CHECK" tty
	[[ $output == *$'\e[2m['[0-9]*$']\e[0m \e[36mpipe\e[0m(['* ]]
	[[ $output == *$'\e[32mkill\e[0m(4101, SIGINT)'* ]]
	# The note still starts at column 45 of what is shown.
	local first
	first=$(screen_text | head -n 1)
	first=${first%%fd 3 read*}
	[ "${#first}" -eq 45 ]
}

@test "NO_COLOR removes every escape sequence" {
	NO_COLOR=1 run -0 "$NARRATE_CHECK" tty
	[[ $output == *"pipe([3, 4]) = 0"* ]]
	[[ $output != *$'\e'* ]]
}

@test "an empty NO_COLOR does not count" {
	NO_COLOR= run -0 "$NARRATE_CHECK" tty
	[[ $output == *$'\e[36mpipe'* ]]
}

@test "--color=never: no colour even on a terminal" {
	run -0 "$NARRATE_CHECK" --color=never tty
	[[ $output == *"pipe([3, 4]) = 0"* ]]
	[[ $output != *$'\e'* ]]
}

@test "not a terminal: no colour; --color=always adds it, even with NO_COLOR" {
	run -0 --separate-stderr "$NARRATE_CHECK" lines
	[[ $stderr != *$'\e'* ]]
	NO_COLOR=1 run -0 --separate-stderr "$NARRATE_CHECK" --color=always lines
	[[ ${stderr_lines[0]} == $'\e[2m['*$']\e[0m \e[36mpipe\e[0m([3, 4]) = 0 '* ]]
	[[ ${stderr_lines[4]} == *$'\e[34mopen\e[0m("missing"'* ]]
}

@test "open flags: the access mode first, then the flags by name" {
	run -0 "$NARRATE_CHECK" flags 0 1 2 0x241 0x80000 0x4c2 0x2000
	[ "${lines[0]}" = O_RDONLY ]
	[ "${lines[1]}" = O_WRONLY ]
	[ "${lines[2]}" = O_RDWR ]
	[ "${lines[3]}" = "O_WRONLY|O_CREAT|O_TRUNC" ]
	[ "${lines[4]}" = "O_RDONLY|O_CLOEXEC" ]
	[ "${lines[5]}" = "O_RDWR|O_CREAT|O_EXCL|O_APPEND" ]
	[ "${lines[6]}" = "O_RDONLY|O_ASYNC" ]
	run -0 "$NARRATE_CHECK" flags $((0x241 | 0x80000))
	[ "$output" = "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC" ]
}

@test "wait statuses: exited, killed, stopped, continued, core dumped" {
	run -0 "$NARRATE_CHECK" status
	[ "${lines[0]}" = "exit: exited, status 3" ]
	[ "${lines[1]}" = "stop: stopped by SIGSTOP" ]
	[ "${lines[2]}" = "cont: continued" ]
	[ "${lines[3]}" = "kill: killed by SIGINT" ]
	[ "${lines[4]}" = "core: killed by SIGSEGV (core dumped)" ]
	[ "${lines[5]}" = "tstp: stopped by SIGTSTP" ]
}

@test "signal names, real-time ones relative to SIGRTMIN" {
	run -0 "$NARRATE_CHECK" signal 1 2 9 11 15 17 20
	[ "${lines[*]}" = "SIGHUP SIGINT SIGKILL SIGSEGV SIGTERM SIGCHLD SIGTSTP" ]
	local rtmin
	rtmin=$(kill -l SIGRTMIN) # bash knows where glibc puts it
	run -0 "$NARRATE_CHECK" signal "$rtmin" $((rtmin + 3)) 0 999
	[ "${lines[*]}" = "SIGRTMIN SIGRTMIN+3 SIG? SIG?" ]
}

@test "fd targets come from /proc: a pipe's ends share one inode" {
	run -0 "$NARRATE_CHECK" target
	[[ $output =~ ^pipe:\[([0-9]+)\]\ pipe:\[([0-9]+)\]\ \?$ ]]
	[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
}

@test "a buffer as strace shows it: quoted, escaped, cut after MAX bytes with ..." {
	run -0 "$NARRATE_CHECK" string 8 'hi' "$(printf 'a\tb"c\\d')" "$(printf 'x\001y')" '0123456789'
	[ "${lines[0]}" = '"hi"' ]
	[ "${lines[1]}" = '"a\tb\"c\\d"' ]
	[ "${lines[2]}" = '"x\x01y"' ]
	[ "${lines[3]}" = '"01234567"...' ]
	# a failed read shows "", and errno is as the call left it
	[ "${lines[4]}" = '"" errno kept' ]
	# 16 bytes of room: as much as fits, still quoted, still marked cut
	[ "${lines[5]}" = '"abcdef"...' ]
}
