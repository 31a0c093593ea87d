# param.sh N - four parameter expansions per turn, N turns (default 50,000).
n=${1:-50000}
x=dir/sub/file.tar.gz
i=0
while [ $i -lt $n ]; do
	a=${x#*/}
	b=${x%.*}
	c=${#x}
	d=${unset_var:-default}
	i=$((i+1))
done
echo "$i $a $b $c $d"
