# heredoc.sh N - N reads of a one-line here-document (default 5,000).
n=${1:-5000}
i=0
line=
while [ $i -lt $n ]; do
	read line <<EOT
line $i
EOT
	i=$((i+1))
done
echo "$i $line"
