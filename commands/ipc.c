/*
 * ipc - what this shell's teaching builtins made and have not removed:
 * `shm create`, `msgq create`, `sem create`, FIFOs and sockets in the
 * runtime directory, a `fork-demo --daemon`.  The shell removes all of it
 * when it exits; `ipc clean` does it now.  See cleanup.h.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "cleanup.h"
#include "error.h"
#include "rundir.h"
#include "teach.h"

static int ipc_ls(void)
{
	struct clean_entry *list;
	size_t n = cleanup_shell_list(&list), shown = 0;

	for (size_t i = 0; i < n; i++) {
		const struct clean_entry *e = &list[i];

		if (!cleanup_alive(e))
			continue;
		if (shown++ == 0)
			teach_out("%-10s %-10s %s\n", "KIND", "ID", "NAME");
		if (e->id >= 0)
			teach_out("%-10s %-10ld %s\n", cleanup_kind_name(e->kind),
				  e->id, e->name[0] ? e->name : "-");
		else
			teach_out("%-10s %-10s %s\n", cleanup_kind_name(e->kind),
				  "-", e->name);
	}
	free(list);
	if (!shown)
		teach_out("nothing: no object made by this shell is left\n");
	return 0;
}

static int ipc_clean(bool stale)
{
	size_t n = stale ? cleanup_stale() : cleanup_shell();

	teach_out("removed %zu object%s\n", n, n == 1 ? "" : "s");
	return 0;
}

static int ipc_main(int argc, char **argv)
{
	int status;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	if (argc == 2 && !strcmp(argv[1], "ls"))
		status = ipc_ls();
	else if (argc == 2 && !strcmp(argv[1], "clean"))
		status = ipc_clean(false);
	else if (argc == 3 && !strcmp(argv[1], "clean") &&
		 !strcmp(argv[2], "--stale"))
		status = ipc_clean(true);
	else if (argc == 2 && !strcmp(argv[1], "dir")) {
		const char *d = rundir();

		if (!d) {
			int err = errno;

			bi_error_errno("runtime directory");
			if (err == EPERM)
				bi_hint("EPERM: it exists but is not yours alone (owner or mode 0700); remove it or set XDG_RUNTIME_DIR");
			status = 1;
		} else {
			status = teach_out("%s\n", d) < 0;
		}
	} else if (argc < 2)
		status = bi_usage("a subcommand is required: ls, clean or dir");
	else
		status = bi_usage("%s: unknown subcommand (ls, clean, dir)",
				  argv[1]);
	return teach_end(status);
}

const struct builtin builtin_ipc = {
	.name = "ipc",
	.synopsis = "ipc ls | ipc clean [--stale] | ipc dir",
	.summary = "list or remove the IPC objects, FIFOs, sockets and daemons this shell made",
	.family = FAMILY_IPC_SYSV,
	.see_also = "ipcrm(1) ipcs(1) mq_overview(7) sem_overview(7) shm_overview(7) sysvipc(7)",
	.syscalls = "shmctl msgctl semctl shm_unlink mq_unlink sem_unlink unlink kill",
	.run = ipc_main,
};
