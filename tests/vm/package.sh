#!/bin/bash
# The Debian package (tools/package) installed in a guest as on a machine
# that is not a checkout: DKMS builds the module, the tools from /usr/bin
# load it on demand and trace, man pages render, completion works, the
# failure messages for no headers, another module version and lockdown are
# given, and apt-get remove leaves nothing: all of it on a 6.1 guest.
#   package.sh [--kernel 6.12]   the install, a trace, the man pages and the
#                                removal on that kernel instead (a second DKMS
#                                build under TCG, ~9 minutes: kept out of
#                                bin/test, run by bench/package-6.12.sh)
# --no-module: the package's module is the one loaded. One vCPU: Java.
# vm-lane: one-thread
# vm-seconds: 957
. "$(dirname "$0")/lib.sh"
. "$root/tools/vm/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
other_kernel=
[ "${1:-}" = --kernel ] && other_kernel=$2
build_progs
deb=$root/$("$root/tools/package" --skip-build) || fail "tools/package failed"

if [ -n "$other_kernel" ]; then
	exec "$vm" --no-module --smp 1 --timeout 1200 --kernel "$other_kernel" -- tests/vm/guest/package.sh "$deb" none --basic
fi

# A module that says it is another version, for the 6.1 guest's kernel.
kver=$(vm_kernel_release 6.1)
other=$root/.build/package-test/other-version
mkdir -p "$other"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.mod*' --exclude '.*.cmd' "$root/kmod/" "$other/"
sed -i 's/^#define SHADOWK_MODULE_VERSION .*/#define SHADOWK_MODULE_VERSION "0.0.9-test"/' "$other/version.h"
make -s -C "$other" KDIR="/lib/modules/$kver/build" >"$other/build.log" 2>&1 || { cat "$other/build.log"; fail "building the other-version module"; }

"$vm" --no-module --smp 1 --timeout 1200 -- tests/vm/guest/package.sh "$deb" "$other/shadowk.ko"
