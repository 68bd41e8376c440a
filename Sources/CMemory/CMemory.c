#include "CMemory.h"

#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void policy_check_tune_allocator(void) {
#if defined(__GLIBC__)
  // A fixed threshold also turns off glibc's dynamic one, which rises after each large free
  // and would otherwise put the next large arrays back into the heap.
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
}
