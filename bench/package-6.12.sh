#!/bin/bash
# Not a measurement: a long check kept out of bin/test. The Debian package
# on a 6.12 guest (install, DKMS build for 6.12, a trace from /usr/bin, man
# pages, apt-get remove leaving nothing). bin/test checks all of that and
# more on 6.1 (tests/vm/package.sh); this second DKMS build under TCG takes
# about 9 minutes, so it runs here, before a release.
#   bench/package-6.12.sh
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install-deps" >/dev/null || { echo "bench/package-6.12.sh: installing dependencies failed" >&2; exit 1; }
[ -f "$root/shell/target/shadowtrace.jar" ] || (cd "$root" && mvn -B -q -ntp -DskipTests package) || exit 1
exec "$root/tests/vm/package.sh" --kernel 6.12
