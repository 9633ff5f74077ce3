#pragma once
// Operator commands that act on accounts, credentials and data protection:
//   journeyman user create --email E --name N [--role R | --admin] [--password-stdin]
//   journeyman apikey create --role analyst|admin --name NAME
//   journeyman apikey revoke KEY_ID      journeyman apikey list
//   journeyman retention run [--dry-run] journeyman reseal
//   journeyman routes                     (the route table as JSON, for tests and docs)
//   journeyman analytics rebuild          (recompute the analytics aggregates)
#include <optional>
#include <string>

#include "config/config.hpp"

namespace CLI {
class App;
}

namespace jm {

class AdminCommands {
 public:
  // Registers the subcommands on `app`; they share `config` (database options).
  AdminCommands(CLI::App& app, Config& config);
  bool chosen() const;
  // Runs the chosen command; nullopt when none of these was chosen.
  std::optional<int> run();

 private:
  int create_user();
  int create_api_key();
  int revoke_api_key();
  int list_api_keys();
  int run_retention();
  int reseal();
  int print_routes();
  int rebuild_analytics();

  Config& config_;
  CLI::App *user_create_ = nullptr, *apikey_create_ = nullptr, *apikey_revoke_ = nullptr,
           *apikey_list_ = nullptr, *retention_run_ = nullptr, *reseal_ = nullptr,
           *routes_ = nullptr, *analytics_rebuild_ = nullptr;
  std::string email_, name_, role_ = "player", key_id_;
  bool admin_ = false, password_stdin_ = false, dry_run_ = false;
};

}  // namespace jm
