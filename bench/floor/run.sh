#!/bin/sh
# Row 4's floor (BENCHMARKS.md): the work of a recorded no-op (stat every *.sql file, one history query) done by C
# and by the least Java, on a database and folder a row 4 run left behind (--work DIR: DIR/row4/app.db and
# DIR/row4/migrations). Needs gcc and libsqlite3-dev; the sqlite-jdbc jar comes from the local Maven repository.
# Usage: bench/floor/run.sh DB FOLDER [RUNS]
set -eu
db=$1 folder=$2 runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -O2 -o "$out/floorc" "$here/floor.c" -lsqlite3
jar=$(ls "$HOME"/.m2/repository/org/xerial/sqlite-jdbc/*/sqlite-jdbc-*.jar 2>/dev/null | grep -v sources | sort -V | tail -1) || true
if [ -z "$jar" ]; then
  echo "run.sh: no sqlite-jdbc jar in ~/.m2; build the project once (./mvnw -B -q package -DskipTests)" >&2
  exit 1
fi
javac -d "$out/classes" "$here/Floor.java"
for i in $(seq "$runs"); do "$out/floorc" "$db" "$folder"; done
for opts in "" "-XX:TieredStopAtLevel=1"; do
  for mode in stat1 sql both; do
    for i in $(seq "$runs"); do
      printf '%s ' "${opts:-defaults}"
      java $opts -cp "$out/classes:$jar" Floor "$mode" "$db" "$folder"
    done
  done
done
