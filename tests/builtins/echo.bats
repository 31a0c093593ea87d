#!/usr/bin/env bats
# echo.bats - echo as dash has it: XSI escapes always, -n only first.

load ../lib/helpers

@test "echo: the words separated by one blank, then a newline" {
	sh_out 'echo a b   c' $'a b c\n'
	sh_out 'echo' $'\n'
	sh_out 'echo "a  b" "" c' $'a  b  c\n'
	sh_out 'echo --' $'--\n'
}

@test "echo: --help is an ordinary argument" {
	sh_out 'echo --help' $'--help\n'
}

@test "echo -n: no newline, and only as the first argument" {
	sh_out 'echo -n a b' 'a b'
	sh_out 'echo -n' ''
	sh_out 'echo -n -n x' '-n x'
	sh_out 'echo x -n' $'x -n\n'
	sh_out 'echo -e a' $'-e a\n'
	sh_out 'echo -nn a' $'-nn a\n'
	sh_out 'echo "-n " a' $'-n  a\n'
}

@test "echo: the XSI escapes are always decoded" {
	sh_out "echo 'a\tb\nc'" $'a\tb\nc\n'
	sh_out "echo '\a\b\f\r\v\\\\'" $'\a\b\f\r\v\\\n'
}

@test "echo: octal as \\0NNN, and \\NNN as dash allows" {
	sh_out "echo '\0101\101'" $'AA\n'
	sh_out "echo '\01234'" $'S4\n'
	bytes "echo 'x\0y\08'" 78007900380a
}

@test "echo: \\c ends all output, the newline too" {
	sh_out "echo 'a\cb' c" 'a'
	sh_out "echo a '\c' b" 'a '
	sh_out "echo -n 'a\c'" 'a'
}

@test "echo: an unknown escape keeps its backslash" {
	sh_out "echo '\q' 'a\'" $'\\q a\\\n'
}

@test "echo: agrees with dash" {
	command -v "${DASH:-dash}" >/dev/null || skip "dash is not installed"
	local args
	# Each line is split by bash into the words given to both shells.
	while read -r args; do
		# shellcheck disable=SC2086 # the words are meant to be split
		"${DASH:-dash}" -c 'echo "$@"' echo $args >expected
		# shellcheck disable=SC2086
		"$LABSH" -c 'echo "$@"' echo $args >out
		cmp out expected || { echo "echo $args"; od -c out; false; }
	done <<-'EOF'
		a b
		-n x
		a\tb\c
		\0101\1012\0
		\q\
		-n -n
		-- x
		\\\\ \\ \
		\e\x41\u0041
	EOF
}

# closed_stdout CMD...: run CMD with its standard output closed.
closed_stdout() {
	"$@" >&-
}

# full_stdout CMD...: run CMD writing to /dev/full (ENOSPC).
full_stdout() {
	"$@" >/dev/full
}

@test "echo: a write error is reported, status 1" {
	run -1 --separate-stderr closed_stdout "$LABSH" -c 'echo hi'
	[ "$stderr" = "labsh: echo: write error: Bad file descriptor" ]
	run -1 --separate-stderr full_stdout "$LABSH" -c 'echo hi'
	[ "$stderr" = "labsh: echo: write error: No space left on device" ]
}

@test "echo: after a write error, nothing stale reaches the next stdout" {
	run -0 --separate-stderr "$LABSH" -c 'echo lost >&-; echo kept'
	[ "$output" = kept ]
	[ "$stderr" = "labsh: echo: write error: Bad file descriptor" ]
}
