#!/usr/bin/env bats
# differential.bats - run the shell-language cases in tests/diff/*.cases under
# dash and under labsh, and compare what they do.
#
# Each case runs as `SHELL -c SCRIPT` with stdin from /dev/null, a clean
# environment, a private empty working directory and a 10 s timeout.  The two
# runs must agree on stdout (byte for byte), on the exit status, and on
# whether stderr is empty (messages differ between the shells, so only the
# presence of a message is compared).
#
# The format of a .cases file:
#
#   # comment lines before the first case start with '#'
#   ### the case name (one line)
#   #! differs: REASON      (optional directives, right after the ### line)
#   #! stdout: TEXT         one line of the stdout labsh must give (repeatable;
#                           none means empty stdout)
#   #! status: N            the status labsh must give (default 0)
#   #! skip-stderr          do not compare whether stderr is empty
#   shell script lines...   up to the next ### line or the end of the file
#
# A `differs` case compares labsh with its directives instead of with dash.
# When LABSH is dash itself (validating the cases), it is compared with dash.
#
# Knobs:
#   DASH=/path/to/dash      the reference shell (default: dash on PATH)
#   DIFF_ONLY=substring     run only the cases whose name contains it
#   bats -f 'differential: expand' tests/differential.bats   one area

bats_require_minimum_version 1.5.0

# helpers asks "$LABSH --version" for the line editor, which this file does
# not need and which dash (when validating the cases) does not understand.
: "${LINEEDIT:=unused}"
load lib/helpers

# run_case SHELL SCRIPT PREFIX: run one case, leaving PREFIX.out, PREFIX.err
# and PREFIX.st; any file left in the working or temporary directory is
# listed in PREFIX.left and removed.
run_case() {
	local sh=$1 script=$2 prefix=$3 st=0
	(
		cd "$DIFF_CWD" || exit 99
		# Bats keeps descriptors above 2 open (fd 3 is its report); a
		# case must not see or write to them, nor be held by them.
		for f in /proc/$BASHPID/fd/*; do
			n=${f##*/}
			[ "$n" -gt 2 ] && eval "exec $n>&-"
		done 2>/dev/null
		exec timeout 10 env -i PATH=/usr/bin:/bin HOME="$HOME" LC_ALL=C \
			TMPDIR="$DIFF_TMP" "$sh" -c "$script" \
			</dev/null >"$prefix.out" 2>"$prefix.err"
	) || st=$?
	echo "$st" >"$prefix.st"
	local left=("$DIFF_CWD"/* "$DIFF_CWD"/.[!.]* "$DIFF_TMP"/* "$DIFF_TMP"/.[!.]*)
	if [ ${#left[@]} -gt 0 ]; then
		printf '%s\n' "${left[@]}" >"$prefix.left"
		chmod -R u+rwx "$DIFF_CWD" "$DIFF_TMP" 2>/dev/null || true
		find "$DIFF_CWD" "$DIFF_TMP" -mindepth 1 -delete 2>/dev/null || true
	else
		: >"$prefix.left"
	fi
}

# stderr_kind FILE: "empty" or "non-empty".
stderr_kind() {
	if [ -s "$1" ]; then echo non-empty; else echo empty; fi
}

# differential AREA: parse tests/diff/AREA.cases and run every case.
differential() {
	local area=$1
	# Bats traces every command with a DEBUG trap; over a thousand runs
	# that costs more than the shells themselves.  The report below says
	# what failed, so the trace is not needed here.
	trap - DEBUG
	local file="$BATS_TEST_DIRNAME/diff/$area.cases"
	local dash=${DASH:-$(command -v dash)}
	[ -n "$dash" ] && [ -x "$dash" ] || skip "dash not found (set DASH=/path/to/dash)"
	[ -f "$file" ] || { echo "missing $file"; return 1; }

	local selftest=
	[ "$(readlink -f "$LABSH")" = "$(readlink -f "$dash")" ] && selftest=1

	# Parse the file into parallel arrays.
	local -a names=() scripts=() differs=() outs=() stats=() skiperr=()
	local line n=-1 in_directives= lineno=0
	local -A seen=()
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		if [[ $line == '### '* ]]; then
			n=$((n + 1))
			names[n]=${line#'### '}
			if [ -n "${seen[${names[n]}]:-}" ]; then
				echo "$file:$lineno: duplicate case name: ${names[n]}"
				return 1
			fi
			seen[${names[n]}]=1
			scripts[n]= differs[n]= outs[n]= stats[n]= skiperr[n]=
			in_directives=1
			continue
		fi
		[ "$n" -ge 0 ] || continue # comments before the first case
		if [ -n "$in_directives" ] && [[ $line == '#!'* ]]; then
			case $line in
			'#! differs:'*) differs[n]=${line#'#! differs:'} ;;
			'#! stdout: '*) outs[n]+=${line#'#! stdout: '}$'\n' ;;
			'#! stdout:') outs[n]+=$'\n' ;;
			'#! status: '*) stats[n]=${line#'#! status: '} ;;
			'#! skip-stderr') skiperr[n]=1 ;;
			*)
				echo "$file:$lineno: unknown directive: $line"
				return 1
				;;
			esac
			continue
		fi
		in_directives=
		scripts[n]+=$line$'\n'
	done <"$file"

	shopt -s nullglob
	export DIFF_CWD="$BATS_TEST_TMPDIR/cwd" DIFF_TMP="$BATS_TEST_TMPDIR/tmp"
	mkdir -p "$DIFF_CWD" "$DIFF_TMP"
	local res="$BATS_TEST_TMPDIR/res"
	mkdir -p "$res"

	local i total=0 agree=0 report="$BATS_TEST_TMPDIR/report" script why
	: >"$report"
	for ((i = 0; i <= n; i++)); do
		if [ -n "${DIFF_ONLY:-}" ] && [[ ${names[i]} != *"$DIFF_ONLY"* ]]; then
			continue
		fi
		total=$((total + 1))
		script=${scripts[i]}
		# Trailing blank lines are not part of the case.
		while [[ $script == *$'\n\n' ]]; do script=${script%$'\n'}; done

		run_case "$dash" "$script" "$res/dash"
		run_case "$LABSH" "$script" "$res/labsh"

		local expect=dash
		if [ -n "${differs[i]}" ] && [ -z "$selftest" ]; then
			expect=expected
			printf '%s' "${outs[i]}" >"$res/dash.out"
			echo "${stats[i]:-0}" >"$res/dash.st"
			: >"$res/dash.left"
		fi

		why=()
		cmp -s "$res/dash.out" "$res/labsh.out" || why+=(stdout)
		cmp -s "$res/dash.st" "$res/labsh.st" || why+=(status)
		if [ -z "${skiperr[i]}" ]; then
			# compare only whether each stderr is empty
			if [ -s "$res/dash.err" ]; then
				[ -s "$res/labsh.err" ] || why+=(stderr)
			else
				[ ! -s "$res/labsh.err" ] || why+=(stderr)
			fi
		fi
		[ -s "$res/dash.left" ] && why+=("files left behind by dash")
		[ -s "$res/labsh.left" ] && why+=("files left behind by labsh")

		if [ ${#why[@]} -eq 0 ]; then
			agree=$((agree + 1))
			continue
		fi
		{
			echo "=== $area: ${names[i]} -- differs in: ${why[*]}"
			if [ "$expect" = expected ]; then
				echo "    (differs:${differs[i]})"
			fi
			printf '%s' "$script" | sed 's/^/    | /'
			if [[ " ${why[*]} " == *" stdout "* ]]; then
				diff -u --label "stdout ($expect)" --label "stdout (labsh)" \
					"$res/dash.out" "$res/labsh.out" | sed 's/^/    /'
			fi
			if [[ " ${why[*]} " == *" status "* ]]; then
				echo "    status: $expect $(cat "$res/dash.st"), labsh $(cat "$res/labsh.st")"
			fi
			if [[ " ${why[*]} " == *" stderr "* ]]; then
				echo "    stderr: dash $(stderr_kind "$res/dash.err"), labsh $(stderr_kind "$res/labsh.err")"
				[ -s "$res/dash.err" ] && sed 's/^/      dash> /' "$res/dash.err" | head -n 5
				[ -s "$res/labsh.err" ] && sed 's/^/      labsh> /' "$res/labsh.err" | head -n 5
			fi
			[ -s "$res/dash.left" ] && sed 's/^/    left by dash: /' "$res/dash.left"
			[ -s "$res/labsh.left" ] && sed 's/^/    left by labsh: /' "$res/labsh.left"
			echo
		} >>"$report"
	done

	if [ "$total" -eq 0 ]; then
		skip "no $area case matches DIFF_ONLY=$DIFF_ONLY"
	fi
	local summary="$area: $agree/$total cases agree"
	[ -n "$selftest" ] && summary+=" (LABSH is dash: differs cases compared with dash)"
	if [ "$agree" -eq "$total" ]; then
		echo "# $summary" >&3
		return 0
	fi
	cat "$report"
	echo "$summary"
	return 1
}

@test "differential: parse" {
	differential parse
}

@test "differential: expand" {
	differential expand
}

@test "differential: arith" {
	differential arith
}

@test "differential: redirect" {
	differential redirect
}

@test "differential: pipeline" {
	differential pipeline
}

@test "differential: control" {
	differential control
}

@test "differential: builtins" {
	differential builtins
}

@test "differential: errors" {
	differential errors
}

@test "differential: heredoc" {
	differential heredoc
}

@test "differential: functions" {
	differential functions
}
