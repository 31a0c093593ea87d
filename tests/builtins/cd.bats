#!/usr/bin/env bats
# cd.bats - cd and pwd: logical and physical paths, $PWD and $OLDPWD,
# CDPATH, HOME and `cd -`.  Each scenario is a script, one command a line.

load ../lib/helpers

setup() {
	labsh_setup
	T=$(pwd -P)
	cd "$T" || return 1
	export PWD=$T
	mkdir -p real/sub cdp/target "$HOME"
	ln -s real link
	unset CDPATH OLDPWD
}

# script LINE...: write the lines to ./script.
script() {
	printf '%s\n' "$@" >script
}

@test "pwd: the working directory, logical by default" {
	run -0 --separate-stderr "$LABSH" -c pwd
	[ "$output" = "$T" ]
	cd link
	PWD=$T/link run -0 "$LABSH" -c pwd
	[ "$output" = "$T/link" ]
	PWD=$T/link run -0 "$LABSH" -c 'pwd -P'
	[ "$output" = "$T/real" ]
	PWD=$T/link run -0 "$LABSH" -c 'pwd -P -L'
	[ "$output" = "$T/link" ]
}

@test "pwd: a wrong \$PWD is not believed" {
	cd real
	for pwd in "$T/link/sub" "$T/link/../real" relative "$T/./real" /; do
		PWD=$pwd run -0 "$LABSH" -c pwd
		[ "$output" = "$T/real" ] || { echo "PWD=$pwd: $output"; false; }
	done
}

@test "pwd: a bad option is a usage error" {
	run -2 --separate-stderr "$LABSH" -c 'pwd -x'
	[ "${stderr_lines[0]}" = "labsh: pwd: -x: invalid option" ]
	[ "${stderr_lines[1]}" = "usage: pwd [-L|-P]" ]
}

@test "cd: -L (the default) keeps the path as typed, .. included" {
	script 'cd link/sub' pwd 'pwd -P' 'cd ..' pwd 'cd ./sub/../..' pwd
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "$T/link/sub
$T/real/sub
$T/link
$T" ]
	[ -z "$stderr" ]
}

@test "cd -P resolves symbolic links" {
	script 'cd -P link/sub' pwd 'cd ..' pwd "cd -L -P $T/link" pwd
	run -0 "$LABSH" script
	[ "$output" = "$T/real/sub
$T/real
$T/real" ]
}

@test "cd: absolute paths are canonicalised too" {
	script "cd $T//link/./sub/" pwd "cd $T/link/sub/../../cdp" pwd 'cd /..' pwd
	run -0 "$LABSH" script
	[ "$output" = "$T/link/sub
$T/cdp
/" ]
}

@test "cd: no operand goes to \$HOME" {
	mkdir "$HOME/h"
	HOME=$HOME/h run -0 "$LABSH" -c 'cd'
	script cd pwd
	run -0 "$LABSH" script
	[ "$output" = "$HOME" ]
}

@test "cd: HOME unset is an error; HOME empty does nothing" {
	run -1 --separate-stderr env -u HOME "$LABSH" -c cd
	[ "$stderr" = "labsh: cd: HOME not set" ]
	script cd pwd
	HOME='' run -0 --separate-stderr "$LABSH" script
	[ "$output" = "$T" ]
	[ -z "$stderr" ]
}

@test "cd -: back to \$OLDPWD, printing it" {
	script 'cd real' 'cd -' pwd 'cd -' 'cd -' 'cd -P link' 'cd -'
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "$T
$T
$T/real
$T
$T" ]
	[ -z "$stderr" ]
	run -1 --separate-stderr "$LABSH" -c 'cd -'
	[ "$stderr" = "labsh: cd: OLDPWD not set" ]
}

@test "cd: CDPATH, printing the directory found through it" {
	script 'cd target' pwd
	CDPATH=$T/cdp run -0 --separate-stderr "$LABSH" script
	[ "$output" = "$T/cdp/target
$T/cdp/target" ]
	[ -z "$stderr" ]
	# An empty entry is the working directory, and is not printed.
	CDPATH=:$T/cdp run -0 "$LABSH" -c 'cd real'
	[ -z "$output" ]
	CDPATH=/nowhere:$T/cdp run -0 "$LABSH" -c 'cd target'
	[ "$output" = "$T/cdp/target" ]
	# A leading . or / is not searched.
	mkdir -p cdp/real/x
	CDPATH=$T/cdp run -0 "$LABSH" -c 'cd ./real'
	[ -z "$output" ]
	CDPATH=$T/cdp run -2 --separate-stderr "$LABSH" -c 'cd ./target'
	[ "$stderr" = "labsh: cd: ./target: No such file or directory" ]
}

@test "cd: errors leave the directory alone; status 2 as in dash, 1 for usage" {
	echo >file
	script 'cd nosuch' pwd 'cd file' 'cd nosuch/..' "cd $T/file/.." pwd
	run -0 --separate-stderr "$LABSH" script
	[ "$output" = "$T
$T" ]
	[ "${stderr_lines[0]}" = "labsh: cd: nosuch: No such file or directory" ]
	[ "${stderr_lines[1]}" = "labsh: cd: file: Not a directory" ]
	[ "${stderr_lines[2]}" = "labsh: cd: nosuch/..: No such file or directory" ]
	[ "${stderr_lines[3]}" = "labsh: cd: $T/file/..: Not a directory" ]
	run -2 --separate-stderr "$LABSH" -c 'cd nosuch'
	run -1 --separate-stderr "$LABSH" -c 'cd real cdp'
	[ "$stderr" = "labsh: cd: too many arguments" ]
}

@test "cd: permission denied is reported with its cause" {
	[ "$(id -u)" != 0 ] || skip "root may enter any directory"
	mkdir locked
	chmod 0 locked
	run -1 --separate-stderr "$LABSH" -c 'cd locked'
	[ "$stderr" = "labsh: cd: locked: Permission denied" ]
	chmod 755 locked
}

@test "cd: a bad option is a usage error" {
	run -2 --separate-stderr "$LABSH" -c 'cd -x'
	[ "${stderr_lines[0]}" = "labsh: cd: -x: invalid option" ]
	[ "${stderr_lines[1]}" = "usage: cd [-L|-P] [DIR | -]" ]
}

@test "cd: an empty operand is an error (POSIX 2024)" {
	run -1 --separate-stderr "$LABSH" -c 'cd ""'
	[ "$stderr" = "labsh: cd: empty directory operand" ]
	run -0 --separate-stderr "$LABSH" -c 'cd ""; pwd'
	[ "$output" = "$T" ]
}

@test "cd: \$PWD and \$OLDPWD follow, also through a failure" {
	script 'cd link' 'echo "$PWD $OLDPWD"' 'cd nosuch' 'echo "$PWD $OLDPWD"'
	run -0 --separate-stderr "$LABSH" script
	[ "${lines[0]}" = "$T/link $T" ]
	[ "${lines[1]}" = "$T/link $T" ]
}

@test "cd: PWD and OLDPWD are exported to commands" {
	script 'cd real' 'printenv PWD OLDPWD'
	run -0 "$LABSH" script
	[ "$output" = "$T/real
$T" ]
}
