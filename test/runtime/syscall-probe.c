/*
 * syscall-probe: calls each system call named on the command line once and prints one line per
 * call: "<name> allowed" or "<name> blocked" (EPERM, the errno Docker's default seccomp action
 * returns), followed by the raw result. Built statically by lab.sh and bind-mounted read-only into
 * the lab's busybox containers: busybox has no applet that calls the keyring system calls, which the
 * runtime default blocks without involving any capability (shared/notes/SECCOMP.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEY_SPEC_PROCESS_KEYRING -2
#define KEYCTL_GET_KEYRING_ID 0

static long call(const char *name) {
  if (strcmp(name, "add_key") == 0)
    return syscall(SYS_add_key, "user", "hw-probe", "x", 1, KEY_SPEC_PROCESS_KEYRING);
  if (strcmp(name, "keyctl") == 0)
    return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 1);
  if (strcmp(name, "request_key") == 0)
    return syscall(SYS_request_key, "user", "hw-probe-absent", NULL, 0);
  errno = EINVAL;
  return -2;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    errno = 0;
    long rc = call(argv[i]);
    if (rc == -2 && errno == EINVAL) {
      printf("%s unknown-to-probe\n", argv[i]);
      return 2;
    }
    int err = rc < 0 ? errno : 0;
    printf("%s %s rc=%ld errno=%d (%s)\n", argv[i], err == EPERM ? "blocked" : "allowed", rc, err,
           err ? strerror(err) : "ok");
  }
  return 0;
}
