# while.sh N - a while loop with test and arithmetic (default 200,000 turns).
n=${1:-200000}
i=0
while [ $i -lt $n ]; do
	i=$((i+1))
done
echo "$i"
