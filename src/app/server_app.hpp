#pragma once
// Wires the service together: store → routes → middleware chain → HTTP server.
#include "config/config.hpp"

namespace jm {

// Runs `journeyman serve` until SIGTERM/SIGINT; returns the process exit code.
int run_server(const Config& config);

}  // namespace jm
