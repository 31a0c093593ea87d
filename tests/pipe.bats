#!/usr/bin/env bats
# pipe.bats - the pipe teaching builtin: the tour, --capacity, --sigpipe,
# --wire, --bench, the usage errors, --quiet and Ctrl-C.
#
# The narration (stderr) is checked against the fd tables (stdout) that
# the demo reads from /proc, and against each other: the fd numbers of
# pipe(), the pipe's inode in every table, the PIDs of the children.

load lib/helpers

# run_pipe ARGS...: `labsh -c 'echo shell $$; pipe ARGS; echo status $?'`,
# stdout in ./out, stderr in ./err, ended after 60 s.
run_pipe() {
	timeout 60 "$LABSH" -c "echo shell \$\$; pipe $*; echo status \$?" >out 2>err || true
	shell=$(sed -n 's/^shell //p' out)
	[ -n "$shell" ]
}

# field REGEX: the first group (\1) of the first line of ./err matching
# the sed REGEX.
field() {
	sed -n "s/$1/\\1/p" err | head -n 1
}

# table WHO PID WHEN: the fd table with that title, from ./out.
table() {
	awk -v t="fd table of $1 $2 $3 " 'index($0, t) == 1 { on = 1; next }
		on && /^  / { print; next } { on = 0 }' out
}

# has_fd TABLE FD MODE TARGET: the table has the row FD MODE TARGET.
has_fd() {
	grep -Eq "^ +$2 $3 +$(printf '%s' "$4" | sed 's/[][]/\\&/g')( |\$)" <<<"$1" ||
		{ echo "no fd $2 ($3) on $4 in:"; echo "$1"; return 1; }
}

@test "the tour: pipe(), fork, the fd tables before and after the closes, the read until end of file" {
	run_pipe
	grep -qx 'status 0' out
	local r w ino kid
	r=$(field "^\\[$shell\\] pipe(\\[\\([0-9]*\\), [0-9]*\\]) = 0 .*")
	w=$(field "^\\[$shell\\] pipe(\\[[0-9]*, \\([0-9]*\\)\\]) = 0 .*")
	ino=$(field "^\\[$shell\\] pipe(.*both on pipe:\\[\\([0-9]*\\)\\]\$")
	kid=$(field "^\\[$shell\\] fork() = \\([0-9]*\\) .*")
	[ -n "$r" ] && [ -n "$w" ] && [ -n "$ino" ] && [ -n "$kid" ]
	[ "$kid" != "$shell" ]
	# the child narrates its own fork() with its own PID
	grep -q "^\\[$kid\\] fork() = 0 .*my PID is $kid\$" err
	# after pipe(): both ends in the parent, on the same pipe
	local t
	t=$(table parent "$shell" "after pipe()")
	has_fd "$t" "$r" r "pipe:[$ino]"
	has_fd "$t" "$w" w "pipe:[$ino]"
	# after fork(): both processes hold both ends
	t=$(table parent "$shell" "after fork()")
	has_fd "$t" "$r" r "pipe:[$ino]"
	has_fd "$t" "$w" w "pipe:[$ino]"
	t=$(table child "$kid" "after fork()")
	has_fd "$t" "$r" r "pipe:[$ino]"
	has_fd "$t" "$w" w "pipe:[$ino]"
	grep -qx "pipe:\\[$ino\\] is held by read ends: PID $shell fd $r, PID $kid fd $r; write ends: PID $shell fd $w, PID $kid fd $w" out
	# the closes, each by the right process, on the right fd
	grep -q "^\\[$shell\\] close($w) = 0 " err
	grep -q "^\\[$kid\\] close($r) = 0 " err
	t=$(table parent "$shell" "after close()")
	has_fd "$t" "$r" r "pipe:[$ino]"
	! grep -q "pipe:\\[$ino\\]" <<<"$(grep -v "^ *$r " <<<"$t")"
	t=$(table child "$kid" "after close()")
	has_fd "$t" "$w" w "pipe:[$ino]"
	! grep -q "pipe:\\[$ino\\]" <<<"$(grep -v "^ *$w " <<<"$t")"
	grep -qx "pipe:\\[$ino\\] is held by read ends: PID $shell fd $r; write ends: PID $kid fd $w" out
	# the child writes, the parent reads its lines, then end of file
	grep -q "^\\[$kid\\] write($w, \"message 1 from PID $kid\\\\n\", [0-9]*) = [0-9]" err
	# the bytes read, in one read or two: a pipe keeps no message boundaries
	[ "$(sed -n 's/^parent read [0-9]* bytes: "\(.*\)".*/\1/p' out | tr -d '\n')" = \
	  "message 1 from PID $kid\\nmessage 2 from PID $kid\\n" ]
	grep -q "^\\[$shell\\] read($r, buf, [0-9]*) = 0 .*end of file" err
	grep -q "^\\[$shell\\] waitpid($kid, &status, 0) = $kid .*exited, status 0" err
	rundir_empty
}

@test "the tour leaves no fd, no child and no stopped process behind" {
	run -0 timeout 60 "$LABSH" -c 'pipe >/dev/null 2>err; fds; ptree $$'
	local ino
	ino=$(sed -n 's/.*both on pipe:\[\([0-9]*\)\]$/\1/p' err)
	[ -n "$ino" ]
	# the shell's fd table no longer has the pipe
	[[ $output == *"FD MODE"* ]]
	[[ $output != *"pipe:[$ino]"* ]]
	# ptree: the shell alone, no child row
	[[ $output == *"PID    PPID"* ]]
	[[ $output != *'\_ '* ]]
	rundir_empty
}

@test "--quiet: no narration, the tables and the data still shown" {
	run_pipe --quiet
	[ ! -s err ] || { cat err; false; }
	grep -qx 'status 0' out
	grep -q '^parent read [0-9]* bytes: "message 1 from PID [0-9]*' out
	grep -q "^fd table of parent $shell after fork() " out
}

@test "--capacity: EAGAIN after exactly F_GETPIPE_SZ bytes, then F_SETPIPE_SZ and the new capacity" {
	run_pipe --capacity
	grep -qx 'status 0' out
	local size newsize w
	w=$(field "^\\[$shell\\] pipe2(\\[[0-9]*, \\([0-9]*\\)\\], O_NONBLOCK) = 0 .*")
	size=$(field "^\\[$shell\\] fcntl($w, F_GETPIPE_SZ) = \\([0-9]*\\) .*")
	[ "$size" = 65536 ] || [ "$size" = "$(( $(getconf PAGESIZE) * 16 ))" ]
	# the count of bytes written equals the capacity
	grep -qx "filled: $size bytes written before EAGAIN; F_GETPIPE_SZ says $size: the same" out
	# one narrated line every 4096 bytes, then EAGAIN
	[ "$(grep -c "^\\[$shell\\] write($w, buf, 4096) = 4096 " err)" -eq $((2 * size / 4096)) ]
	[ "$(grep -c "^\\[$shell\\] write($w, buf, 4096) = -1 EAGAIN " err)" -eq 2 ]
	grep -q "^\\[$shell\\] write($w, buf, 4096) = -1 EAGAIN .*: $size bytes are in it" err
	# resized to twice the size: the kernel's answer, and the second fill
	newsize=$(field "^\\[$shell\\] fcntl($w, F_SETPIPE_SZ, $((2 * size))) = \\([0-9]*\\) .*")
	[ "$newsize" = $((2 * size)) ]
	grep -q "^\\[$shell\\] fcntl($w, F_GETPIPE_SZ) = $newsize " err
	grep -qx "filled again: $size + $size = $newsize bytes before EAGAIN; F_GETPIPE_SZ says $newsize: the same" out
	grep -q "^\\[$shell\\] write($w, buf, 4096) = -1 EAGAIN .*: $newsize bytes are in it" err
	grep -q "^\\[$shell\\] close($w) = 0" err
}

@test "--sigpipe: the child is killed by SIGPIPE, the parent gets EPIPE, the disposition is restored" {
	timeout 60 "$LABSH" -c 'echo shell $$; grep SigIgn /proc/$$/status
		pipe --sigpipe; echo status $?
		grep SigIgn /proc/$$/status' >out 2>err
	shell=$(sed -n 's/^shell //p' out)
	grep -qx 'status 0' out
	local kid
	kid=$(field "^\\[$shell\\] fork() = \\([0-9]*\\) .*")
	[ -n "$kid" ]
	grep -q "^\\[$kid\\] sigaction(SIGPIPE, {SIG_DFL}, NULL) = 0" err
	# the child's write never returned: no narration of it
	! grep -q "^\\[$kid\\] write(" err
	grep -q "^\\[$shell\\] waitpid($kid, &status, 0) = $kid .*killed by SIGPIPE\$" err
	grep -q "^child $kid: killed by SIGPIPE" out
	grep -q "^\\[$shell\\] write([0-9]*, \"anybody there?\\\\n\", 15) = -1 EPIPE (Broken pipe)" err
	grep -q "^\\[$shell\\] sigaction(SIGPIPE, &old, NULL) = 0" err
	# the shell's ignored signals before and after are the same
	[ "$(grep -c SigIgn out)" -eq 2 ]
	[ "$(grep SigIgn out | sort -u | wc -l)" -eq 1 ]
}

@test "--sigpipe with SIGPIPE ignored by the shell: the child still dies of it, the shell keeps it ignored" {
	timeout 60 "$LABSH" -c 'trap "" PIPE; echo shell $$
		pipe --sigpipe; echo status $?
		grep SigIgn /proc/$$/status' >out 2>err
	shell=$(sed -n 's/^shell //p' out)
	grep -qx 'status 0' out
	grep -q 'killed by SIGPIPE$' err
	grep -q "^\\[$shell\\] sigaction(SIGPIPE, {SIG_IGN}, &old) = 0 .*ignored already" err
	# bit 13 of SigIgn: SIGPIPE (13) still ignored
	local mask
	mask=$(sed -n 's/^SigIgn:[[:space:]]*//p' out)
	(( (16#$mask >> 12) & 1 ))
}

@test "--wire: ls / | wc -l through dup2, the same output as bash's pipeline" {
	run_pipe --wire
	grep -qx 'status 0' out
	local r w ino k1 k2 t
	r=$(field "^\\[$shell\\] pipe(\\[\\([0-9]*\\), [0-9]*\\]) = 0 .*")
	w=$(field "^\\[$shell\\] pipe(\\[[0-9]*, \\([0-9]*\\)\\]) = 0 .*")
	ino=$(field "^\\[$shell\\] pipe(.*both on pipe:\\[\\([0-9]*\\)\\]\$")
	k1=$(sed -n "s/^\\[$shell\\] fork() = \\([0-9]*\\) .*/\\1/p" err | sed -n 1p)
	k2=$(sed -n "s/^\\[$shell\\] fork() = \\([0-9]*\\) .*/\\1/p" err | sed -n 2p)
	[ -n "$k1" ] && [ -n "$k2" ] && [ "$k1" != "$k2" ]
	grep -q "^\\[$k1\\] dup2($w, 1) = 1 .*stdout -> pipe:\\[$ino\\]" err
	grep -q "^\\[$k2\\] dup2($r, 0) = 0 .*stdin -> pipe:\\[$ino\\]" err
	grep -q "^\\[$k1\\] execvp(\"ls\", \\[\"ls\", \"/\"\\])" err
	grep -q "^\\[$k2\\] execvp(\"wc\", \\[\"wc\", \"-l\"\\])" err
	# the shell closes both ends
	grep -q "^\\[$shell\\] close($r) = 0" err
	grep -q "^\\[$shell\\] close($w) = 0" err
	# the kernel's view of the children after the dup2s
	t=$(table "child 1 (ls)" "$k1" "after dup2() and close()")
	has_fd "$t" 1 w "pipe:[$ino]"
	! grep -Eq "^ +($r|$w) " <<<"$t"
	t=$(table "child 2 (wc)" "$k2" "after dup2() and close()")
	has_fd "$t" 0 r "pipe:[$ino]"
	! grep -Eq "^ +($r|$w) " <<<"$t"
	# the pipeline's output
	grep -qx " *$(ls / | wc -l)" out
	grep -q "^\\[$shell\\] waitpid($k2, &status, 0) = $k2 .*exited, status 0" err
	rundir_empty
}

@test "--wire CMD1 -- CMD2: the output and the exit status of the pipeline" {
	run -0 timeout 60 "$LABSH" -c "pipe --quiet --wire printf 'b\\na\\nc\\n' -- sort 2>/dev/null | grep -v '^ ' | grep -v '^fd table\\|^child\\|^parent'"
	[ "$output" = "$(printf 'a\nb\nc')" ]
	run -1 timeout 60 "$LABSH" -c 'pipe --quiet --wire true -- false >/dev/null'
	run -0 timeout 60 "$LABSH" -c 'pipe --quiet --wire false -- true >/dev/null'
}

@test "--wire with a program that does not exist: execvp ENOENT, its hint, status 127" {
	run -127 timeout 60 "$LABSH" -c 'pipe --quiet --wire true -- no-such-program-x >/dev/null'
	[[ $output == *"labsh: pipe: execvp no-such-program-x: No such file or directory"* ]]
	[[ $output == *"hint: ENOENT: no program of that name in any directory of \$PATH"* ]]
}

@test "--bench SIZE: the bytes through the pipe, timed with clock_gettime, in MB/s" {
	run_pipe --bench 1M
	grep -qx 'status 0' out
	grep -Eq '^1048576 bytes in [0-9.]+ s: [0-9.]+ MB/s' out
	local kid
	kid=$(field "^\\[$shell\\] fork() = \\([0-9]*\\) .*")
	grep -q "^\\[$shell\\] clock_gettime(CLOCK_MONOTONIC, &t0) = 0" err
	grep -q "^\\[$shell\\] clock_gettime(CLOCK_MONOTONIC, &t1) = 0 .*the clock stops" err
	# the first and the last of 16 writes, by the child
	grep -q "^\\[$kid\\] write([0-9]*, buf, 65536) = 65536 .*write 1 of 16" err
	grep -q "^\\[$kid\\] write([0-9]*, buf, 65536) = 65536 .*write 16 of 16\$" err
	grep -q "^\\[$shell\\] read([0-9]*, buf, 65536) = 0 .*end of file" err
	[ "$(grep -c 'write(' err)" -eq 2 ]
	# 1K with a suffix, and a size that is not a multiple of the chunk
	run -0 timeout 60 "$LABSH" -c 'pipe --quiet --bench 1k; pipe --quiet --bench=100001'
	[[ $output == *"1024 bytes in "* ]]
	[[ $output == *"100001 bytes in "* ]]
}

@test "--bench with a bad SIZE: usage error with the range, status 2, nothing started" {
	local size
	for size in 0 5G 4097M abc 12Q -1 ""; do
		run -2 timeout 60 "$LABSH" -c "echo shell \$\$; pipe --bench '$size'"
		[[ $output == *"labsh: pipe: --bench: $size: SIZE must be 1 to 4G bytes"* ]] || { echo "size '$size'"; false; }
		[[ $output == *"usage: pipe "* ]]
		# no narration: nothing was made
		[[ $output != *"pipe(["* && $output != *"fork()"* ]]
	done
}

@test "usage errors: an unknown option, --wire without --, an extra argument" {
	run -2 "$LABSH" -c 'pipe --bogus'
	[ "${lines[0]}" = "labsh: pipe: --bogus: unknown option" ]
	[[ ${lines[1]} == "usage: pipe "* ]]
	run -2 "$LABSH" -c 'pipe --wire ls /'
	[[ ${lines[0]} == "labsh: pipe: --wire: write CMD1"* ]]
	run -2 "$LABSH" -c 'pipe --wire -- wc'
	run -2 "$LABSH" -c 'pipe --capacity extra'
	[ "${lines[0]}" = "labsh: pipe: extra: unexpected argument" ]
	run -2 "$LABSH" -c 'pipe --slow'
}

@test "Ctrl-C in the middle of pipe --capacity --slow 500: prompt with 130, no fd or child left" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send pipe --capacity --slow 500\r
	match 8192 bytes in the pipe
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send fds; ptree $$\r
	match STAT TTY
	match [$#] $
	send exit 0\r
	wait
	EOF
	# the demo was cut: it never reached the end of the first fill
	[[ $(screen_text) != *"filled:"* ]]
	# the shell holds the demo's pipe no more, and has no child
	local ino
	ino=$(screen_text | sed -n 's/.*both on pipe:\[\([0-9]*\)\]$/\1/p')
	[ -n "$ino" ]
	[[ $(screen_text | sed -n '/FD MODE/,/STAT TTY/p') == *" 0 rw"* ]]
	[[ $(screen_text | sed -n '/FD MODE/,/STAT TTY/p') != *"pipe:[$ino]"* ]]
	[[ $(screen_text | sed -n '/STAT TTY/,$p') != *'\_ '* ]]
	rundir_empty
}

@test "Ctrl-C in the middle of pipe --bench: the writer child is gone, status 130" {
	PTY_TIMEOUT=30 run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send pipe --slow 2000 --bench 4G\r
	match write 1 of 65536
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ptree $$\r
	match STAT TTY
	match [$#] $
	send exit 0\r
	wait
	EOF
	[[ $(screen_text) != *" MB/s"* ]]
	[[ $(screen_text | sed -n '/STAT TTY/,$p') != *'\_ '* ]]
	# the writer's PID, from its fork(), is no process any more
	local kid
	kid=$(screen_text | sed -n 's/^\[\([0-9]*\)\] fork() = 0 .*/\1/p' | head -n 1)
	[ -n "$kid" ]
	[ ! -e "/proc/$kid" ]
}
