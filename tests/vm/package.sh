#!/bin/bash
# The Debian package (tools/package) installed in a guest as on a machine
# that is not a checkout: the postinst registers the module with DKMS, the
# module DKMS built is installed, the tools from /usr/bin load it on demand
# and trace, man pages render, completion works, the failure messages for no
# headers, another module version and lockdown are given, and apt-get remove
# leaves nothing: all of it on a 6.1 guest.
# DKMS compiles the package's module source on the host, for the guest's
# kernel (its own dkms.conf, its own make, in a private DKMS tree), and the
# guest installs that build with `dkms ldtarball` + `dkms install`:
# compiling it inside the guest takes about 9 minutes under TCG. The
# postinst's own compile in the guest (headers present) is run by
#   package.sh --kernel 6.1|6.12  the install (the postinst's DKMS build in
#                                 the guest), a trace, the man pages and the
#                                 removal on that kernel: bench/package-dkms.sh
# --no-module: the package's module is the one loaded. One vCPU: Java.
# vm-lane: one-thread
# vm-seconds: 372
. "$(dirname "$0")/lib.sh"
. "$root/tools/vm/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
other_kernel=
[ "${1:-}" = --kernel ] && other_kernel=$2
build_progs
deb=$root/$("$root/tools/package" --skip-build) || fail "tools/package failed"

if [ -n "$other_kernel" ]; then
	exec "$vm" --no-module --smp 1 --timeout 2400 --kernel "$other_kernel" -- tests/vm/guest/package.sh "$deb" none --basic
fi

kver=$(vm_kernel_release 6.1)
# DKMS builds the package's module on the host, in a private mount namespace
# whose /var/lib/dkms is a tmpfs (the host's DKMS state and signing key are
# never touched), and packs the build as a binaries-only DKMS tarball.
dkmsdir=$root/.build/package-test/dkms
rm -rf "$dkmsdir"; mkdir -p "$dkmsdir/root"
dpkg-deb -x "$deb" "$dkmsdir/root"
version=$(ls "$dkmsdir/root/usr/src" | sed -n 's/^shadowk-//p')
[ -n "$version" ] || fail "the package has no /usr/src/shadowk-VERSION"
unshare -m sh -ec '
	mkdir -p /var/lib/dkms; mount -t tmpfs none /var/lib/dkms
	src=$1/root/usr/src
	dkms add -m shadowk -v "$2" --sourcetree "$src"
	dkms build -m shadowk -v "$2" -k "$3" --sourcetree "$src"
	dkms mktarball -m shadowk -v "$2" -k "$3" --binaries-only --sourcetree "$src" --archive "$1/shadowk-dkms.tar.gz"
' sh "$dkmsdir" "$version" "$kver" >"$dkmsdir/build.log" 2>&1 || { cat "$dkmsdir/build.log"; fail "DKMS could not build the package's module on the host"; }

# A module that says it is another version, for the 6.1 guest's kernel.
other=$root/.build/package-test/other-version
mkdir -p "$other"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.mod*' --exclude '.*.cmd' "$root/kmod/" "$other/"
sed -i 's/^#define SHADOWK_MODULE_VERSION .*/#define SHADOWK_MODULE_VERSION "0.0.9-test"/' "$other/version.h"
make -s -C "$other" KDIR="/lib/modules/$kver/build" >"$other/build.log" 2>&1 || { cat "$other/build.log"; fail "building the other-version module"; }

"$vm" --no-module --smp 1 --timeout 2400 -- tests/vm/guest/package.sh "$deb" "$other/shadowk.ko" "$dkmsdir/shadowk-dkms.tar.gz"
