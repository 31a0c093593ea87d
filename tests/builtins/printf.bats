#!/usr/bin/env bats
# printf.bats - printf(1) as POSIX has it: conversions, escapes, reuse of
# the format, numeric operands.

load ../lib/helpers

@test "printf: %s and %d, and escapes in the format" {
	sh_out 'printf "%s-%d\n" abc 42' $'abc-42\n'
	sh_out "printf 'a\nb\tc\\\\d\101\1012\n'" $'a\nb\tc\\dAA2\n'
	sh_out "printf '\a\b\f\r\v\e'" $'\a\b\f\r\v\e'
	sh_out 'printf "%%\n"' $'%\n'
	sh_out 'printf "%s\n" "a  b" ""' $'a  b\n\n'
}

@test "printf: an unknown escape in the format keeps its backslash" {
	sh_out "printf '\q\c%s\n' x" $'\\q\\cx\n'
}

@test "printf: the format is reused until the operands run out" {
	sh_out 'printf "%s\n" a b c' $'a\nb\nc\n'
	sh_out 'printf "%d%d\n" 1 2 3' $'12\n30\n'
	sh_out 'printf hello a b' 'hello'
	sh_out 'printf %s' ''
	sh_out 'printf "[%s]" ""' '[]'
}

@test "printf: missing operands are empty strings and zeros" {
	sh_out 'printf "%d-%s-%x|%b|\n"' $'0--0||\n'
	bytes 'printf "<%c>"' 3c003e
}

@test "printf: flags, width and precision, also from * operands" {
	sh_out 'printf "%5s|%-5s|%.2s|\n" ab cd efgh' $'   ab|cd   |ef|\n'
	sh_out 'printf "%*d|%-*d|%.*f\n" 5 42 4 7 2 3.14159' $'   42|7   |3.14\n'
	sh_out 'printf "%*d|\n" -5 42' $'42   |\n'
	sh_out 'printf "%.*d|\n" -1 42' $'42|\n'
	sh_out 'printf "%#x|%#o|%+d|% d|%05d|%-+08.3f|\n" 255 8 5 5 5 3.14159' \
		$'0xff|010|+5| 5|00005|+3.142  |\n'
}

@test "printf: integer conversions" {
	sh_out 'printf "%d|%i|%o|%u|%x|%X\n" 42 -7 8 42 255 255' $'42|-7|10|42|ff|FF\n'
	sh_out 'printf "%d|%d|%d|%d|%d\n" 0x1f 010 -7 +3 " 12"' $'31|8|-7|3|12\n'
	sh_out 'printf "%u\n" -1' $'18446744073709551615\n'
	sh_out 'printf "%d\n" ""' $'0\n'
}

@test "printf: floating point conversions" {
	sh_out 'printf "%e|%E|%g|%G|%f|%a\n" 1.5 1.5 0.0001 1e20 2.5 1' \
		$'1.500000e+00|1.500000E+00|0.0001|1E+20|2.500000|0x1p+0\n'
	sh_out 'printf "%.0f|%.3e|%f\n" 2.5 12345 inf' $'2|1.234e+04|inf\n'
}

@test "printf: %c writes the first byte" {
	sh_out 'printf "%c%c\n" abc d' $'ad\n'
	sh_out 'printf "%3c|%-3c|\n" a b' $'  a|b  |\n'
	bytes 'printf "%c" ""' 00
}

@test "printf: a leading quote gives the character's code" {
	sh_out "printf '%d|%d|%x|%d\n' \"'A\" '\"B' \"'a\" \"'\"" $'65|66|61|0\n'
}

@test "printf: %b decodes escapes in its operand, octal as \\0NNN" {
	sh_out "printf '%b\n' 'a\tb\0101\101\e'" $'a\tbAA\e\n'
	sh_out 'printf "%5b|%-5b|%.1b|\n" ab cd ef' $'   ab|cd   |e|\n'
	bytes "printf %b 'a\0b'" 610062
}

@test "printf: \\c in %b ends all output" {
	sh_out "printf '%b|%s\n' 'a\cb' c" 'a'
	sh_out "printf 'x%bx\n' '\c'" 'x'
	sh_out "printf '%s%b\n' 1 2 3 '\c' 4" $'12\n3'
}

@test "printf: an invalid number is reported, output goes on, status 1" {
	run -1 --separate-stderr "$LABSH" -c 'printf "%d|%d\n" abc 7'
	[ "$output" = "0|7" ]
	[ "$stderr" = "labsh: printf: abc: invalid number" ]
	run -1 --separate-stderr "$LABSH" -c 'printf "%d\n" 12abc'
	[ "$output" = 12 ]
	[ "$stderr" = "labsh: printf: 12abc: invalid number" ]
	run -1 --separate-stderr "$LABSH" -c 'printf "%d\n" 99999999999999999999'
	[ "$output" = 9223372036854775807 ]
	[ "$stderr" = "labsh: printf: 99999999999999999999: Numerical result out of range" ]
	run -1 --separate-stderr "$LABSH" -c 'printf "%f\n" 1.5x'
	[ "$output" = 1.500000 ]
	[ "$stderr" = "labsh: printf: 1.5x: invalid number" ]
	run -0 --separate-stderr "$LABSH" -c 'printf "%d\n" "12 "; echo $?'
	[ "${lines[*]}" = "12 1" ]
}

@test "printf: a bad conversion stops with status 2" {
	run -2 --separate-stderr "$LABSH" -c 'printf a%zb'
	[ "$output" = a ]
	[ "$stderr" = "labsh: printf: %z: invalid directive" ]
	run -2 --separate-stderr "$LABSH" -c 'printf %ld 5'
	[ "$stderr" = "labsh: printf: %l: invalid directive" ]
	run -2 --separate-stderr "$LABSH" -c 'printf %5%'
	[ "$stderr" = "labsh: printf: %5%: invalid directive" ]
	run -2 --separate-stderr "$LABSH" -c 'printf x%'
	[ "$output" = x ]
	[ "$stderr" = "labsh: printf: %: missing format character" ]
}

@test "printf: widths beyond an int are refused, not attempted" {
	run -2 --separate-stderr "$LABSH" -c 'printf "%2147483648d|" 1'
	[ "$stderr" = "labsh: printf: %2147483648d: field width or precision too large" ]
	run -1 --separate-stderr "$LABSH" -c 'printf "%*d|" 3000000000 1'
	[ "$output" = "1|" ]
	[ "$stderr" = "labsh: printf: 3000000000: field width or precision too large" ]
}

@test "printf: usage errors" {
	run -2 --separate-stderr "$LABSH" -c 'printf'
	[ "${stderr_lines[0]}" = "labsh: printf: missing format" ]
	[ "${stderr_lines[1]}" = "usage: printf FORMAT [ARG...]" ]
	run -2 --separate-stderr "$LABSH" -c 'printf -x'
	[ "${stderr_lines[0]}" = "labsh: printf: -x: invalid option" ]
	sh_out 'printf -- "%s\n" -x' $'-x\n'
	sh_out 'printf -' '-'
	run -0 "$LABSH" -c 'printf --help'
	[ "${lines[0]}" = "usage: printf FORMAT [ARG...]" ]
}

@test "printf: agrees with dash" {
	command -v "${DASH:-dash}" >/dev/null || skip "dash is not installed"
	local args
	# Each line is split by bash into the words given to both shells.
	while read -r args; do
		# shellcheck disable=SC2086 # the words are meant to be split
		"${DASH:-dash}" -c 'printf "$@"' printf $args >expected
		# shellcheck disable=SC2086
		"$LABSH" -c 'printf "$@"' printf $args >out
		cmp out expected || { echo "printf $args"; od -c out; false; }
	done <<-'EOF'
		%s-%d\n abc 42
		%5.2f|%-8.3e|%G\n 3.14159 2.5 1e-10
		%b|%s\n a\tb\101 \t
		%x%o%X\n 255 255 255 1
		%*.*s|\n 6 2 abcdef
		%c%c\n
		%+.3d|%-4d|\n 7 7
		a\0101\n
		%b%b\n \0 \0777\1234
		%d%s%d\n 'a "b 'c
		\\\\%s\\\n \
		%#o|%#X|%#.3g\n 0 0 1
	EOF
}

closed_stdout() {
	"$@" >&-
}

@test "printf: a write error is reported, status 1" {
	run -1 --separate-stderr closed_stdout "$LABSH" -c 'printf "%s\n" hi'
	[ "$stderr" = "labsh: printf: write error: Bad file descriptor" ]
}
