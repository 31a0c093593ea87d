/*
 * insmod-demo - kernel modules: finit_module(2), init_module(2) and
 * delete_module(2), and a driver reached through open(2), read(2),
 * write(2), lseek(2), ioctl(2) and close(2) on /dev/labsh_demo.
 *
 * The lesson: a module is code loaded into the running kernel, and a
 * read(2) on a device file ends in the driver's .read.  The module is
 * kmod/labsh_demo.c; every one of its operations logs a line, which this
 * builtin reads back from /dev/kmsg and prints under the call that caused
 * it.  Loading is impossible on many machines (no module support, no
 * root, lockdown, no headers): every failure is explained, and `doctor`
 * tells beforehand what is missing.
 */
#include "config.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kmod/labsh_demo.h"
#include "builtin.h"
#include "error.h"
#include "narrate.h"
#include "teach.h"

#define MODNAME		LABSH_DEMO_NAME
#define DEVPATH		"/dev/" LABSH_DEMO_NAME
#define PROCPATH	"/proc/" LABSH_DEMO_NAME
#define SYSPATH		"/sys/module/" LABSH_DEMO_NAME
#define MAX_IMAGE	(64L << 20)	/* a .ko bigger than this is not ours */

/* What a .ko says about itself in its .modinfo section. */
struct modinfo {
	bool elf;		/* it is an ELF file at all */
	char name[64];		/* name=labsh_demo */
	char vermagic[256];	/* "6.1.0-56-amd64 SMP preempt mod_unload ..." */
};

/* ---------------------------------------------------------------------
 * Small readers: files in /proc and /sys, the .ko's .modinfo, the kernel
 * log.  What they read is the kernel's view, shown, not narrated (as fds
 * and ptree do); the calls of the lesson are narrated.
 * --------------------------------------------------------------------- */

/* Read up to N-1 bytes of PATH into BUF, NUL-terminated, without the
 * final newline.  Length, or -1 with errno. */
static ssize_t read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t len = 0, r;

	if (fd < 0)
		return -1;
	while ((size_t)len < n - 1 &&
	       (r = read(fd, buf + len, n - 1 - (size_t)len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int err = errno;

			close(fd);
			errno = err;
			return -1;
		}
		len += r;
	}
	close(fd);
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return len;
}

/* The whole regular file open on FD (at offset 0), in a malloc'd buffer
 * of *LEN bytes; NULL with errno. */
static char *read_whole(int fd, size_t *len)
{
	struct stat st;
	char *img;
	size_t got = 0;

	if (fstat(fd, &st) < 0)
		return NULL;
	if (!S_ISREG(st.st_mode) || st.st_size > MAX_IMAGE) {
		errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		return NULL;
	}
	img = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, img + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	*len = got;
	return img;
}

/* Copy the value of KEY= from the .modinfo strings of IMG into OUT. */
static void modinfo_value(const char *sec, size_t n, const char *key,
			  char *out, size_t outn)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < n; i++) {
		const char *s = sec + i;
		size_t slen = strnlen(s, n - i);

		if (slen > klen && !strncmp(s, key, klen) && s[klen] == '=') {
			snprintf(out, outn, "%.*s", (int)(slen - klen - 1), s + klen + 1);
			return;
		}
		i += slen;
	}
}

/* Parse the ELF64 image IMG of LEN bytes for its .modinfo. */
static void modinfo_parse(const char *img, size_t len, struct modinfo *mi)
{
	const Elf64_Ehdr *eh = (const void *)img;

	memset(mi, 0, sizeof(*mi));
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return;
	mi->elf = true;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff > len || eh->e_shnum > (len - eh->e_shoff) / sizeof(Elf64_Shdr) ||
	    eh->e_shstrndx >= eh->e_shnum)
		return;
	const Elf64_Shdr *sh = (const void *)(img + eh->e_shoff);
	const Elf64_Shdr *names = &sh[eh->e_shstrndx];

	if (names->sh_offset > len || names->sh_size > len - names->sh_offset)
		return;
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= names->sh_size || sh[i].sh_offset > len ||
		    sh[i].sh_size > len - sh[i].sh_offset)
			continue;
		const char *name = img + names->sh_offset + sh[i].sh_name;

		if (strncmp(name, ".modinfo", names->sh_size - sh[i].sh_name))
			continue;
		modinfo_value(img + sh[i].sh_offset, sh[i].sh_size, "name",
			      mi->name, sizeof(mi->name));
		modinfo_value(img + sh[i].sh_offset, sh[i].sh_size, "vermagic",
			      mi->vermagic, sizeof(mi->vermagic));
		return;
	}
}

/* Read the .modinfo of the file PATH (not narrated); false with errno. */
static bool modinfo_read(const char *path, struct modinfo *mi)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	char *img;

	memset(mi, 0, sizeof(*mi));
	if (fd < 0)
		return false;
	img = read_whole(fd, &len);
	close(fd);
	if (!img)
		return false;
	modinfo_parse(img, len, mi);
	free(img);
	return true;
}

/* Does vermagic VM start with the kernel release RELEASE and a blank? */
static bool vermagic_matches(const char *vm, const char *release)
{
	size_t n = strlen(release);

	return !strncmp(vm, release, n) && (vm[n] == ' ' || vm[n] == '\0');
}

/* The running kernel's release, by uname(2), narrated. */
static bool kernel_release(char *buf, size_t n)
{
	struct utsname u;
	int r = uname(&u);

	narrate(NR_uname, r, "{sysname=\"%s\", release=\"%s\", machine=\"%s\"}\tthe running kernel",
		r == 0 ? u.sysname : "?", r == 0 ? u.release : "?",
		r == 0 ? u.machine : "?");
	if (r < 0) {
		bi_error_errno("uname");
		return false;
	}
	snprintf(buf, n, "%s", u.release);
	return true;
}

/* Where the labsh_demo.ko of kmod/ is: next to this labsh in its build
 * tree (src/labsh -> kmod/), in ./kmod or ., or installed. */
static bool find_module(const char *release, char *out)
{
	char exe[PATH_MAX], cand[PATH_MAX + 64];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *rel[] = { "kmod/" MODNAME ".ko", MODNAME ".ko" };

	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');

		if (slash) {
			*slash = '\0';
			snprintf(cand, sizeof(cand), "%s/../kmod/%s.ko", exe, MODNAME);
			if (access(cand, R_OK) == 0 && realpath(cand, out))
				return true;
		}
	}
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
		if (access(rel[i], R_OK) == 0 && realpath(rel[i], out))
			return true;
	snprintf(cand, sizeof(cand), "/lib/modules/%s/extra/%s.ko", release, MODNAME);
	return access(cand, R_OK) == 0 && realpath(cand, out);
}

/* kmod/'s sources, for build: next to this labsh, or ./kmod, or . */
static bool find_sources(char *out)
{
	char exe[PATH_MAX], cand[PATH_MAX + 64];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');

		if (slash) {
			*slash = '\0';
			snprintf(cand, sizeof(cand), "%s/../kmod/Kbuild", exe);
			if (access(cand, R_OK) == 0) {
				cand[strlen(cand) - strlen("/Kbuild")] = '\0';
				if (realpath(cand, out))
					return true;
			}
		}
	}
	if (access("kmod/Kbuild", R_OK) == 0 && realpath("kmod", out))
		return true;
	return access("Kbuild", R_OK) == 0 && access(MODNAME ".c", R_OK) == 0 &&
	       realpath(".", out);
}

/* The line of /proc/modules for labsh_demo in BUF; 1 found, 0 not
 * loaded, -1 no /proc/modules (errno). */
static int modules_line(char *buf, size_t n)
{
	FILE *f = fopen("/proc/modules", "re");
	int found = 0;

	if (!f)
		return -1;
	while (fgets(buf, (int)n, f)) {
		if (!strncmp(buf, MODNAME " ", strlen(MODNAME) + 1)) {
			buf[strcspn(buf, "\n")] = '\0';
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

/* Print the processes that hold /dev/labsh_demo open; their count. */
static int show_holders(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *d;
	int count = 0;

	if (!proc)
		return 0;
	while ((d = readdir(proc))) {
		char dir[300], link[PATH_MAX], target[PATH_MAX], comm[64] = "?";
		DIR *fds;
		struct dirent *f;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(dir, sizeof(dir), "/proc/%s/fd", d->d_name);
		if (!(fds = opendir(dir)))
			continue;
		while ((f = readdir(fds))) {
			ssize_t len;

			if (f->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "%s/%s", dir, f->d_name);
			len = readlink(link, target, sizeof(target) - 1);
			if (len < 0)
				continue;
			target[len] = '\0';
			if (strcmp(target, DEVPATH))
				continue;
			snprintf(link, sizeof(link), "/proc/%s/comm", d->d_name);
			read_small(link, comm, sizeof(comm));
			teach_out("  %s is held open by PID %s (%s) on fd %s\n",
				  DEVPATH, d->d_name, comm, f->d_name);
			count++;
		}
		closedir(fds);
	}
	closedir(proc);
	return count;
}

/* ---------------------------------------------------------------------
 * The kernel log: /dev/kmsg gives one record per read(2), as
 * "PRIORITY,SEQUENCE,MICROSECONDS,FLAGS;TEXT\n".
 * --------------------------------------------------------------------- */

/* Open /dev/kmsg, narrated; at its end (only what comes next) if
 * AT_END.  -1 after a line saying why (the demo goes on without it). */
static int kmsg_open(bool at_end)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	narrate(NR_open, fd, "\"/dev/kmsg\", O_RDONLY|O_NONBLOCK|O_CLOEXEC\tthe kernel log");
	if (fd < 0) {
		int err = errno;

		teach_out("  (the kernel log cannot be read: %s%s)\n", strerror(err),
			  err == EPERM || err == EACCES
			  ? "; it needs CAP_SYSLOG when kernel.dmesg_restrict is 1" : "");
		errno = err;
		return -1;
	}
	if (at_end) {
		off_t r = lseek(fd, 0, SEEK_END);

		narrate(NR_lseek, (long)r, "%d, 0, SEEK_END\tfrom now on: only the lines still to come", fd);
	}
	return fd;
}

/* Read the next record of FD into TEXT: its message and timestamp.
 * 1 a record, 0 none left, -1 error (errno). */
static int kmsg_next(int fd, char *text, size_t n, unsigned long long *usec)
{
	char rec[8192];

	for (;;) {
		ssize_t r = read(fd, rec, sizeof(rec) - 1);

		if (r < 0 && errno == EPIPE)	/* overwritten: skip ahead */
			continue;
		if (r < 0 && errno == EINTR && !teach_interrupted())
			continue;
		if (r < 0)
			return errno == EAGAIN ? 0 : -1;
		rec[r] = '\0';
		char *semi = strchr(rec, ';');

		if (!semi)
			continue;
		*usec = 0;
		sscanf(rec, "%*d,%*u,%llu", usec);
		semi[strcspn(semi, "\n")] = '\0';
		snprintf(text, n, "%s", semi + 1);
		return 1;
	}
}

/* Print the new kernel lines of FD that mention NAME (all of them if
 * NAME is NULL), indented under the call that caused them; their count. */
static int kmsg_show(int fd, const char *name)
{
	char text[1024];
	unsigned long long usec;
	int count = 0;

	if (fd < 0)
		return 0;
	while (kmsg_next(fd, text, sizeof(text), &usec) > 0) {
		if (name && !strstr(text, name))
			continue;
		teach_out("    kernel: [%5llu.%06llu] %s\n", usec / 1000000, usec % 1000000, text);
		count++;
	}
	return count;
}

static void kmsg_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* ---------------------------------------------------------------------
 * The machine's readiness, for doctor and for the hints.
 * --------------------------------------------------------------------- */

static bool has_cap_sys_module(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long caps = 0;

	if (!f)
		return geteuid() == 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return caps & (1ULL << 16);	/* CAP_SYS_MODULE */
}

/* "none", "integrity" or "confidentiality"; "" if the file is missing. */
static void lockdown_mode(char *out, size_t n)
{
	char buf[128], *open_b, *close_b;

	out[0] = '\0';
	if (read_small("/sys/kernel/security/lockdown", buf, sizeof(buf)) < 0)
		return;
	open_b = strchr(buf, '[');
	close_b = open_b ? strchr(open_b, ']') : NULL;
	if (open_b && close_b)
		snprintf(out, n, "%.*s", (int)(close_b - open_b - 1), open_b + 1);
}

/* The EPERM of a load or unload, explained. */
static void hint_eperm(void)
{
	char lock[32], dis[16] = "";

	lockdown_mode(lock, sizeof(lock));
	read_small("/proc/sys/kernel/modules_disabled", dis, sizeof(dis));
	if (!has_cap_sys_module())
		bi_hint("EPERM: loading and unloading modules needs CAP_SYS_MODULE: run labsh as root (sudo)");
	else if (!strcmp(dis, "1"))
		bi_hint("EPERM: kernel.modules_disabled is 1: no module can be loaded or unloaded until the next boot");
	else if (*lock && strcmp(lock, "none"))
		bi_hint("EPERM: the kernel is locked down (%s, usually by Secure Boot): it loads only modules signed with a key it trusts", lock);
	else
		bi_hint("EPERM: the kernel refused (a security module, or a signature policy); see insmod-demo doctor");
}

static void hint_enosys(void)
{
	bi_hint("ENOSYS: this kernel has no loadable module support (no /proc/modules): nothing can be loaded here; `make check-vm` runs the real thing in a virtual machine");
}

/* ---------------------------------------------------------------------
 * The subcommands.
 * --------------------------------------------------------------------- */

enum verdict { NO, OK, NA };

/* One line of doctor's report: ok, NO, or -- (does not apply here). */
static void report(enum verdict v, const char *what, const char *detail)
{
	teach_out("  %-4s %s%s%s\n", v == OK ? "ok" : v == NO ? "NO" : "--", what,
		  *detail ? ": " : "", detail);
}

static int doctor(void)
{
	char release[128], buf[512], path[PATH_MAX], why[256] = "";
	struct modinfo mi;
	bool support, cap, can = true;
	long r;

	if (!kernel_release(release, sizeof(release)))
		return 1;
	teach_out("insmod-demo doctor: can labsh_demo be loaded into Linux %s?\n", release);

	/* A probe with a bad fd: the kernel checks permission, then the fd. */
	r = syscall(SYS_finit_module, -1, "", 0);
	int err = errno;

	narrate(NR_finit_module, r, "-1, \"\", 0\ta probe: fd -1 is invalid on purpose");
	support = access("/proc/modules", F_OK) == 0 && !(r < 0 && err == ENOSYS);
	report(support ? OK : NO, "loadable module support",
	       support ? "the kernel has /proc/modules and answers finit_module"
	       : "none: no /proc/modules, and finit_module(2) fails with ENOSYS; this kernel was built without CONFIG_MODULES, so nothing can be loaded; the VM test (make check-vm) boots a kernel that has it");
	if (!support && can) {
		can = false;
		snprintf(why, sizeof(why), "this kernel has no loadable module support");
	}

	cap = has_cap_sys_module();
	snprintf(buf, sizeof(buf), "%s (euid %ld)",
		 cap ? "this process has it" : "this process lacks it: run labsh as root",
		 (long)geteuid());
	report(cap ? OK : NO, "CAP_SYS_MODULE, the capability to load modules", buf);
	if (!cap && can) {
		can = false;
		snprintf(why, sizeof(why), "loading needs root (CAP_SYS_MODULE)");
	}

	if (read_small("/proc/sys/kernel/modules_disabled", buf, sizeof(buf)) >= 0) {
		bool off = !strcmp(buf, "1");

		report(off ? NO : OK, "kernel.modules_disabled",
		       off ? "1: loading was switched off until the next boot" : "0: loading is allowed");
		if (off && can) {
			can = false;
			snprintf(why, sizeof(why), "kernel.modules_disabled is 1");
		}
	} else {
		report(NA, "kernel.modules_disabled",
		       "no /proc/sys/kernel/modules_disabled (it exists only with module support)");
	}

	char lock[64];

	lockdown_mode(lock, sizeof(lock));
	if (*lock) {
		bool locked = strcmp(lock, "none") != 0;
		char detail[256];

		snprintf(detail, sizeof(detail), "%s%s", lock,
			 locked ? ": only signed modules load (labsh_demo is not signed)"
			 : ": not locked down");
		report(locked ? NO : OK, "lockdown (/sys/kernel/security/lockdown)", detail);
		if (locked && can) {
			can = false;
			snprintf(why, sizeof(why), "the kernel is locked down (Secure Boot?)");
		}
	} else {
		report(NA, "lockdown", "no /sys/kernel/security/lockdown: no lockdown in force");
	}
	if (read_small("/sys/module/module/parameters/sig_enforce", buf, sizeof(buf)) >= 0 &&
	    !strcmp(buf, "Y")) {
		report(NO, "module.sig_enforce", "Y: only signed modules load");
		if (can) {
			can = false;
			snprintf(why, sizeof(why), "module signatures are enforced");
		}
	}
	if (access("/sys/firmware/efi", F_OK) == 0) {
		char sb[8] = "";
		int fd = open("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c",
			      O_RDONLY | O_CLOEXEC);
		bool on = false;

		if (fd >= 0) {
			on = read(fd, sb, 5) == 5 && sb[4] == 1;
			close(fd);
		}
		report(on ? NA : OK, "Secure Boot", on ? "on: the kernel may lock itself down (see lockdown)" : "off");
	} else {
		report(NA, "Secure Boot", "not booted through UEFI: no Secure Boot");
	}

	snprintf(path, sizeof(path), "/lib/modules/%s/build/Makefile", release);
	bool headers = access(path, R_OK) == 0;

	path[strlen(path) - strlen("/Makefile")] = '\0';
	snprintf(buf, sizeof(buf), headers ? "in %s" : "none in %s (Debian: apt-get install linux-headers-%s); insmod-demo build cannot work",
		 path, release);
	report(headers ? OK : NO, "headers of the running kernel", buf);

	if (find_module(release, path)) {
		modinfo_read(path, &mi);
		snprintf(buf, sizeof(buf), "%s", path);
		report(OK, "the built module", buf);
		bool match = mi.vermagic[0] && vermagic_matches(mi.vermagic, release);

		snprintf(buf, sizeof(buf), "\"%s\"%s%s", mi.vermagic,
			 match ? " matches " : " does not match uname -r ", release);
		report(match ? OK : NO, "its vermagic", buf);
		if (!match && can) {
			can = false;
			snprintf(why, sizeof(why), "the module was built for another kernel");
		}
	} else {
		report(NO, "the built module",
		       "no labsh_demo.ko next to labsh, in ./kmod or installed: insmod-demo build, or make kmod");
		if (can) {
			can = false;
			snprintf(why, sizeof(why), "labsh_demo.ko is not built");
		}
	}
	if (can) {
		teach_out("verdict: labsh_demo can be loaded here (insmod-demo load)\n");
		return 0;
	}
	teach_out("verdict: labsh_demo cannot be loaded here: %s\n", why);
	return 1;
}

static int build(int argc, char **argv)
{
	char release[128], kdir[PATH_MAX], dir[PATH_MAX], mdir[PATH_MAX + 8], ko[PATH_MAX + 16];
	const char *env = getenv("KDIR");
	struct modinfo mi;
	int ws;

	if (argc > 2)
		return bi_usage("build: one DIR at most");
	if (!kernel_release(release, sizeof(release)))
		return 1;
	if (argc == 2) {
		if (!realpath(argv[1], dir))
			return bi_error_errno("%s", argv[1]);
	} else if (!find_sources(dir)) {
		bi_error("build: no kmod/ sources next to labsh or in ./kmod");
		bi_hint("give the kmod/ directory of labsh's source tree: insmod-demo build DIR (or run make kmod)");
		return 1;
	}
	if (env && *env)
		snprintf(kdir, sizeof(kdir), "%s", env);
	else
		snprintf(kdir, sizeof(kdir), "/lib/modules/%s/build", release);
	snprintf(ko, sizeof(ko), "%s/Makefile", kdir);
	if (access(ko, R_OK) < 0) {
		bi_error("build: no kernel headers in %s", kdir);
		bi_hint("a module is built against the headers of the kernel it will run in; Debian: apt-get install linux-headers-%s (or set KDIR)",
			release);
		return 1;
	}
	snprintf(mdir, sizeof(mdir), "M=%s", dir);
	pid_t pid = teach_fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		char *args[] = { "make", "-C", kdir, mdir, "modules", NULL };

		narrate(NR_execvp, NARRATE_NORESULT, "\"make\", [\"make\", \"-C\", \"%s\", \"%s\", \"modules\"]\tthe kernel's own build system (Kbuild)",
			kdir, mdir);
		execvp("make", args);
		int err = errno;

		narrate(NR_execvp, -1, "\"make\", ...");
		errno = err;
		bi_error_errno("make");
		teach_child_exit(127);
	}
	if (teach_wait(pid, &ws, 0) < 0)
		return 1;
	if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
		bi_error("build: make failed");
		bi_hint("read make's messages above; the headers must be those of a kernel the compiler can build for");
		return 1;
	}
	snprintf(ko, sizeof(ko), "%s/%s.ko", dir, MODNAME);
	if (!modinfo_read(ko, &mi)) {
		bi_error_errno("build: make made no %s", ko);
		bi_hint("is %s the kmod/ directory of labsh's sources (with Kbuild and %s.c)?", dir, MODNAME);
		return 1;
	}
	teach_out("built %s: vermagic \"%s\"\n", ko, mi.vermagic);
	return 0;
}

/* Explain the errno ERR of a load of PATH. */
static void hint_load(int err, const char *path, const struct modinfo *mi,
		      const char *release)
{
	switch (err) {
	case ENOSYS:
		hint_enosys();
		break;
	case EPERM:
		hint_eperm();
		break;
	case EEXIST:
		bi_hint("EEXIST: a module called %s is loaded already: see insmod-demo status, or unload it first",
			mi->name[0] ? mi->name : MODNAME);
		break;
	case ENOEXEC:
		if (!mi->elf)
			bi_hint("ENOEXEC: %s is not an ELF file at all; a module is the relocatable ELF object (.ko) that the kernel's build makes", path);
		else if (!mi->vermagic[0])
			bi_hint("ENOEXEC: %s is an ELF file but has no .modinfo: it is not a kernel module", path);
		else if (!vermagic_matches(mi->vermagic, release))
			bi_hint("ENOEXEC: invalid module format: it was built for another kernel (vermagic \"%s\"), this one is %s; build it against this kernel's headers",
				mi->vermagic, release);
		else
			bi_hint("ENOEXEC: invalid module format: the kernel rejected the file; its reason is in the kernel log lines above");
		break;
	case EINVAL:
		bi_hint("EINVAL: the module refused its parameters (its init function returned -EINVAL, see the kernel's line above); bufsize must be 16 to 4096");
		break;
	case ENOENT:
		bi_hint("ENOENT: the module needs a symbol the kernel does not have (see the kernel log)");
		break;
	case EKEYREJECTED:
	case ENOKEY:
	case EBADMSG:
		bi_hint("the kernel requires a valid signature and labsh_demo is not signed (module.sig_enforce or lockdown)");
		break;
	}
}


/* Quote PARAM=VALUE for the kernel's parser if VALUE has blanks. */
static void add_param(char *params, size_t n, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t len = strlen(params);
	bool blank = eq && strpbrk(eq + 1, " \t");

	snprintf(params + len, n - len, "%s%.*s%s%s%s", len ? " " : "",
		 eq ? (int)(eq - arg + 1) : (int)strlen(arg), arg,
		 blank ? "\"" : "", eq ? eq + 1 : "", blank ? "\"" : "");
}

static int load(int argc, char **argv)
{
	char release[128], path[PATH_MAX], params[1024] = "", line[512], q[1100];
	const char *file = NULL;
	bool explicit = false, args_done = false;
	struct modinfo mi;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!args_done && !strcmp(a, "--")) {
			args_done = true;
		} else if (!args_done && !strcmp(a, "--path")) {
			explicit = true;
		} else if (!args_done && !strncmp(a, "--path=", 7)) {
			explicit = true;
			file = a + 7;
		} else if (!args_done && a[0] == '-') {
			return bi_usage("load: %s: unknown option", a);
		} else if (strchr(a, '=') && strcspn(a, "=") < strcspn(a, "/")) {
			if (strlen(params) + strlen(a) + 4 >= sizeof(params))
				return bi_usage("load: the parameters are too long");
			add_param(params, sizeof(params), a);
		} else if (!file) {
			file = a;
		} else {
			return bi_usage("load: %s: one module file at most", a);
		}
	}
	if (explicit && !file)
		return bi_usage("load: --path needs the FILE to load");
	if (!kernel_release(release, sizeof(release)))
		return 1;
	if (file) {
		snprintf(path, sizeof(path), "%s", file);
	} else if (!find_module(release, path)) {
		bi_error("load: no %s.ko next to labsh, in ./kmod or installed", MODNAME);
		bi_hint("build it first: insmod-demo build (or make kmod)");
		return 1;
	}
	if (!modinfo_read(path, &mi) && (errno == ENOENT || errno == EACCES))
		return bi_error_errno("%s", path);
	if (!explicit && strcmp(mi.name, MODNAME)) {
		bi_error("load: %s is not the %s module built from kmod/", path, MODNAME);
		bi_hint("insmod-demo loads only its own module; to load another file on purpose, add --path");
		return 2;
	}
	if (mi.vermagic[0])
		teach_out("module %s: built for \"%s\", running kernel %s%s\n", path, mi.vermagic,
			  release, vermagic_matches(mi.vermagic, release) ? "" : " (they differ)");

	int kfd = kmsg_open(true);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	narrate(NR_open, fd, "\"%s\", O_RDONLY|O_CLOEXEC\tthe module file", path);
	if (fd < 0) {
		kmsg_close(kfd);
		return bi_error_errno("%s", path);
	}
	long r = syscall(SYS_finit_module, fd, params, 0);
	int err = errno;
	const char *call = "finit_module";

	narrate_string(params, (long)strlen(params), 256, q, sizeof(q));
	errno = err;
	narrate(NR_finit_module, r, "%d, %s, 0\t%s", fd, q,
		r == 0 ? "the kernel ran the module's init function" : "load from a file descriptor");
	if (r < 0 && err == ENOSYS) {
		/* An old kernel without finit_module: the image from memory. */
		size_t len = 0;
		char *img = read_whole(fd, &len);

		narrate(NR_read, img ? (long)len : -1, "%d, ..., %zu\tthe whole module into memory", fd, len);
		if (img) {
			r = syscall(SYS_init_module, img, len, params);
			err = errno;
			call = "init_module";
			narrate(NR_init_module, r, "%p, %zu, %s\tthe module's image from memory",
				(void *)img, len, q);
			free(img);
		}
	}
	int c = close(fd);

	narrate(NR_close, c, "%d", fd);
	/* all of them: the kernel's reason for a refusal may not name the
	 * module ("Invalid ELF header magic", "Lockdown: ...") */
	kmsg_show(kfd, NULL);
	kmsg_close(kfd);
	if (r < 0) {
		errno = err;
		bi_error_errno("%s: %s", call, path);
		hint_load(err, path, &mi, release);
		return 1;
	}
	if (!strcmp(mi.name, MODNAME)) {
		if (modules_line(line, sizeof(line)) > 0)
			teach_out("/proc/modules: %s\n", line);
		teach_out("loaded: %s and %s are there now\n", DEVPATH, PROCPATH);
	} else {
		teach_out("loaded %s\n", path);
	}
	return 0;
}

/* The not-loaded case of status, talk and unload: 1 after explaining. */
static int not_loaded(const char *what)
{
	char line[512];
	int m = modules_line(line, sizeof(line));

	if (m < 0) {
		errno = ENOSYS;
		bi_error_errno("%s", what);
		hint_enosys();
	} else {
		errno = ENOENT;
		bi_error_errno("%s: %s is not loaded", what, MODNAME);
		bi_hint("ENOENT: load it first: insmod-demo load");
	}
	return 1;
}

static int status_cmd(void)
{
	static const char *const files[] = { "refcnt", "initstate", "taint", "coresize" };
	char line[512], buf[4096], path[PATH_MAX];
	char name[64], deps[256], state[32], addr[32];
	unsigned long size, refs;
	DIR *d;
	struct dirent *e;

	if (modules_line(line, sizeof(line)) <= 0)
		return not_loaded("status");
	teach_out("/proc/modules: %s\n", line);
	if (sscanf(line, "%63s %lu %lu %255s %31s %31s", name, &size, &refs, deps, state, addr) == 6)
		teach_out("  name %s, %lu bytes of kernel memory, used by %lu (the reference count), depends on %s, state %s, at %s%s\n",
			  name, size, refs, deps, state, addr,
			  strtoull(addr, NULL, 16) ? "" : " (the address is hidden from non-root)");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), SYSPATH "/%s", files[i]);
		if (read_small(path, buf, sizeof(buf)) >= 0)
			teach_out("%s: %s\n", path, *buf ? buf : "(empty)");
	}
	if ((d = opendir(SYSPATH "/parameters"))) {
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), SYSPATH "/parameters/%s", e->d_name);
			if (read_small(path, buf, sizeof(buf)) >= 0)
				teach_out("%s: %s\n", path, buf);
		}
		closedir(d);
	}
	if (read_small(PROCPATH, buf, sizeof(buf)) >= 0) {
		teach_out("%s:\n", PROCPATH);
		for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
			teach_out("  %s\n", l);
	}
	if (!show_holders())
		teach_out("  no process has %s open\n", DEVPATH);
	return 0;
}

static int talk(void)
{
	char data[128], q[256], msg[64];
	struct labsh_demo_whoami who;
	int kfd, fd, r, status = 0;
	ssize_t n;
	off_t off;

	if (access(DEVPATH, F_OK) < 0) {
		char line[512];

		if (modules_line(line, sizeof(line)) > 0) {
			bi_error_errno("talk: %s", DEVPATH);
			bi_hint("ENOENT: the module is loaded but the device file is missing: is devtmpfs mounted on /dev?");
			return 1;
		}
		errno = ENOENT;
		bi_error_errno("talk: %s", DEVPATH);
		bi_hint("ENOENT: the device is missing because the driver is not loaded: run insmod-demo load first");
		return 1;
	}
	kfd = kmsg_open(true);
	fd = open(DEVPATH, O_RDWR | O_CLOEXEC);
	narrate(NR_open, fd, "\"%s\", O_RDWR|O_CLOEXEC\tthe driver's .open runs", DEVPATH);
	kmsg_show(kfd, MODNAME);
	if (fd < 0) {
		int err = errno;

		kmsg_close(kfd);
		errno = err;
		bi_error_errno("talk: open %s", DEVPATH);
		if (err == EACCES)
			bi_hint("EACCES: the device's mode does not let you read and write it");
		return 1;
	}

	n = read(fd, data, 64);
	narrate(NR_read, (long)n, "%d, %s, 64\tthe driver's .read copies from its buffer",
		fd, narrate_string(data, n, 48, q, sizeof(q)));
	kmsg_show(kfd, MODNAME);

	if (!teach_interrupted()) {
		int len = snprintf(msg, sizeof(msg), "hi from PID %ld\n", (long)getpid());

		n = write(fd, msg, (size_t)len);
		narrate(NR_write, (long)n, "%d, %s, %d\tthe driver's .write copies into its buffer",
			fd, narrate_string(msg, len, 48, q, sizeof(q)), len);
		kmsg_show(kfd, MODNAME);
	}
	if (!teach_interrupted()) {
		off = lseek(fd, 0, SEEK_SET);
		narrate(NR_lseek, (long)off, "%d, 0, SEEK_SET\tthe driver's .llseek: back to the start", fd);
		kmsg_show(kfd, MODNAME);
	}
	if (!teach_interrupted()) {
		n = read(fd, data, 64);
		narrate(NR_read, (long)n, "%d, %s, 64\twhat was just written, then the rest",
			fd, narrate_string(data, n, 48, q, sizeof(q)));
		kmsg_show(kfd, MODNAME);
	}
	if (!teach_interrupted()) {
		memset(&who, 0, sizeof(who));
		r = ioctl(fd, LABSH_DEMO_WHOAMI, &who);
		who.comm[sizeof(who.comm) - 1] = '\0';
		if (r == 0)
			narrate(NR_ioctl, r, "%d, LABSH_DEMO_WHOAMI, {pid=%d, tid=%d, uid=%u, comm=\"%s\"}\tthe kernel sees PID %d; getpid() says %ld",
				fd, who.pid, who.tid, who.uid, who.comm, who.pid, (long)getpid());
		else
			narrate(NR_ioctl, r, "%d, LABSH_DEMO_WHOAMI, %p", fd, (void *)&who);
		kmsg_show(kfd, MODNAME);
		if (r < 0)
			status = 1;
	}
	if (!teach_interrupted()) {
		r = ioctl(fd, LABSH_DEMO_RESET);
		narrate(NR_ioctl, r, "%d, LABSH_DEMO_RESET\tthe driver sets its counters to 0", fd);
		kmsg_show(kfd, MODNAME);
		if (r < 0)
			status = 1;
	}
	r = close(fd);
	narrate(NR_close, r, "%d\tthe last close: the driver's .release runs", fd);
	kmsg_show(kfd, MODNAME);
	kmsg_close(kfd);
	if (status)
		bi_error("talk: an ioctl failed");
	return status;
}

static int log_cmd(void)
{
	char text[1024];
	unsigned long long usec;
	char **lines = NULL;
	unsigned long long *stamps = NULL;
	size_t count = 0, cap = 0;
	int fd = kmsg_open(false), r;

	if (fd < 0)
		return bi_error_errno("log: /dev/kmsg");
	while ((r = kmsg_next(fd, text, sizeof(text), &usec)) > 0) {
		if (strncmp(text, MODNAME ":", strlen(MODNAME) + 1))
			continue;
		if (!strncmp(text, MODNAME ": loaded:", strlen(MODNAME) + 9)) {
			for (size_t i = 0; i < count; i++)
				free(lines[i]);
			count = 0;
		}
		if (count == cap) {
			cap = cap ? 2 * cap : 32;
			lines = xrealloc(lines, cap * sizeof(*lines));
			stamps = xrealloc(stamps, cap * sizeof(*stamps));
		}
		stamps[count] = usec;
		lines[count++] = xstrdup(text);
	}
	int err = errno;

	close(fd);
	if (r < 0) {
		errno = err;
		bi_error_errno("log: read /dev/kmsg");
	} else if (count == 0 || strncmp(lines[0], MODNAME ": loaded:", strlen(MODNAME) + 9)) {
		bi_error("log: the kernel log has no \"%s: loaded\" line since boot", MODNAME);
		bi_hint("load the module first (insmod-demo load); an old line may also have scrolled out of the kernel's ring buffer");
		r = -1;
	} else {
		teach_out("the kernel's lines since %s was loaded (from /dev/kmsg):\n", MODNAME);
		for (size_t i = 0; i < count; i++)
			teach_out("  [%5llu.%06llu] %s\n", stamps[i] / 1000000, stamps[i] % 1000000, lines[i]);
	}
	for (size_t i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
	free(stamps);
	return r < 0 ? 1 : 0;
}

static int unload(void)
{
	int kfd = kmsg_open(true);
	long r = syscall(SYS_delete_module, MODNAME, O_NONBLOCK);
	int err = errno;

	narrate(NR_delete_module, r, "\"%s\", O_NONBLOCK\t%s", MODNAME,
		r == 0 ? "the kernel ran the module's exit function and freed it" : "");
	kmsg_show(kfd, MODNAME);
	kmsg_close(kfd);
	if (r == 0) {
		teach_out("unloaded: %s and %s are gone\n", DEVPATH, PROCPATH);
		return 0;
	}
	errno = err;
	bi_error_errno("delete_module: %s", MODNAME);
	switch (err) {
	case ENOSYS:
		hint_enosys();
		break;
	case ENOENT:
		bi_hint("ENOENT: no module called %s is loaded: nothing to unload", MODNAME);
		break;
	case EPERM:
		hint_eperm();
		break;
	case EAGAIN:
	case EBUSY:
		bi_hint("%s: the module is still in use: a process holds %s open (below); close it or end that process, then unload",
			err == EBUSY ? "EBUSY" : "EAGAIN", DEVPATH);
		if (!show_holders())
			teach_out("  (no holder found: another module may depend on it)\n");
		break;
	}
	return 1;
}

static int tour(void)
{
	char release[128], path[PATH_MAX];
	int status;

	teach_out("== 1. doctor: what loading needs ==\n");
	if (doctor() != 0) {
		bi_error("tour: stopped: the module cannot be loaded here (see the verdict)");
		return 1;
	}
	if (teach_interrupted())
		return 1;
	struct utsname u;

	if (uname(&u) < 0)
		return bi_error_errno("uname");
	snprintf(release, sizeof(release), "%s", u.release);
	if (!find_module(release, path)) {
		teach_out("== build ==\n");
		char *argv[] = { "build", NULL };

		if (build(1, argv) != 0 || teach_interrupted())
			return 1;
	}
	static const char *const steps[] = { "2. load", "3. status", "4. talk", "5. log", "6. unload" };

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char *argv[] = { "load", NULL };

		if (teach_interrupted())
			return 1;
		teach_out("== %s ==\n", steps[i]);
		switch (i) {
		case 0: status = load(1, argv); break;
		case 1: status = status_cmd(); break;
		case 2: status = talk(); break;
		case 3: status = log_cmd(); break;
		default: status = unload(); break;
		}
		if (status != 0) {
			if (i > 0 && i < 4)
				unload();	/* leave the kernel as it was */
			return status;
		}
	}
	return 0;
}

static int insmod_demo_main(int argc, char **argv)
{
	const char *sub;
	int status;

	argc = teach_begin(argc, argv);
	if (argc < 0)
		return 2;
	if (argc < 2)
		return teach_end(bi_usage("a subcommand is required"));
	sub = argv[1];
	if (!strcmp(sub, "load"))
		return teach_end(load(argc - 1, argv + 1));
	if (!strcmp(sub, "build"))
		return teach_end(build(argc - 1, argv + 1));
	if (argc > 2)
		return teach_end(bi_usage("%s: no arguments expected", sub));
	if (!strcmp(sub, "doctor"))
		status = doctor();
	else if (!strcmp(sub, "status"))
		status = status_cmd();
	else if (!strcmp(sub, "talk"))
		status = talk();
	else if (!strcmp(sub, "log"))
		status = log_cmd();
	else if (!strcmp(sub, "unload"))
		status = unload();
	else if (!strcmp(sub, "tour"))
		status = tour();
	else
		return teach_end(bi_usage("%s: unknown subcommand", sub));
	return teach_end(status);
}

const struct builtin builtin_insmod_demo = {
	.name = "insmod-demo",
	.synopsis = "insmod-demo [--step] [--slow MS] [--quiet] doctor | build [DIR] | load [--path] [FILE] [PARAM=VALUE ...] | status | talk | log | unload | tour",
	.summary = "load a kernel module and talk to its driver: finit_module(2), ioctl(2), delete_module(2)",
	.family = FAMILY_MODULE,
	.see_also = "delete_module(2) finit_module(2) init_module(2) ioctl(2) lseek(2) read(2) uname(2) proc(5) insmod(8) rmmod(8)",
	.syscalls = "uname finit_module init_module delete_module open read write lseek ioctl close fork execvp waitpid",
	.run = insmod_demo_main,
};
