# Sourced by ./hone and ./run-tests: points JAVA_HOME at a JDK 25 (Hone's release level).
# Order: a JAVA_HOME that already holds JDK 25, then the Temurin 25 these machines carry.
hone_jdk_version() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(hone_jdk_version "$JAVA_HOME")" != 25 ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then JAVA_HOME=$candidate; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(hone_jdk_version "$JAVA_HOME")" != 25 ]; then
  echo "hone: needs a JDK 25; set JAVA_HOME to one (found: ${JAVA_HOME:-none})" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# oneDNN's OpenMP team (the native matmul backend): one thread per compute thread, fixed before the JVM
# starts. HONE_THREADS if set, else every core; an OMP_NUM_THREADS already set wins.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-${HONE_THREADS:-$(nproc 2>/dev/null || echo 1)}}"
# The JVM flags every Hone process runs with (./hone and the bench scripts; the POM's hone.jvm.flags has
# the same for tests): the Vector API, native access for oneDNN, ParallelGC, and a forced inline of
# FastExp.exp: it takes and returns vectors, and if C2 ever declines to inline it (once it is compiled on
# its own and too big to inline) every call boxes its vectors, measured at 1.4 MB of garbage per training
# step and slower softmax/GELU ("quiet" keeps stdout clean).
HONE_JVM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC
  -XX:CompileCommand=quiet -XX:CompileCommand=inline,dev.hone.engine.kernel.FastExp::exp)
