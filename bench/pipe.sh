# pipe.sh N - N two-stage pipelines of builtins, true | true (default 1,000).
n=${1:-1000}
i=0
while [ $i -lt $n ]; do
	true | true
	i=$((i+1))
done
echo "$i"
