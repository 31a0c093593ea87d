# func.sh N - N calls of a shell function with one argument (default 50,000).
n=${1:-50000}
f() {
	r=$1
}
i=0
while [ $i -lt $n ]; do
	f $i
	i=$((i+1))
done
echo "$r"
