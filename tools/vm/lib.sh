# Helpers of bin/vm: host packages, kernel selection, initramfs, module build.
# Everything built lands in $root/.build (ignored by git) and is rebuilt when
# its inputs change. Build steps hold a lock so parallel runs do not race.

vm_die() { echo "bin/vm: $*" >&2; exit 2; }

build=$root/.build
mkdir -p "$build"

vm_locked() { flock "$build/lock" "$@"; }

# Install a Debian package when a file it provides is missing.
vm_need() { # FILE PACKAGE...
	local file=$1; shift
	[ -e "$file" ] && return 0
	echo "bin/vm: installing $* (for $file)" >&2
	if [ ! -d /var/lib/apt/lists ] || [ -z "$(ls /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
		apt-get update -q >&2 || vm_die "apt-get update failed"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 \
		|| { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; } \
		|| vm_die "cannot install $*"
}

vm_install_host_tools() {
	vm_need /usr/bin/qemu-system-x86_64 qemu-system-x86
	vm_need /bin/busybox busybox-static
	vm_need /usr/bin/cpio cpio
	vm_need /sbin/modprobe kmod
	vm_need /usr/bin/xz xz-utils
	vm_need /usr/bin/make make
	vm_need /usr/bin/gcc gcc
	vm_need /usr/bin/flock util-linux
}

# The newest installed release of a kernel line, installing the line if missing.
vm_kernel_release() { # 6.1|6.12
	local line=$1 pkgs glob k
	case "$line" in
	6.1) pkgs="linux-image-amd64 linux-headers-amd64"; glob='6.1.[0-9]*-amd64' ;;
	6.12) pkgs="linux-image-6.12-amd64 linux-headers-6.12-amd64"; glob='6.12.[0-9]*-amd64' ;;
	*) vm_die "--kernel takes 6.1 or 6.12, not '$line'" ;;
	esac
	k=$(cd /boot && ls -1 vmlinuz-$glob 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
	if [ -z "$k" ] || [ ! -d "/lib/modules/$k/build" ]; then
		vm_need "/nonexistent-$line" $pkgs
		k=$(cd /boot && ls -1 vmlinuz-$glob 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
	fi
	[ -n "$k" ] && [ -r "/boot/vmlinuz-$k" ] || vm_die "no Debian $line kernel found in /boot"
	[ -d "/lib/modules/$k/build" ] || vm_die "no headers for $k in /lib/modules/$k/build"
	echo "$k"
}

# Drivers the initramfs must load before it can mount the host root.
VM_INITRAMFS_MODULES="netfs fscache 9pnet 9p virtio_ring virtio 9pnet_virtio overlay virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci"

vm_initramfs() { # KVER -> path of a cpio.gz
	local kver=$1 out=$build/vm/initramfs-$1.cpio.gz
	local stamp
	stamp=$(cat "$root/tools/vm/init-stage1" "$root/tools/vm/lib.sh" | md5sum | cut -c1-12)
	if [ ! -f "$out" ] || [ "$(cat "$out.stamp" 2>/dev/null)" != "$stamp" ]; then
		vm_locked bash -c "$(declare -f vm_make_initramfs); vm_make_initramfs '$kver' '$out' '$root' '$VM_INITRAMFS_MODULES'" >&2 \
			|| vm_die "cannot build the initramfs for $kver"
		echo "$stamp" >"$out.stamp"
	fi
	echo "$out"
}

vm_make_initramfs() { # KVER OUT ROOT MODULES
	set -euo pipefail
	local kver=$1 out=$2 root=$3 mods=$4 dir m line path name
	dir=$(mktemp -d)
	mkdir -p "$dir/bin" "$dir/modules" "$(dirname "$out")"
	cp /bin/busybox "$dir/bin/busybox"
	ln -s busybox "$dir/bin/sh"
	cp "$root/tools/vm/init-stage1" "$dir/init"
	: >"$dir/modules.order"
	for m in $mods; do
		# One name per call: a second name would be read as a parameter.
		while read -r line; do
			case "$line" in
			insmod\ *) path=$(echo "$line" | awk '{print $2}') ;;
			*) continue ;;
			esac
			name=$(basename "$path"); name=${name%.xz}
			grep -qx "$name" "$dir/modules.order" && continue
			case "$path" in
			*.xz) xz -dc "$path" >"$dir/modules/$name" ;;
			*) cp "$path" "$dir/modules/$name" ;;
			esac
			echo "$name" >>"$dir/modules.order"
		done < <(modprobe --show-depends -S "$kver" "$m" 2>/dev/null || true)
	done
	(cd "$dir" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$dir"
}

# Build kmod/ against the headers of KVER, in a private copy of the sources
# so that builds for several kernels do not overwrite each other.
vm_build_module() { # KVER -> path of shadowk.ko
	local kver=$1 dir=$build/kmod/$1
	vm_locked bash -c "
		set -e
		mkdir -p '$dir'
		rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.mod*' --exclude '.*.cmd' \
			--exclude Module.symvers --exclude modules.order '$root/kmod/' '$dir/src/' >/dev/null
		make -s -C '$dir/src' KDIR='/lib/modules/$kver/build' >'$dir/build.log' 2>&1 \
			|| { cat '$dir/build.log' >&2; exit 1; }
		if grep -E 'warning:' '$dir/build.log' >&2; then exit 1; fi
	" || vm_die "building kmod against $kver failed"
	echo "$dir/src/shadowk.ko"
}

# TCG unless asked: /dev/kvm exists on these machines but QEMU aborts there
# ("failed to set MSR 0x10a"), and the facts we rely on (-cpu max with LA57,
# -icount) are TCG's. SHADOWTRACE_VM_ACCEL=kvm or --accel kvm opts in.
vm_pick_accel() {
	echo "${SHADOWTRACE_VM_ACCEL:-tcg}"
}

# Xen 4.17 from Debian's package, unpacked without installing it.
vm_xen_hypervisor() {
	local dir=$build/xen out=$build/xen/xen-4.17.elf
	if [ ! -f "$out" ]; then
		vm_locked bash -c "
			set -e
			mkdir -p '$dir' && cd '$dir'
			rm -f xen-hypervisor-4.17-amd64_*.deb
			apt-get download xen-hypervisor-4.17-amd64 >/dev/null 2>&1 \
				|| { apt-get update -q >/dev/null && apt-get download xen-hypervisor-4.17-amd64 >/dev/null; }
			rm -rf pkg && dpkg -x xen-hypervisor-4.17-amd64_*.deb pkg
			gunzip -c pkg/boot/xen-4.17-amd64.gz >'$out.tmp'
			mv '$out.tmp' '$out'
		" >&2 || vm_die "cannot fetch Xen 4.17 (apt-get download xen-hypervisor-4.17-amd64)"
	fi
	echo "$out"
}
