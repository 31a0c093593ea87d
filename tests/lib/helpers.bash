# helpers.bash - shared setup for the Bats suites.  Load with `load lib/helpers`.
#
# make check exports LABSH, PTYDRIVE, LINEEDIT and MANDOC; run by hand from
# the source tree, the defaults below find an in-tree build.

bats_require_minimum_version 1.5.0

# The suites sit in tests/ or one level down (tests/builtins/).
labsh_top=$BATS_TEST_DIRNAME/..
[ -d "$labsh_top/tests/lib" ] || labsh_top=$BATS_TEST_DIRNAME/../..
: "${LABSH:=$labsh_top/src/labsh}"
: "${PTYDRIVE:=$labsh_top/tests/lib/ptydrive}"
: "${LINEEDIT:=$("$LABSH" --version | sed -n 's/^line editing: \([a-zA-Z]*\).*/\1/p')}"
case $LINEEDIT in GNU) LINEEDIT=readline ;; none) ;; libedit) ;; esac
: "${top_srcdir:=$labsh_top}"

# Every test gets its own HOME, so no ~/.labshrc or history leaks in.
labsh_setup() {
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
	unset HISTFILE ENV
	# a private runtime dir per test: FIFOs, sockets and the cleanup
	# registry land in $XDG_RUNTIME_DIR/labsh (rundir.h)
	export XDG_RUNTIME_DIR="$BATS_TEST_TMPDIR/run"
	mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
	export TERM=xterm LC_ALL=C
	cd "$BATS_TEST_TMPDIR" || return 1
}

setup() {
	labsh_setup
}

# Processes a test starts in the background (STARTED+=("$!")); teardown
# kills them, so no test leaves one behind.
STARTED=()

# IPC objects a test made, listed one per line in files of its
# $BATS_TEST_TMPDIR by the scripts that made them: shmids, msqids and
# semids (System V ids), mqs, psems and pshms (POSIX names).  teardown
# removes what is still there, so a failing test leaves nothing either.
remove_ipc_left() {
	local d=$BATS_TEST_TMPDIR x
	for x in $(cat "$d/shmids" 2>/dev/null); do ipcrm -m "$x" 2>/dev/null || true; done
	for x in $(cat "$d/msqids" 2>/dev/null); do ipcrm -q "$x" 2>/dev/null || true; done
	for x in $(cat "$d/semids" 2>/dev/null); do ipcrm -s "$x" 2>/dev/null || true; done
	for x in $(cat "$d/mqs" 2>/dev/null); do
		"$LABSH" -c "msgq --quiet rm --posix $x" >/dev/null 2>&1 || true
	done
	for x in $(cat "$d/psems" 2>/dev/null); do rm -f "/dev/shm/sem.${x#/}"; done
	for x in $(cat "$d/pshms" 2>/dev/null); do rm -f "/dev/shm/${x#/}"; done
}

# On failure, show what the user would have seen.
teardown() {
	remove_ipc_left
	if [ "${#STARTED[@]}" -gt 0 ]; then
		disown -a	# no "Killed" notices in the TAP stream
		kill -KILL "${STARTED[@]}" 2>/dev/null || true
	fi
	if [ -z "${BATS_TEST_COMPLETED:-}" ] && [ -n "${output:-}" ]; then
		echo "--- output of the last run (cut to 200 columns):"
		screen_text | tail -n 30 | cut -c 1-200
	fi
}

# pty [PTYDRIVE-OPTIONS] [-- LABSH-ARGS...] <script
#   Run an interactive labsh on a real pseudo-terminal, driven by the
#   ptydrive script on stdin; the transcript is on stdout.
pty() {
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ "$1" = -- ] && shift
	"$PTYDRIVE" -t "${PTY_TIMEOUT:-10}" "${opts[@]}" -- "$LABSH" "$@"
}

# screen_text: $output without carriage returns and terminal escape sequences.
screen_text() {
	printf '%s\n' "$output" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\r//g'
}

# The regular expression of the default prompt, any PID, status 0.
PROMPT_RE='labsh\[[0-9]+\][$#] '

# has_editor: true when labsh was built with readline or libedit.
has_editor() {
	[ "$LINEEDIT" = readline ] || [ "$LINEEDIT" = libedit ]
}

# only_std_fds CMD...: run CMD with every descriptor above 2 closed, so a
# test sees exactly what the shell opens itself (Bats keeps several open).
only_std_fds() {
	bash -c 'for f in /proc/$$/fd/*; do
		n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"
	done; exec "$@"' only_std_fds "$@"
}

# No process whose parent is PID remains (a test's own children excepted).
no_children_of() {
	! grep -qs "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status
}

# Nothing is left in the test's runtime dir: every FIFO, socket and log a
# demo made is gone, and the registry file of the shell that exited too.
rundir_empty() {
	local left
	left=$(ls -A "$XDG_RUNTIME_DIR/labsh" 2>/dev/null) || return 0
	[ -z "$left" ] || { echo "left in the runtime dir: $left"; return 1; }
}

# wait_for_exec PID NAME: until PID has exec'd NAME (at most 5 s).
wait_for_exec() {
	local i
	for i in $(seq 50); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
	done
	echo "$1 never became $2"
	return 1
}

# sh_out LINE EXPECTED [STATUS]: `labsh -c LINE` writes exactly EXPECTED to
# stdout (trailing newlines included), nothing to stderr, and exits STATUS.
sh_out() {
	local status=0
	"$LABSH" -c "$1" >out 2>err || status=$?
	printf '%s' "$2" >expected
	cmp -s out expected || { echo "$1: got:"; od -c out; false; }
	[ ! -s err ] || { cat err; false; }
	[ "$status" = "${3:-0}" ] || { echo "$1: status $status"; false; }
}

# bytes LINE HEX: `labsh -c LINE` writes the bytes HEX (for NUL bytes).
bytes() {
	"$LABSH" -c "$1" | od -An -tx1 | tr -d ' \n' >got
	[ "$(cat got)" = "$2" ] || { echo "$1: $(cat got)"; false; }
}
