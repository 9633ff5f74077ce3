#pragma once
// Parses `serve` flags the way main() does, for the configuration tests.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace jm::testing {

inline Config parse_serve_args(const std::vector<std::string>& args) {
  CLI::App app;
  Config c;
  add_server_options(app, c);
  std::vector<const char*> argv{"serve"};
  for (const auto& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
  return c;
}

}  // namespace jm::testing
