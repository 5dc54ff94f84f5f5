#!/bin/sh
# In the guest (module not loaded): a load that must resolve a symbol the
# kernel does not have is refused, leaves nothing behind, and says why.
set -u
if insmod "$SHADOWK_KO" require_symbol=shadowk_no_such_symbol 2>/tmp/insmod.err; then
	echo "insmod succeeded although a required symbol is missing" >&2
	exit 1
fi
grep -q '^shadowk ' /proc/modules && { echo "module is loaded after a refused load" >&2; exit 1; }
[ ! -e /dev/shadowk ] || { echo "/dev/shadowk exists after a refused load" >&2; exit 1; }
echo "insmod: $(cat /tmp/insmod.err)"
echo "dmesg: $(dmesg | grep 'shadowk: kernel symbol' | sed 's/^\[[^]]*\] //')"
