#!/usr/bin/env bats
# parse.bats - the lexer and parser seen from outside: the exact syntax error
# messages and statuses, where a script stops, PS2 continuation on a real
# terminal, and hostile input (deep nesting, huge words, text cut short).
# What dash also does is compared in differential.bats (tests/diff/*.cases).

load lib/helpers

# script LINE...: write the lines to ./script.
script() {
	printf '%s\n' "$@" >script
}

# deep OPEN BODY CLOSE: a one-line script of 10,000 OPENs, BODY, 10,000 CLOSEs.
deep() {
	awk -v o="$1" -v b="$2" -v c="$3" 'BEGIN {
		for (i = 0; i < 10000; i++) printf "%s", o
		printf "%s", b
		for (i = 0; i < 10000; i++) printf "%s", c
		printf "\n"
	}' >script
}

# A clear error or the right result, within the time bound, never a crash:
# status 0 with EXPECTED on stdout, or status 2 with one labsh message.
deep_ok() {
	run --separate-stderr timeout 60 "$LABSH" script
	if [ "$status" -eq 0 ]; then
		[ "$output" = "$1" ]
	else
		[ "$status" -eq 2 ] && [ -z "$output" ]
		[ "${#stderr_lines[@]}" -eq 1 ] && [[ $stderr == "labsh: "* ]]
	fi
}

@test "syntax error: 'labsh: line N: syntax error near unexpected token', status 2" {
	script 'echo one' 'if true; then' 'fi' 'echo never'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = one ]
	[ "$stderr" = "labsh: line 3: syntax error near unexpected token 'fi'" ]
}

@test "syntax error: the token is named as written, for operators too" {
	run -2 --separate-stderr "$LABSH" -c 'echo )'
	[ "$stderr" = "labsh: line 1: syntax error near unexpected token ')'" ]
	run -2 --separate-stderr "$LABSH" -c ';;'
	[ "$stderr" = "labsh: line 1: syntax error near unexpected token ';;'" ]
	run -2 --separate-stderr "$LABSH" -c 'while true; do done'
	[ "$stderr" = "labsh: line 1: syntax error near unexpected token 'done'" ]
	[ -z "$output" ]
}

@test "-c: the lines before the syntax error run, the rest does not" {
	run -2 --separate-stderr "$LABSH" -c 'echo one
echo two
fi
echo three'
	[ "$output" = "one
two" ]
	[ "$stderr" = "labsh: line 3: syntax error near unexpected token 'fi'" ]
}

@test "-c: a syntax error later on the same line stops the whole line" {
	run -2 --separate-stderr "$LABSH" -c 'echo one; fi'
	[ -z "$output" ]
	[ "$stderr" = "labsh: line 1: syntax error near unexpected token 'fi'" ]
}

@test "unexpected end of file: an if, a case, a ( left open, status 2" {
	script 'echo ran' 'if true; then' '  echo x'
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = ran ]
	[ "$stderr" = "labsh: line 4: syntax error: unexpected end of file" ]
	script 'case x in' '  a) echo a ;;'
	run -2 --separate-stderr "$LABSH" script
	[ -z "$output" ]
	[ "$stderr" = "labsh: line 3: syntax error: unexpected end of file" ]
	run -2 --separate-stderr "$LABSH" -c '(echo x'
	[ -z "$output" ]
	[ "$stderr" = "labsh: line 2: syntax error: unexpected end of file" ]
}

@test "unterminated quotes and substitutions at end of file: clear message, status 2" {
	script 'echo ran' 'echo "abc' ''
	run -2 --separate-stderr "$LABSH" script
	[ "$output" = ran ]
	[ "$stderr" = "labsh: line 4: syntax error: unterminated quoted string" ]
	run -2 --separate-stderr "$LABSH" -c "echo 'abc"
	[ "$stderr" = "labsh: line 2: syntax error: unterminated quoted string" ]
	run -2 --separate-stderr "$LABSH" -c 'echo ${x'
	[ "$stderr" = "labsh: line 2: syntax error: unterminated \${...}" ]
	run -2 --separate-stderr "$LABSH" -c 'echo `echo'
	[ "$stderr" = "labsh: line 2: syntax error: unterminated \`...\` command substitution" ]
	run -2 --separate-stderr "$LABSH" -c 'echo $(echo'
	[ "$stderr" = "labsh: line 2: syntax error: unexpected end of file" ]
	[ -z "$output" ]
}

@test "a here-document cut short by end of file: a warning, and it still runs" {
	script 'echo before' 'cat <<EOF' 'body $((6 * 7))' 'echo not-a-command'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "before
body 42
echo not-a-command" ]
	[[ $stderr =~ ^labsh:\ line\ [0-9]+:\ here-document\ delimited\ by\ end\ of\ file\ \(wanted\ \'EOF\'\)$ ]]
}

@test "a here-document cut short by end of file: the warning names the line of its <<" {
	script 'echo before' 'cat <<EOF' 'body' 'more'
	run -0 --separate-stderr "$LABSH" script
	[ "$stderr" = "labsh: line 2: here-document delimited by end of file (wanted 'EOF')" ]
}

@test "reserved words are words outside command position" {
	run -0 --separate-stderr "$LABSH" -c 'echo if then else fi do done case esac for in while { } !'
	[ "$output" = "if then else fi do done case esac for in while { } !" ]
	[ -z "$stderr" ]
	run -0 "$LABSH" -c 'x=if; echo $x; for w in do done; do echo $w; done; echo fi; echo then'
	[ "$output" = "if
do
done
fi
then" ]
	# In command position they are reserved: a lone fi is an error.
	run -2 --separate-stderr "$LABSH" -c 'fi'
	[ "$stderr" = "labsh: line 1: syntax error near unexpected token 'fi'" ]
}

@test "comments: # starts one only at the start of a word" {
	script '# a whole line' 'echo a # b c' 'echo a#b' "echo '#q' \"#d\" \\#e" '   # indented'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "a
a#b
#q #d #e" ]
	[ -z "$stderr" ]
}

@test "backslash-newline joins lines, except inside single quotes" {
	printf 'ec\\\nho jo\\\nined\necho '"'"'a\\\nb'"'"'\necho "c\\\nd"\n' >script
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = 'joined
a\
b
cd' ]
	[ -z "$stderr" ]
}

@test "a 1 MiB word is read whole into a variable and an argument" {
	{
		printf 'x='
		head -c 1048576 /dev/zero | tr '\0' a
		printf '\necho ${#x}\nprintf %%s "$x" | wc -c\necho '
		head -c 1048576 /dev/zero | tr '\0' b
		printf ' | wc -c\n'
	} >script
	run -0 --separate-stderr timeout 60 "$LABSH" script
	[ "$output" = "1048576
1048576
1048577" ]
	[ -z "$stderr" ]
}

@test "deep nesting: 10,000 nested ( ) subshells, no crash" {
	deep '(' 'echo deep' ')'
	deep_ok deep
}

@test "deep nesting: 10,000 nested { } groups, no crash" {
	deep '{ ' 'echo deep; ' '}; '
	deep_ok deep
}

@test "deep nesting: 10,000 nested \$( ) substitutions, no crash or hang" {
	deep 'x$(echo ' 'deep' ')'
	deep_ok "$(printf 'x%.0s' $(seq 10000))deep"
}

@test "deep nesting: 1,000 nested ( ) and \$( ) give the right result" {
	# Depths a script may really reach must work.
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "("
		printf "echo deep"
		for (i = 0; i < 1000; i++) printf ")"
		print "" }' >script
	run -0 --separate-stderr timeout 60 "$LABSH" script
	[ "$output" = deep ] && [ -z "$stderr" ]
	awk 'BEGIN { printf "echo "
		for (i = 0; i < 50; i++) printf "x$(echo "
		printf "deep"
		for (i = 0; i < 50; i++) printf ")"
		print "" }' >script
	run -0 --separate-stderr timeout 60 "$LABSH" script
	[ "$output" = "$(printf 'x%.0s' $(seq 50))deep" ] && [ -z "$stderr" ]
}

@test "interactive: a syntax error shows the message and a fresh prompt" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send echo a; fi\r
	expect syntax error near unexpected token 'fi'
	match labsh\[[0-9]+\] 2[$#] $
	send expr 40 + 2\r
	expect 42
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	# The line was refused as a whole: its echo never ran.
	[ "$(screen_text | grep -cx a)" -eq 0 ]
	screen_text | grep -qx "labsh: line 1: syntax error near unexpected token 'fi'"
}

@test "interactive: 'if true' Enter shows PS2, and the command runs when complete" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send if true\r
	match > $
	send then echo yes; fi\r
	expect yes
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	screen_text | grep -qx '> then echo yes; fi'
	screen_text | grep -qx yes
}

@test "interactive: a for loop typed over three lines" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send for i in 1 2\r
	match > $
	send do echo item-$i\r
	match > $
	send done\r
	expect item-2
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	[ "$(screen_text | grep -c '^item-[12]$')" -eq 2 ]
}

@test "interactive: PS2 is taken from the variable; quotes and \\ continue too" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send PS2='more: '\r
	match labsh\[[0-9]+\][$#] $
	send echo "open\r
	match more: $
	send close"\r
	match labsh\[[0-9]+\][$#] $
	send echo jo\\\r
	match more: $
	send ined\r
	expect joined
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	screen_text | grep -qx open
	screen_text | grep -qx close
	screen_text | grep -qx joined
}

@test "interactive: Ctrl-C at PS2 abandons the whole command, status 130" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send for i in 1 2\r
	match > $
	send do echo abandoned-$i\r
	match > $
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send done\r
	expect unexpected token 'done'
	match labsh\[[0-9]+\] 2[$#] $
	send expr 40 + 2\r
	expect 42
	send exit 0\r
	wait
	EOF
	# Neither the loop nor its body ever ran, and 'done' began a new command.
	[ "$(screen_text | grep -c '^abandoned-')" -eq 0 ]
}

@test "interactive: a here-document typed at the terminal" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send cat <<END; echo after-doc\r
	match > $
	send first $((6 * 7))\r
	match > $
	send 'second'\r
	match > $
	send END\r
	expect after-doc
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
	screen_text | grep -qx 'first 42'
	screen_text | grep -qx "'second'"
	screen_text | grep -qx after-doc
}
