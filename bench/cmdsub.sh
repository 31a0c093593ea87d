# cmdsub.sh N - N command substitutions x=$(echo hi) (default 2,000).
n=${1:-2000}
i=0
x=
while [ $i -lt $n ]; do
	x=$(echo hi)
	i=$((i+1))
done
echo "$i $x"
