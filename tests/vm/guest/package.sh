#!/bin/bash
# The Debian package on a machine that is not a checkout: apt-get install of
# dist/shadowtrace_*_all.deb, DKMS installing the module for the running
# kernel, shadowtrace from /usr/bin loading it on demand, man pages,
# completion, the failure messages the tools give (no headers, a module of
# another version, lockdown), and apt-get remove leaving nothing.
#   package.sh DEB MISMATCHED-KO DKMS-TARBALL   everything, with the module
#       DKMS built on the host (a binaries-only `dkms mktarball`) loaded into
#       DKMS with `dkms ldtarball` and installed by `dkms install`
#   package.sh DEB none --basic   the postinst's DKMS build in the guest,
#       then a trace, man pages, removal
. "$(dirname "$0")/lib.sh"
deb=$1 other_ko=$2 basic= tarball=
if [ "${3:-}" = --basic ]; then basic=1; else tarball=${3:?DKMS tarball}; fi
kver=$(uname -r)
fn=__x64_sys_getppid
N=3000
export DEBIAN_FRONTEND=noninteractive

# run NAME CMD...: CMD's stdout and stderr in /tmp/NAME.out, shown; status in $rc.
run() {
	local name=$1; shift
	set +e
	"$@" >"/tmp/$name.out" 2>&1
	rc=$?
	set -e
	sed "s/^/  [$name] /" "/tmp/$name.out"
}
modules_of_package() { find /lib/modules -name 'shadowk.ko*' 2>/dev/null; }
expect_unloaded() { ! grep -q '^shadowk ' /proc/modules || fail "$1: shadowk is loaded"; }
# rmmod, waiting for the deferred release of a finished trace's files.
unload() { for _ in $(seq 50); do rmmod shadowk 2>/dev/null && return; sleep 0.1; done; rmmod shadowk; }

expect_unloaded "before the install"
[ -z "$(modules_of_package)" ] || fail "a shadowk.ko is installed before the package: $(modules_of_package)"

# Headers of the other installed kernels (the guest sees the host's) are
# hidden for the install: the postinst builds for every kernel that has
# headers, and under TCG one build takes minutes.
for dir in /lib/modules/*/build; do
	k=${dir%/build}; k=${k##*/}
	[ "$k" = "$kver" ] || mv "$dir" "/tmp/headers-$k"
done
if [ -z "$basic" ]; then
	echo "== install without the running kernel's headers: the tool says what to install"
	mv "/lib/modules/$kver/build" "/tmp/headers-$kver"
	run install-noheaders apt-get install -y -q "$deb"
	expect_eq "install without headers succeeds" 0 "$rc"
	grep -q "no headers for kernel $kver" /tmp/install-noheaders.out || fail "postinst does not say the headers are missing"
	run noheaders /usr/bin/shadowtrace -c "syscall-count 1 0" -e "fbt::$fn:entry { @ = count(); }"
	expect_eq "tracing without a module: exit status" 1 "$rc"
	grep -q "not built for the running kernel $kver because its headers are not installed: install them ('apt-get install linux-headers-$kver')" /tmp/noheaders.out \
		|| fail "no headers: the message does not say so"
	echo "== the module DKMS built (on the host, from this package's source) is loaded into DKMS and installed"
	# --force: the postinst has already added the module (its source) to
	# DKMS. ldtarball loads the build, then tries to add the module again
	# and stops there with 3 ("already contains"); what counts is the
	# status below.
	run dkms-ldtarball dkms ldtarball --force --archive="$tarball"
	[ "$rc" = 0 ] || { [ "$rc" = 3 ] && grep -q 'DKMS tree already contains: shadowk' /tmp/dkms-ldtarball.out; } \
		|| fail "dkms ldtarball: status $rc"
	# Still without headers: had the tarball not given DKMS a build for
	# this kernel, the install below would have to compile, and fail.
	dkms status -m shadowk -k "$kver" | grep -q ': built$' || fail "DKMS has no build of shadowk for $kver after ldtarball: $(dkms status)"
	run dkms-install dkms install -m shadowk -v "$(dpkg-query -W -f='${Version}' shadowtrace)" -k "$kver"
	expect_eq "dkms install" 0 "$rc"
	mv "/tmp/headers-$kver" "/lib/modules/$kver/build"
else
	echo "== install: DKMS builds the module for $kver"
	run install apt-get install -y -q "$deb"
	expect_eq "apt-get install" 0 "$rc"
	grep -q "no headers for kernel" /tmp/install.out || fail "postinst does not say which kernels have no headers"
fi
dkms status -m shadowk -k "$kver" | grep -q 'installed' || fail "DKMS did not install shadowk for $kver: $(dkms status)"
ko=$(modinfo -n -k "$kver" shadowk)
expect_eq "the module DKMS installed" "/lib/modules/$kver/updates/dkms/shadowk.ko" "${ko%.ko*}.ko"
expect_unloaded "after the install"

if [ -z "$basic" ]; then
	echo "== a module of another version: --version warns"
	insmod "$other_ko"
	run mismatch /usr/bin/shadowtrace --version
	expect_eq "--version with another module" 0 "$rc"
	grep -q "^warning: the tool is 0.1.0 and the loaded module 0.0.9-test" /tmp/mismatch.out || fail "no version warning"
	run mismatch-json /usr/bin/shadowtrace --version --json
	expect_eq "version_mismatch in JSON" true "$(python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["module"]["version_mismatch"]).lower())' /tmp/mismatch-json.out)"
	unload
fi

echo "== shadowtrace from /usr/bin loads the module on demand and traces"
run trace /usr/bin/shadowtrace -c "syscall-count -t 2 $N 0" -e "fbt::$fn:entry { @[execname] = count(); }"
expect_eq "trace: exit status" 0 "$rc"
expect_eq "trace: the command's calls" $((2 * N)) "$(sed -n 's/^ *syscall-count  *\([0-9][0-9]*\)$/\1/p' /tmp/trace.out)"
grep -q '^shadowk ' /proc/modules || fail "the module is not loaded after a trace"
run version /usr/bin/shadowtrace --version --json
expect_eq "module version" 0.1.0 "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["module"]["version"])' /tmp/version.out)"

echo "== man pages render"
for page in shadowtrace shadowk; do
	MANWIDTH=80 man -P cat 8 "$page" >/tmp/man.out 2>/tmp/man.err || { cat /tmp/man.err; fail "man $page"; }
	grep -q "^NAME" /tmp/man.out && grep -q "^EXAMPLES" /tmp/man.out || fail "man $page: no NAME or EXAMPLES section"
done
MANWIDTH=80 man -P cat 8 shadowtrace | grep -q -- "-c, -c=CMD\|-c=CMD" || fail "man shadowtrace: no -c option"

if [ -z "$basic" ]; then
	echo "== bash completion: options, and probe names after -l"
	words=$(bash -c '. /usr/share/bash-completion/completions/shadowtrace
		COMP_WORDS=(shadowtrace --ver); COMP_CWORD=1; _shadowtrace_with_probes; echo "${COMPREPLY[*]}"')
	expect_eq "completion of --ver" --verbose\ --version "$words"
	words=$(bash -c '. /usr/share/bash-completion/completions/shadowtrace
		COMP_WORDS=(shadowtrace -l fbt::vfs_rea); COMP_CWORD=2; _shadowtrace_with_probes; printf "%s\n" "${COMPREPLY[@]}"')
	grep -qx "fbt::vfs_read:entry" <<<"$words" || fail "completion after -l: no fbt::vfs_read:entry in: $words"
	words=$(bash -c '. /usr/share/bash-completion/completions/shadowk
		COMP_WORDS=(shadowk ch); COMP_CWORD=1; _complete_shadowk; echo "${COMPREPLY[*]}"')
	expect_eq "completion of shadowk ch" check "$words"

	echo "== lockdown refuses the unsigned module: the tool says why"
	unload
	mountpoint -q /sys/kernel/security || mount -t securityfs none /sys/kernel/security
	echo integrity >/sys/kernel/security/lockdown
	run lockdown /usr/bin/shadowtrace -c "syscall-count 1 0" -e "fbt::$fn:entry { @ = count(); }"
	expect_eq "tracing under lockdown: exit status" 1 "$rc"
	grep -q "kernel lockdown (integrity) refuses to load shadowk, which is not signed by a key the kernel trusts: .*mokutil --import /var/lib/dkms/mok.pub" /tmp/lockdown.out \
		|| fail "lockdown: the message does not say so"
fi

echo "== apt-get remove leaves no module and no file of the package"
dpkg -L shadowtrace | while read -r f; do [ -d "$f" ] || echo "$f"; done >/tmp/package-files
[ -s /tmp/package-files ] || fail "dpkg -L shadowtrace lists no file"
# the uprobe definitions a tracer killed with SIGKILL would leave (its pid gone: pid_max is below 999999)
tf=/sys/kernel/tracing
[ -w $tf/uprobe_events ] || tf=/sys/kernel/debug/tracing
echo "p:shadowtrace_999999/u7 /bin/true:0x10" >> $tf/uprobe_events || fail "cannot define a uprobe event"
run remove apt-get remove -y -q shadowtrace
expect_eq "apt-get remove" 0 "$rc"
expect_unloaded "after the removal"
[ -z "$(modules_of_package)" ] || fail "shadowk.ko left behind: $(modules_of_package)"
[ ! -e /var/lib/dkms/shadowk ] || fail "DKMS still knows shadowk: $(ls -R /var/lib/dkms/shadowk)"
[ ! -e /run/shadowtrace ] || fail "the kernel symbols the tracer kept are left after apt-get remove"
expect_eq "uprobe definitions of killed tracers after apt-get remove" "" "$(grep shadowtrace_ $tf/uprobe_events || true)"
while read -r f; do [ ! -e "$f" ] || fail "$f is left after apt-get remove"; done </tmp/package-files
echo "package: ok ($kver)"
