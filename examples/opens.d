/*
 * opens.d - print every path looked up through kern_path(), as it happens.
 *
 * Shows: printf() with width and string conversions, str() to copy a kernel
 *        string (arg0 is a const char * in kernel memory), and a function
 *        whose name the compiler changed (.isra/.constprop suffixes can be
 *        spelled directly, as in the commented-out probe below).
 *
 * Run:   shadowtrace -p PID examples/opens.d
 */

fbt::kern_path:entry
{
	printf("%-16s %6d %s\n", execname, tid, str(arg0));
}

/*
 * fbt::do_sys_openat2.isra.0:entry { ... }
 */
