#!/bin/bash
# Not a measurement: a long check kept out of bin/test. The Debian package
# on a 6.1 and a 6.12 guest with the kernel's headers present: the postinst
# has DKMS compile the module inside the guest, then a trace from /usr/bin,
# the man pages, and apt-get remove leaving nothing. bin/test checks the
# rest on 6.1 (tests/vm/package.sh) with a DKMS build made on the host; each
# compile in a guest under TCG takes about 9 minutes, so they run here,
# before a release.
#   bench/package-dkms.sh [6.1|6.12]   (both when no kernel is given)
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/install-deps" >/dev/null || { echo "bench/package-dkms.sh: installing dependencies failed" >&2; exit 1; }
[ -f "$root/shell/target/shadowtrace.jar" ] || (cd "$root" && mvn -B -q -ntp -DskipTests package) || exit 1
kernels=("$@")
[ $# -gt 0 ] || kernels=(6.1 6.12)
status=0
for kernel in "${kernels[@]}"; do
	echo "== the package on $kernel, DKMS compiling in the guest"
	"$root/tests/vm/package.sh" --kernel "$kernel" || { echo "bench/package-dkms.sh: FAILED on $kernel"; status=1; }
done
exit $status
