// SPDX-License-Identifier: GPL-2.0
/*
 * labsh_demo.c - the kernel module that labsh's insmod-demo loads.
 *
 * What it demonstrates: a module is code loaded into the running kernel,
 * and a read(2) on a device file reaches a driver's file_operations.
 *
 *   - two module parameters (see MODULE_PARM_DESC below), checked at load
 *     time: a value out of range makes the load fail with -EINVAL;
 *   - a misc character device, /dev/labsh_demo, whose .open, .read,
 *     .write, .llseek, .unlocked_ioctl and .release each log one line, so a
 *     student can match their read(2) with the driver's .read;
 *   - /proc/labsh_demo: the load time, the parameters and a counter per
 *     operation.
 *
 * Every log line starts with "labsh_demo: " (pr_fmt) and names the calling
 * process, as the kernel sees it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#include "labsh_demo.h"

/*
 * The one kernel-version difference: since 5.6, /proc files take a
 * struct proc_ops instead of a struct file_operations.
 */
#define HAVE_PROC_OPS (LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0))

#define BUFSIZE_MIN	16
#define BUFSIZE_MAX	4096

static char *greeting = "Hello from the labsh_demo driver";
module_param(greeting, charp, 0444);
MODULE_PARM_DESC(greeting, "what a read(2) of /dev/labsh_demo returns until something is written");

static int bufsize = 256;
module_param(bufsize, int, 0444);
MODULE_PARM_DESC(bufsize, "the size in bytes of the driver's buffer, 16 to 4096 (default 256)");

/* The device's state, and the counters /proc/labsh_demo shows. */
enum op { OP_OPEN, OP_READ, OP_WRITE, OP_LLSEEK, OP_IOCTL, OP_RELEASE, OP_COUNT };
static const char *const op_name[OP_COUNT] = {
	"open", "read", "write", "llseek", "ioctl", "release",
};

static DEFINE_MUTEX(lock);	/* guards everything below */
static char *buf;		/* bufsize bytes */
static size_t len;		/* bytes of buf in use */
static unsigned long calls[OP_COUNT];
static unsigned long long bytes_read, bytes_written;
static time64_t loaded_at;	/* seconds since the epoch */
static unsigned long loaded_jiffies;

static void count(enum op op)
{
	mutex_lock(&lock);
	calls[op]++;
	mutex_unlock(&lock);
}

static int demo_open(struct inode *inode, struct file *file)
{
	static const char *const mode[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

	count(OP_OPEN);
	pr_info(".open(%s, f_flags=0%o) = 0 [pid %d %s]\n", mode[file->f_flags & O_ACCMODE],
		file->f_flags, task_tgid_nr(current), current->comm);
	return 0;
}

static int demo_release(struct inode *inode, struct file *file)
{
	count(OP_RELEASE);
	pr_info(".release() = 0 [pid %d %s]\n", task_tgid_nr(current), current->comm);
	return 0;
}

static ssize_t demo_read(struct file *file, char __user *ubuf, size_t n, loff_t *ppos)
{
	loff_t pos = *ppos;
	ssize_t r;

	if (mutex_lock_interruptible(&lock))
		return -ERESTARTSYS;
	r = simple_read_from_buffer(ubuf, n, ppos, buf, len);
	calls[OP_READ]++;
	if (r > 0)
		bytes_read += r;
	mutex_unlock(&lock);
	pr_info(".read(count=%zu, pos=%lld) = %zd [pid %d %s]\n", n, pos, r,
		task_tgid_nr(current), current->comm);
	return r;
}

static ssize_t demo_write(struct file *file, const char __user *ubuf, size_t n,
			  loff_t *ppos)
{
	loff_t pos = *ppos;
	ssize_t r;

	if (mutex_lock_interruptible(&lock))
		return -ERESTARTSYS;
	if (pos >= bufsize && n > 0) {
		r = -ENOSPC;
	} else {
		r = simple_write_to_buffer(buf, bufsize, ppos, ubuf, n);
		if (r > 0) {
			len = max_t(size_t, len, *ppos);
			bytes_written += r;
		}
	}
	calls[OP_WRITE]++;
	mutex_unlock(&lock);
	pr_info(".write(count=%zu, pos=%lld) = %zd [pid %d %s]\n", n, pos, r,
		task_tgid_nr(current), current->comm);
	return r;
}

static loff_t demo_llseek(struct file *file, loff_t offset, int whence)
{
	static const char *const whence_name[] = { "SEEK_SET", "SEEK_CUR", "SEEK_END" };
	size_t size;
	loff_t r;

	mutex_lock(&lock);
	size = len;
	calls[OP_LLSEEK]++;
	mutex_unlock(&lock);
	r = fixed_size_llseek(file, offset, whence, size);
	if (whence >= 0 && whence < ARRAY_SIZE(whence_name))
		pr_info(".llseek(offset=%lld, whence=%s) = %lld [pid %d %s]\n", offset,
			whence_name[whence], r, task_tgid_nr(current), current->comm);
	else
		pr_info(".llseek(offset=%lld, whence=%d) = %lld [pid %d %s]\n", offset,
			whence, r, task_tgid_nr(current), current->comm);
	return r;
}

static long demo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct labsh_demo_whoami who;
	const char *name;
	long r = 0;

	switch (cmd) {
	case LABSH_DEMO_RESET:
		name = "LABSH_DEMO_RESET";
		mutex_lock(&lock);
		memset(calls, 0, sizeof(calls));
		bytes_read = bytes_written = 0;
		mutex_unlock(&lock);
		break;
	case LABSH_DEMO_WHOAMI:
		name = "LABSH_DEMO_WHOAMI";
		memset(&who, 0, sizeof(who));
		who.pid = task_tgid_vnr(current);
		who.tid = task_pid_vnr(current);
		who.uid = from_kuid_munged(current_user_ns(), current_uid());
		get_task_comm(who.comm, current);
		if (copy_to_user((void __user *)arg, &who, sizeof(who)))
			r = -EFAULT;
		break;
	default:
		name = "unknown";
		r = -ENOTTY;
		break;
	}
	count(OP_IOCTL);	/* after a reset: the reset is the first call */
	pr_info(".unlocked_ioctl(cmd=%s) = %ld [pid %d %s]\n", name, r,
		task_tgid_nr(current), current->comm);
	return r;
}

static const struct file_operations demo_fops = {
	.owner = THIS_MODULE,		/* the module stays while a file is open */
	.open = demo_open,
	.read = demo_read,
	.write = demo_write,
	.llseek = demo_llseek,
	.unlocked_ioctl = demo_ioctl,
	.release = demo_release,
};

static struct miscdevice demo_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = LABSH_DEMO_NAME,	/* devtmpfs makes /dev/labsh_demo */
	.fops = &demo_fops,
	.mode = 0666,
};

/* /proc/labsh_demo */
static int demo_proc_show(struct seq_file *m, void *v)
{
	int i;

	mutex_lock(&lock);
	seq_printf(m, "loaded at:     %lld (seconds since the epoch), %u s ago\n",
		   (long long)loaded_at, jiffies_to_msecs(jiffies - loaded_jiffies) / 1000);
	seq_printf(m, "parameters:    greeting=\"%s\" bufsize=%d\n", greeting, bufsize);
	seq_printf(m, "buffer:        %zu of %d bytes used\n", len, bufsize);
	seq_printf(m, "bytes:         %llu read, %llu written\n", bytes_read, bytes_written);
	seq_puts(m, "calls:        ");
	for (i = 0; i < OP_COUNT; i++)
		seq_printf(m, " %s=%lu", op_name[i], calls[i]);
	seq_putc(m, '\n');
	mutex_unlock(&lock);
	return 0;
}

static int demo_proc_open(struct inode *inode, struct file *file)
{
	return single_open(file, demo_proc_show, NULL);
}

#if HAVE_PROC_OPS
static const struct proc_ops demo_proc_ops = {
	.proc_open = demo_proc_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};
#else
static const struct file_operations demo_proc_ops = {
	.owner = THIS_MODULE,
	.open = demo_proc_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};
#endif

static int __init demo_init(void)
{
	int err;

	if (bufsize < BUFSIZE_MIN || bufsize > BUFSIZE_MAX) {
		pr_err("bufsize=%d is out of range (%d to %d): not loaded\n",
		       bufsize, BUFSIZE_MIN, BUFSIZE_MAX);
		return -EINVAL;
	}
	buf = kzalloc(bufsize, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = strscpy(buf, greeting, bufsize - 1) < 0 ? bufsize - 2 : strlen(buf);
	buf[len++] = '\n';
	loaded_at = ktime_get_real_seconds();
	loaded_jiffies = jiffies;

	err = misc_register(&demo_dev);
	if (err) {
		pr_err("misc_register failed: %d\n", err);
		goto free_buf;
	}
	if (!proc_create(LABSH_DEMO_NAME, 0444, NULL, &demo_proc_ops)) {
		pr_err("cannot create /proc/%s\n", LABSH_DEMO_NAME);
		err = -ENOMEM;
		goto deregister;
	}
	pr_info("loaded: /dev/%s (misc 10:%d), /proc/%s, bufsize=%d, greeting=\"%s\" [pid %d %s]\n",
		LABSH_DEMO_NAME, demo_dev.minor, LABSH_DEMO_NAME, bufsize, greeting,
		task_tgid_nr(current), current->comm);
	return 0;

	/* undo in the reverse order */
deregister:
	misc_deregister(&demo_dev);
free_buf:
	kfree(buf);
	return err;
}

static void __exit demo_exit(void)
{
	remove_proc_entry(LABSH_DEMO_NAME, NULL);
	misc_deregister(&demo_dev);
	kfree(buf);
	pr_info("unloaded after %u s: %lu reads, %lu writes [pid %d %s]\n",
		jiffies_to_msecs(jiffies - loaded_jiffies) / 1000, calls[OP_READ],
		calls[OP_WRITE], task_tgid_nr(current), current->comm);
}

module_init(demo_init);
module_exit(demo_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("labsh");
MODULE_DESCRIPTION("labsh's teaching driver: /dev/labsh_demo and /proc/labsh_demo");
