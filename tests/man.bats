#!/usr/bin/env bats
# man.bats - the manual pages: lint-clean, and in step with the program.

load lib/helpers

@test "every man page is clean under mandoc -Tlint" {
	[ -n "$MANDOC" ] || MANDOC=$(command -v mandoc) || skip "mandoc is not installed"
	local page out
	for page in "$top_srcdir"/man/*.[1-9]; do
		# -W warning: style remarks and the host's man database are not ours
		out=$("$MANDOC" -Tlint -W warning "$page" 2>&1) || true
		[ -z "$out" ] || { echo "$out"; false; }
	done
}

@test "labsh(1) documents every command-line option of --help" {
	local opt
	for opt in $("$LABSH" --help | grep -o -- '--\?[a-z-]\+' | sort -u); do
		case $opt in -c|-i|-s) pat="^\\.It Fl ${opt#-}\$" ;; *) pat="^\\.It Fl \\\\-${opt#--}\$" ;; esac
		grep -q -- "$pat" "$top_srcdir/man/labsh.1" || { echo "labsh.1 lacks $opt"; false; }
	done
}

@test "labsh(1) lists every shell builtin of the registry" {
	run -0 "$LABSH" -c 'help -l'
	local name
	for name in "${lines[@]}"; do
		[ "$("$LABSH" -c "help $name" | sed -n '1s/.* - //p')" = "shell builtins" ] || continue
		grep -q "^\\.It Ic $name\\b" "$top_srcdir/man/labsh.1" || { echo "labsh.1 lacks $name"; false; }
	done
}
