#include "CProcess.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { SLOTS = 32, PATH_BYTES = 4096 };

static char paths[SLOTS][PATH_BYTES];
/// 1 while a writer owns slot k (claimed by compare-and-swap: reports may be written by several
/// threads at once, each registering its own temporary file).
static atomic_int claimed[SLOTS];
/// 1 while `paths[k]` holds a registered path: stored (release) only after the path is complete,
/// read (acquire) by the handler, on whichever thread the signal arrives. Lock-free atomic ints
/// are safe to read in a signal handler.
static atomic_int used[SLOTS];
static volatile sig_atomic_t installed;

static void remove_temporaries(int signal_number) {
  for (int k = 0; k < SLOTS; k++) {
    // Pairs with the release store in register: the path is read only after its flag.
    if (atomic_load_explicit(&used[k], memory_order_acquire)) unlink(paths[k]);
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
  for (int k = 0; k < SLOTS; k++) {
    int free_slot = 0;
    if (atomic_compare_exchange_strong(&claimed[k], &free_slot, 1)) {
      memcpy(paths[k], path, length + 1);
      // The path is complete before the flag says so: a handler never reads half a path.
      atomic_store_explicit(&used[k], 1, memory_order_release);
      return k;
    }
  }
  return -1;
}

void policy_check_unregister_temporary(int slot) {
  if (slot < 0 || slot >= SLOTS) return;
  // The handler stops reading the path before the slot can be claimed and overwritten.
  atomic_store_explicit(&used[slot], 0, memory_order_release);
  atomic_store_explicit(&claimed[slot], 0, memory_order_release);
}

int policy_check_flush_stdout(void) {
  errno = 0;
  if (fflush(stdout) != 0 || ferror(stdout)) return errno != 0 ? errno : EIO;
  return 0;
}
