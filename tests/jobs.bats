#!/usr/bin/env bats
# jobs.bats - job control through a real pseudo-terminal: process groups,
# the terminal, Ctrl-C and Ctrl-Z, jobs, fg, bg, wait, kill %job, disown.
# Modelled on the shell-lab traces; each test checks what bash prints and
# what the kernel shows in /proc.
#
# The pty echoes what is typed, so a test expects text only the output
# contains ("end-""of-jobs" is typed, end-of-jobs is printed).  A job's
# state is read from /proc by a command typed into the same session; the
# helpers for that come from the ~/.labshrc written by setup.  No script
# guesses how long a busy machine takes to start a job: ptydrive's fgjob,
# running, stopped and alone wait until the terminal and /proc show it.

load lib/helpers

# jp [%JOB]   JP := the job's process group (`jobs -p`), read back from a
#             file: in a pipeline or $( ) jobs would run in a subshell
# st PID      state=X, the process's state letter in /proc/PID/stat
# grp PGID    "grp PID STATE COMM" for every process in that group
# modes PFX   PFX followed by "echo" or "-echo" (stty -a)
# zombies     how many children of the shell are zombies, and how many
#             are not this pipeline's own cat and awk (or its stages, still
#             named labsh for the instant before they exec)
setup() {
	labsh_setup
	cat >"$HOME/.labshrc" <<-'RC'
	jp() { jobs -p "$@" >"$HOME/.jp"; read JP <"$HOME/.jp"; }
	st() { awk '{ sub(/^[0-9]+ \(.*\) /, ""); print "state=" $1 }' "/proc/$1/stat"; }
	grp() { cat /proc/[0-9]*/stat 2>/dev/null | awk -v g="$1" '{ pid = $1; c = $0; sub(/^[0-9]+ \(/, "", c); sub(/\) .*/, "", c); sub(/^[0-9]+ \(.*\) /, ""); if ($3 == g) print "grp", pid, $1, c }'; }
	modes() { stty -a | awk -v p="$1" '{ for (i = 1; i <= NF; i++) if ($i ~ /^-?echo$/) print p $i }'; }
	zombies() { cat /proc/[0-9]*/stat 2>/dev/null | awk -v s=$$ '{ c = $0; sub(/^[0-9]+ \(/, "", c); sub(/\) .*/, "", c); sub(/^[0-9]+ \(.*\) /, ""); if ($2 != s) next; if ($1 == "Z") z++; if (c !~ /^(cat|[gm]?awk|labsh)$/) o++ } END { print "zombies=" z+0 " others=" o+0 }'; }
	RC
}

# The shell's PID, from its prompt.
shell_pid() {
	screen_text | grep -m1 -o 'labsh\[[0-9]*\]' | tr -dc 0-9
}

# The line printed just after the typed command line ending in TEXT.
line_after() {
	screen_text | awk -v c="$1" 'seen { print; exit } index($0, c) { seen = 1 }'
}

# The lines printed after the typed command line ending in TEXT, up to
# the line END.
output_of() {
	screen_text | awk -v t="$1" -v e="$2" '
		on && $0 == e { exit }
		on { print }
		length($0) >= length(t) && substr($0, length($0) - length(t) + 1) == t { on = 1 }'
}

# True once PID has ended: gone from /proc, or a zombie waiting for
# whoever inherited it.  Polls for up to 3 s.
gone() {
	local i s
	for i in $(seq 30); do
		s=$(sed 's/^[0-9]* (.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)
		[ -z "$s" ] || [ "$s" = Z ] && return 0
		sleep 0.1
	done
	return 1
}

@test "Ctrl-Z stops sleep 100 (state T), bg runs it (S), fg and Ctrl-C end it" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	expect [1]+  Stopped                 sleep 100
	match labsh\[[0-9]+\] 148[$#] $
	send jp; echo "pid=$JP"; st $JP\r
	expect state=T
	match labsh\[[0-9]+\][$#] $
	send bg\r
	expect [1]+ sleep 100 &
	match labsh\[[0-9]+\][$#] $
	send st $JP\r
	match state=[SR]
	match labsh\[[0-9]+\][$#] $
	send jobs\r
	expect [1]+  Running                 sleep 100
	match labsh\[[0-9]+\][$#] $
	send fg\r
	expect sleep 100
	fgjob sleep 1
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send jobs; echo "end-""of-jobs"\r
	expect end-of-jobs
	match labsh\[[0-9]+\][$#] $
	send test -d /proc/$JP; echo "alive=$?"\r
	expect alive=1
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local pid
	pid=$(screen_text | grep -o 'pid=[0-9]*' | tr -dc 0-9)
	[ -n "$pid" ]
	[ "$(line_after 'jobs; echo "end-""of-jobs"')" = end-of-jobs ]
	! kill -0 "$pid" 2>/dev/null
}

@test "jobs -l shows the process group and each process's state in /proc" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	match 148[$#] $
	send jp; echo "pid=$JP"; jobs -l\r
	expect process group
	match labsh\[[0-9]+\][$#] $
	send bg\r
	match labsh\[[0-9]+\][$#] $
	send jobs -l\r
	expect process group
	match labsh\[[0-9]+\][$#] $
	send kill %1; wait %1; echo "w=$?"\r
	expect w=143
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local pid
	pid=$(screen_text | grep -o 'pid=[0-9]*' | tr -dc 0-9)
	[ -n "$pid" ]
	screen_text | grep -qx '\[1\]+  Stopped                 sleep 100'
	screen_text | grep -qx '\[1\]+  Running                 sleep 100'
	[ "$(screen_text | grep -cx " *process group $pid")" -eq 2 ]
	screen_text | grep -Eqx " +$pid  T  sleep 100"
	screen_text | grep -Eqx " +$pid  [SR]  sleep 100"
}

@test "a 3-stage pipeline is one process group led by its first process; Ctrl-Z, bg and kill %1 reach all of it" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 30 | sleep 30 | sleep 30\r
	fgjob sleep 3
	send \^Z
	expect [1]+  Stopped                 sleep 30 | sleep 30 | sleep 30
	match 148[$#] $
	send jp; echo "group=$JP"; grp $JP\r
	match labsh\[[0-9]+\][$#] $
	send jobs -l\r
	expect process group
	match labsh\[[0-9]+\][$#] $
	send bg\r
	expect [1]+ sleep 30 | sleep 30 | sleep 30 &
	match labsh\[[0-9]+\][$#] $
	send grp $JP; echo "end-""of-grp1"\r
	expect end-of-grp1
	match labsh\[[0-9]+\][$#] $
	send kill %1; wait %1; echo "w=$?"\r
	expect w=143
	match labsh\[[0-9]+\][$#] $
	send grp $JP; echo "end-""of-grp2"\r
	expect end-of-grp2
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local g shpid
	g=$(screen_text | grep -o 'group=[0-9]*' | tr -dc 0-9)
	shpid=$(shell_pid)
	[ -n "$g" ] && [ "$g" != "$shpid" ]
	# stopped: the group is exactly three sleeps, all in state T, and
	# its PGID is the PID of one of them (the first, the leader)
	[ "$(screen_text | grep -c '^grp [0-9]')" -eq 6 ]
	[ "$(screen_text | grep -Ec '^grp [0-9]+ T sleep$')" -eq 3 ]
	screen_text | grep -qx "grp $g T sleep"
	# jobs -l lists all three processes with their kernel state
	[ "$(screen_text | grep -Ec '^ +[0-9]+  T  sleep 30$')" -eq 3 ]
	screen_text | grep -Eqx " +$g  T  sleep 30"
	# after bg: all three running (S or R); after kill %1: none left
	[ "$(screen_text | grep -Ec '^grp [0-9]+ [SR] sleep$')" -eq 3 ]
	[ "$(line_after 'grp $JP; echo "end-""of-grp2"')" = end-of-grp2 ]
}

@test "a background pipeline is one process group, not the shell's; kill %1 ends all of it" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 30 | sleep 30 | sleep 30 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	running sleep 3
	send jp; echo "group=$JP"; grp $JP\r
	match labsh\[[0-9]+\][$#] $
	send kill %1; wait %1; echo "w=$?"\r
	expect w=143
	match labsh\[[0-9]+\][$#] $
	send grp $JP; echo "end-""of-grp"\r
	expect end-of-grp
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local g
	g=$(screen_text | grep -o 'group=[0-9]*' | tr -dc 0-9)
	[ -n "$g" ] && [ "$g" != "$(shell_pid)" ]
	[ "$(screen_text | grep -Ec '^grp [0-9]+ [SR] sleep$')" -eq 3 ]
	# after kill %1, nothing alive is left in the group (the sleeps may
	# still be zombies, waiting for the parent that inherited them)
	[ -z "$(output_of 'grp $JP; echo "end-""of-grp"' end-of-grp | grep -v '^grp [0-9]* Z ')" ]
}

@test "a background pipeline is its three processes, as in bash: PGID the first, \$! the last" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 30 | sleep 31 | sleep 32 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	running sleep 3
	send jp; echo "group=$JP"; echo "bang=$!"; grp $JP; jobs -l\r
	expect process group
	match labsh\[[0-9]+\][$#] $
	send kill %1\r
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local g bang
	g=$(screen_text | grep -o 'group=[0-9]*' | tr -dc 0-9)
	bang=$(screen_text | grep -o 'bang=[0-9]*' | tr -dc 0-9)
	# the group holds the three sleeps and nothing else; it is led by
	# the first and $! is the last (jobs -l lists them in order)
	[ "$(screen_text | grep -c '^grp [0-9]')" -eq 3 ]
	[ "$(screen_text | grep -Ec '^grp [0-9]+ [SR] sleep$')" -eq 3 ]
	screen_text | grep -Eqx " +$g  [SR]  sleep 30"
	screen_text | grep -Eqx " +$bang  [SR]  sleep 32"
	screen_text | grep -Eqx "\[1\] $bang"
}

@test "cmd & prints [1] PID, and \$! and jobs -p are that PID" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	running sleep 1
	send echo "bang=$!"; jp; echo "group=$JP"\r
	expect group=
	match labsh\[[0-9]+\][$#] $
	send kill %1; wait %1; echo "w=$?"\r
	expect w=143
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local pid
	pid=$(screen_text | sed -n 's/^\[1\] \([0-9]*\)$/\1/p')
	[ -n "$pid" ]
	screen_text | grep -qx "bang=$pid"
	screen_text | grep -qx "group=$pid"
}

@test "jobs -p works in a pipeline and a command substitution, as in bash" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100 &\r
	match labsh\[[0-9]+\][$#] $
	running sleep 1
	send echo "bang=$!"; echo "subst=$(jobs -p)"; jobs -p | sed 's/^/piped=/'\r
	match labsh\[[0-9]+\][$#] $
	send kill %1\r
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local pid
	pid=$(screen_text | grep -o 'bang=[0-9]*' | tr -dc 0-9)
	[ -n "$pid" ]
	screen_text | grep -qx "subst=$pid"
	screen_text | grep -qx "piped=$pid"
}

@test "a signal sent just after cmd & is not lost" {
	# sleep 1 lets a lost SIGTERM show as status 0 instead of hanging
	run -0 pty -t 60 <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send i=0; while [ $i -lt 40 ]; do sleep 1 & kill $!; wait $!; echo "$?"; i=$((i+1)); done >st.txt; sort st.txt | uniq -c | sed 's/^ */count /'\r
	expect count
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	screen_text | grep -qx 'count 40 143'
}

@test "a finished background job is reported once, before the next prompt" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 0.2 &\r
	match \[1\] [0-9]+
	alone
	send \r
	expect [1]+  Done                    sleep 0.2
	match labsh\[[0-9]+\][$#] $
	send sh -c 'sleep 0.2; exit 3' &\r
	match \[1\] [0-9]+
	alone
	send true\r
	expect [1]+  Exit 3                  sh -c 'sleep 0.2; exit 3'
	match labsh\[[0-9]+\][$#] $
	send jobs; echo "end-""of-jobs"\r
	expect end-of-jobs
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	[ "$(screen_text | grep -c 'Done')" -eq 1 ]
	[ "$(screen_text | grep -c 'Exit 3')" -eq 1 ]
	[ "$(line_after 'jobs; echo "end-""of-jobs"')" = end-of-jobs ]
}

@test "set -b reports a finished job at once, without waiting for Enter" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send set -b\r
	match labsh\[[0-9]+\][$#] $
	send sleep 0.2 &\r
	match \[1\] [0-9]+
	expect [1]+  Done                    sleep 0.2
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
}

@test "200 background jobs finish and leave no zombie" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send i=0; while [ $i -lt 200 ]; do /bin/true & i=$((i+1)); done; wait; echo "loop-""done=$?"\r
	expect loop-done=0
	match labsh\[[0-9]+\][$#] $
	send zombies\r
	expect zombies=
	match labsh\[[0-9]+\][$#] $
	send jobs; echo "end-""of-jobs"\r
	expect end-of-jobs
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	[ "$(screen_text | grep -c '^\[[0-9]*\] [0-9]*$')" -eq 200 ]
	# no child is left but the processes of `zombies` itself
	screen_text | grep -qx 'zombies=0 others=0'
	[ "$(line_after 'jobs; echo "end-""of-jobs"')" = end-of-jobs ]
}

@test "a job stopped after stty -echo: the prompt echoes, and fg gives the job its modes back" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send ( stty -echo; sleep 2; modes job-mode:; sleep 100 )\r
	fgjob sleep 1
	send \^Z
	expect Stopped
	match 148[$#] $
	send echo marker-typed\r
	expect echo marker-typed
	expect marker-typed
	match labsh\[[0-9]+\][$#] $
	send modes shell-mode:\r
	expect shell-mode:
	match labsh\[[0-9]+\][$#] $
	send fg\r
	match job-mode:-?echo
	fgjob sleep 1
	send \^C
	match 130[$#] $
	send modes after-mode:\r
	expect after-mode:
	match labsh\[[0-9]+\][$#] $
	send echo typed-again\r
	expect echo typed-again
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	screen_text | grep -qx 'shell-mode:echo'
	screen_text | grep -qx 'job-mode:-echo'
	screen_text | grep -qx 'after-mode:echo'
}

@test "Ctrl-C on a foreground job does not touch a background one" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	send sleep 50\r
	fgjob sleep 1
	send \^C
	match 130[$#] $
	send st $!\r
	match state=[SR]
	match labsh\[[0-9]+\][$#] $
	send jobs\r
	expect [1]+  Running                 sleep 100
	match labsh\[[0-9]+\][$#] $
	send kill %1; wait %1; echo "w=$?"\r
	expect w=143
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
}

@test "jobs shows a running job with a trailing &, as bash does" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100 &\r
	match labsh\[[0-9]+\][$#] $
	running sleep 1
	send jobs\r
	expect [1]+  Running                 sleep 100 &
	match labsh\[[0-9]+\][$#] $
	send kill %1\r
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
}

@test "Ctrl-Z and Ctrl-C reach every process of a foreground pipeline" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100 | sleep 100\r
	fgjob sleep 2
	send \^Z
	expect [1]+  Stopped                 sleep 100 | sleep 100
	match 148[$#] $
	send jp; grp $JP\r
	match labsh\[[0-9]+\][$#] $
	send fg\r
	expect sleep 100 | sleep 100
	fgjob sleep 2
	send \^C
	match 130[$#] $
	send grp $JP; echo "end-""of-grp"\r
	expect end-of-grp
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	[ "$(screen_text | grep -Ec '^grp [0-9]+ T sleep$')" -eq 2 ]
	[ "$(line_after 'grp $JP; echo "end-""of-grp"')" = end-of-grp ]
}

@test "job specs: %1 %+ %- %string %?string, and a PID for fg" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	expect [1]+  Stopped                 sleep 100
	match 148[$#] $
	send sleep 200\r
	fgjob sleep 1
	send \^Z
	expect [2]+  Stopped                 sleep 200
	match 148[$#] $
	send jobs\r
	expect [1]-  Stopped                 sleep 100
	expect [2]+  Stopped                 sleep 200
	match labsh\[[0-9]+\][$#] $
	send fg %-\r
	expect sleep 100
	fgjob sleep 1
	send \^Z
	expect [1]+  Stopped                 sleep 100
	match 148[$#] $
	send jobs %+ %-\r
	expect [1]+  Stopped                 sleep 100
	expect [2]-  Stopped                 sleep 200
	match labsh\[[0-9]+\][$#] $
	send fg %?200\r
	expect sleep 200
	fgjob sleep 1
	send \^Z
	expect [2]+  Stopped                 sleep 200
	match 148[$#] $
	send fg %sleep\r
	expect labsh: fg: %sleep: ambiguous job spec
	match labsh\[[0-9]+\] 1[$#] $
	send bg %2\r
	expect [2]+ sleep 200 &
	match labsh\[[0-9]+\][$#] $
	send kill %2; wait %2; echo "w=$?"\r
	expect w=143
	match labsh\[[0-9]+\][$#] $
	send fg %sleep\r
	expect sleep 100
	fgjob sleep 1
	send \^Z
	expect [1]+  Stopped                 sleep 100
	match 148[$#] $
	send jp %1; fg $JP\r
	expect sleep 100
	fgjob sleep 1
	send \^C
	match 130[$#] $
	send jobs; echo "end-""of-jobs"\r
	expect end-of-jobs
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	[ "$(line_after 'jobs; echo "end-""of-jobs"')" = end-of-jobs ]
}

@test "a child that stops itself is shown as Stopped (signal); fg lets it finish" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sh -c 'kill -STOP $$'\r
	expect [1]+  Stopped (signal)        sh -c 'kill -STOP $$'
	match labsh\[[0-9]+\] 147[$#] $
	send jobs\r
	expect [1]+  Stopped (signal)        sh -c 'kill -STOP $$'
	match labsh\[[0-9]+\][$#] $
	send fg\r
	expect sh -c 'kill -STOP $$'
	match labsh\[[0-9]+\][$#] $
	send jobs; echo "end-""of-jobs"\r
	expect end-of-jobs
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	[ "$(line_after 'jobs; echo "end-""of-jobs"')" = end-of-jobs ]
}

@test "a background job that reads the terminal stops with SIGTTIN; fg gives it the terminal" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send cat &\r
	match \[1\] [0-9]+
	stopped cat 1
	send \r
	expect [1]+  Stopped (tty input)     cat
	match labsh\[[0-9]+\][$#] $
	send fg\r
	expect cat
	send read-by-cat\r
	expect read-by-cat\r\nread-by-cat
	send \^D
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
}

@test "kill %1 of a stopped job ends it, as in bash (SIGCONT follows SIGTERM)" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	match 148[$#] $
	send kill %1\r
	match labsh\[[0-9]+\][$#] $
	send sleep 0.5\r
	expect [1]+  Terminated              sleep 100
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
}

@test "exit with a stopped job warns once, then leaves and hangs the job up" {
	run -1 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	match 148[$#] $
	send jp; echo "pid=$JP"\r
	expect pid=
	match labsh\[[0-9]+\][$#] $
	send exit\r
	expect There are stopped jobs.
	match labsh\[[0-9]+\] 1[$#] $
	send exit\r
	wait
	EOF
	local pid
	pid=$(screen_text | grep -o 'pid=[0-9]*' | tr -dc 0-9)
	[ -n "$pid" ]
	[ "$(screen_text | grep -c 'There are stopped jobs')" -eq 1 ]
	# SIGHUP, then SIGCONT so that the stopped job can act on it
	gone "$pid"
}

@test "Ctrl-D with a stopped job warns too; a second Ctrl-D leaves" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	match 148[$#] $
	send jp; echo "pid=$JP"\r
	expect pid=
	match labsh\[[0-9]+\][$#] $
	sleep 300
	send \^D
	expect There are stopped jobs.
	match labsh\[[0-9]+\][$#] $
	sleep 300
	send \^D
	expect exit
	wait
	EOF
	local pid
	pid=$(screen_text | grep -o 'pid=[0-9]*' | tr -dc 0-9)
	[ -n "$pid" ]
	[ "$(screen_text | grep -c 'There are stopped jobs')" -eq 1 ]
	gone "$pid"
}

@test "exit warns again about stopped jobs after another command, as bash does" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	match 148[$#] $
	send exit\r
	expect There are stopped jobs.
	match 1[$#] $
	send true\r
	match labsh\[[0-9]+\][$#] $
	send exit\r
	expect There are stopped jobs.
	match 1[$#] $
	send kill -KILL %1\r
	match labsh\[[0-9]+\][$#] $
	send exit 0\r
	wait
	EOF
}

@test "disown: the job leaves the table and is not hung up at exit" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 100 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	send echo "pid=$!"; disown %1\r
	expect pid=
	match labsh\[[0-9]+\][$#] $
	send jobs; echo "end-""of-jobs"\r
	expect end-of-jobs
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local pid
	pid=$(screen_text | grep -o 'pid=[0-9]*' | tr -dc 0-9)
	[ -n "$pid" ]
	sleep 0.3
	kill -0 "$pid"
	kill "$pid"
	[ "$(line_after 'jobs; echo "end-""of-jobs"')" = end-of-jobs ]
}

@test "bad input at the prompt: fg %9, bg of a running job, kill %9, wait for a non-child" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send fg %9\r
	expect labsh: fg: %9: no such job
	match labsh\[[0-9]+\] 1[$#] $
	send sleep 100 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	running sleep 1
	send bg %1\r
	expect already running
	match labsh\[[0-9]+\][$#] $
	send kill %9; echo "k=$?"\r
	expect labsh: kill: %9: no such job
	expect k=1
	match labsh\[[0-9]+\][$#] $
	send wait 1; echo "w=$?"\r
	expect w=127
	match labsh\[[0-9]+\][$#] $
	send kill %1; wait %1; echo "w=$?"\r
	expect w=143
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	screen_text | grep -qx 'labsh: fg: %9: no such job'
	screen_text | grep -qx 'labsh: bg: job 1 already running in the background'
}

@test "without job control (labsh -c): fg and bg fail clearly with status 1" {
	run -1 "$LABSH" -c 'fg'
	[ "${lines[0]}" = "labsh: fg: no job control in this shell" ]
	run -1 "$LABSH" -c 'bg'
	[ "${lines[0]}" = "labsh: bg: no job control in this shell" ]
	run -0 "$LABSH" -c 'fg %1; echo "after fg: $?"'
	[ "${lines[-1]}" = "after fg: 1" ]
}

@test "without job control: & jobs still work with wait and \$!" {
	run -0 "$LABSH" -c 'sleep 0.2 & wait $!; echo $?'
	[ "$output" = 0 ]
	run -0 "$LABSH" -c 'sleep 5 & kill $!; wait $!; echo $?'
	[ "$output" = 143 ]
	run -0 "$LABSH" -c 'sh -c "exit 3" & wait %1; echo $?'
	[ "$output" = 3 ]
	run -0 "$LABSH" -c 'sleep 0.1 & p=$!; wait; echo "$? $p $!"; wait 1; echo $?'
	[[ ${lines[0]} =~ ^0\ ([0-9]+)\ ([0-9]+)$ ]]
	[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
	[ "${lines[1]}" = 127 ]
}

@test "set -m turns job control on in a script run on a terminal" {
	run -0 "$PTYDRIVE" -t 10 -- "$LABSH" -c 'set -m
		sleep 0.5 &
		read -r pid comm state ppid pgrp rest </proc/$!/stat
		echo "own-group=$([ "$pgrp" = "$!" ] && echo yes || echo no)"
		fg %1
		echo "fg=$?"' <<-'EOF'
	expect fg=
	wait
	EOF
	screen_text | grep -qx 'own-group=yes'
	screen_text | grep -qx 'fg=0'
}

@test "set -o narrate shows setpgid and tcsetpgrp around a foreground command" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send set -o narrate\r
	match labsh\[[0-9]+\][$#] $
	send /bin/true\r
	expect execve
	match labsh\[[0-9]+\][$#] $
	send set +o narrate\r
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	local sh child tty
	sh=$(shell_pid)
	child=$(screen_text | sed -n "s/^\[$sh\] setpgid(\([0-9]*\), \1) = 0.*/\1/p")
	[ -n "$child" ]
	# the child gets the terminal, execs, is waited for, and the shell
	# takes the terminal back
	local give exe back
	give=$(screen_text | grep -n -m1 "^\[$sh\] tcsetpgrp([0-9]*, $child) = 0" | cut -d: -f1)
	exe=$(screen_text | grep -n -m1 "^\[$child\] execve(\"/bin/true\"" | cut -d: -f1)
	back=$(screen_text | grep -n -m1 "^\[$sh\] tcsetpgrp([0-9]*, $sh) = 0" | cut -d: -f1)
	[ -n "$give" ] && [ -n "$exe" ] && [ -n "$back" ]
	[ "$give" -lt "$back" ] && [ "$exe" -lt "$back" ]
}

@test "a hangup (the terminal closes) ends the shell and hangs up its background jobs" {
	run pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send sleep 300 &\r
	match \[1\] [0-9]+
	match labsh\[[0-9]+\][$#] $
	close
	EOF
	# killed by SIGHUP is 129; a clean exit through the hangup path too
	[ "$status" -eq 129 ]
	local pid
	pid=$(screen_text | sed -n 's/^\[1\] \([0-9]*\)$/\1/p')
	[ -n "$pid" ]
	local i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	! kill -0 "$pid" 2>/dev/null
}

@test "exec 10<&- ... 19<&- at the prompt: the terminal fd moves, Ctrl-Z, fg and Ctrl-C still work" {
	run -0 pty <<-'EOF'
	match labsh\[[0-9]+\][$#] $
	send i=10; while [ $i -lt 20 ]; do eval "exec $i<&-"; i=$((i + 1)); done; echo "clo""sed"\r
	expect closed
	match labsh\[[0-9]+\][$#] $
	send sleep 100\r
	fgjob sleep 1
	send \^Z
	expect [1]+  Stopped                 sleep 100
	match 148[$#] $
	send fg\r
	fgjob sleep 1
	send \^C
	match labsh\[[0-9]+\] 130[$#] $
	send ls -l /proc/$$/fd | grep -c /dev/[pt]t; echo "end-""of-ls"\r
	expect end-of-ls
	match labsh\[[0-9]+\][$#] $
	send exit\r
	wait
	EOF
	# 0, 1, 2 and the shell's own terminal fd, wherever it moved to
	[ "$(output_of 'echo "end-""of-ls"' end-of-ls)" = 4 ]
}
