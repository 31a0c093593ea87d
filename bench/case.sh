# case.sh N - two case statements per turn, N turns (default 50,000).
n=${1:-50000}
i=0
a=
b=
while [ $i -lt $n ]; do
	case $i in
	*0) a=ten ;;
	*[13579]) a=odd ;;
	*) a=even ;;
	esac
	case x$i in
	x1*|x2*) b=low ;;
	x[3-6]*) b=mid ;;
	*) b=high ;;
	esac
	i=$((i+1))
done
echo "$i $a $b"
