#include "app/admin_commands.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "api/routes.hpp"
#include "app/server_app.hpp"
#include "app/store_factory.hpp"
#include "domain/accounts/credentials_input.hpp"
#include "domain/results/text_rules.hpp"
#include "jobs/standard_jobs.hpp"
#include "security/api_keys.hpp"
#include "security/passwords.hpp"
#include "security/random.hpp"
#include "security/secrets.hpp"
#include "store/blocking.hpp"
#include "util/time_format.hpp"

namespace jm {

namespace {

void fail_on(const store::StoreError& error) {
  if (error) throw std::runtime_error(error.message);
}

const char* access_name(http::Access access) {
  switch (access) {
    case http::Access::public_:
      return "public";
    case http::Access::player:
      return "player";
    case http::Access::self_or_admin:
      return "self_or_admin";
    case http::Access::authenticated:
      return "authenticated";
    case http::Access::analyst:
      return "analyst";
    case http::Access::admin:
      return "admin";
  }
  return "?";
}

}  // namespace

AdminCommands::AdminCommands(CLI::App& app, Config& config) : config_(config) {
  auto* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  user_create_ = user->add_subcommand(
      "create", "Create an account (or change the role/password of an existing one)");
  user_create_->add_option("--email", email_, "E-mail address")->required();
  user_create_->add_option("--name", name_, "Display name")->required();
  user_create_->add_option("--role", role_, "player | analyst | admin")
      ->check(CLI::IsMember({"player", "analyst", "admin"}))
      ->capture_default_str();
  user_create_->add_flag("--admin", admin_, "Shortcut for --role admin");
  user_create_->add_flag("--password-stdin", password_stdin_,
                         "Read the password from the first line of stdin (else one is generated "
                         "and printed once)");

  auto* apikey = app.add_subcommand("apikey", "Manage API keys (stored hashed; shown once)");
  apikey->require_subcommand(1);
  apikey_create_ = apikey->add_subcommand("create", "Create a key and print it once");
  apikey_create_->add_option("--role", role_, "analyst | admin")
      ->check(CLI::IsMember({"analyst", "admin"}))
      ->required();
  apikey_create_->add_option("--name", name_, "What the key is for")->required();
  apikey_revoke_ = apikey->add_subcommand("revoke", "Revoke a key by its id (jm_...)");
  apikey_revoke_->add_option("KEY_ID", key_id_, "The key id (the part before the second _)")
      ->required();
  apikey_list_ = apikey->add_subcommand("list", "List keys (ids, names, roles, last use)");

  auto* retention = app.add_subcommand("retention", "Data retention");
  retention->require_subcommand(1);
  retention_run_ = retention->add_subcommand("run", "Apply the retention periods now");
  retention_run_->add_flag("--dry-run", dry_run_, "Only report what would be deleted");

  reseal_ = app.add_subcommand("reseal",
                               "Encrypt personal fields not yet sealed with the current field key");
  routes_ = app.add_subcommand("routes", "Print the HTTP route table as JSON");
  auto* analytics = app.add_subcommand("analytics", "Analytics aggregates");
  analytics->require_subcommand(1);
  analytics_rebuild_ = analytics->add_subcommand(
      "rebuild", "Recompute the analytics aggregates from the raw games, in one transaction");

  for (auto* cmd : {user_create_, apikey_create_, apikey_revoke_, apikey_list_, retention_run_,
                    reseal_, routes_, analytics_rebuild_}) {
    add_database_options(*cmd, config);
    add_accounts_options(*cmd, config);
  }
}

bool AdminCommands::chosen() const {
  for (auto* cmd : {user_create_, apikey_create_, apikey_revoke_, apikey_list_, retention_run_,
                    reseal_, routes_, analytics_rebuild_}) {
    if (*cmd) return true;
  }
  return false;
}

std::optional<int> AdminCommands::run() {
  if (*user_create_) return create_user();
  if (*apikey_create_) return create_api_key();
  if (*apikey_revoke_) return revoke_api_key();
  if (*apikey_list_) return list_api_keys();
  if (*retention_run_) return run_retention();
  if (*reseal_) return reseal();
  if (*routes_) return print_routes();
  if (*analytics_rebuild_) return rebuild_analytics();
  return std::nullopt;
}

int AdminCommands::create_user() {
  auto email = domain::normalise_email(email_);
  if (!email) throw std::runtime_error("--email: invalid e-mail address");
  auto name = domain::trim(name_);
  if (!domain::is_valid_person_name(name)) throw std::runtime_error("--name: invalid name");
  if (admin_) role_ = "admin";
  std::string password;
  bool generated = !password_stdin_;
  if (password_stdin_) {
    std::getline(std::cin, password);
    if (auto problem = domain::password_problem(password)) {
      throw std::runtime_error("password: " + *problem);
    }
  } else {
    password = security::random_token(18);
  }
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  security::PasswordParams params;
  params.memory_kib = config_.accounts.argon2_memory_kib;
  params.iterations = config_.accounts.argon2_iterations;
  auto hash = security::hash_password(password, params);
  SystemClock clock;

  auto existing = store->find_user_by_email(*email);
  if (existing && existing->password_hash) {
    fail_on(store::wait_for<store::StoreError>([&](auto done) {
      store->update_credentials(existing->id, password_stdin_ ? std::optional(hash) : std::nullopt,
                                role_, clock.now_ms(), std::move(done));
    }));
    std::cout << "updated " << existing->public_id << " role=" << role_
              << (password_stdin_ ? " (password changed)" : "") << "\n";
    store->drain();
    return 0;
  }
  store::NewAccount account{name, *email, hash, role_, clock.now_ms()};
  auto outcome = store::wait_for<store::AccountOutcome>(
      [&](auto done) { store->create_account(std::move(account), std::move(done)); });
  fail_on(outcome.error);
  std::cout << "created " << outcome.user->public_id << " role=" << role_ << "\n";
  if (generated) std::cout << "password (shown once): " << password << "\n";
  store->drain();
  return 0;
}

int AdminCommands::create_api_key() {
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  auto key = security::generate_api_key();
  store::ApiKeyRecord record;
  record.key_id = key.key_id;
  record.name = name_;
  record.role = role_;
  record.secret_hash = key.secret_hash;
  record.created_at_ms = SystemClock().now_ms();
  fail_on(store::wait_for<store::StoreError>(
      [&](auto done) { store->create_api_key(record, std::move(done)); }));
  store->drain();
  std::cerr << "API key " << key.key_id << " (" << role_ << ", \"" << name_
            << "\") — shown once, store it now:\n";
  std::cout << key.full_key << "\n";
  return 0;
}

int AdminCommands::revoke_api_key() {
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  auto error = store::wait_for<store::StoreError>(
      [&](auto done) { store->revoke_api_key(key_id_, SystemClock().now_ms(), std::move(done)); });
  store->drain();
  if (error.kind == store::ErrorKind::invalid) {
    std::cerr << "journeyman: no API key '" << key_id_ << "'\n";
    return 1;
  }
  fail_on(error);
  std::cout << "revoked " << key_id_ << "\n";
  return 0;
}

int AdminCommands::list_api_keys() {
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  for (const auto& k : store->list_api_keys()) {
    std::cout << k.key_id << "  " << k.role << "  " << k.name << "  created "
              << format_iso8601_ms(k.created_at_ms) << "  last used "
              << (k.last_used_at_ms ? format_iso8601_ms(*k.last_used_at_ms) : "never")
              << (k.revoked_at_ms ? "  REVOKED " + format_iso8601_ms(*k.revoked_at_ms) : "")
              << "\n";
  }
  store->drain();
  return 0;
}

int AdminCommands::run_retention() {
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  auto report = store::wait_for<store::RetentionReport>([&](auto done) {
    store->apply_retention(jobs::retention_policy(config_.accounts), SystemClock().now_ms(),
                           dry_run_, std::move(done));
  });
  store->drain();
  fail_on(report.error);
  std::cout << jobs::retention_report_json(report).dump(2) << "\n";
  return 0;
}

int AdminCommands::rebuild_analytics() {
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  auto [report, error] = jobs::rebuild_aggregates(*store);
  store->drain();
  fail_on(error);
  std::cout << report.dump(2) << "\n";
  return 0;
}

int AdminCommands::reseal() {
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  using Result = std::pair<int, store::StoreError>;
  auto [changed, error] = store::wait_for<Result>([&](auto done) {
    store->reseal_personal_data([done](int n, store::StoreError e) { done(Result{n, e}); });
  });
  store->drain();
  fail_on(error);
  std::cout << "resealed " << changed << " rows\n";
  return 0;
}

int AdminCommands::print_routes() {
  auto secrets = security::load_secrets(config_);
  auto store = open_store(config_, secrets);
  SystemClock clock;
  // Only the route table is read: no catalog, no clock-driven state.
  api::Context ctx{config_, *store, clock, 0, nullptr, nullptr};
  http::Router router;
  register_routes(router, ctx);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : router.routes()) {
    out.push_back({{"method", std::string(http::beast_http::to_string(r->method))},
                   {"path", r->pattern},
                   {"access", access_name(r->access)},
                   {"rateClass", r->rate_class},
                   {"cookieAuth", r->cookie_auth},
                   {"auditAction", r->audit_action},
                   {"resourceParam", r->resource_param}});
  }
  std::cout << out.dump(2) << "\n";
  store->drain();
  return 0;
}

}  // namespace jm
