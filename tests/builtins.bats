#!/usr/bin/env bats
# builtins.bats - the registry, help, exit, history.

load lib/helpers

@test "help -l lists the registry, sorted as builtin_find expects" {
	run -0 "$LABSH" -c 'help -l'
	[ "${#lines[@]}" -ge 3 ]
	printf '%s\n' "${lines[@]}" | LC_ALL=C sort -c
	[[ " ${lines[*]} " == *" exit "* ]] && [[ " ${lines[*]} " == *" help "* ]]
}

@test "every builtin answers --help with its synopsis first" {
	run -0 "$LABSH" -c 'help -l'
	local name
	for name in "${lines[@]}"; do
		# POSIX makes --help an operand of these
		case $name in :|echo|test|\[|eval) continue ;; esac
		run -0 --separate-stderr "$LABSH" -c "$name --help"
		[[ ${lines[0]} == "usage: $name"* ]] || { echo "$name: ${lines[0]}"; false; }
		[ "${#lines[@]}" -ge 2 ]
	done
}

@test "help groups the builtins under family headings" {
	run -0 "$LABSH" -c help
	[ "${lines[0]}" = "shell builtins:" ]
	[[ $output == *"  exit "*"leave the shell"* ]]
}

@test "help NAME shows synopsis, summary and SEE ALSO" {
	run -0 "$LABSH" -c 'help exit'
	[ "${lines[0]}" = "exit - shell builtins" ]
	[ "${lines[1]}" = "usage: exit [N]" ]
	[[ $output == *"See also: exit(3) _exit(2)"* ]]
}

@test "help of an unknown name: one error line, status 1" {
	run -1 --separate-stderr "$LABSH" -c 'help nosuch'
	[ "$stderr" = "labsh: help: nosuch: no such builtin" ]
}

@test "help with a bad option: usage error, status 2" {
	run -2 --separate-stderr "$LABSH" -c 'help -z'
	[ "${stderr_lines[0]}" = "labsh: help: -z: invalid option" ]
	[ "${stderr_lines[1]}" = "usage: help [-l | -m | -s] [NAME...]" ]
}

@test "exit N leaves with N; exit alone with the last status" {
	run -3 "$LABSH" -c 'exit 3'
	run -0 "$LABSH" -c 'exit 256'
	printf 'false\nexit\n' >script
	run -1 "$LABSH" script
	printf 'echo before\nexit 5\necho never\n' >script
	run -5 "$LABSH" script
	[ "$output" = before ]
}

@test "exit with a non-numeric argument: error, status 2" {
	run -2 --separate-stderr "$LABSH" -c 'exit abc'
	[ "$stderr" = "labsh: exit: abc: numeric argument required" ]
	run -2 --separate-stderr "$LABSH" -c 'exit 1 2'
	[ "${stderr_lines[0]}" = "labsh: exit: too many arguments" ]
}

@test "history outside an interactive shell is empty" {
	run -0 "$LABSH" -c history
	[ -z "$output" ]
}
