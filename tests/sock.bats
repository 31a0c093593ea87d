#!/usr/bin/env bats
# sock.bats - the sock builtin: the demos (TCP, AF_UNIX, UDP), socketpair
# against a pipe, real servers (one at a time, --threads, --fork, UDP) with
# real clients, sock ls, byte order, the errors with their hints, and
# Ctrl-C through a pty.
#
# Loopback only, and port 0 everywhere: the kernel picks a free port and
# the server prints it ("listening on 127.0.0.1:43121"), which the tests
# read back.  A server in the background always has --timeout, so that a
# failed test cannot leave it running for long; teardown kills it anyway.

load lib/helpers

eval "helpers_$(declare -f teardown)"

teardown() {
	if [ -n "${NS1:-}" ]; then
		ip netns del "$NS1" 2>/dev/null || true
		ip netns del "$NS2" 2>/dev/null || true
	fi
	helpers_teardown
}

# labsh_t ARG...: labsh, ended after 30 s at most.
labsh_t() {
	only_std_fds timeout 30 "$LABSH" "$@"
}

# start_server OUT SCRIPT: `labsh -c SCRIPT` in the background with only
# fds 0 to 2, stdout to OUT, stderr to OUT.err; SPID := its PID.
start_server() {
	bash -c 'for f in /proc/$$/fd/*; do
		n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"
	done; exec "$@"' start_server "$LABSH" -c "$2" >"$1" 2>"$1.err" &
	SPID=$!
	STARTED+=("$SPID")
}

# wait_port FILE: until FILE says "listening on ADDR:PORT" (10 s at most);
# PORT := the port.
wait_port() {
	local i
	for i in $(seq 100); do
		port=$(sed -n 's/^listening on .*:\([0-9][0-9]*\) (.*/\1/p' "$1" 2>/dev/null)
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	echo "no listening line in $1:"
	cat "$1" "$1.err" 2>/dev/null
	return 1
}

# wait_gone PID: until process PID has exited and been reaped (10 s).
wait_gone() {
	local i
	for i in $(seq 100); do
		[ -e "/proc/$1" ] || return 0
		sleep 0.1
	done
	echo "process $1 is still there: $(grep State "/proc/$1/status")"
	return 1
}

# line TEXT: one line of $output is exactly TEXT.
line() {
	local l
	for l in "${lines[@]}"; do
		[ "$l" = "$1" ] && return 0
	done
	echo "no line: $1"
	return 1
}

# port_free PORT: a new server can bind 127.0.0.1:PORT (and ends at once).
port_free() {
	run -0 labsh_t -c "sock server --quiet --tcp 127.0.0.1:$1 --timeout 1"
	[[ $output == "listening on 127.0.0.1:$1 (TCP,"* ]]
}

# ---------------------------------------------------------------------
# sock demo
# ---------------------------------------------------------------------

@test "sock demo (TCP): every call narrated with both PIDs, the round trip, nothing left" {
	only_std_fds "$LABSH" -c 'echo "shell $$"; sock demo' >out 2>err
	local shell child port
	shell=$(sed -n 's/^shell //p' out)
	child=$(sed -n 's/^client: PID \([0-9]*\),.*/\1/p' out)
	[ -n "$shell" ] && [ -n "$child" ] && [ "$shell" != "$child" ]
	port=$(sed -n 's/^server: bound to 127\.0\.0\.1:\([0-9]*\)$/\1/p' out)
	[ -n "$port" ] && [ "$port" -gt 0 ]
	# the server's calls are the shell's, the client's the child's
	grep -Eq "^\[$shell\] socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC, 0\) = 3 " err
	grep -q "^\[$shell\] setsockopt(3, SOL_SOCKET, SO_REUSEADDR, \[1\], 4) = 0" err
	grep -q "^\[$shell\] bind(3, {AF_INET, 127.0.0.1:0}, 16) = 0" err
	grep -q "^\[$shell\] getsockname(3, {AF_INET, 127.0.0.1:$port}, \[16\]) = 0" err
	grep -q "^\[$shell\] listen(3, 8) = 0" err
	grep -q "^\[$shell\] fork() = $child" err
	grep -q "^\[$child\] connect(3, {AF_INET, 127.0.0.1:$port}, 16) = 0" err
	grep -Eq "^\[$shell\] accept4\(3, \{AF_INET, 127\.0\.0\.1:[0-9]+\}, \[16\], SOCK_CLOEXEC\) = 4 +blocked" err
	grep -q "^\[$child\] write(3, \"hello from $child\", [0-9]*) = " err
	grep -q "^\[$shell\] read(4, \"hello from $child\", 255) = " err
	grep -q "^\[$child\] read(3, \"hello from $child\", 255) = " err
	grep -q "^\[$child\] shutdown(3, SHUT_WR) = 0" err
	grep -q "^\[$shell\] read(4, buf, 256) = 0" err
	grep -q "^\[$child\] close(3) = 0" err
	grep -q "^\[$shell\] waitpid($child, &status, 0) = $child .*exited, status 0" err
	# the client's port, from its getsockname, is the peer the server saw
	local cport
	cport=$(sed -n "s/^\[$child\] getsockname(3, {AF_INET, 127.0.0.1:\([0-9]*\)}.*/\1/p" err)
	grep -q "^server: a client connected from 127.0.0.1:$cport$" out
	grep -qx "server: got \"hello from $child\", sends it back" out
	grep -qx "client: got \"hello from $child\" back" out
	[ ! -e "/proc/$child" ]
	rundir_empty
}

@test "sock demo --unix: a socket file in the runtime dir, SO_PEERCRED names the child, unlinked" {
	only_std_fds "$LABSH" -c 'sock demo --unix' >out 2>err
	local server child path
	server=$(sed -n 's/^server: PID \([0-9]*\):.*/\1/p' out)
	child=$(sed -n 's/^client: PID \([0-9]*\),.*/\1/p' out)
	path=$(sed -n 's/^server: bound to //p' out)
	[ "$path" = "$XDG_RUNTIME_DIR/labsh/sock-demo-$server.sock" ]
	grep -q "^\[$server\] socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3" err
	grep -q "^\[$server\] bind(3, {AF_UNIX, \"$path\"}, [0-9]*) = 0" err
	grep -q "^\[$child\] connect(3, {AF_UNIX, \"$path\"}, [0-9]*) = 0" err
	grep -q "^\[$server\] getsockopt(4, SOL_SOCKET, SO_PEERCRED, {pid=$child, uid=$(id -u), gid=$(id -g)}) = 0" err
	grep -qx "server: a client connected: PID $child (the child), UID $(id -u)" out
	grep -q "^\[$server\] unlink(\"$path\") = 0" err
	grep -qx "client: got \"hello from $child\" back" out
	[ ! -e "$path" ]
	[ ! -e "/proc/$child" ]
	rundir_empty
}

@test "sock demo --udp: two sendto, two recvfrom, one datagram each, no listen or accept" {
	only_std_fds "$LABSH" -c 'sock demo --udp' >out 2>err
	local server child
	server=$(sed -n 's/^server: PID \([0-9]*\):.*/\1/p' out)
	child=$(grep -o "^\[[0-9]*\] fork() = 0" err | tr -dc '0-9 ' | cut -d' ' -f1)
	[ -n "$child" ] && [ "$child" != "$server" ]
	grep -q "^\[$server\] socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, 0) = 3" err
	grep -q "^\[$child\] sendto(3, \"first\", 5, 0, {AF_INET, 127.0.0.1:[0-9]*}, 16) = 5" err
	grep -q "^\[$child\] sendto(3, \"second\", 6, 0, " err
	grep -q "^\[$server\] recvfrom(3, \"first\", 255, 0, .*) = 5 " err
	grep -q "^\[$server\] recvfrom(3, \"second\", 255, 0, .*) = 6 " err
	! grep -Eq "listen|accept|connect" err
	grep -Eq '^server: datagram 1: "first" \(5 bytes\) from 127\.0\.0\.1:[0-9]+$' out
	grep -Eq '^server: datagram 2: "second" \(6 bytes\) from 127\.0\.0\.1:[0-9]+$' out
	grep -qx 'client: got "got 2 datagrams" from 127.0.0.1:[0-9]*' out
	[ ! -e "/proc/$child" ]
	rundir_empty
}

@test "sock demo --quiet: the results only, no narration" {
	only_std_fds "$LABSH" -c 'sock demo --quiet --unix' >out 2>err
	[ ! -s err ] || { cat err; false; }
	grep -q '^client: got "hello from [0-9]*" back$' out
	rundir_empty
}

@test "sock pair: both directions at once; a pipe's read end cannot be written (EBADF)" {
	only_std_fds "$LABSH" -c 'sock pair' >out 2>err
	local parent child a b
	parent=$(sed -n 's/^parent \([0-9]*\): socketpair.*/\1/p' out)
	child=$(sed -n "s/^\[$parent\] fork() = \([0-9]*\) .*/\1/p" err)
	[ -n "$parent" ] && [ -n "$child" ]
	# two sockets, two inodes: one for each end
	[[ $(cat err) =~ socketpair\(AF_UNIX,\ SOCK_STREAM\|SOCK_CLOEXEC,\ 0,\ \[3,\ 4\]\)\ =\ 0\ +fd\ 3\ -\>\ socket:\[([0-9]+)\],\ fd\ 4\ -\>\ socket:\[([0-9]+)\] ]]
	a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]}
	[ "$a" != "$b" ]
	grep -q "^\[$child\] write(4, \"child $child says hello\"" err
	grep -q "^\[$parent\] write(3, \"parent $parent says hello\"" err
	grep -qx "parent $parent: read \"child $child says hello\"" out
	grep -qx "child $child: read \"parent $parent says hello\"" out
	grep -q "^\[$parent\] write(3, \"x\", 1) = -1 EBADF (Bad file descriptor)" err
	grep -q "fails with EBADF" out
	[ ! -e "/proc/$child" ]
}

# ---------------------------------------------------------------------
# sock server and sock client
# ---------------------------------------------------------------------

@test "--threads: 5 parallel clients each get their echo, 5 distinct TIDs, all joined" {
	start_server srv 'sock server --tcp 127.0.0.1:0 --threads --max-clients 5 --timeout 20
		echo "status $?"; grep "^Threads:" /proc/$$/status'
	local spid=$SPID i clients=()
	wait_port srv
	for i in 1 2 3 4 5; do
		"$LABSH" -c "sock client --tcp 127.0.0.1:$port msg$i" >c$i 2>c$i.err &
		STARTED+=("$!") clients+=("$!")
	done
	wait "${clients[@]}"
	for i in 1 2 3 4 5; do
		[ "$(cat c$i)" = "reply: msg$i" ] || { echo "client $i:"; cat c$i c$i.err; false; }
	done
	wait "$spid"
	# 5 threads, each its own TID, none the PID, all joined
	[ "$(grep -c '^client [1-5]: served by thread TID' srv)" -eq 5 ]
	[ "$(sed -n 's/.*served by thread TID \([0-9]*\) of PID.*/\1/p' srv | sort -u | wc -l)" -eq 5 ]
	! grep -q "TID $spid of" srv
	[ "$(grep -c '^\['"$spid"'\] pthread_join(' srv.err)" -eq 5 ]
	grep -q '^\['"$spid"'\] pthread_sigmask(SIG_BLOCK, \[INT TERM HUP QUIT\]' srv.err
	grep -qx 'served 5 clients: --max-clients reached' srv
	grep -qx 'status 0' srv
	grep -q '^Threads:[[:space:]]*1$' srv
}

@test "UDP keeps datagram boundaries: two sends, two receives, not merged" {
	start_server srv 'sock server --udp 127.0.0.1:0 --max-clients 2 --timeout 20'
	wait_port srv
	run -0 labsh_t -c "sock client --quiet --udp 127.0.0.1:$port one two"
	[ "${lines[0]}" = "reply: one" ]
	[ "${lines[1]}" = "reply: two" ]
	[ "${#lines[@]}" -eq 2 ]
	wait "$SPID"
	grep -Eq '^datagram 1 from 127\.0\.0\.1:[0-9]+: 3 bytes: one$' srv
	grep -Eq '^datagram 2 from 127\.0\.0\.1:[0-9]+: 3 bytes: two$' srv
	grep -q 'recvfrom(3, "one", 65536, 0, ' srv.err
	grep -q 'recvfrom(3, "two", 65536, 0, ' srv.err
}

@test "sock ls shows a background server in LISTEN; after kill %1 the port is free" {
	run -0 labsh_t -c 'sock server --tcp 127.0.0.1:0 --timeout 20 >srv 2>srv.err &
		echo "job $!"
		i=0; while ! grep -q listening srv && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		sock ls
		kill %1; wait %1; echo "status $?"
		sock ls'
	local job
	job=$(sed -n 's/^job //p' <<<"$output")
	wait_port srv
	printf '%s\n' "$output" | tr -s ' ' | grep -qx "$job 3 AF_INET SOCK_STREAM LISTEN 127.0.0.1:$port 0.0.0.0:\* labsh"
	line "status 143"
	[[ $output == *"status 143"$'\n'"no socket is open in the shell (PID "* ]]
	[ ! -e "/proc/$job" ] || wait_gone "$job"
	grep -q 'interrupted by a stop signal' srv.err
	port_free "$port"
}

@test "sock ls: an AF_UNIX server and a connected client; the socket file is removed after kill" {
	mkfifo hold
	run -0 labsh_t -c 'sock server --unix srv.sock --print --timeout 20 >srv 2>srv.err &
		i=0; while ! grep -q listening srv && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		sock client --quiet --unix srv.sock <hold &
		exec 9>hold
		echo hello >&9
		i=0; while ! grep -q "client 1: hello" srv && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		sock ls
		echo "client $(jobs -p %2)"
		fds %1 | grep "^ *4 "
		fds %2 | grep "^ *3 "
		exec 9>&-
		wait %2
		kill %1; wait %1; echo "status $?"'
	local path="$XDG_RUNTIME_DIR/labsh/srv.sock"
	grep -qx "listening on $path (AF_UNIX stream, print, one client at a time); Ctrl-C or kill %JOB ends it" srv
	printf '%s\n' "$output" | tr -s ' ' | grep -q "AF_UNIX SOCK_STREAM LISTEN $path - labsh$"
	# the other ends, which only sock_diag knows: the server's accepted
	# socket is connected to the client's, the client to the server's path
	printf '%s\n' "$output" | tr -s ' ' | grep -Eq "AF_UNIX SOCK_STREAM CONNECTED $path socket:\[[0-9]+\] labsh$"
	printf '%s\n' "$output" | tr -s ' ' | grep -q "AF_UNIX SOCK_STREAM CONNECTED (unnamed) $path labsh$"
	# fds names the process at the other end, and the two inodes cross
	local client server_fd client_fd a b
	client=$(sed -n 's/^client //p' <<<"$output")
	server_fd=$(grep '^ *4 rw ' <<<"$output")
	client_fd=$(grep '^ *3 rw ' <<<"$output")
	[[ $server_fd =~ socket:\[([0-9]+)\]\ +unix\ stream,\ connected,\ $path\;\ peer\ socket:\[([0-9]+)\]\ held\ by\ $client\ \(labsh\)\ fd\ 3$ ]]
	a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]}
	[[ $client_fd =~ socket:\[$b\]\ +unix\ stream,\ connected\;\ peer\ socket:\[$a\]\ held\ by\ [0-9]+\ \(labsh\)\ fd\ 4$ ]]
	grep -Eq '^client 1 connected: PID [0-9]+, UID '"$(id -u)"' \(fd 4\)$' srv
	grep -qx 'client 1: hello' srv
	line "status 143"
	grep -q "unlink(\"$path\") = 0" srv.err
	[ ! -e "$path" ]
	rundir_empty
}

@test "--fork: one process per client, each reaped at once (no zombie), all at the end" {
	start_server srv 'sock server --tcp 127.0.0.1:0 --fork --max-clients 3 --timeout 20'
	local spid=$SPID k kid
	wait_port srv
	# (not $i: bats' run changes it)
	for k in 1 2; do
		run -0 labsh_t -c "sock client --quiet --tcp 127.0.0.1:$port m$k"
		[ "$output" = "reply: m$k" ]
		kid=$(sed -n "s/^client $k: served by process PID //p" srv)
		[ -n "$kid" ] && [ "$kid" != "$spid" ]
		# reaped by the SIGCHLD-woken poll, not only at the next client
		wait_gone "$kid"
	done
	no_children_of "$spid"
	grep -q "^\[$spid\] waitpid($kid, &status, WNOHANG) = $kid .*reaped" srv.err
	run -0 labsh_t -c "sock client --quiet --tcp 127.0.0.1:$port m3"
	wait "$spid"
	[ "$(grep -c 'served by process PID' srv)" -eq 3 ]
	[ "$(grep -c "^\[$spid\] fork() = " srv.err)" -eq 3 ]
	[ "$(grep -c "^\[$spid\] waitpid(" srv.err)" -eq 3 ]
	grep -q "^\[$spid\] close(4) = 0 .*the child serves it" srv.err
}

@test "--threads, stopped by SIGTERM with a client connected: shutdown wakes it, joined" {
	mkfifo hold
	start_server srv 'sock server --tcp 127.0.0.1:0 --threads --timeout 20'
	local spid=$SPID client
	wait_port srv
	"$LABSH" -c "sock client --quiet --tcp 127.0.0.1:$port" <hold >cl 2>cl.err &
	client=$!
	STARTED+=("$client")
	exec 8>hold
	echo ping >&8
	for i in $(seq 100); do grep -q 'reply: ping' cl && break; sleep 0.1; done
	grep -q 'reply: ping' cl
	kill -TERM "$spid"
	local status=0
	wait "$spid" || status=$?
	[ "$status" -eq 143 ]
	exec 8>&-
	wait "$client"
	grep -Eq "^\[$spid\] shutdown\([0-9]+, SHUT_RDWR\) = 0 .*client 1" srv.err
	grep -q "^\[$spid\] pthread_join(thread of client 1, NULL) = 0" srv.err
	port_free "$port"
}

@test "sock client reads lines from standard input; --print servers print them" {
	start_server srv 'sock server --tcp 127.0.0.1:0 --max-clients 1 --timeout 20'
	wait_port srv
	run -0 labsh_t -c "printf 'l1\nl2\n' | sock client --quiet --tcp 127.0.0.1:$port"
	[ "$output" = "reply: l1
reply: l2" ]
	wait "$SPID"

	start_server srv2 'sock server --tcp 127.0.0.1:0 --print --max-clients 1 --timeout 20'
	wait_port srv2
	run -0 labsh_t -c "sock client --quiet --tcp localhost:$port first second"
	[ -z "$output" ]
	wait "$SPID"
	grep -qx 'client 1: first' srv2
	grep -qx 'client 1: second' srv2
}

# ---------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------

@test "a port in use: EADDRINUSE, with a hint on SO_REUSEADDR" {
	start_server srv 'sock server --tcp 127.0.0.1:0 --timeout 20'
	wait_port srv
	run -1 labsh_t -c "sock server --tcp 127.0.0.1:$port"
	line "labsh: sock: bind 127.0.0.1:$port: Address already in use"
	[[ $output == *"hint: EADDRINUSE: "*SO_REUSEADDR* ]]
	[[ $output =~ bind\([0-9]+,\ \{AF_INET,\ 127\.0\.0\.1:$port\},\ 16\)\ =\ -1\ EADDRINUSE ]]
	# the same under --quiet: errno survives the narration
	run -1 labsh_t -c "sock server --quiet --tcp $port"
	[ "${lines[0]}" = "labsh: sock: bind 127.0.0.1:$port: Address already in use" ]
}

@test "nobody listening: ECONNREFUSED, with a hint" {
	# a port that was free a moment ago: a server bound it, then ended
	run -0 labsh_t -c 'sock server --quiet --tcp 127.0.0.1:0 --timeout 1'
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' <<<"$output")
	[ -n "$port" ]
	run -1 labsh_t -c "sock client --tcp 127.0.0.1:$port hi"
	line "labsh: sock: connect 127.0.0.1:$port: Connection refused"
	[[ $output == *"hint: ECONNREFUSED: nothing listens on that port"* ]]
	# UDP: the ICMP port unreachable comes back on the connected socket
	run -1 labsh_t -c "sock client --udp 127.0.0.1:$port hi"
	line "labsh: sock: recv: Connection refused"
	[[ $output == *"hint: ECONNREFUSED: an ICMP"* ]]
	# AF_UNIX: no such socket file
	run -1 labsh_t -c "sock client --unix $PWD/nosuch.sock hi"
	line "labsh: sock: connect $PWD/nosuch.sock: No such file or directory"
	[[ $output == *"hint: ENOENT: no socket file at that path"* ]]
}

@test "a host that does not resolve: getaddrinfo's message and a hint" {
	run -1 labsh_t -c 'sock client --tcp no-such-host.invalid:80 hi'
	[[ $output == *"getaddrinfo(\"no-such-host.invalid\", \"80\", "* ]]
	grep -q '^labsh: sock: getaddrinfo: no-such-host.invalid: ' <<<"$output"
	grep -q '^hint: EAI_[A-Z]*: ' <<<"$output"
	! grep -q 'socket(' <<<"$output"
}

@test "bad numbers: port 70000, port 0 for a client, --max-clients 0: usage, status 2, nothing made" {
	run -2 labsh_t -c 'sock server --tcp 127.0.0.1:70000'
	[ "${lines[0]}" = "labsh: sock: port 70000: out of range: a port is 16 bits, 0 to 65535 (0: the kernel picks a free one)" ]
	[[ ${lines[1]} == "usage: sock demo "* ]]
	! grep -q 'socket(' <<<"$output"
	run -2 labsh_t -c 'sock client --tcp 127.0.0.1:0 hi'
	[[ ${lines[0]} == *"port 0: out of range"* ]]
	run -2 labsh_t -c 'sock server --tcp 127.0.0.1:http'
	[ "${lines[0]}" = "labsh: sock: http: not a port number" ]
	run -2 labsh_t -c 'sock server --tcp 0 --max-clients 0'
	[[ ${lines[0]} == *"--max-clients 0: a number from 1 to 1024"* ]]
	run -2 labsh_t -c 'sock server --tcp 0 --timeout -3'
	run -2 labsh_t -c 'sock server --tcp 0 --threads --fork'
	[[ ${lines[0]} == *"only one of --threads and --fork"* ]]
	run -2 labsh_t -c 'sock server --udp 0 --threads'
	run -2 labsh_t -c 'sock server --tcp 0 --unix x'
	run -2 labsh_t -c 'sock server'
	[[ ${lines[0]} == *"one of --unix, --tcp or --udp is required"* ]]
	run -2 labsh_t -c 'sock'
	run -2 labsh_t -c 'sock frobnicate'
	[[ ${lines[0]} == *"frobnicate: unknown subcommand"* ]]
	run -2 labsh_t -c 'sock demo --udp --tcp'
	run -2 labsh_t -c 'sock byteorder 0x100000000'
	rundir_empty
}

@test "an AF_UNIX path too long for sun_path (108): a clear error, nothing made" {
	local long
	long=$PWD/$(printf 'x%.0s' $(seq 200))
	run -1 labsh_t -c "sock server --unix $long"
	[[ ${lines[0]} == "labsh: sock: "*": path too long for an AF_UNIX address ("*" bytes)" ]]
	[[ $output == *"hint: ENAMETOOLONG: sun_path in struct sockaddr_un holds 108 bytes"* ]]
	! grep -q 'socket(' <<<"$output"
	[ ! -e "$long" ]
	run -1 labsh_t -c "sock client --unix $long hi"
	[[ $output == *"sun_path"* ]]
	rundir_empty
}

@test "a file that is not a socket at the path: refused, and left untouched" {
	echo "my data" >notasock
	run -1 labsh_t -c "sock server --unix $PWD/notasock"
	line "labsh: sock: $PWD/notasock: file exists and is not a socket: refusing to bind there"
	[[ $output == *"hint: EEXIST: "*"never removes a file it did not create"* ]]
	[ -f notasock ] && [ "$(cat notasock)" = "my data" ]
	! grep -q 'unlink(' <<<"$output"
	# a bare name: the file in the runtime dir is left as well
	mkdir -p -m 0700 "$XDG_RUNTIME_DIR/labsh"
	echo keep >"$XDG_RUNTIME_DIR/labsh/mine"
	run -1 labsh_t -c 'sock server --unix mine'
	[ "$(cat "$XDG_RUNTIME_DIR/labsh/mine")" = keep ]
}

@test "a socket file labsh did not make: EADDRINUSE, and the file stays" {
	command -v python3 >/dev/null || skip "python3 makes the stale socket file"
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$PWD/stale.sock"
	[ -S stale.sock ]
	run -1 labsh_t -c "sock server --unix $PWD/stale.sock"
	line "labsh: sock: bind $PWD/stale.sock: Address already in use"
	[[ $output == *"hint: EADDRINUSE: a file is already at that path"* ]]
	[ -S stale.sock ]
	run -1 labsh_t -c "sock client --unix $PWD/stale.sock hi"
	[[ $output == *"hint: ECONNREFUSED: the socket file is there but no process listens"* ]]
	[ -S stale.sock ]
}

# ---------------------------------------------------------------------
# byteorder
# ---------------------------------------------------------------------

@test "sock byteorder: htons and htonl, the bytes in memory, the host's order found at run time" {
	run -0 labsh_t -c 'sock byteorder'
	local host
	if [ "$(printf '\001\000' | od -An -tu2 | tr -d ' ')" = 1 ]; then host=little; else host=big; fi
	line "this host is $host-endian: 0x01020304 sits in memory as $([ $host = little ] && echo '04 03 02 01' || echo '01 02 03 04')"
	printf '%s\n' "$output" | tr -s ' ' | grep -qx ' htons(0x1234) = 0x[0-9a-f]* in memory: 12 34 (network order: what goes on the wire)'
	printf '%s\n' "$output" | tr -s ' ' | grep -qx ' htons(0x0050) = 0x[0-9a-f]* in memory: 00 50 (network order: what goes on the wire)'
	printf '%s\n' "$output" | tr -s ' ' | grep -qx ' htonl(0x12345678) = 0x[0-9a-f]* in memory: 12 34 56 78 (network order: what goes on the wire)'
	if [ $host = little ]; then
		printf '%s\n' "$output" | tr -s ' ' | grep -qx ' in host order 0x1234 in memory: 34 12 (lowest address first)'
		printf '%s\n' "$output" | tr -s ' ' | grep -q '^ htons(0x1234) = 0x3412 '
	fi
	run -0 labsh_t -c 'sock byteorder 70000'
	! grep -q uint16_t <<<"$output"
	grep -q '^uint32_t 0x00011170 (70000)$' <<<"$output"
	printf '%s\n' "$output" | tr -s ' ' | grep -q 'in memory: 00 01 11 70 (network order'
}

# ---------------------------------------------------------------------
# Ctrl-C
# ---------------------------------------------------------------------

@test "Ctrl-C during sock server gives the prompt back with 130, and the port is free" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sock server --quiet --tcp 127.0.0.1:0 --threads\r
	match listening on 127\.0\.0\.1:[0-9]+
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send sock ls\r
	expect no socket is open
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	port=$(screen_text | sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p')
	[ -n "$port" ]
	port_free "$port"
	rundir_empty
}

@test "Ctrl-C during a slow sock demo --unix: no child, no socket file left" {
	run -0 pty -- --norc <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sock demo --unix --slow 400\r
	match client: PID [0-9]+
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ls -A "$XDG_RUNTIME_DIR/labsh"; echo "end""-of-ls"\r
	expect end-of-ls
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local child
	child=$(screen_text | sed -n 's/^client: PID \([0-9]*\),.*/\1/p')
	[ -n "$child" ]
	[ ! -e "/proc/$child" ] || wait_gone "$child"
	! screen_text | grep -q 'sock-demo-[0-9]*\.sock$'
	rundir_empty
}

# ---------------------------------------------------------------------
# Two network namespaces (root only)
# ---------------------------------------------------------------------

@test "server and client in two network namespaces, joined by a veth pair" {
	[ "$(id -u)" = 0 ] || skip "needs root: ip netns"
	command -v ip >/dev/null || skip "ip(8) is not installed"
	NS1=labsh-sock-$$-a NS2=labsh-sock-$$-b
	ip netns add "$NS1" 2>/dev/null || { NS1= ; skip "ip netns add failed: no network namespaces here"; }
	ip netns add "$NS2"
	ip -n "$NS1" link add veth0 type veth peer name veth1 netns "$NS2" 2>/dev/null ||
		skip "no veth pairs here"
	ip -n "$NS1" addr add 10.213.0.1/24 dev veth0
	ip -n "$NS2" addr add 10.213.0.2/24 dev veth1
	ip -n "$NS1" link set veth0 up
	ip -n "$NS2" link set veth1 up
	ip netns exec "$NS1" "$LABSH" -c 'sock server --tcp 10.213.0.1:0 --max-clients 1 --timeout 20' >srv 2>srv.err &
	local spid=$!
	STARTED+=("$spid")
	wait_port srv
	run -0 timeout 30 ip netns exec "$NS2" "$LABSH" -c "sock client --quiet --tcp 10.213.0.1:$port across"
	[ "$output" = "reply: across" ]
	wait "$spid"
	grep -Eq '^client 1 connected from 10\.213\.0\.2:[0-9]+ \(fd [0-9]+\)$' srv
}
