# exec.sh N - N runs of the external /bin/true (default 2,000).
n=${1:-2000}
i=0
while [ $i -lt $n ]; do
	/bin/true
	i=$((i+1))
done
echo "$i"
