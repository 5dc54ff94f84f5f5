# tools/launch.sh: what the launchers bin/shadowtrace and bin/shadowk share (sourced, with $root
# and $tool set): build the jar when it is missing, and the JVM flags they run it with, in
# $java_flags. SHADOWTRACE_JAVA_OPTS goes after these flags, so that it overrides any of them.
jar=$root/shell/target/shadowtrace.jar
archive=$root/shell/target/shadowtrace.jsa
if [ ! -f "$jar" ]; then
	if [ -n "${SHADOWTRACE_VM:-}" ]; then
		echo "$tool: $jar is missing; build it on the host first: mvn -q -DskipTests package" >&2
		exit 1
	fi
	echo "$tool: building $jar (mvn -q -DskipTests package)" >&2
	(cd "$root" && mvn -B -q -DskipTests package) >&2 || exit 1
fi
# Flags for a short-lived start on one slow CPU (measured: bench/jvm-start.sh). The initial heap is
# left out when SHADOWTRACE_JAVA_OPTS sizes the heap: an -Xmx below it would stop the JVM.
heap="-Xms96m -Xmn64m"
case " ${SHADOWTRACE_JAVA_OPTS:-} " in *" -Xm"[sxn]*|*HeapSize*|*NewSize*) heap= ;; esac
# The class-data archive that `mvn package` makes beside the jar (tools/startup-archive): the JDK's
# and the tool's classes, already parsed and verified. Only when it is newer than the jar: an
# archive made for another jar (or another JDK) is refused by the JVM, silently, and then no class
# is shared at all, not even the JDK's own.
share=-Xshare:auto
[ "$archive" -nt "$jar" ] && share="$share -XX:SharedArchiveFile=$archive"
java_flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 $share $heap"
