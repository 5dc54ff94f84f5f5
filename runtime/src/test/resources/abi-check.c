/*
 * Prints every number of the protocol specification as NAME=VALUE, where
 * NAME is the field of ShadowkAbi.java that mirrors it. AbiConsistencyTest
 * compiles this against kmod/include/uapi/shadowk.h and compares both ways,
 * and checks that every #define, enum constant and non-reserved struct field
 * of the header is printed here.
 */
#include <stddef.h>
#include <stdio.h>

#include "shadowk.h"

#define NUM(name, expr) printf("%s=%lld\n", name, (long long)(expr))
#define SIZE(prefix, type) NUM(prefix "_SIZE", sizeof(struct type))
#define FIELD(prefix, type, field) \
	NUM(prefix "_OFF_" #field, offsetof(struct type, field))
#define LEN(prefix, type, field) \
	NUM(prefix "_LEN_" #field, sizeof(((struct type *)0)->field))
#define IOC(name) NUM(#name, (unsigned long)SHADOWK_##name)

int main(void)
{
	printf("DEVICE_PATH=%s\n", SHADOWK_DEVICE_PATH);
	NUM("ABI_VERSION", SHADOWK_ABI_VERSION);
	NUM("IOC_MAGIC", SHADOWK_IOC_MAGIC);
	NUM("BACKEND_NATIVE", SHADOWK_BACKEND_NATIVE);
	NUM("BACKEND_XEN_PV", SHADOWK_BACKEND_XEN_PV);
	NUM("FEAT_LA57", SHADOWK_FEAT_LA57);
	NUM("FEAT_IBT", SHADOWK_FEAT_IBT);

	SIZE("VERSION", shadowk_version);
	FIELD("VERSION", shadowk_version, abi_version);
	FIELD("VERSION", shadowk_version, backend);
	FIELD("VERSION", shadowk_version, features);
	FIELD("VERSION", shadowk_version, module_version);
	LEN("VERSION", shadowk_version, module_version);
	FIELD("VERSION", shadowk_version, kernel_release);
	LEN("VERSION", shadowk_version, kernel_release);
	IOC(IOC_VERSION);

	SIZE("CREATE", shadowk_create);
	FIELD("CREATE", shadowk_create, flags);
	FIELD("CREATE", shadowk_create, id);
	IOC(IOC_CREATE);

	NUM("PATCH_MAX", SHADOWK_PATCH_MAX);
	NUM("MAX_PATCHES", SHADOWK_MAX_PATCHES);
	SIZE("PATCH", shadowk_patch);
	FIELD("PATCH", shadowk_patch, addr);
	FIELD("PATCH", shadowk_patch, bytes);
	FIELD("PATCH", shadowk_patch, len);
	FIELD("PATCH", shadowk_patch, flags);
	FIELD("PATCH", shadowk_patch, owned_end);
	IOC(IOC_PATCH);
	IOC(IOC_CHECK);

	NUM("BIND_NO_FORK_INHERIT", SHADOWK_BIND_NO_FORK_INHERIT);
	NUM("BIND_EXEC_RESET", SHADOWK_BIND_EXEC_RESET);
	NUM("BIND_KEEP_NEXT_EXEC", SHADOWK_BIND_KEEP_NEXT_EXEC);
	NUM("BIND_AT_NEXT_EXEC", SHADOWK_BIND_AT_NEXT_EXEC);
	NUM("BIND_PERSIST", SHADOWK_BIND_PERSIST);
	SIZE("BIND", shadowk_bind);
	FIELD("BIND", shadowk_bind, pid);
	FIELD("BIND", shadowk_bind, flags);
	IOC(IOC_BIND);
	IOC(IOC_UNBIND);

	SIZE("INFO", shadowk_info);
	FIELD("INFO", shadowk_info, id);
	FIELD("INFO", shadowk_info, pages_copied);
	FIELD("INFO", shadowk_info, table_pages);
	FIELD("INFO", shadowk_info, bytes_patched);
	FIELD("INFO", shadowk_info, patches);
	FIELD("INFO", shadowk_info, bound_mms);
	FIELD("INFO", shadowk_info, coherence_writes);
	FIELD("INFO", shadowk_info, coherence_conflicts);
	FIELD("INFO", shadowk_info, probes);
	FIELD("INFO", shadowk_info, percpu_bytes);
	FIELD("INFO", shadowk_info, max_pages);
	FIELD("INFO", shadowk_info, max_patches);
	FIELD("INFO", shadowk_info, max_probes);
	FIELD("INFO", shadowk_info, max_percpu_bytes);
	IOC(IOC_INFO);

	SIZE("STATS", shadowk_stats);
	FIELD("STATS", shadowk_stats, shadows);
	FIELD("STATS", shadowk_stats, pages_copied);
	FIELD("STATS", shadowk_stats, table_pages);
	FIELD("STATS", shadowk_stats, bound_mms);
	FIELD("STATS", shadowk_stats, binds_total);
	FIELD("STATS", shadowk_stats, unbinds_total);
	FIELD("STATS", shadowk_stats, coherence_writes);
	FIELD("STATS", shadowk_stats, coherence_conflicts);
	FIELD("STATS", shadowk_stats, patches);
	FIELD("STATS", shadowk_stats, probes);
	FIELD("STATS", shadowk_stats, percpu_bytes);
	FIELD("STATS", shadowk_stats, max_shadows);
	FIELD("STATS", shadowk_stats, max_pages);
	FIELD("STATS", shadowk_stats, max_patches);
	FIELD("STATS", shadowk_stats, max_probes);
	FIELD("STATS", shadowk_stats, max_percpu_bytes);
	FIELD("STATS", shadowk_stats, probed_shadows);
	FIELD("STATS", shadowk_stats, max_probed_shadows);
	FIELD("STATS", shadowk_stats, xol_slots);
	FIELD("STATS", shadowk_stats, max_xol_slots);
	FIELD("STATS", shadowk_stats, coherence_lost);
	IOC(IOC_STATS);

	NUM("LIST_MAX", SHADOWK_LIST_MAX);
	SIZE("LIST", shadowk_list);
	FIELD("LIST", shadowk_list, infos);
	FIELD("LIST", shadowk_list, count);
	IOC(IOC_LIST);

	NUM("PROBE_ENTRY", SHADOWK_PROBE_ENTRY);
	NUM("PROBE_RETURN", SHADOWK_PROBE_RETURN);
	NUM("PROBE_OFFSET", SHADOWK_PROBE_OFFSET);
	NUM("PROBE_UNION", SHADOWK_PROBE_UNION);
	NUM("ATTACH_BEST_EFFORT", SHADOWK_ATTACH_BEST_EFFORT);
	NUM("ATTACH_MAX", SHADOWK_ATTACH_MAX);
	NUM("MAX_PROBES", SHADOWK_MAX_PROBES);
	NUM("MAX_PROBED_SHADOWS", SHADOWK_MAX_PROBED_SHADOWS);
	NUM("CTX_PROCESS", SHADOWK_CTX_PROCESS);
	NUM("CTX_HARDIRQ", SHADOWK_CTX_HARDIRQ);
	NUM("CTX_SOFTIRQ", SHADOWK_CTX_SOFTIRQ);
	NUM("CTX_NMI", SHADOWK_CTX_NMI);
	NUM("CTX_KTHREAD", SHADOWK_CTX_KTHREAD);

	SIZE("PROBE", shadowk_probe);
	FIELD("PROBE", shadowk_probe, addr);
	FIELD("PROBE", shadowk_probe, kind);
	FIELD("PROBE", shadowk_probe, flags);
	FIELD("PROBE", shadowk_probe, prog_fd);
	FIELD("PROBE", shadowk_probe, error);
	FIELD("PROBE", shadowk_probe, id);
	FIELD("PROBE", shadowk_probe, site);

	SIZE("ATTACH", shadowk_attach);
	FIELD("ATTACH", shadowk_attach, probes);
	FIELD("ATTACH", shadowk_attach, count);
	FIELD("ATTACH", shadowk_attach, flags);
	FIELD("ATTACH", shadowk_attach, attached);
	IOC(IOC_ATTACH);

	SIZE("DETACH", shadowk_detach);
	FIELD("DETACH", shadowk_detach, ids);
	FIELD("DETACH", shadowk_detach, count);
	FIELD("DETACH", shadowk_detach, flags);
	IOC(IOC_DETACH);

	SIZE("PROBE_STATS", shadowk_probe_stats);
	FIELD("PROBE_STATS", shadowk_probe_stats, id);
	FIELD("PROBE_STATS", shadowk_probe_stats, addr);
	FIELD("PROBE_STATS", shadowk_probe_stats, site);
	FIELD("PROBE_STATS", shadowk_probe_stats, kind);
	FIELD("PROBE_STATS", shadowk_probe_stats, flags);
	FIELD("PROBE_STATS", shadowk_probe_stats, hits);
	FIELD("PROBE_STATS", shadowk_probe_stats, union_hits);
	FIELD("PROBE_STATS", shadowk_probe_stats, skipped);
	FIELD("PROBE_STATS", shadowk_probe_stats, recursion);
	FIELD("PROBE_STATS", shadowk_probe_stats, missed);

	SIZE("PROBES", shadowk_probes);
	FIELD("PROBES", shadowk_probes, stats);
	FIELD("PROBES", shadowk_probes, count);
	IOC(IOC_PROBES);

	NUM("CALLERS_MAX", SHADOWK_CALLERS_MAX);
	SIZE("CALLERS", shadowk_callers);
	FIELD("CALLERS", shadowk_callers, addr);
	FIELD("CALLERS", shadowk_callers, callers);
	FIELD("CALLERS", shadowk_callers, count);
	IOC(IOC_CALLERS);

	NUM("TRACEPOINTS_MAX", SHADOWK_TRACEPOINTS_MAX);
	SIZE("TRACEPOINT", shadowk_tracepoint);
	FIELD("TRACEPOINT", shadowk_tracepoint, perf_fd);
	FIELD("TRACEPOINT", shadowk_tracepoint, flags);
	FIELD("TRACEPOINT", shadowk_tracepoint, sites);
	IOC(IOC_TRACEPOINT);
	return 0;
}
