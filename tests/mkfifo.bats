#!/usr/bin/env bats
# mkfifo.bats - the mkfifo builtin: the utility (modes, umask, errors with
# their hints), --demo (open's blocking rules, ENXIO) and --chat between
# two labsh processes, and Ctrl-C.

load lib/helpers

# run_mk LINE: `labsh -c LINE`, stdout in ./out, stderr in ./err, the
# status in $status; ended after 60 s.
run_mk() {
	status=0
	timeout 60 "$LABSH" -c "$1" >out 2>err || status=$?
}

# The mode bits of PATH in octal, as stat(1) shows them: 640.
mode_of() {
	stat -c %a "$1"
}

@test "mkfifo PATH makes a FIFO with 0666 less the umask, narrated with the kernel's view" {
	run_mk 'umask 027; mkfifo f1 f2'
	[ "$status" -eq 0 ]
	[ ! -s out ]
	test -p f1 && test -p f2
	[ "$(mode_of f1)" = 640 ] && [ "$(mode_of f2)" = 640 ]
	grep -q '^\[[0-9]*\] mkfifo("f1", 0666) = 0 .*0666 & ~umask 0027 = 0640$' err
	grep -q '^\[[0-9]*\] stat("f1", &st) = 0 .*prw-r----- 0640: S_ISFIFO is true$' err
	# the user's files: they stay after the shell has exited
	test -p f1
	run_mk 'umask 0; mkfifo f3'
	[ "$(mode_of f3)" = 666 ]
}

@test "-m MODE is exact whatever the umask, and the umask is put back" {
	run_mk 'umask 077; mkfifo -m 644 a; umask; mkfifo -m 0600 b; umask 0; mkfifo -m 1755 c'
	[ "$status" -eq 0 ]
	[ "$(cat out)" = 0077 ]
	[ "$(mode_of a)" = 644 ] && [ "$(mode_of b)" = 600 ]
	[ "$(stat -c %A c)" = prwxr-xr-t ]
	grep -q '^\[[0-9]*\] umask(0) = 63 .*077 in octal' err
	grep -q '^\[[0-9]*\] mkfifo("a", 0644) = 0 ' err
	grep -q '^\[[0-9]*\] umask(077) = 0 .*the umask is back' err
}

@test "a FIFO made by one labsh carries data to another process" {
	run_mk 'mkfifo --quiet chan'
	[ "$status" -eq 0 ]
	timeout 30 "$LABSH" -c 'echo "through the FIFO" > chan' &
	STARTED+=("$!")
	run -0 timeout 30 "$LABSH" -c 'read line < chan; echo "got: $line"'
	[ "$output" = "got: through the FIFO" ]
}

@test "mkfifo over an existing file: EEXIST, its hint, status 1, the file untouched, the others made" {
	echo keep >f
	run_mk 'mkfifo f g'
	[ "$status" -eq 1 ]
	grep -qx "labsh: mkfifo: cannot create fifo 'f': File exists" err
	grep -qx "hint: EEXIST: f is already there, a regular file; mkfifo never replaces a file: choose another name, or remove it first (rm f)" err
	grep -q '^\[[0-9]*\] mkfifo("f", 0666) = -1 EEXIST (File exists)' err
	[ -f f ] && [ "$(cat f)" = keep ]
	test -p g
	# over a FIFO too
	run_mk 'mkfifo g'
	[ "$status" -eq 1 ]
	grep -qx "hint: EEXIST: g is already there, a FIFO; mkfifo never replaces a file: choose another name, or remove it first (rm g)" err
}

@test "a path in a missing directory: ENOENT, its hint, status 1, nothing made" {
	run_mk 'mkfifo nodir/f'
	[ "$status" -eq 1 ]
	grep -qx "labsh: mkfifo: cannot create fifo 'nodir/f': No such file or directory" err
	grep -qx "hint: ENOENT: the directory nodir does not exist; mkfifo makes no directories (mkdir -p nodir first)" err
	[ ! -e nodir ]
}

@test "a directory the user may not write in: EACCES, its hint, status 1" {
	mkdir ro
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || skip "root without setpriv"
		chmod 755 ro "$BATS_TEST_TMPDIR"
		run_as() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	else
		chmod 555 ro
		run_as() { "$@"; }
	fi
	status=0
	run_as timeout 30 "$LABSH" -c "mkfifo $BATS_TEST_TMPDIR/ro/f" >out 2>err || status=$?
	[ "$status" -eq 1 ]
	grep -qx "labsh: mkfifo: cannot create fifo '$BATS_TEST_TMPDIR/ro/f': Permission denied" err
	grep -q "^hint: EACCES: you may not write in the directory $BATS_TEST_TMPDIR/ro" err
	[ ! -e ro/f ]
}

@test "bad modes and a missing PATH are usage errors: status 2, nothing made" {
	local m
	for m in 888 u=rw "" 77777 -1 0x1; do
		run_mk "mkfifo -m '$m' x"
		[ "$status" -eq 2 ] || { echo "mode '$m'"; false; }
		grep -q "^labsh: mkfifo: -m: $m: not an octal mode" err
		grep -q '^usage: mkfifo ' err
		! grep -q 'mkfifo(' err
		[ ! -e x ]
	done
	run_mk 'mkfifo'
	[ "$status" -eq 2 ]
	grep -qx 'labsh: mkfifo: a PATH is required' err
	run_mk 'mkfifo --demo x'
	[ "$status" -eq 2 ]
	run_mk 'mkfifo --chat "a/b"'
	[ "$status" -eq 2 ]
	grep -q '^labsh: mkfifo: --chat: a/b: a NAME is' err
	rundir_empty
}

@test "--demo: type p, ENXIO for a non-blocking writer, a blocking open that waits, unlink" {
	run_mk 'echo shell $$; mkfifo --demo'
	[ "$status" -eq 0 ]
	local shell kid path
	shell=$(sed -n 's/^shell //p' out)
	path=$(sed -n 's/^FIFO: //p' out)
	[[ $path == "$XDG_RUNTIME_DIR/labsh/"* ]]
	grep -q "^\\[$shell\\] mkfifo(\"$path\", 0600) = 0" err
	grep -q "^\\[$shell\\] stat(\"$path\", &st) = 0 .*S_ISFIFO(st.st_mode) is true" err
	grep -q "^prw------- 0 bytes  $path " out
	# O_NONBLOCK: the writer is refused, the reader opens at once
	grep -q "^\\[$shell\\] open(\"$path\", O_WRONLY|O_NONBLOCK) = -1 ENXIO (No such device or address)" err
	grep -q "^\\[$shell\\] open(\"$path\", O_RDONLY|O_NONBLOCK) = [0-9]" err
	# the blocking open of the parent waited for the child's open
	kid=$(sed -n "s/^\\[$shell\\] fork() = \\([0-9]*\\) .*/\\1/p" err)
	[ -n "$kid" ]
	grep -q "^\\[$kid\\] open(\"$path\", O_WRONLY) = [0-9]" err
	local secs
	secs=$(sed -n "s|^\\[$shell\\] open(\"$path\", O_RDONLY) = [0-9]* *blocked \\([0-9.]*\\) s.*|\\1|p" err)
	[ -n "$secs" ]
	awk -v s="$secs" 'BEGIN { exit !(s >= 0.5) }'
	grep -qx "parent read: hello through the FIFO from PID $kid" out
	grep -q "^\\[$shell\\] waitpid($kid, &status, 0) = $kid .*exited, status 0" err
	grep -q "^\\[$shell\\] unlink(\"$path\") = 0" err
	[ ! -e "$path" ]
	rundir_empty
}

@test "--demo --quiet: no narration, the results only, nothing left" {
	run_mk 'mkfifo --quiet --demo'
	[ "$status" -eq 0 ]
	[ ! -s err ] || { cat err; false; }
	grep -q '^a writer with O_NONBLOCK and no reader: ENXIO' out
	grep -q '^the open for reading blocked ' out
	rundir_empty
}

@test "--chat between two labsh processes: each gets the other's line, EOF ends both, the FIFOs go" {
	mkfifo ctl
	# side a in the background, its standard input from ctl
	timeout 60 "$LABSH" -c 'mkfifo --chat room; echo "status $?"' <ctl >out_a 2>err_a &
	STARTED+=("$!")
	local fd
	exec {fd}>ctl
	local i
	for i in $(seq 100); do
		[ -p "$XDG_RUNTIME_DIR/labsh/room.b2a" ] && break
		sleep 0.1
	done
	test -p "$XDG_RUNTIME_DIR/labsh/room.a2b"
	test -p "$XDG_RUNTIME_DIR/labsh/room.b2a"
	echo "hello from a" >&"$fd"
	# side b in the foreground: one line, then end of input
	run -0 timeout 60 "$LABSH" -c 'mkfifo --chat room 2>err_b; echo "status $?"' <<<"hello from b"
	# side a ends when it reads b's end of file, with its stdin still open
	for i in $(seq 100); do
		grep -q '^status' out_a && break
		sleep 0.1
	done
	exec {fd}>&-
	local a b
	a=$(sed -n 's/^chat room: I am side a, PID \([0-9]*\)$/\1/p' out_a)
	b=$(sed -n 's/^chat room: I am side b, PID \([0-9]*\)$/\1/p' <<<"$output")
	[ -n "$a" ] && [ -n "$b" ]
	grep -qx "the peer is PID $b" out_a
	grep -qx "$b> hello from b" out_a
	[[ $output == *"the peer is PID $a"* ]]
	[[ $output == *"$a> hello from a"* ]]
	grep -qx 'status 0' out_a
	[ "${lines[-1]}" = "status 0" ]
	# b learned its role from EEXIST; a made both and removed them
	grep -q "^\\[$b\\] mkfifo(\"$XDG_RUNTIME_DIR/labsh/room.a2b\", 0600) = -1 EEXIST" err_b
	grep -q "^\\[$a\\] unlink(\"$XDG_RUNTIME_DIR/labsh/room.a2b\") = 0" err_a
	grep -q "^\\[$a\\] unlink(\"$XDG_RUNTIME_DIR/labsh/room.b2a\") = 0" err_a
	grep -q "^\\[$b\\] read([0-9]*, buf, [0-9]*) = 0 .*end of file" err_b
	grep -q "^\\[$a\\] read([0-9]*, buf, [0-9]*) = 0 .*end of file" err_a
	[ ! -e "$XDG_RUNTIME_DIR/labsh/room.a2b" ] && [ ! -e "$XDG_RUNTIME_DIR/labsh/room.b2a" ]
	rundir_empty
}

@test "Ctrl-C while --chat waits for the peer: status 130, the FIFOs removed" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send mkfifo --chat lonely\r
	match I read from
	sleep 300
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ls -A "$XDG_RUNTIME_DIR/labsh"; echo list""ed\r
	expect listed
	send exit 0\r
	wait
	EOF
	[[ $(screen_text) == *"cleanup: left behind, removed now"* ]]
	# ls -A of the runtime dir, after the prompt, lists nothing
	[ -z "$(screen_text | sed -n '/ 130[$#] ls -A/,/^listed/p' | sed '1d;$d')" ]
	[ ! -e "$XDG_RUNTIME_DIR/labsh/lonely.a2b" ] && [ ! -e "$XDG_RUNTIME_DIR/labsh/lonely.b2a" ]
	rundir_empty
}

@test "Ctrl-C in the middle of mkfifo --demo --slow 500: status 130, no child, no FIFO left" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send mkfifo --slow 500 --demo\r
	match parent [0-9]+ opens for reading
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ptree $$\r
	match STAT TTY
	match [$#] $
	send exit 0\r
	wait
	EOF
	[[ $(screen_text) != *"parent read:"* ]]
	[[ $(screen_text | sed -n '/STAT TTY/,$p') != *'\_ '* ]]
	rundir_empty
}
