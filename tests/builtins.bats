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

@test "help NAME lists the system calls it makes, each one of the table" {
	run -0 "$LABSH" -c 'help fds'
	[[ $output == *$'\nSystem calls: getpid(2) open(2) read(2) close(2)\n'* ]]
	run -0 "$LABSH" -c 'help -l'
	local name calls call
	for name in "${lines[@]}"; do
		calls=$("$LABSH" -c "help $name" | sed -n 's/^System calls: //p')
		[[ $calls != *"(?)"* ]] || { echo "$name: $calls"; false; }
		for call in $calls; do
			"$LABSH" -c "help -s ${call%(*}" | grep -qx "Builtins:.* $name\\( .*\\)\\?" ||
				{ echo "help -s ${call%(*} does not name $name"; false; }
		done
	done
}

@test "help -s CALL: section, family, builtins, and the installed page" {
	mkdir -p man/man2
	: >man/man2/pipe.2.gz
	MANPATH=$PWD/man run -0 "$LABSH" -c 'help -s pipe getpid'
	[ "${lines[0]}" = "pipe(2) - pipes and FIFOs" ]
	[ "${lines[1]}" = "Family: pipe" ]
	[[ ${lines[2]} == "Builtins:"* ]]
	[ "${lines[3]}" = "Man page: $PWD/man/man2/pipe.2.gz" ]
	[ "${lines[4]}" = "getpid(2) - processes: fork, exec, wait" ]
	[[ "${lines[6]} " == "Builtins: "*" fds "* ]] && [[ "${lines[6]} " == *" ptree "* ]]
	[[ ${lines[7]} == "Man page: not installed"* ]]
}

@test "help -s alone lists every call of the table by family" {
	run -0 "$LABSH" -c 'help -s'
	[ "${lines[0]}" = "processes: fork, exec, wait:" ]
	[[ $output == *" fork(2) "* ]] && [[ $output == *" finit_module(2) "* ]]
	[ "$(grep -o '[a-z_0-9]*([23])' <<<"$output" | wc -l)" -eq \
	  "$(grep -c '^S(' "$top_srcdir/src/syscalls.def")" ]
}

@test "help -s of an unknown call: error, near names, status 1" {
	run -1 --separate-stderr "$LABSH" -c 'help -s nosuchcall'
	[ "${stderr_lines[0]}" = "labsh: help: nosuchcall: unknown system call" ]
	[[ ${stderr_lines[1]} == "hint: "* ]]
	run -1 --separate-stderr "$LABSH" -c 'help -s pipes'
	[ "${stderr_lines[0]}" = "labsh: help: pipes: unknown system call" ]
	[ "${stderr_lines[1]}" = "hint: did you mean: pipe pipe2" ]
	run -1 --separate-stderr "$LABSH" -c 'help -s shm'
	[[ ${stderr_lines[1]} == "hint: did you mean: "*shmget*shm_open* ]]
}

@test "help -m NAME runs man(1) on labsh-NAME(1), or on labsh(1)" {
	LABSH_MAN=echo run -0 "$LABSH" -c 'help -m fds'
	[ "$output" = "1 labsh-fds" ]
	LABSH_MAN=echo run -0 "$LABSH" -c 'help -m exit'
	[ "$output" = "1 labsh" ]
	LABSH_MAN=echo run -0 "$LABSH" -c 'help -m'
	[ "$output" = "1 labsh" ]
	LABSH_MAN=echo LABSH_MANDIR=$top_srcdir/man run -0 "$LABSH" -c 'help -m ptree'
	[ "$output" = "-l $top_srcdir/man/labsh-ptree.1" ]
	LABSH_MAN=false run -1 "$LABSH" -c 'help -m fds'
	run -1 --separate-stderr "$LABSH" -c 'help -m nosuch'
	[ "$stderr" = "labsh: help: nosuch: no such builtin" ]
	run -2 --separate-stderr "$LABSH" -c 'help -m -s fds'
	[ "${stderr_lines[0]}" = "labsh: help: -m and -s exclude each other" ]
}
