#include "jobs/analytics_export_job.hpp"

#include <nlohmann/json.hpp>

#include "domain/reports/export_file.hpp"
#include "jobs/standard_jobs.hpp"
#include "security/pii_codec.hpp"
#include "util/log.hpp"

namespace jm::jobs {

JobResult run_analytics_export(store::Store& store, const Config& config, const Clock& clock,
                               const security::Secrets& secrets, const store::JobRecord& job) {
  auto payload = nlohmann::json::parse(job.payload_json, nullptr, false);
  if (!payload.is_object() || !payload.contains("since") || !payload.contains("until")) {
    return {false, "", "payload has no period", std::nullopt};
  }
  store::ReportQuery query;
  query.since_ms = payload.value("since", std::int64_t{0});
  query.until_ms = payload.value("until", std::int64_t{0});
  query.mode = payload.value("mode", "");
  const auto games = store.report_games(query);

  domain::reports::ExportOptions options;
  options.include_email = payload.value("includeEmail", false);
  domain::reports::Pseudonym pseudonym = [&secrets](std::string_view email) {
    return email.empty() ? std::string() : security::pseudonym(secrets, email);
  };
  nlohmann::json result = {{"rows", games.size()}};
  if (payload.value("format", "csv") == "json") {
    result["format"] = "json";
    result["document"] = domain::reports::export_json(games, options, pseudonym);
  } else {
    result["format"] = "csv";
    result["content"] = domain::reports::export_csv(games, options, pseudonym);
  }
  log::info("analytics_exported", {{"jobId", job.public_id},
                                   {"rows", games.size()},
                                   {"format", result["format"]},
                                   {"includeEmail", options.include_email}});
  const auto now = clock.now_ms();
  return {true, result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "",
          now + config.accounts.export_ttl_hours * 3'600'000LL};
}

void install_analytics_export_job(JobRunner& runner, store::Store& store, const Config& config,
                                  const Clock& clock, const security::Secrets& secrets) {
  runner.on(kAnalyticsExportJob, [&store, &config, &clock, &secrets](const store::JobRecord& job) {
    return run_analytics_export(store, config, clock, secrets, job);
  });
}

}  // namespace jm::jobs
