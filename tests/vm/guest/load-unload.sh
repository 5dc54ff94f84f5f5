#!/bin/sh
# In the guest: unload and reload shadowk N times; /dev/shadowk must come
# and go with it. Leaves the module loaded for the harness to unload.
set -eu
n=${1:-20}
[ -c /dev/shadowk ] || { echo "/dev/shadowk missing after the harness loaded the module" >&2; exit 1; }
i=0
while [ $i -lt "$n" ]; do
	rmmod shadowk
	[ ! -e /dev/shadowk ] || { echo "cycle $i: /dev/shadowk still present after rmmod" >&2; exit 1; }
	insmod "$SHADOWK_KO"
	[ -c /dev/shadowk ] || { echo "cycle $i: /dev/shadowk missing after insmod" >&2; exit 1; }
	i=$((i + 1))
done
echo "cycles=$n"
