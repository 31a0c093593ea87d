#!/usr/bin/env bats
# umask.bats - umask: octal and symbolic, shown and set, and its effect on
# the files the shell's children create.

load ../lib/helpers

setup() {
	labsh_setup
	umask 022
}

# script LINE...: write the lines to ./script.
script() {
	printf '%s\n' "$@" >script
}

@test "umask: shown as four octal digits, or symbolically with -S" {
	run -0 --separate-stderr "$LABSH" -c umask
	[ "$output" = 0022 ]
	[ -z "$stderr" ]
	run -0 "$LABSH" -c 'umask -S'
	[ "$output" = "u=rwx,g=rx,o=rx" ]
	umask 0777
	run -0 "$LABSH" -c 'umask -S'
	[ "$output" = "u=,g=,o=" ]
	umask 0
	run -0 "$LABSH" -c umask
	[ "$output" = 0000 ]
}

@test "umask: set from octal" {
	script 'umask 077' umask 'umask 7' umask 'umask 0750' 'umask -S' 'umask 0'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "0077
0007
u=,g=w,o=rwx" ]
	[ -z "$stderr" ]
}

@test "umask: set from a symbolic mode, as chmod(1) reads it" {
	# Each line: the mode, then the mask it leaves, starting from 022.
	local cases=(
		'u=rwx,g=rx,o= 0027'	'a+rw,g-w 0020'		'u=rwx,g=u-w,o= 0027'
		'g=u 0002'		'o-x 0023'		'+w 0000'
		'=rwx 0000'		'a= 0777'		'u-r,o+w-x 0421'
		'go=u,u= 0700'		'ug=rx 0222'		'o+X 0022'
		'u=rw,o+X 0122'		'g+s 0022'		'u=,u+r 0322'
		# A copy takes the bits as the clauses before left them (as GNU
		# chmod does; dash takes them from before the whole mode).
		'g=u,o=g 0000'
	)
	local c mode want
	for c in "${cases[@]}"; do
		mode=${c% *} want=${c##* }
		script "umask $mode" umask
		run -0 --separate-stderr "$LABSH" script
		[ "$output" = "$want" ] || { echo "umask $mode: $output, not $want"; false; }
		[ -z "$stderr" ]
	done
}

@test "umask -S with a mode sets it silently" {
	script 'umask -S 077' umask
	run -0 "$LABSH" script
	[ "$output" = 0077 ]
}

@test "umask: an invalid mode is an error and changes nothing" {
	local mode
	for mode in 999 8 01777 ab u=q u=rw, ,u=r ug x u+r,,g+r; do
		script "umask $mode" umask
		run -0 --separate-stderr "$LABSH" script
		[ "$output" = 0022 ] || { echo "umask $mode: $output"; false; }
		[ "$stderr" = "labsh: umask: $mode: invalid mode" ]
		run -1 "$LABSH" -c "umask $mode"
	done
}

@test "umask: usage errors" {
	run -2 --separate-stderr "$LABSH" -c 'umask -x'
	[ "${stderr_lines[0]}" = "labsh: umask: -x: invalid option" ]
	[ "${stderr_lines[1]}" = "usage: umask [-S] [MASK]" ]
	run -2 --separate-stderr "$LABSH" -c 'umask 022 077'
	[ "${stderr_lines[0]}" = "labsh: umask: too many arguments" ]
}

@test "umask: the mask reaches the files a child creates" {
	script 'umask 027' 'touch f' 'mkdir d'
	run -0 "$LABSH" script
	[ "$(stat -c %a f)" = 640 ]
	[ "$(stat -c %a d)" = 750 ]
}

@test "umask: agrees with dash on the modes both accept" {
	command -v "${DASH:-dash}" >/dev/null || skip "dash is not installed"
	local mode
	for mode in 0 027 777 u=rwx,g=rx,o= a-w g=u,u-w u+x,g-rwx =r o+X; do
		script "umask $mode" umask 'umask -S'
		run -0 "${DASH:-dash}" script
		local want=$output
		run -0 "$LABSH" script
		[ "$output" = "$want" ] || { echo "umask $mode: $output, dash $want"; false; }
	done
}
