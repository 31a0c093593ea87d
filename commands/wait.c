/*
 * wait - wait for background jobs.  POSIX XCU "wait".
 */
#include "config.h"

#include <string.h>

#include "builtin.h"
#include "error.h"
#include "jobs.h"
#include "procview.h"

static int wait_main(int argc, char **argv)
{
	int status = 0;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-n") == 0)
		return job_wait_any();
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		return job_wait_pid(0);
	for (; i < argc; i++) {
		pid_t pid;

		if (argv[i][0] == '%') {
			const char *why;
			struct job *j = job_lookup(argv[i], &why);

			if (!j) {
				bi_error("%s: %s", argv[i], why);
				status = 127;
				continue;
			}
			status = job_wait_job(j);
		} else if (procview_parse_pid(argv[i], &pid)) {
			/* 127 for a PID that is not our child (POSIX) */
			status = job_wait_pid(pid);
		} else {
			return bi_usage("%s: not a PID or %%job", argv[i]);
		}
	}
	return status;
}

const struct builtin builtin_wait = {
	.name = "wait",
	.synopsis = "wait [-n] [PID | %JOB...]",
	.summary = "wait for background jobs and give the last one's status",
	.family = FAMILY_SHELL,
	.see_also = "waitpid(2) wait(2)",
	.run = wait_main,
};
