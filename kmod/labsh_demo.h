/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labsh_demo.h - what the labsh_demo driver and its user space
 * (labsh's insmod-demo) share: the device's name and its ioctl commands.
 * Included by both sides, so it uses only the kernel's uapi types.
 */
#ifndef LABSH_DEMO_H
#define LABSH_DEMO_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LABSH_DEMO_NAME		"labsh_demo"	/* /dev/labsh_demo, /proc/labsh_demo */

/* What LABSH_DEMO_WHOAMI fills in: the caller as the kernel sees it. */
struct labsh_demo_whoami {
	__s32 pid;		/* the thread group id, getpid(2) in user space */
	__s32 tid;		/* the thread id, gettid(2) */
	__u32 uid;		/* the real user id */
	char comm[16];		/* the task's name, /proc/PID/comm */
};

/* The ioctl numbers: type 0xB7, as ioctl(2)'s _IO/_IOR macros build them. */
#define LABSH_DEMO_IOC_MAGIC	0xB7
/* Set the per-operation counters of /proc/labsh_demo back to zero. */
#define LABSH_DEMO_RESET	_IO(LABSH_DEMO_IOC_MAGIC, 0)
/* Copy a struct labsh_demo_whoami describing the caller to user space. */
#define LABSH_DEMO_WHOAMI	_IOR(LABSH_DEMO_IOC_MAGIC, 1, struct labsh_demo_whoami)

#endif
