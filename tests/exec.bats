#!/usr/bin/env bats
# exec.bats - running programs: PATH search, exit statuses, signals.

load lib/helpers

@test "an unknown command: 'labsh: NAME: command not found', status 127" {
	run -127 --separate-stderr "$LABSH" -c 'no-such-command-xyz arg'
	[ "$stderr" = "labsh: no-such-command-xyz: command not found" ]
}

@test "a path that does not exist: ENOENT, status 127" {
	run -127 --separate-stderr "$LABSH" -c './nothing-here'
	[ "$stderr" = "labsh: ./nothing-here: No such file or directory" ]
}

@test "a file without execute permission: EACCES, status 126" {
	printf '#!/bin/sh\necho no\n' >noexec
	chmod 644 noexec
	# root may read anything, but execute needs an x bit even for root
	run -126 --separate-stderr "$LABSH" -c ./noexec
	[ "$stderr" = "labsh: ./noexec: Permission denied" ]
}

@test "a directory is not a command: status 126" {
	mkdir sub
	run -126 --separate-stderr "$LABSH" -c ./sub
	[ "$stderr" = "labsh: ./sub: Permission denied" ]
}

@test "the exit status of a program is passed through" {
	printf '#!/bin/sh\nexit 42\n' >ret42
	chmod +x ret42
	run -42 "$LABSH" -c ./ret42
}

@test "a program killed by a signal gives 128+N and says how it died" {
	printf '#!/bin/sh\nkill -TERM $$\n' >selfkill
	chmod +x selfkill
	# not the last command, so the shell forks and waits for it
	run -143 --separate-stderr "$LABSH" -c './selfkill; exit $?'
	[ "$stderr" = Terminated ]
}

@test "an executable without #! is run as a labsh script" {
	printf 'echo from-plain-script\n' >plain
	chmod +x plain
	run -0 "$LABSH" -c ./plain
	[ "$output" = from-plain-script ]
}

@test "PATH is searched in order; an empty entry means the current directory" {
	mkdir a b
	printf '#!/bin/sh\necho a\n' >a/which-one
	printf '#!/bin/sh\necho b\n' >b/which-one
	chmod +x a/which-one b/which-one
	run -0 env PATH="$PWD/b:$PWD/a:/usr/bin:/bin" "$LABSH" -c which-one
	[ "$output" = b ]
	printf '#!/bin/sh\necho here\n' >in-cwd
	chmod +x in-cwd
	run -0 env PATH=":/usr/bin:/bin" "$LABSH" -c in-cwd
	[ "$output" = here ]
}

@test "arguments reach the program intact" {
	run -0 "$LABSH" -c 'printf [%s] one two three'
	[ "$output" = "[one][two][three]" ]
}

@test "no child is left behind after a script" {
	printf 'sleep 0.1\ntrue\n' >script
	"$LABSH" script &
	local pid=$!
	wait "$pid"
	no_children_of "$pid"
}
