#!/usr/bin/env bats
# insmod-demo.bats - insmod-demo outside the VM: on a kernel without module
# support (this machine's kind), doctor's report must say so, and every
# other subcommand must fail with the explained error, status 1, leaving
# nothing behind.  The real load/talk/unload cycle runs in a virtual
# machine: tests/vm/run.
#
# A stand-in module for the file handling is a relocatable ELF object with
# a .modinfo section, made by cc -c; `build` runs against a fake kernel
# build dir (KDIR) whose Makefile the test writes.

load lib/helpers

# no_module_support: skip unless this kernel lacks loadable modules.
no_module_support() {
	[ ! -e /proc/modules ] || skip "this kernel has module support: tests/vm/run covers it"
}

# no_built_module: skip if `make kmod` left a module next to this labsh,
# which insmod-demo would find before the test's own.
no_built_module() {
	[ ! -e "$(dirname "$LABSH")/../kmod/labsh_demo.ko" ] ||
		skip "a labsh_demo.ko was built next to labsh (make kmod)"
}

# fake_ko PATH VERMAGIC [NAME]: an ELF object whose .modinfo has
# name=NAME (labsh_demo) and vermagic=VERMAGIC, as a .ko has.
fake_ko() {
	mkdir -p "$(dirname "$1")"
	printf 'const char modinfo[] __attribute__((section(".modinfo"), used)) = "author=test\\0name=%s\\0vermagic=%s";\n' \
		"${3:-labsh_demo}" "$2" >"$BATS_TEST_TMPDIR/fake.c"
	cc -c -o "$1" "$BATS_TEST_TMPDIR/fake.c"
}

# fake_kdir DIR RECIPE: a "kernel build dir" whose Makefile runs RECIPE
# for `make -C DIR M=... modules`.
fake_kdir() {
	mkdir -p "$1"
	printf 'modules:\n\t%s\n' "$2" >"$1/Makefile"
}

# nothing_left: no child of this test's shells, an empty runtime dir.
nothing_left() {
	rundir_empty
	no_children_of $$ || { echo "a child is left"; return 1; }
}

# sleep_left: a `sleep 3017` of the Ctrl-C test still runs.
sleep_left() {
	local f
	for f in /proc/[0-9]*/cmdline; do
		[ "$(tr '\0' ' ' <"$f" 2>/dev/null)" = "sleep 3017 " ] && return 0
	done
	return 1
}

# labsh_pid: the PID in the first narrated line of $stderr.
labsh_pid() {
	sed -n '1s/^\[\([0-9]*\)\] .*/\1/p' <<<"$stderr"
}

@test "doctor on a kernel without module support: NO, ENOSYS probe, verdict, status 1" {
	no_module_support
	run -1 --separate-stderr "$LABSH" -c 'echo "shell $$"; insmod-demo doctor'
	local pid
	pid=$(labsh_pid)
	[ "${lines[0]}" = "shell $pid" ]
	grep -qx "\[$pid\] uname({sysname=\"Linux\", release=\"$(uname -r)\", machine=\"$(uname -m)\"}) = 0 *the running kernel" <<<"$stderr"
	grep -Eq "^\[$pid\] finit_module\(-1, \"\", 0\) = -1 ENOSYS \(Function not implemented\) +a probe" <<<"$stderr"
	grep -q '^  NO   loadable module support: none: no /proc/modules, and finit_module(2) fails with ENOSYS' <<<"$output"
	grep -qx 'verdict: labsh_demo cannot be loaded here: this kernel has no loadable module support' <<<"$output"
	nothing_left
}

@test "doctor: the capability, the headers and the module, as this machine has them" {
	no_built_module
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr "$LABSH" -c 'insmod-demo doctor'
	local caps
	caps=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
	if (((0x$caps >> 16) & 1)); then
		grep -q '^  ok   CAP_SYS_MODULE, the capability to load modules: this process has it' <<<"$output"
	else
		grep -q '^  NO   CAP_SYS_MODULE.*lacks it: run labsh as root' <<<"$output"
	fi
	if [ -f "/lib/modules/$(uname -r)/build/Makefile" ]; then
		grep -q "^  ok   headers of the running kernel: in /lib/modules/$(uname -r)/build" <<<"$output"
	else
		grep -q "^  NO   headers of the running kernel: none in /lib/modules/$(uname -r)/build (Debian: apt-get install linux-headers-$(uname -r))" <<<"$output"
	fi
	grep -q '^  NO   the built module: no labsh_demo.ko next to labsh, in ./kmod or installed' <<<"$output"
	[ "$status" = 1 ]
}

@test "doctor reads the vermagic of ./kmod/labsh_demo.ko: built for another kernel" {
	no_built_module
	cd "$BATS_TEST_TMPDIR"
	fake_ko kmod/labsh_demo.ko "0.0.1-other SMP mod_unload "
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo doctor'
	grep -qx "  ok   the built module: $BATS_TEST_TMPDIR/kmod/labsh_demo.ko" <<<"$output"
	grep -qx "  NO   its vermagic: \"0.0.1-other SMP mod_unload \" does not match uname -r $(uname -r)" <<<"$output"
}

@test "doctor --quiet: the report without narration" {
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo --quiet doctor'
	[ -z "$stderr" ]
	grep -q '^verdict: labsh_demo cannot be loaded here' <<<"$output"
}

@test "load without module support: open, finit_module ENOSYS, init_module ENOSYS, close; explained" {
	no_module_support
	no_built_module
	cd "$BATS_TEST_TMPDIR"
	fake_ko kmod/labsh_demo.ko "0.0.1-other SMP mod_unload "
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo load bufsize=64 "greeting=hi there"'
	local pid size
	pid=$(labsh_pid)
	size=$(stat -c %s kmod/labsh_demo.ko)
	grep -qx "module $BATS_TEST_TMPDIR/kmod/labsh_demo.ko: built for \"0.0.1-other SMP mod_unload \", running kernel $(uname -r) (they differ)" <<<"$output"
	grep -Eq "^\[$pid\] open\(\"$BATS_TEST_TMPDIR/kmod/labsh_demo.ko\", O_RDONLY\|O_CLOEXEC\) = ([0-9]+) +the module file" <<<"$stderr"
	local fd
	fd=$(sed -n 's/^\[[0-9]*\] open(".*labsh_demo.ko", O_RDONLY|O_CLOEXEC) = \([0-9]*\).*/\1/p' <<<"$stderr")
	grep -Eq "^\[$pid\] finit_module\($fd, \"bufsize=64 greeting=\\\\\"hi there\\\\\"\", 0\) = -1 ENOSYS" <<<"$stderr"
	grep -Eq "^\[$pid\] read\($fd, \.\.\., $size\) = $size " <<<"$stderr"
	grep -Eq "^\[$pid\] init_module\(0x[0-9a-f]+, $size, \"bufsize=64 greeting=\\\\\"hi there\\\\\"\"\) = -1 ENOSYS" <<<"$stderr"
	grep -Eq "^\[$pid\] close\($fd\) = 0" <<<"$stderr"
	grep -qx "labsh: insmod-demo: init_module: $BATS_TEST_TMPDIR/kmod/labsh_demo.ko: Function not implemented" <<<"$stderr"
	grep -q '^hint: ENOSYS: this kernel has no loadable module support (no /proc/modules)' <<<"$stderr"
	# after the failed load the shell has only 0, 1 and 2 open: the module
	# file and /dev/kmsg were closed
	run -0 only_std_fds "$LABSH" -c 'insmod-demo --quiet load 2>/dev/null; fds'
	[ "$(grep -E '^ +[0-9]+ ' <<<"$output" | grep -vc '(labsh)')" = 3 ]
	nothing_left
}

@test "load /etc/passwd --path: no module support here, ENOSYS explained, nothing loaded" {
	no_module_support
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo load /etc/passwd --path'
	grep -Eq '^\[[0-9]+\] open\("/etc/passwd", O_RDONLY\|O_CLOEXEC\) = [0-9]+' <<<"$stderr"
	grep -Eq '^\[[0-9]+\] finit_module\([0-9]+, "", 0\) = -1 ENOSYS' <<<"$stderr"
	grep -q '^hint: ENOSYS' <<<"$stderr"
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo load --path=/etc/passwd'
	grep -Eq '^\[[0-9]+\] finit_module\([0-9]+, "", 0\) = -1 ENOSYS' <<<"$stderr"
	nothing_left
}

@test "load of a file that is not labsh_demo, without --path: refused, status 2, no call" {
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo load /etc/passwd'
	[ "${stderr_lines[-2]}" = "labsh: insmod-demo: load: /etc/passwd is not the labsh_demo module built from kmod/" ]
	[ "${stderr_lines[-1]}" = "hint: insmod-demo loads only its own module; to load another file on purpose, add --path" ]
	[[ $stderr != *finit_module* && $stderr != *open\(* ]]
	fake_ko other.ko "$(uname -r) SMP " other_module
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo load other.ko'
	[[ $stderr == *"other.ko is not the labsh_demo module built from kmod/"* ]]
}

@test "load with no module built: says to build it first" {
	no_built_module
	cd "$BATS_TEST_TMPDIR"
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo load'
	[ "${stderr_lines[-2]}" = "labsh: insmod-demo: load: no labsh_demo.ko next to labsh, in ./kmod or installed" ]
	[ "${stderr_lines[-1]}" = "hint: build it first: insmod-demo build (or make kmod)" ]
}

@test "load of a missing file or with a bad option: error and status" {
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo load --path /nonexistent/x.ko'
	[ "${stderr_lines[-1]}" = "labsh: insmod-demo: /nonexistent/x.ko: No such file or directory" ]
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo load --bogus'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: load: --bogus: unknown option" ]
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo load --path'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: load: --path needs the FILE to load" ]
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo load a.ko b.ko'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: load: b.ko: one module file at most" ]
}

@test "status without module support: ENOSYS explained, status 1" {
	no_module_support
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo status'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: status: Function not implemented" ]
	[[ ${stderr_lines[1]} == "hint: ENOSYS: this kernel has no loadable module support"* ]]
	[ -z "$output" ]
}

@test "talk before load: the device is missing, load first; status 1" {
	[ ! -e /dev/labsh_demo ] || skip "/dev/labsh_demo exists here"
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo talk'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: talk: /dev/labsh_demo: No such file or directory" ]
	[ "${stderr_lines[1]}" = "hint: ENOENT: the device is missing because the driver is not loaded: run insmod-demo load first" ]
	nothing_left
}

@test "log with nothing loaded since boot: the kernel log is opened, status 1 with a reason" {
	grep -qs 'labsh_demo: loaded:' <(dmesg 2>/dev/null) && skip "labsh_demo was loaded on this machine"
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo log'
	grep -Eq '^\[[0-9]+\] open\("/dev/kmsg", O_RDONLY\|O_NONBLOCK\|O_CLOEXEC\) = ' <<<"$stderr"
	if [ -r /dev/kmsg ]; then
		grep -qx 'labsh: insmod-demo: log: the kernel log has no "labsh_demo: loaded" line since boot' <<<"$stderr"
		grep -q '^hint: load the module first (insmod-demo load)' <<<"$stderr"
	else
		grep -q 'cannot be read' <<<"$output"
	fi
}

@test "unload without module support: delete_module ENOSYS narrated and explained" {
	no_module_support
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo unload'
	grep -Eq '^\[[0-9]+\] delete_module\("labsh_demo", O_NONBLOCK\) = -1 ENOSYS \(Function not implemented\)' <<<"$stderr"
	grep -qx 'labsh: insmod-demo: delete_module: labsh_demo: Function not implemented' <<<"$stderr"
	grep -q '^hint: ENOSYS: .*make check-vm' <<<"$stderr"
	nothing_left
}

@test "tour stops after doctor when loading cannot work" {
	no_module_support
	run -1 --separate-stderr "$LABSH" -c 'insmod-demo tour'
	[ "${lines[0]}" = "== 1. doctor: what loading needs ==" ]
	grep -q '^verdict: labsh_demo cannot be loaded here' <<<"$output"
	[[ $output != *"== 2. load"* && $stderr != *labsh_demo.ko* ]]
	[ "${stderr_lines[-1]}" = "labsh: insmod-demo: tour: stopped: the module cannot be loaded here (see the verdict)" ]
}

@test "build without headers: says where they were looked for, no child" {
	KDIR=$BATS_TEST_TMPDIR/no-headers run -1 --separate-stderr "$LABSH" -c "insmod-demo build '$top_srcdir/kmod'"
	[ "${stderr_lines[-2]}" = "labsh: insmod-demo: build: no kernel headers in $BATS_TEST_TMPDIR/no-headers" ]
	[[ ${stderr_lines[-1]} == "hint: a module is built against the headers of the kernel it will run in; Debian: apt-get install linux-headers-$(uname -r) (or set KDIR)" ]]
	[[ $stderr != *fork* ]]
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo build a b'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: build: one DIR at most" ]
	nothing_left
}

@test "build runs make -C KDIR M=DIR modules in a child: fork, execvp, waitpid" {
	fake_kdir "$BATS_TEST_TMPDIR/kdir" 'cp $(M)/../fake.ko $(M)/labsh_demo.ko'
	fake_ko "$BATS_TEST_TMPDIR/fake.ko" "0.0.2-built SMP "
	mkdir -p "$BATS_TEST_TMPDIR/src"
	KDIR=$BATS_TEST_TMPDIR/kdir run -0 --separate-stderr "$LABSH" -c "insmod-demo build '$BATS_TEST_TMPDIR/src'"
	local pid child
	pid=$(labsh_pid)
	child=$(sed -n "s/^\[$pid\] fork() = \([0-9]*\) .*/\1/p" <<<"$stderr")
	[ -n "$child" ]
	grep -q "^\[$child\] fork() = 0 " <<<"$stderr"
	grep -q "^\[$child\] execvp(\"make\", \[\"make\", \"-C\", \"$BATS_TEST_TMPDIR/kdir\", \"M=$BATS_TEST_TMPDIR/src\", \"modules\"\])" <<<"$stderr"
	grep -Eq "^\[$pid\] waitpid\($child, .*\) = $child +exited, status 0" <<<"$stderr"
	[ "${lines[-1]}" = "built $BATS_TEST_TMPDIR/src/labsh_demo.ko: vermagic \"0.0.2-built SMP \"" ]
	nothing_left
}

@test "build: a failing make is reported, status 1" {
	fake_kdir "$BATS_TEST_TMPDIR/kdir" 'exit 3'
	mkdir -p "$BATS_TEST_TMPDIR/src"
	KDIR=$BATS_TEST_TMPDIR/kdir run -1 --separate-stderr "$LABSH" -c "insmod-demo build '$BATS_TEST_TMPDIR/src'"
	grep -Eq '^\[[0-9]+\] waitpid\([0-9]+, .*exited, status 2' <<<"$stderr"
	[ "${stderr_lines[-2]}" = "labsh: insmod-demo: build: make failed" ]
	# a make that succeeds without making the module
	fake_kdir "$BATS_TEST_TMPDIR/kdir" 'true'
	KDIR=$BATS_TEST_TMPDIR/kdir run -1 --separate-stderr "$LABSH" -c "insmod-demo build '$BATS_TEST_TMPDIR/src'"
	[ "${stderr_lines[-2]}" = "labsh: insmod-demo: build: make made no $BATS_TEST_TMPDIR/src/labsh_demo.ko: No such file or directory" ]
	nothing_left
}

@test "build against real kernel headers, when some are installed: a real labsh_demo.ko" {
	local kdir
	kdir=$(ls -d /lib/modules/*/build 2>/dev/null | sort -rV | head -n 1)
	[ -n "$kdir" ] && [ -f "$kdir/Makefile" ] || skip "no kernel headers installed (tools/install-deps --vm)"
	command -v make >/dev/null || skip "no make"
	mkdir -p "$BATS_TEST_TMPDIR/kmod"
	cp "$top_srcdir"/kmod/{Kbuild,labsh_demo.c,labsh_demo.h} "$BATS_TEST_TMPDIR/kmod/"
	KDIR=$kdir run -0 --separate-stderr "$LABSH" -c "insmod-demo build '$BATS_TEST_TMPDIR/kmod'"
	local kver
	kver=$(basename "$(dirname "$kdir")")
	[[ ${lines[-1]} == "built $BATS_TEST_TMPDIR/kmod/labsh_demo.ko: vermagic \"$kver "* ]]
	[[ $output != *"warning:"* && $stderr != *"warning:"* ]]
	nothing_left
}

@test "usage errors: status 2" {
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: a subcommand is required" ]
	[[ ${stderr_lines[1]} == "usage: insmod-demo [--step] [--slow MS] [--quiet] doctor | build [DIR] | load"* ]]
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo frobnicate'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: frobnicate: unknown subcommand" ]
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo status now'
	[ "${stderr_lines[0]}" = "labsh: insmod-demo: status: no arguments expected" ]
	run -2 --separate-stderr "$LABSH" -c 'insmod-demo --slow fast doctor'
	[[ ${stderr_lines[0]} == "labsh: insmod-demo: --slow: fast: not a number of milliseconds"* ]]
}

@test "Ctrl-C during build: a fresh prompt with 130, make and its child gone" {
	[ -x "$PTYDRIVE" ] || skip "no pty driver"
	export NO_COLOR=1
	fake_kdir "$BATS_TEST_TMPDIR/kdir" 'echo "fake make $$$$ sleeping"; sleep 3017'
	mkdir -p "$BATS_TEST_TMPDIR/src"
	export KDIR=$BATS_TEST_TMPDIR/kdir
	run -0 pty -- --norc <<-EOF
	match labsh\[[0-9]+\][\$#] \$
	send insmod-demo build $BATS_TEST_TMPDIR/src\r
	match fake make [0-9]+ sleeping
	send \^C
	match labsh\[[0-9]+\] 130[\$#] \$
	send exit 0\r
	wait
	EOF
	local sh_pid i
	sh_pid=$(screen_text | sed -n 's/^fake make \([0-9]*\) sleeping.*/\1/p' | head -n 1)
	[ -n "$sh_pid" ]
	# make, the recipe's shell and its sleep are gone (reaped by init at
	# the latest): poll with a deadline
	for i in $(seq 50); do
		[ ! -e "/proc/$sh_pid" ] && ! sleep_left && break
		sleep 0.1
	done
	[ ! -e "/proc/$sh_pid" ] || { echo "the recipe's shell $sh_pid is left"; false; }
	! sleep_left || { echo "sleep 3017 is left"; false; }
	rundir_empty
}
