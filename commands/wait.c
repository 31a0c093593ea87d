/*
 * wait - wait for background jobs.  POSIX XCU "wait".
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"

static int wait_main(int argc, char **argv)
{
	int status = 0;

	if (argc == 1)
		return job_wait_pid(0);
	for (int i = 1; i < argc; i++) {
		char *end;
		long pid;

		errno = 0;
		pid = strtol(argv[i], &end, 10);
		if (*argv[i] == '\0' || *end || errno || pid <= 0)
			return bi_usage("%s: not a PID", argv[i]);
		status = job_wait_pid((pid_t)pid);
	}
	return status;
}

const struct builtin builtin_wait = {
	.name = "wait",
	.synopsis = "wait [PID...]",
	.summary = "wait for background processes and give the last one's status",
	.family = FAMILY_SHELL,
	.see_also = "waitpid(2) wait(2)",
	.run = wait_main,
};
