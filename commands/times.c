/*
 * times - the user and system CPU time of the shell and of its waited-for
 * children, from times(2).  POSIX XCU "times".
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <sys/times.h>
#include <unistd.h>

#include "builtin.h"
#include "error.h"

/* POSIX gives the format: "%dm%fs", minutes and seconds. */
static void put_time(clock_t ticks, long hz, char sep)
{
	long min = (long)(ticks / hz / 60);
	double sec = (double)(ticks - (clock_t)min * 60 * hz) / (double)hz;

	printf("%ldm%fs%c", min, sec, sep);
}

static int times_main(int argc, char **argv)
{
	long hz = sysconf(_SC_CLK_TCK);
	struct tms t;

	/* times(2) counts in clock ticks, sysconf(3) says how many a second. */
	if (times(&t) == (clock_t)-1 || hz <= 0)
		return bi_error_errno("times");
	/* Operands are ignored, as dash and bash do. */
	put_time(t.tms_utime, hz, ' ');
	put_time(t.tms_stime, hz, '\n');
	put_time(t.tms_cutime, hz, ' ');
	put_time(t.tms_cstime, hz, '\n');
	return 0;
}

const struct builtin builtin_times = {
	.name = "times",
	.synopsis = "times",
	.summary = "show the CPU time used by the shell and by its children",
	.family = FAMILY_SHELL,
	.see_also = "times(2) sysconf(3) getrusage(2)",
	.special = true,
	.run = times_main,
};
