#!/usr/bin/env bats
# cli.bats - invocation: options, -c, script files, standard input.

load lib/helpers

@test "--version names the program, its version and the line editor" {
	run -0 --separate-stderr "$LABSH" --version
	[[ ${lines[0]} =~ ^labsh\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	case $LINEEDIT in
	readline) [[ ${lines[1]} == "line editing: GNU Readline "* ]] ;;
	libedit) [[ ${lines[1]} == "line editing: libedit "* ]] ;;
	none) [[ ${lines[1]} == "line editing: none (plain reader)" ]] ;;
	esac
	[ -z "$stderr" ]
}

@test "--help prints usage on stdout and exits 0" {
	run -0 --separate-stderr "$LABSH" --help
	[[ ${lines[0]} == "Usage: labsh [OPTION]... [FILE [ARG]...]" ]]
	[[ $output == *"--norc"* ]]
	[ -z "$stderr" ]
}

@test "an unknown option is a usage error: message and usage on stderr, status 2" {
	run -2 --separate-stderr "$LABSH" -z
	[ -z "$output" ]
	[[ ${stderr_lines[0]} == "labsh: -z: invalid option" ]]
	[[ ${stderr_lines[1]} == "Usage: labsh "* ]]
	run -2 --separate-stderr "$LABSH" --bogus
	[[ ${stderr_lines[0]} == "labsh: --bogus: invalid option" ]]
}

@test "-c runs the command string and returns its status" {
	run -0 "$LABSH" -c 'echo hello world'
	[ "$output" = "hello world" ]
	run -1 "$LABSH" -c false
	run -2 --separate-stderr "$LABSH" -c
	[[ ${stderr_lines[0]} == "labsh: -c: option requires an argument" ]]
}

@test "a script file runs line by line; its status is the last command's" {
	printf 'echo one\n# a comment\n\n   echo two   \nfalse\n' >script
	run -1 "$LABSH" script
	[ "${lines[0]}" = one ] && [ "${lines[1]}" = two ] && [ ${#lines[@]} -eq 2 ]
}

@test "a script's last line needs no newline" {
	printf 'echo one\necho last' >script
	run -0 "$LABSH" script
	[ "${lines[1]}" = last ]
}

@test "a missing script: 'labsh: FILE: No such file or directory', status 127" {
	run -127 --separate-stderr "$LABSH" no-such-script
	[ "$stderr" = "labsh: no-such-script: No such file or directory" ]
	[ -z "$output" ]
}

@test "a directory as script: EISDIR, status 126" {
	mkdir d
	run -126 --separate-stderr "$LABSH" d
	[ "$stderr" = "labsh: d: Is a directory" ]
}

@test "commands are read from a pipe" {
	run -0 bash -c "printf 'echo from-pipe\nexit 0\n' | '$LABSH'"
	[ "$output" = from-pipe ]
}

@test "-s reads standard input even with operands" {
	run -0 bash -c "echo 'echo via-s' | '$LABSH' -s a b"
	[ "$output" = via-s ]
}

@test "reading stdin from a file leaves the rest of it to the commands" {
	printf 'head -n 1\nread-by-head\necho after\n' >in
	run -0 "$LABSH" <in
	[ "${lines[0]}" = read-by-head ] && [ "${lines[1]}" = after ]
}

@test "reading stdin from a pipe takes no more than one line at a time" {
	# head reads the whole pipe itself (as under bash), but the shell must
	# not have swallowed it first: head sees the second line.
	run -0 bash -c "printf 'head -n 1\nfor-head\n' | '$LABSH'"
	[ "$output" = for-head ]
}

@test "a 1 MiB line from a pipe is read whole" {
	# 'true' followed by 1 MiB of blanks, then a command on the next line.
	run -0 bash -c "{ printf true; head -c 1048576 /dev/zero | tr '\\0' ' '; printf '\\necho survived\\n'; } | '$LABSH'"
	[ "$output" = survived ]
}

@test "a 1 MiB word is refused by execve with a clear error, and the shell goes on" {
	run -0 --separate-stderr bash -c "{ printf '/bin/echo '; head -c 1048576 /dev/zero | tr '\\0' x; printf '\\necho next\\n'; } | '$LABSH'"
	[ "$output" = next ]
	[[ $stderr == "labsh: "*": Argument list too long" ]]
}

@test "a 1 MiB comment is skipped" {
	{ printf 'echo ok #'; head -c 1048576 /dev/zero | tr '\0' c; printf '\n'; } >script
	run -0 "$LABSH" script
	[ "$output" = ok ]
}

@test "a NUL byte in a line is dropped with a warning, and the line runs" {
	printf 'echo a\0b\necho fine\n' >script
	run -0 --separate-stderr "$LABSH" script
	[ "${lines[0]}" = ab ] && [ "${lines[1]}" = fine ]
	[ "$stderr" = "labsh: line 1: NUL byte ignored" ]
}

@test "the shell's own descriptors are close-on-exec: a child sees 0, 1, 2 only" {
	printf 'ls /proc/self/fd\n' >script
	run -0 only_std_fds "$LABSH" script
	# ls itself holds one more fd for the directory it reads.
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[0]}" = 0 ] && [ "${lines[1]}" = 1 ] && [ "${lines[2]}" = 2 ]
}
