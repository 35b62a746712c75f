/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvctl's commands: each is cmd_<name>(argc, argv) with argv[0] the
 * command's name, returning the process's exit status (0 or 1). A command
 * prints its data on stdout and, on failure, one line on stderr through
 * pvctl_die()/pvctl_err(), which prefix "pvctl <command>: ".
 */
#ifndef PVCTL_H
#define PVCTL_H

#include <stdbool.h>

struct pvctl_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;	/* "[-l] [--json] [DOMAIN...]" */
	const char *summary;	/* one line for `pvctl help` */
};

/* The command being run, for messages. */
extern const char *pvctl_cmd;
/* pvctl -v: the steps of a command on stderr, with the time since start. */
extern bool pvctl_verbose;
void pvctl_verbose_note(const char *line);

/* One line on stderr, "pvctl <cmd>: ..."; returns 1 (the exit status). */
int pvctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The usage line of the current command on stderr; returns 1. */
int pvctl_usage(void);

/*
 * The "bad option" line for getopt's '?' (with opterr = 0, so getopt
 * prints nothing itself); returns 1.
 */
int pvctl_bad_option(int argc, char **argv);

int cmd_help(int argc, char **argv);
/* cmd-create.c */
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_shutdown(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_console(int argc, char **argv);
/* cmd-device.c */
int cmd_block_attach(int argc, char **argv);
int cmd_block_detach(int argc, char **argv);
int cmd_block_list(int argc, char **argv);
int cmd_network_attach(int argc, char **argv);
int cmd_network_detach(int argc, char **argv);
int cmd_network_list(int argc, char **argv);

#endif /* PVCTL_H */
