// journeyman — the game server and its operator commands.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/server_app.hpp"
#include "app/store_factory.hpp"
#include "util/log.hpp"

namespace {

// Prints configuration problems and returns whether the config may be used.
bool check(const jm::Config& config) {
  auto problems = jm::validate(config);
  for (const auto& p : problems) std::cerr << "journeyman: invalid configuration: " << p << "\n";
  return problems.empty();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Journeyman: the NFL journeyman guessing game and its analytics service"};
  app.set_version_flag("--version", JOURNEYMAN_VERSION);
  app.require_subcommand(1);

  jm::Config config;
  auto* serve = app.add_subcommand("serve", "Run the HTTP server (migrates and seeds on start)");
  jm::add_server_options(*serve, config);

  jm::Config db_config;
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
  jm::add_database_options(*migrate, db_config);

  CLI11_PARSE(app, argc, argv);

  try {
    if (*serve) {
      if (!check(config)) return 2;
      jm::log::init(config.log_format, config.log_level);
      return jm::run_server(config);
    }
    if (*migrate) {
      if (!check(db_config)) return 2;
      jm::log::init(jm::LogFormat::text, "warn");
      auto store = jm::open_store(db_config);
      auto versions = store->applied_migrations();
      std::cout << "schema at version " << (versions.empty() ? 0 : versions.back()) << " ("
                << versions.size() << " migrations applied)\n";
      store->drain();
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "journeyman: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
