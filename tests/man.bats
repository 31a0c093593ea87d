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
	# The first word of each option line of --help: --norc, --color=WHEN
	# (.It Fl \-color Ns = Ns Ar when), -c, -o, or a cluster such as
	# -abCefhmnuvx, whose every letter is an option.
	local opt letter n=0 seen=" "
	for opt in $("$LABSH" --help | sed -n 's/^ \{1,\}\(-[^ =]*\).*/\1/p'); do
		case $opt in
		--*)	grep -q -- "^\\.It Fl \\\\-${opt#--}\( \|\$\)" "$top_srcdir/man/labsh.1" ||
				{ echo "labsh.1 lacks .It Fl \\$opt"; false; }
			seen="$seen$opt " n=$((n + 1)) ;;
		*)	opt=${opt#-}
			while [ -n "$opt" ]; do
				letter=${opt%"${opt#?}"} opt=${opt#?}
				# .It Fl a, or .It Fl a , Fl o Cm allexport
				grep -q -- "^\\.It Fl $letter\( \|\$\)" "$top_srcdir/man/labsh.1" ||
					{ echo "labsh.1 lacks .It Fl $letter"; false; }
				seen="$seen-$letter " n=$((n + 1))
			done ;;
		esac
	done
	# The extraction found the options, not nothing.
	[[ $seen == *" -c "* && $seen == *" -x "* && $seen == *" --help "* ]] || { echo "found only:$seen"; false; }
	# Every option name of set -o, as -o NAME.
	for opt in $("$LABSH" -c 'set -o' | awk '{ print $1 }'); do
		grep -q -- "^\\.It .*Fl o Cm $opt\$" "$top_srcdir/man/labsh.1" ||
			{ echo "labsh.1 lacks -o $opt"; false; }
		n=$((n + 1))
	done
	[ "$n" -ge 20 ]
}

@test "labsh(1) lists every shell builtin of the registry" {
	run -0 "$LABSH" -c 'help -l'
	local name
	for name in "${lines[@]}"; do
		[ "$("$LABSH" -c "help $name" | sed -n '1s/.* - //p')" = "shell builtins" ] || continue
		# .It Ic NAME, written .It Ic \&NAME for . : and [
		awk -v name="$name" '$1 == ".It" && $2 == "Ic" { sub(/^\\&/, "", $3); if ($3 == name) found = 1 }
			END { exit !found }' "$top_srcdir/man/labsh.1" || { echo "labsh.1 lacks .It Ic $name"; false; }
	done
}

# section NAME: the text of section NAME of the rendered page on stdin,
# as one line with single blanks.
section() {
	sed 's/.\x08//g' | awk -v want="$1" '
		/^[A-Z]/ { on = ($0 == want); next }
		on { printf "%s ", $0 }' | tr -s ' \t' '  ' | sed 's/^ //; s/ $//'
}

@test "every teaching builtin has labsh-NAME.1, in step with its descriptor" {
	[ -n "$MANDOC" ] || MANDOC=$(command -v mandoc) || skip "mandoc is not installed"
	run -0 "$LABSH" -c 'help -l'
	local name page help synopsis see_also
	for name in "${lines[@]}"; do
		help=$("$LABSH" -c "help $name")
		[ "$(sed -n '1s/.* - //p' <<<"$help")" != "shell builtins" ] || continue
		page="$top_srcdir/man/labsh-$name.1"
		[ -f "$page" ] || { echo "no man/labsh-$name.1"; false; }
		synopsis=$(sed -n '2s/^usage: //p' <<<"$help")
		[ "$("$MANDOC" -Tascii "$page" | section SYNOPSIS)" = "$synopsis" ] ||
			{ echo "labsh-$name.1 SYNOPSIS is not: $synopsis"; false; }
		see_also=$(sed -n 's/^See also: //p' <<<"$help")
		[ "$("$MANDOC" -Tascii "$page" | section 'SEE ALSO' | tr -d ,)" = "$see_also" ] ||
			{ echo "labsh-$name.1 SEE ALSO is not: $see_also"; false; }
	done
}

@test "labsh-syscalls(7) lists every call of src/syscalls.def, with its section" {
	local name sec n=0
	while read -r name sec; do
		grep -q "^\\.Xr $name $sec\\b" "$top_srcdir/man/labsh-syscalls.7" ||
			{ echo "labsh-syscalls.7 lacks $name($sec)"; false; }
		n=$((n + 1))
	done < <(sed -n 's/^S([a-z_0-9]*,[[:space:]]*"\([a-z_0-9]*\)",[[:space:]]*\([0-9]\),.*/\1 \2/p' "$top_srcdir/src/syscalls.def")
	# Every row was read: the pattern above missed none.
	[ "$n" -eq "$(grep -c '^S(' "$top_srcdir/src/syscalls.def")" ]
}
