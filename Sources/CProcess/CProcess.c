#include "CProcess.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { SLOTS = 32, PATH_BYTES = 4096 };

static char paths[SLOTS][PATH_BYTES];
/// 1 while `paths[k]` holds a registered path; written only after the path is complete.
static volatile sig_atomic_t used[SLOTS];
static volatile sig_atomic_t installed;

static void remove_temporaries(int signal_number) {
  for (int k = 0; k < SLOTS; k++) {
    if (used[k]) {
      // Pairs with the release fence in register: the path is read only after its flag.
      atomic_signal_fence(memory_order_acquire);
      unlink(paths[k]);
    }
  }
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void policy_check_install_cleanup_handlers(void) {
  if (installed) return;
  installed = 1;
  const int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (unsigned k = 0; k < sizeof signals / sizeof signals[0]; k++) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = remove_temporaries;
    sigemptyset(&action.sa_mask);
    // Another handler (or an ignored SIGHUP under nohup) stays as it was.
    struct sigaction previous;
    if (sigaction(signals[k], NULL, &previous) == 0 && previous.sa_handler == SIG_DFL) {
      sigaction(signals[k], &action, NULL);
    }
  }
}

int policy_check_register_temporary(const char *path) {
  size_t length = strlen(path);
  if (length >= PATH_BYTES) return -1;
  // Slots are taken and freed by the thread writing reports, one report at a time.
  for (int k = 0; k < SLOTS; k++) {
    if (!used[k]) {
      memcpy(paths[k], path, length + 1);
      // The compiler may not move the copy after the flag: a handler would read half a path.
      atomic_signal_fence(memory_order_release);
      used[k] = 1;
      return k;
    }
  }
  return -1;
}

void policy_check_unregister_temporary(int slot) {
  if (slot >= 0 && slot < SLOTS) used[slot] = 0;
}

int policy_check_flush_stdout(void) {
  errno = 0;
  if (fflush(stdout) != 0 || ferror(stdout)) return errno != 0 ? errno : EIO;
  return 0;
}
