#ifndef POLICY_CHECK_CMEMORY_H
#define POLICY_CHECK_CMEMORY_H

/// Tunes the C allocator for large audits: with glibc, blocks of 1 MB and more are mapped on
/// their own, so memory freed between phases (a file's columns after joining) goes back to the
/// system instead of staying resident in the heap. A no-op elsewhere.
void policy_check_tune_allocator(void);

#endif
