// journeyman — the game server and its operator commands.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/admin_commands.hpp"
#include "app/backup_commands.hpp"
#include "app/nfl_data.hpp"
#include "app/server_app.hpp"
#include "app/store_factory.hpp"
#include "domain/game/calendar.hpp"
#include "security/secrets.hpp"
#include "util/clock.hpp"
#include "util/log.hpp"

namespace {

// Prints configuration problems and returns whether the config may be used.
bool check(const jm::Config& config) {
  auto problems = jm::validate(config);
  for (const auto& p : problems) std::cerr << "journeyman: invalid configuration: " << p << "\n";
  return problems.empty();
}

void print_problems(const std::vector<jm::domain::ImportProblem>& problems) {
  for (const auto& p : problems) {
    std::cerr << "  rejected row " << p.row << (p.name.empty() ? "" : " (" + p.name + ")") << ": "
              << (p.field.empty() ? "" : p.field + ": ") << p.message << "\n";
  }
}

void print_counts(const jm::store::SeedCounts& c) {
  std::cout << "teams: " << c.teams_added << " added, " << c.teams_updated
            << " updated; careers: " << c.careers_added << " added, " << c.careers_updated
            << " updated, " << c.unchanged << " unchanged\n";
}

// A one-line progress bar on a terminal; nothing when output is piped.
void progress_bar(std::size_t done, std::size_t total) {
  if (!isatty(STDERR_FILENO) || total == 0) return;
  constexpr int kWidth = 30;
  int filled = static_cast<int>(kWidth * done / total);
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
            << done << "/" << total << (done == total ? "\n" : "") << std::flush;
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
  auto* seed = app.add_subcommand("seed", "Load the NFL data files into the database (idempotent)");
  jm::add_database_options(*seed, db_config);

  auto* import = app.add_subcommand("import", "Import data into the database");
  import->require_subcommand(1);
  std::string careers_file;
  auto* import_careers =
      import->add_subcommand("careers", "Add or update careers from a JSON file");
  import_careers->add_option("FILE", careers_file, "careers.json-shaped file")->required();
  jm::add_database_options(*import_careers, db_config);

  auto* puzzle = app.add_subcommand("puzzle", "Daily puzzle tools for operators and tests");
  puzzle->require_subcommand(1);
  std::string date;
  auto* answer = puzzle->add_subcommand("answer", "Print the answer of a daily puzzle (spoiler!)");
  answer->add_option("--date", date, "YYYY-MM-DD (UTC); default today");
  jm::add_database_options(*answer, db_config);

  jm::Config admin_config;
  jm::AdminCommands admin(app, admin_config);
  jm::Config backup_config;
  jm::BackupCommands backups(app, backup_config);

  CLI11_PARSE(app, argc, argv);

  try {
    if (*serve) {
      if (!check(config)) return 2;
      jm::log::init(config.log_format, config.log_level);
      return jm::run_server(config);
    }
    if (admin.chosen()) {
      if (!check(admin_config)) return 2;
      jm::log::init(jm::LogFormat::text, "warn", jm::log::Stream::stderr_);
      return *admin.run();
    }
    if (backups.chosen()) {
      if (!check(backup_config)) return 2;
      jm::log::init(jm::LogFormat::text, "warn", jm::log::Stream::stderr_);
      return *backups.run();
    }
    if (!check(db_config)) return 2;
    jm::log::init(jm::LogFormat::text, "warn", jm::log::Stream::stderr_);
    auto secrets = jm::security::load_secrets(db_config);
    auto store = jm::open_store(db_config, secrets);
    int rc = 0;
    if (*migrate) {
      auto versions = store->applied_migrations();
      std::cout << "schema at version " << (versions.empty() ? 0 : versions.back()) << " ("
                << versions.size() << " migrations applied)\n";
    } else if (*seed) {
      auto report = jm::seed_nfl(*store, db_config.data_dir);
      print_counts(report.counts);
      print_problems(report.problems);
      rc = report.problems.empty() ? 0 : 1;
    } else if (*import_careers) {
      auto report = jm::import_careers(*store, jm::read_json_file(careers_file), progress_bar);
      print_counts(report.counts);
      if (!report.problems.empty()) {
        std::cerr << report.problems.size() << " rows rejected:\n";
        print_problems(report.problems);
      }
      rc = report.problems.empty() ? 0 : 1;
    } else if (*answer) {
      auto catalog = jm::load_catalog(*store, db_config.data_dir);
      jm::domain::DailySchedule schedule(catalog->careers().size());
      auto day = date.empty()
                     ? jm::domain::format_date(jm::domain::day_of(jm::SystemClock().now_ms()))
                     : date;
      auto index = schedule.career_for_date(day);
      if (!index || catalog->careers().empty()) {
        std::cerr << "journeyman: no daily puzzle for '" << day << "'\n";
        rc = 1;
      } else {
        std::cout << catalog->careers()[*index].name << "\n";
      }
    }
    store->drain();
    return rc;
  } catch (const std::exception& e) {
    std::cerr << "journeyman: " << e.what() << "\n";
    return 1;
  }
}
