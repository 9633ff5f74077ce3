#pragma once
// Wires the service together: store → routes → middleware chain → HTTP server.
#include "api/context.hpp"
#include "config/config.hpp"
#include "http/router.hpp"

namespace jm {

// Every route of the service (the CLI's `routes` lists them from here too).
void register_routes(http::Router& router, api::Context& ctx);

// Runs `journeyman serve` until SIGTERM/SIGINT; returns the process exit code.
int run_server(const Config& config);

}  // namespace jm
