#include <sqlite3.h>

/// `SQLITE_TRANSIENT`: the destructor argument that makes SQLite copy bound text or blobs before
/// the call returns. The macro casts -1 to a function pointer, which Swift does not import.
static inline sqlite3_destructor_type policy_check_sqlite_transient(void) { return SQLITE_TRANSIENT; }
