#ifndef POLICY_CHECK_CPROCESS_H
#define POLICY_CHECK_CPROCESS_H

/// Temporary report files are registered here while they are written, so that SIGINT, SIGTERM
/// or SIGHUP removes them (a killed audit would otherwise leave a `.NAME.PID.N.tmp` of hundreds of
/// megabytes). The handler only reads a fixed array and calls unlink, signal and raise, all
/// async-signal-safe; it then re-raises the signal with its default action.

/// Installs the handler for SIGINT, SIGTERM and SIGHUP (idempotent).
void policy_check_install_cleanup_handlers(void);

/// Registers a path to remove on a signal; returns its slot, or -1 when every slot is taken or
/// the path is too long (the file is then only removed by the next run's sweep).
/// Safe to call from several threads at once (each report writer registers its own file).
int policy_check_register_temporary(const char *path);

/// Forgets a slot (after the file was renamed or removed). Ignores -1.
void policy_check_unregister_temporary(int slot);

/// Flushes stdio's stdout; returns 0, or the errno of a failed write (EIO when unknown).
int policy_check_flush_stdout(void);

#endif
