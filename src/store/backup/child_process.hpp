#pragma once
// Runs a program (pg_dump, pg_restore) as a child process and waits for it. The
// connection settings reach it through its environment, never through its command
// line, so a password does not show in `ps` or in /proc/<pid>/cmdline.
#include <map>
#include <string>
#include <vector>

namespace jm::store::backup {

// Runs `argv` (argv[0] looked up on PATH) with this process's environment plus
// `extra_env` (overriding). The child's stdout/stderr are this process's stderr.
// Returns the exit code; throws std::runtime_error when it cannot be started or dies
// of a signal.
int run_child(const std::vector<std::string>& argv,
              const std::map<std::string, std::string>& extra_env);

}  // namespace jm::store::backup
