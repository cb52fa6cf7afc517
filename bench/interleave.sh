#!/bin/sh
# Compares builds (or JVM options) of row 2a run by run: each round starts every variant once, in a shuffled order,
# as its own `java ... --rows 2a --quick` (5 counted fan-outs after 2 warm-ups), and the figures of all rounds are
# pooled per variant. A burst of load from other processes then hits every variant alike.
#
#   bench/interleave.sh ROUNDS NAME='JAVA ARGS' [NAME='JAVA ARGS' ...]
#   e.g. bench/interleave.sh 6 before='-jar /tmp/before.jar' after='-jar bench/target/schemagate-bench.jar' \
#            after-2loops='-Dio.netty.eventLoopThreads=2 -jar bench/target/schemagate-bench.jar'
#
# Prints, per variant: COMMIT -> last READY written (median, min, p90, max, n) and the 1-minute load average
# range seen at the start of its runs. Raw lines go to $WORK/results.txt (WORK defaults to a new temporary folder).
set -eu
rounds=$1
shift
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
results=$work/results.txt
: >"$results"
r=1
while [ "$r" -le "$rounds" ]; do
    for variant in $(for v in "$@"; do echo "${v%%=*}"; done | shuf); do
        for v in "$@"; do
            [ "${v%%=*}" = "$variant" ] || continue
            args=${v#*=}
            load=$(cut -d' ' -f1 /proc/loadavg)
            # shellcheck disable=SC2086 # the arguments are meant to split
            java $args --rows 2a --quick --work "$work/$variant" 2>"$work/$variant.err" >"$work/$variant.out" || {
                echo "$variant failed: see $work/$variant.err" >&2
                exit 1
            }
            sed -n 's/.*2a run \([0-9][0-9]*\): .*last READY written +\([0-9.]*\) ms.*/\2/p' "$work/$variant.err" |
                while read -r ms; do echo "$variant $ms $load"; done >>"$results"
        done
    done
    r=$((r + 1))
done
echo "| variant | COMMIT -> last READY written: median | min | p90 | max | n | load (1 min) |"
echo "|---|---|---|---|---|---|---|"
for v in "$@"; do
    name=${v%%=*}
    grep "^$name " "$results" | sort -k2 -g | awk -v name="$name" '
        { ms[NR] = $2; if (min_load == "" || $3 < min_load) min_load = $3; if ($3 > max_load) max_load = $3 }
        END {
            if (NR == 0) { print "| " name " | no runs |"; exit }
            med = (NR % 2) ? ms[(NR + 1) / 2] : (ms[NR / 2] + ms[NR / 2 + 1]) / 2
            p90 = ms[int(NR * 0.9 + 0.999)]
            printf "| %s | %.1f ms | %.1f | %.1f | %.1f | %d | %s-%s |\n", name, med, ms[1], p90, ms[NR], NR, min_load, max_load
        }'
done
echo "raw: $results"
